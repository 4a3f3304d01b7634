/* subtrack.c — see subtrack.h. */
#include "subtitles/subtrack_priv.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "player/log.h"
#include "subtitles/sublib_ass.h"

/* Bitmap screens kept before the one showing. A seek back re-decodes the
 * screens it needs, so a few are enough; a full-screen 1080p screen is
 * 8 MB of RGBA. */
#define BITMAP_KEEP 4
/* Placeholder duration of a text event that lasts "until the next one". */
#define DURATION_OPEN ((long long)INT32_MAX)

struct subtrack {
    enum subtrack_kind kind;
    sublib *lib;
    ASS_Track *ass;
    /* TEXT/ASS: indices of libass events whose end is the next event's start. */
    int *open_ev;
    int nopen, capopen;
    /* BITMAP: screens sorted by start. */
    sub_event **bm;
    int nbm, capbm;
    uint64_t id;
    uint64_t serial;
    uint64_t style_key;
};

const char *subtrack_strerror(int err)
{
    switch (err) {
    case SUBTRACK_OK: return "ok";
    case SUBTRACK_E_NOMEM: return "out of memory";
    case SUBTRACK_E_INVALID: return "not a usable ASS/SSA script";
    case SUBTRACK_E_KIND: return "event does not fit the track (text/bitmap)";
    case SUBTRACK_E_ARG: return "invalid argument";
    default: return "unknown subtitle track error";
    }
}

static subtrack *alloc_track(sublib *lib, enum subtrack_kind kind)
{
    subtrack *t = calloc(1, sizeof(*t));
    if (t) {
        t->lib = lib;
        t->kind = kind;
        t->serial = 1;
        t->id = sublib_next_id(lib);
    }
    return t;
}

/* Converted text: what mpv enables for non-ASS subtitles. */
static void enable_text_features(ASS_Track *a)
{
    static const struct {
        ASS_Feature f;
        const char *name;
    } feats[] = {
        {ASS_FEATURE_WRAP_UNICODE, "Unicode line breaking"},
        {ASS_FEATURE_BIDI_BRACKETS, "bidi bracket pairs"},
        {ASS_FEATURE_WHOLE_TEXT_LAYOUT, "whole-text layout"},
    };
    for (size_t i = 0; i < sizeof(feats) / sizeof(feats[0]); i++)
        if (ass_track_set_feature(a, feats[i].f, 1) < 0)
            log_debug("subs", "libass lacks %s (built without it)", feats[i].name);
}

int subtrack_new_ass_file(subtrack **out, sublib *lib, const char *data, size_t len)
{
    if (!out || !lib || !data || len > INT_MAX - 1)
        return SUBTRACK_E_ARG;
    *out = NULL;
    /* libass parses in place: give it a private NUL-terminated copy. */
    char *copy = malloc(len + 1);
    subtrack *t = alloc_track(lib, SUBTRACK_ASS);
    if (!copy || !t) {
        free(copy);
        free(t);
        return SUBTRACK_E_NOMEM;
    }
    memcpy(copy, data, len);
    copy[len] = '\0';
    t->ass = ass_read_memory(sublib_ass(lib), copy, len, NULL);
    if (!t->ass) {
        /* libass refuses a script without a [V4+ Styles] / [V4 Styles]
         * section, but its events are fine: parse them into a track with
         * no styles of its own and give it the TV style. */
        memcpy(copy, data, len);
        copy[len] = '\0';
        t->ass = strcasestr(copy, "[Events]") ? ass_new_track(sublib_ass(lib)) : NULL;
        if (t->ass) {
            t->ass->track_type = TRACK_TYPE_ASS;
            ass_process_data(t->ass, copy, (int)len);
            t->kind = SUBTRACK_TEXT;
            enable_text_features(t->ass);
            if (t->ass->n_events == 0) {
                ass_free_track(t->ass);
                t->ass = NULL;
            }
        }
    }
    free(copy);
    if (!t->ass) {
        subtrack_free(&t);
        return SUBTRACK_E_INVALID;
    }
    *out = t;
    return SUBTRACK_OK;
}

/* The Dialogue fields every FFmpeg decoder emits after ReadOrder (the
 * Matroska block layout), as libass's event format. */
static const char std_format_ass[] = "Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text";
static const char std_format_ssa[] = "Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text";

static bool same_words(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ' || *a == '\t')
            a++;
        while (*b == ' ' || *b == '\t')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if ((*a | 0x20) != (*b | 0x20))
            return false;
        a++;
        b++;
    }
}

