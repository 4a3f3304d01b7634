/* picker.c — the language picker and the info line (issue 6), drawn as
 * OSD text through the libass overlay.
 *
 * Up/Down or Menu opens a list of the languages of the whole loop (each
 * named in its own language) plus "Subtitles off", the current one
 * highlighted and a line saying which of them this video has. Up/Down/Left/
 * Right move, OK selects, Back closes, and it closes by itself after 6 s.
 * SUBTITLE steps through the languages directly, LANGUAGE the audio tracks,
 * INFO shows title, position in the playlist, time and language for 5 s.
 * Also here: the language reset after a long time without remote input.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/core_lang.h"
#include "player/core_priv.h"
#include "player/core_screens.h"
#include "player/core_subs.h"
#include "player/i18n.h"
#include "player/langcache.h"
#include "player/log.h"
#include "player/props.h"
#include "playlists/playlist.h"
#include "subtitles/osd.h"

#define MOD "picker"
#define PICKER_TIMEOUT 6.0
#define INFO_TIMEOUT 5.0
#define MAX_ROWS 32

struct picker {
    bool open;
    double last_key;
    int sel;
    int nrows;
    char codes[MAX_ROWS][LANG_CODE_SIZE]; /* "" = off */
    bool info;
    double info_until;
};

static picker *get(core *c)
{
    if (!c->pick)
        c->pick = calloc(1, sizeof(picker));
    return c->pick;
}

void picker_free(core *c)
{
    free(c->pick);
    c->pick = NULL;
}

/* The rows: the loop's languages (config order, then how many videos
 * have them), then "off". */
static void build_rows(core *c, picker *p)
{
    lang_count *items = NULL;
    size_t n = c->langs ? langcache_union(c->lcache, c->langs, c->prefs, (size_t)c->nprefs, &items) : 0;
    p->nrows = 0;
    for (size_t i = 0; i < n && p->nrows < MAX_ROWS - 1; i++)
        snprintf(p->codes[p->nrows++], LANG_CODE_SIZE, "%s", items[i].code);
    free(items);
    p->codes[p->nrows++][0] = '\0';
}

static void draw(core *c, picker *p)
{
    const char *l = screens_lang(c);
    const char *rows[MAX_ROWS];
    for (int i = 0; i < p->nrows; i++)
        rows[i] = p->codes[i][0] ? core_lang_name(c, p->codes[i]) : i18n_tr(c->tr, l, I18N_SUBTITLES_OFF);
    /* which of them this video has */
    char has[512] = "", footer[640] = "";
    size_t used = 0;
    item *it = c->cur;
    for (int i = 0; it && it->subs && i < subs_count(it->subs); i++) {
        const sub_info *si = subs_info(it->subs, i);
        if (!si->usable || !si->canon[0] || strstr(has, core_lang_name(c, si->canon)))
            continue;
        used += (size_t)snprintf(has + used, used < sizeof(has) ? sizeof(has) - used : 0, "%s%s", used ? ", " : "",
                                 core_lang_name(c, si->canon));
    }
    if (has[0])
        i18n_format(c->tr, l, footer, sizeof(footer), I18N_VIDEO_HAS, has);
    osd_set_picker(c->osd, i18n_tr(c->tr, l, I18N_LANGUAGE), rows, p->nrows, p->sel, footer[0] ? footer : NULL);
    c->osd_dirty = true;
}

static void close_picker(core *c, picker *p)
{
    p->open = false;
    osd_clear(c->osd, OSD_LAYER_PICKER);
    c->osd_dirty = true;
}

static void open_picker(core *c, picker *p)
{
    build_rows(c, p);
    p->sel = p->nrows - 1; /* off, unless the current language is listed */
    for (int i = 0; i < p->nrows; i++)
        if (!strcmp(p->codes[i], strcmp(c->lang, "off") ? c->lang : ""))
            p->sel = i;
    p->open = true;
    draw(c, p);
}

