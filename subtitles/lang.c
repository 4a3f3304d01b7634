/* lang.c — iso-codes JSON loading, canonical codes, matching. */
#include "subtitles/lang_priv.h"

#include "subtitles/charset.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ARENA_CHUNK (64u * 1024u)

struct lang_chunk {
    lang_chunk *next;
    size_t used, cap;
    char data[];
};

const char *lang_arena_strndup(langdb *db, const char *s, size_t n)
{
    lang_chunk *c = db->arena;
    if (!c || c->cap - c->used < n + 1) {
        size_t cap = n + 1 > ARENA_CHUNK ? n + 1 : ARENA_CHUNK;
        c = malloc(sizeof(*c) + cap);
        if (!c)
            return NULL;
        c->used = 0;
        c->cap = cap;
        c->next = db->arena;
        db->arena = c;
    }
    char *p = c->data + c->used;
    memcpy(p, s, n);
    p[n] = '\0';
    c->used += n + 1;
    return p;
}

/* ---- code tables ---- */

static int code_slot(const char *c, size_t len)
{
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = c[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch < 'a' || ch > 'z')
            return -1;
        v = v * 26 + (ch - 'a');
    }
    return v;
}

static int32_t *code_index(langdb *db, const char *code)
{
    size_t len = strlen(code);
    int s = (len == 2 || len == 3) ? code_slot(code, len) : -1;
    if (s < 0)
        return NULL;
    return len == 2 ? &db->idx2[s] : &db->idx3[s];
}

static lang_entry *entry_add(langdb *db)
{
    if (db->n == db->cap) {
        size_t cap = db->cap ? db->cap * 2 : 8192;
        lang_entry *ne = realloc(db->entries, cap * sizeof(*ne));
        if (!ne)
            return NULL;
        db->entries = ne;
        db->cap = cap;
    }
    lang_entry *e = &db->entries[db->n++];
    memset(e, 0, sizeof(*e));
    return e;
}

static const char *jstr(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s && s[0] ? s : NULL;
}

static bool valid_code(const char *s, size_t want)
{
    return s && strlen(s) == want && code_slot(s, want) >= 0;
}

/* One record of iso_639-3.json or iso_639-2.json. 639-3 is loaded first;
 * a 639-2 record for a known alpha_3 only adds its 639-2 name and /B code. */
static int add_record(langdb *db, json_t *rec, bool is_6392)
{
    const char *a3 = jstr(rec, "alpha_3");
    const char *a2 = jstr(rec, "alpha_2");
    const char *b = jstr(rec, "bibliographic");
    const char *name = jstr(rec, "name");
    if (!valid_code(a3, 3) || !name)
        return 0; /* e.g. "qaa-qtz" */
    if (a2 && !valid_code(a2, 2))
        a2 = NULL;
    int32_t *slot3 = code_index(db, a3);
    lang_entry *e;
    if (*slot3) {
        if (!is_6392)
            return 0; /* duplicate in 639-3: keep the first */
        e = &db->entries[*slot3 - 1];
        if (!e->name2 && !(e->name2 = lang_arena_strndup(db, name, strlen(name))))
            return -1;
    } else {
        if (!(e = entry_add(db)))
            return -1;
        snprintf(e->a3, sizeof(e->a3), "%s", a3);
        snprintf(e->code, sizeof(e->code), "%s", a2 ? a2 : a3);
        e->name = lang_arena_strndup(db, name, strlen(name));
        if (!e->name)
            return -1;
        if (is_6392)
            e->name2 = e->name;
        const char *scope = jstr(rec, "scope");
        e->special = (scope && strcmp(scope, "S") == 0) || strcmp(a3, "und") == 0 ||
                     strcmp(a3, "mul") == 0 || strcmp(a3, "mis") == 0 || strcmp(a3, "zxx") == 0;
        *slot3 = (int32_t)db->n;
    }
    int32_t id = (int32_t)(e - db->entries) + 1;
    if (a2 && !*code_index(db, a2))
        *code_index(db, a2) = id;
    if (valid_code(b, 3) && !*code_index(db, b))
        *code_index(db, b) = id;
    return 0;
}

static int load_json(langdb *db, const char *dir, const char *file, const char *key, bool is_6392,
                     char *err, size_t errsize)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) {
        if (err)
            snprintf(err, errsize, "%.300s: %.160s (line %d)", path, jerr.text, jerr.line);
        return -1;
    }
    json_t *arr = json_object_get(root, key);
    int rc = 0;
    if (!json_is_array(arr)) {
        if (err)
            snprintf(err, errsize, "%.300s: no \"%s\" array", path, key);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < json_array_size(arr); i++)
        rc = add_record(db, json_array_get(arr, i), is_6392);
    json_decref(root);
    return rc;
}

int langdb_open(const char *json_dir, const char *locale_dir, langdb **out, char *err, size_t errsize)
{
    *out = NULL;
    if (err && errsize)
        err[0] = '\0';
    langdb *db = calloc(1, sizeof(*db));
    if (!db)
        return -1;
    pthread_mutex_init(&db->lock, NULL);
    db->locale_dir = strdup(locale_dir ? locale_dir : LANG_LOCALE_DIR);
    if (!json_dir)
        json_dir = LANG_ISO_CODES_DIR;
    char err3[512] = "", err2[512] = "";
    int r3 = db->locale_dir ? load_json(db, json_dir, "iso_639-3.json", "639-3", false, err3, sizeof(err3)) : -1;
    int r2 = db->locale_dir ? load_json(db, json_dir, "iso_639-2.json", "639-2", true, err2, sizeof(err2)) : -1;
    if ((r3 != 0 && r2 != 0) || db->n == 0) {
        if (err)
            snprintf(err, errsize, "%s", err3[0] ? err3 : err2[0] ? err2 : "no language data");
        langdb_free(db);
        return -1;
    }
    if (err && (r3 != 0 || r2 != 0))
        snprintf(err, errsize, "%s", r3 != 0 ? err3 : err2); /* partial: usable */
    *out = db;
    return 0;
}

