/* alarm.c — one-shot alarm thread; see alarm.h. */
#include "playlists/alarm.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "player/log.h"
#include "playlists/pltime.h"

struct alarm {
    void (*fire)(void *user);
    void *user;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cond; /* on CLOCK_MONOTONIC */
    int64_t deadline;    /* INT64_MAX = disarmed */
    bool stop;
};

static void *alarm_main(void *arg)
{
    struct alarm *a = arg;
    pthread_mutex_lock(&a->mu);
    while (!a->stop) {
        if (a->deadline == INT64_MAX) {
            pthread_cond_wait(&a->cond, &a->mu);
            continue;
        }
        int64_t now = pltime_mono_ns();
        if (now < a->deadline) {
            struct timespec ts = { (time_t)(a->deadline / 1000000000LL),
                                   (long)(a->deadline % 1000000000LL) };
            pthread_cond_timedwait(&a->cond, &a->mu, &ts);
            continue;
        }
        a->deadline = INT64_MAX;
        pthread_mutex_unlock(&a->mu);
        a->fire(a->user);
        pthread_mutex_lock(&a->mu);
    }
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

struct alarm *alarm_start(void (*fire)(void *user), void *user)
{
    struct alarm *a = calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    a->fire = fire;
    a->user = user;
    a->deadline = INT64_MAX;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&a->cond, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&a->mu, NULL);
    int err = pthread_create(&a->thread, NULL, alarm_main, a);
    if (err) {
        log_error("watch", "cannot start the alarm thread: %s", strerror(err));
        pthread_cond_destroy(&a->cond);
        pthread_mutex_destroy(&a->mu);
        free(a);
        return NULL;
    }
    return a;
}

void alarm_set(struct alarm *a, int64_t deadline_ns)
{
    if (deadline_ns == INT64_MAX)
        return;
    pthread_mutex_lock(&a->mu);
    if (deadline_ns < a->deadline) {
        a->deadline = deadline_ns;
        pthread_cond_signal(&a->cond);
    }
    pthread_mutex_unlock(&a->mu);
}

void alarm_stop(struct alarm *a)
{
    if (!a)
        return;
    pthread_mutex_lock(&a->mu);
    a->stop = true;
    pthread_cond_signal(&a->cond);
    pthread_mutex_unlock(&a->mu);
    pthread_join(a->thread, NULL);
    pthread_cond_destroy(&a->cond);
    pthread_mutex_destroy(&a->mu);
    free(a);
}
