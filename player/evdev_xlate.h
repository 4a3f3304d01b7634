/* evdev_xlate.h — kernel input events → viewer actions, for one device.
 *
 * A pure state machine (no I/O, no clock, no logging), fed one
 * `struct input_event` at a time exactly as read from /dev/input/eventN or
 * from libevdev, so it is tested with recorded event arrays:
 *
 *   - Actions of a frame are released at its SYN_REPORT (the kernel's
 *     "these events belong together" marker).
 *   - EV_KEY value 1 (press) → the bound action; value 2 (autorepeat) →
 *     the action again with repeat=true, only for actions that repeat
 *     (input_action_repeats: arrows, volume) and only while the press was
 *     seen; value 0 (release) → nothing.
 *   - SYN_DROPPED (the kernel's buffer overflowed): the current frame is
 *     thrown away and nothing acts until the next SYN_REPORT; key state is
 *     still tracked, so a key released during the gap does not keep
 *     repeating and a key pressed during it does not fire late. This also
 *     fits libevdev's resync sequence (SYN_DROPPED, the state deltas, then
 *     SYN_REPORT).
 *   - The filter says which codes may act at all, so that a key SDL also
 *     delivers never acts twice (see enum evdev_filter).
 *
 * Threading: one translator per device, used by one thread at a time (the
 * evdev reader thread). The keymap is only read.
 */
#ifndef VITRINA_EVDEV_XLATE_H
#define VITRINA_EVDEV_XLATE_H

#include <linux/input.h>
#include <stdbool.h>

#include "player/input.h"
#include "player/keymap.h"

#define EVDEV_XLATE_MAX_HITS 8 /* actions per frame; more are dropped */

/* Which kernel key codes the evdev path acts on; the rest are SDL's. */
enum evdev_filter {
    /* SDL reads evdev itself (KMSDRM, the appliance): only the codes SDL
     * 2.26 drops (keymap_sdl_drops_evdev). */
    EVDEV_FILTER_SDL_DROPPED = 0,
    /* SDL gets keys from an X server (desktop runs): X11 key codes (8–255)
     * cannot carry KEY_* codes >= 248 at all, and SDL's x11 backend drops
     * the same codes below that as its evdev input (KEY_EXIT, KEY_PAUSECD
     * …), so this is the same set as EVDEV_FILTER_SDL_DROPPED. */
    EVDEV_FILTER_BEYOND_X11,
    /* SDL gets no keyboard (dummy/offscreen drivers): every bound key. */
    EVDEV_FILTER_ALL,
};

/* Whether a code passes the filter. Pure. */
bool evdev_filter_passes(enum evdev_filter filter, unsigned code);

struct evdev_hit {
    enum input_action action;
    bool repeat;
    unsigned code; /* the EV_KEY code (libevdev_event_code_get_name for logs) */
};

struct evdev_xlate;

/* New translator. `km` is borrowed and must outlive it. Caller owns the
 * result (evdev_xlate_free); NULL when out of memory. */
struct evdev_xlate *evdev_xlate_new(const struct keymap *km, enum evdev_filter filter);

void evdev_xlate_free(struct evdev_xlate *x);

/* Feed one event. Writes the actions completed by it (at a SYN_REPORT)
 * into out[0..EVDEV_XLATE_MAX_HITS) and returns how many (0 for most
 * events). */
int evdev_xlate_feed(struct evdev_xlate *x, const struct input_event *ev, struct evdev_hit out[EVDEV_XLATE_MAX_HITS]);

/* Forget key state and any half-read frame (device reopened). */
void evdev_xlate_reset(struct evdev_xlate *x);

#endif
