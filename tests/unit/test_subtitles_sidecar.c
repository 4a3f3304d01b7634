/* test_subtitles_sidecar.c — sidecar naming rules (table of names against
 * one video) and the directory scan (a temporary folder with real files,
 * subs folders, look-alikes, symlinks and a VobSub pair). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "subtitles/sidecar.h"

static int setup_db(void **state)
{
    char err[256];
    langdb *db = NULL;
    if (langdb_open(NULL, NULL, &db, err, sizeof(err)) != 0)
        fail_msg("langdb_open: %s", err);
    *state = db;
    return 0;
}

static int teardown_db(void **state)
{
    langdb_free(*state);
    return 0;
}

typedef struct name_case {
    const char *video, *cand;
    int match;
    const char *tag;   /* language as written, NULL = none */
    const char *lang;  /* canonical, "" = none */
    unsigned flags;
    const char *ext;
    const char *title; /* NULL = none */
    int in_subdir;
} name_case;

#define V "/media/videos/talk.mp4"
#define F SIDECAR_FORCED
#define S SIDECAR_SDH
#define D SIDECAR_DEFAULT

static const name_case NAMES[] = {
    /* plain names and languages */
    {V, "/media/videos/talk.srt", 1, NULL, "", 0, "srt", NULL, 0},
    {V, "/media/videos/talk.es.srt", 1, "es", "es", 0, "srt", NULL, 0},
    {V, "/media/videos/talk.ES.SRT", 1, "ES", "es", 0, "srt", NULL, 0},
    {V, "/media/videos/Talk.es.srt", 1, "es", "es", 0, "srt", NULL, 0},
    {V, "/media/videos/talk.spa.srt", 1, "spa", "es", 0, "srt", NULL, 0},
    {V, "/media/videos/talk.es-MX.srt", 1, "es-MX", "es", 0, "srt", NULL, 0},
    {V, "/media/videos/talk.pt-BR.vtt", 1, "pt-BR", "pt", 0, "vtt", NULL, 0},
    {V, "/media/videos/talk.pt_BR.ass", 1, "pt_BR", "pt", 0, "ass", NULL, 0},
    {V, "/media/videos/talk.ht.ssa", 1, "ht", "ht", 0, "ssa", NULL, 0},
    {V, "/media/videos/talk.hat.srt", 1, "hat", "ht", 0, "srt", NULL, 0},
    {V, "/media/videos/talk.quc.srt", 1, "quc", "quc", 0, "srt", NULL, 0},
    {V, "/media/videos/talk.MAM.srt", 1, "MAM", "mam", 0, "srt", NULL, 0},
    {V, "/media/videos/talk.zh-Hant.srt", 1, "zh-Hant", "zh", 0, "srt", NULL, 0},
    {V, "/media/videos/talk.fre.srt", 1, "fre", "fr", 0, "srt", NULL, 0},
    {V, "/media/videos/talk.Spanish.srt", 1, "Spanish", "es", 0, "srt", NULL, 0},
    {V, "/media/videos/talk.sub", 1, NULL, "", 0, "sub", NULL, 0},
    {V, "/media/videos/talk.es.TXT", 1, "es", "es", 0, "txt", NULL, 0},
    /* flags, any order and case */
    {V, "/media/videos/talk.es.forced.srt", 1, "es", "es", F, "srt", NULL, 0},
    {V, "/media/videos/talk.forced.es.srt", 1, "es", "es", F, "srt", NULL, 0},
    {V, "/media/videos/talk.en.sdh.forced.srt", 1, "en", "en", S | F, "srt", NULL, 0},
    {V, "/media/videos/talk.FORCED.SDH.en.srt", 1, "en", "en", S | F, "srt", NULL, 0},
    {V, "/media/videos/talk.en.CC.srt", 1, "en", "en", S, "srt", NULL, 0},
    {V, "/media/videos/talk.en.hi.srt", 1, "en", "en", S, "srt", NULL, 0},
    {V, "/media/videos/talk.default.es.srt", 1, "es", "es", D, "srt", NULL, 0},
    {V, "/media/videos/talk.forced.srt", 1, NULL, "", F, "srt", NULL, 0},
    /* "hi" alone is Hindi, not a flag */
    {V, "/media/videos/talk.hi.srt", 1, "hi", "hi", 0, "srt", NULL, 0},
    /* unknown tokens become the title, never a language */
    {V, "/media/videos/talk.final.srt", 1, NULL, "", 0, "srt", "final", 0},
    {V, "/media/videos/talk.final.es.srt", 1, "es", "es", 0, "srt", "final", 0},
    {V, "/media/videos/talk.es.final.v2.srt", 1, "es", "es", 0, "srt", "final v2", 0},
    {V, "/media/videos/talk.Director cut.es.forced.srt", 1, "es", "es", F, "srt", "Director cut", 0},
    {V, "/media/videos/talk.en.es.srt", 1, "es", "es", 0, "srt", "en", 0},
    {V, "/media/videos/talk.und.srt", 1, NULL, "", 0, "srt", "und", 0},
    {V, "/media/videos/talk.es-.srt", 1, NULL, "", 0, "srt", "es-", 0},
    {V, "/media/videos/talk.xx-YY.srt", 1, NULL, "", 0, "srt", "xx-YY", 0},
    /* subs folders beside the video */
    {V, "/media/videos/subs/talk.es.srt", 1, "es", "es", 0, "srt", NULL, 1},
    {V, "/media/videos/Subs/talk.srt", 1, NULL, "", 0, "srt", NULL, 1},
    {V, "/media/videos/SUBS/talk.quc.vtt", 1, "quc", "quc", 0, "vtt", NULL, 1},
    {V, "/media/videos/subtitles/talk.fr.ass", 1, "fr", "fr", 0, "ass", NULL, 1},
    /* dotted video names */
    {"/m/my.talk.2024.mp4", "/m/my.talk.2024.es.srt", 1, "es", "es", 0, "srt", NULL, 0},
    {"/m/my.talk.2024.mp4", "/m/my.talk.2024.srt", 1, NULL, "", 0, "srt", NULL, 0},
    {"/m/my.talk.2024.mp4", "/m/my.talk.2024.pt.forced.vtt", 1, "pt", "pt", F, "vtt", NULL, 0},
    {"/m/my.talk.2024.mp4", "/m/my.talk.es.srt", 0, NULL, "", 0, NULL, NULL, 0},
    /* relative and extension-less videos */
    {"talk.mp4", "talk.es.srt", 1, "es", "es", 0, "srt", NULL, 0},
    {"talk.mp4", "subs/talk.es.srt", 1, "es", "es", 0, "srt", NULL, 1},
    {"/m/talk", "/m/talk.es.srt", 1, "es", "es", 0, "srt", NULL, 0},
    /* not sidecars */
    {V, "/media/videos/talk.mp4", 0, NULL, "", 0, NULL, NULL, 0},
    {V, "/media/videos/talk.es.idx", 0, NULL, "", 0, NULL, NULL, 0},
    {V, "/media/videos/talk.es.srt.bak", 0, NULL, "", 0, NULL, NULL, 0},
    {V, "/media/videos/talks.es.srt", 0, NULL, "", 0, NULL, NULL, 0},
    {V, "/media/videos/tal.es.srt", 0, NULL, "", 0, NULL, NULL, 0},
    {V, "/media/videos/talk", 0, NULL, "", 0, NULL, NULL, 0},
    {V, "/media/videos/talk.", 0, NULL, "", 0, NULL, NULL, 0},
    {V, "/media/videos/other/talk.es.srt", 0, NULL, "", 0, NULL, NULL, 0},
    {V, "/media/videos/subs/deeper/talk.es.srt", 0, NULL, "", 0, NULL, NULL, 0},
    {V, "/media/other/talk.es.srt", 0, NULL, "", 0, NULL, NULL, 0},
    {V, "/media/videos2/talk.es.srt", 0, NULL, "", 0, NULL, NULL, 0},
    {V, "talk.es.srt", 0, NULL, "", 0, NULL, NULL, 0},
    {"talk.mp4", "/media/videos/talk.es.srt", 0, NULL, "", 0, NULL, NULL, 0},
};

