/* Unit tests for the IPC server over real Unix sockets, with a fake core
 * that answers requests on its own thread (as the player core will). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "player/ipc.h"
#include "player/log.h"

/* ---- a fake core: queue + thread, like the real core's command queue ---- */

struct job {
    uint64_t client;
    json_t *req;
    struct job *next;
};

struct core {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct job *head, *tail;
    bool quit;
    pthread_t thread;
    struct ipc_server *srv;
    int requests;              /* requests seen */
    uint64_t last_client;      /* client id of the last request */
    uint64_t disconnected[128];
    int ndisconnected;
    char last_cmd[256];        /* compact JSON of the last command array */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void core_on_request(void *user, uint64_t client, json_t *req)
{
    struct core *c = user;
    struct job *j = calloc(1, sizeof(*j));
    j->client = client;
    j->req = req;
    pthread_mutex_lock(&c->lock);
    if (c->tail)
        c->tail->next = j;
    else
        c->head = j;
    c->tail = j;
    pthread_cond_signal(&c->cond);
    pthread_mutex_unlock(&c->lock);
}

static void core_on_disconnect(void *user, uint64_t client)
{
    struct core *c = user;
    pthread_mutex_lock(&c->lock);
    if (c->ndisconnected < 128)
        c->disconnected[c->ndisconnected++] = client;
    pthread_mutex_unlock(&c->lock);
}

/* Commands: echo ARGS… → data = [ARGS…]; big N → data = N-byte string;
 * shout NAME → broadcast {"event":NAME}; sleep MS; anything else → error. */
static void core_handle(struct core *c, uint64_t client, json_t *req)
{
    const char *name = ipc_request_name(req);
    json_t *reply;
    if (strcmp(name, "echo") == 0) {
        json_t *args = json_array();
        for (size_t i = 0; i < ipc_request_argc(req); i++)
            json_array_append(args, ipc_request_arg(req, i));
        reply = ipc_reply_success(req, args);
    } else if (strcmp(name, "big") == 0) {
        size_t n = (size_t)json_integer_value(ipc_request_arg(req, 0));
        char *s = malloc(n + 1);
        memset(s, 'x', n);
        s[n] = '\0';
        reply = ipc_reply_success(req, json_string(s));
        free(s);
    } else if (strcmp(name, "shout") == 0) {
        ipc_broadcast(c->srv, ipc_event_new(json_string_value(ipc_request_arg(req, 0))));
        reply = ipc_reply_success(req, NULL);
    } else if (strcmp(name, "sleep") == 0) {
        usleep((useconds_t)json_integer_value(ipc_request_arg(req, 0)) * 1000);
        reply = ipc_reply_success(req, NULL);
    } else {
        reply = ipc_reply_error(req, IPC_ERR_UNKNOWN_COMMAND);
    }
    pthread_mutex_lock(&c->lock);
    c->requests++;
    c->last_client = client;
    char *cmd = json_dumps(json_object_get(req, "command"), JSON_COMPACT);
    snprintf(c->last_cmd, sizeof(c->last_cmd), "%s", cmd);
    free(cmd);
    pthread_mutex_unlock(&c->lock);
    json_decref(req);
    ipc_send(c->srv, client, reply);
}

static void *core_thread(void *arg)
{
    struct core *c = arg;
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (!c->head && !c->quit)
            pthread_cond_wait(&c->cond, &c->lock);
        if (!c->head)
            break;
        struct job *j = c->head;
        c->head = j->next;
        if (!c->head)
            c->tail = NULL;
        pthread_mutex_unlock(&c->lock);
        core_handle(c, j->client, j->req);
        free(j);
        pthread_mutex_lock(&c->lock);
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

struct fixture {
    char dir[64];
    char path[128];
    struct core core;
};

static int start_server(struct fixture *f, size_t out_cap)
{
    struct ipc_config cfg = {.path = f->path, .out_cap = out_cap};
    struct ipc_callbacks cb = {core_on_request, core_on_disconnect, &f->core};
    return ipc_start(&cfg, &cb, &f->core.srv);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    snprintf(f->dir, sizeof(f->dir), "/tmp/vt-ipc-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/ipc.sock", f->dir);
    pthread_mutex_init(&f->core.lock, NULL);
    pthread_cond_init(&f->core.cond, NULL);
    pthread_create(&f->core.thread, NULL, core_thread, &f->core);
    *state = f;
    return 0;
}

static void stop_core(struct core *c)
{
    pthread_mutex_lock(&c->lock);
    c->quit = true;
    pthread_cond_signal(&c->cond);
    pthread_mutex_unlock(&c->lock);
    pthread_join(c->thread, NULL);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    stop_core(&f->core);
    ipc_stop(f->core.srv);
    while (f->core.head) { /* requests that arrived after the core stopped */
        struct job *j = f->core.head;
        f->core.head = j->next;
        json_decref(j->req);
        free(j);
    }
    unlink(f->path);
    rmdir(f->dir);
    pthread_mutex_destroy(&f->core.lock);
    pthread_cond_destroy(&f->core.cond);
    free(f);
    return 0;
}

/* ---- a test client ------------------------------------------------------- */

struct cl {
    int fd;
    char *buf;
    size_t len, cap;
    bool eof;
};

static struct cl *cl_connect(const char *path)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    struct cl *c = calloc(1, sizeof(*c));
    c->fd = fd;
    return c;
}

static void cl_close(struct cl *c)
{
    if (!c)
        return;
    close(c->fd);
    free(c->buf);
    free(c);
}

static void cl_send_n(struct cl *c, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = send(c->fd, s, n, MSG_NOSIGNAL);
        assert_true(w > 0);
        s += w;
        n -= (size_t)w;
    }
}

