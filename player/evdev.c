/* evdev.c — the remote-key reader thread: device discovery, hot-plug,
 * reading and shutdown (see evdev.h). Translation is evdev_xlate.c, the
 * device layer evdev_libevdev.c. */
#include "player/evdev.h"

#include <dirent.h>
#include <errno.h>
#include <libevdev/libevdev.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "player/log.h"

#define LOG_MOD "remote"
#define MAX_DEVICES 32
#define MAX_EVENTS_PER_WAKE 256 /* per device, so one chatty device cannot starve the others */

struct dev_slot {
    char node[NAME_MAX + 1]; /* "event5" */
    void *dev;
    struct evdev_xlate *xlate;
};

struct evdev_reader {
    struct evdev_config cfg;
    char dir[PATH_MAX];    /* the device folder */
    char parent[PATH_MAX]; /* its parent, watched while the folder is missing */
    const char *base;      /* the folder's name inside parent */
    pthread_t thread;
    int stop_fd;  /* eventfd: evdev_stop → thread */
    int ino_fd;   /* inotify */
    int wd_dir, wd_parent;
    bool perm_logged;
    struct dev_slot devs[MAX_DEVICES];
    atomic_int n_devs;
};

static bool is_event_node(const char *name)
{
    if (strncmp(name, "event", 5) != 0 || !name[5])
        return false;
    for (const char *p = name + 5; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
    }
    return true;
}

static struct dev_slot *find_dev(struct evdev_reader *r, const char *node)
{
    int n = atomic_load(&r->n_devs);
    for (int i = 0; i < n; i++) {
        if (strcmp(r->devs[i].node, node) == 0)
            return &r->devs[i];
    }
    return NULL;
}

static void close_dev(struct evdev_reader *r, struct dev_slot *s, const char *why)
{
    vlog(strcmp(why, "closed") == 0 ? LOG_VERBOSE : LOG_INFO, LOG_MOD, "remote %s/%s (%s) %s", r->dir, s->node,
         r->cfg.backend->name(s->dev), why);
    r->cfg.backend->close(s->dev);
    evdev_xlate_free(s->xlate);
    int n = atomic_load(&r->n_devs);
    *s = r->devs[n - 1]; /* keep the array dense */
    atomic_store(&r->n_devs, n - 1);
}

/* The one warning for missing permission, naming the group to join. */
static void permission_problem(struct evdev_reader *r, const char *path)
{
    if (r->perm_logged) {
        log_debug(LOG_MOD, "%s: permission denied", path);
        return;
    }
    r->perm_logged = true;
    char buf[1024], how[160] = "add the player's user to group input and restart";
    struct passwd pw, *res = NULL;
    if (getpwuid_r(geteuid(), &pw, buf, sizeof(buf), &res) == 0 && res)
        snprintf(how, sizeof(how), "add user %s to group input (usermod -aG input %s) and restart", res->pw_name,
                 res->pw_name);
    log_warn(LOG_MOD, "cannot read remote keys: %s: permission denied — %s; keyboard, gamepad and vitrinactl still work",
             path, how);
}

/* Whether the device reports a key this reader would act on. */
static bool wants_device(const struct evdev_reader *r, void *dev)
{
    for (unsigned code = 1; code < KEY_CNT; code++) {
        if (evdev_filter_passes(r->cfg.filter, code) && keymap_lookup_evdev(r->cfg.keymap, code) &&
            r->cfg.backend->has_key(dev, code))
            return true;
    }
    return false;
}