static void test_names_table(void **state)
{
    langdb *db = *state;
    for (size_t i = 0; i < sizeof(NAMES) / sizeof(NAMES[0]); i++) {
        const name_case *c = &NAMES[i];
        sidecar sc;
        int rc = sidecar_match(db, c->video, c->cand, &sc);
        if (rc != c->match)
            fail_msg("%s vs %s: match %d, expected %d", c->video, c->cand, rc, c->match);
        if (rc != 1) {
            assert_null(sc.path);
            continue;
        }
        const char *why = NULL;
        if (strcmp(sc.path, c->cand) != 0)
            why = "path";
        else if ((c->tag == NULL) != (sc.lang_tag == NULL) || (c->tag && strcmp(c->tag, sc.lang_tag) != 0))
            why = "language tag";
        else if (strcmp(sc.lang, c->lang) != 0)
            why = "canonical language";
        else if (sc.flags != c->flags)
            why = "flags";
        else if (strcmp(sc.ext, c->ext) != 0)
            why = "ext";
        else if ((c->title == NULL) != (sc.title == NULL) || (c->title && strcmp(c->title, sc.title) != 0))
            why = "title";
        else if (sc.in_subdir != (c->in_subdir != 0))
            why = "in_subdir";
        if (why)
            fail_msg("%s: wrong %s (tag=%s lang=%s flags=%u ext=%s title=%s sub=%d)", c->cand, why,
                     sc.lang_tag ? sc.lang_tag : "-", sc.lang, sc.flags, sc.ext, sc.title ? sc.title : "-",
                     sc.in_subdir);
        sidecar_clear(&sc);
    }
}

