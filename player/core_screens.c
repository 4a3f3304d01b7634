/* core_screens.c — see core_screens.h. */
#include "player/core_screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/core_priv.h"
#include "player/i18n.h"
#include "playlists/playlist.h"
#include "subtitles/osd.h"

#define MAX_REJECTED_SHOWN 3

const char *screens_lang(core *c)
{
    if (c->lang[0] && strcmp(c->lang, "off") != 0)
        return c->lang;
    return c->nprefs > 0 ? c->prefs[0] : "en";
}

static void set_layer(core *c, enum osd_layer layer, const char *text, char **shown)
{
    if (text && *shown && strcmp(text, *shown) == 0)
        return;
    if (!text && !*shown)
        return;
    free(*shown);
    *shown = text ? strdup(text) : NULL;
    if (text)
        osd_set_layer_plain(c->osd, layer, text);
    else
        osd_clear(c->osd, layer);
    c->osd_dirty = true;
}

/* "No videos yet — copy videos into <folder>" once per configured language,
 * then the counts and the first rejected files with their reasons. */
static void idle_text(core *c, char *buf, size_t size)
{
    size_t used = 0;
    const char *langs[8];
    int nl = 0;
    langs[nl++] = screens_lang(c);
    for (int i = 0; i < c->nprefs && nl < 8; i++)
        langs[nl++] = c->prefs[i];
    char line[512], prev[512] = "";
    buf[0] = '\0';
    for (int i = 0; i < nl; i++) {
        i18n_format(c->tr, langs[i], line, sizeof(line), I18N_NO_VIDEOS, c->o->media_dir);
        if (strstr(buf, line))
            continue; /* same text (a language without a catalogue) */
        used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%s%s", used ? "\n" : "", line);
        snprintf(prev, sizeof(prev), "%s", line);
    }
    int waiting = c->intake_waiting, rejected = c->intake_rejected;
    size_t failed = 0;
    for (size_t i = 0; i < playlist_count(c->pl); i++) {
        struct playlist_item e;
        if (playlist_at(c->pl, i, &e) && e.failed)
            failed++;
    }
    rejected += (int)failed;
    const char *l = screens_lang(c);
    char a[128], b[128];
    i18n_format(c->tr, l, a, sizeof(a), I18N_WAITING, waiting);
    i18n_format(c->tr, l, b, sizeof(b), I18N_REJECTED, rejected);
    used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "\n\n%s   ·   %s", a, b);
    int shown = 0;
    for (size_t i = 0; i < playlist_count(c->pl) && shown < MAX_REJECTED_SHOWN; i++) {
        struct playlist_item e;
        if (playlist_at(c->pl, i, &e) && e.failed) {
            used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "\n%s — %s", e.relpath,
                                     e.fail_reason ? e.fail_reason : "");
            shown++;
        }
    }
    for (int i = 0; i < c->intake_nrej_lines && shown < MAX_REJECTED_SHOWN; i++, shown++)
        used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "\n%s", c->intake_rej_lines[i]);
    if (c->cfg.config_errors && *c->cfg.config_errors)
        snprintf(buf + used, used < size ? size - used : 0, "\n\n%s", c->cfg.config_errors);
}

void screens_update(core *c, double now)
{
    char buf[4096];
    if (c->idle) {
        idle_text(c, buf, sizeof(buf));
        set_layer(c, OSD_LAYER_IDLE, buf, &c->scr.idle);
    } else {
        set_layer(c, OSD_LAYER_IDLE, NULL, &c->scr.idle);
    }
    item *it = c->cur;
    bool card = it && it->st == IT_PLAYING && !it->has_video && !c->idle;
    set_layer(c, OSD_LAYER_TITLE, card ? it->title : NULL, &c->scr.title);
    if (c->scr.notice && now >= c->scr.notice_until)
        set_layer(c, OSD_LAYER_NOTICE, NULL, &c->scr.notice);
}

void screens_notice(core *c, const char *text, double seconds)
{
    free(c->scr.notice);
    c->scr.notice = NULL; /* force a redraw even for the same text */
    set_layer(c, OSD_LAYER_NOTICE, text, &c->scr.notice);
    c->scr.notice_until = media_now() + seconds;
}
