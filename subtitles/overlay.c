/* overlay.c — see overlay.h. */
#include "subtitles/overlay.h"

#include <stdlib.h>
#include <string.h>

#include "player/log.h"
#include "subtitles/ass_active.h"
#include "subtitles/hash.h"
#include "subtitles/osd_priv.h"
#include "subtitles/overlay_blend.h"
#include "subtitles/overlay_opaque.h"
#include "subtitles/overlay_rects.h"
#include "subtitles/sublib_ass.h"
#include "subtitles/substyle_ass.h"
#include "subtitles/subtrack_priv.h"

/* Content is remembered as at most this many rectangles (to clear it next
 * time, and to draw only it); more only costs a little over-clearing. */
#define MAX_CONTENT OVERLAY_MAX_CONTENT
/* Largest output accepted (8K). */
#define MAX_SIDE 8192

typedef struct scaled_bitmap {
    uint8_t *px;   /* premultiplied RGBA, dst.w*4 bytes per row */
    ov_rect dst;   /* placement in output pixels */
} scaled_bitmap;

struct overlay {
    sublib *lib;
    /* Native ASS and converted text render on separate renderers: libass
     * 0.17.1 sizes its bidi-bracket buffer only while a track with
     * ASS_FEATURE_BIDI_BRACKETS renders, so one renderer shared by tracks
     * with and without the feature writes through a NULL or short buffer.
     * Each renderer here always sees the same feature set (the OSD's
     * tracks all have it). */
    ASS_Renderer *r_ass, *r_text, *r_osd;
    /* geometry */
    int out_w, out_h, vid_w, vid_h;
    ov_rect video;
    uint64_t geom_gen;
    uint32_t *px;       /* buffer mode only */
    bool full_redraw;
    /* Direct mode (overlay_set_direct): no buffer; the images of the last
     * renders are kept (libass owns them until the renderer's next frame)
     * and drawn onto the caller's picture by overlay_draw. */
    bool direct;
    bool have_geom;
    const ASS_Image *cur_sub, *cur_osd;
    bool cur_ok;        /* cur_* belong to the current geometry */
    substyle_opts style;
    uint64_t style_gen;
    /* subtitle state */
    uint64_t sub_id;
    uint64_t sub_cfg_key;
    bool sub_stale;     /* renderer's last frame is not what the buffer shows */
    uint64_t sub_act_key; /* assact_key of the last render … */
    bool sub_act_reuse;   /* … and whether it stays valid while the key does */
    uint64_t bm_serial;
    const sub_event *bm_ev;
    uint64_t bm_geom;
    scaled_bitmap *bms;
    int nbms;
    /* osd state */
    uint64_t osd_id;
    bool osd_stale;
    /* what is on screen */
    ov_rect content[MAX_CONTENT];
    int ncontent;
    ov_rect dirty[OVERLAY_MAX_DIRTY];
    int ndirty;
    ov_rect bbox;
    /* scratch list of image rectangles */
    ov_rect *rects;
    int nrects, caprects;
    overlay_stats stats;
};

int overlay_new(overlay **out, sublib *lib)
{
    *out = NULL;
    overlay *ov = calloc(1, sizeof(*ov));
    if (!ov) {
        log_error("overlay", "out of memory");
        return -1;
    }
    ov->lib = lib;
    ov->r_ass = sublib_renderer_new(lib);
    ov->r_text = sublib_renderer_new(lib);
    ov->r_osd = sublib_renderer_new(lib);
    if (!ov->r_ass || !ov->r_text || !ov->r_osd) {
        overlay_free(&ov);
        return -1; /* logged by sublib_renderer_new */
    }
    substyle_opts_default(&ov->style);
    ov->sub_stale = ov->osd_stale = true;
    *out = ov;
    return 0;
}

static void free_bitmaps(overlay *ov)
{
    for (int i = 0; i < ov->nbms; i++)
        free(ov->bms[i].px);
    free(ov->bms);
    ov->bms = NULL;
    ov->nbms = 0;
}

void overlay_free(overlay **pov)
{
    if (!pov || !*pov)
        return;
    overlay *ov = *pov;
    if (ov->r_ass)
        ass_renderer_done(ov->r_ass);
    if (ov->r_text)
        ass_renderer_done(ov->r_text);
    if (ov->r_osd)
        ass_renderer_done(ov->r_osd);
    free_bitmaps(ov);
    free(ov->px);
    free(ov->rects);
    free(ov);
    *pov = NULL;
}

