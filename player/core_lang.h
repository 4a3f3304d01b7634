/* core_lang.h — the viewer's language applied to items (issue 6).
 *
 * One global language (a canonical code, "off", or "" = no preference)
 * chooses the subtitle track of every item as it is loaded, and again at
 * once when it changes (player/langsel.h has the rules). Audio follows the
 * same choice when a file has several audio tracks: media/ picks it when a
 * file is opened (the core passes the viewer's and the configured
 * languages), and a change of language reopens the playing file with the
 * matching track and pre-rolls the next one again.
 *
 * Threading: main thread only (the core's state).
 */
#ifndef VITRINA_PLAYER_CORE_LANG_H
#define VITRINA_PLAYER_CORE_LANG_H

#include <stdbool.h>

#include "media/tracks.h"

typedef struct core core;
typedef struct item item;

/* Choose the item's subtitle track for the viewer's language. With
 * `announce`, a fallback shows a notice ("Kʼicheʼ not available for this
 * video — showing Español", in the viewer's language when translated) and
 * sets *fell_back (may be NULL). Returns the chosen track index (-1 none).
 * The item stays owned by the caller. */
int core_lang_apply_ex(core *c, item *it, bool announce, bool *fell_back);
int core_lang_apply(core *c, item *it, bool announce);

/* The audio stream (container index) the viewer's language asks for in a
 * READY item with at least two decodable audio tracks; -1 otherwise. */
int core_lang_audio_choice(core *c, item *it);

/* Set the viewer's language (any tag form, "off" or ""), apply it to the
 * current item (subtitles at once, audio by reopening) and the pre-rolled
 * one, and persist it. *fell_back (may be NULL): the current video lacks
 * it and a notice says so. Returns 0, -1 if `code` is not a language. */
int core_lang_set_ex(core *c, const char *code, bool *fell_back);
int core_lang_set(core *c, const char *code);

/* Step the viewer's language through the loop's languages, then off. */
int core_lang_cycle_ex(core *c, bool up, bool *fell_back);
int core_lang_cycle(core *c, bool up);

/* Remember the exact subtitle languages of a loaded item (loop-wide list). */
void core_lang_record(core *c, item *it);

/* Display name of a language: the config's [language-names], else a
 * built-in name for languages iso-codes has no autonym for (ht, quc, …),
 * else the iso-codes autonym; "off"/"" give the translated "Subtitles
 * off". The string lives as long as the core. */
const char *core_lang_name(core *c, const char *code);

#endif
