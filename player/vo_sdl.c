/* vo_sdl.c — see vo_sdl.h. */
#include "player/vo_sdl.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "media/clock.h"
#include "player/log.h"
#include "player/vo_priv.h"

#define MOD "video"

static bool is_software_gl(SDL_Renderer *ren, char *what, size_t len)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(ren, &info) != 0 || !info.name)
        return false;
    if (strncmp(info.name, "opengl", 6) != 0)
        return false;
    typedef const unsigned char *(*get_string_fn)(unsigned int);
    get_string_fn get_string = (get_string_fn)SDL_GL_GetProcAddress("glGetString");
    if (!get_string)
        return false;
    const char *r = (const char *)get_string(0x1F01 /* GL_RENDERER */);
    if (!r)
        return false;
    snprintf(what, len, "%s", r);
    return strcasestr(r, "llvmpipe") || strcasestr(r, "softpipe") || strcasestr(r, "software rasterizer") ||
           strcasestr(r, "swrast");
}

/* Without a GPU render node every OpenGL driver is a software rasterizer;
 * trying one would load Mesa and LLVM (~80 MB, ~300 ms) for nothing. */
static bool have_gpu(void)
{
    DIR *d = opendir("/dev/dri");
    if (!d)
        return false;
    struct dirent *e;
    bool found = false;
    while (!found && (e = readdir(d)))
        found = !strncmp(e->d_name, "renderD", 7) || !strncmp(e->d_name, "card", 4);
    closedir(d);
    return found;
}

static int create_renderer(vo *v, const vo_opts *o, char *err, size_t errlen)
{
    const char *want = o->renderer && *o->renderer ? o->renderer : "auto";
    bool sw = strcmp(want, "software") == 0;
    if (!sw && strcmp(want, "auto") == 0 && !have_gpu()) {
        log_verbose(MOD, "no GPU (/dev/dri is empty): drawing in software");
        sw = true;
    }
    if (!sw) {
        Uint32 flags = SDL_RENDERER_ACCELERATED | (o->vsync ? SDL_RENDERER_PRESENTVSYNC : 0);
        v->ren = SDL_CreateRenderer(v->win, -1, flags);
        if (v->ren && strcmp(want, "auto") == 0) {
            char gl[128];
            if (is_software_gl(v->ren, gl, sizeof(gl))) {
                log_verbose(MOD, "accelerated renderer is %s, a software rasterizer: drawing in software", gl);
                SDL_DestroyRenderer(v->ren);
                v->ren = NULL;
            }
        } else if (!v->ren) {
            log_verbose(MOD, "no accelerated renderer (%s)", SDL_GetError());
        }
    }
    if (!v->ren)
        return vosw_open(v, err, errlen);
    SDL_RendererInfo info;
    SDL_GetRendererInfo(v->ren, &info);
    if (info.flags & SDL_RENDERER_SOFTWARE) { /* SDL fell back to its own: ours is cheaper */
        SDL_DestroyRenderer(v->ren);
        v->ren = NULL;
        return vosw_open(v, err, errlen);
    }
    snprintf(v->ren_name, sizeof(v->ren_name), "%s", info.name ? info.name : "?");
    return 0;
}

