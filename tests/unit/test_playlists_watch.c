/* Unit test with real inotify: a temp folder, real files, the real watcher
 * and prober threads, a fake probe. After each scenario the playlist the
 * player would hold (built only from the reported records) must equal
 * exactly the folder's candidate files that the fake probe accepts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "player/log.h"
#include "playlists/watch.h"

#define MS 1000000LL
#define SETTLE_NS (250 * MS)
#define MAXP 16384

/* ---- the player's side: a model built from the reports --------------------- */

struct model {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    char *pl[MAXP];        /* the playlist (unordered) */
    int n_pl;
    int64_t add_time[64];  /* first ADD time of tracked names */
    const char *tracked[64];
    int n_tracked;
    bool saw_bad_name;     /* a temp/ignored name ever reported */
    int resets, sidecar_adds, probes, bad_probes_of_ignored;
    bool block_armed, blocked, released;
    char root[64];
};

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int pl_index(struct model *m, const char *p)
{
    for (int i = 0; i < m->n_pl; i++)
        if (strcmp(m->pl[i], p) == 0)
            return i;
    return -1;
}

static void pl_clear(struct model *m)
{
    for (int i = 0; i < m->n_pl; i++)
        free(m->pl[i]);
    m->n_pl = 0;
}

static void on_report(void *user, const struct intake_change *c)
{
    struct model *m = user;
    pthread_mutex_lock(&m->mu);
    if (m->block_armed) { /* stall the watcher so the kernel queue overflows */
        m->block_armed = false;
        m->blocked = true;
        pthread_cond_broadcast(&m->cond);
        while (!m->released)
            pthread_cond_wait(&m->cond, &m->mu);
    }
    const char *p = c->e.relpath;
    if (p && (strstr(p, ".part") || strstr(p, "syncthing") || p[0] == '.' || strstr(p, "/.")))
        m->saw_bad_name = true;
    int i;
    switch (c->kind) {
    case INTAKE_ADD:
        if (pl_index(m, p) < 0 && m->n_pl < MAXP)
            m->pl[m->n_pl++] = strdup(p);
        for (int k = 0; k < m->n_tracked; k++)
            if (strcmp(m->tracked[k], p) == 0 && !m->add_time[k])
                m->add_time[k] = mono_ns();
        break;
    case INTAKE_REMOVE:
        i = pl_index(m, p);
        assert_true(i >= 0);
        free(m->pl[i]);
        m->pl[i] = m->pl[--m->n_pl];
        break;
    case INTAKE_RESET:
        pl_clear(m);
        for (size_t k = 0; k < c->n_entries; k++)
            m->pl[m->n_pl++] = strdup(c->entries[k].relpath);
        m->resets++;
        break;
    case INTAKE_SIDECAR_ADD:
        m->sidecar_adds++;
        break;
    default:
        break;
    }
    pthread_cond_broadcast(&m->cond);
    pthread_mutex_unlock(&m->mu);
}

/* The fake probe: files whose content starts with "BAD" are rejected. */
static int fake_probe(void *user, const char *abs, char *reason, size_t len)
{
    struct model *m = user;
    pthread_mutex_lock(&m->mu);
    m->probes++;
    const char *base = strrchr(abs, '/');
    if (base && (base[1] == '.' || strstr(base, ".part")))
        m->bad_probes_of_ignored++;
    pthread_mutex_unlock(&m->mu);
    char buf[4] = "";
    int fd = open(abs, O_RDONLY);
    if (fd >= 0) {
        ssize_t n = read(fd, buf, 3);
        (void)n;
        close(fd);
    }
    if (memcmp(buf, "BAD", 3) == 0) {
        snprintf(reason, len, "no video or audio stream found");
        return 1;
    }
    return 0;
}

/* ---- the folder's truth ----------------------------------------------------- */

static bool candidate(const char *name)
{
    size_t n = strlen(name);
    if (name[0] == '.' || (n > 5 && strcmp(name + n - 5, ".part") == 0) ||
        (n > 4 && strcmp(name + n - 4, ".srt") == 0))
        return false;
    return true;
}

static bool good_content(const char *abs)
{
    char buf[4] = "";
    int fd = open(abs, O_RDONLY);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, buf, 3);
    close(fd);
    return n > 0 && memcmp(buf, "BAD", 3) != 0;
}

