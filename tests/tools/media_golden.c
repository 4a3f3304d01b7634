/* media_golden — FFmpeg half of the subtitle golden-image tests.
 *
 * Test-only program (linked with vt_media, so no libass here; the libass
 * half is tests/tools/subtitles_golden.c). Used by
 * tests/integration/test_sub_golden_*.py:
 *
 *   media_golden png2pam IN.png OUT.pam    PNG (any type) → PAM RGB_ALPHA 8-bit
 *   media_golden pam2png IN.pam OUT.png    PAM RGB_ALPHA → PNG (atomic write)
 *   media_golden subfile IN DUMP [FPS]     UTF-8 sidecar → event dump (below)
 *
 * Event dump (read by subtitles_golden render):
 *   "VTSUBS 1\nformat NAME\nnative 0|1\nheader N\n" + N bytes + "\n"
 *   then per event "event START DURATION N\n" + N bytes + "\n", then "end\n".
 * Exit status 0 on success, 1 on failure (message on stderr).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "media/image.h"
#include "media/subdec.h"

static int read_all(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (!buf)
        return -1;
    *data = buf;
    *len = n;
    return 0;
}

static int write_pam(const char *path, const uint8_t *rgba, int w, int h)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fprintf(f, "P7\nWIDTH %d\nHEIGHT %d\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n", w, h);
    size_t n = (size_t)w * h * 4;
    int ok = fwrite(rgba, 1, n, f) == n;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

static int read_pam(const char *path, uint8_t **rgba, int *w, int *h)
{
    char *data;
    size_t len;
    if (read_all(path, &data, &len) < 0)
        return -1;
    int ww = 0, hh = 0, depth = 0, maxval = 0;
    char *end = strstr(data, "ENDHDR\n");
    if (strncmp(data, "P7\n", 3) != 0 || !end) {
        free(data);
        return -1;
    }
    for (char *p = data; p < end; p = strchr(p, '\n') + 1) {
        sscanf(p, "WIDTH %d", &ww);
        sscanf(p, "HEIGHT %d", &hh);
        sscanf(p, "DEPTH %d", &depth);
        sscanf(p, "MAXVAL %d", &maxval);
    }
    size_t off = (size_t)(end + 7 - data);
    size_t n = (size_t)ww * hh * 4;
    if (ww <= 0 || hh <= 0 || depth != 4 || maxval != 255 || len - off < n) {
        free(data);
        return -1;
    }
    *rgba = malloc(n);
    if (!*rgba) {
        free(data);
        return -1;
    }
    memcpy(*rgba, data + off, n);
    free(data);
    *w = ww;
    *h = hh;
    return 0;
}

static int cmd_png2pam(const char *in, const char *out)
{
    uint8_t *px;
    int w, h;
    int r = image_load_png(in, &px, &w, &h);
    if (r != IMAGE_OK) {
        fprintf(stderr, "%s: %s\n", in, image_strerror(r));
        return 1;
    }
    r = write_pam(out, px, w, h);
    free(px);
    if (r < 0)
        fprintf(stderr, "%s: %s\n", out, strerror(errno));
    return r < 0;
}

static int cmd_pam2png(const char *in, const char *out)
{
    uint8_t *px;
    int w, h;
    if (read_pam(in, &px, &w, &h) < 0) {
        fprintf(stderr, "%s: not an RGB_ALPHA PAM\n", in);
        return 1;
    }
    int r = image_write_png(out, px, w, h, w * 4, IMAGE_RGBA8);
    free(px);
    if (r != IMAGE_OK)
        fprintf(stderr, "%s: %s\n", out, image_strerror(r));
    return r != IMAGE_OK;
}

static int cmd_subfile(const char *in, const char *out, double fps)
{
    char *data;
    size_t len;
    if (read_all(in, &data, &len) < 0) {
        fprintf(stderr, "%s: %s\n", in, strerror(errno));
        return 1;
    }
    subdec_file *sf = NULL;
    int r = subdec_read_file(data, len, in, fps, &sf);
    free(data);
    if (r != SUBDEC_OK) {
        fprintf(stderr, "%s: %s\n", in, subdec_strerror(r));
        return 1;
    }
    FILE *f = fopen(out, "wb");
    if (!f) {
        subdec_file_free(&sf);
        return 1;
    }
    fprintf(f, "VTSUBS 1\nformat %s\nnative %d\nheader %zu\n", sf->format, sf->native_ass ? 1 : 0,
            sf->ass_header_len);
    fwrite(sf->ass_header, 1, sf->ass_header_len, f);
    fputc('\n', f);
    for (int i = 0; i < sf->nevents; i++) {
        const sub_event *ev = sf->events[i];
        fprintf(f, "event %" PRId64 " %" PRId64 " %zu\n", ev->start_ms, ev->duration_ms,
                strlen(ev->ass));
        fputs(ev->ass, f);
        fputc('\n', f);
    }
    fputs("end\n", f);
    fprintf(stderr, "%s: %s, %d events, %d undecodable\n", in, sf->format, sf->nevents, sf->nerrors);
    subdec_file_free(&sf);
    return fclose(f) != 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "png2pam") == 0)
        return cmd_png2pam(argv[2], argv[3]);
    if (argc == 4 && strcmp(argv[1], "pam2png") == 0)
        return cmd_pam2png(argv[2], argv[3]);
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "subfile") == 0)
        return cmd_subfile(argv[2], argv[3], argc == 5 ? atof(argv[4]) : 0);
    fprintf(stderr, "usage: media_golden png2pam IN.png OUT.pam | pam2png IN.pam OUT.png |\n"
                    "       subfile IN DUMP [FPS]\n");
    return 2;
}
