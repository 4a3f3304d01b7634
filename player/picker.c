/* picker.c — the language picker and the info line (issue 6), drawn as
 * OSD text through the libass overlay (subtitles/osd.h draws the panel).
 *
 * Up/Down or Menu opens a list of the languages of the whole loop (each
 * named in its own language) plus "Subtitles off", the current one
 * highlighted and a line saying which of them this video has. Up/Down/Left/
 * Right move, OK selects, Back (or Menu again) closes, and it closes by
 * itself after 6 s without a key. Any other key closes it and does its
 * usual job. So a five-button remote (arrows + OK) is enough: Up opens,
 * arrows move, OK picks.
 * With the picker closed: SUBTITLE steps through the languages directly,
 * LANGUAGE through the playing video's audio tracks, OK or INFO shows
 * title, position in the playlist, time and language for 5 s.
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
#include "playlists/playlist.h"
#include "subtitles/osd.h"

#define MOD "picker"
#define PICKER_TIMEOUT 6.0
#define INFO_TIMEOUT 5.0
#define MAX_ROWS 32
#define FOOTER_MAX_NAMES 5

struct picker {
    bool open;
    double last_key;
    int sel;
    int nrows;
    char codes[MAX_ROWS][LANG_CODE_SIZE]; /* "" = off */
    uint64_t drawn_for;                   /* entry whose languages the footer lists */
    bool info;
    double info_until;
    int info_shown_s;                     /* playing time shown in the info line */
    int info_logged_s;                    /* the last one logged (every 5 s) */
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

/* "This video has: English, Español" — the subtitle languages of the
 * video on screen, in the picker's order, at most a few names. */
static void video_has(core *c, picker *p, char *out, size_t size)
{
    const char *l = screens_lang(c);
    item *it = c->cur;
    char list[512] = "";
    size_t used = 0;
    int shown = 0, more = 0;
    bool has[MAX_ROWS] = {false};
    bool unknown = false;
    for (int i = 0; it && it->subs && i < subs_count(it->subs); i++) {
        const sub_info *si = subs_info(it->subs, i);
        if (!si->usable)
            continue;
        bool listed = false;
        for (int r = 0; r < p->nrows - 1; r++)
            if (!strcmp(p->codes[r], si->canon))
                has[r] = listed = true;
        unknown |= !listed;
    }
    for (int r = 0; r < p->nrows - 1; r++) {
        if (!has[r])
            continue;
        if (shown == FOOTER_MAX_NAMES) {
            more++;
            continue;
        }
        used += (size_t)snprintf(list + used, used < sizeof(list) ? sizeof(list) - used : 0, "%s%s",
                                 shown ? ", " : "", core_lang_name(c, p->codes[r]));
        shown++;
    }
    if (unknown && shown < FOOTER_MAX_NAMES)
        used += (size_t)snprintf(list + used, used < sizeof(list) ? sizeof(list) - used : 0, "%s%s",
                                 shown++ ? ", " : "", i18n_tr(c->tr, l, I18N_SUBTITLES));
    if (more)
        snprintf(list + used, used < sizeof(list) ? sizeof(list) - used : 0, " +%d", more);
    i18n_format(c->tr, l, out, size, I18N_VIDEO_HAS, shown ? list : "—");
}

static void draw(core *c, picker *p)
{
    const char *l = screens_lang(c);
    const char *rows[MAX_ROWS];
    for (int i = 0; i < p->nrows; i++)
        rows[i] = p->codes[i][0] ? core_lang_name(c, p->codes[i]) : i18n_tr(c->tr, l, I18N_SUBTITLES_OFF);
    char footer[640] = "";
    if (c->cur && c->cur->st == IT_PLAYING)
        video_has(c, p, footer, sizeof(footer));
    p->drawn_for = c->cur ? c->cur->id : 0;
    osd_set_picker(c->osd, i18n_tr(c->tr, l, I18N_LANGUAGE), rows, p->nrows, p->sel, footer[0] ? footer : NULL);
    c->osd_dirty = true;
}

static void close_info(core *c, picker *p)
{
    if (!p->info)
        return;
    osd_clear(c->osd, OSD_LAYER_INFO);
    p->info = false;
    c->osd_dirty = true;
}

static void close_picker(core *c, picker *p)
{
    p->open = false;
    osd_clear(c->osd, OSD_LAYER_PICKER);
    c->osd_dirty = true;
    log_debug(MOD, "closed");
}

static void open_picker(core *c, picker *p, double now)
{
    close_info(c, p);
    build_rows(c, p);
    p->sel = p->nrows - 1; /* off, unless the current language is listed */
    for (int i = 0; i < p->nrows; i++)
        if (!strcmp(p->codes[i], strcmp(c->lang, "off") ? c->lang : ""))
            p->sel = i;
    p->open = true;
    p->last_key = now;
    draw(c, p);
    if (log_enabled(LOG_VERBOSE)) {
        char list[MAX_ROWS * (LANG_CODE_SIZE + 1) + 8] = "";
        size_t used = 0;
        for (int i = 0; i < p->nrows; i++)
            used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i ? " " : "",
                                     p->codes[i][0] ? p->codes[i] : "off");
        char footer[640] = "";
        if (c->cur && c->cur->st == IT_PLAYING)
            video_has(c, p, footer, sizeof(footer));
        log_verbose(MOD, "opened: %s (%s highlighted) | %s", list, p->codes[p->sel][0] ? p->codes[p->sel] : "off",
                    footer);
    }
}

