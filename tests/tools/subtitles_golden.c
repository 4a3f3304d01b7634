/* subtitles_golden — libass half of the subtitle golden-image tests.
 *
 * Test-only program linked with vt_subtitles (no FFmpeg: PNG <-> PAM and
 * sidecar decoding are done by tests/tools/media_golden). Everything is
 * rendered THROUGH THE OVERLAY (subtitles/overlay.h), the same path the
 * player uses, then compared with reference images.
 *
 *   subtitles_golden libass GROUP_DIR REF_DIR [--scale SXxSY] [--out DIR]
 *       libass regression group: fonts of GROUP_DIR only (system fonts off;
 *       the corpus stores font symlinks as small text files "../.fonts/X",
 *       followed here), every X.ass rendered at the time NNNN of each
 *       REF_DIR/X-NNNN.pam (converted from the group's PNGs), on a canvas
 *       of the PAM's size × scale, box-downsampled and compared.
 *       Prints one line per image; exit status = number of failures.
 *   subtitles_golden render (--fonts DIR | --system-fonts) --events DUMP
 *       --size WxH [--video X,Y,W,H] --time MS [--box] --out OUT.pam
 *       render an event dump (media_golden subfile) as the player would:
 *       --fonts = only the fonts of DIR; --system-fonts = fontconfig (with
 *       FONTCONFIG_FILE set by the caller to pin the font set).
 *   subtitles_golden compare REF.pam OUT.pam
 *       strict comparison (exit 0 = within tolerance).
 *   subtitles_golden charset IN OUT [CODEPAGE]
 *       subtitles/charset conversion to UTF-8 (what the player does first).
 *
 * Comparison (both images premultiplied, 16-bit): libass compare's level —
 * per pixel, the largest channel difference divided by a visibility scale
 * (pixel value/255 + the larger of side gradient/4 and diagonal
 * gradient/8 of the reference); level SAME 0, GOOD < 2, BAD < 4, FAIL —
 * and the simple measures: largest channel difference (8-bit) and the
 * share of pixels that differ by more than 2.
 * "libass" passes at level <= BAD (upstream's default); "compare" passes
 * when the largest difference is <= 8 and < 0.5 % of pixels differ.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "player/log.h"
#include "subtitles/charset.h"
#include "subtitles/overlay.h"
#include "subtitles/substyle.h"
#include "subtitles/sublib_ass.h"
#include "subtitles/subtrack.h"

typedef struct img {
    int w, h;
    uint8_t *rgba; /* straight RGBA8 */
} img;

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *buf = malloc(cap + 1);
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(buf, (cap *= 2) + 1);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

static int read_pam(const char *path, img *im)
{
    size_t len;
    char *data = read_all(path, &len);
    if (!data)
        return -1;
    int w = 0, h = 0, depth = 0, maxval = 0;
    char *end = strstr(data, "ENDHDR\n");
    if (strncmp(data, "P7\n", 3) != 0 || !end) {
        free(data);
        return -1;
    }
    for (char *p = data; p < end; p = strchr(p, '\n') + 1) {
        sscanf(p, "WIDTH %d", &w);
        sscanf(p, "HEIGHT %d", &h);
        sscanf(p, "DEPTH %d", &depth);
        sscanf(p, "MAXVAL %d", &maxval);
    }
    size_t off = (size_t)(end + 7 - data), n = (size_t)w * h * 4;
    if (w <= 0 || h <= 0 || depth != 4 || maxval != 255 || len - off < n || !(im->rgba = malloc(n))) {
        free(data);
        return -1;
    }
    memcpy(im->rgba, data + off, n);
    free(data);
    im->w = w;
    im->h = h;
    return 0;
}

static int write_pam(const char *path, const img *im)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fprintf(f, "P7\nWIDTH %d\nHEIGHT %d\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n", im->w,
            im->h);
    size_t n = (size_t)im->w * im->h * 4;
    int ok = fwrite(im->rgba, 1, n, f) == n;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

