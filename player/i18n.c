/* i18n.c — UI texts in the viewer's language (see i18n.h). */
#include "player/i18n.h"

#include "player/log.h"
#include "subtitles/mofile.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CAT_NAME_MAX 24

const char *const i18n_msgids[] = {
    I18N_NO_VIDEOS,    I18N_WAITING,       I18N_REJECTED,      I18N_NEW_VIDEO,   I18N_NOT_AVAILABLE,
    I18N_SUBTITLES,    I18N_SUBTITLES_OFF, I18N_LANGUAGE,      I18N_CHOOSE_LANGUAGE, I18N_PRESS_OK,
    I18N_VIDEO_HAS,    I18N_POSITION,      I18N_LANGUAGE_IS,   I18N_SUBTITLES_IS, I18N_AUDIO_IS,
    I18N_PAUSED,       I18N_VOLUME,        I18N_MUTED,
};
const size_t i18n_msgid_count = sizeof(i18n_msgids) / sizeof(i18n_msgids[0]);

typedef struct catalogue {
    char name[CAT_NAME_MAX]; /* locale directory name: "es", "pt_BR", "sr@latin" */
    mofile *mo;
} catalogue;

struct i18n {
    catalogue *cats;
    size_t n;
    char **fallbacks;
    size_t nfallbacks;
};

/* "es", "pt_BR", "ca@valencia": a directory that can hold a language. */
static bool locale_name_ok(const char *s)
{
    size_t n = strlen(s), i = 0;
    if (n >= CAT_NAME_MAX)
        return false;
    while (i < n && s[i] >= 'a' && s[i] <= 'z')
        i++;
    if (i < 2 || i > 3)
        return false;
    for (; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '@'))
            return false;
    }
    return true;
}

static int cat_cmp(const void *a, const void *b)
{
    return strcmp(((const catalogue *)a)->name, ((const catalogue *)b)->name);
}

static int load_one(i18n *t, const char *dir, const char *name, const char *domain)
{
    char path[4096];
    int w = snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/%s.mo", dir, name, domain);
    if (w < 0 || (size_t)w >= sizeof(path))
        return 0;
    mofile *mo = NULL;
    int rc = mofile_open(path, &mo);
    if (rc == MOFILE_E_IO && (errno == ENOENT || errno == ENOTDIR))
        return 0; /* this language has no Vitrina catalogue */
    if (rc == MOFILE_E_NOMEM)
        return -1;
    if (rc != MOFILE_OK) {
        log_warn("i18n", "%s: %s — texts in this language stay in English", path, mofile_strerror(rc));
        return 0;
    }
    catalogue *nc = realloc(t->cats, (t->n + 1) * sizeof(*nc));
    if (!nc) {
        mofile_free(mo);
        return -1;
    }
    t->cats = nc;
    snprintf(nc[t->n].name, CAT_NAME_MAX, "%s", name);
    nc[t->n].mo = mo;
    t->n++;
    return 0;
}

int i18n_open(const char *locale_dir, const char *domain, i18n **out)
{
    *out = NULL;
    i18n *t = calloc(1, sizeof(*t));
    if (!t)
        return -1;
    if (!locale_dir)
        locale_dir = I18N_LOCALE_DIR;
    if (!domain)
        domain = I18N_DOMAIN;
    DIR *d = opendir(locale_dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (locale_name_ok(de->d_name) && load_one(t, locale_dir, de->d_name, domain) != 0) {
                closedir(d);
                i18n_free(t);
                return -1;
            }
        }
        closedir(d);
    }
    if (t->n > 1)
        qsort(t->cats, t->n, sizeof(*t->cats), cat_cmp);
    log_verbose("i18n", "%zu UI translation(s) in %s", t->n, locale_dir);
    *out = t;
    return 0;
}

int i18n_set_fallbacks(i18n *t, const char *const *langs, size_t n)
{
    for (size_t i = 0; i < t->nfallbacks; i++)
        free(t->fallbacks[i]);
    free(t->fallbacks);
    t->fallbacks = NULL;
    t->nfallbacks = 0;
    if (n == 0)
        return 0;
    t->fallbacks = calloc(n, sizeof(char *));
    if (!t->fallbacks)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!langs[i])
            continue;
        if (!(t->fallbacks[t->nfallbacks] = strdup(langs[i])))
            return -1;
        t->nfallbacks++;
    }
    return 0;
}

