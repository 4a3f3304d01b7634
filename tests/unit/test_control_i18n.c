/* test_control_i18n.c — UI texts: the catalogues compiled from player/po
 * at build time (<build>/locale) come back through i18n_tr, every UI text
 * is translated in every catalogue, fallbacks for languages without a
 * catalogue, and broken catalogues that must not reach printf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sys/stat.h>

#include "player/i18n.h"

static const char *const LANGS[] = {"ar", "es", "fr", "ht", "pt"};
#define NLANGS (sizeof(LANGS) / sizeof(LANGS[0]))

static int setup(void **state)
{
    const char *build = getenv("VITRINA_BUILD");
    if (!build || !build[0])
        fail_msg("VITRINA_BUILD is not set (ctest sets it to the build directory)");
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/locale", build);
    i18n *t = NULL;
    assert_int_equal(i18n_open(dir, NULL, &t), 0);
    if (i18n_count(t) < NLANGS)
        fail_msg("%zu catalogues in %s: were player/po/*.po compiled (target vitrina_po)?", i18n_count(t), dir);
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    i18n_free(*state);
    return 0;
}

static void test_real_translations(void **state)
{
    i18n *t = *state;
    static const struct { const char *lang, *msgid, *text; } cases[] = {
        {"es", I18N_SUBTITLES, "Subtítulos"},
        {"es", I18N_LANGUAGE, "Idioma"},
        {"es", I18N_NEW_VIDEO, "Nuevo video: %s"},
        {"fr", I18N_SUBTITLES, "Sous-titres"},
        {"fr", I18N_SUBTITLES_OFF, "Sans sous-titres"},
        {"pt", I18N_SUBTITLES, "Legendas"},
        {"ht", I18N_SUBTITLES, "Soutit"},
        {"ht", I18N_CHOOSE_LANGUAGE, "Chwazi yon lang"},
        {"ar", I18N_SUBTITLES, "الترجمة"},
        {"ar", I18N_LANGUAGE, "اللغة"},
        /* regions and case */
        {"pt-BR", I18N_SUBTITLES_OFF, "Sem legendas"},
        {"fr_CA", I18N_LANGUAGE, "Langue"},
        {"ES", I18N_PAUSED, "En pausa"},
        {"es-MX", I18N_MUTED, "Sin sonido"},
        /* English is the msgid language */
        {"en", I18N_SUBTITLES, "Subtitles"},
        {"en-US", I18N_SUBTITLES, "Subtitles"},
        {"eng", I18N_LANGUAGE, "Language"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = i18n_tr(t, cases[i].lang, cases[i].msgid);
        if (strcmp(got, cases[i].text) != 0)
            fail_msg("%s \"%s\" → \"%s\", expected \"%s\"", cases[i].lang, cases[i].msgid, got, cases[i].text);
    }
}

static void test_unknown_gives_msgid(void **state)
{
    i18n *t = *state;
    const char *msgid = "A text nobody translated";
    assert_ptr_equal(i18n_tr(t, "fr", msgid), msgid);
    assert_ptr_equal(i18n_tr(t, "quc", I18N_SUBTITLES), I18N_SUBTITLES); /* no fallbacks set */
    assert_ptr_equal(i18n_tr(t, "", I18N_SUBTITLES), I18N_SUBTITLES);
    assert_ptr_equal(i18n_tr(t, "f", I18N_SUBTITLES), I18N_SUBTITLES);
    assert_ptr_equal(i18n_tr(t, NULL, I18N_SUBTITLES), I18N_SUBTITLES);
    assert_ptr_equal(i18n_tr(NULL, "fr", I18N_SUBTITLES), I18N_SUBTITLES);
    assert_string_equal(i18n_effective(t, "quc"), "en");
    assert_string_equal(i18n_effective(t, "fr-CA"), "fr");
}

static void test_every_text_in_every_catalogue(void **state)
{
    i18n *t = *state;
    int missing = 0;
    for (size_t l = 0; l < NLANGS; l++) {
        for (size_t i = 0; i < i18n_msgid_count; i++) {
            /* a translation is a different pointer, even when the text is
             * the same ("%d / %d") */
            if (i18n_tr(t, LANGS[l], i18n_msgids[i]) == i18n_msgids[i]) {
                print_message("%s: missing or unusable \"%s\"\n", LANGS[l], i18n_msgids[i]);
                missing++;
            }
        }
    }
    assert_int_equal(missing, 0);
    assert_int_equal(i18n_msgid_count, 18);
}

static void test_fallbacks(void **state)
{
    i18n *t = *state;
    const char *es_en[] = {"es", "en"};
    assert_int_equal(i18n_set_fallbacks(t, es_en, 2), 0);
    assert_string_equal(i18n_tr(t, "quc", I18N_SUBTITLES), "Subtítulos");
    assert_string_equal(i18n_tr(t, "mam", I18N_LANGUAGE), "Idioma");
    assert_string_equal(i18n_effective(t, "quc"), "es");
    /* a language with a catalogue does not fall back */
    assert_string_equal(i18n_tr(t, "fr", I18N_SUBTITLES), "Sous-titres");
    /* English viewers stay English */
    assert_string_equal(i18n_tr(t, "en", I18N_SUBTITLES), "Subtitles");

    const char *en_es[] = {"en", "es"};
    assert_int_equal(i18n_set_fallbacks(t, en_es, 2), 0);
    assert_string_equal(i18n_tr(t, "quc", I18N_SUBTITLES), "Subtitles");
    const char *xx_pt[] = {"xx", "pt-BR"};
    assert_int_equal(i18n_set_fallbacks(t, xx_pt, 2), 0);
    assert_string_equal(i18n_tr(t, "quc", I18N_SUBTITLES), "Legendas");
    assert_int_equal(i18n_set_fallbacks(t, NULL, 0), 0);
    assert_string_equal(i18n_tr(t, "quc", I18N_SUBTITLES), "Subtitles");
}

