/* core_subs.c — see core_subs.h. */
#include "player/core_subs.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "media/clock.h"
#include "media/playback.h"
#include "media/subdec.h"
#include "player/log.h"
#include "subtitles/charset.h"
#include "subtitles/sidecar.h"
#include "subtitles/sublib.h"
#include "subtitles/subtrack.h"

#define MOD "subs"

typedef struct strk {
    sub_info info;
    char *path;        /* sidecar path (owned) */
    subtrack *st;      /* libass track; NULL when unusable */
    bool bitmap;
} strk;

struct item_subs {
    strk *t;
    int n, cap;
    int selected;
};

static strk *add_track(item_subs *s)
{
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 8;
        strk *n = realloc(s->t, (size_t)cap * sizeof(*n));
        if (!n)
            return NULL;
        s->t = n;
        s->cap = cap;
    }
    strk *t = &s->t[s->n++];
    memset(t, 0, sizeof(*t));
    t->info.t.type = TRACK_SUB;
    t->info.t.stream_index = -1;
    return t;
}

static void renumber(item_subs *s)
{
    for (int i = 0; i < s->n; i++) {
        s->t[i].info.t.id = i + 1;
        s->t[i].info.path = s->t[i].path;
    }
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat sb;
    char *buf = NULL;
    if (fstat(fileno(f), &sb) == 0 && sb.st_size >= 0 && (uint64_t)sb.st_size <= SUBDEC_FILE_MAX) {
        buf = malloc((size_t)sb.st_size + 1);
        if (buf) {
            *len = fread(buf, 1, (size_t)sb.st_size, f);
            buf[*len] = '\0';
        }
    } else {
        errno = EFBIG;
    }
    fclose(f);
    return buf;
}

