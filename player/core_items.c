/* core_items.c — the life of every playlist entry: open → pre-roll →
 * play → end(reason), and the hand-over from one entry to the next.
 *
 * While entry A plays, entry B (what the playlist says comes next) is
 * opened and its first frame decoded; when A's last frame has had its time
 * and its sound has drained, B's first frame is presented at once and the
 * audio device switches to B's sound. If B is not ready yet, A's last frame
 * stays up (never black). An entry that cannot be opened or decoded is
 * marked failed in the playlist (skipped until the file changes) with one
 * log line; when nothing is playable the idle screen shows. */
#include <math.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "media/clock.h"
#include "player/core_priv.h"
#include "player/core_ipc.h"
#include "player/core_lang.h"
#include "player/ipc_proto.h"
#include "player/core_subs.h"
#include "player/core_watch.h"
#include "player/log.h"
#include "player/notify.h"
#include "playlists/playlist.h"
#include "subtitles/lang.h"

#define MOD "core"
#define PREROLL_AHEAD 2.0 /* seconds before the end of A to open B */
#define DECODE_AHEAD 0.12 /* ... and to let B decode even if A's decoder still runs */

static void event_file(core *c, const char *name, const item *it)
{
    json_t *ev = ipc_event_new(name);
    json_object_set_new(ev, "playlist_entry_id", json_integer((json_int_t)it->id));
    json_object_set_new(ev, "filename", json_string(it->relpath));
    core_event(c, ev);
}

static void event_end(core *c, const item *it, enum end_reason why, const char *error)
{
    json_t *ev = ipc_event_new("end-file");
    json_object_set_new(ev, "reason", json_string(end_reason_name(why)));
    json_object_set_new(ev, "playlist_entry_id", json_integer((json_int_t)it->id));
    json_object_set_new(ev, "filename", json_string(it->relpath));
    if (error)
        json_object_set_new(ev, "file_error", json_string(error));
    core_event(c, ev);
}

const char *end_reason_name(enum end_reason r)
{
    switch (r) {
    case END_EOF: return "eof";
    case END_STOP: return "stop";
    case END_ERROR: return "error";
    case END_REMOVED: return "removed";
    default: return "quit";
    }
}

static bool match_lang(void *user, const char *tag, const char *want)
{
    return lang_match(user, tag, want);
}

item *item_open(core *c, uint64_t id, bool preroll) { return item_open_ex(c, id, preroll, -1, 0); }

item *item_open_ex(core *c, uint64_t id, bool preroll, int audio_stream, double start)
{
    struct playlist_item e;
    if (!playlist_get(c->pl, id, &e))
        return NULL;
    item *it = calloc(1, sizeof(*it));
    if (!it)
        return NULL;
    it->id = id;
    it->relpath = strdup(e.relpath);
    size_t n = strlen(c->o->media_dir) + strlen(e.relpath) + 2;
    it->path = malloc(n);
    if (!it->relpath || !it->path) {
        item_close(&it);
        return NULL;
    }
    snprintf(it->path, n, "%s/%s", c->o->media_dir, e.relpath);
    snprintf(it->title, sizeof(it->title), "%s", e.title);
    playback_opts po = {
        .image_duration = c->o->image_duration,
        .audio = ao_active(c->ao),
        .out_rate = ao_rate(c->ao),
        .out_channels = ao_channels(c->ao),
        .audio_stream = audio_stream,
        .start_time = start,
        .lang_match = c->langs ? match_lang : NULL,
        .lang_match_user = c->langs,
        .open_timeout = (c->o->probe_timeout > 5 ? c->o->probe_timeout : 5),
        .preroll = preroll,
        .hwdec = c->hwdec,
        .video_threads = c->video_threads,
        .sub_fix_text = subs_fix_text,
        .sub_fix_text_user = (void *)c->o->subtitle_codepage,
    };
    /* audio by the viewer's language, then the configured ones */
    const char *langs[18];
    int nl = 0;
    if (c->lang[0] && strcmp(c->lang, "off") != 0)
        langs[nl++] = c->lang;
    for (int i = 0; i < c->nprefs && nl < 17; i++)
        langs[nl++] = c->prefs[i];
    langs[nl] = NULL;
    po.audio_langs = langs;
    if (playback_open(&it->pb, it->path, &po) < 0) {
        item_close(&it);
        return NULL;
    }
    it->opened_at = media_now();
    it->st = IT_OPENING;
    log_verbose(MOD, "opening %s", it->relpath);
    return it;
}

