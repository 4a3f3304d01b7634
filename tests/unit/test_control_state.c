/* Unit tests: persistent state (state.c, state_file.c) — round trip, only
 * written when changed, corrupt/unreadable file, missing and read-only
 * folders, the delayed writer. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "player/log.h"
#include "player/state.h"

static char g_root[64];

static int setup(void **state)
{
    (void)state;
    snprintf(g_root, sizeof(g_root), "/tmp/vt-state-XXXXXX");
    return mkdtemp(g_root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s'; rm -rf '%s'", g_root, g_root);
    return system(cmd) == 0 ? 0 : -1;
}

static void path_in(char *buf, size_t size, const char *rel)
{
    snprintf(buf, size, "%s/%s", g_root, rel);
}

/* ---- stderr capture (the log) ----------------------------------------- */

static int g_saved_fd = -1;
static char g_log_path[64];

static void capture_begin(void)
{
    snprintf(g_log_path, sizeof(g_log_path), "/tmp/vt-state-log-XXXXXX");
    int fd = mkstemp(g_log_path);
    assert_true(fd >= 0);
    fflush(stderr);
    g_saved_fd = dup(2);
    dup2(fd, 2);
    close(fd);
}

/* Returns the captured text (static buffer). */
static const char *capture_end(void)
{
    static char buf[8192];
    fflush(stderr);
    dup2(g_saved_fd, 2);
    close(g_saved_fd);
    FILE *f = fopen(g_log_path, "r");
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    unlink(g_log_path);
    fputs(buf, stderr); /* keep it visible in the test output */
    return buf;
}

static int count(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* ---- tests ------------------------------------------------------------- */

static void test_round_trip_creates_folder(void **state)
{
    (void)state;
    char dir[128], file[160];
    path_in(dir, sizeof(dir), "a/b/vitrina");
    snprintf(file, sizeof(file), "%s/state.json", dir);

    struct state *st = state_open(dir, 100, 10000);
    assert_non_null(st);
    struct stat sb;
    assert_int_equal(stat(dir, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    assert_int_equal(sb.st_mode & 0777, 0755);
    char lang[40];
    assert_null(state_language(st, lang, sizeof(lang)));
    assert_int_equal(state_volume(st), 100);

    state_set_language(st, "fr");
    state_set_volume(st, 40);
    assert_int_equal(state_flush(st), 0);
    json_error_t jerr;
    json_t *j = json_load_file(file, 0, &jerr);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "language")), "fr");
    assert_int_equal(json_integer_value(json_object_get(j, "volume")), 40);
    assert_int_equal(json_integer_value(json_object_get(j, "config_volume")), 100);
    json_decref(j);
    state_close(st);

    st = state_open(dir, 100, -1);
    assert_string_equal(state_language(st, lang, sizeof(lang)), "fr");
    assert_int_equal(state_volume(st), 40);
    state_close(st);
    /* Staff changed `volume` in the config: the config wins again. */
    st = state_open(dir, 80, -1);
    assert_int_equal(state_volume(st), 80);
    assert_string_equal(state_language(st, lang, sizeof(lang)), "fr");
    /* "off" is a valid choice; junk is refused. */
    state_set_language(st, "off");
    state_set_language(st, "fr\"; rm -rf /");
    assert_string_equal(state_language(st, lang, sizeof(lang)), "off");
    state_set_volume(st, 250);
    assert_int_equal(state_volume(st), 100);
    state_close(st);
    assert_non_null((j = json_load_file(file, 0, &jerr)));
    assert_string_equal(json_string_value(json_object_get(j, "language")), "off");
    json_decref(j);
}

/* Written only when a value really changed. */
static void test_written_only_when_changed(void **state)
{
    (void)state;
    char dir[128], file[160];
    path_in(dir, sizeof(dir), "s");
    snprintf(file, sizeof(file), "%s/state.json", dir);
    struct state *st = state_open(dir, 100, 10000);
    assert_int_equal(state_flush(st), 0);
    assert_int_equal(access(file, F_OK), -1); /* nothing changed: no file */
    state_set_language(st, "es");
    assert_int_equal(state_flush(st), 0);
    struct stat a, b;
    assert_int_equal(stat(file, &a), 0);
    state_set_language(st, "es");         /* same value */
    state_set_language(st, "fr");
    state_set_language(st, "es");         /* changed and back */
    assert_int_equal(state_flush(st), 0);
    assert_int_equal(stat(file, &b), 0);
    assert_int_equal(a.st_ino, b.st_ino); /* every write renames a new inode in */
    state_set_language(st, "fr");
    assert_int_equal(state_flush(st), 0);
    assert_int_equal(stat(file, &b), 0);
    assert_int_not_equal(a.st_ino, b.st_ino);
    state_close(st);
    /* No temp file left behind. */
    char tmp[200];
    snprintf(tmp, sizeof(tmp), "%s/.state.json.tmp", dir);
    assert_int_equal(access(tmp, F_OK), -1);
}

