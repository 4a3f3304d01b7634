/* Unit tests: the intake state machine fed by scans (playlists/intake_scan.c)
 * — startup, new and deleted folders, overflow and periodic reconciliation,
 * the root vanishing — and probe rejections with their retry. */
#include "test_playlists_intake_world.h"

static void test_directories(void **state)
{
    struct world *w = *state;
    /* the watcher saw a folder appear and scanned it */
    wr(w, "d/1.mp4", 10);
    wr(w, "d/2.mp4", 10);
    wr(w, "d/1.es.srt", 10);
    wr(w, "d/e/3.mp4", 10);
    struct scan_file files[] = { { "d/1.mp4", 10, w->wall }, { "d/2.mp4", 10, w->wall },
                                 { "d/e/3.mp4", 10, w->wall } };
    struct scan_file subs[] = { { "d/1.es.srt", 10, w->wall } };
    intake_scanned(w->in, "d", files, 3, subs, 1, INTAKE_SCAN_SUBTREE, now(w));
    assert_true(logged(w, "SIDECAR_ADD d/1.es.srt"));
    expect_state(w, "d/1.mp4", INTAKE_SETTLING);
    settle_all(w);
    assert_int_equal(w->n_pl, 3);
    copy_in(w, "d2.mp4", 10); /* outside the folder, must survive */
    settle_all(w);
    /* the folder is deleted (or moved out) */
    intake_remove_under(w->in, "d", now(w));
    assert_int_equal(w->n_pl, 1);
    assert_string_equal(w->playlist[0], "d2.mp4");
    assert_true(logged(w, "SIDECAR_REMOVE d/1.es.srt"));
    /* deleting a path that was a symlinked folder drops what was under it */
    intake_scanned(w->in, "d", files, 3, NULL, 0, INTAKE_SCAN_SUBTREE, now(w));
    settle_all(w);
    assert_int_equal(w->n_pl, 4);
    ev(w, "d", INTAKE_EV_DELETE);
    assert_int_equal(w->n_pl, 1);
}

static void test_overflow_rescan(void **state)
{
    struct world *w = *state;
    copy_in(w, "keep.mp4", 10);
    copy_in(w, "gone.mp4", 10);
    settle_all(w);
    /* a file is being copied when the queue overflows: its close is lost */
    wr(w, "copying.mp4", 10);
    ev(w, "copying.mp4", INTAKE_EV_CREATE);
    wr(w, "copying.mp4", 10);
    /* lost events: gone.mp4 deleted, new.mp4 created, keep.mp4 unchanged */
    rm(w, "gone.mp4");
    wr(w, "new.mp4", 10);
    advance(w, SEC);
    int before = w->n_log;
    struct scan_file files[] = { { "copying.mp4", 20, w->wall - SEC }, { "keep.mp4", 10, 0 },
                                 { "new.mp4", 10, w->wall - SEC } };
    files[1].mtime_ns = ff(w, "keep.mp4")->mtime;
    intake_scanned(w->in, "", files, 3, NULL, 0, INTAKE_SCAN_LOST, now(w));
    assert_string_equal(w->log[before], "REMOVE gone.mp4");
    assert_int_equal(w->n_log, before + 1); /* keep.mp4 undisturbed */
    expect_state(w, "copying.mp4", INTAKE_SETTLING); /* not stuck in pending */
    expect_state(w, "new.mp4", INTAKE_SETTLING);
    settle_all(w);
    assert_int_equal(w->n_pl, 3);
    assert_int_equal(pl_find(w, "gone.mp4"), -1);
}

static void test_periodic_reconcile(void **state)
{
    struct world *w = *state;
    copy_in(w, "same.mp4", 10);
    copy_in(w, "changed.mp4", 10);
    copy_in(w, "gone.mp4", 10);
    copy_in(w, "bad.mp4", 10);
    settle_all(w);
    wr(w, "pending.mp4", 1);
    ev(w, "pending.mp4", INTAKE_EV_CREATE);
    assert_int_equal(w->n_pl, 3);
    int probes = w->probes;
    /* a network share changed behind our back */
    advance(w, SEC);
    wr(w, "changed.mp4", 5);
    rm(w, "gone.mp4");
    wr(w, "unknown.mp4", 7);
    int before = w->n_log;
    struct scan_file files[5];
    const char *names[] = { "bad.mp4", "changed.mp4", "pending.mp4", "same.mp4", "unknown.mp4" };
    for (int i = 0; i < 5; i++) {
        struct ffile *f = ff(w, names[i]);
        files[i] = (struct scan_file){ (char *)names[i], f->size, f->mtime };
    }
    intake_scanned(w->in, "", files, 5, NULL, 0, INTAKE_SCAN_PERIODIC, now(w));
    /* exactly: gone removed, changed removed (overwrite); nothing else */
    assert_int_equal(w->n_log - before, 2);
    assert_true(log_index(w, "REMOVE gone.mp4") >= before);
    assert_true(log_index(w, "REMOVE changed.mp4") >= before);
    expect_state(w, "pending.mp4", INTAKE_PENDING); /* still waiting for its close */
    expect_state(w, "changed.mp4", INTAKE_SETTLING);
    expect_state(w, "unknown.mp4", INTAKE_SETTLING);
    expect_state(w, "bad.mp4", INTAKE_REJECTED); /* unchanged: not retried */
    settle_all(w);
    assert_int_equal(w->probes, probes + 2);
    assert_int_equal(w->n_pl, 3); /* same, changed, unknown */
    /* a second identical rescan changes nothing */
    before = w->n_log;
    for (int i = 0; i < 5; i++) {
        struct ffile *f = ff(w, names[i]);
        files[i] = (struct scan_file){ (char *)names[i], f->size, f->mtime };
    }
    intake_scanned(w->in, "", files, 5, NULL, 0, INTAKE_SCAN_PERIODIC, now(w));
    settle_all(w);
    assert_int_equal(w->n_log, before);
}

