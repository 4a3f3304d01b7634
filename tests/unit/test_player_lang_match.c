/* Language matching table (issue 6): track tags as containers and sidecar
 * names write them, canonicalised with Debian's iso-codes (subtitles/lang)
 * the way the core does, then chosen by player/langsel for a viewer
 * language — codes (639-1 = 639-2/B = 639-2/T = 639-3), regions,
 * preference order, fallbacks, off; the audio choice; and the built-in
 * names for languages iso-codes has no autonym for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "player/langsel.h"
#include "player/log.h"
#include "subtitles/lang.h"

#define MAXT 8

/* Defined next to the option table (player/options_table.c). */
extern const char *const options_language_name_defaults[][2];

typedef struct trk {
    const char *tag;  /* as written in the file / sidecar name */
    bool external, forced, is_default;
} trk;

typedef struct row {
    const char *viewer;          /* as the viewer/config gave it */
    const char *prefs;           /* comma-separated, as in the config */
    trk t[MAXT];
    int want;                    /* expected index, -1 none */
    bool fallback;
    const char *shown;           /* canonical language shown */
} row;

static const row rows[] = {
    /* the same language, four ways of writing it */
    {"fr", "", {{"spa"}, {"fre"}}, 1, false, "fr"},
    {"fr", "", {{"es"}, {"fra"}}, 1, false, "fr"},
    {"fre", "", {{"es"}, {"fr"}}, 1, false, "fr"},
    {"fra", "", {{"FR"}}, 0, false, "fr"},
    {"es", "", {{"spa"}, {"eng"}}, 0, false, "es"},
    {"ht", "", {{"hat"}, {"fr"}}, 0, false, "ht"},
    {"quc", "", {{"quc"}, {"es"}}, 0, false, "quc"},
    {"ar", "", {{"ara"}}, 0, false, "ar"},
    /* regions and scripts fold to the language */
    {"es-MX", "", {{"en"}, {"es"}}, 1, false, "es"},
    {"es", "", {{"en"}, {"es-419"}}, 1, false, "es"},
    {"es_MX", "", {{"spa"}}, 0, false, "es"},
    {"fr-CA", "", {{"fr-FR"}}, 0, false, "fr"},
    {"zh-Hant", "", {{"chi"}}, 0, false, "zh"},
    /* sidecar > non-forced > default flag */
    {"fr", "", {{"fr", false, false, true}, {"fr", true, false, false}}, 1, false, "fr"},
    {"fr", "", {{"fr", true, true, false}, {"fr", false, false, false}}, 0, false, "fr"}, /* sidecar first */
    {"fr", "", {{"fr", true, true, false}, {"fr", true, false, false}}, 1, false, "fr"},
    {"fr", "", {{"fr", false, false, false}, {"fr", false, false, true}}, 1, false, "fr"},
    {"fr", "", {{"fr", false, true, true}}, 0, false, "fr"}, /* forced only: still French */
    /* fallback chain in config order; the viewer's own entry is skipped */
    {"quc", "es,en,fr", {{"fr"}, {"en"}}, 1, true, "en"},
    {"quc", "es,en,fr", {{"fr"}, {"es"}, {"en"}}, 1, true, "es"},
    {"quc", "spa,eng", {{"en"}}, 0, true, "en"},     /* prefs in any form */
    {"en", "es,en,fr", {{"fr"}, {"en-GB"}}, 1, false, "en"},
    /* then a track of unknown language (an untagged sidecar) */
    {"quc", "es", {{"ru"}, {"und", true}}, 1, true, ""},
    {"quc", "es", {{"ru"}, {"", true}}, 1, true, ""},
    {"quc", "es", {{"ru"}}, -1, false, ""},          /* never an unrelated language */
    {"fr", "", {{"xx-unknown"}}, 0, true, ""},       /* an unknown tag counts as unknown */
    /* off and no preference */
    {"off", "es", {{"es"}, {"fr"}}, -1, false, ""},
    {"", "", {{"es", false, true, false}, {"fr"}, {"en", false, false, true}}, 2, false, "en"},
    {"", "", {{"es", false, true, false}, {"fr"}}, 1, false, "fr"},
    {"es", "", {{NULL}}, -1, false, ""},
};

static int parse_prefs(const langdb *db, const char *list, char out[][LANG_CODE_SIZE], const char **ptrs)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", list);
    int n = 0;
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
        if (lang_canon(db, t, out[n])) {
            ptrs[n] = out[n];
            n++;
        }
    return n;
}