/* A corrupt or unreadable file: defaults and ONE warning, never a crash. */
static void test_corrupt_and_unreadable_files(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"language\": \"fr\", \"volume\": ",           /* truncated (power cut) */
        "[1, 2, 3]",                                      /* not an object */
        "\x00\x01garbage",                                /* binary */
        "{\"language\": 5, \"volume\": \"loud\"}",        /* wrong types */
        "{\"language\": \"fr\", \"volume\": 900}",        /* out of range */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char dir[128], file[160], lang[40];
        snprintf(dir, sizeof(dir), "%s/c%zu", g_root, i);
        assert_int_equal(mkdir(dir, 0755), 0);
        snprintf(file, sizeof(file), "%s/state.json", dir);
        write_file(file, bad[i]);
        capture_begin();
        struct state *st = state_open(dir, 70, 10000);
        const char *log = capture_end();
        assert_non_null(st);
        assert_int_equal(count(log, " warn "), 1);
        assert_non_null(strstr(log, file));
        assert_int_equal(state_volume(st), 70);
        if (i < 4)
            assert_null(state_language(st, lang, sizeof(lang)));
        else
            assert_string_equal(state_language(st, lang, sizeof(lang)), "fr"); /* the good part is kept */
        /* The next save replaces the bad file. */
        state_set_language(st, "es");
        assert_int_equal(state_flush(st), 0);
        state_close(st);
        st = state_open(dir, 70, 10000);
        assert_string_equal(state_language(st, lang, sizeof(lang)), "es");
        state_close(st);
    }
    /* Unreadable: state.json is a folder (root reads any file, so use this). */
    char dir[128], file[160];
    path_in(dir, sizeof(dir), "u");
    snprintf(file, sizeof(file), "%s/state.json", dir);
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(mkdir(file, 0755), 0);
    capture_begin();
    struct state *st = state_open(dir, 100, 10000);
    const char *log = capture_end();
    assert_int_equal(count(log, " warn "), 1);
    assert_non_null(strstr(log, "cannot read"));
    state_close(st);
}

/* A folder that cannot be written: one warning, values kept in memory. */
static void test_unwritable_folder_warns_once(void **state)
{
    (void)state;
    char dir[128];
    const char *where;
    if (geteuid() == 0) {
        where = "/proc/self"; /* exists, and even root cannot create files there */
    } else {
        path_in(dir, sizeof(dir), "ro");
        assert_int_equal(mkdir(dir, 0755), 0);
        assert_int_equal(chmod(dir, 0555), 0);
        where = dir;
    }
    capture_begin();
    struct state *st = state_open(where, 100, 10000);
    state_set_language(st, "fr");
    int rc1 = state_flush(st);
    state_set_language(st, "es");
    int rc2 = state_flush(st);
    state_close(st);
    const char *log = capture_end();
    assert_true(rc1 < 0);
    assert_true(rc2 < 0);
    assert_int_equal(count(log, "cannot save viewer settings"), 1);

    /* A path whose parent is a file: the folder cannot even be made. */
    char file[160], sub[200];
    path_in(file, sizeof(file), "plainfile");
    write_file(file, "x");
    snprintf(sub, sizeof(sub), "%s/state", file);
    capture_begin();
    st = state_open(sub, 100, 10000);
    assert_non_null(st);
    state_set_volume(st, 10);
    assert_int_equal(state_flush(st), -ENOTDIR);
    assert_int_equal(state_volume(st), 10); /* still works in memory */
    state_close(st);
    log = capture_end();
    assert_int_equal(count(log, "cannot use the state folder"), 1);
    assert_int_equal(count(log, "cannot save viewer settings"), 0); /* same problem: said once */
}

/* The writer thread saves a burst of changes once, after the delay, and
 * state_close saves what is pending. */
static void test_delayed_writer(void **state)
{
    (void)state;
    char dir[128], file[160], lang[40];
    path_in(dir, sizeof(dir), "w");
    snprintf(file, sizeof(file), "%s/state.json", dir);
    struct state *st = state_open(dir, 100, 50);
    for (int v = 90; v >= 50; v -= 10)
        state_set_volume(st, v); /* a held volume key */
    assert_int_equal(access(file, F_OK), -1); /* not yet */
    for (int i = 0; i < 200 && access(file, F_OK) != 0; i++)
        usleep(5000);
    assert_int_equal(access(file, F_OK), 0);
    json_error_t jerr;
    json_t *j = json_load_file(file, 0, &jerr);
    assert_int_equal(json_integer_value(json_object_get(j, "volume")), 50);
    json_decref(j);
    state_close(st);

    st = state_open(dir, 100, 60000); /* a long delay: only close saves */
    state_set_language(st, "quc");
    state_close(st);
    st = state_open(dir, 100, 60000);
    assert_string_equal(state_language(st, lang, sizeof(lang)), "quc");
    assert_int_equal(state_volume(st), 50);
    state_close(st);
    state_close(NULL);
}

int main(void)
{
    log_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip_creates_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_written_only_when_changed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_and_unreadable_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable_folder_warns_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delayed_writer, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
