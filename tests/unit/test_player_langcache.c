/* The loop-wide language list (player/langcache): the union over every
 * entry, ordered by the configured languages, then by how many videos
 * have each, then by code; entries replaced, guessed and removed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/langcache.h"
#include "player/log.h"
#include "subtitles/lang.h"

typedef struct fx {
    langdb *db;
    langcache *lc;
} fx;

static void set(langcache *lc, const char *relpath, const char *list, bool exact)
{
    const char *codes[16];
    char buf[128], *save = NULL;
    int n = 0;
    snprintf(buf, sizeof(buf), "%s", list);
    for (char *t = strtok_r(buf, ",", &save); t && n < 16; t = strtok_r(NULL, ",", &save))
        codes[n++] = t;
    langcache_set(lc, relpath, codes, n, exact);
}

/* The union as "code:count,…". */
static void expect_union(fx *f, const char *const *prefs, size_t np, const char *want)
{
    lang_count *items = NULL;
    size_t n = langcache_union(f->lc, f->db, prefs, np, &items);
    char got[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(got + used, sizeof(got) - used, "%s%s:%u", i ? "," : "", items[i].code,
                                 items[i].count);
    free(items);
    if (strcmp(got, want) != 0)
        fail_msg("union: got '%s', want '%s'", got, want);
}

static void test_union_order(void **state)
{
    fx *f = *state;
    set(f->lc, "a.mp4", "es,en,fr", true);
    set(f->lc, "b.mp4", "es,fr", true);
    set(f->lc, "c.mp4", "ar,ht,es", false);
    set(f->lc, "d.mp4", "ar,quc", false);
    /* no configured languages: by count, then code */
    expect_union(f, NULL, 0, "es:3,ar:2,fr:2,en:1,ht:1,quc:1");
    /* configured first, in config order (any tag form), then the rest */
    const char *prefs[] = {"quc", "eng", "fra"};
    expect_union(f, prefs, 3, "quc:1,en:1,fr:2,es:3,ar:2,ht:1");
    /* a configured language no video has is not listed */
    const char *prefs2[] = {"ru", "es"};
    expect_union(f, prefs2, 2, "es:3,ar:2,fr:2,en:1,ht:1,quc:1");
}

static void test_replace_guess_remove(void **state)
{
    fx *f = *state;
    /* a guess from a sidecar name, then the prober's list replaces it */
    langcache_add_guess(f->lc, "a.mp4", "fr");
    expect_union(f, NULL, 0, "fr:1");
    set(f->lc, "a.mp4", "es,en", false);
    expect_union(f, NULL, 0, "en:1,es:1");
    /* the opened file's exact list; a later guess does not change it */
    set(f->lc, "a.mp4", "es", true);
    langcache_add_guess(f->lc, "a.mp4", "de");
    expect_union(f, NULL, 0, "es:1");
    /* duplicates within an entry count once */
    set(f->lc, "b.mp4", "es,es,en", true);
    expect_union(f, NULL, 0, "es:2,en:1");
    const char *got[8];
    assert_int_equal(langcache_get(f->lc, "b.mp4", got, 8), 2);
    assert_int_equal(langcache_get(f->lc, "nope.mp4", got, 8), 0);
    /* a removed video's languages go */
    langcache_remove(f->lc, "b.mp4");
    expect_union(f, NULL, 0, "es:1");
    langcache_remove(f->lc, "b.mp4"); /* twice is fine */
    langcache_remove(f->lc, "a.mp4");
    expect_union(f, NULL, 0, "");
}

static void test_many_entries(void **state)
{
    fx *f = *state;
    char name[32];
    for (int i = 0; i < 3000; i++) {
        snprintf(name, sizeof(name), "v%04d.mp4", i);
        set(f->lc, name, i % 3 ? "es" : "es,fr", false);
    }
    expect_union(f, NULL, 0, "es:3000,fr:1000");
    for (int i = 0; i < 3000; i += 2) {
        snprintf(name, sizeof(name), "v%04d.mp4", i);
        langcache_remove(f->lc, name);
    }
    expect_union(f, NULL, 0, "es:1500,fr:500");
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    char err[256];
    if (!f || langdb_open(NULL, NULL, &f->db, err, sizeof(err)) < 0 || !(f->lc = langcache_new()))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    langcache_free(&f->lc);
    assert_null(f->lc);
    langdb_free(f->db);
    free(f);
    return 0;
}

int main(void)
{
    log_init();
    log_set_level(LOG_WARN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_union_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_guess_remove, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_entries, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
