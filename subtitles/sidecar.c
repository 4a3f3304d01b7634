/* sidecar.c — sidecar subtitle discovery (naming rules in sidecar.h). */
#include "subtitles/sidecar.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_TOKENS 16

static const char *const SUB_EXTS[] = {"srt", "vtt", "ass", "ssa", "sub", "txt"};
static const char *const SUB_DIRS[] = {"subs", "subtitles"};

/* Extensions of files that are videos for the "longest name wins" rule
 * (a.mp4 must not take a.2024.es.srt from a.2024.mp4 beside it). */
static const char *const VIDEO_EXTS[] = {"mp4", "m4v", "mkv", "webm", "mov", "avi", "ts",  "mts", "m2ts",
                                         "mpg", "mpeg", "wmv", "flv", "ogv", "ogg", "3gp", "vob"};

static const struct {
    const char *word;
    unsigned flag;
} FLAG_WORDS[] = {
    {"forced", SIDECAR_FORCED}, {"sdh", SIDECAR_SDH}, {"cc", SIDECAR_SDH},
    {"hi", SIDECAR_SDH},        {"default", SIDECAR_DEFAULT},
};

static bool in_list(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strlen(list[i]) == n && strncasecmp(s, list[i], n) == 0)
            return true;
    }
    return false;
}

#define IN_LIST(s, n, list) in_list(s, n, list, sizeof(list) / sizeof(list[0]))

static unsigned flag_of(const char *tok)
{
    for (size_t i = 0; i < sizeof(FLAG_WORDS) / sizeof(FLAG_WORDS[0]); i++) {
        if (strcasecmp(tok, FLAG_WORDS[i].word) == 0)
            return FLAG_WORDS[i].flag;
    }
    return 0;
}

static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) : 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Length of a file name without its extension (a leading dot is part of
 * the name: ".talk" has no extension). */
static size_t stem_len(const char *base)
{
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? (size_t)(dot - base) : strlen(base);
}

static bool is_lang(const langdb *db, const char *tok, char code[LANG_CODE_SIZE])
{
    return lang_canon(db, tok, code) || lang_canon_name(db, tok, code);
}

/* Parse the tokens between the video's stem and the extension. */
static int parse_tokens(const langdb *db, char *middle, sidecar *out)
{
    char *tok[MAX_TOKENS];
    size_t nt = 0;
    for (char *save = NULL, *t = strtok_r(middle, ".", &save); t; t = strtok_r(NULL, ".", &save)) {
        if (nt == MAX_TOKENS)
            return 0; /* not a naming scheme we know */
        tok[nt++] = t;
    }
    /* The language: the rightmost non-flag token that names one; failing
     * that, a flag word that is also a code ("hi" alone is Hindi). */
    long lang_at = -1;
    char code[LANG_CODE_SIZE];
    for (int pass = 0; pass < 2 && lang_at < 0; pass++) {
        for (size_t i = nt; i-- > 0;) {
            if ((flag_of(tok[i]) != 0) == (pass == 0))
                continue;
            if (is_lang(db, tok[i], code)) {
                lang_at = (long)i;
                break;
            }
        }
    }
    size_t title_len = 0;
    for (size_t i = 0; i < nt; i++) {
        if ((long)i == lang_at)
            continue;
        unsigned f = flag_of(tok[i]);
        if (f)
            out->flags |= f;
        else
            title_len += strlen(tok[i]) + 1;
    }
    if (lang_at >= 0) {
        is_lang(db, tok[lang_at], out->lang);
        if (!(out->lang_tag = strdup(tok[lang_at])))
            return -1;
    }
    if (title_len) {
        if (!(out->title = malloc(title_len)))
            return -1;
        out->title[0] = '\0';
        for (size_t i = 0; i < nt; i++) {
            if ((long)i == lang_at || flag_of(tok[i]))
                continue;
            if (out->title[0])
                strcat(out->title, " ");
            strcat(out->title, tok[i]);
        }
    }
    return 1;
}

/* Match a candidate file name against the video's stem. */
static int match_name(const langdb *db, const char *stem, size_t slen, const char *cand, sidecar *out)
{
    memset(out, 0, sizeof(*out));
    size_t clen = strlen(cand);
    if (clen <= slen + 1 || strncasecmp(cand, stem, slen) != 0 || cand[slen] != '.')
        return 0;
    const char *rest = cand + slen + 1;
    const char *dot = strrchr(rest, '.');
    const char *ext = dot ? dot + 1 : rest;
    size_t elen = strlen(ext);
    if (!IN_LIST(ext, elen, SUB_EXTS))
        return 0;
    for (size_t i = 0; i <= elen; i++)
        out->ext[i] = (char)(ext[i] >= 'A' && ext[i] <= 'Z' ? ext[i] + 32 : ext[i]);
    if (!dot)
        return 1; /* NAME.EXT */
    char *middle = strndup(rest, (size_t)(dot - rest));
    if (!middle)
        return -1;
    int rc = parse_tokens(db, middle, out);
    free(middle);
    return rc;
}

