/* osd_priv.h — subtitles/ internals of the OSD: what the overlay needs
 * from it, and the pieces shared by osd.c and osd_picker.c.
 * Threading: main thread only. */
#ifndef VITRINA_SUBTITLES_OSD_PRIV_H
#define VITRINA_SUBTITLES_OSD_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <ass/ass.h>

#include "subtitles/osd.h"
#include "subtitles/sublib.h"

/* OSD script units: PlayResY is fixed, PlayResX follows the output aspect
 * so nothing is stretched. Sizes are in 1/1000 of the output height. */
#define OSD_RES_Y 1000

/* The OSD's ASS track laid out for an output of out_w × out_h (events
 * rebuilt only when text or the output aspect changed), or NULL when no
 * layer holds text. Owned by the osd. Render it at time 0. */
ASS_Track *osd_track_for(osd *o, int out_w, int out_h);

/* The osd's id (sublib_next_id), fixed for its lifetime. */
uint64_t osd_id(const osd *o);

/* Append one event that lasts "for ever" to t (text copied). 0 or -1. */
int osd_add_event(ASS_Track *t, int layer, int style, const char *text);

/* ---- osd_measure.c: widths of lines of text, from libass ----------- */

typedef struct osd_measure osd_measure;
typedef struct osd_mline {
    const char *text;  /* escaped ASS text, no line breaks */
    double size;       /* font size, script units */
    bool bold;
} osd_mline;

/* A measurer using its own renderer of `lib` (made at the first
 * measurement). Caller owns it (osd_measure_free). NULL on OOM. */
osd_measure *osd_measure_new(sublib *lib);
void osd_measure_free(osd_measure *m);  /* NULL is fine */

/* Advance width of each line in script units of a PlayResY-1000 script
 * (`resx` only keys the cache), into widths[0..n). The last answer is
 * cached. Returns 0, or -1 when libass cannot measure (widths untouched). */
int osd_measure_widths(osd_measure *m, int resx, const osd_mline *lines, int n, double *widths);

/* ---- osd_picker.c: the language picker panel ----------------------- */

typedef struct osd_picker osd_picker;

/* A picker model from osd_set_picker's arguments (strings escaped and
 * copied). Caller owns it (osd_picker_free). NULL when out of memory. */
osd_picker *osd_picker_new(const char *title, const char *const *rows, int nrows, int selected,
                           const char *footer);
void osd_picker_free(osd_picker *p);  /* NULL is fine */
bool osd_picker_equal(const osd_picker *a, const osd_picker *b);  /* pure */

/* Add the picker's events to `t` (PlayResX/Y already set), in style
 * `text_style` (centred, no outline), on ASS layers `layer`..`layer`+2,
 * inside `safe_pct` % margins; line widths from `m` (NULL: guessed).
 * 0 or -1 (OOM). */
int osd_picker_add_events(const osd_picker *p, ASS_Track *t, osd_measure *m, int text_style, int layer,
                          double safe_pct);

#endif
