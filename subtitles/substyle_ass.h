/* substyle_ass.h — applying substyle to libass objects (subtitles/ only). */
#ifndef VITRINA_SUBTITLES_SUBSTYLE_ASS_H
#define VITRINA_SUBTITLES_SUBSTYLE_ASS_H

#include <ass/ass.h>

#include "subtitles/substyle.h"

/* Fill `st` (zeroed first; FontName is a new strdup'ed string owned by the
 * caller, or by the track once stored in it) with the TV style for a script
 * whose PlayResY is `playres_y`, shown with geometry `g` (text rendered
 * with ass_set_use_margins on, margins = letterbox bars). Returns 0, -1 if
 * out of memory. */
int substyle_fill(ASS_Style *st, const substyle_opts *o, const char *family, int playres_y,
                  const substyle_geom *g);

/* Restyle a converted (non-ASS) track for geometry `g`: PlayResX follows
 * the video's aspect (as mpv does, so text is not stretched), every style
 * becomes the TV style (each keeps its Name), ScaledBorderAndShadow on.
 * Returns 0, -1 if out of memory (the track keeps its previous styles). */
int substyle_apply_track(ASS_Track *t, const substyle_opts *o, const char *family,
                         const substyle_geom *g);

/* Set up (force) or clear (!force, or t NULL) the renderer's selective
 * style override for the native ASS track `t` shown with geometry `g`:
 * the TV style's look and size, bottom centre, safe-area margins (in t's
 * script units). */
void substyle_set_override(ASS_Renderer *r, const substyle_opts *o, const char *family, const ASS_Track *t,
                           const substyle_geom *g);

#endif
