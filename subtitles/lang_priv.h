/* lang_priv.h — the inside of langdb, shared by lang.c (codes),
 * lang_names.c (autonyms) and lang_order.c. Not for other modules.
 *
 * Threading: the tables are written only by langdb_open/langdb_set_name;
 * the lazily filled autonym fields are guarded by `lock`.
 */
#ifndef VITRINA_SUBTITLES_LANG_PRIV_H
#define VITRINA_SUBTITLES_LANG_PRIV_H

#include "subtitles/lang.h"

#include <pthread.h>
#include <stdint.h>

typedef struct lang_entry {
    char code[LANG_CODE_SIZE]; /* canonical: 639-1, else 639-3 / 639-2 */
    char a3[LANG_CODE_SIZE];   /* 639-3 = 639-2/T ("" for added codes) */
    const char *name;          /* English name, 639-3 form ("Spanish") */
    const char *name2;         /* 639-2 form ("Spanish; Castilian") or NULL */
    const char *display;       /* autonym/override once known, else NULL */
    bool display_done;         /* autonym lookup done (display may stay NULL) */
    bool overridden;           /* display set by langdb_set_name */
    bool special;              /* und, mul, mis, zxx: no language */
} lang_entry;

typedef struct lang_chunk lang_chunk;

struct langdb {
    lang_entry *entries;
    size_t n, cap;
    int32_t idx2[26 * 26];      /* 2-letter code → entry index + 1 */
    int32_t idx3[26 * 26 * 26]; /* 3-letter code (T, B, 639-3) → index + 1 */
    lang_chunk *arena;          /* every string the db hands out */
    char *locale_dir;
    char **locale_names;        /* sorted subdirectory names, loaded lazily */
    size_t nlocale_names;
    bool locale_listed;
    pthread_mutex_t lock;
};

/* Copy n bytes of s (plus NUL) into the db's arena. NULL on no memory. */
const char *lang_arena_strndup(langdb *db, const char *s, size_t n);

/* Entry for a tag (any accepted form), or NULL. Pure. */
const lang_entry *lang_lookup(const langdb *db, const char *tag);

/* Free what lang_names.c allocated (locale listing). */
void lang_names_cleanup(langdb *db);

#endif
