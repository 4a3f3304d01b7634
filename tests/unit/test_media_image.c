/* Unit tests for media/image: PNG write (atomic) and load. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media/image.h"

#define FMT(buf, ...) assert_true(snprintf(buf, sizeof(buf), __VA_ARGS__) < (int)sizeof(buf))

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/vt-image-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    FMT(cmd, "rm -rf '%s'", tmpdir);
    return system(cmd);
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        n += de->d_name[0] != '.';
    closedir(d);
    return n;
}

/* A 7x5 ARGB picture with varied alpha, including 0 and 255. */
static void make_argb(uint32_t *px, int w, int h)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t a = (uint32_t)((x * 255) / (w - 1));
            px[y * w + x] = a << 24 | (uint32_t)(x * 30) << 16 | (uint32_t)(y * 50) << 8 | 0x7f;
        }
}

static void test_roundtrip_argb(void **state)
{
    (void)state;
    enum { W = 7, H = 5 };
    uint32_t px[W * H];
    make_argb(px, W, H);
    char path[512];
    FMT(path, "%s/shot.png", tmpdir);
    assert_int_equal(image_write_png(path, px, W, H, W * 4, IMAGE_ARGB32), IMAGE_OK);
    assert_int_equal(count_entries(tmpdir), 1); /* no temp file left */
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    uint8_t *rgba = NULL;
    int w = 0, h = 0;
    assert_int_equal(image_load_png(path, &rgba, &w, &h), IMAGE_OK);
    assert_int_equal(w, W);
    assert_int_equal(h, H);
    for (int i = 0; i < W * H; i++) {
        assert_int_equal(rgba[i * 4 + 0], (px[i] >> 16) & 255);
        assert_int_equal(rgba[i * 4 + 1], (px[i] >> 8) & 255);
        assert_int_equal(rgba[i * 4 + 2], px[i] & 255);
        assert_int_equal(rgba[i * 4 + 3], px[i] >> 24);
    }
    free(rgba);
}

static void test_xrgb_is_opaque_and_stride(void **state)
{
    (void)state;
    enum { W = 4, H = 3, STRIDE = 24 }; /* padded rows */
    uint8_t buf[STRIDE * H];
    memset(buf, 0xEE, sizeof(buf));
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint32_t v = (uint32_t)(0x00102030 + x + y * 16); /* alpha 0: ignored */
            memcpy(buf + y * STRIDE + x * 4, &v, 4);
        }
    char path[512];
    FMT(path, "%s/opaque.png", tmpdir);
    assert_int_equal(image_write_png(path, buf, W, H, STRIDE, IMAGE_XRGB32), IMAGE_OK);
    uint8_t *rgba;
    int w, h;
    assert_int_equal(image_load_png(path, &rgba, &w, &h), IMAGE_OK);
    assert_int_equal(w, W);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            const uint8_t *p = rgba + (y * W + x) * 4;
            assert_int_equal(p[0], 0x10);
            assert_int_equal(p[1], 0x20);
            assert_int_equal(p[2], 0x30 + x + y * 16);
            assert_int_equal(p[3], 255);
        }
    free(rgba);
}

static void test_replace_is_atomic(void **state)
{
    (void)state;
    char path[512];
    FMT(path, "%s/replace.png", tmpdir);
    uint32_t a[4] = {0xFF0000FF, 0xFF0000FF, 0xFF0000FF, 0xFF0000FF};
    uint32_t b[4] = {0xFFFF0000, 0xFFFF0000, 0xFFFF0000, 0xFFFF0000};
    assert_int_equal(image_write_png(path, a, 2, 2, 8, IMAGE_ARGB32), IMAGE_OK);
    struct stat st1, st2;
    assert_int_equal(stat(path, &st1), 0);
    assert_int_equal(image_write_png(path, b, 2, 2, 8, IMAGE_ARGB32), IMAGE_OK);
    assert_int_equal(stat(path, &st2), 0);
    /* A new file was renamed over the old one (never rewritten in place). */
    assert_int_not_equal(st1.st_ino, st2.st_ino);
    uint8_t *rgba;
    int w, h;
    assert_int_equal(image_load_png(path, &rgba, &w, &h), IMAGE_OK);
    assert_int_equal(rgba[0], 255);
    assert_int_equal(rgba[2], 0);
    free(rgba);
}

static void test_errors(void **state)
{
    (void)state;
    uint32_t px[4] = {0};
    char path[512];
    FMT(path, "%s/no/such/dir/x.png", tmpdir);
    assert_int_equal(image_write_png(path, px, 2, 2, 8, IMAGE_ARGB32), IMAGE_E_IO);
    assert_int_equal(image_write_png(NULL, px, 2, 2, 8, IMAGE_ARGB32), IMAGE_E_ARG);
    FMT(path, "%s/bad.png", tmpdir);
    assert_int_equal(image_write_png(path, px, 0, 2, 8, IMAGE_ARGB32), IMAGE_E_ARG);
    assert_int_equal(image_write_png(path, px, 2, 2, 4, IMAGE_ARGB32), IMAGE_E_ARG); /* stride */
    assert_int_equal(access(path, F_OK), -1);
    /* Not a PNG. */
    FILE *f = fopen(path, "w");
    fputs("definitely not a png", f);
    fclose(f);
    uint8_t *rgba = NULL;
    int w, h;
    assert_int_equal(image_load_png(path, &rgba, &w, &h), IMAGE_E_CODEC);
    assert_null(rgba);
    assert_int_equal(image_load_png(tmpdir, &rgba, &w, &h), IMAGE_E_IO); /* a directory */
    assert_string_equal(image_strerror(IMAGE_E_IO), "file error");
}

static void test_load_corpus_rgb(void **state)
{
    (void)state;
    const char *root = getenv("VT_CORPUS");
    char path[1024];
    FMT(path, "%s/androidx-media/media/mp4/testvid_1022ms_000.png",
        root ? root : "../../shared/corpus");
    uint8_t *rgba;
    int w, h;
    assert_int_equal(image_load_png(path, &rgba, &w, &h), IMAGE_OK);
    assert_int_equal(w, 480);
    assert_int_equal(h, 360);
    for (int i = 0; i < w * h; i += 997)
        assert_int_equal(rgba[i * 4 + 3], 255); /* RGB PNG → opaque */
    free(rgba);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_argb),
        cmocka_unit_test(test_xrgb_is_opaque_and_stride),
        cmocka_unit_test(test_replace_is_atomic),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_load_corpus_rgb),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
