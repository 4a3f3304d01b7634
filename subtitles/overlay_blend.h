/* overlay_blend.h — pixel work of the overlay (subtitles/ internals;
 * exposed for unit tests). Buffers are uint32_t 0xAARRGGBB, straight
 * alpha, `stride` in pixels. Pure functions on the buffers given; any
 * thread. */
#ifndef VITRINA_SUBTITLES_OVERLAY_BLEND_H
#define VITRINA_SUBTITLES_OVERLAY_BLEND_H

#include <stdint.h>

#include <ass/ass.h>

#include "subtitles/overlay.h"

/* Set the pixels of r to 0 (r must lie inside the buffer). Returns the
 * number of pixels cleared. */
uint64_t ovb_clear(uint32_t *px, int stride, ov_rect r);

/* Blend one libass image (8-bit coverage mask, colour 0xRRGGBBAA with AA
 * = transparency) "over" the buffer, restricted to `clip` (which must lie
 * inside the buffer). Returns the number of mask pixels visited. */
uint64_t ovb_blend_ass(uint32_t *px, int stride, const ASS_Image *img, ov_rect clip);

/* A premultiplied RGBA8 image (bytes R,G,B,A; `sstride` bytes per row)
 * placed at `dst` (its size = the image's), blended over the buffer within
 * `clip`. Returns pixels visited. */
uint64_t ovb_blend_premul(uint32_t *px, int stride, const uint8_t *img, int sstride, ov_rect dst,
                          ov_rect clip);

/* Scale a straight-alpha RGBA8 image (sw×sh, sstride bytes per row) to
 * dw×dh with bilinear filtering (area averaging when shrinking by more
 * than 2), producing PREMULTIPLIED RGBA8 (dw*4 bytes per row) in `dst`. */
void ovb_scale_rgba(const uint8_t *src, int sw, int sh, int sstride, uint8_t *dst, int dw, int dh);

#endif
