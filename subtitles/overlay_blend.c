/* overlay_blend.c — see overlay_blend.h.
 *
 * "Over" with straight alpha, in integers. For a source of alpha A and a
 * destination of alpha D (both scaled to 0..65025 = 255*255):
 *   out alpha = A + D(1 - A),  out colour = (cs*A + cd*D(1 - A)) / out alpha.
 * The common cases (transparent or opaque destination, opaque source) avoid
 * the division. */
#include "subtitles/overlay_blend.h"

#include <string.h>

#include "subtitles/overlay_rects.h"

#define FULL 65025u /* 255 * 255 */

uint64_t ovb_clear(uint32_t *px, int stride, ov_rect r)
{
    if (ovr_empty(r))
        return 0;
    for (int y = r.y; y < r.y + r.h; y++)
        memset(px + (size_t)y * stride + r.x, 0, (size_t)r.w * sizeof(uint32_t));
    return (uint64_t)r.w * r.h;
}

/* (S > 0 always: A > 0 on every call.) One reciprocal instead of three
 * integer divisions: the numerators are < 2^25, well inside a float's
 * precision, so the result is the rounded quotient (±1 at worst). */
static inline uint32_t over_general(uint32_t d, uint32_t A, uint32_t sr, uint32_t sg, uint32_t sb)
{
    uint32_t da = d >> 24;
    uint32_t B = da * (FULL - A) / 255u; /* destination weight, 0..65025 */
    uint32_t S = A + B;
    uint32_t dr = (d >> 16) & 255u, dg = (d >> 8) & 255u, db = d & 255u;
    float inv = 1.0f / (float)S;
    uint32_t r = (uint32_t)((float)(sr * A + dr * B) * inv + 0.5f);
    uint32_t g = (uint32_t)((float)(sg * A + dg * B) * inv + 0.5f);
    uint32_t b = (uint32_t)((float)(sb * A + db * B) * inv + 0.5f);
    uint32_t a = (S + 127u) / 255u;
    return a << 24 | (r > 255u ? 255u : r) << 16 | (g > 255u ? 255u : g) << 8 | (b > 255u ? 255u : b);
}

/* Bytes of a coverage row that are all zero from m[x] on, 8 at a time
 * (glyph masks are mostly empty): returns the next x to look at. */
static inline int skip_zero(const uint8_t *m, int x, int w)
{
    while (x + 8 <= w) {
        uint64_t v;
        memcpy(&v, m + x, 8);
        if (v)
            break;
        x += 8;
    }
    return x;
}

uint64_t ovb_blend_ass(uint32_t *px, int stride, const ASS_Image *img, ov_rect clip)
{
    ov_rect r = ovr_intersect((ov_rect){img->dst_x, img->dst_y, img->w, img->h}, clip);
    uint32_t opacity = 255u - (img->color & 255u);
    if (ovr_empty(r) || opacity == 0)
        return 0;
    uint32_t sr = img->color >> 24, sg = (img->color >> 16) & 255u, sb = (img->color >> 8) & 255u;
    uint32_t rgb = sr << 16 | sg << 8 | sb;
    for (int y = r.y; y < r.y + r.h; y++) {
        const uint8_t *m = img->bitmap + (size_t)(y - img->dst_y) * img->stride + (r.x - img->dst_x);
        uint32_t *d = px + (size_t)y * stride + r.x;
        for (int x = skip_zero(m, 0, r.w); x < r.w; x++) {
            uint32_t k = m[x];
            if (!k) {
                x = skip_zero(m, x + 1, r.w) - 1;
                continue;
            }
            uint32_t A = k * opacity;
            uint32_t dv = d[x];
            uint32_t da = dv >> 24;
            if (A == FULL) {
                d[x] = 0xFF000000u | rgb;
            } else if (da == 0) {
                uint32_t a = (A + 127u) / 255u;
                d[x] = a ? (a << 24 | rgb) : 0;
            } else if (da == 255u) {
                uint32_t B = FULL - A;
                uint32_t dr = (dv >> 16) & 255u, dg = (dv >> 8) & 255u, db = dv & 255u;
                d[x] = 0xFF000000u | ((sr * A + dr * B + FULL / 2) / FULL) << 16 |
                       ((sg * A + dg * B + FULL / 2) / FULL) << 8 |
                       ((sb * A + db * B + FULL / 2) / FULL);
            } else {
                d[x] = over_general(dv, A, sr, sg, sb);
            }
        }
    }
    return (uint64_t)r.w * r.h;
}

