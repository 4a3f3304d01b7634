/* ipc_outbox.h — messages on their way from any thread to the IPC thread.
 *
 * Internal to the IPC server. A message is a serialized line in a "blob"
 * with a reference count; producers (core, any thread) push blobs under a
 * mutex and wake the IPC thread through an eventfd; the IPC thread pops them
 * all at once and from then on is the only one touching the blobs (a
 * broadcast blob is shared by every client queue, hence the count, which
 * therefore needs no atomics).
 */
#ifndef VITRINA_IPC_OUTBOX_H
#define VITRINA_IPC_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ipc_blob {
    struct ipc_blob *next; /* outbox link; only while in the outbox */
    uint64_t to;           /* client id, 0 = every client */
    int refs;              /* IPC thread only once popped */
    bool is_reply;         /* answers one request of client `to` */
    size_t len;
    char data[];
};

struct ipc_outbox;

/* New blob holding a copy of `len` bytes (0 is fine: a reply that is not
 * sent still counts as the answer), refs = 1, addressed to `to`.
 * Caller owns it. NULL on allocation failure. Any thread. */
struct ipc_blob *ipc_blob_new(const char *data, size_t len, uint64_t to);

/* Drop one reference; frees at zero. NULL is a no-op. IPC thread (or the
 * producer before the blob is pushed). */
void ipc_blob_unref(struct ipc_blob *b);

/* Create the outbox and its eventfd. Returns 0 or a negative errno. The
 * caller owns *out and releases it with ipc_outbox_free(). */
int ipc_outbox_new(struct ipc_outbox **out);

/* Free the outbox and every blob still in it. No other thread may use it. */
void ipc_outbox_free(struct ipc_outbox *ob);

/* Append `b` (stolen) and wake the IPC thread. Any thread, never blocks
 * beyond a short mutex hold. */
void ipc_outbox_push(struct ipc_outbox *ob, struct ipc_blob *b);

/* Wake the IPC thread without a message (used to stop it). Any thread. */
void ipc_outbox_wake(struct ipc_outbox *ob);

/* The fd to poll for POLLIN. Owned by the outbox. */
int ipc_outbox_fd(const struct ipc_outbox *ob);

/* Clear the wake-up and take every queued blob, oldest first, as a list
 * linked by ->next (caller owns them). IPC thread. */
struct ipc_blob *ipc_outbox_take(struct ipc_outbox *ob);

#endif
