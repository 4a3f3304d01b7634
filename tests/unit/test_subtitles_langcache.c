/* test_subtitles_langcache.c — langdb_open_cached: the cache gives exactly
 * the tables the JSON gives, and a stale, damaged or unwritable cache is
 * never used (subtitles/lang_cache.c). Works on a copy of Debian's
 * iso-codes JSON in a temporary folder, so its mtime can be changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "subtitles/lang.h"

typedef struct fx {
    char dir[256], json[300], cache[300];
} fx;

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    fclose(out);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    snprintf(f->dir, sizeof(f->dir), "/tmp/vt-langcache-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->json, sizeof(f->json), "%s/json", f->dir);
    mkdir(f->json, 0755);
    const char *names[2] = {"iso_639-3.json", "iso_639-2.json"};
    for (int i = 0; i < 2; i++) {
        char from[512], to[512];
        snprintf(from, sizeof(from), "%s/%s", LANG_ISO_CODES_DIR, names[i]);
        snprintf(to, sizeof(to), "%s/%s", f->json, names[i]);
        copy_file(from, to);
    }
    snprintf(f->cache, sizeof(f->cache), "%s/iso-codes.cache", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static langdb *open_c(const fx *f, bool *from_cache)
{
    langdb *db = NULL;
    char err[256] = "";
    assert_int_equal(langdb_open_cached(f->json, NULL, f->cache, &db, from_cache, err, sizeof(err)), 0);
    assert_string_equal(err, "");
    assert_non_null(db);
    return db;
}

/* Every 2- and 3-letter code canonicalises the same way, with the same
 * English name, in both databases; plus a few tags of other shapes. */
static void assert_same_tables(const langdb *a, const langdb *b)
{
    char code[4] = {0};
    int known = 0;
    for (int len = 2; len <= 3; len++) {
        int total = len == 2 ? 26 * 26 : 26 * 26 * 26;
        for (int i = 0; i < total; i++) {
            int v = i;
            for (int k = len - 1; k >= 0; k--, v /= 26)
                code[k] = (char)('a' + v % 26);
            code[len] = '\0';
            char ca[LANG_CODE_SIZE] = "", cb[LANG_CODE_SIZE] = "";
            bool ka = lang_canon(a, code, ca), kb = lang_canon(b, code, cb);
            assert_int_equal(ka, kb);
            assert_string_equal(ca, cb);
            const char *na = langdb_english_name(a, code), *nb = langdb_english_name(b, code);
            assert_true((na == NULL) == (nb == NULL));
            if (na)
                assert_string_equal(na, nb);
            known += ka;
        }
    }
    assert_true(known > 7000); /* the whole 639-3 table, not a part */
    const char *tags[] = {"es-MX", "quc", "ht", "hat", "fre", "fra", "zh-Hant", "und", "mul", "qaa", "x"};
    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
        char ca[LANG_CODE_SIZE] = "", cb[LANG_CODE_SIZE] = "";
        assert_int_equal(lang_canon(a, tags[i], ca), lang_canon(b, tags[i], cb));
        assert_string_equal(ca, cb);
    }
    assert_true(lang_match(b, "fre", "fr"));
    assert_true(lang_match(b, "spa", "es-419"));
}

static void test_cache_equals_json(void **state)
{
    fx *f = *state;
    bool fc = true;
    double t0 = now_ms();
    langdb *json = open_c(f, &fc);
    double t1 = now_ms();
    assert_false(fc);
    struct stat sb;
    assert_int_equal(stat(f->cache, &sb), 0); /* written */
    langdb *cached = open_c(f, &fc);
    double t2 = now_ms();
    assert_true(fc);
    print_message("JSON %.1f ms, cache %.1f ms\n", t1 - t0, t2 - t1);
    assert_same_tables(json, cached);
    /* The cached database works like any other: names can be set. */
    assert_int_equal(langdb_set_name(cached, "quc", "Kʼicheʼ"), 0);
    langdb_free(json);
    langdb_free(cached);
}

static void test_stale_cache_is_replaced(void **state)
{
    fx *f = *state;
    bool fc;
    langdb_free(open_c(f, &fc));
    /* iso-codes updated: the JSON's mtime changes → parsed again. */
    char path[400];
    snprintf(path, sizeof(path), "%s/iso_639-2.json", f->json);
    struct timespec ts[2] = {{1000000000, 0}, {1000000000, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
    langdb *db = open_c(f, &fc);
    assert_false(fc);
    langdb_free(db);
    db = open_c(f, &fc); /* … and the cache rewritten for it */
    assert_true(fc);
    langdb_free(db);
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *o = fopen(path, "wb");
    assert_non_null(o);
    assert_int_equal(fwrite(data, 1, n, o), n);
    fclose(o);
}

static void test_damaged_cache_is_ignored(void **state)
{
    fx *f = *state;
    bool fc;
    langdb *ref = open_c(f, &fc);
    FILE *in = fopen(f->cache, "rb");
    assert_non_null(in);
    static unsigned char good[4 << 20];
    size_t n = fread(good, 1, sizeof(good), in);
    fclose(in);
    assert_true(n > 100000);
    unsigned char *bad = malloc(n);
    /* truncated, garbage, an index pointing past the entries, a string
     * offset past the strings, a missing final NUL */
    size_t cuts[] = {0, 10, 47, n / 2, n - 1};
    for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
        write_bytes(f->cache, good, cuts[i]);
        langdb *db = open_c(f, &fc);
        assert_false(fc);
        assert_same_tables(ref, db);
        langdb_free(db);
    }
    for (size_t k = 0; k < n; k++)
        bad[k] = (unsigned char)(k * 131u + 7u);
    write_bytes(f->cache, bad, n);
    langdb *db = open_c(f, &fc);
    assert_false(fc);
    langdb_free(db);
    /* Header (48 bytes) then entries of 20 bytes: entry 0's name offset. */
    memcpy(bad, good, n);
    uint32_t huge = 0x7fffffff;
    memcpy(bad + 48 + 8, &huge, 4);
    write_bytes(f->cache, bad, n);
    db = open_c(f, &fc);
    assert_false(fc);
    langdb_free(db);
    memcpy(bad, good, n);
    bad[n - 1] = 'x';
    write_bytes(f->cache, bad, n);
    db = open_c(f, &fc);
    assert_false(fc);
    langdb_free(db);
    /* an index value past the number of entries (idx2[0] sits after them) */
    memcpy(bad, good, n);
    uint32_t count;
    memcpy(&count, good + 8, 4);
    int32_t past = (int32_t)count + 1;
    memcpy(bad + 48 + (size_t)count * 20, &past, 4);
    write_bytes(f->cache, bad, n);
    db = open_c(f, &fc);
    assert_false(fc);
    langdb_free(db);
    free(bad);
    langdb_free(ref);
}

static void test_unwritable_cache(void **state)
{
    fx *f = *state;
    snprintf(f->cache, sizeof(f->cache), "%s/no/such/dir/iso-codes.cache", f->dir);
    bool fc = true;
    langdb *db = open_c(f, &fc);
    assert_false(fc);
    langdb_free(db);
    db = NULL;
    assert_int_equal(langdb_open_cached(f->json, NULL, NULL, &db, &fc, NULL, 0), 0); /* no cache at all */
    assert_false(fc);
    langdb_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cache_equals_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_cache_is_replaced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_cache_is_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable_cache, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
