/* Unit tests for subtitles/overlay: dirty rectangles, "no change → no
 * work", blending, bitmap placement. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/log.h"
#include "subtitles/osd.h"
#include "subtitles/overlay.h"
#include "subtitles/overlay_blend.h"
#include "subtitles/overlay_rects.h"
#include "subtitles/subtrack.h"

#include "test_subtitles_overlay_fx.h"

static uint32_t *snapshot(const fixture *f)
{
    int stride;
    const uint32_t *px = overlay_pixels(f->ov, &stride);
    assert_int_equal(stride, f->w * 4);
    uint32_t *copy = malloc((size_t)f->w * f->h * 4);
    memcpy(copy, px, (size_t)f->w * f->h * 4);
    return copy;
}

static bool inside_any(int x, int y, const ov_rect *r, int n)
{
    for (int i = 0; i < n; i++)
        if (x >= r[i].x && x < r[i].x + r[i].w && y >= r[i].y && y < r[i].y + r[i].h)
            return true;
    return false;
}

/* Every pixel that changed lies in a dirty rectangle; the rectangles are
 * disjoint, inside the output, at most OVERLAY_MAX_DIRTY; every visible
 * pixel lies inside the bounding box; transparent pixels are 0. */
static void check_update(const fixture *f, const uint32_t *before)
{
    const ov_rect *r;
    int n = overlay_dirty_rects(f->ov, &r);
    assert_true(n >= 0 && n <= OVERLAY_MAX_DIRTY);
    for (int i = 0; i < n; i++) {
        assert_true(r[i].x >= 0 && r[i].y >= 0 && r[i].w > 0 && r[i].h > 0);
        assert_true(r[i].x + r[i].w <= f->w && r[i].y + r[i].h <= f->h);
        for (int j = i + 1; j < n; j++)
            assert_false(ovr_overlap(r[i], r[j]));
    }
    ov_rect bb = overlay_bbox(f->ov);
    const ov_rect *c;
    int nc = overlay_content_rects(f->ov, &c);
    assert_true(nc >= 0 && nc <= OVERLAY_MAX_CONTENT);
    for (int i = 0; i < nc; i++) {
        assert_true(c[i].x >= bb.x && c[i].y >= bb.y && c[i].x + c[i].w <= bb.x + bb.w &&
                    c[i].y + c[i].h <= bb.y + bb.h);
        for (int j = i + 1; j < nc; j++)
            assert_false(ovr_overlap(c[i], c[j]));
    }
    int stride;
    const uint32_t *px = overlay_pixels(f->ov, &stride);
    for (int y = 0; y < f->h; y++)
        for (int x = 0; x < f->w; x++) {
            uint32_t p = px[y * f->w + x];
            if (before && p != before[y * f->w + x])
                assert_true(inside_any(x, y, r, n));
            if (p >> 24) {
                assert_true(x >= bb.x && x < bb.x + bb.w && y >= bb.y && y < bb.y + bb.h);
                assert_true(inside_any(x, y, c, nc)); /* drawing the content rects shows it all */
            } else {
                assert_int_equal(p, 0);
            }
        }
}

static int count_visible(const fixture *f)
{
    int stride, n = 0;
    const uint32_t *px = overlay_pixels(f->ov, &stride);
    for (int i = 0; i < f->w * f->h; i++)
        n += (px[i] >> 24) != 0;
    return n;
}

