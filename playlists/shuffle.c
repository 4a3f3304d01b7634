/* shuffle.c — shuffle rounds; see shuffle.h. */
#include "playlists/shuffle.h"

#include <stdlib.h>
#include <string.h>

struct idvec {
    uint64_t *v;
    size_t n, cap;
};

struct shuffle {
    uint64_t rng;
    struct idvec order;  /* the current round */
    struct idvec next;   /* the prepared next round (valid when has_next) */
    bool has_next;
    uint64_t next_first; /* the answer given from the prepared round */
    long pos;            /* index of the current entry in order, -1 = none */
    bool pos_removed;    /* the current entry left; order[pos] is what followed it */
    uint64_t cur;        /* id of the current entry (0 = none) */
};

uint64_t shuffle_rand(struct shuffle *s)
{
    /* splitmix64: tiny, full period, good enough for playlist order. */
    uint64_t z = (s->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform-enough integer in [lo, hi] (inclusive). */
static size_t rand_between(struct shuffle *s, size_t lo, size_t hi)
{
    return lo + (size_t)(shuffle_rand(s) % (uint64_t)(hi - lo + 1));
}

static int idvec_reserve(struct idvec *v, size_t n)
{
    if (n <= v->cap)
        return 0;
    size_t ncap = v->cap ? v->cap : 16;
    while (ncap < n)
        ncap *= 2;
    uint64_t *nv = realloc(v->v, ncap * sizeof(*nv));
    if (!nv)
        return -1;
    v->v = nv;
    v->cap = ncap;
    return 0;
}

static int idvec_insert_at(struct idvec *v, size_t at, uint64_t id)
{
    if (idvec_reserve(v, v->n + 1) != 0)
        return -1;
    memmove(v->v + at + 1, v->v + at, (v->n - at) * sizeof(*v->v));
    v->v[at] = id;
    v->n++;
    return 0;
}

static long idvec_find(const struct idvec *v, uint64_t id)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->v[i] == id)
            return (long)i;
    return -1;
}

static void idvec_remove_at(struct idvec *v, size_t at)
{
    memmove(v->v + at, v->v + at + 1, (v->n - at - 1) * sizeof(*v->v));
    v->n--;
}

static void permute(struct shuffle *s, uint64_t *v, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = rand_between(s, 0, i - 1);
        uint64_t t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}

struct shuffle *shuffle_new(uint64_t seed)
{
    struct shuffle *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->rng = seed;
    s->pos = -1;
    return s;
}

void shuffle_free(struct shuffle *s)
{
    if (!s)
        return;
    free(s->order.v);
    free(s->next.v);
    free(s);
}

int shuffle_reset(struct shuffle *s, const uint64_t *ids, size_t n, uint64_t first)
{
    s->order.n = 0;
    s->has_next = false;
    s->pos = -1;
    s->pos_removed = false;
    s->cur = 0;
    if (idvec_reserve(&s->order, n) != 0)
        return -1;
    if (n)
        memcpy(s->order.v, ids, n * sizeof(*ids));
    s->order.n = n;
    permute(s, s->order.v, n);
    long f = first ? idvec_find(&s->order, first) : -1;
    if (f >= 0) {
        s->order.v[f] = s->order.v[0];
        s->order.v[0] = first;
        s->pos = 0;
        s->cur = first;
    }
    return 0;
}

int shuffle_insert(struct shuffle *s, uint64_t id)
{
    /* Not yet played in this round: after the current position. */
    size_t lo = s->pos < 0 ? 0 : (size_t)s->pos + (s->pos_removed ? 0 : 1);
    if (lo > s->order.n)
        lo = s->order.n;
    if (idvec_insert_at(&s->order, rand_between(s, lo, s->order.n), id) != 0)
        return -1;
    if (s->has_next) {
        size_t nlo = s->next.n ? 1 : 0;
        if (idvec_insert_at(&s->next, rand_between(s, nlo, s->next.n), id) != 0) {
            s->has_next = false; /* will be prepared again when needed */
        }
    }
    return 0;
}

