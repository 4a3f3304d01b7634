/* vo_sdl.h — the video output: one window for the whole run, and one of
 * two ways of drawing into it.
 *
 * Software (no GPU, or the GPU is really a software rasterizer such as
 * Mesa llvmpipe under Xvfb, or --renderer software): no SDL renderer and
 * no textures. Each picture is converted once with swscale straight into
 * the window surface at its place on screen, the overlay's drawer (see
 * vo_set_overlay_drawer) blends subtitles and on-screen text onto it, and
 * the surface is shown. Accelerated: a renderer; YUV planes are uploaded
 * to a streaming texture and the GPU converts and scales, the overlay is a
 * second texture (vo_update_overlay). The choice is logged.
 * Threading: main thread only (all SDL video calls stay there).
 */
#ifndef VITRINA_PLAYER_VO_SDL_H
#define VITRINA_PLAYER_VO_SDL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "player/geometry.h"

struct AVFrame;
typedef struct vo vo;

typedef struct vo_opts {
    bool windowed;
    int width, height;     /* window size (windowed) or 0 = desktop size */
    const char *renderer;  /* "auto", "software", "accelerated" */
    bool vsync;
    const char *title;
} vo_opts;

/* Create the window and renderer (SDL video must be initialised). Returns 0
 * or -1 with a reason in err. The caller owns *out (vo_close). */
int vo_open(vo **out, const vo_opts *opts, char *err, size_t errlen);
void vo_close(vo **v);

void vo_output_size(vo *v, int *w, int *h);
const char *vo_renderer_name(vo *v);   /* e.g. "software", "opengl" */
bool vo_is_software(vo *v);

/* Re-read the window size after SDL_WINDOWEVENT_SIZE_CHANGED. Returns true
 * when it changed (the overlay must then be re-laid out). */
bool vo_refresh_size(vo *v);

/* Put a decoded picture on screen at the next present. `frame` is
 * borrowed for the call (the software path keeps its own reference to
 * draw it again when only the overlay changes). sar <= 0 means square pixels. Returns 0
 * or -1 (the previous picture stays). */
int vo_set_picture(vo *v, const struct AVFrame *frame, double sar, int rotation, bool hflip);
/* Prepare a picture in the second slot without showing it (the next
 * file's first frame, before the hand-over), then make it the shown one
 * at the hand-over with vo_show_staged (returns false if nothing was
 * staged, or a vo_set_picture came in between). */
int vo_stage_picture(vo *v, const struct AVFrame *frame, double sar, int rotation, bool hflip);
bool vo_show_staged(vo *v);
/* Software path only: draw the staged picture and the overlay (its drawer
 * runs now, so the overlay must already be rendered for that picture's
 * time) into the window surface ahead of time, without showing it. Doing
 * two frames' work in one wake-up keeps libass's caches and the CPU's
 * warm: after a 30 ms sleep every structure is cold again. Returns false
 * (nothing done) on the GPU path or without a staged picture.
 * vo_show_prepared then makes it current without drawing anything: true
 * if the surface still holds what vo_prepare drew; false (nothing
 * changed) if anything drew over it since (a redraw, a resize, another
 * picture) — use vo_show_staged or vo_set_picture then. Main thread. */
bool vo_prepare(vo *v);
bool vo_show_prepared(vo *v);
/* Software path: convert the current picture into the window surface now
 * rather than at the next present (which then only adds the overlay). The
 * core does it before rendering the overlay, so that libass's two renders
 * of a frame drawn ahead follow each other with little in between. No-op
 * on the GPU path. Main thread. */
void vo_draw_picture(vo *v);
/* Software path: draw the picture and the overlay now; the next present
 * shows the surface as it is (so the overlay may be rendered for the next
 * picture in between). No-op on the GPU path. Main thread. */
void vo_compose(vo *v);
/* No picture: black (idle screen, audio-only title card). */
void vo_clear_picture(vo *v);
/* Where the picture is shown (empty rect when none). */
vrect vo_picture_rect(vo *v);
/* Where a picture of that geometry would be shown (for laying out the
 * overlay before the first frame). */
vrect vo_fit(vo *v, int w, int h, double sar, int rotation);

/* Accelerated path: upload the changed parts of the overlay (ARGB8888, straight alpha, output
 * size, `stride` bytes per row) and remember where its content is: up to
 * VO_MAX_DRAW rectangles (blending only those, not their bounding box,
 * matters with the software renderer when text sits at the top and the
 * bottom of the screen). ndraw = 0: nothing to show. */
#define VO_MAX_DRAW 16
void vo_update_overlay(vo *v, const uint32_t *pixels, int stride, const vrect *dirty, int ndirty, const vrect *draw,
                       int ndraw);

/* Software path: `fn` draws the overlay onto the composed picture at each
 * present — px is the window's pixels (stride in pixels), `bgr` says the
 * pixels are 0x??BBGGRR (else 0x??RRGGBB); it returns true when it drew
 * anything (the picture is then drawn afresh before the next overlay).
 * ctx is borrowed until replaced or vo_close. Unused on the GPU path. */
typedef bool (*vo_overlay_draw_fn)(void *ctx, uint32_t *px, int stride, bool bgr);
void vo_set_overlay_drawer(vo *v, vo_overlay_draw_fn fn, void *ctx);

/* Compose picture + overlay and present. If shot is non-NULL, the composed
 * image is read back first (ARGB8888, *shot_w × *shot_h, caller frees).
 * Returns the monotonic time (media_now) right after presenting. */
double vo_present(vo *v, uint32_t **shot, int *shot_w, int *shot_h);

#endif
