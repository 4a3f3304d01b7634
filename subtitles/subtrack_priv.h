/* subtrack_priv.h — what the overlay needs from a subtrack (subtitles/
 * internals only). Main thread. */
#ifndef VITRINA_SUBTITLES_SUBTRACK_PRIV_H
#define VITRINA_SUBTITLES_SUBTRACK_PRIV_H

#include <ass/ass.h>

#include "subtitles/subtrack.h"

/* The libass track of an ASS/TEXT track (owned by t), NULL for bitmaps. */
ASS_Track *subtrack_ass_track(subtrack *t);

/* The bitmap screen to show at t_ms, or NULL for nothing. The pointer
 * stays valid until the next call that changes the track (add, flush,
 * prune in this function). Old screens are pruned here to bound memory. */
const sub_event *subtrack_bitmap_at(subtrack *t, int64_t t_ms);

/* The track's id (sublib_next_id), fixed for its lifetime. */
uint64_t subtrack_id(const subtrack *t);

/* Incremented whenever the track's content changes (events added or
 * dropped, restyled): lets the overlay notice a new track state. */
uint64_t subtrack_serial(const subtrack *t);

/* The style state the overlay last applied (key = geometry + options);
 * the overlay restyles TEXT tracks only when it changes. */
uint64_t subtrack_style_key(const subtrack *t);
void subtrack_set_style_key(subtrack *t, uint64_t key);

#endif
