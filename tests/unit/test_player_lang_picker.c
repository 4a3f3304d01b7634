/* The language picker's look (subtitles/osd_picker.c through the overlay):
 * one uniform panel — the same left and right edge on every line — inside
 * the TV-safe area, the highlighted row a full-width white bar, text at
 * least 4 % of the screen height, long lists scrolling with the
 * highlighted row in view, lines too wide squeezed into the safe area,
 * and no redraw while nothing changes (libass must see a static picture). */
#include "test_subtitles_osd_fx.h"

static const char *const six[] = {"Español", "English", "Français", "Kreyòl ayisyen", "K\xca\xbc" "iche\xca\xbc",
                                  "العربية"};

static int setup(void **state) { return fx_setup(state, 1280, 720); }

static uint32_t px_at(const fx *f, int x, int y)
{
    int stride;
    const uint32_t *px = overlay_pixels(f->ov, &stride);
    return px[y * (stride / 4) + x];
}

static bool opaque(uint32_t p) { return (p >> 24) > 200; }
static bool white(uint32_t p) { return p == 0xFFFFFFFFu; }
/* the bar's edge pixels are partly covered (anti-aliased) */
static bool whitish(uint32_t p)
{
    return (p >> 24) == 255 && ((p >> 16) & 255) > 200 && ((p >> 8) & 255) > 200 && (p & 255) > 200;
}

/* The panel: per line of pixels, the first and last opaque pixel. */
typedef struct panel {
    int top, bottom, left, right; /* inclusive */
    int bar_top, bar_bottom;      /* the white bar's rows, -1 if none */
} panel;

static panel find_panel(const fx *f)
{
    panel P = {-1, -1, f->w, -1, -1, -1};
    for (int y = 0; y < f->h; y++) {
        int l = -1, r = -1, whites = 0;
        for (int x = 0; x < f->w; x++) {
            uint32_t p = px_at(f, x, y);
            if (opaque(p)) {
                if (l < 0)
                    l = x;
                r = x;
            }
            whites += white(p);
        }
        if (l < 0)
            continue;
        if (P.top < 0)
            P.top = y;
        P.bottom = y;
        /* every line of the panel has the same edges */
        if (P.right < 0) {
            P.left = l;
            P.right = r;
        } else if (abs(l - P.left) > 1 || abs(r - P.right) > 1) {
            fail_msg("line %d spans %d..%d, the panel %d..%d: not one uniform panel", y, l, r, P.left, P.right);
        }
        /* the bar: white from edge to edge (text inside it is black) */
        if (whitish(px_at(f, l + 1, y)) && whitish(px_at(f, r - 1, y)) && whites > (r - l) / 2) {
            if (P.bar_top < 0)
                P.bar_top = y;
            P.bar_bottom = y;
        }
    }
    return P;
}

static void inside_safe_area(const fx *f, panel P)
{
    assert_true(P.left >= (int)(0.05 * f->w) - 1);
    assert_true(P.right <= f->w - (int)(0.05 * f->w));
    assert_true(P.top >= (int)(0.05 * f->h) - 1);
    assert_true(P.bottom <= f->h - (int)(0.05 * f->h));
}