void sidecar_clear(sidecar *sc)
{
    if (!sc)
        return;
    free(sc->path);
    free(sc->lang_tag);
    free(sc->title);
    memset(sc, 0, sizeof(*sc));
}

int sidecar_match(const langdb *db, const char *video_path, const char *candidate_path, sidecar *out)
{
    memset(out, 0, sizeof(*out));
    if (!video_path || !candidate_path)
        return 0;
    size_t vdl = dir_len(video_path), cdl = dir_len(candidate_path);
    bool same = vdl == cdl && strncmp(video_path, candidate_path, vdl) == 0;
    bool sub = false;
    if (!same) {
        /* candidate dir = video dir + "/" + subs (or just "subs" for a bare name) */
        size_t pre = vdl ? vdl + 1 : 0;
        if (cdl > pre && strncmp(video_path, candidate_path, vdl) == 0 && (!vdl || candidate_path[vdl] == '/')) {
            const char *seg = candidate_path + pre;
            size_t seglen = cdl - pre;
            sub = !memchr(seg, '/', seglen) && IN_LIST(seg, seglen, SUB_DIRS);
        }
        if (!sub)
            return 0;
    }
    const char *vbase = base_name(video_path);
    int rc = match_name(db, vbase, stem_len(vbase), base_name(candidate_path), out);
    if (rc == 1 && !(out->path = strdup(candidate_path)))
        rc = -1;
    if (rc != 1)
        sidecar_clear(out);
    out->in_subdir = rc == 1 && sub;
    return rc;
}

/* ---- directory scan ---- */

typedef struct scan {
    const langdb *db;
    const char *video;
    size_t vstem_len;
    char **stems; /* stems of other videos in the video's directory */
    size_t nstems;
    sidecar_list *list;
} scan;

static char *join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    bool slash = dl > 0 && dir[dl - 1] == '/';
    char *p = malloc(dl + nl + 2);
    if (p) {
        memcpy(p, dir, dl);
        if (!slash)
            p[dl++] = '/';
        memcpy(p + dl, name, nl + 1);
    }
    return p;
}

static bool is_type(const char *path, const struct dirent *de, mode_t want)
{
    if (de->d_type == DT_REG)
        return want == S_IFREG;
    if (de->d_type == DT_DIR)
        return want == S_IFDIR;
    struct stat st; /* DT_UNKNOWN or a symlink: ask the file system */
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == want;
}

/* A .sub with a same-named .idx is VobSub. */
static bool is_vobsub(const char *path)
{
    size_t n = strlen(path);
    char *p = strdup(path);
    if (!p)
        return false;
    struct stat st;
    memcpy(p + n - 3, "idx", 3);
    bool found = stat(p, &st) == 0;
    memcpy(p + n - 3, "IDX", 3);
    found = found || stat(p, &st) == 0;
    free(p);
    return found;
}

/* Does a longer video name in the directory claim this file? */
static bool claimed_by_other(const scan *s, const char *name)
{
    for (size_t i = 0; i < s->nstems; i++) {
        size_t l = strlen(s->stems[i]);
        if (l > s->vstem_len && strncasecmp(name, s->stems[i], l) == 0 && name[l] == '.')
            return true;
    }
    return false;
}

static int list_add(sidecar_list *list, sidecar *sc)
{
    sidecar *ni = realloc(list->items, (list->n + 1) * sizeof(*ni));
    if (!ni)
        return -1;
    list->items = ni;
    ni[list->n++] = *sc;
    return 0;
}

static int stems_add(scan *s, const char *name, size_t len)
{
    char **ns = realloc(s->stems, (s->nstems + 1) * sizeof(char *));
    if (!ns)
        return -ENOMEM;
    s->stems = ns;
    if (!(ns[s->nstems] = strndup(name, len)))
        return -ENOMEM;
    s->nstems++;
    return 0;
}

/* Scan one directory. With subdirs != NULL (the video's own directory),
 * collects the names of subs folders and other videos' stems. */
