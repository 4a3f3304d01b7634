/* ipc_outbox.c — see ipc_outbox.h. */
#include "player/ipc_outbox.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct ipc_outbox {
    pthread_mutex_t lock;
    struct ipc_blob *head, *tail;
    int efd;
};

struct ipc_blob *ipc_blob_new(const char *data, size_t len, uint64_t to)
{
    struct ipc_blob *b = malloc(sizeof(*b) + len);
    if (!b)
        return NULL;
    b->next = NULL;
    b->to = to;
    b->refs = 1;
    b->is_reply = false;
    b->len = len;
    if (len)
        memcpy(b->data, data, len);
    return b;
}

void ipc_blob_unref(struct ipc_blob *b)
{
    if (b && --b->refs <= 0)
        free(b);
}

int ipc_outbox_new(struct ipc_outbox **out)
{
    struct ipc_outbox *ob = calloc(1, sizeof(*ob));
    if (!ob)
        return -ENOMEM;
    ob->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (ob->efd < 0) {
        int err = -errno;
        free(ob);
        return err;
    }
    pthread_mutex_init(&ob->lock, NULL);
    *out = ob;
    return 0;
}

static void free_list(struct ipc_blob *b)
{
    while (b) {
        struct ipc_blob *next = b->next;
        ipc_blob_unref(b);
        b = next;
    }
}

void ipc_outbox_free(struct ipc_outbox *ob)
{
    if (!ob)
        return;
    free_list(ob->head);
    close(ob->efd);
    pthread_mutex_destroy(&ob->lock);
    free(ob);
}

void ipc_outbox_wake(struct ipc_outbox *ob)
{
    uint64_t one = 1;
    /* EAGAIN means the counter is already huge: the thread is awake anyway. */
    ssize_t n = write(ob->efd, &one, sizeof(one));
    (void)n;
}

void ipc_outbox_push(struct ipc_outbox *ob, struct ipc_blob *b)
{
    b->next = NULL;
    pthread_mutex_lock(&ob->lock);
    bool was_empty = ob->head == NULL;
    if (ob->tail)
        ob->tail->next = b;
    else
        ob->head = b;
    ob->tail = b;
    pthread_mutex_unlock(&ob->lock);
    /* One wake-up per batch: the IPC thread takes the whole list at once. */
    if (was_empty)
        ipc_outbox_wake(ob);
}

int ipc_outbox_fd(const struct ipc_outbox *ob) { return ob->efd; }

struct ipc_blob *ipc_outbox_take(struct ipc_outbox *ob)
{
    uint64_t cnt;
    ssize_t n = read(ob->efd, &cnt, sizeof(cnt));
    (void)n;
    pthread_mutex_lock(&ob->lock);
    struct ipc_blob *list = ob->head;
    ob->head = ob->tail = NULL;
    pthread_mutex_unlock(&ob->lock);
    return list;
}
