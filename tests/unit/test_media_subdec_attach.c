/* Unit tests for media/subdec_attach.c: font attachments of a Matroska
 * file. (Split from test_media_subdec.c, 600-line limit.) */
#include "test_media_subdec_util.h"

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

/* Every attachment handed over, in order (up to 4). */
typedef struct attachments_seen {
    int n;
    char name[4][64], mime[4][64];
    size_t size[4];
} attachments_seen;

static void on_attachment(void *opaque, const char *filename, const char *mimetype, const uint8_t *data,
                          size_t size)
{
    attachments_seen *as = opaque;
    assert_non_null(data);
    assert_true(as->n < 4);
    snprintf(as->name[as->n], sizeof(as->name[0]), "%s", filename ? filename : "");
    snprintf(as->mime[as->n], sizeof(as->mime[0]), "%s", mimetype ? mimetype : "");
    as->size[as->n++] = size;
}

static const char font_path[] = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";

/* Write `text` to cache_dir()/name; returns the path (in buf). */
static const char *write_cache_file(const char *name, const char *text, char *buf, size_t len)
{
    int n = snprintf(buf, len, "%s/%s", cache_dir(), name);
    assert_true(n > 0 && (size_t)n < len);
    FILE *f = fopen(buf, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return buf;
}

/* Make cache_dir()/mkv_name: one ASS cue plus the attachments that the
 * ffmpeg arguments `attach` add (-attach FILE -metadata:s:t ...), and open
 * it. */
static AVFormatContext *open_with_attachments(const char *mkv_name, const char *attach)
{
    char srt[1024], mkv[1024], cmd[4096];
    write_cache_file("subdec-attach.srt", "1\n00:00:01,000 --> 00:00:02,500\nHola\n", srt, sizeof(srt));
    FMT(mkv, "%s/%s", cache_dir(), mkv_name);
    FMT(cmd, "ffmpeg -nostdin -v error -y -i '%s' -c:s ass %s '%s'", srt, attach, mkv);
    assert_int_equal(system(cmd), 0);
    AVFormatContext *ic = NULL;
    assert_int_equal(avformat_open_input(&ic, mkv, NULL, NULL), 0);
    return ic;
}

static void test_font_attachments(void **state)
{
    (void)state;
    char attach[2048];
    FMT(attach, "-attach '%s' -metadata:s:t mimetype=application/x-truetype-font", font_path);
    AVFormatContext *ic = open_with_attachments("subdec-test-font.mkv", attach);
    fonts_seen fs = {0};
    assert_int_equal(subdec_font_attachments(ic, on_font, &fs), 1);
    assert_int_equal(fs.n, 1);
    assert_string_equal(fs.name, "NotoSans-Regular.ttf");
    struct stat st;
    assert_int_equal(stat(font_path, &st), 0);
    assert_int_equal(fs.size, (size_t)st.st_size);
    avformat_close_input(&ic);
    /* A file without attachments. */
    char p[1024];
    assert_int_equal(avformat_open_input(&ic, corpus("androidx-media/media/mkv/sample_with_srt.mkv",
                                                     p, sizeof(p)), NULL, NULL), 0);
    assert_int_equal(subdec_font_attachments(ic, on_font, &fs), 0);
    avformat_close_input(&ic);
}

/* Every attachment is handed over with its file name and MIME type —
 * whether it is a font is subtitles/sublib_is_font_attachment's call —
 * including a font under a MIME type FFmpeg does not know (font/ttf) and
 * a text file. */
static void test_attachments_with_mime_types(void **state)
{
    (void)state;
    char txt[1024], attach[4096];
    write_cache_file("subdec-attach-notes.txt", "not a font\n", txt, sizeof(txt));
    FMT(attach, "-attach '%s' -attach '%s' -metadata:s:t:0 mimetype=font/ttf "
                "-metadata:s:t:1 mimetype=text/plain", font_path, txt);
    AVFormatContext *ic = open_with_attachments("subdec-test-font-mimes.mkv", attach);
    attachments_seen as = {0};
    assert_int_equal(subdec_font_attachments(ic, on_attachment, &as), 2);
    assert_int_equal(as.n, 2);
    assert_string_equal(as.name[0], "NotoSans-Regular.ttf");
    assert_string_equal(as.mime[0], "font/ttf");
    struct stat st;
    assert_int_equal(stat(font_path, &st), 0);
    assert_int_equal(as.size[0], (size_t)st.st_size);
    assert_string_equal(as.name[1], "subdec-attach-notes.txt");
    assert_string_equal(as.mime[1], "text/plain");
    assert_int_equal(as.size[1], strlen("not a font\n"));
    avformat_close_input(&ic);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_font_attachments),
        cmocka_unit_test(test_attachments_with_mime_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
