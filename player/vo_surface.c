/* vo_surface.c — the software path of the video output (see vo_sdl.h).
 *
 * No renderer and no textures: each picture is converted once by swscale
 * straight into the window surface (an XShm image under X11, plain memory
 * with the dummy/offscreen drivers) at its place on screen, the overlay's
 * drawer blends subtitles and on-screen text onto it, and
 * SDL_UpdateWindowSurface shows it. The picture therefore exists once in
 * memory, and nothing is copied or blended a second time by SDL.
 *
 * The shown frame is kept as a reference (the decoder's buffer, no copy) so
 * the picture can be drawn again when only the overlay changed (paused,
 * stills, a notice appearing) or the window was resized. */
#include <stdlib.h>
#include <string.h>

#include "media/clock.h"
#include "player/log.h"
#include "player/vo_priv.h"

#define MOD "video"

/* The window's pixels: the surface itself when swscale can write its format,
 * else the 32-bit shadow copied over at present. */
static SDL_Surface *target(vo *v, SDL_Surface **win_surf)
{
    SDL_Surface *s = SDL_GetWindowSurface(v->win);
    *win_surf = s;
    if (!s)
        return NULL;
    Uint32 f = s->format->format;
    bool direct = f == SDL_PIXELFORMAT_RGB888 || f == SDL_PIXELFORMAT_ARGB8888 || f == SDL_PIXELFORMAT_BGR888 ||
                  f == SDL_PIXELFORMAT_ABGR8888;
    if (direct) {
        bool bgr = f == SDL_PIXELFORMAT_BGR888 || f == SDL_PIXELFORMAT_ABGR8888;
        if (v->sw.bgr != bgr) {
            v->sw.bgr = bgr;
            v->sw.redraw = v->sw.bars = true;
        }
        /* ARGB: swscale writes an opaque alpha byte (a compositor may read it) */
        v->sw.vfmt = bgr ? VCONV_RGBX : f == SDL_PIXELFORMAT_ARGB8888 ? VCONV_BGRA : VCONV_BGRX;
        if (v->sw.shadow) {
            SDL_FreeSurface(v->sw.shadow);
            v->sw.shadow = NULL;
        }
        return s;
    }
    if (!v->sw.shadow || v->sw.shadow->w != s->w || v->sw.shadow->h != s->h) {
        if (v->sw.shadow)
            SDL_FreeSurface(v->sw.shadow);
        v->sw.shadow = SDL_CreateRGBSurfaceWithFormat(0, s->w, s->h, 32, SDL_PIXELFORMAT_RGB888);
        if (!v->sw.shadow)
            return NULL;
        log_verbose(MOD, "window format %s: drawing into a 32-bit copy", SDL_GetPixelFormatName(f));
        v->sw.redraw = v->sw.bars = true;
    }
    v->sw.bgr = false;
    v->sw.vfmt = VCONV_BGRX;
    return v->sw.shadow;
}

int vosw_open(vo *v, char *err, size_t errlen)
{
    /* Without this SDL may put the window surface on an OpenGL texture —
     * Mesa's software rasterizer under Xvfb, the cost we are avoiding. */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_Surface *ws;
    if (!target(v, &ws)) {
        snprintf(err, errlen, "cannot draw into the window: %s", SDL_GetError());
        return -1;
    }
    snprintf(v->ren_name, sizeof(v->ren_name), "software");
    v->software = true;
    v->sw.redraw = v->sw.bars = true;
    return 0;
}

void vosw_close(vo *v)
{
    vconv_frame_unref(&v->sw.held);
    vconv_frame_unref(&v->sw.staged);
    if (v->sw.shadow)
        SDL_FreeSurface(v->sw.shadow);
    v->sw.shadow = NULL;
    free(v->sw.rot);
    v->sw.rot = NULL;
}

static vo_place place(vo *v, const struct AVFrame *f, double sar, int rotation, bool hflip)
{
    int w, h;
    enum vconv_fmt native;
    vconv_frame_info(f, &w, &h, &native);
    vo_place p = {geom_fit(v->out_w, v->out_h, w, h, sar, rotation), rotation, hflip, sar};
    return p;
}

void vosw_resized(vo *v)
{
    if (v->sw.held)
        v->sw.held_at = place(v, v->sw.held, v->sw.held_at.sar, v->sw.held_at.rotation, v->sw.held_at.hflip);
    if (v->sw.staged)
        v->sw.staged_at = place(v, v->sw.staged, v->sw.staged_at.sar, v->sw.staged_at.rotation,
                                v->sw.staged_at.hflip);
    v->sw.redraw = v->sw.bars = true;
    v->sw.prepared = v->sw.composed = false;
}

int vosw_stage_picture(vo *v, const struct AVFrame *f, double sar, int rotation, bool hflip)
{
    vo_place at = place(v, f, sar, rotation, hflip);
    if (at.rect.w <= 0)
        return -1;
    struct AVFrame *ref = vconv_frame_ref(f);
    if (!ref)
        return -1;
    vconv_frame_unref(&v->sw.staged);
    v->sw.staged = ref;
    v->sw.staged_at = at;
    v->sw.prepared = false;
    return 0;
}

