/* image.h — PNG files in and out (libavcodec's PNG codec).
 *
 * Used for screenshots (write, atomically: a temp file in the same
 * directory, fsync, rename, so a reader never sees half a PNG) and by the
 * golden-image tests (load).
 * Threading: no shared state; any thread (screenshots are written off the
 * main thread if the caller wishes; the pixels must not change meanwhile).
 */
#ifndef VITRINA_MEDIA_IMAGE_H
#define VITRINA_MEDIA_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum image_format {
    IMAGE_RGBA8,   /* bytes R,G,B,A per pixel (straight alpha) */
    IMAGE_ARGB32,  /* uint32_t 0xAARRGGBB in native byte order (SDL ARGB8888) */
    IMAGE_XRGB32,  /* as ARGB32, alpha ignored: written as an opaque RGB PNG */
};

enum image_error {
    IMAGE_OK = 0,
    IMAGE_E_ARG = -1,     /* bad size/stride/format */
    IMAGE_E_IO = -2,      /* open/write/fsync/rename/read failed (errno kept) */
    IMAGE_E_CODEC = -3,   /* FFmpeg's PNG codec failed or is missing */
    IMAGE_E_NOMEM = -4,
    IMAGE_E_TOO_BIG = -5, /* file > 64 MiB or > 16384 pixels a side */
};

/* Human-readable text for an image_error. Pure. */
const char *image_strerror(int err);

/* Encode w×h pixels (rows `stride` bytes apart) as PNG and store them at
 * `path` atomically: write "<path>.XXXXXX" in the same directory, fsync it,
 * rename it over `path`, fsync the directory. The file gets mode 0644.
 * On failure no temp file is left behind and `path` is untouched.
 * The caller keeps ownership of `pixels`. Returns IMAGE_OK or an error;
 * does not log (the caller decides what a failure means). */
int image_write_png(const char *path, const void *pixels, int w, int h, int stride,
                    enum image_format fmt);

/* Encode to memory instead: on success *out is a malloc'ed PNG of *out_len
 * bytes owned by the caller (free()). */
int image_encode_png(const void *pixels, int w, int h, int stride, enum image_format fmt,
                     uint8_t **out, size_t *out_len);

/* Load a PNG (any bit depth / colour type FFmpeg decodes) as RGBA8: *rgba
 * is malloc'ed (w*h*4 bytes, stride w*4), owned by the caller (free()).
 * 16-bit channels are rounded to 8 bits. */
int image_load_png(const char *path, uint8_t **rgba, int *w, int *h);

#endif
