/* Unit tests for subtitles/substyle: options, the TV style's numbers, and
 * their effect on rendered text (size relative to the screen, safe area,
 * box, force on native ASS). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/log.h"
#include "subtitles/overlay.h"
#include "subtitles/substyle_ass.h"
#include "subtitles/subtrack_priv.h"

static const char ffhdr[] =
    "[Script Info]\nScriptType: v4.00+\nPlayResX: 384\nPlayResY: 288\nScaledBorderAndShadow: yes\n\n"
    "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
    "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, "
    "Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
    "Style: Default,Arial,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0\n"
    "Style: Other,Arial,10,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";

static void test_parse_mode(void **state)
{
    (void)state;
    substyle_opts o;
    substyle_opts_default(&o);
    assert_true(fabs(o.scale_pct - 5.5) < 1e-9);
    assert_true(fabs(o.safe_area_pct - 5.0) < 1e-9);
    assert_false(o.box);
    assert_false(o.force);
    assert_int_equal(substyle_parse_mode("box", &o), 0);
    assert_true(o.box && !o.force);
    assert_int_equal(substyle_parse_mode("Force", &o), 0);
    assert_true(!o.box && o.force);
    assert_int_equal(substyle_parse_mode("force, box", &o), 0);
    assert_true(o.box && o.force);
    assert_int_equal(substyle_parse_mode("normal", &o), 0);
    assert_true(!o.box && !o.force);
    o.box = true;
    assert_int_equal(substyle_parse_mode("boxed", &o), -1);
    assert_int_equal(substyle_parse_mode("", &o), -1);
    assert_int_equal(substyle_parse_mode(NULL, &o), -1);
    assert_true(o.box); /* unchanged on error */
    o.scale_pct = 500;
    o.safe_area_pct = NAN;
    substyle_sanitize(&o);
    assert_true(o.scale_pct == 30.0);
    assert_true(o.safe_area_pct == 5.0);
}

static void test_fill_numbers(void **state)
{
    (void)state;
    substyle_opts o;
    substyle_opts_default(&o);
    ASS_Style st;
    substyle_geom full = {1920, 1080, 1920, 1080};
    assert_int_equal(substyle_fill(&st, &o, "Noto Sans", 288, &full), 0);
    assert_string_equal(st.FontName, "Noto Sans");
    assert_true(fabs(st.FontSize - 0.055 * 288) < 1e-6); /* 5.5 % of the height */
    assert_int_equal(st.Alignment, 2);
    assert_int_equal(st.BorderStyle, 1);
    assert_true(st.Outline > 0 && st.Shadow > 0);
    assert_int_equal(st.PrimaryColour, 0xFFFFFF00u);
    assert_true(st.MarginV >= (int)(0.05 * 288)); /* safe area */
    double size_full = st.FontSize;
    free(st.FontName);
    /* Letterboxed video (816 of 1080 rows): same size ON SCREEN. */
    substyle_geom lb = {1920, 1080, 1920, 816};
    substyle_fill(&st, &o, NULL, 288, &lb);
    assert_true(fabs(st.FontSize * 816 / 288 - size_full * 1080 / 288) < 1e-6);
    free(st.FontName);
    o.box = true;
    substyle_fill(&st, &o, NULL, 288, &full);
    assert_int_equal(st.BorderStyle, 3);
    assert_true((st.OutlineColour & 0xFF) != 0); /* translucent */
    free(st.FontName);
}

