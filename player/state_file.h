/* state_file.h — state.json on disk: read with defaults on any problem,
 * write atomically. Used by state.c (the thread-safe front).
 *
 * Threading: no shared state; the caller serialises writes to one folder.
 */
#ifndef VITRINA_STATE_FILE_H
#define VITRINA_STATE_FILE_H

#include <stdbool.h>

#define STATE_FILE_NAME "state.json"
#define STATE_LANG_MAX 36

struct state_values {
    char language[STATE_LANG_MAX]; /* "" = none saved */
    int volume;                    /* -1 = none saved */
    int config_volume;             /* the config volume it was set under, -1 = unknown */
};

/* Create dir (and parents, mode 0755) if missing, then read
 * dir/state.json into *out. A missing file gives the defaults quietly; an
 * unreadable or corrupt file (or bad fields) gives the defaults for what
 * is unusable and ONE warning naming the file. Returns 0, or the negative
 * errno when the folder itself is unusable (also warned about). */
int state_file_read(const char *dir, struct state_values *out);

/* Write *v to dir/state.json atomically: dir/.state.json.tmp, fsync,
 * rename over the old file, fsync the folder. Returns 0 or a negative
 * errno (nothing logged: the caller decides). The temp file is removed on
 * failure. */
int state_file_write(const char *dir, const struct state_values *v);

/* mkdir -p `dir` (mode 0755): 0 or -errno. Any thread. */
int state_dir_make(const char *dir);

/* A language value worth saving: a short code of letters, digits and '-'
 * (as "fr", "es-MX", "quc") or "off". */
bool state_language_valid(const char *lang);

#endif