static void cl_send(struct cl *c, const char *s) { cl_send_n(c, s, strlen(s)); }

/* Next line as a malloc'd string (without '\n'), or NULL on timeout/EOF. */
static char *cl_line(struct cl *c, int timeout_ms)
{
    double deadline = now_s() + timeout_ms / 1000.0;
    for (;;) {
        char *nl = c->len ? memchr(c->buf, '\n', c->len) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - c->buf);
            char *line = strndup(c->buf, n);
            memmove(c->buf, nl + 1, c->len - n - 1);
            c->len -= n + 1;
            return line;
        }
        int left = (int)((deadline - now_s()) * 1000.0);
        if (c->eof || left <= 0)
            return NULL;
        struct pollfd p = {.fd = c->fd, .events = POLLIN};
        if (poll(&p, 1, left) <= 0)
            continue;
        if (c->cap - c->len < 65536) {
            c->cap = c->cap ? c->cap * 2 : 131072;
            c->buf = realloc(c->buf, c->cap);
        }
        ssize_t r = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
        if (r <= 0)
            c->eof = true;
        else
            c->len += (size_t)r;
    }
}

/* Next reply (skipping events), parsed. */
static json_t *cl_reply(struct cl *c, int timeout_ms)
{
    for (;;) {
        char *line = cl_line(c, timeout_ms);
        if (!line)
            return NULL;
        json_t *j = json_loads(line, 0, NULL);
        free(line);
        assert_non_null(j);
        if (!json_object_get(j, "event"))
            return j;
        json_decref(j);
    }
}

static void expect_reply(json_t *r, json_int_t id, const char *error)
{
    assert_non_null(r);
    assert_string_equal(json_string_value(json_object_get(r, "error")), error);
    assert_int_equal(json_integer_value(json_object_get(r, "request_id")), id);
}

