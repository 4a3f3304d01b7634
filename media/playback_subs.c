/* playback_subs.c — subtitle streams of a playback: every subtitle stream
 * is decoded on the reader thread (cheap) so that switching language is
 * instant; decoded events wait here until the main thread takes them. */
#include "media/playback_priv.h"

#include <libavformat/avformat.h>
#include <string.h>

#include "media/subdec.h"
#include "player/log.h"

struct pb_substream {
    int stream_index;
    subdec *dec;        /* NULL when FFmpeg cannot decode it */
    sub_event **events; /* guarded by sub_lock */
    int nevents, cap;
};

void playback_subs_init(playback *pb)
{
    AVFormatContext *ic = pb->src->ic;
    int n = 0;
    for (unsigned i = 0; i < ic->nb_streams; i++)
        n += ic->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_SUBTITLE;
    if (!n)
        return;
    pb->subs = calloc((size_t)n, sizeof(*pb->subs));
    if (!pb->subs)
        return;
    for (unsigned i = 0; i < ic->nb_streams; i++) {
        AVStream *st = ic->streams[i];
        if (st->codecpar->codec_type != AVMEDIA_TYPE_SUBTITLE)
            continue;
        pb_substream *s = &pb->subs[pb->nsubs++];
        s->stream_index = (int)i;
        int ret = subdec_open(&s->dec, st->codecpar, st->time_base.num, st->time_base.den, ic->start_time);
        if (ret != SUBDEC_OK)
            log_verbose("media", "%s: subtitle stream %u (%s) skipped: %s", pb->path, i,
                        avcodec_get_name(st->codecpar->codec_id), subdec_strerror(ret));
        else if (pb->opts.sub_fix_text)
            subdec_set_text_fixer(s->dec, pb->opts.sub_fix_text, pb->opts.sub_fix_text_user);
    }
}

static pb_substream *find(playback *pb, int si)
{
    for (int i = 0; i < pb->nsubs; i++)
        if (pb->subs[i].stream_index == si)
            return &pb->subs[i];
    return NULL;
}

typedef struct emit_ctx {
    playback *pb;
    pb_substream *s;
} emit_ctx;

static void emit(void *opaque, sub_event *ev)
{
    emit_ctx *c = opaque;
    pthread_mutex_lock(&c->pb->sub_lock);
    if (c->s->nevents == c->s->cap) {
        int cap = c->s->cap ? c->s->cap * 2 : 16;
        sub_event **n = realloc(c->s->events, (size_t)cap * sizeof(*n));
        if (!n) {
            pthread_mutex_unlock(&c->pb->sub_lock);
            sub_event_free(ev);
            return;
        }
        c->s->events = n;
        c->s->cap = cap;
    }
    c->s->events[c->s->nevents++] = ev;
    pthread_mutex_unlock(&c->pb->sub_lock);
}

void playback_subs_packet(playback *pb, AVPacket *pkt)
{
    pb_substream *s = find(pb, pkt->stream_index);
    if (!s || !s->dec)
        return;
    emit_ctx c = {pb, s};
    subdec_decode(s->dec, pkt, emit, &c);
}

void playback_subs_seeked(playback *pb)
{
    for (int i = 0; i < pb->nsubs; i++)
        if (pb->subs[i].dec)
            subdec_flush(pb->subs[i].dec);
}

int playback_sub_take(playback *pb, int stream_index, sub_event ***events, int *n)
{
    *events = NULL;
    *n = 0;
    pthread_mutex_lock(&pb->sub_lock);
    pb_substream *s = find(pb, stream_index);
    if (s && s->nevents) {
        *events = s->events;
        *n = s->nevents;
        s->events = NULL;
        s->nevents = s->cap = 0;
    }
    pthread_mutex_unlock(&pb->sub_lock);
    return *n;
}

const char *playback_sub_header(playback *pb, int stream_index)
{
    pb_substream *s = find(pb, stream_index);
    return s && s->dec ? subdec_ass_header(s->dec, NULL) : NULL;
}

bool playback_sub_decodable(playback *pb, int stream_index)
{
    pb_substream *s = find(pb, stream_index);
    return s && s->dec;
}

bool playback_sub_native_ass(playback *pb, int stream_index)
{
    pb_substream *s = find(pb, stream_index);
    return s && s->dec && subdec_is_native_ass(s->dec);
}

void playback_subs_free(playback *pb)
{
    for (int i = 0; i < pb->nsubs; i++) {
        for (int j = 0; j < pb->subs[i].nevents; j++)
            sub_event_free(pb->subs[i].events[j]);
        free(pb->subs[i].events);
        subdec_free(&pb->subs[i].dec);
    }
    free(pb->subs);
    pb->subs = NULL;
    pb->nsubs = 0;
}
