/* Unit tests: options — the command line, --help (every option listed) and
 * --dump-config (the dumped file parses back to the same options). */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "player/options.h"
#include "player/options_priv.h" /* the table, to check that every row is covered */

static void assert_contains(const char *haystack, const char *needle)
{
    if (!haystack || !strstr(haystack, needle))
        fail_msg("expected \"%s\" in:\n%s", needle, haystack ? haystack : "(nothing)");
}

/* options_load on a NULL-terminated argument list, stdout discarded. */
static int run_cli(struct options *o, bool lenient, char **errors, ...)
{
    char *argv[32] = {"vitrina"};
    int argc = 1;
    va_list ap;
    va_start(ap, errors);
    for (char *a; argc < 31 && (a = va_arg(ap, char *));)
        argv[argc++] = a;
    va_end(ap);
    fflush(stdout);
    int saved = dup(1), null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    int rc = options_load(o, argc, argv, lenient, errors);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    close(null);
    return rc;
}

static void test_cli_forms(void **state)
{
    (void)state;
    struct options o;
    char *e = NULL;
    assert_int_equal(run_cli(&o, false, &e, "--config", "none", "--volume=30", "--image-duration", "7",
                             "--windowed", "--no-audio", "--vsync=no", "--shuffle", "--size", "800x600",
                             "--languages=es,fr", "--log-level", "verbose", "--", "-odd-dir", NULL),
                     OPTIONS_RUN);
    assert_null(e);
    assert_int_equal(o.volume, 30);
    assert_true(o.image_duration == 7);
    assert_true(o.windowed);
    assert_false(o.audio);
    assert_false(o.vsync);
    assert_true(o.shuffle);
    assert_int_equal(o.size.w, 800);
    assert_int_equal(o.languages.count, 2);
    assert_int_equal(o.log_level, LOG_VERBOSE);
    assert_string_equal(o.media_dir, "-odd-dir");
    assert_null(o.config_path);
    options_free(&o);
}

static void test_cli_errors(void **state)
{
    (void)state;
    struct options o;
    char *e = NULL;
    assert_int_equal(run_cli(&o, false, &e, "--config=none", "--volum=3", "--no-volume", "--shuffle=perhaps",
                             "-x", "/a", "/b", "--windowed=", "--volume", "101", "--image-duration", NULL),
                     OPTIONS_ERROR);
    assert_contains(e, "command line: --volum=3: unknown option (did you mean --volume?)\n");
    assert_contains(e, "command line: --no-volume: unknown option");
    assert_contains(e, "command line: --shuffle=perhaps: 'perhaps' is not yes or no\n");
    assert_contains(e, "command line: -x: unknown option");
    assert_contains(e, "command line: /b: only one media folder can be given\n");
    assert_contains(e, "command line: --windowed=: '' is not yes or no\n");
    assert_contains(e, "command line: --volume 101: '101' is out of range: must be between 0 and 100\n");
    assert_contains(e, "command line: --image-duration: needs a value (SECONDS)\n");
    free(e);
    options_free(&o);
    /* Lenient: the same problems are reported, the run goes on with the
     * good values. */
    assert_int_equal(run_cli(&o, true, &e, "--config", "none", "--volume", "101", "--shuffle", "--frobnicate", NULL),
                     OPTIONS_RUN);
    assert_contains(e, "--frobnicate: unknown option (see vitrina --help)");
    assert_int_equal(o.volume, 100);
    assert_true(o.shuffle);
    free(e);
    options_free(&o);
    assert_int_equal(run_cli(&o, false, &e, "--config", NULL), OPTIONS_ERROR);
    assert_contains(e, "--config: needs a file name (or none)");
    free(e);
    options_free(&o);
}

static void test_help_version_dump_exit(void **state)
{
    (void)state;
    struct options o;
    char *e = NULL;
    assert_int_equal(run_cli(&o, false, &e, "--help", "--bogus", NULL), OPTIONS_EXIT);
    options_free(&o);
    free(e);
    assert_int_equal(run_cli(&o, false, &e, "-V", NULL), OPTIONS_EXIT);
    options_free(&o);
    assert_int_equal(run_cli(&o, false, &e, "--config", "none", "--dump-config", NULL), OPTIONS_EXIT);
    assert_null(e);
    options_free(&o);
    /* A bad option is not hidden by --dump-config in strict mode. */
    assert_int_equal(run_cli(&o, false, &e, "--config", "none", "--dump-config", "--volume=x", NULL), OPTIONS_ERROR);
    free(e);
    options_free(&o);
}

static void test_help_lists_every_option(void **state)
{
    (void)state;
    char *help = options_help_text();
    assert_non_null(help);
    for (int i = 0; i < options_table_count; i++) {
        const struct opt_def *d = &options_table[i];
        char flag[96];
        snprintf(flag, sizeof(flag), d->type == OPT_BOOL ? "--[no-]%s " : "--%s ", d->name);
        assert_contains(help, flag);
        assert_contains(help, d->help);
    }
    assert_contains(help, "Usage: vitrina [OPTIONS] [MEDIA_DIR]");
    assert_contains(help, "--config FILE");
    assert_contains(help, "--dump-config");
    assert_contains(help, "(default: 20m)");
    free(help);
}

