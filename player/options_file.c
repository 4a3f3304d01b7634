/* options_file.c — read the INI config file with libinih.
 *
 * libinih does the key/value splitting; a line reader in front of it keeps
 * the line number (the handler gets none), checks each line (UTF-8,
 * syntax, sections, length) so every problem is reported with its line,
 * removes " # comments", strips indentation (so an indented line is never
 * glued to the previous value as a continuation) and protects ';' inside
 * "quoted values" from libinih's inline-comment rule.
 */
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "player/keymap.h"
#include "player/options_priv.h"

#define QUOTED_SEMICOLON '\x1f' /* stands for ';' inside quotes (controls are rejected earlier) */
#define MAX_NAME 48             /* libinih truncates names at 50 */

enum section { SEC_MAIN, SEC_NAMES, SEC_KEYS, SEC_UNKNOWN };

struct file_ctx {
    struct options *o;
    struct opt_errors *errs;
    FILE *f;
    const char *path;
    int lineno;
    int error_line; /* last line a problem was reported for */
    enum section section;
    char *line;
    size_t cap;
    bool read_error;
};

static void line_error(struct file_ctx *c, const char *fmt, const char *a, const char *b)
{
    char msg[512];
    snprintf(msg, sizeof(msg), fmt, a ? a : "", b ? b : "");
    opt_error(c->errs, c->path, c->lineno, "%s", msg);
    c->error_line = c->lineno;
}

/* Cut a " # comment" / " ; comment" outside quotes; rtrim. */
static void strip_comment(char *v)
{
    bool quoted = false;
    for (char *p = v; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && (*p == '#' || *p == ';') && (p == v || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            break;
        }
    }
    text_trim(v);
}

/* Section header line (starts with '['); returns false if malformed. */
static bool parse_section(struct file_ctx *c, char *s)
{
    char *end = strchr(s, ']');
    if (!end)
        return false;
    *end = '\0';
    char *rest = end + 1;
    strip_comment(rest);
    if (*rest)
        return false;
    char *name = text_trim(s + 1);
    for (char *p = name; *p; p++)
        *p = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
    if (strcmp(name, "language-names") == 0) {
        c->section = SEC_NAMES;
    } else if (strcmp(name, "keys") == 0) {
        c->section = SEC_KEYS;
    } else {
        c->section = SEC_UNKNOWN;
        line_error(c, "unknown section [%s] (the sections are [language-names] and [keys]; other settings go "
                      "at the top of the file, before any section)",
                   name, NULL);
    }
    return true;
}

/* Check and rewrite one line for libinih; returns the text to hand over
 * ("" to skip the line). Works in place on c->line. */
static const char *preprocess(struct file_ctx *c, char *s, size_t raw_len)
{
    if (strlen(s) != raw_len) {
        line_error(c, "this line contains binary data (is this really a text config file?)", NULL, NULL);
        return "";
    }
    if (!text_utf8_valid(s)) {
        line_error(c, "this line is not valid UTF-8 text (save the file as UTF-8)", NULL, NULL);
        return "";
    }
    s = text_trim(s);
    if (*s == '\0' || *s == '#' || *s == ';')
        return "";
    if (*s == '[') {
        if (!parse_section(c, s))
            line_error(c, "a section header looks like [keys]", NULL, NULL);
        return "";
    }
    char *sep = strpbrk(s, "=:");
    if (!sep) {
        line_error(c, "'%s': expected \"key = value\"", s, NULL);
        return "";
    }
    *sep = '\0';
    char *name = text_trim(s), *value = sep + 1;
    strip_comment(value);
    value = text_trim(value);
    if (!*name) {
        line_error(c, "missing the key name before '='", NULL, NULL);
        return "";
    }
    if (strlen(name) > MAX_NAME) {
        line_error(c, "key name '%.60s…' is too long", name, NULL);
        return "";
    }
    size_t vlen = strlen(value);
    if (value[0] == '"') {
        if (vlen < 2 || value[vlen - 1] != '"') {
            line_error(c, "%s: missing the closing quote (\")", name, NULL);
            return "";
        }
        for (char *p = value; *p; p++)
            *p = (*p == ';') ? QUOTED_SEMICOLON : *p;
    }
    /* name and value are inside the line buffer: rebuild "name=value" at
     * its start (never longer than the original). */
    size_t nlen = strlen(name);
    memmove(c->line, name, nlen);
    c->line[nlen] = '=';
    memmove(c->line + nlen + 1, value, vlen + 1);
    return c->line;
}