static int core_requests(struct core *c)
{
    pthread_mutex_lock(&c->lock);
    int n = c->requests;
    pthread_mutex_unlock(&c->lock);
    return n;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_round_trip_and_request_id(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(start_server(f, 0), 0);
    struct cl *c = cl_connect(f->path);
    assert_non_null(c);
    cl_send(c, "{\"command\":[\"echo\",\"hi\",3],\"request_id\":7}\n");
    char *line = cl_line(c, 2000);
    assert_non_null(line);
    json_t *r = json_loads(line, 0, NULL);
    free(line);
    expect_reply(r, 7, "success");
    char *data = json_dumps(json_object_get(r, "data"), JSON_COMPACT);
    assert_string_equal(data, "[\"hi\",3]");
    free(data);
    json_decref(r);

    /* request_id copied verbatim whatever its type; absent → 0. */
    cl_send(c, "{\"command\":[\"echo\"],\"request_id\":\"abc\"}\n"
               "{\"command\":[\"echo\"],\"request_id\":{\"k\":[1]}}\n"
               "{\"command\":[\"echo\"]}\n"
               "{\"command\":[\"nope\"],\"request_id\":-3}\n");
    r = cl_reply(c, 2000);
    assert_string_equal(json_string_value(json_object_get(r, "request_id")), "abc");
    json_decref(r);
    r = cl_reply(c, 2000);
    line = json_dumps(json_object_get(r, "request_id"), JSON_COMPACT);
    assert_string_equal(line, "{\"k\":[1]}");
    free(line);
    json_decref(r);
    r = cl_reply(c, 2000);
    expect_reply(r, 0, "success");
    json_decref(r);
    r = cl_reply(c, 2000);
    expect_reply(r, -3, IPC_ERR_UNKNOWN_COMMAND);
    json_decref(r);
    assert_int_equal(ipc_client_count(f->core.srv), 1);

    /* Connection-level commands are answered by the server, like mpv's. */
    int before = core_requests(&f->core);
    cl_send(c, "{\"command\":[\"client_name\"],\"request_id\":1}\n"
               "{\"command\":[\"get_time_us\"],\"request_id\":2}\n");
    r = cl_reply(c, 2000);
    expect_reply(r, 1, "success");
    assert_string_equal(json_string_value(json_object_get(r, "data")), "ipc-1");
    json_decref(r);
    r = cl_reply(c, 2000);
    expect_reply(r, 2, "success");
    assert_true(json_integer_value(json_object_get(r, "data")) > 0);
    json_decref(r);
    assert_int_equal(core_requests(&f->core), before);
    cl_close(c);
}

static void test_bad_input_keeps_connection(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(start_server(f, 0), 0);
    struct cl *c = cl_connect(f->path);
    cl_send(c, "{\"command\": [\"echo\"\n"         /* malformed */
               "[1,2,3]\n"                         /* not an object */
               "{\"request_id\": 4}\n"             /* no command */
               "{\"command\": \"echo\", \"request_id\": 5}\n" /* not an array */
               "\n   \n# comment\n"                /* ignored */
               "{\"command\":[\"echo\",\"ok\"],\"request_id\":6}\r\n");
    json_t *r = cl_reply(c, 2000);
    expect_reply(r, 0, IPC_ERR_INVALID_PARAMETER);
    json_decref(r);
    r = cl_reply(c, 2000);
    expect_reply(r, 0, IPC_ERR_INVALID_PARAMETER);
    json_decref(r);
    r = cl_reply(c, 2000);
    expect_reply(r, 4, IPC_ERR_INVALID_PARAMETER);
    json_decref(r);
    r = cl_reply(c, 2000);
    expect_reply(r, 5, IPC_ERR_INVALID_PARAMETER);
    json_decref(r);
    r = cl_reply(c, 2000);
    expect_reply(r, 6, "success");
    json_decref(r);
    /* The core saw only the valid request. */
    assert_int_equal(core_requests(&f->core), 1);

    /* A text command reaches the core but is not answered (as in mpv). */
    cl_send(c, "echo 'two words' x\n{\"command\":[\"echo\"],\"request_id\":8}\n");
    r = cl_reply(c, 2000);
    expect_reply(r, 8, "success");
    json_decref(r);
    assert_int_equal(core_requests(&f->core), 3);

    /* Random bytes (NULs, bad UTF-8, stray newlines) never break the
     * connection: a valid request afterwards is still answered. */
    unsigned seed = 99;
    for (int i = 0; i < 300; i++) {
        char junk[256];
        size_t n = (size_t)(rand_r(&seed) % sizeof(junk));
        for (size_t k = 0; k < n; k++)
            junk[k] = (char)(rand_r(&seed) % 256);
        cl_send_n(c, junk, n);
    }
    cl_send(c, "\n{\"command\":[\"echo\",\"alive\"],\"request_id\":777}\n");
    bool alive = false;
    for (json_t *m; !alive && (m = cl_reply(c, 3000)); json_decref(m))
        alive = json_integer_value(json_object_get(m, "request_id")) == 777;
    assert_true(alive);
    cl_close(c);
}

static void test_reply_order(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(start_server(f, 0), 0);
    struct cl *c = cl_connect(f->path);
    /* Replies come in request order even when the server answers a later
     * line itself while the core is still busy with an earlier one. */
    cl_send(c, "{\"command\":[\"sleep\",150],\"request_id\":1}\n"
               "not json {\n"
               "{\"command\":[\"client_name\"],\"request_id\":3}\n"
               "{\"command\":[\"echo\"],\"request_id\":4}\n"
               "{\"command\":[]}\n");
    json_int_t want[] = {1, 3, 4, 0};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        json_t *r = cl_reply(c, 3000);
        assert_non_null(r);
        assert_int_equal(json_integer_value(json_object_get(r, "request_id")), want[i]);
        json_decref(r);
    }
    /* "not json {" is a text command: run, never answered. */
    assert_null(cl_line(c, 100));
    cl_close(c);
}

/* Send one request line of exactly `total` bytes (before the '\n'). */
static void send_sized(struct cl *c, size_t total, int id, bool crlf, size_t chunk)
{
    char head[64];
    int hn = snprintf(head, sizeof(head), "{\"request_id\":%d,\"command\":[\"echo\",\"", id);
    const char *tail = "\"]}";
    size_t pad = total - (size_t)hn - strlen(tail);
    size_t n = total + 2;
    char *line = malloc(n + 1);
    memcpy(line, head, (size_t)hn);
    memset(line + hn, 'a', pad);
    memcpy(line + (size_t)hn + pad, tail, strlen(tail));
    size_t len = total;
    if (crlf)
        line[len++] = '\r';
    line[len++] = '\n';
    for (size_t off = 0; off < len; off += chunk)
        cl_send_n(c, line + off, off + chunk <= len ? chunk : len - off);
    free(line);
}

