/* tracks.h — the list of tracks of one media file, as plain data.
 *
 * Built by media/ when a file is opened (embedded streams); the player adds
 * external sidecar subtitle tracks to its own copy. No FFmpeg types here.
 * Threading: immutable once published; read from any thread.
 */
#ifndef VITRINA_MEDIA_TRACKS_H
#define VITRINA_MEDIA_TRACKS_H

#include <stdbool.h>

enum track_type { TRACK_VIDEO = 0, TRACK_AUDIO = 1, TRACK_SUB = 2 };

typedef struct media_track {
    enum track_type type;
    int id;            /* per type, from 1, in stream order (mpv's numbering) */
    int stream_index;  /* container stream index; -1 for external tracks */
    char lang[36];     /* language tag as written ("" if none/"und") */
    char title[128];   /* track title ("" if none) */
    char codec[32];    /* FFmpeg codec name, e.g. "h264", "subrip" */
    bool is_default;   /* container's default flag */
    bool is_forced;    /* forced subtitles */
    bool hearing_impaired;
    bool external;     /* a sidecar file (player-side) */
    bool bitmap;       /* bitmap subtitles (PGS, VobSub, DVB) */
    bool attached_pic; /* cover art (ignored as video) */
    bool decodable;    /* FFmpeg has a decoder for it */
    int width, height; /* video */
    int channels, sample_rate; /* audio */
} media_track;

const char *track_type_name(enum track_type t); /* "video", "audio", "sub" */

#endif
