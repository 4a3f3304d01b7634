/* watch_dirs.c — the libinotifytools session and the folder table.
 *
 * Library quirks this file works around (libinotifytools 3.22):
 *  - inotifytools_watch_file() does not return the watch descriptor; it is
 *    looked up by file name afterwards. The library's name index ignores a
 *    second entry with an equal name, so a folder deleted (watch dead, entry
 *    still in the library) and re-created under the same name would resolve
 *    to the dead descriptor. When the kernel reports IN_IGNORED for a
 *    watch, its library entry is renamed to a unique name that sorts right
 *    after the old one (the index is a binary tree keyed by name, so the
 *    order must stay valid), and the entry is counted as dead.
 *  - Dead entries cannot be freed without a failing inotify_rm_watch() (the
 *    library then keeps them and prints to stderr); they are freed when the
 *    session restarts (wdirs_reinit), which the watcher does after enough of
 *    them accumulate, on queue overflow, and when the root changes.
 *  - inotifytools_next_event() takes whole seconds and cannot be
 *    interrupted, so a private unnamed file (O_TMPFILE, watched through
 *    /proc/self/fd/N) is touched to wake it.
 */
#include "playlists/watch_dirs.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <inotifytools/inotify.h>
#include <inotifytools/inotifytools.h>

#include "player/log.h"
#include "playlists/strmap.h"

#define MOD "watch"

#define DIR_MASK (IN_CREATE | IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_MOVED_FROM | IN_MOVED_TO | \
                  IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK)

struct wdir {
    char *reldir;
    int wd;
    dev_t dev;
    ino_t ino;
    unsigned gen;
    bool dead; /* folder deleted: kept (by wd only) until IN_IGNORED */
    char wdkey[16];
    char dikey[48];
};

struct wdirs {
    char *root;
    bool ok;          /* a session is running */
    int wake_fd;      /* O_TMPFILE, -1 if unavailable */
    int wake_wd;
    struct strmap *by_rel, *by_wd, *by_devino;
    unsigned gen;
    bool full_pass;
    size_t dead;
    uint64_t dead_seq;
    bool need_reinit;
    bool warned_limit;
    bool warned_init;
};

static void wdir_free(struct wdir *w)
{
    if (w) {
        free(w->reldir);
        free(w);
    }
}

static void drop_record(struct wdirs *d, struct wdir *w)
{
    if (!w->dead)
        strmap_del(d->by_rel, w->reldir);
    if (strmap_get(d->by_wd, w->wdkey) == w)
        strmap_del(d->by_wd, w->wdkey);
    if (!w->dead && strmap_get(d->by_devino, w->dikey) == w)
        strmap_del(d->by_devino, w->dikey);
    wdir_free(w);
}

/* The folder was deleted: its name and inode are free again, but its wd
 * stays known until the kernel's IN_IGNORED, so that a new folder resolving
 * to that (dead) descriptor is noticed (see the file comment). */
static void mark_dead(struct wdirs *d, struct wdir *w)
{
    strmap_del(d->by_rel, w->reldir);
    if (strmap_get(d->by_devino, w->dikey) == w)
        strmap_del(d->by_devino, w->dikey);
    w->dead = true;
}

static void clear_records(struct wdirs *d)
{
    struct strmap_iter it = { 0 };
    void *v;
    while (strmap_next(d->by_wd, &it, NULL, &v))
        drop_record(d, v);
}

