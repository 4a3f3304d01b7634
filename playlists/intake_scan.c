/* intake_scan.c — reconciling scan results with the intake state, the
 * root-gone reset, and the pending/rejected snapshot. See intake.h. */
#include "playlists/intake_priv.h"

#include <stdlib.h>
#include <string.h>

#include "player/log.h"
#include "playlists/natsort.h"

#define MOD INTAKE_MOD

/* A file mtime this far in the future means the clock is wrong (no RTC, no
 * network time): such a file is treated as old rather than as "just written". */
#define CLOCK_SKEW_NS (60 * 1000000000LL)

/* Forget everything without reporting anything. */
static void forget_all(struct intake *in)
{
    struct strmap_iter it = { 0 };
    void *v;
    while (strmap_next(in->files, &it, NULL, &v))
        intake_ent_forget(in, v, false);
    struct strmap_iter it2 = { 0 };
    const char *key;
    while (strmap_next(in->sidecars, &it2, &key, &v))
        intake_sidecar_forget(in, key, false);
    intake_drop_stash(in);
    in->dirty = true;
}

void intake_root_gone(struct intake *in, struct intake_time now)
{
    (void)now;
    forget_all(in);
    struct intake_change c = { .kind = INTAKE_RESET };
    if (in->cfg.report)
        in->cfg.report(in->cfg.report_user, &c);
}

static bool old_enough(const struct intake *in, int64_t mtime_ns, struct intake_time now)
{
    int64_t age = now.wall_ns - mtime_ns;
    return age >= in->cfg.settle_ns || age < -CLOCK_SKEW_NS;
}

static int file_ptr_cmp(const void *a, const void *b)
{
    return natsort_cmp((*(const struct scan_file *const *)a)->relpath,
                       (*(const struct scan_file *const *)b)->relpath);
}

static void startup(struct intake *in, const struct scan_file *files, size_t n_files,
                    const struct scan_file *sidecars, size_t n_sidecars, struct intake_time now)
{
    forget_all(in);
    struct intake_entry *list = malloc((n_files ? n_files : 1) * sizeof(*list));
    const struct scan_file **order = malloc((n_files ? n_files : 1) * sizeof(*order));
    size_t n_ready = 0;
    for (size_t i = 0; i < n_files; i++) {
        const struct scan_file *f = &files[i];
        struct ientry *e = intake_ent_new(in, f->relpath);
        if (!e)
            continue;
        e->size = f->size;
        e->mtime_ns = f->mtime_ns;
        e->last_change = now.mono_ns;
        if (f->size == 0) {
            intake_ent_reject(in, e, "empty file (0 bytes)", now);
        } else if (old_enough(in, f->mtime_ns, now) && list && order) {
            e->verified = false;
            intake_ent_set_state(in, e, INTAKE_READY, now);
            e->reported = true;
            order[n_ready++] = f;
        } else {
            intake_ent_set_state(in, e, INTAKE_SETTLING, now);
        }
    }
    for (size_t i = 0; i < n_sidecars; i++) {
        struct isidecar *s = calloc(1, sizeof(*s));
        if (s)
            s->relpath = strdup(sidecars[i].relpath);
        if (!s || !s->relpath || strmap_put(in->sidecars, s->relpath, s, NULL) != 0) {
            if (s)
                free(s->relpath);
            free(s);
            continue;
        }
        s->size = sidecars[i].size;
        s->mtime_ns = sidecars[i].mtime_ns;
    }
    if (n_ready > 1)
        qsort(order, n_ready, sizeof(*order), file_ptr_cmp);
    for (size_t i = 0; i < n_ready; i++)
        list[i] = (struct intake_entry){ .relpath = order[i]->relpath, .size = order[i]->size,
                                         .mtime_ns = order[i]->mtime_ns, .probed = false };
    struct intake_change c = { .kind = INTAKE_RESET, .entries = list, .n_entries = n_ready };
    if (in->cfg.report)
        in->cfg.report(in->cfg.report_user, &c);
    free(order);
    free(list);
}

/* One listed file that may or may not be known. */
static void reconcile_file(struct intake *in, const struct scan_file *f, enum intake_scan_kind kind,
                           struct intake_time now)
{
    struct ientry *e = strmap_get(in->files, f->relpath);
    if (!e) {
        e = intake_ent_new(in, f->relpath);
        if (e)
            intake_ent_resettle(in, e, f->size, f->mtime_ns, now);
        return;
    }
    bool changed = f->size != e->size || f->mtime_ns != e->mtime_ns;
    if (e->state == INTAKE_PENDING) {
        if (kind == INTAKE_SCAN_LOST) {
            /* Its close event may have been lost: settling re-checks it. */
            intake_ent_resettle(in, e, f->size, f->mtime_ns, now);
        } else if (changed) {
            e->size = f->size;
            e->mtime_ns = f->mtime_ns;
            intake_ent_go_pending(in, e, now);
        }
        return;
    }
    if (changed)
        intake_ent_resettle(in, e, f->size, f->mtime_ns, now);
}