void overlay_set_direct(overlay *ov, bool direct)
{
    if (direct == ov->direct)
        return;
    ov->direct = direct;
    free(ov->px);
    ov->px = NULL;
    ov->have_geom = false; /* the next overlay_set_geometry starts afresh */
    ov->cur_ok = false;
}

int overlay_set_geometry(overlay *ov, int out_w, int out_h, ov_rect video, int video_w, int video_h)
{
    if (out_w <= 0 || out_h <= 0 || out_w > MAX_SIDE || out_h > MAX_SIDE)
        return -1;
    if (ovr_empty(video))
        video = (ov_rect){0, 0, out_w, out_h};
    if (video_w <= 0 || video_h <= 0) {
        video_w = video.w;
        video_h = video.h;
    }
    if (ov->have_geom && out_w == ov->out_w && out_h == ov->out_h && video_w == ov->vid_w &&
        video_h == ov->vid_h && memcmp(&video, &ov->video, sizeof(video)) == 0)
        return 0;
    ov->have_geom = false;
    if (ov->direct) {
        ov->cur_ok = false; /* laid out for the old geometry */
    } else if (!ov->px || out_w != ov->out_w || out_h != ov->out_h) {
        free(ov->px);
        ov->px = calloc((size_t)out_w * out_h, sizeof(uint32_t));
        if (!ov->px) {
            log_error("overlay", "out of memory for a %dx%d overlay", out_w, out_h);
            ov->out_w = ov->out_h = 0;
            return -1;
        }
    } else if (!ovr_empty(ov->bbox)) {
        /* Only what was drawn: memset of the whole buffer would make all of
         * its (calloc'd, untouched) pages resident — 8 MB at 1080p. */
        for (int y = ov->bbox.y; y < ov->bbox.y + ov->bbox.h; y++)
            memset(ov->px + (size_t)y * out_w + ov->bbox.x, 0, (size_t)ov->bbox.w * sizeof(uint32_t));
    }
    ov->have_geom = true;
    ov->out_w = out_w;
    ov->out_h = out_h;
    ov->video = video;
    ov->vid_w = video_w;
    ov->vid_h = video_h;
    ov->geom_gen++;
    ov->full_redraw = true;
    ov->ncontent = 0;
    ov->bbox = (ov_rect){0, 0, 0, 0};
    ass_set_frame_size(ov->r_osd, out_w, out_h);
    ass_set_storage_size(ov->r_osd, out_w, out_h);
    ov->sub_cfg_key = 0;
    ov->sub_stale = ov->osd_stale = true;
    return 0;
}

void overlay_set_style(overlay *ov, const substyle_opts *opts)
{
    substyle_opts s = *opts;
    substyle_sanitize(&s);
    if (memcmp(&s, &ov->style, sizeof(s)) == 0)
        return;
    ov->style = s;
    ov->style_gen++;
    ov->sub_cfg_key = 0;
}

const uint32_t *overlay_pixels(const overlay *ov, int *stride_bytes)
{
    if (stride_bytes)
        *stride_bytes = ov->out_w * (int)sizeof(uint32_t);
    return ov->px;
}

int overlay_dirty_rects(const overlay *ov, const ov_rect **rects)
{
    if (rects)
        *rects = ov->dirty;
    return ov->ndirty;
}

ov_rect overlay_bbox(const overlay *ov) { return ov->bbox; }

int overlay_content_rects(const overlay *ov, const ov_rect **rects)
{
    if (rects)
        *rects = ov->content;
    return ov->ncontent;
}

void overlay_get_stats(const overlay *ov, overlay_stats *st) { *st = ov->stats; }

/* ---- subtitle renderer set-up ---- */

/* The renderer for a text or ASS track: see the note at r_ass/r_text. */
static ASS_Renderer *sub_renderer(const overlay *ov, subtrack *t)
{
    return subtrack_kind(t) == SUBTRACK_TEXT ? ov->r_text : ov->r_ass;
}

