/* osd.c — see osd.h. */
#include "subtitles/osd_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subtitles/sublib_ass.h"

#define EV_DURATION ((long long)1 << 40)

#define COL_TEXT 0xFFFFFF00u
#define COL_BOX 0x10101040u   /* ~75 % opaque near-black */
#define COL_SHADE 0x10101000u /* opaque near-black outline */
#define PICKER_SIZE 64        /* osd_picker.c's row size */

typedef struct layer_style {
    const char *name;
    int layer;    /* ASS Layer: libass moves colliding events of one layer apart */
    int align;    /* numpad alignment */
    double size;  /* line height, 1/1000 of output height */
    bool box;     /* a dark box behind the text (else outline) */
} layer_style;

static const layer_style layer_styles[OSD_LAYER_COUNT] = {
    [OSD_LAYER_TITLE] = {"title", 1, 5, 80, false},
    [OSD_LAYER_IDLE] = {"idle", 2, 5, 60, true},
    [OSD_LAYER_INFO] = {"info", 3, 8, 60, true},
    [OSD_LAYER_NOTICE] = {"notice", 3, 7, 55, true},
    [OSD_LAYER_PICKER] = {"picker", 4, 5, 60, true},
};

struct osd {
    sublib *lib;
    ASS_Track *track;
    char *text[OSD_LAYER_COUNT];
    int style_idx[OSD_LAYER_COUNT];
    int picker_text_style;
    osd_measure *measure;  /* line widths for the picker panel */
    osd_picker *pick;  /* the picker as a list (osd_set_picker), else NULL */
    double safe_pct;
    int built_resx;   /* PlayResX the events were built for (0 = never) */
    bool dirty;
    uint64_t id;
};

static int add_style(osd *o, enum osd_layer l, const char *family)
{
    const layer_style *ls = &layer_styles[l];
    int sid = ass_alloc_style(o->track);
    if (sid < 0)
        return -1;
    ASS_Style *st = &o->track->styles[sid];
    st->Name = strdup(ls->name);
    st->FontName = strdup(family);
    if (!st->Name || !st->FontName)
        return -1;
    st->FontSize = ls->size;
    st->PrimaryColour = COL_TEXT;
    st->SecondaryColour = COL_TEXT;
    st->ScaleX = st->ScaleY = 1.0;
    /* ASS_Style keeps SSA-style alignment: 1-3 bottom, +4 top, +8 middle. */
    st->Alignment = ls->align <= 3 ? ls->align : (ls->align <= 6 ? ls->align - 3 + 8 : ls->align - 6 + 4);
    st->Encoding = 1;
    if (ls->box) {
        /* BorderStyle 3: an opaque box per line (BorderStyle 4, one box per
         * event, would look better but libass re-creates its bitmap on
         * every render, so the overlay would redraw every frame). */
        st->BorderStyle = 3;
        st->Outline = ls->size * 0.22; /* box padding */
        st->OutlineColour = COL_BOX;
        st->BackColour = COL_BOX;
    } else {
        st->BorderStyle = 1;
        st->Outline = ls->size * 0.05;
        st->OutlineColour = COL_SHADE;
        st->BackColour = COL_SHADE;
    }
    o->style_idx[l] = sid;
    return 0;
}

/* The style of the picker's positioned events: centred, no outline, no
 * shadow. Returns the style index or -1. */
static int add_plain_style(osd *o, const char *name, const char *family)
{
    int sid = ass_alloc_style(o->track);
    if (sid < 0)
        return -1;
    ASS_Style *st = &o->track->styles[sid];
    st->Name = strdup(name);
    st->FontName = strdup(family);
    if (!st->Name || !st->FontName)
        return -1;
    st->FontSize = PICKER_SIZE;
    st->PrimaryColour = st->SecondaryColour = COL_TEXT;
    st->OutlineColour = COL_SHADE;
    st->BackColour = COL_SHADE;
    st->ScaleX = st->ScaleY = 1.0;
    st->Alignment = 2 + 8; /* middle centre (SSA numbering) */
    st->Encoding = 1;
    st->BorderStyle = 1;
    return sid;
}