/* Primary subtag length of a tag ("pt-BR" → 2), 0 if malformed. */
static size_t primary_len(const char *lang)
{
    size_t n = strcspn(lang, "-_@");
    for (size_t i = 0; i < n; i++) {
        char c = lang[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return 0;
    }
    return n >= 2 && n <= 3 ? n : 0;
}

static bool is_english(const char *lang)
{
    size_t p = primary_len(lang);
    return (p == 2 && strncasecmp(lang, "en", 2) == 0) || (p == 3 && strncasecmp(lang, "eng", 3) == 0);
}

static const catalogue *find_named(const i18n *t, const char *name, size_t len)
{
    for (size_t i = 0; i < t->n; i++) {
        if (strlen(t->cats[i].name) == len && strncasecmp(t->cats[i].name, name, len) == 0)
            return &t->cats[i];
    }
    return NULL;
}

/* Catalogue for one tag: the full tag ("pt-BR" ~ "pt_BR"), then its
 * primary subtag ("pt"). */
static const catalogue *find_cat(const i18n *t, const char *lang)
{
    size_t p = primary_len(lang);
    if (!p)
        return NULL;
    char norm[CAT_NAME_MAX];
    size_t n = strlen(lang);
    if (n < sizeof(norm)) {
        for (size_t i = 0; i <= n; i++)
            norm[i] = lang[i] == '-' ? '_' : lang[i];
        const catalogue *c = find_named(t, norm, n);
        if (c)
            return c;
    }
    return find_named(t, lang, p);
}

/* NULL = English. */
static const catalogue *resolve(const i18n *t, const char *lang)
{
    if (!t || !lang || is_english(lang))
        return NULL;
    const catalogue *c = find_cat(t, lang);
    if (c)
        return c;
    for (size_t i = 0; i < t->nfallbacks; i++) {
        if (is_english(t->fallbacks[i]))
            return NULL;
        if ((c = find_cat(t, t->fallbacks[i])))
            return c;
    }
    return NULL;
}

/* The sequence of printf conversions in fmt, e.g. "%d / %d" → "d,d,". */
static bool fmt_signature(const char *fmt, char *sig, size_t size)
{
    size_t o = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        p++;
        if (*p == '%')
            continue;
        const char *start = p;
        while (*p && strchr("0123456789$-+ #'.*hlLqjzt", *p))
            p++;
        if (!*p || !strchr("diouxXeEfFgGaAcspn", *p) || *p == 'n')
            return false; /* truncated, unknown or %n: never acceptable */
        size_t len = (size_t)(p - start) + 1;
        /* flags/width/precision may differ ("%d" vs "%5d"), the argument
         * types may not: keep '*', the length modifier and the conversion */
        for (size_t i = 0; i < len; i++) {
            char c = start[i];
            if (c == '*' || c == '$' || strchr("hlLqjzt", c) || i == len - 1) {
                if (o + 2 >= size)
                    return false;
                sig[o++] = c;
            }
        }
        if (o + 2 >= size)
            return false;
        sig[o++] = ',';
    }
    sig[o] = '\0';
    return true;
}

static bool same_conversions(const char *a, const char *b)
{
    char sa[64], sb[64];
    return fmt_signature(a, sa, sizeof(sa)) && fmt_signature(b, sb, sizeof(sb)) && strcmp(sa, sb) == 0;
}

const char *i18n_tr(const i18n *t, const char *lang, const char *msgid)
{
    if (!msgid)
        return "";
    const catalogue *c = resolve(t, lang);
    if (!c)
        return msgid;
    const char *s = mofile_lookup(c->mo, msgid);
    return s && same_conversions(msgid, s) ? s : msgid;
}

const char *i18n_format(const i18n *t, const char *lang, char *buf, size_t size, const char *msgid, ...)
{
    if (!buf || size == 0)
        return buf;
    const char *fmt = i18n_tr(t, lang, msgid);
    va_list ap;
    va_start(ap, msgid);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(buf, size, fmt, ap); /* fmt has msgid's conversions (checked) */
#pragma GCC diagnostic pop
    va_end(ap);
    return buf;
}

const char *i18n_effective(const i18n *t, const char *lang)
{
    const catalogue *c = resolve(t, lang);
    return c ? c->name : "en";
}

size_t i18n_count(const i18n *t)
{
    return t ? t->n : 0;
}

void i18n_free(i18n *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        mofile_free(t->cats[i].mo);
    free(t->cats);
    i18n_set_fallbacks(t, NULL, 0);
    free(t);
}