/* Events reach a stream track in FFmpeg's fixed layout whatever the
 * header's "Format:" line says. Some Matroska SSA tracks declare another
 * one ("Format: Start, End, Text"): libass would then read every event
 * with the wrong fields and show nothing. Use the standard format. */
static int fix_event_format(ASS_Track *a)
{
    const char *std = a->track_type == TRACK_TYPE_SSA ? std_format_ssa : std_format_ass;
    if (a->event_format && same_words(a->event_format, std))
        return 0;
    char *f = strdup(std);
    if (!f)
        return -1;
    if (a->event_format)
        log_debug("subs", "event format \"%s\" replaced by the standard one", a->event_format);
    free(a->event_format);
    a->event_format = f;
    return 0;
}

int subtrack_new_text(subtrack **out, sublib *lib, const char *ass_header, size_t len,
                      bool native_ass)
{
    if (!out || !lib || !ass_header || len > INT_MAX - 1)
        return SUBTRACK_E_ARG;
    *out = NULL;
    subtrack *t = alloc_track(lib, native_ass ? SUBTRACK_ASS : SUBTRACK_TEXT);
    char *copy = malloc(len + 1);
    if (!t || !copy) {
        free(t);
        free(copy);
        return SUBTRACK_E_NOMEM;
    }
    t->ass = ass_new_track(sublib_ass(lib));
    if (!t->ass) {
        free(copy);
        subtrack_free(&t);
        return SUBTRACK_E_NOMEM;
    }
    memcpy(copy, ass_header, len);
    copy[len] = '\0';
    ass_process_codec_private(t->ass, copy, (int)len);
    free(copy);
    if (t->ass->n_styles == 0) {
        subtrack_free(&t);
        return SUBTRACK_E_INVALID;
    }
    if (fix_event_format(t->ass) < 0) {
        subtrack_free(&t);
        return SUBTRACK_E_NOMEM;
    }
    if (!native_ass)
        enable_text_features(t->ass);
    *out = t;
    return SUBTRACK_OK;
}

int subtrack_new_bitmap(subtrack **out, sublib *lib)
{
    if (!out || !lib)
        return SUBTRACK_E_ARG;
    *out = alloc_track(lib, SUBTRACK_BITMAP);
    return *out ? SUBTRACK_OK : SUBTRACK_E_NOMEM;
}

void subtrack_free(subtrack **pt)
{
    if (!pt || !*pt)
        return;
    subtrack *t = *pt;
    if (t->ass)
        ass_free_track(t->ass);
    for (int i = 0; i < t->nbm; i++)
        sub_event_free(t->bm[i]);
    free(t->bm);
    free(t->open_ev);
    free(t);
    *pt = NULL;
}

enum subtrack_kind subtrack_kind(const subtrack *t) { return t->kind; }

/* Close "until the next event" events that started before `start`. */
static void close_open_events(subtrack *t, long long start)
{
    int k = 0;
    for (int i = 0; i < t->nopen; i++) {
        int idx = t->open_ev[i];
        if (idx >= t->ass->n_events)
            continue;
        ASS_Event *e = &t->ass->events[idx];
        if (e->Start < start)
            e->Duration = start - e->Start;
        else
            t->open_ev[k++] = idx;
    }
    t->nopen = k;
}

static int remember_open(subtrack *t, int idx)
{
    if (t->nopen == t->capopen) {
        int ncap = t->capopen ? t->capopen * 2 : 8;
        int *n = realloc(t->open_ev, (size_t)ncap * sizeof(*n));
        if (!n)
            return SUBTRACK_E_NOMEM;
        t->open_ev = n;
        t->capopen = ncap;
    }
    t->open_ev[t->nopen++] = idx;
    return SUBTRACK_OK;
}

static int add_text(subtrack *t, sub_event *ev)
{
    size_t len = strlen(ev->ass);
    if (len > INT_MAX) {
        sub_event_free(ev);
        return SUBTRACK_E_ARG;
    }
    close_open_events(t, ev->start_ms);
    bool open = ev->duration_ms < 0;
    int before = t->ass->n_events;
    ass_process_chunk(t->ass, ev->ass, (int)len, ev->start_ms,
                      open ? DURATION_OPEN : ev->duration_ms);
    int ret = SUBTRACK_OK;
    if (t->ass->n_events > before) {
        t->serial++;
        if (open)
            ret = remember_open(t, t->ass->n_events - 1);
    }
    sub_event_free(ev);
    return ret;
}