bool vosw_show_staged(vo *v)
{
    if (!v->sw.staged)
        return false;
    vconv_frame_unref(&v->sw.held);
    if (memcmp(&v->sw.staged_at.rect, &v->sw.held_at.rect, sizeof(vrect)) != 0)
        v->sw.bars = true;
    v->sw.held = v->sw.staged;
    v->sw.held_at = v->sw.staged_at;
    v->sw.staged = NULL;
    v->sw.redraw = true;
    if (v->sw.prepared) /* drawn ahead, but not to be used as it is */
        v->sw.bars = true;
    v->sw.prepared = v->sw.composed = false;
    return true;
}

int vosw_set_picture(vo *v, const struct AVFrame *f, double sar, int rotation, bool hflip)
{
    if (vosw_stage_picture(v, f, sar, rotation, hflip) < 0)
        return -1;
    vosw_show_staged(v);
    return 0;
}

void vosw_clear_picture(vo *v)
{
    vconv_frame_unref(&v->sw.held);
    vconv_frame_unref(&v->sw.staged);
    v->sw.redraw = v->sw.bars = true;
    v->sw.prepared = v->sw.composed = false;
}

vrect vosw_picture_rect(vo *v)
{
    vrect none = {0, 0, 0, 0};
    return v->sw.held ? v->sw.held_at.rect : none;
}

static void fill_black(SDL_Surface *s, vrect r)
{
    SDL_Rect sr = {r.x, r.y, r.w, r.h};
    SDL_FillRect(s, &sr, SDL_MapRGB(s->format, 0, 0, 0));
}

/* swscale writes whole SIMD blocks: a row of w pixels may spill up to the
 * next multiple of 16 (seen: a 270-pixel row writes 272). */
static int padded(int w) { return (w + 15) & ~15; }

/* The conversion buffer, for pictures that are turned or would spill past
 * the end of the window's rows. */
static uint32_t *scratch(vo *v, int w, int h)
{
    size_t need = (size_t)padded(w) * h;
    if (need > v->sw.rot_cap) {
        uint32_t *n = realloc(v->sw.rot, need * sizeof(uint32_t));
        if (!n) {
            log_error(MOD, "out of memory converting a %dx%d picture", w, h);
            return NULL;
        }
        v->sw.rot = n;
        v->sw.rot_cap = need;
    }
    return v->sw.rot;
}

/* Convert the held picture into its place: straight into the window when
 * it fits (what swscale spills beside it is painted black again), through
 * the scratch buffer when it is turned or mirrored, or sits so far right
 * that the spill would run past the row. */
static void draw_picture(vo *v, SDL_Surface *s, struct AVFrame *pic, const vo_place *at)
{
    vrect r = at->rect;
    int stride = s->pitch / 4;
    uint32_t *px = (uint32_t *)s->pixels;
    uint32_t *dst = px + (size_t)r.y * stride + r.x;
    if (r.x < 0 || r.y < 0 || r.x + r.w > s->w || r.y + r.h > s->h)
        return; /* laid out for another size: the resize handler re-places it */
    int ret = -1;
    if (at->rotation == 0 && !at->hflip && r.x + padded(r.w) <= stride) {
        uint8_t *planes[3] = {(uint8_t *)dst, NULL, NULL};
        int strides[3] = {s->pitch, 0, 0};
        ret = vconv_convert(v->conv, pic, v->sw.vfmt, r.w, r.h, planes, strides);
        int spill = padded(r.w) - r.w;
        if (spill > s->w - (r.x + r.w))
            spill = s->w - (r.x + r.w);
        if (spill > 0)
            fill_black(s, (vrect){r.x + r.w, r.y, spill, r.h});
    } else {
        vrect u = geom_unrotated(r, at->rotation); /* the picture's own orientation */
        uint32_t *buf = scratch(v, u.w, u.h);
        if (buf) {
            uint8_t *planes[3] = {(uint8_t *)buf, NULL, NULL};
            int strides[3] = {padded(u.w) * 4, 0, 0};
            ret = vconv_convert(v->conv, pic, v->sw.vfmt, u.w, u.h, planes, strides);
            if (ret >= 0)
                geom_rotate_copy(buf, u.w, u.h, padded(u.w), dst, stride, at->rotation, at->hflip);
        }
    }
    if (ret < 0)
        fill_black(s, r);
}

/* The composed picture as 0xAARRGGBB for a screenshot. */
static uint32_t *read_back(vo *v, SDL_Surface *s)
{
    uint32_t *out = malloc((size_t)s->w * s->h * 4);
    if (!out) {
        log_error(MOD, "out of memory for a screenshot");
        return NULL;
    }
    for (int y = 0; y < s->h; y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * s->pitch);
        uint32_t *o = out + (size_t)y * s->w;
        for (int x = 0; x < s->w; x++) {
            uint32_t p = row[x];
            if (v->sw.bgr)
                p = (p & 0xFF00u) | (p & 0xFFu) << 16 | (p >> 16 & 0xFFu);
            o[x] = 0xFF000000u | (p & 0xFFFFFFu);
        }
    }
    return out;
}