/* ---- directory scan ---- */

static char tmpdir[64];

static void touch(const char *rel)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("1\n00:00:01,000 --> 00:00:02,000\nx\n", f);
    fclose(f);
}

static void mkd(const char *rel)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
    assert_int_equal(mkdir(path, 0755), 0);
}

static int setup_tree(void **state)
{
    setup_db(state);
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/vt_sidecar_XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    static const char *const files[] = {
        "talk.mp4", "talk.srt", "talk.es.srt", "talk.EN.forced.SRT", "talk.final.vtt",
        "talk.2024.mp4", "talk.2024.es.srt", /* belongs to talk.2024.mp4 */
        "talk.fr.sub", "talk.fr.idx",       /* VobSub pair: not a text sidecar */
        "talk.pt.sub",                      /* MicroDVD */
        "talks.es.srt", "talk.es.srt.part", "other.es.srt", "talk.jpg",
    };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        touch(files[i]);
    mkd("subs");
    mkd("Subs");
    mkd("subtitles");
    mkd("extras");
    mkd("talk.de.srt"); /* a directory with a sidecar's name */
    touch("subs/talk.ht.srt");
    touch("subs/other.ht.srt");
    touch("Subs/talk.quc.srt");
    touch("subtitles/talk.mam.ass");
    touch("extras/talk.it.srt");
    char target[256], link[256];
    snprintf(target, sizeof(target), "%s/talk.es.srt", tmpdir);
    snprintf(link, sizeof(link), "%s/talk.ar.srt", tmpdir);
    assert_int_equal(symlink(target, link), 0);
    snprintf(link, sizeof(link), "%s/talk.ko.srt", tmpdir);
    assert_int_equal(symlink("/nonexistent/file", link), 0); /* dangling */
    return 0;
}

static int teardown_tree(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    assert_int_equal(system(cmd), 0);
    return teardown_db(state);
}

