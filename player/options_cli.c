/* options_cli.c — the command line: `vitrina [OPTIONS] [MEDIA_DIR]`.
 *
 * --key=value, --key value, --flag / --no-flag for yes/no options,
 * --config FILE|none, --help/-h, --version/-V, --dump-config, and "--" to
 * end options. Parsed in one pass into struct opt_cli; the settings are
 * applied after the config file (command line wins). No getopt: it keeps
 * global state.
 */
#include <stdlib.h>
#include <string.h>

#include "player/options_priv.h"

#define WHERE "command line"

static int add_set(struct opt_cli *cli, const struct opt_def *def, const char *value, const char *arg)
{
    struct opt_cli_set *s = realloc(cli->sets, sizeof(*s) * (size_t)(cli->n_sets + 1));
    if (!s)
        return -1;
    cli->sets = s;
    s[cli->n_sets++] = (struct opt_cli_set){def, value, arg};
    return 0;
}

static void unknown_option(struct opt_errors *errs, const char *arg, const char *name)
{
    const char *hint = opt_suggest(name);
    if (hint)
        opt_error(errs, WHERE, 0, "%s: unknown option (did you mean --%s?)", arg, hint);
    else
        opt_error(errs, WHERE, 0, "%s: unknown option (see vitrina --help)", arg);
}

int opt_cli_parse(struct opt_cli *cli, int argc, char *const argv[], struct opt_errors *errs)
{
    *cli = (struct opt_cli){0};
    bool options_done = false, have_dir = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || arg[1] == '\0') {
            if (have_dir) {
                opt_error(errs, WHERE, 0, "%s: only one media folder can be given", arg);
                continue;
            }
            have_dir = true;
            if (add_set(cli, opt_find("media-dir"), arg, arg) < 0)
                return -1;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            cli->help = true;
            continue;
        }
        if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
            cli->version = true;
            continue;
        }
        if (strcmp(arg, "--dump-config") == 0) {
            cli->dump = true;
            continue;
        }
        if (arg[1] != '-') {
            opt_error(errs, WHERE, 0, "%s: unknown option (options are spelled --name, see vitrina --help)", arg);
            continue;
        }
        /* --name[=value] */
        char name[64];
        const char *eq = strchr(arg + 2, '=');
        size_t nlen = eq ? (size_t)(eq - (arg + 2)) : strlen(arg + 2);
        if (nlen == 0 || nlen >= sizeof(name)) {
            opt_error(errs, WHERE, 0, "%s: unknown option", arg);
            continue;
        }
        memcpy(name, arg + 2, nlen);
        name[nlen] = '\0';
        const char *value = eq ? eq + 1 : NULL;

        if (strcmp(name, "config") == 0) {
            if (!value && i + 1 < argc)
                value = argv[++i];
            if (!value || !*value)
                opt_error(errs, WHERE, 0, "%s: needs a file name (or none)", arg);
            else
                cli->config = value;
            continue;
        }
        const struct opt_def *def = opt_find(name);
        if (!def && strncmp(name, "no-", 3) == 0) {
            const struct opt_def *neg = opt_find(name + 3);
            if (neg && neg->type == OPT_BOOL) {
                if (value)
                    opt_error(errs, WHERE, 0, "%s: --no-%s takes no value", arg, neg->name);
                else if (add_set(cli, neg, "no", arg) < 0)
                    return -1;
                continue;
            }
        }
        if (!def) {
            unknown_option(errs, arg, name);
            continue;
        }
        if (!value && def->type == OPT_BOOL) {
            value = "yes";
        } else if (!value) {
            if (i + 1 >= argc) {
                opt_error(errs, WHERE, 0, "%s: needs a value (%s)", arg, def->arg ? def->arg : "see --help");
                continue;
            }
            value = argv[++i];
        }
        if (add_set(cli, def, value, arg) < 0)
            return -1;
    }
    return 0;
}

void opt_cli_apply(const struct opt_cli *cli, struct options *o, struct opt_errors *errs)
{
    for (int i = 0; i < cli->n_sets; i++) {
        const struct opt_cli_set *s = &cli->sets[i];
        char err[256];
        if (options_set(o, s->def->name, s->value, err, sizeof(err)) < 0) {
            if (strcmp(s->arg, s->value) == 0 || strchr(s->arg, '='))
                opt_error(errs, WHERE, 0, "%s: %s", s->arg, err);
            else
                opt_error(errs, WHERE, 0, "%s %s: %s", s->arg, s->value, err);
        }
    }
}

void opt_cli_free(struct opt_cli *cli)
{
    free(cli->sets);
    *cli = (struct opt_cli){0};
}
