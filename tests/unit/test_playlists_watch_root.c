/* Unit test with real inotify (see test_playlists_watch.c): the media
 * folder vanishing and coming back, an inotify queue overflow forced by
 * stalling the watcher during a flood of new files, and periodic rescans
 * that must not disturb anything. */
#include "test_playlists_watch_world.h"

static void test_root_vanishes(void **state)
{
    struct fx *f = *state;
    const char *r = f->m.root;
    put(r, "a.mp4", "a", true);
    start(f);
    wait_converged(&f->m, 2000);
    pthread_mutex_lock(&f->m.mu);
    int resets = f->m.resets;
    pthread_mutex_unlock(&f->m.mu);
    nftw(r, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    /* the player is told at once: RESET to an empty list (idle screen) */
    struct watch_stats st;
    int64_t end = mono_ns() + 3000 * MS;
    for (;;) {
        watch_get_stats(f->w, &st);
        pthread_mutex_lock(&f->m.mu);
        bool reset = f->m.resets > resets && f->m.n_pl == 0;
        pthread_mutex_unlock(&f->m.mu);
        if (reset && !st.root_present)
            break;
        assert_true(mono_ns() < end);
        usleep(10000);
    }
    /* it comes back (USB stick plugged in again) with other files */
    assert_int_equal(mkdir(r, 0755), 0);
    put(r, "b.mp4", "b", true);
    put(r, "c.mp4", "c", false);
    wait_converged(&f->m, 4000);
    watch_get_stats(f->w, &st);
    assert_true(st.root_present);
    assert_int_equal(st.root_losses, 1);
}

static void test_flood_overflow(void **state)
{
    struct fx *f = *state;
    const char *r = f->m.root;
    put(r, "first.mp4", "x", true);
    start(f);
    wait_converged(&f->m, 2000);
    long maxq = 16384;
    FILE *q = fopen("/proc/sys/fs/inotify/max_queued_events", "r");
    if (q) {
        if (fscanf(q, "%ld", &maxq) != 1)
            maxq = 16384;
        fclose(q);
    }
    /* Stall the watcher inside a report, then make more events than the
     * kernel queue holds (each new file: CREATE, MODIFY, CLOSE_WRITE). */
    int n_files = (int)(maxq / 3 + 2000);
    if (n_files > MAXP - 100) {
        print_message("max_queued_events=%ld: too large to flood here, skipping\n", maxq);
        skip();
    }
    pthread_mutex_lock(&f->m.mu);
    f->m.block_armed = true;
    pthread_mutex_unlock(&f->m.mu);
    put(r, "trigger.mp4", "x", false);
    pthread_mutex_lock(&f->m.mu);
    while (!f->m.blocked)
        pthread_cond_wait(&f->m.cond, &f->m.mu);
    pthread_mutex_unlock(&f->m.mu);
    for (int i = 0; i < n_files; i++) { /* in a watched folder: events queue up */
        char name[64];
        snprintf(name, sizeof(name), "f%05d.mp4", i);
        put(r, name, "v", false);
    }
    pthread_mutex_lock(&f->m.mu);
    f->m.released = true;
    pthread_cond_broadcast(&f->m.cond);
    pthread_mutex_unlock(&f->m.mu);
    wait_converged(&f->m, 10000);
    struct watch_stats st;
    watch_get_stats(f->w, &st);
    assert_true(st.overflows >= 1);
    pthread_mutex_lock(&f->m.mu);
    assert_int_equal(f->m.n_pl, n_files + 2);
    pthread_mutex_unlock(&f->m.mu);
}

/* Periodic rescans (and one on request) find nothing new: not a single
 * record reaches the player, so the playing item is never disturbed. */
static void test_periodic_rescan_is_quiet(void **state)
{
    struct fx *f = *state;
    const char *r = f->m.root;
    put(r, "a.mp4", "a", true);
    put(r, "b.mp4", "b", false);
    put(r, "b.es.srt", "1", false);
    char p[512];
    snprintf(p, sizeof(p), "%s/sub", r);
    assert_int_equal(mkdir(p, 0755), 0);
    put(r, "sub/c.mp4", "c", true);
    start_rescan(f, 150 * MS);
    wait_converged(&f->m, 3000);
    struct watch_stats st0, st1;
    watch_get_stats(f->w, &st0);
    pthread_mutex_lock(&f->m.mu);
    int records = f->m.records, sidecars = f->m.sidecar_adds;
    pthread_mutex_unlock(&f->m.mu);
    watch_rescan(f->w);
    usleep(700000);
    watch_get_stats(f->w, &st1);
    assert_true(st1.full_scans >= st0.full_scans + 2); /* asked + at least one periodic */
    assert_int_equal(st1.folders, 2);
    pthread_mutex_lock(&f->m.mu);
    assert_int_equal(f->m.records, records);
    assert_int_equal(f->m.sidecar_adds, sidecars);
    pthread_mutex_unlock(&f->m.mu);
    assert_true(converged(&f->m, true));
}

int main(void)
{
    log_init();
    log_set_level(getenv("VT_TEST_VERBOSE") ? LOG_DEBUG : LOG_ERROR);
    const struct CMUnitTest tests[] = {
        T(test_root_vanishes),
        T(test_flood_overflow),
        T(test_periodic_rescan_is_quiet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