static void test_no_change_no_work(void **state)
{
    fixture *f = *state;
    overlay_stats s0, s1;
    /* First update after a geometry: everything is reported once. */
    assert_true(overlay_update(f->ov, f->text, NULL, 0));
    const ov_rect *r;
    assert_int_equal(overlay_dirty_rects(f->ov, &r), 1);
    assert_int_equal(r[0].w, f->w);
    assert_int_equal(r[0].h, f->h);
    assert_int_equal(count_visible(f), 0);
    /* Nothing on screen, nothing changes. */
    overlay_get_stats(f->ov, &s0);
    for (int t = 10; t < 1000; t += 40)
        assert_false(overlay_update(f->ov, f->text, NULL, t));
    overlay_get_stats(f->ov, &s1);
    assert_int_equal(s1.redraws, s0.redraws);
    assert_int_equal(s1.pixels_blended, s0.pixels_blended);
    assert_int_equal(s1.pixels_cleared, s0.pixels_cleared);
    assert_int_equal(overlay_dirty_rects(f->ov, &r), 0);
    /* A subtitle appears: a redraw; then the same subtitle: no work. */
    uint32_t *before = snapshot(f);
    assert_true(overlay_update(f->ov, f->text, NULL, 1000));
    check_update(f, before);
    free(before);
    assert_true(count_visible(f) > 500);
    overlay_get_stats(f->ov, &s0);
    for (int t = 1040; t < 2000; t += 40)
        assert_false(overlay_update(f->ov, f->text, NULL, t));
    overlay_get_stats(f->ov, &s1);
    assert_int_equal(s1.redraws, s0.redraws);
    assert_int_equal(s1.pixels_blended, s0.pixels_blended);
    assert_int_equal(s1.pixels_cleared, s0.pixels_cleared);
    assert_int_equal(s1.updates, s0.updates + 24);
    /* … and libass itself was not asked again for the same events. */
    assert_int_equal(s1.renders, s0.renders);
    assert_int_equal(s1.renders_skipped, s0.renders_skipped + 24);
    /* The event ends at 2000: rendered (nothing left) and cleared. */
    assert_true(overlay_update(f->ov, f->text, NULL, 2000));
    overlay_get_stats(f->ov, &s1);
    assert_int_equal(s1.renders, s0.renders + 1);
    assert_int_equal(count_visible(f), 0);
}

/* A moving or fading line is rendered on every frame, and its pixels do
 * change; a static line in the same track is not re-rendered. */
static void test_animated_events_render_every_frame(void **state)
{
    fixture *f = *state;
    add_text(f->text, 10000, 2000, "{\\move(50,50,300,250)}Moving line");
    add_text(f->text, 13000, 2000, "{\\fad(500,0)}Fading in");
    add_text(f->text, 16000, 2000, "{\\kf100}Ka{\\kf100}ra{\\kf100}o{\\kf100}ke");
    overlay_stats s0, s1;
    const int64_t starts[] = {10000, 13000, 16000};
    for (int k = 0; k < 3; k++) {
        assert_true(overlay_update(f->ov, f->text, NULL, starts[k]));
        overlay_get_stats(f->ov, &s0);
        int changed = 0;
        for (int64_t t = starts[k] + 40; t < starts[k] + 400; t += 40) {
            uint32_t *before = snapshot(f);
            if (overlay_update(f->ov, f->text, NULL, t)) {
                changed++;
                check_update(f, before);
            }
            free(before);
        }
        overlay_get_stats(f->ov, &s1);
        assert_int_equal(s1.renders, s0.renders + 9);
        assert_int_equal(s1.renders_skipped, s0.renders_skipped);
        assert_true(changed >= 5);
    }
}

/* libass answers "no change" when a frame equals its own last one, and a
 * render of a track without events returns early without replacing that
 * frame. Switching to a twin track (another file with the same cue) that
 * gets its first event only later must still draw the cue. */
static void test_twin_track_after_empty_render(void **state)
{
    fixture *f = *state;
    assert_true(overlay_update(f->ov, f->text, NULL, 1000));
    int shown = count_visible(f);
    assert_true(shown > 500);
    subtrack *twin = NULL;
    assert_int_equal(subtrack_new_text(&twin, f->lib, ffhdr, strlen(ffhdr), false), SUBTRACK_OK);
    assert_true(overlay_update(f->ov, twin, NULL, 0)); /* new track: redrawn, empty */
    assert_int_equal(count_visible(f), 0);
    add_text(twin, 1000, 1000, "First subtitle line\\Nsecond line");
    assert_false(overlay_update(f->ov, twin, NULL, 100));
    assert_true(overlay_update(f->ov, twin, NULL, 1000));
    assert_int_equal(count_visible(f), shown);
    subtrack_free(&twin);
}

