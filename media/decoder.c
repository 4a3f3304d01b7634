/* decoder.c — see decoder.h. */
#include "media/decoder.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "media/hwdec.h"
#include "player/log.h"

#define MOD "decoder"

struct decoder {
    media_source *src;
    int si;
    AVStream *st;
    AVCodecContext *ctx;
    pktq *pq;
    frameq *fq;
    decoder_opts opts;
    bool is_audio;
    pthread_t thread;
    bool started;

    /* audio conversion */
    char codec_name[32];
    bool hw_failed;
    atomic_bool hw_active;
    SwrContext *swr;
    int swr_in_rate, swr_in_fmt;
    AVChannelLayout swr_in_layout;
    AVChannelLayout out_layout;

    double next_pts; /* estimate when a frame carries no timestamp */
    double default_duration;

    pthread_mutex_t lock;
    double skip_until;
    int skip_serial;
    double eos_pts; /* guarded by lock */
    int eos_serial;

    atomic_long frames_out;
    atomic_int threads; /* thread count of the last codec opened */
    atomic_long errors;
};

static void *decoder_main(void *arg);

/* Decoder threads when not configured (see decoder.h). */
int decoder_auto_threads(int width, int height, double fps, long cores, bool strong_cores)
{
    if ((long)width * height > 1920L * 1088L)
        return 0; /* FFmpeg's automatic count */
    if (strong_cores && fps > 0 && fps <= 31.0)
        return 1;
    return cores >= 2 ? 2 : 1;
}

bool decoder_too_slow(long shown, long dropped)
{
    return dropped >= 5 && dropped * 50 > shown + dropped;
}

static int auto_threads(const AVStream *st)
{
    /* x86-64 mini-PCs (N100-class) decode 1080p H.264 several times faster
     * than real time on one core; ARM boards such as a Raspberry Pi 4 do
     * not, so they keep a second frame thread. */
#if defined(__x86_64__)
    const bool strong = true;
#else
    const bool strong = false;
#endif
    AVRational r = st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0 ? st->avg_frame_rate : st->r_frame_rate;
    double fps = r.num > 0 && r.den > 0 ? av_q2d(r) : 0; /* unknown: not assumed slow */
    return decoder_auto_threads(st->codecpar->width, st->codecpar->height, fps, sysconf(_SC_NPROCESSORS_ONLN),
                                strong);
}

/* (Re)create the codec context. It is released at end of stream to give its
 * memory (frame threads, reference pictures) back while the next file
 * pre-rolls; a seek afterwards reopens it. */
static int open_codec(decoder *d, char *err, size_t errlen)
{
    const AVCodec *codec = avcodec_find_decoder(d->st->codecpar->codec_id);
    if (!codec) {
        snprintf(err, errlen, "no decoder for %s", d->codec_name);
        return AVERROR_DECODER_NOT_FOUND;
    }
    d->ctx = avcodec_alloc_context3(codec);
    if (!d->ctx)
        return AVERROR(ENOMEM);
    int ret = avcodec_parameters_to_context(d->ctx, d->st->codecpar);
    if (ret >= 0) {
        d->ctx->pkt_timebase = d->st->time_base;
        if (!d->is_audio) {
            d->ctx->thread_count = d->opts.threads > 0 ? d->opts.threads : auto_threads(d->st);
            atomic_store(&d->threads, d->ctx->thread_count);
            d->ctx->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
            char why[160];
            if (d->opts.hwdec && !d->hw_failed && hwdec_attach(d->ctx, NULL, why, sizeof(why)) < 0) {
                d->hw_failed = true; /* the player checked the device at start-up */
                log_verbose(MOD, "hardware decoding unavailable (%s): decoding %s in software", why, d->codec_name);
            }
        }
        ret = avcodec_open2(d->ctx, codec, NULL);
    }
    if (ret < 0) {
        char e[AV_ERROR_MAX_STRING_SIZE];
        av_strerror(ret, e, sizeof(e));
        snprintf(err, errlen, "cannot open the %s decoder: %s", d->codec_name, e);
        avcodec_free_context(&d->ctx);
    }
    return ret;
}

