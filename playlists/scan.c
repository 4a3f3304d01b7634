/* scan.c — recursive listing of MEDIA_DIR; see scan.h. */
#include "playlists/scan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "player/log.h"
#include "playlists/natsort.h"

#define MOD "scan"

struct file_vec {
    struct scan_file *v;
    size_t n, cap;
};

struct scan_result {
    struct file_vec files, sidecars;
    size_t dirs, skipped;
};

/* Folders entered in this scan, by device + inode (open addressing). */
struct visited {
    struct devino {
        dev_t dev;
        ino_t ino;
        int used;
    } *slot;
    size_t cap, n;
};

/* Symlinked folders, entered after all real folders so that a folder
 * reachable both ways is always listed under its real path. */
struct deferred {
    char **v;
    size_t n, cap, next;
};

struct walker {
    const struct scan_opts *o;
    int rootfd;
    struct deferred links;
    struct scan_result *r;
    struct visited vis;
    char path[PATH_MAX]; /* relpath of the folder being read */
    size_t len;
    int oom;
};

static size_t devino_hash(dev_t dev, ino_t ino)
{
    uint64_t h = (uint64_t)ino * 0x9E3779B97F4A7C15ull ^ (uint64_t)dev * 0xC2B2AE3D27D4EB4Full;
    return (size_t)(h ^ (h >> 29));
}

/* Returns 1 if newly added, 0 if already present, -1 when out of memory. */
static int visited_add(struct visited *vs, dev_t dev, ino_t ino)
{
    if ((vs->n + 1) * 2 > vs->cap) {
        size_t ncap = vs->cap ? vs->cap * 2 : 64;
        struct devino *ns = calloc(ncap, sizeof(*ns));
        if (!ns)
            return -1;
        for (size_t i = 0; i < vs->cap; i++) {
            if (!vs->slot[i].used)
                continue;
            size_t j = devino_hash(vs->slot[i].dev, vs->slot[i].ino) & (ncap - 1);
            while (ns[j].used)
                j = (j + 1) & (ncap - 1);
            ns[j] = vs->slot[i];
        }
        free(vs->slot);
        vs->slot = ns;
        vs->cap = ncap;
    }
    size_t j = devino_hash(dev, ino) & (vs->cap - 1);
    while (vs->slot[j].used) {
        if (vs->slot[j].dev == dev && vs->slot[j].ino == ino)
            return 0;
        j = (j + 1) & (vs->cap - 1);
    }
    vs->slot[j] = (struct devino){ dev, ino, 1 };
    vs->n++;
    return 1;
}

static int push_file(struct file_vec *fv, const char *relpath, const struct stat *st)
{
    if (fv->n == fv->cap) {
        size_t ncap = fv->cap ? fv->cap * 2 : 256;
        struct scan_file *nv = realloc(fv->v, ncap * sizeof(*nv));
        if (!nv)
            return -1;
        fv->v = nv;
        fv->cap = ncap;
    }
    char *p = strdup(relpath);
    if (!p)
        return -1;
    fv->v[fv->n++] = (struct scan_file){
        .relpath = p,
        .size = (int64_t)st->st_size,
        .mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec,
    };
    return 0;
}

static void report_dir_error(const struct walker *w, const char *what, int err)
{
    if (w->o->quiet)
        log_debug(MOD, "cannot %s folder \"%s\": %s", what, w->len ? w->path : ".", strerror(err));
    else
        log_warn(MOD, "cannot %s folder \"%s\": %s — skipped", what, w->len ? w->path : ".",
                 strerror(err));
}

static void walk(struct walker *w, int dirfd, int depth);

/* Enter the folder opened as `fd` (relpath already in w->path). Takes fd. */
static void enter_dir(struct walker *w, int fd, int depth)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        report_dir_error(w, "inspect", errno);
        close(fd);
        return;
    }
    int added = visited_add(&w->vis, st.st_dev, st.st_ino);
    if (added <= 0) {
        if (added < 0)
            w->oom = 1;
        else
            log_debug(MOD, "\"%s\": folder already listed (symlink loop or alias)", w->path);
        close(fd);
        return;
    }
    if (w->o->on_dir && w->o->on_dir(w->o->user, w->path, st.st_dev, st.st_ino) != 0) {
        close(fd);
        return;
    }
    w->r->dirs++;
    walk(w, fd, depth);
}

/* Append "/name" (or "name" at the root) to w->path; false if too long. */
static bool path_push(struct walker *w, const char *name, size_t *saved)
{
    size_t nl = strlen(name);
    size_t need = w->len + (w->len ? 1 : 0) + nl + 1;
    if (need > sizeof(w->path)) {
        log_warn(MOD, "path too long under \"%s\" — skipped", w->path);
        return false;
    }
    *saved = w->len;
    if (w->len)
        w->path[w->len++] = '/';
    memcpy(w->path + w->len, name, nl + 1);
    w->len += nl;
    return true;
}

static void path_pop(struct walker *w, size_t saved)
{
    w->len = saved;
    w->path[saved] = '\0';
}

static void defer_link(struct walker *w)
{
    struct deferred *d = &w->links;
    if (d->n == d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 16;
        char **nv = realloc(d->v, ncap * sizeof(*nv));
        if (!nv) {
            w->oom = 1;
            return;
        }
        d->v = nv;
        d->cap = ncap;
    }
    if (!(d->v[d->n] = strdup(w->path)))
        w->oom = 1;
    else
        d->n++;
}

static int path_depth(const char *relpath)
{
    int depth = relpath[0] ? 1 : 0;
    for (const char *p = relpath; *p; p++)
        depth += *p == '/';
    return depth;
}

