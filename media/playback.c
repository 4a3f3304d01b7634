/* playback.c — see playback.h. The reader thread and the main-thread API;
 * audio reading is in playback_audio.c, subtitles in playback_subs.c. */
#include "media/playback_priv.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "media/subdec.h"
#include "player/log.h"

#define MOD "media"
#define MAX_QUEUE_BYTES (16 * 1024 * 1024)
#define MIN_PACKETS 25

static void *reader_main(void *arg);

static void set_failed(playback *pb, const char *reason)
{
    pthread_mutex_lock(&pb->lock);
    if (pb->state != PB_FAILED) {
        pb->state = PB_FAILED;
        snprintf(pb->error, sizeof(pb->error), "%s", reason);
    }
    pthread_mutex_unlock(&pb->lock);
}

int playback_open(playback **out, const char *path, const playback_opts *opts)
{
    *out = NULL;
    playback *pb = calloc(1, sizeof(*pb));
    if (!pb)
        return AVERROR(ENOMEM);
    pb->opts = *opts;
    pb->path = strdup(path);
    int nl = 0;
    while (opts->audio_langs && opts->audio_langs[nl])
        nl++;
    pb->langs = calloc((size_t)nl + 1, sizeof(char *));
    pb->aclock = mclock_new();
    pb->eclock = mclock_new();
    pb->vq = pktq_new();
    pb->aq = pktq_new();
    pb->vfq = frameq_new(3);
    if (pb->vfq && opts->preroll)
        frameq_set_limit(pb->vfq, 1);
    pb->afq = frameq_new(12);
    if (!pb->path || !pb->langs || !pb->aclock || !pb->eclock || !pb->vq || !pb->aq || !pb->vfq || !pb->afq) {
        playback_close(&pb);
        return AVERROR(ENOMEM);
    }
    for (int i = 0; i < nl; i++)
        pb->langs[i] = strdup(opts->audio_langs[i]);
    pb->opts.audio_langs = (const char *const *)pb->langs;
    pb->video_si = pb->audio_si = -1;
    pb->seek_target = NAN;
    atomic_store(&pb->audio_end_serial, -1);
    pthread_mutex_init(&pb->lock, NULL);
    pthread_cond_init(&pb->cond, NULL);
    pthread_mutex_init(&pb->sub_lock, NULL);
    pb->locks_init = true;
    pb->opened_at = media_now();
    pb->decode_allowed = !opts->preroll;
    if (pthread_create(&pb->reader, NULL, reader_main, pb) != 0) {
        playback_close(&pb);
        return AVERROR(EAGAIN);
    }
    pb->reader_started = true;
    *out = pb;
    return 0;
}

void playback_allow_decode(playback *pb)
{
    pthread_mutex_lock(&pb->lock);
    if (!pb->decode_allowed) {
        pb->decode_allowed = true;
        pb->opened_at = media_now(); /* the first-frame time limit starts now */
        pthread_cond_broadcast(&pb->cond);
    }
    pthread_mutex_unlock(&pb->lock);
}

void playback_go(playback *pb)
{
    playback_allow_decode(pb);
    frameq_set_limit(pb->vfq, 3);
}

void playback_close(playback **pbp)
{
    playback *pb = *pbp;
    if (!pb)
        return;
    atomic_store(&pb->abort, true);
    if (pb->vq)
        pktq_abort(pb->vq);
    if (pb->aq)
        pktq_abort(pb->aq);
    if (pb->vfq)
        frameq_abort(pb->vfq);
    if (pb->afq)
        frameq_abort(pb->afq);
    if (pb->locks_init) {
        pthread_mutex_lock(&pb->lock);
        pthread_cond_broadcast(&pb->cond);
        pthread_mutex_unlock(&pb->lock);
    }
    if (pb->reader_started)
        pthread_join(pb->reader, NULL);
    decoder_stop(&pb->vdec);
    decoder_stop(&pb->adec);
    playback_subs_free(pb);
    free(pb->fonts);
    source_close(&pb->src);
    pktq_free(&pb->vq);
    pktq_free(&pb->aq);
    frameq_free(&pb->vfq);
    frameq_free(&pb->afq);
    mclock_free(&pb->aclock);
    mclock_free(&pb->eclock);
    for (int i = 0; pb->langs && pb->langs[i]; i++)
        free(pb->langs[i]);
    free(pb->langs);
    free(pb->path);
    if (pb->locks_init) {
        pthread_mutex_destroy(&pb->lock);
        pthread_cond_destroy(&pb->cond);
        pthread_mutex_destroy(&pb->sub_lock);
    }
    free(pb);
    *pbp = NULL;
}

