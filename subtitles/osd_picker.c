/* osd_picker.c — the language picker as one clean panel (see osd.h).
 *
 * Look: a single near-opaque dark panel, the same width for every row,
 * centred in the TV-safe area; a bold title, a thin rule, the rows at a
 * fixed pitch, the highlighted row as a full-width white bar with black
 * text, and a smaller grey footer line. More rows than fit scroll, with
 * arrows above/below.
 *
 * The panel, the highlight bar and the rule are vector drawings, sized
 * from the widths of the lines as libass lays them out (osd_measure.c):
 * the panel is as wide as the widest line, the same for every row. Every
 * line is a positioned event of its own, so rows sit at a pitch chosen
 * here whatever the font's metrics. (libass's BorderStyle 4 would give
 * one box per event directly, but it re-creates that bitmap on every
 * render, and the overlay would then redraw every frame.)
 *
 * Threading: main thread (like the rest of the OSD).
 */
#include "subtitles/osd_priv.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sizes in OSD script units (1/1000 of the output height). */
#define ROW_SIZE 64        /* font size of rows and title: ink of "Español" ≈ 4.6 % */
#define ROW_PITCH 88       /* distance between rows */
#define TITLE_BAND 96      /* title line */
#define FOOTER_SIZE 46     /* footer font size */
#define FOOTER_BAND 72     /* footer line */
#define ARROW_BAND 36      /* a scroll arrow above/below the rows */
#define PAD_V 26           /* panel padding above and below */
#define PAD_H 44           /* panel padding left and right of the widest line */
#define MIN_TEXT_W 520     /* the panel is never narrower than this (+ padding) */
#define BAR_GAP 4          /* gap between the highlight bar and the next row */

/* Colours, ASS &HBBGGRR& order. */
#define C_PANEL "&H141414&"
#define A_PANEL "&H10&" /* ~94 % opaque */
#define C_TEXT "&HFFFFFF&"
#define C_BAR "&HFFFFFF&"
#define C_BAR_TEXT "&H000000&"
#define C_RULE "&H909090&"
#define C_FOOTER "&HD8D8D8&"
#define C_ARROW "&HD0D0D0&"

struct osd_picker {
    char *title;   /* escaped; NULL = none */
    char **rows;   /* escaped */
    int nrows;
    int selected;  /* -1 = none */
    char *footer;  /* escaped; NULL = none */
};

void osd_picker_free(osd_picker *p)
{
    if (!p)
        return;
    free(p->title);
    for (int i = 0; i < p->nrows; i++)
        free(p->rows[i]);
    free(p->rows);
    free(p->footer);
    free(p);
}

static bool esc_opt(const char *in, char **out)
{
    *out = NULL;
    if (!in || !*in)
        return true;
    *out = osd_escape(in);
    return *out != NULL;
}

osd_picker *osd_picker_new(const char *title, const char *const *rows, int nrows, int selected,
                           const char *footer)
{
    osd_picker *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    if (nrows < 0)
        nrows = 0;
    p->rows = calloc((size_t)nrows + 1, sizeof(char *));
    bool ok = p->rows && esc_opt(title, &p->title) && esc_opt(footer, &p->footer);
    for (int i = 0; ok && i < nrows; i++, p->nrows++)
        ok = (p->rows[i] = osd_escape(rows && rows[i] ? rows[i] : "")) != NULL;
    if (!ok) {
        osd_picker_free(p);
        return NULL;
    }
    p->selected = selected >= 0 && selected < nrows ? selected : -1;
    return p;
}

