/* overlay_rects.c — see overlay_rects.h. */
#include "subtitles/overlay_rects.h"

#include <stdlib.h>
#include <string.h>

/* Working clusters before the final reduction. */
#define MAX_CLUSTERS 64
/* Rectangles closer than this (pixels) are merged right away: uploading a
 * thin gap costs less than another texture update call. */
#define NEAR_GAP 16

ov_rect ovr_union(ov_rect a, ov_rect b)
{
    if (ovr_empty(a))
        return b;
    if (ovr_empty(b))
        return a;
    int x0 = a.x < b.x ? a.x : b.x;
    int y0 = a.y < b.y ? a.y : b.y;
    int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
    return (ov_rect){x0, y0, x1 - x0, y1 - y0};
}

ov_rect ovr_intersect(ov_rect a, ov_rect b)
{
    int x0 = a.x > b.x ? a.x : b.x;
    int y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    if (x1 <= x0 || y1 <= y0)
        return (ov_rect){x0, y0, 0, 0};
    return (ov_rect){x0, y0, x1 - x0, y1 - y0};
}

bool ovr_overlap(ov_rect a, ov_rect b) { return !ovr_empty(ovr_intersect(a, b)); }

static bool near(ov_rect a, ov_rect b)
{
    ov_rect g = {a.x - NEAR_GAP, a.y - NEAR_GAP, a.w + 2 * NEAR_GAP, a.h + 2 * NEAR_GAP};
    return ovr_overlap(g, b);
}

/* Area wasted by replacing a and b with their union. */
static int64_t merge_cost(ov_rect a, ov_rect b)
{
    return ovr_area(ovr_union(a, b)) - ovr_area(a) - ovr_area(b) + ovr_area(ovr_intersect(a, b));
}

static int remove_at(ov_rect *c, int n, int i)
{
    c[i] = c[n - 1];
    return n - 1;
}

/* Merge until no two clusters overlap (a union can create new overlaps,
 * so loop until stable). */
static int make_disjoint(ov_rect *c, int n)
{
    bool again = true;
    while (again) {
        again = false;
        for (int i = 0; i < n && !again; i++) {
            for (int j = i + 1; j < n; j++) {
                if (ovr_overlap(c[i], c[j])) {
                    c[i] = ovr_union(c[i], c[j]);
                    n = remove_at(c, n, j);
                    again = true;
                    break;
                }
            }
        }
    }
    return n;
}

static int reduce_to(ov_rect *c, int n, int max)
{
    while (n > max) {
        int bi = 0, bj = 1;
        int64_t best = INT64_MAX;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int64_t cost = merge_cost(c[i], c[j]);
                if (cost < best) {
                    best = cost;
                    bi = i;
                    bj = j;
                }
            }
        }
        c[bi] = ovr_union(c[bi], c[bj]);
        n = remove_at(c, n, bj);
        n = make_disjoint(c, n);
    }
    return n;
}

int ovr_merge(const ov_rect *in, int n, ov_rect *out, int max_out)
{
    ov_rect c[MAX_CLUSTERS + 1];
    int nc = 0;
    for (int i = 0; i < n; i++) {
        ov_rect r = in[i];
        if (ovr_empty(r))
            continue;
        int k = 0;
        while (k < nc && !near(c[k], r))
            k++;
        if (k < nc) {
            c[k] = ovr_union(c[k], r);
            continue;
        }
        c[nc++] = r;
        if (nc > MAX_CLUSTERS)
            nc = reduce_to(c, nc, MAX_CLUSTERS);
    }
    nc = make_disjoint(c, nc);
    nc = reduce_to(c, nc, max_out < 1 ? 1 : max_out);
    memcpy(out, c, (size_t)nc * sizeof(*c));
    return nc;
}
