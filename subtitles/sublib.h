/* sublib.h — the libass library context: fonts and libass's log bridge.
 *
 * One sublib per process (created by the player at start-up) owns the
 * ASS_Library: the font setup (fontconfig with "Noto Sans" as the default
 * family, or an explicit font directory with system fonts off for golden
 * tests), fonts added later from Matroska attachments, and the bridge of
 * libass messages into player/log.h (module "libass"; libass fatal/error →
 * error, warn → warn, info → verbose, verbose/debug → debug).
 * Renderers (see overlay.h) and tracks (subtrack.h, osd.h) are created
 * from it and must be freed before it.
 *
 * Threading: main thread only, like everything in subtitles/.
 */
#ifndef VITRINA_SUBTITLES_SUBLIB_H
#define VITRINA_SUBTITLES_SUBLIB_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sublib sublib;

#define SUBLIB_DEFAULT_FAMILY "Noto Sans"

typedef struct sublib_opts {
    /* Family used when a style's font is missing and for Vitrina's own
     * styles (TV style, OSD). NULL = SUBLIB_DEFAULT_FAMILY. */
    const char *default_family;
    /* Every font file in this directory is loaded (libass fonts dir);
     * NULL = none. Fonts are read into memory: keep it small. */
    const char *fonts_dir;
    /* true: system fonts through fontconfig (the appliance).
     * false: only fonts_dir, sublib_add_font() and [Fonts] sections
     * (deterministic renders for golden tests). Note: without fontconfig
     * libass has no per-script fallback, so text in a script the default
     * family lacks (Arabic for "Noto Sans") renders as boxes; to pin the
     * font set but keep fallback, keep this true and point FONTCONFIG_FILE
     * at a private fonts.conf (what tests/integration/test_sub_golden_ours
     * does). */
    bool system_fonts;
} sublib_opts;

/* Defaults: Noto Sans, no fonts dir, system fonts on. Pure. */
void sublib_opts_default(sublib_opts *o);

/* Create the library. `opts` NULL = defaults; strings are copied.
 * Returns 0 or -1 (libass failed to initialise: logged here, since there
 * is nothing the caller can add). The caller owns *out. */
int sublib_new(sublib **out, const sublib_opts *opts);

/* Free the library and set *lib to NULL. All renderers and tracks made from
 * it must already be freed. NULL-safe. */
void sublib_free(sublib **lib);

/* Add a font from memory (a Matroska attachment, …). `name` is for libass's
 * messages; data is copied. Fonts are library-wide: once added, a font
 * serves every later track too. Renderers pick it up at their next frame.
 * The same bytes are added only once (each playback of a looping file
 * hands its attachments over again). Returns 0 (added), 1 (already
 * there), or -1 for an empty font or no memory. */
int sublib_add_font(sublib *lib, const char *name, const void *data, size_t size);

/* True if `filename`/`mimetype` (either may be NULL) look like a font
 * attachment worth passing to sublib_add_font (ttf/otf/ttc, font/...,
 * application/x-truetype-font, application/vnd.ms-opentype, …). The one
 * place this is decided: media/ only lists attachments (playback_font,
 * subdec_font_attachments) and the caller asks here. Pure; any thread. */
bool sublib_is_font_attachment(const char *filename, const char *mimetype);

/* Default family in use (never NULL; owned by lib). */
const char *sublib_default_family(const sublib *lib);

#endif
