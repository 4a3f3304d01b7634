/* shuffle.h — the shuffle round of a playlist: a random order of ids in
 * which every entry appears once per round (see playlist.h for the rules it
 * implements; the playlist is its only user).
 *
 * The round holds the current round's order, the position of the current
 * entry in it, and — once someone has asked what follows the last entry —
 * the next round, prepared once so repeated questions get the same answer.
 * Whether an id is playable is asked through a callback at query time, so
 * failure marks need no bookkeeping here.
 *
 * Ownership: shuffle_new() → shuffle_free() by the owner.
 * Threading: not thread-safe; same owner as the playlist (main thread).
 */
#ifndef VITRINA_PLAYLISTS_SHUFFLE_H
#define VITRINA_PLAYLISTS_SHUFFLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct shuffle;

typedef bool (*shuffle_playable_fn)(void *user, uint64_t id);

/* `seed` initialises the generator (any value). NULL when out of memory. */
struct shuffle *shuffle_new(uint64_t seed);
void shuffle_free(struct shuffle *s);

/* Start a fresh round over `ids` (copied). If `first` is non-zero and among
 * them, it is placed first and becomes the current position. Returns 0 or -1
 * when out of memory (the round is then empty). */
int shuffle_reset(struct shuffle *s, const uint64_t *ids, size_t n, uint64_t first);

/* A new entry joins the current round at a random not-yet-played place (and
 * the prepared next round, if any, anywhere but first). 0 or -1 (OOM). */
int shuffle_insert(struct shuffle *s, uint64_t id);

/* An entry leaves; if it is the current one its place is remembered so
 * shuffle_next_after() continues from there. */
void shuffle_remove(struct shuffle *s, uint64_t id);

/* The player moved to `id` (from this round or the prepared next one). */
void shuffle_set_current(struct shuffle *s, uint64_t id);

/* The id after / before `id` in round order, skipping unplayable ids;
 * `id` may be the removed current entry. 0 when nothing is playable. */
uint64_t shuffle_next_after(struct shuffle *s, uint64_t id, shuffle_playable_fn ok, void *user);
uint64_t shuffle_prev_before(struct shuffle *s, uint64_t id, shuffle_playable_fn ok, void *user);

/* The generator itself, exposed for tests: next 64-bit value. */
uint64_t shuffle_rand(struct shuffle *s);

#endif
