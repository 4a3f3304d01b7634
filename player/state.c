/* state.c — persistent viewer state; see state.h. The file format and the
 * atomic write are state_file.c. */
#include "player/state.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "player/log.h"
#include "player/state_file.h"

#define LOG_MOD "state"

struct state {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t writer;
    bool stopping;
    bool writing; /* a write is in progress (lock dropped) */
    int save_delay_ms;
    int config_volume;
    char *dir;
    struct state_values cur;   /* in memory */
    struct state_values saved; /* as on disk (or as read) */
    struct state_values failed; /* what the last failed write tried */
    int last_errno;            /* last write failure, to warn once per kind */
};

static bool values_equal(const struct state_values *a, const struct state_values *b)
{
    return strcmp(a->language, b->language) == 0 && a->volume == b->volume && a->config_volume == b->config_volume;
}

/* Write cur if it differs from saved. Called with the lock held; drops it
 * around the disk I/O. */
static int save_locked(struct state *st)
{
    while (st->writing) /* one write at a time (writer thread vs state_flush) */
        pthread_cond_wait(&st->cond, &st->lock);
    if (values_equal(&st->cur, &st->saved))
        return 0;
    struct state_values snap = st->cur;
    st->writing = true;
    pthread_mutex_unlock(&st->lock);
    int rc = state_file_write(st->dir, &snap);
    pthread_mutex_lock(&st->lock);
    st->writing = false;
    pthread_cond_broadcast(&st->cond);
    if (rc == 0) {
        st->saved = snap;
        if (st->last_errno)
            log_info(LOG_MOD, "saved viewer settings to %s again", st->dir);
        st->last_errno = 0;
        return 0;
    }
    st->failed = snap;
    if (-rc != st->last_errno) {
        st->last_errno = -rc;
        log_warn(LOG_MOD, "cannot save viewer settings in %s: %s — language and volume will not survive a restart",
                 st->dir, strerror(-rc));
    }
    return rc;
}

static void deadline_after(struct timespec *ts, int ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static void *writer_main(void *arg)
{
    struct state *st = arg;
    pthread_mutex_lock(&st->lock);
    for (;;) {
        /* Wait for values that are neither on disk nor known to fail
         * (after a failure, retry on the next change, not in a loop). */
        while (!st->stopping &&
               (values_equal(&st->cur, &st->saved) || (st->last_errno && values_equal(&st->cur, &st->failed))))
            pthread_cond_wait(&st->cond, &st->lock);
        if (st->stopping)
            break;
        /* Let a burst of changes (a held volume key) settle. */
        struct timespec until;
        deadline_after(&until, st->save_delay_ms);
        while (!st->stopping && pthread_cond_timedwait(&st->cond, &st->lock, &until) != ETIMEDOUT) {
        }
        save_locked(st);
    }
    pthread_mutex_unlock(&st->lock);
    return NULL;
}

struct state *state_open(const char *dir, int config_volume, int save_delay_ms)
{
    struct state *st = calloc(1, sizeof(*st));
    if (!st || !(st->dir = strdup(dir))) {
        free(st);
        return NULL;
    }
    st->save_delay_ms = save_delay_ms < 0 ? 1000 : save_delay_ms;
    st->config_volume = config_volume;
    /* Defaults + one warning on problems; an unusable folder counts as the
     * first failed save, so saving does not warn about it again. */
    st->last_errno = -state_file_read(dir, &st->cur);
    st->saved = st->cur;
    pthread_mutex_init(&st->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&st->cond, &ca);
    pthread_condattr_destroy(&ca);
    int rc = pthread_create(&st->writer, NULL, writer_main, st);
    if (rc != 0) {
        log_error(LOG_MOD, "cannot start the state writer: %s", strerror(rc));
        pthread_cond_destroy(&st->cond);
        pthread_mutex_destroy(&st->lock);
        free(st->dir);
        free(st);
        return NULL;
    }
    pthread_setname_np(st->writer, "vt-state");
    return st;
}

const char *state_language(struct state *st, char *buf, int buf_size)
{
    pthread_mutex_lock(&st->lock);
    bool have = st->cur.language[0] != '\0';
    if (have)
        snprintf(buf, (size_t)buf_size, "%s", st->cur.language);
    pthread_mutex_unlock(&st->lock);
    return have ? buf : NULL;
}

int state_volume(struct state *st)
{
    pthread_mutex_lock(&st->lock);
    int v = (st->cur.volume >= 0 && st->cur.config_volume == st->config_volume) ? st->cur.volume : st->config_volume;
    pthread_mutex_unlock(&st->lock);
    return v;
}

void state_set_language(struct state *st, const char *lang)
{
    pthread_mutex_lock(&st->lock);
    if (lang && !state_language_valid(lang)) {
        log_warn(LOG_MOD, "not saving language '%s': not a language code", lang);
    } else {
        snprintf(st->cur.language, sizeof(st->cur.language), "%s", lang ? lang : "");
        pthread_cond_broadcast(&st->cond);
    }
    pthread_mutex_unlock(&st->lock);
}

void state_set_volume(struct state *st, int volume)
{
    pthread_mutex_lock(&st->lock);
    st->cur.volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
    st->cur.config_volume = st->config_volume;
    pthread_cond_broadcast(&st->cond);
    pthread_mutex_unlock(&st->lock);
}

int state_flush(struct state *st)
{
    pthread_mutex_lock(&st->lock);
    int rc = save_locked(st);
    pthread_mutex_unlock(&st->lock);
    return rc;
}

void state_close(struct state *st)
{
    if (!st)
        return;
    pthread_mutex_lock(&st->lock);
    st->stopping = true;
    pthread_cond_broadcast(&st->cond);
    pthread_mutex_unlock(&st->lock);
    pthread_join(st->writer, NULL);
    pthread_mutex_lock(&st->lock);
    save_locked(st);
    pthread_mutex_unlock(&st->lock);
    pthread_cond_destroy(&st->cond);
    pthread_mutex_destroy(&st->lock);
    free(st->dir);
    free(st);
}
