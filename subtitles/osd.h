/* osd.h — all on-screen text of Vitrina, as ASS events.
 *
 * The idle screen, corner notices, the info line, the language picker and
 * the title card of audio-only files are events on one ASS track of their
 * own, rendered by the overlay (overlay.h) with its second libass renderer:
 * one text path for subtitles and OSD, with the same fonts and complex-
 * script support (autonyms such as "العربية" or "Kʼicheʼ" shape correctly).
 *
 * Layers (each holds at most one text; a layer's style is fixed):
 *   OSD_LAYER_TITLE   title card: text centred over a full-screen black
 *                     background (audio-only files), drawn below the rest
 *   OSD_LAYER_IDLE    idle screen text, centred, on a translucent box
 *   OSD_LAYER_INFO    info line, top centre (title, "3 / 12", time, language)
 *   OSD_LAYER_NOTICE  short notice, top-left corner (kept clear of the
 *                     subtitles; pushed below the info line if they meet)
 *   OSD_LAYER_PICKER  language picker: one uniform near-opaque panel,
 *                     centred, rows at a fixed pitch, the highlighted row a
 *                     full-width white bar (osd_picker.c)
 * Sizes are relative to the output height (font size = line height: info
 * and idle 6 %, picker rows 6.4 %, notice 5.5 %, title 8 %; the ink of a
 * line of ordinary text such as "Español" spans ≥ 4 % of the screen height
 * for the picker and info), white on a dark box, inside the TV-safe area
 * (5 % of each edge; see osd_set_safe_area). The player sets and clears
 * layers and owns all timeouts; the OSD only renders what is set.
 *
 * Threading: main thread only.
 */
#ifndef VITRINA_SUBTITLES_OSD_H
#define VITRINA_SUBTITLES_OSD_H

#include <stdbool.h>
#include <stddef.h>

#include "subtitles/sublib.h"

typedef struct osd osd;

enum osd_layer {
    OSD_LAYER_TITLE = 0,
    OSD_LAYER_IDLE,
    OSD_LAYER_INFO,
    OSD_LAYER_NOTICE,
    OSD_LAYER_PICKER,
    OSD_LAYER_COUNT
};

/* Create an empty OSD. Caller owns *out; `lib` must outlive it.
 * Returns 0 or -1 (out of memory). */
int osd_new(osd **out, sublib *lib);
void osd_free(osd **o);

/* Set a layer's text, in ASS event syntax (override tags such as {\b1}
 * allowed, "\N" = new line). Put user strings through osd_escape first.
 * NULL or "" clears the layer. The text is copied. Returns 0 or -1 (out of
 * memory; the layer keeps its previous text). */
int osd_set_layer(osd *o, enum osd_layer layer, const char *ass_text);

/* Same with plain UTF-8 text (escaped here; '\n' = new line). */
int osd_set_layer_plain(osd *o, enum osd_layer layer, const char *text);

/* The language picker: an optional title line, `nrows` rows (plain UTF-8,
 * escaped here) with row `selected` highlighted (black on white; -1 =
 * none), and an optional footer line in smaller text (e.g. which languages
 * this video has). Rows that do not fit the safe area scroll (the
 * highlighted one stays visible); lines too wide are squeezed. Replaces
 * OSD_LAYER_PICKER; setting the same picker again changes nothing. All
 * strings are copied. Returns 0 or -1 (out of memory). */
int osd_set_picker(osd *o, const char *title, const char *const *rows, int nrows, int selected,
                   const char *footer);

/* Clear one layer / all layers. */
void osd_clear(osd *o, enum osd_layer layer);
void osd_clear_all(osd *o);

/* True when no layer holds text. */
bool osd_is_empty(const osd *o);

/* The TV-safe margin in % of each edge (default 5, clamped to 0..20). */
void osd_set_safe_area(osd *o, double pct);

/* Escape a user string (file name, title, …) for use inside ASS text:
 * '{' and '}' become literal braces, a backslash can no longer start an
 * escape (it is followed by U+2060 WORD JOINER, which is invisible), '\n'
 * becomes a line break "\N", '\r' and other C0 controls are dropped.
 * Returns a new string owned by the caller (free()), or NULL if out of
 * memory. Pure; any thread. */
char *osd_escape(const char *text);

#endif
