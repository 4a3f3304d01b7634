/* subtrack.h — one subtitle track, ready to be rendered by the overlay.
 *
 * Three kinds:
 *  - SUBTRACK_ASS: a native ASS/SSA script (a sidecar file read whole, or a
 *    Matroska ASS stream's header + events). Keeps its own styling (unless
 *    the overlay's style options say force).
 *  - SUBTRACK_TEXT: any other text format converted to ASS by FFmpeg (SRT,
 *    WebVTT, mov_text, MicroDVD, …): gets Vitrina's TV style (substyle.h)
 *    and libass's Unicode line breaking, bidi bracket pairs and whole-text
 *    layout (so Arabic joins and runs right-to-left, Devanagari and CJK
 *    shape and wrap correctly), as mpv does for converted subtitles.
 *  - SUBTRACK_BITMAP: PGS / VobSub / DVB images; each event replaces the
 *    screen of the previous one.
 * Events use the playback time axis in ms (0 = the file's start); a
 * duration of -1 means "until the next event of this track".
 *
 * Threading: main thread only (the media reader thread decodes the events
 * and hands them over through the player's queue).
 */
#ifndef VITRINA_SUBTITLES_SUBTRACK_H
#define VITRINA_SUBTITLES_SUBTRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "media/subevent.h"
#include "subtitles/sublib.h"

typedef struct subtrack subtrack;

enum subtrack_kind { SUBTRACK_ASS, SUBTRACK_TEXT, SUBTRACK_BITMAP };

enum subtrack_error {
    SUBTRACK_OK = 0,
    SUBTRACK_E_NOMEM = -1,
    SUBTRACK_E_INVALID = -2, /* not a usable ASS script / header */
    SUBTRACK_E_KIND = -3,    /* event of the wrong kind (text into bitmap track, …) */
    SUBTRACK_E_ARG = -4,
};

/* Short English reason for a subtrack_error. Pure. */
const char *subtrack_strerror(int err);

/* (a) A whole ASS/SSA file (UTF-8 bytes, len; copied). Its [Fonts] section
 * is extracted. A script with events but no styles section (which libass
 * alone refuses) is accepted as a SUBTRACK_TEXT track with the TV style.
 * Returns SUBTRACK_OK, SUBTRACK_E_INVALID (not a script: no events, no
 * styles) or SUBTRACK_E_NOMEM. Caller owns *out. `lib` must outlive the
 * track. */
int subtrack_new_ass_file(subtrack **out, sublib *lib, const char *data, size_t len);

/* (b) A decoder's ASS header (media/subdec.h subdec_ass_header or
 * subdec_file.ass_header; copied) for a stream of text events.
 * `native_ass` = the header is the file's own ASS/SSA header (keep its
 * styling); false = converted text (TV style). A damaged header is
 * tolerated (libass falls back to a default style and event format).
 * Events are read in FFmpeg's fixed Dialogue layout (Layer/Marked, Style,
 * Name, margins, Effect, Text after ReadOrder) even when the header's
 * "Format:" line says otherwise (seen in Matroska SSA tracks).
 * Caller owns *out. */
int subtrack_new_text(subtrack **out, sublib *lib, const char *ass_header, size_t len,
                      bool native_ass);

/* (c) An empty bitmap track. Caller owns *out. */
int subtrack_new_bitmap(subtrack **out, sublib *lib);

/* Free the track (and every event it holds); *t = NULL. NULL-safe. */
void subtrack_free(subtrack **t);

enum subtrack_kind subtrack_kind(const subtrack *t);

/* Add one event; takes ownership of `ev` in every case (freed on error).
 * Text tracks need ev->ass; bitmap tracks take ev->bitmaps (nbitmaps == 0
 * clears the screen). A text event already present (same ReadOrder, see
 * media/subdec.h) is dropped silently. A text event with duration -1 ends
 * when the next later event starts. Returns SUBTRACK_OK or an error. */
int subtrack_add_event(subtrack *t, sub_event *ev);

/* Drop every event (e.g. after a seek, before re-feeding). Styles and
 * fonts stay. */
void subtrack_flush(subtrack *t);

/* Bitmap tracks: drop every screen before the one that shows at t_ms
 * (that one and later ones stay). For a bitmap track that is not on
 * screen but is kept fed (so that selecting it shows the current screen
 * at once) — its events would otherwise pile up. Returns the number
 * dropped (0 for other kinds). */
int subtrack_bitmap_trim(subtrack *t, int64_t t_ms);

/* Number of events currently held (bitmap tracks prune old screens). */
int subtrack_event_count(const subtrack *t);

#endif
