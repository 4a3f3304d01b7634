/* playback.h — one playing (or pre-rolling) media file.
 *
 * playback_open() returns at once; a reader thread opens and probes the file,
 * starts one decoder per chosen stream and keeps the packet queues filled
 * (bounded by bytes and seconds). The player core polls the state, pulls
 * video frames on the main thread and audio from the audio callback, and
 * drains decoded subtitle events. Times are seconds on the playback axis
 * (0 = the file's start).
 *
 * Threading: open/poll/close/seek and the video functions belong to the
 * player's main thread; playback_audio_read() belongs to the audio callback
 * thread; everything else is safe from any thread unless noted.
 * Ownership: the player owns the playback and frees it with playback_close().
 */
#ifndef VITRINA_MEDIA_PLAYBACK_H
#define VITRINA_MEDIA_PLAYBACK_H

#include <stdbool.h>
#include <stdint.h>

#include "media/frameq.h"
#include "media/subevent.h"
#include "media/tracks.h"

typedef struct playback playback;
typedef struct mclock mclock;

typedef struct playback_opts {
    double image_duration;   /* seconds a still stays up */
    bool audio;              /* decode audio at all */
    int out_rate;            /* audio output format: interleaved float */
    int out_channels;
    int audio_stream;        /* -1 = choose (by audio_langs, default flag), -2 = none */
    const char *const *audio_langs; /* NULL-terminated preference, may be NULL; copied */
    bool (*lang_match)(void *user, const char *tag, const char *want); /* reader thread; may be NULL */
    void *lang_match_user;
    double start_time;       /* start position in seconds (0 = beginning) */
    int video_threads;       /* 0 = auto */
    double open_timeout;     /* seconds for open + probe + first frame */
    bool preroll;            /* decode only the first picture until playback_go() */
    bool hwdec;              /* try VAAPI video decoding (software fallback, logged) */
    /* Embedded text cues that are not UTF-8 are passed to this (reader
     * thread; returns a new UTF-8 string or NULL); NULL = U+FFFD repair. */
    char *(*sub_fix_text)(void *user, const char *bytes, size_t len);
    void *sub_fix_text_user;
} playback_opts;

enum playback_state {
    PB_OPENING,  /* reader thread is opening/prerolling */
    PB_READY,    /* first video frame (and first audio) decoded: can start at once */
    PB_FAILED,   /* cannot play; playback_error() says why */
};

/* Start opening `path`. Never blocks. Returns 0 or AVERROR(ENOMEM). */
int playback_open(playback **out, const char *path, const playback_opts *opts);

/* The pre-rolled file becomes the one on screen: decode ahead normally
 * (also allows decoding, see below). */
void playback_go(playback *pb);

/* A pre-rolling playback (opts.preroll) opens and probes its file at once
 * (so a broken next file is known early) but starts its decoders only when
 * allowed: the current file's decoder memory (reference pictures, frame
 * threads) is then released before the next one's is taken. Main thread. */
void playback_allow_decode(playback *pb);
/* True once the video decoder has decoded the whole file and released its
 * memory (what is left plays from the frame queue). Any thread. */
bool playback_video_decoded(playback *pb);

/* Abort all threads, join them (bounded: file I/O is interrupted) and free. */
void playback_close(playback **pb);

/* Current state; once READY or FAILED it never goes back to OPENING. */
enum playback_state playback_state(playback *pb);
/* Human-readable reason for PB_FAILED (or a fatal error discovered later). */
const char *playback_error(playback *pb);

/* --- description (valid once READY) --- */
const char *playback_path(playback *pb);
const char *playback_title(playback *pb);      /* metadata title or "" */
double playback_duration(playback *pb);        /* seconds, NAN if unknown */
bool playback_has_video(playback *pb);
bool playback_has_audio(playback *pb);
bool playback_is_still(playback *pb);
void playback_video_geometry(playback *pb, int *w, int *h, double *sar, int *rotation, bool *hflip);
int playback_tracks(playback *pb, const media_track **tracks);
int playback_video_stream(playback *pb);
int playback_audio_stream(playback *pb);
const char *playback_video_codec(playback *pb);
/* "vaapi" while the GPU decodes the video, else "no". */
const char *playback_hwdec(playback *pb);

/* --- video (main thread) --- frames of the current serial only; stale ones
 * are dropped inside. peek returns the next frame to show or NULL; an `eos`
 * frame means the video ended. */
qframe *playback_video_peek(playback *pb);
qframe *playback_video_peek_next(playback *pb);
void playback_video_pop(playback *pb);

/* --- audio (audio callback thread) ---
 * Copy up to `frames` interleaved float frames into out. Returns the number
 * copied (0 if nothing is buffered), -1 once the audio stream has ended.
 * *pts = time of the first copied sample. Never blocks. */
int playback_audio_read(playback *pb, float *out, int frames, double *pts);
/* Time where the audio stream ends, once its decoder got there (NAN
 * before). Lets the player cut a few ms of trailing audio (codec padding)
 * instead of holding the next file back. Any thread. */
double playback_audio_end(playback *pb);
/* True when the audio ended (EOF) and everything was read. Any thread. */
bool playback_audio_drained(playback *pb);

/* --- clocks --- the audio clock is set by the audio output; the external
 * clock by the player when it starts showing the file. */
mclock *playback_audio_clock(playback *pb);
mclock *playback_ext_clock(playback *pb);
/* Master time: the audio clock while audio is flowing, else external. */
double playback_master_time(playback *pb, double now);
void playback_set_paused(playback *pb, bool paused, double now);

/* --- seeking (main thread): flushes queues; frames before `t` are skipped.
 * READY state stays; video_peek returns NULL until the first frame at/after t
 * is decoded. */
void playback_seek(playback *pb, double t);
/* Serial of the current position (increments on every seek). */
int playback_serial(playback *pb);

/* --- subtitles --- every subtitle stream is decoded while reading so that a
 * language switch is instant. Take ownership of the events decoded since the
 * last call for container stream `stream_index` (array of *n pointers,
 * free each with sub_event_free and the array with free). Main thread. */
int playback_sub_take(playback *pb, int stream_index, sub_event ***events, int *n);
/* The ASS header of a text subtitle stream (NULL for bitmap/unknown). */
const char *playback_sub_header(playback *pb, int stream_index);
/* Whether FFmpeg can decode the stream, and whether it is native ASS/SSA
 * (keeps its own styling). Valid once READY. */
bool playback_sub_decodable(playback *pb, int stream_index);
bool playback_sub_native_ass(playback *pb, int stream_index);
/* Attachments (Matroska): file name, MIME type ("" if none) and bytes;
 * valid while pb lives. Which are fonts is sublib_is_font_attachment's call. */
int playback_font_count(playback *pb);
bool playback_font(playback *pb, int i, const char **name, const char **mime, const uint8_t **data, size_t *size);

/* True once the reader has read the whole file (what is left is queued). */
bool playback_read_done(playback *pb);

/* --- statistics --- */
long playback_video_decode_errors(playback *pb);
long playback_video_frames_decoded(playback *pb);
/* Threads the video decoder was opened with (0 = FFmpeg's automatic count). Main thread. */
int playback_video_threads(playback *pb);
/* decoder_too_slow (decoder.h), for the player. Pure; any thread. */
bool playback_too_slow(long shown, long dropped);

#endif