/* Premultiplied 16-bit of an overlay buffer, box-downsampled by sx×sy. */
static uint16_t *premul16_from_overlay(const uint32_t *px, int stride_px, int w, int h, int sx,
                                       int sy)
{
    uint16_t *out = malloc((size_t)w * h * 4 * sizeof(uint16_t));
    if (!out)
        return NULL;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t acc[4] = {0, 0, 0, 0};
            for (int j = 0; j < sy; j++)
                for (int i = 0; i < sx; i++) {
                    uint32_t p = px[(size_t)(y * sy + j) * stride_px + x * sx + i];
                    uint32_t a = p >> 24;
                    acc[0] += ((p >> 16) & 255) * a;
                    acc[1] += ((p >> 8) & 255) * a;
                    acc[2] += (p & 255) * a;
                    acc[3] += a * 255;
                }
            for (int k = 0; k < 4; k++) /* sum of c*a (0..65025) → 0..65535 */
                out[((size_t)y * w + x) * 4 + k] =
                    (uint16_t)((acc[k] * 257.0 / 255.0) / (sx * sy) + 0.5);
        }
    return out;
}

static uint16_t *premul16_from_rgba(const img *im)
{
    size_t n = (size_t)im->w * im->h;
    uint16_t *out = malloc(n * 4 * sizeof(uint16_t));
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = im->rgba + i * 4;
        for (int k = 0; k < 3; k++)
            out[i * 4 + k] = (uint16_t)(p[k] * p[3] * 257.0 / 255.0 + 0.5);
        out[i * 4 + 3] = (uint16_t)(p[3] * 257);
    }
    return out;
}

typedef struct cmp_result {
    double level_err; /* libass compare's max error ratio */
    int maxdiff;      /* 8-bit */
    double diff_pct;  /* pixels differing by > 2 (8-bit) */
} cmp_result;

static int chan_max_diff(const uint16_t *a, const uint16_t *b)
{
    int m = 0;
    for (int k = 0; k < 4; k++) {
        int d = abs((int)a[k] - (int)b[k]);
        m = d > m ? d : m;
    }
    return m;
}

static cmp_result compare16(const uint16_t *ref, const uint16_t *out, int w, int h)
{
    cmp_result r = {0, 0, 0};
    size_t ndiff = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const uint16_t *t = ref + ((size_t)y * w + x) * 4;
            /* Visibility scale from the reference's neighbourhood. */
            double scale = 257 + 65535 / 4;
            if (x > 0 && y > 0 && x < w - 1 && y < h - 1) {
                int g = 0;
                static const int side[4][2] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
                static const int diag[4][2] = {{-1, -1}, {1, -1}, {-1, 1}, {1, 1}};
                for (int k = 0; k < 4; k++) {
                    int gs = chan_max_diff(t, t + (side[k][1] * w + side[k][0]) * 4) / 4;
                    int gd = chan_max_diff(t, t + (diag[k][1] * w + diag[k][0]) * 4) / 8;
                    g = gs > g ? gs : g;
                    g = gd > g ? gd : g;
                }
                scale = 257 + g;
            }
            int d = chan_max_diff(t, out + ((size_t)y * w + x) * 4);
            double e = d / scale;
            if (e > r.level_err)
                r.level_err = e;
            int d8 = (d + 128) / 257;
            if (d8 > r.maxdiff)
                r.maxdiff = d8;
            if (d8 > 2)
                ndiff++;
        }
    r.diff_pct = 100.0 * (double)ndiff / ((double)w * h);
    return r;
}

static const char *level_name(double e)
{
    return e == 0 ? "SAME" : e < 2 ? "GOOD" : e < 4 ? "BAD" : "FAIL";
}

/* ---- libass regression groups ---- */

