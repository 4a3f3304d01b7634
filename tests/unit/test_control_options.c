/* Unit tests: options — defaults, precedence, every value type and its
 * errors (with FILE:LINE: key), sections, the file syntax. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/input-event-codes.h>

#include "player/keymap.h"
#include "player/options.h"

/* ---- helpers --------------------------------------------------------- */

static char g_path[64];

/* Write a config file (raw bytes) and return its path. */
static const char *config_file(const char *text, size_t len)
{
    snprintf(g_path, sizeof(g_path), "/tmp/vt-opt-XXXXXX");
    int fd = mkstemp(g_path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return g_path;
}

/* Load with the given config text and extra arguments (NULL-terminated).
 * Returns the result; *errors gets the problem text (or NULL). */
static int load(struct options *o, const char *text, bool lenient, char **errors, ...)
{
    char *argv[32] = {"vitrina", "--config", (char *)(text ? config_file(text, strlen(text)) : "none")};
    int argc = 3;
    va_list ap;
    va_start(ap, errors);
    for (char *a; argc < 31 && (a = va_arg(ap, char *));)
        argv[argc++] = a;
    va_end(ap);
    int rc = options_load(o, argc, argv, lenient, errors);
    if (text)
        unlink(g_path);
    return rc;
}

/* Errors of a lenient load of `text`; the caller frees. */
static char *errors_of(struct options *o, const char *text)
{
    char *errors = NULL;
    assert_int_equal(load(o, text, true, &errors, NULL), OPTIONS_RUN);
    return errors;
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!haystack || !strstr(haystack, needle))
        fail_msg("expected \"%s\" in:\n%s", needle, haystack ? haystack : "(nothing)");
}

/* ---- tests ------------------------------------------------------------- */

static void test_defaults(void **state)
{
    (void)state;
    struct options o;
    assert_int_equal(options_init(&o), 0);
    assert_string_equal(o.media_dir, "/srv/vitrina/media");
    assert_false(o.windowed);
    assert_int_equal(o.size.w, 0);
    assert_true(o.audio);
    assert_string_equal(o.audio_device, "");
    assert_int_equal(o.volume, 100);
    assert_true(o.image_duration == 10);
    assert_false(o.shuffle);
    assert_int_equal(o.log_level, LOG_INFO);
    assert_int_equal(o.renderer, OPT_RENDERER_AUTO);
    assert_int_equal(o.hwdec, OPT_HWDEC_NO);
    assert_true(o.vsync);
    assert_true(o.watch);
    assert_true(o.settle_time == 2);
    assert_true(o.rescan_interval == 60);
    assert_int_equal(o.ignore.count, 0);
    assert_true(o.intake_notice);
    assert_string_equal(o.subtitle_codepage, "cp1252");
    assert_int_equal(o.subtitle_style, OPT_SUBSTYLE_AUTO);
    assert_true(o.subtitle_scale == 5.5);
    assert_string_equal(o.subtitle_font, "Noto Sans");
    assert_true(o.safe_area == 5);
    assert_int_equal(o.languages.count, 0);
    assert_true(o.language_reset == 20 * 60);
    assert_null(o.config_path);
    options_free(&o);
    options_free(&o); /* idempotent */
}

/* defaults < config file < command line */
static void test_precedence(void **state)
{
    (void)state;
    struct options o;
    const char *file = "volume = 50\nshuffle = yes\nmedia-dir = /srv/a\nwindowed = yes\n";
    assert_int_equal(load(&o, file, false, NULL, "--volume", "70", "--no-shuffle", "/srv/b", NULL), OPTIONS_RUN);
    assert_int_equal(o.volume, 70);    /* command line wins */
    assert_false(o.shuffle);           /* --no-x wins over the file's yes */
    assert_string_equal(o.media_dir, "/srv/b");
    assert_true(o.windowed);           /* file wins over default */
    assert_true(o.image_duration == 10); /* default */
    assert_non_null(o.config_path);
    options_free(&o);
    /* Without the command line the file applies. */
    assert_int_equal(load(&o, file, false, NULL, NULL), OPTIONS_RUN);
    assert_int_equal(o.volume, 50);
    assert_true(o.shuffle);
    assert_string_equal(o.media_dir, "/srv/a");
    options_free(&o);
}