static bool str_eq(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

bool osd_picker_equal(const osd_picker *a, const osd_picker *b)
{
    if (!a || !b)
        return a == b;
    if (a->nrows != b->nrows || a->selected != b->selected || !str_eq(a->title, b->title) ||
        !str_eq(a->footer, b->footer))
        return false;
    for (int i = 0; i < a->nrows; i++)
        if (strcmp(a->rows[i], b->rows[i]) != 0)
            return false;
    return true;
}

/* A generous guess of the advance width of escaped text at font size
 * `size`, in script units: only used to squeeze a line that would not fit
 * the safe area (the panel itself is measured by libass). */
static double guess_width(const char *s, double size)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned cp = *p;
        int len = cp < 0x80 ? 1 : cp >= 0xF0 ? 4 : cp >= 0xE0 ? 3 : cp >= 0xC0 ? 2 : 1;
        if (len == 2 && p[1])
            cp = ((cp & 0x1Fu) << 6) | (p[1] & 0x3Fu);
        else if (len == 3 && p[1] && p[2])
            cp = ((cp & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        else if (len == 4)
            cp = 0x20000;
        for (int k = 0; k < len && *p; k++)
            p++;
        if (cp >= 0x300 && cp < 0x370)
            continue; /* combining marks */
        if (cp == 0x2060)
            continue; /* the word joiner osd_escape puts after a backslash */
        bool wide = (cp >= 0x1100 && cp < 0x1200) || (cp >= 0x2E80 && cp < 0xA4D0) ||
                    (cp >= 0xAC00 && cp < 0xD7A4) || (cp >= 0xF900 && cp < 0xFB00) ||
                    (cp >= 0xFF00 && cp < 0xFF61) || cp >= 0x20000;
        w += size * (wide ? 0.78 : 0.56);
    }
    return w;
}

/* Growable string. */
typedef struct sb {
    char *s;
    size_t len, cap;
    bool oom;
} sb;

static void __attribute__((format(printf, 2, 3))) sb_addf(sb *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = true;
        return;
    }
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 512) + (size_t)n;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->oom = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* One line of the picker as laid out. */
typedef struct pline {
    const char *text; /* escaped */
    double size;
    bool bold;
    double sx;        /* horizontal squeeze (%), 100 = none */
    double w;         /* advance width after the squeeze, script units */
} pline;

/* The layout computed for one output aspect and safe area. */
typedef struct playout {
    double cx, top, height;   /* panel centre x, top, height (incl. padding) */
    double max_text_w;        /* widest a line may be */
    int first, nvis;          /* visible rows */
    bool arrow_up, arrow_down;
    double title_y, rule_y, rows_y0, footer_y;
} playout;

static void layout(const osd_picker *p, int resx, double safe_pct, playout *L)
{
    double safe_y = safe_pct / 100.0 * OSD_RES_Y, safe_x = safe_pct / 100.0 * resx;
    double max_h = OSD_RES_Y - 2 * safe_y;
    L->max_text_w = (resx - 2 * safe_x - 2 * PAD_H) * 0.97; /* hinting: a little slack */
    double fixed = 2 * PAD_V + (p->title ? TITLE_BAND : 0) + (p->footer ? FOOTER_BAND : 0);
    int fit = (int)floor((max_h - fixed) / ROW_PITCH);
    L->first = 0;
    L->nvis = p->nrows;
    L->arrow_up = L->arrow_down = false;
    if (p->nrows > fit) { /* scroll: keep the highlighted row in view */
        fit = (int)floor((max_h - fixed - 2 * ARROW_BAND) / ROW_PITCH);
        if (fit < 1)
            fit = 1;
        int sel = p->selected < 0 ? 0 : p->selected;
        L->first = sel - fit / 2;
        if (L->first > p->nrows - fit)
            L->first = p->nrows - fit;
        if (L->first < 0)
            L->first = 0;
        L->nvis = fit;
        L->arrow_up = L->first > 0;
        L->arrow_down = L->first + fit < p->nrows;
    }
    bool arrows = L->nvis < p->nrows;
    L->height = fixed + L->nvis * ROW_PITCH + (arrows ? 2 * ARROW_BAND : 0);
    L->cx = resx / 2.0;
    /* a little above the middle, away from the subtitles, inside the safe area */
    L->top = OSD_RES_Y * 0.47 - L->height / 2;
    if (L->top < safe_y)
        L->top = safe_y;
    double y = L->top + PAD_V;
    L->title_y = y + TITLE_BAND / 2.0;
    if (p->title)
        y += TITLE_BAND;
    L->rule_y = y;
    if (arrows)
        y += ARROW_BAND;
    L->rows_y0 = y + ROW_PITCH / 2.0;
    y += L->nvis * ROW_PITCH + (arrows ? ARROW_BAND : 0);
    L->footer_y = y + FOOTER_BAND / 2.0;
}

/* The lines of the picker with their widths (measured by libass, else
 * guessed), each squeezed to fit the safe area. Returns the count
 * (≤ 2 + nrows). */
