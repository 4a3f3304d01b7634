/* ipc_client.h — one connected IPC client: input line framing and the
 * output queue. Internal to the IPC server; every function runs on the IPC
 * thread only (no locking).
 */
#ifndef VITRINA_IPC_CLIENT_H
#define VITRINA_IPC_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "player/ipc_outbox.h"

struct ipc_client;

/* What ipc_client_read() found. */
enum ipc_input {
    IPC_INPUT_LINE,     /* a complete line (without '\n') */
    IPC_INPUT_TOO_LONG, /* a line longer than max_line: it is being discarded */
};

/* Called by ipc_client_read() for each complete line or overflow. `line` is
 * borrowed (valid during the call), `len` excludes the '\n'. */
typedef void (*ipc_line_fn)(void *ctx, struct ipc_client *c, enum ipc_input what, const char *line,
                            size_t len);

/* Wrap the connected socket `fd` (made non-blocking and close-on-exec here;
 * owned by the client from now on, even on failure). NULL on allocation
 * failure (fd closed). */
struct ipc_client *ipc_client_new(int fd, uint64_t id);

/* Close the socket, drop the queued output, free. NULL is a no-op. */
void ipc_client_free(struct ipc_client *c);

uint64_t ipc_client_id(const struct ipc_client *c);
int ipc_client_fd(const struct ipc_client *c);

/* Read what is available (at most `budget` bytes, for fairness) and report
 * each complete line of at most `max_line` bytes (a trailing '\r' not
 * counted) through fn; longer lines are reported once as IPC_INPUT_TOO_LONG
 * and skipped up to their '\n'. Back-pressure: while the core owes this
 * client `max_inflight` answers (ipc_client_inflight), no more lines are
 * reported and nothing more is read; complete lines already received wait
 * in the client (ipc_client_has_lines) — call again once answers came.
 * Returns 0 while the connection is usable, -1 on a read error, 1 when the
 * peer has closed its sending side (EOF; lines already received are still
 * reported by later calls). */
int ipc_client_read(struct ipc_client *c, size_t max_line, size_t budget, unsigned max_inflight,
                    ipc_line_fn fn, void *ctx);

/* Complete lines received and not reported yet (held back by max_inflight). */
bool ipc_client_has_lines(const struct ipc_client *c);

/* Queue one more reference to `b` (taken here). Returns 0, or -1 when the
 * bytes waiting would exceed `cap` (the reference is not taken then; the
 * caller disconnects the client). A message alone larger than `cap` is
 * still accepted into an empty queue. */
int ipc_client_queue(struct ipc_client *c, struct ipc_blob *b, size_t cap);

/* Write queued output until the socket would block. Returns 0, or -1 on a
 * write error (peer gone). */
int ipc_client_flush(struct ipc_client *c);

/* Bytes waiting to be written. */
size_t ipc_client_pending(const struct ipc_client *c);

/* Mark the client for removal by the server loop (reading stops). */
void ipc_client_set_dead(struct ipc_client *c);
bool ipc_client_is_dead(const struct ipc_client *c);

/* Replies keep request order per connection, as with mpv (whose replies
 * to non-async commands come in order): the server answers some lines
 * itself (bad input, client_name), and those replies wait until the core
 * has answered every request sent before them. The server also uses the
 * count of unanswered requests so that a client that half-closes after
 * its requests (`echo … | socat - PATH`) still gets its replies. */

/* A request of this client was handed to the core. */
void ipc_client_request_sent(struct ipc_client *c);

/* The core answered one request: queue `b` (a reference is taken; a
 * zero-length blob queues nothing: an unsent text-command reply), then
 * the server's own replies that waited for it. Returns 0, or -1 when over
 * `cap` (the caller disconnects the client). */
int ipc_client_core_reply(struct ipc_client *c, struct ipc_blob *b, size_t cap);

/* A reply made by the server itself: queued now if the core owes this
 * client nothing, else held until it does not. Same returns. */
int ipc_client_local_reply(struct ipc_client *c, struct ipc_blob *b, size_t cap);

/* Requests handed to the core and not answered yet. */
unsigned ipc_client_inflight(const struct ipc_client *c);

/* The peer will send nothing more (read returned EOF); we stay until its
 * replies are written or `deadline` (monotonic seconds) passes. */
void ipc_client_set_read_closed(struct ipc_client *c, double deadline);
bool ipc_client_read_closed(const struct ipc_client *c);
double ipc_client_deadline(const struct ipc_client *c);

/* Per-client protocol-warning counter, for log rate limiting: returns the
 * count before incrementing. */
unsigned ipc_client_bump_warnings(struct ipc_client *c);

#endif
