/* strmap.h — a small string-keyed hash map (chained, grows as needed).
 *
 * Keys are NOT copied: each key must stay valid and unchanged while its
 * value is in the map (the usual use is a key that lives inside the value,
 * e.g. an entry's own relpath). Values are opaque pointers; the map never
 * frees them.
 *
 * Ownership: strmap_new() → strmap_free() by the caller.
 * Threading: not thread-safe; one owner at a time.
 */
#ifndef VITRINA_PLAYLISTS_STRMAP_H
#define VITRINA_PLAYLISTS_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strmap;

struct strmap *strmap_new(void); /* NULL when out of memory */
void strmap_free(struct strmap *m);

/* The value for `key`, or NULL. */
void *strmap_get(const struct strmap *m, const char *key);

/* Insert or replace. Returns the previous value for `key` (NULL if none) via
 * *old when old != NULL. Returns 0, or -1 when out of memory (map unchanged). */
int strmap_put(struct strmap *m, const char *key, void *val, void **old);

/* Remove `key`; returns its value or NULL. */
void *strmap_del(struct strmap *m, const char *key);

/* Number of keys. */
size_t strmap_count(const struct strmap *m);

/* Iteration: start with `struct strmap_iter it = {0};`, then
 * `while (strmap_next(m, &it, &key, &val))`. The current element may be
 * removed with strmap_del() during iteration; other changes are not allowed. */
struct strmap_iter {
    size_t bucket;
    void *next; /* internal */
    bool started;
};
bool strmap_next(const struct strmap *m, struct strmap_iter *it, const char **key, void **val);

#endif
