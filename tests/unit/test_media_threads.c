/* Unit tests: the video decoder's thread count and the "too slow" rule
 * behind the one-thread → two-threads fallback (media/decoder.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "media/decoder.h"

static void test_auto_threads(void **st)
{
    (void)st;
    /* x86-64 (strong cores): one thread up to 1080p30 */
    assert_int_equal(decoder_auto_threads(1920, 1080, 30.0, 4, true), 1);
    assert_int_equal(decoder_auto_threads(1920, 1080, 29.97, 2, true), 1);
    assert_int_equal(decoder_auto_threads(1280, 720, 25.0, 4, true), 1);
    /* … two above 30 fps or when the rate is unknown */
    assert_int_equal(decoder_auto_threads(1920, 1080, 60.0, 4, true), 2);
    assert_int_equal(decoder_auto_threads(1920, 1080, 0.0, 4, true), 2);
    /* other machines (a Raspberry Pi 4): two up to 1080p, one on one core */
    assert_int_equal(decoder_auto_threads(1920, 1080, 30.0, 4, false), 2);
    assert_int_equal(decoder_auto_threads(1920, 1080, 30.0, 1, false), 1);
    assert_int_equal(decoder_auto_threads(1080, 1920, 30.0, 4, false), 2); /* portrait */
    /* above 1080p: FFmpeg's automatic count */
    assert_int_equal(decoder_auto_threads(3840, 2160, 30.0, 4, true), 0);
    assert_int_equal(decoder_auto_threads(2560, 1440, 24.0, 4, false), 0);
}

static void test_too_slow(void **st)
{
    (void)st;
    assert_false(decoder_too_slow(900, 0));
    assert_false(decoder_too_slow(900, 4));   /* a few drops: a hiccup */
    assert_false(decoder_too_slow(900, 18));  /* exactly 2 % of 918 is not more */
    assert_true(decoder_too_slow(900, 19));
    assert_true(decoder_too_slow(100, 5));
    assert_false(decoder_too_slow(1000, 5));
    assert_true(decoder_too_slow(0, 5));      /* nothing shown at all */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auto_threads),
        cmocka_unit_test(test_too_slow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