/* While the subtitle render is skipped, an OSD change still redraws the
 * subtitle under it (the skipped render is done then). */
static void test_osd_change_while_subtitle_static(void **state)
{
    fixture *f = *state;
    /* The top-of-screen line (5000–6000 ms) under the top-centre info line. */
    assert_true(overlay_update(f->ov, f->text, NULL, 5000));
    assert_false(overlay_update(f->ov, f->text, NULL, 5040));
    uint32_t *alone = snapshot(f);
    int n_alone = count_visible(f);
    assert_true(n_alone > 300);
    osd *o = NULL;
    assert_int_equal(osd_new(&o, f->lib), 0);
    assert_int_equal(osd_set_layer_plain(o, OSD_LAYER_INFO, "Video 3 / 12 — Français"), 0);
    overlay_stats s0, s1;
    overlay_get_stats(f->ov, &s0);
    assert_true(overlay_update(f->ov, f->text, o, 5080));
    assert_true(count_visible(f) > n_alone);
    osd_clear(o, OSD_LAYER_INFO);
    uint32_t *before = snapshot(f);
    assert_true(overlay_update(f->ov, f->text, o, 5120));
    check_update(f, before);
    free(before);
    overlay_get_stats(f->ov, &s1);
    /* Both redraws rendered the skipped subtitle after all … */
    assert_int_equal(s1.renders, s0.renders + 2);
    /* … so it is back exactly as it was. */
    uint32_t *after = snapshot(f);
    assert_memory_equal(after, alone, (size_t)f->w * f->h * 4);
    free(after);
    free(alone);
    osd_free(&o);
}

static void test_dirty_rects_cover_changes(void **state)
{
    fixture *f = *state;
    overlay_update(f->ov, f->text, NULL, 0);
    static const int64_t times[] = {1000, 1500, 2000, 3000, 4000, 5000, 5500, 6000, 1000, 5000, 3000};
    for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
        uint32_t *before = snapshot(f);
        bool changed = overlay_update(f->ov, f->text, NULL, times[i]);
        check_update(f, before);
        bool differs = memcmp(before, overlay_pixels(f->ov, NULL), (size_t)f->w * f->h * 4) != 0;
        if (differs)
            assert_true(changed);
        free(before);
    }
    /* After the last subtitle ends, the overlay is empty again. */
    overlay_update(f->ov, f->text, NULL, 9000);
    assert_int_equal(count_visible(f), 0);
    ov_rect bb = overlay_bbox(f->ov);
    assert_true(ovr_empty(bb));
}

static void test_track_switch_redraws(void **state)
{
    fixture *f = *state;
    overlay_update(f->ov, f->text, NULL, 1500);
    int visible = count_visible(f);
    assert_true(visible > 0);
    /* Subtitles off, then on again at the same time: libass would say
     * "no change" (its last frame was this one) but the buffer was cleared. */
    assert_true(overlay_update(f->ov, NULL, NULL, 1500));
    assert_int_equal(count_visible(f), 0);
    assert_true(overlay_update(f->ov, f->text, NULL, 1500));
    assert_int_equal(count_visible(f), visible);
}

/* libass 0.17.1 sizes its bidi bracket buffer only while a track with
 * ASS_FEATURE_BIDI_BRACKETS renders; one renderer shared by a native ASS
 * track (feature off) and a converted text track (feature on) wrote
 * through a NULL or short buffer (a crash seen in the player when the
 * viewer switched from an ASS track to a SubRip one). Alternate the two,
 * long and short lines, at many times. */