/* Title, "3 / 12", time and language. */
static void draw_info(core *c, picker *p, double now)
{
    char text[1024], pos[64], langl[256];
    const char *l = screens_lang(c);
    item *it = c->cur;
    if (!it || it->st != IT_PLAYING) {
        snprintf(text, sizeof(text), "%s", c->o->media_dir);
        p->info_shown_s = -1;
    } else {
        long idx = playlist_index_of(c->pl, it->id);
        i18n_format(c->tr, l, pos, sizeof(pos), I18N_POSITION, (int)idx + 1, (int)playlist_count(c->pl));
        double t = playback_master_time(it->pb, now);
        double d = it->is_still ? c->o->image_duration : playback_duration(it->pb);
        int ts = isnan(t) || t < 0 ? 0 : (int)t, ds = isnan(d) ? 0 : (int)d;
        i18n_format(c->tr, l, langl, sizeof(langl), I18N_LANGUAGE_IS, core_lang_name(c, c->lang));
        snprintf(text, sizeof(text), "%s\n%s   ·   %d:%02d / %d:%02d\n%s", it->title, pos, ts / 60, ts % 60, ds / 60,
                 ds % 60, langl);
        p->info_shown_s = ts;
    }
    if (osd_set_layer_plain(c->osd, OSD_LAYER_INFO, text) == 0 && p->info_logged_s != p->info_shown_s / 5) {
        p->info_logged_s = p->info_shown_s / 5; /* not every tick of the clock */
        for (char *nl = strchr(text, '\n'); nl; nl = strchr(nl, '\n'))
            *nl = '|';
        log_verbose(MOD, "info: %s", text);
    }
    c->osd_dirty = true;
}

static void show_info(core *c, picker *p, double now)
{
    p->info = true;
    p->info_logged_s = -2;
    p->info_until = now + INFO_TIMEOUT;
    draw_info(c, p, now);
}

static void notice_subtitles(core *c)
{
    char text[256];
    i18n_format(c->tr, screens_lang(c), text, sizeof(text), I18N_SUBTITLES_IS, core_lang_name(c, c->lang));
    screens_notice(c, text, 3.0);
}

/* A picked language: say what shows now, unless the fallback notice
 * already says it. */
static void set_language(core *c, const char *code)
{
    bool fell_back = false;
    if (core_lang_set_ex(c, code, &fell_back) == 0 && !fell_back)
        notice_subtitles(c);
}

/* LANGUAGE: the playing video's next audio track (reopened at the same
 * position), and a notice naming it. */
static void cycle_audio(core *c)
{
    item *it = c->cur;
    if (!it || it->st != IT_PLAYING)
        return;
    const media_track *t;
    int n = playback_tracks(it->pb, &t), as = playback_audio_stream(it->pb);
    int idx[64], na = 0, pos = 0;
    for (int i = 0; i < n && na < 64; i++)
        if (t[i].type == TRACK_AUDIO && t[i].decodable) {
            if (t[i].stream_index == as)
                pos = na;
            idx[na++] = i;
        }
    if (na == 0)
        return;
    const media_track *to = &t[idx[(pos + (na > 1 ? 1 : 0)) % na]];
    /* copy what the notice needs: the reload below frees the track list */
    char lang[sizeof(to->lang)], title[sizeof(to->title)];
    snprintf(lang, sizeof(lang), "%s", to->lang);
    snprintf(title, sizeof(title), "%s", to->title);
    if (to->stream_index != as && sched_reload_audio(c, to->stream_index) < 0)
        return;
    char text[256];
    const char *name = lang[0] ? core_lang_name(c, lang) : (title[0] ? title : "1");
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
            close_picker(c, p);
            set_language(c, p->codes[p->sel][0] ? p->codes[p->sel] : "off");
            return true;
        case INPUT_BACK:
        case INPUT_MENU:
            close_picker(c, p);
            return true;
        default:
            close_picker(c, p); /* any other key closes it and does its job */
            break;
        }
    }
    if (repeat)
        return false;
    switch (act) {
    case INPUT_UP:
    case INPUT_DOWN:
    case INPUT_MENU:
        open_picker(c, p, now);
        return true;
    case INPUT_OK:
    case INPUT_INFO:
        show_info(c, p, now);
        return true;
    case INPUT_BACK:
        close_info(c, p);
        return true;
    case INPUT_SUBTITLE: {
        bool fell_back = false;
        if (core_lang_cycle_ex(c, true, &fell_back) == 0 && !fell_back)
            notice_subtitles(c);
        return true;
    }
    case INPUT_LANGUAGE:
        cycle_audio(c);
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
    else if (p && p->open && p->drawn_for != (c->cur ? c->cur->id : 0))
        draw(c, p); /* another video: its languages */
    if (p && p->info && now >= p->info_until)
        close_info(c, p);
    else if (p && p->info && c->cur && c->cur->st == IT_PLAYING && p->info_shown_s >= 0) {
        double t = playback_master_time(c->cur->pb, now);
        if (!isnan(t) && (int)t != p->info_shown_s)
            draw_info(c, p, now); /* the clock runs */
    }
    /* the room emptied: back to the first configured language */
    double reset = c->o->language_reset;
    const char *first = c->nprefs > 0 ? c->prefs[0] : "";
    if (reset > 0 && now - c->last_input > reset && strcmp(c->lang, first) != 0) {
        log_info(MOD, "no remote input for %.0f s: language back to %s", reset, first[0] ? first : "the default");
        if (p && p->open)
            close_picker(c, p);
        core_lang_set(c, first);
        c->last_input = now;
    }
}
