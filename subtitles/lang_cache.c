/* lang_cache.c — langdb_open_cached (see lang.h): the parsed code tables in
 * one binary file, so a start-up does not parse Debian's iso-codes JSON
 * (~15–20 ms) again.
 *
 * Layout (native endianness; written and read by the same build):
 *   header  (magic, format, counts, size and mtime of both JSON files)
 *   entries n × {code, a3, name offset, name2 offset, special}
 *   idx2, idx3 (int32, as in struct langdb)
 *   strings (NUL-separated, ends with NUL)
 * Everything is checked on reading; any mismatch or damage means "no
 * cache": the JSON is parsed and the file written again (temp + rename). */
#include "subtitles/lang_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAGIC "VTLANG\0\1"
#define NO_NAME UINT32_MAX
#define MAX_ENTRIES 100000u
#define MAX_FILE (8u << 20)

struct cache_header {
    char magic[8];
    uint32_t n, blob_len;
    int64_t size3, mtime3, size2, mtime2; /* -1 when the file is missing */
};

struct cache_entry {
    char code[LANG_CODE_SIZE], a3[LANG_CODE_SIZE];
    uint32_t name, name2;
    uint32_t special;
};

static void json_ids(const char *dir, struct cache_header *h)
{
    const char *files[2] = {"iso_639-3.json", "iso_639-2.json"};
    int64_t *out[2][2] = {{&h->size3, &h->mtime3}, {&h->size2, &h->mtime2}};
    for (int i = 0; i < 2; i++) {
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        bool ok = stat(path, &sb) == 0;
        *out[i][0] = ok ? (int64_t)sb.st_size : -1;
        *out[i][1] = ok ? (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec : -1;
    }
}

static bool code_ok(const char *c)
{
    return memchr(c, '\0', LANG_CODE_SIZE) != NULL;
}

/* The whole file, or NULL. */
static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = NULL;
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && sb.st_size > 0 && (uint64_t)sb.st_size <= MAX_FILE &&
        (buf = malloc((size_t)sb.st_size)) && fread(buf, 1, (size_t)sb.st_size, f) == (size_t)sb.st_size) {
        *len = (size_t)sb.st_size;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static langdb *load(const char *path, const char *json_dir, const char *locale_dir)
{
    size_t len = 0;
    unsigned char *buf = read_all(path, &len);
    if (!buf)
        return NULL;
    langdb *db = NULL;
    struct cache_header h, want = {{0}, 0, 0, 0, 0, 0, 0};
    json_ids(json_dir, &want);
    if (len < sizeof(h))
        goto out;
    memcpy(&h, buf, sizeof(h));
    size_t tables = sizeof(db->idx2) + sizeof(db->idx3);
    if (memcmp(h.magic, CACHE_MAGIC, 8) != 0 || h.n == 0 || h.n > MAX_ENTRIES || h.blob_len == 0 ||
        len != sizeof(h) + (size_t)h.n * sizeof(struct cache_entry) + tables + h.blob_len ||
        h.size3 != want.size3 || h.mtime3 != want.mtime3 || h.size2 != want.size2 || h.mtime2 != want.mtime2)
        goto out;
    const unsigned char *ents = buf + sizeof(h);
    const unsigned char *idx = ents + (size_t)h.n * sizeof(struct cache_entry);
    const char *blob = (const char *)idx + tables;
    if (blob[h.blob_len - 1] != '\0')
        goto out;
    db = calloc(1, sizeof(*db));
    if (!db)
        goto out;
    pthread_mutex_init(&db->lock, NULL);
    db->locale_dir = strdup(locale_dir);
    db->entries = calloc(h.n, sizeof(*db->entries));
    const char *strs = db->entries && db->locale_dir ? lang_arena_strndup(db, blob, h.blob_len - 1) : NULL;
    bool ok = strs != NULL;
    for (uint32_t i = 0; ok && i < h.n; i++) {
        struct cache_entry ce;
        memcpy(&ce, ents + (size_t)i * sizeof(ce), sizeof(ce));
        ok = code_ok(ce.code) && code_ok(ce.a3) && ce.name < h.blob_len &&
             (ce.name2 == NO_NAME || ce.name2 < h.blob_len);
        lang_entry *e = &db->entries[i];
        memcpy(e->code, ce.code, sizeof(e->code));
        memcpy(e->a3, ce.a3, sizeof(e->a3));
        e->name = ok ? strs + ce.name : NULL;
        e->name2 = ok && ce.name2 != NO_NAME ? strs + ce.name2 : NULL;
        e->special = ce.special != 0;
    }
    memcpy(db->idx2, idx, sizeof(db->idx2));
    memcpy(db->idx3, idx + sizeof(db->idx2), sizeof(db->idx3));
    for (size_t i = 0; ok && i < sizeof(db->idx2) / sizeof(db->idx2[0]); i++)
        ok = db->idx2[i] >= 0 && (uint32_t)db->idx2[i] <= h.n;
    for (size_t i = 0; ok && i < sizeof(db->idx3) / sizeof(db->idx3[0]); i++)
        ok = db->idx3[i] >= 0 && (uint32_t)db->idx3[i] <= h.n;
    db->n = db->cap = h.n;
    if (!ok) {
        langdb_free(db);
        db = NULL;
    }
out:
    free(buf);
    return db;
}

/* Append s (and its NUL) to the blob; its offset, or NO_NAME. */
static uint32_t blob_add(char **blob, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s) + 1;
    if (*len + n > *cap) {
        size_t ncap = (*cap ? *cap * 2 : 65536) + n;
        char *nb = realloc(*blob, ncap);
        if (!nb)
            return NO_NAME;
        *blob = nb;
        *cap = ncap;
    }
    memcpy(*blob + *len, s, n);
    *len += n;
    return (uint32_t)(*len - n);
}

