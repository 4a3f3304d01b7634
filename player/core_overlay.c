/* core_overlay.c — keep the overlay (subtitles + on-screen text) in step
 * with what is on screen: lay it out over the picture, render it for the
 * time of the picture being presented, upload only what changed. At debug
 * level each change is logged with its dirty area and cost (the timing
 * test reads these lines); unchanged frames at trace level. */
#include <math.h>

#include "media/clock.h"
#include "player/core_priv.h"
#include "player/core_subs.h"
#include "player/log.h"
#include "subtitles/overlay.h"

static bool draw_onto(void *ctx, uint32_t *px, int stride, bool bgr)
{
    core *c = ctx;
    return overlay_draw(c->ov, px, stride, bgr);
}

void overlay_attach(core *c)
{
    if (!vo_is_software(c->vo))
        return;
    overlay_set_direct(c->ov, true);
    vo_set_overlay_drawer(c->vo, draw_onto, c);
}

void overlay_layout(core *c, int video_w, int video_h)
{
    int ow, oh;
    vo_output_size(c->vo, &ow, &oh);
    vrect r = vo_picture_rect(c->vo);
    if (r.w <= 0 || video_w <= 0) { /* no picture: the whole screen */
        r = (vrect){0, 0, ow, oh};
        video_w = ow;
        video_h = oh;
    }
    if (ow == c->ov_geom.out_w && oh == c->ov_geom.out_h && r.x == c->ov_geom.pic.x && r.y == c->ov_geom.pic.y &&
        r.w == c->ov_geom.pic.w && r.h == c->ov_geom.pic.h && video_w == c->ov_geom.vw && video_h == c->ov_geom.vh)
        return;
    c->ov_geom.out_w = ow;
    c->ov_geom.out_h = oh;
    c->ov_geom.pic = r;
    c->ov_geom.vw = video_w;
    c->ov_geom.vh = video_h;
    ov_rect v = {r.x, r.y, r.w, r.h};
    if (overlay_set_geometry(c->ov, ow, oh, v, video_w, video_h) < 0)
        log_error("overlay", "cannot lay out the overlay at %dx%d", ow, oh);
}

/* The subtitle track the overlay shows now (NULL: none). */
static subtrack *current_track(core *c)
{
    return c->cur && c->cur->st == IT_PLAYING && c->cur->subs ? subs_current(c->cur->subs) : NULL;
}

uint64_t overlay_source(core *c) { return overlay_source_key(c->ov, current_track(c), c->osd); }

bool overlay_refresh(core *c, double t)
{
    subtrack *st = current_track(c);
    int64_t t_ms = isnan(t) ? 0 : (int64_t)llround(t * 1000.0);
    bool timed = log_enabled(LOG_DEBUG);
    double t0 = timed ? media_now() : 0;
    if (!overlay_update(c->ov, st, c->osd, t_ms)) {
        log_trace("overlay", "no change at t=%.4f (%.3f ms)", t, timed ? (media_now() - t0) * 1e3 : 0.0);
        return false;
    }
    int stride;
    const uint32_t *px = overlay_pixels(c->ov, &stride);
    const ov_rect *d;
    int nd = overlay_dirty_rects(c->ov, &d);
    vrect dirty[OVERLAY_MAX_DIRTY];
    for (int i = 0; i < nd && i < OVERLAY_MAX_DIRTY; i++)
        dirty[i] = (vrect){d[i].x, d[i].y, d[i].w, d[i].h};
    ov_rect b = overlay_bbox(c->ov);
    const ov_rect *cr;
    int ncr = overlay_content_rects(c->ov, &cr);
    vrect draw[VO_MAX_DRAW];
    int ndraw = 0;
    for (int i = 0; i < ncr && ndraw < VO_MAX_DRAW; i++)
        draw[ndraw++] = (vrect){cr[i].x, cr[i].y, cr[i].w, cr[i].h};
    if (ncr > VO_MAX_DRAW) /* cannot happen with OVERLAY_MAX_CONTENT 16; the bbox is always right */
        draw[0] = (vrect){b.x, b.y, b.w, b.h}, ndraw = 1;
    vo_update_overlay(c->vo, px, stride, dirty, nd, draw, ndraw); /* software: drawn at the present */
    if (timed) {
        long area = 0;
        for (int i = 0; i < nd; i++)
            area += (long)d[i].w * d[i].h;
        log_debug("overlay", "changed at t=%.4f: %d dirty (%ld px), bbox %d,%d %dx%d, %.3f ms", t, nd, area, b.x,
                  b.y, b.w, b.h, (media_now() - t0) * 1e3);
    }
    return true;
}
