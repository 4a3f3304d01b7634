/* options_values.c — the text syntax of option values: numbers (always in
 * the "C" locale, whatever the process locale), durations, yes/no, sizes,
 * language codes and comma-separated lists. Pure functions. */
#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "player/options_priv.h"

/* ---- numbers in the C locale ------------------------------------------ */

/* Parse a non-negative decimal number at s; returns end or NULL. */
const char *opt_num_parse(const char *s, double *out)
{
    if (!isdigit((unsigned char)*s) && !(*s == '.' && isdigit((unsigned char)s[1])))
        return NULL; /* no sign, no hex, no inf/nan */
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c == (locale_t)0)
        return NULL;
    char *end;
    *out = strtod_l(s, &end, c);
    freelocale(c);
    if (end == s || !isfinite(*out))
        return NULL;
    return end;
}

/* Shortest "%g" text that reads back as exactly v. */
void opt_num_format(double v, char *buf, size_t size)
{
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c ? uselocale(c) : (locale_t)0;
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v && !strchr(buf, 'e'))
            break; /* no exponent for plain values (1e+01) */
    }
    if (c) {
        uselocale(old);
        freelocale(c);
    }
}

void opt_dur_format(double v, char *buf, size_t size)
{
    char num[40];
    const char *unit = "";
    if (v >= 3600 && fmod(v, 3600) == 0) {
        v /= 3600;
        unit = "h";
    } else if (v >= 60 && fmod(v, 60) == 0) {
        v /= 60;
        unit = "m";
    }
    opt_num_format(v, num, sizeof(num));
    snprintf(buf, size, "%s%s", num, unit);
}

int opt_dur_parse(const char *s, double *out)
{
    static const struct {
        const char *name;
        double factor;
    } units[] = {{"ms", 0.001}, {"s", 1},      {"sec", 1},     {"secs", 1},    {"second", 1}, {"seconds", 1},
                 {"m", 60},     {"min", 60},   {"mins", 60},   {"minute", 60}, {"minutes", 60},
                 {"h", 3600},   {"hour", 3600}, {"hours", 3600}};
    double total = 0;
    int parts = 0;
    bool bare = false;
    while (*s) {
        double v;
        const char *p = opt_num_parse(s, &v);
        if (!p || bare)
            return -1;
        while (*p == ' ')
            p++;
        const char *u = p;
        while (isalpha((unsigned char)*p))
            p++;
        size_t ulen = (size_t)(p - u);
        double factor = 0;
        if (ulen == 0) {
            factor = 1;
            bare = true; /* plain seconds: must be the only part */
        }
        for (size_t i = 0; ulen && i < sizeof(units) / sizeof(units[0]); i++) {
            if (strlen(units[i].name) == ulen && strncasecmp(u, units[i].name, ulen) == 0)
                factor = units[i].factor;
        }
        if (factor == 0)
            return -1;
        total += v * factor;
        parts++;
        while (*p == ' ')
            p++;
        s = p;
    }
    if (parts == 0 || (bare && parts > 1))
        return -1;
    *out = total;
    return 0;
}

/* ---- languages --------------------------------------------------------- */

int opt_lang_normalize(const char *code, char *out, size_t out_size)
{
    size_t n = strlen(code), o = 0;
    if (n == 0 || n + 1 > out_size || n > 35)
        return -1;
    int tag = 0;
    const char *p = code;
    while (*p) {
        const char *start = p;
        while (*p && *p != '-' && *p != '_')
            p++;
        size_t len = (size_t)(p - start);
        bool alpha = true, alnum = true;
        for (size_t i = 0; i < len; i++) {
            unsigned char ch = (unsigned char)start[i];
            alpha &= (bool)isalpha(ch) && ch < 0x80;
            alnum &= (bool)isalnum(ch) && ch < 0x80;
        }
        if (len == 0 || !alnum || (tag == 0 && (!alpha || len < 2 || len > 3)) || len > 8 || tag > 3)
            return -1;
        if (tag > 0)
            out[o++] = '-';
        for (size_t i = 0; i < len; i++) {
            int ch = (unsigned char)start[i];
            bool upper = tag > 0 && ((alpha && len == 2) || (alpha && len == 4 && i == 0));
            out[o++] = (char)(upper ? toupper(ch) : tolower(ch));
        }
        tag++;
        if (*p)
            p++;
        if (*p == '\0' && (p[-1] == '-' || p[-1] == '_'))
            return -1;
    }
    out[o] = '\0';
    return 0;
}

/* ---- lists ------------------------------------------------------------- */

void opt_list_free(struct opt_list *l)
{
    for (int i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

static int list_append(struct opt_list *l, const char *item)
{
    for (int i = 0; i < l->count; i++) {
        if (strcmp(l->items[i], item) == 0)
            return 0; /* listed twice: keep the first */
    }
    char **items = realloc(l->items, sizeof(char *) * (size_t)(l->count + 1));
    if (!items)
        return -1;
    l->items = items;
    if (!(items[l->count] = strdup(item)))
        return -1;
    l->count++;
    return 0;
}

int opt_list_parse(const char *text, bool langs, struct opt_list *out, char *err, size_t err_size)
{
    char *copy = strdup(text);
    if (!copy)
        return -1;
    *out = (struct opt_list){0};
    int rc = 0;
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok && rc == 0; tok = strtok_r(NULL, ",", &save)) {
        char *item = text_trim(tok);
        char norm[64];
        if (!*item)
            continue;
        if (langs && opt_lang_normalize(item, norm, sizeof(norm)) < 0) {
            snprintf(err, err_size, "'%s' is not a language code (use codes like es, fr, quc or es-MX)", item);
            rc = -1;
        } else if (list_append(out, langs ? norm : item) < 0) {
            snprintf(err, err_size, "out of memory");
            rc = -1;
        }
    }
    free(copy);
    if (rc < 0)
        opt_list_free(out);
    return rc;
}

int opt_bool_parse(const char *s, bool *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"}, *const no[] = {"no", "false", "off", "0"};
    for (int i = 0; i < 4; i++) {
        if (strcasecmp(s, yes[i]) == 0 || strcasecmp(s, no[i]) == 0) {
            *out = strcasecmp(s, yes[i]) == 0;
            return 0;
        }
    }
    return -1;
}

/* A number with an optional trailing '%'. */
int opt_plain_num_parse(const char *s, double *out)
{
    const char *end = opt_num_parse(s, out);
    if (!end)
        return -1;
    while (*end == ' ')
        end++;
    if (*end == '%')
        end++;
    return *end ? -1 : 0;
}

int opt_size_parse(const char *s, struct opt_size *out)
{
    if (!*s || strcasecmp(s, "auto") == 0) {
        *out = (struct opt_size){0, 0};
        return 0;
    }
    char *end;
    if (!isdigit((unsigned char)*s))
        return -1;
    long w = strtol(s, &end, 10);
    while (*end == ' ')
        end++;
    if (*end != 'x' && *end != 'X')
        return -1;
    end++;
    while (*end == ' ')
        end++;
    if (!isdigit((unsigned char)*end))
        return -1;
    long h = strtol(end, &end, 10);
    if (*end || w > 1000000 || h > 1000000)
        return -1;
    *out = (struct opt_size){(int)w, (int)h};
    return 0;
}
