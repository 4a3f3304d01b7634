/* intake_priv.h — internals shared by intake.c (events, timers, probes) and
 * intake_scan.c (scan reconciliation, snapshot). Not for other modules.
 * Threading and ownership: as intake.h (one owner, serialised calls).
 */
#ifndef VITRINA_PLAYLISTS_INTAKE_PRIV_H
#define VITRINA_PLAYLISTS_INTAKE_PRIV_H

#include "playlists/intake.h"
#include "playlists/strmap.h"

#define INTAKE_MOD "intake"

enum { INTAKE_Q_NEW = 0, INTAKE_Q_VERIFY = 1 };

struct ientry {
    char *relpath;
    enum intake_state state;
    int64_t size, mtime_ns;         /* last observed */
    int64_t since_mono, since_wall; /* entered the current state */
    int64_t last_change;            /* mono time of the last observed change */
    int64_t deadline;               /* PENDING/SETTLING timer (mono) */
    uint64_t token;                 /* identifies the probe job in flight */
    bool verified;                  /* a probe said it plays */
    bool reported;                  /* an ADD went out (it is in the playlist) */
    int queue;                      /* INTAKE_Q_* or -1 */
    char *reason;                   /* REJECTED */
    struct ientry *qprev, *qnext;   /* probe queue */
    struct ientry *aprev, *anext;   /* active (timer) list */
    bool active;
};

struct isidecar {
    char *relpath;
    int64_t size, mtime_ns;
};

struct intake {
    struct intake_config cfg;
    struct strmap *files;    /* relpath → struct ientry */
    struct strmap *sidecars; /* relpath → struct isidecar */
    struct ientry *q_head[2], *q_tail[2];
    struct ientry *active;   /* PENDING + SETTLING entries */
    int64_t next_deadline;   /* a lower bound of the active deadlines */
    uint64_t token_seq;
    bool dirty;
    struct ientry *moved;    /* READY entry detached by MOVED_FROM */
    uint32_t moved_cookie;
};

/* Shared helpers (intake.c unless noted). */
void intake_ent_free(struct ientry *e);
void intake_queue_unlink(struct intake *in, struct ientry *e);
void intake_active_unlink(struct intake *in, struct ientry *e);
/* Report REMOVE if it was in the playlist. */
void intake_ent_unreport(struct intake *in, struct ientry *e);
/* Back to (or stay in) PENDING after a write; leaves the playlist. */
void intake_ent_go_pending(struct intake *in, struct ientry *e, struct intake_time now);
/* READY + ADD record. */
void intake_ent_make_ready(struct intake *in, struct ientry *e, bool verified,
                           struct intake_time now);
void intake_report(struct intake *in, enum intake_change_kind kind, const char *relpath,
                   int64_t size, int64_t mtime_ns, bool probed);
struct ientry *intake_ent_new(struct intake *in, const char *relpath);
void intake_ent_forget(struct intake *in, struct ientry *e, bool report);
/* Change state; also manages timers, probe queues and the dirty flag. */
void intake_ent_set_state(struct intake *in, struct ientry *e, enum intake_state st,
                          struct intake_time now);
/* Take the file's new stats and (re)start settling; removes it from the
 * playlist first if it was there. */
void intake_ent_resettle(struct intake *in, struct ientry *e, int64_t size, int64_t mtime_ns,
                         struct intake_time now);
void intake_ent_reject(struct intake *in, struct ientry *e, const char *reason,
                       struct intake_time now);
/* intake_events.c */
void intake_sidecar_seen(struct intake *in, const char *relpath, int64_t size, int64_t mtime_ns,
                         bool force_change);
void intake_sidecar_forget(struct intake *in, const char *relpath, bool report);
void intake_drop_stash(struct intake *in);
bool intake_under(const char *relpath, const char *dir, size_t dirlen);

#endif