static void test_format(void **state)
{
    i18n *t = *state;
    char buf[128];
    assert_string_equal(i18n_format(t, "fr", buf, sizeof(buf), I18N_VOLUME, 50), "Volume\u00a0: 50\u00a0%");
    assert_string_equal(i18n_format(t, "es", buf, sizeof(buf), I18N_NOT_AVAILABLE, "K\u02bciche\u02bc", "Español"),
                        "K\u02bciche\u02bc no está disponible en este video — se muestra en Español");
    assert_string_equal(i18n_format(t, "ar", buf, sizeof(buf), I18N_POSITION, 3, 12), "3 / 12");
    assert_string_equal(i18n_format(t, "ht", buf, sizeof(buf), I18N_WAITING, 2), "Ap tann: 2");
    assert_string_equal(i18n_format(t, "en", buf, sizeof(buf), I18N_REJECTED, 1), "1 rejected");
    /* truncation is safe */
    assert_string_equal(i18n_format(t, "es", buf, 6, I18N_LANGUAGE_IS, "Français"), "Idiom");
}

/* ---- hand-made catalogues ---- */

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Write a little-endian .mo with sorted ids. */
static void write_mo(const char *path, const char *const (*kv)[2], size_t n)
{
    size_t strings = 0;
    for (size_t i = 0; i < n; i++)
        strings += strlen(kv[i][0]) + strlen(kv[i][1]) + 2;
    size_t len = 28 + 16 * n + strings, off = 28 + 16 * n;
    unsigned char *buf = calloc(1, len);
    assert_non_null(buf);
    put32(buf, 0x950412de);
    put32(buf + 8, (uint32_t)n);
    put32(buf + 12, 28);
    put32(buf + 16, (uint32_t)(28 + 8 * n));
    for (int col = 0; col < 2; col++) {
        for (size_t i = 0; i < n; i++) {
            size_t l = strlen(kv[i][col]);
            put32(buf + 28 + 8 * n * (size_t)col + 8 * i, (uint32_t)l);
            put32(buf + 28 + 8 * n * (size_t)col + 8 * i + 4, (uint32_t)off);
            memcpy(buf + off, kv[i][col], l);
            off += l + 1;
        }
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    fclose(f);
    free(buf);
}

#define MO_PATH_SIZE 640
static void make_dirs(const char *root, const char *lang, char *mo_path)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", root, lang);
    mkdir(p, 0755);
    snprintf(p, sizeof(p), "%s/%s/LC_MESSAGES", root, lang);
    mkdir(p, 0755);
    snprintf(mo_path, MO_PATH_SIZE, "%s/vitrina.mo", p);
}

static void test_broken_catalogues(void **state)
{
    (void)state;
    char root[] = "/tmp/vt_i18n_XXXXXX";
    assert_non_null(mkdtemp(root));
    char mo[MO_PATH_SIZE];
    /* sorted by msgid (strcmp) */
    const char *const bad_formats[][2] = {
        {"%d / %d", "%d"},                   /* one conversion short */
        {"Muted", "Stumm"},                   /* fine */
        {"New video: %s", "Neu: %d"},         /* wrong type */
        {"Paused", "Pause %n"},               /* %n never */
        {"Subtitles", "Untertitel %s"},       /* extra conversion */
        {"Volume: %d%%", "Lautst\xC3\xA4rke: %5d %%"}, /* width is fine */
    };
    make_dirs(root, "de", mo);
    write_mo(mo, bad_formats, sizeof(bad_formats) / sizeof(bad_formats[0]));
    make_dirs(root, "it", mo);
    FILE *f = fopen(mo, "w");
    assert_non_null(f);
    fputs("not a catalogue", f); /* skipped with a warning */
    fclose(f);
    make_dirs(root, "C.UTF-8", mo); /* not a language directory */
    write_mo(mo, bad_formats, 1);

    i18n *t;
    assert_int_equal(i18n_open(root, NULL, &t), 0);
    assert_int_equal(i18n_count(t), 1);
    assert_string_equal(i18n_tr(t, "de", I18N_MUTED), "Stumm");
    assert_string_equal(i18n_tr(t, "de", I18N_VOLUME), "Lautst\xC3\xA4rke: %5d %%");
    assert_ptr_equal(i18n_tr(t, "de", I18N_POSITION), I18N_POSITION);
    assert_ptr_equal(i18n_tr(t, "de", I18N_NEW_VIDEO), I18N_NEW_VIDEO);
    assert_ptr_equal(i18n_tr(t, "de", I18N_PAUSED), I18N_PAUSED);
    assert_ptr_equal(i18n_tr(t, "de", I18N_SUBTITLES), I18N_SUBTITLES);
    assert_ptr_equal(i18n_tr(t, "it", I18N_MUTED), I18N_MUTED);
    char buf[64];
    assert_string_equal(i18n_format(t, "de", buf, sizeof(buf), I18N_NEW_VIDEO, "x"), "New video: x");
    i18n_free(t);

    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);

    /* no locale directory at all: English only */
    assert_int_equal(i18n_open("/nonexistent/locale", NULL, &t), 0);
    assert_int_equal(i18n_count(t), 0);
    assert_string_equal(i18n_tr(t, "fr", I18N_SUBTITLES), "Subtitles");
    i18n_free(t);
    i18n_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_real_translations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_gives_msgid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_text_in_every_catalogue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fallbacks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_format, setup, teardown),
        cmocka_unit_test(test_broken_catalogues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
