/* core_screens.h — the on-screen texts the core shows through the OSD:
 * the idle screen (nothing playable), the title card of audio-only files,
 * and short corner notices. All drawn as ASS events by subtitles/osd, in
 * the viewer's language (player/i18n).
 * Threading: main thread only.
 */
#ifndef VITRINA_PLAYER_CORE_SCREENS_H
#define VITRINA_PLAYER_CORE_SCREENS_H

#include <stdbool.h>

typedef struct core core;

/* Refresh the idle screen and title card from the core's state and expire
 * notices. Call every loop turn (cheap when nothing changed). Each change
 * of a layer's text is logged at verbose level ("screens: idle screen: …",
 * new lines as " | ") — the tests read the screen's wording from there. */
void screens_update(core *c, double now);

/* Show `text` (plain UTF-8, copied) in the corner notice for `seconds`,
 * replacing any notice shown now. */
void screens_notice(core *c, const char *text, double seconds);

/* The language the on-screen texts use now (viewer's, else the first
 * configured, else English). The string belongs to the core. */
const char *screens_lang(core *c);

#endif