int osd_new(osd **out, sublib *lib)
{
    *out = NULL;
    osd *o = calloc(1, sizeof(*o));
    if (!o)
        return -1;
    o->lib = lib;
    o->safe_pct = 5.0;
    o->id = sublib_next_id(lib);
    o->track = ass_new_track(sublib_ass(lib));
    if (!o->track) {
        free(o);
        return -1;
    }
    ASS_Track *t = o->track;
    t->track_type = TRACK_TYPE_ASS;
    t->Timer = 100.;
    t->PlayResY = OSD_RES_Y;
    t->PlayResX = OSD_RES_Y * 16 / 9;
    t->WrapStyle = 0;
    t->ScaledBorderAndShadow = 1;
    ass_track_set_feature(t, ASS_FEATURE_WRAP_UNICODE, 1);
    ass_track_set_feature(t, ASS_FEATURE_BIDI_BRACKETS, 1);
    ass_track_set_feature(t, ASS_FEATURE_WHOLE_TEXT_LAYOUT, 1);
    for (int l = 0; l < OSD_LAYER_COUNT; l++) {
        if (add_style(o, (enum osd_layer)l, sublib_default_family(lib)) < 0) {
            osd_free(&o);
            return -1;
        }
    }
    o->picker_text_style = add_plain_style(o, "picker-text", sublib_default_family(lib));
    o->measure = osd_measure_new(lib);
    if (o->picker_text_style < 0 || !o->measure) {
        osd_free(&o);
        return -1;
    }
    *out = o;
    return 0;
}

void osd_free(osd **po)
{
    if (!po || !*po)
        return;
    osd *o = *po;
    if (o->track)
        ass_free_track(o->track);
    for (int l = 0; l < OSD_LAYER_COUNT; l++)
        free(o->text[l]);
    osd_picker_free(o->pick);
    osd_measure_free(o->measure);
    free(o);
    *po = NULL;
}

int osd_set_layer(osd *o, enum osd_layer layer, const char *ass_text)
{
    if ((unsigned)layer >= OSD_LAYER_COUNT)
        return -1;
    if (layer == OSD_LAYER_PICKER && o->pick) {
        osd_picker_free(o->pick);
        o->pick = NULL;
        o->dirty = true;
    }
    char *copy = NULL;
    if (ass_text && *ass_text) {
        if (o->text[layer] && strcmp(o->text[layer], ass_text) == 0)
            return 0;
        copy = strdup(ass_text);
        if (!copy)
            return -1;
    } else if (!o->text[layer]) {
        return 0;
    }
    free(o->text[layer]);
    o->text[layer] = copy;
    o->dirty = true;
    return 0;
}

int osd_set_layer_plain(osd *o, enum osd_layer layer, const char *text)
{
    if (!text || !*text)
        return osd_set_layer(o, layer, NULL);
    char *esc = osd_escape(text);
    if (!esc)
        return -1;
    int r = osd_set_layer(o, layer, esc);
    free(esc);
    return r;
}

void osd_clear(osd *o, enum osd_layer layer) { osd_set_layer(o, layer, NULL); }

void osd_clear_all(osd *o)
{
    for (int l = 0; l < OSD_LAYER_COUNT; l++)
        osd_set_layer(o, (enum osd_layer)l, NULL);
}

bool osd_is_empty(const osd *o)
{
    if (o->pick)
        return false;
    for (int l = 0; l < OSD_LAYER_COUNT; l++)
        if (o->text[l])
            return false;
    return true;
}

void osd_set_safe_area(osd *o, double pct)
{
    if (isnan(pct))
        pct = 5.0;
    pct = pct < 0 ? 0 : (pct > 20 ? 20 : pct);
    if (pct != o->safe_pct) {
        o->safe_pct = pct;
        o->dirty = true;
    }
}

