/* Unit tests for the IPC server's socket file and connection lifecycle:
 * stale/live sockets, mode, parent directory, stop, a client that never
 * reads, half-closed clients, and socat as a client nobody here wrote.
 * The fake core here answers on the IPC thread itself (the threaded fake
 * core is in test_control_ipc_server.c). */
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

struct fx {
    char dir[64];
    char path[160];
    struct ipc_server *srv;
    pthread_mutex_t lock;
    uint64_t gone[64];
    int ngone;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Inline core: "whoami" → client id; "big N" → N-byte string; else echo. */
static void on_request(void *user, uint64_t client, json_t *req)
{
    struct fx *f = user;
    const char *name = ipc_request_name(req);
    json_t *data;
    if (strcmp(name, "whoami") == 0) {
        data = json_integer((json_int_t)client);
    } else if (strcmp(name, "big") == 0) {
        size_t n = (size_t)json_integer_value(ipc_request_arg(req, 0));
        char *s = malloc(n + 1);
        memset(s, 'y', n);
        s[n] = '\0';
        data = json_string(s);
        free(s);
    } else {
        data = json_string(name);
    }
    ipc_send(f->srv, client, ipc_reply_success(req, data));
    json_decref(req);
}

static void on_disconnect(void *user, uint64_t client)
{
    struct fx *f = user;
    pthread_mutex_lock(&f->lock);
    if (f->ngone < 64)
        f->gone[f->ngone++] = client;
    pthread_mutex_unlock(&f->lock);
}

static bool was_disconnected(struct fx *f, uint64_t id, double wait_s)
{
    double t0 = now_s();
    do {
        pthread_mutex_lock(&f->lock);
        for (int i = 0; i < f->ngone; i++) {
            if (f->gone[i] == id) {
                pthread_mutex_unlock(&f->lock);
                return true;
            }
        }
        pthread_mutex_unlock(&f->lock);
        usleep(2000);
    } while (now_s() - t0 < wait_s);
    return false;
}

static int start(struct fx *f, const char *path, size_t out_cap, struct ipc_server **out)
{
    struct ipc_config cfg = {.path = path, .out_cap = out_cap};
    struct ipc_callbacks cb = {on_request, on_disconnect, f};
    return ipc_start(&cfg, &cb, out);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    snprintf(f->dir, sizeof(f->dir), "/tmp/vt-ipcs-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/ipc.sock", f->dir);
    pthread_mutex_init(&f->lock, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    ipc_stop(f->srv);
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    pthread_mutex_destroy(&f->lock);
    free(f);
    return 0;
}

static int connect_to(const char *path)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* Read until `n` newlines were seen or EOF/timeout; returns bytes read into
 * buf (NUL-terminated, at most cap-1). */
static size_t read_lines(int fd, char *buf, size_t cap, int n, int timeout_ms, bool *eof)
{
    size_t len = 0;
    int seen = 0;
    double deadline = now_s() + timeout_ms / 1000.0;
    *eof = false;
    while (seen < n && len + 1 < cap) {
        int left = (int)((deadline - now_s()) * 1000.0);
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (left <= 0 || poll(&p, 1, left) <= 0)
            break;
        ssize_t r = recv(fd, buf + len, cap - 1 - len, 0);
        if (r <= 0) {
            *eof = true;
            break;
        }
        for (ssize_t i = 0; i < r; i++)
            seen += buf[len + (size_t)i] == '\n';
        len += (size_t)r;
    }
    buf[len] = '\0';
    return len;
}

/* One request, one reply, on a fresh connection: the reply's data. */
static json_t *ask(const char *path, const char *request)
{
    int fd = connect_to(path);
    if (fd < 0)
        return NULL;
    if (send(fd, request, strlen(request), MSG_NOSIGNAL) < 0) {
        close(fd);
        return NULL;
    }
    char buf[4096];
    bool eof;
    read_lines(fd, buf, sizeof(buf), 1, 2000, &eof);
    close(fd);
    json_t *r = json_loads(buf, JSON_DISABLE_EOF_CHECK, NULL);
    json_t *data = json_incref(json_object_get(r, "data"));
    json_decref(r);
    return data;
}

/* A socket file nobody listens on, as left by a crash. */
static void make_stale_socket(const char *path)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    close(fd);
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISSOCK(st.st_mode));
}

