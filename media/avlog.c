/* avlog.c — see avlog.h. */
#include "media/avlog.h"

#include <stdio.h>
#include <string.h>

#include <libavutil/log.h>

/* One partial line per thread (see avlog.h "State"). */
#define AVLOG_LINE_MAX 1024
static _Thread_local char tl_line[AVLOG_LINE_MAX];
static _Thread_local size_t tl_len;
static _Thread_local enum log_level tl_level;
static _Thread_local char tl_item[48];

enum log_level avlog_map_level(int av_level)
{
    if (av_level <= AV_LOG_ERROR)
        return LOG_ERROR;
    if (av_level <= AV_LOG_WARNING)
        return LOG_WARN;
    if (av_level <= AV_LOG_INFO)
        return LOG_VERBOSE;
    if (av_level <= AV_LOG_VERBOSE)
        return LOG_DEBUG;
    return LOG_TRACE;
}

static void item_name(void *avcl, char *out, size_t len)
{
    out[0] = '\0';
    if (!avcl)
        return;
    const AVClass *cls = *(const AVClass **)avcl;
    if (!cls || !cls->item_name)
        return;
    const char *name = cls->item_name(avcl);
    if (name)
        snprintf(out, len, "%s", name);
}

static void flush_line(void)
{
    if (tl_len > 0) {
        tl_line[tl_len] = '\0';
        if (tl_item[0])
            vlog(tl_level, "ffmpeg", "[%s] %s", tl_item, tl_line);
        else
            vlog(tl_level, "ffmpeg", "%s", tl_line);
    }
    tl_len = 0;
    tl_item[0] = '\0';
}

void avlog_callback(void *avcl, int av_level, const char *fmt, va_list vl)
{
    if (av_level > AV_LOG_TRACE)
        return;
    enum log_level lvl = avlog_map_level(av_level);
    /* Our own refusal of an unsafe demuxer: media/source.c says it in one
     * line; FFmpeg's version lists every allowed demuxer (3 kB). */
    if (fmt && !strncmp(fmt, "Format not on whitelist", 23))
        lvl = LOG_DEBUG;
    if (!log_enabled(lvl))
        return;
    char msg[AVLOG_LINE_MAX];
    int n = vsnprintf(msg, sizeof(msg), fmt, vl);
    if (n < 0)
        return;
    /* A new message starts a line: remember who sent it and at what level
     * (the most severe level among the parts wins). */
    if (tl_len == 0) {
        item_name(avcl, tl_item, sizeof(tl_item));
        tl_level = lvl;
    } else if (lvl < tl_level) {
        tl_level = lvl;
    }
    for (const char *p = msg; *p; p++) {
        if (*p == '\n') {
            flush_line();
            if (p[1]) {
                item_name(avcl, tl_item, sizeof(tl_item));
                tl_level = lvl;
            }
            continue;
        }
        if (*p == '\r')
            continue;
        if (tl_len + 1 < sizeof(tl_line))
            tl_line[tl_len++] = *p;
    }
    /* An over-long line without '\n' is emitted rather than lost. */
    if (tl_len + 1 >= sizeof(tl_line))
        flush_line();
}

void avlog_sync_level(void)
{
    enum log_level lvl = log_get_level();
    int av = AV_LOG_INFO;            /* → verbose: FFmpeg's info and above */
    if (lvl <= LOG_INFO)
        av = AV_LOG_WARNING;
    else if (lvl == LOG_DEBUG)
        av = AV_LOG_VERBOSE;
    else if (lvl >= LOG_TRACE)
        av = AV_LOG_DEBUG;
    av_log_set_level(av);
}

void avlog_install(void)
{
    avlog_sync_level();
    av_log_set_callback(avlog_callback);
}
