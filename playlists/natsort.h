/* natsort.h — natural ordering of relative paths ("2" < "10").
 *
 * Paths are compared component by component ('/' separates components), so
 * "a/2.mp4" < "a/10.mp4" and everything inside folder "a" sorts before
 * "a.mp4" and "b". Within a component, runs of ASCII digits compare as
 * numbers (leading zeros ignored), everything else case-insensitively
 * (ASCII and the Latin-1 letters of UTF-8, so "Ángela" sorts with "ángela").
 * When two paths are equal under those rules ("01" vs "1", "A" vs "a"), plain
 * byte order decides, so the result is a strict total order: 0 only for
 * byte-identical strings.
 *
 * Ownership: nothing is allocated or retained. Threading: pure, any thread.
 */
#ifndef VITRINA_PLAYLISTS_NATSORT_H
#define VITRINA_PLAYLISTS_NATSORT_H

/* <0, 0, >0 like strcmp. Both arguments must be non-NULL NUL-terminated. */
int natsort_cmp(const char *a, const char *b);

/* qsort() adapter for an array of `const char *` (or `char *`). */
int natsort_qsort_cmp(const void *a, const void *b);

#endif
