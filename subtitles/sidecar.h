/* sidecar.h — find the subtitle files that belong to a video.
 *
 * For a video DIR/NAME.VEXT the sidecars are the files DIR/NAME.EXT,
 * DIR/NAME.TOKENS.EXT and the same names inside DIR/subs/ (or Subs/, SUBS/,
 * subtitles/ — any case), where EXT is srt, vtt, ass, ssa, sub (MicroDVD)
 * or txt (any case) and TOKENS are dot-separated:
 *   - a language: ISO 639-1/2/3 or BCP 47 ("es", "spa", "es-MX", "pt_BR",
 *     "quc", "zh-Hant"), validated against the language database, or an
 *     English language name with an ISO 639-1 code ("Spanish");
 *   - flags: forced, sdh / cc / hi (all three mean "for deaf and hard of
 *     hearing"), default — any order, any case;
 *   - anything else (including a second language-like token) becomes part
 *     of the display title: "talk.final.srt" has no language, title "final".
 * When several tokens could be the language, the rightmost one wins
 * ("talk.en.es.srt" → language es, title "en").
 * NAME may itself contain dots ("my.talk.2024.mp4" + "my.talk.2024.es.srt");
 * it is compared case-insensitively (ASCII), like the extension.
 * A ".sub" next to a same-named ".idx" is VobSub (bitmaps), not MicroDVD,
 * and is left out.
 *
 * Nothing here opens or modifies the subtitle files; sidecar_find only
 * lists directories.
 *
 * Threading: pure functions plus directory reads; any thread (the langdb
 * must not be changed meanwhile, see lang.h). Nothing here logs: directory
 * errors are returned.
 */
#ifndef VITRINA_SUBTITLES_SIDECAR_H
#define VITRINA_SUBTITLES_SIDECAR_H

#include "subtitles/lang.h"

#include <stdbool.h>
#include <stddef.h>

enum sidecar_flags {
    SIDECAR_FORCED = 1 << 0,  /* "forced": only foreign-language parts */
    SIDECAR_SDH = 1 << 1,     /* "sdh", "cc", "hi" */
    SIDECAR_DEFAULT = 1 << 2, /* "default" */
};

typedef struct sidecar {
    char *path;                /* the subtitle file (video's directory + name) */
    char *lang_tag;            /* language token as written ("es-MX"), or NULL */
    char lang[LANG_CODE_SIZE]; /* canonical code ("es"), "" when none */
    unsigned flags;            /* enum sidecar_flags */
    char ext[4];               /* lower-case format: "srt", "vtt", "ass", "ssa", "sub", "txt" */
    char *title;               /* leftover tokens joined by spaces ("final"), or NULL */
    bool in_subdir;            /* found in subs/ rather than beside the video */
} sidecar;

typedef struct sidecar_list {
    sidecar *items;
    size_t n;
} sidecar_list;

/* Decide whether `candidate_path` is a sidecar of `video_path` (string
 * logic only: the file need not exist, e.g. a watcher event). The candidate
 * must be in the video's directory or in a subs folder directly inside it;
 * both paths are compared as written. Returns 1 and fills *out (caller
 * owns it: sidecar_clear), 0 when it is not a sidecar (*out zeroed), -1 for
 * no memory. Any thread. */
int sidecar_match(const langdb *db, const char *video_path, const char *candidate_path, sidecar *out);

/* List all sidecars of `video_path` (regular files beside it and in its
 * subs folders). The list is sorted deterministically: files beside the
 * video first, then subs folders; within each by file name (bytewise).
 * Returns 0 and fills *out (caller owns it: sidecar_list_free; empty when
 * there are none), or -errno when the video's directory cannot be read.
 * Any thread; blocking directory I/O. */
int sidecar_find(const langdb *db, const char *video_path, sidecar_list *out);

/* Free what a sidecar holds and zero it. NULL is fine. */
void sidecar_clear(sidecar *sc);

/* Free every item and the array, and zero the list. NULL is fine. */
void sidecar_list_free(sidecar_list *list);

/* Short label for flags, e.g. "forced, SDH" (static table, "" for none).
 * Writes into buf (NUL-terminated) and returns buf. Pure. */
const char *sidecar_flags_str(unsigned flags, char *buf, size_t size);

#endif
