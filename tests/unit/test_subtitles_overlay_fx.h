/* test_subtitles_overlay_fx.h — the fixture of the overlay unit tests
 * (test_subtitles_overlay.c, test_subtitles_overlay_direct.c): a sublib, a
 * buffer-mode overlay covering a 640x360 output and a text track with three
 * cues. Helpers are static; each test program includes this once.
 * Everything runs on the test's thread; the fixture owns what it holds. */
#ifndef VT_TEST_SUBTITLES_OVERLAY_FX_H
#define VT_TEST_SUBTITLES_OVERLAY_FX_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subtitles/overlay.h"
#include "subtitles/subtrack.h"

/* FFmpeg's default header for converted text subtitles. */
static const char ffhdr[] =
    "[Script Info]\nScriptType: v4.00+\nPlayResX: 384\nPlayResY: 288\nScaledBorderAndShadow: yes\n\n"
    "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
    "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, "
    "Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
    "Style: Default,Arial,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";

typedef struct fixture {
    sublib *lib;
    overlay *ov;
    subtrack *text;
    int w, h;
} fixture;

static void add_text(subtrack *t, int64_t start, int64_t dur, const char *body)
{
    static int ro = 100;
    sub_event *e = calloc(1, sizeof(*e));
    char line[512];
    snprintf(line, sizeof(line), "%d,0,Default,,0,0,0,,%s", ro++, body);
    e->start_ms = start;
    e->duration_ms = dur;
    e->ass = strdup(line);
    assert_int_equal(subtrack_add_event(t, e), SUBTRACK_OK);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    f->w = 640;
    f->h = 360;
    if (sublib_new(&f->lib, NULL) < 0 || overlay_new(&f->ov, f->lib) < 0)
        return -1;
    if (overlay_set_geometry(f->ov, f->w, f->h, (ov_rect){0, 0, f->w, f->h}, 1280, 720) < 0)
        return -1;
    if (subtrack_new_text(&f->text, f->lib, ffhdr, strlen(ffhdr), false) != SUBTRACK_OK)
        return -1;
    add_text(f->text, 1000, 1000, "First subtitle line\\Nsecond line");
    add_text(f->text, 3000, 1000, "Another, shorter one");
    add_text(f->text, 5000, 1000, "{\\an8}Top of the screen");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    subtrack_free(&f->text);
    overlay_free(&f->ov);
    sublib_free(&f->lib);
    free(f);
    return 0;
}

#endif
