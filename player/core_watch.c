/* core_watch.c — the watched folder feeding the live playlist.
 *
 * The watcher and prober threads (playlists/watch.h) report changes; the
 * report callback deep-copies each change into a command for the main
 * thread, which applies it here: ADD inserts at the sorted place (a brief
 * corner notice names a new video), REMOVE takes an entry out at once (the
 * playing one ends with reason "removed" and the next one starts), RESET
 * reconciles the whole list (root vanished → idle screen; back → resume),
 * sidecar changes reload the current video's subtitles. The probe the
 * watcher runs is media_probe(), which also reports the subtitle languages
 * of every file for the loop-wide language list. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media/probe.h"
#include "player/core_lang.h"
#include "player/core_priv.h"
#include "player/core_screens.h"
#include "player/core_subs.h"
#include "player/core_watch.h"
#include "player/i18n.h"
#include "player/langcache.h"
#include "player/log.h"
#include "playlists/playlist.h"
#include "playlists/watch.h"
#include "subtitles/lang.h"
#include "subtitles/sidecar.h"

#define MOD "intake"

typedef struct rec_entry {
    char *relpath;
    int64_t size, mtime;
    bool probed;
} rec_entry;

typedef struct watch_rec {
    enum intake_change_kind kind;
    rec_entry e;
    rec_entry *entries;
    size_t n;
} watch_rec;

typedef struct langs_rec {
    char *relpath;
    char codes[PROBE_MAX_LANGS * 2][LANG_CODE_SIZE];
    int n;
} langs_rec;

static void rec_free(void *p)
{
    watch_rec *r = p;
    free(r->e.relpath);
    for (size_t i = 0; i < r->n; i++)
        free(r->entries[i].relpath);
    free(r->entries);
    free(r);
}

static void langs_free(void *p)
{
    langs_rec *r = p;
    free(r->relpath);
    free(r);
}

static bool copy_entry(rec_entry *d, const struct intake_entry *s)
{
    d->relpath = strdup(s->relpath ? s->relpath : "");
    d->size = s->size;
    d->mtime = s->mtime_ns;
    d->probed = s->probed;
    return d->relpath != NULL;
}

/* Watcher thread (its lock held): copy and queue, nothing else. */
static void on_report(void *user, const struct intake_change *ch)
{
    core *c = user;
    if (ch->kind == INTAKE_STATE) {
        cmdq_push(c->cmds, CMD_INTAKE_STATE, 0, 0, NULL, NULL);
        return;
    }
    watch_rec *r = calloc(1, sizeof(*r));
    if (!r)
        return;
    r->kind = ch->kind;
    bool ok = copy_entry(&r->e, &ch->e);
    if (ch->kind == INTAKE_RESET && ch->n_entries) {
        r->entries = calloc(ch->n_entries, sizeof(*r->entries));
        ok = ok && r->entries;
        for (size_t i = 0; ok && i < ch->n_entries; i++, r->n++)
            ok = copy_entry(&r->entries[i], &ch->entries[i]);
    }
    if (!ok) {
        rec_free(r);
        log_error(MOD, "out of memory: a folder change was lost (the next rescan repairs it)");
        return;
    }
    cmdq_push(c->cmds, CMD_WATCH, 0, 0, r, rec_free);
}

static bool file_id(const char *path, int64_t *size, int64_t *mtime_ns)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return false;
    *size = (int64_t)sb.st_size;
    *mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    return true;
}

#define VOUCH_SLOTS (int)(sizeof(((core *)0)->vouched) / sizeof(((core *)0)->vouched[0]))

void core_watch_vouch_init(core *c)
{
    c->vouch_lock_ok = pthread_mutex_init(&c->vouch_lock, NULL) == 0;
}

void core_watch_vouch_free(core *c)
{
    if (!c->vouch_lock_ok)
        return;
    pthread_mutex_destroy(&c->vouch_lock);
    c->vouch_lock_ok = false;
    for (int i = 0; i < VOUCH_SLOTS; i++) {
        free(c->vouched[i].path);
        c->vouched[i].path = NULL;
    }
}

