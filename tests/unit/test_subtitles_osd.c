/* Unit tests for subtitles/osd: escaping, layers, picker, sizes and the
 * safe area, as rendered through the overlay. */
#include "test_subtitles_osd_fx.h"

enum { W = 1280, H = 720 };

static int setup(void **state) { return fx_setup(state, W, H); }

static void check_escape(const char *in, const char *want)
{
    char *e = osd_escape(in);
    assert_non_null(e);
    assert_string_equal(e, want);
    free(e);
}

static void test_escape(void **state)
{
    (void)state;
    check_escape("plain.mp4", "plain.mp4");
    check_escape("a{\\b1}b", "a\\{\\\xe2\x81\xa0" "b1\\}b");
    check_escape("C:\\new\\hola", "C:\\\xe2\x81\xa0new\\\xe2\x81\xa0hola");
    check_escape("line1\nline2\r\n", "line1\\Nline2\\N");
    check_escape("tab\there\x01\x1f!", "tab here!");
    check_escape("Kʼicheʼ — العربية", "Kʼicheʼ — العربية");
    check_escape(NULL, "");
}

/* Bounding box of pixels that are (nearly) white and opaque: the text. */
static ov_rect white_ink(const overlay *ov)
{
    const uint32_t *px = overlay_pixels(ov, NULL);
    int x0 = W, y0 = H, x1 = -1, y1 = -1;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint32_t p = px[y * W + x];
            if ((p >> 24) > 200 && ((p >> 16) & 255) > 200 && ((p >> 8) & 255) > 200 && (p & 255) > 200) {
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
        }
    return x1 < 0 ? (ov_rect){0, 0, 0, 0} : (ov_rect){x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

static void inside_safe_area(ov_rect bb)
{
    assert_true(bb.w > 0);
    assert_true(bb.x >= (int)(0.05 * W) - 1 && bb.x + bb.w <= W - (int)(0.05 * W) + 1);
    assert_true(bb.y >= (int)(0.05 * H) - 1 && bb.y + bb.h <= H - (int)(0.05 * H) + 1);
}

static void test_escaped_text_is_literal(void **state)
{
    fx *f = *state;
    /* If the braces were not escaped, {\fs300} would make a giant "A". */
    assert_int_equal(osd_set_layer_plain(f->o, OSD_LAYER_INFO, "{\\fs300}A"), 0);
    overlay_update(f->ov, NULL, f->o, 0);
    ov_rect ink = white_ink(f->ov);
    assert_true(ink.h > 0 && ink.h < 0.1 * H);
    assert_true(ink.w > 3 * ink.h); /* the whole string is drawn */
    /* Unescaped on purpose: the tag works. */
    assert_int_equal(osd_set_layer(f->o, OSD_LAYER_INFO, "{\\fs300}A"), 0);
    overlay_update(f->ov, NULL, f->o, 0);
    assert_true(white_ink(f->ov).h > 0.12 * H);
}

static void test_layers_inside_safe_area(void **state)
{
    fx *f = *state;
    static const enum osd_layer layers[] = {OSD_LAYER_IDLE, OSD_LAYER_INFO, OSD_LAYER_NOTICE,
                                            OSD_LAYER_PICKER};
    for (size_t i = 0; i < sizeof(layers) / sizeof(layers[0]); i++) {
        osd_clear_all(f->o);
        assert_int_equal(osd_set_layer_plain(f->o, layers[i],
                                             "Kʼicheʼ not available for this video — showing "
                                             "Español, and a long line that has to wrap somewhere"),
                         0);
        overlay_update(f->ov, NULL, f->o, 0);
        /* The whole drawing, box included, stays in the safe area. */
        inside_safe_area(overlay_bbox(f->ov));
    }
    /* Where each one goes. */
    osd_clear_all(f->o);
    osd_set_layer_plain(f->o, OSD_LAYER_INFO, "Info");
    overlay_update(f->ov, NULL, f->o, 0);
    ov_rect info = white_ink(f->ov);
    assert_true(info.y < H / 5 && info.x > W / 3);
    osd_clear_all(f->o);
    osd_set_layer_plain(f->o, OSD_LAYER_NOTICE, "Notice");
    overlay_update(f->ov, NULL, f->o, 0);
    ov_rect notice = white_ink(f->ov);
    assert_true(notice.y < H / 5 && notice.x < W / 5);
    osd_clear_all(f->o);
    osd_set_layer_plain(f->o, OSD_LAYER_IDLE, "Idle");
    overlay_update(f->ov, NULL, f->o, 0);
    ov_rect idle = white_ink(f->ov);
    assert_true(abs(idle.y + idle.h / 2 - H / 2) < H / 10);
}

static void test_picker_readable_and_highlighted(void **state)
{
    fx *f = *state;
    /* One row: its ink height is the "text height" of the picker. */
    const char *one[] = {"Español"};
    assert_int_equal(osd_set_picker(f->o, NULL, one, 1, -1, NULL), 0);
    overlay_update(f->ov, NULL, f->o, 0);
    ov_rect ink = white_ink(f->ov);
    assert_true(ink.h >= 0.04 * H);
    /* The info line too. */
    osd_clear_all(f->o);
    osd_set_layer_plain(f->o, OSD_LAYER_INFO, "Español");
    overlay_update(f->ov, NULL, f->o, 0);
    assert_true(white_ink(f->ov).h >= 0.04 * H);
    /* Six rows, the third highlighted: black text on white exists, list
     * centred and inside the safe area. */
    osd_clear_all(f->o);
    const char *rows[] = {"Español", "English", "Français", "Kreyòl ayisyen", "Kʼicheʼ", "العربية"};
    assert_int_equal(osd_set_picker(f->o, "Idioma / Language", rows, 6, 2, "Este video: Español"), 0);
    overlay_update(f->ov, NULL, f->o, 0);
    ov_rect bb = overlay_bbox(f->ov);
    inside_safe_area(bb);
    assert_true(abs(bb.x + bb.w / 2 - W / 2) < W / 20);
    const uint32_t *px = overlay_pixels(f->ov, NULL);
    int black = 0, white_box = 0;
    for (int i = 0; i < W * H; i++) {
        black += px[i] == 0xFF000000u;
        white_box += px[i] == 0xFFFFFFFFu;
    }
    assert_true(black > 200);      /* highlighted row's text */
    assert_true(white_box > 5000); /* its white box */
    /* Moving the highlight changes pixels; setting the same picker does not. */
    assert_false(overlay_update(f->ov, NULL, f->o, 0));
    osd_set_picker(f->o, "Idioma / Language", rows, 6, 2, "Este video: Español");
    assert_false(overlay_update(f->ov, NULL, f->o, 0));
    osd_set_picker(f->o, "Idioma / Language", rows, 6, 3, "Este video: Español");
    assert_true(overlay_update(f->ov, NULL, f->o, 0));
}

static void test_title_card_black(void **state)
{
    fx *f = *state;
    assert_int_equal(osd_set_layer_plain(f->o, OSD_LAYER_TITLE, "Testimonio de María"), 0);
    overlay_update(f->ov, NULL, f->o, 0);
    const uint32_t *px = overlay_pixels(f->ov, NULL);
    assert_int_equal(px[0], 0xFF000000u);
    assert_int_equal(px[W * H - 1], 0xFF000000u);
    ov_rect ink = white_ink(f->ov);
    assert_true(ink.w > 0);
    assert_true(abs(ink.y + ink.h / 2 - H / 2) < H / 10);
    assert_true(abs(ink.x + ink.w / 2 - W / 2) < W / 10);
}

static void test_set_clear_empty(void **state)
{
    fx *f = *state;
    assert_true(osd_is_empty(f->o));
    assert_int_equal(osd_set_layer(f->o, OSD_LAYER_NOTICE, "x"), 0);
    assert_false(osd_is_empty(f->o));
    assert_int_equal(osd_set_layer(f->o, OSD_LAYER_NOTICE, ""), 0);
    assert_true(osd_is_empty(f->o));
    assert_int_equal(osd_set_layer(f->o, OSD_LAYER_COUNT, "x"), -1);
    osd_set_layer(f->o, OSD_LAYER_IDLE, "Idle");
    overlay_update(f->ov, NULL, f->o, 0);
    assert_true(overlay_bbox(f->ov).w > 0);
    osd_clear(f->o, OSD_LAYER_IDLE);
    assert_true(overlay_update(f->ov, NULL, f->o, 0));
    assert_int_equal(overlay_bbox(f->ov).w, 0);
    /* A wider safe area moves the notice inwards. */
    osd_set_layer_plain(f->o, OSD_LAYER_NOTICE, "Notice");
    overlay_update(f->ov, NULL, f->o, 0);
    int x5 = white_ink(f->ov).x;
    osd_set_safe_area(f->o, 10);
    overlay_update(f->ov, NULL, f->o, 0);
    assert_true(white_ink(f->ov).x > x5 + 0.04 * W);
}

int main(void)
{
    log_init();
    log_set_level(LOG_WARN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test_setup_teardown(test_escaped_text_is_literal, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_layers_inside_safe_area, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_picker_readable_and_highlighted, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_title_card_black, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_set_clear_empty, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
