/* Unit tests: the remote-key reader thread (evdev.c) against a fake device
 * folder. The fake backend reads `struct input_event` records from FIFOs
 * named eventN, so hot-plug (inotify), reading, unplugging, permission
 * problems and shutdown are exercised without /dev/uinput. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "player/evdev.h"
#include "player/log.h"

/* ---- fake backend: FIFOs of input_event records ------------------------ */

struct fake_dev {
    int fd;
};

static int fake_open(const char *path, void **out)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -errno;
    if ((st.st_mode & 0444) == 0)
        return -EACCES; /* what a non-root user gets (tests may run as root) */
    if (!S_ISFIFO(st.st_mode))
        return -ENOTTY; /* "not an evdev node", as libevdev says */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct fake_dev *d = malloc(sizeof(*d));
    d->fd = fd;
    *out = d;
    return 0;
}

static int fake_fd(void *dev) { return ((struct fake_dev *)dev)->fd; }
static const char *fake_name(void *dev) { (void)dev; return "Fake MCE remote"; }
static bool fake_has_key(void *dev, unsigned code) { (void)dev; return code == KEY_OK || code == KEY_INFO || code == KEY_ENTER; }

static int fake_next(void *dev, struct input_event *ev)
{
    ssize_t n = read(((struct fake_dev *)dev)->fd, ev, sizeof(*ev));
    if (n == (ssize_t)sizeof(*ev))
        return 1;
    if (n < 0 && errno == EAGAIN)
        return 0;
    return n == 0 ? -ENODEV : -EIO; /* writer gone = unplugged */
}

static void fake_close(void *dev)
{
    close(((struct fake_dev *)dev)->fd);
    free(dev);
}

static const struct evdev_backend fake_backend = {
    .open = fake_open, .fd = fake_fd, .name = fake_name, .has_key = fake_has_key, .next = fake_next, .close = fake_close,
};

/* ---- fixture --------------------------------------------------------- */

struct got {
    pthread_mutex_t lock;
    int n;
    enum input_action acts[64];
    char keys[64][24];
};

struct fx {
    char dir[256];          /* the fake /dev/input */
    char staging[240];      /* FIFOs are made here, then renamed in */
    struct keymap *km;
    struct got got;
    struct evdev_reader *r;
};

static void on_action(void *user, enum input_action act, bool repeat, const char *key)
{
    struct got *g = user;
    (void)repeat;
    pthread_mutex_lock(&g->lock);
    if (g->n < 64) {
        g->acts[g->n] = act;
        snprintf(g->keys[g->n], sizeof(g->keys[0]), "%s", key);
        g->n++;
    }
    pthread_mutex_unlock(&g->lock);
}

static int got_count(struct got *g)
{
    pthread_mutex_lock(&g->lock);
    int n = g->n;
    pthread_mutex_unlock(&g->lock);
    return n;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wait up to 3 s for cond(); false on timeout. */
#define WAIT_FOR(cond)                                                                                                 \
    ({                                                                                                                 \
        double t0_ = now_s();                                                                                          \
        while (!(cond) && now_s() - t0_ < 3.0)                                                                         \
            usleep(2000);                                                                                              \
        (bool)(cond);                                                                                                  \
    })

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    snprintf(f->staging, sizeof(f->staging), "/tmp/vt-evdev-XXXXXX");
    if (!mkdtemp(f->staging))
        return -1;
    snprintf(f->dir, sizeof(f->dir), "%s/input", f->staging);
    f->km = keymap_new_default();
    pthread_mutex_init(&f->got.lock, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    evdev_stop(f->r);
    keymap_free(f->km);
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->staging);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", f->staging);
    pthread_mutex_destroy(&f->got.lock);
    free(f);
    return 0;
}

static void start(struct fx *f, const struct evdev_backend *backend)
{
    struct evdev_config cfg = {
        .dev_dir = f->dir, .keymap = f->km, .on_action = on_action, .user = &f->got, .backend = backend};
    f->r = evdev_start(&cfg);
    assert_non_null(f->r);
}

