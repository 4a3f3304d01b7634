/* Unit tests: the pure intake state machine (playlists/intake*.c), driven
 * by synthetic events, a fake clock and a fake file table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/log.h"
#include "playlists/intake.h"

#define SEC 1000000000LL
#define MS 1000000LL
#define SETTLE (2 * SEC)

/* ---- a fake world: files, clock, and what the player would see ---------- */

struct ffile {
    char path[64];
    int64_t size, mtime;
    bool exists;
};

struct world {
    struct ffile files[64];
    int n_files;
    int64_t mono, wall;
    char log[256][96]; /* every report, in order */
    int n_log;
    char playlist[64][64]; /* the player's model: ADD/REMOVE/RESET applied */
    int n_pl;
    int probes; /* probes taken */
    struct intake *in;
};

static struct ffile *ff(struct world *w, const char *path)
{
    for (int i = 0; i < w->n_files; i++)
        if (strcmp(w->files[i].path, path) == 0)
            return &w->files[i];
    return NULL;
}

/* Write to a file: it grows, mtime = now. */
static void wr(struct world *w, const char *path, int64_t bytes)
{
    struct ffile *f = ff(w, path);
    if (!f) {
        f = &w->files[w->n_files++];
        snprintf(f->path, sizeof(f->path), "%s", path);
        f->size = 0;
    }
    f->exists = true;
    f->size += bytes;
    f->mtime = w->wall;
}

static void rm(struct world *w, const char *path) { ff(w, path)->exists = false; }

static void mv(struct world *w, const char *from, const char *to)
{
    struct ffile *f = ff(w, from);
    struct ffile *t = ff(w, to);
    if (!t)
        t = &w->files[w->n_files++];
    *t = *f;
    snprintf(t->path, sizeof(t->path), "%s", to);
    f->exists = false;
}

static int fake_stat(void *user, const char *relpath, struct intake_stat *out)
{
    struct ffile *f = ff(user, relpath);
    if (!f || !f->exists)
        return -1;
    *out = (struct intake_stat){ .size = f->size, .mtime_ns = f->mtime };
    return 0;
}

static int pl_find(struct world *w, const char *p)
{
    for (int i = 0; i < w->n_pl; i++)
        if (strcmp(w->playlist[i], p) == 0)
            return i;
    return -1;
}

static void on_report(void *user, const struct intake_change *c)
{
    struct world *w = user;
    static const char *const names[] = { "ADD", "REMOVE", "RESET", "SIDECAR_ADD",
                                         "SIDECAR_CHANGE", "SIDECAR_REMOVE", "STATE" };
    assert_true(w->n_log < 256);
    if (c->kind == INTAKE_RESET)
        snprintf(w->log[w->n_log++], 96, "RESET %zu", c->n_entries);
    else if (c->kind == INTAKE_ADD)
        snprintf(w->log[w->n_log++], 96, "ADD %s%s", c->e.relpath, c->e.probed ? "" : " unprobed");
    else
        snprintf(w->log[w->n_log++], 96, "%s %s", names[c->kind], c->e.relpath);
    int i;
    switch (c->kind) {
    case INTAKE_ADD:
        if (pl_find(w, c->e.relpath) < 0)
            snprintf(w->playlist[w->n_pl++], 64, "%s", c->e.relpath);
        break;
    case INTAKE_REMOVE:
        i = pl_find(w, c->e.relpath);
        assert_true(i >= 0); /* never a REMOVE for something not added */
        memmove(w->playlist[i], w->playlist[i + 1], (size_t)(w->n_pl - i - 1) * 64);
        w->n_pl--;
        break;
    case INTAKE_RESET:
        w->n_pl = 0;
        for (size_t k = 0; k < c->n_entries; k++)
            snprintf(w->playlist[w->n_pl++], 64, "%s", c->entries[k].relpath);
        break;
    default:
        break;
    }
}

static struct intake_time now(const struct world *w) { return (struct intake_time){ w->mono, w->wall }; }

static void ev(struct world *w, const char *path, enum intake_event e)
{
    intake_file_event(w->in, path, e, 0, now(w));
}