struct wdirs *wdirs_new(const char *root)
{
    struct wdirs *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->root = strdup(root);
    d->by_rel = strmap_new();
    d->by_wd = strmap_new();
    d->by_devino = strmap_new();
    d->wake_wd = -1;
    d->wake_fd = -1;
    if (!d->root || !d->by_rel || !d->by_wd || !d->by_devino) {
        wdirs_free(d);
        return NULL;
    }
    const char *tmp = getenv("TMPDIR");
    d->wake_fd = open(tmp && tmp[0] ? tmp : "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (d->wake_fd < 0)
        d->wake_fd = open("/dev/shm", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (d->wake_fd < 0)
        log_warn(MOD, "no wake-up file (%s): stopping may take up to a second", strerror(errno));
    return d;
}

void wdirs_free(struct wdirs *d)
{
    if (!d)
        return;
    if (d->by_rel)
        clear_records(d);
    if (d->ok)
        inotifytools_cleanup();
    if (d->wake_fd >= 0)
        close(d->wake_fd);
    strmap_free(d->by_rel);
    strmap_free(d->by_wd);
    strmap_free(d->by_devino);
    free(d->root);
    free(d);
}

int wdirs_reinit(struct wdirs *d)
{
    clear_records(d);
    if (d->ok)
        inotifytools_cleanup();
    d->ok = false;
    d->dead = 0;
    d->need_reinit = false;
    d->wake_wd = -1;
    if (!inotifytools_initialize()) {
        if (!d->warned_init)
            log_error(MOD, "cannot use inotify: %s — changes are only seen by rescanning",
                      strerror(inotifytools_error()));
        d->warned_init = true;
        return -1;
    }
    if (d->warned_init)
        log_info(MOD, "inotify works again");
    d->warned_init = false;
    d->ok = true;
    if (d->wake_fd >= 0) {
        char p[64];
        snprintf(p, sizeof(p), "/proc/self/fd/%d", d->wake_fd);
        if (inotifytools_watch_file(p, IN_ATTRIB))
            d->wake_wd = inotifytools_wd_from_filename(p);
    }
    return 0;
}

bool wdirs_ok(const struct wdirs *d) { return d->ok; }

void wdirs_begin_pass(struct wdirs *d, bool full)
{
    d->gen++;
    d->full_pass = full;
}

static void rm_watch(struct wdirs *d, struct wdir *w)
{
    if (d->ok)
        inotifytools_remove_watch_by_wd(w->wd);
    drop_record(d, w);
}

void wdirs_sweep(struct wdirs *d)
{
    struct strmap_iter it = { 0 };
    void *v;
    while (strmap_next(d->by_rel, &it, NULL, &v)) {
        struct wdir *w = v;
        if (w->gen != d->gen) {
            log_debug(MOD, "folder \"%s\" is gone: watch dropped", w->reldir);
            rm_watch(d, w);
        }
    }
}

int wdirs_on_dir(void *user, const char *reldir, dev_t dev, ino_t ino)
{
    struct wdirs *d = user;
    if (!d->ok)
        return 0;
    struct wdir *w = strmap_get(d->by_rel, reldir);
    if (w && w->dev == dev && w->ino == ino) {
        w->gen = d->gen;
        return 0;
    }
    if (w)
        rm_watch(d, w); /* the name now holds another folder */
    char dikey[48];
    snprintf(dikey, sizeof(dikey), "%ju:%ju", (uintmax_t)dev, (uintmax_t)ino);
    struct wdir *o = strmap_get(d->by_devino, dikey);
    if (o) {
        if (!d->full_pass || o->gen == d->gen)
            return 1; /* the same folder under another name */
        rm_watch(d, o); /* its old name was not seen again: it moved */
    }
    char abs[PATH_MAX];
    if (snprintf(abs, sizeof(abs), "%s/%s%s", d->root, reldir, reldir[0] ? "/" : "") >=
        (int)sizeof(abs))
        return 1;
    if (!inotifytools_watch_file(abs, DIR_MASK)) {
        int err = inotifytools_error();
        if (err == ENOSPC && !d->warned_limit) {
            d->warned_limit = true;
            log_error(MOD, "inotify watch limit reached (fs.inotify.max_user_watches): changes "
                           "in \"%s\" and other new folders are only seen by the periodic rescan",
                      reldir);
        } else if (err != ENOSPC) {
            log_warn(MOD, "cannot watch folder \"%s\": %s", reldir, strerror(err));
        }
        return 0;
    }
    int wd = inotifytools_wd_from_filename(abs);
    char wdkey[16];
    snprintf(wdkey, sizeof(wdkey), "%d", wd);
    if (wd < 0 || strmap_get(d->by_wd, wdkey)) {
        /* A name clash with a dead library entry not yet reported: start over. */
        log_debug(MOD, "folder \"%s\": watch descriptor unknown — restarting the session", reldir);
        d->need_reinit = true;
        return 0;
    }
    w = calloc(1, sizeof(*w));
    if (!w || !(w->reldir = strdup(reldir))) {
        free(w);
        return 0;
    }
    w->wd = wd;
    w->dev = dev;
    w->ino = ino;
    w->gen = d->gen;
    memcpy(w->wdkey, wdkey, sizeof(wdkey));
    memcpy(w->dikey, dikey, sizeof(dikey));
    if (strmap_put(d->by_rel, w->reldir, w, NULL) != 0 ||
        strmap_put(d->by_wd, w->wdkey, w, NULL) != 0 ||
        strmap_put(d->by_devino, w->dikey, w, NULL) != 0) {
        drop_record(d, w);
        inotifytools_remove_watch_by_wd(wd);
    }
    return 0;
}

static struct wdir *by_wd(const struct wdirs *d, int wd)
{
    char key[16];
    snprintf(key, sizeof(key), "%d", wd);
    return strmap_get(d->by_wd, key);
}

const char *wdirs_reldir(const struct wdirs *d, int wd)
{
    struct wdir *w = by_wd(d, wd);
    return w && !w->dead ? w->reldir : NULL;
}

bool wdirs_is_wake(const struct wdirs *d, int wd) { return d->wake_wd >= 0 && wd == d->wake_wd; }

bool wdirs_is_root(const struct wdirs *d, int wd)
{
    struct wdir *w = by_wd(d, wd);
    return w && !w->dead && w->reldir[0] == '\0';
}

void wdirs_remove_under(struct wdirs *d, const char *reldir, bool deleted)
{
    size_t len = strlen(reldir);
    struct strmap_iter it = { 0 };
    const char *key;
    void *v;
    while (strmap_next(d->by_rel, &it, &key, &v)) {
        if (len == 0 || (strncmp(key, reldir, len) == 0 && (key[len] == '\0' || key[len] == '/'))) {
            if (deleted)
                mark_dead(d, v);
            else
                rm_watch(d, v);
        }
    }
}

void wdirs_forget_wd(struct wdirs *d, int wd)
{
    struct wdir *w = by_wd(d, wd);
    if (w)
        drop_record(d, w);
    if (!d->ok)
        return;
    const char *name = inotifytools_filename_from_wd(wd);
    if (!name || !name[0])
        return; /* the library already forgot it (we removed it ourselves) */
    /* Rename the dead entry: old name + "\x01" + a fixed-width number that
     * decreases with each death, so it sorts right after the old name and
     * before any earlier dead entry of the same name (see the file comment). */
    char *unique = NULL;
    d->dead_seq++;
    if (asprintf(&unique, "%s\x01%020" PRIu64, name, UINT64_MAX - d->dead_seq) < 0)
        return;
    inotifytools_set_filename_by_wd(wd, unique);
    free(unique);
    d->dead++;
}

size_t wdirs_count(const struct wdirs *d) { return strmap_count(d->by_rel); }
size_t wdirs_dead_count(const struct wdirs *d) { return d->dead; }
bool wdirs_need_reinit(const struct wdirs *d) { return d->need_reinit; }

void wdirs_wake(struct wdirs *d)
{
    if (d->wake_fd >= 0)
        futimens(d->wake_fd, NULL);
}