static void try_open(struct evdev_reader *r, const char *node)
{
    if (!is_event_node(node) || find_dev(r, node))
        return;
    char path[PATH_MAX + NAME_MAX + 2];
    snprintf(path, sizeof(path), "%s/%s", r->dir, node);
    void *dev = NULL;
    int rc = r->cfg.backend->open(path, &dev);
    if (rc == -EACCES || rc == -EPERM) {
        permission_problem(r, path);
        return;
    }
    if (rc < 0) {
        log_debug(LOG_MOD, "%s: %s", path, strerror(-rc));
        return;
    }
    if (!wants_device(r, dev)) {
        log_verbose(LOG_MOD, "%s (%s): no remote keys that SDL misses, left to SDL", path, r->cfg.backend->name(dev));
        r->cfg.backend->close(dev);
        return;
    }
    int n = atomic_load(&r->n_devs);
    struct evdev_xlate *x = n < MAX_DEVICES ? evdev_xlate_new(r->cfg.keymap, r->cfg.filter) : NULL;
    if (!x) {
        log_warn(LOG_MOD, "%s: too many input devices, ignored", path);
        r->cfg.backend->close(dev);
        return;
    }
    struct dev_slot *s = &r->devs[n];
    snprintf(s->node, sizeof(s->node), "%s", node);
    s->dev = dev;
    s->xlate = x;
    atomic_store(&r->n_devs, n + 1);
    log_info(LOG_MOD, "reading remote keys from %s (%s)", path, r->cfg.backend->name(dev));
}

static void scan_dir(struct evdev_reader *r)
{
    DIR *d = opendir(r->dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)))
        try_open(r, e->d_name);
    closedir(d);
}

static void close_all(struct evdev_reader *r, const char *why)
{
    while (atomic_load(&r->n_devs) > 0)
        close_dev(r, &r->devs[0], why);
}

/* Watch the device folder, or its parent until the folder appears. */
static void watch_dir(struct evdev_reader *r)
{
    r->wd_dir = inotify_add_watch(r->ino_fd, r->dir,
                                  IN_CREATE | IN_DELETE | IN_ATTRIB | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE_SELF |
                                      IN_MOVE_SELF | IN_ONLYDIR);
    if (r->wd_dir >= 0) {
        scan_dir(r);
        return;
    }
    if (r->wd_parent < 0)
        r->wd_parent = inotify_add_watch(r->ino_fd, r->parent, IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
    if (r->wd_parent >= 0)
        log_verbose(LOG_MOD, "no %s yet: waiting for an input device", r->dir);
    else
        log_verbose(LOG_MOD, "cannot watch %s (%s): remote keys only through SDL", r->dir, strerror(errno));
}

static void handle_inotify(struct evdev_reader *r)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t len;
    while ((len = read(r->ino_fd, buf, sizeof(buf))) > 0) {
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            p += sizeof(*ev) + ev->len;
            const char *name = ev->len ? ev->name : "";
            if (ev->mask & IN_Q_OVERFLOW) {
                if (r->wd_dir >= 0)
                    scan_dir(r); /* events were lost: look again */
            } else if (ev->wd == r->wd_dir && r->wd_dir >= 0) {
                if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
                    close_all(r, "gone with its folder");
                    if (!(ev->mask & IN_IGNORED))
                        inotify_rm_watch(r->ino_fd, r->wd_dir);
                    r->wd_dir = -1;
                    watch_dir(r);
                } else if (ev->mask & (IN_DELETE | IN_MOVED_FROM)) {
                    struct dev_slot *s = find_dev(r, name);
                    if (s)
                        close_dev(r, s, "unplugged");
                } else if (ev->mask & (IN_CREATE | IN_MOVED_TO | IN_ATTRIB)) {
                    try_open(r, name); /* IN_ATTRIB: udev fixed the permissions */
                }
            } else if (ev->wd == r->wd_parent && r->wd_dir < 0 && strcmp(name, r->base) == 0) {
                watch_dir(r);
            }
        }
    }
}

/* Read what a device has; false when it has gone. */
static bool read_dev(struct evdev_reader *r, struct dev_slot *s)
{
    struct input_event ev;
    struct evdev_hit hits[EVDEV_XLATE_MAX_HITS];
    int rc = 0;
    for (int i = 0; i < MAX_EVENTS_PER_WAKE && (rc = r->cfg.backend->next(s->dev, &ev)) == 1; i++) {
        int n = evdev_xlate_feed(s->xlate, &ev, hits);
        for (int k = 0; k < n; k++) {
            const char *key = libevdev_event_code_get_name(EV_KEY, hits[k].code);
            log_debug(LOG_MOD, "%s%s → %s", key ? key : "?", hits[k].repeat ? " (repeat)" : "",
                      input_action_name(hits[k].action));
            r->cfg.on_action(r->cfg.user, hits[k].action, hits[k].repeat, key ? key : "?");
        }
    }
    return rc >= 0;
}

