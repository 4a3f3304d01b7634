/* vconv.c — see vconv.h. */
#include "media/vconv.h"

#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
#include <stdlib.h>

struct vconv {
    struct SwsContext *sws;
};

vconv *vconv_new(void) { return calloc(1, sizeof(vconv)); }

void vconv_free(vconv **cp)
{
    if (!*cp)
        return;
    sws_freeContext((*cp)->sws);
    free(*cp);
    *cp = NULL;
}

void vconv_frame_info(const AVFrame *f, int *w, int *h, enum vconv_fmt *native)
{
    *w = f->width;
    *h = f->height;
    switch (f->format) {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
        *native = VCONV_YUV420P;
        break;
    case AV_PIX_FMT_NV12:
        *native = VCONV_NV12;
        break;
    default:
        *native = VCONV_NONE;
    }
}

double vconv_frame_sar(const AVFrame *f)
{
    return f->sample_aspect_ratio.num > 0 && f->sample_aspect_ratio.den > 0 ? av_q2d(f->sample_aspect_ratio) : 0.0;
}

void vconv_frame_planes(const AVFrame *f, const uint8_t *planes[3], int strides[3])
{
    for (int i = 0; i < 3; i++) {
        planes[i] = f->data[i];
        strides[i] = f->linesize[i];
    }
}

AVFrame *vconv_frame_ref(const AVFrame *f)
{
    return f ? av_frame_clone(f) : NULL;
}

void vconv_frame_unref(AVFrame **f)
{
    av_frame_free(f);
}

static enum AVPixelFormat to_av(enum vconv_fmt fmt)
{
    switch (fmt) {
    case VCONV_BGRX: return AV_PIX_FMT_BGR0;
    case VCONV_BGRA: return AV_PIX_FMT_BGRA;
    case VCONV_RGBX: return AV_PIX_FMT_RGB0;
    case VCONV_YUV420P: return AV_PIX_FMT_YUV420P;
    case VCONV_NV12: return AV_PIX_FMT_NV12;
    default: return AV_PIX_FMT_NONE;
    }
}

/* JPEG-range formats are deprecated aliases; swscale wants the plain format
 * plus a range flag. */
static enum AVPixelFormat unj(enum AVPixelFormat f, int *full_range)
{
    switch (f) {
    case AV_PIX_FMT_YUVJ420P: *full_range = 1; return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P: *full_range = 1; return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P: *full_range = 1; return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P: *full_range = 1; return AV_PIX_FMT_YUV440P;
    default: return f;
    }
}

int vconv_convert(vconv *c, const AVFrame *f, enum vconv_fmt fmt, int dw, int dh, uint8_t *const planes[3],
                  const int strides[3])
{
    enum AVPixelFormat dst = to_av(fmt);
    if (dst == AV_PIX_FMT_NONE || dw <= 0 || dh <= 0 || f->width <= 0 || f->height <= 0)
        return -1;
    int full = f->color_range == AVCOL_RANGE_JPEG;
    enum AVPixelFormat src = unj((enum AVPixelFormat)f->format, &full);
    int flags = (dw == f->width && dh == f->height) ? SWS_POINT : SWS_BILINEAR;
    c->sws = sws_getCachedContext(c->sws, f->width, f->height, src, dw, dh, dst, flags, NULL, NULL, NULL);
    if (!c->sws)
        return -1;
    int cs = f->colorspace == AVCOL_SPC_BT709 ? SWS_CS_ITU709
           : (f->colorspace == AVCOL_SPC_UNSPECIFIED && f->height >= 720) ? SWS_CS_ITU709
                                                                           : SWS_CS_DEFAULT;
    const int *coef = sws_getCoefficients(cs);
    int dst_full = (fmt == VCONV_YUV420P || fmt == VCONV_NV12) ? full : 1;
    sws_setColorspaceDetails(c->sws, coef, full, coef, dst_full, 0, 1 << 16, 1 << 16);
    return sws_scale(c->sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, planes, strides) > 0 ? 0 : -1;
}
