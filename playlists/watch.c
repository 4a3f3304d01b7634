/* watch.c — the watcher thread and the public watch API; see watch.h.
 * Folder watches live in watch_dirs.c, probing in prober.c, the rules in
 * intake*.c. */
#include "playlists/watch.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <inotifytools/inotify.h>
#include <inotifytools/inotifytools.h>

#include "player/log.h"
#include "playlists/alarm.h"
#include "playlists/pltime.h"
#include "playlists/scan.h"
#include "playlists/watch_dirs.h"

#define MOD "watch"
#define SEC 1000000000LL
#define ROOT_CHECK_NS SEC          /* how often the root is stat()ed */
#define HINT_MIN_GAP_NS (SEC / 5)  /* at most five STATE hints a second */
#define MAX_DEAD_WATCHES 256       /* restart the inotify session beyond this */
#define NO_INOTIFY_RESCAN_NS (10 * SEC) /* rescan period when inotify is unusable */

/* libinotifytools has process-wide state: one watcher per process. This flag
 * mirrors that library state; it is the only mutable file-scope variable of
 * playlists/. */
static atomic_flag watch_in_use = ATOMIC_FLAG_INIT;

struct watch {
    struct watch_config cfg;
    char *root;
    struct ignore *ign;
    struct wdirs *dirs;
    struct prober *prober;
    struct alarm *alarm; /* wakes the watcher for timers under a second */
    pthread_t thread;
    atomic_bool stop, rescan_req;

    pthread_mutex_t mu; /* guards everything below, and report delivery */
    struct intake *in;
    struct watch_stats stats;
    int64_t last_hint;
    bool hint_due;

    /* watcher thread only */
    dev_t root_dev;
    ino_t root_ino;
    int root_errno; /* last reason the root was unusable (logged once) */
    bool reinit_due;
    int64_t next_root_check, next_rescan;
};

static struct intake_time now_t(void)
{
    return (struct intake_time){ pltime_mono_ns(), pltime_wall_ns() };
}

/* ---- callbacks for intake and prober ------------------------------------- */

static int stat_cb(void *user, const char *relpath, struct intake_stat *out)
{
    const struct watch *w = user;
    char abs[PATH_MAX];
    struct stat st;
    if (snprintf(abs, sizeof(abs), "%s/%s", w->root, relpath) >= (int)sizeof(abs) ||
        stat(abs, &st) != 0)
        return -1;
    *out = (struct intake_stat){
        .size = (int64_t)st.st_size,
        .mtime_ns = (int64_t)st.st_mtim.tv_sec * SEC + st.st_mtim.tv_nsec,
        .is_dir = S_ISDIR(st.st_mode),
    };
    return 0;
}

static void report_cb(void *user, const struct intake_change *c)
{
    struct watch *w = user; /* called with w->mu held */
    w->cfg.report(w->cfg.report_user, c);
}

/* With w->mu held: send a STATE hint if the snapshot changed, rate-limited. */
static void hint_locked(struct watch *w, int64_t now)
{
    if (intake_take_dirty(w->in))
        w->hint_due = true;
    if (w->hint_due && now - w->last_hint >= HINT_MIN_GAP_NS) {
        struct intake_change c = { .kind = INTAKE_STATE };
        w->cfg.report(w->cfg.report_user, &c);
        w->hint_due = false;
        w->last_hint = now;
    }
}

static bool take_cb(void *user, char *buf, size_t buflen, uint64_t *token)
{
    struct watch *w = user;
    pthread_mutex_lock(&w->mu);
    bool ok = intake_take_probe(w->in, buf, buflen, token);
    pthread_mutex_unlock(&w->mu);
    return ok;
}

static void done_cb(void *user, const char *relpath, uint64_t token, int rc, const char *reason)
{
    struct watch *w = user;
    struct intake_time t = now_t();
    pthread_mutex_lock(&w->mu);
    intake_probe_done(w->in, relpath, token, rc == 0, reason, t);
    hint_locked(w, t.mono_ns);
    /* A rate-limited STATE hint left pending: wake the watcher when it is due
     * (otherwise the idle screen and intake-rejected lag by up to a second). */
    bool due = w->hint_due;
    int64_t at = w->last_hint + HINT_MIN_GAP_NS;
    pthread_mutex_unlock(&w->mu);
    if (due)
        alarm_set(w->alarm, at);
}