static char *reader(char *str, int num, void *stream)
{
    struct file_ctx *c = stream;
    errno = 0;
    ssize_t n = getline(&c->line, &c->cap, c->f);
    if (n < 0) {
        c->read_error = errno != 0 && ferror(c->f);
        return NULL;
    }
    c->lineno++;
    while (n > 0 && (c->line[n - 1] == '\n' || c->line[n - 1] == '\r'))
        c->line[--n] = '\0';
    char *s = c->line;
    if (c->lineno == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        memmove(s, s + 3, (size_t)n - 2);
        n -= 3;
    }
    const char *out = preprocess(c, s, (size_t)n);
    if (strlen(out) + 2 > (size_t)num - 1) {
        char lim[16];
        snprintf(lim, sizeof(lim), "%d", num - 4);
        line_error(c, "line too long (at most %s characters)", lim, NULL);
        out = "";
    }
    snprintf(str, (size_t)num, "%s\n", out);
    return str;
}

static void set_option(struct file_ctx *c, const char *name, const char *value)
{
    const struct opt_def *def = opt_find(name);
    if (!def) {
        const char *hint = opt_suggest(name);
        char h[96] = "";
        if (hint)
            snprintf(h, sizeof(h), " (did you mean '%s'?)", hint);
        else if (keymap_key_name_check(name, NULL, 0) == 0)
            snprintf(h, sizeof(h), " (key bindings go in the [keys] section)");
        line_error(c, "unknown setting '%s'%s", name, h);
        return;
    }
    char err[256];
    if (options_set(c->o, def->name, value, err, sizeof(err)) < 0)
        line_error(c, "%s: %s", def->name, err);
}

static void set_language_name(struct file_ctx *c, const char *code, const char *name)
{
    char norm[64];
    if (opt_lang_normalize(code, norm, sizeof(norm)) < 0)
        line_error(c, "'%s' is not a language code (use codes like es, fr, quc or es-MX)", code, NULL);
    else if (!*name)
        line_error(c, "%s: the language name is empty", norm, NULL);
    else if (opt_pairs_set(&c->o->language_names, norm, name) < 0)
        line_error(c, "out of memory", NULL, NULL);
}

static void set_key(struct file_ctx *c, const char *key, const char *action_name)
{
    char hint[128], msg[160];
    enum input_action act;
    if (keymap_key_name_check(key, hint, sizeof(hint)) < 0) {
        if (opt_find(key))
            snprintf(hint, sizeof(hint), "'%s' is a setting: put it above the first [section]", key);
        else if (!*hint)
            snprintf(hint, sizeof(hint), "key names: KEY_… as evtest shows them, SDL names like Return or F1, "
                                         "or pad.a");
        snprintf(msg, sizeof(msg), " (%s)", hint);
        line_error(c, "unknown key name '%s'%s", key, msg);
        return;
    }
    if (input_action_from_name(action_name, &act) < 0) {
        struct strbuf sb = {0};
        strbuf_addf(&sb, "%s: unknown action '%s' (actions:", key, action_name);
        for (int i = 1; i < INPUT_ACTION_COUNT; i++)
            strbuf_addf(&sb, " %s", input_action_name((enum input_action)i));
        strbuf_add(&sb, " NONE)");
        line_error(c, "%s%s", sb.s ? sb.s : "unknown action", NULL);
        strbuf_free(&sb);
        return;
    }
    if (opt_pairs_set(&c->o->keys, key, input_action_name(act)) < 0)
        line_error(c, "out of memory", NULL, NULL);
}

static int handler(void *user, const char *section, const char *name, const char *raw_value)
{
    struct file_ctx *c = user;
    (void)section; /* tracked by the reader, which also reports bad ones */
    char value[256];
    size_t n = strlen(raw_value);
    if (n >= 2 && raw_value[0] == '"' && raw_value[n - 1] == '"') {
        raw_value++;
        n -= 2;
    }
    if (n >= sizeof(value))
        n = sizeof(value) - 1;
    for (size_t i = 0; i < n; i++)
        value[i] = raw_value[i] == QUOTED_SEMICOLON ? ';' : raw_value[i];
    value[n] = '\0';
    switch (c->section) {
    case SEC_MAIN:
        set_option(c, name, value);
        break;
    case SEC_NAMES:
        set_language_name(c, name, value);
        break;
    case SEC_KEYS:
        set_key(c, name, value);
        break;
    case SEC_UNKNOWN:
        break; /* the section was reported */
    }
    return 1;
}

int options_file_load(struct options *o, const char *path, struct opt_errors *errs)
{
    FILE *f = fopen(path, "re");
    struct stat st;
    if (!f || fstat(fileno(f), &st) < 0 || S_ISDIR(st.st_mode)) {
        opt_error(errs, path, 0, "cannot read the config file: %s", f ? "it is a directory" : strerror(errno));
        if (f)
            fclose(f);
        return -1;
    }
    struct file_ctx c = {.o = o, .errs = errs, .f = f, .path = path, .section = SEC_MAIN};
    int r = ini_parse_stream(reader, &c, handler, &c);
    if (c.read_error)
        opt_error(errs, path, c.lineno + 1, "read error: %s", strerror(errno));
    else if (r == -2)
        opt_error(errs, path, 0, "out of memory");
    else if (r > 0 && r != c.error_line)
        opt_error(errs, path, r, "cannot understand this line");
    free(c.line);
    fclose(f);
    return 0;
}
