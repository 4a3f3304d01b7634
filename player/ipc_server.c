/* ipc_server.c — the IPC thread: accept, read, dispatch, write. See ipc.h.
 *
 * Only the IPC thread touches the client table and the sockets. Other
 * threads reach it through the outbox (ipc_outbox.h): ipc_send() and
 * ipc_broadcast() serialize on the caller's thread (so the caller keeps no
 * JSON shared with this thread), push a blob and wake us.
 */
#include "player/ipc.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "player/ipc_client.h"
#include "player/ipc_listen.h"
#include "player/ipc_outbox.h"
#include "player/log.h"

#define MOD "ipc"
#define READ_BUDGET (256u << 10) /* bytes read per client per poll round */
#define WARN_LIMIT 5u            /* protocol warnings per client at warn level */
#define LINGER_S 30.0            /* wait for replies after a client's EOF */
#define MAX_INFLIGHT 32u         /* requests per client the core may owe answers to */

struct ipc_server {
    char *path;
    struct ipc_sockid sockid;
    size_t max_clients, out_cap, max_line;
    struct ipc_callbacks cb;

    int listen_fd;
    struct ipc_outbox *outbox;
    pthread_t thread;
    atomic_bool stop;
    atomic_size_t nclients_pub; /* for ipc_client_count() */

    /* IPC thread only. */
    struct ipc_client **clients;
    size_t nclients;
    struct pollfd *pfds;
    uint64_t next_id;
    double accept_paused_until; /* after EMFILE/ENFILE */
    unsigned long refused;      /* connections refused for max_clients */
};

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- input ------------------------------------------------------------ */

static void over_cap(struct ipc_server *s, struct ipc_client *c)
{
    log_warn(MOD, "client %llu is not reading: %zu bytes already wait for it (cap %zu); "
             "disconnecting it", (unsigned long long)ipc_client_id(c), ipc_client_pending(c), s->out_cap);
    ipc_client_set_dead(c);
}

static void queue_to(struct ipc_server *s, struct ipc_client *c, struct ipc_blob *b)
{
    if (ipc_client_is_dead(c))
        return;
    if (ipc_client_queue(c, b, s->out_cap) < 0)
        over_cap(s, c);
}

static void protocol_warning(struct ipc_client *c, const char *what)
{
    unsigned n = ipc_client_bump_warnings(c);
    unsigned long long id = (unsigned long long)ipc_client_id(c);
    if (n < WARN_LIMIT)
        log_warn(MOD, "client %llu: %s", id, what);
    else if (n == WARN_LIMIT)
        log_warn(MOD, "client %llu: %s (further protocol errors from it are logged at debug level)",
                 id, what);
    else
        log_debug(MOD, "client %llu: %s", id, what);
}

/* A reply made here (not by the core); it keeps its place in request order. */
static void reply_direct(struct ipc_server *s, struct ipc_client *c, json_t *reply)
{
    size_t len;
    char *line = ipc_proto_dump_line(reply, &len);
    json_decref(reply);
    struct ipc_blob *b = line ? ipc_blob_new(line, len, ipc_client_id(c)) : NULL;
    free(line);
    if (!b)
        return;
    if (!ipc_client_is_dead(c) && ipc_client_local_reply(c, b, s->out_cap) < 0)
        over_cap(s, c);
    ipc_blob_unref(b);
}

/* The commands mpv's IPC layer itself answers (they are about the
 * connection, not the player): client_name and get_time_us. */
static bool answer_locally(struct ipc_server *s, struct ipc_client *c, json_t *request)
{
    const char *name = ipc_request_name(request);
    json_t *data;
    if (strcmp(name, "client_name") == 0) {
        char buf[32];
        snprintf(buf, sizeof(buf), "ipc-%llu", (unsigned long long)ipc_client_id(c));
        data = json_string(buf);
    } else if (strcmp(name, "get_time_us") == 0) {
        data = json_integer((json_int_t)(now_mono() * 1e6));
    } else {
        return false;
    }
    if (!ipc_request_no_reply(request))
        reply_direct(s, c, ipc_reply_success(request, data));
    else
        json_decref(data);
    json_decref(request);
    return true;
}

