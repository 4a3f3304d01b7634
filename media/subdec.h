/* subdec.h — subtitle decoding with FFmpeg into sub_events (media/subevent.h).
 *
 * Two entry points:
 *  - a stream decoder for one embedded subtitle stream: feed it the stream's
 *    AVPackets, it emits sub_events (text: ASS dialogue bodies; bitmaps:
 *    RGBA images) on the playback time axis (0 = the file's start);
 *  - a whole-file decoder for sidecar files already converted to UTF-8
 *    (subdec_read_file, see media/subdec_file.c).
 * Text formats come out as ASS (FFmpeg 5.1's default sub_text_format=ass);
 * the matching ASS header (for ass_process_codec_private) is exposed.
 *
 * MPEG-TS teletext (libzvbi) is decoded as ASS text from the subtitle pages
 * (txt_page=subtitle, txt_format=ass) — untested here for want of a sample.
 *
 * ReadOrder: libass drops an event whose ReadOrder it has already seen.
 * FFmpeg numbers converted events with a per-decoder counter that restarts
 * at every flush, so after a seek new cues would collide with old ones.
 * subdec therefore replaces the ReadOrder field of every event with a
 * 31-bit hash of (start, duration, rest of the line): a re-decoded cue is
 * recognised as a duplicate, a different cue is not.
 *
 * Threading: a subdec is used by one thread at a time (the media reader
 * thread); the events it emits are plain heap data handed to the caller.
 * Nothing here logs except at debug level: errors are returned as codes
 * and the caller (which knows which track and file) logs them once.
 */
#ifndef VITRINA_MEDIA_SUBDEC_H
#define VITRINA_MEDIA_SUBDEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "media/subevent.h"

struct AVCodecParameters;
struct AVPacket;

enum subdec_error {
    SUBDEC_OK = 0,
    SUBDEC_E_UNSUPPORTED = -1, /* not a subtitle codec FFmpeg can decode (e.g. Matroska
                                  S_TEXT/WEBVTT, "unknown" in FFmpeg 5.1): skip the track */
    SUBDEC_E_NOMEM = -2,
    SUBDEC_E_OPEN = -3,        /* the decoder refused to open */
    SUBDEC_E_DECODE = -4,      /* this packet could not be decoded (skip it, keep going) */
    SUBDEC_E_TOO_BIG = -5,     /* sidecar larger than SUBDEC_FILE_MAX */
    SUBDEC_E_FORMAT = -6,      /* sidecar is not a text subtitle format we accept */
    SUBDEC_E_ARG = -7,
    SUBDEC_E_EMPTY = -8,       /* sidecar parsed but holds no subtitle stream */
};

/* A short English reason for a subdec_error (for log lines). Pure. */
const char *subdec_strerror(int err);

typedef struct subdec subdec;

/* Called once per decoded event; takes ownership of `ev` (free it with
 * sub_event_free). Runs on the thread calling subdec_decode. */
typedef void (*subdec_emit_fn)(void *opaque, sub_event *ev);

/* Open a decoder for one subtitle stream. `par` is the stream's codecpar
 * (copied; the caller keeps it), `tb_num/tb_den` the stream time base and
 * `start_us` the file's start time in AV_TIME_BASE units (AVFormatContext
 * start_time; AV_NOPTS_VALUE counts as 0), subtracted from every timestamp
 * so that 0 = the file's start. The caller owns *out (subdec_free).
 * Returns SUBDEC_OK, SUBDEC_E_UNSUPPORTED, SUBDEC_E_OPEN or SUBDEC_E_NOMEM. */
int subdec_open(subdec **out, const struct AVCodecParameters *par, int tb_num, int tb_den,
                int64_t start_us);
void subdec_free(subdec **d);

/* True for bitmap codecs (PGS, VobSub, DVB): events carry RGBA bitmaps. */
bool subdec_is_bitmap(const subdec *d);

/* FFmpeg's codec (not decoder) name: "subrip", "ass", "webvtt",
 * "mov_text", "hdmv_pgs_subtitle", … Owned by FFmpeg, valid forever. */
const char *subdec_codec_name(const subdec *d);

/* The ASS header (a full "[Script Info] … [V4+ Styles] … [Events]" text)
 * for text codecs, NULL for bitmap codecs. Owned by the decoder, valid
 * until subdec_free; *len (may be NULL) gets its length. True native ASS
 * (codec "ass"/"ssa" from a Matroska file) carries the file's own header;
 * converted formats get FFmpeg's default one (subdec_is_native_ass false). */
