/* osd_priv.h — what the overlay needs from the OSD (subtitles/ internals).
 * Main thread. */
#ifndef VITRINA_SUBTITLES_OSD_PRIV_H
#define VITRINA_SUBTITLES_OSD_PRIV_H

#include <stdint.h>

#include <ass/ass.h>

#include "subtitles/osd.h"

/* The OSD's ASS track laid out for an output of out_w × out_h (events
 * rebuilt only when text or the output aspect changed), or NULL when no
 * layer holds text. Owned by the osd. Render it at time 0. */
ASS_Track *osd_track_for(osd *o, int out_w, int out_h);

/* The osd's id (sublib_next_id), fixed for its lifetime. */
uint64_t osd_id(const osd *o);

#endif