void item_close(item **itp)
{
    item *it = *itp;
    if (!it)
        return;
    subs_free(&it->subs);
    playback_close(&it->pb);
    free(it->relpath);
    free(it->path);
    free(it);
    *itp = NULL;
}

/* Poll an opening item: READY → describe it; FAILED → mark the entry. */
/* Did the file change since the playlist listed it? (Overwritten in place
 * while we opened it: the watcher is about to report it; not a failure.) */
static bool changed_since_listed(core *c, const item *it)
{
    struct playlist_item e;
    struct stat sb;
    if (!playlist_get(c->pl, it->id, &e) || stat(it->path, &sb) != 0)
        return true;
    int64_t mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
    return (int64_t)sb.st_size != e.size || mtime != e.mtime_ns;
}

static enum playback_state poll_item(core *c, item *it)
{
    enum playback_state st = playback_state(it->pb);
    if (st == PB_FAILED && it->st != IT_FAILED && changed_since_listed(c, it)) {
        it->st = IT_FAILED;
        log_verbose(MOD, "%s changed while it was being opened (%s): waiting for it to settle", it->relpath,
                    playback_error(it->pb));
    } else if (st == PB_FAILED && it->st != IT_FAILED) {
        it->st = IT_FAILED;
        const char *why = playback_error(it->pb);
        log_error(MOD, "skipped: %s — %s", it->relpath, why);
        playlist_mark_failed(c->pl, it->id, why);
        event_file(c, "start-file", it);
        event_end(c, it, END_ERROR, why);
    } else if (st == PB_READY && !it->has_video && !it->has_audio) {
        it->has_video = playback_has_video(it->pb);
        it->has_audio = playback_has_audio(it->pb);
        it->is_still = playback_is_still(it->pb);
        const char *t = playback_title(it->pb);
        if (t && *t)
            snprintf(it->title, sizeof(it->title), "%s", t);
        subs_env env = {c->lib, c->langs, c->o->subtitle_codepage, c->o->subtitle_default_lang};
        if (!it->subs) /* an audio switch hands over the loaded subtitles */
            it->subs = subs_load(&env, it->pb, it->path);
        core_lang_apply(c, it, false);
        core_lang_record(c, it);
        core_watch_vouch(c, it);
    }
    return st;
}

static void begin(core *c, item *it, double now)
{
    (void)now;
    bool reloaded = it->reloaded;
    it->reloaded = false;
    it->st = IT_PLAYING;
    playback_go(it->pb);
    playlist_set_current(c->pl, it->id);
    if (!reloaded) {
        event_file(c, "start-file", it);
        event_file(c, "file-loaded", it);
        long idx = playlist_index_of(c->pl, it->id);
        double dur = playback_duration(it->pb);
        char len[32] = "";
        if (!isnan(dur) && !it->is_still)
            snprintf(len, sizeof(len), ", %.1f s", dur);
        log_info(MOD, "playing %ld/%zu: %s (%s%s%s)", idx + 1, playlist_count(c->pl), it->relpath,
                 it->is_still ? "still picture" : it->has_video ? playback_video_codec(it->pb) : "audio only",
                 it->has_audio ? " with sound" : "", len);
        char status[300];
        snprintf(status, sizeof(status), "Playing %ld/%zu: %s", idx + 1, playlist_count(c->pl), it->relpath);
        notify_status(c->notify, status);
        if (it->is_still)
            log_verbose(MOD, "still picture: shown for %.1f s", c->o->image_duration);
    }
    if (!it->audio_early)
        ao_set_source(c->ao, it->has_audio ? it->pb : NULL);
    if (c->paused)
        playback_set_paused(it->pb, true, media_now());
    if (!it->has_video) {
        vo_clear_picture(c->vo);
        c->need_present = true;
        mclock_set(playback_ext_clock(it->pb), 0, media_now());
        it->clock_started = true;
    }
    c->idle = false;
    if (!reloaded && it->subs && subs_count(it->subs) > 0)
        core_lang_apply(c, it, true); /* announce a fallback now that it shows */
}

/* A single decoder thread (the default up to 1080p30 on x86-64) that did
 * not keep up: two from the next file on, said once. */
