/* subtitles_golden_bench — cost of the subtitle overlay, with peers.
 *
 * Test-only program (vt_subtitles). Dense subtitles: a new 2-line
 * TV-styled cue every 0.5 s, rendered at 30 fps for 60 s at WxH (default
 * 1920x1080) through overlay_update. Peers measured in the same run, on the
 * same frames: libass's own ass_render_frame alone (the floor), and a naive
 * compositor that clears the whole frame and blends every image on every
 * change. Prints times and ratios; asserts nothing.
 *
 *   subtitles_golden_bench [WxH]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "player/log.h"
#include "subtitles/overlay.h"
#include "subtitles/overlay_blend.h"
#include "subtitles/sublib_ass.h"
#include "subtitles/subtrack_priv.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char bench_hdr[] =
    "[Script Info]\nScriptType: v4.00+\nPlayResX: 384\nPlayResY: 288\nScaledBorderAndShadow: yes\n\n"
    "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
    "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, "
    "Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
    "Style: Default,Arial,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";

static int cmd_bench(int w, int h)
{
    static const char *const words[] = {"salimos", "de", "noche", "con", "mis", "hijos", "y",
                                        "caminamos", "tres", "días", "hasta", "la", "frontera",
                                        "nadie", "nos", "ayudó", "pero", "llegamos", "vivos"};
    const int nw = (int)(sizeof(words) / sizeof(words[0])), secs = 60, fps = 30;
    sublib *lib;
    subtrack *t;
    overlay *ov;
    if (sublib_new(&lib, NULL) < 0 || subtrack_new_text(&t, lib, bench_hdr, strlen(bench_hdr), false) ||
        overlay_new(&ov, lib) < 0 || overlay_set_geometry(ov, w, h, (ov_rect){0, 0, w, h}, w, h) < 0)
        return 1;
    srand(1);
    for (int i = 0; i < secs * 2; i++) {
        char line[512];
        int n = snprintf(line, sizeof(line), "%d,0,Default,,0,0,0,,", i);
        for (int k = 0; k < 12; k++)
            n += snprintf(line + n, sizeof(line) - (size_t)n, "%s%s", k == 6 ? "\\N" : (k ? " " : ""),
                          words[rand() % nw]);
        sub_event *e = calloc(1, sizeof(*e));
        e->start_ms = i * 500;
        e->duration_ms = 500;
        e->ass = strdup(line);
        subtrack_add_event(t, e);
    }
    /* Vitrina: overlay_update every frame. */
    double t_chg = 0, t_same = 0;
    int n_chg = 0, n_same = 0;
    overlay_update(ov, t, NULL, 0);
    for (int f = 1; f < secs * fps; f++) {
        double t0 = now_s();
        bool c = overlay_update(ov, t, NULL, (int64_t)f * 1000 / fps);
        double dt = now_s() - t0;
        if (c)
            t_chg += dt, n_chg++;
        else
            t_same += dt, n_same++;
    }
    /* Peer 1: libass alone, same frames, same settings (warm caches). */
    ASS_Renderer *r = sublib_renderer_new(lib);
    ass_set_frame_size(r, w, h);
    ass_set_storage_size(r, w, h);
    ass_set_use_margins(r, 1);
    double t_lib = 0;
    /* Peer 2: a naive compositor: clear the whole frame and blend every
     * image on every change. */
    uint32_t *full = calloc((size_t)w * h, sizeof(uint32_t));
    double t_naive = 0;
    for (int f = 1; f < secs * fps; f++) {
        int chg = 0;
        double t0 = now_s();
        ASS_Image *im = ass_render_frame(r, subtrack_ass_track(t), (int64_t)f * 1000 / fps, &chg);
        double t1 = now_s();
        t_lib += t1 - t0;
        if (chg && full) {
            memset(full, 0, (size_t)w * h * 4);
            for (; im; im = im->next)
                ovb_blend_ass(full, w, im, (ov_rect){0, 0, w, h});
            t_naive += now_s() - t1 + (t1 - t0);
        }
    }
    free(full);
    ass_renderer_done(r);
    double frames = secs * fps - 1;
    printf("overlay bench %dx%d, %d s at %d fps, a new 2-line cue every 0.5 s:\n", w, h, secs, fps);
    printf("  vitrina overlay_update: change %.3f ms (%d), no change %.4f ms (%d)\n",
           n_chg ? t_chg / n_chg * 1e3 : 0, n_chg, n_same ? t_same / n_same * 1e3 : 0, n_same);
    printf("  peer libass ass_render_frame alone: %.4f ms/frame\n", t_lib / frames * 1e3);
    printf("  peer naive full-frame compositor: %.3f ms/change\n", n_chg ? t_naive / n_chg * 1e3 : 0);
    printf("  ratios: vitrina total / libass alone = %.2f; vitrina per change / naive per change = %.2f\n",
           (t_chg + t_same) / t_lib, n_chg && t_naive > 0 ? (t_chg / n_chg) / (t_naive / n_chg) : 0);
    overlay_free(&ov);
    subtrack_free(&t);
    sublib_free(&lib);
    return 0;
}


int main(int argc, char **argv)
{
    log_init();
    log_set_level(LOG_WARN);
    int w = 1920, h = 1080;
    if (argc >= 2 && sscanf(argv[1], "%dx%d", &w, &h) != 2) {
        fprintf(stderr, "usage: subtitles_golden_bench [WxH]\n");
        return 2;
    }
    return cmd_bench(w, h);
}