static void test_one_uniform_panel(void **state)
{
    fx *f = *state;
    assert_int_equal(osd_set_picker(f->o, "Idioma", six, 6, 2, "Este video tiene: Español, Français"), 0);
    assert_true(overlay_update(f->ov, NULL, f->o, 0));
    panel P = find_panel(f);
    inside_safe_area(f, P);
    assert_true(abs((P.left + P.right) / 2 - f->w / 2) <= 2); /* centred */
    /* the widest row fits with room to spare; the panel is not a sliver */
    assert_true(P.right - P.left > f->w / 4);
    /* highlighted: a white bar of about one row's height */
    assert_true(P.bar_top > P.top);
    int bar = P.bar_bottom - P.bar_top + 1;
    assert_true(bar > 0.06 * f->h && bar < 0.1 * f->h);
    /* the panel is dark and nearly opaque where there is no text: look just
     * inside the left edge, above the bar */
    uint32_t p = px_at(f, P.left + 3, P.bar_top - 6);
    assert_true((p >> 24) >= 0xE0 && ((p >> 16) & 255) < 0x30 && (p & 255) < 0x30);
    /* black text in the bar */
    int black = 0;
    for (int y = P.bar_top; y <= P.bar_bottom; y++)
        for (int x = P.left; x <= P.right; x++)
            black += px_at(f, x, y) == 0xFF000000u;
    assert_true(black > 200);
    /* nothing changes, nothing is redrawn: libass sees a static picture */
    for (int i = 0; i < 3; i++)
        assert_false(overlay_update(f->ov, NULL, f->o, 0));
    assert_int_equal(osd_set_picker(f->o, "Idioma", six, 6, 2, "Este video tiene: Español, Français"), 0);
    assert_false(overlay_update(f->ov, NULL, f->o, 0));
    /* the bar moves down one row; the panel stays put */
    osd_set_picker(f->o, "Idioma", six, 6, 3, "Este video tiene: Español, Français");
    assert_true(overlay_update(f->ov, NULL, f->o, 0));
    panel Q = find_panel(f);
    assert_int_equal(Q.left, P.left);
    assert_int_equal(Q.top, P.top);
    int pitch = Q.bar_top - P.bar_top;
    assert_true(pitch > 0.08 * f->h && pitch < 0.1 * f->h);
}

/* The ink of a row (white on the panel) is at least 4 % of the height. */
static void test_text_height(void **state)
{
    fx *f = *state;
    const char *one[] = {"Español"};
    osd_set_picker(f->o, NULL, one, 1, -1, NULL);
    overlay_update(f->ov, NULL, f->o, 0);
    int y0 = f->h, y1 = -1;
    for (int y = 0; y < f->h; y++)
        for (int x = 0; x < f->w; x++) {
            uint32_t p = px_at(f, x, y);
            if (opaque(p) && ((p >> 16) & 255) > 200 && ((p >> 8) & 255) > 200 && (p & 255) > 200) {
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
        }
    assert_true(y1 >= 0);
    assert_true(y1 - y0 + 1 >= 0.04 * f->h);
}

/* 20 rows do not fit: the list scrolls, the panel stays in the safe area,
 * the highlighted row is always on screen. */
static void test_scrolling(void **state)
{
    fx *f = *state;
    const char *rows[20];
    char names[20][16];
    for (int i = 0; i < 20; i++) {
        snprintf(names[i], sizeof(names[i]), "Lengua %d", i + 1);
        rows[i] = names[i];
    }
    int prev_bar = -1;
    for (int sel = 0; sel < 20; sel += 19) {
        osd_set_picker(f->o, "Idioma", rows, 20, sel, "Este video tiene: —");
        overlay_update(f->ov, NULL, f->o, 0);
        panel P = find_panel(f);
        inside_safe_area(f, P);
        assert_true(P.bar_top > P.top && P.bar_bottom < P.bottom);
        if (prev_bar >= 0)
            assert_true(P.bar_top > prev_bar); /* the last row shows lower than the first */
        prev_bar = P.bar_top;
    }
    osd_set_picker(f->o, "Idioma", rows, 20, 10, NULL);
    overlay_update(f->ov, NULL, f->o, 0);
    panel P = find_panel(f);
    assert_true(P.bar_top > 0);
    inside_safe_area(f, P);
}

/* A name far too long for the screen is squeezed into the safe area. */
static void test_wide_line_squeezed(void **state)
{
    fx *f = *state;
    const char *rows[] = {"Español", "Una lengua con un nombre larguísimo que no cabe de ninguna manera en la pantalla"};
    osd_set_picker(f->o, "Idioma", rows, 2, 0, NULL);
    overlay_update(f->ov, NULL, f->o, 0);
    inside_safe_area(f, find_panel(f));
}

/* Portrait output: sizes follow the height, the panel still fits. */
static void test_portrait(void **state)
{
    fx *f = *state;
    assert_int_equal(fx_make(f, 720, 1280), 0);
    osd_set_picker(f->o, "Idioma", six, 6, 5, "Este video tiene: Español, English, Français, العربية");
    overlay_update(f->ov, NULL, f->o, 0);
    inside_safe_area(f, find_panel(f));
}

int main(void)
{
    log_init();
    log_set_level(LOG_WARN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_one_uniform_panel, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_text_height, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_scrolling, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_wide_line_squeezed, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_portrait, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
