/* playlist.c — the live playlist; see playlist.h. */
#include "playlists/playlist.h"

#include <stdlib.h>
#include <string.h>

#include "playlists/natsort.h"
#include "playlists/shuffle.h"

struct entry {
    uint64_t id;
    char *relpath;
    char *title;
    int64_t size, mtime_ns;
    bool probed, failed;
    char *fail_reason;
    int64_t fail_size, fail_mtime_ns; /* the file's state when it failed */
};

struct playlist {
    struct entry **by_path; /* natural order */
    struct entry **by_id;   /* ascending id (ids only grow, so appends) */
    size_t n, cap;
    uint64_t last_id;
    uint64_t cur;      /* current entry id, 0 = none */
    char *cur_path;    /* its path, kept to find its place after removal */
    bool cur_removed;
    bool shuffle_on;
    struct shuffle *sh;
};

static void entry_free(struct entry *e)
{
    if (!e)
        return;
    free(e->relpath);
    free(e->title);
    free(e->fail_reason);
    free(e);
}

static char *make_title(const char *relpath)
{
    const char *base = strrchr(relpath, '/');
    base = base ? base + 1 : relpath;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *t = malloc(len + 1);
    if (t) {
        memcpy(t, base, len);
        t[len] = '\0';
    }
    return t;
}

struct playlist *playlist_new(uint64_t seed)
{
    struct playlist *pl = calloc(1, sizeof(*pl));
    if (!pl)
        return NULL;
    pl->sh = shuffle_new(seed);
    if (!pl->sh) {
        free(pl);
        return NULL;
    }
    return pl;
}

void playlist_free(struct playlist *pl)
{
    if (!pl)
        return;
    for (size_t i = 0; i < pl->n; i++)
        entry_free(pl->by_path[i]);
    free(pl->by_path);
    free(pl->by_id);
    free(pl->cur_path);
    shuffle_free(pl->sh);
    free(pl);
}

size_t playlist_count(const struct playlist *pl) { return pl->n; }

/* Index of the first entry not sorting before `relpath`; *found tells
 * whether it is exactly `relpath`. */