void core_watch_vouch(core *c, const item *it)
{
    struct vouched v = {0};
    if (!c->vouch_lock_ok || !file_id(it->path, &v.size, &v.mtime_ns) || !(v.path = strdup(it->path)))
        return;
    const media_track *t;
    int n = playback_tracks(it->pb, &t);
    for (int i = 0; i < n && v.nlangs < PROBE_MAX_LANGS; i++)
        if (t[i].type == TRACK_SUB && !t[i].external && t[i].lang[0])
            snprintf(v.langs[v.nlangs++], sizeof(v.langs[0]), "%s", t[i].lang);
    pthread_mutex_lock(&c->vouch_lock);
    struct vouched *slot = &c->vouched[c->vouch_next];
    c->vouch_next = (c->vouch_next + 1) % VOUCH_SLOTS;
    free(slot->path);
    *slot = v;
    pthread_mutex_unlock(&c->vouch_lock);
}

/* Prober thread: the core already decoded this very file? Then `info` gets
 * what the probe would have found. */
static bool vouched_for(core *c, const char *abs_path, media_probe_info *info)
{
    int64_t size, mtime;
    if (!c->vouch_lock_ok || !file_id(abs_path, &size, &mtime))
        return false;
    pthread_mutex_lock(&c->vouch_lock);
    const struct vouched *v = NULL;
    for (int i = 0; i < VOUCH_SLOTS && !v; i++)
        if (c->vouched[i].path && strcmp(c->vouched[i].path, abs_path) == 0)
            v = &c->vouched[i];
    bool same = v && v->size == size && v->mtime_ns == mtime;
    if (same) {
        memset(info, 0, sizeof(*info));
        info->duration = NAN;
        info->nsub_langs = v->nlangs;
        memcpy(info->sub_langs, v->langs, sizeof(info->sub_langs));
    }
    pthread_mutex_unlock(&c->vouch_lock);
    return same;
}

/* Prober thread: is it playable? Also collect its subtitle languages. */
static int on_probe(void *user, const char *abs_path, char *reason, size_t len)
{
    core *c = user;
    /* Startup: the files already in the folder are confirmed in the
     * background; let the first picture go up before competing with it for
     * the CPU (at most 3 s). New files are waited for anyway. */
    for (int i = 0; i < 60 && !atomic_load(&c->started); i++)
        usleep(50000);
    media_probe_info info;
    if (vouched_for(c, abs_path, &info))
        log_debug("prober", "\"%s\": playable (already decoded by the player)", abs_path);
    else if (media_probe(abs_path, c->o->probe_timeout, &info, reason, len) != 0)
        return 1;
    /* abs_path is "<root>/<relpath>", root being media_dir without trailing
     * slashes (a configured "/srv/media/" must not eat the name's first
     * character). */
    size_t rl = strlen(c->o->media_dir);
    const char *rel = abs_path + rl;
    if (strncmp(abs_path, c->o->media_dir, rl) != 0)
        return 0;
    while (*rel == '/')
        rel++;
    langs_rec *r = calloc(1, sizeof(*r));
    if (!r || !(r->relpath = strdup(rel))) {
        if (r)
            langs_free(r);
        return 0;
    }
    for (int i = 0; i < info.nsub_langs; i++)
        if (c->langs && lang_canon(c->langs, info.sub_langs[i], r->codes[r->n]))
            r->n++;
    sidecar_list sl = {0};
    if (c->langs && sidecar_find(c->langs, abs_path, &sl) == 0) {
        for (size_t i = 0; i < sl.n && r->n < PROBE_MAX_LANGS * 2; i++)
            if (sl.items[i].lang[0])
                snprintf(r->codes[r->n++], LANG_CODE_SIZE, "%s", sl.items[i].lang);
        sidecar_list_free(&sl);
    }
    cmdq_push(c->cmds, CMD_LANGS, 0, 0, r, langs_free);
    return 0;
}