void shuffle_remove(struct shuffle *s, uint64_t id)
{
    long q = idvec_find(&s->order, id);
    if (q >= 0) {
        idvec_remove_at(&s->order, (size_t)q);
        if (s->pos >= 0) {
            if (q < s->pos)
                s->pos--;
            else if (q == s->pos && !s->pos_removed)
                s->pos_removed = true; /* order[pos] is now what followed it */
        }
    }
    if (s->has_next) {
        long r = idvec_find(&s->next, id);
        if (r >= 0)
            idvec_remove_at(&s->next, (size_t)r);
    }
}

void shuffle_set_current(struct shuffle *s, uint64_t id)
{
    long q = idvec_find(&s->order, id);
    bool in_rest = q >= 0 && (s->pos < 0 || q > s->pos || (s->pos_removed && q == s->pos));
    if (!in_rest && s->has_next && id == s->next_first) {
        long r = idvec_find(&s->next, id);
        if (r >= 0) {
            /* The player went where next_after() pointed: a new round. */
            struct idvec t = s->order;
            s->order = s->next;
            s->next = t;
            s->next.n = 0;
            s->has_next = false;
            q = r;
        }
    }
    s->cur = id;
    s->pos = q;
    s->pos_removed = false;
}

/* Prepare the next round: a fresh permutation of this round's ids whose first
 * playable id is not `last` (unless it is the only playable one). */
static int prepare_next(struct shuffle *s, uint64_t last, shuffle_playable_fn ok, void *user)
{
    if (idvec_reserve(&s->next, s->order.n) != 0)
        return -1;
    if (s->order.n)
        memcpy(s->next.v, s->order.v, s->order.n * sizeof(*s->order.v));
    s->next.n = s->order.n;
    permute(s, s->next.v, s->next.n);
    size_t first = 0;
    while (first < s->next.n && !ok(user, s->next.v[first]))
        first++;
    if (last && first < s->next.n && s->next.v[first] == last) {
        /* Swap it with a random later playable id, if there is one. */
        size_t n_after = 0;
        for (size_t i = first + 1; i < s->next.n; i++)
            n_after += ok(user, s->next.v[i]);
        size_t pick = n_after ? rand_between(s, 1, n_after) : 0;
        for (size_t i = first + 1; pick && i < s->next.n; i++) {
            if (ok(user, s->next.v[i]) && --pick == 0) {
                s->next.v[first] = s->next.v[i];
                s->next.v[i] = last;
            }
        }
    }
    s->has_next = true;
    return 0;
}

uint64_t shuffle_next_after(struct shuffle *s, uint64_t id, shuffle_playable_fn ok, void *user)
{
    size_t start = 0;
    uint64_t last = id;
    if (id && id == s->cur && s->pos >= 0) {
        start = (size_t)s->pos + (s->pos_removed ? 0 : 1);
    } else {
        long q = id ? idvec_find(&s->order, id) : -1;
        if (q >= 0)
            start = (size_t)q + 1;
    }
    for (size_t i = start; i < s->order.n; i++)
        if (ok(user, s->order.v[i]))
            return s->order.v[i];
    /* End of the round: the next round starts. */
    if (!s->has_next && prepare_next(s, last, ok, user) != 0)
        return 0;
    for (size_t i = 0; i < s->next.n; i++)
        if (ok(user, s->next.v[i]))
            return s->next_first = s->next.v[i];
    return 0;
}

uint64_t shuffle_prev_before(struct shuffle *s, uint64_t id, shuffle_playable_fn ok, void *user)
{
    size_t n = s->order.n;
    if (!n)
        return 0;
    size_t start = n; /* exclusive upper bound of the backwards walk */
    if (id && id == s->cur && s->pos >= 0) {
        start = (size_t)s->pos;
    } else {
        long q = id ? idvec_find(&s->order, id) : -1;
        if (q >= 0)
            start = (size_t)q;
    }
    /* Walk backwards from start-1, wrapping to the round's end. */
    for (size_t k = 1; k <= n; k++) {
        size_t i = (start + n - k) % n;
        if (ok(user, s->order.v[i]))
            return s->order.v[i];
    }
    return 0;
}
