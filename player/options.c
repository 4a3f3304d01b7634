/* options.c — defaults < config file < command line; see options.h.
 * The table is options_table.c, value types options_types.c, the file
 * options_file.c, the command line options_cli.c, texts options_doc.c. */
#include "player/options.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "player/keymap.h"
#include "player/options_priv.h"

#define LOG_MOD "config"
#define MAX_ERROR_LINES 40

void opt_error(struct opt_errors *e, const char *where, int line, const char *fmt, ...)
{
    e->count++;
    if (e->count > MAX_ERROR_LINES)
        return; /* counted; summarised by options_load */
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (line > 0)
        strbuf_addf(&e->text, "%s:%d: %s\n", where, line, msg);
    else
        strbuf_addf(&e->text, "%s: %s\n", where, msg);
}

int options_init(struct options *o)
{
    memset(o, 0, sizeof(*o));
    int rc = 0;
    for (int i = 0; i < options_table_count; i++) {
        char err[256];
        if (options_set(o, options_table[i].name, options_table[i].defval, err, sizeof(err)) < 0) {
            /* Only out of memory in practice: a unit test parses every default. */
            log_error(LOG_MOD, "default of %s: %s", options_table[i].name, err);
            rc = -1;
        }
    }
    return rc;
}

void options_free(struct options *o)
{
    for (int i = 0; i < options_table_count; i++)
        opt_clear(&options_table[i], o);
    opt_pairs_free(&o->language_names);
    opt_pairs_free(&o->keys);
    free(o->config_path);
    memset(o, 0, sizeof(*o));
}

static bool pairs_equal(const struct opt_pairs *a, const struct opt_pairs *b)
{
    if (a->count != b->count)
        return false;
    for (int i = 0; i < a->count; i++) {
        if (strcmp(a->items[i].key, b->items[i].key) != 0 || strcmp(a->items[i].value, b->items[i].value) != 0)
            return false;
    }
    return true;
}

bool options_equal(const struct options *a, const struct options *b)
{
    for (int i = 0; i < options_table_count; i++) {
        if (!opt_equal(&options_table[i], a, b))
            return false;
    }
    return pairs_equal(&a->language_names, &b->language_names) && pairs_equal(&a->keys, &b->keys);
}

int options_set(struct options *o, const char *name, const char *value, char *err, size_t err_size)
{
    char dummy[8];
    if (!err) {
        err = dummy;
        err_size = sizeof(dummy);
    }
    const struct opt_def *def = opt_find(name);
    if (!def) {
        snprintf(err, err_size, "unknown option '%s'", name);
        return -1;
    }
    if (!text_utf8_valid(value)) {
        snprintf(err, err_size, "the value is not valid UTF-8 text");
        return -1;
    }
    union opt_value v;
    if (opt_parse(def, value, &v, err, err_size) < 0)
        return -1;
    opt_store(def, o, &v);
    return 0;
}

char *options_get(const struct options *o, const char *name)
{
    const struct opt_def *def = opt_find(name);
    return def ? opt_format(def, o) : NULL;
}

/* Hand the collected problems to the caller, or log them. */
static void deliver_errors(struct opt_errors *errs, bool lenient, char **errors_out)
{
    if (errs->count > MAX_ERROR_LINES)
        strbuf_addf(&errs->text, "(%d more problems not shown)\n", errs->count - MAX_ERROR_LINES);
    char *text = strbuf_take(&errs->text);
    if (errors_out) {
        *errors_out = (text && *text) ? text : NULL;
        if (*errors_out)
            return;
    } else if (text) {
        char *save = NULL;
        for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
            if (lenient)
                log_warn(LOG_MOD, "%s", l);
            else
                log_error(LOG_MOD, "%s", l);
        }
    }
    free(text);
}

static void print_text(char *text)
{
    if (text)
        fputs(text, stdout);
    fflush(stdout);
    free(text);
}

