/* intake.h — the pure intake state machine of the watched folder.
 *
 * It decides when a file that appears in MEDIA_DIR may enter the playlist.
 * No threads, no inotify, no clock reads: callers pass file events, scan
 * results and the time in; file stats come through a callback (tests fake
 * both). Everything it decides comes out through the report callback as
 * change records, and probe work is pulled with intake_take_probe().
 *
 * States of a candidate file (relative path):
 *   PENDING   seen, still changing: created or modified and not closed yet.
 *             Waits for IN_CLOSE_WRITE / IN_MOVED_TO — a slow copy that
 *             pauses longer than the settle time stays here. Fallback: after
 *             `stale_pending_ns` without any change it moves on (a lost
 *             close event must not hide a file forever).
 *   SETTLING  closed (or found by a scan) and waiting until its size and
 *             mtime have not changed for `settle_ns` (checked with the stat
 *             callback when the timer runs out; a change restarts it).
 *   PROBING   handed to the prober (intake_take_probe), result pending.
 *   READY     in the playlist (an ADD record was reported).
 *   REJECTED  the probe said no (reason and since kept); retried only when
 *             the file's size or mtime changes.
 * Rules: ignored names (ignore.h) never enter; subtitle sidecars are tracked
 * separately and reported as SIDECAR_* records when complete (closed, moved
 * in, found by a scan), changed or removed. A READY file that is modified in
 * place is removed from the playlist at once and goes back to PENDING; a
 * deleted or moved-out file is removed at once and forgotten; a READY file
 * renamed inside the folder (same cookie, same size/mtime) keeps its state
 * under the new name without a new settle/probe. Zero-byte files are
 * rejected without probing ("empty file").
 *
 * Startup choice (documented trade-off): files found by the STARTUP scan
 * whose mtime is older than the settle time are reported READY at once, so
 * the first frame appears fast; they are still probed in the background and
 * removed (REMOVE record) and REJECTED if that probe fails. Newer files, and
 * files found by any later scan, go through SETTLING.
 *
 * Ownership: intake_new() → intake_free() by the caller. Strings passed in
 * are copied. Records passed to the report callback (and everything they
 * point to) are valid only during the call.
 * Threading: not thread-safe. The watcher serialises all calls with its own
 * lock; the callbacks are invoked synchronously from within intake calls and
 * must not call back into the same intake.
 */
#ifndef VITRINA_PLAYLISTS_INTAKE_H
#define VITRINA_PLAYLISTS_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "playlists/ignore.h"
#include "playlists/scan.h"

#define INTAKE_DEFAULT_SETTLE_NS (2 * 1000000000LL)
#define INTAKE_DEFAULT_STALE_PENDING_NS (300 * 1000000000LL)

enum intake_state {
    INTAKE_PENDING,
    INTAKE_SETTLING,
    INTAKE_PROBING,
    INTAKE_READY,
    INTAKE_REJECTED,
};
const char *intake_state_name(enum intake_state st); /* "pending", … */

/* File events, already reduced from inotify to one kind each. */
enum intake_event {
    INTAKE_EV_CREATE,
    INTAKE_EV_MODIFY,
    INTAKE_EV_ATTRIB,
    INTAKE_EV_CLOSE_WRITE,
    INTAKE_EV_MOVED_TO,
    INTAKE_EV_MOVED_FROM,
    INTAKE_EV_DELETE,
};

/* What a scan result means to intake_scanned(). */
enum intake_scan_kind {
    INTAKE_SCAN_STARTUP,  /* first listing, or the root came back: replaces
                             all state and reports one RESET */
    INTAKE_SCAN_SUBTREE,  /* a folder appeared (created or moved in) */
    INTAKE_SCAN_PERIODIC, /* rescan-interval reconciliation */
    INTAKE_SCAN_LOST,     /* events were lost (queue overflow): reconcile,
                             and PENDING files may have missed their close */
};

/* Change records for the player (and the subtitle code). */
enum intake_change_kind {
    INTAKE_ADD,            /* upsert: relpath, size, mtime, probed */
    INTAKE_REMOVE,         /* relpath */
    INTAKE_RESET,          /* the playlist is exactly entries[0..n_entries) */
    INTAKE_SIDECAR_ADD,    /* relpath of a complete subtitle file */
    INTAKE_SIDECAR_CHANGE, /* relpath: content changed */
    INTAKE_SIDECAR_REMOVE, /* relpath */
    INTAKE_STATE,          /* hint: the pending/rejected snapshot changed */
};

