/* Unit tests for subtitles/overlay_opaque: libass images and premultiplied
 * RGBA blended onto an opaque 32-bit picture, against the exact formulas
 * (±1), over every vector / tail split, both channel orders, clipping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subtitles/overlay_opaque.h"

static uint32_t rng_state = 12345u;

static uint32_t rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return rng_state >> 8;
}

/* Channel c (0 = R, 1 = G, 2 = B) of pixel p in the given order. */
static uint32_t chan(uint32_t p, enum ovo_order o, int c)
{
    int sh = o == OVO_XRGB ? 16 - 8 * c : 8 * c;
    return (p >> sh) & 255u;
}

static uint32_t pixel(enum ovo_order o, uint32_t top, uint32_t r, uint32_t g, uint32_t b)
{
    return o == OVO_XRGB ? top << 24 | r << 16 | g << 8 | b : top << 24 | b << 16 | g << 8 | r;
}

/* Colour channel c of an ASS colour 0xRRGGBBAA. */
static uint32_t ass_chan(uint32_t color, int c) { return (color >> (24 - 8 * c)) & 255u; }

/* The exact ASS result for one channel: (s*A + d*(65025 - A)) / 65025, rounded. */
static uint32_t exact_ass(uint32_t s, uint32_t d, uint32_t A)
{
    return (s * A + d * (65025u - A) + 32512u) / 65025u;
}

/* The exact premultiplied result: s + d*(255 - a)/255, rounded. */
static uint32_t exact_premul(uint32_t s, uint32_t d, uint32_t a)
{
    return (s * 255u + d * (255u - a) + 127u) / 255u;
}

static int diff(uint32_t a, uint32_t b) { return abs((int)a - (int)b); }

static ASS_Image ass_image(uint8_t *mask, int w, int h, int stride, uint32_t color, int x, int y)
{
    ASS_Image img;
    memset(&img, 0, sizeof(img));
    img.w = w;
    img.h = h;
    img.stride = stride;
    img.bitmap = mask;
    img.color = color;
    img.dst_x = x;
    img.dst_y = y;
    return img;
}

/* Check one blended pixel against the exact formula: ±1 per channel, top
 * byte kept, k = 0 bit-exact, full weight exact. */
static void check_ass_pixel(uint32_t before, uint32_t after, enum ovo_order o, uint32_t color, uint32_t k)
{
    uint32_t op = 255u - (color & 255u), A = k * op;
    if (A == 0) {
        assert_int_equal(after, before);
        return;
    }
    assert_int_equal(after >> 24, before >> 24);
    for (int c = 0; c < 3; c++) {
        uint32_t want = exact_ass(ass_chan(color, c), chan(before, o, c), A);
        if (A == 65025u)
            assert_int_equal(chan(after, o, c), want);
        else if (diff(chan(after, o, c), want) > 1)
            fail_msg("k=%u op=%u c=%d dst=%u src=%u: got %u, want %u", k, op, c, chan(before, o, c),
                     ass_chan(color, c), chan(after, o, c), want);
    }
}

/* Every coverage k (along x) × every opacity × every destination value
 * (along y, differing per channel), both orders. */
static void test_ass_sweep(void **state)
{
    (void)state;
    enum { W = 256, H = 256 };
    uint8_t *mask = malloc(W * H);
    uint32_t *px = malloc(W * H * 4), *before = malloc(W * H * 4);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            mask[y * W + x] = (uint8_t)(x + 37 * (y & 1)); /* odd rows: k rotated within the blocks */
    for (int o = OVO_XRGB; o <= OVO_XBGR; o++)
        for (uint32_t op = 1; op <= 255; op++) {
            uint32_t color = ((op * 3) & 255u) << 24 | (255u - op) << 16 | (op ^ 0x5Au) << 8 | (255u - op);
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++)
                    before[y * W + x] = pixel(o, (uint32_t)(x ^ y) & 255u, y, 255 - y, (y * 7) & 255);
            memcpy(px, before, W * H * 4);
            ASS_Image img = ass_image(mask, W, H, W, color, 0, 0);
            assert_int_equal(ovo_blend_ass(px, W, o, &img, (ov_rect){0, 0, W, H}), W * H);
            for (int i = 0; i < W * H; i++)
                check_ass_pixel(before[i], px[i], o, color, mask[i]);
        }
    free(mask);
    free(px);
    free(before);
}