static void test_stale_replaced_live_refused(void **state)
{
    struct fx *f = *state;
    make_stale_socket(f->path);
    assert_int_equal(start(f, f->path, 0, &f->srv), 0);
    json_t *d = ask(f->path, "{\"command\":[\"hello\"]}\n");
    assert_string_equal(json_string_value(d), "hello");
    json_decref(d);

    /* A second server on the same live socket fails and leaves it alone. */
    struct ipc_server *second = NULL;
    assert_int_equal(start(f, f->path, 0, &second), -EADDRINUSE);
    assert_null(second);
    d = ask(f->path, "{\"command\":[\"still\"]}\n");
    assert_string_equal(json_string_value(d), "still");
    json_decref(d);

    /* Stop removes the socket file. */
    ipc_stop(f->srv);
    f->srv = NULL;
    struct stat st;
    assert_int_equal(lstat(f->path, &st), -1);
    assert_int_equal(errno, ENOENT);
}

static void test_not_a_socket_untouched(void **state)
{
    struct fx *f = *state;
    FILE *fp = fopen(f->path, "w");
    fputs("staff file", fp);
    fclose(fp);
    assert_int_equal(start(f, f->path, 0, &f->srv), -EEXIST);
    char buf[32] = {0};
    fp = fopen(f->path, "r");
    assert_non_null(fgets(buf, sizeof(buf), fp));
    fclose(fp);
    assert_string_equal(buf, "staff file");

    char longpath[200];
    memset(longpath, 'a', sizeof(longpath) - 1);
    longpath[0] = '/';
    longpath[sizeof(longpath) - 1] = '\0';
    assert_int_equal(start(f, longpath, 0, &f->srv), -ENAMETOOLONG);
}

static void test_mode_and_parent_dir(void **state)
{
    struct fx *f = *state;
    char path[200];
    snprintf(path, sizeof(path), "%s/run/vitrina/ipc.sock", f->dir);
    mode_t old = umask(077); /* the mode must not depend on the umask */
    int rc = start(f, path, 0, &f->srv);
    umask(old);
    assert_int_equal(rc, 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISSOCK(st.st_mode));
    assert_int_equal(st.st_mode & 07777, 0660);
    json_t *d = ask(path, "{\"command\":[\"deep\"]}\n");
    assert_string_equal(json_string_value(d), "deep");
    json_decref(d);
    assert_string_equal(ipc_path(f->srv), path);

    /* Stop does not remove a socket that is no longer ours. */
    unlink(path);
    make_stale_socket(path);
    ipc_stop(f->srv);
    f->srv = NULL;
    assert_int_equal(lstat(path, &st), 0);
}

static void test_stop_with_clients(void **state)
{
    struct fx *f = *state;
    assert_int_equal(start(f, f->path, 0, &f->srv), 0);
    int fds[10];
    for (int i = 0; i < 10; i++) {
        fds[i] = connect_to(f->path);
        assert_true(fds[i] >= 0);
    }
    double t0 = now_s();
    while (ipc_client_count(f->srv) < 10 && now_s() - t0 < 2.0)
        usleep(1000);
    assert_int_equal(ipc_client_count(f->srv), 10);
    /* The core's last words reach every client, then they see EOF. */
    assert_int_equal(ipc_broadcast(f->srv, ipc_event_new("shutdown")), 0);
    t0 = now_s();
    ipc_stop(f->srv);
    double took = now_s() - t0;
    f->srv = NULL;
    print_message("ipc_stop with 10 clients took %.1f ms\n", took * 1000.0);
    assert_true(took < 1.0);
    for (int i = 0; i < 10; i++) {
        char buf[256];
        bool eof;
        read_lines(fds[i], buf, sizeof(buf), 2, 2000, &eof);
        assert_string_equal(buf, "{\"event\":\"shutdown\"}\n");
        assert_true(eof);
        close(fds[i]);
    }
    assert_int_equal(access(f->path, F_OK), -1);
}

static void test_half_closed_client_gets_replies(void **state)
{
    struct fx *f = *state;
    assert_int_equal(start(f, f->path, 0, &f->srv), 0);
    int fd = connect_to(f->path);
    const char *req = "{\"command\":[\"a\"],\"request_id\":1}\n{\"command\":[\"b\"],\"request_id\":2}\n";
    assert_true(send(fd, req, strlen(req), MSG_NOSIGNAL) > 0);
    shutdown(fd, SHUT_WR);
    char buf[512];
    bool eof;
    read_lines(fd, buf, sizeof(buf), 3, 2000, &eof);
    assert_non_null(strstr(buf, "\"request_id\":1"));
    assert_non_null(strstr(buf, "\"request_id\":2"));
    assert_true(eof); /* and then the server closes */
    close(fd);
}