int options_load(struct options *o, int argc, char *const argv[], bool lenient, char **errors_out)
{
    struct opt_errors errs = {0};
    struct opt_cli cli;
    if (errors_out)
        *errors_out = NULL;
    if (options_init(o) < 0 || opt_cli_parse(&cli, argc, argv, &errs) < 0) {
        opt_error(&errs, "options", 0, "out of memory");
        deliver_errors(&errs, false, errors_out);
        return OPTIONS_ERROR;
    }
    if (cli.help || cli.version) {
        if (cli.help)
            print_text(options_help_text());
        else
            printf("vitrina %s\n", VITRINA_VERSION);
        opt_cli_free(&cli);
        strbuf_free(&errs.text);
        return OPTIONS_EXIT;
    }
    const char *cfg = cli.config;
    if (!cfg && access(OPTIONS_DEFAULT_CONFIG, F_OK) == 0)
        cfg = OPTIONS_DEFAULT_CONFIG;
    else if (cfg && strcmp(cfg, "none") == 0)
        cfg = NULL;
    if (cfg) {
        o->config_path = strdup(cfg);
        if (options_file_load(o, cfg, &errs) == 0)
            log_verbose(LOG_MOD, "read %s", cfg);
    } else {
        log_verbose(LOG_MOD, "no config file: built-in defaults and the command line");
    }
    opt_cli_apply(&cli, o, &errs);

    int rc = OPTIONS_RUN;
    if (errs.count > 0 && !lenient)
        rc = OPTIONS_ERROR;
    else if (cli.dump) {
        print_text(options_dump_config(o, false));
        rc = OPTIONS_EXIT;
    }
    deliver_errors(&errs, lenient, errors_out);
    opt_cli_free(&cli);
    return rc;
}

struct keymap *options_build_keymap(const struct options *o)
{
    struct keymap *km = keymap_new_default();
    for (int i = 0; km && i < o->keys.count; i++) {
        enum input_action act;
        /* Validated when loaded; a stale entry is skipped. */
        if (input_action_from_name(o->keys.items[i].value, &act) == 0 &&
            keymap_bind(km, o->keys.items[i].key, act) == -2) {
            keymap_free(km);
            return NULL;
        }
    }
    return km;
}

const char *options_language_name(const struct options *o, const char *code)
{
    for (int i = 0; code && i < o->language_names.count; i++) {
        if (strcasecmp(o->language_names.items[i].key, code) == 0)
            return o->language_names.items[i].value;
    }
    return NULL;
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* An absolute directory from the environment (relative values are invalid
 * per XDG); systemd's *_DIRECTORY may list several, colon-separated: the
 * first is ours. Copied into buf. */
static const char *env_dir(const char *name, char *buf, size_t size)
{
    const char *v = getenv(name);
    if (!v || v[0] != '/')
        return NULL;
    snprintf(buf, size, "%.*s", (int)strcspn(v, ":"), v);
    return buf;
}

char *options_ipc_path(const struct options *o)
{
    char buf[4096];
    const char *dir;
    if (o->ipc && *o->ipc)
        return strdup(o->ipc);
    if ((dir = env_dir("RUNTIME_DIRECTORY", buf, sizeof(buf))))
        return join_path(dir, "ipc.sock");
    if ((dir = env_dir("XDG_RUNTIME_DIR", buf, sizeof(buf))))
        return join_path(dir, "vitrina.sock");
    char name[64];
    snprintf(name, sizeof(name), "vitrina-%u.sock", (unsigned)getuid());
    return join_path("/tmp", name);
}

char *options_state_dir(const struct options *o)
{
    char buf[4096];
    const char *dir;
    if (o->state_dir && *o->state_dir)
        return strdup(o->state_dir);
    if ((dir = env_dir("STATE_DIRECTORY", buf, sizeof(buf))))
        return strdup(dir);
    if ((dir = env_dir("XDG_STATE_HOME", buf, sizeof(buf))))
        return join_path(dir, "vitrina");
    if ((dir = env_dir("HOME", buf, sizeof(buf))))
        return join_path(dir, ".local/state/vitrina");
    return strdup("/var/lib/vitrina");
}