static void on_line(void *ctx, struct ipc_client *c, enum ipc_input what, const char *line, size_t len)
{
    struct ipc_server *s = ctx;
    if (what == IPC_INPUT_TOO_LONG) {
        char msg[128];
        snprintf(msg, sizeof(msg), "request line longer than %zu bytes discarded", s->max_line);
        protocol_warning(c, msg);
        reply_direct(s, c, ipc_reply_error(NULL, IPC_ERR_INVALID_PARAMETER));
        return;
    }
    json_t *request, *reply;
    char why[192];
    switch (ipc_proto_parse_line(line, len, &request, &reply, why, sizeof(why))) {
    case IPC_LINE_IGNORE:
        if (why[0])
            protocol_warning(c, why);
        break;
    case IPC_LINE_ERROR:
        protocol_warning(c, why);
        reply_direct(s, c, reply);
        break;
    case IPC_LINE_REQUEST:
        if (answer_locally(s, c, request))
            break;
        if (s->cb.on_request) {
            ipc_client_request_sent(c);
            s->cb.on_request(s->cb.user, ipc_client_id(c), request);
        } else {
            json_decref(request);
        }
        break;
    }
}

/* ---- client table --------------------------------------------------------- */

static void accept_clients(struct ipc_server *s)
{
    for (;;) {
        int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOMEM || errno == ENOBUFS) {
                log_warn(MOD, "cannot accept a control connection: %s; retrying shortly",
                         strerror(errno));
                s->accept_paused_until = now_mono() + 0.1;
            }
            return; /* EAGAIN, or a connection that died before accept */
        }
        if (s->nclients >= s->max_clients) {
            if (s->refused++ % 100 == 0)
                log_warn(MOD, "too many control connections (%zu); refusing new ones", s->max_clients);
            close(fd);
            continue;
        }
        struct ipc_client *c = ipc_client_new(fd, s->next_id++);
        if (!c)
            continue;
        s->clients[s->nclients++] = c;
        atomic_store(&s->nclients_pub, s->nclients);
        log_verbose(MOD, "client %llu connected", (unsigned long long)ipc_client_id(c));
    }
}

/* Drop dead clients, telling the core. */
static void reap_clients(struct ipc_server *s)
{
    size_t j = 0;
    for (size_t i = 0; i < s->nclients; i++) {
        struct ipc_client *c = s->clients[i];
        if (!ipc_client_is_dead(c)) {
            s->clients[j++] = c;
            continue;
        }
        uint64_t id = ipc_client_id(c);
        log_verbose(MOD, "client %llu disconnected", (unsigned long long)id);
        ipc_client_free(c);
        if (s->cb.on_disconnect)
            s->cb.on_disconnect(s->cb.user, id);
    }
    s->nclients = j;
    atomic_store(&s->nclients_pub, j);
}

static struct ipc_client *find_client(struct ipc_server *s, uint64_t id)
{
    for (size_t i = 0; i < s->nclients; i++)
        if (ipc_client_id(s->clients[i]) == id)
            return s->clients[i];
    return NULL;
}

/* Move everything from the outbox into the client queues. */
static void dispatch_outbox(struct ipc_server *s)
{
    struct ipc_blob *b = ipc_outbox_take(s->outbox);
    while (b) {
        struct ipc_blob *next = b->next;
        b->next = NULL;
        if (b->to == 0) {
            for (size_t i = 0; i < s->nclients; i++)
                queue_to(s, s->clients[i], b);
        } else {
            struct ipc_client *c = find_client(s, b->to);
            if (c && b->is_reply) {
                if (!ipc_client_is_dead(c) && ipc_client_core_reply(c, b, s->out_cap) < 0)
                    over_cap(s, c);
            } else if (c) {
                queue_to(s, c, b);
            } else
                log_debug(MOD, "message for client %llu dropped: it is gone", (unsigned long long)b->to);
        }
        ipc_blob_unref(b);
        b = next;
    }
}

static void flush_client(struct ipc_client *c)
{
    if (!ipc_client_is_dead(c) && ipc_client_pending(c) > 0 && ipc_client_flush(c) < 0)
        ipc_client_set_dead(c);
}

/* A client that sent EOF is closed once its replies are out (or late). */
static void finish_half_closed(struct ipc_client *c, double now)
{
    if (ipc_client_is_dead(c) || !ipc_client_read_closed(c))
        return;
    if (ipc_client_inflight(c) == 0 && ipc_client_pending(c) == 0 && !ipc_client_has_lines(c)) {
        ipc_client_set_dead(c);
    } else if (now >= ipc_client_deadline(c)) {
        log_verbose(MOD, "client %llu: gave up waiting for %u replies after it closed",
                    (unsigned long long)ipc_client_id(c), ipc_client_inflight(c));
        ipc_client_set_dead(c);
    }
}

