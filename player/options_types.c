/* options_types.c — parse, store, format, compare and free option values
 * by option type (see options_priv.h); the value syntax itself is
 * options_values.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "player/options_priv.h"

#define FIELD(o, def, type) ((type *)(void *)((char *)(o) + (def)->offset))
#define CFIELD(o, def, type) ((const type *)(const void *)((const char *)(o) + (def)->offset))

/* ---- parse ------------------------------------------------------------- */

static int range_error(const struct opt_def *def, const char *text, char *err, size_t err_size)
{
    char lo[40], hi[40];
    if (def->type == OPT_DURATION) {
        opt_dur_format(def->min, lo, sizeof(lo));
        opt_dur_format(def->max, hi, sizeof(hi));
    } else {
        opt_num_format(def->min, lo, sizeof(lo));
        opt_num_format(def->max, hi, sizeof(hi));
    }
    snprintf(err, err_size, "'%s' is out of range: must be between %s and %s", text, lo, hi);
    return -1;
}

int opt_parse(const struct opt_def *def, const char *text, union opt_value *out, char *err, size_t err_size)
{
    char tmp[128];
    double d;
    memset(out, 0, sizeof(*out));
    switch (def->type) {
    case OPT_BOOL:
        if (opt_bool_parse(text, &out->b) < 0) {
            snprintf(err, err_size, "'%s' is not yes or no", text);
            return -1;
        }
        return 0;
    case OPT_INT:
    case OPT_PERCENT:
        if (opt_plain_num_parse(text, &d) < 0 || (def->type == OPT_INT && d != floor(d))) {
            snprintf(err, err_size, "'%s' is not a%s number", text, def->type == OPT_INT ? " whole" : "");
            return -1;
        }
        if (d < def->min || d > def->max)
            return range_error(def, text, err, err_size);
        if (def->type == OPT_INT)
            out->i = (int)d;
        else
            out->d = d;
        return 0;
    case OPT_DURATION:
        if (opt_dur_parse(text, &d) < 0) {
            snprintf(err, err_size, "'%s' is not a duration (examples: 90s, 20m, 1h, 1h30m, or plain seconds)",
                     text);
            return -1;
        }
        if (d < def->min || d > def->max)
            return range_error(def, text, err, err_size);
        out->d = d;
        return 0;
    case OPT_SIZE:
        if (opt_size_parse(text, &out->size) < 0) {
            snprintf(err, err_size, "'%s' is not a size like 1280x720 (or auto)", text);
            return -1;
        }
        if (out->size.w != 0 &&
            (out->size.w < def->min || out->size.w > def->max || out->size.h < def->min || out->size.h > def->max))
            return range_error(def, text, err, err_size);
        return 0;
    case OPT_ENUM:
        for (int i = 0; def->choices[i]; i++) {
            if (strcasecmp(text, def->choices[i]) == 0) {
                out->i = i;
                return 0;
            }
        }
        {
            struct strbuf sb = {0};
            for (int i = 0; def->choices[i]; i++)
                strbuf_addf(&sb, "%s%s", i ? (def->choices[i + 1] ? ", " : " or ") : "", def->choices[i]);
            snprintf(err, err_size, "'%s' is not one of %s", text, sb.s ? sb.s : "?");
            strbuf_free(&sb);
        }
        return -1;
    case OPT_LANG:
        if (*text && opt_lang_normalize(text, tmp, sizeof(tmp)) < 0) {
            snprintf(err, err_size, "'%s' is not a language code (use codes like es, fr, quc or es-MX)", text);
            return -1;
        }
        out->s = strdup(*text ? tmp : "");
        break;
    case OPT_LANG_LIST:
    case OPT_LIST:
        return opt_list_parse(text, def->type == OPT_LANG_LIST, &out->list, err, err_size);
    case OPT_STRING:
    case OPT_PATH:
        if (def->check && def->check(text, err, err_size) < 0)
            return -1;
        out->s = strdup(text);
        break;
    }
    if (!out->s) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    return 0;
}

/* ---- store / free / format / compare ----------------------------------- */

static bool is_string(const struct opt_def *def)
{
    return def->type == OPT_STRING || def->type == OPT_PATH || def->type == OPT_LANG;
}

static bool is_list(const struct opt_def *def)
{
    return def->type == OPT_LIST || def->type == OPT_LANG_LIST;
}

void opt_value_free(const struct opt_def *def, union opt_value *v)
{
    if (is_string(def)) {
        free(v->s);
        v->s = NULL;
    } else if (is_list(def)) {
        opt_list_free(&v->list);
    }
}

void opt_clear(const struct opt_def *def, struct options *o)
{
    if (is_string(def)) {
        free(*FIELD(o, def, char *));
        *FIELD(o, def, char *) = NULL;
    } else if (is_list(def)) {
        opt_list_free(FIELD(o, def, struct opt_list));
    }
}