static void test_ass_and_text_tracks_alternate(void **state)
{
    fixture *f = *state;
    subtrack *ass = NULL;
    assert_int_equal(subtrack_new_text(&ass, f->lib, ffhdr, strlen(ffhdr), true), SUBTRACK_OK);
    add_text(ass, 0, 10000, "A long native ASS line, longer than anything the text track will show, "
                            "so that libass grows its per-character buffers while bidi brackets are off");
    subtrack *txt = NULL;
    assert_int_equal(subtrack_new_text(&txt, f->lib, ffhdr, strlen(ffhdr), false), SUBTRACK_OK);
    add_text(txt, 0, 10000, "(short) [text]");
    for (int i = 0; i < 6; i++) {
        assert_true(overlay_update(f->ov, ass, NULL, 1000 + i));
        assert_true(count_visible(f) > 0);
        assert_true(overlay_update(f->ov, txt, NULL, 1000 + i));
        assert_true(count_visible(f) > 0);
    }
    subtrack_free(&ass);
    subtrack_free(&txt);
}

static void test_geometry_change_full_redraw(void **state)
{
    fixture *f = *state;
    overlay_update(f->ov, f->text, NULL, 1500);
    assert_int_equal(overlay_set_geometry(f->ov, 800, 450, (ov_rect){0, 0, 800, 450}, 1280, 720), 0);
    f->w = 800;
    f->h = 450;
    assert_true(overlay_update(f->ov, f->text, NULL, 1500));
    const ov_rect *r;
    assert_int_equal(overlay_dirty_rects(f->ov, &r), 1);
    assert_int_equal(r[0].w, 800);
    check_update(f, NULL);
    assert_true(count_visible(f) > 0);
    /* Same geometry again: nothing to do. */
    assert_int_equal(overlay_set_geometry(f->ov, 800, 450, (ov_rect){0, 0, 800, 450}, 1280, 720), 0);
    assert_false(overlay_update(f->ov, f->text, NULL, 1500));
    assert_int_equal(overlay_set_geometry(f->ov, 0, 450, (ov_rect){0, 0, 0, 0}, 0, 0), -1);
}

static void test_osd_on_top_and_no_change(void **state)
{
    fixture *f = *state;
    osd *o;
    assert_int_equal(osd_new(&o, f->lib), 0);
    overlay_update(f->ov, f->text, o, 1500);
    int subs_only = count_visible(f);
    assert_int_equal(osd_set_layer_plain(o, OSD_LAYER_INFO, "Video 3 / 12"), 0);
    uint32_t *before = snapshot(f);
    assert_true(overlay_update(f->ov, f->text, o, 1500));
    check_update(f, before);
    free(before);
    assert_true(count_visible(f) > subs_only);
    /* Same text again: no change, no work. */
    overlay_stats s0, s1;
    overlay_get_stats(f->ov, &s0);
    assert_int_equal(osd_set_layer_plain(o, OSD_LAYER_INFO, "Video 3 / 12"), 0);
    assert_false(overlay_update(f->ov, f->text, o, 1600));
    overlay_get_stats(f->ov, &s1);
    assert_int_equal(s1.pixels_blended, s0.pixels_blended);
    /* Subtitle changes while the OSD stays: the OSD is still drawn. */
    overlay_update(f->ov, f->text, o, 2500);
    int osd_only = count_visible(f);
    assert_true(osd_only > 0);
    osd_clear_all(o);
    assert_true(overlay_update(f->ov, f->text, o, 2500));
    assert_int_equal(count_visible(f), 0);
    osd_free(&o);
    assert_null(o);
}

/* ---- bitmap subtitles ---- */

static sub_event *bitmap_event(int64_t start, int cw, int ch, int x, int y, int w, int h)
{
    sub_event *e = calloc(1, sizeof(*e));
    e->start_ms = start;
    e->duration_ms = -1;
    e->canvas_w = cw;
    e->canvas_h = ch;
    e->nbitmaps = 1;
    e->bitmaps = calloc(1, sizeof(sub_bitmap));
    sub_bitmap *b = &e->bitmaps[0];
    b->x = x, b->y = y, b->w = w, b->h = h, b->stride = w * 4;
    b->rgba = malloc((size_t)w * h * 4);
    for (int i = 0; i < w * h; i++) {
        b->rgba[i * 4 + 0] = 255; /* opaque red */
        b->rgba[i * 4 + 1] = 0;
        b->rgba[i * 4 + 2] = 0;
        b->rgba[i * 4 + 3] = 255;
    }
    return e;
}

