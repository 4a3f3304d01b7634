/* probe.c — see probe.h. */
#include "media/probe.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "media/clock.h"
#include "media/source.h"

/* Decode until one frame comes out of stream `si` (or the deadline). */
static int first_frame(media_source *s, int si, double deadline)
{
    AVStream *st = s->ic->streams[si];
    const AVCodec *codec = avcodec_find_decoder(st->codecpar->codec_id);
    AVCodecContext *ctx = codec ? avcodec_alloc_context3(codec) : NULL;
    AVPacket *pkt = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    int ret = (ctx && pkt && frame) ? avcodec_parameters_to_context(ctx, st->codecpar) : AVERROR(ENOMEM);
    if (ret >= 0) {
        ctx->thread_count = 1;
        ret = avcodec_open2(ctx, codec, NULL);
    }
    int got = 0, packets = 0;
    while (ret >= 0 && !got && media_now() < deadline && packets < 2000) {
        ret = av_read_frame(s->ic, pkt);
        if (ret < 0) { /* end of file: drain */
            avcodec_send_packet(ctx, NULL);
            got = avcodec_receive_frame(ctx, frame) >= 0;
            ret = got ? 0 : AVERROR_INVALIDDATA;
            break;
        }
        if (pkt->stream_index == si) {
            packets++;
            avcodec_send_packet(ctx, pkt); /* errors: try the next packet */
            got = avcodec_receive_frame(ctx, frame) >= 0;
        }
        av_packet_unref(pkt);
        ret = 0;
    }
    av_frame_free(&frame);
    av_packet_free(&pkt);
    avcodec_free_context(&ctx);
    if (ret < 0)
        return ret;
    return got ? 0 : AVERROR_INVALIDDATA;
}

int media_probe(const char *path, double timeout_s, media_probe_info *info, char *reason, size_t reason_len)
{
    if (info) {
        memset(info, 0, sizeof(*info));
        info->duration = NAN;
    }
    media_source *s = NULL;
    int ret = source_open(&s, path, NULL, timeout_s, NULL, NULL, NULL, reason, reason_len);
    if (ret < 0)
        return 1;
    if (info) {
        info->duration = s->duration;
        for (int i = 0; i < s->ntracks && info->nsub_langs < PROBE_MAX_LANGS; i++)
            if (s->tracks[i].type == TRACK_SUB && s->tracks[i].lang[0])
                snprintf(info->sub_langs[info->nsub_langs++], sizeof(info->sub_langs[0]), "%s", s->tracks[i].lang);
    }
    int si = s->video_stream >= 0 ? s->video_stream : s->audio_stream;
    double deadline = media_now() + (timeout_s > 0 ? timeout_s : 10);
    source_set_deadline(s, deadline);
    ret = first_frame(s, si, deadline);
    if (ret < 0) {
        if (media_now() >= deadline)
            snprintf(reason, reason_len, "timed out while checking the file");
        else
            snprintf(reason, reason_len, "%s", s->video_stream >= 0 ? "no picture could be decoded (damaged or unsupported video)"
                                                                    : "no sound could be decoded (damaged or unsupported audio)");
    }
    source_close(&s);
    return ret < 0 ? 1 : 0;
}