static void configure_sub(overlay *ov, subtrack *t)
{
    uint64_t key = hash_mix(hash_mix(hash_mix(1, subtrack_id(t)), ov->geom_gen), ov->style_gen);
    if (key == ov->sub_cfg_key)
        return;
    ASS_Renderer *r = sub_renderer(ov, t);
    ass_set_frame_size(r, ov->out_w, ov->out_h);
    ass_set_storage_size(r, ov->vid_w, ov->vid_h);
    int top = ov->video.y, left = ov->video.x;
    int bottom = ov->out_h - (ov->video.y + ov->video.h);
    int right = ov->out_w - (ov->video.x + ov->video.w);
    ass_set_margins(r, top, bottom, left, right);
    substyle_geom g = {ov->out_w, ov->out_h, ov->video.w, ov->video.h};
    const char *family = sublib_default_family(ov->lib);
    if (subtrack_kind(t) == SUBTRACK_TEXT) {
        ass_set_use_margins(r, 1);
        substyle_opts plain = ov->style;
        plain.force = false;
        substyle_set_override(r, &plain, family, NULL, &g);
        if (subtrack_style_key(t) != key) {
            if (substyle_apply_track(subtrack_ass_track(t), &ov->style, family, &g) < 0)
                log_warn("overlay", "out of memory restyling subtitles");
            subtrack_set_style_key(t, key);
        }
    } else {
        ass_set_use_margins(r, 0);
        substyle_set_override(r, &ov->style, family, subtrack_ass_track(t), &g);
    }
    ov->sub_cfg_key = key;
    ov->sub_stale = true;
}

/* ---- bitmap subtitles ---- */

static void scale_bitmaps(overlay *ov, const sub_event *ev)
{
    free_bitmaps(ov);
    if (!ev || ev->nbitmaps <= 0)
        return;
    ov->bms = calloc((size_t)ev->nbitmaps, sizeof(*ov->bms));
    if (!ov->bms)
        return;
    int cw = ev->canvas_w > 0 ? ev->canvas_w : ov->vid_w;
    int ch = ev->canvas_h > 0 ? ev->canvas_h : ov->vid_h;
    for (int i = 0; i < ev->nbitmaps; i++) {
        const sub_bitmap *b = &ev->bitmaps[i];
        if (b->w <= 0 || b->h <= 0 || !b->rgba)
            continue;
        int x0 = ov->video.x + (int)((int64_t)b->x * ov->video.w / cw);
        int y0 = ov->video.y + (int)((int64_t)b->y * ov->video.h / ch);
        int x1 = ov->video.x + (int)((int64_t)(b->x + b->w) * ov->video.w / cw);
        int y1 = ov->video.y + (int)((int64_t)(b->y + b->h) * ov->video.h / ch);
        ov_rect dst = {x0, y0, x1 - x0, y1 - y0};
        /* Only what lands on screen is worth scaling. */
        if (ovr_empty(ovr_intersect(dst, (ov_rect){0, 0, ov->out_w, ov->out_h})) ||
            (int64_t)dst.w * dst.h > (int64_t)ov->out_w * ov->out_h * 4)
            continue;
        uint8_t *px = malloc((size_t)dst.w * dst.h * 4);
        if (!px)
            continue;
        ovb_scale_rgba(b->rgba, b->w, b->h, b->stride, px, dst.w, dst.h);
        ov->bms[ov->nbms++] = (scaled_bitmap){px, dst};
    }
}

/* ---- composition ---- */

static void add_rect(overlay *ov, ov_rect r)
{
    r = ovr_intersect(r, (ov_rect){0, 0, ov->out_w, ov->out_h});
    if (ovr_empty(r))
        return;
    if (ov->nrects == ov->caprects) {
        int ncap = ov->caprects ? ov->caprects * 2 : 64;
        ov_rect *n = realloc(ov->rects, (size_t)ncap * sizeof(*n));
        if (!n) {
            /* Fall back to one rectangle covering everything so far. */
            ov_rect all = r;
            for (int i = 0; i < ov->nrects; i++)
                all = ovr_union(all, ov->rects[i]);
            ov->rects[0] = all;
            ov->nrects = 1;
            return;
        }
        ov->rects = n;
        ov->caprects = ncap;
    }
    ov->rects[ov->nrects++] = r;
}

