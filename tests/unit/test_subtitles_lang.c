/* test_subtitles_lang.c — language codes, matching, names and ordering,
 * on Debian's real iso-codes data plus small hand-made data directories. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "subtitles/lang.h"
#include "subtitles/lang_case.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int setup_db(void **state)
{
    char err[256];
    langdb *db = NULL;
    double t0 = now_ms();
    int rc = langdb_open(NULL, NULL, &db, err, sizeof(err));
    double t1 = now_ms();
    if (rc != 0)
        fail_msg("langdb_open: %s", err);
    print_message("langdb_open: %.1f ms (target < 30 ms in a release build)\n", t1 - t0);
    /* Generous bound (ASan, loaded CI): catches loading every catalogue. */
    assert_true(t1 - t0 < 300);
    *state = db;
    return 0;
}

static int teardown_db(void **state)
{
    langdb_free(*state);
    return 0;
}

static const struct { const char *tag, *canon; } CANON[] = {
    {"fr", "fr"}, {"fre", "fr"}, {"fra", "fr"}, {"FR", "fr"}, {"Fra", "fr"}, {"fr-CA", "fr"},
    {"fr_CA", "fr"}, {"es", "es"}, {"spa", "es"}, {"SPA", "es"}, {"es-MX", "es"}, {"es-419", "es"},
    {"pt-BR", "pt"}, {"por", "pt"}, {"pt_br", "pt"}, {"ht", "ht"}, {"hat", "ht"}, {"quc", "quc"},
    {"QUC", "quc"}, {"mam", "mam"}, {"zh-Hant", "zh"}, {"zh-Hans-CN", "zh"}, {"chi", "zh"},
    {"zho", "zh"}, {"ger", "de"}, {"deu", "de"}, {"de", "de"}, {"ara", "ar"}, {"ar-SA", "ar"},
    {"eng", "en"}, {"en", "en"}, {"en-GB-oxendict", "en"}, {"sr-Latn-RS", "sr"}, {" eng ", "en"},
    {"cze", "cs"}, {"ces", "cs"}, {"tib", "bo"}, {"afa", "afa"} /* 639-2 collective */,
    {"myn", "myn"}, {"sh", "sh"}, {"bh", "bh"}, {"fil", "fil"}, {"kek", "kek"}, {"cak", "cak"},
};

static const char *const NOT_LANGUAGES[] = {
    "und", "UND", "mul", "zxx", "mis", "", " ", "e", "english", "final", "xx", "qaa", "es-",
    "es--MX", "es-MX!", "-es", "es-toolongsub", "12", "\xC3\xA9s", "e s", "es.MX", "zz-ZZ", "qtz",
};

static void test_canonical_codes(void **state)
{
    langdb *db = *state;
    char out[LANG_CODE_SIZE];
    for (size_t i = 0; i < sizeof(CANON) / sizeof(CANON[0]); i++) {
        if (!lang_canon(db, CANON[i].tag, out) || strcmp(out, CANON[i].canon) != 0)
            fail_msg("lang_canon(\"%s\") = \"%s\", expected \"%s\"", CANON[i].tag, out, CANON[i].canon);
    }
    for (size_t i = 0; i < sizeof(NOT_LANGUAGES) / sizeof(NOT_LANGUAGES[0]); i++) {
        if (lang_canon(db, NOT_LANGUAGES[i], out) || out[0])
            fail_msg("\"%s\" taken for language \"%s\"", NOT_LANGUAGES[i], out);
    }
    assert_false(lang_canon(db, NULL, out));
    assert_false(lang_canon(NULL, "es", out));
}

static void test_english_names_as_tags(void **state)
{
    langdb *db = *state;
    char out[LANG_CODE_SIZE];
    static const struct { const char *name, *code; } ok[] = {
        {"Spanish", "es"}, {"english", "en"}, {"FRENCH", "fr"}, {"Haitian", "ht"}, {"Portuguese", "pt"},
        {"Arabic", "ar"}, {"German", "de"}, {"Castilian", NULL}, {"Final", NULL}, {"Mam", NULL},
        {"K'iche'", NULL}, {"Spanish; Castilian", NULL}, {"Spa", NULL}, {"", NULL},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        bool got = lang_canon_name(db, ok[i].name, out);
        if (ok[i].code ? !got || strcmp(out, ok[i].code) != 0 : got)
            fail_msg("lang_canon_name(\"%s\") = %d \"%s\"", ok[i].name, got, out);
    }
}

