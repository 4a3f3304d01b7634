/* intake_events.c — file events: creation, writes, closes, renames, deletion.
 * See intake.h for the states and rules. */
#include "playlists/intake_priv.h"

#include <stdlib.h>
#include <string.h>

#include "player/log.h"

#define MOD INTAKE_MOD

void intake_sidecar_seen(struct intake *in, const char *relpath, int64_t size, int64_t mtime_ns,
                         bool force_change)
{
    struct isidecar *s = strmap_get(in->sidecars, relpath);
    if (s) {
        bool changed = force_change || s->size != size || s->mtime_ns != mtime_ns;
        s->size = size;
        s->mtime_ns = mtime_ns;
        if (changed)
            intake_report(in, INTAKE_SIDECAR_CHANGE, relpath, size, mtime_ns, false);
        return;
    }
    s = calloc(1, sizeof(*s));
    if (s)
        s->relpath = strdup(relpath);
    if (!s || !s->relpath || strmap_put(in->sidecars, s->relpath, s, NULL) != 0) {
        if (s)
            free(s->relpath);
        free(s);
        log_error(MOD, "out of memory tracking subtitle \"%s\"", relpath);
        return;
    }
    s->size = size;
    s->mtime_ns = mtime_ns;
    intake_report(in, INTAKE_SIDECAR_ADD, relpath, size, mtime_ns, false);
}

void intake_sidecar_forget(struct intake *in, const char *relpath, bool report)
{
    struct isidecar *s = strmap_del(in->sidecars, relpath);
    if (!s)
        return;
    if (report)
        intake_report(in, INTAKE_SIDECAR_REMOVE, s->relpath, s->size, s->mtime_ns, false);
    free(s->relpath);
    free(s);
}

static void sidecar_event(struct intake *in, const char *relpath, enum intake_event ev)
{
    struct intake_stat st;
    switch (ev) {
    case INTAKE_EV_DELETE:
    case INTAKE_EV_MOVED_FROM:
        intake_sidecar_forget(in, relpath, true);
        return;
    case INTAKE_EV_CREATE:
    case INTAKE_EV_MODIFY:
        return; /* wait until it is complete */
    case INTAKE_EV_ATTRIB:
    case INTAKE_EV_CLOSE_WRITE:
    case INTAKE_EV_MOVED_TO:
        if (in->cfg.stat(in->cfg.stat_user, relpath, &st) != 0 || st.is_dir)
            return;
        intake_sidecar_seen(in, relpath, st.size, st.mtime_ns, ev == INTAKE_EV_MOVED_TO);
        return;
    }
}

void intake_drop_stash(struct intake *in)
{
    intake_ent_free(in->moved);
    in->moved = NULL;
    in->moved_cookie = 0;
}

static void stash_moved(struct intake *in, struct ientry *e, uint32_t cookie)
{
    intake_ent_unreport(in, e);
    intake_queue_unlink(in, e);
    intake_active_unlink(in, e);
    strmap_del(in->files, e->relpath);
    intake_drop_stash(in);
    in->moved = e;
    in->moved_cookie = cookie;
}

/* MOVED_TO with the cookie of a stashed READY entry: same file, new name. */
static bool unstash_moved(struct intake *in, const char *relpath, uint32_t cookie,
                          const struct intake_stat *st, struct intake_time now)
{
    struct ientry *e = in->moved;
    if (!e || !cookie || cookie != in->moved_cookie || st->size != e->size ||
        st->mtime_ns != e->mtime_ns)
        return false;
    struct ientry *old = strmap_get(in->files, relpath);
    if (old)
        intake_ent_forget(in, old, true);
    char *np = strdup(relpath);
    if (!np)
        return false;
    in->moved = NULL;
    in->moved_cookie = 0;
    log_verbose(MOD, "\"%s\" renamed to \"%s\"", e->relpath, relpath);
    free(e->relpath);
    e->relpath = np;
    if (strmap_put(in->files, e->relpath, e, NULL) != 0) {
        intake_ent_free(e);
        return false;
    }
    intake_ent_make_ready(in, e, e->verified, now);
    return true;
}