static void collect_images(overlay *ov, const ASS_Image *img)
{
    for (; img; img = img->next)
        if (img->w > 0 && img->h > 0 && (img->color & 0xFF) != 0xFF)
            add_rect(ov, (ov_rect){img->dst_x, img->dst_y, img->w, img->h});
}

static void compose(overlay *ov, const ASS_Image *sub_imgs, const ASS_Image *osd_imgs)
{
    ov->nrects = 0;
    for (int i = 0; i < ov->nbms; i++)
        add_rect(ov, ov->bms[i].dst);
    collect_images(ov, sub_imgs);
    collect_images(ov, osd_imgs);
    ov_rect content[MAX_CONTENT];
    int ncontent = ovr_merge(ov->rects, ov->nrects, content, MAX_CONTENT);
    ov_rect bbox = {0, 0, 0, 0};
    for (int i = 0; i < ncontent; i++)
        bbox = ovr_union(bbox, content[i]);
    if (ov->direct) {
        /* Drawn onto each picture by overlay_draw; "dirty" is where the
         * picture changes: the old content and the new. */
        ov_rect both[2 * MAX_CONTENT];
        memcpy(both, ov->content, (size_t)ov->ncontent * sizeof(ov_rect));
        memcpy(both + ov->ncontent, content, (size_t)ncontent * sizeof(ov_rect));
        ov->ndirty = ovr_merge(both, ov->ncontent + ncontent, ov->dirty, OVERLAY_MAX_DIRTY);
        memcpy(ov->content, content, (size_t)ncontent * sizeof(ov_rect));
        ov->ncontent = ncontent;
        ov->bbox = bbox;
        ov->full_redraw = false;
        return;
    }
    if (ov->full_redraw) {
        /* The buffer is fresh (all zero): report the whole output once. */
        ov->dirty[0] = (ov_rect){0, 0, ov->out_w, ov->out_h};
        ov->ndirty = 1;
    } else {
        ov_rect both[2 * MAX_CONTENT];
        memcpy(both, ov->content, (size_t)ov->ncontent * sizeof(ov_rect));
        memcpy(both + ov->ncontent, content, (size_t)ncontent * sizeof(ov_rect));
        ov->ndirty = ovr_merge(both, ov->ncontent + ncontent, ov->dirty, OVERLAY_MAX_DIRTY);
    }
    int stride = ov->out_w;
    for (int d = 0; d < ov->ndirty; d++) {
        ov_rect clip = ov->dirty[d];
        if (!ov->full_redraw)
            ov->stats.pixels_cleared += ovb_clear(ov->px, stride, clip);
        for (int i = 0; i < ov->nbms; i++)
            ov->stats.pixels_blended +=
                ovb_blend_premul(ov->px, stride, ov->bms[i].px, ov->bms[i].dst.w * 4, ov->bms[i].dst, clip);
        for (const ASS_Image *img = sub_imgs; img; img = img->next)
            ov->stats.pixels_blended += ovb_blend_ass(ov->px, stride, img, clip);
        for (const ASS_Image *img = osd_imgs; img; img = img->next)
            ov->stats.pixels_blended += ovb_blend_ass(ov->px, stride, img, clip);
    }
    memcpy(ov->content, content, (size_t)ncontent * sizeof(ov_rect));
    ov->ncontent = ncontent;
    ov->bbox = bbox;
    ov->full_redraw = false;
}