static int add_bitmap(subtrack *t, sub_event *ev)
{
    if (t->nbm == t->capbm) {
        int ncap = t->capbm ? t->capbm * 2 : 16;
        sub_event **n = realloc(t->bm, (size_t)ncap * sizeof(*n));
        if (!n) {
            sub_event_free(ev);
            return SUBTRACK_E_NOMEM;
        }
        t->bm = n;
        t->capbm = ncap;
    }
    /* Keep sorted by start; a screen with the same start replaces the old. */
    int i = t->nbm;
    while (i > 0 && t->bm[i - 1]->start_ms > ev->start_ms)
        i--;
    if (i > 0 && t->bm[i - 1]->start_ms == ev->start_ms) {
        sub_event_free(t->bm[i - 1]);
        t->bm[i - 1] = ev;
    } else {
        memmove(&t->bm[i + 1], &t->bm[i], (size_t)(t->nbm - i) * sizeof(*t->bm));
        t->bm[i] = ev;
        t->nbm++;
    }
    t->serial++;
    return SUBTRACK_OK;
}

int subtrack_add_event(subtrack *t, sub_event *ev)
{
    if (!t || !ev) {
        sub_event_free(ev);
        return SUBTRACK_E_ARG;
    }
    if (t->kind == SUBTRACK_BITMAP) {
        if (ev->ass) {
            sub_event_free(ev);
            return SUBTRACK_E_KIND;
        }
        return add_bitmap(t, ev);
    }
    if (!ev->ass) {
        sub_event_free(ev);
        return SUBTRACK_E_KIND;
    }
    return add_text(t, ev);
}

void subtrack_flush(subtrack *t)
{
    if (!t)
        return;
    if (t->ass)
        ass_flush_events(t->ass);
    t->nopen = 0;
    for (int i = 0; i < t->nbm; i++)
        sub_event_free(t->bm[i]);
    t->nbm = 0;
    t->serial++;
}

int subtrack_event_count(const subtrack *t)
{
    return t->ass ? t->ass->n_events : t->nbm;
}

ASS_Track *subtrack_ass_track(subtrack *t) { return t->ass; }

uint64_t subtrack_id(const subtrack *t) { return t->id; }
uint64_t subtrack_serial(const subtrack *t) { return t->serial; }
uint64_t subtrack_style_key(const subtrack *t) { return t->style_key; }
void subtrack_set_style_key(subtrack *t, uint64_t key) { t->style_key = key; }

/* Drop screens more than BITMAP_KEEP before the current one; returns how
 * many were dropped. */
static int prune_bitmaps(subtrack *t, int current)
{
    int drop = current - BITMAP_KEEP;
    if (drop <= 0)
        return 0;
    for (int i = 0; i < drop; i++)
        sub_event_free(t->bm[i]);
    memmove(t->bm, t->bm + drop, (size_t)(t->nbm - drop) * sizeof(*t->bm));
    t->nbm -= drop;
    return drop;
}

/* Index of the last screen with start <= t_ms, -1 if none (binary search). */
static int screen_index(const subtrack *t, int64_t t_ms)
{
    int lo = 0, hi = t->nbm;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (t->bm[mid]->start_ms <= t_ms)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo - 1;
}

const sub_event *subtrack_bitmap_at(subtrack *t, int64_t t_ms)
{
    if (t->kind != SUBTRACK_BITMAP || t->nbm == 0)
        return NULL;
    int cur = screen_index(t, t_ms);
    if (cur < 0)
        return NULL;
    cur -= prune_bitmaps(t, cur);
    const sub_event *ev = t->bm[cur];
    if (ev->nbitmaps == 0)
        return NULL;
    if (ev->duration_ms >= 0 && t_ms >= ev->start_ms + ev->duration_ms)
        return NULL;
    return ev;
}

int subtrack_bitmap_trim(subtrack *t, int64_t t_ms)
{
    if (!t || t->kind != SUBTRACK_BITMAP)
        return 0;
    int cur = screen_index(t, t_ms);
    if (cur <= 0)
        return 0;
    for (int i = 0; i < cur; i++)
        sub_event_free(t->bm[i]);
    memmove(t->bm, t->bm + cur, (size_t)(t->nbm - cur) * sizeof(*t->bm));
    t->nbm -= cur;
    t->serial++;
    return cur;
}