/* ---------------------------------------------------------------- reader */

static bool stream_has_enough(pktq *q, AVStream *st, bool active)
{
    if (!active)
        return true;
    int n;
    int64_t dur;
    pktq_stats(q, &n, NULL, &dur);
    return n > MIN_PACKETS && (!dur || av_q2d(st->time_base) * (double)dur > 1.0);
}

static bool queues_full(playback *pb)
{
    int64_t vb = 0, ab = 0;
    pktq_stats(pb->vq, NULL, &vb, NULL);
    pktq_stats(pb->aq, NULL, &ab, NULL);
    if (vb + ab > MAX_QUEUE_BYTES)
        return true;
    AVFormatContext *ic = pb->src->ic;
    bool v_enough = pb->video_si < 0 || stream_has_enough(pb->vq, ic->streams[pb->video_si], pb->vdec != NULL);
    bool a_enough = pb->audio_si < 0 || stream_has_enough(pb->aq, ic->streams[pb->audio_si], pb->adec != NULL);
    return v_enough && a_enough;
}

static void do_seek(playback *pb, double t)
{
    AVFormatContext *ic = pb->src->ic;
    int64_t ts = (int64_t)((t + pb->src->start_time) * AV_TIME_BASE);
    int ret = avformat_seek_file(ic, -1, INT64_MIN, ts, ts, 0);
    if (ret < 0)
        ret = avformat_seek_file(ic, -1, INT64_MIN, ts, INT64_MAX, 0);
    if (ret < 0)
        log_verbose(MOD, "%s: seek to %.3f failed", pb->path, t);
    int vs = pktq_flush(pb->vq);
    int as = pktq_flush(pb->aq);
    if (pb->vdec)
        decoder_set_skip_until(pb->vdec, t, vs);
    if (pb->adec)
        decoder_set_skip_until(pb->adec, t, as);
    mclock_reset(pb->aclock);
    mclock_reset(pb->eclock);
    playback_subs_seeked(pb);
    pb->eof = false;
    atomic_store(&pb->read_done, false);
}

static void start_decoders(playback *pb)
{
    media_source *src = pb->src;
    char err[256];
    decoder_opts dopts = {
        .threads = pb->opts.video_threads,
        .out_rate = pb->opts.out_rate,
        .out_channels = pb->opts.out_channels,
        .still_duration = src->is_still ? pb->opts.image_duration : 0,
        .hwdec = pb->opts.hwdec && !src->is_still,
    };
    if (pb->video_si >= 0 && decoder_start(&pb->vdec, src, pb->video_si, pb->vq, pb->vfq, &dopts, err, sizeof(err)) < 0) {
        log_warn(MOD, "%s: %s", pb->path, err);
        pb->video_si = -1;
    }
    if (pb->audio_si >= 0 && decoder_start(&pb->adec, src, pb->audio_si, pb->aq, pb->afq, &dopts, err, sizeof(err)) < 0) {
        log_warn(MOD, "%s: %s (playing without sound)", pb->path, err);
        pb->audio_si = -1;
    }
}

static void add_font(void *opaque, const char *filename, const char *mimetype, const uint8_t *data, size_t size)
{
    playback *pb = opaque;
    struct pb_font *f = realloc(pb->fonts, (size_t)(pb->nfonts + 1) * sizeof(*f));
    if (!f)
        return;
    pb->fonts = f;
    f[pb->nfonts++] = (struct pb_font){filename ? filename : "", mimetype ? mimetype : "", data, size};
}

