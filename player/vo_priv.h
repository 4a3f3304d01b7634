/* vo_priv.h — the video output's state, shared by its two halves:
 * vo_sdl.c (window, renderer choice, the GPU path: streaming textures
 * converted and scaled by the GPU) and vo_surface.c (the software path:
 * pictures converted straight into the window surface, the overlay drawn
 * onto them). Player internals only; main thread only. */
#ifndef VITRINA_PLAYER_VO_PRIV_H
#define VITRINA_PLAYER_VO_PRIV_H

#include <SDL.h>

#include "media/vconv.h"
#include "player/vo_sdl.h"

/* A picture's placement. */
typedef struct vo_place {
    vrect rect;   /* shown rectangle (rotated) */
    int rotation;
    bool hflip;
    double sar;
} vo_place;

struct vo {
    SDL_Window *win;
    SDL_Renderer *ren;   /* GPU path only */
    char ren_name[64];
    bool software;
    int out_w, out_h;
    vconv *conv;

    /* GPU path: two picture slots, the one on screen and one where the
     * next file's first picture can be staged before the hand-over. */
    struct pic {
        SDL_Texture *tex;
        Uint32 format;
        int tw, th;         /* texture size */
        bool valid;
        vo_place at;
    } pics[2];
    int front;
    bool staged;            /* pics[!front] holds a staged picture */
    SDL_Texture *ov;
    int ov_w, ov_h;
    vrect ov_draw[VO_MAX_DRAW]; /* overlay content to blend */
    int ov_ndraw;

    /* Software path (vo_surface.c). */
    struct vo_sw {
        SDL_Surface *shadow;     /* 32-bit stand-in when the window's format is not one */
        enum vconv_fmt vfmt;     /* what swscale writes */
        bool bgr;                /* 0x??BBGGRR pixels */
        struct AVFrame *held;    /* the picture on screen (a reference) */
        vo_place held_at;
        struct AVFrame *staged;  /* the next picture (next file's first, or drawn ahead) */
        vo_place staged_at;
        bool prepared;           /* the surface holds the staged picture + overlay (vosw_prepare) */
        bool prepared_overlay;   /* … and the drawer drew on it */
        bool composed;           /* the surface holds what the next present shows */
        bool redraw;             /* the picture must be drawn again */
        bool bars;               /* … and the bars around it */
        bool overlay_drawn;      /* the last present drew the overlay over it */
        bool failing;            /* the window cannot be drawn (logged once) */
        uint32_t *rot;           /* conversion buffer for rotated / mirrored pictures */
        size_t rot_cap;
        vo_overlay_draw_fn draw;
        void *draw_ctx;
    } sw;
};

/* vo_surface.c */
int vosw_open(vo *v, char *err, size_t errlen);
void vosw_close(vo *v);
void vosw_resized(vo *v);
int vosw_set_picture(vo *v, const struct AVFrame *f, double sar, int rotation, bool hflip);
int vosw_stage_picture(vo *v, const struct AVFrame *f, double sar, int rotation, bool hflip);
bool vosw_show_staged(vo *v);
bool vosw_prepare(vo *v);
void vosw_draw_picture(vo *v);
void vosw_compose(vo *v);
bool vosw_show_prepared(vo *v);
void vosw_clear_picture(vo *v);
vrect vosw_picture_rect(vo *v);
double vosw_present(vo *v, uint32_t **shot, int *shot_w, int *shot_h);

#endif