static int load_group_fonts(sublib *lib, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *dot = strrchr(de->d_name, '.');
        if (de->d_name[0] == '.' || !dot ||
            (strcasecmp(dot, ".ttf") && strcasecmp(dot, ".otf") && strcasecmp(dot, ".pfb")))
            continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        size_t len;
        char *data = read_all(path, &len);
        /* A symlink stored as text ("../.fonts/X"): follow it. */
        if (data && len < 256 && strncmp(data, "../", 3) == 0) {
            char target[4096];
            snprintf(target, sizeof(target), "%s/%s", dir, strtok(data, "\r\n"));
            free(data);
            data = read_all(target, &len);
        }
        if (data) {
            sublib_add_font(lib, de->d_name, data, len);
            free(data);
        }
    }
    closedir(d);
    return 0;
}

static int render_ass(sublib *lib, const char *ass_path, int w, int h, int sx, int sy, long t_ms,
                      uint16_t **out16, img *full)
{
    size_t len;
    char *data = read_all(ass_path, &len);
    subtrack *t = NULL;
    overlay *ov = NULL;
    int ret = -1;
    if (!data || subtrack_new_ass_file(&t, lib, data, len) != SUBTRACK_OK)
        goto done;
    if (overlay_new(&ov, lib) < 0 ||
        overlay_set_geometry(ov, w * sx, h * sy, (ov_rect){0, 0, w * sx, h * sy}, w, h) < 0)
        goto done;
    overlay_update(ov, t, NULL, t_ms);
    int stride;
    const uint32_t *px = overlay_pixels(ov, &stride);
    *out16 = premul16_from_overlay(px, stride / 4, w, h, sx, sy);
    if (full) {
        full->w = w * sx;
        full->h = h * sy;
        full->rgba = malloc((size_t)full->w * full->h * 4);
        for (int i = 0; full->rgba && i < full->w * full->h; i++) {
            uint32_t p = px[(size_t)(i / full->w) * (stride / 4) + i % full->w];
            uint8_t *o = full->rgba + (size_t)i * 4;
            o[0] = (uint8_t)(p >> 16), o[1] = (uint8_t)(p >> 8), o[2] = (uint8_t)p, o[3] = (uint8_t)(p >> 24);
        }
    }
    ret = *out16 ? 0 : -1;
done:
    free(data);
    overlay_free(&ov);
    subtrack_free(&t);
    return ret;
}

/* The same script rendered by plain libass and blended the textbook way
 * (floating point, premultiplied), box-downsampled: the yardstick that
 * separates overlay errors from libass-version differences. */
static uint16_t *render_raw(sublib *lib, const char *ass_path, int w, int h, int sx, int sy,
                            long t_ms)
{
    size_t len;
    char *data = read_all(ass_path, &len);
    if (!data)
        return NULL;
    ASS_Track *track = ass_read_memory(sublib_ass(lib), data, len, NULL);
    free(data);
    ASS_Renderer *r = sublib_renderer_new(lib);
    int fw = w * sx, fh = h * sy;
    double *acc = calloc((size_t)fw * fh * 4, sizeof(double));
    uint16_t *out = malloc((size_t)w * h * 4 * sizeof(uint16_t));
    if (track && r && acc && out) {
        ass_set_frame_size(r, fw, fh);
        ass_set_storage_size(r, w, h);
        for (ASS_Image *im = ass_render_frame(r, track, t_ms, NULL); im; im = im->next) {
            double a0 = (255 - (im->color & 255)) / 255.0;
            double c[3] = {(im->color >> 24) / 255.0, ((im->color >> 16) & 255) / 255.0,
                           ((im->color >> 8) & 255) / 255.0};
            for (int y = 0; y < im->h; y++)
                for (int x = 0; x < im->w; x++) {
                    int X = im->dst_x + x, Y = im->dst_y + y;
                    if (X < 0 || Y < 0 || X >= fw || Y >= fh)
                        continue;
                    double a = a0 * im->bitmap[y * im->stride + x] / 255.0;
                    double *d = acc + ((size_t)Y * fw + X) * 4;
                    for (int k = 0; k < 3; k++)
                        d[k] = c[k] * a + d[k] * (1 - a);
                    d[3] = a + d[3] * (1 - a);
                }
        }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int k = 0; k < 4; k++) {
                    double v = 0;
                    for (int j = 0; j < sy; j++)
                        for (int i = 0; i < sx; i++)
                            v += acc[((size_t)(y * sy + j) * fw + x * sx + i) * 4 + k];
                    out[((size_t)y * w + x) * 4 + k] = (uint16_t)(v / (sx * sy) * 65535 + 0.5);
                }
    } else {
        free(out);
        out = NULL;
    }
    free(acc);
    if (r)
        ass_renderer_done(r);
    if (track)
        ass_free_track(track);
    return out;
}

