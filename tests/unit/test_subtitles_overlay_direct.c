/* Unit tests for subtitles/overlay's direct mode (the software output
 * draws the overlay straight onto each picture): the same picture as the
 * buffer mode composed over it. */
#include "player/log.h"
#include "subtitles/osd.h"
#include "test_subtitles_overlay_fx.h"

#define BG 0x00406080u /* an opaque mid-tone picture, top byte as SDL leaves it */

/* The buffer mode's result, composed "over" the background. */
static void compose_reference(const fixture *f, uint32_t *out)
{
    int stride;
    const uint32_t *px = overlay_pixels(f->ov, &stride);
    for (int i = 0; i < f->w * f->h; i++) {
        uint32_t a = px[i] >> 24, o = 0;
        for (int sh = 0; sh < 24; sh += 8) {
            uint32_t sc = px[i] >> sh & 255u, dc = BG >> sh & 255u;
            o |= ((sc * a + dc * (255u - a) + 127u) / 255u) << sh;
        }
        out[i] = o;
    }
}

/* Direct drawing onto the background equals the buffer composed over it
 * (within rounding), for every pixel. */
static void check_same_picture(const fixture *f, overlay *direct)
{
    size_t n = (size_t)f->w * f->h;
    uint32_t *ref = malloc(n * 4), *got = malloc(n * 4);
    compose_reference(f, ref);
    for (size_t i = 0; i < n; i++)
        got[i] = BG;
    overlay_draw(direct, got, f->w, false);
    int worst = 0;
    for (size_t i = 0; i < n; i++)
        for (int sh = 0; sh < 24; sh += 8) {
            int d = abs((int)(ref[i] >> sh & 255u) - (int)(got[i] >> sh & 255u));
            worst = d > worst ? d : worst;
        }
    assert_true(worst <= 2);
    free(ref);
    free(got);
}

static int pixels_not_bg(const uint32_t *px, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += px[i] != BG;
    return k;
}

/* Static, moving and fading lines, and the OSD over them: the same picture
 * as the buffer mode, frame after frame, also after updates that report no
 * change (the images kept from an earlier render are still drawn: ASan
 * would see them freed). */
static void test_direct_mode_matches_buffer(void **state)
{
    fixture *f = *state;
    add_text(f->text, 10000, 2000, "{\\move(50,50,300,250)}Moving line");
    add_text(f->text, 10000, 2000, "{\\fad(500,0)}Fading in");
    overlay *d = NULL;
    assert_int_equal(overlay_new(&d, f->lib), 0);
    overlay_set_direct(d, true);
    assert_int_equal(overlay_set_geometry(d, f->w, f->h, (ov_rect){0, 0, f->w, f->h}, 1280, 720), 0);
    int stride;
    assert_null(overlay_pixels(d, &stride));
    osd *o = NULL;
    assert_int_equal(osd_new(&o, f->lib), 0);
    const int64_t times[] = {0, 1000, 1040, 1080, 2500, 3000, 3040, 10000, 10040, 10080, 10500, 11900};
    for (size_t k = 0; k < sizeof(times) / sizeof(times[0]); k++) {
        if (k == 4)
            assert_int_equal(osd_set_layer_plain(o, OSD_LAYER_INFO, "Video 3 / 12 — Français"), 0);
        overlay_update(f->ov, f->text, o, times[k]);
        bool changed = overlay_update(d, f->text, o, times[k]);
        if (k == 2) /* same static line as at 1000: nothing to draw again */
            assert_false(changed);
        check_same_picture(f, d);
        check_same_picture(f, d); /* drawing twice is the same */
    }
    /* Something is drawn, and the channel order is honoured. */
    size_t n = (size_t)f->w * f->h;
    uint32_t *xrgb = malloc(n * 4), *xbgr = malloc(n * 4);
    for (size_t i = 0; i < n; i++)
        xrgb[i] = BG;
    assert_true(overlay_draw(d, xrgb, f->w, false));
    assert_true(pixels_not_bg(xrgb, n) > 500);
    const uint32_t bg_bgr = 0x00806040u;
    for (size_t i = 0; i < n; i++)
        xbgr[i] = bg_bgr;
    overlay_draw(d, xbgr, f->w, true);
    for (size_t i = 0; i < n; i++) {
        uint32_t p = xbgr[i], swapped = (p & 0xFF00u) | (p & 0xFFu) << 16 | (p >> 16 & 0xFFu);
        assert_int_equal(swapped, xrgb[i]);
    }
    /* A new geometry: nothing is drawn until the next update lays it out. */
    assert_int_equal(overlay_set_geometry(d, f->w, f->h, (ov_rect){0, 20, f->w, f->h - 40}, 1280, 720), 0);
    for (size_t i = 0; i < n; i++)
        xrgb[i] = BG;
    assert_false(overlay_draw(d, xrgb, f->w, false));
    assert_int_equal(pixels_not_bg(xrgb, n), 0);
    assert_true(overlay_update(d, f->text, o, 11900));
    assert_true(overlay_draw(d, xrgb, f->w, false));
    /* Nothing on screen: nothing drawn. */
    osd_clear(o, OSD_LAYER_INFO);
    assert_true(overlay_update(d, f->text, o, 50000));
    for (size_t i = 0; i < n; i++)
        xrgb[i] = BG;
    assert_false(overlay_draw(d, xrgb, f->w, false));
    assert_int_equal(pixels_not_bg(xrgb, n), 0);
    free(xrgb);
    free(xbgr);
    osd_free(&o);
    overlay_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_direct_mode_matches_buffer, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
