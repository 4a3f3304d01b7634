/* subdec_priv.h — helpers shared by media/subdec*.c (not a public
 * interface). */
#ifndef VITRINA_MEDIA_SUBDEC_PRIV_H
#define VITRINA_MEDIA_SUBDEC_PRIV_H

#include <stdbool.h>
#include <stddef.h>

/* True when UTF-8 text starts with the WebVTT signature ("WEBVTT" then
 * space, tab, line end or the end; an optional BOM before it). Pure. */
bool subdec_vtt_signature(const char *text, size_t len);

/* Rewrite a WebVTT file so that FFmpeg 5.1's demuxer reads every cue it
 * can (subdec_vtt.c): LF line ends, the header block kept, NOTE/STYLE/
 * REGION blocks dropped, cue times rewritten as HH:MM:SS.mmm (hours and
 * milliseconds may be missing, "," accepted for "."), a cue whose times
 * cannot be read dropped alone (counted in *skipped). Returns a new
 * NUL-terminated string (caller frees; *outlen its length) or NULL for no
 * memory. Pure, any thread. */
char *subdec_vtt_clean(const char *text, size_t len, size_t *outlen, int *skipped);

#endif
