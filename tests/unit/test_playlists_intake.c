/* Unit tests: the pure intake state machine (playlists/intake*.c), driven
 * by synthetic file events, a fake clock and a fake file table: copies,
 * renames into place, overwrites, deletes, probes, sidecars. */
#include "test_playlists_intake_world.h"

static void test_slow_copy(void **state)
{
    struct world *w = *state;
    wr(w, "big.mp4", 0);
    ev(w, "big.mp4", INTAKE_EV_CREATE);
    /* 20 blocks with pauses longer than the settle time: the file stays
     * pending because it was never closed. */
    for (int i = 0; i < 20; i++) {
        advance(w, 3 * SEC);
        assert_int_equal(run_probes(w), 0);
        wr(w, "big.mp4", 1 << 20);
        ev(w, "big.mp4", INTAKE_EV_MODIFY);
        expect_state(w, "big.mp4", INTAKE_PENDING);
    }
    assert_int_equal(w->n_pl, 0);
    int64_t closed_at = w->mono;
    ev(w, "big.mp4", INTAKE_EV_CLOSE_WRITE);
    expect_state(w, "big.mp4", INTAKE_SETTLING);
    advance(w, SETTLE - 1);
    assert_false(intake_has_probe_work(w->in)); /* not before the settle time */
    advance(w, 1);
    expect_state(w, "big.mp4", INTAKE_PROBING);
    assert_true(w->mono - closed_at >= SETTLE);
    assert_int_equal(run_probes(w), 1);
    assert_int_equal(w->n_pl, 1);
    assert_true(logged(w, "ADD big.mp4"));
    assert_int_equal(w->probes, 1);
}

static void test_change_while_settling(void **state)
{
    /* No events at all (a network share): a size change during settling
     * restarts the timer; settled only after settle_ns without change. */
    struct world *w = *state;
    copy_in(w, "a.mp4", 100);
    advance(w, SETTLE - MS);
    wr(w, "a.mp4", 10); /* silent change */
    advance(w, MS);      /* timer runs out: stat sees the change */
    expect_state(w, "a.mp4", INTAKE_SETTLING);
    advance(w, SETTLE - MS);
    assert_false(intake_has_probe_work(w->in));
    advance(w, MS);
    expect_state(w, "a.mp4", INTAKE_PROBING);
}

static void test_rename_into_place(void **state)
{
    struct world *w = *state;
    /* rsync: write ".a.mp4.Xy12Z", then rename */
    copy_in(w, ".a.mp4.Xy12Z", 500);
    /* browser: "b.mp4.part"; syncthing: ".syncthing.c.mp4.tmp"; office-ish ~$ and ~ */
    copy_in(w, "b.mp4.part", 500);
    copy_in(w, ".syncthing.c.mp4.tmp", 500);
    copy_in(w, "d.mp4.crdownload", 500);
    copy_in(w, "e.mp4.partial", 500);
    settle_all(w);
    assert_int_equal(w->probes, 0); /* ignored names are never probed */
    struct intake_snapshot *s = intake_snapshot(w->in);
    assert_int_equal(s->n_pending + s->n_rejected, 0);
    intake_snapshot_free(s);
    const char *tmp[] = { ".a.mp4.Xy12Z", "b.mp4.part", ".syncthing.c.mp4.tmp", "d.mp4.crdownload",
                          "e.mp4.partial" };
    const char *fin[] = { "a.mp4", "b.mp4", "c.mp4", "d.mp4", "e.mp4" };
    for (int i = 0; i < 5; i++) {
        mv(w, tmp[i], fin[i]);
        intake_file_event(w->in, tmp[i], INTAKE_EV_MOVED_FROM, 77 + (uint32_t)i, now(w));
        intake_file_event(w->in, fin[i], INTAKE_EV_MOVED_TO, 77 + (uint32_t)i, now(w));
        expect_state(w, fin[i], INTAKE_SETTLING);
    }
    settle_all(w);
    assert_int_equal(w->n_pl, 5);
    for (int i = 0; i < w->n_log; i++) /* only final names ever reach the player */
        assert_null(strstr(w->log[i], "part"));
    assert_int_equal(w->probes, 5);
}

