/* substyle.c — see substyle.h / substyle_ass.h. */
#include "subtitles/substyle_ass.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Proportions of the TV style, relative to the font size. */
#define OUTLINE_K 0.06  /* dark outline around the letters */
#define SHADOW_K 0.035  /* soft drop shadow */
#define BOX_PAD_K 0.14  /* padding of the translucent box */

/* libass colours are 0xRRGGBBAA with AA = transparency (0 = opaque). */
#define COL_WHITE 0xFFFFFF00u
#define COL_OUTLINE 0x10101000u
#define COL_SHADOW 0x00000078u  /* ~53 % opaque */
#define COL_BOX 0x00000060u     /* ~62 % opaque */

void substyle_opts_default(substyle_opts *o)
{
    o->scale_pct = SUBSTYLE_DEFAULT_SCALE;
    o->safe_area_pct = SUBSTYLE_DEFAULT_SAFE_AREA;
    o->box = false;
    o->force = false;
}

static int parse_word(const char *w, size_t n, bool *box, bool *force)
{
    if ((n == 6 && strncasecmp(w, "normal", n) == 0) || (n == 7 && strncasecmp(w, "outline", n) == 0))
        return 0;
    if (n == 3 && strncasecmp(w, "box", n) == 0) {
        *box = true;
        return 0;
    }
    if (n == 5 && strncasecmp(w, "force", n) == 0) {
        *force = true;
        return 0;
    }
    return -1;
}

int substyle_parse_mode(const char *value, substyle_opts *o)
{
    if (!value || !*value)
        return -1;
    bool box = false, force = false;
    const char *p = value;
    for (;;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n > 0 && *p == ' ') {
            p++;
            n--;
        }
        while (n > 0 && p[n - 1] == ' ')
            n--;
        if (parse_word(p, n, &box, &force) < 0)
            return -1;
        if (!e)
            break;
        p = e + 1;
    }
    o->box = box;
    o->force = force;
    return 0;
}

static double clampd(double v, double lo, double hi, double def)
{
    if (isnan(v))
        return def;
    return v < lo ? lo : (v > hi ? hi : v);
}

void substyle_sanitize(substyle_opts *o)
{
    o->scale_pct = clampd(o->scale_pct, 1.0, 30.0, SUBSTYLE_DEFAULT_SCALE);
    o->safe_area_pct = clampd(o->safe_area_pct, 0.0, 20.0, SUBSTYLE_DEFAULT_SAFE_AREA);
}

int substyle_fill(ASS_Style *st, const substyle_opts *o, const char *family, int playres_y,
                  const substyle_geom *g)
{
    substyle_opts so = *o;
    substyle_sanitize(&so);
    memset(st, 0, sizeof(*st));
    st->FontName = strdup(family && *family ? family : "Noto Sans");
    if (!st->FontName)
        return -1;
    double vh = g->video_h > 0 ? g->video_h : (g->out_h > 0 ? g->out_h : 1);
    double out_h = g->out_h > 0 ? g->out_h : vh;
    double out_w = g->out_w > 0 ? g->out_w : vh * 16 / 9;
    /* One script unit, in output pixels (libass scales by the video
     * rectangle's height). */
    double unit = vh / (playres_y > 0 ? playres_y : 288);
    double size = so.scale_pct / 100.0 * out_h / unit;
    st->FontSize = size;
    st->PrimaryColour = COL_WHITE;
    st->SecondaryColour = COL_WHITE;
    st->ScaleX = 1.0;
    st->ScaleY = 1.0;
    st->Alignment = 2; /* bottom centre */
    st->Encoding = 1;
    if (so.box) {
        st->BorderStyle = 3;
        st->Outline = size * BOX_PAD_K;
        st->OutlineColour = COL_BOX;
        st->BackColour = COL_BOX;
        st->Shadow = 0;
    } else {
        st->BorderStyle = 1;
        st->Outline = size * OUTLINE_K;
        st->OutlineColour = COL_OUTLINE;
        st->Shadow = size * SHADOW_K;
        st->BackColour = COL_SHADOW;
    }
    int mv = (int)lround(so.safe_area_pct / 100.0 * out_h / unit);
    int mh = (int)lround(so.safe_area_pct / 100.0 * out_w / unit);
    /* The box/outline reaches beyond the text: keep it inside the area. */
    mv += (int)lround(st->Outline + st->Shadow);
    mh += (int)lround(st->Outline + st->Shadow);
    st->MarginV = mv;
    st->MarginL = mh;
    st->MarginR = mh;
    return 0;
}

int substyle_apply_track(ASS_Track *t, const substyle_opts *o, const char *family,
                         const substyle_geom *g)
{
    if (t->PlayResY <= 0)
        t->PlayResY = 288;
    ASS_Style st;
    if (substyle_fill(&st, o, family, t->PlayResY, g) < 0)
        return -1;
    /* Every style gets its own copy of the font name (the track frees them). */
    for (int i = 0; i < t->n_styles; i++) {
        char *fn = strdup(st.FontName);
        if (!fn) {
            free(st.FontName);
            return -1;
        }
        ASS_Style *s = &t->styles[i];
        char *name = s->Name;
        free(s->FontName);
        *s = st;
        s->Name = name;
        s->FontName = fn;
    }
    free(st.FontName);
    if (g->video_w > 0 && g->video_h > 0)
        t->PlayResX = (int)lround((double)t->PlayResY * g->video_w / g->video_h);
    t->ScaledBorderAndShadow = 1;
    return 0;
}

void substyle_set_override(ASS_Renderer *r, const substyle_opts *o, const char *family, const ASS_Track *t,
                           const substyle_geom *g)
{
    if (!o->force || !t) {
        ass_set_selective_style_override_enabled(r, ASS_OVERRIDE_DEFAULT);
        return;
    }
    ASS_Style st;
    /* libass scales the override's sizes as if PlayResY were 288 ... */
    if (substyle_fill(&st, o, family, 288, g) < 0)
        return;
    /* ... but takes its margins in the script's own units. */
    double ky = t->PlayResY > 0 ? t->PlayResY / 288.0 : 1.0;
    double vh = g->video_h > 0 ? g->video_h : 1, vw = g->video_w > 0 ? g->video_w : vh;
    double kx = t->PlayResX > 0 ? (t->PlayResX / vw) * (vh / 288.0) : ky;
    st.MarginV = (int)lround(st.MarginV * ky);
    st.MarginL = (int)lround(st.MarginL * kx);
    st.MarginR = (int)lround(st.MarginR * kx);
    ass_set_selective_style_override(r, &st); /* copies the strings */
    free(st.FontName);
    /* The TV style as a whole: look, size, bottom centre, safe-area margins
     * (position tags in the events still apply). */
    ass_set_selective_style_override_enabled(r, ASS_OVERRIDE_BIT_STYLE | ASS_OVERRIDE_BIT_SELECTIVE_FONT_SCALE |
                                                    ASS_OVERRIDE_BIT_ALIGNMENT | ASS_OVERRIDE_BIT_MARGINS);
}