static void walk_deferred(struct walker *w)
{
    struct deferred *d = &w->links;
    while (d->next < d->n && !w->oom) {
        char *rel = d->v[d->next++];
        size_t len = strlen(rel);
        memcpy(w->path, rel, len + 1);
        w->len = len;
        if (path_depth(rel) > SCAN_MAX_DEPTH) {
            log_warn(MOD, "\"%s\": more than %d folders deep — skipped", rel, SCAN_MAX_DEPTH);
            continue;
        }
        int fd = openat(w->rootfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            report_dir_error(w, "open", errno);
        else
            enter_dir(w, fd, path_depth(rel));
    }
    for (size_t i = 0; i < d->n; i++)
        free(d->v[i]);
    free(d->v);
}

static void visit_entry(struct walker *w, int dirfd, const struct dirent *de, int depth)
{
    const char *name = de->d_name;
    if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
        return;
    size_t saved;
    if (!path_push(w, name, &saved))
        return;
    struct stat st;
    bool is_dir = de->d_type == DT_DIR;
    bool is_link = de->d_type == DT_LNK;
    if (de->d_type == DT_UNKNOWN && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
        is_link = S_ISLNK(st.st_mode);
    if (!is_dir) {
        /* Regular files need size and mtime; links and DT_UNKNOWN need the
         * target's type. Follow symlinks: a linked file counts. */
        if (fstatat(dirfd, name, &st, 0) != 0) {
            log_debug(MOD, "\"%s\": %s — skipped", w->path, strerror(errno));
            goto out;
        }
        is_dir = S_ISDIR(st.st_mode);
        if (!is_dir && !S_ISREG(st.st_mode)) {
            log_debug(MOD, "\"%s\": not a regular file — skipped", w->path);
            goto out;
        }
    }
    enum ignore_class cls = ignore_classify_name(w->o->ign, name, w->path, is_dir);
    if (cls == IGNORE_SKIP) {
        w->r->skipped++;
        goto out;
    }
    if (is_dir) {
        if (is_link) {
            defer_link(w);
            goto out;
        }
        if (depth + 1 > SCAN_MAX_DEPTH) {
            log_warn(MOD, "\"%s\": more than %d folders deep — skipped", w->path, SCAN_MAX_DEPTH);
            goto out;
        }
        int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            report_dir_error(w, "open", errno);
        else
            enter_dir(w, fd, depth + 1);
        goto out;
    }
    struct file_vec *fv = cls == IGNORE_SIDECAR ? &w->r->sidecars : &w->r->files;
    if (push_file(fv, w->path, &st) != 0)
        w->oom = 1;
out:
    path_pop(w, saved);
}

static void walk(struct walker *w, int dirfd, int depth)
{
    DIR *d = fdopendir(dirfd);
    if (!d) {
        report_dir_error(w, "read", errno);
        close(dirfd);
        return;
    }
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(d);
        if (!de) {
            if (errno)
                report_dir_error(w, "read", errno);
            break;
        }
        visit_entry(w, dirfd, de, depth);
        if (w->oom)
            break;
    }
    closedir(d);
}

int scan_file_cmp(const void *a, const void *b)
{
    return natsort_cmp(((const struct scan_file *)a)->relpath,
                       ((const struct scan_file *)b)->relpath);
}

struct scan_result *scan_tree(const char *root, const char *under, const struct scan_opts *opts)
{
    static const struct scan_opts no_opts = { 0 };
    struct walker *w = calloc(1, sizeof(*w));
    struct scan_result *r = calloc(1, sizeof(*r));
    if (!w || !r) {
        free(w);
        free(r);
        errno = ENOMEM;
        return NULL;
    }
    w->o = opts ? opts : &no_opts;
    w->r = r;
    if (under) {
        while (*under == '/')
            under++;
        size_t ul = strlen(under);
        while (ul && under[ul - 1] == '/')
            ul--;
        if (ul >= sizeof(w->path)) {
            free(w);
            free(r);
            errno = ENAMETOOLONG;
            return NULL;
        }
        memcpy(w->path, under, ul);
        w->path[ul] = '\0';
        w->len = ul;
    }
    w->rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int fd = w->rootfd;
    if (w->rootfd >= 0 && w->len)
        fd = openat(w->rootfd, w->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (w->rootfd >= 0)
            close(w->rootfd);
        free(w);
        free(r);
        errno = err;
        return NULL;
    }
    if (fd == w->rootfd)
        fd = dup(w->rootfd); /* enter_dir() takes ownership of its fd */
    if (fd < 0)
        w->oom = 1;
    else
        enter_dir(w, fd, path_depth(w->path));
    walk_deferred(w);
    close(w->rootfd);
    int oom = w->oom;
    free(w->vis.slot);
    free(w);
    if (oom) {
        scan_result_free(r);
        errno = ENOMEM;
        return NULL;
    }
    if (r->files.n > 1)
        qsort(r->files.v, r->files.n, sizeof(struct scan_file), scan_file_cmp);
    if (r->sidecars.n > 1)
        qsort(r->sidecars.v, r->sidecars.n, sizeof(struct scan_file), scan_file_cmp);
    return r;
}

void scan_result_free(struct scan_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->files.n; i++)
        free(r->files.v[i].relpath);
    for (size_t i = 0; i < r->sidecars.n; i++)
        free(r->sidecars.v[i].relpath);
    free(r->files.v);
    free(r->sidecars.v);
    free(r);
}

const struct scan_file *scan_files(const struct scan_result *r, size_t *n)
{
    *n = r->files.n;
    return r->files.v;
}

const struct scan_file *scan_sidecars(const struct scan_result *r, size_t *n)
{
    *n = r->sidecars.n;
    return r->sidecars.v;
}

size_t scan_dir_count(const struct scan_result *r) { return r->dirs; }
size_t scan_skipped_count(const struct scan_result *r) { return r->skipped; }