/* `n` round trips on `fd`; each must be answered (a server that blocked on
 * another client's socket would never answer). Latency is printed, not
 * asserted: this is a correctness test, not a benchmark. */
static void round_trips(int fd, int n, const char *phase)
{
    char buf[512];
    bool eof;
    double worst = 0, sum = 0;
    for (int i = 0; i < n; i++) {
        char req[96], want[48];
        snprintf(req, sizeof(req), "{\"command\":[\"ping\"],\"request_id\":%d}\n", i);
        snprintf(want, sizeof(want), "\"request_id\":%d,", i);
        double t0 = now_s();
        assert_true(send(fd, req, strlen(req), MSG_NOSIGNAL) > 0);
        read_lines(fd, buf, sizeof(buf), 1, 10000, &eof);
        double dt = now_s() - t0;
        assert_non_null(strstr(buf, want));
        worst = dt > worst ? dt : worst;
        sum += dt;
    }
    print_message("other client %s: mean %.2f ms, worst %.2f ms over %d round trips\n", phase,
                  sum / n * 1000.0, worst * 1000.0, n);
}

static void ask_big(int fd, int n)
{
    const char *big = "{\"command\":[\"big\",65536]}\n";
    for (int i = 0; i < n; i++)
        assert_true(send(fd, big, strlen(big), MSG_NOSIGNAL) > 0);
}

static void test_slow_client_disconnected(void **state)
{
    struct fx *f = *state;
    assert_int_equal(start(f, f->path, 0, &f->srv), 0); /* default cap: 4 MiB */
    int slow = connect_to(f->path);
    int fast = connect_to(f->path);
    char buf[8192];
    bool eof;
    const char *who = "{\"command\":[\"whoami\"]}\n";
    assert_true(send(slow, who, strlen(who), MSG_NOSIGNAL) > 0);
    read_lines(slow, buf, sizeof(buf), 1, 5000, &eof);
    json_t *r = json_loads(buf, 0, NULL);
    uint64_t slow_id = (uint64_t)json_integer_value(json_object_get(r, "data"));
    json_decref(r);
    assert_true(slow_id > 0);

    /* 2 MiB of replies the slow client never reads: more than the kernel
     * buffers, less than the cap. It stays connected and stuck, and the
     * other client is still answered. */
    ask_big(slow, 32);
    round_trips(fast, 50, "while one client is stuck");
    assert_false(was_disconnected(f, slow_id, 0.0));

    /* 6 MiB more: over the cap, it is disconnected; the other goes on. */
    ask_big(slow, 96);
    round_trips(fast, 50, "while one client goes over the cap");
    assert_true(was_disconnected(f, slow_id, 10.0));
    round_trips(fast, 5, "after");

    /* Its connection ends (EOF, or ECONNRESET since its requests were left
     * unread) after a bounded amount of data. */
    size_t total = 0;
    bool ended = false;
    double t0 = now_s();
    while (!ended && now_s() - t0 < 10.0) {
        struct pollfd p = {.fd = slow, .events = POLLIN};
        if (poll(&p, 1, 5000) <= 0)
            break;
        ssize_t n = recv(slow, buf, sizeof(buf), 0);
        if (n > 0)
            total += (size_t)n;
        else
            ended = n == 0 || errno == ECONNRESET;
    }
    print_message("slow client received %zu bytes before the end (cap %u)\n", total, IPC_DEFAULT_OUT_CAP);
    assert_true(ended);
    assert_true(total < 128u * 65536u);
    close(slow);
    close(fast);
}

static void test_socat_client(void **state)
{
    struct fx *f = *state;
    if (access("/usr/bin/socat", X_OK) != 0)
        skip();
    assert_int_equal(start(f, f->path, 0, &f->srv), 0);
    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "printf '%%s\\n' 'cycle pause' '{\"command\":[\"get_property\",\"path\"],\"request_id\":42}' "
             "| socat -t 5 - UNIX-CONNECT:%s",
             f->path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char out[512] = {0};
    size_t n = fread(out, 1, sizeof(out) - 1, p);
    assert_int_equal(pclose(p), 0);
    out[n] = '\0';
    /* Only the JSON request is answered; the text command is not (as mpv). */
    assert_string_equal(out, "{\"request_id\":42,\"error\":\"success\",\"data\":\"get_property\"}\n");
}

int main(void)
{
    log_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stale_replaced_live_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_socket_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mode_and_parent_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop_with_clients, setup, teardown),
        cmocka_unit_test_setup_teardown(test_half_closed_client_gets_replies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slow_client_disconnected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_socat_client, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