/* "Plug in" a device: a FIFO held open for writing, renamed into the
 * folder. Returns the write end. */
static int plug(struct fx *f, const char *node, mode_t mode)
{
    char tmp[PATH_MAX + 32], dst[PATH_MAX + 32];
    snprintf(tmp, sizeof(tmp), "%s/%s.new", f->staging, node);
    snprintf(dst, sizeof(dst), "%s/%s", f->dir, node);
    assert_int_equal(mkfifo(tmp, 0600), 0);
    int fd = open(tmp, O_RDWR | O_CLOEXEC);
    assert_true(fd >= 0);
    assert_int_equal(chmod(tmp, mode), 0);
    assert_int_equal(rename(tmp, dst), 0);
    return fd;
}

static void press(int fd, unsigned code)
{
    struct input_event ev[4] = {
        {.type = EV_KEY, .code = (uint16_t)code, .value = 1}, {.type = EV_SYN, .code = SYN_REPORT},
        {.type = EV_KEY, .code = (uint16_t)code, .value = 0}, {.type = EV_SYN, .code = SYN_REPORT},
    };
    assert_int_equal(write(fd, ev, sizeof(ev)), (ssize_t)sizeof(ev));
}

/* Hot-plug into a folder that does not exist yet, read keys, unplug. */
static void test_hotplug_read_unplug(void **state)
{
    struct fx *f = *state;
    start(f, &fake_backend); /* f->dir does not exist yet */
    assert_int_equal(mkdir(f->dir, 0755), 0);
    int w = plug(f, "event7", 0600);
    assert_true(WAIT_FOR(evdev_device_count(f->r) == 1));

    press(w, KEY_ENTER); /* SDL delivers it: must not act here */
    press(w, KEY_OK);
    assert_true(WAIT_FOR(got_count(&f->got) >= 1));
    press(w, KEY_INFO);
    assert_true(WAIT_FOR(got_count(&f->got) >= 2));
    pthread_mutex_lock(&f->got.lock);
    assert_int_equal(f->got.n, 2);
    assert_int_equal(f->got.acts[0], INPUT_OK);
    assert_string_equal(f->got.keys[0], "KEY_OK");
    assert_int_equal(f->got.acts[1], INPUT_INFO);
    pthread_mutex_unlock(&f->got.lock);

    /* Unplug by losing the device (ENODEV) … */
    close(w);
    assert_true(WAIT_FOR(evdev_device_count(f->r) == 0));
    /* … and by the node disappearing. */
    int w2 = plug(f, "event8", 0600);
    assert_true(WAIT_FOR(evdev_device_count(f->r) == 1));
    char node[PATH_MAX + 16];
    snprintf(node, sizeof(node), "%s/event8", f->dir);
    assert_int_equal(unlink(node), 0);
    assert_true(WAIT_FOR(evdev_device_count(f->r) == 0));
    close(w2);
    /* Files that are not event nodes, or not devices, are ignored. */
    snprintf(node, sizeof(node), "%s/mouse0", f->dir);
    assert_int_equal(mkfifo(node, 0600), 0);
    snprintf(node, sizeof(node), "%s/event9", f->dir);
    FILE *reg = fopen(node, "w");
    assert_non_null(reg);
    fclose(reg);
    int w3 = plug(f, "event10", 0600);
    assert_true(WAIT_FOR(evdev_device_count(f->r) == 1));
    assert_int_equal(evdev_device_count(f->r), 1);
    close(w3);
}

/* Devices present at start are found; evdev_stop returns fast. */
static void test_scan_at_start_and_fast_stop(void **state)
{
    struct fx *f = *state;
    assert_int_equal(mkdir(f->dir, 0755), 0);
    int w = plug(f, "event3", 0600);
    start(f, &fake_backend);
    assert_true(WAIT_FOR(evdev_device_count(f->r) == 1));
    press(w, KEY_OK);
    assert_true(WAIT_FOR(got_count(&f->got) == 1));
    double t0 = now_s();
    evdev_stop(f->r);
    f->r = NULL;
    double dt = now_s() - t0;
    assert_true(dt < 1.0);
    print_message("evdev_stop took %.1f ms\n", dt * 1000);
    close(w);
}