static void test_value_types(void **state)
{
    (void)state;
    struct options o;
    const char *file = "shuffle = On\n"
                       "volume = 80%\n"
                       "subtitle-scale = 4.25\n"
                       "safe-area = 3 %\n"
                       "language-reset = 1h30m\n"
                       "image-duration = 2.5\n"
                       "settle-time = 500ms\n"
                       "rescan-interval = 0\n"
                       "probe-timeout = 20 sec\n"
                       "size = 1920X1080\n"
                       "renderer = SOFTWARE\n"
                       "log-level = debug\n"
                       "subtitle-default-lang = ES_mx\n"
                       "languages = es, EN ,fr-ca,, es\n"
                       "ignore = *.part, draft-* ,\n"
                       "subtitle-codepage = CP1256\n"
                       "state-dir = /var/lib/x y\n"
                       "audio-device = hdmi:CARD=PCH,DEV=0\n";
    assert_int_equal(load(&o, file, false, NULL, NULL), OPTIONS_RUN);
    assert_true(o.shuffle);
    assert_int_equal(o.volume, 80);
    assert_true(o.subtitle_scale == 4.25);
    assert_true(o.safe_area == 3);
    assert_true(o.language_reset == 5400);
    assert_true(o.image_duration == 2.5);
    assert_true(o.settle_time == 0.5);
    assert_true(o.rescan_interval == 0);
    assert_true(o.probe_timeout == 20);
    assert_int_equal(o.size.w, 1920);
    assert_int_equal(o.size.h, 1080);
    assert_int_equal(o.renderer, OPT_RENDERER_SOFTWARE);
    assert_int_equal(o.log_level, LOG_DEBUG);
    assert_string_equal(o.subtitle_default_lang, "es-MX");
    assert_int_equal(o.languages.count, 3);
    assert_string_equal(o.languages.items[0], "es");
    assert_string_equal(o.languages.items[1], "en");
    assert_string_equal(o.languages.items[2], "fr-CA");
    assert_int_equal(o.ignore.count, 2);
    assert_string_equal(o.ignore.items[1], "draft-*");
    assert_string_equal(o.subtitle_codepage, "CP1256");
    assert_string_equal(o.state_dir, "/var/lib/x y");
    assert_string_equal(o.audio_device, "hdmi:CARD=PCH,DEV=0");
    options_free(&o);

    /* Durations in every accepted spelling. */
    static const struct {
        const char *text;
        double seconds;
    } durations[] = {{"20m", 1200}, {"90s", 90}, {"1h", 3600}, {"90", 90}, {"0", 0}, {"1.5h", 5400},
                     {"2 min", 120}, {"1h 2m 3s", 3723}, {"20 minutes", 1200}, {"0.25", 0.25}};
    for (size_t i = 0; i < sizeof(durations) / sizeof(durations[0]); i++) {
        assert_int_equal(options_init(&o), 0);
        char err[256] = "";
        if (options_set(&o, "language-reset", durations[i].text, err, sizeof(err)) != 0 ||
            o.language_reset != durations[i].seconds)
            fail_msg("'%s' → %g (%s)", durations[i].text, o.language_reset, err);
        options_free(&o);
    }
}

/* One bad line per type: each message names FILE:LINE: key and the reason;
 * lenient keeps the default for the bad key. */
