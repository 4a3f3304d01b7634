/* langcache.c — see langcache.h. A small array of entries; the playlist
 * has at most a few thousand files and the union is computed on demand. */
#include "player/langcache.h"

#include <stdlib.h>
#include <string.h>

#define MAX_LANGS 16

typedef struct lc_entry {
    char *relpath;
    char codes[MAX_LANGS][LANG_CODE_SIZE];
    int n;
    bool exact;
} lc_entry;

struct langcache {
    lc_entry *e;
    size_t n, cap;
};

langcache *langcache_new(void) { return calloc(1, sizeof(langcache)); }

void langcache_free(langcache **lcp)
{
    langcache *lc = *lcp;
    if (!lc)
        return;
    for (size_t i = 0; i < lc->n; i++)
        free(lc->e[i].relpath);
    free(lc->e);
    free(lc);
    *lcp = NULL;
}

static lc_entry *find(const langcache *lc, const char *relpath)
{
    for (size_t i = 0; i < lc->n; i++)
        if (!strcmp(lc->e[i].relpath, relpath))
            return &lc->e[i];
    return NULL;
}

static lc_entry *get_or_add(langcache *lc, const char *relpath)
{
    lc_entry *e = find(lc, relpath);
    if (e)
        return e;
    if (lc->n == lc->cap) {
        size_t cap = lc->cap ? lc->cap * 2 : 64;
        lc_entry *n = realloc(lc->e, cap * sizeof(*n));
        if (!n)
            return NULL;
        lc->e = n;
        lc->cap = cap;
    }
    e = &lc->e[lc->n];
    memset(e, 0, sizeof(*e));
    if (!(e->relpath = strdup(relpath)))
        return NULL;
    lc->n++;
    return e;
}

static void add_code(lc_entry *e, const char *code)
{
    if (!code || !*code || e->n >= MAX_LANGS)
        return;
    for (int i = 0; i < e->n; i++)
        if (!strcmp(e->codes[i], code))
            return;
    strncpy(e->codes[e->n], code, LANG_CODE_SIZE - 1);
    e->codes[e->n][LANG_CODE_SIZE - 1] = '\0';
    e->n++;
}

void langcache_set(langcache *lc, const char *relpath, const char *const *codes, int n, bool exact)
{
    lc_entry *e = get_or_add(lc, relpath);
    if (!e)
        return;
    e->n = 0;
    e->exact = exact;
    for (int i = 0; i < n; i++)
        add_code(e, codes[i]);
}

void langcache_add_guess(langcache *lc, const char *relpath, const char *code)
{
    lc_entry *e = get_or_add(lc, relpath);
    if (e && !e->exact)
        add_code(e, code);
}

void langcache_remove(langcache *lc, const char *relpath)
{
    lc_entry *e = find(lc, relpath);
    if (!e)
        return;
    free(e->relpath);
    *e = lc->e[--lc->n];
}

int langcache_get(const langcache *lc, const char *relpath, const char **codes, int max)
{
    lc_entry *e = lc ? find(lc, relpath) : NULL;
    int n = 0;
    for (int i = 0; e && i < e->n && n < max; i++)
        codes[n++] = e->codes[i];
    return n;
}

size_t langcache_union(const langcache *lc, const langdb *db, const char *const *prefs, size_t nprefs,
                       lang_count **items)
{
    *items = NULL;
    size_t n = 0;
    for (size_t i = 0; i < lc->n; i++)
        for (int j = 0; j < lc->e[i].n; j++)
            if (lang_tally(db, items, &n, lc->e[i].codes[j]) < 0)
                return n;
    lang_order(db, *items, n, prefs, nprefs);
    return n;
}