static void reconcile(struct intake *in, const char *under, const struct scan_file *files,
                      size_t n_files, const struct scan_file *sidecars, size_t n_sidecars,
                      enum intake_scan_kind kind, struct intake_time now)
{
    size_t ul = strlen(under);
    /* What the scan saw, for the "known but gone" pass. */
    struct strmap *seen = strmap_new();
    if (!seen) {
        log_error(MOD, "out of memory reconciling a scan");
        return;
    }
    bool ok = true;
    for (size_t i = 0; i < n_files && ok; i++)
        ok = strmap_put(seen, files[i].relpath, (void *)&files[i], NULL) == 0;
    for (size_t i = 0; i < n_sidecars && ok; i++)
        ok = strmap_put(seen, sidecars[i].relpath, (void *)&sidecars[i], NULL) == 0;
    if (!ok) {
        log_error(MOD, "out of memory reconciling a scan");
        strmap_free(seen);
        return;
    }
    struct strmap_iter it = { 0 };
    const char *key;
    void *v;
    size_t gone = 0;
    while (strmap_next(in->files, &it, &key, &v)) {
        if (intake_under(key, under, ul) && !strmap_get(seen, key)) {
            struct ientry *e = v;
            if (e->reported)
                log_info(MOD, "\"%s\" is gone — off the playlist", key);
            intake_ent_forget(in, e, true);
            gone++;
        }
    }
    struct strmap_iter it2 = { 0 };
    while (strmap_next(in->sidecars, &it2, &key, &v))
        if (intake_under(key, under, ul) && !strmap_get(seen, key))
            intake_sidecar_forget(in, key, true);
    strmap_free(seen);
    for (size_t i = 0; i < n_files; i++)
        reconcile_file(in, &files[i], kind, now);
    for (size_t i = 0; i < n_sidecars; i++)
        intake_sidecar_seen(in, sidecars[i].relpath, sidecars[i].size, sidecars[i].mtime_ns, false);
    if (gone)
        log_verbose(MOD, "scan of \"%s\": %zu known files were gone", ul ? under : ".", gone);
}

void intake_scanned(struct intake *in, const char *under, const struct scan_file *files,
                    size_t n_files, const struct scan_file *sidecars, size_t n_sidecars,
                    enum intake_scan_kind kind, struct intake_time now)
{
    if (!under)
        under = "";
    if (kind == INTAKE_SCAN_STARTUP)
        startup(in, files, n_files, sidecars, n_sidecars, now);
    else
        reconcile(in, under, files, n_files, sidecars, n_sidecars, kind, now);
}

/* ---- snapshot -------------------------------------------------------------- */

static int item_cmp(const void *a, const void *b)
{
    return natsort_cmp(((const struct intake_snapshot_item *)a)->relpath,
                       ((const struct intake_snapshot_item *)b)->relpath);
}

void intake_snapshot_free(struct intake_snapshot *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_pending; i++)
        free(s->pending[i].relpath);
    for (size_t i = 0; i < s->n_rejected; i++) {
        free(s->rejected[i].relpath);
        free(s->rejected[i].reason);
    }
    free(s->pending);
    free(s->rejected);
    free(s);
}

struct intake_snapshot *intake_snapshot(const struct intake *in)
{
    struct intake_snapshot *s = calloc(1, sizeof(*s));
    size_t total = strmap_count(in->files);
    if (!s)
        return NULL;
    s->pending = calloc(total ? total : 1, sizeof(*s->pending));
    s->rejected = calloc(total ? total : 1, sizeof(*s->rejected));
    if (!s->pending || !s->rejected) {
        intake_snapshot_free(s);
        return NULL;
    }
    struct strmap_iter it = { 0 };
    void *v;
    bool oom = false;
    while (strmap_next(in->files, &it, NULL, &v)) {
        const struct ientry *e = v;
        struct intake_snapshot_item *item;
        if (e->state == INTAKE_READY)
            continue;
        if (e->state == INTAKE_REJECTED)
            item = &s->rejected[s->n_rejected++];
        else
            item = &s->pending[s->n_pending++];
        *item = (struct intake_snapshot_item){
            .relpath = strdup(e->relpath),
            .state = e->state,
            .since_mono_ns = e->since_mono,
            .since_wall_ns = e->since_wall,
            .reason = e->state == INTAKE_REJECTED && e->reason ? strdup(e->reason) : NULL,
        };
        oom |= !item->relpath;
    }
    if (oom) {
        intake_snapshot_free(s);
        return NULL;
    }
    qsort(s->pending, s->n_pending, sizeof(*s->pending), item_cmp);
    qsort(s->rejected, s->n_rejected, sizeof(*s->rejected), item_cmp);
    return s;
}
