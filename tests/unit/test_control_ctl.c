/* Unit tests for vitrinactl (player/ctl*.c) against a fake player: the real
 * IPC server with a scripted core that records every request. ctl_run() is
 * driven in-process; the built binary ($VITRINACTL_BIN) is checked for its
 * exit codes too. */
#include <errno.h>
#include <limits.h>
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
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "player/ctl.h"
#include "player/ctl_args.h"
#include "player/ipc.h"
#include "player/log.h"

struct fake {
    char dir[64];
    char path[128];
    struct ipc_server *srv;
    pthread_mutex_t lock;
    char log[32][256]; /* compact "command" arrays received, in order */
    int nlog;
    bool intake; /* intake-* properties exist */
    bool bad_request_id; /* a request came without an integer request_id */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static json_t *property(struct fake *f, const char *name, const char **error)
{
    *error = IPC_ERR_SUCCESS;
    if (strcmp(name, "filename") == 0)
        return json_string("ana.mp4");
    if (strcmp(name, "time-pos") == 0)
        return json_real(83.5);
    if (strcmp(name, "duration") == 0)
        return json_real(296.0);
    if (strcmp(name, "pause") == 0)
        return json_true();
    if (strcmp(name, "language") == 0)
        return json_string("fr");
    if (strcmp(name, "playlist-pos") == 0)
        return json_integer(2);
    if (strcmp(name, "playlist-count") == 0)
        return json_integer(12);
    if (strcmp(name, "frame-drop-count") == 0)
        return json_integer(4);
    if (strcmp(name, "idle-active") == 0)
        return json_false();
    if (strcmp(name, "playlist") == 0)
        return json_pack("[{s:s,s:b}]", "filename", "ana.mp4", "current", 1);
    if (f->intake && strcmp(name, "intake-pending") == 0)
        return json_pack("[{s:s,s:i}]", "name", "new.mp4", "since", 5);
    if (f->intake && strcmp(name, "intake-rejected") == 0)
        return json_pack("[{s:s,s:s}]", "name", "bad.mov", "reason", "no video or audio stream found");
    if (strcmp(name, "unavailable") == 0) {
        *error = IPC_ERR_PROPERTY_UNAVAILABLE;
        return NULL;
    }
    *error = IPC_ERR_PROPERTY_NOT_FOUND;
    return NULL;
}

static void on_request(void *user, uint64_t client, json_t *req)
{
    struct fake *f = user;
    char *cmd = json_dumps(json_object_get(req, "command"), JSON_COMPACT);
    pthread_mutex_lock(&f->lock);
    if (f->nlog < 32)
        snprintf(f->log[f->nlog++], sizeof(f->log[0]), "%s", cmd);
    if (!json_is_integer(json_object_get(req, "request_id")))
        f->bad_request_id = true;
    pthread_mutex_unlock(&f->lock);
    free(cmd);

    /* Noise the client must skip: an event and a reply to someone else. */
    json_t *ev = ipc_event_new("noise");
    json_object_set_new(ev, "request_id", json_integer(json_integer_value(json_object_get(req, "request_id"))));
    ipc_broadcast(f->srv, ev);
    ipc_send(f->srv, client, json_pack("{s:i,s:s,s:s}", "request_id", 9999, "error", "success", "data", "wrong"));

    const char *name = ipc_request_name(req);
    json_t *reply;
    if (strcmp(name, "get_property") == 0) {
        const char *pname = json_string_value(ipc_request_arg(req, 0));
        if (strcmp(pname, "slow") == 0) { /* never answered */
            json_decref(req);
            return;
        }
        const char *error;
        json_t *v = property(f, pname, &error);
        reply = v ? ipc_reply_success(req, v) : ipc_reply_error(req, error);
    } else if (strcmp(name, "set_property") == 0 && strcmp(json_string_value(ipc_request_arg(req, 0)), "ro") == 0) {
        reply = ipc_reply_error(req, IPC_ERR_PROPERTY_ERROR);
    } else {
        reply = ipc_reply_success(req, NULL);
    }
    ipc_send(f->srv, client, reply);
    json_decref(req);
}

static int setup(void **state)
{
    struct fake *f = calloc(1, sizeof(*f));
    snprintf(f->dir, sizeof(f->dir), "/tmp/vt-ctl-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/ipc.sock", f->dir);
    pthread_mutex_init(&f->lock, NULL);
    struct ipc_config cfg = {.path = f->path};
    struct ipc_callbacks cb = {.on_request = on_request, .user = f};
    if (ipc_start(&cfg, &cb, &f->srv) < 0)
        return -1;
    setenv("VITRINA_IPC", f->path, 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fake *f = *state;
    ipc_stop(f->srv);
    assert_false(f->bad_request_id);
    unlink(f->path);
    rmdir(f->dir);
    pthread_mutex_destroy(&f->lock);
    free(f);
    unsetenv("VITRINA_IPC");
    return 0;
}

struct result {
    int rc;
    char *out, *err;
};

/* Run ctl_run with a NULL-terminated argument list. */
static struct result run(const char *arg0, ...)
{
    char *argv[16];
    int argc = 0;
    argv[argc++] = "vitrinactl";
    va_list ap;
    va_start(ap, arg0);
    for (const char *a = arg0; a && argc < 15; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    struct result r;
    size_t on, en;
    FILE *out = open_memstream(&r.out, &on);
    FILE *err = open_memstream(&r.err, &en);
    r.rc = ctl_run(argc, argv, out, err);
    fclose(out);
    fclose(err);
    return r;
}

static void result_free(struct result *r)
{
    free(r->out);
    free(r->err);
}

static void expect_last_request(struct fake *f, const char *cmd)
{
    pthread_mutex_lock(&f->lock);
    assert_true(f->nlog > 0);
    assert_string_equal(f->log[f->nlog - 1], cmd);
    pthread_mutex_unlock(&f->lock);
}

static void test_requests(void **state)
{
    struct fake *f = *state;
    struct { const char *args[4]; const char *cmd; } cases[] = {
        {{"next"}, "[\"playlist-next\"]"},
        {{"prev"}, "[\"playlist-prev\"]"},
        {{"lang", "fr"}, "[\"set_property\",\"language\",\"fr\"]"},
        {{"lang", "off"}, "[\"set_property\",\"language\",\"off\"]"},
        {{"screenshot", "/tmp/shot.png"}, "[\"screenshot-to-file\",\"/tmp/shot.png\"]"},
        {{"get", "playlist"}, "[\"get_property\",\"playlist\"]"},
        {{"set", "volume", "50"}, "[\"set_property\",\"volume\",50]"},
        {{"set", "volume", "-2.5"}, "[\"set_property\",\"volume\",-2.5]"},
        {{"set", "pause", "true"}, "[\"set_property\",\"pause\",true]"},
        {{"set", "title", "hello world"}, "[\"set_property\",\"title\",\"hello world\"]"},
        {{"set", "title", "\"42\""}, "[\"set_property\",\"title\",\"42\"]"},
        {{"--json", "key", "ok"}, "[\"keypress\",\"OK\"]"},
        {{"key", "VOLUME_UP", "--socket", f->path}, "[\"keypress\",\"VOLUME_UP\"]"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct result r = run(cases[i].args[0], cases[i].args[1], cases[i].args[2], cases[i].args[3], NULL);
        assert_int_equal(r.rc, CTL_EXIT_OK);
        expect_last_request(f, cases[i].cmd);
        result_free(&r);
    }
    /* pause toggles, then reports the state it reads back. */
    struct result r = run("pause", NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.out, "paused\n");
    assert_string_equal(f->log[f->nlog - 2], "[\"cycle\",\"pause\"]");
    expect_last_request(f, "[\"get_property\",\"pause\"]");
    result_free(&r);

    /* A relative screenshot path becomes absolute (the player has another cwd). */
    char cwd[PATH_MAX], want[PATH_MAX + 64];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    snprintf(want, sizeof(want), "[\"screenshot-to-file\",\"%s/shots/a.png\"]", cwd);
    r = run("screenshot", "./shots/a.png", NULL);
    assert_int_equal(r.rc, 0);
    expect_last_request(f, want);
    result_free(&r);
}

static void test_output_and_errors(void **state)
{
    struct fake *f = *state;
    struct result r = run("get", "filename", NULL);
    assert_int_equal(r.rc, CTL_EXIT_OK);
    assert_string_equal(r.out, "ana.mp4\n");
    result_free(&r);

    r = run("--json", "get", "filename", NULL);
    assert_int_equal(r.rc, CTL_EXIT_OK);
    assert_string_equal(r.out, "{\"request_id\":1,\"error\":\"success\",\"data\":\"ana.mp4\"}\n");
    result_free(&r);

    r = run("get", "no-such-thing", NULL);
    assert_int_equal(r.rc, CTL_EXIT_ERROR);
    assert_non_null(strstr(r.err, "property not found"));
    assert_string_equal(r.out, "");
    result_free(&r);

    r = run("set", "ro", "1", "--json", NULL);
    assert_int_equal(r.rc, CTL_EXIT_ERROR);
    assert_non_null(strstr(r.out, "\"error\":\"error accessing property\""));
    result_free(&r);

    double t0 = now_s();
    r = run("--timeout", "0.3", "get", "slow", NULL);
    double took = now_s() - t0;
    assert_int_equal(r.rc, CTL_EXIT_ERROR);
    assert_non_null(strstr(r.err, "did not answer within 0.3 s"));
    assert_true(took >= 0.25 && took < 10.0); /* generous: loaded CI machines */
    result_free(&r);
    (void)f;
}

static void test_usage_and_connect(void **state)
{
    struct fake *f = *state;
    const char *bad[][4] = {
        {NULL}, {"frobnicate"}, {"get"}, {"set", "x"}, {"next", "extra"}, {"--bogus", "status"},
        {"--socket"}, {"--timeout", "-1", "next"}, {"lang", "fr", "es"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct result r = run(bad[i][0], bad[i][1], bad[i][2], bad[i][3], NULL);
        assert_int_equal(r.rc, CTL_EXIT_USAGE);
        assert_non_null(strstr(r.err, "vitrinactl"));
        result_free(&r);
    }
    struct result r = run("--help", NULL);
    assert_int_equal(r.rc, CTL_EXIT_OK);
    assert_non_null(strstr(r.out, "Usage: vitrinactl"));
    result_free(&r);

    char missing[100];
    snprintf(missing, sizeof(missing), "%.80s/nobody.sock", f->dir);
    r = run("--socket", missing, "status", NULL);
    assert_int_equal(r.rc, CTL_EXIT_CONNECT);
    assert_non_null(strstr(r.err, missing));
    result_free(&r);

    /* A stale socket file: connection refused, same exit code. */
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", missing);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    close(fd);
    setenv("VITRINA_IPC", missing, 1);
    r = run("next", NULL);
    assert_int_equal(r.rc, CTL_EXIT_CONNECT);
    assert_non_null(strstr(r.err, "Connection refused"));
    result_free(&r);
    unlink(missing);
}

static void test_default_socket(void **state)
{
    struct fake *f = *state;
    char path[256], also[256];
    ctl_default_socket("/x/explicit.sock", path, sizeof(path), also, sizeof(also));
    assert_string_equal(path, "/x/explicit.sock");
    ctl_default_socket(NULL, path, sizeof(path), also, sizeof(also));
    assert_string_equal(path, f->path); /* $VITRINA_IPC */

    unsetenv("VITRINA_IPC");
    setenv("XDG_RUNTIME_DIR", f->dir, 1);
    char xdg_sock[200];
    snprintf(xdg_sock, sizeof(xdg_sock), "%s/vitrina.sock", f->dir);
    if (access("/run/vitrina/ipc.sock", F_OK) != 0) {
        /* Nothing anywhere: the user socket comes first. */
        ctl_default_socket(NULL, path, sizeof(path), also, sizeof(also));
        assert_string_equal(path, xdg_sock);
        assert_string_equal(also, "/run/vitrina/ipc.sock");
    }
    /* The user socket exists: it is chosen. */
    assert_int_equal(link(f->path, xdg_sock), 0);
    ctl_default_socket(NULL, path, sizeof(path), also, sizeof(also));
    assert_string_equal(path, xdg_sock);
    struct result r = run("get", "language", NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.out, "fr\n");
    result_free(&r);
    unlink(xdg_sock);
    unsetenv("XDG_RUNTIME_DIR");
}

static void test_status(void **state)
{
    struct fake *f = *state;
    struct result r = run("status", NULL);
    assert_int_equal(r.rc, CTL_EXIT_OK);
    assert_string_equal(r.out, "file:     ana.mp4\n"
                               "position: 1:23 / 4:56 (paused)\n"
                               "language: fr\n"
                               "playlist: 3 / 12\n"
                               "dropped:  4 frames\n"
                               "idle:     no\n");
    result_free(&r);

    f->intake = true;
    r = run("status", NULL);
    assert_int_equal(r.rc, CTL_EXIT_OK);
    assert_non_null(strstr(r.out, "waiting:  1 file\n          new.mp4\n"));
    assert_non_null(strstr(r.out, "rejected: 1 file\n          bad.mov — no video or audio stream found\n"));
    result_free(&r);

    r = run("status", "--json", NULL);
    assert_int_equal(r.rc, CTL_EXIT_OK);
    json_t *j = json_loads(r.out, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "filename")), "ana.mp4");
    assert_int_equal(json_integer_value(json_object_get(j, "playlist-count")), 12);
    assert_int_equal(json_array_size(json_object_get(j, "intake-rejected")), 1);
    json_decref(j);
    result_free(&r);
}

struct watcher {
    bool json;
    struct result r;
};

static void *watch_thread(void *arg)
{
    struct watcher *w = arg;
    w->r = w->json ? run("--json", "watch", NULL) : run("watch", NULL);
    return NULL;
}

/* Start `watch`, feed it events, end with shutdown + close. */
static void run_watch(struct fake *f, struct watcher *w, bool shutdown)
{
    pthread_t t;
    pthread_create(&t, NULL, watch_thread, w);
    double t0 = now_s();
    while (ipc_client_count(f->srv) < 1 && now_s() - t0 < 2.0)
        usleep(1000);
    assert_int_equal(ipc_client_count(f->srv), 1);
    ipc_broadcast(f->srv, ipc_event_new("start-file"));
    json_t *ev = ipc_event_new("end-file");
    json_object_set_new(ev, "reason", json_string("error"));
    json_object_set_new(ev, "file_error", json_string("no video or audio"));
    ipc_broadcast(f->srv, ev);
    if (shutdown)
        ipc_broadcast(f->srv, ipc_event_new("shutdown"));
    ipc_stop(f->srv);
    f->srv = NULL;
    pthread_join(t, NULL);
}

static void test_watch(void **state)
{
    struct fake *f = *state;
    struct watcher w = {.json = false};
    run_watch(f, &w, true);
    assert_int_equal(w.r.rc, CTL_EXIT_OK);
    char *l2 = strchr(w.r.out, '\n');
    assert_non_null(l2);
    assert_int_equal(l2 - w.r.out, (long)strlen("12:00:00 start-file"));
    assert_memory_equal(w.r.out + 8, " start-file\n", 12);
    assert_non_null(strstr(w.r.out, " end-file reason=error file_error=\"no video or audio\"\n"));
    assert_non_null(strstr(w.r.out, " shutdown\n"));
    result_free(&w.r);
}

static void test_watch_json(void **state)
{
    struct fake *f = *state;
    struct watcher w = {.json = true};
    run_watch(f, &w, false);
    assert_int_equal(w.r.rc, CTL_EXIT_CONNECT); /* closed without shutdown */
    assert_string_equal(w.r.out, "{\"event\":\"start-file\"}\n"
                                 "{\"event\":\"end-file\",\"reason\":\"error\",\"file_error\":\"no video or audio\"}\n");
    assert_non_null(strstr(w.r.err, "closed the connection"));
    result_free(&w.r);
}

/* The built program: exit codes and output through a real process. */
static int spawn(const char *bin, const char *const *args, char *out, size_t out_size)
{
    int pipefd[2];
    assert_int_equal(pipe(pipefd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(pipefd[1], 1);
        close(pipefd[0]);
        char *argv[8];
        int n = 0;
        argv[n++] = (char *)bin;
        for (int i = 0; args[i] && n < 7; i++)
            argv[n++] = (char *)args[i];
        argv[n] = NULL;
        execv(bin, argv);
        _exit(127);
    }
    close(pipefd[1]);
    size_t len = 0;
    ssize_t k;
    while (len + 1 < out_size && (k = read(pipefd[0], out + len, out_size - 1 - len)) > 0)
        len += (size_t)k;
    out[len] = '\0';
    close(pipefd[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_binary(void **state)
{
    struct fake *f = *state;
    const char *bin = getenv("VITRINACTL_BIN");
    if (!bin || access(bin, X_OK) != 0)
        skip();
    char out[4096];
    const char *get[] = {"--socket", f->path, "get", "filename", NULL};
    assert_int_equal(spawn(bin, get, out, sizeof(out)), 0);
    assert_string_equal(out, "ana.mp4\n");
    const char *fail[] = {"--socket", f->path, "get", "nope", NULL};
    assert_int_equal(spawn(bin, fail, out, sizeof(out)), 1);
    const char *usage[] = {"frobnicate", NULL};
    assert_int_equal(spawn(bin, usage, out, sizeof(out)), 2);
    const char *noconn[] = {"--socket", "/nonexistent/vitrina.sock", "status", NULL};
    assert_int_equal(spawn(bin, noconn, out, sizeof(out)), 3);
    const char *help[] = {"--help", NULL};
    assert_int_equal(spawn(bin, help, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "Exit status"));
}

int main(void)
{
    log_init();
    log_set_level(LOG_WARN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(test_output_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_usage_and_connect, setup, teardown),
        cmocka_unit_test_setup_teardown(test_default_socket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watch_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_binary, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
