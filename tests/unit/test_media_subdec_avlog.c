/* Unit tests for media/avlog (FFmpeg's av_log → player/log.h). Lives with
 * the subdec tests by name only: it links vt_media. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavutil/log.h>

#include "media/avlog.h"

static const AVClass demo_class = {
    .class_name = "demo",
    .item_name = av_default_item_name,
    .version = LIBAVUTIL_VERSION_INT,
};
typedef struct demo {
    const AVClass *cls;
} demo;

/* Run fn with stderr redirected into a buffer. */
static char captured[65536];
static void capture(void (*fn)(void))
{
    fflush(stderr);
    int saved = dup(2);
    FILE *tmp = tmpfile();
    dup2(fileno(tmp), 2);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(captured, 1, sizeof(captured) - 1, tmp);
    captured[n] = '\0';
    fclose(tmp);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

static void test_map_level(void **state)
{
    (void)state;
    assert_int_equal(avlog_map_level(AV_LOG_PANIC), LOG_ERROR);
    assert_int_equal(avlog_map_level(AV_LOG_ERROR), LOG_ERROR);
    assert_int_equal(avlog_map_level(AV_LOG_WARNING), LOG_WARN);
    assert_int_equal(avlog_map_level(AV_LOG_INFO), LOG_VERBOSE);
    assert_int_equal(avlog_map_level(AV_LOG_VERBOSE), LOG_DEBUG);
    assert_int_equal(avlog_map_level(AV_LOG_DEBUG), LOG_TRACE);
}

static void partial_lines(void)
{
    demo obj = {&demo_class};
    av_log(&obj, AV_LOG_WARNING, "first part, ");
    av_log(&obj, AV_LOG_WARNING, "second part %d", 42);
    av_log(&obj, AV_LOG_WARNING, " end\n");
    av_log(NULL, AV_LOG_ERROR, "two\nlines\n");
    av_log(&obj, AV_LOG_INFO, "info is verbose, filtered at level info\n");
}

static void test_partial_lines_joined(void **state)
{
    (void)state;
    log_set_level(LOG_INFO);
    avlog_install();
    capture(partial_lines);
    assert_int_equal(count(captured, "\n"), 3);
    assert_non_null(strstr(captured, "warn    ffmpeg: [demo] first part, second part 42 end\n"));
    assert_non_null(strstr(captured, "error   ffmpeg: two\n"));
    assert_non_null(strstr(captured, "error   ffmpeg: lines\n"));
    assert_null(strstr(captured, "info is verbose"));
}

static void *writer(void *arg)
{
    demo obj = {&demo_class};
    for (int i = 0; i < 200; i++) {
        av_log(&obj, AV_LOG_WARNING, "thread %c part1 ", *(const char *)arg);
        av_log(&obj, AV_LOG_WARNING, "part2\n");
    }
    return NULL;
}

static void threads(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, writer, "A");
    pthread_create(&b, NULL, writer, "B");
    pthread_join(a, NULL);
    pthread_join(b, NULL);
}

static void test_threads_do_not_interleave(void **state)
{
    (void)state;
    log_set_level(LOG_INFO);
    avlog_install();
    capture(threads);
    assert_int_equal(count(captured, "thread A part1 part2\n"), 200);
    assert_int_equal(count(captured, "thread B part1 part2\n"), 200);
}

static void debug_level(void)
{
    demo obj = {&demo_class};
    av_log(&obj, AV_LOG_VERBOSE, "verbose detail\n");
}

static void test_level_sync(void **state)
{
    (void)state;
    log_set_level(LOG_INFO);
    avlog_install();
    assert_int_equal(av_log_get_level(), AV_LOG_WARNING);
    capture(debug_level);
    assert_null(strstr(captured, "verbose detail"));
    log_set_level(LOG_DEBUG);
    avlog_sync_level();
    assert_int_equal(av_log_get_level(), AV_LOG_VERBOSE);
    capture(debug_level);
    assert_non_null(strstr(captured, "debug   ffmpeg: [demo] verbose detail"));
    log_set_level(LOG_INFO);
    avlog_sync_level();
}

int main(void)
{
    log_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_level),
        cmocka_unit_test(test_partial_lines_joined),
        cmocka_unit_test(test_threads_do_not_interleave),
        cmocka_unit_test(test_level_sync),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