/* ---- scanning -------------------------------------------------------------- */

static void root_gone(struct watch *w, int err)
{
    bool was_present;
    pthread_mutex_lock(&w->mu);
    was_present = w->stats.root_present;
    if (was_present || w->root_errno == 0) {
        intake_root_gone(w->in, now_t());
        if (was_present)
            w->stats.root_losses++;
    }
    w->stats.root_present = false;
    w->stats.folders = 0;
    pthread_mutex_unlock(&w->mu);
    if (w->root_errno != err) {
        if (err == ENOENT || err == ENOTDIR)
            log_warn(MOD, "media folder \"%s\" is not there — waiting for it", w->root);
        else
            log_error(MOD, "cannot read media folder \"%s\": %s — retrying every second",
                      w->root, strerror(err));
    }
    w->root_errno = err;
    wdirs_reinit(w->dirs); /* drop every folder watch */
}

/* List the whole tree and hand it to intake as `kind`. With `reinit` the
 * inotify session starts from scratch first. */
static void full_scan(struct watch *w, enum intake_scan_kind kind, bool reinit)
{
    if (reinit || !wdirs_ok(w->dirs))
        wdirs_reinit(w->dirs);
    struct stat st;
    int err = stat(w->root, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
    if (err) {
        root_gone(w, err);
        return;
    }
    bool was_present = w->stats.root_present; /* only this thread writes it */
    if (!was_present)
        kind = INTAKE_SCAN_STARTUP;
    w->root_dev = st.st_dev;
    w->root_ino = st.st_ino;
    wdirs_begin_pass(w->dirs, true);
    struct scan_opts o = {
        .ign = w->ign, .on_dir = wdirs_on_dir, .user = w->dirs, .quiet = was_present,
    };
    int64_t t0 = pltime_mono_ns();
    struct scan_result *r = scan_tree(w->root, "", &o);
    if (!r) {
        root_gone(w, errno);
        return;
    }
    wdirs_sweep(w->dirs);
    size_t nf, ns;
    const struct scan_file *f = scan_files(r, &nf);
    const struct scan_file *s = scan_sidecars(r, &ns);
    struct intake_time t = now_t();
    pthread_mutex_lock(&w->mu);
    intake_scanned(w->in, "", f, nf, s, ns, kind, t);
    w->stats.full_scans++;
    w->stats.root_present = true;
    w->stats.folders = wdirs_count(w->dirs);
    size_t ready = intake_count(w->in, INTAKE_READY);
    size_t rejected = intake_count(w->in, INTAKE_REJECTED);
    hint_locked(w, t.mono_ns);
    pthread_mutex_unlock(&w->mu);
    double ms = (double)(pltime_mono_ns() - t0) / 1e6;
    if (kind == INTAKE_SCAN_STARTUP)
        log_info(MOD, "media folder \"%s\": %zu files ready, %zu waiting, %zu rejected, "
                      "%zu subtitle files, %zu folders (%.0f ms)",
                 w->root, ready, nf - ready - rejected, rejected, ns, scan_dir_count(r), ms);
    else
        log_verbose(MOD, "rescan: %zu files, %zu subtitle files, %zu folders (%.0f ms)", nf, ns,
                    scan_dir_count(r), ms);
    w->root_errno = 0;
    scan_result_free(r);
}

static void dir_added(struct watch *w, const char *reldir)
{
    if (ignore_dir_skipped(w->ign, reldir))
        return;
    wdirs_begin_pass(w->dirs, false);
    struct scan_opts o = { .ign = w->ign, .on_dir = wdirs_on_dir, .user = w->dirs, .quiet = true };
    struct scan_result *r = scan_tree(w->root, reldir, &o);
    if (!r)
        return; /* gone again already; its removal event follows */
    size_t nf, ns;
    const struct scan_file *f = scan_files(r, &nf);
    const struct scan_file *s = scan_sidecars(r, &ns);
    log_verbose(MOD, "new folder \"%s\": %zu files", reldir, nf);
    pthread_mutex_lock(&w->mu);
    intake_scanned(w->in, reldir, f, nf, s, ns, INTAKE_SCAN_SUBTREE, now_t());
    w->stats.folders = wdirs_count(w->dirs);
    pthread_mutex_unlock(&w->mu);
    scan_result_free(r);
}

/* `deleted`: the kernel drops (or dropped) the watches itself. */
static void dir_removed(struct watch *w, const char *reldir, bool deleted)
{
    wdirs_remove_under(w->dirs, reldir, deleted);
    pthread_mutex_lock(&w->mu);
    intake_remove_under(w->in, reldir, now_t());
    w->stats.folders = wdirs_count(w->dirs);
    pthread_mutex_unlock(&w->mu);
}

/* ---- events ------------------------------------------------------------------ */

static bool is_dir_path(const struct watch *w, const char *relpath)
{
    struct intake_stat st;
    return stat_cb((void *)w, relpath, &st) == 0 && st.is_dir;
}

static void handle_event(struct watch *w, const struct inotify_event *ev)
{
    uint32_t m = ev->mask;
    if (m & IN_Q_OVERFLOW) {
        log_warn(MOD, "too many changes at once (inotify queue overflow) — rescanning");
        pthread_mutex_lock(&w->mu);
        w->stats.overflows++;
        pthread_mutex_unlock(&w->mu);
        w->reinit_due = true;
        return;
    }
    if (wdirs_is_wake(w->dirs, ev->wd))
        return;
    if (m & IN_IGNORED) {
        bool root = wdirs_is_root(w->dirs, ev->wd);
        wdirs_forget_wd(w->dirs, ev->wd);
        if (root)
            w->next_root_check = 0; /* look at it now */
        return;
    }
    const char *dir = wdirs_reldir(w->dirs, ev->wd);
    if (!dir)
        return; /* a watch we already dropped */
    char rel[PATH_MAX];
    if (m & (IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)) {
        if (!dir[0]) {
            w->next_root_check = 0;
        } else {
            snprintf(rel, sizeof(rel), "%s", dir);
            dir_removed(w, rel, !(m & IN_MOVE_SELF));
        }
        return;
    }
    if (!ev->len || !ev->name[0])
        return;
    if (snprintf(rel, sizeof(rel), "%s%s%s", dir, dir[0] ? "/" : "", ev->name) >= (int)sizeof(rel))
        return;
    if ((m & (IN_CREATE | IN_MOVED_TO)) && ((m & IN_ISDIR) || is_dir_path(w, rel))) {
        dir_added(w, rel); /* a folder, or a symlink to one */
        return;
    }
    if ((m & IN_ISDIR) && (m & (IN_DELETE | IN_MOVED_FROM))) {
        dir_removed(w, rel, m & IN_DELETE);
        return;
    }
    if (m & IN_ISDIR)
        return;
    enum intake_event kind;
    if (m & IN_DELETE)
        kind = INTAKE_EV_DELETE;
    else if (m & IN_MOVED_FROM)
        kind = INTAKE_EV_MOVED_FROM;
    else if (m & IN_MOVED_TO)
        kind = INTAKE_EV_MOVED_TO;
    else if (m & IN_CLOSE_WRITE)
        kind = INTAKE_EV_CLOSE_WRITE;
    else if (m & IN_CREATE)
        kind = INTAKE_EV_CREATE;
    else if (m & IN_MODIFY)
        kind = INTAKE_EV_MODIFY;
    else if (m & IN_ATTRIB)
        kind = INTAKE_EV_ATTRIB;
    else
        return;
    pthread_mutex_lock(&w->mu);
    intake_file_event(w->in, rel, kind, ev->cookie, now_t());
    pthread_mutex_unlock(&w->mu);
    if (kind == INTAKE_EV_DELETE || kind == INTAKE_EV_MOVED_FROM)
        wdirs_remove_under(w->dirs, rel, false); /* it may have been a symlinked folder */
}

/* ---- the watcher thread ------------------------------------------------------- */

/* Is the root still the folder we are watching? */
static void root_check(struct watch *w)
{
    struct stat st;
    int err = stat(w->root, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
    bool present = err == 0;
    if (!w->stats.root_present) {
        if (present) {
            if (w->root_errno == ENOENT || w->root_errno == ENOTDIR)
                log_info(MOD, "media folder \"%s\" is back — rescanning", w->root);
            full_scan(w, INTAKE_SCAN_STARTUP, true);
        }
        return;
    }
    if (!present) {
        root_gone(w, err);
    } else if (st.st_dev != w->root_dev || st.st_ino != w->root_ino) {
        log_info(MOD, "media folder \"%s\" was replaced or (un)mounted — rescanning", w->root);
        full_scan(w, INTAKE_SCAN_STARTUP, true);
    }
}

static void housekeeping(struct watch *w)
{
    int64_t now = pltime_mono_ns();
    if (w->reinit_due || wdirs_need_reinit(w->dirs)) {
        w->reinit_due = false;
        full_scan(w, INTAKE_SCAN_LOST, true);
    }
    if (now >= w->next_root_check) {
        w->next_root_check = now + ROOT_CHECK_NS;
        root_check(w);
    }
    int64_t interval = w->cfg.rescan_interval_ns;
    if (!wdirs_ok(w->dirs) && (interval <= 0 || interval > NO_INOTIFY_RESCAN_NS))
        interval = NO_INOTIFY_RESCAN_NS; /* no events at all: poll */
    bool asked = atomic_exchange(&w->rescan_req, false);
    if (asked || (interval > 0 && now >= w->next_rescan)) {
        w->next_rescan = now + interval;
        if (w->stats.root_present) {
            pthread_mutex_lock(&w->mu);
            bool writing = intake_count(w->in, INTAKE_PENDING) > 0;
            pthread_mutex_unlock(&w->mu);
            /* Restarting the session drops queued events: not while a file is
             * being written (its close event must not be lost). */
            bool reinit = wdirs_dead_count(w->dirs) > MAX_DEAD_WATCHES && !writing;
            full_scan(w, reinit ? INTAKE_SCAN_LOST : INTAKE_SCAN_PERIODIC, reinit);
        }
    }
    struct intake_time t = now_t();
    pthread_mutex_lock(&w->mu);
    intake_tick(w->in, t);
    bool work = intake_has_probe_work(w->in);
    hint_locked(w, t.mono_ns);
    int64_t next = intake_next_deadline(w->in);
    if (w->hint_due && w->last_hint + HINT_MIN_GAP_NS < next)
        next = w->last_hint + HINT_MIN_GAP_NS;
    pthread_mutex_unlock(&w->mu);
    if (interval > 0 && w->next_rescan < next)
        next = w->next_rescan;
    if (work)
        prober_kick(w->prober);
    if (next - t.mono_ns < SEC) /* next_event() waits a second anyway */
        alarm_set(w->alarm, next);
}

static void alarm_fired(void *user)
{
    struct watch *w = user;
    wdirs_wake(w->dirs);
}

static void *watcher_main(void *arg)
{
    struct watch *w = arg;
    full_scan(w, INTAKE_SCAN_STARTUP, true);
    w->next_root_check = pltime_mono_ns() + ROOT_CHECK_NS;
    w->next_rescan = pltime_mono_ns() + w->cfg.rescan_interval_ns;
    housekeeping(w); /* start probing right away */
    int last_err = 0;
    while (!atomic_load(&w->stop)) {
        struct inotify_event *ev = NULL;
        if (wdirs_ok(w->dirs)) {
            ev = inotifytools_next_event(1); /* whole seconds only */
            int err = ev ? 0 : inotifytools_error();
            if (err && err != EINTR) {
                if (err != last_err)
                    log_error(MOD, "inotify read failed: %s — restarting the watch",
                              strerror(err));
                w->reinit_due = true;
                nanosleep(&(struct timespec){ 1, 0 }, NULL); /* do not spin on it */
            }
            if (ev)
                last_err = 0;
            else if (err && err != EINTR)
                last_err = err;
        } else {
            nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
        }
        if (atomic_load(&w->stop))
            break;
        if (ev) {
            handle_event(w, ev);
            pthread_mutex_lock(&w->mu);
            w->stats.events++;
            pthread_mutex_unlock(&w->mu);
        }
        housekeeping(w);
    }
    return NULL;
}

/* ---- public API -------------------------------------------------------------- */

static void watch_free(struct watch *w)
{
    intake_free(w->in);
    wdirs_free(w->dirs);
    ignore_free(w->ign);
    free(w->root);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

struct watch *watch_start(const struct watch_config *cfg)
{
    if (!cfg->root || !cfg->root[0] || !cfg->probe || !cfg->report) {
        log_error(MOD, "watch_start: root, probe and report are required");
        return NULL;
    }
    if (atomic_flag_test_and_set(&watch_in_use)) {
        log_error(MOD, "only one folder watcher can run per process");
        return NULL;
    }
    struct watch *w = calloc(1, sizeof(*w));
    if (!w) {
        atomic_flag_clear(&watch_in_use);
        return NULL;
    }
    pthread_mutex_init(&w->mu, NULL);
    w->cfg = *cfg;
    w->root = strdup(cfg->root);
    if (w->root) {
        size_t len = strlen(w->root);
        while (len > 1 && w->root[len - 1] == '/')
            w->root[--len] = '\0';
    }
    w->cfg.root = w->root;
    w->cfg.ignore_extra = NULL; /* copied into w->ign */
    w->ign = ignore_new(cfg->ignore_extra, cfg->n_ignore_extra);
    w->dirs = w->root ? wdirs_new(w->root) : NULL;
    struct intake_config icfg = {
        .settle_ns = cfg->settle_ns,
        .stale_pending_ns = cfg->stale_pending_ns,
        .ign = w->ign,
        .stat = stat_cb,
        .stat_user = w,
        .report = report_cb,
        .report_user = w,
    };
    w->in = w->ign ? intake_new(&icfg) : NULL;
    if (!w->root || !w->ign || !w->dirs || !w->in) {
        log_error(MOD, "out of memory starting the folder watcher");
        watch_free(w);
        atomic_flag_clear(&watch_in_use);
        return NULL;
    }
    struct prober_ops ops = {
        .root = w->root, .take = take_cb, .done = done_cb, .user = w,
        .probe = cfg->probe, .probe_user = cfg->probe_user,
    };
    w->prober = prober_start(&ops);
    w->alarm = alarm_start(alarm_fired, w);
    int err = w->prober && w->alarm ? pthread_create(&w->thread, NULL, watcher_main, w) : -1;
    if (err) {
        if (err > 0)
            log_error(MOD, "cannot start the watcher thread: %s", strerror(err));
        alarm_stop(w->alarm);
        prober_stop(w->prober);
        watch_free(w);
        atomic_flag_clear(&watch_in_use);
        return NULL;
    }
    return w;
}

void watch_stop(struct watch *w)
{
    if (!w)
        return;
    atomic_store(&w->stop, true);
    wdirs_wake(w->dirs);
    pthread_join(w->thread, NULL);
    alarm_stop(w->alarm);   /* after the watcher: it arms the alarm */
    prober_stop(w->prober); /* and kicks the prober */
    watch_free(w);          /* the inotify session ends here, after the join */
    atomic_flag_clear(&watch_in_use);
}

struct intake_snapshot *watch_snapshot(struct watch *w)
{
    pthread_mutex_lock(&w->mu);
    struct intake_snapshot *s = intake_snapshot(w->in);
    pthread_mutex_unlock(&w->mu);
    return s;
}

void watch_rescan(struct watch *w)
{
    atomic_store(&w->rescan_req, true);
    wdirs_wake(w->dirs);
}

void watch_get_stats(struct watch *w, struct watch_stats *out)
{
    pthread_mutex_lock(&w->mu);
    *out = w->stats;
    pthread_mutex_unlock(&w->mu);
}