int vo_open(vo **out, const vo_opts *o, char *err, size_t errlen)
{
    *out = NULL;
    vo *v = calloc(1, sizeof(*v));
    if (!v || !(v->conv = vconv_new())) {
        free(v);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int w = o->width > 0 ? o->width : 1280, h = o->height > 0 ? o->height : 720;
    Uint32 flags = SDL_WINDOW_SHOWN | (o->windowed ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP);
    int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
    const char *drv = SDL_GetCurrentVideoDriver();
    SDL_Rect db;
    if (!o->windowed && o->width > 0 && o->height > 0) {
        flags = SDL_WINDOW_SHOWN | SDL_WINDOW_FULLSCREEN; /* an explicit mode */
    } else if (!o->windowed && drv && !strcmp(drv, "x11") && SDL_GetDisplayBounds(0, &db) == 0) {
        /* X11: a borderless window over the whole display. SDL's fullscreen
         * request waits up to 100 ms for a window manager to confirm it, and
         * kiosk X servers (and Xvfb) have none. */
        flags = SDL_WINDOW_SHOWN | SDL_WINDOW_BORDERLESS;
        x = db.x;
        y = db.y;
        w = db.w;
        h = db.h;
    }
    v->win = SDL_CreateWindow(o->title ? o->title : "Vitrina", x, y, w, h, flags);
    if (!v->win) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        vo_close(&v);
        return -1;
    }
    if (!o->windowed)
        SDL_ShowCursor(SDL_DISABLE);
    if (create_renderer(v, o, err, errlen) < 0) {
        vo_close(&v);
        return -1;
    }
    vo_refresh_size(v);
    log_info(MOD, "renderer: %s%s, output %dx%d (%s)", v->ren_name,
             v->software ? " (swscale into the window surface)" : " (GPU converts YUV)", v->out_w, v->out_h,
             SDL_GetCurrentVideoDriver());
    if (v->ren) {
        SDL_SetRenderDrawColor(v->ren, 0, 0, 0, 255);
        SDL_RenderClear(v->ren);
    }
    *out = v;
    return 0;
}

void vo_close(vo **vp)
{
    vo *v = *vp;
    if (!v)
        return;
    for (int i = 0; i < 2; i++)
        if (v->pics[i].tex)
            SDL_DestroyTexture(v->pics[i].tex);
    if (v->ov)
        SDL_DestroyTexture(v->ov);
    vosw_close(v);
    if (v->ren)
        SDL_DestroyRenderer(v->ren);
    if (v->win)
        SDL_DestroyWindow(v->win);
    vconv_free(&v->conv);
    free(v);
    *vp = NULL;
}

void vo_output_size(vo *v, int *w, int *h)
{
    *w = v->out_w;
    *h = v->out_h;
}

const char *vo_renderer_name(vo *v) { return v->ren_name; }
bool vo_is_software(vo *v) { return v->software; }

bool vo_refresh_size(vo *v)
{
    int w = 0, h = 0;
    if (!v->ren || SDL_GetRendererOutputSize(v->ren, &w, &h) != 0 || w <= 0 || h <= 0)
        SDL_GetWindowSize(v->win, &w, &h);
    if (w == v->out_w && h == v->out_h)
        return false;
    v->out_w = w;
    v->out_h = h;
    if (v->software)
        vosw_resized(v);
    return true;
}

vrect vo_fit(vo *v, int w, int h, double sar, int rotation)
{
    return geom_fit(v->out_w, v->out_h, w, h, sar, rotation);
}

vrect vo_picture_rect(vo *v)
{
    if (v->software)
        return vosw_picture_rect(v);
    vrect none = {0, 0, 0, 0};
    return v->pics[v->front].valid ? v->pics[v->front].at.rect : none;
}

static int ensure_pic_texture(vo *v, struct pic *p, Uint32 fmt, int w, int h)
{
    if (p->tex && p->format == fmt && p->tw == w && p->th == h)
        return 0;
    if (p->tex)
        SDL_DestroyTexture(p->tex);
    p->tex = SDL_CreateTexture(v->ren, fmt, SDL_TEXTUREACCESS_STREAMING, w, h);
    if (!p->tex) {
        log_error(MOD, "cannot create a %dx%d texture: %s", w, h, SDL_GetError());
        return -1;
    }
    p->format = fmt;
    p->tw = w;
    p->th = h;
    return 0;
}

