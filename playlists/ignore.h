/* ignore.h — which names in MEDIA_DIR are skipped, which are subtitle
 * sidecars and which are playlist candidates.
 *
 * Built-in rules (case-insensitive where Windows or macOS make the names):
 *   skipped: dotfiles and dot-folders (covers .stfolder, .stversions/,
 *            .syncthing.*.tmp, .DS_Store, rsync's .NAME.XXXXXX temp files),
 *            *.part, *.partial, *.crdownload, *.tmp, *~, ~$*, Thumbs.db,
 *            desktop.ini, and the folders USB sticks carry in their root:
 *            lost+found, $RECYCLE.BIN, System Volume Information;
 *   sidecar: *.srt, *.vtt, *.ass, *.ssa, *.sub, *.txt, *.idx — never
 *            playlist entries; the subtitle code attaches them to videos;
 *   anything else that is a regular file is a candidate (the player's probe
 *   decides whether it plays).
 * Extra patterns (fnmatch(3), case-insensitive): a pattern without '/' is
 * matched against every path component (so "drafts" skips a folder of that
 * name and everything in it, "*.nfo" skips those files); a pattern with '/'
 * is matched against the relative path and each of its leading folders
 * (so "archive/" followed by "*" skips everything in the top-level folder
 * "archive").
 *
 * Ownership: ignore_new() copies the patterns; the caller frees the result
 * with ignore_free(). Threading: an ignore set is immutable after creation, so
 * any number of threads may classify concurrently.
 */
#ifndef VITRINA_PLAYLISTS_IGNORE_H
#define VITRINA_PLAYLISTS_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

enum ignore_class {
    IGNORE_CANDIDATE = 0, /* a possible playlist entry */
    IGNORE_SIDECAR,       /* a subtitle file: reported separately */
    IGNORE_SKIP,          /* never looked at */
};

struct ignore;

/* Create a rule set with `n_extra` extra fnmatch patterns (may be 0/NULL).
 * Empty patterns are skipped. Returns NULL only when out of memory. */
struct ignore *ignore_new(const char *const *extra, size_t n_extra);
void ignore_free(struct ignore *ig);

/* Classify one path component. `is_dir` selects folder rules (folders are
 * only ever CANDIDATE — i.e. entered — or SKIP). `relpath_so_far` is the
 * relative path ending with this component (for patterns containing '/'),
 * or NULL to apply only the per-name rules. */
enum ignore_class ignore_classify_name(const struct ignore *ig, const char *name,
                                       const char *relpath_so_far, bool is_dir);

/* Classify a relative path ("a/b/c.mp4"): SKIP if any folder on the way or the
 * file name itself is skipped, else the file name's class. */
enum ignore_class ignore_classify_path(const struct ignore *ig, const char *relpath);

/* True when the folder `reldir` ("a/b"; "" = the root, never skipped) or any
 * folder above it is skipped. */
bool ignore_dir_skipped(const struct ignore *ig, const char *reldir);

/* True when `name` has a subtitle sidecar extension (no other checks). */
bool ignore_is_sidecar_name(const char *name);

#endif
