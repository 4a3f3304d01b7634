/* frameq.h — small ring of decoded frames between a decoder and the output.
 *
 * Fixed capacity (e.g. 3 video pictures, 9 audio frames). The writer (decoder
 * thread) blocks in frameq_peek_writable until a slot is free; the reader
 * (main thread for video, audio callback for audio) peeks without blocking
 * and releases with frameq_next. Each slot carries the serial of the packet
 * the frame came from, its pts/duration in seconds on the playback time axis
 * (0 = file start) and an end-of-stream mark.
 * Threading: one writer thread and one reader thread; all functions are
 * thread-safe. Ownership: frames in the queue belong to it; peek() lends them.
 */
#ifndef VITRINA_MEDIA_FRAMEQ_H
#define VITRINA_MEDIA_FRAMEQ_H

#include <stdbool.h>

struct AVFrame;

typedef struct qframe {
    struct AVFrame *frame; /* NULL for an end-of-stream marker */
    double pts;            /* seconds, playback axis; NAN if unknown */
    double duration;       /* seconds (best guess) */
    int serial;
    bool eos;              /* end of stream for this serial */
} qframe;

typedef struct frameq frameq;

/* Create with `capacity` slots (1..32). NULL on ENOMEM. */
frameq *frameq_new(int capacity);
void frameq_free(frameq **q);

/* Writer: wait for a free slot (returns NULL when aborted). Fill
 * slot->frame (av_frame_move_ref into it), pts, duration, serial, eos, then
 * call frameq_push. */
qframe *frameq_peek_writable(frameq *q);
void frameq_push(frameq *q);

/* Reader: the oldest queued frame (NULL if none), the one after it (NULL if
 * none), pop the oldest (unrefs its frame), and the count. Non-blocking. */
qframe *frameq_peek(frameq *q);
qframe *frameq_peek_next(frameq *q);
void frameq_next(frameq *q);
int frameq_count(frameq *q);

/* Let the writer fill at most `n` slots (1..capacity); e.g. 1 while a file
 * only pre-rolls, to keep memory low. Any thread. */
void frameq_set_limit(frameq *q, int n);

/* Drop every queued frame (reader side, e.g. after a flush). */
void frameq_clear(frameq *q);

/* Abort: wakes the writer; peek_writable returns NULL from now on. */
void frameq_abort(frameq *q);

#endif
