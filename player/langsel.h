/* langsel.h — which track to show for the viewer's language (pure).
 *
 * Rules (issue 6): the viewer's language wins; among tracks of that language
 * prefer a sidecar file, then a non-forced track, then the container's
 * default flag. No track in that language: follow the configured fallback
 * chain in order; then a track whose language is unknown (an untagged
 * sidecar is usually the staff's subtitles); else nothing. "off" → nothing.
 * With no viewer preference (""), the default-flagged track, else the first
 * one. Languages are canonical codes (subtitles/lang.h lang_canon), so
 * fr = fre = fra and es-MX = es were already folded by the caller.
 * Threading: pure; any thread.
 */
#ifndef VITRINA_PLAYER_LANGSEL_H
#define VITRINA_PLAYER_LANGSEL_H

#include <stdbool.h>

typedef struct lang_cand {
    const char *canon;   /* canonical code, "" = unknown */
    bool external;       /* a sidecar file */
    bool forced;
    bool is_default;
    bool usable;         /* loaded / decodable: others are never picked */
} lang_cand;

typedef struct langsel_result {
    int index;           /* chosen candidate, -1 = none */
    bool fallback;       /* not the viewer's language */
    const char *shown;   /* canonical language of the chosen track ("" unknown) */
} langsel_result;

/* viewer: canonical code, "off", or "" for no preference. prefs: the
 * configured languages in order (canonical codes). */
langsel_result langsel_pick(const lang_cand *c, int n, const char *viewer, const char *const *prefs, int nprefs);

/* The audio track for the viewer's language: the viewer's language (not
 * "off"/""), then the configured languages in order, then the default-
 * flagged track, then the first usable one (`external`/`forced` are not
 * used). Same order as media/ applies when it opens a file. Returns the
 * index, -1 when no candidate is usable. Pure. */
int langsel_pick_audio(const lang_cand *c, int n, const char *viewer, const char *const *prefs, int nprefs);

#endif
