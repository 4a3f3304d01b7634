/* intake.c — the intake state machine: file events, timers, probe results.
 * See intake.h for the states and rules; intake_scan.c reconciles scans. */
#include "playlists/intake_priv.h"

#include <stdlib.h>
#include <string.h>

#include "player/log.h"

#define MOD INTAKE_MOD

const char *intake_state_name(enum intake_state st)
{
    switch (st) {
    case INTAKE_PENDING: return "pending";
    case INTAKE_SETTLING: return "settling";
    case INTAKE_PROBING: return "probing";
    case INTAKE_READY: return "ready";
    case INTAKE_REJECTED: return "rejected";
    }
    return "?";
}

struct intake *intake_new(const struct intake_config *cfg)
{
    struct intake *in = calloc(1, sizeof(*in));
    if (!in)
        return NULL;
    in->cfg = *cfg;
    if (in->cfg.settle_ns <= 0)
        in->cfg.settle_ns = INTAKE_DEFAULT_SETTLE_NS;
    if (in->cfg.stale_pending_ns <= 0)
        in->cfg.stale_pending_ns = INTAKE_DEFAULT_STALE_PENDING_NS;
    in->files = strmap_new();
    in->sidecars = strmap_new();
    in->next_deadline = INT64_MAX;
    if (!in->files || !in->sidecars) {
        intake_free(in);
        return NULL;
    }
    return in;
}

void intake_ent_free(struct ientry *e)
{
    if (!e)
        return;
    free(e->relpath);
    free(e->reason);
    free(e);
}

void intake_free(struct intake *in)
{
    if (!in)
        return;
    struct strmap_iter it = { 0 };
    void *v;
    while (in->files && strmap_next(in->files, &it, NULL, &v))
        intake_ent_free(v);
    struct strmap_iter it2 = { 0 };
    while (in->sidecars && strmap_next(in->sidecars, &it2, NULL, &v)) {
        free(((struct isidecar *)v)->relpath);
        free(v);
    }
    strmap_free(in->files);
    strmap_free(in->sidecars);
    intake_ent_free(in->moved);
    free(in);
}

void intake_report(struct intake *in, enum intake_change_kind kind, const char *relpath,
                   int64_t size, int64_t mtime_ns, bool probed)
{
    struct intake_change c = {
        .kind = kind,
        .e = { .relpath = relpath, .size = size, .mtime_ns = mtime_ns, .probed = probed },
    };
    if (in->cfg.report)
        in->cfg.report(in->cfg.report_user, &c);
}

bool intake_under(const char *relpath, const char *dir, size_t dirlen)
{
    if (dirlen == 0)
        return true;
    return strncmp(relpath, dir, dirlen) == 0 && relpath[dirlen] == '/';
}

/* ---- queues and timers ------------------------------------------------ */

void intake_queue_unlink(struct intake *in, struct ientry *e)
{
    if (e->queue < 0)
        return;
    int q = e->queue;
    if (e->qprev)
        e->qprev->qnext = e->qnext;
    else
        in->q_head[q] = e->qnext;
    if (e->qnext)
        e->qnext->qprev = e->qprev;
    else
        in->q_tail[q] = e->qprev;
    e->qprev = e->qnext = NULL;
    e->queue = -1;
}

static void queue_push(struct intake *in, struct ientry *e, int q)
{
    intake_queue_unlink(in, e);
    e->token = ++in->token_seq;
    e->queue = q;
    e->qprev = in->q_tail[q];
    e->qnext = NULL;
    if (in->q_tail[q])
        in->q_tail[q]->qnext = e;
    else
        in->q_head[q] = e;
    in->q_tail[q] = e;
}

void intake_active_unlink(struct intake *in, struct ientry *e)
{
    if (!e->active)
        return;
    if (e->aprev)
        e->aprev->anext = e->anext;
    else
        in->active = e->anext;
    if (e->anext)
        e->anext->aprev = e->aprev;
    e->aprev = e->anext = NULL;
    e->active = false;
}

static void active_arm(struct intake *in, struct ientry *e, int64_t deadline)
{
    if (!e->active) {
        e->aprev = NULL;
        e->anext = in->active;
        if (in->active)
            in->active->aprev = e;
        in->active = e;
        e->active = true;
    }
    e->deadline = deadline;
    if (deadline < in->next_deadline)
        in->next_deadline = deadline;
}

