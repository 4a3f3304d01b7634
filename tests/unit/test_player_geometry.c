/* Unit tests: letterbox/pillarbox placement with sample aspect ratio and
 * rotation (player/geometry.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include <stdint.h>
#include <stdbool.h>

#include "player/geometry.h"

static void assert_rect(vrect r, int x, int y, int w, int h)
{
    assert_int_equal(r.x, x);
    assert_int_equal(r.y, y);
    assert_int_equal(r.w, w);
    assert_int_equal(r.h, h);
}

static void test_fit_letterbox_pillarbox(void **st)
{
    (void)st;
    assert_rect(geom_fit(1920, 1080, 1280, 720, 1.0, 0), 0, 0, 1920, 1080);     /* same aspect */
    assert_rect(geom_fit(1920, 1080, 640, 480, 1.0, 0), 240, 0, 1440, 1080);    /* 4:3 → pillarbox */
    assert_rect(geom_fit(1024, 768, 1920, 1080, 1.0, 0), 0, 96, 1024, 576);     /* 16:9 → letterbox */
    assert_rect(geom_fit(1920, 1080, 720, 576, 64.0 / 45, 0), 0, 0, 1920, 1080); /* PAL 16:9 anamorphic */
    assert_rect(geom_fit(1920, 1080, 720, 576, 16.0 / 15, 0), 240, 0, 1440, 1080); /* PAL 4:3 */
    assert_rect(geom_fit(1920, 1080, 0, 0, 1.0, 0), 0, 0, 0, 0);
    assert_rect(geom_fit(1920, 1080, 1280, 720, 0.0, 0), 0, 0, 1920, 1080); /* unknown SAR = square */
}

static void test_fit_rotated_portrait(void **st)
{
    (void)st;
    /* a phone video: 1920x1080 pixels, turned 90° → portrait in a 16:9 screen */
    vrect r = geom_fit(1920, 1080, 1920, 1080, 1.0, 90);
    assert_rect(r, 656, 0, 608, 1080);
    vrect u = geom_unrotated(r, 90); /* the texture rect before turning, same centre */
    assert_int_equal(u.w, 1080);
    assert_int_equal(u.h, 608);
    assert_int_equal(u.x + u.w / 2, r.x + r.w / 2);
    assert_int_equal(u.y + u.h / 2, r.y + r.h / 2);
    assert_rect(geom_unrotated(r, 180), r.x, r.y, r.w, r.h);
    assert_rect(geom_fit(1920, 1080, 1920, 1080, 1.0, 180), 0, 0, 1920, 1080);
}

static void test_bars_cover_the_rest(void **st)
{
    (void)st;
    vrect bars[4];
    vrect pic = geom_fit(1920, 1080, 640, 480, 1.0, 0);
    int n = geom_bars(1920, 1080, pic, bars);
    assert_int_equal(n, 2);
    long area = (long)pic.w * pic.h;
    for (int i = 0; i < n; i++)
        area += (long)bars[i].w * bars[i].h;
    assert_int_equal(area, 1920L * 1080);
    assert_int_equal(geom_bars(1920, 1080, (vrect){0, 0, 1920, 1080}, bars), 0);
    assert_int_equal(geom_bars(1920, 1080, (vrect){0, 0, 0, 0}, bars), 1); /* no picture: all black */
}

/* SDL_RenderCopyEx's convention: mirror first, then turn clockwise. */
static void check_rotate(int rotation, bool hflip, const char *want)
{
    const uint32_t src[2 * 4] = {'a', 'b', 'c', 0, 'd', 'e', 'f', 0}; /* 3x2, stride 4 */
    uint32_t dst[3 * 3];
    memset(dst, 0, sizeof(dst));
    bool side = rotation == 90 || rotation == 270;
    int dw = side ? 2 : 3, dh = side ? 3 : 2;
    geom_rotate_copy(src, 3, 2, 4, dst, 3, rotation, hflip);
    char got[16] = {0};
    int n = 0;
    for (int y = 0; y < dh; y++)
        for (int x = 0; x < dw; x++)
            got[n++] = (char)dst[y * 3 + x];
    assert_string_equal(got, want);
}

static void test_rotate_copy(void **st)
{
    (void)st;
    check_rotate(0, false, "abcdef");
    check_rotate(90, false, "daebfc");
    check_rotate(180, false, "fedcba");
    check_rotate(270, false, "cfbead");
    check_rotate(0, true, "cbafed");
    check_rotate(90, true, "fceb" "da");
    check_rotate(270, true, "adbecf");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit_letterbox_pillarbox),
        cmocka_unit_test(test_fit_rotated_portrait),
        cmocka_unit_test(test_bars_cover_the_rest),
        cmocka_unit_test(test_rotate_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
