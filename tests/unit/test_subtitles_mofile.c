/* test_subtitles_mofile.c — the strict .mo reader: a real iso-codes
 * catalogue, hand-built catalogues in both byte orders, and corrupt or
 * truncated ones (which must be rejected, never crash). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "subtitles/mofile.h"

#define ES_MO "/usr/share/locale/es/LC_MESSAGES/iso_639-3.mo"

/* ---- a tiny .mo writer (independent of msgfmt) ---- */

typedef struct kv {
    const char *id;
    size_t id_len; /* 0 = strlen(id); plural ids contain a NUL */
    const char *str;
    size_t str_len;
} kv;

static void put32(unsigned char *p, uint32_t v, int be)
{
    for (int i = 0; i < 4; i++)
        p[be ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

/* Entries are written in the given order (not necessarily sorted). */
static unsigned char *mo_build(const kv *e, size_t n, int be, size_t *len_out)
{
    size_t hdr = 28, tables = 16 * n, strings = 0;
    for (size_t i = 0; i < n; i++)
        strings += (e[i].id_len ? e[i].id_len : strlen(e[i].id)) + 1 +
                   (e[i].str_len ? e[i].str_len : strlen(e[i].str)) + 1;
    size_t len = hdr + tables + strings;
    unsigned char *buf = calloc(1, len);
    assert_non_null(buf);
    put32(buf, 0x950412de, be);
    put32(buf + 4, 0, be);
    put32(buf + 8, (uint32_t)n, be);
    put32(buf + 12, (uint32_t)hdr, be);
    put32(buf + 16, (uint32_t)(hdr + 8 * n), be);
    size_t off = hdr + tables;
    for (size_t i = 0; i < n; i++) {
        size_t il = e[i].id_len ? e[i].id_len : strlen(e[i].id);
        put32(buf + hdr + 8 * i, (uint32_t)il, be);
        put32(buf + hdr + 8 * i + 4, (uint32_t)off, be);
        memcpy(buf + off, e[i].id, il);
        off += il + 1;
    }
    for (size_t i = 0; i < n; i++) {
        size_t sl = e[i].str_len ? e[i].str_len : strlen(e[i].str);
        put32(buf + hdr + 8 * n + 8 * i, (uint32_t)sl, be);
        put32(buf + hdr + 8 * n + 8 * i + 4, (uint32_t)off, be);
        memcpy(buf + off, e[i].str, sl);
        off += sl + 1;
    }
    *len_out = len;
    return buf;
}

static const kv SAMPLE[] = {
    {"", 0, "Content-Type: text/plain; charset=UTF-8\n", 0},
    {"Subtitles", 0, "Sous-titres", 0},
    {"%d file\0%d files", 16, "%d fichier\0%d fichiers", 22},
    {"menu\004Open", 0, "Ouvrir (menu)", 0},
    {"Open", 0, "Ouvrir", 0},
    {"Untranslated", 0, "", 0},
    {"Language", 0, "Langue", 0},
};
#define NSAMPLE (sizeof(SAMPLE) / sizeof(SAMPLE[0]))

static void check_sample(const mofile *mo)
{
    assert_int_equal(mofile_count(mo), NSAMPLE);
    assert_string_equal(mofile_lookup(mo, "Subtitles"), "Sous-titres");
    assert_string_equal(mofile_lookup(mo, "Language"), "Langue");
    assert_string_equal(mofile_lookup(mo, "Open"), "Ouvrir");
    assert_string_equal(mofile_lookup_ctx(mo, "menu", "Open"), "Ouvrir (menu)");
    assert_null(mofile_lookup_ctx(mo, "other", "Open"));
    assert_string_equal(mofile_lookup(mo, "%d file"), "%d fichier"); /* plural: form 0 */
    assert_null(mofile_lookup(mo, "Untranslated"));                 /* empty msgstr */
    assert_null(mofile_lookup(mo, "Nope"));
    assert_null(mofile_lookup(mo, "Subtitle"));
    assert_null(mofile_lookup(mo, "Subtitles "));
}

static void test_both_byte_orders_unsorted(void **state)
{
    (void)state;
    for (int be = 0; be < 2; be++) {
        size_t len;
        unsigned char *buf = mo_build(SAMPLE, NSAMPLE, be, &len);
        mofile *mo = NULL;
        assert_int_equal(mofile_open_buffer(buf, len, &mo), MOFILE_OK);
        free(buf); /* the catalogue keeps its own copy */
        check_sample(mo);
        mofile_free(mo);
    }
}

static void test_real_iso_codes_catalogue(void **state)
{
    (void)state;
    mofile *mo = NULL;
    assert_int_equal(mofile_open(ES_MO, &mo), MOFILE_OK);
    assert_true(mofile_count(mo) > 500); /* 796 in iso-codes 4.15 */
    assert_string_equal(mofile_lookup(mo, "Spanish"), "Español");
    assert_string_equal(mofile_lookup(mo, "French"), "Francés");
    assert_string_equal(mofile_lookup(mo, "English"), "Inglés");
    assert_null(mofile_lookup(mo, "Klingonish"));
    mofile_free(mo);

    assert_int_equal(mofile_open("/usr/share/locale/fr/LC_MESSAGES/iso_639-3.mo", &mo), MOFILE_OK);
    assert_string_equal(mofile_lookup(mo, "French"), "français");
    mofile_free(mo);
    assert_int_equal(mofile_open("/usr/share/locale/ar/LC_MESSAGES/iso_639-3.mo", &mo), MOFILE_OK);
    assert_string_equal(mofile_lookup(mo, "Arabic"), "العربية");
    mofile_free(mo);
}

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void test_truncated_real_catalogue(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = read_all(ES_MO, &len);
    mofile *mo = (mofile *)1;
    /* The string pool runs to the end of the file, so every truncation
     * loses a string or its NUL. */
    size_t cuts[] = {0, 1, 4, 27, 28, 100, len / 3, len / 2, len - 100, len - 2, len - 1};
    for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
        assert_int_equal(mofile_open_buffer(buf, cuts[i], &mo), MOFILE_E_FORMAT);
        assert_null(mo);
    }
    assert_int_equal(mofile_open_buffer(buf, len, &mo), MOFILE_OK);
    mofile_free(mo);
    free(buf);
}

static void test_every_truncation_of_small_file(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = mo_build(SAMPLE, NSAMPLE, 0, &len);
    for (size_t cut = 0; cut < len; cut++) {
        mofile *mo = NULL;
        assert_int_equal(mofile_open_buffer(buf, cut, &mo), MOFILE_E_FORMAT);
        assert_null(mo);
    }
    free(buf);
}

static void test_corrupt_headers_and_tables(void **state)
{
    (void)state;
    size_t len;
    mofile *mo = NULL;
    unsigned char *good = mo_build(SAMPLE, NSAMPLE, 0, &len);
    unsigned char *buf = malloc(len);
    assert_non_null(buf);

    struct { size_t at; uint32_t v; } pokes[] = {
        {0, 0x12345678},          /* magic */
        {4, 0x00020000},          /* major revision 2 */
        {8, 0x7fffffff},          /* string count beyond the file */
        {12, (uint32_t)len},      /* original table past the end */
        {16, (uint32_t)len - 4},  /* translation table past the end */
        {28 + 4, (uint32_t)len},  /* first msgid offset past the end */
        {28 + 8, 0xfffffff0},     /* msgid length overflows */
        {28 + 12, (uint32_t)(len - 1) & ~0u}, /* points at the final NUL with length > 0 */
    };
    for (size_t i = 0; i < sizeof(pokes) / sizeof(pokes[0]); i++) {
        memcpy(buf, good, len);
        put32(buf + pokes[i].at, pokes[i].v, 0);
        assert_int_equal(mofile_open_buffer(buf, len, &mo), MOFILE_E_FORMAT);
        assert_null(mo);
    }
    /* A missing NUL after a string. */
    memcpy(buf, good, len);
    buf[len - 1] = 'x';
    assert_int_equal(mofile_open_buffer(buf, len, &mo), MOFILE_E_FORMAT);
    free(buf);
    free(good);

    /* Invalid UTF-8 in a translation. */
    kv bad_utf8[] = {{"a", 0, "caf\xe9", 0}};
    good = mo_build(bad_utf8, 1, 0, &len);
    assert_int_equal(mofile_open_buffer(good, len, &mo), MOFILE_E_FORMAT);
    free(good);
    /* A Latin-1 catalogue is refused rather than shown as mojibake. */
    kv latin1[] = {{"", 0, "Content-Type: text/plain; charset=ISO-8859-1\n", 0}, {"a", 0, "b", 0}};
    good = mo_build(latin1, 2, 0, &len);
    assert_int_equal(mofile_open_buffer(good, len, &mo), MOFILE_E_CHARSET);
    free(good);
    /* The same msgid twice makes a lookup ambiguous. */
    kv dup[] = {{"b", 0, "1", 0}, {"a", 0, "2", 0}, {"b", 0, "3", 0}};
    good = mo_build(dup, 3, 1, &len);
    assert_int_equal(mofile_open_buffer(good, len, &mo), MOFILE_E_FORMAT);
    free(good);
    /* Zero entries is a valid, empty catalogue. */
    good = mo_build(NULL, 0, 0, &len);
    assert_int_equal(mofile_open_buffer(good, len, &mo), MOFILE_OK);
    assert_null(mofile_lookup(mo, "a"));
    mofile_free(mo);
    free(good);
}

static void test_random_corruption_never_crashes(void **state)
{
    (void)state;
    size_t len;
    unsigned char *good = mo_build(SAMPLE, NSAMPLE, 0, &len);
    unsigned char *buf = malloc(len);
    assert_non_null(buf);
    unsigned seed = 12345;
    int ok = 0, rejected = 0;
    for (int round = 0; round < 5000; round++) {
        memcpy(buf, good, len);
        for (int k = 0; k < 1 + round % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            buf[(seed >> 8) % len] = (unsigned char)(seed >> 20);
        }
        mofile *mo = NULL;
        int rc = mofile_open_buffer(buf, len, &mo);
        if (rc == MOFILE_OK) {
            ok++;
            for (size_t i = 0; i < NSAMPLE; i++)
                (void)mofile_lookup(mo, SAMPLE[i].id); /* any answer, no crash */
            mofile_free(mo);
        } else {
            rejected++;
            assert_null(mo);
        }
    }
    assert_true(rejected > 0);
    print_message("random corruption: %d accepted, %d rejected\n", ok, rejected);
    free(buf);
    free(good);
}

static void test_open_errors(void **state)
{
    (void)state;
    mofile *mo = (mofile *)1;
    assert_int_equal(mofile_open("/nonexistent/xx.mo", &mo), MOFILE_E_IO);
    assert_null(mo);
    assert_int_equal(mofile_open("/usr/share/locale", &mo), MOFILE_E_IO);
    assert_null(mo);
    assert_null(mofile_lookup(NULL, "x"));
    assert_int_equal(mofile_count(NULL), 0);
    mofile_free(NULL);
    assert_string_equal(mofile_strerror(MOFILE_E_CHARSET), "catalogue is not UTF-8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_byte_orders_unsorted),
        cmocka_unit_test(test_real_iso_codes_catalogue),
        cmocka_unit_test(test_truncated_real_catalogue),
        cmocka_unit_test(test_every_truncation_of_small_file),
        cmocka_unit_test(test_corrupt_headers_and_tables),
        cmocka_unit_test(test_random_corruption_never_crashes),
        cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
