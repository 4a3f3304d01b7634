/* lang.h — language codes, matching and names, from Debian's iso-codes.
 *
 * Codes and English names come from iso-codes' JSON (iso_639-3.json, then
 * iso_639-2.json for the collective codes and the 639-2/B synonyms); the
 * name of each language in its own language (autonym: "Español",
 * "Français", "العربية") comes from iso-codes' translation catalogues
 * <locale_dir>/<code>/LC_MESSAGES/iso_639-3.mo (then iso_639-2.mo,
 * iso_639.mo), read lazily, only for the codes asked for.
 *
 * Canonical code: ISO 639-1 where one exists, else ISO 639-3 (or the 639-2
 * collective code): "fre", "fra", "FR", "fr-CA", "fr_CA" → "fr"; "spa" → "es";
 * "quc" → "quc"; "zh-Hant" → "zh". A tag is accepted in ISO 639-1/2/3 form
 * or as a BCP 47 tag whose first subtag is such a code (later subtags are
 * checked for shape only: 1–8 letters/digits). "und", "mul", "mis", "zxx",
 * "" and anything unknown have no canonical code.
 *
 * Threading: after langdb_open (and any langdb_set_name calls, which are
 * setup-time only), every function may be called from any thread; the lazy
 * autonym loading is serialised by a mutex inside the database. Strings
 * returned by the database live until langdb_free.
 */
#ifndef VITRINA_SUBTITLES_LANG_H
#define VITRINA_SUBTITLES_LANG_H

#include <stdbool.h>
#include <stddef.h>

#define LANG_CODE_SIZE 4 /* "es", "quc" + NUL */
#define LANG_ISO_CODES_DIR "/usr/share/iso-codes/json"
#define LANG_LOCALE_DIR "/usr/share/locale"

typedef struct langdb langdb;

/* Load the code tables. `json_dir` (NULL = LANG_ISO_CODES_DIR) holds
 * iso_639-3.json and iso_639-2.json; `locale_dir` (NULL = LANG_LOCALE_DIR)
 * the iso-codes .mo catalogues, which are opened only when a name is asked
 * for. Takes ~15 ms. Returns 0 and a new database in *out (caller owns it:
 * langdb_free), or -1 when neither JSON file could be read, with a
 * one-line reason in err (if not NULL). Not logged here. Any thread. */
int langdb_open(const char *json_dir, const char *locale_dir, langdb **out, char *err, size_t errsize);

/* langdb_open with a cache: when `cache_path` (may be NULL = none) holds
 * the tables parsed from the same JSON files (same size and mtime), they
 * are read from it (~1 ms) and *from_cache (may be NULL) is set; otherwise
 * the JSON is parsed and, when both files loaded, the cache is written
 * (temp file + rename; a failure to write is not an error). A damaged or
 * stale cache is ignored and replaced. Not logged here. Any thread. */
int langdb_open_cached(const char *json_dir, const char *locale_dir, const char *cache_path, langdb **out,
                       bool *from_cache, char *err, size_t errsize);

/* Release the database and every string it handed out. NULL is fine. */
void langdb_free(langdb *db);

/* Canonical code of `tag` (see above) into out; true if the tag names a
 * language, false (out = "") otherwise. Any thread. */
bool lang_canon(const langdb *db, const char *tag, char out[LANG_CODE_SIZE]);

/* Like lang_canon, but for an English language name such as "Spanish" or
 * "english" (case-insensitive; only languages that have an ISO 639-1 code,
 * so ordinary words are not taken for rare languages). Any thread. */
bool lang_canon_name(const langdb *db, const char *name, char out[LANG_CODE_SIZE]);

/* True when both tags name the same language (same canonical code):
 * "es-MX" ~ "es", "fre" ~ "fra" ~ "fr". Tags without a canonical code match
 * nothing. Any thread. */
bool lang_match(const langdb *db, const char *a, const char *b);

/* English name ("Spanish", "Haitian", "K'iche'"), or NULL for a tag with no
 * canonical code. Owned by db. Any thread. */
const char *langdb_english_name(const langdb *db, const char *tag);

/* The name to show a viewer: a name set with langdb_set_name, else the
 * autonym from iso-codes (first letter capitalised where the script has
 * case: "français" → "Français"), else the English name; NULL for a tag
 * with no canonical code. Owned by db, valid until langdb_free. Any thread
 * (the first call per language reads one or more .mo files). */
const char *langdb_autonym(langdb *db, const char *tag);

/* Set the display name of a language (config section [language-names],
 * e.g. "quc" = "Kʼicheʼ"). `tag` may also be a 2–3-letter code iso-codes
 * does not know (e.g. "qaa"), which then becomes a language of its own.
 * `name` must be UTF-8; it is copied. Returns 0, or -1 for a malformed tag,
 * empty/invalid name or no memory. Setup-time only: call before other
 * threads use the database. */
int langdb_set_name(langdb *db, const char *tag, const char *name);

/* One language and how many videos have it (for available-languages). */
typedef struct lang_count {
    char code[LANG_CODE_SIZE]; /* canonical */
    unsigned count;
} lang_count;

/* Count one more video having `tag`: canonicalises it and increments its
 * entry in the growable array *items (*n entries; realloc'd, owned by the
 * caller: free(*items)). Returns 1 if counted, 0 if the tag names no
 * language, -1 for no memory. Any thread (the array is the caller's). */
int lang_tally(const langdb *db, lang_count **items, size_t *n, const char *tag);

/* Sort items: first those named in `prefs` (config `languages`, any tag
 * form, in that order), then by count (more videos first), then by code.
 * Pure; any thread. */
void lang_order(const langdb *db, lang_count *items, size_t n, const char *const *prefs, size_t nprefs);

#endif
