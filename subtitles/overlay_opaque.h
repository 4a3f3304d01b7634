/* overlay_opaque.h — blend subtitle images straight onto an OPAQUE 32-bit
 * video picture (e.g. the SDL window surface), no intermediate ARGB buffer
 * (subtitles/ internals; exposed for unit tests).
 *
 * Buffers are uint32_t pixels, `stride` in pixels; the colour channels are
 * in the order given by ovo_order, the top byte is padding (or an alpha the
 * caller ignores) and is never changed. The destination is treated as fully
 * opaque, so "over" needs no division: out = src*A + dst*(1 - A).
 *
 * The caller owns every buffer; nothing is kept between calls. Pure
 * functions on the buffers given; any thread (two threads must not write the
 * same pixels at once). Vectorised with GCC/clang vector extensions (SSE2 on
 * x86-64, NEON on ARM64), scalar on big-endian machines; the results do not
 * depend on the path taken. */
#ifndef VITRINA_SUBTITLES_OVERLAY_OPAQUE_H
#define VITRINA_SUBTITLES_OVERLAY_OPAQUE_H

#include <stdint.h>

#include <ass/ass.h>

#include "subtitles/overlay.h"

/* Channel order of the opaque target. OVO_XRGB: uint32_t 0x??RRGGBB (SDL
 * RGB888 / ARGB8888), OVO_XBGR: 0x??BBGGRR (SDL BGR888 / ABGR8888). The top
 * byte of each written pixel is left as it was. */
enum ovo_order { OVO_XRGB, OVO_XBGR };

/* Blend one libass image (8-bit coverage bitmap, img->color = 0xRRGGBBAA,
 * AA = transparency) onto px, restricted to `clip` (which must lie inside
 * the buffer; the image may lie partly or wholly outside it). With k the
 * coverage byte and A = k*(255 - AA)/255²: out = src*A + dst*(1 - A) per
 * channel, within ±1 of the exactly rounded value; k = 0 leaves the pixel
 * untouched, A = 1 gives exactly the image's colour. Returns the number of
 * mask pixels visited (area of image ∩ clip; 0 for a fully transparent
 * colour). */
uint64_t ovo_blend_ass(uint32_t *px, int stride, enum ovo_order order, const ASS_Image *img, ov_rect clip);

/* A premultiplied RGBA8 image (bytes R,G,B,A; `sstride` bytes per row)
 * placed at `dst` (its size = the image's), blended onto px within `clip`
 * (inside the buffer): out = src + dst*(255 - A)/255 per channel (±1,
 * clamped to 255 for invalid premultiplied input). A = 0 leaves the pixel
 * untouched, A = 255 gives exactly the source colour. Returns the number of
 * pixels visited (area of dst ∩ clip). */
uint64_t ovo_blend_premul(uint32_t *px, int stride, enum ovo_order order, const uint8_t *img, int sstride,
                          ov_rect dst, ov_rect clip);

#endif
