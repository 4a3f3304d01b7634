/* test_playlists_intake_world.h — the fake world shared by the intake unit
 * tests (test_playlists_intake*.c): a file table, a clock and the playlist
 * the player would hold, built only from the reported records. Helpers are
 * static inline: each test program includes this once and uses a subset. */
#ifndef VT_TEST_PLAYLISTS_INTAKE_WORLD_H
#define VT_TEST_PLAYLISTS_INTAKE_WORLD_H

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

static inline struct ffile *ff(struct world *w, const char *path)
{
    for (int i = 0; i < w->n_files; i++)
        if (strcmp(w->files[i].path, path) == 0)
            return &w->files[i];
    return NULL;
}

/* Write to a file: it grows, mtime = now. */
static inline void wr(struct world *w, const char *path, int64_t bytes)
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

static inline void rm(struct world *w, const char *path) { ff(w, path)->exists = false; }

static inline void mv(struct world *w, const char *from, const char *to)
{
    struct ffile *f = ff(w, from);
    struct ffile *t = ff(w, to);
    if (!t)
        t = &w->files[w->n_files++];
    *t = *f;
    snprintf(t->path, sizeof(t->path), "%s", to);
    f->exists = false;
}

static inline int fake_stat(void *user, const char *relpath, struct intake_stat *out)
{
    struct ffile *f = ff(user, relpath);
    if (!f || !f->exists)
        return -1;
    *out = (struct intake_stat){ .size = f->size, .mtime_ns = f->mtime };
    return 0;
}

static inline int pl_find(struct world *w, const char *p)
{
    for (int i = 0; i < w->n_pl; i++)
        if (strcmp(w->playlist[i], p) == 0)
            return i;
    return -1;
}

static inline void on_report(void *user, const struct intake_change *c)
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

static inline struct intake_time now(const struct world *w) { return (struct intake_time){ w->mono, w->wall }; }

static inline void ev(struct world *w, const char *path, enum intake_event e)
{
    intake_file_event(w->in, path, e, 0, now(w));
}

static inline void advance(struct world *w, int64_t ns)
{
    w->mono += ns;
    w->wall += ns;
    intake_tick(w->in, now(w));
}

/* Run the prober: every queued probe answers ok unless the name contains
 * "bad". Returns the number of probes. */
static inline int run_probes(struct world *w)
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

static inline bool logged(const struct world *w, const char *line)
{
    for (int i = 0; i < w->n_log; i++)
        if (strcmp(w->log[i], line) == 0)
            return true;
    return false;
}

static inline int log_index(const struct world *w, const char *line)
{
    for (int i = 0; i < w->n_log; i++)
        if (strcmp(w->log[i], line) == 0)
            return i;
    return -1;
}

static inline int setup(void **state)
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

static inline int teardown(void **state)
{
    struct world *w = *state;
    intake_free(w->in);
    free(w);
    return 0;
}

static inline enum intake_state state_of(struct world *w, const char *path, bool *found)
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

static inline void expect_state(struct world *w, const char *path, enum intake_state want)
{
    bool found;
    enum intake_state st = state_of(w, path, &found);
    if (!found)
        fail_msg("\"%s\" unknown, want %s", path, intake_state_name(want));
    if (st != want)
        fail_msg("\"%s\" is %s, want %s", path, intake_state_name(st), intake_state_name(want));
}

/* Copy a whole file in quickly (create, write, close). */
static inline void copy_in(struct world *w, const char *path, int64_t size)
{
    wr(w, path, 0);
    ev(w, path, INTAKE_EV_CREATE);
    wr(w, path, size);
    ev(w, path, INTAKE_EV_MODIFY);
    ev(w, path, INTAKE_EV_CLOSE_WRITE);
}

/* Let time pass until things settle and probe them. */
static inline void settle_all(struct world *w)
{
    for (int i = 0; i < 4; i++) {
        advance(w, SETTLE / 2 + 1);
        run_probes(w);
    }
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

#endif
