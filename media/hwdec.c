/* hwdec.c — see hwdec.h. */
#include "media/hwdec.h"

#include <dirent.h>
#include <libavcodec/avcodec.h>
#include <libavutil/hwcontext.h>
#include <libavutil/pixdesc.h>
#include <stdio.h>
#include <string.h>

static enum AVPixelFormat pick_format(AVCodecContext *ctx, const enum AVPixelFormat *fmts)
{
    (void)ctx;
    for (const enum AVPixelFormat *p = fmts; *p != AV_PIX_FMT_NONE; p++)
        if (*p == AV_PIX_FMT_VAAPI)
            return *p;
    /* no VAAPI for this stream (profile unsupported): the software format */
    for (const enum AVPixelFormat *p = fmts; *p != AV_PIX_FMT_NONE; p++) {
        const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(*p);
        if (d && !(d->flags & AV_PIX_FMT_FLAG_HWACCEL))
            return *p;
    }
    return fmts[0];
}

static bool first_render_node(char *buf, size_t len)
{
    DIR *d = opendir("/dev/dri");
    if (!d)
        return false;
    struct dirent *e;
    bool found = false;
    while (!found && (e = readdir(d)))
        if (!strncmp(e->d_name, "renderD", 7) && strlen(e->d_name) < 32) {
            snprintf(buf, len, "/dev/dri/%.31s", e->d_name);
            found = true;
        }
    closedir(d);
    return found;
}

int hwdec_attach(AVCodecContext *ctx, const char *device, char *why, size_t why_len)
{
    char node[64];
    if (!device) {
        if (!first_render_node(node, sizeof(node))) {
            snprintf(why, why_len, "no GPU render node in /dev/dri");
            return AVERROR(ENODEV);
        }
        device = node;
    }
    AVBufferRef *dev = NULL;
    int ret = av_hwdevice_ctx_create(&dev, AV_HWDEVICE_TYPE_VAAPI, device, NULL, 0);
    if (ret < 0) {
        char e[AV_ERROR_MAX_STRING_SIZE];
        av_strerror(ret, e, sizeof(e));
        snprintf(why, why_len, "VAAPI on %s: %s", device, e);
        return ret;
    }
    ctx->hw_device_ctx = dev; /* the context owns the reference */
    ctx->get_format = pick_format;
    return 0;
}

int hwdec_probe(char *why, size_t why_len)
{
    AVCodecContext *ctx = avcodec_alloc_context3(NULL);
    if (!ctx)
        return AVERROR(ENOMEM);
    int ret = hwdec_attach(ctx, NULL, why, why_len);
    avcodec_free_context(&ctx);
    return ret;
}

bool hwdec_is_hw_frame(const AVFrame *f) { return f->format == AV_PIX_FMT_VAAPI; }

int hwdec_download(const AVFrame *hw, AVFrame **out)
{
    AVFrame *sw = av_frame_alloc();
    if (!sw)
        return AVERROR(ENOMEM);
    int ret = av_hwframe_transfer_data(sw, hw, 0);
    if (ret >= 0)
        ret = av_frame_copy_props(sw, hw);
    if (ret < 0) {
        av_frame_free(&sw);
        return ret;
    }
    *out = sw;
    return 0;
}