static void test_bitmap_scaled_into_video_rect(void **state)
{
    fixture *f = *state;
    /* Output 640x360 with a letterboxed video at y 60..300 (640x240), video
     * storage 320x120; the bitmap canvas is 160x60 (a quarter): x4 scale. */
    overlay_set_geometry(f->ov, 640, 360, (ov_rect){0, 60, 640, 240}, 320, 120);
    subtrack *bt;
    assert_int_equal(subtrack_new_bitmap(&bt, f->lib), SUBTRACK_OK);
    assert_int_equal(subtrack_add_event(bt, bitmap_event(1000, 160, 60, 10, 20, 20, 10)), SUBTRACK_OK);
    sub_event *clear = calloc(1, sizeof(*clear));
    clear->start_ms = 2000;
    assert_int_equal(subtrack_add_event(bt, clear), SUBTRACK_OK);
    /* Canvas 0 = the video's storage size (320x120): x2 scale. */
    assert_int_equal(subtrack_add_event(bt, bitmap_event(3000, 0, 0, 100, 50, 10, 10)), SUBTRACK_OK);

    overlay_update(f->ov, bt, NULL, 500);
    assert_int_equal(count_visible(f), 0);
    assert_true(overlay_update(f->ov, bt, NULL, 1000));
    check_update(f, NULL);
    ov_rect bb = overlay_bbox(f->ov);
    assert_int_equal(bb.x, 40);
    assert_int_equal(bb.y, 60 + 80);
    assert_int_equal(bb.w, 80);
    assert_int_equal(bb.h, 40);
    const uint32_t *px = overlay_pixels(f->ov, NULL);
    assert_int_equal(px[(60 + 80 + 20) * 640 + 80], 0xFFFF0000u); /* middle: opaque red */
    assert_int_equal(count_visible(f), 80 * 40);
    assert_false(overlay_update(f->ov, bt, NULL, 1500)); /* same screen */
    assert_true(overlay_update(f->ov, bt, NULL, 2000));  /* cleared */
    assert_int_equal(count_visible(f), 0);
    assert_true(overlay_update(f->ov, bt, NULL, 3000));
    bb = overlay_bbox(f->ov);
    assert_int_equal(bb.x, 200);
    assert_int_equal(bb.y, 60 + 100);
    assert_int_equal(bb.w, 20);
    assert_int_equal(bb.h, 20);
    subtrack_free(&bt);
}

/* ---- building blocks ---- */

static void test_merge_rects(void **state)
{
    (void)state;
    srand(7);
    for (int iter = 0; iter < 200; iter++) {
        ov_rect in[40], out[OVERLAY_MAX_DIRTY];
        int n = 1 + rand() % 40;
        for (int i = 0; i < n; i++)
            in[i] = (ov_rect){rand() % 300, rand() % 200, 1 + rand() % 60, rand() % 30};
        int k = ovr_merge(in, n, out, OVERLAY_MAX_DIRTY);
        assert_true(k <= OVERLAY_MAX_DIRTY);
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++)
                assert_false(ovr_overlap(out[i], out[j]));
        /* Every input pixel is covered. */
        for (int i = 0; i < n; i++)
            for (int y = in[i].y; y < in[i].y + in[i].h; y += 3)
                for (int x = in[i].x; x < in[i].x + in[i].w; x += 3)
                    assert_true(inside_any(x, y, out, k));
    }
    /* Far-apart rectangles stay apart (two lines top and bottom). */
    ov_rect two[2] = {{10, 10, 100, 20}, {10, 300, 100, 20}}, out[8];
    assert_int_equal(ovr_merge(two, 2, out, 8), 2);
    assert_int_equal(ovr_merge(two, 2, out, 1), 1);
    assert_int_equal(out[0].h, 310);
}

