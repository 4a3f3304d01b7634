/* Unit tests: actions (input.c) and key maps (keymap*.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libevdev/libevdev.h>

#include "player/input.h"
#include "player/keymap.h"

static void test_action_names_round_trip(void **state)
{
    (void)state;
    for (int i = 0; i < INPUT_ACTION_COUNT; i++) {
        enum input_action a = (enum input_action)-1;
        const char *name = input_action_name((enum input_action)i);
        assert_int_equal(input_action_from_name(name, &a), 0);
        assert_int_equal(a, i);
    }
    enum input_action a = INPUT_OK;
    assert_int_equal(input_action_from_name("ignore", &a), 0);
    assert_int_equal(a, INPUT_NONE);
    assert_int_equal(input_action_from_name("volume-up", &a), 0);
    assert_int_equal(a, INPUT_VOLUME_UP);
    assert_int_equal(input_action_from_name("Subtitle", &a), 0);
    assert_int_equal(a, INPUT_SUBTITLE);
    a = INPUT_OK;
    assert_int_equal(input_action_from_name("POWER", &a), -1);
    assert_int_equal(input_action_from_name("", &a), -1);
    assert_int_equal(input_action_from_name(NULL, &a), -1);
    assert_int_equal(a, INPUT_OK);
    assert_string_equal(input_action_name(INPUT_ACTION_COUNT), "?");
}

static void test_repeating_actions(void **state)
{
    (void)state;
    assert_true(input_action_repeats(INPUT_UP));
    assert_true(input_action_repeats(INPUT_RIGHT));
    assert_true(input_action_repeats(INPUT_VOLUME_DOWN));
    assert_false(input_action_repeats(INPUT_OK));
    assert_false(input_action_repeats(INPUT_NEXT));
    assert_false(input_action_repeats(INPUT_SUBTITLE));
    assert_false(input_action_repeats(INPUT_NONE));
}

/* The defaults follow remote-and-boot.md's table. */
static void test_default_remote_table(void **state)
{
    (void)state;
    struct keymap *km = keymap_new_default();
    assert_non_null(km);
    static const struct {
        unsigned code;
        enum input_action act;
    } table[] = {
        {KEY_UP, INPUT_UP},           {KEY_DOWN, INPUT_DOWN},         {KEY_LEFT, INPUT_LEFT},
        {KEY_RIGHT, INPUT_RIGHT},     {KEY_ENTER, INPUT_OK},          {KEY_OK, INPUT_OK},
        {KEY_SELECT, INPUT_OK},       {KEY_BACK, INPUT_BACK},         {KEY_ESC, INPUT_BACK},
        {KEY_EXIT, INPUT_BACK},       {KEY_BACKSPACE, INPUT_BACK},    {KEY_MENU, INPUT_MENU},
        {KEY_COMPOSE, INPUT_MENU},    {KEY_CONTEXT_MENU, INPUT_MENU}, {KEY_SUBTITLE, INPUT_SUBTITLE},
        {KEY_LANGUAGE, INPUT_LANGUAGE}, {KEY_AUDIO, INPUT_LANGUAGE},  {KEY_INFO, INPUT_INFO},
        {KEY_PLAYPAUSE, INPUT_PLAYPAUSE}, {KEY_PLAY, INPUT_PLAYPAUSE}, {KEY_PAUSE, INPUT_PLAYPAUSE},
        {KEY_PAUSECD, INPUT_PLAYPAUSE}, {KEY_NEXTSONG, INPUT_NEXT},   {KEY_PREVIOUSSONG, INPUT_PREV},
        {KEY_NEXT, INPUT_NEXT},       {KEY_PREVIOUS, INPUT_PREV},     {KEY_VOLUMEUP, INPUT_VOLUME_UP},
        {KEY_VOLUMEDOWN, INPUT_VOLUME_DOWN}, {KEY_MUTE, INPUT_MUTE},  {KEY_POWER, INPUT_NONE},
        {KEY_RED, INPUT_RED},         {KEY_GREEN, INPUT_GREEN},       {KEY_YELLOW, INPUT_YELLOW},
        {KEY_BLUE, INPUT_BLUE},       {BTN_LEFT, INPUT_NONE},
    };
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        if (keymap_lookup_evdev(km, table[i].code) != table[i].act)
            fail_msg("%s: expected %s, got %s", libevdev_event_code_get_name(EV_KEY, table[i].code),
                     input_action_name(table[i].act), input_action_name(keymap_lookup_evdev(km, table[i].code)));
    }
    assert_int_equal(keymap_lookup_evdev(km, KEY_CNT + 5), INPUT_NONE);
    keymap_free(km);
}