void langdb_free(langdb *db)
{
    if (!db)
        return;
    lang_names_cleanup(db);
    while (db->arena) {
        lang_chunk *next = db->arena->next;
        free(db->arena);
        db->arena = next;
    }
    free(db->entries);
    free(db->locale_dir);
    pthread_mutex_destroy(&db->lock);
    free(db);
}

/* ---- tags ---- */

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Primary subtag of a BCP 47-shaped tag into prim (lower-case); false when
 * the tag's shape is wrong. Surrounding ASCII spaces are ignored. */
static bool tag_primary(const char *tag, char prim[LANG_CODE_SIZE])
{
    if (!tag)
        return false;
    while (*tag == ' ' || *tag == '\t')
        tag++;
    size_t end = strlen(tag);
    while (end > 0 && (tag[end - 1] == ' ' || tag[end - 1] == '\t'))
        end--;
    size_t plen = 0;
    while (plen < end && tag[plen] != '-' && tag[plen] != '_')
        plen++;
    if (plen < 2 || plen > 3 || code_slot(tag, plen) < 0)
        return false;
    /* later subtags: 1..8 alphanumerics each */
    size_t i = plen;
    while (i < end) {
        i++; /* the separator */
        size_t k = 0;
        while (i + k < end && tag[i + k] != '-' && tag[i + k] != '_') {
            if (!is_alnum(tag[i + k]))
                return false;
            k++;
        }
        if (k < 1 || k > 8)
            return false;
        i += k;
    }
    for (size_t j = 0; j < plen; j++)
        prim[j] = (char)(tag[j] | 0x20);
    prim[plen] = '\0';
    return true;
}

const lang_entry *lang_lookup(const langdb *db, const char *tag)
{
    char prim[LANG_CODE_SIZE];
    if (!db || !tag_primary(tag, prim))
        return NULL;
    int s = code_slot(prim, strlen(prim));
    int32_t id = strlen(prim) == 2 ? db->idx2[s] : db->idx3[s];
    if (!id)
        return NULL;
    const lang_entry *e = &db->entries[id - 1];
    return e->special ? NULL : e;
}

bool lang_canon(const langdb *db, const char *tag, char out[LANG_CODE_SIZE])
{
    const lang_entry *e = lang_lookup(db, tag);
    snprintf(out, LANG_CODE_SIZE, "%s", e ? e->code : "");
    return e != NULL;
}

/* "Spanish; Castilian" / "Greek, Modern (1453-)": compare against the part
 * before the first ';' or '(' (trailing spaces ignored). */
static bool name_eq(const char *full, const char *name)
{
    if (!full)
        return false;
    size_t n = strcspn(full, ";(");
    while (n > 0 && full[n - 1] == ' ')
        n--;
    return strlen(name) == n && strncasecmp(full, name, n) == 0;
}

bool lang_canon_name(const langdb *db, const char *name, char out[LANG_CODE_SIZE])
{
    out[0] = '\0';
    if (!db || !name || strlen(name) < 3)
        return false;
    for (size_t i = 0; i < db->n; i++) {
        const lang_entry *e = &db->entries[i];
        if (strlen(e->code) != 2 || e->special)
            continue;
        if (name_eq(e->name, name) || name_eq(e->name2, name)) {
            snprintf(out, LANG_CODE_SIZE, "%s", e->code);
            return true;
        }
    }
    return false;
}

bool lang_match(const langdb *db, const char *a, const char *b)
{
    const lang_entry *ea = lang_lookup(db, a);
    return ea && ea == lang_lookup(db, b);
}

const char *langdb_english_name(const langdb *db, const char *tag)
{
    const lang_entry *e = lang_lookup(db, tag);
    return e ? e->name : NULL;
}

int langdb_set_name(langdb *db, const char *tag, const char *name)
{
    char prim[LANG_CODE_SIZE];
    if (!db || !name || !name[0] || !tag_primary(tag, prim))
        return -1;
    size_t nlen = strlen(name);
    if (!charset_utf8_valid(name, nlen))
        return -1;
    for (size_t i = 0; i < nlen; i++) {
        if ((unsigned char)name[i] < 0x20)
            return -1;
    }
    int32_t *slot = code_index(db, prim);
    lang_entry *e;
    if (*slot) {
        e = &db->entries[*slot - 1];
        if (e->special)
            return -1;
    } else {
        if (!(e = entry_add(db)))
            return -1;
        snprintf(e->code, sizeof(e->code), "%s", prim);
        if (strlen(prim) == 3)
            snprintf(e->a3, sizeof(e->a3), "%s", prim);
        *slot = (int32_t)db->n;
    }
    const char *copy = lang_arena_strndup(db, name, nlen);
    if (!copy)
        return -1;
    if (!e->name)
        e->name = copy;
    pthread_mutex_lock(&db->lock);
    e->display = copy;
    e->display_done = true;
    e->overridden = true;
    pthread_mutex_unlock(&db->lock);
    return 0;
}
