/* scan.h — recursive listing of MEDIA_DIR (readdir + fstatat, no probing).
 *
 * Returns the candidate files and the subtitle sidecars under a folder,
 * each naturally sorted by relative path (natsort.h), with size and mtime.
 * Ignored names (ignore.h) are skipped, ignored folders are not entered.
 * Symbolic links: a link to a file is listed under the link's name; links
 * to folders are entered after all real folders, and every folder is entered
 * at most once per scan (identified by device + inode) — so loops are cut and
 * a folder reachable both directly and through a link is listed under its
 * real path; a folder reachable only through a link (e.g. a USB mount linked
 * into MEDIA_DIR) is listed under the link's path. Dangling links and special
 * files are skipped. Depth is limited to SCAN_MAX_DEPTH folders. A scan of
 * a subfolder only knows the folders of its own walk: a link from inside it
 * back up the tree is followed once unless on_dir() (which can know every
 * folder the caller has seen) skips it.
 *
 * Ownership: scan_tree() returns a result the caller frees with
 * scan_result_free(); the arrays and strings in it belong to the result.
 * Threading: no shared state; any thread (the watcher runs it on its own).
 */
#ifndef VITRINA_PLAYLISTS_SCAN_H
#define VITRINA_PLAYLISTS_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "playlists/ignore.h"

#define SCAN_MAX_DEPTH 64

struct scan_file {
    char *relpath;     /* relative to the root, '/'-separated, no leading '/' */
    int64_t size;      /* bytes */
    int64_t mtime_ns;  /* modification time, ns since the epoch */
};

struct scan_opts {
    const struct ignore *ign; /* rules to apply; NULL = built-in rules only */
    /* Called for each folder before it is read (the root first, reldir "").
     * Returns 0 to enter it, >0 to skip it silently (the watcher uses this to
     * add its inotify watch first, so nothing created meanwhile is missed).
     * May be NULL. */
    int (*on_dir)(void *user, const char *reldir, dev_t dev, ino_t ino);
    void *user;
    bool quiet; /* log unreadable folders at debug level instead of warn */
};

struct scan_result;

/* Scan `root`/`under` (under = "" or NULL for the whole tree; otherwise a
 * relative folder path, and the reported relpaths still start at root).
 * Returns NULL with errno set when that folder cannot be opened (ENOENT,
 * ENOTDIR, EACCES, …) or memory runs out; the caller logs it. Problems below
 * it (unreadable subfolders, files vanishing mid-scan) are logged and skipped. */
struct scan_result *scan_tree(const char *root, const char *under, const struct scan_opts *opts);
void scan_result_free(struct scan_result *r);

/* The sorted arrays; valid until scan_result_free(). */
const struct scan_file *scan_files(const struct scan_result *r, size_t *n);
const struct scan_file *scan_sidecars(const struct scan_result *r, size_t *n);
/* Counters of the last scan: folders entered and names skipped by the rules. */
size_t scan_dir_count(const struct scan_result *r);
size_t scan_skipped_count(const struct scan_result *r);

/* Natural-order comparator for struct scan_file (by relpath), for qsort/bsearch. */
int scan_file_cmp(const void *a, const void *b);

#endif