/* A plain keyboard works through SDL names (case-insensitive). */
static void test_default_keyboard_and_pad(void **state)
{
    (void)state;
    struct keymap *km = keymap_new_default();
    static const struct {
        const char *name;
        enum input_action act;
    } sdl[] = {
        {"Space", INPUT_PLAYPAUSE}, {"Escape", INPUT_BACK},   {"Backspace", INPUT_BACK}, {"Return", INPUT_OK},
        {"Keypad Enter", INPUT_OK}, {"M", INPUT_MUTE},        {"s", INPUT_SUBTITLE},     {"L", INPUT_LANGUAGE},
        {"I", INPUT_INFO},          {"+", INPUT_VOLUME_UP},   {"=", INPUT_VOLUME_UP},    {"-", INPUT_VOLUME_DOWN},
        {"Keypad +", INPUT_VOLUME_UP}, {"PageUp", INPUT_PREV}, {"PageDown", INPUT_NEXT}, {"Tab", INPUT_MENU},
        {"Up", INPUT_UP},           {"Menu", INPUT_MENU},     {"Application", INPUT_MENU}, {"AudioPlay", INPUT_PLAYPAUSE},
        {"AudioNext", INPUT_NEXT},  {"AC Back", INPUT_BACK},  {"VolumeUp", INPUT_VOLUME_UP}, {"Mute", INPUT_MUTE},
        {"F1", INPUT_NONE},         {"Power", INPUT_NONE},    {"", INPUT_NONE},
    };
    for (size_t i = 0; i < sizeof(sdl) / sizeof(sdl[0]); i++) {
        if (keymap_lookup_sdl(km, sdl[i].name) != sdl[i].act)
            fail_msg("SDL '%s': expected %s, got %s", sdl[i].name, input_action_name(sdl[i].act),
                     input_action_name(keymap_lookup_sdl(km, sdl[i].name)));
    }
    assert_int_equal(keymap_lookup_sdl(km, NULL), INPUT_NONE);
    assert_int_equal(keymap_lookup_pad(km, "a"), INPUT_OK);
    assert_int_equal(keymap_lookup_pad(km, "b"), INPUT_BACK);
    assert_int_equal(keymap_lookup_pad(km, "dpup"), INPUT_UP);
    assert_int_equal(keymap_lookup_pad(km, "start"), INPUT_MENU);
    assert_int_equal(keymap_lookup_pad(km, "guide"), INPUT_NONE);
    assert_int_equal(keymap_lookup_pad(km, "nonsense"), INPUT_NONE);
    keymap_free(km);
}