static void show_info(core *c, picker *p)
{
    char text[1024], pos[64], langl[256];
    const char *l = screens_lang(c);
    item *it = c->cur;
    if (!it || it->st != IT_PLAYING) {
        snprintf(text, sizeof(text), "%s", c->o->media_dir);
    } else {
        long idx = playlist_index_of(c->pl, it->id);
        i18n_format(c->tr, l, pos, sizeof(pos), I18N_POSITION, (int)idx + 1, (int)playlist_count(c->pl));
        double t = playback_master_time(it->pb, media_now());
        double d = it->is_still ? c->o->image_duration : playback_duration(it->pb);
        int ts = isnan(t) || t < 0 ? 0 : (int)t, ds = isnan(d) ? 0 : (int)d;
        i18n_format(c->tr, l, langl, sizeof(langl), I18N_LANGUAGE_IS, core_lang_name(c, c->lang));
        snprintf(text, sizeof(text), "%s\n%s   ·   %d:%02d / %d:%02d\n%s", it->title, pos, ts / 60, ts % 60, ds / 60,
                 ds % 60, langl);
    }
    osd_set_layer_plain(c->osd, OSD_LAYER_INFO, text);
    p->info = true;
    p->info_until = media_now() + INFO_TIMEOUT;
    c->osd_dirty = true;
}

static void notice_subtitles(core *c)
{
    char text[256];
    i18n_format(c->tr, screens_lang(c), text, sizeof(text), I18N_SUBTITLES_IS, core_lang_name(c, c->lang));
    screens_notice(c, text, 3.0);
}

static void notice_audio(core *c)
{
    item *it = c->cur;
    const media_track *t;
    int n = it ? playback_tracks(it->pb, &t) : 0, as = it ? playback_audio_stream(it->pb) : -1;
    const char *name = "—";
    for (int i = 0; i < n; i++)
        if (t[i].type == TRACK_AUDIO && t[i].stream_index == as)
            name = t[i].lang[0] ? core_lang_name(c, t[i].lang) : (t[i].title[0] ? t[i].title : "1");
    char text[256];
    i18n_format(c->tr, screens_lang(c), text, sizeof(text), I18N_AUDIO_IS, name);
    screens_notice(c, text, 3.0);
}

bool picker_action(core *c, enum input_action act, bool repeat)
{
    picker *p = get(c);
    if (!p)
        return false;
    double now = media_now();
    if (p->open) {
        p->last_key = now;
        switch (act) {
        case INPUT_UP:
        case INPUT_LEFT:
            p->sel = (p->sel + p->nrows - 1) % p->nrows;
            draw(c, p);
            return true;
        case INPUT_DOWN:
        case INPUT_RIGHT:
            p->sel = (p->sel + 1) % p->nrows;
            draw(c, p);
            return true;
        case INPUT_OK:
            core_lang_set(c, p->codes[p->sel][0] ? p->codes[p->sel] : "off");
            close_picker(c, p);
            return true;
        case INPUT_BACK:
        case INPUT_MENU:
            close_picker(c, p);
            return true;
        default:
            close_picker(c, p); /* any other key closes it and acts */
            return false;
        }
    }
    if (repeat)
        return false;
    switch (act) {
    case INPUT_UP:
    case INPUT_DOWN:
    case INPUT_MENU:
        open_picker(c, p);
        p->last_key = now;
        return true;
    case INPUT_OK:
    case INPUT_INFO:
        show_info(c, p);
        return true;
    case INPUT_BACK:
        if (p->info) {
            osd_clear(c->osd, OSD_LAYER_INFO);
            p->info = false;
            c->osd_dirty = true;
        }
        return true;
    case INPUT_SUBTITLE:
        core_lang_cycle(c, true);
        notice_subtitles(c);
        return true;
    case INPUT_LANGUAGE:
        props_cycle(c, "aid", true);
        notice_audio(c);
        return true;
    default:
        return false;
    }
}

void picker_tick(core *c, double now)
{
    picker *p = c->pick;
    if (p && p->open && now - p->last_key > PICKER_TIMEOUT)
        close_picker(c, p);
    if (p && p->info && now >= p->info_until) {
        osd_clear(c->osd, OSD_LAYER_INFO);
        p->info = false;
        c->osd_dirty = true;
    }
    /* the room emptied: back to the first configured language */
    double reset = c->o->language_reset;
    if (reset > 0 && c->nprefs > 0 && now - c->last_input > reset && strcmp(c->lang, c->prefs[0]) != 0) {
        log_info(MOD, "no remote input for %.0f s: language back to %s", reset, c->prefs[0]);
        core_lang_set(c, c->prefs[0]);
        c->last_input = now;
    }
}