static int reader_open(playback *pb)
{
    char err[256];
    int ret = source_open(&pb->src, pb->path, &pb->abort, pb->opts.open_timeout, pb->opts.audio_langs,
                          pb->opts.lang_match, pb->opts.lang_match_user, err, sizeof(err));
    if (ret < 0) {
        set_failed(pb, err);
        return ret;
    }
    media_source *src = pb->src;
    pb->video_si = src->video_stream;
    pb->audio_si = -1;
    if (pb->opts.audio && pb->opts.audio_stream != -2) {
        int want = pb->opts.audio_stream;
        bool valid = want >= 0 && (unsigned)want < src->ic->nb_streams &&
                     src->ic->streams[want]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO;
        pb->audio_si = valid ? want : src->audio_stream;
    }
    for (unsigned i = 0; i < src->ic->nb_streams; i++) {
        AVStream *st = src->ic->streams[i];
        bool keep = (int)i == pb->video_si || (int)i == pb->audio_si ||
                    st->codecpar->codec_type == AVMEDIA_TYPE_SUBTITLE;
        st->discard = keep ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
    }
    playback_subs_init(pb);
    subdec_font_attachments(src->ic, add_font, pb);
    pthread_mutex_lock(&pb->lock);
    while (!pb->decode_allowed && !atomic_load(&pb->abort))
        pthread_cond_wait(&pb->cond, &pb->lock);
    pthread_mutex_unlock(&pb->lock);
    if (atomic_load(&pb->abort))
        return AVERROR_EXIT;
    start_decoders(pb);
    if (pb->video_si < 0 && pb->audio_si < 0) {
        set_failed(pb, "no video or audio stream could be decoded");
        return AVERROR_DECODER_NOT_FOUND;
    }
    if (pb->opts.start_time > 0)
        do_seek(pb, pb->opts.start_time);
    pthread_mutex_lock(&pb->lock);
    pb->opened = true;
    pthread_mutex_unlock(&pb->lock);
    return 0;
}

static void *reader_main(void *arg)
{
    playback *pb = arg;
    if (reader_open(pb) < 0)
        return NULL;
    AVPacket *pkt = av_packet_alloc();
    if (!pkt) {
        set_failed(pb, "out of memory");
        return NULL;
    }
    AVFormatContext *ic = pb->src->ic;
    while (!atomic_load(&pb->abort)) {
        pthread_mutex_lock(&pb->lock);
        bool seek = pb->seek_req;
        double target = pb->seek_target;
        pb->seek_req = false;
        pthread_mutex_unlock(&pb->lock);
        if (seek) {
            do_seek(pb, target);
            pthread_mutex_lock(&pb->lock);
            if (!pb->seek_req)
                pb->seek_pending = false;
            pthread_mutex_unlock(&pb->lock);
            continue;
        }
        if (pb->eof || queues_full(pb)) {
            pthread_mutex_lock(&pb->lock);
            if (!pb->seek_req && !atomic_load(&pb->abort)) {
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                ts.tv_nsec += 10 * 1000000L;
                if (ts.tv_nsec >= 1000000000L) {
                    ts.tv_sec++;
                    ts.tv_nsec -= 1000000000L;
                }
                pthread_cond_timedwait(&pb->cond, &pb->lock, &ts);
            }
            pthread_mutex_unlock(&pb->lock);
            continue;
        }
        int ret = av_read_frame(ic, pkt);
        if (ret < 0) {
            if (ret != AVERROR_EOF && !atomic_load(&pb->abort) && !avio_feof(ic->pb)) {
                char e[AV_ERROR_MAX_STRING_SIZE];
                av_strerror(ret, e, sizeof(e));
                log_verbose(MOD, "%s: read error (%s), treating as end of file", pb->path, e);
            }
            if (pb->vdec)
                pktq_put(pb->vq, NULL);
            if (pb->adec)
                pktq_put(pb->aq, NULL);
            pb->eof = true;
            atomic_store(&pb->read_done, true);
            continue;
        }
        if (pkt->stream_index == pb->video_si && pb->vdec)
            pktq_put(pb->vq, pkt);
        else if (pkt->stream_index == pb->audio_si && pb->adec)
            pktq_put(pb->aq, pkt);
        else if (ic->streams[pkt->stream_index]->codecpar->codec_type == AVMEDIA_TYPE_SUBTITLE)
            playback_subs_packet(pb, pkt);
        av_packet_unref(pkt);
    }
    av_packet_free(&pkt);
    return NULL;
}