/* Config overrides: any namespace; an evdev name also rebinds SDL's key. */
static void test_bind_overrides(void **state)
{
    (void)state;
    struct keymap *km = keymap_new_default();
    assert_int_equal(keymap_bind(km, "KEY_RED", INPUT_SUBTITLE), 0);
    assert_int_equal(keymap_bind(km, "F1", INPUT_LANGUAGE), 0);
    assert_int_equal(keymap_bind(km, "key_power", INPUT_NONE), 0);
    assert_int_equal(keymap_bind(km, "KEY_HOMEPAGE", INPUT_INFO), 0);
    assert_int_equal(keymap_bind(km, "pad.Y", INPUT_LANGUAGE), 0);
    assert_int_equal(keymap_bind(km, "return", INPUT_INFO), 0);
    assert_int_equal(keymap_lookup_evdev(km, KEY_RED), INPUT_SUBTITLE);
    assert_int_equal(keymap_lookup_sdl(km, "F1"), INPUT_LANGUAGE);
    assert_int_equal(keymap_lookup_evdev(km, KEY_HOMEPAGE), INPUT_INFO);
    assert_int_equal(keymap_lookup_sdl(km, "AC Home"), INPUT_INFO); /* same key via SDL */
    assert_int_equal(keymap_lookup_pad(km, "y"), INPUT_LANGUAGE);
    assert_int_equal(keymap_lookup_sdl(km, "Return"), INPUT_INFO);
    assert_int_equal(keymap_lookup_evdev(km, KEY_ENTER), INPUT_OK); /* SDL name binds SDL only */
    /* Unknown names in every namespace. */
    assert_int_equal(keymap_bind(km, "KEY_NOPE", INPUT_OK), -1);
    assert_int_equal(keymap_bind(km, "Retrun", INPUT_OK), -1);
    assert_int_equal(keymap_bind(km, "pad.z", INPUT_OK), -1);
    assert_int_equal(keymap_bind(km, "", INPUT_OK), -1);
    assert_int_equal(keymap_bind(km, "F1", INPUT_ACTION_COUNT), -1);
    keymap_free(km);

    struct keymap *empty = keymap_new_empty();
    assert_int_equal(keymap_lookup_evdev(empty, KEY_OK), INPUT_NONE);
    assert_int_equal(keymap_lookup_sdl(empty, "Return"), INPUT_NONE);
    keymap_free(empty);
    keymap_free(NULL);
}

static void test_key_name_check_and_hints(void **state)
{
    (void)state;
    char hint[96];
    assert_int_equal(keymap_key_name_check("KEY_OK", hint, sizeof(hint)), 0);
    assert_int_equal(keymap_key_name_check("btn_left", hint, sizeof(hint)), 0);
    assert_int_equal(keymap_key_name_check("Keypad Enter", hint, sizeof(hint)), 0);
    assert_int_equal(keymap_key_name_check("ñ", hint, sizeof(hint)), 0); /* a character key */
    assert_int_equal(keymap_key_name_check("pad.dpup", hint, sizeof(hint)), 0);
    assert_int_equal(keymap_key_name_check("KEY_SUBTTILE", hint, sizeof(hint)), -1);
    assert_string_equal(hint, "did you mean 'KEY_SUBTITLE'?");
    assert_int_equal(keymap_key_name_check("Retrun", hint, sizeof(hint)), -1);
    assert_string_equal(hint, "did you mean 'Return'?");
    assert_int_equal(keymap_key_name_check("pad.strat", hint, sizeof(hint)), -1);
    assert_string_equal(hint, "did you mean 'pad.start'?");
    assert_int_equal(keymap_key_name_check("completely-unknown-thing", hint, sizeof(hint)), -1);
    assert_string_equal(hint, "");
    assert_int_equal(keymap_key_name_check("\x01", NULL, 0), -1);
}

/* The codes SDL 2.26 drops (remote-and-boot.md's list) and the ones it
 * delivers (which must not act twice). */