/* Candidate, non-empty, accepted files under root/rel (recursive). */
static int expected(const char *root, const char *rel, char **out, int n)
{
    char path[512];
    snprintf(path, sizeof(path), "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(path);
    if (!d)
        return n;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!candidate(de->d_name))
            continue;
        char r[512], abs[1024];
        snprintf(r, sizeof(r), "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
        snprintf(abs, sizeof(abs), "%s/%s", root, r);
        struct stat st;
        if (lstat(abs, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            n = expected(root, r, out, n);
        else if (S_ISREG(st.st_mode) && good_content(abs) && n < MAXP)
            out[n++] = strdup(r);
    }
    closedir(d);
    return n;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Does the model equal the folder right now? */
static bool converged(struct model *m, bool verbose)
{
    static char *want[MAXP], *have[MAXP];
    int nw = expected(m->root, "", want, 0);
    pthread_mutex_lock(&m->mu);
    int nh = m->n_pl;
    for (int i = 0; i < nh; i++)
        have[i] = m->pl[i];
    qsort(have, (size_t)nh, sizeof(char *), cmp_str);
    qsort(want, (size_t)nw, sizeof(char *), cmp_str);
    bool same = nh == nw;
    for (int i = 0; same && i < nw; i++)
        same = strcmp(want[i], have[i]) == 0;
    if (!same && verbose) {
        print_message("model has %d, folder has %d\n", nh, nw);
        for (int i = 0; i < nh && i < 20; i++)
            print_message("  have %s\n", have[i]);
        for (int i = 0; i < nw && i < 20; i++)
            print_message("  want %s\n", want[i]);
    }
    pthread_mutex_unlock(&m->mu);
    for (int i = 0; i < nw; i++)
        free(want[i]);
    return same;
}

/* Nothing settling, probing or waiting in the watcher. */
static bool quiet(struct watch *w)
{
    struct intake_snapshot *s = watch_snapshot(w);
    bool q = s && s->n_pending == 0;
    intake_snapshot_free(s);
    return q;
}

/* Wait until the watcher is quiet and the model equals the folder (checked
 * twice, 30 ms apart, to step over an event still in flight). */
static void wait_converged_w(struct model *m, struct watch *w, int64_t timeout_ms)
{
    int64_t end = mono_ns() + timeout_ms * MS;
    while (mono_ns() < end) {
        if (quiet(w) && converged(m, false)) {
            usleep(30000);
            if (quiet(w) && converged(m, false))
                return;
        }
        usleep(10000);
    }
    converged(m, true);
    fail_msg("playlist did not converge to the folder within %lld ms", (long long)timeout_ms);
}

#define wait_converged(m, ms) wait_converged_w((m), f->w, (ms))

/* Wait until `path` is (want=true) / is not (false) in the model. */
static void wait_in_playlist(struct model *m, const char *path, bool want, int64_t timeout_ms)
{
    int64_t end = mono_ns() + timeout_ms * MS;
    for (;;) {
        pthread_mutex_lock(&m->mu);
        bool in = pl_index(m, path) >= 0;
        pthread_mutex_unlock(&m->mu);
        if (in == want)
            return;
        if (mono_ns() > end)
            fail_msg("\"%s\" still %s the playlist after %lld ms", path, want ? "not in" : "in",
                     (long long)timeout_ms);
        usleep(2000);
    }
}

/* ---- fixture ------------------------------------------------------------------ */

struct fx {
    struct model m;
    struct watch *w;
};

static void put(const char *root, const char *rel, const char *content, bool old)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", root, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
    if (old) {
        struct timespec ts[2] = { { time(NULL) - 3600, 0 }, { time(NULL) - 3600, 0 } };
        utimensat(AT_FDCWD, p, ts, 0);
    }
}

static int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

static void start(struct fx *f)
{
    struct watch_config cfg = {
        .root = f->m.root,
        .settle_ns = SETTLE_NS,
        .rescan_interval_ns = 0, /* inotify alone must do it */
        .probe = fake_probe,
        .probe_user = &f->m,
        .report = on_report,
        .report_user = &f->m,
    };
    f->w = watch_start(&cfg);
    assert_non_null(f->w);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    pthread_mutex_init(&f->m.mu, NULL);
    pthread_cond_init(&f->m.cond, NULL);
    /* tmpfs when available: creating the flood of files is 50x faster there */
    const char *base = getenv("VT_TEST_TMP");
    if (!base)
        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(f->m.root, sizeof(f->m.root), "%s/vt-watch-XXXXXX", base);
    if (!mkdtemp(f->m.root))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    watch_stop(f->w);
    pl_clear(&f->m);
    nftw(f->m.root, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    pthread_cond_destroy(&f->m.cond);
    pthread_mutex_destroy(&f->m.mu);
    free(f);
    return 0;
}

/* ---- scenarios ------------------------------------------------------------------ */

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

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    log_init();
    log_set_level(getenv("VT_TEST_VERBOSE") ? LOG_DEBUG : LOG_ERROR);
    const struct CMUnitTest tests[] = {
        T(test_startup_and_reject), T(test_slow_copy),     T(test_rename_into_place),
        T(test_subfolder_delete_overwrite), T(test_root_vanishes), T(test_flood_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