/* ---- entries ------------------------------------------------------------ */

struct ientry *intake_ent_new(struct intake *in, const char *relpath)
{
    struct ientry *e = calloc(1, sizeof(*e));
    if (!e)
        return NULL;
    e->relpath = strdup(relpath);
    e->queue = -1;
    e->state = INTAKE_PENDING;
    if (!e->relpath || strmap_put(in->files, e->relpath, e, NULL) != 0) {
        log_error(MOD, "out of memory tracking \"%s\"", relpath);
        intake_ent_free(e);
        return NULL;
    }
    in->dirty = true;
    return e;
}

void intake_ent_unreport(struct intake *in, struct ientry *e)
{
    if (!e->reported)
        return;
    e->reported = false;
    intake_report(in, INTAKE_REMOVE, e->relpath, e->size, e->mtime_ns, false);
}

void intake_ent_forget(struct intake *in, struct ientry *e, bool report)
{
    if (report)
        intake_ent_unreport(in, e);
    intake_queue_unlink(in, e);
    intake_active_unlink(in, e);
    strmap_del(in->files, e->relpath);
    if (e->state != INTAKE_READY)
        in->dirty = true;
    intake_ent_free(e);
}

void intake_ent_set_state(struct intake *in, struct ientry *e, enum intake_state st,
                          struct intake_time now)
{
    if (e->state != st || st == INTAKE_PENDING || st == INTAKE_SETTLING) {
        e->since_mono = now.mono_ns;
        e->since_wall = now.wall_ns;
    }
    if (e->state != st)
        log_trace(MOD, "\"%s\": %s → %s", e->relpath, intake_state_name(e->state),
                  intake_state_name(st));
    e->state = st;
    in->dirty = true;
    intake_queue_unlink(in, e);
    e->token = ++in->token_seq; /* any probe in flight is now stale */
    if (st != INTAKE_REJECTED) {
        free(e->reason);
        e->reason = NULL;
    }
    switch (st) {
    case INTAKE_PENDING:
        e->verified = false;
        active_arm(in, e, e->last_change + in->cfg.stale_pending_ns);
        break;
    case INTAKE_SETTLING:
        e->verified = false;
        active_arm(in, e, e->last_change + in->cfg.settle_ns);
        break;
    case INTAKE_PROBING:
        intake_active_unlink(in, e);
        queue_push(in, e, INTAKE_Q_NEW);
        break;
    case INTAKE_READY:
        intake_active_unlink(in, e);
        if (!e->verified)
            queue_push(in, e, INTAKE_Q_VERIFY);
        break;
    case INTAKE_REJECTED:
        intake_active_unlink(in, e);
        break;
    }
}

void intake_ent_resettle(struct intake *in, struct ientry *e, int64_t size, int64_t mtime_ns,
                         struct intake_time now)
{
    if (e->reported)
        log_info(MOD, "\"%s\" changed — off the playlist until it settles again", e->relpath);
    intake_ent_unreport(in, e);
    e->size = size;
    e->mtime_ns = mtime_ns;
    e->last_change = now.mono_ns;
    intake_ent_set_state(in, e, INTAKE_SETTLING, now);
}

void intake_ent_go_pending(struct intake *in, struct ientry *e, struct intake_time now)
{
    if (e->reported)
        log_info(MOD, "\"%s\" is being written — off the playlist until it settles", e->relpath);
    intake_ent_unreport(in, e);
    e->last_change = now.mono_ns;
    if (e->state == INTAKE_PENDING)
        active_arm(in, e, e->last_change + in->cfg.stale_pending_ns);
    else
        intake_ent_set_state(in, e, INTAKE_PENDING, now);
}

void intake_ent_reject(struct intake *in, struct ientry *e, const char *reason,
                       struct intake_time now)
{
    intake_ent_unreport(in, e);
    intake_ent_set_state(in, e, INTAKE_REJECTED, now);
    e->reason = strdup(reason && reason[0] ? reason : "not playable");
    log_info(MOD, "rejected \"%s\": %s", e->relpath, e->reason ? e->reason : "not playable");
}

void intake_ent_make_ready(struct intake *in, struct ientry *e, bool verified, struct intake_time now)
{
    e->verified = verified;
    intake_ent_set_state(in, e, INTAKE_READY, now);
    e->reported = true;
    intake_report(in, INTAKE_ADD, e->relpath, e->size, e->mtime_ns, verified);
}