static void test_sdl_dropped_codes(void **state)
{
    (void)state;
    static const unsigned dropped[] = {
        KEY_OK,      KEY_SELECT,   KEY_INFO,    KEY_EPG,      KEY_LANGUAGE, KEY_SUBTITLE,  KEY_AUDIO,
        KEY_TEXT,    KEY_RED,      KEY_GREEN,   KEY_YELLOW,   KEY_BLUE,     KEY_CHANNELUP, KEY_CHANNELDOWN,
        KEY_NEXT,    KEY_PREVIOUS, KEY_CONTEXT_MENU, KEY_NUMERIC_0, KEY_NUMERIC_9, KEY_EXIT, KEY_PAUSECD,
        KEY_OPTION,  KEY_MACRO,    KEY_CONFIG,  KEY_MICMUTE,
    };
    static const unsigned delivered[] = {
        KEY_ENTER, KEY_ESC,  KEY_UP,       KEY_MENU,     KEY_COMPOSE,  KEY_BACK,     KEY_HOMEPAGE,
        KEY_PLAY,  KEY_PAUSE, KEY_PLAYPAUSE, KEY_PLAYCD, KEY_NEXTSONG, KEY_VOLUMEUP, KEY_MUTE,
        KEY_POWER, KEY_F24,  KEY_102ND,    KEY_FASTFORWARD,
    };
    for (size_t i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++) {
        if (!keymap_sdl_drops_evdev(dropped[i]))
            fail_msg("%s should be dropped by SDL", libevdev_event_code_get_name(EV_KEY, dropped[i]));
        assert_null(keymap_sdl_name_for_evdev(dropped[i]));
    }
    for (size_t i = 0; i < sizeof(delivered) / sizeof(delivered[0]); i++) {
        if (keymap_sdl_drops_evdev(delivered[i]))
            fail_msg("%s is delivered by SDL", libevdev_event_code_get_name(EV_KEY, delivered[i]));
        assert_non_null(keymap_sdl_name_for_evdev(delivered[i]));
    }
    /* Buttons are mouse/gamepad input, never "dropped keys". */
    assert_false(keymap_sdl_drops_evdev(BTN_LEFT));
    assert_false(keymap_sdl_drops_evdev(BTN_SOUTH));
    assert_false(keymap_sdl_drops_evdev(BTN_DPAD_UP));
    assert_false(keymap_sdl_drops_evdev(KEY_RESERVED));
    assert_false(keymap_sdl_drops_evdev(KEY_MAX + 1));
    assert_string_equal(keymap_sdl_name_for_evdev(KEY_ENTER), "Return");
    assert_string_equal(keymap_sdl_name_for_evdev(KEY_COMPOSE), "Application");
    assert_string_equal(keymap_sdl_name_for_evdev(KEY_PLAYPAUSE), "AudioPlay");
    assert_string_equal(keymap_sdl_name_for_evdev(KEY_102ND), ""); /* delivered, unnamed */
    /* Every dropped code < 256 is exactly one without an SDL name. */
    int n_dropped = 0;
    for (unsigned c = 1; c < 256; c++)
        n_dropped += keymap_sdl_drops_evdev(c);
    assert_int_equal(n_dropped, 74); /* SDL 2.26.5 scancodes_linux.h: 75 UNKNOWN entries incl. KEY_RESERVED */
}

static void test_describe_lists_defaults(void **state)
{
    (void)state;
    struct keymap *km = keymap_new_default();
    char *d = keymap_describe(km, "# ");
    assert_non_null(d);
    assert_non_null(strstr(d, "# OK: KEY_ENTER KEY_KPENTER KEY_OK KEY_SELECT Return \"Keypad Enter\" pad.a\n"));
    assert_non_null(strstr(d, "# SUBTITLE: KEY_S KEY_SUBTITLE KEY_TEXT S pad.y\n"));
    assert_null(strstr(d, "NONE:")); /* ignored keys are not listed as an action */
    for (char *line = d; *line;) {
        size_t n = strcspn(line, "\n");
        assert_true(n <= 104);
        line += n + (line[n] ? 1 : 0);
    }
    free(d);
    keymap_free(km);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_action_names_round_trip),
        cmocka_unit_test(test_repeating_actions),
        cmocka_unit_test(test_default_remote_table),
        cmocka_unit_test(test_default_keyboard_and_pad),
        cmocka_unit_test(test_bind_overrides),
        cmocka_unit_test(test_key_name_check_and_hints),
        cmocka_unit_test(test_sdl_dropped_codes),
        cmocka_unit_test(test_describe_lists_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
