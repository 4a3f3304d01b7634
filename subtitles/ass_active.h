/* ass_active.h — what libass would draw from a track at a time, as a key.
 *
 * libass lays out and shapes every active event on every ass_render_frame
 * call, even when the picture comes out the same (its change detection
 * only saves the caller's compositing). For a dense subtitle track that is
 * most of the subtitle cost. Between two event boundaries a track without
 * animation draws exactly the same picture, so the overlay can skip the
 * render when this key has not changed.
 *
 * The key hashes, for every event active at t (libass's own rule:
 * Start <= t < Start + Duration), its position in the track, timing,
 * layer, style, margins, effect and text. Equal keys (with the renderer
 * and the track's styles unchanged — the caller's part) mean the same
 * picture, unless an active event is animated: \move, \t(...), \fad,
 * \fade, karaoke (\k, \K, \kf, \ko) or an Effect (Banner, Scroll). Then
 * *animated is set and the caller must render every frame.
 *
 * Threading: pure function of the track; call on the thread that owns it.
 */
#ifndef VITRINA_SUBTITLES_ASS_ACTIVE_H
#define VITRINA_SUBTITLES_ASS_ACTIVE_H

#include <ass/ass.h>
#include <stdbool.h>
#include <stdint.h>

/* Key of the events of `track` active at t_ms (0 when none is active).
 * *animated: whether any active event moves or changes over time. The
 * track is only read. */
uint64_t assact_key(const ASS_Track *track, long long t_ms, bool *animated);

#endif
