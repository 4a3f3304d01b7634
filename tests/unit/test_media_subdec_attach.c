/* Unit tests for media/subdec_attach.c: font attachments of a Matroska
 * file. (Split from test_media_subdec.c, 600-line limit.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libavformat/avformat.h>

#include "media/subdec.h"

/* snprintf into an array, failing the test on truncation. */
#define FMT(buf, ...) assert_true(snprintf(buf, sizeof(buf), __VA_ARGS__) < (int)sizeof(buf))

static const char *corpus(const char *rel, char *buf, size_t len)
{
    const char *root = getenv("VT_CORPUS");
    int n = snprintf(buf, len, "%s/%s", root ? root : "../../shared/corpus", rel);
    assert_true(n > 0 && (size_t)n < len);
    return buf;
}

static const char *cache_dir(void)
{
    const char *d = getenv("VT_MEDIA_CACHE");
    if (!d)
        d = "test-media";
    mkdir(d, 0755);
    return d;
}

typedef struct fonts_seen {
    int n;
    size_t size;
    char name[64];
} fonts_seen;

static void on_font(void *opaque, const char *filename, const char *mimetype, const uint8_t *data,
                    size_t size)
{
    fonts_seen *fs = opaque;
    (void)mimetype;
    assert_non_null(data);
    fs->n++;
    fs->size = size;
    snprintf(fs->name, sizeof(fs->name), "%s", filename ? filename : "");
}

static void test_font_attachments(void **state)
{
    (void)state;
    char srt[1024], mkv[1024], cmd[4096];
    FMT(srt, "%s/subdec-attach.srt", cache_dir());
    FILE *f = fopen(srt, "w");
    assert_non_null(f);
    fputs("1\n00:00:01,000 --> 00:00:02,500\nHola\n", f);
    fclose(f);
    FMT(mkv, "%s/subdec-test-font.mkv", cache_dir());
    const char *font = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
    FMT(cmd,
        "ffmpeg -nostdin -v error -y -i '%s' -c:s ass -attach '%s' "
        "-metadata:s:t mimetype=application/x-truetype-font '%s'",
        srt, font, mkv);
    assert_int_equal(system(cmd), 0);
    AVFormatContext *ic = NULL;
    assert_int_equal(avformat_open_input(&ic, mkv, NULL, NULL), 0);
    fonts_seen fs = {0};
    assert_int_equal(subdec_font_attachments(ic, on_font, &fs), 1);
    assert_int_equal(fs.n, 1);
    assert_string_equal(fs.name, "NotoSans-Regular.ttf");
    struct stat st;
    assert_int_equal(stat(font, &st), 0);
    assert_int_equal(fs.size, (size_t)st.st_size);
    avformat_close_input(&ic);
    /* A file without attachments. */
    char p[1024];
    assert_int_equal(avformat_open_input(&ic, corpus("androidx-media/media/mkv/sample_with_srt.mkv",
                                                     p, sizeof(p)), NULL, NULL), 0);
    assert_int_equal(subdec_font_attachments(ic, on_font, &fs), 0);
    avformat_close_input(&ic);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_font_attachments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