static void test_apply_track(void **state)
{
    (void)state;
    sublib *lib;
    assert_int_equal(sublib_new(&lib, NULL), 0);
    subtrack *t;
    assert_int_equal(subtrack_new_text(&t, lib, ffhdr, strlen(ffhdr), false), SUBTRACK_OK);
    ASS_Track *a = subtrack_ass_track(t);
    substyle_opts o;
    substyle_opts_default(&o);
    substyle_geom g = {1920, 1080, 1920, 1080};
    assert_int_equal(substyle_apply_track(a, &o, "Noto Sans", &g), 0);
    assert_int_equal(a->PlayResX, 512); /* 288 * 16/9: nothing stretched */
    assert_int_equal(a->PlayResY, 288);
    int named = 0;
    for (int i = 0; i < a->n_styles; i++) {
        assert_string_equal(a->styles[i].FontName, "Noto Sans");
        named += a->styles[i].Name && (!strcmp(a->styles[i].Name, "Default") ||
                                       !strcmp(a->styles[i].Name, "Other"));
    }
    assert_true(named >= 2); /* libass may add its own "Default" */
    subtrack_free(&t);
    sublib_free(&lib);
}

typedef struct ink {
    int top, bottom, left, right; /* rows/cols holding white text pixels */
} ink;

static ink white_ink(overlay *ov, int w, int h)
{
    const uint32_t *px = overlay_pixels(ov, NULL);
    ink k = {h, -1, w, -1};
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t p = px[y * w + x];
            if ((p >> 24) > 200 && ((p >> 16) & 255) > 200 && (p & 255) > 200) {
                k.top = y < k.top ? y : k.top;
                k.bottom = y > k.bottom ? y : k.bottom;
                k.left = x < k.left ? x : k.left;
                k.right = x > k.right ? x : k.right;
            }
        }
    return k;
}

static ink render_text(sublib *lib, const substyle_opts *o, int w, int h, ov_rect video,
                       const char *text, ov_rect *bbox)
{
    subtrack *t;
    assert_int_equal(subtrack_new_text(&t, lib, ffhdr, strlen(ffhdr), false), SUBTRACK_OK);
    sub_event *e = calloc(1, sizeof(*e));
    char line[256];
    snprintf(line, sizeof(line), "1,0,Default,,0,0,0,,%s", text);
    e->ass = strdup(line);
    e->duration_ms = 1000;
    assert_int_equal(subtrack_add_event(t, e), SUBTRACK_OK);
    overlay *ov;
    assert_int_equal(overlay_new(&ov, lib), 0);
    overlay_set_geometry(ov, w, h, video, video.w, video.h);
    overlay_set_style(ov, o);
    overlay_update(ov, t, NULL, 500);
    ink k = white_ink(ov, w, h);
    if (bbox)
        *bbox = overlay_bbox(ov);
    overlay_free(&ov);
    subtrack_free(&t);
    return k;
}

static void test_rendered_size_and_safe_area(void **state)
{
    (void)state;
    sublib *lib;
    assert_int_equal(sublib_new(&lib, NULL), 0);
    substyle_opts o;
    substyle_opts_default(&o);
    const int W = 1280, H = 720;
    ov_rect bb;
    ink k = render_text(lib, &o, W, H, (ov_rect){0, 0, W, H}, "HHHH", &bb);
    int cap = k.bottom - k.top + 1;
    /* Cap height of Noto Sans is about half the line height (5.5 %). */
    assert_true(cap > 0.022 * H && cap < 0.036 * H);
    /* Everything (outline and shadow included) inside the 5 % safe area. */
    assert_true(bb.y + bb.h <= H - (int)(0.05 * H) + 2);
    assert_true(k.left > W / 3 && k.right < 2 * W / 3); /* centred */
    /* Letterboxed 2.39:1: same size on screen, still inside the safe area. */
    ink kl = render_text(lib, &o, W, H, (ov_rect){0, 92, W, 536}, "HHHH", &bb);
    assert_true(abs((kl.bottom - kl.top + 1) - cap) <= 1);
    assert_true(bb.y + bb.h <= H - (int)(0.05 * H) + 2);
    assert_true(kl.bottom > 92 + 536 - 20); /* uses the bar: low on the screen */
    /* subtitle-scale doubles the size. */
    o.scale_pct = 11;
    ink k2 = render_text(lib, &o, W, H, (ov_rect){0, 0, W, H}, "HHHH", NULL);
    assert_true(abs((k2.bottom - k2.top + 1) - 2 * cap) <= 2);
    /* A bigger safe area lifts the text. */
    substyle_opts_default(&o);
    o.safe_area_pct = 15;
    ink k3 = render_text(lib, &o, W, H, (ov_rect){0, 0, W, H}, "HHHH", NULL);
    assert_true(k3.bottom < k.bottom - 0.09 * H);
    /* A long line wraps inside the horizontal safe area. */
    substyle_opts_default(&o);
    ink kw = render_text(lib, &o, W, H, (ov_rect){0, 0, W, H},
                         "Salimos de noche con mis hijos y caminamos tres d\xc3\xad" "as hasta la "
                         "frontera, nadie nos ayud\xc3\xb3 pero llegamos vivos gracias a Dios",
                         &bb);
    assert_true(kw.left >= (int)(0.05 * W) && kw.right <= W - (int)(0.05 * W));
    assert_true(kw.bottom - kw.top > 2 * cap); /* two lines at least */
    sublib_free(&lib);
}

