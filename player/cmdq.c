/* cmdq.c — see cmdq.h. */
#include "player/cmdq.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct cmdq {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    core_cmd *head, *tail;
    bool woken;
};

cmdq *cmdq_new(void)
{
    cmdq *q = calloc(1, sizeof(*q));
    if (!q)
        return NULL;
    pthread_mutex_init(&q->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&q->cond, &ca);
    pthread_condattr_destroy(&ca);
    return q;
}

void cmdq_cmd_free(core_cmd *c)
{
    if (!c)
        return;
    if (c->ptr)
        (c->free_fn ? c->free_fn : free)(c->ptr);
    free(c);
}

void cmdq_free(cmdq **qp)
{
    cmdq *q = *qp;
    if (!q)
        return;
    core_cmd *c;
    while ((c = cmdq_pop(q)))
        cmdq_cmd_free(c);
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->cond);
    free(q);
    *qp = NULL;
}

int cmdq_push(cmdq *q, enum cmd_kind kind, uint64_t client, long num, void *ptr, void (*free_fn)(void *))
{
    core_cmd *c = calloc(1, sizeof(*c));
    if (!c) {
        if (ptr)
            (free_fn ? free_fn : free)(ptr);
        return -1;
    }
    c->kind = kind;
    c->client = client;
    c->num = num;
    c->ptr = ptr;
    c->free_fn = free_fn;
    pthread_mutex_lock(&q->lock);
    if (q->tail)
        q->tail->next = c;
    else
        q->head = c;
    q->tail = c;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
    return 0;
}

core_cmd *cmdq_pop(cmdq *q)
{
    pthread_mutex_lock(&q->lock);
    core_cmd *c = q->head;
    if (c) {
        q->head = c->next;
        if (!q->head)
            q->tail = NULL;
        c->next = NULL;
    }
    pthread_mutex_unlock(&q->lock);
    return c;
}

void cmdq_wait(cmdq *q, double timeout_s)
{
    if (timeout_s <= 0)
        return;
    struct timespec dl;
    clock_gettime(CLOCK_MONOTONIC, &dl);
    long long ns = (long long)(timeout_s * 1e9);
    dl.tv_sec += ns / 1000000000LL;
    dl.tv_nsec += ns % 1000000000LL;
    if (dl.tv_nsec >= 1000000000L) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&q->lock);
    while (!q->head && !q->woken)
        if (pthread_cond_timedwait(&q->cond, &q->lock, &dl) != 0)
            break;
    q->woken = false;
    pthread_mutex_unlock(&q->lock);
}

void cmdq_wake(cmdq *q)
{
    pthread_mutex_lock(&q->lock);
    q->woken = true;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
}