static void *reader_main(void *arg)
{
    struct evdev_reader *r = arg;
    watch_dir(r);
    for (;;) {
        struct pollfd pfd[2 + MAX_DEVICES];
        int n = atomic_load(&r->n_devs);
        pfd[0] = (struct pollfd){.fd = r->stop_fd, .events = POLLIN};
        pfd[1] = (struct pollfd){.fd = r->ino_fd, .events = POLLIN};
        for (int i = 0; i < n; i++)
            pfd[2 + i] = (struct pollfd){.fd = r->cfg.backend->fd(r->devs[i].dev), .events = POLLIN};
        if (poll(pfd, (nfds_t)(2 + n), -1) < 0) {
            if (errno == EINTR)
                continue;
            log_error(LOG_MOD, "poll: %s; remote keys only through SDL from now on", strerror(errno));
            break;
        }
        if (pfd[0].revents)
            break;
        /* Devices first (their slots match pfd), then hot-plug changes. */
        for (int i = n - 1; i >= 0; i--) {
            if (pfd[2 + i].revents && !read_dev(r, &r->devs[i]))
                close_dev(r, &r->devs[i], "unplugged");
        }
        if (pfd[1].revents)
            handle_inotify(r);
    }
    close_all(r, "closed");
    return NULL;
}

struct evdev_reader *evdev_start(const struct evdev_config *cfg)
{
    struct evdev_reader *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->cfg = *cfg;
    if (!r->cfg.backend)
        r->cfg.backend = evdev_backend_libevdev();
    snprintf(r->dir, sizeof(r->dir), "%s", cfg->dev_dir ? cfg->dev_dir : "/dev/input");
    size_t len = strlen(r->dir);
    while (len > 1 && r->dir[len - 1] == '/')
        r->dir[--len] = '\0';
    const char *slash = strrchr(r->dir, '/');
    if (!slash) {
        snprintf(r->parent, sizeof(r->parent), ".");
        r->base = r->dir;
    } else {
        int plen = slash == r->dir ? 1 : (int)(slash - r->dir);
        snprintf(r->parent, sizeof(r->parent), "%.*s", plen, r->dir);
        r->base = slash + 1;
    }
    r->wd_dir = r->wd_parent = -1;
    r->cfg.dev_dir = r->dir;
    r->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    r->ino_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (r->stop_fd < 0 || r->ino_fd < 0) {
        log_error(LOG_MOD, "cannot start the remote reader: %s; remote keys only through SDL", strerror(errno));
        goto fail;
    }
    /* The thread takes no signals: they belong to the main thread. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&r->thread, NULL, reader_main, r);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        log_error(LOG_MOD, "cannot start the remote reader: %s; remote keys only through SDL", strerror(rc));
        goto fail;
    }
    pthread_setname_np(r->thread, "vt-remote");
    return r;
fail:
    if (r->stop_fd >= 0)
        close(r->stop_fd);
    if (r->ino_fd >= 0)
        close(r->ino_fd);
    free(r);
    return NULL;
}

void evdev_stop(struct evdev_reader *r)
{
    if (!r)
        return;
    uint64_t one = 1;
    if (write(r->stop_fd, &one, sizeof(one)) < 0)
        log_error(LOG_MOD, "cannot stop the remote reader: %s", strerror(errno));
    pthread_join(r->thread, NULL);
    close(r->stop_fd);
    close(r->ino_fd);
    free(r);
}

int evdev_device_count(const struct evdev_reader *r) { return r ? atomic_load(&r->n_devs) : 0; }