static int cmd_libass(const char *group, const char *refdir, int sx, int sy, const char *outdir)
{
    sublib_opts so;
    sublib_opts_default(&so);
    so.system_fonts = false;
    sublib *lib;
    if (sublib_new(&lib, &so) < 0 || load_group_fonts(lib, group) < 0)
        return 100;
    DIR *d = opendir(refdir);
    if (!d)
        return 100;
    int fails = 0, total = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        const char *dash = strrchr(de->d_name, '-');
        if (n < 5 || strcmp(de->d_name + n - 4, ".pam") != 0 || !dash)
            continue;
        char base[512], ass[4096], ref[4096];
        snprintf(base, sizeof(base), "%.*s", (int)(dash - de->d_name), de->d_name);
        long t_ms = strtol(dash + 1, NULL, 10);
        snprintf(ass, sizeof(ass), "%s/%s.ass", group, base);
        snprintf(ref, sizeof(ref), "%s/%s", refdir, de->d_name);
        img r = {0};
        uint16_t *out16 = NULL, *ref16 = NULL, *raw16 = NULL;
        img full = {0};
        total++;
        if (read_pam(ref, &r) < 0 ||
            render_ass(lib, ass, r.w, r.h, sx, sy, t_ms, &out16, outdir ? &full : NULL) < 0 ||
            !(ref16 = premul16_from_rgba(&r))) {
            printf("%s: ERROR (cannot read or render)\n", de->d_name);
            fails++;
        } else {
            cmp_result c = compare16(ref16, out16, r.w, r.h);
            bool ok = c.level_err < 4.0;
            fails += !ok;
            printf("%s: %s level %.3f %s, max diff %d, %.3f%% pixels differ", de->d_name,
                   ok ? "PASS" : "FAIL", c.level_err, level_name(c.level_err), c.maxdiff, c.diff_pct);
            raw16 = render_raw(lib, ass, r.w, r.h, sx, sy, t_ms);
            if (raw16) {
                cmp_result cr = compare16(raw16, ref16, r.w, r.h);
                cmp_result co = compare16(raw16, out16, r.w, r.h);
                printf("; plain libass vs reference: level %.3f %s; overlay vs plain libass: "
                       "level %.3f %s, max diff %d",
                       cr.level_err, level_name(cr.level_err), co.level_err,
                       level_name(co.level_err), co.maxdiff);
            }
            printf("\n");
            if (outdir && full.rgba) {
                char op[4096];
                snprintf(op, sizeof(op), "%s/%s", outdir, de->d_name);
                write_pam(op, &full);
            }
        }
        free(full.rgba);
        free(r.rgba);
        free(out16);
        free(ref16);
        free(raw16);
    }
    closedir(d);
    sublib_free(&lib);
    printf("%d of %d images passed\n", total - fails, total);
    return total == 0 ? 100 : (fails > 99 ? 99 : fails);
}

/* ---- rendering an event dump (media_golden subfile) ---- */

