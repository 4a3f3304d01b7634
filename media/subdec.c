/* subdec.c — one embedded subtitle stream → sub_events. See subdec.h. */
#include "media/subdec.h"

#include <stdio.h>
#include <string.h>

#include <libavcodec/avcodec.h>

#include "player/log.h"

struct subdec {
    AVCodecContext *cc;
    AVRational tb;
    int64_t start_us;
    bool bitmap;
    bool native_ass;
    char *header;
    size_t header_len;
    subdec_fix_text_fn fix;
    void *fix_opaque;
};

/* FFmpeg's text decoders all set a header; this is the fallback for one
 * that does not (same layout as FFmpeg's default, PlayRes 384x288). */
static const char fallback_header[] =
    "[Script Info]\n"
    "ScriptType: v4.00+\n"
    "PlayResX: 384\n"
    "PlayResY: 288\n"
    "ScaledBorderAndShadow: yes\n"
    "\n"
    "[V4+ Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
    "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
    "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
    "Style: Default,Arial,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0\n"
    "\n"
    "[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";

const char *subdec_strerror(int err)
{
    switch (err) {
    case SUBDEC_OK: return "ok";
    case SUBDEC_E_UNSUPPORTED: return "subtitle format not supported by this FFmpeg";
    case SUBDEC_E_NOMEM: return "out of memory";
    case SUBDEC_E_OPEN: return "subtitle decoder failed to open";
    case SUBDEC_E_DECODE: return "undecodable subtitle packet";
    case SUBDEC_E_TOO_BIG: return "subtitle file too big (over 32 MiB)";
    case SUBDEC_E_FORMAT: return "not a text subtitle format";
    case SUBDEC_E_ARG: return "invalid argument";
    case SUBDEC_E_EMPTY: return "no subtitles in file";
    default: return "unknown subtitle error";
    }
}

int subdec_open(subdec **out, const AVCodecParameters *par, int tb_num, int tb_den,
                int64_t start_us)
{
    if (!out || !par || tb_num <= 0 || tb_den <= 0)
        return SUBDEC_E_ARG;
    *out = NULL;
    if (par->codec_type != AVMEDIA_TYPE_SUBTITLE)
        return SUBDEC_E_UNSUPPORTED;
    const AVCodec *codec = avcodec_find_decoder(par->codec_id);
    const AVCodecDescriptor *desc = avcodec_descriptor_get(par->codec_id);
    if (!codec || !desc)
        return SUBDEC_E_UNSUPPORTED;
    subdec *d = calloc(1, sizeof(*d));
    if (!d)
        return SUBDEC_E_NOMEM;
    d->tb = (AVRational){tb_num, tb_den};
    d->start_us = start_us == AV_NOPTS_VALUE ? 0 : start_us;
    d->bitmap = (desc->props & AV_CODEC_PROP_BITMAP_SUB) != 0;
    d->native_ass = par->codec_id == AV_CODEC_ID_ASS || par->codec_id == AV_CODEC_ID_SSA;
    int ret = SUBDEC_E_NOMEM, r;
    d->cc = avcodec_alloc_context3(codec);
    if (!d->cc)
        goto fail;
    ret = SUBDEC_E_OPEN;
    if (avcodec_parameters_to_context(d->cc, par) < 0)
        goto fail;
    d->cc->pkt_timebase = d->tb;
    AVDictionary *opts = NULL;
    if (par->codec_id == AV_CODEC_ID_DVB_TELETEXT) {
        /* MPEG-TS teletext: subtitle pages only, as ASS text (styled like
         * any converted text) rather than bitmaps of the whole page. */
        av_dict_set(&opts, "txt_page", "subtitle", 0);
        av_dict_set(&opts, "txt_format", "ass", 0);
        d->bitmap = false;
    }
    /* Keep cues that are not UTF-8 (see subdec_set_text_fixer) instead of
     * letting FFmpeg drop them. */
    if (!d->bitmap)
        d->cc->sub_charenc_mode = FF_SUB_CHARENC_MODE_IGNORE;
    r = avcodec_open2(d->cc, codec, &opts);
    av_dict_free(&opts);
    if (r < 0)
        goto fail;
    if (!d->bitmap) {
        const char *h = (const char *)d->cc->subtitle_header;
        size_t n = h ? (size_t)d->cc->subtitle_header_size : 0;
        if (!h || n == 0) {
            h = fallback_header;
            n = sizeof(fallback_header) - 1;
        }
        d->header = malloc(n + 1);
        if (!d->header) {
            ret = SUBDEC_E_NOMEM;
            goto fail;
        }
        memcpy(d->header, h, n);
        d->header[n] = '\0';
        d->header_len = strlen(d->header); /* an embedded NUL ends it */
    }
    *out = d;
    return SUBDEC_OK;
fail:
    subdec_free(&d);
    return ret;
}

void subdec_free(subdec **pd)
{
    if (!pd || !*pd)
        return;
    subdec *d = *pd;
    avcodec_free_context(&d->cc);
    free(d->header);
    free(d);
    *pd = NULL;
}