static void advance(struct world *w, int64_t ns)
{
    w->mono += ns;
    w->wall += ns;
    intake_tick(w->in, now(w));
}

/* Run the prober: every queued probe answers ok unless the name contains
 * "bad". Returns the number of probes. */
static int run_probes(struct world *w)
{
    char path[256];
    uint64_t tok;
    int n = 0;
    while (intake_take_probe(w->in, path, sizeof(path), &tok)) {
        bool bad = strstr(path, "bad") != NULL;
        intake_probe_done(w->in, path, tok, !bad, bad ? "no video or audio stream found" : NULL,
                          now(w));
        n++;
    }
    w->probes += n;
    return n;
}

static bool logged(const struct world *w, const char *line)
{
    for (int i = 0; i < w->n_log; i++)
        if (strcmp(w->log[i], line) == 0)
            return true;
    return false;
}

static int log_index(const struct world *w, const char *line)
{
    for (int i = 0; i < w->n_log; i++)
        if (strcmp(w->log[i], line) == 0)
            return i;
    return -1;
}

static int setup(void **state)
{
    struct world *w = calloc(1, sizeof(*w));
    w->mono = 1000 * SEC;
    w->wall = 1700000000LL * SEC;
    struct intake_config cfg = {
        .settle_ns = SETTLE,
        .stale_pending_ns = 60 * SEC,
        .stat = fake_stat,
        .stat_user = w,
        .report = on_report,
        .report_user = w,
    };
    w->in = intake_new(&cfg);
    assert_non_null(w->in);
    /* An empty startup scan: the player gets RESET 0 first. */
    intake_scanned(w->in, "", NULL, 0, NULL, 0, INTAKE_SCAN_STARTUP, now(w));
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    struct world *w = *state;
    intake_free(w->in);
    free(w);
    return 0;
}

static enum intake_state state_of(struct world *w, const char *path, bool *found)
{
    struct intake_snapshot *s = intake_snapshot(w->in);
    enum intake_state st = INTAKE_READY;
    *found = false;
    for (size_t i = 0; i < s->n_pending; i++)
        if (strcmp(s->pending[i].relpath, path) == 0)
            st = s->pending[i].state, *found = true;
    for (size_t i = 0; i < s->n_rejected; i++)
        if (strcmp(s->rejected[i].relpath, path) == 0)
            st = INTAKE_REJECTED, *found = true;
    intake_snapshot_free(s);
    if (!*found && pl_find(w, path) >= 0)
        *found = true;
    return st;
}

static void expect_state(struct world *w, const char *path, enum intake_state want)
{
    bool found;
    enum intake_state st = state_of(w, path, &found);
    if (!found)
        fail_msg("\"%s\" unknown, want %s", path, intake_state_name(want));
    if (st != want)
        fail_msg("\"%s\" is %s, want %s", path, intake_state_name(st), intake_state_name(want));
}

/* Copy a whole file in quickly (create, write, close). */
static void copy_in(struct world *w, const char *path, int64_t size)
{
    wr(w, path, 0);
    ev(w, path, INTAKE_EV_CREATE);
    wr(w, path, size);
    ev(w, path, INTAKE_EV_MODIFY);
    ev(w, path, INTAKE_EV_CLOSE_WRITE);
}

/* Let time pass until things settle and probe them. */
static void settle_all(struct world *w)
{
    for (int i = 0; i < 4; i++) {
        advance(w, SETTLE / 2 + 1);
        run_probes(w);
    }
}

/* ---- tests ------------------------------------------------------------------ */

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

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    log_init();
    log_set_level(LOG_WARN);
    const struct CMUnitTest tests[] = {
        T(test_slow_copy),        T(test_change_while_settling), T(test_rename_into_place),
        T(test_overwrite_in_place), T(test_delete),            T(test_rename_ready_keeps_state),
        T(test_directories),      T(test_overflow_rescan),       T(test_periodic_reconcile),
        T(test_probe_failure_then_retry), T(test_stale_probe_result), T(test_stale_pending),
        T(test_startup),          T(test_sidecars),              T(test_root_gone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
