/* hwdec.h — optional VAAPI hardware decoding for one video decoder.
 *
 * hwdec_attach() gives a codec context a VAAPI device (the DRM render
 * node) and a get_format callback that takes VAAPI surfaces when the
 * decoder offers them and the software format otherwise. Decoded VAAPI
 * frames are copied back to NV12 (P010 for 10-bit) with hwdec_download(),
 * on the decoder thread, so the rest of the player sees ordinary frames.
 * When no device opens, the decoder simply decodes in software and the
 * reason is returned for the log (never a silent fallback).
 * Threading: used by the decoder thread that owns the codec context.
 */
#ifndef VITRINA_MEDIA_HWDEC_H
#define VITRINA_MEDIA_HWDEC_H

#include <stdbool.h>
#include <stddef.h>

struct AVCodecContext;
struct AVFrame;

/* Attach VAAPI to ctx before avcodec_open2. device NULL = the first
 * /dev/dri/renderD* node. Returns 0, or <0 with a reason in why. */
int hwdec_attach(struct AVCodecContext *ctx, const char *device, char *why, size_t why_len);

/* Can a VAAPI device be opened at all? 0, or <0 with a reason (for one
 * clear log line at start-up instead of one per file). Any thread. */
int hwdec_probe(char *why, size_t why_len);

/* Is f a hardware surface? */
bool hwdec_is_hw_frame(const struct AVFrame *f);

/* Copy a hardware frame into a new software frame (*out, caller frees),
 * keeping timestamps and aspect. Returns 0 or <0. */
int hwdec_download(const struct AVFrame *hw, struct AVFrame **out);

#endif