static void save(const langdb *db, const char *path, const char *json_dir)
{
    struct cache_header h;
    memset(&h, 0, sizeof(h));
    memcpy(h.magic, CACHE_MAGIC, 8);
    json_ids(json_dir, &h);
    struct cache_entry *ents = calloc(db->n ? db->n : 1, sizeof(*ents));
    char *blob = NULL;
    size_t blen = 0, bcap = 0;
    bool ok = ents != NULL;
    for (size_t i = 0; ok && i < db->n; i++) {
        const lang_entry *e = &db->entries[i];
        memcpy(ents[i].code, e->code, sizeof(ents[i].code));
        memcpy(ents[i].a3, e->a3, sizeof(ents[i].a3));
        ents[i].name = blob_add(&blob, &blen, &bcap, e->name ? e->name : "");
        ents[i].name2 = !e->name2 ? NO_NAME : e->name2 == e->name ? ents[i].name
                                                                 : blob_add(&blob, &blen, &bcap, e->name2);
        ents[i].special = e->special;
        ok = ents[i].name != NO_NAME && (!e->name2 || ents[i].name2 != NO_NAME);
    }
    h.n = (uint32_t)db->n;
    h.blob_len = (uint32_t)blen;
    char tmp[4200];
    snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
    FILE *f = ok && blen ? fopen(tmp, "wb") : NULL;
    if (f) {
        ok = fwrite(&h, sizeof(h), 1, f) == 1 && fwrite(ents, sizeof(*ents), db->n, f) == db->n &&
             fwrite(db->idx2, sizeof(db->idx2), 1, f) == 1 && fwrite(db->idx3, sizeof(db->idx3), 1, f) == 1 &&
             fwrite(blob, 1, blen, f) == blen;
        ok = fclose(f) == 0 && ok;
        if (!ok || rename(tmp, path) != 0)
            unlink(tmp);
    }
    free(ents);
    free(blob);
}

int langdb_open_cached(const char *json_dir, const char *locale_dir, const char *cache_path, langdb **out,
                       bool *from_cache, char *err, size_t errsize)
{
    if (from_cache)
        *from_cache = false;
    const char *jd = json_dir ? json_dir : LANG_ISO_CODES_DIR;
    if (cache_path && (*out = load(cache_path, jd, locale_dir ? locale_dir : LANG_LOCALE_DIR))) {
        if (err && errsize)
            err[0] = '\0';
        if (from_cache)
            *from_cache = true;
        return 0;
    }
    int rc = langdb_open(json_dir, locale_dir, out, err, errsize);
    if (rc == 0 && cache_path && !(err && err[0])) /* only a complete load is kept */
        save(*out, cache_path, jd);
    return rc;
}