uint64_t ovb_blend_premul(uint32_t *px, int stride, const uint8_t *img, int sstride, ov_rect dst,
                          ov_rect clip)
{
    ov_rect r = ovr_intersect(dst, clip);
    if (ovr_empty(r))
        return 0;
    for (int y = r.y; y < r.y + r.h; y++) {
        const uint8_t *s = img + (size_t)(y - dst.y) * sstride + (size_t)(r.x - dst.x) * 4;
        uint32_t *d = px + (size_t)y * stride + r.x;
        for (int x = 0; x < r.w; x++, s += 4) {
            uint32_t sa = s[3];
            if (!sa)
                continue;
            /* Back to straight colour for the general formula. */
            uint32_t sr = (s[0] * 255u + sa / 2) / sa, sg = (s[1] * 255u + sa / 2) / sa,
                     sb = (s[2] * 255u + sa / 2) / sa;
            sr = sr > 255u ? 255u : sr;
            sg = sg > 255u ? 255u : sg;
            sb = sb > 255u ? 255u : sb;
            uint32_t A = sa * 255u;
            if ((d[x] >> 24) == 0 || sa == 255u)
                d[x] = sa << 24 | sr << 16 | sg << 8 | sb;
            else
                d[x] = over_general(d[x], A, sr, sg, sb);
        }
    }
    return (uint64_t)r.w * r.h;
}

/* Premultiplied sample of the source at integer coordinates (clamped). */
static inline void fetch(const uint8_t *src, int sw, int sh, int sstride, int x, int y,
                         uint32_t out[4])
{
    x = x < 0 ? 0 : (x >= sw ? sw - 1 : x);
    y = y < 0 ? 0 : (y >= sh ? sh - 1 : y);
    const uint8_t *p = src + (size_t)y * sstride + (size_t)x * 4;
    uint32_t a = p[3];
    out[0] = p[0] * a;
    out[1] = p[1] * a;
    out[2] = p[2] * a;
    out[3] = a * 255u;
}

static void scale_box(const uint8_t *src, int sw, int sh, int sstride, uint8_t *dst, int dw, int dh)
{
    for (int y = 0; y < dh; y++) {
        int y0 = (int)((int64_t)y * sh / dh), y1 = (int)((int64_t)(y + 1) * sh / dh);
        if (y1 <= y0)
            y1 = y0 + 1;
        for (int x = 0; x < dw; x++) {
            int x0 = (int)((int64_t)x * sw / dw), x1 = (int)((int64_t)(x + 1) * sw / dw);
            if (x1 <= x0)
                x1 = x0 + 1;
            uint64_t acc[4] = {0, 0, 0, 0};
            for (int sy = y0; sy < y1; sy++)
                for (int sx = x0; sx < x1; sx++) {
                    uint32_t v[4];
                    fetch(src, sw, sh, sstride, sx, sy, v);
                    for (int k = 0; k < 4; k++)
                        acc[k] += v[k];
                }
            uint64_t n = (uint64_t)(x1 - x0) * (y1 - y0) * 255u;
            uint8_t *o = dst + ((size_t)y * dw + x) * 4;
            for (int k = 0; k < 4; k++)
                o[k] = (uint8_t)((acc[k] + n / 2) / n);
        }
    }
}

void ovb_scale_rgba(const uint8_t *src, int sw, int sh, int sstride, uint8_t *dst, int dw, int dh)
{
    if (sw <= 0 || sh <= 0 || dw <= 0 || dh <= 0)
        return;
    if (sw > 2 * dw || sh > 2 * dh) {
        scale_box(src, sw, sh, sstride, dst, dw, dh);
        return;
    }
    /* Bilinear, pixel centres aligned, 8-bit fractions. */
    for (int y = 0; y < dh; y++) {
        int64_t fy = (((int64_t)y * 2 + 1) * sh * 256) / (2 * dh) - 128;
        int iy = (int)(fy >> 8);
        uint32_t wy = (uint32_t)(fy & 255);
        if (fy < 0) {
            iy = 0;
            wy = 0;
        }
        for (int x = 0; x < dw; x++) {
            int64_t fx = (((int64_t)x * 2 + 1) * sw * 256) / (2 * dw) - 128;
            int ix = (int)(fx >> 8);
            uint32_t wx = (uint32_t)(fx & 255);
            if (fx < 0) {
                ix = 0;
                wx = 0;
            }
            uint32_t p00[4], p10[4], p01[4], p11[4];
            fetch(src, sw, sh, sstride, ix, iy, p00);
            fetch(src, sw, sh, sstride, ix + 1, iy, p10);
            fetch(src, sw, sh, sstride, ix, iy + 1, p01);
            fetch(src, sw, sh, sstride, ix + 1, iy + 1, p11);
            uint8_t *o = dst + ((size_t)y * dw + x) * 4;
            for (int k = 0; k < 4; k++) {
                uint64_t top = (uint64_t)p00[k] * (256 - wx) + (uint64_t)p10[k] * wx;
                uint64_t bot = (uint64_t)p01[k] * (256 - wx) + (uint64_t)p11[k] * wx;
                uint64_t v = top * (256 - wy) + bot * wy; /* ×65536 ×255 */
                o[k] = (uint8_t)((v + (65536u * 255u) / 2) / (65536u * 255u));
            }
        }
    }
}
