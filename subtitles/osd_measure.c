/* osd_measure.c — how wide lines of OSD text are, measured by libass.
 *
 * A private renderer renders each line once, invisibly, in a frame of
 * 8000 × 1000 pixels (one pixel = one script unit of a PlayResY-1000
 * script, whatever its PlayResX; wide, as libass clips the box to the
 * frame): every line is
 * an event of its own at zero height (\fscy0) in a BorderStyle-4 style,
 * whose single background box libass makes exactly as wide as the line's
 * advance. The widths of the last request are cached, so moving the
 * picker's highlight costs no rendering at all.
 *
 * Threading: main thread (libass), like the rest of the OSD.
 */
#include "subtitles/osd_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subtitles/sublib_ass.h"

#define M_RES_Y 1000
#define M_RES_X 8000 /* wide enough for any line: a box wider than the frame is clipped */
#define M_SIZE 64

struct osd_measure {
    sublib *lib;
    ASS_Renderer *r;
    ASS_Track *t;
    int style;         /* the measuring style (BorderStyle 4) */
    bool failed;       /* renderer could not be made: guess from now on */
    char *key;         /* the last request */
    double *widths;
    int nwidths;
};

osd_measure *osd_measure_new(sublib *lib)
{
    osd_measure *m = calloc(1, sizeof(*m));
    if (m)
        m->lib = lib;
    return m;
}

void osd_measure_free(osd_measure *m)
{
    if (!m)
        return;
    if (m->t)
        ass_free_track(m->t);
    if (m->r)
        ass_renderer_done(m->r);
    free(m->key);
    free(m->widths);
    free(m);
}

static bool setup(osd_measure *m)
{
    if (m->r)
        return true;
    if (m->failed)
        return false;
    m->r = sublib_renderer_new(m->lib);
    m->t = m->r ? ass_new_track(sublib_ass(m->lib)) : NULL;
    int sid = m->t ? ass_alloc_style(m->t) : -1;
    if (sid < 0) {
        m->failed = true;
        return false;
    }
    ass_set_cache_limits(m->r, 256, 4);
    ASS_Track *t = m->t;
    t->track_type = TRACK_TYPE_ASS;
    t->PlayResY = M_RES_Y;
    t->ScaledBorderAndShadow = 1;
    t->WrapStyle = 2;
    m->style = sid;
    ASS_Style *st = &t->styles[sid];
    st->Name = strdup("measure");
    st->FontName = strdup(sublib_default_family(m->lib));
    if (!st->Name || !st->FontName) {
        m->failed = true;
        return false;
    }
    st->FontSize = M_SIZE;
    st->PrimaryColour = st->SecondaryColour = 0xFFFFFFFFu; /* invisible text */
    st->OutlineColour = 0x000000FFu;
    st->BackColour = 0x00000000u; /* the measured box: opaque */
    st->ScaleX = st->ScaleY = 1.0;
    st->Alignment = 2 + 8;
    st->BorderStyle = 4;
    st->Encoding = 1;
    return true;
}

/* The request as one string, to recognise a repeat. */
static char *request_key(int resx, const osd_mline *lines, int n)
{
    size_t len = 32;
    for (int i = 0; i < n; i++)
        len += strlen(lines[i].text) + 32;
    char *k = malloc(len);
    if (!k)
        return NULL;
    size_t at = (size_t)snprintf(k, len, "%d", resx);
    for (int i = 0; i < n && at < len; i++)
        at += (size_t)snprintf(k + at, len - at, "\x1f%g/%d/%s", lines[i].size, lines[i].bold, lines[i].text);
    return k;
}

int osd_measure_widths(osd_measure *m, int resx, const osd_mline *lines, int n, double *widths)
{
    if (n <= 0)
        return 0;
    if (!m || resx <= 0 || !setup(m))
        return -1;
    char *key = request_key(resx, lines, n);
    if (key && m->key && m->nwidths == n && !strcmp(key, m->key)) {
        memcpy(widths, m->widths, (size_t)n * sizeof(double));
        free(key);
        return 0;
    }
    ASS_Track *t = m->t;
    ass_flush_events(t);
    t->PlayResX = M_RES_X;
    double band = (double)M_RES_Y / (n + 1);
    char buf[4096];
    for (int i = 0; i < n; i++) {
        snprintf(buf, sizeof(buf), "{\\an5\\pos(%.1f,%.1f)\\q2\\bord0\\xshad0\\yshad1\\fscy0\\fs%g\\b%d}%s",
                 M_RES_X / 2.0, band * (i + 1), lines[i].size, lines[i].bold ? 1 : 0, lines[i].text);
        if (osd_add_event(t, 0, m->style, buf) < 0) {
            free(key);
            return -1;
        }
    }
    ass_set_frame_size(m->r, M_RES_X, M_RES_Y);
    ass_set_storage_size(m->r, M_RES_X, M_RES_Y);
    for (int i = 0; i < n; i++)
        widths[i] = 0;
    for (const ASS_Image *img = ass_render_frame(m->r, t, 0, NULL); img; img = img->next) {
        int i = (int)lround((img->dst_y + img->h / 2.0) / band) - 1;
        if (i >= 0 && i < n && img->h <= 8 && img->w > widths[i])
            widths[i] = img->w;
    }
    ass_flush_events(t);
    double *copy = malloc((size_t)n * sizeof(double));
    if (key && copy) {
        memcpy(copy, widths, (size_t)n * sizeof(double));
        free(m->key);
        free(m->widths);
        m->key = key;
        m->widths = copy;
        m->nwidths = n;
    } else {
        free(key);
        free(copy);
    }
    return 0;
}
