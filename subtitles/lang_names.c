/* lang_names.c — autonyms from iso-codes' translation catalogues.
 *
 * The autonym of language X is X's English name translated in X's own
 * catalogue: <locale_dir>/X/LC_MESSAGES/iso_639-3.mo, msgid "Spanish" in
 * es/ → "Español". Catalogues are opened only when a name is first asked
 * for, and closed again; the result is cached in the entry.
 */
#include "subtitles/lang_priv.h"

#include "subtitles/lang_case.h"
#include "subtitles/mofile.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_BYTES 256

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the locale directory's entries (once). Caller holds lock. */
static void list_locales(langdb *db)
{
    if (db->locale_listed)
        return;
    db->locale_listed = true;
    DIR *d = opendir(db->locale_dir);
    if (!d)
        return;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (db->nlocale_names == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            char **nn = realloc(db->locale_names, ncap * sizeof(*nn));
            if (!nn)
                break;
            db->locale_names = nn;
            cap = ncap;
        }
        char *copy = strdup(de->d_name);
        if (!copy)
            break;
        db->locale_names[db->nlocale_names++] = copy;
    }
    closedir(d);
    if (db->nlocale_names)
        qsort(db->locale_names, db->nlocale_names, sizeof(char *), str_cmp);
}

void lang_names_cleanup(langdb *db)
{
    for (size_t i = 0; i < db->nlocale_names; i++)
        free(db->locale_names[i]);
    free(db->locale_names);
    db->locale_names = NULL;
    db->nlocale_names = 0;
}

/* "Spanish; Castilian" → "Spanish"; "Νέα Ελληνικά (1453-)" → "Νέα Ελληνικά"
 * (a parenthesis with a date range goes, "Norsk (nynorsk)" stays). */
static size_t name_core(const char *s)
{
    size_t n = strcspn(s, ";");
    const char *paren = memchr(s, '(', n);
    if (paren && paren > s && strpbrk(paren, "0123456789") && (size_t)(strpbrk(paren, "0123456789") - s) < n)
        n = (size_t)(paren - s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    return n;
}

/* Translation of the entry's English names in catalogue `locale` (a
 * subdirectory of locale_dir), or NULL. Copied into the arena. */
static const char *autonym_in(langdb *db, const lang_entry *e, const char *locale)
{
    static const char *const domains[] = {"iso_639-3", "iso_639-2", "iso_639"};
    for (size_t d = 0; d < sizeof(domains) / sizeof(domains[0]); d++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/%s.mo", db->locale_dir, locale, domains[d]);
        mofile *mo;
        if (mofile_open(path, &mo) != MOFILE_OK)
            continue; /* missing or unreadable: the English name stays */
        const char *ids[2] = {e->name, e->name2};
        const char *hit = NULL;
        for (int i = 0; i < 2 && !hit; i++) {
            if (ids[i])
                hit = mofile_lookup(mo, ids[i]);
        }
        const char *res = NULL;
        if (hit) {
            char buf[NAME_MAX_BYTES];
            size_t n = name_core(hit);
            if (n > 0 && lang_capitalize_first(hit, n, buf, sizeof(buf)))
                res = lang_arena_strndup(db, buf, strlen(buf));
        }
        mofile_free(mo);
        if (res)
            return res;
    }
    return NULL;
}

/* Catalogue directories for a code: "es", then "es_*" in sorted order
 * ("zh" has only zh_CN, zh_HK, zh_Hans, zh_Hant, zh_TW). Caller holds lock. */
static const char *lookup_autonym(langdb *db, const lang_entry *e)
{
    const char *res = autonym_in(db, e, e->code);
    if (res)
        return res;
    list_locales(db);
    size_t clen = strlen(e->code);
    for (size_t i = 0; i < db->nlocale_names && !res; i++) {
        const char *l = db->locale_names[i];
        if (strncmp(l, e->code, clen) == 0 && (l[clen] == '_' || l[clen] == '@'))
            res = autonym_in(db, e, l);
    }
    return res;
}

const char *langdb_autonym(langdb *db, const char *tag)
{
    const lang_entry *ce = lang_lookup(db, tag);
    if (!ce)
        return NULL;
    lang_entry *e = &db->entries[ce - db->entries];
    pthread_mutex_lock(&db->lock);
    if (!e->display_done) {
        e->display = lookup_autonym(db, e);
        if (!e->display && e->name) {
            size_t n = name_core(e->name);
            e->display = n ? lang_arena_strndup(db, e->name, n) : e->name;
        }
        e->display_done = true;
    }
    const char *res = e->display ? e->display : e->name;
    pthread_mutex_unlock(&db->lock);
    return res;
}