void opt_store(const struct opt_def *def, struct options *o, union opt_value *v)
{
    opt_clear(def, o);
    switch (def->type) {
    case OPT_BOOL:
        *FIELD(o, def, bool) = v->b;
        break;
    case OPT_INT:
    case OPT_ENUM: /* enums without negative values: int-sized (GCC: unsigned) */
        *FIELD(o, def, int) = v->i;
        break;
    case OPT_PERCENT:
    case OPT_DURATION:
        *FIELD(o, def, double) = v->d;
        break;
    case OPT_SIZE:
        *FIELD(o, def, struct opt_size) = v->size;
        break;
    case OPT_STRING:
    case OPT_PATH:
    case OPT_LANG:
        *FIELD(o, def, char *) = v->s;
        v->s = NULL;
        break;
    case OPT_LIST:
    case OPT_LANG_LIST:
        *FIELD(o, def, struct opt_list) = v->list;
        v->list = (struct opt_list){0};
        break;
    }
}

char *opt_format(const struct opt_def *def, const struct options *o)
{
    char buf[64];
    switch (def->type) {
    case OPT_BOOL:
        return strdup(*CFIELD(o, def, bool) ? "yes" : "no");
    case OPT_INT:
        snprintf(buf, sizeof(buf), "%d", *CFIELD(o, def, int));
        return strdup(buf);
    case OPT_ENUM: {
        int i = *CFIELD(o, def, int), n = 0;
        while (def->choices[n])
            n++;
        return strdup(i >= 0 && i < n ? def->choices[i] : "?");
    }
    case OPT_PERCENT:
        opt_num_format(*CFIELD(o, def, double), buf, sizeof(buf));
        return strdup(buf);
    case OPT_DURATION:
        opt_dur_format(*CFIELD(o, def, double), buf, sizeof(buf));
        return strdup(buf);
    case OPT_SIZE: {
        const struct opt_size *sz = CFIELD(o, def, struct opt_size);
        if (sz->w == 0)
            return strdup("auto");
        snprintf(buf, sizeof(buf), "%dx%d", sz->w, sz->h);
        return strdup(buf);
    }
    case OPT_STRING:
    case OPT_PATH:
    case OPT_LANG: {
        const char *s = *CFIELD(o, def, char *);
        return strdup(s ? s : "");
    }
    case OPT_LIST:
    case OPT_LANG_LIST: {
        const struct opt_list *l = CFIELD(o, def, struct opt_list);
        struct strbuf sb = {0};
        strbuf_add(&sb, "");
        for (int i = 0; i < l->count; i++)
            strbuf_addf(&sb, "%s%s", i ? "," : "", l->items[i]);
        return strbuf_take(&sb);
    }
    }
    return NULL;
}

bool opt_equal(const struct opt_def *def, const struct options *a, const struct options *b)
{
    switch (def->type) {
    case OPT_BOOL:
        return *CFIELD(a, def, bool) == *CFIELD(b, def, bool);
    case OPT_INT:
    case OPT_ENUM:
        return *CFIELD(a, def, int) == *CFIELD(b, def, int);
    case OPT_PERCENT:
    case OPT_DURATION:
        return *CFIELD(a, def, double) == *CFIELD(b, def, double);
    case OPT_SIZE:
        return CFIELD(a, def, struct opt_size)->w == CFIELD(b, def, struct opt_size)->w &&
               CFIELD(a, def, struct opt_size)->h == CFIELD(b, def, struct opt_size)->h;
    case OPT_STRING:
    case OPT_PATH:
    case OPT_LANG: {
        const char *x = *CFIELD(a, def, char *), *y = *CFIELD(b, def, char *);
        return strcmp(x ? x : "", y ? y : "") == 0;
    }
    case OPT_LIST:
    case OPT_LANG_LIST: {
        const struct opt_list *x = CFIELD(a, def, struct opt_list), *y = CFIELD(b, def, struct opt_list);
        if (x->count != y->count)
            return false;
        for (int i = 0; i < x->count; i++) {
            if (strcmp(x->items[i], y->items[i]) != 0)
                return false;
        }
        return true;
    }
    }
    return false;
}

/* ---- pairs ------------------------------------------------------------- */

int opt_pairs_set(struct opt_pairs *p, const char *key, const char *value)
{
    char *v = strdup(value);
    if (!v)
        return -1;
    for (int i = 0; i < p->count; i++) {
        if (strcasecmp(p->items[i].key, key) == 0) {
            free(p->items[i].value);
            p->items[i].value = v;
            return 0;
        }
    }
    struct opt_pair *items = realloc(p->items, sizeof(*items) * (size_t)(p->count + 1));
    char *k = strdup(key);
    if (items)
        p->items = items;
    if (!items || !k) {
        free(k);
        free(v);
        return -1;
    }
    items[p->count++] = (struct opt_pair){k, v};
    return 0;
}

void opt_pairs_free(struct opt_pairs *p)
{
    for (int i = 0; i < p->count; i++) {
        free(p->items[i].key);
        free(p->items[i].value);
    }
    free(p->items);
    p->items = NULL;
    p->count = 0;
}