static int load_dump(sublib *lib, const char *path, subtrack **out)
{
    size_t len;
    char *data = read_all(path, &len);
    if (!data)
        return -1;
    char *p = data, *end = data + len;
    int native = 0;
    size_t n = 0;
    int ret = -1;
    if (strncmp(p, "VTSUBS 1\n", 9) != 0)
        goto done;
    p = strstr(p, "native ");
    if (!p || sscanf(p, "native %d", &native) != 1 || !(p = strstr(p, "header ")) ||
        sscanf(p, "header %zu", &n) != 1 || !(p = strchr(p, '\n')) || (size_t)(end - ++p) < n)
        goto done;
    if (subtrack_new_text(out, lib, p, n, native != 0) != SUBTRACK_OK)
        goto done;
    p += n + 1;
    long long start, dur;
    while (p < end && sscanf(p, "event %lld %lld %zu", &start, &dur, &n) == 3) {
        p = strchr(p, '\n');
        if (!p || (size_t)(end - ++p) < n)
            goto done;
        sub_event *ev = calloc(1, sizeof(*ev));
        if (!ev || !(ev->ass = strndup(p, n))) {
            free(ev);
            goto done;
        }
        ev->start_ms = start;
        ev->duration_ms = dur;
        subtrack_add_event(*out, ev);
        p += n + 1;
    }
    ret = 0;
done:
    if (ret < 0)
        subtrack_free(out);
    free(data);
    return ret;
}

static int cmd_render(int argc, char **argv)
{
    const char *fonts = NULL, *events = NULL, *out = NULL;
    int w = 0, h = 0;
    ov_rect video = {0, 0, 0, 0};
    long t_ms = -1;
    bool box = false, system_fonts = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
        if (!strcmp(a, "--fonts"))
            fonts = v, i++;
        else if (!strcmp(a, "--events"))
            events = v, i++;
        else if (!strcmp(a, "--out"))
            out = v, i++;
        else if (!strcmp(a, "--size"))
            sscanf(v, "%dx%d", &w, &h), i++;
        else if (!strcmp(a, "--video"))
            sscanf(v, "%d,%d,%d,%d", &video.x, &video.y, &video.w, &video.h), i++;
        else if (!strcmp(a, "--time"))
            t_ms = atol(v), i++;
        else if (!strcmp(a, "--box"))
            box = true;
        else if (!strcmp(a, "--system-fonts"))
            system_fonts = true;
        else
            return 2;
    }
    if ((!fonts && !system_fonts) || !events || !out || w <= 0 || h <= 0 || t_ms < 0)
        return 2;
    if (video.w <= 0)
        video = (ov_rect){0, 0, w, h};
    sublib_opts so;
    sublib_opts_default(&so);
    so.system_fonts = system_fonts;
    so.fonts_dir = fonts;
    sublib *lib = NULL;
    subtrack *t = NULL;
    overlay *ov = NULL;
    int ret = 1;
    if (sublib_new(&lib, &so) < 0 || load_dump(lib, events, &t) < 0 || overlay_new(&ov, lib) < 0 ||
        overlay_set_geometry(ov, w, h, video, video.w, video.h) < 0) {
        fprintf(stderr, "render: cannot set up (%s)\n", events);
        goto done;
    }
    substyle_opts st;
    substyle_opts_default(&st);
    st.box = box;
    overlay_set_style(ov, &st);
    overlay_update(ov, t, NULL, t_ms);
    int stride;
    const uint32_t *px = overlay_pixels(ov, &stride);
    img im = {w, h, malloc((size_t)w * h * 4)};
    for (int i = 0; im.rgba && i < w * h; i++) {
        uint32_t p = px[(size_t)(i / w) * (stride / 4) + i % w];
        uint8_t *o = im.rgba + (size_t)i * 4;
        o[0] = (uint8_t)(p >> 16), o[1] = (uint8_t)(p >> 8), o[2] = (uint8_t)p, o[3] = (uint8_t)(p >> 24);
    }
    ov_rect bb = overlay_bbox(ov);
    fprintf(stderr, "render: %d events, content %d,%d %dx%d\n", subtrack_event_count(t), bb.x, bb.y,
            bb.w, bb.h);
    ret = (im.rgba && write_pam(out, &im) == 0) ? 0 : 1;
    free(im.rgba);