static void closed_or_moved_in(struct intake *in, const char *relpath, enum intake_event ev,
                               uint32_t cookie, struct intake_time now)
{
    struct intake_stat st;
    if (in->cfg.stat(in->cfg.stat_user, relpath, &st) != 0 || st.is_dir)
        return; /* gone again (its DELETE follows) or a folder (the watcher's job) */
    if (ev == INTAKE_EV_MOVED_TO && unstash_moved(in, relpath, cookie, &st, now))
        return;
    struct ientry *e = strmap_get(in->files, relpath);
    if (!e) {
        e = intake_ent_new(in, relpath);
        if (e)
            intake_ent_resettle(in, e, st.size, st.mtime_ns, now);
        return;
    }
    bool changed = st.size != e->size || st.mtime_ns != e->mtime_ns;
    if (ev == INTAKE_EV_MOVED_TO || e->state == INTAKE_PENDING || changed)
        intake_ent_resettle(in, e, st.size, st.mtime_ns, now);
}

static void attrib_changed(struct intake *in, const char *relpath, struct intake_time now)
{
    struct intake_stat st;
    if (in->cfg.stat(in->cfg.stat_user, relpath, &st) != 0 || st.is_dir)
        return;
    struct ientry *e = strmap_get(in->files, relpath);
    if (!e) {
        e = intake_ent_new(in, relpath);
        if (e)
            intake_ent_resettle(in, e, st.size, st.mtime_ns, now);
        return;
    }
    if (st.size == e->size && st.mtime_ns == e->mtime_ns)
        return; /* permissions, owner, …: nothing to do */
    if (e->state == INTAKE_PENDING) {
        e->size = st.size;
        e->mtime_ns = st.mtime_ns;
        intake_ent_go_pending(in, e, now);
    } else {
        intake_ent_resettle(in, e, st.size, st.mtime_ns, now);
    }
}

void intake_file_event(struct intake *in, const char *relpath, enum intake_event ev,
                       uint32_t cookie, struct intake_time now)
{
    enum ignore_class cls = ignore_classify_path(in->cfg.ign, relpath);
    if (cls == IGNORE_SKIP)
        return;
    if (cls == IGNORE_SIDECAR) {
        sidecar_event(in, relpath, ev);
        return;
    }
    struct ientry *e = strmap_get(in->files, relpath);
    switch (ev) {
    case INTAKE_EV_DELETE:
    case INTAKE_EV_MOVED_FROM:
        if (e && e->reported)
            log_info(MOD, "\"%s\" %s — off the playlist", relpath,
                     ev == INTAKE_EV_DELETE ? "deleted" : "moved away");
        if (e && ev == INTAKE_EV_MOVED_FROM && cookie && e->state == INTAKE_READY)
            stash_moved(in, e, cookie);
        else if (e)
            intake_ent_forget(in, e, true);
        intake_remove_under(in, relpath, now); /* a symlinked folder? */
        return;
    case INTAKE_EV_CREATE:
    case INTAKE_EV_MODIFY:
        if (!e)
            e = intake_ent_new(in, relpath);
        if (e)
            intake_ent_go_pending(in, e, now);
        return;
    case INTAKE_EV_ATTRIB:
        attrib_changed(in, relpath, now);
        return;
    case INTAKE_EV_CLOSE_WRITE:
    case INTAKE_EV_MOVED_TO:
        closed_or_moved_in(in, relpath, ev, cookie, now);
        return;
    }
}

void intake_remove_under(struct intake *in, const char *reldir, struct intake_time now)
{
    (void)now;
    size_t dl = strlen(reldir);
    struct strmap_iter it = { 0 };
    const char *key;
    void *v;
    while (strmap_next(in->files, &it, &key, &v))
        if (intake_under(key, reldir, dl))
            intake_ent_forget(in, v, true);
    struct strmap_iter it2 = { 0 };
    while (strmap_next(in->sidecars, &it2, &key, &v))
        if (intake_under(key, reldir, dl))
            intake_sidecar_forget(in, key, true);
}
