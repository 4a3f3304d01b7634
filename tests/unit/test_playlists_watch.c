/* Unit test with real inotify: a temp folder, real files, the real watcher
 * and prober threads, a fake probe. After each scenario the playlist the
 * player would hold (built only from the reported records) must equal
 * exactly the folder's candidate files that the fake probe accepts.
 * Here: startup, a slow copy, renames into place, subfolders, deletes,
 * overwrites (test_playlists_watch_root.c: root loss, floods, rescans). */
#include "test_playlists_watch_world.h"

static void test_startup_and_reject(void **state)
{
    struct fx *f = *state;
    const char *r = f->m.root;
    put(r, "a.mp4", "video a", true);
    put(r, "b.mp4", "video b", true);
    put(r, "bad.mp4", "BAD file", true);
    put(r, "a.es.srt", "1\n", true);
    put(r, ".hidden.mp4", "x", true);
    start(f);
    /* the first record is a RESET with the old files at once (unprobed) */
    int64_t end = mono_ns() + 2000 * MS;
    pthread_mutex_lock(&f->m.mu);
    while (f->m.resets == 0 && mono_ns() < end) {
        pthread_mutex_unlock(&f->m.mu);
        usleep(5000);
        pthread_mutex_lock(&f->m.mu);
    }
    assert_int_equal(f->m.resets, 1);
    pthread_mutex_unlock(&f->m.mu);
    /* then the background probe removes the bad one */
    wait_converged(&f->m, 3000);
    struct intake_snapshot *s = watch_snapshot(f->w);
    assert_non_null(s);
    assert_int_equal(s->n_rejected, 1);
    assert_string_equal(s->rejected[0].relpath, "bad.mp4");
    assert_string_equal(s->rejected[0].reason, "no video or audio stream found");
    intake_snapshot_free(s);
    /* only one watcher per process */
    struct watch_config cfg = { .root = r, .probe = fake_probe, .report = on_report };
    assert_null(watch_start(&cfg));
    /* a translation added later is reported */
    put(r, "b.fr.srt", "1\n", false);
    end = mono_ns() + 2000 * MS;
    while (mono_ns() < end) {
        pthread_mutex_lock(&f->m.mu);
        int n = f->m.sidecar_adds;
        pthread_mutex_unlock(&f->m.mu);
        if (n)
            break;
        usleep(10000);
    }
    assert_int_equal(f->m.sidecar_adds, 1);
    assert_false(f->m.saw_bad_name);
    assert_int_equal(f->m.bad_probes_of_ignored, 0);
    /* stopping is quick */
    int64_t t0 = mono_ns();
    watch_stop(f->w);
    f->w = NULL;
    assert_true(mono_ns() - t0 < 1000 * MS);
}

static void test_slow_copy(void **state)
{
    struct fx *f = *state;
    start(f);
    wait_converged(&f->m, 2000);
    f->m.tracked[f->m.n_tracked++] = "slow.mp4";
    char p[512];
    snprintf(p, sizeof(p), "%s/slow.mp4", f->m.root);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    static char block[64 * 1024];
    memset(block, 'v', sizeof(block));
    for (int i = 0; i < 5; i++) {
        assert_int_equal(write(fd, block, sizeof(block)), (ssize_t)sizeof(block));
        usleep((useconds_t)(SETTLE_NS * 3 / 2 / 1000)); /* pauses longer than settle-time */
        struct intake_snapshot *s = watch_snapshot(f->w);
        assert_int_equal(s->n_pending, 1);
        assert_int_equal(s->pending[0].state, INTAKE_PENDING);
        intake_snapshot_free(s);
    }
    int64_t closed = mono_ns();
    close(fd);
    wait_converged(&f->m, 3000);
    pthread_mutex_lock(&f->m.mu);
    int64_t added = f->m.add_time[0];
    pthread_mutex_unlock(&f->m.mu);
    assert_true(added > 0);
    assert_true(added >= closed + SETTLE_NS); /* never before the copy completed + settle */
}

static void test_rename_into_place(void **state)
{
    struct fx *f = *state;
    start(f);
    const char *r = f->m.root;
    char a[512], b[512];
    static const char *const tmp[] = { ".renamed.mp4.Ab3xZ9", "x.mp4.part", ".syncthing.y.mp4.tmp" };
    static const char *const fin[] = { "renamed.mp4", "x.mp4", "y.mp4" };
    for (int i = 0; i < 3; i++)
        put(r, tmp[i], "a video", false);
    usleep((useconds_t)(SETTLE_NS * 3 / 1000)); /* long enough to be offered if not ignored */
    pthread_mutex_lock(&f->m.mu);
    assert_int_equal(f->m.n_pl, 0);
    pthread_mutex_unlock(&f->m.mu);
    for (int i = 0; i < 3; i++) {
        snprintf(a, sizeof(a), "%s/%s", r, tmp[i]);
        snprintf(b, sizeof(b), "%s/%s", r, fin[i]);
        assert_int_equal(rename(a, b), 0);
    }
    wait_converged(&f->m, 3000);
    assert_false(f->m.saw_bad_name);
    assert_int_equal(f->m.bad_probes_of_ignored, 0);
}

static void test_subfolder_delete_overwrite(void **state)
{
    struct fx *f = *state;
    const char *r = f->m.root;
    put(r, "keep.mp4", "keep", true);
    put(r, "gone.mp4", "gone", true);
    put(r, "over.mp4", "first version", true);
    start(f);
    wait_converged(&f->m, 2000);
    /* a subfolder with files (and a deeper one) appears */
    char p[512];
    snprintf(p, sizeof(p), "%s/sub", r);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof(p), "%s/sub/deep", r);
    assert_int_equal(mkdir(p, 0755), 0);
    put(r, "sub/1.mp4", "one", false);
    put(r, "sub/deep/2.mp4", "two", false);
    put(r, "sub/deep/bad.mp4", "BAD", false);
    wait_converged(&f->m, 3000);
    /* delete: gone from the playlist at once */
    snprintf(p, sizeof(p), "%s/gone.mp4", r);
    assert_int_equal(unlink(p), 0);
    wait_in_playlist(&f->m, "gone.mp4", false, 1000);
    /* overwrite in place: leaves at once, comes back after settling */
    put(r, "over.mp4", "second version", false);
    wait_in_playlist(&f->m, "over.mp4", false, 1000);
    wait_converged(&f->m, 3000);
    assert_true(pl_index(&f->m, "over.mp4") >= 0);
    /* the folder moves out of the tree, then a deleted folder */
    char q[512];
    snprintf(p, sizeof(p), "%s/sub/deep", r);
    snprintf(q, sizeof(q), "%s/.moved-away", r);
    assert_int_equal(rename(p, q), 0);
    wait_converged(&f->m, 3000);
    nftw(q, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    snprintf(p, sizeof(p), "%s/sub", r);
    nftw(p, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    wait_converged(&f->m, 3000);
    /* and re-created under the same name (a dead watch must not confuse it) */
    assert_int_equal(mkdir(p, 0755), 0);
    put(r, "sub/again.mp4", "again", false);
    wait_converged(&f->m, 3000);
}

int main(void)
{
    log_init();
    log_set_level(getenv("VT_TEST_VERBOSE") ? LOG_DEBUG : LOG_ERROR);
    const struct CMUnitTest tests[] = {
        T(test_startup_and_reject),
        T(test_slow_copy),
        T(test_rename_into_place),
        T(test_subfolder_delete_overwrite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