static void check_list(const sidecar_list *l, const char *prefix, const char *const *expect, size_t n)
{
    for (size_t i = 0; i < l->n; i++)
        print_message("  %s [%s] flags=%u title=%s\n", l->items[i].path, l->items[i].lang, l->items[i].flags,
                      l->items[i].title ? l->items[i].title : "-");
    assert_int_equal(l->n, n);
    for (size_t i = 0; i < n; i++) {
        char want[256];
        snprintf(want, sizeof(want), "%s%s", prefix, expect[i]);
        assert_string_equal(l->items[i].path, want);
    }
}

static const char *const FOUND[] = {
    "talk.EN.forced.SRT", "talk.ar.srt", "talk.es.srt", "talk.final.vtt", "talk.pt.sub", "talk.srt",
    "Subs/talk.quc.srt",  "subs/talk.ht.srt", "subtitles/talk.mam.ass",
};
#define NFOUND (sizeof(FOUND) / sizeof(FOUND[0]))

static void test_find_in_folder(void **state)
{
    langdb *db = *state;
    char video[128], prefix[128];
    snprintf(video, sizeof(video), "%s/talk.mp4", tmpdir);
    snprintf(prefix, sizeof(prefix), "%s/", tmpdir);
    sidecar_list l;
    assert_int_equal(sidecar_find(db, video, &l), 0);
    check_list(&l, prefix, FOUND, NFOUND);
    assert_string_equal(l.items[0].lang, "en");
    assert_int_equal(l.items[0].flags, SIDECAR_FORCED);
    assert_false(l.items[0].in_subdir);
    assert_string_equal(l.items[3].title, "final");
    assert_string_equal(l.items[4].ext, "sub");
    assert_true(l.items[6].in_subdir);
    assert_string_equal(l.items[6].lang, "quc");

    /* deterministic */
    sidecar_list again;
    assert_int_equal(sidecar_find(db, video, &again), 0);
    assert_int_equal(again.n, l.n);
    for (size_t i = 0; i < l.n; i++)
        assert_string_equal(again.items[i].path, l.items[i].path);
    sidecar_list_free(&again);
    sidecar_list_free(&l);
    assert_int_equal(l.n, 0);
    assert_null(l.items);

    /* the longer video name keeps its own sidecar */
    snprintf(video, sizeof(video), "%s/talk.2024.mp4", tmpdir);
    assert_int_equal(sidecar_find(db, video, &l), 0);
    const char *const own[] = {"talk.2024.es.srt"};
    check_list(&l, prefix, own, 1);
    sidecar_list_free(&l);
}

static void test_find_relative_and_errors(void **state)
{
    langdb *db = *state;
    char cwd[512];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(tmpdir), 0);
    sidecar_list l;
    int rc = sidecar_find(db, "talk.mp4", &l);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(rc, 0);
    check_list(&l, "", FOUND, NFOUND);
    sidecar_list_free(&l);

    assert_int_equal(sidecar_find(db, "/nonexistent/dir/talk.mp4", &l), -ENOENT);
    assert_int_equal(l.n, 0);
    /* a video nobody has subtitles for */
    char video[128];
    snprintf(video, sizeof(video), "%s/extras/none.mp4", tmpdir);
    assert_int_equal(sidecar_find(db, video, &l), 0);
    assert_int_equal(l.n, 0);
    sidecar_list_free(&l);
    sidecar_list_free(NULL);
    sidecar_clear(NULL);
}

static void test_flags_str(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(sidecar_flags_str(0, buf, sizeof(buf)), "");
    assert_string_equal(sidecar_flags_str(SIDECAR_FORCED | SIDECAR_SDH, buf, sizeof(buf)), "forced, SDH");
    assert_string_equal(sidecar_flags_str(SIDECAR_DEFAULT, buf, sizeof(buf)), "default");
    assert_string_equal(sidecar_flags_str(7, buf, 8), "forced,");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_names_table, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_find_in_folder, setup_tree, teardown_tree),
        cmocka_unit_test_setup_teardown(test_find_relative_and_errors, setup_tree, teardown_tree),
        cmocka_unit_test(test_flags_str),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
