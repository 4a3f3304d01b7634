/* keymap_defaults.c — the default bindings (see keymap.h).
 *
 * Remote buttons follow the table in shared/notes/remote-and-boot.md (Kodi's
 * remote.xml conventions). Every kernel name also binds the SDL key that
 * SDL delivers for it (keymap_bind does that), so KEY_ENTER gives "Return",
 * KEY_PLAYPAUSE "AudioPlay", KEY_M "M" … and a plain keyboard works too:
 * Space = PLAYPAUSE, Escape/Backspace = BACK, Enter = OK, M = MUTE,
 * S = SUBTITLE, L = LANGUAGE, I = INFO, +/- = volume, PageUp/PageDown =
 * PREV/NEXT, Tab = MENU.
 */
#include <stddef.h>

#include "player/keymap.h"

struct default_binding {
    const char *key;
    enum input_action act;
};

static const struct default_binding defaults[] = {
    /* D-pad: Up/Down open the language picker, Left/Right = prev/next. */
    {"KEY_UP", INPUT_UP},
    {"KEY_DOWN", INPUT_DOWN},
    {"KEY_LEFT", INPUT_LEFT},
    {"KEY_RIGHT", INPUT_RIGHT},
    /* OK */
    {"KEY_ENTER", INPUT_OK},
    {"KEY_KPENTER", INPUT_OK},
    {"KEY_OK", INPUT_OK},
    {"KEY_SELECT", INPUT_OK},
    /* Back / close overlay */
    {"KEY_BACK", INPUT_BACK},
    {"KEY_ESC", INPUT_BACK},
    {"KEY_EXIT", INPUT_BACK},
    {"KEY_BACKSPACE", INPUT_BACK},
    /* Menu = language picker; air mice call their menu key "Application"
     * (KEY_COMPOSE); Home/Guide/Options also open it, as the dependable path
     * on remotes without a subtitle key. */
    {"KEY_MENU", INPUT_MENU},
    {"KEY_COMPOSE", INPUT_MENU},
    {"KEY_CONTEXT_MENU", INPUT_MENU},
    {"KEY_HOMEPAGE", INPUT_MENU},
    {"KEY_EPG", INPUT_MENU},
    {"KEY_OPTION", INPUT_MENU},
    {"KEY_TAB", INPUT_MENU},
    /* Direct keys */
    {"KEY_SUBTITLE", INPUT_SUBTITLE},
    {"KEY_TEXT", INPUT_SUBTITLE},
    {"KEY_S", INPUT_SUBTITLE},
    {"KEY_LANGUAGE", INPUT_LANGUAGE},
    {"KEY_AUDIO", INPUT_LANGUAGE},
    {"KEY_L", INPUT_LANGUAGE},
    {"KEY_INFO", INPUT_INFO},
    {"KEY_I", INPUT_INFO},
    /* Play/Pause */
    {"KEY_PLAYPAUSE", INPUT_PLAYPAUSE},
    {"KEY_PLAY", INPUT_PLAYPAUSE},
    {"KEY_PLAYCD", INPUT_PLAYPAUSE},
    {"KEY_PAUSE", INPUT_PLAYPAUSE},
    {"KEY_PAUSECD", INPUT_PLAYPAUSE},
    {"KEY_SPACE", INPUT_PLAYPAUSE},
    /* Next/previous video */
    {"KEY_NEXTSONG", INPUT_NEXT},
    {"KEY_NEXT", INPUT_NEXT},
    {"KEY_CHANNELUP", INPUT_NEXT},
    {"KEY_FASTFORWARD", INPUT_NEXT},
    {"KEY_PAGEDOWN", INPUT_NEXT},
    {"KEY_PREVIOUSSONG", INPUT_PREV},
    {"KEY_PREVIOUS", INPUT_PREV},
    {"KEY_CHANNELDOWN", INPUT_PREV},
    {"KEY_REWIND", INPUT_PREV},
    {"KEY_PAGEUP", INPUT_PREV},
    /* Volume (software volume) */
    {"KEY_VOLUMEUP", INPUT_VOLUME_UP},
    {"KEY_KPPLUS", INPUT_VOLUME_UP},
    {"KEY_EQUAL", INPUT_VOLUME_UP}, /* the "=/+" key of US keyboards */
    {"+", INPUT_VOLUME_UP},         /* layouts with a "+" key */
    {"KEY_VOLUMEDOWN", INPUT_VOLUME_DOWN},
    {"KEY_KPMINUS", INPUT_VOLUME_DOWN},
    {"KEY_MINUS", INPUT_VOLUME_DOWN},
    {"KEY_MUTE", INPUT_MUTE},
    {"KEY_M", INPUT_MUTE},
    /* Colour keys: actions of their own; the core decides what they do. */
    {"KEY_RED", INPUT_RED},
    {"KEY_GREEN", INPUT_GREEN},
    {"KEY_YELLOW", INPUT_YELLOW},
    {"KEY_BLUE", INPUT_BLUE},
    /* Power: never acts (logind's HandlePowerKey=ignore keeps the machine
     * on; the player ignores it too). */
    {"KEY_POWER", INPUT_NONE},
    {"KEY_POWER2", INPUT_NONE},
    /* Gamepads (SDL GameController). */
    {"pad.dpup", INPUT_UP},
    {"pad.dpdown", INPUT_DOWN},
    {"pad.dpleft", INPUT_LEFT},
    {"pad.dpright", INPUT_RIGHT},
    {"pad.a", INPUT_OK},
    {"pad.b", INPUT_BACK},
    {"pad.start", INPUT_MENU},
    {"pad.back", INPUT_INFO},
    {"pad.x", INPUT_PLAYPAUSE},
    {"pad.y", INPUT_SUBTITLE},
    {"pad.leftshoulder", INPUT_PREV},
    {"pad.rightshoulder", INPUT_NEXT},
};

int keymap_bind_defaults(struct keymap *km)
{
    for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
        int r = keymap_bind(km, defaults[i].key, defaults[i].act);
        if (r < 0)
            return r;
    }
    return 0;
}