static size_t lower_bound(const struct playlist *pl, const char *relpath, bool *found)
{
    size_t lo = 0, hi = pl->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (natsort_cmp(pl->by_path[mid]->relpath, relpath) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (found)
        *found = lo < pl->n && strcmp(pl->by_path[lo]->relpath, relpath) == 0;
    return lo;
}

static long id_slot(const struct playlist *pl, uint64_t id)
{
    size_t lo = 0, hi = pl->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pl->by_id[mid]->id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < pl->n && pl->by_id[lo]->id == id ? (long)lo : -1;
}

static struct entry *by_id(const struct playlist *pl, uint64_t id)
{
    long s = id ? id_slot(pl, id) : -1;
    return s >= 0 ? pl->by_id[s] : NULL;
}

static bool grow(struct playlist *pl)
{
    if (pl->n < pl->cap)
        return true;
    size_t ncap = pl->cap ? pl->cap * 2 : 64;
    struct entry **a = realloc(pl->by_path, ncap * sizeof(*a));
    if (!a)
        return false;
    pl->by_path = a;
    struct entry **b = realloc(pl->by_id, ncap * sizeof(*b));
    if (!b)
        return false;
    pl->by_id = b;
    pl->cap = ncap;
    return true;
}

static void set_stat(struct entry *e, int64_t size, int64_t mtime_ns)
{
    bool changed = e->size != size || e->mtime_ns != mtime_ns;
    e->size = size;
    e->mtime_ns = mtime_ns;
    if (changed)
        e->probed = false;
    if (e->failed && (size != e->fail_size || mtime_ns != e->fail_mtime_ns)) {
        e->failed = false;
        free(e->fail_reason);
        e->fail_reason = NULL;
    }
}

uint64_t playlist_update(struct playlist *pl, const char *relpath, int64_t size, int64_t mtime_ns)
{
    bool found;
    size_t at = lower_bound(pl, relpath, &found);
    if (!found)
        return 0;
    set_stat(pl->by_path[at], size, mtime_ns);
    return pl->by_path[at]->id;
}

uint64_t playlist_add(struct playlist *pl, const char *relpath, int64_t size, int64_t mtime_ns,
                      bool probed)
{
    bool found;
    size_t at = lower_bound(pl, relpath, &found);
    if (found) {
        struct entry *e = pl->by_path[at];
        set_stat(e, size, mtime_ns);
        if (probed)
            e->probed = true;
        return e->id;
    }
    if (!grow(pl))
        return 0;
    struct entry *e = calloc(1, sizeof(*e));
    if (!e)
        return 0;
    e->relpath = strdup(relpath);
    e->title = make_title(relpath);
    if (!e->relpath || !e->title) {
        entry_free(e);
        return 0;
    }
    e->id = pl->last_id + 1;
    if (pl->shuffle_on && shuffle_insert(pl->sh, e->id) != 0) {
        entry_free(e);
        return 0;
    }
    pl->last_id = e->id;
    e->size = size;
    e->mtime_ns = mtime_ns;
    e->probed = probed;
    memmove(pl->by_path + at + 1, pl->by_path + at, (pl->n - at) * sizeof(*pl->by_path));
    pl->by_path[at] = e;
    pl->by_id[pl->n] = e;
    pl->n++;
    return e->id;
}

uint64_t playlist_remove(struct playlist *pl, const char *relpath)
{
    bool found;
    size_t at = lower_bound(pl, relpath, &found);
    if (!found)
        return 0;
    struct entry *e = pl->by_path[at];
    uint64_t id = e->id;
    long s = id_slot(pl, id);
    memmove(pl->by_path + at, pl->by_path + at + 1, (pl->n - at - 1) * sizeof(*pl->by_path));
    memmove(pl->by_id + s, pl->by_id + s + 1, (pl->n - (size_t)s - 1) * sizeof(*pl->by_id));
    pl->n--;
    if (pl->shuffle_on)
        shuffle_remove(pl->sh, id);
    if (id == pl->cur)
        pl->cur_removed = true;
    entry_free(e);
    return id;
}

void playlist_clear(struct playlist *pl)
{
    for (size_t i = 0; i < pl->n; i++)
        entry_free(pl->by_path[i]);
    pl->n = 0;
    pl->cur = 0;
    pl->cur_removed = false;
    free(pl->cur_path);
    pl->cur_path = NULL;
    shuffle_reset(pl->sh, NULL, 0, 0);
}

uint64_t playlist_find(const struct playlist *pl, const char *relpath)
{
    bool found;
    size_t at = lower_bound(pl, relpath, &found);
    return found ? pl->by_path[at]->id : 0;
}

long playlist_index_of(const struct playlist *pl, uint64_t id)
{
    const struct entry *e = by_id(pl, id);
    if (!e)
        return -1;
    return (long)lower_bound(pl, e->relpath, NULL);
}

static void fill_item(const struct entry *e, struct playlist_item *out)
{
    *out = (struct playlist_item){
        .id = e->id,
        .relpath = e->relpath,
        .title = e->title,
        .size = e->size,
        .mtime_ns = e->mtime_ns,
        .probed = e->probed,
        .failed = e->failed,
        .fail_reason = e->failed ? e->fail_reason : NULL,
    };
}

bool playlist_get(const struct playlist *pl, uint64_t id, struct playlist_item *out)
{
    const struct entry *e = by_id(pl, id);
    if (e)
        fill_item(e, out);
    return e != NULL;
}

bool playlist_at(const struct playlist *pl, size_t index, struct playlist_item *out)
{
    if (index >= pl->n)
        return false;
    fill_item(pl->by_path[index], out);
    return true;
}

void playlist_mark_failed(struct playlist *pl, uint64_t id, const char *reason)
{
    struct entry *e = by_id(pl, id);
    if (!e)
        return;
    char *r = strdup(reason ? reason : "failed");
    free(e->fail_reason);
    e->fail_reason = r; /* NULL on OOM: still marked, reason reported as NULL */
    e->failed = true;
    e->fail_size = e->size;
    e->fail_mtime_ns = e->mtime_ns;
}

void playlist_mark_probed(struct playlist *pl, uint64_t id)
{
    struct entry *e = by_id(pl, id);
    if (e)
        e->probed = true;
}

size_t playlist_playable_count(const struct playlist *pl)
{
    size_t k = 0;
    for (size_t i = 0; i < pl->n; i++)
        k += !pl->by_path[i]->failed;
    return k;
}

void playlist_set_current(struct playlist *pl, uint64_t id)
{
    const struct entry *e = by_id(pl, id);
    if (!e)
        id = 0;
    if (pl->cur != id || pl->cur_removed) {
        free(pl->cur_path);
        pl->cur_path = e ? strdup(e->relpath) : NULL;
    }
    pl->cur = id;
    pl->cur_removed = false;
    if (pl->shuffle_on && id)
        shuffle_set_current(pl->sh, id);
}

uint64_t playlist_current(const struct playlist *pl) { return pl->cur; }

bool playlist_current_removed(const struct playlist *pl) { return pl->cur && pl->cur_removed; }

static bool playable_cb(void *user, uint64_t id)
{
    const struct entry *e = by_id(user, id);
    return e && !e->failed;
}

/* Where to start looking from `id` in path order: *start is the index of
 * the entry itself (or, for the removed current entry, of what followed it);
 * *self tells whether index *start is `id` itself. False for unknown ids. */
static bool sorted_anchor(const struct playlist *pl, uint64_t id, size_t *start, bool *self)
{
    const struct entry *e = by_id(pl, id);
    if (e) {
        *start = lower_bound(pl, e->relpath, NULL);
        *self = true;
        return true;
    }
    if (id && id == pl->cur && pl->cur_removed && pl->cur_path) {
        *start = lower_bound(pl, pl->cur_path, NULL);
        *self = false;
        return true;
    }
    return false;
}

uint64_t playlist_next_after(struct playlist *pl, uint64_t id)
{
    if (!pl->n)
        return 0;
    if (pl->shuffle_on)
        return shuffle_next_after(pl->sh, id, playable_cb, pl);
    size_t start = 0;
    bool self = false;
    if (sorted_anchor(pl, id, &start, &self) && self)
        start++;
    for (size_t k = 0; k < pl->n; k++) {
        const struct entry *e = pl->by_path[(start + k) % pl->n];
        if (!e->failed)
            return e->id;
    }
    return 0;
}

uint64_t playlist_prev_before(struct playlist *pl, uint64_t id)
{
    if (!pl->n)
        return 0;
    if (pl->shuffle_on)
        return shuffle_prev_before(pl->sh, id, playable_cb, pl);
    size_t start = 0; /* the walk looks at start-1, start-2, … (wrapping) */
    bool self = false;
    if (!sorted_anchor(pl, id, &start, &self))
        start = 0;
    for (size_t k = 1; k <= pl->n; k++) {
        const struct entry *e = pl->by_path[(start + pl->n - (k % pl->n)) % pl->n];
        if (!e->failed)
            return e->id;
    }
    return 0;
}

void playlist_set_shuffle(struct playlist *pl, bool on)
{
    if (on == pl->shuffle_on)
        return;
    pl->shuffle_on = on;
    if (!on)
        return;
    uint64_t *ids = malloc((pl->n ? pl->n : 1) * sizeof(*ids));
    if (!ids) {
        pl->shuffle_on = false;
        return;
    }
    for (size_t i = 0; i < pl->n; i++)
        ids[i] = pl->by_path[i]->id;
    uint64_t first = pl->cur_removed ? 0 : pl->cur;
    if (shuffle_reset(pl->sh, ids, pl->n, first) != 0)
        pl->shuffle_on = false;
    free(ids);
}

bool playlist_shuffle(const struct playlist *pl) { return pl->shuffle_on; }