/* Simple cases with known answers, both orders. */
static void test_ass_known_values(void **state)
{
    (void)state;
    uint8_t mask[4] = {255, 0, 128, 255};
    uint32_t px[4] = {0xAA000000u, 0x11123456u, 0xFF000000u, 0x00FFFFFFu};
    ASS_Image img = ass_image(mask, 4, 1, 4, 0xFF000000u, 0, 0); /* opaque red */
    assert_int_equal(ovo_blend_ass(px, 4, OVO_XRGB, &img, (ov_rect){0, 0, 4, 1}), 4);
    assert_int_equal(px[0], 0xAAFF0000u);
    assert_int_equal(px[1], 0x11123456u);
    assert_true(diff(px[2] >> 16 & 255, 128) <= 1);
    assert_int_equal(px[2] & 0xFF00FFFFu, 0xFF000000u);
    assert_int_equal(px[3], 0x00FF0000u);
    uint32_t q[4] = {0xAA000000u, 0x11123456u, 0xFF000000u, 0x00FFFFFFu};
    assert_int_equal(ovo_blend_ass(q, 4, OVO_XBGR, &img, (ov_rect){0, 0, 4, 1}), 4);
    assert_int_equal(q[0], 0xAA0000FFu);
    assert_int_equal(q[1], 0x11123456u);
    assert_int_equal(q[3], 0x000000FFu);
    /* Fully transparent colour: nothing, 0 returned. */
    img.color = 0x00FF00FFu;
    assert_int_equal(ovo_blend_ass(q, 4, OVO_XBGR, &img, (ov_rect){0, 0, 4, 1}), 0);
    assert_int_equal(q[1], 0x11123456u);
    assert_int_equal(q[3], 0x000000FFu);
}

/* Random coverage: runs of zeros, of 255, of random bytes, of sparse bytes. */
static void fill_mask(uint8_t *m, int n)
{
    for (int i = 0; i < n;) {
        int run = 1 + (int)(rnd() % 24);
        uint32_t kind = rnd() % 4;
        for (; run-- > 0 && i < n; i++) {
            uint8_t v = (uint8_t)rnd();
            m[i] = kind == 0 ? 0 : kind == 1 ? 255 : kind == 2 ? v : (v & 1 ? 0 : v);
        }
    }
}

/* Widths 1..70 at x offsets 0..5 in a padded buffer (stride > width) with
 * mask rows longer than the image (garbage past w): every 16/4/1 split.
 * Pixels around the image stay bit-exact; inside, the exact formula (±1);
 * and the result equals blending one column at a time (scalar path). */
static void test_ass_widths_offsets(void **state)
{
    (void)state;
    enum { STRIDE = 97, ROWS = 5, MSTRIDE = 80 };
    uint32_t buf[STRIDE * ROWS], before[STRIDE * ROWS], cols[STRIDE * ROWS];
    uint8_t mask[MSTRIDE * 3];
    for (int o = OVO_XRGB; o <= OVO_XBGR; o++)
        for (int w = 1; w <= 70; w++)
            for (int x0 = 0; x0 <= 5; x0++) {
                for (int i = 0; i < STRIDE * ROWS; i++)
                    before[i] = rnd() | (rnd() << 24);
                fill_mask(mask, MSTRIDE * 3);
                for (int y = 0; y < 3; y++) /* garbage past the image's width */
                    memset(mask + y * MSTRIDE + w, 0xFF, MSTRIDE - w);
                uint32_t color = rnd() << 8 | (w % 3 == 0 ? 0 : rnd() % 255u); /* op >= 1 */
                ASS_Image img = ass_image(mask, w, 3, MSTRIDE, color, x0, 1);
                memcpy(buf, before, sizeof(buf));
                assert_int_equal(ovo_blend_ass(buf, STRIDE, o, &img, (ov_rect){0, 0, STRIDE, ROWS}),
                                 (uint64_t)w * 3);
                for (int y = 0; y < ROWS; y++)
                    for (int x = 0; x < STRIDE; x++) {
                        int i = y * STRIDE + x;
                        if (y < 1 || y > 3 || x < x0 || x >= x0 + w)
                            assert_int_equal(buf[i], before[i]);
                        else
                            check_ass_pixel(before[i], buf[i], o, color, mask[(y - 1) * MSTRIDE + x - x0]);
                    }
                memcpy(cols, before, sizeof(cols));
                for (int x = x0; x < x0 + w; x++)
                    assert_int_equal(ovo_blend_ass(cols, STRIDE, o, &img, (ov_rect){x, 0, 1, ROWS}), 3);
                assert_memory_equal(cols, buf, sizeof(buf));
            }
}

/* Full coverage of an opaque colour (the fill path, vector and tail):
 * exactly the colour, top byte kept, in both orders. */
