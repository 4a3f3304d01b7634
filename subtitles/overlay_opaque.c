/* overlay_opaque.c — see overlay_opaque.h.
 *
 * Integer math that fits 16 bits (the vector code runs in 16-bit lanes).
 * ASS: coverage k times opacity (A = k*op, 0..65025) becomes a weight
 * w ≈ A*256/65025 (0..256, error < 0.52; w = 256 only when A = 65025), then
 *     out = (dst*256 + 128 + (src - dst)*w) >> 8
 * (computed with unsigned wrap-around: the true value is in 0..65408). The
 * weight error moves the result by less than 1 before rounding, so it is
 * within ±1 of the exactly rounded value (checked exhaustively over k, op,
 * src, dst); w = 0 gives dst and w = 256 gives src exactly.
 * Premultiplied: out = src + div255(dst*(255 - A)), clamped to 255.
 *
 * Vector path (little-endian; GCC >= 12 or clang, older GCC falls back to
 * __builtin_shuffle): 4 pixels per 128-bit vector, seen as 16-bit lanes
 * holding two channels each; the even channels (c0, c2) and the odd ones
 * (c1, pad) are blended separately, with the pad's weight 0 (bit-exact).
 * Coverage is scanned 16 bytes at a time: all-zero blocks (most of a
 * glyph's box) are skipped, fully covered blocks of an opaque colour are a
 * plain fill; row tails go 4 pixels, then 1 pixel at a time with the scalar
 * version of the same math, so the result does not depend on the path. Only
 * GNU vector extensions: SSE2 on x86-64 baseline, NEON on ARM64. */
#include "subtitles/overlay_opaque.h"

#include <stdbool.h>
#include <string.h>

#include "subtitles/overlay_rects.h"

/* round(x / 255) for 0 <= x <= 65025. */
static inline uint32_t div255(uint32_t x)
{
    x += 128u;
    return (x + (x >> 8)) >> 8;
}

/* ASS weight: coverage k times opacity (0..65025) scaled to 0..256. */
static inline uint32_t weight(uint32_t k, uint32_t op)
{
    if (op == 255u)
        return k + (k >> 7);
    uint32_t A = k * op;
    return ((A >> 1) + (A >> 8) + 64u) >> 7;
}

/* Colour c (channels at bits 0, 8, 16, in target order) over pixel d with
 * weight w/256; the top byte of d is kept. */
static inline uint32_t mix1(uint32_t d, uint32_t c, uint32_t w)
{
    uint32_t out = d & 0xFF000000u;
    for (int sh = 0; sh < 24; sh += 8) {
        uint32_t dc = (d >> sh) & 255u, cc = (c >> sh) & 255u;
        out |= (((dc << 8) + 128u + (cc - dc) * w) >> 8) << sh; /* wraps, see top */
    }
    return out;
}