static void test_probe_failure_then_retry(void **state)
{
    struct world *w = *state;
    copy_in(w, "bad.mp4", 100);
    settle_all(w);
    assert_int_equal(w->n_pl, 0);
    struct intake_snapshot *s = intake_snapshot(w->in);
    assert_int_equal(s->n_rejected, 1);
    assert_string_equal(s->rejected[0].relpath, "bad.mp4");
    assert_string_equal(s->rejected[0].reason, "no video or audio stream found");
    assert_true(s->rejected[0].since_wall_ns > 1700000000LL * SEC);
    intake_snapshot_free(s);
    /* not retried while unchanged */
    int probes = w->probes;
    for (int i = 0; i < 10; i++)
        settle_all(w);
    ev(w, "bad.mp4", INTAKE_EV_CLOSE_WRITE); /* opened for writing, unchanged */
    settle_all(w);
    assert_int_equal(w->probes, probes);
    /* the staff delete it: it leaves the rejected list */
    rm(w, "bad.mp4");
    ev(w, "bad.mp4", INTAKE_EV_DELETE);
    s = intake_snapshot(w->in);
    assert_int_equal(s->n_rejected, 0);
    intake_snapshot_free(s);
    /* a rejected file that changes is retried */
    copy_in(w, "bad2.mp4", 10);
    settle_all(w);
    expect_state(w, "bad2.mp4", INTAKE_REJECTED);
    probes = w->probes;
    wr(w, "bad2.mp4", 10);
    ev(w, "bad2.mp4", INTAKE_EV_MODIFY);
    ev(w, "bad2.mp4", INTAKE_EV_CLOSE_WRITE);
    settle_all(w);
    assert_int_equal(w->probes, probes + 1);
    expect_state(w, "bad2.mp4", INTAKE_REJECTED);
}

static void test_startup(void **state)
{
    struct world *w = *state;
    w->n_log = 0;
    /* old files go straight to ready; a new one settles; empty is rejected */
    wr(w, "old1.mp4", 10);
    wr(w, "old-bad.mp4", 10);
    wr(w, "empty.mp4", 0);
    w->wall += 10 * SEC;
    wr(w, "new.mp4", 10);
    struct scan_file files[4];
    const char *names[] = { "old1.mp4", "old-bad.mp4", "empty.mp4", "new.mp4" };
    for (int i = 0; i < 4; i++) {
        struct ffile *f = ff(w, names[i]);
        files[i] = (struct scan_file){ (char *)names[i], f->size, f->mtime };
    }
    struct scan_file subs[] = { { "old1.es.srt", 3, 0 } };
    intake_scanned(w->in, "", files, 4, subs, 1, INTAKE_SCAN_STARTUP, now(w));
    assert_string_equal(w->log[0], "RESET 2"); /* one record, no sidecar noise */
    assert_int_equal(w->n_log, 1);
    assert_int_equal(w->n_pl, 2);
    assert_string_equal(w->playlist[0], "old-bad.mp4"); /* natural order: '-' < '1' */
    expect_state(w, "new.mp4", INTAKE_SETTLING);
    expect_state(w, "empty.mp4", INTAKE_REJECTED);
    /* background confirmation: the bad one leaves, the good one is marked probed */
    assert_int_equal(run_probes(w), 2);
    assert_true(logged(w, "REMOVE old-bad.mp4"));
    assert_true(logged(w, "ADD old1.mp4"));
    expect_state(w, "old-bad.mp4", INTAKE_REJECTED);
    settle_all(w);
    assert_int_equal(w->n_pl, 2); /* old1, new */
    assert_int_equal(w->probes, 3);
    /* a clock in the past (no RTC): future mtimes count as old */
    w->n_log = 0;
    w->wall -= 3600 * SEC;
    intake_scanned(w->in, "", files, 1, NULL, 0, INTAKE_SCAN_STARTUP, now(w));
    assert_string_equal(w->log[0], "RESET 1");
}

static void test_root_gone(void **state)
{
    struct world *w = *state;
    copy_in(w, "a.mp4", 10);
    settle_all(w);
    copy_in(w, "b.mp4", 10);
    intake_root_gone(w->in, now(w));
    assert_string_equal(w->log[w->n_log - 1], "RESET 0");
    assert_int_equal(w->n_pl, 0);
    struct intake_snapshot *s = intake_snapshot(w->in);
    assert_int_equal(s->n_pending + s->n_rejected, 0);
    intake_snapshot_free(s);
    settle_all(w);
    assert_int_equal(w->probes, 1);
}

int main(void)
{
    log_init();
    log_set_level(LOG_WARN);
    const struct CMUnitTest tests[] = {
        T(test_directories),
        T(test_overflow_rescan),
        T(test_periodic_reconcile),
        T(test_probe_failure_then_retry),
        T(test_startup),
        T(test_root_gone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
