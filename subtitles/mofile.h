/* mofile.h — a small, strict reader for GNU gettext .mo catalogues.
 *
 * Used for the iso-codes language-name catalogues (autonyms, subtitles/lang.c)
 * and for Vitrina's own UI translations (player/i18n.c). No setlocale, no
 * libintl: the file is read whole into memory, every table entry is
 * bounds-checked once at open, and lookups are a binary search over the
 * (sorted) original-string table.
 *
 * Format (gettext manual, "The Format of GNU MO Files"): magic 0x950412de in
 * either byte order, revision (major 0 or 1), N strings, offsets of the
 * original and translation tables (N pairs of {length, offset}), optional
 * hash table (ignored). Strings are NUL-terminated; a plural entry holds
 * "msgid\0msgid_plural" / "form0\0form1…" — lookups match on msgid and
 * return form 0. A context-qualified entry is "msgctxt\004msgid".
 *
 * Threading: an open mofile is immutable; lookups may run on any number of
 * threads at once. Nothing here logs: callers get an error code and decide.
 */
#ifndef VITRINA_SUBTITLES_MOFILE_H
#define VITRINA_SUBTITLES_MOFILE_H

#include <stddef.h>

typedef struct mofile mofile;

enum mofile_error {
    MOFILE_OK = 0,
    MOFILE_E_IO = -1,      /* cannot open/read the file (errno is kept) */
    MOFILE_E_FORMAT = -2,  /* bad magic, revision, or an out-of-bounds entry */
    MOFILE_E_NOMEM = -3,
    MOFILE_E_CHARSET = -4, /* header declares a charset other than UTF-8 */
};

/* Read and validate the .mo file at `path`. On success returns MOFILE_OK and
 * *out is a new catalogue owned by the caller (mofile_free). On failure
 * returns a negative mofile_error and *out is NULL. Any thread. */
int mofile_open(const char *path, mofile **out);

/* Same, from bytes in memory (copied; `data` stays the caller's). */
int mofile_open_buffer(const void *data, size_t len, mofile **out);

/* Translation of `msgid` (form 0 for plural entries), or NULL when the
 * catalogue has no such entry or its translation is empty. The returned
 * string is owned by `mo` and lives until mofile_free. Any thread. */
const char *mofile_lookup(const mofile *mo, const char *msgid);

/* Same for a msgctxt-qualified entry. */
const char *mofile_lookup_ctx(const mofile *mo, const char *msgctxt, const char *msgid);

/* Number of entries (including the header entry with msgid ""). */
size_t mofile_count(const mofile *mo);

/* Short English description of a mofile_error, for log lines. Static string. */
const char *mofile_strerror(int err);

/* Release the catalogue and every string it returned. NULL is fine. */
void mofile_free(mofile *mo);

#endif
