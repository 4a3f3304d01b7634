/* clock.c — see clock.h. */
#include "media/clock.h"

#include <libavutil/time.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

struct mclock {
    pthread_mutex_t lock;
    double pts;
    double updated;
    bool paused;
};

double media_now(void) { return (double)av_gettime_relative() / 1e6; }

mclock *mclock_new(void)
{
    mclock *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    pthread_mutex_init(&c->lock, NULL);
    c->pts = NAN;
    c->updated = NAN;
    return c;
}

void mclock_free(mclock **cp)
{
    if (!*cp)
        return;
    pthread_mutex_destroy(&(*cp)->lock);
    free(*cp);
    *cp = NULL;
}

void mclock_set(mclock *c, double pts, double now)
{
    pthread_mutex_lock(&c->lock);
    c->pts = pts;
    c->updated = now;
    pthread_mutex_unlock(&c->lock);
}

double mclock_get(mclock *c, double now)
{
    pthread_mutex_lock(&c->lock);
    double v = c->paused ? c->pts : c->pts + (now - c->updated);
    pthread_mutex_unlock(&c->lock);
    return v;
}

void mclock_reset(mclock *c)
{
    pthread_mutex_lock(&c->lock);
    c->pts = NAN;
    c->updated = NAN;
    pthread_mutex_unlock(&c->lock);
}

void mclock_set_paused(mclock *c, bool paused, double now)
{
    pthread_mutex_lock(&c->lock);
    if (paused != c->paused && !isnan(c->pts)) {
        if (paused)
            c->pts = c->pts + (now - c->updated);
        c->updated = now;
    }
    c->paused = paused;
    pthread_mutex_unlock(&c->lock);
}

bool mclock_is_set(mclock *c)
{
    pthread_mutex_lock(&c->lock);
    bool s = !isnan(c->pts);
    pthread_mutex_unlock(&c->lock);
    return s;
}

double mclock_last_update(mclock *c)
{
    pthread_mutex_lock(&c->lock);
    double u = c->updated;
    pthread_mutex_unlock(&c->lock);
    return u;
}
