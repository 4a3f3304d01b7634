/* core_screens.c — see core_screens.h. */
#include "player/core_screens.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/core_priv.h"
#include "player/i18n.h"
#include "player/log.h"
#include "playlists/playlist.h"
#include "subtitles/osd.h"

#define MOD "screens"
#define MAX_REJECTED_SHOWN 3

static const char *layer_name(enum osd_layer layer)
{
    switch (layer) {
    case OSD_LAYER_IDLE: return "idle screen";
    case OSD_LAYER_TITLE: return "title card";
    case OSD_LAYER_NOTICE: return "notice";
    default: return "osd";
    }
}

/* One verbose line per change of what a layer says (new lines as " | "):
 * the staff's view of the screen in the log, and what tests check. */
static void log_layer(enum osd_layer layer, const char *text)
{
    if (!log_enabled(LOG_VERBOSE))
        return;
    if (!text) {
        log_verbose(MOD, "%s: cleared", layer_name(layer));
        return;
    }
    char line[1024];
    size_t n = 0;
    for (const char *p = text; *p && n + 4 < sizeof(line); p++) {
        if (*p == '\n') {
            memcpy(line + n, " | ", 3);
            n += 3;
        } else {
            line[n++] = *p;
        }
    }
    line[n] = '\0';
    log_verbose(MOD, "%s: %s", layer_name(layer), line);
}

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
    log_layer(layer, text);
}

/* Append to buf (NUL-terminated, `size` bytes); stops at the end quietly. */
static void append(char *buf, size_t size, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
    if (*used + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *used, size - *used, fmt, ap);
    va_end(ap);
    if (n > 0)
        *used = *used + (size_t)n < size ? *used + (size_t)n : size - 1;
}

/* "No videos yet — copy videos into <folder>" once per configured language
 * (the viewer's first), then the counts of waiting and rejected files and
 * the first rejected files with their reasons. */
static void idle_text(core *c, char *buf, size_t size)
{
    size_t used = 0;
    const char *langs[8];
    int nl = 0;
    langs[nl++] = screens_lang(c);
    for (int i = 0; i < c->nprefs && nl < 8; i++)
        langs[nl++] = c->prefs[i];
    char line[512];
    buf[0] = '\0';
    for (int i = 0; i < nl; i++) {
        i18n_format(c->tr, langs[i], line, sizeof(line), I18N_NO_VIDEOS, c->o->media_dir);
        if (!strstr(buf, line)) /* else: same text (a language without a catalogue) */
            append(buf, size, &used, "%s%s", used ? "\n" : "", line);
    }
    int waiting = c->intake_waiting, rejected = c->intake_rejected;
    for (size_t i = 0; i < playlist_count(c->pl); i++) {
        struct playlist_item e;
        if (playlist_at(c->pl, i, &e) && e.failed)
            rejected++;
    }
    const char *l = screens_lang(c);
    char a[128], b[128];
    i18n_format(c->tr, l, a, sizeof(a), I18N_WAITING, waiting);
    i18n_format(c->tr, l, b, sizeof(b), I18N_REJECTED, rejected);
    append(buf, size, &used, "\n\n%s   ·   %s", a, b);
    int shown = 0;
    for (size_t i = 0; i < playlist_count(c->pl) && shown < MAX_REJECTED_SHOWN; i++) {
        struct playlist_item e;
        if (playlist_at(c->pl, i, &e) && e.failed) {
            append(buf, size, &used, "\n%s — %s", e.relpath, e.fail_reason ? e.fail_reason : "");
            shown++;
        }
    }
    for (int i = 0; i < c->intake_nrej_lines && shown < MAX_REJECTED_SHOWN; i++, shown++)
        append(buf, size, &used, "\n%s", c->intake_rej_lines[i]);
    if (c->cfg.config_errors && *c->cfg.config_errors)
        append(buf, size, &used, "\n\n%s", c->cfg.config_errors);
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
