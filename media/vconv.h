/* vconv.h — convert decoded pictures into what the renderer wants.
 *
 * The player never touches FFmpeg types: it hands the opaque frame of a
 * qframe to these functions together with the destination planes (usually
 * a locked SDL streaming texture), so a picture is converted exactly once,
 * straight into the texture (swscale, SIMD paths), or — when the renderer
 * converts on the GPU — its planes are handed over without a copy.
 * Threading: a vconv is used by one thread (the main thread).
 */
#ifndef VITRINA_MEDIA_VCONV_H
#define VITRINA_MEDIA_VCONV_H

#include <stdint.h>

struct AVFrame;

enum vconv_fmt {
    VCONV_NONE = 0,
    VCONV_BGRX,    /* 32-bit 0x00RRGGBB little-endian (SDL_PIXELFORMAT_RGB888/XRGB8888) */
    VCONV_BGRA,    /* 32-bit 0xAARRGGBB little-endian (SDL_PIXELFORMAT_ARGB8888) */
    VCONV_RGBX,    /* 32-bit 0x00BBGGRR little-endian (SDL_PIXELFORMAT_BGR888/XBGR8888) */
    VCONV_YUV420P, /* 3 planes (SDL_PIXELFORMAT_IYUV) */
    VCONV_NV12,    /* 2 planes (SDL_PIXELFORMAT_NV12) */
};

typedef struct vconv vconv;

vconv *vconv_new(void);
void vconv_free(vconv **c);

/* Size of a frame and the vconv_fmt its planes already are (VCONV_NONE when
 * it needs converting, e.g. 10-bit or 4:2:2). */
void vconv_frame_info(const struct AVFrame *f, int *w, int *h, enum vconv_fmt *native);

/* Sample aspect ratio of the frame (0 when unknown). */
double vconv_frame_sar(const struct AVFrame *f);

/* The frame's own planes (for formats vconv_frame_info reported native). */
void vconv_frame_planes(const struct AVFrame *f, const uint8_t *planes[3], int strides[3]);

/* A new reference to f's picture (no pixel copy: the decoder's buffer is
 * shared), for an output that redraws the picture later. Caller owns it
 * (vconv_frame_unref). NULL on failure (out of memory). Any thread. */
struct AVFrame *vconv_frame_ref(const struct AVFrame *f);
/* Drop a reference from vconv_frame_ref; *f = NULL. NULL-safe. */
void vconv_frame_unref(struct AVFrame **f);
/* Scale/convert f into dst (dw×dh, format fmt). planes/strides as for
 * SDL_LockTexture (for YUV420P: Y, U, V planes). Returns 0 or <0. */
int vconv_convert(vconv *c, const struct AVFrame *f, enum vconv_fmt fmt, int dw, int dh,
                  uint8_t *const planes[3], const int strides[3]);

#endif
