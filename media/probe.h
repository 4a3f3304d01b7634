/* probe.h — is this file playable? (the folder intake's check)
 *
 * Opens the file with the same safety rules as playback (source.h), finds
 * its streams and decodes the first frame of its video (or audio) stream,
 * all bounded by a time limit. Also reports the languages of its subtitle
 * streams (for the language list of the whole loop).
 * Threading: any thread (the prober's); no shared state.
 */
#ifndef VITRINA_MEDIA_PROBE_H
#define VITRINA_MEDIA_PROBE_H

#include <stddef.h>

#define PROBE_MAX_LANGS 16

typedef struct media_probe_info {
    char sub_langs[PROBE_MAX_LANGS][36]; /* tags as written in the file */
    int nsub_langs;
    double duration;                     /* seconds, NAN if unknown */
} media_probe_info;

/* 0 when playable; else non-zero with a staff-friendly reason ("no video or
 * audio stream found", "not a recognised video, audio or image file (or it
 * is damaged)", …). info may be NULL. */
int media_probe(const char *path, double timeout_s, media_probe_info *info, char *reason, size_t reason_len);

#endif