/* Read, convert to UTF-8 and decode one sidecar into a libass track. */
static int load_sidecar(const subs_env *env, const sidecar *sc, subtrack **out, char *why, size_t whylen)
{
    size_t len = 0;
    char *raw = read_file(sc->path, &len);
    if (!raw) {
        snprintf(why, whylen, "%s", strerror(errno));
        return -1;
    }
    char *utf8 = NULL;
    size_t ulen = 0;
    char detected[CHARSET_NAME_SIZE] = "";
    int ret = charset_to_utf8(raw, len, env->codepage, &utf8, &ulen, detected);
    free(raw);
    if (ret < 0 || !utf8) {
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    log_verbose(MOD, "%s: %s", sc->path, detected);
    if (!strcmp(sc->ext, "ass") || !strcmp(sc->ext, "ssa")) {
        ret = subtrack_new_ass_file(out, env->lib, utf8, ulen);
        if (ret < 0)
            snprintf(why, whylen, "%s", subtrack_strerror(ret));
        free(utf8);
        return ret < 0 ? -1 : 0;
    }
    subdec_file *f = NULL;
    ret = subdec_read_file(utf8, ulen, sc->path, 0, &f);
    free(utf8);
    if (ret != SUBDEC_OK) {
        snprintf(why, whylen, "%s", subdec_strerror(ret));
        return -1;
    }
    ret = subtrack_new_text(out, env->lib, f->ass_header, f->ass_header_len, f->native_ass);
    if (ret < 0) {
        snprintf(why, whylen, "%s", subtrack_strerror(ret));
        subdec_file_free(&f);
        return -1;
    }
    for (int i = 0; i < f->nevents; i++) {
        subtrack_add_event(*out, f->events[i]); /* takes ownership */
        f->events[i] = NULL;
    }
    log_verbose(MOD, "%s: %d cues (%s)%s", sc->path, f->nevents, f->format,
                f->nerrors ? ", some cues could not be read" : "");
    subdec_file_free(&f);
    return 0;
}

static void fill_sidecar(strk *t, const subs_env *env, const sidecar *sc)
{
    sub_info *i = &t->info;
    i->t.external = true;
    i->t.is_forced = sc->flags & SIDECAR_FORCED;
    i->t.hearing_impaired = sc->flags & SIDECAR_SDH;
    i->t.is_default = sc->flags & SIDECAR_DEFAULT;
    const char *tag = sc->lang_tag ? sc->lang_tag : (env->default_lang && *env->default_lang ? env->default_lang : "");
    snprintf(i->t.lang, sizeof(i->t.lang), "%s", tag);
    snprintf(i->canon, sizeof(i->canon), "%s", sc->lang[0] ? sc->lang : "");
    if (!i->canon[0] && *tag)
        lang_canon(env->langs, tag, i->canon);
    snprintf(i->t.title, sizeof(i->t.title), "%s", sc->title ? sc->title : "");
    snprintf(i->t.codec, sizeof(i->t.codec), "%s", sc->ext);
}

static void add_sidecar(item_subs *s, const subs_env *env, const sidecar *sc)
{
    strk *t = add_track(s);
    if (!t || !(t->path = strdup(sc->path))) {
        if (t)
            s->n--;
        return;
    }
    fill_sidecar(t, env, sc);
    char why[160];
    if (load_sidecar(env, sc, &t->st, why, sizeof(why)) == 0)
        t->info.usable = true;
    else
        log_warn(MOD, "subtitle file %s cannot be used: %s", sc->path, why);
}

static void add_embedded(item_subs *s, const subs_env *env, playback *pb, const media_track *mt)
{
    strk *t = add_track(s);
    if (!t)
        return;
    t->info.t = *mt;
    if (mt->lang[0])
        lang_canon(env->langs, mt->lang, t->info.canon);
    t->bitmap = mt->bitmap;
    if (!playback_sub_decodable(pb, mt->stream_index))
        return;
    int ret;
    if (mt->bitmap) {
        ret = subtrack_new_bitmap(&t->st, env->lib);
    } else {
        const char *hdr = playback_sub_header(pb, mt->stream_index);
        ret = hdr ? subtrack_new_text(&t->st, env->lib, hdr, strlen(hdr), playback_sub_native_ass(pb, mt->stream_index))
                  : -1;
    }
    t->info.usable = ret >= 0 && t->st;
}

item_subs *subs_load(const subs_env *env, playback *pb, const char *video_path)
{
    item_subs *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->selected = -1;
    for (int i = 0; i < playback_font_count(pb); i++) {
        const char *name, *mime;
        const uint8_t *data;
        size_t size;
        if (playback_font(pb, i, &name, &mime, &data, &size) && sublib_is_font_attachment(name, mime))
            sublib_add_font(env->lib, name, data, size);
    }
    const media_track *tracks;
    int nt = playback_tracks(pb, &tracks);
    for (int i = 0; i < nt; i++)
        if (tracks[i].type == TRACK_SUB)
            add_embedded(s, env, pb, &tracks[i]);
    sidecar_list list = {0};
    if (sidecar_find(env->langs, video_path, &list) == 0) {
        for (size_t i = 0; i < list.n; i++)
            add_sidecar(s, env, &list.items[i]);
        sidecar_list_free(&list);
    }
    renumber(s);
    return s;
}

void subs_free(item_subs **sp)
{
    item_subs *s = *sp;
    if (!s)
        return;
    for (int i = 0; i < s->n; i++) {
        subtrack_free(&s->t[i].st);
        free(s->t[i].path);
    }
    free(s->t);
    free(s);
    *sp = NULL;
}

void subs_pump(item_subs *s, playback *pb)
{
    double now = NAN;
    for (int i = 0; i < s->n; i++) {
        strk *t = &s->t[i];
        if (t->info.t.external)
            continue;
        sub_event **ev;
        int n;
        if (!playback_sub_take(pb, t->info.t.stream_index, &ev, &n))
            continue;
        for (int j = 0; j < n; j++) {
            if (t->st)
                subtrack_add_event(t->st, ev[j]); /* takes ownership */
            else
                sub_event_free(ev[j]);
        }
        free(ev);
        /* A bitmap track not on screen keeps only the screen showing now
         * and those decoded ahead (bounded by the reader's read-ahead), so
         * selecting it shows the current picture at once without every
         * unselected PGS track piling up images. */
        if (t->st && t->bitmap && s->selected != i) {
            if (isnan(now))
                now = playback_master_time(pb, media_now());
            if (!isnan(now))
                subtrack_bitmap_trim(t->st, (int64_t)llround(now * 1000.0));
        }
    }
}

int subs_count(const item_subs *s) { return s ? s->n : 0; }
const sub_info *subs_info(const item_subs *s, int i) { return s && i >= 0 && i < s->n ? &s->t[i].info : NULL; }

void subs_select(item_subs *s, int i)
{
    if (!s)
        return;
    s->selected = (i >= 0 && i < s->n && s->t[i].info.usable) ? i : -1;
}

int subs_selected(const item_subs *s) { return s ? s->selected : -1; }
subtrack *subs_current(const item_subs *s) { return s && s->selected >= 0 ? s->t[s->selected].st : NULL; }

char *subs_fix_text(void *codepage, const char *bytes, size_t len)
{
    char *out = NULL;
    size_t n = 0;
    if (charset_to_utf8(bytes, len, codepage, &out, &n, NULL) < 0)
        return NULL;
    return out;
}

static int find_path(const item_subs *s, const char *path)
{
    for (int i = 0; i < s->n; i++)
        if (s->t[i].path && strcmp(s->t[i].path, path) == 0)
            return i;
    return -1;
}

bool subs_sidecar_changed(item_subs *s, const subs_env *env, const char *video_path, const char *sidecar_path)
{
    sidecar sc = {0};
    if (!s || sidecar_match(env->langs, video_path, sidecar_path, &sc) != 1)
        return false; /* not one of this video's sidecars (or no memory) */
    int i = find_path(s, sidecar_path);
    if (i >= 0) { /* reload in place: the selection stays */
        strk *t = &s->t[i];
        subtrack_free(&t->st);
        fill_sidecar(t, env, &sc);
        char why[160];
        t->info.usable = load_sidecar(env, &sc, &t->st, why, sizeof(why)) == 0;
        if (!t->info.usable) {
            log_warn(MOD, "subtitle file %s cannot be used: %s", sc.path, why);
            if (s->selected == i)
                s->selected = -1;
        }
    } else {
        add_sidecar(s, env, &sc);
    }
    sidecar_clear(&sc);
    renumber(s);
    return true;
}

bool subs_sidecar_removed(item_subs *s, const char *sidecar_path)
{
    int i = s ? find_path(s, sidecar_path) : -1;
    if (i < 0)
        return false;
    subtrack_free(&s->t[i].st);
    free(s->t[i].path);
    memmove(&s->t[i], &s->t[i + 1], (size_t)(s->n - i - 1) * sizeof(*s->t));
    s->n--;
    if (s->selected == i)
        s->selected = -1;
    else if (s->selected > i)
        s->selected--;
    renumber(s);
    return true;
}
