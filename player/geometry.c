/* geometry.c — see geometry.h. */
#include "player/geometry.h"

#include <math.h>

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
