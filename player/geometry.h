/* geometry.h — where the picture goes on screen (pure functions).
 *
 * Fit a video into the output keeping its display aspect ratio (sample
 * aspect ratio and rotation included), centred, with black bars
 * (letterbox/pillarbox). Threading: pure, any thread.
 */
#ifndef VITRINA_PLAYER_GEOMETRY_H
#define VITRINA_PLAYER_GEOMETRY_H

#include <stdbool.h>
#include <stdint.h>

typedef struct vrect {
    int x, y, w, h;
} vrect;

/* The rectangle the *displayed* picture occupies in an out_w×out_h output
 * for a w×h picture with sample aspect ratio `sar` (<= 0 means 1) rotated by
 * `rotation` degrees clockwise (0/90/180/270). Empty rect for empty input. */
vrect geom_fit(int out_w, int out_h, int w, int h, double sar, int rotation);

/* The rectangle to give SDL_RenderCopyEx for a texture that is rotated by
 * `rotation` about its centre so that it covers `shown` (for 90/270 the
 * width and height swap around the same centre). */
vrect geom_unrotated(vrect shown, int rotation);

/* Up to 4 black bars around `pic` inside out_w×out_h; returns the count. */
int geom_bars(int out_w, int out_h, vrect pic, vrect bars[4]);

/* Copy a w×h picture of 32-bit pixels into dst the way SDL_RenderCopyEx
 * draws a texture: mirrored left-right first when hflip, then rotated
 * `rotation` degrees clockwise (0/90/180/270; dst is h×w for 90 and 270).
 * Strides in pixels; the buffers must not overlap. */
void geom_rotate_copy(const uint32_t *src, int w, int h, int sstride, uint32_t *dst, int dstride, int rotation,
                      bool hflip);

#endif
