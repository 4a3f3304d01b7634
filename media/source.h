/* source.h — open one file the staff brought, safely, and describe it.
 *
 * Opens with protocol_whitelist=file and a demuxer whitelist that excludes
 * every demuxer able to read other files or URLs (hls, dash, concat,
 * image2 sequences, imf, vobsub, rtsp/sdp, …), so a hostile file cannot
 * make the player read or fetch anything else. An interrupt callback honours
 * an abort flag and a deadline for the open/probe phase.
 * Threading: a source is used by one thread at a time (the playback's reader
 * thread or the prober); the abort flag may be set from any thread.
 */
#ifndef VITRINA_MEDIA_SOURCE_H
#define VITRINA_MEDIA_SOURCE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "media/tracks.h"

struct AVFormatContext;

typedef struct media_source {
    struct AVFormatContext *ic;
    double start_time;     /* seconds; subtracted from every timestamp */
    double duration;       /* seconds, NAN if unknown */
    int video_stream;      /* chosen streams, -1 if none */
    int audio_stream;
    bool is_still;         /* a single picture (JPEG, PNG, WebP, …) */
    int rotation;          /* display rotation, degrees clockwise: 0/90/180/270 */
    bool hflip;
    char title[256];       /* metadata title, "" if none */
    media_track *tracks;   /* embedded tracks (video, audio, subtitles) */
    int ntracks;
    /* private */
    const atomic_bool *abort_flag;
    double deadline;       /* media_now() limit for blocking I/O; 0 = none */
} media_source;

/* Does a stream's language tag (as written: "fre", "es-MX") match a
 * wanted language? Called on the opening thread; NULL = compare the first
 * two letters. */
typedef bool (*source_lang_match_fn)(void *user, const char *tag, const char *want);

/* Open and probe `path`. `abort_flag` (may be NULL) is polled by FFmpeg's
 * interrupt callback; `timeout_s` bounds the open/probe phase. Chooses the
 * best video stream and an audio stream (by `audio_langs` preference, a
 * NULL-terminated list of language tags, or FFmpeg's best). Returns 0 or a
 * negative AVERROR with a human-readable reason in err. The caller owns
 * *out and frees it with source_close(). */
int source_open(media_source **out, const char *path, const atomic_bool *abort_flag,
                double timeout_s, const char *const *audio_langs, source_lang_match_fn match,
                void *match_user, char *err, size_t errlen);
void source_close(media_source **s);

/* Set/clear the I/O deadline (media_now() seconds, 0 = none). */
void source_set_deadline(media_source *s, double deadline);

/* A staff-friendly reason for an FFmpeg error code ("not a video, audio or
 * image file (or damaged)", …). Pure. */
const char *source_error_text(int averror, char *buf, size_t len);

/* Comma-separated demuxer whitelist (all demuxers minus the unsafe ones) for
 * use in options. Writes into buf; returns buf. Pure (reads FFmpeg's
 * registry). */
const char *source_demuxer_whitelist(char *buf, size_t len);

/* Convert a timestamp in `tb` units of stream `si` to seconds on the
 * playback axis (start_time subtracted); NAN for AV_NOPTS_VALUE. */
double source_ts_to_sec(const media_source *s, int64_t ts, int si);

#endif