int core_watch_start(core *c)
{
    const struct options *o = c->o;
    struct watch_config cfg = {
        .root = o->media_dir,
        .settle_ns = (int64_t)(o->settle_time * 1e9),
        .rescan_interval_ns = (int64_t)(o->rescan_interval * 1e9),
        .ignore_extra = (const char *const *)o->ignore.items,
        .n_ignore_extra = (size_t)o->ignore.count,
        .probe = on_probe,
        .probe_user = c,
        .report = on_report,
        .report_user = c,
    };
    c->watch = watch_start(&cfg);
    return c->watch ? 0 : -1;
}

void core_watch_stop(core *c)
{
    watch_stop(c->watch);
    c->watch = NULL;
}

/* After the playlist changed: a pre-rolled entry that no longer comes next
 * is dropped (it will be opened again when its turn comes). */
static void recheck_next(core *c)
{
    if (c->next && c->cur && playlist_next_after(c->pl, c->cur->id) != c->next->id)
        item_close(&c->next);
}

static void apply_add(core *c, const rec_entry *e, bool announce)
{
    bool existed = playlist_find(c->pl, e->relpath) != 0;
    playlist_add(c->pl, e->relpath, e->size, e->mtime, e->probed);
    if (!existed) {
        if (announce && c->o->intake_notice) {
            struct playlist_item pi;
            char text[512];
            if (playlist_get(c->pl, playlist_find(c->pl, e->relpath), &pi)) {
                i18n_format(c->tr, screens_lang(c), text, sizeof(text), I18N_NEW_VIDEO, pi.title);
                screens_notice(c, text, 6.0);
            }
        }
    }
}

static void apply_remove(core *c, const char *relpath)
{
    langcache_remove(c->lcache, relpath); /* known before its ADD (see CMD_LANGS) */
    uint64_t id = playlist_find(c->pl, relpath);
    if (!id)
        return;
    if (c->next && c->next->id == id)
        item_close(&c->next);
    playlist_remove(c->pl, relpath);
    log_info(MOD, "removed from the playlist: %s", relpath);
    if (c->cur && c->cur->id == id)
        sched_stop_current(c, END_REMOVED, playlist_next_after(c->pl, id));
}

static void apply_reset(core *c, const watch_rec *r)
{
    /* take out what is gone, then add what is there */
    for (size_t i = playlist_count(c->pl); i-- > 0;) {
        struct playlist_item pi;
        if (!playlist_at(c->pl, i, &pi))
            continue;
        bool keep = false;
        for (size_t k = 0; k < r->n && !keep; k++)
            keep = !strcmp(r->entries[k].relpath, pi.relpath);
        if (!keep) {
            char *rp = strdup(pi.relpath);
            if (rp)
                apply_remove(c, rp);
            free(rp);
        }
    }
    for (size_t k = 0; k < r->n; k++)
        apply_add(c, &r->entries[k], false);
    log_info(MOD, "%zu playable files in %s", playlist_count(c->pl), c->o->media_dir);
}

/* Length of the folder part of a relative path ("a/b/c.srt" → 3, "c.srt" → 0). */
static size_t dir_len(const char *relpath, size_t len)
{
    while (len > 0 && relpath[len - 1] != '/')
        len--;
    return len > 0 ? len - 1 : 0;
}

/* A subtitle file that arrives after its video was probed: add its language
 * to the video's entry in the loop-wide language list (a guess from the
 * name; the exact list replaces it when the video is opened). Only entries
 * in the subtitle's folder or the one above it (a subs/ folder) can match. */
static void sidecar_guess(core *c, const char *sc_rel)
{
    if (!c->langs)
        return;
    size_t sd = dir_len(sc_rel, strlen(sc_rel)), pd = dir_len(sc_rel, sd);
    for (size_t i = 0; i < playlist_count(c->pl); i++) {
        struct playlist_item e;
        if (!playlist_at(c->pl, i, &e))
            continue;
        size_t ed = dir_len(e.relpath, strlen(e.relpath));
        if (!((ed == sd && !strncmp(e.relpath, sc_rel, sd)) || (sd && ed == pd && !strncmp(e.relpath, sc_rel, pd))))
            continue;
        sidecar sc;
        if (sidecar_match(c->langs, e.relpath, sc_rel, &sc) == 1) {
            if (sc.lang[0])
                langcache_add_guess(c->lcache, e.relpath, sc.lang);
            sidecar_clear(&sc);
        }
    }
}

