/* sublib_ass.h — the libass side of sublib, for subtitles/ internals only
 * (overlay, subtrack, osd). The player includes sublib.h, not this. */
#ifndef VITRINA_SUBTITLES_SUBLIB_ASS_H
#define VITRINA_SUBTITLES_SUBLIB_ASS_H

#include <ass/ass.h>

#include "subtitles/sublib.h"

/* The ASS_Library (owned by lib). Main thread. */
ASS_Library *sublib_ass(sublib *lib);

/* A new renderer with the library's font setup applied (ass_set_fonts is
 * called here, once per renderer). Caller owns it (ass_renderer_done).
 * Returns NULL on failure (logged). Main thread. */
ASS_Renderer *sublib_renderer_new(sublib *lib);

/* A new process-unique (per lib) id for a track or OSD, so the overlay can
 * tell objects apart even when one is freed and another gets its address.
 * Never 0. Main thread. */
uint64_t sublib_next_id(sublib *lib);

#endif