const char *subdec_ass_header(const subdec *d, size_t *len);
bool subdec_is_native_ass(const subdec *d);

/* Decode one packet (the caller keeps it). Each event is handed to `emit`.
 * Returns the number of events emitted (0 is normal: e.g. a PGS segment
 * that completes nothing yet) or SUBDEC_E_DECODE / SUBDEC_E_NOMEM; the
 * decoder stays usable after an error. */
int subdec_decode(subdec *d, const struct AVPacket *pkt, subdec_emit_fn emit, void *opaque);

/* Text that is not valid UTF-8 (an embedded SRT track written in cp1252,
 * which FFmpeg alone would drop cue by cue) is kept: with a fixer set,
 * each such event line is first handed to `fix` (bytes, len; must return a
 * new NUL-terminated UTF-8 string owned by the caller of fix, or NULL to
 * fall back), e.g. a wrapper around subtitles/charset_to_utf8 with the
 * configured code page (player/core_subs.h subs_fix_text). Without one, or
 * when it fails: a line that is mostly UTF-8 keeps it (broken bytes →
 * U+FFFD), any other is read as cp1252 (subtitle-codepage's default).
 * `fix` runs on the thread calling subdec_decode. */
typedef char *(*subdec_fix_text_fn)(void *opaque, const char *bytes, size_t len);
void subdec_set_text_fixer(subdec *d, subdec_fix_text_fn fix, void *opaque);

/* Forget partial decoder state (call after a seek). */
void subdec_flush(subdec *d);

/* ---- Fonts attached to a container (media/subdec_attach.c) ---- */

struct AVFormatContext;

/* Called once per attachment; data is owned by FFmpeg (valid during the
 * call only). filename/mimetype may be NULL. */
typedef void (*subdec_attachment_fn)(void *opaque, const char *filename, const char *mimetype,
                                     const uint8_t *data, size_t size);

/* Hand every attachment of an opened file that carries data (Matroska
 * attachments) to `fn` with its file name and MIME type; which of them are
 * fonts is decided by subtitles' sublib_is_font_attachment(). Used by
 * media/playback to list them. Returns the number handed over. Runs on
 * the caller's thread (the reader thread that opened `ic`); copy the data
 * if it must outlive the call. */
int subdec_font_attachments(const struct AVFormatContext *ic, subdec_attachment_fn fn, void *opaque);

/* ---- Whole-file decode for sidecars (media/subdec_file.c) ---- */

#define SUBDEC_FILE_MAX (32u << 20) /* bytes; larger inputs are refused */

typedef struct subdec_file {
    char format[32];      /* FFmpeg demuxer used: "srt", "webvtt", "microdvd", "ass", … */
    bool native_ass;      /* ASS/SSA: keeps its own styling */
    char *ass_header;     /* NUL-terminated ASS header for libass */
    size_t ass_header_len;
    sub_event **events;   /* in file order */
    int nevents;
    int nerrors;          /* cues that could not be read or decoded (skipped) */
} subdec_file;

/* Demux and decode a whole sidecar from memory. `utf8` (len bytes, need not
 * be NUL-terminated; the caller keeps it) must already be UTF-8 (see
 * subtitles/charset). `name_hint` is the file name (only its extension is
 * used: srt, vtt, sub = MicroDVD, txt, ass, ssa, …; may be NULL).
 * `fps` is the frame rate for frame-based formats (MicroDVD) when the file
 * does not state one; 0 = the demuxer's default (23.976).
 * WebVTT is first rewritten so that FFmpeg 5.1's demuxer, which stops at
 * the first block it cannot read, keeps every cue it can (STYLE/REGION
 * blocks, CR line ends, times without hours or milliseconds; see
 * media/subdec_priv.h).
 * Only FFmpeg's text subtitle demuxers are allowed (format whitelist) and
 * the demuxer cannot open any other file or URL (io_open refuses, empty
 * protocol whitelist). Inputs over SUBDEC_FILE_MAX are refused.
 * On success the caller owns *out (subdec_file_free). Returns SUBDEC_OK,
 * SUBDEC_E_TOO_BIG, SUBDEC_E_FORMAT, SUBDEC_E_EMPTY, SUBDEC_E_UNSUPPORTED,
 * SUBDEC_E_NOMEM or SUBDEC_E_ARG. Any thread. */
int subdec_read_file(const char *utf8, size_t len, const char *name_hint, double fps,
                     subdec_file **out);
void subdec_file_free(subdec_file **f);

#endif
