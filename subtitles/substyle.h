/* substyle.h — Vitrina's subtitle style for a TV seen across a room.
 *
 * Text formats that are not native ASS (SRT, WebVTT, mov_text, MicroDVD, …)
 * get this style instead of FFmpeg's small default: white text with a dark
 * outline and a soft shadow (or a translucent dark box), its line height a
 * percentage of the SCREEN height (not the video's: a letterboxed film gets
 * the same size as a full-screen one), bottom-centred, inside the TV-safe
 * area. Native ASS/SSA keep their own styling unless `force` is set; then
 * this style is applied through libass's selective style override.
 *
 * Threading: main thread (like all of subtitles/). Pure functions except
 * where they write into the ASS objects passed in.
 */
#ifndef VITRINA_SUBTITLES_SUBSTYLE_H
#define VITRINA_SUBTITLES_SUBSTYLE_H

#include <stdbool.h>

#define SUBSTYLE_DEFAULT_SCALE 5.5     /* % of screen height (option subtitle-scale) */
#define SUBSTYLE_DEFAULT_SAFE_AREA 5.0 /* % of each screen edge (option safe-area) */

typedef struct substyle_opts {
    double scale_pct;     /* text line height, % of screen height; 1..30 */
    double safe_area_pct; /* kept clear at every screen edge, %; 0..20 */
    bool box;             /* translucent dark box behind text (subtitle-style=box) */
    bool force;           /* also restyle native ASS/SSA (subtitle-style=force) */
} substyle_opts;

/* Defaults: 5.5 %, 5 %, outline (no box), ASS keeps its styling. Pure. */
void substyle_opts_default(substyle_opts *o);

/* Parse the `subtitle-style` option: "normal" (or "outline"), "box",
 * "force", or "force,box" / "box,force". Sets o->box/o->force. Returns 0,
 * or -1 for anything else (o unchanged). Pure. */
int substyle_parse_mode(const char *value, substyle_opts *o);

/* Clamp scale_pct and safe_area_pct into their ranges (NaN → defaults).
 * Pure. */
void substyle_sanitize(substyle_opts *o);

/* Where the style is drawn: the output (screen) size and the rectangle of
 * the video inside it, in output pixels. */
typedef struct substyle_geom {
    int out_w, out_h;
    int video_w, video_h; /* displayed video size in output pixels (> 0) */
} substyle_geom;

#endif