/* Poll timeout in ms: infinite unless accepting is paused or a half-closed
 * client has a deadline. */
static int poll_timeout(const struct ipc_server *s, double now)
{
    double next = now < s->accept_paused_until ? s->accept_paused_until : -1.0;
    for (size_t i = 0; i < s->nclients; i++) {
        const struct ipc_client *c = s->clients[i];
        if (ipc_client_read_closed(c) && (next < 0 || ipc_client_deadline(c) < next))
            next = ipc_client_deadline(c);
    }
    if (next < 0)
        return -1;
    return next <= now ? 0 : (int)((next - now) * 1000.0) + 1;
}

/* ---- the thread ------------------------------------------------------- */

static void read_client(struct ipc_server *s, struct ipc_client *c)
{
    int r = ipc_client_read(c, s->max_line, READ_BUDGET, MAX_INFLIGHT, on_line, s);
    if (r < 0)
        ipc_client_set_dead(c);
    else if (r > 0 && !ipc_client_read_closed(c))
        ipc_client_set_read_closed(c, now_mono() + LINGER_S);
}

static void *ipc_thread(void *arg)
{
    struct ipc_server *s = arg;
    while (!atomic_load(&s->stop)) {
        double now = now_mono();
        bool listen_ok = now >= s->accept_paused_until;
        s->pfds[0] = (struct pollfd){.fd = ipc_outbox_fd(s->outbox), .events = POLLIN};
        s->pfds[1] = (struct pollfd){.fd = listen_ok ? s->listen_fd : -1, .events = POLLIN};
        for (size_t i = 0; i < s->nclients; i++) {
            struct ipc_client *c = s->clients[i];
            /* Back-pressure: a client the core owes MAX_INFLIGHT answers is
             * not read until some come (a flood never swamps the core). */
            bool want_in = !ipc_client_read_closed(c) && ipc_client_inflight(c) < MAX_INFLIGHT;
            short ev = want_in ? POLLIN : 0;
            if (ipc_client_pending(c) > 0)
                ev |= POLLOUT;
            s->pfds[2 + i] = (struct pollfd){.fd = ipc_client_fd(c), .events = ev};
        }
        size_t npoll = 2 + s->nclients;
        int rc = poll(s->pfds, npoll, poll_timeout(s, now));
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            /* Only resource exhaustion gets here; keep serving after a pause. */
            log_error(MOD, "poll failed: %s; retrying", strerror(errno));
            usleep(100 * 1000);
            continue;
        }
        if (atomic_load(&s->stop))
            break;
        /* Clients polled this round are clients[0 .. npoll-2); accepting
         * below only appends, reaping happens at the end. */
        size_t polled = npoll - 2;
        for (size_t i = 0; i < polled; i++) {
            struct ipc_client *c = s->clients[i];
            short re = s->pfds[2 + i].revents;
            if (ipc_client_read_closed(c)) {
                if (re & (POLLHUP | POLLERR | POLLNVAL)) /* gone for good */
                    ipc_client_set_dead(c);
                continue;
            }
            if (re & (POLLIN | POLLHUP | POLLERR))
                read_client(s, c);
            if (re & POLLNVAL)
                ipc_client_set_dead(c);
        }
        if (s->pfds[0].revents & POLLIN) {
            dispatch_outbox(s);
            /* Answers came: lines held back by MAX_INFLIGHT may go on. */
            for (size_t i = 0; i < polled; i++) {
                struct ipc_client *c = s->clients[i];
                if (!ipc_client_is_dead(c) && ipc_client_has_lines(c) && ipc_client_inflight(c) < MAX_INFLIGHT)
                    read_client(s, c);
            }
        }
        now = now_mono();
        for (size_t i = 0; i < s->nclients; i++) {
            flush_client(s->clients[i]);
            finish_half_closed(s->clients[i], now);
        }
        if (s->pfds[1].revents & POLLIN)
            accept_clients(s);
        reap_clients(s);
    }

    /* Stopping: deliver what is queued (e.g. the "shutdown" event) as far as
     * the sockets take it without blocking, then close everything. */
    dispatch_outbox(s);
    for (size_t i = 0; i < s->nclients; i++) {
        flush_client(s->clients[i]);
        shutdown(ipc_client_fd(s->clients[i]), SHUT_RDWR);
        ipc_client_free(s->clients[i]);
    }
    s->nclients = 0;
    atomic_store(&s->nclients_pub, 0);
    return NULL;
}

