/* langcache.h — which subtitle languages each playlist entry has, so that
 * the viewer can pick from the languages of the whole loop, not just the
 * video on screen.
 *
 * Filled from two sources: the sidecar file names found by the folder scan
 * (cheap, known at once) and the exact track list of every item once it
 * was opened (embedded tracks included), which replaces the guess.
 * Threading: main thread only. Ownership: the cache copies every string.
 */
#ifndef VITRINA_PLAYER_LANGCACHE_H
#define VITRINA_PLAYER_LANGCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "subtitles/lang.h"

typedef struct langcache langcache;

langcache *langcache_new(void);
void langcache_free(langcache **lc);

/* Replace the languages known for `relpath` (canonical codes). `exact` =
 * from the opened file (a later guess will not overwrite it). */
void langcache_set(langcache *lc, const char *relpath, const char *const *codes, int n, bool exact);
/* Add one language guessed from a sidecar name (ignored if exact). */
void langcache_add_guess(langcache *lc, const char *relpath, const char *code);
void langcache_remove(langcache *lc, const char *relpath);

/* Languages of one entry (NULL-safe; n = 0 if unknown). */
int langcache_get(const langcache *lc, const char *relpath, const char **codes, int max);

/* The union over all entries, ordered: configured `prefs` first (in order),
 * then by how many entries have it, then by code. *items is malloc'd
 * (free()). Returns the count. */
size_t langcache_union(const langcache *lc, const langdb *db, const char *const *prefs, size_t nprefs,
                       lang_count **items);

#endif
