/* Unit tests: recursive scan of a temp tree (playlists/scan.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "playlists/scan.h"

struct fixture {
    char root[64];
    char outside[64];
};

static void mk(const char *root, const char *rel, const char *content)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", root, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static void mkd(const char *root, const char *rel)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", root, rel);
    assert_int_equal(mkdir(p, 0755), 0);
}

static void lnk(const char *root, const char *rel, const char *target)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", root, rel);
    assert_int_equal(symlink(target, p), 0);
}

static int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    strcpy(fx->root, "/tmp/vt-scan-XXXXXX");
    strcpy(fx->outside, "/tmp/vt-scan-out-XXXXXX");
    if (!mkdtemp(fx->root) || !mkdtemp(fx->outside))
        return -1;
    const char *r = fx->root;
    mk(r, "10.mp4", "x");
    mk(r, "2.mp4", "xx");
    mk(r, "2.es.srt", "1");
    mk(r, "2.srt", "1");
    mk(r, "empty.mp4", "");
    mk(r, ".hidden.mp4", "x");
    mk(r, "copy.mp4.part", "x");
    mk(r, "Thumbs.db", "x");
    mkd(r, "a");
    mk(r, "a/10.mp4", "x");
    mk(r, "a/2.mp4", "x");
    mk(r, "a/2.vtt", "x");
    mkd(r, "a/b");
    mk(r, "a/b/deep.webm", "x");
    lnk(r, "a/b/loop", "../..");          /* symlink loop back to the root */
    lnk(r, "a/self", ".");                /* and to itself */
    mkd(r, ".stversions");
    mk(r, ".stversions/old.mp4", "x");
    mkd(r, "lost+found");
    lnk(r, "alias", "a/b");               /* a second view of a/b */
    lnk(r, "linked.mp4", "a/2.mp4");      /* symlinked file: listed */
    lnk(r, "dangling.mp4", "nowhere.mp4");
    mk(fx->outside, "usb.mp4", "x");
    lnk(r, "usb", fx->outside);           /* folder only reachable via link */
    char fifo[512];
    snprintf(fifo, sizeof(fifo), "%s/pipe.mp4", r);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    nftw(fx->root, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    nftw(fx->outside, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    free(fx);
    return 0;
}

static void expect_list(const struct scan_file *v, size_t n, const char *const *want, size_t nwant)
{
    for (size_t i = 0; i < n && i < nwant; i++)
        if (strcmp(v[i].relpath, want[i]) != 0)
            fail_msg("entry %zu: got \"%s\", want \"%s\"", i, v[i].relpath, want[i]);
    if (n != nwant) {
        for (size_t i = 0; i < n; i++)
            print_message("  got: %s\n", v[i].relpath);
        fail_msg("got %zu entries, want %zu", n, nwant);
    }
}

static void test_tree(void **state)
{
    struct fixture *fx = *state;
    struct scan_result *r = scan_tree(fx->root, "", NULL);
    assert_non_null(r);
    size_t n, ns;
    const struct scan_file *f = scan_files(r, &n);
    const struct scan_file *s = scan_sidecars(r, &ns);
    static const char *const want[] = {
        "2.mp4", "10.mp4", "a/2.mp4", "a/10.mp4", "a/b/deep.webm", "empty.mp4", "linked.mp4",
        "usb/usb.mp4",
    };
    expect_list(f, n, want, sizeof(want) / sizeof(want[0]));
    static const char *const want_s[] = { "2.es.srt", "2.srt", "a/2.vtt" };
    expect_list(s, ns, want_s, 3);
    assert_int_equal(f[0].size, 2);
    assert_int_equal(f[5].size, 0);
    assert_true(f[0].mtime_ns > 0);
    /* root, a, a/b, usb: the loop, the self-link and the alias were cut */
    assert_int_equal(scan_dir_count(r), 4);
    assert_true(scan_skipped_count(r) >= 5);
    scan_result_free(r);
}

static void test_mtime_ns(void **state)
{
    struct fixture *fx = *state;
    char p[512];
    snprintf(p, sizeof(p), "%s/2.mp4", fx->root);
    struct timespec ts[2] = { { 1700000000, 123456789 }, { 1700000000, 123456789 } };
    assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
    struct scan_result *r = scan_tree(fx->root, NULL, NULL);
    size_t n;
    const struct scan_file *f = scan_files(r, &n);
    assert_string_equal(f[0].relpath, "2.mp4");
    assert_int_equal(f[0].mtime_ns, 1700000000123456789LL);
    scan_result_free(r);
}

struct dirlog {
    char seen[32][128];
    int n;
    dev_t skip_dev; /* a folder the caller already knows (the root) */
    ino_t skip_ino;
};

static int on_dir(void *user, const char *reldir, dev_t dev, ino_t ino)
{
    struct dirlog *d = user;
    if (d->n < 32)
        snprintf(d->seen[d->n++], 128, "%s", reldir);
    if (dev == d->skip_dev && ino == d->skip_ino)
        return 1;
    return strcmp(reldir, "usb") == 0 ? 1 : 0; /* skip one folder on request */
}

static void test_subtree_and_on_dir(void **state)
{
    struct fixture *fx = *state;
    /* Without a callback a subtree scan only knows its own walk: the loop
     * back to the root is followed once (and cut there). */
    struct scan_result *r = scan_tree(fx->root, "a/", NULL);
    assert_non_null(r);
    size_t n;
    const struct scan_file *f = scan_files(r, &n);
    static const char *const want_loop[] = {
        "a/2.mp4", "a/10.mp4", "a/b/deep.webm", "a/b/loop/2.mp4", "a/b/loop/10.mp4",
        "a/b/loop/empty.mp4", "a/b/loop/linked.mp4", "a/b/loop/usb/usb.mp4",
    };
    expect_list(f, n, want_loop, 8);
    scan_result_free(r);

    /* The watcher's way: on_dir knows the root already and skips it. */
    struct stat st;
    assert_int_equal(stat(fx->root, &st), 0);
    struct dirlog d = { .skip_dev = st.st_dev, .skip_ino = st.st_ino };
    struct scan_opts o = { .on_dir = on_dir, .user = &d };
    r = scan_tree(fx->root, "a/", &o);
    assert_non_null(r);
    f = scan_files(r, &n);
    static const char *const want[] = { "a/2.mp4", "a/10.mp4", "a/b/deep.webm" };
    expect_list(f, n, want, 3);
    assert_int_equal(d.n, 3);
    assert_string_equal(d.seen[0], "a"); /* called before a folder is read */
    assert_string_equal(d.seen[1], "a/b");
    assert_string_equal(d.seen[2], "a/b/loop"); /* links come last */
    scan_result_free(r);

    /* The whole tree with on_dir skipping "usb". */
    memset(&d, 0, sizeof(d));
    r = scan_tree(fx->root, "", &o);
    assert_string_equal(d.seen[0], "");
    f = scan_files(r, &n);
    assert_int_equal(n, 7);
    for (size_t i = 0; i < n; i++)
        assert_true(strncmp(f[i].relpath, "usb/", 4) != 0);
    scan_result_free(r);
}

static void test_extra_ignore(void **state)
{
    struct fixture *fx = *state;
    const char *extra[] = { "b", "*.webm", "10.*" };
    struct ignore *ig = ignore_new(extra, 3);
    struct scan_opts o = { .ign = ig };
    struct scan_result *r = scan_tree(fx->root, "", &o);
    size_t n;
    const struct scan_file *f = scan_files(r, &n);
    static const char *const want[] = { "2.mp4", "a/2.mp4", "empty.mp4", "linked.mp4", "usb/usb.mp4" };
    expect_list(f, n, want, 5);
    scan_result_free(r);
    ignore_free(ig);
}

static void test_missing_root(void **state)
{
    (void)state;
    errno = 0;
    assert_null(scan_tree("/nonexistent/vitrina-media", "", NULL));
    assert_int_equal(errno, ENOENT);
    struct fixture *fx = *state;
    char p[512];
    snprintf(p, sizeof(p), "%s/10.mp4", fx->root);
    errno = 0;
    assert_null(scan_tree(p, "", NULL));
    assert_int_equal(errno, ENOTDIR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mtime_ns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subtree_and_on_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extra_ignore, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_root, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
