/* Unit tests for subtitles/sublib: font attachments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "player/log.h"
#include "subtitles/sublib.h"

/* A looping file hands its attachments over at every playback: libass
 * gets each font once. */
static void test_font_added_once(void **state)
{
    (void)state;
    sublib *lib = NULL;
    assert_int_equal(sublib_new(&lib, NULL), 0);
    size_t n = 4096;
    uint8_t *a = malloc(n), *b = malloc(n);
    for (size_t i = 0; i < n; i++)
        a[i] = (uint8_t)(i * 7 + 3);
    memcpy(b, a, n);
    assert_int_equal(sublib_add_font(lib, "a.ttf", a, n), 0);
    assert_int_equal(sublib_add_font(lib, "a.ttf", a, n), 1);
    assert_int_equal(sublib_add_font(lib, "renamed.ttf", b, n), 1); /* same bytes */
    b[100] ^= 1;
    assert_int_equal(sublib_add_font(lib, "a.ttf", b, n), 0);     /* other bytes */
    assert_int_equal(sublib_add_font(lib, "a.ttf", b, n - 1), 0); /* other size */
    for (int k = 0; k < 20; k++) /* many distinct fonts: the list grows */
        b[k] ^= 0x55, assert_int_equal(sublib_add_font(lib, "x", b, n), 0);
    assert_int_equal(sublib_add_font(lib, "a.ttf", a, n), 1);
    assert_int_equal(sublib_add_font(lib, "empty", a, 0), -1);
    assert_int_equal(sublib_add_font(lib, "null", NULL, 10), -1);
    free(a);
    free(b);
    sublib_free(&lib);
    assert_null(lib);
}

static void test_font_attachment_names(void **state)
{
    (void)state;
    assert_true(sublib_is_font_attachment("a.TTF", NULL));
    assert_true(sublib_is_font_attachment(NULL, "font/otf"));
    assert_true(sublib_is_font_attachment("x.bin", "application/x-truetype-font"));
    assert_false(sublib_is_font_attachment("cover.jpg", "image/jpeg"));
    assert_true(sublib_is_font_attachment("Noto.ttc", "application/octet-stream"));
    assert_true(sublib_is_font_attachment("font", "application/vnd.ms-opentype"));
    assert_false(sublib_is_font_attachment("notes.txt", "text/plain"));
    assert_false(sublib_is_font_attachment(NULL, NULL));
}

int main(void)
{
    log_init();
    log_set_level(LOG_WARN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_font_added_once),
        cmocka_unit_test(test_font_attachment_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
