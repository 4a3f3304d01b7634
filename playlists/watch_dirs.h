/* watch_dirs.h — the watcher's libinotifytools session: one inotify watch
 * per folder of MEDIA_DIR, the table folder ↔ watch descriptor, and a
 * private wake-up watch so other threads can interrupt the watcher's wait.
 *
 * libinotifytools keeps all of its state in globals (and next_event() in
 * function statics), so exactly one session may exist per process; the
 * watcher (watch.c) enforces that. Every function here except wdirs_wake()
 * must be called from the watcher thread only.
 *
 * Ownership: wdirs_new() → wdirs_free() by the watcher.
 */
#ifndef VITRINA_PLAYLISTS_WATCH_DIRS_H
#define VITRINA_PLAYLISTS_WATCH_DIRS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct wdirs;

/* `root` is copied. Opens the wake-up file; does not start a session yet.
 * NULL when out of memory. */
struct wdirs *wdirs_new(const char *root);
void wdirs_free(struct wdirs *d);

/* (Re)start the inotify session from scratch: no folder watched, only the
 * wake-up watch. Returns 0, or -1 (logged) when inotify is unavailable. */
int wdirs_reinit(struct wdirs *d);
bool wdirs_ok(const struct wdirs *d);

/* Passes over the tree: a FULL pass re-walks everything and wdirs_sweep()
 * then drops folders the pass did not see; a SUBTREE pass only adds. */
void wdirs_begin_pass(struct wdirs *d, bool full);
void wdirs_sweep(struct wdirs *d);

/* scan_opts.on_dir callback (user = struct wdirs *): watch `reldir` before it
 * is listed. Returns 0 to list it, 1 to skip it (already watched under
 * another name: a symlink alias or loop). */
int wdirs_on_dir(void *user, const char *reldir, dev_t dev, ino_t ino);

/* The folder (relative path, "" = root) of an event's wd; NULL if unknown
 * (a watch already dropped, or the wake-up watch). */
const char *wdirs_reldir(const struct wdirs *d, int wd);
bool wdirs_is_wake(const struct wdirs *d, int wd);
bool wdirs_is_root(const struct wdirs *d, int wd);

/* Drop the watches of `reldir` and every folder below it. "" drops all of
 * them. `deleted`: the folders were deleted, so the kernel drops the watches
 * itself (IN_IGNORED follows) and only our records go; otherwise (moved
 * away) the watches are removed. */
void wdirs_remove_under(struct wdirs *d, const char *reldir, bool deleted);

/* The kernel dropped watch `wd` (IN_IGNORED): forget it. */
void wdirs_forget_wd(struct wdirs *d, int wd);

/* Folders watched now. */
size_t wdirs_count(const struct wdirs *d);
/* Dead watches the library still remembers (see watch_dirs.c); the watcher
 * restarts the session when this grows large. */
size_t wdirs_dead_count(const struct wdirs *d);
/* A watch could not be matched to its descriptor: restart the session. */
bool wdirs_need_reinit(const struct wdirs *d);

/* Wake the watcher out of inotifytools_next_event(). Any thread. */
void wdirs_wake(struct wdirs *d);

#endif
