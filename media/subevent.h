/* subevent.h — one decoded subtitle event, as plain C data.
 *
 * This is the hand-over format between media/ (which decodes subtitle
 * packets and sidecar files with FFmpeg) and subtitles/ (which renders them
 * with libass). It contains no FFmpeg or libass types, so subtitles/ can
 * include it without depending on FFmpeg.
 *
 * Ownership: a sub_event and everything it points to is heap memory owned by
 * whoever holds the pointer; sub_event_free() releases all of it.
 * Threading: plain data, no locking; hand it from one thread to another.
 */
#ifndef VITRINA_MEDIA_SUBEVENT_H
#define VITRINA_MEDIA_SUBEVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct sub_bitmap {
    int x, y, w, h;   /* placement in the event's canvas (see canvas_w/h) */
    int stride;       /* bytes per row of rgba */
    uint8_t *rgba;    /* w*h pixels, bytes R,G,B,A, straight (non-premultiplied) alpha */
} sub_bitmap;

typedef struct sub_event {
    int64_t start_ms;    /* on the playback time axis: 0 = the file's start */
    int64_t duration_ms; /* -1 = until the next event of the same track */
    /* Text subtitles: the body of an ASS "Dialogue:" line exactly as FFmpeg's
     * decoders emit it with sub_text_format=ass:
     * "ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text".
     * NULL for bitmap events. UTF-8. */
    char *ass;
    /* Bitmap subtitles (PGS, VobSub, DVB): coordinate space of the bitmaps
     * (0 = the video's size); nbitmaps == 0 is a "clear screen" event. */
    int canvas_w, canvas_h;
    int nbitmaps;
    sub_bitmap *bitmaps;
} sub_event;

static inline void sub_event_free(sub_event *ev)
{
    if (!ev)
        return;
    for (int i = 0; i < ev->nbitmaps; i++)
        free(ev->bitmaps[i].rgba);
    free(ev->bitmaps);
    free(ev->ass);
    free(ev);
}

#endif
