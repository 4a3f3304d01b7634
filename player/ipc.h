/* ipc.h — the IPC server: mpv-style JSON IPC over a Unix stream socket.
 *
 * One thread of its own polls the listening socket, every client and a
 * wake-up eventfd. It reads lines, turns them into requests (ipc_proto.h)
 * and hands valid ones to the core through on_request; it answers malformed
 * input itself. Replies and events come back from any thread through
 * ipc_send()/ipc_broadcast(), which only serialize, enqueue and wake the IPC
 * thread: no caller ever blocks on a socket.
 *
 * Replies on one connection come in request order, as with mpv: a reply
 * the server makes itself (to bad input, client_name) waits until the core
 * has answered the requests sent before it. Events are not ordered with
 * respect to replies. The core should answer requests in the order it got
 * them (it may answer a slow one later; the replies after it are then not
 * held back).
 *
 * A client that does not read its replies/events is disconnected once more
 * than `out_cap` bytes wait for it; the player is never stalled by a client.
 * Nor is it swamped by one: while the core owes a client 32 answers, that
 * client's further requests wait unread in its socket (back-pressure).
 * Lines longer than `max_line` bytes get an "invalid parameter" reply and are
 * discarded up to the next '\n'; the connection stays open. A client that
 * closes its sending side after its requests (`echo … | socat - PATH`) still
 * gets its replies: the server counts requests handed to the core and
 * closes the connection when all are answered (or after 30 s).
 *
 * Socket file: mode 0660; missing parent directories are created (0770,
 * minus umask); a stale socket file (connect() refused) is replaced; a live
 * one, or a path that exists and is not a socket, makes ipc_start() fail
 * with a message naming the path. ipc_stop() removes the socket file if it
 * is still ours.
 */
#ifndef VITRINA_IPC_H
#define VITRINA_IPC_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "player/ipc_proto.h"

struct ipc_server;

#define IPC_DEFAULT_MAX_CLIENTS 64
#define IPC_DEFAULT_OUT_CAP (4u << 20)   /* bytes queued per client */
#define IPC_DEFAULT_MAX_LINE (64u << 10) /* bytes per request line */

struct ipc_config {
    const char *path;   /* socket path (copied) */
    size_t max_clients; /* 0 = IPC_DEFAULT_MAX_CLIENTS */
    size_t out_cap;     /* 0 = IPC_DEFAULT_OUT_CAP */
    size_t max_line;    /* 0 = IPC_DEFAULT_MAX_LINE */
};

struct ipc_callbacks {
    /* A valid request from client `client_id` (ids start at 1 and are never
     * reused). `request` is owned by the callee. Called on the IPC thread:
     * queue it and return quickly. The callee answers with ipc_send() (from
     * any thread), normally with ipc_reply_success()/ipc_reply_error(). */
    void (*on_request)(void *user, uint64_t client_id, json_t *request);
    /* Client `client_id` is gone (closed, error, over its output cap). Called
     * on the IPC thread; not called for clients still connected when
     * ipc_stop() runs. May be NULL. */
    void (*on_disconnect)(void *user, uint64_t client_id);
    void *user;
};

/* Create the socket and start the IPC thread. On success returns 0 and sets
 * *out (owned by the caller, release with ipc_stop()). On failure returns a
 * negative errno and has logged one error naming the path. Call from the
 * thread that will later call ipc_stop(). Ignores SIGPIPE process-wide
 * (writes use MSG_NOSIGNAL as well). */
int ipc_start(const struct ipc_config *cfg, const struct ipc_callbacks *cb, struct ipc_server **out);

/* Stop the thread (it flushes what it can without blocking, then closes
 * every client), remove the socket file if it is still ours, free
 * everything. NULL is a no-op. Must not race with ipc_send()/ipc_broadcast()
 * on the same server: stop the callers first. Returns within milliseconds. */
void ipc_stop(struct ipc_server *srv);

/* Queue `msg` (stolen) as one line for client `client_id`. Any thread,
 * never blocks on a socket. Returns 0 when queued, -ENOMEM/-EINVAL on
 * failure. A message with an "error" field is a reply and settles one
 * request of that client: the core must answer every request exactly once
 * (events, e.g. "property-change", have "event" and no "error"). A client that has gone away is silently skipped when the queue
 * is processed. A reply to a text command (it carries IPC_KEY_NO_REPLY) is
 * not sent; a failed one is logged instead. */
int ipc_send(struct ipc_server *srv, uint64_t client_id, json_t *msg);

/* Queue `event` (stolen) as one line for every connected client. Same rules
 * as ipc_send(). */
int ipc_broadcast(struct ipc_server *srv, json_t *event);

/* Number of connected clients. Any thread. */
size_t ipc_client_count(const struct ipc_server *srv);

/* The socket path (owned by srv). Any thread. */
const char *ipc_path(const struct ipc_server *srv);

#endif