static void test_errors_name_file_line_key(void **state)
{
    (void)state;
    struct options o;
    const char *file = "shuffle = maybe\n"            /* 1 */
                       "volume = 150\n"               /* 2 */
                       "volume = 5.5\n"               /* 3 */
                       "subtitle-scale = 50\n"        /* 4 */
                       "language-reset = 20x\n"       /* 5 */
                       "language-reset = -5\n"        /* 6 */
                       "image-duration = 0\n"         /* 7 */
                       "size = 10x10\n"               /* 8 */
                       "size = big\n"                 /* 9 */
                       "renderer = fast\n"            /* 10 */
                       "subtitle-default-lang = e\n"  /* 11 */
                       "languages = es,english\n"     /* 12 */
                       "subtitle-codepage = nope\n"   /* 13 */
                       "subtitle-font =\n"            /* 14 */
                       "volum = 3\n";                 /* 15 */
    char *e = errors_of(&o, file);
    char prefix[96];
    snprintf(prefix, sizeof(prefix), "%s:", g_path);
    static const char *const expect[] = {
        ":1: shuffle: 'maybe' is not yes or no",
        ":2: volume: '150' is out of range: must be between 0 and 100",
        ":3: volume: '5.5' is not a whole number",
        ":4: subtitle-scale: '50' is out of range: must be between 2 and 20",
        ":5: language-reset: '20x' is not a duration",
        ":6: language-reset: '-5' is not a duration",
        ":7: image-duration: '0' is out of range: must be between 0.5 and 24h",
        ":8: size: '10x10' is out of range: must be between 16 and 16384",
        ":9: size: 'big' is not a size like 1280x720",
        ":10: renderer: 'fast' is not one of auto, software or accelerated",
        ":11: subtitle-default-lang: 'e' is not a language code",
        ":12: languages: 'english' is not a language code",
        ":13: subtitle-codepage: unknown character set 'nope'",
        ":14: subtitle-font: must not be empty",
        ":15: unknown setting 'volum' (did you mean 'volume'?)",
    };
    for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
        char full[256];
        snprintf(full, sizeof(full), "%s%s", g_path, expect[i]);
        assert_contains(e, full);
    }
    /* Every line is "FILE:LINE: …". */
    int lines = 0;
    for (char *l = e; *l; l = strchr(l, '\n') + 1, lines++)
        assert_memory_equal(l, prefix, strlen(prefix));
    assert_int_equal(lines, 15);
    /* Bad keys kept their defaults. */
    assert_false(o.shuffle);
    assert_int_equal(o.volume, 100);
    assert_int_equal(o.size.w, 0);
    assert_true(o.language_reset == 1200);
    assert_string_equal(o.subtitle_font, "Noto Sans");
    assert_int_equal(o.languages.count, 0);
    free(e);
    options_free(&o);

    /* Strict mode: the same file is an error (exit code 2 in main). */
    assert_int_equal(load(&o, "volume = 150\n", false, &e, NULL), OPTIONS_ERROR);
    assert_contains(e, ":1: volume: '150' is out of range");
    free(e);
    options_free(&o);
}

