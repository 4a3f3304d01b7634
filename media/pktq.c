/* pktq.c — see pktq.h. A simple FIFO of AVPacket* under one mutex. */
#include "media/pktq.h"

#include <libavcodec/avcodec.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

typedef struct pkt_node {
    AVPacket *pkt;
    int serial;
    struct pkt_node *next;
} pkt_node;

struct pktq {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pkt_node *head, *tail;
    int npackets;
    int64_t bytes;
    int64_t duration;
    int serial;
    bool aborted;
};

pktq *pktq_new(void)
{
    pktq *q = calloc(1, sizeof(*q));
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

static void drop_all_locked(pktq *q)
{
    pkt_node *n = q->head;
    while (n) {
        pkt_node *next = n->next;
        av_packet_free(&n->pkt);
        free(n);
        n = next;
    }
    q->head = q->tail = NULL;
    q->npackets = 0;
    q->bytes = 0;
    q->duration = 0;
}

void pktq_free(pktq **qp)
{
    pktq *q = *qp;
    if (!q)
        return;
    drop_all_locked(q);
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->cond);
    free(q);
    *qp = NULL;
}

int pktq_put(pktq *q, AVPacket *pkt)
{
    pkt_node *n = calloc(1, sizeof(*n));
    AVPacket *copy = av_packet_alloc();
    if (!n || !copy) {
        free(n);
        av_packet_free(&copy);
        if (pkt)
            av_packet_unref(pkt);
        return AVERROR(ENOMEM);
    }
    if (pkt)
        av_packet_move_ref(copy, pkt);
    n->pkt = copy;
    pthread_mutex_lock(&q->lock);
    if (q->aborted) {
        pthread_mutex_unlock(&q->lock);
        av_packet_free(&n->pkt);
        free(n);
        return AVERROR_EXIT;
    }
    n->serial = q->serial;
    if (q->tail)
        q->tail->next = n;
    else
        q->head = n;
    q->tail = n;
    q->npackets++;
    q->bytes += copy->size + (int64_t)sizeof(*n);
    q->duration += copy->duration;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
    return 0;
}

int pktq_get(pktq *q, AVPacket *pkt, int *serial, int timeout_ms)
{
    struct timespec deadline;
    if (timeout_ms > 0) {
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += timeout_ms / 1000;
        deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    int ret = 0;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        if (q->aborted) {
            ret = AVERROR_EXIT;
            break;
        }
        pkt_node *n = q->head;
        if (n) {
            q->head = n->next;
            if (!q->head)
                q->tail = NULL;
            q->npackets--;
            q->bytes -= n->pkt->size + (int64_t)sizeof(*n);
            q->duration -= n->pkt->duration;
            av_packet_move_ref(pkt, n->pkt);
            if (serial)
                *serial = n->serial;
            av_packet_free(&n->pkt);
            free(n);
            ret = 1;
            break;
        }
        if (timeout_ms == 0)
            break;
        if (timeout_ms < 0) {
            pthread_cond_wait(&q->cond, &q->lock);
        } else if (pthread_cond_timedwait(&q->cond, &q->lock, &deadline) != 0) {
            break;
        }
    }
    pthread_mutex_unlock(&q->lock);
    return ret;
}

int pktq_flush(pktq *q)
{
    pthread_mutex_lock(&q->lock);
    drop_all_locked(q);
    int s = ++q->serial;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
    return s;
}

int pktq_serial(pktq *q)
{
    pthread_mutex_lock(&q->lock);
    int s = q->serial;
    pthread_mutex_unlock(&q->lock);
    return s;
}

void pktq_abort(pktq *q)
{
    pthread_mutex_lock(&q->lock);
    q->aborted = true;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

void pktq_stats(pktq *q, int *npackets, int64_t *bytes, int64_t *duration)
{
    pthread_mutex_lock(&q->lock);
    if (npackets)
        *npackets = q->npackets;
    if (bytes)
        *bytes = q->bytes;
    if (duration)
        *duration = q->duration;
    pthread_mutex_unlock(&q->lock);
}