/* Black around a picture shown at r. */
static void fill_bars(SDL_Surface *s, vrect r)
{
    vrect bars[4];
    int n = geom_bars(s->w, s->h, r, bars);
    for (int i = 0; i < n; i++)
        fill_black(s, bars[i]);
}

/* Draw the held picture again if it must be (it changed, or the overlay
 * was drawn over it). */
static void paint_picture(vo *v, SDL_Surface *s)
{
    if (!v->sw.redraw && !v->sw.overlay_drawn)
        return;
    if (!v->sw.held) {
        fill_black(s, (vrect){0, 0, s->w, s->h});
    } else {
        /* Bars only when something may have drawn on them. */
        if (v->sw.bars || v->sw.overlay_drawn)
            fill_bars(s, v->sw.held_at.rect);
        draw_picture(v, s, v->sw.held, &v->sw.held_at);
    }
    v->sw.redraw = v->sw.bars = v->sw.overlay_drawn = false;
}

/* Before the present, when the surface holds a picture drawn ahead that is
 * not to be shown: the held one must be drawn again. */
static void drop_prepared(vo *v)
{
    if (v->sw.prepared) {
        v->sw.prepared = false;
        v->sw.redraw = v->sw.bars = true;
    }
}

/* The overlay's drawer onto the surface; true if it drew anything. */
static bool draw_overlay(vo *v, SDL_Surface *s)
{
    return v->sw.draw && v->sw.draw(v->sw.draw_ctx, (uint32_t *)s->pixels, s->pitch / 4, v->sw.bgr);
}

/* The surface with the current picture drawn on it (NULL: nothing may be
 * drawn now — a composed picture waits for its present, or the window
 * fails). */
static SDL_Surface *current_picture(vo *v)
{
    SDL_Surface *ws;
    SDL_Surface *s = v->sw.composed || v->sw.failing ? NULL : target(v, &ws);
    if (s) {
        drop_prepared(v);
        paint_picture(v, s);
    }
    return s;
}

void vosw_draw_picture(vo *v) { current_picture(v); }

void vosw_compose(vo *v)
{
    SDL_Surface *s = current_picture(v);
    if (!s)
        return;
    v->sw.overlay_drawn = draw_overlay(v, s);
    v->sw.composed = true;
}

bool vosw_prepare(vo *v)
{
    SDL_Surface *ws;
    SDL_Surface *s = v->sw.staged && !v->sw.failing && !v->sw.composed ? target(v, &ws) : NULL;
    if (!s)
        return false;
    const vo_place *at = &v->sw.staged_at;
    vrect r = at->rect;
    if (r.x < 0 || r.y < 0 || r.x + r.w > s->w || r.y + r.h > s->h)
        return false;
    if (v->sw.bars || v->sw.overlay_drawn || !v->sw.held ||
        memcmp(&at->rect, &v->sw.held_at.rect, sizeof(vrect)) != 0)
        fill_bars(s, r);
    draw_picture(v, s, v->sw.staged, at);
    v->sw.prepared_overlay = draw_overlay(v, s);
    v->sw.prepared = true;
    return true;
}

bool vosw_show_prepared(vo *v)
{
    if (!v->sw.prepared || !v->sw.staged)
        return false;
    vconv_frame_unref(&v->sw.held);
    v->sw.held = v->sw.staged;
    v->sw.held_at = v->sw.staged_at;
    v->sw.staged = NULL;
    v->sw.prepared = false;
    v->sw.composed = true;
    v->sw.redraw = v->sw.bars = false;
    v->sw.overlay_drawn = v->sw.prepared_overlay;
    return true;
}

double vosw_present(vo *v, uint32_t **shot, int *shot_w, int *shot_h)
{
    SDL_Surface *ws;
    SDL_Surface *s = target(v, &ws);
    if (shot) {
        *shot = NULL;
        *shot_w = *shot_h = 0;
    }
    if (!s) {
        if (!v->sw.failing)
            log_error(MOD, "cannot draw into the window: %s", SDL_GetError());
        v->sw.failing = true;
        v->sw.prepared = v->sw.composed = false;
        return media_now();
    }
    if (v->sw.composed) {
        v->sw.composed = false; /* drawn already: show it as it is */
    } else {
        drop_prepared(v);
        paint_picture(v, s);
        v->sw.overlay_drawn = draw_overlay(v, s);
    }
    if (shot) {
        *shot = read_back(v, s);
        *shot_w = *shot ? s->w : 0;
        *shot_h = *shot ? s->h : 0;
    }
    bool ok = (s == ws || SDL_BlitSurface(s, NULL, ws, NULL) == 0) && SDL_UpdateWindowSurface(v->win) == 0;
    if (!ok && !v->sw.failing)
        log_error(MOD, "cannot show the picture: %s", SDL_GetError());
    else if (ok && v->sw.failing)
        log_info(MOD, "pictures are shown again");
    v->sw.failing = !ok;
    return media_now();
}