/* ---- public API --------------------------------------------------------------- */

static void free_server(struct ipc_server *s)
{
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    ipc_outbox_free(s->outbox);
    free(s->clients);
    free(s->pfds);
    free(s->path);
    free(s);
}

int ipc_start(const struct ipc_config *cfg, const struct ipc_callbacks *cb, struct ipc_server **out)
{
    *out = NULL;
    struct ipc_server *s = calloc(1, sizeof(*s));
    if (!s) {
        log_error(MOD, "out of memory starting the control socket");
        return -ENOMEM;
    }
    s->listen_fd = -1;
    s->next_id = 1;
    s->max_clients = cfg->max_clients ? cfg->max_clients : IPC_DEFAULT_MAX_CLIENTS;
    s->out_cap = cfg->out_cap ? cfg->out_cap : IPC_DEFAULT_OUT_CAP;
    s->max_line = cfg->max_line ? cfg->max_line : IPC_DEFAULT_MAX_LINE;
    if (cb)
        s->cb = *cb;
    s->path = strdup(cfg->path ? cfg->path : "");
    s->clients = calloc(s->max_clients, sizeof(*s->clients));
    s->pfds = calloc(s->max_clients + 2, sizeof(*s->pfds));
    int rc = (!s->path || !s->clients || !s->pfds) ? -ENOMEM : ipc_outbox_new(&s->outbox);
    if (rc < 0) {
        log_error(MOD, "cannot start the control socket: %s", strerror(-rc));
        free_server(s);
        return rc;
    }

    /* A client that vanishes must never kill the player with SIGPIPE. */
    struct sigaction sa = {.sa_handler = SIG_IGN};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, NULL);

    rc = ipc_listen_open(s->path, &s->sockid);
    if (rc < 0) {
        free_server(s);
        return rc;
    }
    s->listen_fd = rc;
    rc = pthread_create(&s->thread, NULL, ipc_thread, s);
    if (rc != 0) {
        log_error(MOD, "cannot start the control socket thread: %s", strerror(rc));
        ipc_listen_remove(s->path, &s->sockid);
        free_server(s);
        return -rc;
    }
    pthread_setname_np(s->thread, "vt-ipc");
    log_info(MOD, "control socket listening on %s", s->path);
    *out = s;
    return 0;
}

void ipc_stop(struct ipc_server *s)
{
    if (!s)
        return;
    atomic_store(&s->stop, true);
    ipc_outbox_wake(s->outbox);
    pthread_join(s->thread, NULL);
    ipc_listen_remove(s->path, &s->sockid);
    free_server(s);
}

static int push(struct ipc_server *s, uint64_t to, json_t *msg)
{
    if (!s || !msg) {
        json_decref(msg);
        return -EINVAL;
    }
    /* A reply (it has "error"; events have "event") settles one request. */
    bool is_reply = to != 0 && json_object_get(msg, "error") != NULL;
    size_t len = 0;
    char *line = NULL;
    if (is_reply && ipc_request_no_reply(msg)) {
        /* Reply to a text command: mpv sends none; keep failures visible. */
        const char *err = json_string_value(json_object_get(msg, "error"));
        if (err && strcmp(err, IPC_ERR_SUCCESS) != 0)
            log_info(MOD, "text command from client %llu failed: %s", (unsigned long long)to, err);
        line = strdup("");
    } else {
        line = ipc_proto_dump_line(msg, &len);
    }
    json_decref(msg);
    struct ipc_blob *b = line ? ipc_blob_new(line, len, to) : NULL;
    free(line);
    if (!b) {
        log_error(MOD, "cannot serialize a message for the control socket");
        return -ENOMEM;
    }
    b->is_reply = is_reply;
    ipc_outbox_push(s->outbox, b);
    return 0;
}

int ipc_send(struct ipc_server *s, uint64_t client_id, json_t *msg)
{
    if (client_id == 0) {
        json_decref(msg);
        return -EINVAL;
    }
    return push(s, client_id, msg);
}

int ipc_broadcast(struct ipc_server *s, json_t *event) { return push(s, 0, event); }

size_t ipc_client_count(const struct ipc_server *s) { return atomic_load(&s->nclients_pub); }

const char *ipc_path(const struct ipc_server *s) { return s->path; }