int decoder_start(decoder **out, media_source *src, int si, pktq *pq, frameq *fq, const decoder_opts *opts,
                  char *err, size_t errlen)
{
    *out = NULL;
    decoder *d = calloc(1, sizeof(*d));
    if (!d)
        return AVERROR(ENOMEM);
    d->src = src;
    d->si = si;
    d->st = src->ic->streams[si];
    d->pq = pq;
    d->fq = fq;
    d->opts = *opts;
    d->is_audio = d->st->codecpar->codec_type == AVMEDIA_TYPE_AUDIO;
    d->next_pts = NAN;
    d->skip_until = NAN;
    d->skip_serial = -1;
    d->eos_serial = -1;
    pthread_mutex_init(&d->lock, NULL);

    if (!d->is_audio) {
        AVRational fr = av_guess_frame_rate(src->ic, d->st, NULL);
        d->default_duration = (fr.num && fr.den) ? av_q2d(av_inv_q(fr)) : 1.0 / 25;
        if (d->default_duration <= 0 || d->default_duration > 1.0)
            d->default_duration = 1.0 / 25;
    } else {
        av_channel_layout_default(&d->out_layout, opts->out_channels);
    }
    snprintf(d->codec_name, sizeof(d->codec_name), "%s", avcodec_get_name(d->st->codecpar->codec_id));
    int ret = open_codec(d, err, errlen);
    if (ret < 0)
        goto fail;
    if (pthread_create(&d->thread, NULL, decoder_main, d) != 0) {
        ret = AVERROR(EAGAIN);
        goto fail_msg;
    }
    d->started = true;
    *out = d;
    return 0;

fail_msg:
    snprintf(err, errlen, "cannot start the %s decoder thread", d->codec_name);
fail:
    avcodec_free_context(&d->ctx);
    pthread_mutex_destroy(&d->lock);
    free(d);
    return ret;
}

void decoder_stop(decoder **dp)
{
    decoder *d = *dp;
    if (!d)
        return;
    if (d->started)
        pthread_join(d->thread, NULL);
    avcodec_free_context(&d->ctx);
    swr_free(&d->swr);
    av_channel_layout_uninit(&d->swr_in_layout);
    av_channel_layout_uninit(&d->out_layout);
    pthread_mutex_destroy(&d->lock);
    free(d);
    *dp = NULL;
}

void decoder_set_skip_until(decoder *d, double t, int serial)
{
    pthread_mutex_lock(&d->lock);
    d->skip_until = t;
    d->skip_serial = serial;
    pthread_mutex_unlock(&d->lock);
}

double decoder_eos_pts(decoder *d, int serial)
{
    pthread_mutex_lock(&d->lock);
    double t = d->eos_serial == serial ? d->eos_pts : NAN;
    pthread_mutex_unlock(&d->lock);
    return t;
}

bool decoder_hw_active(decoder *d) { return atomic_load(&d->hw_active); }

long decoder_frames_out(decoder *d) { return atomic_load(&d->frames_out); }
int decoder_threads(decoder *d) { return atomic_load(&d->threads); }

long decoder_errors(decoder *d) { return atomic_load(&d->errors); }
const char *decoder_codec_name(decoder *d) { return d->codec_name; }

static bool should_skip(decoder *d, double pts, double dur, int serial)
{
    pthread_mutex_lock(&d->lock);
    bool skip = serial == d->skip_serial && !isnan(d->skip_until) && !isnan(pts) && pts + dur <= d->skip_until + 1e-3;
    pthread_mutex_unlock(&d->lock);
    return skip;
}

/* (Re)configure swresample when the input format changes mid-stream. */
static int ensure_swr(decoder *d, const AVFrame *f)
{
    if (d->swr && f->sample_rate == d->swr_in_rate && f->format == d->swr_in_fmt &&
        av_channel_layout_compare(&f->ch_layout, &d->swr_in_layout) == 0)
        return 0;
    swr_free(&d->swr);
    AVChannelLayout in_layout;
    if (av_channel_layout_copy(&in_layout, &f->ch_layout) < 0 || !av_channel_layout_check(&in_layout)) {
        av_channel_layout_uninit(&in_layout);
        av_channel_layout_default(&in_layout, f->ch_layout.nb_channels > 0 ? f->ch_layout.nb_channels : 2);
    }
    int ret = swr_alloc_set_opts2(&d->swr, &d->out_layout, AV_SAMPLE_FMT_FLT, d->opts.out_rate, &in_layout,
                                  f->format, f->sample_rate, 0, NULL);
    av_channel_layout_uninit(&in_layout);
    if (ret >= 0)
        ret = swr_init(d->swr);
    if (ret < 0) {
        swr_free(&d->swr);
        return ret;
    }
    d->swr_in_rate = f->sample_rate;
    d->swr_in_fmt = f->format;
    av_channel_layout_uninit(&d->swr_in_layout);
    av_channel_layout_copy(&d->swr_in_layout, &f->ch_layout);
    return 0;
}

/* Convert an audio frame to the output format into dst (allocated here). */
static int convert_audio(decoder *d, AVFrame *in, AVFrame *dst)
{
    int ret = ensure_swr(d, in);
    if (ret < 0)
        return ret;
    int max_out = (int)av_rescale_rnd(swr_get_delay(d->swr, in->sample_rate) + in->nb_samples, d->opts.out_rate,
                                      in->sample_rate, AV_ROUND_UP) + 16;
    dst->format = AV_SAMPLE_FMT_FLT;
    dst->sample_rate = d->opts.out_rate;
    av_channel_layout_copy(&dst->ch_layout, &d->out_layout);
    dst->nb_samples = max_out;
    if ((ret = av_frame_get_buffer(dst, 0)) < 0)
        return ret;
    int n = swr_convert(d->swr, dst->data, max_out, (const uint8_t **)in->extended_data, in->nb_samples);
    if (n < 0)
        return n;
    dst->nb_samples = n;
    return 0;
}