struct intake_entry {
    const char *relpath;
    int64_t size;
    int64_t mtime_ns;
    bool probed;
};

struct intake_change {
    enum intake_change_kind kind;
    struct intake_entry e;               /* ADD, REMOVE (relpath), SIDECAR_* */
    const struct intake_entry *entries;  /* RESET: natural order */
    size_t n_entries;
};

/* Time passed in by the caller: monotonic for timers, wall clock for
 * "since" and for the startup age test against file mtimes. */
struct intake_time {
    int64_t mono_ns;
    int64_t wall_ns;
};

struct intake_stat {
    int64_t size;
    int64_t mtime_ns;
    bool is_dir;
};

struct intake_config {
    int64_t settle_ns;        /* 0 → INTAKE_DEFAULT_SETTLE_NS */
    int64_t stale_pending_ns; /* 0 → INTAKE_DEFAULT_STALE_PENDING_NS */
    const struct ignore *ign; /* borrowed; NULL = built-in rules */
    /* Stat `relpath` (following symlinks). 0, or -1 when it is gone. */
    int (*stat)(void *user, const char *relpath, struct intake_stat *out);
    void *stat_user;
    void (*report)(void *user, const struct intake_change *c);
    void *report_user;
};

struct intake;

struct intake *intake_new(const struct intake_config *cfg); /* NULL on OOM */
void intake_free(struct intake *in);

/* A file event on `relpath` (a name inside a watched folder). `cookie`
 * pairs MOVED_FROM with MOVED_TO (0 if unknown). Ignored names are dropped
 * here. Deleting/moving away a path also drops everything under "relpath/"
 * (it may have been a symlinked folder). */
void intake_file_event(struct intake *in, const char *relpath, enum intake_event ev,
                       uint32_t cookie, struct intake_time now);

/* A folder was deleted or moved out: drop everything under it
 * (REMOVE for READY files, SIDECAR_REMOVE for sidecars). */
void intake_remove_under(struct intake *in, const char *reldir, struct intake_time now);

/* MEDIA_DIR itself vanished: forget everything, report RESET (empty). */
void intake_root_gone(struct intake *in, struct intake_time now);

/* Results of scanning `under` ("" = the whole tree): reconcile them with what
 * is known under it as described for each kind. Arrays are naturally sorted
 * or not — either works. */
void intake_scanned(struct intake *in, const char *under, const struct scan_file *files,
                    size_t n_files, const struct scan_file *sidecars, size_t n_sidecars,
                    enum intake_scan_kind kind, struct intake_time now);

/* Run timers (settle, stale pending). Cheap when nothing is due. */
void intake_tick(struct intake *in, struct intake_time now);
/* Monotonic time of the next timer, or INT64_MAX when none. */
int64_t intake_next_deadline(const struct intake *in);

/* Probe work, oldest first: new files (PROBING) before startup files still
 * to be confirmed. Copies the path into buf and returns true, with a token to
 * hand back; false when there is no work. (A path that does not fit in buf
 * is rejected as "path too long" instead of being handed out.) */
bool intake_take_probe(struct intake *in, char *buf, size_t buflen, uint64_t *token);
/* True when intake_take_probe() would return work. */
bool intake_has_probe_work(const struct intake *in);
/* The probe of `relpath` finished: ok, or failed with `reason`. Stale
 * results (the file changed or went away meanwhile) are ignored. */
void intake_probe_done(struct intake *in, const char *relpath, uint64_t token, bool ok,
                       const char *reason, struct intake_time now);

/* Counts per state (sidecars not included). */
size_t intake_count(const struct intake *in, enum intake_state st);

/* True once after any change to the pending/rejected sets. The intake never
 * reports INTAKE_STATE itself: its owner polls this and sends one coalesced
 * hint (so a flood of events does not become a flood of hints). */
bool intake_take_dirty(struct intake *in);

/* A copy of the pending (PENDING/SETTLING/PROBING) and rejected lists, each
 * naturally sorted. Free with intake_snapshot_free(). NULL on OOM. */
struct intake_snapshot_item {
    char *relpath;
    enum intake_state state;
    int64_t since_mono_ns;
    int64_t since_wall_ns;
    char *reason; /* rejected only */
};
struct intake_snapshot {
    struct intake_snapshot_item *pending;
    size_t n_pending;
    struct intake_snapshot_item *rejected;
    size_t n_rejected;
};
struct intake_snapshot *intake_snapshot(const struct intake *in);
void intake_snapshot_free(struct intake_snapshot *s);

#endif