static int collect_lines(const osd_picker *p, const playout *L, osd_measure *m, int resx, pline *out)
{
    int n = 0;
    if (p->title)
        out[n++] = (pline){p->title, ROW_SIZE, true, 100, 0};
    for (int i = 0; i < p->nrows; i++)
        out[n++] = (pline){p->rows[i], ROW_SIZE, false, 100, 0};
    if (p->footer)
        out[n++] = (pline){p->footer, FOOTER_SIZE, false, 100, 0};
    osd_mline *ml = calloc((size_t)n + 1, sizeof(*ml));
    double *w = calloc((size_t)n + 1, sizeof(*w));
    bool measured = false;
    if (ml && w) {
        for (int i = 0; i < n; i++)
            ml[i] = (osd_mline){out[i].text, out[i].size, out[i].bold};
        measured = osd_measure_widths(m, resx, ml, n, w) == 0;
    }
    for (int i = 0; i < n; i++) {
        double wi = measured ? w[i] : guess_width(out[i].text, out[i].size) * (out[i].bold ? 1.08 : 1.0);
        if (wi > L->max_text_w)
            out[i].sx = fmax(55.0, floor(100.0 * L->max_text_w / wi));
        out[i].w = wi * out[i].sx / 100.0;
    }
    free(ml);
    free(w);
    return n;
}

/* A filled rectangle (a vector drawing; libass caches it). */
static int add_rect(ASS_Track *t, int layer, int style, double x, double y, double w, double h, const char *colour,
                    const char *alpha)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "{\\an7\\pos(%.1f,%.1f)\\bord0\\shad0\\1c%s\\1a%s\\p1}m 0 0 l %.1f 0 %.1f %.1f 0 %.1f",
             x, y, colour, alpha, w, w, h, h);
    return osd_add_event(t, layer, style, buf);
}

static int add_line(ASS_Track *t, int layer, int style, const pline *l, double cx, double cy, const char *colour)
{
    sb b = {0};
    sb_addf(&b, "{\\an5\\pos(%.1f,%.1f)\\q2\\bord0\\shad0\\fs%g\\b%d\\fscx%g\\1c%s}%s", cx, cy, l->size,
            l->bold ? 1 : 0, l->sx, colour, l->text);
    int r = b.oom ? -1 : osd_add_event(t, layer, style, b.s);
    free(b.s);
    return r;
}

static int add_arrow(ASS_Track *t, int layer, int style, double cx, double cy, bool up)
{
    char buf[200];
    snprintf(buf, sizeof(buf), "{\\an5\\pos(%.1f,%.1f)\\bord0\\shad0\\1c%s\\p1}%s", cx, cy, C_ARROW,
             up ? "m 0 18 l 18 0 36 18" : "m 0 0 l 36 0 18 18");
    return osd_add_event(t, layer, style, buf);
}

int osd_picker_add_events(const osd_picker *p, ASS_Track *t, osd_measure *m, int text_style, int layer,
                          double safe_pct)
{
    playout L;
    layout(p, t->PlayResX, safe_pct, &L);
    pline *lines = calloc((size_t)p->nrows + 2, sizeof(*lines));
    if (!lines)
        return -1;
    int n = collect_lines(p, &L, m, t->PlayResX, lines);
    double tw = MIN_TEXT_W;
    for (int i = 0; i < n; i++)
        tw = fmax(tw, lines[i].w);
    tw = fmin(tw, L.max_text_w);
    double pw = tw + 2 * PAD_H, x0 = L.cx - pw / 2;
    int ret = 0;
    ret |= add_rect(t, layer, text_style, x0, L.top, pw, L.height, C_PANEL, A_PANEL);
    int li = 0;
    if (p->title) {
        ret |= add_line(t, layer + 2, text_style, &lines[li++], L.cx, L.title_y, C_TEXT);
        ret |= add_rect(t, layer + 1, text_style, x0 + PAD_H / 2.0, L.rule_y - 3, pw - PAD_H, 3, C_RULE, "&H00&");
    }
    for (int i = 0; i < L.nvis; i++) {
        int r = L.first + i;
        double y = L.rows_y0 + i * ROW_PITCH;
        bool sel = r == p->selected;
        if (sel)
            ret |= add_rect(t, layer + 1, text_style, x0, y - ROW_PITCH / 2.0 + BAR_GAP, pw, ROW_PITCH - 2 * BAR_GAP,
                            C_BAR, "&H00&");
        ret |= add_line(t, layer + 2, text_style, &lines[li + r], L.cx, y, sel ? C_BAR_TEXT : C_TEXT);
    }
    li += p->nrows;
    if (L.arrow_up)
        ret |= add_arrow(t, layer + 2, text_style, L.cx, L.rule_y + ARROW_BAND / 2.0, true);
    if (L.arrow_down)
        ret |= add_arrow(t, layer + 2, text_style, L.cx, L.rows_y0 + (L.nvis - 0.5) * ROW_PITCH + ARROW_BAND / 2.0,
                         false);
    if (p->footer)
        ret |= add_line(t, layer + 2, text_style, &lines[li], L.cx, L.footer_y, C_FOOTER);
    free(lines);
    return ret ? -1 : 0;
}
