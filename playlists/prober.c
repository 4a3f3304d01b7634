/* prober.c — the prober thread; see prober.h. */
#include "playlists/prober.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "player/log.h"

#define MOD "prober"

struct prober {
    struct prober_ops ops;
    char *root;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    bool kicked, stop;
};

static void probe_one(struct prober *p, const char *relpath, uint64_t token)
{
    char abs[PATH_MAX];
    char reason[256] = "";
    int rc;
    if (snprintf(abs, sizeof(abs), "%s/%s", p->root, relpath) >= (int)sizeof(abs)) {
        rc = -1;
        snprintf(reason, sizeof(reason), "path too long");
    } else {
        rc = p->ops.probe(p->ops.probe_user, abs, reason, sizeof(reason));
        reason[sizeof(reason) - 1] = '\0';
        if (rc != 0 && !reason[0])
            snprintf(reason, sizeof(reason), "not a playable video, audio or image file");
    }
    log_debug(MOD, "\"%s\": %s%s", relpath, rc == 0 ? "playable" : "not playable: ",
              rc == 0 ? "" : reason);
    p->ops.done(p->ops.user, relpath, token, rc, reason);
}

static void *prober_main(void *arg)
{
    struct prober *p = arg;
    char relpath[PATH_MAX];
    /* Probing is background work: never take CPU from decoding and
     * presentation (a thread's nice value is per thread on Linux). */
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10) != 0)
        log_debug(MOD, "could not lower the prober's priority");
    pthread_mutex_lock(&p->mu);
    while (!p->stop) {
        if (!p->kicked) {
            pthread_cond_wait(&p->cond, &p->mu);
            continue;
        }
        p->kicked = false;
        pthread_mutex_unlock(&p->mu);
        uint64_t token;
        for (;;) {
            pthread_mutex_lock(&p->mu);
            bool stop = p->stop;
            pthread_mutex_unlock(&p->mu);
            if (stop || !p->ops.take(p->ops.user, relpath, sizeof(relpath), &token))
                break;
            probe_one(p, relpath, token);
        }
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

struct prober *prober_start(const struct prober_ops *ops)
{
    struct prober *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->ops = *ops;
    p->root = strdup(ops->root);
    if (!p->root) {
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cond, NULL);
    int err = pthread_create(&p->thread, NULL, prober_main, p);
    if (err) {
        log_error(MOD, "cannot start the prober thread: %s", strerror(err));
        pthread_cond_destroy(&p->cond);
        pthread_mutex_destroy(&p->mu);
        free(p->root);
        free(p);
        return NULL;
    }
    return p;
}

void prober_kick(struct prober *p)
{
    pthread_mutex_lock(&p->mu);
    p->kicked = true;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->mu);
}

void prober_stop(struct prober *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->cond);
    pthread_mutex_destroy(&p->mu);
    free(p->root);
    free(p);
}
