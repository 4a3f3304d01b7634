/* Unit tests for media/subdec_vtt.c: WebVTT sidecars that FFmpeg 5.1's
 * demuxer alone reads only partly (or not at all) keep their cues. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "media/subdec.h"
#include "media/subdec_priv.h"
#include "player/log.h"

static int setup(void **state)
{
    (void)state;
    log_init();
    log_set_level(LOG_ERROR);
    return 0;
}

static subdec_file *read_vtt(const char *text, int want)
{
    subdec_file *f = NULL;
    assert_int_equal(subdec_read_file(text, strlen(text), "x.vtt", 0, &f), want);
    return f;
}

static bool has_text(const subdec_file *f, int i, const char *needle)
{
    return i < f->nevents && strstr(f->events[i]->ass, needle) != NULL;
}

static void test_clean_rewrites_blocks(void **state)
{
    (void)state;
    const char *in = "WEBVTT\r\nKind: captions\r\n\r\nSTYLE\r\n::cue { color: red }\r\n\r\n"
                     "NOTE a comment\r\n\r\nid-1\r\n01:39 --> 01:41.04 align:left\r\nhello\r\nworld\r\n\r\n"
                     "bad --> timing\r\nlost\r\n\r\n2:00:01,5 --> 2:00:02\r\nlate\r\n";
    size_t n = 0;
    int skipped = -1;
    char *out = subdec_vtt_clean(in, strlen(in), &n, &skipped);
    assert_non_null(out);
    assert_int_equal(n, strlen(out));
    assert_int_equal(skipped, 1);
    assert_string_equal(out, "WEBVTT\nKind: captions\n\nid-1\n00:01:39.000 --> 00:01:41.040 align:left\n"
                             "hello\nworld\n\n02:00:01.500 --> 02:00:02.000\nlate\n");
    free(out);
}

static void test_signature(void **state)
{
    (void)state;
    assert_true(subdec_vtt_signature("WEBVTT", 6));
    assert_true(subdec_vtt_signature("WEBVTT\n", 7));
    assert_true(subdec_vtt_signature("\xEF\xBB\xBFWEBVTT - title\n", 18));
    assert_false(subdec_vtt_signature("WEBVTTX\n", 8));
    assert_false(subdec_vtt_signature("BROKENVTT\n", 10));
    assert_false(subdec_vtt_signature("WEB", 3));
}

/* The cases FFmpeg 5.1 alone reads as zero cues. */
static void test_style_block_keeps_cues(void **state)
{
    (void)state;
    subdec_file *f = read_vtt("WEBVTT\n\nSTYLE\n::cue { color: red }\n\n00:00:01.000 --> 00:00:02.000\nhello\n",
                              SUBDEC_OK);
    assert_int_equal(f->nevents, 1);
    assert_true(has_text(f, 0, "hello"));
    assert_int_equal(f->events[0]->start_ms, 1000);
    assert_int_equal(f->events[0]->duration_ms, 1000);
    subdec_file_free(&f);
}

static void test_times_without_millis_and_cr_lines(void **state)
{
    (void)state;
    subdec_file *f = read_vtt("WEBVTT\r\r00:01:39 --> 00:01:41.04\rrumbling\r\r00:02:00.000 --> 00:02:01.000\rnext\r",
                              SUBDEC_OK);
    assert_int_equal(f->nevents, 2);
    assert_true(has_text(f, 0, "rumbling"));
    assert_int_equal(f->events[0]->start_ms, 99000);
    assert_int_equal(f->events[0]->duration_ms, 2040);
    assert_true(has_text(f, 1, "next"));
    subdec_file_free(&f);
}

static void test_bad_cue_alone_is_dropped(void **state)
{
    (void)state;
    subdec_file *f = read_vtt("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\none\n\n00:00:xx.000 --> 00:00:03.000\nbad\n\n"
                              "00:00:04.000 --> 00:00:05.000\nthree\n",
                              SUBDEC_OK);
    assert_int_equal(f->nevents, 2);
    assert_true(has_text(f, 0, "one"));
    assert_true(has_text(f, 1, "three"));
    assert_int_equal(f->nerrors, 1);
    subdec_file_free(&f);
}

/* Without the signature the file is not WebVTT: left to FFmpeg (no cues). */
static void test_bad_signature_still_rejected(void **state)
{
    (void)state;
    subdec_file *f = NULL;
    const char *in = "BROKENVTT\n\n00:00:01.000 --> 00:00:02.000\nhello\n";
    int r = subdec_read_file(in, strlen(in), "x.vtt", 0, &f);
    assert_true(r != SUBDEC_OK || f->nevents == 0);
    subdec_file_free(&f);
}

static char *slurp(const char *rel, size_t *len)
{
    const char *root = getenv("VT_CORPUS");
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", root && *root ? root : "../../../shared/corpus", rel);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, fp);
    buf[*len] = '\0';
    fclose(fp);
    return buf;
}

/* Corpus files FFmpeg 5.1 alone reads as zero cues (androidx webvtt with
 * CSS blocks or CR-only lines): ExoPlayer's expected cue counts. */
static void test_corpus_files(void **state)
{
    (void)state;
    static const struct {
        const char *rel;
        int cues;
        const char *text;
    } cases[] = {
        {"androidx-media/media/webvtt/with_css_styles", 4, "This is the first subtitle."},
        {"androidx-media/media/webvtt/with_css_complex_selectors", 4, NULL},
        {"androidx-media/media/webvtt/with_wide_unicode_chars_and_cr_endings", 1, NULL},
        {"androidx-media/media/webvtt/typical", 2, "This is the first subtitle."},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len;
        char *data = slurp(cases[i].rel, &len);
        if (!data) {
            print_message("corpus file %s missing (VT_CORPUS)\n", cases[i].rel);
            fail();
        }
        subdec_file *f = NULL;
        assert_int_equal(subdec_read_file(data, len, "x.vtt", 0, &f), SUBDEC_OK);
        if (f->nevents < cases[i].cues)
            print_message("%s: %d cues\n", cases[i].rel, f->nevents);
        assert_true(f->nevents >= cases[i].cues);
        if (cases[i].text)
            assert_true(has_text(f, 0, cases[i].text));
        subdec_file_free(&f);
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_rewrites_blocks),
        cmocka_unit_test(test_signature),
        cmocka_unit_test(test_style_block_keeps_cues),
        cmocka_unit_test(test_times_without_millis_and_cr_lines),
        cmocka_unit_test(test_bad_cue_alone_is_dropped),
        cmocka_unit_test(test_bad_signature_still_rejected),
        cmocka_unit_test(test_corpus_files),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