static void test_file_syntax(void **state)
{
    (void)state;
    struct options o;
    const char *file = "\xEF\xBB\xBF# a comment\r\n"         /* 1: BOM, CRLF */
                       "; another\r\n"                       /* 2 */
                       "   volume = 60   # turned down\r\n"  /* 3: indented, inline comment */
                       "\tshuffle=yes;not a comment\n"       /* 4: ';' without space stays (bad bool) */
                       "subtitle-font = \"Noto ; Sans # 2\"\n" /* 5: quoted */
                       "audio-device = \" x \"\n"           /* 6: quoted spaces */
                       "Image_Duration = 5\n"                /* 7: case and '_' */
                       "windowed: yes\n"                     /* 8: ':' separator */
                       "just words\n"                        /* 9 */
                       "= 5\n"                               /* 10 */
                       "[broken\n"                           /* 11 */
                       "subtitle-font = \"unclosed\n";       /* 12 */
    char *e = errors_of(&o, file);
    assert_int_equal(o.volume, 60);
    assert_string_equal(o.subtitle_font, "Noto ; Sans # 2");
    assert_string_equal(o.audio_device, " x ");
    assert_true(o.image_duration == 5);
    assert_true(o.windowed);
    assert_contains(e, ":4: shuffle: 'yes;not a comment' is not yes or no");
    assert_contains(e, ":9: 'just words': expected \"key = value\"");
    assert_contains(e, ":10: missing the key name");
    assert_contains(e, ":11: a section header looks like [keys]");
    assert_contains(e, ":12: subtitle-font: missing the closing quote");
    assert_null(strstr(e, ":3:"));
    free(e);
    options_free(&o);

    /* Not UTF-8 (Latin-1 é), binary data, an over-long line. */
    char bin[] = "volume = 10\nsubtitle-font = Caf\xe9\nx\0y = 1\nvolume = 20\n";
    const char *path = config_file(bin, sizeof(bin) - 1);
    char *argv[] = {"vitrina", "--config", (char *)path};
    assert_int_equal(options_load(&o, 3, argv, true, &e), OPTIONS_RUN);
    unlink(path);
    assert_contains(e, ":2: this line is not valid UTF-8 text");
    assert_contains(e, ":3: this line contains binary data");
    assert_int_equal(o.volume, 20); /* line numbers stay right after bad lines */
    free(e);
    options_free(&o);

    char longline[400];
    snprintf(longline, sizeof(longline), "ignore = %0300d\nvolume = 7\n", 0);
    e = errors_of(&o, longline);
    assert_contains(e, ":1: line too long");
    assert_int_equal(o.volume, 7);
    free(e);
    options_free(&o);
}

static void test_sections(void **state)
{
    (void)state;
    struct options o;
    const char *file = "volume = 40\n"
                       "[language-names]\n"
                       "quc = Kʼicheʼ\n"
                       "HT = Kreyòl ayisyen\n"
                       "quc = Kʼicheʼ (Guatemala)\n"
                       "[ Keys ]\n"
                       "KEY_RED = subtitle\n"
                       "F1 = LANGUAGE\n"
                       "KEY_POWER = IGNORE\n"
                       "KEY_OK = NONE\n"
                       "Keypad Enter = INFO\n"
                       "pad.y = MENU\n";
    assert_int_equal(load(&o, file, false, NULL, NULL), OPTIONS_RUN);
    assert_int_equal(o.volume, 40);
    assert_string_equal(options_language_name(&o, "quc"), "Kʼicheʼ (Guatemala)");
    assert_string_equal(options_language_name(&o, "ht"), "Kreyòl ayisyen");
    assert_null(options_language_name(&o, "fr"));
    assert_int_equal(o.keys.count, 6);
    assert_string_equal(o.keys.items[0].value, "SUBTITLE");
    struct keymap *km = options_build_keymap(&o);
    assert_non_null(km);
    assert_int_equal(keymap_lookup_evdev(km, KEY_RED), INPUT_SUBTITLE);
    assert_int_equal(keymap_lookup_sdl(km, "F1"), INPUT_LANGUAGE);
    assert_int_equal(keymap_lookup_evdev(km, KEY_OK), INPUT_NONE);
    assert_int_equal(keymap_lookup_evdev(km, KEY_SELECT), INPUT_OK); /* other defaults stay */
    assert_int_equal(keymap_lookup_sdl(km, "Keypad Enter"), INPUT_INFO);
    assert_int_equal(keymap_lookup_pad(km, "y"), INPUT_MENU);
    keymap_free(km);
    options_free(&o);

    const char *bad = "[keys]\n"
                      "Retrun = OK\n"              /* 2 */
                      "F1 = LANGUAG\n"             /* 3 */
                      "volume = 3\n"               /* 4 */
                      "[language-names]\n"
                      "x1 = foo\n"                 /* 6 */
                      "fr =\n"                     /* 7 */
                      "[intake]\n"                 /* 8 */
                      "watch = no\n"               /* 9: in the unknown section: ignored */
                      "[language-names]\n"
                      "pad.a = OK\n";              /* 11 */
    char *e = errors_of(&o, bad);
    assert_contains(e, ":2: unknown key name 'Retrun' (did you mean 'Return'?)");
    assert_contains(e, ":3: F1: unknown action 'LANGUAG' (actions: UP DOWN");
    assert_contains(e, ":4: unknown key name 'volume' ('volume' is a setting: put it above the first [section])");
    assert_contains(e, ":6: 'x1' is not a language code");
    assert_contains(e, ":7: fr: the language name is empty");
    assert_contains(e, ":8: unknown section [intake]");
    assert_null(strstr(e, ":9:"));
    assert_contains(e, ":11: 'pad.a' is not a language code");
    assert_true(o.watch);
    assert_int_equal(o.keys.count, 0);
    free(e);
    options_free(&o);

    /* A key binding among the settings gets a hint. */
    e = errors_of(&o, "KEY_RED = SUBTITLE\n");
    assert_contains(e, ":1: unknown setting 'KEY_RED' (key bindings go in the [keys] section)");
    free(e);
    options_free(&o);
}

