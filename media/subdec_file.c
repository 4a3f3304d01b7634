/* subdec_file.c — whole sidecar subtitle file (UTF-8, in memory) → ASS
 * header + events, through FFmpeg's text subtitle demuxers only.
 * See subdec.h (subdec_read_file). */
#include "media/subdec.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#include "media/subdec_priv.h"
#include "player/log.h"

/* FFmpeg 5.1's text subtitle demuxers. None of them reads other files;
 * io_open is refused anyway. Bitmap and container demuxers are absent on
 * purpose (vobsub would open a second file, sup/dvbsub are binary). */
static const char allowed_demuxers[] =
    "ass,srt,webvtt,microdvd,subviewer,subviewer1,mpl2,mpsub,pjs,realtext,sami,stl,"
    "vplayer,aqtitle,jacosub,lrc,scc";

#define SUBDEC_MAX_EVENTS 200000
#define PROBE_MAX (2u << 20)

static const struct {
    const char *ext, *demuxer;
} ext_map[] = {
    {"srt", "srt"}, {"vtt", "webvtt"}, {"webvtt", "webvtt"}, {"ass", "ass"}, {"ssa", "ass"},
    {"sub", "microdvd"}, {"smi", "sami"}, {"sami", "sami"}, {"mpl", "mpl2"},
    {"rt", "realtext"}, {"pjs", "pjs"}, {"lrc", "lrc"}, {"scc", "scc"}, {"jss", "jacosub"},
};

typedef struct memsrc {
    const uint8_t *data;
    size_t len, pos;
} memsrc;

static int mem_read(void *opaque, uint8_t *buf, int n)
{
    memsrc *m = opaque;
    if (m->pos >= m->len)
        return AVERROR_EOF;
    size_t k = m->len - m->pos;
    if (k > (size_t)n)
        k = (size_t)n;
    memcpy(buf, m->data + m->pos, k);
    m->pos += k;
    return (int)k;
}

static int64_t mem_seek(void *opaque, int64_t off, int whence)
{
    memsrc *m = opaque;
    int64_t base;
    switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE: return (int64_t)m->len;
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = (int64_t)m->pos; break;
    case SEEK_END: base = (int64_t)m->len; break;
    default: return AVERROR(EINVAL);
    }
    int64_t p = base + off;
    if (p < 0 || p > (int64_t)m->len)
        return AVERROR(EINVAL);
    m->pos = (size_t)p;
    return p;
}

/* A sidecar never opens anything else. */
static int refuse_io_open(struct AVFormatContext *s, AVIOContext **pb, const char *url, int flags,
                          AVDictionary **options)
{
    (void)s, (void)pb, (void)flags, (void)options;
    log_debug("subdec", "sidecar demuxer tried to open \"%s\": refused", url ? url : "");
    return AVERROR(EPERM);
}

static bool demuxer_allowed(const char *name)
{
    size_t n = strlen(name);
    for (const char *p = allowed_demuxers; *p;) {
        const char *e = strchr(p, ',');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        if (k == n && strncmp(p, name, n) == 0)
            return true;
        p += k + (e ? 1 : 0);
    }
    return false;
}

static const char *hint_demuxer(const char *name_hint)
{
    const char *dot = name_hint ? strrchr(name_hint, '.') : NULL;
    if (!dot)
        return NULL;
    for (size_t i = 0; i < sizeof(ext_map) / sizeof(ext_map[0]); i++)
        if (strcasecmp(dot + 1, ext_map[i].ext) == 0)
            return ext_map[i].demuxer;
    return NULL;
}

/* Content first (a .txt or a misnamed file), then the extension. */
static const AVInputFormat *choose_demuxer(const char *data, size_t len, const char *name_hint)
{
    size_t n = len < PROBE_MAX ? len : PROBE_MAX;
    uint8_t *buf = calloc(1, n + AVPROBE_PADDING_SIZE);
    if (!buf)
        return NULL;
    memcpy(buf, data, n);
    AVProbeData pd = {.filename = "", .buf = buf, .buf_size = (int)n};
    int score = 0;
    const AVInputFormat *fmt = av_probe_input_format3(&pd, 1, &score);
    free(buf);
    const char *hint = hint_demuxer(name_hint);
    if (fmt && demuxer_allowed(fmt->name) && (score > AVPROBE_SCORE_RETRY || !hint))
        return fmt;
    return hint ? av_find_input_format(hint) : NULL;
}

typedef struct collect {
    subdec_file *f;
    int cap;
    bool nomem;
} collect;

static void collect_event(void *opaque, sub_event *ev)
{
    collect *c = opaque;
    if (c->f->nevents == c->cap) {
        int ncap = c->cap ? c->cap * 2 : 64;
        sub_event **n = realloc(c->f->events, (size_t)ncap * sizeof(*n));
        if (!n) {
            c->nomem = true;
            sub_event_free(ev);
            return;
        }
        c->f->events = n;
        c->cap = ncap;
    }
    c->f->events[c->f->nevents++] = ev;
}

