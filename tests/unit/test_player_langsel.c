/* Language matching table tests: which subtitle/audio track the viewer's
 * language selects (player/langsel.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "player/langsel.h"

#define C(lang, ext, forced, def) {lang, ext, forced, def, true}

static void test_exact_match_prefers_sidecar_then_unforced_then_default(void **st)
{
    (void)st;
    lang_cand c[] = {
        C("fr", false, false, true),  /* embedded, default */
        C("fr", true, true, false),   /* sidecar, forced */
        C("fr", true, false, false),  /* sidecar, full → wins */
        C("es", true, false, false),
    };
    langsel_result r = langsel_pick(c, 4, "fr", NULL, 0);
    assert_int_equal(r.index, 2);
    assert_false(r.fallback);
    assert_string_equal(r.shown, "fr");
    /* without sidecars, the unforced default embedded track */
    lang_cand d[] = {C("fr", false, true, false), C("fr", false, false, false), C("fr", false, false, true)};
    assert_int_equal(langsel_pick(d, 3, "fr", NULL, 0).index, 2);
}

static void test_fallback_chain_in_order(void **st)
{
    (void)st;
    const char *prefs[] = {"es", "en", "fr"};
    lang_cand c[] = {C("fr", true, false, false), C("en", true, false, false), C("ru", true, false, false)};
    langsel_result r = langsel_pick(c, 3, "quc", prefs, 3);
    assert_int_equal(r.index, 1); /* es missing → en */
    assert_true(r.fallback);
    assert_string_equal(r.shown, "en");
    /* the viewer's own language is skipped in the chain */
    r = langsel_pick(c, 3, "en", prefs, 3);
    assert_int_equal(r.index, 1);
    assert_false(r.fallback);
}

static void test_unknown_language_is_last_resort(void **st)
{
    (void)st;
    const char *prefs[] = {"es"};
    lang_cand c[] = {C("ru", false, false, true), C("", true, false, false)};
    langsel_result r = langsel_pick(c, 2, "fr", prefs, 1);
    assert_int_equal(r.index, 1);
    assert_true(r.fallback);
    lang_cand d[] = {C("ru", false, false, true)};
    r = langsel_pick(d, 1, "fr", prefs, 1);
    assert_int_equal(r.index, -1); /* Russian is never shown for a French viewer */
}

static void test_off_and_no_preference(void **st)
{
    (void)st;
    lang_cand c[] = {C("es", false, true, false), C("en", false, false, false), C("fr", false, false, true)};
    assert_int_equal(langsel_pick(c, 3, "off", NULL, 0).index, -1);
    assert_int_equal(langsel_pick(c, 3, "", NULL, 0).index, 2); /* default flag */
    lang_cand d[] = {C("es", false, true, false), C("en", false, false, false)};
    assert_int_equal(langsel_pick(d, 2, NULL, NULL, 0).index, 1); /* first unforced */
    assert_int_equal(langsel_pick(d, 0, "es", NULL, 0).index, -1);
}

static void test_unusable_never_picked(void **st)
{
    (void)st;
    lang_cand c[] = {{"fr", true, false, false, false}, C("fr", false, false, false)};
    assert_int_equal(langsel_pick(c, 2, "fr", NULL, 0).index, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_match_prefers_sidecar_then_unforced_then_default),
        cmocka_unit_test(test_fallback_chain_in_order),
        cmocka_unit_test(test_unknown_language_is_last_resort),
        cmocka_unit_test(test_off_and_no_preference),
        cmocka_unit_test(test_unusable_never_picked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