int osd_set_picker(osd *o, const char *title, const char *const *rows, int nrows, int selected,
                   const char *footer)
{
    osd_picker *p = osd_picker_new(title, rows, nrows, selected, footer);
    if (!p)
        return -1;
    if (o->pick && osd_picker_equal(o->pick, p)) {
        osd_picker_free(p);
        return 0;
    }
    osd_set_layer(o, OSD_LAYER_PICKER, NULL); /* drops a previous picker too */
    o->pick = p;
    o->dirty = true;
    return 0;
}

char *osd_escape(const char *text)
{
    if (!text)
        text = "";
    size_t n = strlen(text);
    char *out = malloc(n * 4 + 1);
    if (!out)
        return NULL;
    char *o = out;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        switch (*p) {
        case '{':
        case '}':
            *o++ = '\\';
            *o++ = (char)*p;
            break;
        case '\\':
            /* U+2060 WORD JOINER: invisible, and breaks "\N", "\h", "\{". */
            memcpy(o, "\\\xe2\x81\xa0", 4);
            o += 4;
            break;
        case '\n':
            *o++ = '\\';
            *o++ = 'N';
            break;
        default:
            if (*p >= 0x20 || *p == '\t')
                *o++ = *p == '\t' ? ' ' : (char)*p;
            break;
        }
    }
    *o = '\0';
    return out;
}

uint64_t osd_id(const osd *o) { return o->id; }

static void set_margins(osd *o)
{
    ASS_Track *t = o->track;
    for (int l = 0; l < OSD_LAYER_COUNT; l++) {
        ASS_Style *st = &t->styles[o->style_idx[l]];
        double pad = st->Outline;
        st->MarginV = (int)lround(o->safe_pct / 100.0 * t->PlayResY + pad);
        st->MarginL = st->MarginR = (int)lround(o->safe_pct / 100.0 * t->PlayResX + pad);
    }
}

int osd_add_event(ASS_Track *t, int layer_no, int style, const char *text)
{
    int eid = ass_alloc_event(t);
    if (eid < 0)
        return -1;
    ASS_Event *ev = &t->events[eid];
    ev->Start = 0;
    ev->Duration = EV_DURATION;
    ev->ReadOrder = eid;
    ev->Layer = layer_no;
    ev->Style = style;
    ev->Text = strdup(text);
    return ev->Text ? 0 : -1;
}

static int rebuild(osd *o)
{
    ASS_Track *t = o->track;
    ass_flush_events(t);
    set_margins(o);
    int ret = 0;
    if (o->text[OSD_LAYER_TITLE]) {
        /* Full-screen black under the title. */
        char bg[160];
        snprintf(bg, sizeof(bg),
                 "{\\an7\\pos(0,0)\\bord0\\shad0\\1c&H000000&\\1a&H00&\\p1}m 0 0 l %d 0 %d %d 0 %d",
                 t->PlayResX, t->PlayResX, t->PlayResY, t->PlayResY);
        ret |= osd_add_event(t, 0, o->style_idx[OSD_LAYER_TITLE], bg);
    }
    for (int l = 0; l < OSD_LAYER_COUNT; l++)
        if (o->text[l])
            ret |= osd_add_event(t, layer_styles[l].layer, o->style_idx[l], o->text[l]);
    if (o->pick)
        ret |= osd_picker_add_events(o->pick, t, o->measure, o->picker_text_style,
                                     layer_styles[OSD_LAYER_PICKER].layer, o->safe_pct);
    return ret;
}

ASS_Track *osd_track_for(osd *o, int out_w, int out_h)
{
    if (osd_is_empty(o) || out_w <= 0 || out_h <= 0)
        return NULL;
    int resx = (int)lround((double)OSD_RES_Y * out_w / out_h);
    if (resx < 1)
        resx = 1;
    if (o->dirty || resx != o->built_resx) {
        o->track->PlayResX = resx;
        if (rebuild(o) < 0) {
            /* Out of memory: show nothing rather than half a screen. */
            ass_flush_events(o->track);
            o->built_resx = 0;
            return NULL;
        }
        o->built_resx = resx;
        o->dirty = false;
    }
    return o->track;
}