/* A value different from the default for each row, by type. */
static const char *other_value(const struct opt_def *d)
{
    switch (d->type) {
    case OPT_BOOL:
        return strcmp(d->defval, "yes") == 0 ? "no" : "yes";
    case OPT_INT:
        return "37";
    case OPT_PERCENT:
        return "3.125";
    case OPT_DURATION:
        return d->max >= 5400 ? "1h30m" : "7.5";
    case OPT_SIZE:
        return "1024x600";
    case OPT_ENUM:
        return d->choices[strcmp(d->defval, d->choices[1]) == 0 ? 2 : 1];
    case OPT_LANG:
        return "quc";
    case OPT_LANG_LIST:
        return "quc,es-MX,fr";
    case OPT_LIST:
        return "*.part, draft-*";
    case OPT_STRING:
        return strcmp(d->name, "subtitle-codepage") == 0 ? "ISO-8859-15" : " spaced ; and # odd ";
    case OPT_PATH:
        return "/srv/with space/#1";
    }
    return NULL;
}

/* Load a config text strictly into *o. */
static void load_text(struct options *o, const char *text)
{
    char path[] = "/tmp/vt-dump-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    char *argv[] = {"vitrina", "--config", path};
    char *e = NULL;
    int rc = options_load(o, 3, argv, false, &e);
    unlink(path);
    if (rc != OPTIONS_RUN)
        fail_msg("dumped config does not load:\n%s\n--- file ---\n%s", e ? e : "", text);
    free(e);
}

static void test_dump_round_trip(void **state)
{
    (void)state;
    struct options a, b, defaults;
    assert_int_equal(options_init(&a), 0);
    assert_int_equal(options_init(&defaults), 0);
    for (int i = 0; i < options_table_count; i++) {
        char err[256];
        const struct opt_def *d = &options_table[i];
        if (options_set(&a, d->name, other_value(d), err, sizeof(err)) != 0)
            fail_msg("%s = %s: %s", d->name, other_value(d), err);
        if (opt_equal(d, &a, &defaults))
            fail_msg("%s: test value equals the default", d->name);
    }
    assert_int_equal(opt_pairs_set(&a.language_names, "quc", "Kʼicheʼ"), 0);
    assert_int_equal(opt_pairs_set(&a.language_names, "ht", "Kreyòl ayisyen ; #1"), 0);
    assert_int_equal(opt_pairs_set(&a.keys, "KEY_RED", "SUBTITLE"), 0);
    assert_int_equal(opt_pairs_set(&a.keys, "Keypad Enter", "NONE"), 0);

    char *text = options_dump_config(&a, false);
    assert_non_null(text);
    load_text(&b, text);
    assert_true(options_equal(&a, &b));
    /* Every key is in the file with its documentation. */
    for (int i = 0; i < options_table_count; i++) {
        char line[96];
        snprintf(line, sizeof(line), "\n%s = ", options_table[i].name);
        assert_contains(text, line);
        assert_contains(text, options_table[i].help);
    }
    free(text);
    options_free(&b);

    /* The shipped file: defaults, all commented out, parses to defaults;
     * with every line active it parses to the same. */
    text = options_dump_config(&defaults, false);
    for (int i = 0; i < options_table_count; i++) {
        char line[96];
        snprintf(line, sizeof(line), "\n#%s =", options_table[i].name);
        assert_contains(text, line);
    }
    assert_contains(text, "[language-names]\n");
    assert_contains(text, "[keys]\n");
    assert_contains(text, "#   OK: KEY_ENTER KEY_KPENTER KEY_OK KEY_SELECT");
    load_text(&b, text);
    assert_true(options_equal(&defaults, &b));
    free(text);
    options_free(&b);
    text = options_dump_config(&defaults, true);
    load_text(&b, text);
    assert_true(options_equal(&defaults, &b));
    assert_false(options_equal(&a, &b));
    free(text);
    options_free(&b);
    options_free(&a);
    options_free(&defaults);
}

static void test_set_get(void **state)
{
    (void)state;
    struct options o;
    char err[128];
    assert_int_equal(options_init(&o), 0);
    assert_int_equal(options_set(&o, "nope", "1", err, sizeof(err)), -1);
    assert_string_equal(err, "unknown option 'nope'");
    assert_int_equal(options_set(&o, "subtitle-font", "Caf\xe9", err, sizeof(err)), -1);
    assert_string_equal(err, "the value is not valid UTF-8 text");
    assert_int_equal(options_set(&o, "language-reset", "5400", err, sizeof(err)), 0);
    char *v = options_get(&o, "language-reset");
    assert_string_equal(v, "90m");
    free(v);
    v = options_get(&o, "subtitle-scale");
    assert_string_equal(v, "5.5");
    free(v);
    assert_null(options_get(&o, "nope"));
    options_free(&o);
}

int main(void)
{
    log_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_forms),
        cmocka_unit_test(test_cli_errors),
        cmocka_unit_test(test_help_version_dump_exit),
        cmocka_unit_test(test_help_lists_every_option),
        cmocka_unit_test(test_dump_round_trip),
        cmocka_unit_test(test_set_get),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
