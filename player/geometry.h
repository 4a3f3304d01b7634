/* geometry.h — where the picture goes on screen (pure functions).
 *
 * Fit a video into the output keeping its display aspect ratio (sample
 * aspect ratio and rotation included), centred, with black bars
 * (letterbox/pillarbox). Threading: pure, any thread.
 */
#ifndef VITRINA_PLAYER_GEOMETRY_H
#define VITRINA_PLAYER_GEOMETRY_H

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

#endif