bool subdec_is_bitmap(const subdec *d) { return d->bitmap; }
bool subdec_is_native_ass(const subdec *d) { return d->native_ass; }
const char *subdec_codec_name(const subdec *d) { return avcodec_get_name(d->cc->codec_id); }

const char *subdec_ass_header(const subdec *d, size_t *len)
{
    if (len)
        *len = d->header_len;
    return d->header;
}

void subdec_set_text_fixer(subdec *d, subdec_fix_text_fn fix, void *opaque)
{
    d->fix = fix;
    d->fix_opaque = opaque;
}

/* Length of the valid UTF-8 sequence at p (1-4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        return (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] > 0x9F))
            return 0; /* overlong, surrogate */
        return 3;
    }
    if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] > 0x8F))
            return 0;
        return 4;
    }
    return 0;
}

static bool utf8_valid(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_seq(p);
        if (!n)
            return false;
        p += n;
    }
    return true;
}

/* Invalid bytes → U+FFFD. */
static char *utf8_lossy(const char *s)
{
    char *out = malloc(strlen(s) * 3 + 1);
    if (!out)
        return NULL;
    char *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_seq(p);
        if (n) {
            memcpy(o, p, n);
            o += n;
            p += n;
        } else {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            p++;
        }
    }
    *o = '\0';
    return out;
}

/* Windows-1252 0x80-0x9F (0 = undefined); 0xA0-0xFF are Latin-1. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* cp1252 → UTF-8 (undefined bytes → U+FFFD). */
static char *cp1252_to_utf8(const char *s)
{
    char *out = malloc(strlen(s) * 3 + 1);
    if (!out)
        return NULL;
    char *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned c = *p;
        if (c >= 0x80 && c < 0xA0)
            c = cp1252_c1[c - 0x80] ? cp1252_c1[c - 0x80] : 0xFFFD;
        if (c < 0x80) {
            *o++ = (char)c;
        } else if (c < 0x800) {
            *o++ = (char)(0xC0 | c >> 6);
            *o++ = (char)(0x80 | (c & 0x3F));
        } else {
            *o++ = (char)(0xE0 | c >> 12);
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o = '\0';
    return out;
}

/* Mostly UTF-8 with a few broken bytes (>= 4 valid multi-byte sequences
 * per invalid byte, as subtitles/charset decides for files)? */
static bool mostly_utf8(const char *s)
{
    size_t multi = 0, bad = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_seq(p);
        if (!n) {
            bad++;
            p++;
        } else {
            multi += n > 1;
            p += n;
        }
    }
    return multi > 0 && multi >= 4 * bad;
}

/* A valid UTF-8 copy of an event line (see subdec_set_text_fixer): the
 * fixer's conversion, else — a cue in a legacy code page, which FFmpeg
 * alone drops — UTF-8 with the broken bytes replaced when the line is
 * mostly UTF-8, else the line read as cp1252 (subtitle-codepage's
 * default). */
static char *to_utf8(subdec *d, const char *line)
{
    if (utf8_valid(line))
        return strdup(line);
    char *fixed = d->fix ? d->fix(d->fix_opaque, line, strlen(line)) : NULL;
    if (fixed && utf8_valid(fixed))
        return fixed;
    free(fixed);
    return mostly_utf8(line) ? utf8_lossy(line) : cp1252_to_utf8(line);
}

void subdec_flush(subdec *d)
{
    if (d && d->cc)
        avcodec_flush_buffers(d->cc);
}

