/* evdev_xlate.c — see evdev_xlate.h. */
#include "player/evdev_xlate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct evdev_xlate {
    const struct keymap *km;
    enum evdev_filter filter;
    bool dropping; /* after SYN_DROPPED, until the next SYN_REPORT */
    uint8_t down[(KEY_CNT + 7) / 8];
    int n_pending;
    struct evdev_hit pending[EVDEV_XLATE_MAX_HITS];
};

bool evdev_filter_passes(enum evdev_filter filter, unsigned code)
{
    switch (filter) {
    case EVDEV_FILTER_SDL_DROPPED:
        return keymap_sdl_drops_evdev(code);
    case EVDEV_FILTER_BEYOND_X11:
        /* SDL's x11 backend maps X key codes through the same Linux key
         * table (it drops KEY_EXIT and KEY_PAUSECD there too; checked on
         * Xvfb by tests/integration/test_remote_x11.py), and codes >= 248
         * cannot reach it at all: the same set as on KMSDRM. */
        return keymap_sdl_drops_evdev(code);
    case EVDEV_FILTER_ALL:
        return code < KEY_CNT;
    }
    return false;
}

struct evdev_xlate *evdev_xlate_new(const struct keymap *km, enum evdev_filter filter)
{
    struct evdev_xlate *x = calloc(1, sizeof(*x));
    if (x) {
        x->km = km;
        x->filter = filter;
    }
    return x;
}

void evdev_xlate_free(struct evdev_xlate *x) { free(x); }

void evdev_xlate_reset(struct evdev_xlate *x)
{
    memset(x->down, 0, sizeof(x->down));
    x->n_pending = 0;
    x->dropping = false;
}

static bool is_down(const struct evdev_xlate *x, unsigned code) { return x->down[code / 8] & (1u << (code % 8)); }

static void set_down(struct evdev_xlate *x, unsigned code, bool down)
{
    if (down)
        x->down[code / 8] |= (uint8_t)(1u << (code % 8));
    else
        x->down[code / 8] &= (uint8_t)~(1u << (code % 8));
}

static void key_event(struct evdev_xlate *x, unsigned code, int value)
{
    bool was_down = is_down(x, code);
    set_down(x, code, value != 0);
    if (value == 0 || x->dropping)
        return;
    if (!evdev_filter_passes(x->filter, code))
        return;
    enum input_action act = keymap_lookup_evdev(x->km, code);
    if (act == INPUT_NONE)
        return;
    bool repeat = value == 2;
    if (repeat && (!was_down || !input_action_repeats(act)))
        return;
    if (x->n_pending < EVDEV_XLATE_MAX_HITS)
        x->pending[x->n_pending++] = (struct evdev_hit){act, repeat, code};
}

int evdev_xlate_feed(struct evdev_xlate *x, const struct input_event *ev, struct evdev_hit out[EVDEV_XLATE_MAX_HITS])
{
    if (ev->type == EV_KEY) {
        if (ev->code < KEY_CNT && ev->value >= 0 && ev->value <= 2)
            key_event(x, ev->code, ev->value);
        return 0;
    }
    if (ev->type != EV_SYN)
        return 0;
    if (ev->code == SYN_DROPPED) {
        x->dropping = true;
        x->n_pending = 0;
        return 0;
    }
    if (ev->code != SYN_REPORT)
        return 0;
    int n = x->dropping ? 0 : x->n_pending;
    memcpy(out, x->pending, sizeof(out[0]) * (size_t)n);
    x->n_pending = 0;
    x->dropping = false;
    return n;
}
