/* Unit tests for subtitles/subtrack: text events (open durations,
 * duplicates), ASS files, bitmap screens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/log.h"
#include "subtitles/overlay.h"
#include "subtitles/subtrack_priv.h"

static const char ffhdr[] =
    "[Script Info]\nScriptType: v4.00+\nPlayResX: 384\nPlayResY: 288\n\n[V4+ Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
    "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, "
    "Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
    "Style: Default,Arial,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";

static sublib *lib;

static int setup(void **state)
{
    (void)state;
    log_init();
    log_set_level(LOG_WARN);
    return sublib_new(&lib, NULL);
}

static int teardown(void **state)
{
    (void)state;
    sublib_free(&lib);
    return lib != NULL;
}

static sub_event *text_ev(int ro, int64_t start, int64_t dur, const char *text)
{
    sub_event *e = calloc(1, sizeof(*e));
    char line[256];
    snprintf(line, sizeof(line), "%d,0,Default,,0,0,0,,%s", ro, text);
    e->ass = strdup(line);
    e->start_ms = start;
    e->duration_ms = dur;
    return e;
}

static void test_text_open_durations(void **state)
{
    (void)state;
    subtrack *t;
    assert_int_equal(subtrack_new_text(&t, lib, ffhdr, strlen(ffhdr), false), SUBTRACK_OK);
    assert_int_equal(subtrack_kind(t), SUBTRACK_TEXT);
    assert_int_equal(subtrack_add_event(t, text_ev(1, 1000, -1, "until next")), SUBTRACK_OK);
    assert_int_equal(subtrack_add_event(t, text_ev(2, 2500, 500, "fixed")), SUBTRACK_OK);
    assert_int_equal(subtrack_add_event(t, text_ev(3, 4000, -1, "last, open")), SUBTRACK_OK);
    ASS_Track *a = subtrack_ass_track(t);
    assert_int_equal(a->n_events, 3);
    assert_int_equal(a->events[0].Start, 1000);
    assert_int_equal(a->events[0].Duration, 1500); /* closed by the next event */
    assert_int_equal(a->events[1].Duration, 500);
    assert_true(a->events[2].Duration > 1000000); /* still open */
    /* Duplicate ReadOrder (a re-decoded cue): dropped, serial unchanged. */
    uint64_t serial = subtrack_serial(t);
    assert_int_equal(subtrack_add_event(t, text_ev(2, 2500, 500, "fixed")), SUBTRACK_OK);
    assert_int_equal(subtrack_event_count(t), 3);
    assert_int_equal(subtrack_serial(t), serial);
    /* Wrong kind: the event is freed (ASan checks) and refused. */
    sub_event *bm = calloc(1, sizeof(*bm));
    assert_int_equal(subtrack_add_event(t, bm), SUBTRACK_E_KIND);
    assert_int_equal(subtrack_add_event(t, NULL), SUBTRACK_E_ARG);
    subtrack_flush(t);
    assert_int_equal(subtrack_event_count(t), 0);
    assert_true(subtrack_serial(t) > serial);
    subtrack_free(&t);
    assert_null(t);
    subtrack_free(&t); /* NULL-safe */
}

static void test_native_ass_header_kind(void **state)
{
    (void)state;
    subtrack *t;
    assert_int_equal(subtrack_new_text(&t, lib, ffhdr, strlen(ffhdr), true), SUBTRACK_OK);
    assert_int_equal(subtrack_kind(t), SUBTRACK_ASS);
    subtrack_free(&t);
    /* A damaged header (Matroska CodecPrivate) does not lose the track:
     * libass falls back to its default style and event format. */
    const char *junk = "this is not an ASS header";
    assert_int_equal(subtrack_new_text(&t, lib, junk, strlen(junk), true), SUBTRACK_OK);
    assert_int_equal(subtrack_add_event(t, text_ev(1, 0, 1000, "still shown")), SUBTRACK_OK);
    overlay *ov;
    assert_int_equal(overlay_new(&ov, lib), 0);
    overlay_set_geometry(ov, 320, 180, (ov_rect){0, 0, 320, 180}, 320, 180);
    overlay_update(ov, t, NULL, 500);
    assert_true(overlay_bbox(ov).w > 0);
    overlay_free(&ov);
    subtrack_free(&t);
}

/* A Matroska SSA header whose Format line is not the block layout
 * (androidx sample_with_overlapping_ssa_subtitles.mkv): the events must
 * still get their text, style and times. */
