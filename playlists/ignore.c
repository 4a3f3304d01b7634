/* ignore.c — the ignore and sidecar rules of MEDIA_DIR; see ignore.h. */
#include "playlists/ignore.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct ignore {
    char **extra;
    size_t n_extra;
};

static const char *const skip_suffixes[] = {
    ".part", ".partial", ".crdownload", ".tmp",
};
static const char *const skip_names[] = {
    "thumbs.db", "desktop.ini",
};
static const char *const skip_dirs[] = {
    "lost+found", "$recycle.bin", "system volume information",
};
static const char *const sidecar_exts[] = {
    "srt", "vtt", "ass", "ssa", "sub", "txt", "idx",
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

struct ignore *ignore_new(const char *const *extra, size_t n_extra)
{
    struct ignore *ig = calloc(1, sizeof(*ig));
    if (!ig)
        return NULL;
    if (n_extra) {
        ig->extra = calloc(n_extra, sizeof(char *));
        if (!ig->extra) {
            free(ig);
            return NULL;
        }
    }
    for (size_t i = 0; i < n_extra; i++) {
        if (!extra[i] || !extra[i][0])
            continue;
        char *p = strdup(extra[i]);
        if (!p) {
            ignore_free(ig);
            return NULL;
        }
        ig->extra[ig->n_extra++] = p;
    }
    return ig;
}

void ignore_free(struct ignore *ig)
{
    if (!ig)
        return;
    for (size_t i = 0; i < ig->n_extra; i++)
        free(ig->extra[i]);
    free(ig->extra);
    free(ig);
}

static bool has_suffix_ci(const char *name, size_t len, const char *suffix)
{
    size_t sl = strlen(suffix);
    return len >= sl && strcasecmp(name + len - sl, suffix) == 0;
}

bool ignore_is_sidecar_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name)
        return false;
    for (size_t i = 0; i < N_OF(sidecar_exts); i++)
        if (strcasecmp(dot + 1, sidecar_exts[i]) == 0)
            return true;
    return false;
}

static bool builtin_skip(const char *name, bool is_dir)
{
    size_t len = strlen(name);
    if (len == 0 || name[0] == '.')
        return true; /* dotfiles, dot-folders, "." and ".." */
    if (is_dir) {
        for (size_t i = 0; i < N_OF(skip_dirs); i++)
            if (strcasecmp(name, skip_dirs[i]) == 0)
                return true;
        return false;
    }
    if (name[len - 1] == '~' || (name[0] == '~' && name[1] == '$'))
        return true;
    for (size_t i = 0; i < N_OF(skip_suffixes); i++)
        if (has_suffix_ci(name, len, skip_suffixes[i]))
            return true;
    for (size_t i = 0; i < N_OF(skip_names); i++)
        if (strcasecmp(name, skip_names[i]) == 0)
            return true;
    return false;
}

static bool extra_skip(const struct ignore *ig, const char *name, const char *relpath)
{
    for (size_t i = 0; ig && i < ig->n_extra; i++) {
        const char *pat = ig->extra[i];
        if (strchr(pat, '/')) {
            if (relpath && fnmatch(pat, relpath, FNM_PATHNAME | FNM_CASEFOLD) == 0)
                return true;
        } else if (fnmatch(pat, name, FNM_CASEFOLD) == 0) {
            return true;
        }
    }
    return false;
}

enum ignore_class ignore_classify_name(const struct ignore *ig, const char *name,
                                       const char *relpath_so_far, bool is_dir)
{
    if (builtin_skip(name, is_dir) || extra_skip(ig, name, relpath_so_far))
        return IGNORE_SKIP;
    if (!is_dir && ignore_is_sidecar_name(name))
        return IGNORE_SIDECAR;
    return IGNORE_CANDIDATE;
}

/* Classify each folder of `relpath` (all components when `last_is_dir`,
 * else all but the last); returns SKIP or the last component's class. */
static enum ignore_class classify_components(const struct ignore *ig, const char *relpath,
                                             bool last_is_dir)
{
    size_t len = strlen(relpath);
    char *buf = malloc(len + 1);
    if (!buf)
        return IGNORE_SKIP; /* out of memory: safest to leave the file alone */
    memcpy(buf, relpath, len + 1);
    enum ignore_class cls = IGNORE_SKIP;
    char *comp = buf;
    for (;;) {
        char *slash = strchr(comp, '/');
        if (!slash) {
            cls = ignore_classify_name(ig, comp, buf, last_is_dir);
            break;
        }
        *slash = '\0';
        bool skip = ignore_classify_name(ig, comp, buf, true) == IGNORE_SKIP;
        *slash = '/';
        if (skip)
            break;
        comp = slash + 1;
    }
    free(buf);
    return cls;
}

enum ignore_class ignore_classify_path(const struct ignore *ig, const char *relpath)
{
    return classify_components(ig, relpath, false);
}

bool ignore_dir_skipped(const struct ignore *ig, const char *reldir)
{
    return reldir[0] && classify_components(ig, reldir, true) == IGNORE_SKIP;
}