static void test_line_limits(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(start_server(f, 0), 0);
    struct cl *c = cl_connect(f->path);
    send_sized(c, IPC_DEFAULT_MAX_LINE, 1, false, 1 << 20);
    json_t *r = cl_reply(c, 3000);
    expect_reply(r, 1, "success");
    json_decref(r);
    send_sized(c, IPC_DEFAULT_MAX_LINE, 2, true, 1000); /* \r\n, in pieces */
    r = cl_reply(c, 3000);
    expect_reply(r, 2, "success");
    json_decref(r);
    send_sized(c, IPC_DEFAULT_MAX_LINE + 1, 3, false, 1 << 20);
    r = cl_reply(c, 3000);
    expect_reply(r, 0, IPC_ERR_INVALID_PARAMETER);
    json_decref(r);
    send_sized(c, 5 * IPC_DEFAULT_MAX_LINE, 4, false, 7000); /* far too long, in pieces */
    cl_send(c, "{\"command\":[\"echo\"],\"request_id\":5}\n");
    r = cl_reply(c, 3000);
    expect_reply(r, 0, IPC_ERR_INVALID_PARAMETER);
    json_decref(r);
    r = cl_reply(c, 3000);
    expect_reply(r, 5, "success");
    json_decref(r);
    assert_int_equal(core_requests(&f->core), 3);
    cl_close(c);
}

#define NCLIENTS 64
#define NREQ 20

static void test_many_clients(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(start_server(f, 0), 0);
    struct cl *cs[NCLIENTS];
    for (int i = 0; i < NCLIENTS; i++) {
        cs[i] = cl_connect(f->path);
        assert_non_null(cs[i]);
    }
    /* All pipelined at once, then all answered, in order, to the right client. */
    for (int i = 0; i < NCLIENTS; i++) {
        for (int k = 0; k < NREQ; k++) {
            char msg[128];
            snprintf(msg, sizeof(msg), "{\"command\":[\"echo\",%d],\"request_id\":%d}\n", i, k);
            cl_send(cs[i], msg);
        }
    }
    for (int i = 0; i < NCLIENTS; i++) {
        for (int k = 0; k < NREQ; k++) {
            json_t *r = cl_reply(cs[i], 5000);
            expect_reply(r, k, "success");
            assert_int_equal(json_integer_value(json_array_get(json_object_get(r, "data"), 0)), i);
            json_decref(r);
        }
    }
    assert_int_equal(ipc_client_count(f->core.srv), NCLIENTS);
    /* One more than the limit is refused (closed at once). */
    struct cl *extra = cl_connect(f->path);
    assert_non_null(extra);
    assert_null(cl_line(extra, 2000));
    assert_true(extra->eof);
    cl_close(extra);
    for (int i = 0; i < NCLIENTS; i++)
        cl_close(cs[i]);
}

static void test_broadcast_and_disconnect(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(start_server(f, 0), 0);
    struct cl *cs[5];
    for (int i = 0; i < 5; i++)
        cs[i] = cl_connect(f->path);
    cl_send(cs[0], "{\"command\":[\"shout\",\"file-loaded\"],\"request_id\":1}\n");
    for (int i = 0; i < 5; i++) {
        char *line = cl_line(cs[i], 2000);
        assert_non_null(line);
        assert_string_equal(line, "{\"event\":\"file-loaded\"}");
        free(line);
    }
    json_t *r = cl_reply(cs[0], 2000);
    expect_reply(r, 1, "success");
    json_decref(r);

    cl_send(cs[3], "{\"command\":[\"echo\"]}\n");
    r = cl_reply(cs[3], 2000);
    json_decref(r);
    pthread_mutex_lock(&f->core.lock);
    uint64_t id3 = f->core.last_client;
    pthread_mutex_unlock(&f->core.lock);
    cl_close(cs[3]);
    double t0 = now_s();
    bool seen = false;
    while (!seen && now_s() - t0 < 2.0) {
        pthread_mutex_lock(&f->core.lock);
        seen = f->core.ndisconnected == 1 && f->core.disconnected[0] == id3;
        pthread_mutex_unlock(&f->core.lock);
        usleep(2000);
    }
    assert_true(seen);
    assert_int_equal(ipc_client_count(f->core.srv), 4);
    /* Sending to a client that is gone is harmless. */
    assert_int_equal(ipc_send(f->core.srv, id3, ipc_event_new("x")), 0);
    for (int i = 0; i < 5; i++)
        if (i != 3)
            cl_close(cs[i]);
}

int main(void)
{
    log_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip_and_request_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input_keeps_connection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reply_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_clients, setup, teardown),
        cmocka_unit_test_setup_teardown(test_broadcast_and_disconnect, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