static int scan_dir(scan *s, const char *dir, char ***subdirs, size_t *nsub)
{
    DIR *d = opendir(dir[0] ? dir : ".");
    if (!d)
        return -errno;
    int rc = 0;
    struct dirent *de;
    const char *vbase = base_name(s->video);
    while (rc == 0 && (de = readdir(d))) {
        if (de->d_name[0] == '.' && (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
            continue;
        char *path = dir[0] ? join(dir, de->d_name) : strdup(de->d_name);
        if (!path) {
            rc = -ENOMEM;
            break;
        }
        size_t nlen = strlen(de->d_name), sl = stem_len(de->d_name);
        if (subdirs && IN_LIST(de->d_name, nlen, SUB_DIRS) && is_type(path, de, S_IFDIR)) {
            char **nsd = realloc(*subdirs, (*nsub + 1) * sizeof(char *));
            if (!nsd) {
                rc = -ENOMEM;
            } else {
                *subdirs = nsd;
                nsd[(*nsub)++] = path;
                path = NULL;
            }
        } else if (subdirs && sl < nlen && strcmp(de->d_name, vbase) != 0 &&
                   IN_LIST(de->d_name + sl + 1, nlen - sl - 1, VIDEO_EXTS)) {
            rc = stems_add(s, de->d_name, sl);
        } else {
            sidecar sc;
            int m = match_name(s->db, vbase, s->vstem_len, de->d_name, &sc);
            if (m == 1 && is_type(path, de, S_IFREG) && !(strcmp(sc.ext, "sub") == 0 && is_vobsub(path))) {
                sc.path = path;
                sc.in_subdir = subdirs == NULL;
                path = NULL;
                if (list_add(s->list, &sc) != 0) {
                    sidecar_clear(&sc);
                    rc = -ENOMEM;
                }
            } else {
                if (m == 1)
                    sidecar_clear(&sc);
                if (m < 0)
                    rc = -ENOMEM;
            }
        }
        free(path);
    }
    closedir(d);
    return rc;
}

static int sidecar_cmp(const void *pa, const void *pb)
{
    const sidecar *a = pa, *b = pb;
    if (a->in_subdir != b->in_subdir)
        return a->in_subdir ? 1 : -1;
    return strcmp(a->path, b->path);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int sidecar_find(const langdb *db, const char *video_path, sidecar_list *out)
{
    memset(out, 0, sizeof(*out));
    if (!video_path)
        return -EINVAL;
    size_t vdl = dir_len(video_path);
    /* "/talk.mp4" lives in "/", "talk.mp4" in "" (the working directory) */
    char *dir = vdl == 0 && video_path[0] == '/' ? strdup("/") : strndup(video_path, vdl);
    if (!dir)
        return -ENOMEM;
    scan s = {db, video_path, stem_len(base_name(video_path)), NULL, 0, out};
    char **subdirs = NULL;
    size_t nsub = 0;
    int rc = scan_dir(&s, dir, &subdirs, &nsub);
    if (rc == 0 && nsub > 1)
        qsort(subdirs, nsub, sizeof(char *), str_cmp);
    for (size_t i = 0; i < nsub; i++) {
        if (rc == 0)
            rc = scan_dir(&s, subdirs[i], NULL, NULL) == -ENOMEM ? -ENOMEM : 0;
        free(subdirs[i]);
    }
    free(subdirs);
    /* Drop files that a longer video name beside this one claims. */
    size_t keep = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (rc == 0 && !claimed_by_other(&s, base_name(out->items[i].path)))
            out->items[keep++] = out->items[i];
        else
            sidecar_clear(&out->items[i]);
    }
    out->n = keep;
    for (size_t i = 0; i < s.nstems; i++)
        free(s.stems[i]);
    free(s.stems);
    free(dir);
    if (rc != 0) {
        sidecar_list_free(out);
        return rc;
    }
    if (out->n > 1)
        qsort(out->items, out->n, sizeof(*out->items), sidecar_cmp);
    return 0;
}

void sidecar_list_free(sidecar_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        sidecar_clear(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof(*list));
}

const char *sidecar_flags_str(unsigned flags, char *buf, size_t size)
{
    if (!size)
        return buf;
    buf[0] = '\0';
    static const char *const names[] = {"forced", "SDH", "default"};
    for (int i = 0; i < 3; i++) {
        if (flags & (1u << i)) {
            size_t l = strlen(buf);
            snprintf(buf + l, size - l, "%s%s", l ? ", " : "", names[i]);
        }
    }
    return buf;
}
