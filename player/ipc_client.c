/* ipc_client.c — see ipc_client.h. */
#include "player/ipc_client.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct ipc_client {
    int fd;
    uint64_t id;
    bool dead;
    bool read_closed;
    double deadline;
    uint64_t sent, answered; /* requests handed to the core / answered */
    unsigned warnings;

    /* Input: bytes received and not yet reported as lines (complete lines
     * wait here while the core owes the client too many answers). */
    char *in;
    size_t in_len, in_cap;
    bool discarding; /* skipping the rest of an over-long line */

    /* Output: FIFO ring of blob references; out_off bytes of the first one
     * are already written. */
    struct ipc_blob **q;
    size_t q_head, q_count, q_slots;
    size_t out_off, out_bytes;

    /* The server's own replies waiting for the core's earlier replies:
     * FIFO of (blob, number of core replies it waits for). */
    struct held {
        struct ipc_blob *b;
        uint64_t after;
    } *held;
    size_t nheld, held_cap, held_bytes;
};

struct ipc_client *ipc_client_new(int fd, uint64_t id)
{
    struct ipc_client *c = calloc(1, sizeof(*c));
    if (!c) {
        close(fd);
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL, 0);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    c->fd = fd;
    c->id = id;
    return c;
}

void ipc_client_free(struct ipc_client *c)
{
    if (!c)
        return;
    close(c->fd);
    for (size_t i = 0; i < c->q_count; i++)
        ipc_blob_unref(c->q[(c->q_head + i) % c->q_slots]);
    free(c->q);
    for (size_t i = 0; i < c->nheld; i++)
        ipc_blob_unref(c->held[i].b);
    free(c->held);
    free(c->in);
    free(c);
}

uint64_t ipc_client_id(const struct ipc_client *c) { return c->id; }
int ipc_client_fd(const struct ipc_client *c) { return c->fd; }
size_t ipc_client_pending(const struct ipc_client *c) { return c->out_bytes; }
unsigned ipc_client_bump_warnings(struct ipc_client *c) { return c->warnings++; }
void ipc_client_set_dead(struct ipc_client *c) { c->dead = true; }
bool ipc_client_is_dead(const struct ipc_client *c) { return c->dead; }
bool ipc_client_read_closed(const struct ipc_client *c) { return c->read_closed; }
double ipc_client_deadline(const struct ipc_client *c) { return c->deadline; }
unsigned ipc_client_inflight(const struct ipc_client *c) { return (unsigned)(c->sent - c->answered); }

void ipc_client_request_sent(struct ipc_client *c) { c->sent++; }

void ipc_client_set_read_closed(struct ipc_client *c, double deadline)
{
    c->read_closed = true;
    c->deadline = deadline;
}

/* Make room for `n` more input bytes. */
static bool in_reserve(struct ipc_client *c, size_t n)
{
    if (c->in_len + n <= c->in_cap)
        return true;
    size_t cap = c->in_cap ? c->in_cap : 4096;
    while (cap < c->in_len + n)
        cap *= 2;
    char *in = realloc(c->in, cap);
    if (!in)
        return false;
    c->in = in;
    c->in_cap = cap;
    return true;
}

/* Report the complete lines in the input buffer, oldest first, while the
 * core owes this client fewer than `max_inflight` answers; keep the rest
 * for later. A partial line already longer than max_line is reported once
 * and skipped up to its '\n'. */
static void parse_lines(struct ipc_client *c, size_t max_line, unsigned max_inflight, ipc_line_fn fn,
                        void *ctx)
{
    size_t off = 0;
    bool stopped = false;
    while (!c->dead) {
        if (ipc_client_inflight(c) >= max_inflight) {
            stopped = true;
            break;
        }
        char *nl = off < c->in_len ? memchr(c->in + off, '\n', c->in_len - off) : NULL;
        if (!nl)
            break;
        const char *line = c->in + off;
        size_t len = (size_t)(nl - line);
        off += len + 1;
        if (c->discarding) { /* the tail of an over-long line */
            c->discarding = false;
            continue;
        }
        size_t content = len > 0 && line[len - 1] == '\r' ? len - 1 : len;
        if (content > max_line)
            fn(ctx, c, IPC_INPUT_TOO_LONG, NULL, 0);
        else
            fn(ctx, c, IPC_INPUT_LINE, line, len);
    }
    if (off > 0) {
        memmove(c->in, c->in + off, c->in_len - off);
        c->in_len -= off;
    }
    /* No '\n' in what is left: drop it when it is the middle of a line
     * being discarded, or a line already too long (max_line content bytes
     * plus a possible '\r' may still fit). */
    if (!stopped && (c->discarding || c->in_len > max_line + 1)) {
        if (!c->discarding)
            fn(ctx, c, IPC_INPUT_TOO_LONG, NULL, 0);
        c->discarding = true;
        c->in_len = 0;
    }
}

