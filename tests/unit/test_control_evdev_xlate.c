/* Unit tests: kernel input events → actions (evdev_xlate.c), driven by
 * recorded `struct input_event` sequences (as evtest shows them for an
 * rc-core MCE remote and a HID air mouse); no /dev/uinput needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "player/evdev_xlate.h"

#define KEY(c, v) {.type = EV_KEY, .code = (c), .value = (v)}
#define SCAN(v) {.type = EV_MSC, .code = MSC_SCAN, .value = (v)}
#define SYN {.type = EV_SYN, .code = SYN_REPORT}
#define DROPPED {.type = EV_SYN, .code = SYN_DROPPED}
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Feed a recording; collect every hit. Returns the number of hits. */
static int run(struct evdev_xlate *x, const struct input_event *evs, size_t n, struct evdev_hit *out, int max)
{
    int total = 0;
    for (size_t i = 0; i < n; i++) {
        struct evdev_hit hits[EVDEV_XLATE_MAX_HITS];
        int k = evdev_xlate_feed(x, &evs[i], hits);
        for (int j = 0; j < k && total < max; j++)
            out[total++] = hits[j];
    }
    return total;
}

struct fixture {
    struct keymap *km;
    struct evdev_xlate *x;   /* only keys SDL drops (the normal mode) */
    struct evdev_xlate *all; /* every bound key */
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    f->km = keymap_new_default();
    /* A remote colour key as a volume key, to test autorepeat on a code SDL drops. */
    keymap_bind(f->km, "KEY_RED", INPUT_VOLUME_UP);
    f->x = evdev_xlate_new(f->km, EVDEV_FILTER_SDL_DROPPED);
    f->all = evdev_xlate_new(f->km, EVDEV_FILTER_ALL);
    *state = f;
    return f->km && f->x && f->all ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    evdev_xlate_free(f->x);
    evdev_xlate_free(f->all);
    keymap_free(f->km);
    free(f);
    return 0;
}

/* MCE remote "OK": scan code, press, SYN, release, SYN → one OK. */
static void test_press_release(void **state)
{
    struct fixture *f = *state;
    static const struct input_event rec[] = {SCAN(0x800f0422), KEY(KEY_OK, 1), SYN, SCAN(0x800f0422), KEY(KEY_OK, 0), SYN};
    struct evdev_hit hits[8];
    assert_int_equal(run(f->x, rec, N(rec), hits, 8), 1);
    assert_int_equal(hits[0].action, INPUT_OK);
    assert_false(hits[0].repeat);
    assert_int_equal(hits[0].code, KEY_OK);
}

/* The action is released at SYN_REPORT, not at the key event. */
static void test_action_at_syn_report(void **state)
{
    struct fixture *f = *state;
    struct evdev_hit hits[EVDEV_XLATE_MAX_HITS];
    const struct input_event press = KEY(KEY_INFO, 1), syn = SYN;
    assert_int_equal(evdev_xlate_feed(f->x, &press, hits), 0);
    assert_int_equal(evdev_xlate_feed(f->x, &syn, hits), 1);
    assert_int_equal(hits[0].action, INPUT_INFO);
    assert_int_equal(evdev_xlate_feed(f->x, &syn, hits), 0); /* an empty frame */
}

/* Keys SDL delivers never act here (they would act twice); with all_keys
 * they do. */
static void test_sdl_delivered_keys_are_left_to_sdl(void **state)
{
    struct fixture *f = *state;
    static const struct input_event rec[] = {
        KEY(KEY_ENTER, 1), SYN, KEY(KEY_ENTER, 0), SYN,   /* air mouse OK */
        KEY(KEY_UP, 1),    SYN, KEY(KEY_UP, 0),    SYN,   /* D-pad */
        KEY(KEY_SUBTITLE, 1), SYN, KEY(KEY_SUBTITLE, 0), SYN, /* CC button: dropped by SDL */
    };
    struct evdev_hit hits[8];
    assert_int_equal(run(f->x, rec, N(rec), hits, 8), 1);
    assert_int_equal(hits[0].action, INPUT_SUBTITLE);
    assert_int_equal(run(f->all, rec, N(rec), hits, 8), 3);
    assert_int_equal(hits[0].action, INPUT_OK);
    assert_int_equal(hits[1].action, INPUT_UP);
    assert_int_equal(hits[2].action, INPUT_SUBTITLE);
}