/* Capture stderr (the log) into a file while fn runs. */
static char *capture_stderr_begin(int *saved)
{
    static char path[] = "/tmp/vt-evdev-log-XXXXXX";
    char *p = strdup(path);
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    fflush(stderr);
    *saved = dup(2);
    dup2(fd, 2);
    close(fd);
    return p;
}

static char *capture_stderr_end(int saved, char *path)
{
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *f = fopen(path, "r");
    static char buf[16384];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    unlink(path);
    free(path);
    return buf;
}

static int count_lines(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* No permission on the nodes: ONE warning naming the input group; a node
 * that becomes readable (udev fixing permissions) and other devices still
 * work. */
static void test_permission_denied_logs_once(void **state)
{
    struct fx *f = *state;
    assert_int_equal(mkdir(f->dir, 0755), 0);
    for (int i = 0; i < 4; i++) {
        char node[PATH_MAX + 16];
        snprintf(node, sizeof(node), "%s/event%d", f->dir, i);
        FILE *n = fopen(node, "w");
        assert_non_null(n);
        fclose(n);
        assert_int_equal(chmod(node, 0000), 0);
    }
    int saved;
    char *path = capture_stderr_begin(&saved);
    start(f, &fake_backend);
    int denied = plug(f, "event5", 0000); /* hot-plugged, still no permission */
    int ok = plug(f, "event6", 0600);
    assert_true(WAIT_FOR(evdev_device_count(f->r) == 1));
    char node[PATH_MAX + 16];
    snprintf(node, sizeof(node), "%s/event5", f->dir);
    assert_int_equal(chmod(node, 0660), 0); /* IN_ATTRIB → reopened */
    assert_true(WAIT_FOR(evdev_device_count(f->r) == 2));
    press(denied, KEY_INFO);
    press(ok, KEY_OK);
    assert_true(WAIT_FOR(got_count(&f->got) == 2));
    evdev_stop(f->r);
    f->r = NULL;
    char *log = capture_stderr_end(saved, path);
    assert_int_equal(count_lines(log, "permission denied"), 1);
    assert_int_equal(count_lines(log, "warn"), 1);
    assert_non_null(strstr(log, "cannot read remote keys: "));
    assert_non_null(strstr(log, "to group input"));
    close(denied);
    close(ok);
}

/* The real libevdev backend on the same kind of folder: as a normal user
 * the nodes give EACCES (one warning); as root they open but are not
 * evdev devices (nothing opened, no warning). Either way nothing crashes
 * and no device is used. */
static void test_libevdev_backend_on_fake_nodes(void **state)
{
    struct fx *f = *state;
    assert_int_equal(mkdir(f->dir, 0755), 0);
    for (int i = 0; i < 3; i++) {
        char node[PATH_MAX + 16];
        snprintf(node, sizeof(node), "%s/event%d", f->dir, i);
        FILE *n = fopen(node, "w");
        assert_non_null(n);
        fputs("not a device", n);
        fclose(n);
        assert_int_equal(chmod(node, 0000), 0);
    }
    int saved;
    char *path = capture_stderr_begin(&saved);
    start(f, NULL);
    usleep(100 * 1000);
    assert_int_equal(evdev_device_count(f->r), 0);
    evdev_stop(f->r);
    f->r = NULL;
    char *log = capture_stderr_end(saved, path);
    assert_int_equal(count_lines(log, "permission denied"), geteuid() == 0 ? 0 : 1);
}

int main(void)
{
    log_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hotplug_read_unplug, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scan_at_start_and_fast_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_permission_denied_logs_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_libevdev_backend_on_fake_nodes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