static int decode_all(AVFormatContext *ic, int si, subdec *d, subdec_file *f)
{
    collect c = {.f = f};
    AVPacket *pkt = av_packet_alloc();
    if (!pkt)
        return SUBDEC_E_NOMEM;
    while (!c.nomem && f->nevents < SUBDEC_MAX_EVENTS && av_read_frame(ic, pkt) >= 0) {
        if (pkt->stream_index == si && subdec_decode(d, pkt, collect_event, &c) < 0)
            f->nerrors++;
        av_packet_unref(pkt);
    }
    av_packet_free(&pkt);
    return c.nomem ? SUBDEC_E_NOMEM : SUBDEC_OK;
}

static int open_demuxer(AVFormatContext **pic, AVIOContext *pb, const AVInputFormat *fmt,
                        double fps)
{
    AVFormatContext *ic = avformat_alloc_context();
    if (!ic)
        return SUBDEC_E_NOMEM;
    ic->pb = pb;
    ic->flags |= AVFMT_FLAG_CUSTOM_IO;
    ic->io_open = refuse_io_open;
    ic->format_whitelist = av_strdup(allowed_demuxers);
    ic->protocol_whitelist = av_strdup("none");
    AVDictionary *opts = NULL;
    if (fps > 0) {
        AVRational q = av_d2q(fps, 100000);
        char buf[32];
        snprintf(buf, sizeof(buf), "%d/%d", q.num, q.den);
        av_dict_set(&opts, "subfps", buf, 0);
    }
    int r = avformat_open_input(&ic, NULL, fmt, &opts); /* frees ic on failure */
    av_dict_free(&opts);
    if (r < 0)
        return r == AVERROR(ENOMEM) ? SUBDEC_E_NOMEM : SUBDEC_E_FORMAT;
    *pic = ic;
    return SUBDEC_OK;
}

int subdec_read_file(const char *utf8, size_t len, const char *name_hint, double fps,
                     subdec_file **out)
{
    if (!utf8 || !out)
        return SUBDEC_E_ARG;
    *out = NULL;
    if (len > SUBDEC_FILE_MAX)
        return SUBDEC_E_TOO_BIG;
    if (len == 0)
        return SUBDEC_E_EMPTY;
    const AVInputFormat *fmt = choose_demuxer(utf8, len, name_hint);
    if (!fmt)
        return SUBDEC_E_FORMAT;
    /* FFmpeg's WebVTT demuxer gives up at the first block it cannot read. */
    char *vtt = NULL;
    int vtt_skipped = 0;
    if (!strcmp(fmt->name, "webvtt") && subdec_vtt_signature(utf8, len)) {
        size_t vlen = 0;
        vtt = subdec_vtt_clean(utf8, len, &vlen, &vtt_skipped);
        if (!vtt)
            return SUBDEC_E_NOMEM;
        utf8 = vtt;
        len = vlen;
    }
    memsrc src = {.data = (const uint8_t *)utf8, .len = len};
    unsigned char *iobuf = av_malloc(4096);
    AVIOContext *pb = iobuf ? avio_alloc_context(iobuf, 4096, 0, &src, mem_read, NULL, mem_seek)
                            : NULL;
    if (!pb) {
        av_free(iobuf);
        free(vtt);
        return SUBDEC_E_NOMEM;
    }
    AVFormatContext *ic = NULL;
    subdec *d = NULL;
    subdec_file *f = NULL;
    int ret = open_demuxer(&ic, pb, fmt, fps);
    if (ret != SUBDEC_OK)
        goto done;
    int si = -1;
    for (unsigned i = 0; i < ic->nb_streams; i++) {
        if (ic->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_SUBTITLE) {
            si = (int)i;
            break;
        }
    }
    ret = SUBDEC_E_EMPTY;
    if (si < 0)
        goto done;
    AVStream *st = ic->streams[si];
    ret = subdec_open(&d, st->codecpar, st->time_base.num, st->time_base.den, 0);
    if (ret != SUBDEC_OK)
        goto done;
    ret = SUBDEC_E_UNSUPPORTED;
    if (subdec_is_bitmap(d))
        goto done;
    ret = SUBDEC_E_NOMEM;
    f = calloc(1, sizeof(*f));
    if (!f)
        goto done;
    snprintf(f->format, sizeof(f->format), "%s", ic->iformat->name);
    f->native_ass = subdec_is_native_ass(d);
    size_t hlen = 0;
    const char *h = subdec_ass_header(d, &hlen);
    f->ass_header = strdup(h);
    if (!f->ass_header)
        goto done;
    f->ass_header_len = hlen;
    ret = decode_all(ic, si, d, f);
    f->nerrors += vtt_skipped;
done:
    if (ret != SUBDEC_OK)
        subdec_file_free(&f);
    *out = f;
    subdec_free(&d);
    avformat_close_input(&ic);
    if (pb)
        av_freep(&pb->buffer);
    avio_context_free(&pb);
    free(vtt);
    return ret;
}

void subdec_file_free(subdec_file **pf)
{
    if (!pf || !*pf)
        return;
    subdec_file *f = *pf;
    for (int i = 0; i < f->nevents; i++)
        sub_event_free(f->events[i]);
    free(f->events);
    free(f->ass_header);
    free(f);
    *pf = NULL;
}