static void test_overwrite_in_place(void **state)
{
    struct world *w = *state;
    copy_in(w, "a.mp4", 100);
    settle_all(w);
    assert_int_equal(pl_find(w, "a.mp4"), 0);
    int before = w->n_log;
    /* cp over it: truncate + write */
    wr(w, "a.mp4", 5);
    ev(w, "a.mp4", INTAKE_EV_MODIFY);
    assert_string_equal(w->log[before], "REMOVE a.mp4"); /* at once */
    assert_int_equal(w->n_pl, 0);
    expect_state(w, "a.mp4", INTAKE_PENDING);
    advance(w, 10 * SEC);
    expect_state(w, "a.mp4", INTAKE_PENDING);
    ev(w, "a.mp4", INTAKE_EV_CLOSE_WRITE);
    settle_all(w);
    assert_int_equal(w->n_pl, 1);
    assert_int_equal(w->probes, 2);
    /* a close without a change (opened for writing, nothing written) does nothing */
    before = w->n_log;
    ev(w, "a.mp4", INTAKE_EV_CLOSE_WRITE);
    settle_all(w);
    assert_int_equal(w->n_log, before);
    /* touch: mtime changes (ATTRIB) → treated as changed */
    w->wall += SEC;
    wr(w, "a.mp4", 0);
    ev(w, "a.mp4", INTAKE_EV_ATTRIB);
    assert_string_equal(w->log[before], "REMOVE a.mp4");
    expect_state(w, "a.mp4", INTAKE_SETTLING);
    settle_all(w);
    assert_int_equal(w->n_pl, 1);
    /* chmod: ATTRIB without size/mtime change does nothing */
    before = w->n_log;
    ev(w, "a.mp4", INTAKE_EV_ATTRIB);
    assert_int_equal(w->n_log, before);
}

static void test_delete(void **state)
{
    struct world *w = *state;
    copy_in(w, "a.mp4", 100);
    copy_in(w, "b.mp4", 100);
    settle_all(w);
    assert_int_equal(w->n_pl, 2);
    rm(w, "a.mp4");
    ev(w, "a.mp4", INTAKE_EV_DELETE);
    assert_string_equal(w->log[w->n_log - 1], "REMOVE a.mp4");
    assert_int_equal(w->n_pl, 1);
    /* moved out of the folder: same */
    rm(w, "b.mp4");
    intake_file_event(w->in, "b.mp4", INTAKE_EV_MOVED_FROM, 5, now(w));
    assert_int_equal(w->n_pl, 0);
    /* a file deleted while still pending never reaches the player */
    int before = w->n_log;
    wr(w, "c.mp4", 1);
    ev(w, "c.mp4", INTAKE_EV_CREATE);
    rm(w, "c.mp4");
    ev(w, "c.mp4", INTAKE_EV_DELETE);
    settle_all(w);
    assert_int_equal(w->n_log, before);
    /* deleted while settling: the timer finds it gone */
    copy_in(w, "d.mp4", 10);
    rm(w, "d.mp4"); /* the DELETE event is still queued */
    settle_all(w);
    assert_int_equal(w->n_log, before);
    struct intake_snapshot *s = intake_snapshot(w->in);
    assert_int_equal(s->n_pending + s->n_rejected, 0);
    intake_snapshot_free(s);
}