static void test_box_style(void **state)
{
    (void)state;
    sublib *lib;
    assert_int_equal(sublib_new(&lib, NULL), 0);
    substyle_opts o;
    substyle_opts_default(&o);
    o.box = true;
    subtrack *t;
    assert_int_equal(subtrack_new_text(&t, lib, ffhdr, strlen(ffhdr), false), SUBTRACK_OK);
    sub_event *e = calloc(1, sizeof(*e));
    e->ass = strdup("1,0,Default,,0,0,0,,Caja");
    e->duration_ms = 1000;
    subtrack_add_event(t, e);
    overlay *ov;
    overlay_new(&ov, lib);
    overlay_set_geometry(ov, 640, 360, (ov_rect){0, 0, 640, 360}, 640, 360);
    overlay_set_style(ov, &o);
    overlay_update(ov, t, NULL, 500);
    /* The box: translucent dark pixels around the text. */
    const uint32_t *px = overlay_pixels(ov, NULL);
    int box = 0;
    for (int i = 0; i < 640 * 360; i++) {
        uint32_t a = px[i] >> 24;
        box += a > 100 && a < 220 && (px[i] & 0xFFFFFF) == 0;
    }
    assert_true(box > 300);
    overlay_free(&ov);
    subtrack_free(&t);
    sublib_free(&lib);
}

static void test_force_restyles_native_ass(void **state)
{
    (void)state;
    sublib *lib;
    assert_int_equal(sublib_new(&lib, NULL), 0);
    const char *ass =
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 640\nPlayResY: 360\n\n[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
        "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
        "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
        "Style: Default,Noto Sans,8,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,0,0,0,0,100,100,"
        "0,0,1,0,0,2,10,10,10,1\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:00.00,0:00:02.00,Default,,0,0,0,,HHHH\n";
    int heights[2];
    for (int force = 0; force < 2; force++) {
        subtrack *t;
        assert_int_equal(subtrack_new_ass_file(&t, lib, ass, strlen(ass)), SUBTRACK_OK);
        overlay *ov;
        overlay_new(&ov, lib);
        overlay_set_geometry(ov, 640, 360, (ov_rect){0, 0, 640, 360}, 640, 360);
        substyle_opts o;
        substyle_opts_default(&o);
        o.force = force;
        overlay_set_style(ov, &o);
        overlay_update(ov, t, NULL, 500);
        ink k = white_ink(ov, 640, 360);
        heights[force] = k.bottom - k.top + 1;
        overlay_free(&ov);
        subtrack_free(&t);
    }
    /* The script's 8-pixel font is tiny; forced, it gets the TV size. */
    assert_true(heights[0] < 8);
    assert_true(heights[1] > 2 * heights[0]);
    sublib_free(&lib);
}

int main(void)
{
    log_init();
    log_set_level(LOG_WARN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_mode),
        cmocka_unit_test(test_fill_numbers),
        cmocka_unit_test(test_apply_track),
        cmocka_unit_test(test_rendered_size_and_safe_area),
        cmocka_unit_test(test_box_style),
        cmocka_unit_test(test_force_restyles_native_ass),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