static void test_ass_full_coverage(void **state)
{
    (void)state;
    enum { W = 70 };
    uint8_t mask[W];
    memset(mask, 255, sizeof(mask));
    uint32_t buf[W + 2];
    for (int o = OVO_XRGB; o <= OVO_XBGR; o++)
        for (int w = 1; w <= W; w++)
            for (int x0 = 0; x0 <= 1; x0++) {
                for (int i = 0; i < W + 2; i++)
                    buf[i] = rnd() | (uint32_t)i << 24;
                uint32_t edge0 = buf[0], edge1 = buf[x0 + w];
                ASS_Image img = ass_image(mask, w, 1, W, 0x12345600u, x0, 0);
                assert_int_equal(ovo_blend_ass(buf, W + 2, o, &img, (ov_rect){0, 0, W + 2, 1}), w);
                for (int x = x0; x < x0 + w; x++)
                    assert_int_equal(buf[x], pixel(o, (uint32_t)x, 0x12, 0x34, 0x56));
                if (x0)
                    assert_int_equal(buf[0], edge0);
                assert_int_equal(buf[x0 + w], edge1);
            }
}

/* Clipping: the image partly outside the clip on each side, wholly
 * outside, the clip inside the image. Returned counts = visited area;
 * nothing outside the clip changes; inside, the right mask byte is used. */
static void test_ass_clipping(void **state)
{
    (void)state;
    enum { BW = 40, BH = 12, IW = 23, IH = 7 };
    uint32_t buf[BW * BH], before[BW * BH];
    uint8_t mask[IW * IH];
    const struct {
        int ix, iy;
        ov_rect clip;
        uint64_t visited;
    } cases[] = {
        {-5, 2, {0, 0, BW, BH}, 18 * IH},                            /* left edge of the buffer */
        {30, -3, {0, 0, BW, BH}, 10 * 4},                            /* right and top */
        {10, 8, {0, 0, BW, BH}, IW * 4},                             /* bottom */
        {3, 2, {10, 4, 5, 2}, 5 * 2},                                /* clip inside the image */
        {3, 2, {0, 0, 10, 5}, 7 * 3},                                /* clip cuts a corner */
        {3, 2, {27, 0, 13, BH}, 0},                                  /* wholly outside, right */
        {3, 2, {0, 10, BW, 2}, 0},                                   /* wholly outside, below */
        {-IW, 0, {0, 0, BW, BH}, 0},                                 /* left of the buffer */
        {5, 1, {5 + 1, 1 + 1, IW - 2, IH - 2}, (IW - 2) * (IH - 2)}, /* odd x into the mask */
    };
    for (size_t n = 0; n < sizeof(cases) / sizeof(cases[0]); n++)
        for (int o = OVO_XRGB; o <= OVO_XBGR; o++) {
            for (int i = 0; i < IW * IH; i++)
                mask[i] = (uint8_t)(rnd() % 3 == 0 ? 0 : rnd());
            for (int i = 0; i < BW * BH; i++)
                before[i] = rnd() | rnd() << 24;
            memcpy(buf, before, sizeof(buf));
            uint32_t color = rnd() << 8 | (n & 1 ? 0x40u : 0u);
            ASS_Image img = ass_image(mask, IW, IH, IW, color, cases[n].ix, cases[n].iy);
            ov_rect c = cases[n].clip;
            assert_int_equal(ovo_blend_ass(buf, BW, o, &img, c), cases[n].visited);
            for (int y = 0; y < BH; y++)
                for (int x = 0; x < BW; x++) {
                    int i = y * BW + x;
                    bool in_clip = x >= c.x && x < c.x + c.w && y >= c.y && y < c.y + c.h;
                    bool in_img =
                        x >= img.dst_x && x < img.dst_x + IW && y >= img.dst_y && y < img.dst_y + IH;
                    if (in_clip && in_img)
                        check_ass_pixel(before[i], buf[i], o, color,
                                        mask[(y - img.dst_y) * IW + x - img.dst_x]);
                    else
                        assert_int_equal(buf[i], before[i]);
                }
        }
}

/* Premultiplied RGBA: A = 0 untouched (whatever the colour bytes), A = 255
 * exactly the source, between: the exact formula ±1; top byte kept; widths
 * 1..23 at odd offsets, both orders, clip; column-by-column equal. */
