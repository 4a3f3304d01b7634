/* geometry.c — see geometry.h. */
#include "player/geometry.h"

#include <math.h>
#include <stddef.h>

vrect geom_fit(int out_w, int out_h, int w, int h, double sar, int rotation)
{
    vrect r = {0, 0, 0, 0};
    if (out_w <= 0 || out_h <= 0 || w <= 0 || h <= 0)
        return r;
    if (!(sar > 0) || !isfinite(sar))
        sar = 1.0;
    double dw = w * sar, dh = h; /* display size before rotation */
    if (rotation == 90 || rotation == 270) {
        double t = dw;
        dw = dh;
        dh = t;
    }
    double aspect = dw / dh;
    int fw = out_w, fh = (int)lround(out_w / aspect);
    if (fh > out_h) {
        fh = out_h;
        fw = (int)lround(out_h * aspect);
    }
    if (fw < 1)
        fw = 1;
    if (fh < 1)
        fh = 1;
    /* Even sizes keep chroma-subsampled conversions exact. */
    if (fw > 1 && (fw & 1) && fw < out_w)
        fw++;
    if (fh > 1 && (fh & 1) && fh < out_h)
        fh++;
    r.w = fw;
    r.h = fh;
    r.x = (out_w - fw) / 2;
    r.y = (out_h - fh) / 2;
    return r;
}

vrect geom_unrotated(vrect shown, int rotation)
{
    if (rotation != 90 && rotation != 270)
        return shown;
    vrect r;
    r.w = shown.h;
    r.h = shown.w;
    r.x = shown.x + (shown.w - r.w) / 2;
    r.y = shown.y + (shown.h - r.h) / 2;
    return r;
}

int geom_bars(int out_w, int out_h, vrect pic, vrect bars[4])
{
    int n = 0;
    if (pic.w <= 0 || pic.h <= 0) {
        bars[n++] = (vrect){0, 0, out_w, out_h};
        return n;
    }
    if (pic.y > 0)
        bars[n++] = (vrect){0, 0, out_w, pic.y};
    if (pic.y + pic.h < out_h)
        bars[n++] = (vrect){0, pic.y + pic.h, out_w, out_h - pic.y - pic.h};
    if (pic.x > 0)
        bars[n++] = (vrect){0, pic.y, pic.x, pic.h};
    if (pic.x + pic.w < out_w)
        bars[n++] = (vrect){pic.x + pic.w, pic.y, out_w - pic.x - pic.w, pic.h};
    return n;
}

/* Tiles keep both the rows read and the columns written in cache. */
#define TILE 32

void geom_rotate_copy(const uint32_t *src, int w, int h, int sstride, uint32_t *dst, int dstride, int rotation,
                      bool hflip)
{
    for (int ty = 0; ty < h; ty += TILE) {
        int ey = ty + TILE < h ? ty + TILE : h;
        for (int tx = 0; tx < w; tx += TILE) {
            int ex = tx + TILE < w ? tx + TILE : w;
            for (int y = ty; y < ey; y++) {
                const uint32_t *row = src + (size_t)y * sstride;
                for (int x = tx; x < ex; x++) {
                    int fx = hflip ? w - 1 - x : x; /* column after the mirror */
                    int dx, dy;
                    switch (rotation) {
                    case 90: dx = h - 1 - y, dy = fx; break;
                    case 180: dx = w - 1 - fx, dy = h - 1 - y; break;
                    case 270: dx = y, dy = w - 1 - fx; break;
                    default: dx = fx, dy = y; break;
                    }
                    dst[(size_t)dy * dstride + dx] = row[x];
                }
            }
        }
    }
}
