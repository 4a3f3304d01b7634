/* Unit tests: ignore rules and sidecar classification (playlists/ignore.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "playlists/ignore.h"

#define C IGNORE_CANDIDATE
#define S IGNORE_SIDECAR
#define X IGNORE_SKIP

static void check(const struct ignore *ig, const char *path, enum ignore_class want)
{
    enum ignore_class got = ignore_classify_path(ig, path);
    if (got != want)
        fail_msg("\"%s\": got class %d, want %d", path, got, want);
}

static void test_builtin(void **state)
{
    (void)state;
    struct ignore *ig = ignore_new(NULL, 0);
    assert_non_null(ig);
    static const struct {
        const char *path;
        enum ignore_class want;
    } t[] = {
        { "video.mp4", C }, { "Video Final.MKV", C }, { "noext", C }, { "photo.jpg", C },
        { ".hidden.mp4", X }, { ".DS_Store", X }, { ".stfolder", X },
        { ".syncthing.video.mp4.tmp", X }, { ".video.mp4.Xa8f3k", X } /* rsync temp */,
        { "video.mp4.part", X }, { "video.PART", X }, { "video.mp4.partial", X },
        { "video.mp4.crdownload", X }, { "video.tmp", X }, { "video.TMP", X },
        { "video.mp4~", X }, { "~$report.docx", X }, { "~video.mp4", C },
        { "Thumbs.db", X }, { "thumbs.DB", X }, { "desktop.ini", X }, { "Desktop.ini", X },
        { "video.srt", S }, { "video.es.srt", S }, { "video.fr.forced.VTT", S },
        { "video.ass", S }, { "video.ssa", S }, { "video.sub", S }, { "video.idx", S },
        { "notes.txt", S }, { "srt", C }, { ".srt", X },
        /* nested paths: any skipped folder on the way skips the file */
        { "a/b/c.mp4", C }, { "a/.hidden/c.mp4", X }, { ".stversions/c.mp4", X },
        { "a/.stversions/c~20240101.mp4", X }, { "a/b/c.mp4.part", X }, { "a/b/c.srt", S },
        { "lost+found/x.mp4", X }, { "$RECYCLE.BIN/x.mp4", X },
        { "System Volume Information/x.mp4", X }, { "a/lost+found.mp4", C },
        { "thumbs.db/x.mp4", C } /* the name rule is for files only */,
        { "a//b.mp4", X } /* an empty component is never valid */,
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        check(ig, t[i].path, t[i].want);
    /* single-name API, folder rules */
    assert_int_equal(ignore_classify_name(ig, ".git", NULL, true), X);
    assert_int_equal(ignore_classify_name(ig, "clips", NULL, true), C);
    assert_int_equal(ignore_classify_name(ig, "clips.srt", NULL, true), C); /* folders are never sidecars */
    assert_true(ignore_is_sidecar_name("a.SRT"));
    assert_false(ignore_is_sidecar_name("a.mp4"));
    ignore_free(ig);
}

static void test_extra_patterns(void **state)
{
    (void)state;
    const char *extra[] = { "*.nfo", "drafts", "archive/*", "", NULL, "tmp-*.MOV" };
    struct ignore *ig = ignore_new(extra, 6);
    assert_non_null(ig);
    check(ig, "movie.nfo", X);
    check(ig, "sub/movie.NFO", X);           /* case-insensitive, any folder */
    check(ig, "drafts/a.mp4", X);            /* a folder name pattern */
    check(ig, "x/drafts/a.mp4", X);
    check(ig, "drafts.mp4", C);
    check(ig, "archive/a.mp4", X);           /* pattern with '/' is anchored */
    check(ig, "archive/sub/a.mp4", X);       /* via its leading folder "archive/sub" */
    check(ig, "x/archive/a.mp4", C);
    check(ig, "tmp-1.mov", X);
    check(ig, "a.mp4", C);
    check(ig, "a.srt", S);
    assert_int_equal(ignore_classify_name(ig, "drafts", "drafts", true), X);
    ignore_free(ig);
    /* The built-in rules still apply with extra patterns; NULL set = built-ins. */
    check(NULL, "x.part", X);
    check(NULL, "x.mp4", C);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin),
        cmocka_unit_test(test_extra_patterns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
