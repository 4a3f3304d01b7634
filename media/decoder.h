/* decoder.h — one decode thread per audio or video stream.
 *
 * Pulls packets from a pktq, decodes them, and pushes frames (with pts and
 * duration in seconds on the playback axis, and the packet serial) into a
 * frameq. Audio is converted here, off the audio callback, to the single
 * output format of the whole run (interleaved float, out_rate, out_channels),
 * so that every file sounds through the same open device.
 * An empty packet in the pktq means end of stream: the decoder drains and
 * pushes an `eos` frame; a new serial (after a seek) restarts decoding.
 * Threading: decoder_start spawns the thread; the counters may be read from
 * any thread; decoder_stop must be called after the queues were aborted.
 */
#ifndef VITRINA_MEDIA_DECODER_H
#define VITRINA_MEDIA_DECODER_H

#include <stdbool.h>

#include "media/frameq.h"
#include "media/pktq.h"
#include "media/source.h"

typedef struct decoder decoder;

typedef struct decoder_opts {
    int threads;                  /* video: 0 = auto (decoder_auto_threads) */
    int out_rate, out_channels;   /* audio output format */
    double still_duration;        /* stills: duration given to the single frame */
    bool hwdec;                   /* video: try VAAPI (falls back to software, logged) */
} decoder_opts;

/* Open a decoder for stream `si` of `src` and start its thread. The source,
 * queues and opts must outlive the decoder. Returns 0 or a negative AVERROR
 * with a reason in err. */
int decoder_start(decoder **out, media_source *src, int si, pktq *pq, frameq *fq,
                  const decoder_opts *opts, char *err, size_t errlen);

/* Join the thread (the caller aborted pq and fq first) and free. */
void decoder_stop(decoder **d);

/* The video decoder's thread count when none is configured. Every frame
 * thread keeps its own reference pictures and tables (~10 MB at 1080p) and
 * frame threading costs CPU of its own, so: above 1080p 0 (FFmpeg's
 * automatic count); up to 1080p at <= 30 fps on `strong_cores` (x86-64)
 * one thread; otherwise two (one on a single core). fps <= 0 = unknown.
 * Pure; any thread. */
int decoder_auto_threads(int width, int height, double fps, long cores, bool strong_cores);

/* Whether a file that showed `shown` frames and dropped `dropped` was
 * decoded too slowly to keep: at least 5 drops and more than 2 % of its
 * frames. Pure; any thread. */
bool decoder_too_slow(long shown, long dropped);

/* Frames with pts earlier than `t` (seconds) and serial `serial` are
 * dropped (accurate seeking). Any thread. */
void decoder_set_skip_until(decoder *d, double t, int serial);

/* Counters (any thread): frames output, decode errors, and whether the last
 * end-of-stream drain finished. */
long decoder_frames_out(decoder *d);
long decoder_errors(decoder *d);
/* Threads asked of the video codec (0 = FFmpeg's automatic count). Any thread. */
int decoder_threads(decoder *d);
/* End time (seconds) of the stream for packet serial `serial`, once the
 * decoder has drained it; NAN before. Any thread. */
double decoder_eos_pts(decoder *d, int serial);

/* Video: true while frames come from the GPU decoder (VAAPI). */
bool decoder_hw_active(decoder *d);

/* Name of the codec ("h264"), hardware info etc. for logs and properties. */
const char *decoder_codec_name(decoder *d);

#endif