static uint32_t fnv1a(uint32_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

/* "ReadOrder,Layer,…" → "<hash>,Layer,…" (see subdec.h). */
static char *rewrite_readorder(const char *line, int64_t start, int64_t dur)
{
    const char *rest = strchr(line, ',');
    rest = rest ? rest + 1 : line;
    uint32_t h = 2166136261u;
    h = fnv1a(h, &start, sizeof(start));
    h = fnv1a(h, &dur, sizeof(dur));
    h = fnv1a(h, rest, strlen(rest));
    int ro = (int)(h & 0x7fffffffu);
    size_t n = strlen(rest) + 16;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%d,%s", ro, rest);
    return out;
}

/* Plain text (a decoder without ASS output) → ASS dialogue body. */
static char *text_to_ass(const char *text)
{
    static const char prefix[] = "0,0,Default,,0,0,0,,";
    size_t n = strlen(text);
    char *out = malloc(sizeof(prefix) + 2 * n + 1);
    if (!out)
        return NULL;
    char *o = out + sizeof(prefix) - 1;
    memcpy(out, prefix, sizeof(prefix) - 1);
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            *o++ = '\\';
            *o++ = 'N';
        } else if (*p == '{' || *p == '}' || *p == '\\') {
            *o++ = '\\';
            *o++ = *p;
        } else if (*p != '\r') {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

static int bitmap_from_rect(sub_bitmap *b, const AVSubtitleRect *r)
{
    if (r->type != SUBTITLE_BITMAP || r->w <= 0 || r->h <= 0 || !r->data[0] || !r->data[1] ||
        (int64_t)r->w * r->h > (16 << 20))
        return 0;
    b->x = r->x;
    b->y = r->y;
    b->w = r->w;
    b->h = r->h;
    b->stride = r->w * 4;
    b->rgba = malloc((size_t)b->stride * r->h);
    if (!b->rgba)
        return SUBDEC_E_NOMEM;
    const uint32_t *pal = (const uint32_t *)(const void *)r->data[1];
    int ncol = r->nb_colors < 0 ? 0 : (r->nb_colors > 256 ? 256 : r->nb_colors);
    for (int y = 0; y < r->h; y++) {
        const uint8_t *src = r->data[0] + (size_t)y * r->linesize[0];
        uint8_t *dst = b->rgba + (size_t)y * b->stride;
        for (int x = 0; x < r->w; x++) {
            uint32_t c = src[x] < ncol ? pal[src[x]] : 0; /* 0xAARRGGBB */
            dst[4 * x + 0] = (uint8_t)(c >> 16);
            dst[4 * x + 1] = (uint8_t)(c >> 8);
            dst[4 * x + 2] = (uint8_t)c;
            dst[4 * x + 3] = (uint8_t)(c >> 24);
        }
    }
    return 1;
}

static int emit_bitmap(subdec *d, const AVSubtitle *sub, int64_t start, int64_t dur,
                       subdec_emit_fn emit, void *opaque)
{
    sub_event *ev = calloc(1, sizeof(*ev));
    if (!ev)
        return SUBDEC_E_NOMEM;
    ev->start_ms = start;
    ev->duration_ms = dur;
    ev->canvas_w = d->cc->width;
    ev->canvas_h = d->cc->height;
    if (sub->num_rects > 0) {
        ev->bitmaps = calloc(sub->num_rects, sizeof(*ev->bitmaps));
        if (!ev->bitmaps) {
            sub_event_free(ev);
            return SUBDEC_E_NOMEM;
        }
    }
    for (unsigned i = 0; i < sub->num_rects; i++) {
        int r = bitmap_from_rect(&ev->bitmaps[ev->nbitmaps], sub->rects[i]);
        if (r < 0) {
            sub_event_free(ev);
            return r;
        }
        ev->nbitmaps += r;
    }
    emit(opaque, ev);
    return 1;
}

static int emit_text(subdec *d, const AVSubtitle *sub, int64_t start, int64_t dur,
                     subdec_emit_fn emit, void *opaque)
{
    int n = 0;
    for (unsigned i = 0; i < sub->num_rects; i++) {
        const AVSubtitleRect *r = sub->rects[i];
        char *tmp = NULL;
        if (r->ass && r->ass[0]) {
            tmp = to_utf8(d, r->ass);
        } else if (r->text && r->text[0]) {
            char *raw = text_to_ass(r->text);
            tmp = raw ? to_utf8(d, raw) : NULL;
            free(raw);
        } else {
            continue;
        }
        char *line = tmp ? rewrite_readorder(tmp, start, dur) : NULL;
        free(tmp);
        sub_event *ev = line ? calloc(1, sizeof(*ev)) : NULL;
        if (!ev) {
            free(line);
            return SUBDEC_E_NOMEM;
        }
        ev->start_ms = start;
        ev->duration_ms = dur;
        ev->ass = line;
        emit(opaque, ev);
        n++;
    }
    return n;
}

int subdec_decode(subdec *d, const AVPacket *pkt, subdec_emit_fn emit, void *opaque)
{
    if (!d || !pkt || !emit)
        return SUBDEC_E_ARG;
    AVSubtitle sub;
    memset(&sub, 0, sizeof(sub));
    sub.pts = AV_NOPTS_VALUE;
    int got = 0;
    /* avcodec_decode_subtitle2 takes a non-const packet but does not
     * modify it. */
    int ret = avcodec_decode_subtitle2(d->cc, &sub, &got, (AVPacket *)pkt);
    if (ret < 0) {
        log_debug("subdec", "%s: packet at %" PRId64 " not decodable", subdec_codec_name(d),
                  pkt->pts);
        return SUBDEC_E_DECODE;
    }
    if (!got)
        return 0;
    int64_t base_us = sub.pts;
    if (base_us == AV_NOPTS_VALUE) {
        int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
        if (ts == AV_NOPTS_VALUE) {
            avsubtitle_free(&sub);
            return 0; /* no time: nothing sensible to show */
        }
        base_us = av_rescale_q(ts, d->tb, AV_TIME_BASE_Q);
    }
    int64_t start = (base_us - d->start_us) / 1000 + sub.start_display_time;
    int64_t dur = -1;
    if (sub.end_display_time != UINT32_MAX && sub.end_display_time > sub.start_display_time)
        dur = (int64_t)sub.end_display_time - sub.start_display_time;
    else if (pkt->duration > 0)
        dur = av_rescale_q(pkt->duration, d->tb, (AVRational){1, 1000});
    if (d->bitmap)
        ret = emit_bitmap(d, &sub, start, dur, emit, opaque);
    else
        ret = emit_text(d, &sub, start, dur, emit, opaque);
    avsubtitle_free(&sub);
    return ret;
}