static void check_decoder_pace(core *c, const item *it)
{
    if (c->video_threads || !it->has_video || it->is_still || playback_video_threads(it->pb) != 1 ||
        !playback_too_slow(it->frames, it->drops))
        return;
    c->video_threads = 2;
    log_warn(MOD, "%s: %ld of %ld frames dropped with one decoder thread: decoding with two from now on",
             it->relpath, it->drops, it->frames + it->drops);
}

static void end_item(core *c, item **itp, enum end_reason why)
{
    item *it = *itp;
    if (!it)
        return;
    if (it->st == IT_PLAYING) {
        log_info(MOD, "ended: %s (%s, %ld frames, %ld dropped)", it->relpath, end_reason_name(why), it->frames,
                 it->drops);
        check_decoder_pace(c, it);
        c->last_id = it->id;
        event_end(c, it, why, NULL);
    }
    if (ao_source(c->ao) == it->pb)
        ao_set_source(c->ao, NULL);
    item_close(itp);
}

/* Which entry follows the current one (0 = nothing playable). */
static uint64_t following(core *c)
{
    uint64_t from = c->cur ? c->cur->id : c->last_id;
    return playlist_next_after(c->pl, from);
}

static void switch_to_next(core *c, double now)
{
    item *a = c->cur, *b = c->next;
    double a_last = a ? a->last_present : NAN, a_dur = a ? a->last_dur : 0;
    bool a_had_video = a && a->has_video && a->frames > 0;
    /* B's first frame goes up before A is torn down (closing A joins its
     * threads, which must not delay the picture). */
    c->next = NULL;
    c->cur = b;
    if (a && a->st == IT_PLAYING) {
        log_info(MOD, "ended: %s (eof, %ld frames, %ld dropped)", a->relpath, a->frames, a->drops);
        check_decoder_pace(c, a);
        c->last_id = a->id;
        event_end(c, a, END_EOF, NULL);
    }
    begin(c, b, now);
    if (b->has_video)
        video_step(c, b, media_now()); /* first frame up at once */
    if (a_had_video && b->has_video && b->frames > 0) {
        c->stats.last_gap_ms = (b->last_present - a_last - a_dur) * 1e3;
        c->stats.have_gap = true;
        log_verbose(MOD, "transition gap: %.1f ms beyond the last frame's %.1f ms", c->stats.last_gap_ms,
                    a_dur * 1e3);
    }
    item_close(&a);
    /* A's decoder buffers were freed in the middle of the heap: hand the
     * pages back now rather than let every hand-over ratchet RSS up. */
    malloc_trim(0);
}

static void go_idle(core *c)
{
    if (!c->idle) {
        if (playlist_count(c->pl))
            log_info(MOD, "idle: nothing playable (%zu files failed)", playlist_count(c->pl));
        else
            log_info(MOD, "idle: no videos in %s", c->o->media_dir);
        notify_status(c->notify, "Idle: nothing to play");
        core_event(c, ipc_event_new("idle"));
        vo_clear_picture(c->vo);
        c->need_present = true;
    }
    c->idle = true;
}

static bool want_preroll(item *it, double now)
{
    if (it->st != IT_PLAYING || !it->clock_started)
        return false;
    if (it->is_still || it->video_done || playback_read_done(it->pb))
        return true;
    double dur = playback_duration(it->pb);
    if (isnan(dur))
        return true;
    return dur - playback_master_time(it->pb, now) < PREROLL_AHEAD;
}

