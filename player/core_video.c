/* core_video.c — when each picture of the current item goes on screen.
 *
 * Audio is the master clock (the external clock when a file has no audio,
 * or before its sound starts). A frame is shown when the master clock
 * reaches its pts; a frame whose successor is already due is dropped and
 * counted. The first frame of an item is shown at once and starts its
 * external clock, which is what makes transitions gapless. */
#include <math.h>

#include "media/clock.h"
#include "media/vconv.h"
#include "player/core_priv.h"
#include "player/log.h"

#define MOD "video"

/* Present, reading the composed picture back first when a screenshot was
 * asked for (the screenshot is exactly what the screen shows). */
static double present(core *c)
{
    if (!c->shot_pending)
        return vo_present(c->vo, NULL, NULL, NULL);
    uint32_t *px = NULL;
    int w = 0, h = 0;
    double t = vo_present(c->vo, &px, &w, &h);
    c->shot_pending = false;
    screenshot_taken(c, px, w, h);
    return t;
}

/* Drawing ahead (software output only). Each wake-up after a frame's
 * sleep starts with cold caches: libass's glyph and bitmap caches cost
 * three times as much then. So every second frame is prepared straight
 * after its predecessor: while frame N is shown, its overlay is drawn onto
 * it before the present, then N+1's overlay is rendered (libass still warm
 * from N), and after the present N+1's picture and overlay go into the
 * window surface; at N+1's time it is only presented. The overlay is
 * rendered for each picture's own time, so subtitles keep their timing;
 * show() checks that nothing changed in between. */

/* The frame's own sample aspect ratio, else the stream's. */
static double picture_sar(const qframe *f, double stream_sar)
{
    double fs = vconv_frame_sar(f->frame);
    return fs > 0 ? fs : stream_sar;
}

/* Stage frame f of `it` (not shown yet) in the output's second slot.
 * Returns true when it is staged. */
static bool stage_frame(core *c, item *it, qframe *f)
{
    if (!f || f->eos || !f->frame)
        return false;
    int w, h, rot;
    double sar;
    bool hflip;
    playback_video_geometry(it->pb, &w, &h, &sar, &rot, &hflip);
    if (vo_stage_picture(c->vo, f->frame, picture_sar(f, sar), rot, hflip) < 0)
        return false;
    it->staged = true;
    it->staged_pts = f->pts;
    return true;
}

/* Stage the frame after the one being shown and render its overlay.
 * Returns false (nothing done) when there is no such frame yet. */
static bool stage_next(core *c, item *it)
{
    if (!vo_is_software(c->vo) || c->paused || !it->clock_started)
        return false;
    if (!stage_frame(c, it, playback_video_peek_next(it->pb)))
        return false;
    vo_compose(c->vo); /* the shown frame's overlay, before libass renders the next one */
    overlay_refresh(c, it->staged_pts);
    return true;
}

static void set_picture(core *c, item *it, qframe *f, double sar, int rot, bool hflip)
{
    if (vo_set_picture(c->vo, f->frame, picture_sar(f, sar), rot, hflip) < 0)
        log_verbose(MOD, "%s: a picture could not be converted", it->relpath);
}

