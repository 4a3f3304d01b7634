/* options_priv.h — internals shared by the options_*.c files (not for
 * other modules): the option table row, value parsing/formatting per type,
 * and the error collector.
 *
 * Threading: as options.h (pure functions over caller-owned data).
 */
#ifndef VITRINA_OPTIONS_PRIV_H
#define VITRINA_OPTIONS_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "player/options.h"
#include "player/options_text.h"

enum opt_type {
    OPT_BOOL,      /* bool: yes/no, true/false, on/off, 1/0 */
    OPT_INT,       /* int, range min..max, optional trailing % */
    OPT_PERCENT,   /* double, range min..max, optional trailing % */
    OPT_STRING,    /* char *, any UTF-8 text */
    OPT_PATH,      /* char *, a file system path ("" = automatic) */
    OPT_ENUM,      /* enum stored as int: one of choices[] */
    OPT_SIZE,      /* struct opt_size: WxH or auto */
    OPT_DURATION,  /* double seconds: 90s, 20m, 1h, 1h30m, 500ms, plain seconds */
    OPT_LANG,      /* char *: one language code (es, fra, es-MX) or "" */
    OPT_LANG_LIST, /* struct opt_list of language codes, comma-separated */
    OPT_LIST,      /* struct opt_list of strings, comma-separated */
};

struct opt_def {
    const char *name;
    enum opt_type type;
    size_t offset;              /* offsetof(struct options, field) */
    const char *defval;         /* default, as config-file text */
    double min, max;            /* OPT_INT, OPT_PERCENT, OPT_DURATION, OPT_SIZE */
    const char *const *choices; /* OPT_ENUM: NULL-terminated, index = value */
    /* Extra validation for string types: return 0 or write a message. */
    int (*check)(const char *value, char *err, size_t err_size);
    const char *arg;            /* --help metavar ("SECONDS"); NULL for bools */
    const char *group;          /* set on the first option of a group */
    const char *help;           /* one line: --help and the config comment */
    const char *doc;            /* more config-file comment lines, or NULL */
};

/* The table (options_table.c). */
extern const struct opt_def options_table[];
extern const int options_table_count;

/* Row by name (case-insensitive; '_' = '-'), or NULL. */
const struct opt_def *opt_find(const char *name);

/* Closest option name for "did you mean" (NULL if nothing is close). */
const char *opt_suggest(const char *name);

/* A parsed value before it is stored. */
union opt_value {
    bool b;
    int i;
    double d;
    char *s;
    struct opt_size size;
    struct opt_list list;
};

/* Parse text for a row into *out (caller then stores or frees it).
 * Returns 0, or -1 with a message in err. */
int opt_parse(const struct opt_def *def, const char *text, union opt_value *out, char *err, size_t err_size);

/* Move a parsed value into the options struct (freeing the old value). */
void opt_store(const struct opt_def *def, struct options *o, union opt_value *v);

/* Free a parsed value that was not stored. */
void opt_value_free(const struct opt_def *def, union opt_value *v);

/* The row's value in *o as config-file text (malloc'd; NULL on OOM). */
char *opt_format(const struct opt_def *def, const struct options *o);

/* Whether the row's values in a and b are equal. */
bool opt_equal(const struct opt_def *def, const struct options *a, const struct options *b);

/* Free the row's value in *o and leave the field zeroed. */
void opt_clear(const struct opt_def *def, struct options *o);

/* ---- value syntax (options_values.c) ---- */

/* A non-negative decimal number at s (C locale): end of it, or NULL. */
const char *opt_num_parse(const char *s, double *out);
/* The whole text is a number, optionally followed by '%'. 0 / -1. */
int opt_plain_num_parse(const char *s, double *out);
/* Shortest text that reads back as exactly v ("5.5", "10"). */
void opt_num_format(double v, char *buf, size_t size);
/* "90s", "20m", "1h30m", "500ms", "2.5" (seconds) → seconds. 0 / -1. */
int opt_dur_parse(const char *s, double *out);
/* Seconds → "20m", "1h", "90", "0.5". */
void opt_dur_format(double v, char *buf, size_t size);
/* yes/no, true/false, on/off, 1/0. 0 / -1. */
int opt_bool_parse(const char *s, bool *out);
/* "WxH" or "auto"/"" (0x0). Range is checked by the caller. 0 / -1. */
int opt_size_parse(const char *s, struct opt_size *out);
/* Comma-separated items (trimmed, empty ones skipped, duplicates dropped);
 * langs: each must be a language code (normalised). 0, or -1 + err. */
int opt_list_parse(const char *text, bool langs, struct opt_list *out, char *err, size_t err_size);
void opt_list_free(struct opt_list *l);

/* Language code syntax check + normalisation ("ES_mx" → "es-MX").
 * Returns 0 and writes out, or -1. */
int opt_lang_normalize(const char *code, char *out, size_t out_size);

/* Pairs: set (replace or append, copies both) / free all. -1 on OOM. */
int opt_pairs_set(struct opt_pairs *p, const char *key, const char *value);
void opt_pairs_free(struct opt_pairs *p);

/* The collected problems of one load. */
struct opt_errors {
    struct strbuf text;
    int count;
};

/* Add one problem line: "<where>:<line>: <msg>" (line > 0) or
 * "<where>: <msg>". */
void opt_error(struct opt_errors *e, const char *where, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Load a config file into *o, reporting problems into errs (lenient in
 * itself: bad keys keep their value). Returns 0 if the file was read (even
 * with errors), -1 if it could not be opened (reported too). */
int options_file_load(struct options *o, const char *path, struct opt_errors *errs);

/* Parsed command line, before it is applied. */
struct opt_cli {
    const char *config;  /* --config value, NULL if not given */
    bool help, version, dump;
    int n_sets;
    struct opt_cli_set {
        const struct opt_def *def;
        const char *value;
        const char *arg;  /* the argv element, for messages */
    } *sets;
};

/* Split argv into the struct (syntax errors → errs). -1 only on OOM. */
int opt_cli_parse(struct opt_cli *cli, int argc, char *const argv[], struct opt_errors *errs);

/* Apply the parsed --key=value settings onto *o (value errors → errs). */
void opt_cli_apply(const struct opt_cli *cli, struct options *o, struct opt_errors *errs);

void opt_cli_free(struct opt_cli *cli);

#endif