/* ---- timers --------------------------------------------------------------- */

static void timer_due(struct intake *in, struct ientry *e, struct intake_time now)
{
    struct intake_stat st;
    if (in->cfg.stat(in->cfg.stat_user, e->relpath, &st) != 0 || st.is_dir) {
        intake_ent_forget(in, e, true);
        return;
    }
    if (e->state == INTAKE_PENDING) {
        /* No write event for stale_pending_ns: its close was lost (or the
         * writer keeps it open). Settling re-checks that it is stable. */
        log_verbose(MOD, "\"%s\": no close seen, but no write for %lld s — settling",
                    e->relpath, (long long)(in->cfg.stale_pending_ns / 1000000000));
        intake_ent_resettle(in, e, st.size, st.mtime_ns, now);
        return;
    }
    if (st.size != e->size || st.mtime_ns != e->mtime_ns) {
        e->size = st.size;
        e->mtime_ns = st.mtime_ns;
        e->last_change = now.mono_ns;
        active_arm(in, e, now.mono_ns + in->cfg.settle_ns);
        return;
    }
    if (st.size == 0)
        intake_ent_reject(in, e, "empty file (0 bytes)", now);
    else
        intake_ent_set_state(in, e, INTAKE_PROBING, now);
}

void intake_tick(struct intake *in, struct intake_time now)
{
    if (now.mono_ns < in->next_deadline)
        return;
    struct ientry *e = in->active;
    while (e) {
        struct ientry *n = e->anext; /* timer_due may unlink or free e */
        if (e->deadline <= now.mono_ns)
            timer_due(in, e, now);
        e = n;
    }
    int64_t next = INT64_MAX;
    for (e = in->active; e; e = e->anext)
        if (e->deadline < next)
            next = e->deadline;
    in->next_deadline = next;
}

int64_t intake_next_deadline(const struct intake *in) { return in->next_deadline; }

/* ---- probes ----------------------------------------------------------------- */

bool intake_has_probe_work(const struct intake *in)
{
    return in->q_head[INTAKE_Q_NEW] || in->q_head[INTAKE_Q_VERIFY];
}

bool intake_take_probe(struct intake *in, char *buf, size_t buflen, uint64_t *token)
{
    for (int q = INTAKE_Q_NEW; q <= INTAKE_Q_VERIFY; q++) {
        struct ientry *e;
        while ((e = in->q_head[q])) {
            intake_queue_unlink(in, e); /* the token stays: the job carries it */
            size_t len = strlen(e->relpath);
            if (len >= buflen) {
                intake_ent_reject(in, e, "path too long", (struct intake_time){ e->since_mono,
                                                                               e->since_wall });
                continue;
            }
            memcpy(buf, e->relpath, len + 1);
            *token = e->token;
            return true;
        }
    }
    return false;
}

void intake_probe_done(struct intake *in, const char *relpath, uint64_t token, bool ok,
                       const char *reason, struct intake_time now)
{
    struct ientry *e = strmap_get(in->files, relpath);
    if (!e || e->token != token || !(e->state == INTAKE_PROBING || e->state == INTAKE_READY))
        return; /* stale: changed, removed or re-queued meanwhile */
    struct intake_stat st;
    if (in->cfg.stat(in->cfg.stat_user, relpath, &st) != 0 || st.is_dir) {
        intake_ent_forget(in, e, true);
        return;
    }
    if (st.size != e->size || st.mtime_ns != e->mtime_ns) {
        intake_ent_resettle(in, e, st.size, st.mtime_ns, now);
        return;
    }
    e->token = ++in->token_seq;
    if (!ok) {
        if (e->reported)
            log_info(MOD, "\"%s\" failed its check — off the playlist", relpath);
        intake_ent_reject(in, e, reason, now);
        return;
    }
    if (e->state == INTAKE_PROBING)
        log_info(MOD, "new video ready: \"%s\"", relpath);
    intake_ent_make_ready(in, e, true, now);
}

size_t intake_count(const struct intake *in, enum intake_state st)
{
    size_t k = 0;
    struct strmap_iter it = { 0 };
    void *v;
    while (strmap_next(in->files, &it, NULL, &v))
        k += ((struct ientry *)v)->state == st;
    return k;
}

bool intake_take_dirty(struct intake *in)
{
    bool d = in->dirty;
    in->dirty = false;
    return d;
}