static void test_matching(void **state)
{
    langdb *db = *state;
    static const struct { const char *a, *b; int match; } cases[] = {
        {"es-MX", "es", 1}, {"es", "spa", 1}, {"fr", "fre", 1}, {"fre", "fra", 1}, {"FR", "fr-CA", 1},
        {"pt-BR", "por", 1}, {"pt-BR", "pt-PT", 1}, {"zh-Hant", "chi", 1}, {"quc", "QUC", 1}, {"ht", "hat", 1},
        {"es", "pt", 0}, {"es", "en", 0}, {"quc", "mam", 0}, {"und", "und", 0}, {"", "", 0},
        {"xx", "xx", 0}, {"final", "final", 0}, {"es", "", 0}, {"off", "off", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (lang_match(db, cases[i].a, cases[i].b) != (cases[i].match != 0) ||
            lang_match(db, cases[i].b, cases[i].a) != (cases[i].match != 0))
            fail_msg("lang_match(\"%s\", \"%s\") should be %d", cases[i].a, cases[i].b, cases[i].match);
    }
    assert_false(lang_match(db, NULL, "es"));
    assert_false(lang_match(db, "es", NULL));
}

static void test_names(void **state)
{
    langdb *db = *state;
    static const struct { const char *tag, *english, *autonym; } cases[] = {
        {"es", "Spanish", "Español"},
        {"en", "English", "English"},
        {"fr", "French", "Français"},        /* iso-codes: "français" */
        {"ar", "Arabic", "العربية"},
        {"de", "German", "Deutsch"},
        {"pt", "Portuguese", "Português"},
        {"zh", "Chinese", "中文"},           /* only zh_CN, zh_TW … catalogues */
        {"ru", "Russian", "Русский"},        /* iso-codes: "русский" */
        {"el", "Modern Greek (1453-)", "Ελληνικά"}, /* date range dropped */
        {"nn", "Norwegian Nynorsk", "Norsk (nynorsk)"}, /* other parentheses kept */
        {"grc", "Ancient Greek (to 1453)", "Ancient Greek"},
        {"it", "Italian", "Italiano"},
        {"spa", "Spanish", "Español"},
        {"fr-CA", "French", "Français"},
        /* no catalogue in iso-codes: the English name */
        {"ht", "Haitian", "Haitian"},
        {"quc", "K'iche'", "K'iche'"},
        {"mam", "Mam", "Mam"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *en = langdb_english_name(db, cases[i].tag);
        const char *au = langdb_autonym(db, cases[i].tag);
        if (!en || strcmp(en, cases[i].english) != 0)
            fail_msg("english name of %s: \"%s\"", cases[i].tag, en ? en : "(null)");
        if (!au || strcmp(au, cases[i].autonym) != 0)
            fail_msg("autonym of %s: \"%s\", expected \"%s\"", cases[i].tag, au ? au : "(null)", cases[i].autonym);
        /* cached: same pointer the second time */
        assert_ptr_equal(au, langdb_autonym(db, cases[i].tag));
    }
    assert_null(langdb_autonym(db, "und"));
    assert_null(langdb_autonym(db, "final"));
    assert_null(langdb_english_name(db, ""));
}

static void test_config_names(void **state)
{
    (void)state;
    langdb *db;
    assert_int_equal(langdb_open(NULL, NULL, &db, NULL, 0), 0);
    assert_int_equal(langdb_set_name(db, "quc", "K\xCA\xBC" "iche\xCA\xBC"), 0); /* Kʼicheʼ, U+02BC */
    assert_int_equal(langdb_set_name(db, "hat", "Kreyòl ayisyen"), 0);
    assert_int_equal(langdb_set_name(db, "es", "Español (México)"), 0); /* overrides iso-codes */
    assert_string_equal(langdb_autonym(db, "quc"), "K\xCA\xBC" "iche\xCA\xBC");
    assert_string_equal(langdb_autonym(db, "ht"), "Kreyòl ayisyen");
    assert_string_equal(langdb_autonym(db, "spa"), "Español (México)");
    assert_string_equal(langdb_english_name(db, "ht"), "Haitian");
    /* a local code iso-codes does not know becomes a language */
    char out[LANG_CODE_SIZE];
    assert_false(lang_canon(db, "qaa", out));
    assert_int_equal(langdb_set_name(db, "qaa", "Idioma local"), 0);
    assert_true(lang_canon(db, "qaa", out));
    assert_string_equal(out, "qaa");
    assert_string_equal(langdb_autonym(db, "QAA"), "Idioma local");
    assert_true(lang_match(db, "qaa", "qaa-x-test"));
    /* rejected */
    assert_int_equal(langdb_set_name(db, "und", "Nada"), -1);
    assert_int_equal(langdb_set_name(db, "final", "X"), -1);
    assert_int_equal(langdb_set_name(db, "es", ""), -1);
    assert_int_equal(langdb_set_name(db, "es", "caf\xE9"), -1); /* not UTF-8 */
    assert_int_equal(langdb_set_name(db, "es", "a\nb"), -1);
    assert_int_equal(langdb_set_name(db, NULL, "x"), -1);
    /* earlier names stay valid after an override (pointers live until free) */
    const char *before = langdb_autonym(db, "fr");
    assert_int_equal(langdb_set_name(db, "fr", "Francais"), 0);
    assert_string_equal(before, "Français");
    assert_string_equal(langdb_autonym(db, "fr"), "Francais");
    langdb_free(db);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_overridable_paths_and_bad_data(void **state)
{
    (void)state;
    char dir[] = "/tmp/vt_lang_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char json[512], loc[512], path[1024];
    snprintf(json, sizeof(json), "%s/json", dir);
    snprintf(loc, sizeof(loc), "%s/locale", dir);
    assert_int_equal(mkdir(json, 0755), 0);
    assert_int_equal(mkdir(loc, 0755), 0);

    /* missing data: a clear error, no database */
    langdb *db = (langdb *)1;
    char err[256];
    assert_int_equal(langdb_open(json, loc, &db, err, sizeof(err)), -1);
    assert_null(db);
    assert_non_null(strstr(err, "iso_639-3.json"));

    /* broken JSON: also an error naming the file */
    snprintf(path, sizeof(path), "%s/iso_639-3.json", json);
    write_file(path, "{\"639-3\": [ {\"alpha_3\": \"spa\", ");
    assert_int_equal(langdb_open(json, loc, &db, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "iso_639-3.json"));

    /* a two-language database; 639-2 missing is fine (reported in err) */
    write_file(path, "{\"639-3\": [{\"alpha_3\": \"spa\", \"alpha_2\": \"es\", \"name\": \"Spanish\", \"scope\": \"I\"},"
                     " {\"alpha_3\": \"quc\", \"name\": \"K'iche'\", \"scope\": \"I\"},"
                     " {\"alpha_3\": \"und\", \"name\": \"Undetermined\", \"scope\": \"S\"},"
                     " {\"alpha_3\": 7, \"name\": \"bad record\"}, {\"name\": \"no code\"}, 3]}");
    assert_int_equal(langdb_open(json, loc, &db, err, sizeof(err)), 0);
    assert_non_null(strstr(err, "iso_639-2.json"));
    char out[LANG_CODE_SIZE];
    assert_true(lang_canon(db, "spa", out));
    assert_false(lang_canon(db, "fr", out));
    assert_false(lang_canon(db, "und", out));
    /* no catalogue yet: English name */
    assert_string_equal(langdb_autonym(db, "es"), "Spanish");
    langdb_free(db);

    /* a corrupt catalogue is ignored (English name), a real one is used,
     * and neither is read at open time */
    snprintf(path, sizeof(path), "%s/es", loc);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/es/LC_MESSAGES", loc);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/es/LC_MESSAGES/iso_639-3.mo", loc);
    write_file(path, "\xde\x12\x04\x95 this is not a catalogue");
    assert_int_equal(langdb_open(json, loc, &db, NULL, 0), 0);
    assert_string_equal(langdb_autonym(db, "es"), "Spanish");
    langdb_free(db);
    unlink(path);
    assert_int_equal(symlink("/usr/share/locale/es/LC_MESSAGES/iso_639-3.mo", path), 0);
    assert_int_equal(langdb_open(json, loc, &db, NULL, 0), 0);
    assert_string_equal(langdb_autonym(db, "es"), "Español");
    langdb_free(db);

    unlink(path);
    snprintf(path, sizeof(path), "%s/es/LC_MESSAGES", loc);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/es", loc);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/iso_639-3.json", json);
    unlink(path);
    rmdir(json);
    rmdir(loc);
    rmdir(dir);
}

static void test_ordering(void **state)
{
    langdb *db = *state;
    lang_count *items = NULL;
    size_t n = 0;
    /* five videos' languages, as tagged in files and sidecar names */
    const char *tags[] = {"spa", "en", "es-MX", "quc", "eng", "fre", "ara", "en-US", "quc", "ar",
                          "es", "quc", "en", "en", "quc", "und", "final", "", "quc"};
    int counted = 0;
    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
        counted += lang_tally(db, &items, &n, tags[i]);
    assert_int_equal(counted, 16);
    assert_int_equal(n, 5);

    const char *prefs[] = {"spa", "fr", "xx"};
    lang_order(db, items, n, prefs, 3);
    const char *expect[] = {"es", "fr", "en", "quc", "ar"}; /* en 5 = quc 5 → by code */
    unsigned counts[] = {3, 1, 5, 5, 2};
    for (size_t i = 0; i < n; i++) {
        if (strcmp(items[i].code, expect[i]) != 0 || items[i].count != counts[i])
            fail_msg("position %zu: %s (%u), expected %s (%u)", i, items[i].code, items[i].count, expect[i],
                     counts[i]);
    }
    /* no preferences: by count, then code */
    lang_order(db, items, n, NULL, 0);
    const char *expect2[] = {"en", "quc", "es", "ar", "fr"};
    for (size_t i = 0; i < n; i++)
        assert_string_equal(items[i].code, expect2[i]);
    free(items);
}

static void test_capitalisation(void **state)
{
    (void)state;
    static const struct { uint32_t lower, upper; } cps[] = {
        {'a', 'A'}, {'Z', 'Z'}, {0xE9, 0xC9}, {0xFF, 0x178}, {0xF7, 0xF7}, {0xDF, 0xDF}, {0x131, 'I'},
        {0x10D, 0x10C}, {0x13A, 0x139}, {0x14B, 0x14A}, {0x17E, 0x17D}, {0x1A1, 0x1A0}, {0x1B0, 0x1AF},
        {0x1CE, 0x1CD}, {0x1C6, 0x1C4}, {0x25B, 0x190}, {0x254, 0x186}, {0x253, 0x181}, {0x3B1, 0x391},
        {0x3C2, 0x3A3}, {0x3AC, 0x386}, {0x3CE, 0x38F}, {0x430, 0x410}, {0x451, 0x401}, {0x463, 0x462},
        {0x4E9, 0x4E8}, {0x4C2, 0x4C1}, {0x565, 0x535}, {0x1EA1, 0x1EA0}, {0x1EBF, 0x1EBE}, {0x627, 0x627},
        {0x4E2D, 0x4E2D}, {0x10D0, 0x10D0},
    };
    for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
        if (lang_toupper(cps[i].lower) != cps[i].upper)
            fail_msg("toupper(U+%04X) = U+%04X", cps[i].lower, lang_toupper(cps[i].lower));
    }
    static const struct { const char *in, *out; } strs[] = {
        {"français", "Français"}, {"русский", "Русский"}, {"ελληνικά", "Ελληνικά"}, {"čeština", "Čeština"},
        {"ưu", "Ưu"}, {"ɛʋɛgbɛ", "Ɛʋɛgbɛ"}, {"العربية", "العربية"}, {"中文", "中文"}, {"հայերեն", "Հայերեն"},
        {"", ""}, {"x", "X"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        assert_true(lang_capitalize_first(strs[i].in, strlen(strs[i].in), buf, sizeof(buf)));
        assert_string_equal(buf, strs[i].out);
    }
    assert_false(lang_capitalize_first("caf\xE9", 4, buf, sizeof(buf)));
    assert_string_equal(buf, "");
    assert_false(lang_capitalize_first("français", strlen("français"), buf, 5));
}

static void *autonym_worker(void *arg)
{
    langdb *db = arg;
    static const char *const codes[] = {"es", "fr", "ar", "de", "pt", "zh", "ru", "ht", "quc", "it", "nl", "ja"};
    for (int round = 0; round < 50; round++) {
        for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
            if (!langdb_autonym(db, codes[i]))
                return (void *)1;
        }
    }
    return NULL;
}

static void test_concurrent_autonyms(void **state)
{
    (void)state;
    langdb *db;
    assert_int_equal(langdb_open(NULL, NULL, &db, NULL, 0), 0);
    pthread_t th[6];
    for (int i = 0; i < 6; i++)
        assert_int_equal(pthread_create(&th[i], NULL, autonym_worker, db), 0);
    for (int i = 0; i < 6; i++) {
        void *res;
        pthread_join(th[i], &res);
        assert_null(res);
    }
    assert_string_equal(langdb_autonym(db, "nl"), "Nederlands");
    langdb_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_canonical_codes, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_english_names_as_tags, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_matching, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_names, setup_db, teardown_db),
        cmocka_unit_test(test_config_names),
        cmocka_unit_test(test_overridable_paths_and_bad_data),
        cmocka_unit_test_setup_teardown(test_ordering, setup_db, teardown_db),
        cmocka_unit_test(test_capitalisation),
        cmocka_unit_test(test_concurrent_autonyms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