static void test_blend_math(void **state)
{
    (void)state;
    uint32_t px[4] = {0, 0, 0xFF0000FFu, 0x800000FFu};
    uint8_t mask[4] = {255, 128, 128, 255};
    ASS_Image img = {.w = 4, .h = 1, .stride = 4, .bitmap = mask, .color = 0xFF000000u, /* red */
                     .dst_x = 0, .dst_y = 0};
    ovb_blend_ass(px, 4, &img, (ov_rect){0, 0, 4, 1});
    assert_int_equal(px[0], 0xFFFF0000u);          /* full cover: red */
    assert_int_equal(px[1], 0x80FF0000u);          /* half cover on nothing: half red */
    assert_int_equal(px[2] >> 24, 0xFF);           /* half red over opaque blue */
    assert_true(abs((int)((px[2] >> 16) & 255) - 128) <= 1);
    assert_true(abs((int)(px[2] & 255) - 127) <= 1);
    assert_int_equal(px[3], 0xFFFF0000u);          /* opaque over anything */
    /* Colour alpha: 0x80 transparency halves the coverage; clip respected. */
    uint32_t q[4] = {0, 0, 0, 0};
    img.color = 0x00FF0080u; /* green, ~50 % transparent */
    ovb_blend_ass(q, 4, &img, (ov_rect){1, 0, 2, 1});
    assert_int_equal(q[0], 0);
    assert_int_equal(q[3], 0);
    assert_true(abs((int)(q[1] >> 24) - 64) <= 1); /* 128 * 127/255 */
    assert_int_equal(q[1] & 0xFFFFFF, 0x00FF00);
    uint32_t c[6] = {1, 2, 3, 4, 5, 6};
    assert_int_equal(ovb_clear(c, 3, (ov_rect){1, 0, 2, 2}), 4);
    assert_int_equal(c[0], 1);
    assert_int_equal(c[1], 0);
    assert_int_equal(c[5], 0);
    assert_int_equal(c[3], 4);
}

static void test_scale_rgba(void **state)
{
    (void)state;
    /* 2x2 checker of opaque white / transparent, upscaled x2: corners keep
     * their value; no colour bleeds from transparent pixels. */
    uint8_t src[16] = {255, 255, 255, 255, 9, 9, 9, 0, 9, 9, 9, 0, 255, 255, 255, 255};
    uint8_t dst[4 * 4 * 4];
    ovb_scale_rgba(src, 2, 2, 8, dst, 4, 4);
    assert_int_equal(dst[3], 255);
    assert_int_equal(dst[0], 255);
    assert_int_equal(dst[(0 * 4 + 3) * 4 + 3], 0);
    for (int i = 0; i < 16; i++) /* premultiplied: colour <= alpha */
        assert_true(dst[i * 4] <= dst[i * 4 + 3]);
    /* Shrinking 8x8 opaque to 2x2 (area average) stays opaque. */
    uint8_t big[8 * 8 * 4], small[2 * 2 * 4];
    memset(big, 200, sizeof(big));
    for (int i = 0; i < 64; i++)
        big[i * 4 + 3] = 255;
    ovb_scale_rgba(big, 8, 8, 32, small, 2, 2);
    assert_int_equal(small[3], 255);
    assert_int_equal(small[0], 200);
}


int main(void)
{
    log_init();
    log_set_level(LOG_WARN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_no_change_no_work, setup, teardown),
        cmocka_unit_test_setup_teardown(test_animated_events_render_every_frame, setup, teardown),
        cmocka_unit_test_setup_teardown(test_osd_change_while_subtitle_static, setup, teardown),
        cmocka_unit_test_setup_teardown(test_twin_track_after_empty_render, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dirty_rects_cover_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_track_switch_redraws, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ass_and_text_tracks_alternate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geometry_change_full_redraw, setup, teardown),
        cmocka_unit_test_setup_teardown(test_osd_on_top_and_no_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bitmap_scaled_into_video_rect, setup, teardown),
        cmocka_unit_test(test_merge_rects),
        cmocka_unit_test(test_blend_math),
        cmocka_unit_test(test_scale_rgba),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