static void test_config_file_problems(void **state)
{
    (void)state;
    struct options o;
    char *e = NULL;
    char *argv[] = {"vitrina", "--config", "/nonexistent/vitrina.conf"};
    assert_int_equal(options_load(&o, 3, argv, false, &e), OPTIONS_ERROR);
    assert_contains(e, "/nonexistent/vitrina.conf: cannot read the config file: No such file or directory");
    free(e);
    options_free(&o);
    char *argv2[] = {"vitrina", "--config", "/tmp"};
    assert_int_equal(options_load(&o, 3, argv2, true, &e), OPTIONS_RUN);
    assert_contains(e, "/tmp: cannot read the config file: it is a directory");
    free(e);
    options_free(&o);
    /* An empty file is fine. */
    assert_int_equal(load(&o, "", false, &e, NULL), OPTIONS_RUN);
    assert_null(e);
    options_free(&o);
    /* Errors without errors_out are logged (and still fail strict mode). */
    char *argv3[] = {"vitrina", "--config", "none", "--volume=abc"};
    assert_int_equal(options_load(&o, 4, argv3, false, NULL), OPTIONS_ERROR);
    options_free(&o);
}

static void test_paths(void **state)
{
    (void)state;
    struct options o;
    assert_int_equal(options_init(&o), 0);
    setenv("RUNTIME_DIRECTORY", "/run/vitrina:/run/other", 1);
    setenv("STATE_DIRECTORY", "/var/lib/vitrina", 1);
    char *p = options_ipc_path(&o), *s = options_state_dir(&o);
    assert_string_equal(p, "/run/vitrina/ipc.sock");
    assert_string_equal(s, "/var/lib/vitrina");
    free(p);
    free(s);
    unsetenv("RUNTIME_DIRECTORY");
    unsetenv("STATE_DIRECTORY");
    setenv("XDG_RUNTIME_DIR", "/run/user/1000", 1);
    setenv("XDG_STATE_HOME", "/home/x/.state", 1);
    p = options_ipc_path(&o);
    s = options_state_dir(&o);
    assert_string_equal(p, "/run/user/1000/vitrina.sock");
    assert_string_equal(s, "/home/x/.state/vitrina");
    free(p);
    free(s);
    unsetenv("XDG_STATE_HOME");
    setenv("HOME", "/home/x", 1);
    s = options_state_dir(&o);
    assert_string_equal(s, "/home/x/.local/state/vitrina");
    free(s);
    assert_int_equal(options_set(&o, "ipc", "/tmp/v.sock", NULL, 0), 0);
    assert_int_equal(options_set(&o, "state-dir", "/srv/state", NULL, 0), 0);
    p = options_ipc_path(&o);
    s = options_state_dir(&o);
    assert_string_equal(p, "/tmp/v.sock");
    assert_string_equal(s, "/srv/state");
    free(p);
    free(s);
    options_free(&o);
}

int main(void)
{
    log_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_value_types),
        cmocka_unit_test(test_errors_name_file_line_key),
        cmocka_unit_test(test_file_syntax),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_config_file_problems),
        cmocka_unit_test(test_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