static void test_premul(void **state)
{
    (void)state;
    enum { BW = 31, BH = 4, SSTRIDE = 23 * 4 + 8 };
    uint32_t buf[BW * BH], before[BW * BH], cols[BW * BH];
    uint8_t src[SSTRIDE * 2];
    for (int o = OVO_XRGB; o <= OVO_XBGR; o++)
        for (int w = 1; w <= 23; w++)
            for (int x0 = 0; x0 <= 3; x0++) {
                for (int i = 0; i < SSTRIDE * 2; i++)
                    src[i] = (uint8_t)rnd();
                for (int i = 0; i < SSTRIDE * 2; i += 4) { /* valid premultiplied, runs of A = 0 / 255 */
                    uint32_t kind = (uint32_t)(i / 4 + w) % 5;
                    uint8_t a = kind == 0 ? 0 : kind == 1 ? 255 : (uint8_t)rnd();
                    src[i + 3] = a;
                    for (int c = 0; c < 3; c++)
                        src[i + c] = kind == 0 ? (uint8_t)rnd() : (uint8_t)(a ? src[i + c] % (a + 1) : 0);
                }
                for (int i = 0; i < BW * BH; i++)
                    before[i] = rnd() | rnd() << 24;
                memcpy(buf, before, sizeof(buf));
                ov_rect dst = {x0, 1, w, 2};
                assert_int_equal(ovo_blend_premul(buf, BW, o, src, SSTRIDE, dst, (ov_rect){0, 0, BW, BH}),
                                 (uint64_t)w * 2);
                for (int y = 0; y < BH; y++)
                    for (int x = 0; x < BW; x++) {
                        int i = y * BW + x;
                        if (y < 1 || y > 2 || x < x0 || x >= x0 + w) {
                            assert_int_equal(buf[i], before[i]);
                            continue;
                        }
                        const uint8_t *s = src + (y - 1) * SSTRIDE + (x - x0) * 4;
                        if (s[3] == 0) {
                            assert_int_equal(buf[i], before[i]);
                            continue;
                        }
                        assert_int_equal(buf[i] >> 24, before[i] >> 24);
                        for (int c = 0; c < 3; c++) {
                            uint32_t want = exact_premul(s[c], chan(before[i], o, c), s[3]);
                            if (s[3] == 255)
                                assert_int_equal(chan(buf[i], o, c), s[c]);
                            else
                                assert_true(diff(chan(buf[i], o, c), want) <= 1);
                        }
                    }
                memcpy(cols, before, sizeof(cols));
                for (int x = x0; x < x0 + w; x++)
                    assert_int_equal(ovo_blend_premul(cols, BW, o, src, SSTRIDE, dst, (ov_rect){x, 0, 1, BH}),
                                     2);
                assert_memory_equal(cols, buf, sizeof(buf));
            }
}

/* Premultiplied: known values, channel order, invalid input clamped,
 * clipping and counts. */
static void test_premul_known_and_clip(void **state)
{
    (void)state;
    /* Opaque red, half-transparent green (premultiplied 128), A = 0 with
     * colour bytes, invalid (colour > alpha) white. */
    uint8_t src[16] = {255, 0, 0, 255, 0, 128, 0, 128, 9, 9, 9, 0, 255, 255, 255, 128};
    for (int o = OVO_XRGB; o <= OVO_XBGR; o++) {
        uint32_t px[6] = {0x11000000u, 0x22000000u, 0x33FFFFFFu, 0x44FFFFFFu, 0x55ABCDEFu, 0x66000000u};
        assert_int_equal(ovo_blend_premul(px, 6, o, src, 16, (ov_rect){1, 0, 4, 1}, (ov_rect){0, 0, 6, 1}),
                         4);
        assert_int_equal(px[0], 0x11000000u);
        assert_int_equal(px[1], pixel(o, 0x22, 255, 0, 0));
        assert_int_equal(chan(px[2], o, 0), 127); /* 255 * 127/255 */
        assert_true(diff(chan(px[2], o, 1), 255) <= 1);
        assert_int_equal(px[2] >> 24, 0x33);
        assert_int_equal(px[3], 0x44FFFFFFu);
        assert_int_equal(px[4], 0x55FFFFFFu); /* clamped */
        assert_int_equal(px[5], 0x66000000u);
    }
    /* Wholly outside the clip; partly outside: only the overlap, from the
     * right source pixels. */
    uint32_t q[4] = {1, 2, 3, 4};
    assert_int_equal(ovo_blend_premul(q, 4, OVO_XRGB, src, 16, (ov_rect){2, 0, 4, 1}, (ov_rect){0, 0, 2, 1}),
                     0);
    assert_int_equal(q[0], 1);
    assert_int_equal(q[1], 2);
    assert_int_equal(ovo_blend_premul(q, 4, OVO_XRGB, src, 16, (ov_rect){-1, 0, 4, 1}, (ov_rect){0, 0, 4, 1}),
                     3);
    assert_int_equal(q[0] & 0xFF00FFu, 0); /* source pixel 1: green */
    assert_true(diff(q[0] >> 8 & 255, 128) <= 1);
    assert_int_equal(q[1], 2);           /* source pixel 2: A = 0 */
    assert_int_equal(q[2], 0x00FFFFFFu); /* source pixel 3: clamped white */
    assert_int_equal(q[3], 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ass_sweep),
        cmocka_unit_test(test_ass_known_values),
        cmocka_unit_test(test_ass_widths_offsets),
        cmocka_unit_test(test_ass_full_coverage),
        cmocka_unit_test(test_ass_clipping),
        cmocka_unit_test(test_premul),
        cmocka_unit_test(test_premul_known_and_clip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
