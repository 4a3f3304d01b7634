/* core_lang.h — the viewer's language applied to items (issue 6).
 *
 * One global language (a canonical code, "off", or "" = no preference)
 * chooses the subtitle track of every item as it is loaded, and again at
 * once when it changes. Audio follows the same choice when a file has
 * several audio tracks (chosen when the file is opened).
 * Threading: main thread, except core_lang_audio_chooser (reader thread,
 * reads only the item's own copy of the preferences).
 */
#ifndef VITRINA_PLAYER_CORE_LANG_H
#define VITRINA_PLAYER_CORE_LANG_H

#include <stdbool.h>

#include "media/tracks.h"

typedef struct core core;
typedef struct item item;

/* Choose the item's subtitle track for the viewer's language. With
 * `announce`, a fallback shows a notice ("Kʼicheʼ not available for this
 * video — showing Español"). Returns the chosen track index (-1 none). */
int core_lang_apply(core *c, item *it, bool announce);

/* Set the viewer's language (canonical code, "off" or ""), apply it to the
 * current and pre-rolled items and persist it. Returns 0, -1 if `code` is
 * not a known language. */
int core_lang_set(core *c, const char *code);

/* Step the viewer's language through the loop's languages (and off). */
int core_lang_cycle(core *c, bool up);

/* Remember the exact subtitle languages of a loaded item (loop-wide list). */
void core_lang_record(core *c, item *it);

/* Display name (autonym) of a language code, or the i18n "Subtitles off". */
const char *core_lang_name(core *c, const char *code);

#endif