static void show(core *c, item *it, qframe *f, double now)
{
    playback *pb = it->pb;
    int w, h, rot;
    double sar;
    bool hflip;
    playback_video_geometry(pb, &w, &h, &sar, &rot, &hflip);
    bool staged_here = it->staged && f->pts == it->staged_pts;
    bool ready = staged_here && it->prepared && !c->osd_dirty && vo_show_prepared(c->vo);
    bool staged = ready || (staged_here && vo_show_staged(c->vo));
    uint64_t prep_key = it->prep_key;
    it->staged = it->prepared = false;
    if (f->frame && !staged)
        set_picture(c, it, f, sar, rot, hflip);
    bool sideways = rot == 90 || rot == 270;
    overlay_layout(c, sideways ? h : w, sideways ? w : h);
    if (ready && overlay_source(c) != prep_key) { /* e.g. another track since: draw it afresh */
        ready = false;
        if (f->frame)
            set_picture(c, it, f, sar, rot, hflip);
    }
    bool ahead = false;
    if (!ready) {
        vo_draw_picture(c->vo);
        overlay_refresh(c, f->pts);
        ahead = stage_next(c, it);
    }
    c->osd_dirty = false;
    double t = present(c);
    if (log_enabled(LOG_DEBUG)) {
        double a = mclock_get(playback_audio_clock(pb), t);
        log_debug(MOD, "present pts=%.4f master=%.4f aclock=%.4f late=%.1fms", f->pts,
                  playback_master_time(pb, t), a, (t - now) * 1e3);
    }
    if (!it->clock_started) {
        mclock_set(playback_ext_clock(pb), f->pts, t);
        it->clock_started = true;
    } else if (!mclock_is_set(playback_audio_clock(pb))) {
        /* keep the external clock honest while audio has not started */
        double m = mclock_get(playback_ext_clock(pb), t);
        if (fabs(m - f->pts) > 0.2)
            mclock_set(playback_ext_clock(pb), f->pts, t);
    }
    it->last_pts = f->pts;
    it->last_dur = f->duration > 0 ? f->duration : 0.04;
    it->last_present = t;
    it->frames++;
    c->stats.frames_presented++;
    c->stats.frames_ahead += ready;
    c->need_present = false;
    c->screen_shown = true;
    playback_video_pop(pb);
    if (ahead && vo_prepare(c->vo)) {
        it->prepared = true;
        it->prep_key = overlay_source(c);
    }
}

void video_stage(core *c, item *it)
{
    if (!it->staged && it->has_video)
        stage_frame(c, it, playback_video_peek(it->pb));
}

double video_step(core *c, item *it, double now)
{
    playback *pb = it->pb;
    if (!it->has_video || it->video_done)
        return 0.02;
    if (c->paused && it->clock_started)
        return 0.1;
    for (;;) {
        qframe *f = playback_video_peek(pb);
        if (!f)
            return 0.004; /* decoder is behind, or a seek is pending */
        if (f->eos) {
            it->video_done = true;
            return 0.0;
        }
        if (!it->clock_started) {
            show(c, it, f, now);
            return 0.0;
        }
        double master = playback_master_time(pb, now);
        if (isnan(master)) {
            mclock_set(playback_ext_clock(pb), f->pts, now);
            master = f->pts;
        }
        double delay = f->pts - master;
        if (delay > 0.001)
            return delay;
        qframe *n = playback_video_peek_next(pb);
        if (n && !n->eos && n->pts <= master) {
            playback_video_pop(pb); /* would be on screen for no time: drop */
            it->drops++;
            c->stats.frames_dropped++;
            log_debug(MOD, "dropped frame pts=%.4f (master %.4f)", f->pts, master);
            continue;
        }
        show(c, it, f, now);
        return 0.0;
    }
}

/* A few ms of sound past the last picture (codec padding) may be cut so the
 * next file starts on time; a longer tail plays over the last picture. */
#define AUDIO_TAIL_CUT 0.25

double item_video_end(item *it)
{
    return it->has_video && it->video_done ? it->last_pts + it->last_dur : NAN;
}

bool item_audio_cuttable(item *it)
{
    if (!it->has_audio || playback_audio_drained(it->pb))
        return true;
    double vend = item_video_end(it);
    double aend = playback_audio_end(it->pb);
    return !isnan(vend) && !isnan(aend) && aend - vend < AUDIO_TAIL_CUT;
}

bool item_finished(core *c, item *it, double now)
{
    (void)c;
    playback *pb = it->pb;
    if (!it->has_video)
        return !it->has_audio || playback_audio_drained(pb);
    if (!it->video_done)
        return false;
    double master = playback_master_time(pb, now);
    bool last_frame_done = isnan(master) || master >= item_video_end(it) - 0.002;
    return last_frame_done && item_audio_cuttable(it);
}

void video_redraw(core *c)
{
    present(c);
    c->need_present = false;
    /* READY=1 means a picture, the idle screen or a title card is up, not
     * the black frame drawn before the first picture. */
    if (c->idle || (c->cur && c->cur->st == IT_PLAYING))
        c->screen_shown = true;
}
