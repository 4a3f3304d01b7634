/* strmap.c — chained string hash map (FNV-1a); see strmap.h. */
#include "playlists/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct node {
    struct node *next;
    const char *key;
    void *val;
    uint32_t hash;
};

struct strmap {
    struct node **buckets;
    size_t n_buckets; /* power of two */
    size_t count;
};

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

struct strmap *strmap_new(void)
{
    struct strmap *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->n_buckets = 64;
    m->buckets = calloc(m->n_buckets, sizeof(*m->buckets));
    if (!m->buckets) {
        free(m);
        return NULL;
    }
    return m;
}

void strmap_free(struct strmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_buckets; i++) {
        struct node *n = m->buckets[i];
        while (n) {
            struct node *next = n->next;
            free(n);
            n = next;
        }
    }
    free(m->buckets);
    free(m);
}

static struct node **find_slot(const struct strmap *m, const char *key, uint32_t h)
{
    struct node **pp = &m->buckets[h & (m->n_buckets - 1)];
    while (*pp && ((*pp)->hash != h || strcmp((*pp)->key, key) != 0))
        pp = &(*pp)->next;
    return pp;
}

void *strmap_get(const struct strmap *m, const char *key)
{
    struct node *n = *find_slot(m, key, hash_str(key));
    return n ? n->val : NULL;
}

static void grow(struct strmap *m)
{
    size_t nb = m->n_buckets * 2;
    struct node **b = calloc(nb, sizeof(*b));
    if (!b)
        return; /* keep working with longer chains */
    for (size_t i = 0; i < m->n_buckets; i++) {
        struct node *n = m->buckets[i];
        while (n) {
            struct node *next = n->next;
            n->next = b[n->hash & (nb - 1)];
            b[n->hash & (nb - 1)] = n;
            n = next;
        }
    }
    free(m->buckets);
    m->buckets = b;
    m->n_buckets = nb;
}

int strmap_put(struct strmap *m, const char *key, void *val, void **old)
{
    uint32_t h = hash_str(key);
    struct node **pp = find_slot(m, key, h);
    if (old)
        *old = *pp ? (*pp)->val : NULL;
    if (*pp) {
        (*pp)->key = key;
        (*pp)->val = val;
        return 0;
    }
    struct node *n = malloc(sizeof(*n));
    if (!n)
        return -1;
    n->next = NULL;
    n->key = key;
    n->val = val;
    n->hash = h;
    *pp = n;
    m->count++;
    if (m->count > m->n_buckets)
        grow(m);
    return 0;
}

void *strmap_del(struct strmap *m, const char *key)
{
    struct node **pp = find_slot(m, key, hash_str(key));
    struct node *n = *pp;
    if (!n)
        return NULL;
    void *val = n->val;
    *pp = n->next;
    free(n);
    m->count--;
    return val;
}

size_t strmap_count(const struct strmap *m) { return m->count; }

bool strmap_next(const struct strmap *m, struct strmap_iter *it, const char **key, void **val)
{
    struct node *n;
    if (!it->started) {
        it->started = true;
        it->bucket = 0;
        n = m->buckets[0];
    } else {
        n = it->next;
    }
    while (!n) {
        if (++it->bucket >= m->n_buckets)
            return false;
        n = m->buckets[it->bucket];
    }
    it->next = n->next; /* fetched now so the caller may delete n */
    if (key)
        *key = n->key;
    if (val)
        *val = n->val;
    return true;
}