/* Premultiplied RGBA pixel s over pixel d. */
static inline uint32_t premul1(uint32_t d, const uint8_t *s, bool bgr)
{
    uint32_t a = s[3];
    if (!a)
        return d;
    uint32_t c[3] = {bgr ? s[0] : s[2], s[1], bgr ? s[2] : s[0]}; /* bits 0, 8, 16 */
    uint32_t out = d & 0xFF000000u;
    for (int i = 0; i < 3; i++) {
        uint32_t v = c[i] + div255(((d >> (8 * i)) & 255u) * (255u - a));
        out |= (v > 255u ? 255u : v) << (8 * i);
    }
    return out;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ &&                                  \
    (defined(__clang__) || defined(__GNUC__))
#define OVO_VECTOR 1

typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef uint16_t u16x8 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef int8_t i8x16 __attribute__((vector_size(16)));
typedef int16_t i16x8 __attribute__((vector_size(16)));

/* SHUF(mask type, a, b, indices...): lanes of a (0..n-1) and b (n..2n-1). */
#if defined(__clang__) || __GNUC__ >= 12
#define SHUF(M, a, b, ...) __builtin_shufflevector(a, b, __VA_ARGS__)
#else
#define SHUF(M, a, b, ...) __builtin_shuffle(a, b, (M){__VA_ARGS__})
#endif

static inline u8x16 load16(const void *p)
{
    u8x16 v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline void store16(void *p, u32x4 v) { memcpy(p, &v, sizeof(v)); }

/* Mask bytes 0..7 / 8..15 as 16-bit lanes. */
static inline u16x8 widen_lo(u8x16 v)
{
    return (u16x8)SHUF(i8x16, v, (u8x16){0}, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
}

static inline u16x8 widen_hi(u8x16 v)
{
    return (u16x8)SHUF(i8x16, v, (u8x16){0}, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
}

static inline u16x8 div255v(u16x8 x)
{
    x += 128;
    return (x + (x >> 8)) >> 8;
}

/* Four pixels = eight 16-bit lanes, (c0 | c1 << 8) and (c2 | pad << 8)
 * per pixel; blended as "even" channels (c0, c2: d & 0xFF) and "odd" ones
 * (c1, pad: d >> 8), each lane with its pixel's weight except the pad.
 *
 * ASS: ww = the 4 weights (0..256), each twice {w0,w0,w1,w1,w2,w2,w3,w3};
 * ce/co = colour channels (c0,c2) / (c1,0) in every pixel. Per lane
 * t = dst*256 + 128 + (src - dst)*w, the result is t's high byte. */
static inline void ass4(uint32_t *p, u16x8 ww, u16x8 ce, u16x8 co)
{
    u16x8 d = (u16x8)load16(p);
    u16x8 wo = ww & (u16x8){0xFFFF, 0, 0xFFFF, 0, 0xFFFF, 0, 0xFFFF, 0}; /* pad: weight 0 */
    u16x8 te = ((d << 8) | 128) + (ce - (d & 0xFF)) * ww;
    u16x8 to = ((d & 0xFF00) | 128) + (co - (d >> 8)) * wo;
    store16(p, (u32x4)((te >> 8) | (to & 0xFF00)));
}

/* Weights of 8 coverage bytes k (in 16-bit lanes): weight() per lane. */
static inline u16x8 weights8(u16x8 k, u16x8 op)
{
    if (op[0] == 255) /* the common case */
        return k + (k >> 7);
    u16x8 A = k * op;
    return ((A >> 1) + (A >> 8) + 64) >> 7;
}

/* 16 pixels at p, coverage k (not all zero); op = opacity in every lane. */
static inline void ass16(uint32_t *p, u8x16 k, u16x8 op, u16x8 ce, u16x8 co)
{
    u16x8 a = weights8(widen_lo(k), op), b = weights8(widen_hi(k), op);
    ass4(p, SHUF(i16x8, a, a, 0, 0, 1, 1, 2, 2, 3, 3), ce, co);
    ass4(p + 4, SHUF(i16x8, a, a, 4, 4, 5, 5, 6, 6, 7, 7), ce, co);
    ass4(p + 8, SHUF(i16x8, b, b, 0, 0, 1, 1, 2, 2, 3, 3), ce, co);
    ass4(p + 12, SHUF(i16x8, b, b, 4, 4, 5, 5, 6, 6, 7, 7), ce, co);
}

/* 4 pixels at p, coverage = the 4 bytes at m (not all zero). */
static inline void ass4_tail(uint32_t *p, const uint8_t *m, u16x8 op, u16x8 ce, u16x8 co)
{
    u8x16 k = {0};
    memcpy(&k, m, 4);
    u16x8 a = weights8(widen_lo(k), op);
    ass4(p, SHUF(i16x8, a, a, 0, 0, 1, 1, 2, 2, 3, 3), ce, co);
}

/* 16 fully covered pixels of an opaque colour: channels = rgb, pad kept. */
static inline void fill16(uint32_t *p, u32x4 rgb)
{
    for (int i = 0; i < 16; i += 4)
        store16(p + i, ((u32x4)load16(p + i) & 0xFF000000u) | rgb);
}

/* Premultiplied, 4 pixels: s = 4 source pixels (bytes R,G,B,A). Per lane
 * out = src + div255(dst*(255 - A)); the pad lane gets src 0, weight 255. */
static inline void premul4(uint32_t *p, const uint8_t *src, bool bgr)
{
    u16x8 s = (u16x8)load16(src), d = (u16x8)load16(p);
    u16x8 se = s & 0xFF, so = s >> 8; /* (R,B) and (G,A) lanes */
    if (!bgr)
        se = SHUF(i16x8, se, se, 1, 0, 3, 2, 5, 4, 7, 6); /* target c0 = B, c2 = R */
    u16x8 al = SHUF(i16x8, so, so, 1, 1, 3, 3, 5, 5, 7, 7);
    u16x8 on = (u16x8)(al != 0); /* A = 0: untouched */
    u16x8 pad = {0, 0xFFFF, 0, 0xFFFF, 0, 0xFFFF, 0, 0xFFFF};
    u16x8 iw = 255 - al;
    u16x8 e = (se & on) + div255v((d & 0xFF) * iw);
    u16x8 o = (so & on & ~pad) + div255v((d >> 8) * (iw | (pad & 255)));
    e = e | (u16x8)(e > 255); /* clamp (invalid premultiplied input): 0xFFFF → low byte 255 */
    o = o | (u16x8)(o > 255);
    store16(p, (u32x4)((e & 0xFF) | (o << 8)));
}
#endif

uint64_t ovo_blend_ass(uint32_t *px, int stride, enum ovo_order order, const ASS_Image *img, ov_rect clip)
{
    uint32_t op = 255u - (img->color & 255u);
    ov_rect r = ovr_intersect((ov_rect){img->dst_x, img->dst_y, img->w, img->h}, clip);
    if (op == 0 || ovr_empty(r))
        return 0;
    uint32_t cr = img->color >> 24, cg = (img->color >> 16) & 255u, cb = (img->color >> 8) & 255u;
    uint32_t rgb = order == OVO_XBGR ? (cb << 16 | cg << 8 | cr) : (cr << 16 | cg << 8 | cb);
#ifdef OVO_VECTOR
    const u32x4 rgbv = {rgb, rgb, rgb, rgb};
    const u16x8 ce = (u16x8)(rgbv & 0x00FF00FFu), co = (u16x8)((rgbv >> 8) & 0xFFu);
    const u16x8 opv = {op, op, op, op, op, op, op, op};
#endif
    for (int y = r.y; y < r.y + r.h; y++) {
        const uint8_t *m = img->bitmap + (size_t)(y - img->dst_y) * img->stride + (r.x - img->dst_x);
        uint32_t *d = px + (size_t)y * stride + r.x;
        int x = 0;
#ifdef OVO_VECTOR
        for (; x + 16 <= r.w; x += 16) {
            uint64_t lo, hi;
            memcpy(&lo, m + x, 8);
            memcpy(&hi, m + x + 8, 8);
            if (!(lo | hi))
                continue;
            if (op == 255u && (lo & hi) == UINT64_MAX)
                fill16(d + x, rgbv);
            else
                ass16(d + x, load16(m + x), opv, ce, co);
        }
        for (; x + 4 <= r.w; x += 4) {
            uint32_t k4;
            memcpy(&k4, m + x, 4);
            if (k4)
                ass4_tail(d + x, m + x, opv, ce, co);
        }
#endif
        for (; x < r.w; x++)
            if (m[x])
                d[x] = mix1(d[x], rgb, weight(m[x], op));
    }
    return (uint64_t)r.w * r.h;
}

/* Rows of ovo_blend_premul, for a constant `bgr` (inlined twice). */
static inline __attribute__((always_inline)) void
premul_rows(uint32_t *px, int stride, bool bgr, const uint8_t *img, int sstride, ov_rect dst, ov_rect r)
{
    for (int y = r.y; y < r.y + r.h; y++) {
        const uint8_t *s = img + (size_t)(y - dst.y) * sstride + (size_t)(r.x - dst.x) * 4;
        uint32_t *d = px + (size_t)y * stride + r.x;
        int x = 0;
#ifdef OVO_VECTOR
        for (; x + 4 <= r.w; x += 4) {
            uint64_t lo, hi;
            memcpy(&lo, s + 4 * x, 8);
            memcpy(&hi, s + 4 * x + 8, 8);
            if ((lo | hi) & 0xFF000000FF000000u) /* any alpha byte */
                premul4(d + x, s + 4 * x, bgr);
        }
#endif
        for (; x < r.w; x++)
            d[x] = premul1(d[x], s + 4 * x, bgr);
    }
}

uint64_t ovo_blend_premul(uint32_t *px, int stride, enum ovo_order order, const uint8_t *img, int sstride,
                          ov_rect dst, ov_rect clip)
{
    ov_rect r = ovr_intersect(dst, clip);
    if (ovr_empty(r))
        return 0;
    if (order == OVO_XBGR)
        premul_rows(px, stride, true, img, sstride, dst, r);
    else
        premul_rows(px, stride, false, img, sstride, dst, r);
    return (uint64_t)r.w * r.h;
}