bool overlay_update(overlay *ov, subtrack *sub, osd *o, int64_t t_ms)
{
    ov->stats.updates++;
    ov->ndirty = 0;
    if (!ov->have_geom)
        return false;
    bool changed = ov->full_redraw;
    ASS_Image *sub_imgs = NULL, *osd_imgs = NULL;

    uint64_t id = sub ? subtrack_id(sub) : 0;
    if (id != ov->sub_id) {
        changed = true;
        ov->sub_id = id;
        ov->sub_stale = true;
        ov->bm_ev = NULL;
        free_bitmaps(ov);
    }
    bool sub_deferred = false;
    if (sub && subtrack_kind(sub) != SUBTRACK_BITMAP) {
        configure_sub(ov, sub);
        /* Between event boundaries a track without animation draws the
         * same picture: skip libass's layout and shaping then (the render
         * is done below after all if the OSD forces a redraw). */
        bool animated;
        uint64_t key = assact_key(subtrack_ass_track(sub), t_ms, &animated);
        if (!ov->sub_stale && ov->sub_act_reuse && !animated && key == ov->sub_act_key) {
            sub_deferred = true;
            ov->stats.renders_skipped++;
        } else {
            int chg = 0;
            sub_imgs = ass_render_frame(sub_renderer(ov, sub), subtrack_ass_track(sub), t_ms, &chg);
            ov->stats.renders++;
            /* libass compares with its own last frame, which is not always
             * what the buffer shows: a render of a track without events
             * returns early and keeps the frame before it (another file's,
             * say). New events therefore always count as a change. */
            if (chg || ov->sub_stale || key != ov->sub_act_key)
                changed = true;
            ov->sub_stale = false;
            ov->sub_act_key = key;
            ov->sub_act_reuse = !animated;
        }
    } else {
        ov->sub_stale = true;
        if (sub) {
            const sub_event *ev = subtrack_bitmap_at(sub, t_ms);
            uint64_t ser = subtrack_serial(sub);
            if (ev != ov->bm_ev || ser != ov->bm_serial || ov->bm_geom != ov->geom_gen) {
                bool had = ov->nbms > 0;
                scale_bitmaps(ov, ev);
                if (had || ov->nbms > 0)
                    changed = true;
                ov->bm_ev = ev;
                ov->bm_serial = ser;
                ov->bm_geom = ov->geom_gen;
            }
        }
    }

    uint64_t oid = o ? osd_id(o) : 0;
    if (oid != ov->osd_id) {
        changed = true;
        ov->osd_id = oid;
        ov->osd_stale = true;
    }
    ASS_Track *ot = o ? osd_track_for(o, ov->out_w, ov->out_h) : NULL;
    if (ot) {
        int chg = 0;
        osd_imgs = ass_render_frame(ov->r_osd, ot, 0, &chg);
        if (chg || ov->osd_stale)
            changed = true;
        ov->osd_stale = false;
    } else {
        if (!ov->osd_stale)
            changed = true; /* the OSD had content last time */
        ov->osd_stale = true;
    }

    if (ov->direct) {
        /* libass frees a renderer's images at its next render: keep the
         * lists that are current now (a skipped render keeps the last). */
        if (sub_deferred)
            sub_imgs = (ASS_Image *)ov->cur_sub;
        ov->cur_sub = sub_imgs;
        ov->cur_osd = osd_imgs;
        ov->cur_ok = true;
    }
    if (!changed)
        return false;
    if (sub_deferred && !ov->direct) {
        sub_imgs = ass_render_frame(sub_renderer(ov, sub), subtrack_ass_track(sub), t_ms, NULL);
        ov->stats.renders++;
    }
    ov->stats.redraws++;
    compose(ov, sub_imgs, osd_imgs);
    return ov->direct || ov->ndirty > 0;
}

uint64_t overlay_source_key(const overlay *ov, const subtrack *sub, const osd *o)
{
    uint64_t h = hash_mix(hash_mix(7, ov->geom_gen), ov->style_gen);
    h = hash_mix(hash_mix(h, sub ? subtrack_id(sub) : 0), sub ? subtrack_serial(sub) : 0);
    return hash_mix(h, o ? osd_id(o) : 0);
}

bool overlay_draw(overlay *ov, uint32_t *px, int stride, bool bgr)
{
    if (!ov->direct || !ov->cur_ok || ov->ncontent == 0)
        return false;
    enum ovo_order order = bgr ? OVO_XBGR : OVO_XRGB;
    ov_rect all = {0, 0, ov->out_w, ov->out_h};
    for (int i = 0; i < ov->nbms; i++)
        ov->stats.pixels_blended += ovo_blend_premul(px, stride, order, ov->bms[i].px, ov->bms[i].dst.w * 4,
                                                     ov->bms[i].dst, all);
    for (const ASS_Image *img = ov->cur_sub; img; img = img->next)
        ov->stats.pixels_blended += ovo_blend_ass(px, stride, order, img, all);
    for (const ASS_Image *img = ov->cur_osd; img; img = img->next)
        ov->stats.pixels_blended += ovo_blend_ass(px, stride, order, img, all);
    return true;
}
