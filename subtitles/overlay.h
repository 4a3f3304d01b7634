/* overlay.h — the subtitle + on-screen-text overlay at OUTPUT resolution,
 * in one of two modes.
 *
 * Direct mode (overlay_set_direct; the software video output): no buffer.
 * overlay_update renders and says whether anything changed; the player
 * converts the picture straight into the window and calls overlay_draw to
 * blend the current images onto it (opaque 32-bit pixels), every frame.
 *
 * Buffer mode (default; the GPU output): one ARGB buffer with dirty
 * rectangles. The player draws the video, then this overlay (one streaming texture,
 * SDL_PIXELFORMAT_ARGB8888 + SDL_BLENDMODE_BLEND) over it. Each frame:
 *
 *     if (overlay_update(ov, track_or_NULL, osd_or_NULL, t_ms)) {
 *         const ov_rect *r; int n = overlay_dirty_rects(ov, &r);
 *         int stride; const uint32_t *px = overlay_pixels(ov, &stride);
 *         for (i < n) SDL_UpdateTexture(tex, &r[i], px + r[i].y * stride / 4 + r[i].x, stride);
 *     }
 *     ov_rect bb = overlay_bbox(ov);       // draw only this part
 *     if (bb.w > 0) SDL_RenderCopy(ren, tex, &bb, &bb);
 *
 * The subtitle track (text or bitmap) is rendered by libass at output
 * resolution (ass_set_frame_size = output size, storage size = video size,
 * margins = letterbox bars; converted text may use the bars but stays in
 * the safe area); bitmap subtitles are scaled from their canvas into the
 * video rectangle; the OSD (osd.h) is rendered on top by a second libass
 * renderer. libass's change detection drives the work: when neither
 * renderer reports a change (and the bitmap screen is the same), update
 * does no pixel work and returns false. Otherwise the previous content's
 * area is cleared, the new images are blended ("over", straight alpha) and
 * a few merged dirty rectangles (≤ OVERLAY_MAX_DIRTY, disjoint) are
 * reported, plus the bounding box of everything now visible. Before that,
 * libass itself is skipped while the set of active events is the same and
 * none of them is animated (ass_active.h): its layout and shaping are most
 * of the cost of a dense subtitle track.
 *
 * Pixels: uint32_t 0xAARRGGBB (native endian), straight (non-premultiplied)
 * alpha; fully transparent pixels are 0.
 *
 * ov_rect has SDL_Rect's layout (four ints x, y, w, h).
 *
 * Threading: main thread only. The overlay borrows `lib`, the track and the
 * osd for the duration of each call and keeps no pointer to them between
 * calls (change detection uses ids that are unique per sublib), so a track
 * may be freed, or replaced by another, at any time between updates.
 * Restyling: a text track shown here is restyled in place (TV style for
 * the current geometry and options).
 */
#ifndef VITRINA_SUBTITLES_OVERLAY_H
#define VITRINA_SUBTITLES_OVERLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "subtitles/sublib.h"
#include "subtitles/substyle.h"

typedef struct ov_rect {
    int x, y, w, h;
} ov_rect;

#define OVERLAY_MAX_DIRTY 8

typedef struct overlay overlay;
typedef struct subtrack subtrack;
typedef struct osd osd;

/* Create an overlay (two libass renderers). Caller owns *out. Returns 0 or
 * -1 (out of memory / libass failure, logged once here). `lib` must outlive
 * the overlay. */
int overlay_new(overlay **out, sublib *lib);
void overlay_free(overlay **ov);

/* Direct mode on or off (default off). Call before overlay_set_geometry:
 * a change forgets the geometry and frees the buffer. */
void overlay_set_direct(overlay *ov, bool direct);

/* Direct mode: blend what the last overlay_update rendered onto px (the
 * out_w × out_h picture, `stride` in pixels, opaque 32-bit pixels in
 * 0x??RRGGBB order, or 0x??BBGGRR when bgr; the top byte is kept).
 * Returns true when something was drawn. May be called any number of
 * times between updates (the images stay libass's until its next render);
 * draws nothing after a geometry change until the next update. */
bool overlay_draw(overlay *ov, uint32_t *px, int stride, bool bgr);

/* Output size and where the video sits in it (output pixels, letterbox /
 * pillarbox bars around it), plus the video's storage size in pixels
 * (before scaling; used for libass's storage size and as the canvas of
 * bitmap subtitles that state none). Call when the window or the video
 * changes; a real change reallocates the buffer and makes the next
 * overlay_update redraw everything and report the whole output as dirty.
 * Returns 0, or -1 if the buffer cannot be allocated (the overlay then
 * shows nothing until a later call succeeds). */
int overlay_set_geometry(overlay *ov, int out_w, int out_h, ov_rect video, int video_w, int video_h);

/* Style options for text subtitles (copied). Takes effect at the next
 * update (a change forces a redraw). Default: substyle_opts_default. */
void overlay_set_style(overlay *ov, const substyle_opts *opts);

/* Render `sub` (may be NULL: no subtitles) at t_ms on the playback axis
 * and `o` (may be NULL) over it. Returns true if pixels changed (then see
 * overlay_dirty_rects), false if nothing needs uploading (direct mode:
 * nothing needs drawing again). */
bool overlay_update(overlay *ov, subtrack *sub, osd *o, int64_t t_ms);

/* What overlay_update would draw from, apart from the time, as a key: the
 * track (which one, and its events so far), the OSD object, the geometry
 * and the style. The OSD's text is not in it: the caller tracks changes of
 * on-screen text itself. Equal keys at two moments mean that rendering for
 * a time at the first gives what rendering for that time at the second
 * would. Main thread (like overlay_update). */
uint64_t overlay_source_key(const overlay *ov, const subtrack *sub, const osd *o);

/* The buffer (out_w × out_h) and its stride in bytes; NULL before a
 * geometry is set and in direct mode. Owned by the overlay; valid until the next
 * overlay_set_geometry / overlay_free. */
const uint32_t *overlay_pixels(const overlay *ov, int *stride_bytes);

/* Rectangles changed by the last overlay_update (disjoint, inside the
 * output; 0 after an update that returned false). *rects points into the
 * overlay, valid until the next update. */
int overlay_dirty_rects(const overlay *ov, const ov_rect **rects);

/* Bounding box of all visible content (w = h = 0 when nothing shows). */
ov_rect overlay_bbox(const overlay *ov);

/* The visible content as at most OVERLAY_MAX_CONTENT disjoint rectangles
 * (inside the bbox; every visible pixel lies in one). Drawing these
 * instead of the bbox blends far fewer pixels when text sits at both the
 * top and the bottom (a title and a subtitle line). *rects points into
 * the overlay, valid until the next update. */
#define OVERLAY_MAX_CONTENT 16
int overlay_content_rects(const overlay *ov, const ov_rect **rects);

/* Statistics since creation, for tests and benchmarks. */
typedef struct overlay_stats {
    uint64_t updates;        /* overlay_update calls */
    uint64_t redraws;        /* calls that touched pixels */
    uint64_t pixels_blended; /* source pixels visited while blending */
    uint64_t pixels_cleared;
    uint64_t renders;         /* libass renders of the subtitle track */
    uint64_t renders_skipped; /* … skipped: same events, nothing animated */
} overlay_stats;
void overlay_get_stats(const overlay *ov, overlay_stats *st);

#endif
