/* test_playlists_watch_world.h — shared by the real-inotify watcher tests
 * (test_playlists_watch*.c): the player's side (a playlist model built only
 * from the reported records), a fake probe (content "BAD…" is rejected),
 * the folder's truth (its candidate files), waits, and the fixture (a temp
 * folder on tmpfs when available). Helpers are static inline: each test
 * program includes this once and uses a subset. */
#ifndef VT_TEST_PLAYLISTS_WATCH_WORLD_H
#define VT_TEST_PLAYLISTS_WATCH_WORLD_H

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
    int records; /* ADD, REMOVE and RESET records received */
    bool block_armed, blocked, released;
    char root[64];
};

static inline int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline int pl_index(struct model *m, const char *p)
{
    for (int i = 0; i < m->n_pl; i++)
        if (strcmp(m->pl[i], p) == 0)
            return i;
    return -1;
}

static inline void pl_clear(struct model *m)
{
    for (int i = 0; i < m->n_pl; i++)
        free(m->pl[i]);
    m->n_pl = 0;
}

static inline void on_report(void *user, const struct intake_change *c)
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
    m->records += c->kind == INTAKE_ADD || c->kind == INTAKE_REMOVE || c->kind == INTAKE_RESET;
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
static inline int fake_probe(void *user, const char *abs, char *reason, size_t len)
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

static inline bool candidate(const char *name)
{
    size_t n = strlen(name);
    if (name[0] == '.' || (n > 5 && strcmp(name + n - 5, ".part") == 0) ||
        (n > 4 && strcmp(name + n - 4, ".srt") == 0))
        return false;
    return true;
}

static inline bool good_content(const char *abs)
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
static inline int expected(const char *root, const char *rel, char **out, int n)
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

static inline int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Does the model equal the folder right now? */
static inline bool converged(struct model *m, bool verbose)
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
static inline bool quiet(struct watch *w)
{
    struct intake_snapshot *s = watch_snapshot(w);
    bool q = s && s->n_pending == 0;
    intake_snapshot_free(s);
    return q;
}

/* Wait until the watcher is quiet and the model equals the folder (checked
 * twice, 30 ms apart, to step over an event still in flight). */
static inline void wait_converged_w(struct model *m, struct watch *w, int64_t timeout_ms)
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
static inline void wait_in_playlist(struct model *m, const char *path, bool want, int64_t timeout_ms)
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

static inline void put(const char *root, const char *rel, const char *content, bool old)
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

static inline int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

static inline void start_rescan(struct fx *f, int64_t rescan_ns)
{
    struct watch_config cfg = {
        .root = f->m.root,
        .settle_ns = SETTLE_NS,
        .rescan_interval_ns = rescan_ns,
        .probe = fake_probe,
        .probe_user = &f->m,
        .report = on_report,
        .report_user = &f->m,
    };
    f->w = watch_start(&cfg);
    assert_non_null(f->w);
}

static inline void start(struct fx *f)
{
    start_rescan(f, 0); /* inotify alone must do it */
}

static inline int setup(void **state)
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

static inline int teardown(void **state)
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

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

#endif
