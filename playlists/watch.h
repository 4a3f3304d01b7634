/* watch.h — the watched folder: a watcher thread (libinotifytools) and a
 * prober thread that keep the player's playlist equal to the playable files
 * under MEDIA_DIR, live, without ever offering a half-copied file.
 *
 * The watcher lists MEDIA_DIR, watches every folder (new ones too), feeds
 * the intake state machine (intake.h) with events, runs its timers, rescans
 * on IN_Q_OVERFLOW and every rescan interval, and polls once a second for a
 * missing root (unplugged USB stick) to come back. Settled files are probed
 * one at a time on the prober thread with the player's probe callback.
 *
 * What the player gets, through cfg.report (struct intake_change, intake.h):
 *   - first, always one RESET with the files ready at startup (old files go
 *     straight to ready and are confirmed by a background probe; one that
 *     fails is then REMOVEd — see intake.h for this choice);
 *   - ADD (an upsert: also sent when a startup file is confirmed, probed=1),
 *     REMOVE, RESET (the root vanished: empty; it came back: the new list);
 *   - SIDECAR_ADD / _CHANGE / _REMOVE for subtitle files (after a RESET,
 *     forget what you knew about sidecars and look again when opening);
 *   - STATE: a coalesced hint that watch_snapshot() has changed.
 *
 * One per process: libinotifytools keeps its state in globals, so
 * watch_start() fails (and logs) while another watcher is running.
 *
 * Ownership: watch_start() → watch_stop() by the player; the config is
 * copied. Threading: start/stop/snapshot/rescan/stats from any one owner
 * thread (the main thread). cfg.report and cfg.probe are called on the
 * watcher and prober threads — report with the watcher's lock held, so it
 * must be quick (queue a command, wake the core) and must not call watch_*
 * (and the owner must not call watch_* while holding a lock that report
 * takes: lock order is watcher → player queue); probe runs unlocked and
 * must be time-limited.
 */
#ifndef VITRINA_PLAYLISTS_WATCH_H
#define VITRINA_PLAYLISTS_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "playlists/intake.h"
#include "playlists/prober.h"

#define WATCH_DEFAULT_RESCAN_NS (60 * 1000000000LL)

typedef void (*watch_report_fn)(void *user, const struct intake_change *c);

struct watch_config {
    const char *root;                 /* MEDIA_DIR */
    int64_t settle_ns;                /* 0 → 2 s */
    int64_t stale_pending_ns;         /* 0 → intake's default (5 min) */
    int64_t rescan_interval_ns;       /* periodic rescan; 0 = off */
    const char *const *ignore_extra;  /* extra fnmatch patterns (ignore.h) */
    size_t n_ignore_extra;
    prober_probe_fn probe;            /* required */
    void *probe_user;
    watch_report_fn report;           /* required */
    void *report_user;
};

struct watch_stats {
    uint64_t events;       /* inotify events handled */
    uint64_t overflows;    /* IN_Q_OVERFLOW seen */
    uint64_t full_scans;   /* listings of the whole tree (startup, rescans, …) */
    uint64_t root_losses;  /* times the root vanished */
    size_t folders;        /* folders watched now */
    bool root_present;
};

struct watch;

/* Start both threads. The initial listing happens on the watcher thread and
 * arrives as the first RESET. NULL (logged) on bad config, when another
 * watcher exists, or when threads cannot start. A missing root is not an
 * error: the list stays empty until it appears. */
struct watch *watch_start(const struct watch_config *cfg);

/* Stop both threads (within about a second, plus a probe in progress), free
 * everything. No report is delivered after it returns. NULL is allowed. */
void watch_stop(struct watch *w);

/* Pending and rejected files (intake.h); free with intake_snapshot_free().
 * NULL when out of memory. */
struct intake_snapshot *watch_snapshot(struct watch *w);

/* Ask for a full rescan soon (e.g. from a staff command). */
void watch_rescan(struct watch *w);

/* A copy of the counters (takes the watcher's lock briefly). */
void watch_get_stats(struct watch *w, struct watch_stats *out);

#endif