double sched_tick(core *c, double now)
{
    double wait = 0.02;
    /* 1. a current item: start one when there is none */
    for (int guard = 0; !c->cur && guard < 4; guard++) {
        if (c->next) {
            c->cur = c->next;
            c->next = NULL;
            playback_allow_decode(c->cur->pb);
        } else {
            uint64_t id = following(c);
            if (!id) {
                go_idle(c);
                return 0.1;
            }
            c->cur = item_open(c, id, false);
            if (!c->cur) {
                playlist_mark_failed(c->pl, id, "out of memory");
                continue;
            }
        }
        enum playback_state st = poll_item(c, c->cur);
        if (st == PB_FAILED) {
            c->last_id = c->cur->id;
            item_close(&c->cur);
        } else if (st == PB_READY) {
            begin(c, c->cur, now);
        }
    }
    item *cur = c->cur;
    if (!cur)
        return 0.0;
    if (cur->subs)
        subs_pump(cur->subs, cur->pb);
    if (c->next && c->next->subs)
        subs_pump(c->next->subs, c->next->pb);
    if (cur->st == IT_OPENING) {
        enum playback_state st = poll_item(c, cur);
        if (st == PB_FAILED) {
            c->last_id = cur->id;
            item_close(&c->cur);
            return 0.0;
        }
        if (st != PB_READY)
            return 0.005;
        begin(c, cur, now);
    }
    /* 2. play it */
    if (cur->has_video)
        wait = video_step(c, cur, now);
    double vend = item_video_end(cur);
    if (!isnan(vend)) { /* wake exactly for the sound switch and the hand-over */
        double m = playback_master_time(cur->pb, now);
        double t_audio = vend - ao_latency(c->ao) - m, t_video = vend - m;
        if (t_audio > 0 && t_audio < wait)
            wait = t_audio;
        else if (t_video > 0 && t_video < wait)
            wait = t_video;
    }
    /* 3. pre-roll what comes next */
    if (!c->next && want_preroll(cur, now)) {
        uint64_t id = following(c);
        if (id)
            c->next = item_open(c, id, true);
    }
    /* B decodes only once A's decoder let go of its memory (or A is
     * nearly over): two 1080p decoders at once would double the peak. */
    if (c->next && !c->next->decoding) {
        bool allow = !cur->has_video || cur->is_still || cur->video_done || playback_video_decoded(cur->pb);
        double dur = playback_duration(cur->pb);
        if (!allow)
            allow = isnan(dur) || dur - playback_master_time(cur->pb, now) < DECODE_AHEAD;
        if (allow) {
            playback_allow_decode(c->next->pb);
            c->next->decoding = true;
        }
    }
    if (c->next && c->next->st == IT_OPENING) {
        if (poll_item(c, c->next) == PB_FAILED)
            item_close(&c->next); /* the playlist now skips it; try the one after next time */
        else if (playback_state(c->next->pb) == PB_OPENING && wait > 0.005)
            wait = 0.005;
    }
    /* 4. hand over. The sound switches one device buffer ahead of the
     * picture, so B's first sample is heard when B's first frame shows. */
    if (c->next && !c->next->audio_early && cur->has_video && playback_state(c->next->pb) == PB_READY) {
        double master = playback_master_time(cur->pb, now);
        if (!isnan(vend) && master >= vend - ao_latency(c->ao) && item_audio_cuttable(cur)) {
            item *b = c->next;
            ao_set_source(c->ao, b->has_audio ? b->pb : NULL);
            b->audio_early = true;
        }
    }
    if (c->next && cur->video_done && !c->next->staged && playback_state(c->next->pb) == PB_READY)
        video_stage(c, c->next); /* A's last picture is up: convert B's first one now */
    if (item_finished(c, cur, now)) {
        if (c->next && playback_state(c->next->pb) == PB_READY) {
            switch_to_next(c, now);
            return 0.0;
        }
        if (!c->next) {
            uint64_t id = following(c);
            if (!id) {
                end_item(c, &c->cur, END_EOF);
                go_idle(c);
                return 0.1;
            }
            c->next = item_open(c, id, true);
        }
        if (c->next) {
            playback_allow_decode(c->next->pb);
            c->next->decoding = true;
        }
        return 0.002; /* A's last frame stays up until B is ready */
    }
    return wait;
}

int sched_reload_audio(core *c, int audio_stream)
{
    item *cur = c->cur;
    if (!cur || cur->st != IT_PLAYING || cur->is_still)
        return -1;
    double pos = playback_master_time(cur->pb, media_now());
    item *n = item_open_ex(c, cur->id, false, audio_stream, pos > 0 ? pos : 0);
    if (!n)
        return -1;
    n->reloaded = true;
    n->subs = cur->subs; /* same file: keep its tracks (re-decoded cues are recognised as duplicates) */
    cur->subs = NULL;
    log_verbose(MOD, "%s: switching audio (stream %d) at %.2f s", cur->relpath, audio_stream, pos);
    if (ao_source(c->ao) == cur->pb)
        ao_set_source(c->ao, NULL);
    item_close(&c->cur);
    c->cur = n; /* the last picture stays up until the reopened file is ready */
    return 0;
}

void sched_stop_current(core *c, enum end_reason why, uint64_t then)
{
    if (then && c->next && c->next->id != then)
        item_close(&c->next);
    if (then && !c->next)
        c->next = item_open(c, then, true);
    end_item(c, &c->cur, why);
}
