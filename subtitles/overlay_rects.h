/* overlay_rects.h — rectangle helpers of the overlay (subtitles/ internals;
 * exposed for unit tests). Pure functions, any thread. */
#ifndef VITRINA_SUBTITLES_OVERLAY_RECTS_H
#define VITRINA_SUBTITLES_OVERLAY_RECTS_H

#include <stdbool.h>
#include <stdint.h>

#include "subtitles/overlay.h"

static inline bool ovr_empty(ov_rect r) { return r.w <= 0 || r.h <= 0; }
static inline int64_t ovr_area(ov_rect r) { return ovr_empty(r) ? 0 : (int64_t)r.w * r.h; }

/* Smallest rectangle holding both (an empty one is ignored). */
ov_rect ovr_union(ov_rect a, ov_rect b);
/* Intersection (w/h 0 if none). */
ov_rect ovr_intersect(ov_rect a, ov_rect b);
bool ovr_overlap(ov_rect a, ov_rect b);

/* Merge `n` rectangles (empty ones skipped) into at most `max_out`
 * pairwise disjoint rectangles covering all of them, written to `out`
 * (room for max_out). Nearby rectangles are merged first, then the pair
 * whose union wastes the least area until the count fits. Returns the
 * count. max_out must be >= 1. */
int ovr_merge(const ov_rect *in, int n, ov_rect *out, int max_out);

#endif
