/* frameq.c — see frameq.h. */
#include "media/frameq.h"

#include <libavutil/frame.h>
#include <pthread.h>
#include <stdlib.h>

struct frameq {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    qframe *slots;
    int capacity;
    int limit;
    int rindex, windex, size;
    bool aborted;
};

frameq *frameq_new(int capacity)
{
    if (capacity < 1 || capacity > 32)
        return NULL;
    frameq *q = calloc(1, sizeof(*q));
    if (!q)
        return NULL;
    q->slots = calloc((size_t)capacity, sizeof(*q->slots));
    if (!q->slots) {
        free(q);
        return NULL;
    }
    for (int i = 0; i < capacity; i++) {
        q->slots[i].frame = av_frame_alloc();
        if (!q->slots[i].frame) {
            for (int j = 0; j < i; j++)
                av_frame_free(&q->slots[j].frame);
            free(q->slots);
            free(q);
            return NULL;
        }
    }
    q->capacity = capacity;
    q->limit = capacity;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->cond, NULL);
    return q;
}

void frameq_free(frameq **qp)
{
    frameq *q = *qp;
    if (!q)
        return;
    for (int i = 0; i < q->capacity; i++)
        av_frame_free(&q->slots[i].frame);
    free(q->slots);
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->cond);
    free(q);
    *qp = NULL;
}

qframe *frameq_peek_writable(frameq *q)
{
    pthread_mutex_lock(&q->lock);
    while (q->size >= q->limit && !q->aborted)
        pthread_cond_wait(&q->cond, &q->lock);
    bool aborted = q->aborted;
    pthread_mutex_unlock(&q->lock);
    if (aborted)
        return NULL;
    qframe *s = &q->slots[q->windex];
    av_frame_unref(s->frame);
    s->eos = false;
    return s;
}

void frameq_push(frameq *q)
{
    pthread_mutex_lock(&q->lock);
    q->windex = (q->windex + 1) % q->capacity;
    q->size++;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

qframe *frameq_peek(frameq *q)
{
    pthread_mutex_lock(&q->lock);
    qframe *s = q->size > 0 ? &q->slots[q->rindex] : NULL;
    pthread_mutex_unlock(&q->lock);
    return s;
}

qframe *frameq_peek_next(frameq *q)
{
    pthread_mutex_lock(&q->lock);
    qframe *s = q->size > 1 ? &q->slots[(q->rindex + 1) % q->capacity] : NULL;
    pthread_mutex_unlock(&q->lock);
    return s;
}

void frameq_next(frameq *q)
{
    pthread_mutex_lock(&q->lock);
    if (q->size > 0) {
        av_frame_unref(q->slots[q->rindex].frame);
        q->rindex = (q->rindex + 1) % q->capacity;
        q->size--;
        pthread_cond_signal(&q->cond);
    }
    pthread_mutex_unlock(&q->lock);
}

int frameq_count(frameq *q)
{
    pthread_mutex_lock(&q->lock);
    int n = q->size;
    pthread_mutex_unlock(&q->lock);
    return n;
}

void frameq_set_limit(frameq *q, int n)
{
    pthread_mutex_lock(&q->lock);
    q->limit = n < 1 ? 1 : n > q->capacity ? q->capacity : n;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

void frameq_clear(frameq *q)
{
    pthread_mutex_lock(&q->lock);
    while (q->size > 0) {
        av_frame_unref(q->slots[q->rindex].frame);
        q->rindex = (q->rindex + 1) % q->capacity;
        q->size--;
    }
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

void frameq_abort(frameq *q)
{
    pthread_mutex_lock(&q->lock);
    q->aborted = true;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}