static int upload_yuv(vo *v, struct pic *pc, const struct AVFrame *f)
{
    int w, h;
    enum vconv_fmt native;
    vconv_frame_info(f, &w, &h, &native);
    Uint32 fmt = native == VCONV_NV12 ? SDL_PIXELFORMAT_NV12 : SDL_PIXELFORMAT_IYUV;
    if (ensure_pic_texture(v, pc, fmt, w, h) < 0)
        return -1;
    if (native == VCONV_YUV420P || native == VCONV_NV12) {
        const uint8_t *p[3];
        int s[3];
        vconv_frame_planes(f, p, s);
        if (native == VCONV_NV12)
            return SDL_UpdateNVTexture(pc->tex, NULL, p[0], s[0], p[1], s[1]);
        return SDL_UpdateYUVTexture(pc->tex, NULL, p[0], s[0], p[1], s[1], p[2], s[2]);
    }
    void *px;
    int pitch;
    if (SDL_LockTexture(pc->tex, NULL, &px, &pitch) != 0)
        return -1;
    /* IYUV layout in a locked texture: Y (pitch), then U and V (pitch/2). */
    uint8_t *y = px;
    uint8_t *u = y + (size_t)pitch * h;
    uint8_t *vv = u + (size_t)(pitch / 2) * ((h + 1) / 2);
    uint8_t *planes[3] = {y, u, vv};
    int strides[3] = {pitch, pitch / 2, pitch / 2};
    int ret = vconv_convert(v->conv, f, VCONV_YUV420P, w, h, planes, strides);
    SDL_UnlockTexture(pc->tex);
    return ret;
}

static int upload(vo *v, struct pic *p, const struct AVFrame *f, double sar, int rotation, bool hflip)
{
    int w, h;
    enum vconv_fmt native;
    vconv_frame_info(f, &w, &h, &native);
    vrect shown = geom_fit(v->out_w, v->out_h, w, h, sar, rotation);
    if (shown.w <= 0)
        return -1;
    if (upload_yuv(v, p, f) < 0)
        return -1;
    p->at = (vo_place){shown, rotation, hflip, sar};
    p->valid = true;
    return 0;
}

int vo_set_picture(vo *v, const struct AVFrame *f, double sar, int rotation, bool hflip)
{
    if (v->software)
        return vosw_set_picture(v, f, sar, rotation, hflip);
    v->staged = false;
    return upload(v, &v->pics[v->front], f, sar, rotation, hflip);
}

int vo_stage_picture(vo *v, const struct AVFrame *f, double sar, int rotation, bool hflip)
{
    if (v->software)
        return vosw_stage_picture(v, f, sar, rotation, hflip);
    int ret = upload(v, &v->pics[!v->front], f, sar, rotation, hflip);
    v->staged = ret == 0;
    return ret;
}

bool vo_show_staged(vo *v)
{
    if (v->software)
        return vosw_show_staged(v);
    if (!v->staged)
        return false;
    v->front = !v->front;
    v->staged = false;
    /* The old picture's texture is only needed again at the next hand-over:
     * give its memory back meanwhile. */
    struct pic *back = &v->pics[!v->front];
    if (back->tex) {
        SDL_DestroyTexture(back->tex);
        back->tex = NULL;
    }
    back->valid = false;
    return true;
}

bool vo_prepare(vo *v) { return v->software && vosw_prepare(v); }

void vo_compose(vo *v)
{
    if (v->software)
        vosw_compose(v);
}

void vo_draw_picture(vo *v)
{
    if (v->software)
        vosw_draw_picture(v);
}

bool vo_show_prepared(vo *v) { return v->software && vosw_show_prepared(v); }

void vo_clear_picture(vo *v)
{
    if (v->software) {
        vosw_clear_picture(v);
        return;
    }
    v->pics[v->front].valid = false;
    v->staged = false;
}