/* Which codes each filter lets act. */
static void test_filters(void **state)
{
    (void)state;
    /* KMSDRM: what SDL's evdev table drops. */
    assert_true(evdev_filter_passes(EVDEV_FILTER_SDL_DROPPED, KEY_OK));
    assert_true(evdev_filter_passes(EVDEV_FILTER_SDL_DROPPED, KEY_EXIT)); /* 174 */
    assert_false(evdev_filter_passes(EVDEV_FILTER_SDL_DROPPED, KEY_ENTER));
    /* X11: what X key codes cannot carry (>= 248) and what SDL's x11
     * backend drops below that (it uses the same Linux table: KEY_EXIT and
     * KEY_PAUSECD never reach SDL under X either), never buttons. */
    assert_true(evdev_filter_passes(EVDEV_FILTER_BEYOND_X11, KEY_OK));
    assert_true(evdev_filter_passes(EVDEV_FILTER_BEYOND_X11, KEY_MICMUTE)); /* 248 */
    assert_true(evdev_filter_passes(EVDEV_FILTER_BEYOND_X11, KEY_EXIT));    /* 174 */
    assert_true(evdev_filter_passes(EVDEV_FILTER_BEYOND_X11, KEY_PAUSECD)); /* 201 */
    assert_false(evdev_filter_passes(EVDEV_FILTER_BEYOND_X11, KEY_ENTER));
    assert_false(evdev_filter_passes(EVDEV_FILTER_BEYOND_X11, KEY_REWIND));  /* SDL: AudioRewind */
    assert_false(evdev_filter_passes(EVDEV_FILTER_BEYOND_X11, BTN_LEFT));
    for (unsigned code = 1; code < KEY_CNT; code++)
        assert_int_equal(evdev_filter_passes(EVDEV_FILTER_BEYOND_X11, code),
                         evdev_filter_passes(EVDEV_FILTER_SDL_DROPPED, code));
    /* No SDL keyboard at all. */
    assert_true(evdev_filter_passes(EVDEV_FILTER_ALL, KEY_ENTER));
    assert_false(evdev_filter_passes(EVDEV_FILTER_ALL, KEY_CNT));
    struct keymap *km = keymap_new_default();
    struct evdev_xlate *x11 = evdev_xlate_new(km, EVDEV_FILTER_BEYOND_X11);
    static const struct input_event rec[] = {KEY(KEY_ENTER, 1), SYN, KEY(KEY_ENTER, 0), SYN,
                                             KEY(KEY_EXIT, 1), SYN, KEY(KEY_EXIT, 0), SYN,
                                             KEY(KEY_SUBTITLE, 1), SYN, KEY(KEY_SUBTITLE, 0), SYN};
    struct evdev_hit hits[8];
    assert_int_equal(run(x11, rec, N(rec), hits, 8), 2); /* Enter is SDL's */
    assert_int_equal(hits[0].action, INPUT_BACK);
    assert_int_equal(hits[1].action, INPUT_SUBTITLE);
    evdev_xlate_free(x11);
    keymap_free(km);
}

/* Held button: value 2 repeats only for repeating actions. */
static void test_autorepeat(void **state)
{
    struct fixture *f = *state;
    static const struct input_event held_volume[] = {
        KEY(KEY_RED, 1), SYN, KEY(KEY_RED, 2), SYN, KEY(KEY_RED, 2), SYN, KEY(KEY_RED, 2), SYN, KEY(KEY_RED, 0), SYN,
    };
    struct evdev_hit hits[8];
    assert_int_equal(run(f->x, held_volume, N(held_volume), hits, 8), 4);
    assert_int_equal(hits[0].action, INPUT_VOLUME_UP);
    assert_false(hits[0].repeat);
    for (int i = 1; i < 4; i++) {
        assert_int_equal(hits[i].action, INPUT_VOLUME_UP);
        assert_true(hits[i].repeat);
    }
    static const struct input_event held_ok[] = {KEY(KEY_OK, 1), SYN, KEY(KEY_OK, 2), SYN, KEY(KEY_OK, 2), SYN,
                                                 KEY(KEY_OK, 0), SYN};
    assert_int_equal(run(f->x, held_ok, N(held_ok), hits, 8), 1); /* OK does not repeat */
    /* A repeat whose press was never seen (device opened mid-hold). */
    static const struct input_event orphan[] = {KEY(KEY_RED, 2), SYN, KEY(KEY_RED, 0), SYN};
    assert_int_equal(run(f->x, orphan, N(orphan), hits, 8), 0);
    /* Arrows repeat when not filtered (all_keys). */
    static const struct input_event arrow[] = {KEY(KEY_DOWN, 1), SYN, KEY(KEY_DOWN, 2), SYN, KEY(KEY_DOWN, 0), SYN};
    assert_int_equal(run(f->all, arrow, N(arrow), hits, 8), 2);
    assert_true(hits[1].repeat);
}

