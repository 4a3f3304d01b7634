/* image.c — see image.h. */
#include "media/image.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>

#define IMAGE_MAX_FILE (64u << 20)
#define IMAGE_MAX_SIDE 16384

const char *image_strerror(int err)
{
    switch (err) {
    case IMAGE_OK: return "ok";
    case IMAGE_E_ARG: return "invalid image size or format";
    case IMAGE_E_IO: return "file error";
    case IMAGE_E_CODEC: return "PNG codec error";
    case IMAGE_E_NOMEM: return "out of memory";
    case IMAGE_E_TOO_BIG: return "image too big";
    default: return "unknown image error";
    }
}

/* Convert one row into RGBA (or RGB when !alpha) bytes. */
static void convert_row(uint8_t *dst, const uint8_t *src, int w, enum image_format fmt)
{
    if (fmt == IMAGE_RGBA8) {
        memcpy(dst, src, (size_t)w * 4);
        return;
    }
    const uint32_t *px = (const uint32_t *)(const void *)src;
    for (int x = 0; x < w; x++) {
        uint32_t v = px[x];
        *dst++ = (uint8_t)(v >> 16);
        *dst++ = (uint8_t)(v >> 8);
        *dst++ = (uint8_t)v;
        if (fmt == IMAGE_ARGB32)
            *dst++ = (uint8_t)(v >> 24);
    }
}

int image_encode_png(const void *pixels, int w, int h, int stride, enum image_format fmt,
                     uint8_t **out, size_t *out_len)
{
    if (!pixels || !out || !out_len || w <= 0 || h <= 0 || w > IMAGE_MAX_SIDE ||
        h > IMAGE_MAX_SIDE || stride < w * 4 || (fmt != IMAGE_RGBA8 && fmt != IMAGE_ARGB32 &&
                                                 fmt != IMAGE_XRGB32))
        return IMAGE_E_ARG;
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
    if (!codec)
        return IMAGE_E_CODEC;
    int ret = IMAGE_E_NOMEM;
    AVCodecContext *cc = avcodec_alloc_context3(codec);
    AVFrame *frame = av_frame_alloc();
    AVPacket *pkt = av_packet_alloc();
    if (!cc || !frame || !pkt)
        goto done;
    cc->width = w;
    cc->height = h;
    cc->pix_fmt = fmt == IMAGE_XRGB32 ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_RGBA;
    cc->time_base = (AVRational){1, 1};
    if (avcodec_open2(cc, codec, NULL) < 0) {
        ret = IMAGE_E_CODEC;
        goto done;
    }
    frame->format = cc->pix_fmt;
    frame->width = w;
    frame->height = h;
    if (av_frame_get_buffer(frame, 0) < 0)
        goto done;
    for (int y = 0; y < h; y++)
        convert_row(frame->data[0] + (size_t)y * frame->linesize[0],
                    (const uint8_t *)pixels + (size_t)y * stride, w, fmt);
    ret = IMAGE_E_CODEC;
    if (avcodec_send_frame(cc, frame) < 0 || avcodec_receive_packet(cc, pkt) < 0)
        goto done;
    *out = malloc((size_t)pkt->size);
    if (!*out) {
        ret = IMAGE_E_NOMEM;
        goto done;
    }
    memcpy(*out, pkt->data, (size_t)pkt->size);
    *out_len = (size_t)pkt->size;
    ret = IMAGE_OK;
done:
    av_packet_free(&pkt);
    av_frame_free(&frame);
    avcodec_free_context(&cc);
    return ret;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static void fsync_dir_of(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return;
    int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    free(copy);
}

int image_write_png(const char *path, const void *pixels, int w, int h, int stride,
                    enum image_format fmt)
{
    if (!path || !*path)
        return IMAGE_E_ARG;
    uint8_t *png = NULL;
    size_t len = 0;
    int ret = image_encode_png(pixels, w, h, stride, fmt, &png, &len);
    if (ret != IMAGE_OK)
        return ret;
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 8);
    if (!tmp) {
        free(png);
        return IMAGE_E_NOMEM;
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".XXXXXX", 8);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        ret = IMAGE_E_IO;
        goto done;
    }
    if (fchmod(fd, 0644) < 0 || write_all(fd, png, len) < 0 || fsync(fd) < 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        errno = e;
        ret = IMAGE_E_IO;
        goto done;
    }
    if (close(fd) < 0 || rename(tmp, path) < 0) {
        int e = errno;
        unlink(tmp);
        errno = e;
        ret = IMAGE_E_IO;
        goto done;
    }
    fsync_dir_of(path);
    ret = IMAGE_OK;
