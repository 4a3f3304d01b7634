/* playlist.h — the live playlist: entries in natural path order, stable ids,
 * failure marks, "what comes next" (looping, optional shuffle).
 *
 * Entries are identified by a uint64 id that is never reused (0 means
 * "none"). Paths are relative to MEDIA_DIR; each path appears at most once.
 *
 * Current entry: the player tells the playlist which entry is playing
 * (playlist_set_current). If that entry is removed, the playlist keeps its
 * old position, so playlist_next_after(current) still answers what follows
 * it (like mpv's current_was_replaced), and playlist_current_removed() says
 * that it happened (end-file reason "removed").
 *
 * Failure marks: an entry that failed to open/decode is marked with a reason
 * and the file's size/mtime at that moment; it is skipped by next/prev until
 * playlist_add()/playlist_update() reports a different size or mtime.
 * When every entry is failed (or the list is empty), next/prev return 0 so
 * the player shows its idle screen instead of spinning.
 *
 * Shuffle: each round plays every non-failed entry once in a fresh random
 * order; a new round never starts with the entry that ended the previous
 * one (when there are two or more). Entries added mid-round join the current
 * round at a random place among those not yet played; removals keep the
 * round going. The random generator is seeded by the caller (testable).
 *
 * Ownership: playlist_new() → playlist_free() by the caller; strings passed
 * in are copied; strings returned in struct playlist_item point into the
 * playlist and stay valid until the next call that modifies it.
 * Threading: NOT thread-safe. Owned by the player's main thread; other
 * threads send it commands (watch.h's records), never call it directly.
 */
#ifndef VITRINA_PLAYLISTS_PLAYLIST_H
#define VITRINA_PLAYLISTS_PLAYLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct playlist;

/* A read-only view of one entry (see ownership note above). */
struct playlist_item {
    uint64_t id;
    const char *relpath;
    const char *title;       /* file name without folder and extension */
    int64_t size;
    int64_t mtime_ns;
    bool probed;             /* the background probe confirmed it plays */
    bool failed;             /* marked failed and not retried yet */
    const char *fail_reason; /* NULL unless failed */
};

/* `seed` seeds the shuffle generator. NULL when out of memory. */
struct playlist *playlist_new(uint64_t seed);
void playlist_free(struct playlist *pl);

/* Number of entries (failed ones included). */
size_t playlist_count(const struct playlist *pl);

/* Insert at the natural-sort place and return the new id. If `relpath` is
 * already present this is playlist_update() (plus `probed` when true) and its
 * existing id is returned. Returns 0 when out of memory. */
uint64_t playlist_add(struct playlist *pl, const char *relpath, int64_t size, int64_t mtime_ns,
                      bool probed);

/* Record new size/mtime for `relpath`; a changed value clears a failure mark
 * and the probed flag. Returns the id, or 0 if not present. */
uint64_t playlist_update(struct playlist *pl, const char *relpath, int64_t size, int64_t mtime_ns);

/* Remove by path. Returns the removed id, or 0 if not present. */
uint64_t playlist_remove(struct playlist *pl, const char *relpath);

/* Remove everything (current position is forgotten too). */
void playlist_clear(struct playlist *pl);

/* Lookups. find/index return 0 / -1 when absent; get/at return false. */
uint64_t playlist_find(const struct playlist *pl, const char *relpath);
long playlist_index_of(const struct playlist *pl, uint64_t id);
bool playlist_get(const struct playlist *pl, uint64_t id, struct playlist_item *out);
bool playlist_at(const struct playlist *pl, size_t index, struct playlist_item *out);

/* Marks. `reason` is copied. mark_failed on an unknown id is a no-op. */
void playlist_mark_failed(struct playlist *pl, uint64_t id, const char *reason);
void playlist_mark_probed(struct playlist *pl, uint64_t id);
/* Number of entries that are not failed. */
size_t playlist_playable_count(const struct playlist *pl);

/* The entry now playing (0 = none). Setting it also advances the shuffle
 * round to that entry. */
void playlist_set_current(struct playlist *pl, uint64_t id);
uint64_t playlist_current(const struct playlist *pl);
/* True when the current entry has been removed since it was set. */
bool playlist_current_removed(const struct playlist *pl);

/* What plays after / before `id`, skipping failed entries and wrapping
 * around (a single playable entry follows itself). `id` may be the current
 * entry even after its removal; for any other unknown id (or 0) the answer
 * is the first / last playable entry. 0 when nothing is playable.
 * In shuffle mode "after" follows the round order (and may prepare the next
 * round, deterministically: asking twice gives the same answer). */
uint64_t playlist_next_after(struct playlist *pl, uint64_t id);
uint64_t playlist_prev_before(struct playlist *pl, uint64_t id);

/* Turn shuffle on/off. Turning it on starts a new round that continues
 * from the current entry. */
void playlist_set_shuffle(struct playlist *pl, bool on);
bool playlist_shuffle(const struct playlist *pl);

#endif