void vo_update_overlay(vo *v, const uint32_t *pixels, int stride, const vrect *dirty, int ndirty, const vrect *draw,
                       int ndraw)
{
    if (v->software)
        return; /* the overlay's drawer works on the picture itself */
    if (ndraw > VO_MAX_DRAW)
        ndraw = VO_MAX_DRAW;
    for (int i = 0; i < ndraw; i++)
        v->ov_draw[i] = draw[i];
    v->ov_ndraw = ndraw;
    if (!v->ov && ndraw == 0)
        return; /* nothing to show yet: no texture (8 MB at 1080p) */
    if (!v->ov || v->ov_w != v->out_w || v->ov_h != v->out_h) {
        if (v->ov)
            SDL_DestroyTexture(v->ov);
        v->ov = SDL_CreateTexture(v->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, v->out_w, v->out_h);
        if (!v->ov) {
            log_error(MOD, "cannot create the overlay texture: %s", SDL_GetError());
            return;
        }
        SDL_SetTextureBlendMode(v->ov, SDL_BLENDMODE_BLEND);
        v->ov_w = v->out_w;
        v->ov_h = v->out_h;
        /* a new texture has undefined content: upload everything */
        SDL_Rect all = {0, 0, v->out_w, v->out_h};
        SDL_UpdateTexture(v->ov, &all, pixels, stride);
        ndirty = 0;
    }
    for (int i = 0; i < ndirty; i++) {
        vrect d = dirty[i];
        if (d.w <= 0 || d.h <= 0 || d.x < 0 || d.y < 0 || d.x + d.w > v->ov_w || d.y + d.h > v->ov_h)
            continue;
        SDL_Rect r = {d.x, d.y, d.w, d.h};
        SDL_UpdateTexture(v->ov, &r, (const uint8_t *)pixels + (size_t)d.y * stride + (size_t)d.x * 4, stride);
    }
}

void vo_set_overlay_drawer(vo *v, vo_overlay_draw_fn fn, void *ctx)
{
    v->sw.draw = fn;
    v->sw.draw_ctx = ctx;
}

double vo_present(vo *v, uint32_t **shot, int *shot_w, int *shot_h)
{
    if (v->software)
        return vosw_present(v, shot, shot_w, shot_h);
    SDL_SetRenderDrawColor(v->ren, 0, 0, 0, 255);
    const struct pic *p = &v->pics[v->front];
    if (!p->valid) {
        SDL_RenderClear(v->ren);
    } else {
        vrect bars[4];
        int n = geom_bars(v->out_w, v->out_h, p->at.rect, bars);
        for (int i = 0; i < n; i++) {
            SDL_Rect r = {bars[i].x, bars[i].y, bars[i].w, bars[i].h};
            SDL_RenderFillRect(v->ren, &r);
        }
        vrect u = geom_unrotated(p->at.rect, p->at.rotation);
        SDL_Rect dst = {u.x, u.y, u.w, u.h};
        if (p->at.rotation == 0 && !p->at.hflip)
            SDL_RenderCopy(v->ren, p->tex, NULL, &dst);
        else
            SDL_RenderCopyEx(v->ren, p->tex, NULL, &dst, p->at.rotation, NULL,
                             p->at.hflip ? SDL_FLIP_HORIZONTAL : SDL_FLIP_NONE);
    }
    for (int i = 0; v->ov && i < v->ov_ndraw; i++) {
        vrect d = v->ov_draw[i];
        if (d.w <= 0 || d.h <= 0)
            continue;
        SDL_Rect r = {d.x, d.y, d.w, d.h};
        SDL_RenderCopy(v->ren, v->ov, &r, &r);
    }
    if (shot) {
        *shot = malloc((size_t)v->out_w * v->out_h * 4);
        if (*shot && SDL_RenderReadPixels(v->ren, NULL, SDL_PIXELFORMAT_ARGB8888, *shot, v->out_w * 4) != 0) {
            log_error(MOD, "screenshot read-back failed: %s", SDL_GetError());
            free(*shot);
            *shot = NULL;
        }
        *shot_w = v->out_w;
        *shot_h = v->out_h;
    }
    SDL_RenderPresent(v->ren);
    return media_now();
}