static void apply_sidecar(core *c, const watch_rec *r)
{
    if (r->kind != INTAKE_SIDECAR_REMOVE)
        sidecar_guess(c, r->e.relpath);
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", c->o->media_dir, r->e.relpath);
    subs_env env = {c->lib, c->langs, c->o->subtitle_codepage, c->o->subtitle_default_lang};
    item *items[2] = {c->cur, c->next}; /* the pre-rolled video too: it may be the one */
    for (int k = 0; k < 2; k++) {
        item *it = items[k];
        if (!it || !it->subs)
            continue;
        bool changed = r->kind == INTAKE_SIDECAR_REMOVE ? subs_sidecar_removed(it->subs, path)
                                                        : subs_sidecar_changed(it->subs, &env, it->path, path);
        if (changed) {
            log_info(MOD, "subtitles of %s updated: %s", it->relpath, r->e.relpath);
            core_lang_apply(c, it, false);
            core_lang_record(c, it);
            c->osd_dirty = true; /* redraw now, not at the next frame */
        }
    }
}

void core_watch_apply(core *c, core_cmd *cmd)
{
    if (cmd->kind == CMD_LANGS) {
        /* The prober reports a new file's languages just before the watcher
         * reports the file itself (ADD), so this must not wait for the entry
         * to be in the playlist. A file whose probe result goes stale and is
         * then never added keeps its languages until it is removed or
         * probed again (rare; languages only, nothing plays from them). */
        langs_rec *r = cmd->ptr;
        const char *codes[PROBE_MAX_LANGS * 2];
        for (int i = 0; i < r->n; i++)
            codes[i] = r->codes[i];
        langcache_set(c->lcache, r->relpath, codes, r->n, false);
        return;
    }
    if (cmd->kind == CMD_INTAKE_STATE) {
        core_watch_snapshot(c);
        return;
    }
    watch_rec *r = cmd->ptr;
    switch (r->kind) {
    case INTAKE_ADD: apply_add(c, &r->e, c->screen_shown); break;
    case INTAKE_REMOVE: apply_remove(c, r->e.relpath); break;
    case INTAKE_RESET: apply_reset(c, r); break;
    case INTAKE_SIDECAR_ADD:
    case INTAKE_SIDECAR_CHANGE:
    case INTAKE_SIDECAR_REMOVE: apply_sidecar(c, r); break;
    default: break;
    }
    recheck_next(c);
}

void core_watch_snapshot(core *c)
{
    if (!c->watch)
        return;
    struct intake_snapshot *s = watch_snapshot(c->watch);
    if (!s)
        return;
    if (c->intake_snap)
        intake_snapshot_free(c->intake_snap);
    c->intake_snap = s;
    c->intake_waiting = (int)s->n_pending;
    c->intake_rejected = (int)s->n_rejected;
    for (int i = 0; i < c->intake_nrej_lines; i++)
        free(c->intake_rej_lines[i]);
    free(c->intake_rej_lines);
    c->intake_nrej_lines = 0;
    c->intake_rej_lines = calloc(s->n_rejected ? s->n_rejected : 1, sizeof(char *));
    for (size_t i = 0; c->intake_rej_lines && i < s->n_rejected && i < 8; i++) {
        const struct intake_snapshot_item *it = &s->rejected[i];
        size_t n = strlen(it->relpath) + (it->reason ? strlen(it->reason) : 0) + 8;
        char *l = malloc(n);
        if (l) {
            snprintf(l, n, "%s — %s", it->relpath, it->reason ? it->reason : "");
            c->intake_rej_lines[c->intake_nrej_lines++] = l;
        }
    }
}