/* SYN_DROPPED: the frame is discarded until the next SYN_REPORT. */
static void test_syn_dropped_discards_frame(void **state)
{
    struct fixture *f = *state;
    static const struct input_event rec[] = {
        KEY(KEY_INFO, 1), DROPPED, KEY(KEY_INFO, 0), SYN, /* lost frame */
        KEY(KEY_EXIT, 1), SYN, KEY(KEY_EXIT, 0), SYN,     /* next one is fine */
    };
    struct evdev_hit hits[8];
    assert_int_equal(run(f->x, rec, N(rec), hits, 8), 1);
    assert_int_equal(hits[0].action, INPUT_BACK);
}

/* libevdev's resync after SYN_DROPPED: the state deltas (a key pressed and
 * one released during the gap) then SYN_REPORT. A key pressed in the gap
 * does not fire late; a held key released in the gap stops repeating. */
static void test_libevdev_resync_sequence(void **state)
{
    struct fixture *f = *state;
    static const struct input_event rec[] = {
        KEY(KEY_RED, 1), SYN,                       /* volume key held … */
        DROPPED,                                    /* overflow */
        KEY(KEY_OK, 1), KEY(KEY_RED, 0), SYN,       /* deltas: OK now down, RED released */
        KEY(KEY_RED, 2), SYN,                       /* a stale repeat */
        KEY(KEY_OK, 0), SYN,                        /* release of the gap key */
        KEY(KEY_OK, 1), SYN, KEY(KEY_OK, 0), SYN,   /* a real press */
    };
    struct evdev_hit hits[8];
    int n = run(f->x, rec, N(rec), hits, 8);
    assert_int_equal(n, 2);
    assert_int_equal(hits[0].action, INPUT_VOLUME_UP); /* the first press, before the overflow */
    assert_false(hits[0].repeat);
    assert_int_equal(hits[1].action, INPUT_OK);
}

/* Several keys in one frame, in order; more than the cap are dropped;
 * unbound and ignored keys give nothing. */
static void test_frames_and_unbound_keys(void **state)
{
    struct fixture *f = *state;
    static const struct input_event two[] = {KEY(KEY_RED, 1), KEY(KEY_BLUE, 1), SYN};
    struct evdev_hit hits[16];
    assert_int_equal(run(f->x, two, N(two), hits, 16), 2);
    assert_int_equal(hits[0].action, INPUT_VOLUME_UP);
    assert_int_equal(hits[1].action, INPUT_BLUE);

    struct input_event many[2 * 12 + 1];
    for (int i = 0; i < 12; i++) {
        many[2 * i] = (struct input_event){.type = EV_KEY, .code = KEY_NEXT, .value = 0};
        many[2 * i + 1] = (struct input_event){.type = EV_KEY, .code = KEY_NEXT, .value = 1};
    }
    many[24] = (struct input_event){.type = EV_SYN, .code = SYN_REPORT};
    assert_int_equal(run(f->x, many, N(many), hits, 16), EVDEV_XLATE_MAX_HITS);

    static const struct input_event other[] = {
        KEY(KEY_NUMERIC_5, 1), SYN, KEY(KEY_NUMERIC_5, 0), SYN, /* unbound */
        KEY(KEY_POWER, 1), SYN, KEY(KEY_POWER, 0), SYN,         /* ignored (and SDL's) */
        {.type = EV_REL, .code = REL_X, .value = 5}, SYN,       /* air-mouse motion */
        KEY(BTN_LEFT, 1), SYN, KEY(BTN_LEFT, 0), SYN,           /* gyro click: SDL's mouse */
        {.type = EV_KEY, .code = KEY_CNT + 3, .value = 1}, SYN, /* out of range */
        KEY(KEY_OK, 7), SYN,                                    /* bogus value */
    };
    assert_int_equal(run(f->x, other, N(other), hits, 16), 0);
    assert_int_equal(run(f->all, other, N(other), hits, 16), 0);
}

static void test_reset_forgets_state(void **state)
{
    struct fixture *f = *state;
    static const struct input_event press[] = {KEY(KEY_RED, 1), SYN, KEY(KEY_GREEN, 1)};
    static const struct input_event after[] = {KEY(KEY_RED, 2), SYN};
    struct evdev_hit hits[8];
    assert_int_equal(run(f->x, press, N(press), hits, 8), 1);
    evdev_xlate_reset(f->x);
    /* GREEN's half frame is gone, RED is no longer down: nothing fires. */
    assert_int_equal(run(f->x, after, N(after), hits, 8), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_press_release, setup, teardown),
        cmocka_unit_test_setup_teardown(test_action_at_syn_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sdl_delivered_keys_are_left_to_sdl, setup, teardown),
        cmocka_unit_test(test_filters),
        cmocka_unit_test_setup_teardown(test_autorepeat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_syn_dropped_discards_frame, setup, teardown),
        cmocka_unit_test_setup_teardown(test_libevdev_resync_sequence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frames_and_unbound_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_forgets_state, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