done:
    overlay_free(&ov);
    subtrack_free(&t);
    sublib_free(&lib);
    return ret;
}

static int cmd_compare(const char *refp, const char *outp)
{
    img a = {0}, b = {0};
    if (read_pam(refp, &a) < 0 || read_pam(outp, &b) < 0 || a.w != b.w || a.h != b.h) {
        printf("compare: cannot read both images, or sizes differ\n");
        free(a.rgba);
        free(b.rgba);
        return 1;
    }
    uint16_t *ra = premul16_from_rgba(&a), *rb = premul16_from_rgba(&b);
    cmp_result c = compare16(ra, rb, a.w, a.h);
    bool ok = c.maxdiff <= 8 && c.diff_pct < 0.5;
    printf("compare: %s max diff %d, %.3f%% pixels differ, level %.3f %s\n", ok ? "PASS" : "FAIL",
           c.maxdiff, c.diff_pct, c.level_err, level_name(c.level_err));
    free(ra);
    free(rb);
    free(a.rgba);
    free(b.rgba);
    return ok ? 0 : 1;
}

static int cmd_charset(const char *in, const char *out, const char *cp)
{
    size_t len;
    char *data = read_all(in, &len);
    if (!data)
        return 1;
    char *utf8 = NULL, detected[CHARSET_NAME_SIZE] = "";
    size_t n = 0;
    int how = charset_to_utf8(data, len, cp, &utf8, &n, detected);
    free(data);
    if (how < 0)
        return 1;
    fprintf(stderr, "charset: %s (%s)\n", detected, charset_how_name(how));
    FILE *f = fopen(out, "wb");
    int ok = f && fwrite(utf8, 1, n, f) == n;
    if (f && fclose(f) != 0)
        ok = 0;
    free(utf8);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    log_init();
    log_set_level(getenv("VT_GOLDEN_DEBUG") ? LOG_DEBUG : LOG_WARN);
    if (argc >= 4 && !strcmp(argv[1], "libass")) {
        int sx = 1, sy = 1;
        const char *outdir = NULL;
        for (int i = 4; i + 1 < argc; i += 2) {
            if (!strcmp(argv[i], "--scale")) {
                int k = sscanf(argv[i + 1], "%dx%d", &sx, &sy);
                if (k < 1)
                    return 2;
                if (k == 1)
                    sy = sx;
            }
            if (!strcmp(argv[i], "--out"))
                outdir = argv[i + 1];
        }
        if (sx < 1 || sx > 8 || sy < 1 || sy > 8)
            return 2;
        return cmd_libass(argv[2], argv[3], sx, sy, outdir);
    }
    if (argc >= 2 && !strcmp(argv[1], "render"))
        return cmd_render(argc, argv);
    if (argc == 4 && !strcmp(argv[1], "compare"))
        return cmd_compare(argv[2], argv[3]);
    if ((argc == 4 || argc == 5) && !strcmp(argv[1], "charset"))
        return cmd_charset(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
    fprintf(stderr, "usage: subtitles_golden libass GROUP_DIR REF_DIR [--scale SXxSY] [--out DIR]\n"
                    "       subtitles_golden render (--fonts DIR|--system-fonts) --events DUMP --size WxH\n"
                    "           [--video X,Y,W,H] --time MS [--box] --out OUT.pam\n"
                    "       subtitles_golden compare REF.pam OUT.pam\n"
                    "       subtitles_golden charset IN OUT [CODEPAGE]\n");
    return 2;
}