static void test_rename_ready_keeps_state(void **state)
{
    struct world *w = *state;
    copy_in(w, "old name.mp4", 100);
    settle_all(w);
    int probes = w->probes;
    mv(w, "old name.mp4", "new name.mp4");
    intake_file_event(w->in, "old name.mp4", INTAKE_EV_MOVED_FROM, 9, now(w));
    intake_file_event(w->in, "new name.mp4", INTAKE_EV_MOVED_TO, 9, now(w));
    assert_string_equal(w->log[w->n_log - 2], "REMOVE old name.mp4");
    assert_string_equal(w->log[w->n_log - 1], "ADD new name.mp4"); /* at once, still probed */
    settle_all(w);
    assert_int_equal(w->probes, probes); /* no new probe */
    /* a different cookie is a different file: normal intake */
    mv(w, "new name.mp4", "third.mp4");
    intake_file_event(w->in, "new name.mp4", INTAKE_EV_MOVED_FROM, 10, now(w));
    intake_file_event(w->in, "third.mp4", INTAKE_EV_MOVED_TO, 11, now(w));
    expect_state(w, "third.mp4", INTAKE_SETTLING);
}

static void test_stale_probe_result(void **state)
{
    struct world *w = *state;
    copy_in(w, "a.mp4", 100);
    advance(w, SETTLE + 1);
    char path[64];
    uint64_t tok;
    assert_true(intake_take_probe(w->in, path, sizeof(path), &tok));
    /* the file changes while being probed */
    wr(w, "a.mp4", 5);
    ev(w, "a.mp4", INTAKE_EV_MODIFY);
    intake_probe_done(w->in, path, tok, true, NULL, now(w));
    assert_int_equal(w->n_pl, 0); /* stale result ignored */
    expect_state(w, "a.mp4", INTAKE_PENDING);
    /* a silent change during the probe (no event): caught by the re-stat */
    ev(w, "a.mp4", INTAKE_EV_CLOSE_WRITE);
    advance(w, SETTLE + 1);
    assert_true(intake_take_probe(w->in, path, sizeof(path), &tok));
    wr(w, "a.mp4", 5);
    intake_probe_done(w->in, path, tok, true, NULL, now(w));
    assert_int_equal(w->n_pl, 0);
    expect_state(w, "a.mp4", INTAKE_SETTLING);
    settle_all(w);
    assert_int_equal(w->n_pl, 1);
}

static void test_stale_pending(void **state)
{
    struct world *w = *state;
    wr(w, "a.mp4", 100);
    ev(w, "a.mp4", INTAKE_EV_MODIFY); /* its close event never comes */
    advance(w, 59 * SEC);
    expect_state(w, "a.mp4", INTAKE_PENDING);
    advance(w, SEC);
    expect_state(w, "a.mp4", INTAKE_SETTLING);
    settle_all(w);
    assert_int_equal(w->n_pl, 1);
}

static void test_sidecars(void **state)
{
    struct world *w = *state;
    wr(w, "a.es.srt", 10);
    ev(w, "a.es.srt", INTAKE_EV_CREATE);
    ev(w, "a.es.srt", INTAKE_EV_MODIFY);
    assert_int_equal(w->n_log, 1); /* only the setup RESET: not complete yet */
    ev(w, "a.es.srt", INTAKE_EV_CLOSE_WRITE);
    assert_string_equal(w->log[w->n_log - 1], "SIDECAR_ADD a.es.srt");
    wr(w, "a.es.srt", 5);
    ev(w, "a.es.srt", INTAKE_EV_MODIFY);
    ev(w, "a.es.srt", INTAKE_EV_CLOSE_WRITE);
    assert_string_equal(w->log[w->n_log - 1], "SIDECAR_CHANGE a.es.srt");
    rm(w, "a.es.srt");
    ev(w, "a.es.srt", INTAKE_EV_DELETE);
    assert_string_equal(w->log[w->n_log - 1], "SIDECAR_REMOVE a.es.srt");
    settle_all(w);
    assert_int_equal(w->probes, 0);
    assert_int_equal(w->n_pl, 0);
}

int main(void)
{
    log_init();
    log_set_level(LOG_WARN);
    const struct CMUnitTest tests[] = {
        T(test_slow_copy),
        T(test_change_while_settling),
        T(test_rename_into_place),
        T(test_overwrite_in_place),
        T(test_delete),
        T(test_rename_ready_keeps_state),
        T(test_stale_probe_result),
        T(test_stale_pending),
        T(test_sidecars),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
