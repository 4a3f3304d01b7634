/* lang_order.c — counting and ordering languages for available-languages. */
#include "subtitles/lang_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lang_tally(const langdb *db, lang_count **items, size_t *n, const char *tag)
{
    char code[LANG_CODE_SIZE];
    if (!lang_canon(db, tag, code))
        return 0;
    for (size_t i = 0; i < *n; i++) {
        if (strcmp((*items)[i].code, code) == 0) {
            (*items)[i].count++;
            return 1;
        }
    }
    lang_count *ni = realloc(*items, (*n + 1) * sizeof(*ni));
    if (!ni)
        return -1;
    *items = ni;
    snprintf(ni[*n].code, sizeof(ni[*n].code), "%s", code);
    ni[*n].count = 1;
    (*n)++;
    return 1;
}

typedef struct ranked {
    lang_count item;
    size_t rank; /* position in prefs, or nprefs when absent */
} ranked;

static int ranked_cmp(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->item.count != b->item.count)
        return a->item.count > b->item.count ? -1 : 1;
    return strcmp(a->item.code, b->item.code);
}

void lang_order(const langdb *db, lang_count *items, size_t n, const char *const *prefs, size_t nprefs)
{
    if (n < 2)
        return;
    ranked *r = malloc(n * sizeof(*r));
    if (!r)
        return; /* no memory: the order stays as it was */
    for (size_t i = 0; i < n; i++) {
        r[i].item = items[i];
        r[i].rank = nprefs;
        char code[LANG_CODE_SIZE];
        if (!lang_canon(db, items[i].code, code))
            snprintf(code, sizeof(code), "%s", items[i].code);
        for (size_t k = 0; k < nprefs; k++) {
            char pc[LANG_CODE_SIZE];
            if (lang_canon(db, prefs[k], pc) && strcmp(pc, code) == 0) {
                r[i].rank = k;
                break;
            }
        }
    }
    qsort(r, n, sizeof(*r), ranked_cmp);
    for (size_t i = 0; i < n; i++)
        items[i] = r[i].item;
    free(r);
}