done:
    free(tmp);
    free(png);
    return ret;
}

static int read_file(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rbe");
    if (!f)
        return IMAGE_E_IO;
    struct stat st;
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return IMAGE_E_IO;
    }
    if ((uint64_t)st.st_size > IMAGE_MAX_FILE) {
        fclose(f);
        return IMAGE_E_TOO_BIG;
    }
    size_t n = (size_t)st.st_size;
    /* Packet data needs zeroed padding for FFmpeg's bitstream readers. */
    uint8_t *buf = calloc(1, n + AV_INPUT_BUFFER_PADDING_SIZE);
    if (!buf) {
        fclose(f);
        return IMAGE_E_NOMEM;
    }
    if (fread(buf, 1, n, f) != n) {
        free(buf);
        fclose(f);
        return IMAGE_E_IO;
    }
    fclose(f);
    *data = buf;
    *len = n;
    return IMAGE_OK;
}

/* Any decoded picture → tightly packed RGBA8 (swscale handles palette,
 * grey, 16-bit and the like). */
static int frame_to_rgba(const AVFrame *fr, uint8_t **rgba)
{
    int w = fr->width, h = fr->height;
    uint8_t *out = malloc((size_t)w * h * 4);
    if (!out)
        return IMAGE_E_NOMEM;
    struct SwsContext *sws = sws_getContext(w, h, fr->format, w, h, AV_PIX_FMT_RGBA,
                                            SWS_POINT, NULL, NULL, NULL);
    if (!sws) {
        free(out);
        return IMAGE_E_CODEC;
    }
    uint8_t *dst[4] = {out};
    int dst_stride[4] = {w * 4};
    sws_scale(sws, (const uint8_t *const *)fr->data, fr->linesize, 0, h, dst, dst_stride);
    sws_freeContext(sws);
    /* Formats without alpha come out with alpha 0 from some swscale paths:
     * make them opaque. */
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(fr->format);
    if (d && !(d->flags & AV_PIX_FMT_FLAG_ALPHA) && !(d->flags & AV_PIX_FMT_FLAG_PAL)) {
        for (size_t i = 0; i < (size_t)w * h; i++)
            out[i * 4 + 3] = 255;
    }
    *rgba = out;
    return IMAGE_OK;
}

int image_load_png(const char *path, uint8_t **rgba, int *w, int *h)
{
    if (!path || !rgba || !w || !h)
        return IMAGE_E_ARG;
    uint8_t *data = NULL;
    size_t len = 0;
    int ret = read_file(path, &data, &len);
    if (ret != IMAGE_OK)
        return ret;
    const AVCodec *codec = avcodec_find_decoder(AV_CODEC_ID_PNG);
    AVCodecContext *cc = codec ? avcodec_alloc_context3(codec) : NULL;
    AVPacket *pkt = av_packet_alloc();
    AVFrame *fr = av_frame_alloc();
    ret = codec ? IMAGE_E_NOMEM : IMAGE_E_CODEC;
    if (!cc || !pkt || !fr)
        goto done;
    ret = IMAGE_E_CODEC;
    cc->thread_count = 1;
    if (avcodec_open2(cc, codec, NULL) < 0)
        goto done;
    pkt->data = data;
    pkt->size = (int)len;
    if (avcodec_send_packet(cc, pkt) < 0 || avcodec_receive_frame(cc, fr) < 0)
        goto done;
    if (fr->width <= 0 || fr->height <= 0 || fr->width > IMAGE_MAX_SIDE ||
        fr->height > IMAGE_MAX_SIDE) {
        ret = IMAGE_E_TOO_BIG;
        goto done;
    }
    ret = frame_to_rgba(fr, rgba);
    if (ret == IMAGE_OK) {
        *w = fr->width;
        *h = fr->height;
    }
done:
    pkt->data = NULL;
    pkt->size = 0;
    av_packet_free(&pkt);
    av_frame_free(&fr);
    avcodec_free_context(&cc);
    free(data);
    return ret;
}
