/* core_subs.h — the subtitle tracks of one playing item.
 *
 * For each item: every embedded subtitle stream (decoded continuously by
 * media/ so switching is instant) and every sidecar file found beside the
 * video (read whole once: charset → UTF-8 → decode → libass track). One of
 * them may be selected; its libass track is what the overlay renders.
 * Threading: main thread only (libass).
 */
#ifndef VITRINA_PLAYER_CORE_SUBS_H
#define VITRINA_PLAYER_CORE_SUBS_H

#include <stdbool.h>
#include <stddef.h>

#include "media/tracks.h"
#include "subtitles/lang.h"

typedef struct item_subs item_subs;
typedef struct subtrack subtrack;
typedef struct sublib sublib;
typedef struct playback playback;

/* What a subtitle track is, for track selection and track-list. */
typedef struct sub_info {
    media_track t;               /* type TRACK_SUB; id from 1; external for sidecars */
    char canon[LANG_CODE_SIZE];  /* canonical language ("" = unknown) */
    bool usable;                 /* loaded/decodable */
    const char *path;            /* sidecar file, NULL for embedded */
} sub_info;

typedef struct subs_env {
    sublib *lib;
    langdb *langs;
    const char *codepage;        /* subtitle-codepage */
    const char *default_lang;    /* subtitle-default-lang ("" = none) */
} subs_env;

/* Load the subtitle tracks of a playback that is READY (embedded streams,
 * font attachments, and the sidecars of `video_path`). Never fails hard:
 * unreadable sidecars are logged and listed as unusable. NULL on ENOMEM. */
item_subs *subs_load(const subs_env *env, playback *pb, const char *video_path);
void subs_free(item_subs **s);

/* Move newly decoded embedded events into their tracks. Bitmap tracks not
 * on screen keep only the screen showing now and the ones decoded ahead,
 * so switching to one is instant and memory stays bounded. Call every
 * loop turn. */
void subs_pump(item_subs *s, playback *pb);

int subs_count(const item_subs *s);
const sub_info *subs_info(const item_subs *s, int i);

/* Select track i (-1 = off). Returns the libass track to render (NULL). */
void subs_select(item_subs *s, int i);
int subs_selected(const item_subs *s);
subtrack *subs_current(const item_subs *s);

/* For media/subdec_set_text_fixer (through playback_opts): an embedded
 * text cue that is not UTF-8 is converted with `codepage` (the
 * subtitle-codepage option, a const char * that must outlive the
 * playback) by subtitles/charset. Returns a new UTF-8 string or NULL.
 * Pure; runs on the media reader thread. */
char *subs_fix_text(void *codepage, const char *bytes, size_t len);

/* A sidecar appeared or changed while the video plays: (re)load it if it
 * belongs to `video_path`. Returns true when the track list changed. */
bool subs_sidecar_changed(item_subs *s, const subs_env *env, const char *video_path, const char *sidecar_path);
/* A sidecar was removed: drop its track (deselecting it). */
bool subs_sidecar_removed(item_subs *s, const char *sidecar_path);

#endif