static void test_nonstandard_event_format(void **state)
{
    (void)state;
    static const char hdr[] = "[Script Info]\nTitle: SomeTitle\nScriptType: V4.00+\n\n"
                              "[Events]\nFormat: Start, End, Text\n";
    subtrack *t;
    assert_int_equal(subtrack_new_text(&t, lib, hdr, strlen(hdr), true), SUBTRACK_OK);
    sub_event *e = calloc(1, sizeof(*e));
    e->ass = strdup("7,0,,,0,0,0,,First subtitle - end overlaps second");
    e->start_ms = 30;
    e->duration_ms = 230;
    assert_int_equal(subtrack_add_event(t, e), SUBTRACK_OK);
    ASS_Track *a = subtrack_ass_track(t);
    assert_int_equal(a->n_events, 1);
    assert_non_null(a->events[0].Text);
    assert_string_equal(a->events[0].Text, "First subtitle - end overlaps second");
    assert_int_equal(a->events[0].Start, 30);
    assert_int_equal(a->events[0].Duration, 230);
    subtrack_free(&t);
}

static void test_ass_file(void **state)
{
    (void)state;
    const char *ass =
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 640\nPlayResY: 360\n\n[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
        "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
        "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
        "Style: Big,Noto Sans,40,&H0000FFFF,&H0000FFFF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,"
        "1,2,0,8,10,10,10,1\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.00,Big,,0,0,0,,Own {\\b1}style{\\b0}\n"
        "Dialogue: 0,0:00:03.00,0:00:04.00,Big,,0,0,0,,Second\n";
    subtrack *t;
    assert_int_equal(subtrack_new_ass_file(&t, lib, ass, strlen(ass)), SUBTRACK_OK);
    assert_int_equal(subtrack_kind(t), SUBTRACK_ASS);
    assert_int_equal(subtrack_event_count(t), 2);
    /* Keeps its own styling: yellow text, top-aligned, through the overlay. */
    overlay *ov;
    assert_int_equal(overlay_new(&ov, lib), 0);
    overlay_set_geometry(ov, 640, 360, (ov_rect){0, 0, 640, 360}, 640, 360);
    overlay_update(ov, t, NULL, 1500);
    ov_rect bb = overlay_bbox(ov);
    assert_true(bb.w > 0 && bb.y < 100);
    const uint32_t *px = overlay_pixels(ov, NULL);
    int yellow = 0;
    for (int i = 0; i < 640 * 360; i++)
        yellow += px[i] == 0xFFFFFF00u;
    assert_true(yellow > 100);
    overlay_free(&ov);
    subtrack_free(&t);
    /* Events but no styles section (androidx-media ssa/layer): libass alone
     * refuses it; we show it with the TV style. */
    const char *nostyle = "[Script Info]\nTitle: SomeTitle\n\n[Events]\n"
                          "Format: Layer, Start, End, Style, Name, Text\n"
                          "Dialogue: 1,0:00:02.34,0:00:03.45,Default,Olly,Layer positive.\n";
    assert_int_equal(subtrack_new_ass_file(&t, lib, nostyle, strlen(nostyle)), SUBTRACK_OK);
    assert_int_equal(subtrack_kind(t), SUBTRACK_TEXT);
    assert_int_equal(subtrack_event_count(t), 1);
    assert_int_equal(overlay_new(&ov, lib), 0);
    overlay_set_geometry(ov, 640, 360, (ov_rect){0, 0, 640, 360}, 640, 360);
    overlay_update(ov, t, NULL, 3000);
    assert_true(overlay_bbox(ov).w > 0);
    overlay_free(&ov);
    subtrack_free(&t);
    assert_int_equal(subtrack_new_ass_file(&t, lib, "garbage\n", 8), SUBTRACK_E_INVALID);
    const char *noevents = "[Script Info]\nTitle: x\n\n[Events]\nFormat: Layer, Start, End, Text\n";
    assert_int_equal(subtrack_new_ass_file(&t, lib, noevents, strlen(noevents)), SUBTRACK_E_INVALID);
    assert_null(t);
    assert_string_equal(subtrack_strerror(SUBTRACK_E_INVALID), "not a usable ASS/SSA script");
}

static sub_event *screen(int64_t start, int64_t dur, int nbitmaps)
{
    sub_event *e = calloc(1, sizeof(*e));
    e->start_ms = start;
    e->duration_ms = dur;
    if (nbitmaps) {
        e->nbitmaps = 1;
        e->bitmaps = calloc(1, sizeof(sub_bitmap));
        e->bitmaps[0] = (sub_bitmap){0, 0, 2, 2, 8, calloc(16, 1)};
    }
    return e;
}

static void test_bitmap_screens(void **state)
{
    (void)state;
    subtrack *t;
    assert_int_equal(subtrack_new_bitmap(&t, lib), SUBTRACK_OK);
    assert_int_equal(subtrack_kind(t), SUBTRACK_BITMAP);
    assert_null(subtrack_ass_track(t));
    assert_int_equal(subtrack_add_event(t, screen(0, -1, 1)), SUBTRACK_OK);
    assert_int_equal(subtrack_add_event(t, screen(1000, -1, 0)), SUBTRACK_OK); /* clear */
    assert_int_equal(subtrack_add_event(t, screen(3000, 500, 1)), SUBTRACK_OK);
    assert_int_equal(subtrack_add_event(t, screen(2000, -1, 1)), SUBTRACK_OK); /* out of order */
    assert_null(subtrack_bitmap_at(t, -5));
    const sub_event *e = subtrack_bitmap_at(t, 500);
    assert_non_null(e);
    assert_int_equal(e->start_ms, 0);
    assert_null(subtrack_bitmap_at(t, 1500));
    assert_int_equal(subtrack_bitmap_at(t, 2999)->start_ms, 2000); /* until the next */
    assert_int_equal(subtrack_bitmap_at(t, 3200)->start_ms, 3000);
    assert_null(subtrack_bitmap_at(t, 3600)); /* its own duration ended */
    /* Same start replaces. */
    assert_int_equal(subtrack_add_event(t, screen(3000, -1, 1)), SUBTRACK_OK);
    assert_int_equal(subtrack_event_count(t), 4);
    assert_non_null(subtrack_bitmap_at(t, 3600));
    /* Text into a bitmap track: refused. */
    sub_event *txt = calloc(1, sizeof(*txt));
    txt->ass = strdup("1,0,Default,,0,0,0,,x");
    assert_int_equal(subtrack_add_event(t, txt), SUBTRACK_E_KIND);
    subtrack_free(&t);
}

static void test_bitmap_pruning_bounds_memory(void **state)
{
    (void)state;
    subtrack *t;
    assert_int_equal(subtrack_new_bitmap(&t, lib), SUBTRACK_OK);
    for (int i = 0; i < 500; i++)
        assert_int_equal(subtrack_add_event(t, screen(i * 1000, -1, 1)), SUBTRACK_OK);
    const sub_event *e = subtrack_bitmap_at(t, 499500);
    assert_non_null(e);
    assert_int_equal(e->start_ms, 499000);
    assert_true(subtrack_event_count(t) <= 8);
    /* Recent screens are still there for a small step back. */
    assert_int_equal(subtrack_bitmap_at(t, 497500)->start_ms, 497000);
    subtrack_free(&t);
}

/* A track that is not shown keeps only what can still show. */
static void test_bitmap_trim(void **state)
{
    (void)state;
    subtrack *t;
    assert_int_equal(subtrack_new_bitmap(&t, lib), SUBTRACK_OK);
    for (int i = 0; i < 10; i++)
        assert_int_equal(subtrack_add_event(t, screen(i * 1000, -1, 1)), SUBTRACK_OK);
    assert_int_equal(subtrack_bitmap_trim(t, -1), 0);
    assert_int_equal(subtrack_bitmap_trim(t, 4500), 4);
    assert_int_equal(subtrack_event_count(t), 6);
    assert_int_equal(subtrack_bitmap_at(t, 4500)->start_ms, 4000); /* still shows */
    assert_int_equal(subtrack_bitmap_trim(t, 4999), 0);
    assert_int_equal(subtrack_bitmap_trim(t, 100000), 5);
    assert_int_equal(subtrack_event_count(t), 1);
    subtrack *txt;
    assert_int_equal(subtrack_new_text(&txt, lib, ffhdr, strlen(ffhdr), false), SUBTRACK_OK);
    assert_int_equal(subtrack_bitmap_trim(txt, 100000), 0);
    subtrack_free(&txt);
    subtrack_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_open_durations),
        cmocka_unit_test(test_native_ass_header_kind),
        cmocka_unit_test(test_nonstandard_event_format),
        cmocka_unit_test(test_ass_file),
        cmocka_unit_test(test_bitmap_screens),
        cmocka_unit_test(test_bitmap_pruning_bounds_memory),
        cmocka_unit_test(test_bitmap_trim),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