static bool emit(decoder *d, AVFrame *f, int serial)
{
    if (serial != pktq_serial(d->pq)) /* stale: a seek happened meanwhile */
        return true;
    double tb = av_q2d(d->st->time_base);
    int64_t ts = f->best_effort_timestamp;
    double pts = ts == AV_NOPTS_VALUE ? d->next_pts : (double)ts * tb - d->src->start_time;
    double dur;
    AVFrame *conv = NULL;
    if (d->is_audio) {
        if (f->sample_rate <= 0)
            return true;
        dur = (double)f->nb_samples / f->sample_rate;
        conv = av_frame_alloc();
        if (!conv || convert_audio(d, f, conv) < 0) {
            av_frame_free(&conv);
            atomic_fetch_add(&d->errors, 1);
            return true;
        }
    } else {
        if (hwdec_is_hw_frame(f)) { /* GPU surface → NV12 in memory, here, off the main thread */
            atomic_store(&d->hw_active, true);
            if (hwdec_download(f, &conv) < 0) {
                atomic_fetch_add(&d->errors, 1);
                return true;
            }
        }
        dur = f->pkt_duration > 0 ? (double)f->pkt_duration * tb : d->default_duration;
        if (d->opts.still_duration > 0)
            dur = d->opts.still_duration;
    }
    if (isnan(pts))
        pts = 0;
    d->next_pts = pts + dur;
    if (should_skip(d, pts, dur, serial)) {
        av_frame_free(&conv);
        return true;
    }
    qframe *slot = frameq_peek_writable(d->fq);
    if (!slot) {
        av_frame_free(&conv);
        return false;
    }
    av_frame_move_ref(slot->frame, conv ? conv : f);
    av_frame_free(&conv);
    slot->pts = pts;
    slot->duration = dur;
    slot->serial = serial;
    slot->eos = false;
    frameq_push(d->fq);
    atomic_fetch_add(&d->frames_out, 1);
    return true;
}

static bool emit_eos(decoder *d, int serial)
{
    pthread_mutex_lock(&d->lock);
    d->eos_pts = d->next_pts;
    d->eos_serial = serial;
    pthread_mutex_unlock(&d->lock);
    qframe *slot = frameq_peek_writable(d->fq);
    if (!slot)
        return false;
    slot->pts = d->next_pts;
    slot->duration = 0;
    slot->serial = serial;
    slot->eos = true;
    frameq_push(d->fq);
    return true;
}

/* Read every frame the decoder has ready. False when the queue aborted. */
static bool receive_all(decoder *d, AVFrame *frame, int serial)
{
    for (;;) {
        int ret = avcodec_receive_frame(d->ctx, frame);
        if (ret == AVERROR(EAGAIN))
            return true;
        if (ret == AVERROR_EOF) {
            avcodec_free_context(&d->ctx); /* reopened if a seek follows */
            return emit_eos(d, serial);
        }
        if (ret < 0) {
            atomic_fetch_add(&d->errors, 1);
            return true;
        }
        bool ok = emit(d, frame, serial);
        av_frame_unref(frame);
        if (!ok)
            return false;
    }
}

static void *decoder_main(void *arg)
{
    decoder *d = arg;
    AVPacket *pkt = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    int serial = -1;
    bool running = pkt && frame;
    long logged_errors = 0;
    while (running) {
        int pkt_serial;
        int r = pktq_get(d->pq, pkt, &pkt_serial, -1);
        if (r < 0)
            break;
        if (r == 0)
            continue;
        if (!d->ctx) {
            char err[128];
            if (open_codec(d, err, sizeof(err)) < 0) {
                log_verbose(MOD, "%s", err);
                av_packet_unref(pkt);
                continue;
            }
        } else if (pkt_serial != serial) {
            avcodec_flush_buffers(d->ctx);
        }
        if (pkt_serial != serial) {
            serial = pkt_serial;
            d->next_pts = NAN;
        }
        bool is_eos = !pkt->data && pkt->size == 0 && !pkt->side_data_elems;
        for (;;) {
            int ret = avcodec_send_packet(d->ctx, is_eos ? NULL : pkt);
            bool again = ret == AVERROR(EAGAIN); /* output must be read first */
            if (ret < 0 && !again && ret != AVERROR_EOF) {
                atomic_fetch_add(&d->errors, 1);
                if (logged_errors++ < 3) {
                    char e[AV_ERROR_MAX_STRING_SIZE];
                    av_strerror(ret, e, sizeof(e));
                    log_verbose(MOD, "%s: decode error: %s", d->codec_name, e);
                }
            }
            running = receive_all(d, frame, serial);
            if (!again || !running)
                break;
        }
        av_packet_unref(pkt);
    }
    av_frame_free(&frame);
    av_packet_free(&pkt);
    return NULL;
}