bool ipc_client_has_lines(const struct ipc_client *c)
{
    return c->in_len > 0 && memchr(c->in, '\n', c->in_len) != NULL;
}

int ipc_client_read(struct ipc_client *c, size_t max_line, size_t budget, unsigned max_inflight,
                    ipc_line_fn fn, void *ctx)
{
    enum { CHUNK = 16384 };
    size_t total = 0;
    parse_lines(c, max_line, max_inflight, fn, ctx); /* what waited for answers */
    while (total < budget && !c->dead && !c->read_closed && ipc_client_inflight(c) < max_inflight) {
        /* The buffer holds at most a partial line (<= max_line + 1 bytes)
         * here, so it stays below max_line + 1 + CHUNK. */
        if (!in_reserve(c, CHUNK))
            return -1;
        ssize_t n = recv(c->fd, c->in + c->in_len, CHUNK, MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
        }
        if (n == 0)
            return 1;
        total += (size_t)n;
        c->in_len += (size_t)n;
        parse_lines(c, max_line, max_inflight, fn, ctx);
    }
    return 0;
}

int ipc_client_queue(struct ipc_client *c, struct ipc_blob *b, size_t cap)
{
    if (c->q_count > 0 && c->out_bytes + c->held_bytes + b->len > cap)
        return -1;
    if (c->q_count == c->q_slots) {
        size_t slots = c->q_slots ? c->q_slots * 2 : 16;
        struct ipc_blob **q = malloc(slots * sizeof(*q));
        if (!q)
            return -1;
        for (size_t i = 0; i < c->q_count; i++)
            q[i] = c->q[(c->q_head + i) % c->q_slots];
        free(c->q);
        c->q = q;
        c->q_head = 0;
        c->q_slots = slots;
    }
    c->q[(c->q_head + c->q_count) % c->q_slots] = b;
    c->q_count++;
    b->refs++;
    c->out_bytes += b->len;
    return 0;
}

int ipc_client_core_reply(struct ipc_client *c, struct ipc_blob *b, size_t cap)
{
    if (c->answered < c->sent) /* more answers than requests: tolerate */
        c->answered++;
    if (b->len > 0 && ipc_client_queue(c, b, cap) < 0)
        return -1;
    size_t n = 0;
    while (n < c->nheld && c->held[n].after <= c->answered) {
        struct ipc_blob *h = c->held[n].b;
        c->held_bytes -= h->len;
        int rc = ipc_client_queue(c, h, cap);
        ipc_blob_unref(h); /* the held reference */
        n++;
        if (rc < 0) {
            memmove(c->held, c->held + n, (c->nheld - n) * sizeof(*c->held));
            c->nheld -= n;
            return -1;
        }
    }
    if (n > 0) {
        memmove(c->held, c->held + n, (c->nheld - n) * sizeof(*c->held));
        c->nheld -= n;
    }
    return 0;
}

int ipc_client_local_reply(struct ipc_client *c, struct ipc_blob *b, size_t cap)
{
    if (c->answered >= c->sent && c->nheld == 0)
        return ipc_client_queue(c, b, cap);
    if (c->out_bytes + c->held_bytes + b->len > cap)
        return -1;
    if (c->nheld == c->held_cap) {
        size_t n = c->held_cap ? c->held_cap * 2 : 8;
        struct held *h = realloc(c->held, n * sizeof(*h));
        if (!h)
            return -1;
        c->held = h;
        c->held_cap = n;
    }
    c->held[c->nheld++] = (struct held){b, c->sent};
    b->refs++;
    c->held_bytes += b->len;
    return 0;
}

int ipc_client_flush(struct ipc_client *c)
{
    while (c->q_count > 0) {
        struct ipc_blob *b = c->q[c->q_head];
        ssize_t n = send(c->fd, b->data + c->out_off, b->len - c->out_off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
        }
        c->out_off += (size_t)n;
        c->out_bytes -= (size_t)n;
        if (c->out_off == b->len) {
            ipc_blob_unref(b);
            c->q_head = (c->q_head + 1) % c->q_slots;
            c->q_count--;
            c->out_off = 0;
        }
    }
    return 0;
}