static void test_match_table(void **state)
{
    langdb *db = *state;
    for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        const row *w = &rows[r];
        char canon[MAXT][LANG_CODE_SIZE];
        lang_cand c[MAXT];
        int n = 0;
        for (; n < MAXT && w->t[n].tag; n++) {
            lang_canon(db, w->t[n].tag, canon[n]); /* "" when not a language */
            c[n] = (lang_cand){canon[n], w->t[n].external, w->t[n].forced, w->t[n].is_default, true};
        }
        char viewer[LANG_CODE_SIZE] = "";
        if (!strcmp(w->viewer, "off"))
            snprintf(viewer, sizeof(viewer), "off");
        else
            lang_canon(db, w->viewer, viewer);
        char pbuf[8][LANG_CODE_SIZE];
        const char *prefs[8];
        int np = parse_prefs(db, w->prefs, pbuf, prefs);
        langsel_result res = langsel_pick(c, n, viewer, prefs, np);
        if (res.index != w->want || res.fallback != w->fallback || strcmp(res.shown, w->shown) != 0)
            fail_msg("row %zu (viewer %s, prefs '%s'): got index %d fallback %d shown '%s', want %d %d '%s'", r,
                     w->viewer, w->prefs, res.index, res.fallback, res.shown, w->want, w->fallback, w->shown);
    }
}

static void test_audio_choice(void **state)
{
    langdb *db = *state;
    const char *tags[] = {"spa", "fre", "eng"};
    char canon[3][LANG_CODE_SIZE];
    lang_cand c[3];
    for (int i = 0; i < 3; i++) {
        lang_canon(db, tags[i], canon[i]);
        c[i] = (lang_cand){canon[i], false, false, i == 0, true};
    }
    const char *prefs[] = {"es", "en"};
    assert_int_equal(langsel_pick_audio(c, 3, "fr", prefs, 2), 1);  /* the viewer's */
    assert_int_equal(langsel_pick_audio(c, 3, "quc", prefs, 2), 0); /* chain: es */
    const char *prefs2[] = {"en", "es"};
    assert_int_equal(langsel_pick_audio(c, 3, "quc", prefs2, 2), 2);
    assert_int_equal(langsel_pick_audio(c, 3, "off", prefs2, 2), 2); /* off is about subtitles */
    assert_int_equal(langsel_pick_audio(c, 3, "", NULL, 0), 0);      /* default flag */
    c[0].is_default = false;
    c[0].usable = false;
    assert_int_equal(langsel_pick_audio(c, 3, "es", NULL, 0), 1);    /* first usable */
    assert_int_equal(langsel_pick_audio(c, 0, "es", NULL, 0), -1);
}

/* Each built-in name is for a real language and says something iso-codes
 * does not already say (else it would not be needed). */
static void test_builtin_names(void **state)
{
    langdb *db = *state;
    int n = 0;
    bool ht = false, quc = false;
    for (; options_language_name_defaults[n][0]; n++) {
        const char *code = options_language_name_defaults[n][0], *name = options_language_name_defaults[n][1];
        char canon[LANG_CODE_SIZE];
        assert_true(lang_canon(db, code, canon));
        assert_string_equal(canon, code); /* written canonically */
        assert_non_null(name);
        assert_true(strlen(name) > 1);
        const char *iso = langdb_autonym(db, code);
        if (iso && !strcmp(iso, name))
            fail_msg("%s: '%s' is already iso-codes' name", code, name);
        ht |= !strcmp(code, "ht") && !strcmp(name, "Kreyòl ayisyen");
        quc |= !strcmp(code, "quc") && !strcmp(name, "K\xca\xbc" "iche\xca\xbc");
    }
    assert_true(n >= 2);
    assert_true(ht);
    assert_true(quc);
}

static int setup(void **state)
{
    langdb *db;
    char err[256];
    if (langdb_open(NULL, NULL, &db, err, sizeof(err)) < 0) {
        fprintf(stderr, "iso-codes: %s\n", err);
        return -1;
    }
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    langdb_free(*state);
    return 0;
}

int main(void)
{
    log_init();
    log_set_level(LOG_WARN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_table),
        cmocka_unit_test(test_audio_choice),
        cmocka_unit_test(test_builtin_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
