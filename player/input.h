/* input.h — viewer actions: what a remote button, key, gamepad button or
 * IPC `keypress NAME` asks the player to do.
 *
 * The action names are the IPC `keypress` names and the right-hand side of
 * the config file's [keys] section. Which physical key gives which action
 * is keymap.h's job; reading remotes is evdev.h's job.
 *
 * Everything here is pure (no state) and callable from any thread.
 */
#ifndef VITRINA_INPUT_H
#define VITRINA_INPUT_H

#include <stdbool.h>

enum input_action {
    INPUT_NONE = 0, /* unbound or explicitly ignored ("NONE" / "IGNORE") */
    INPUT_UP,
    INPUT_DOWN,
    INPUT_LEFT,
    INPUT_RIGHT,
    INPUT_OK,
    INPUT_BACK,
    INPUT_MENU,
    INPUT_INFO,
    INPUT_PLAYPAUSE,
    INPUT_NEXT,
    INPUT_PREV,
    INPUT_VOLUME_UP,
    INPUT_VOLUME_DOWN,
    INPUT_MUTE,
    INPUT_SUBTITLE,
    INPUT_LANGUAGE,
    INPUT_RED,
    INPUT_GREEN,
    INPUT_YELLOW,
    INPUT_BLUE,
    INPUT_ACTION_COUNT
};

/* Upper-case name of an action ("OK", "VOLUME_UP", "NONE"); "?" when out
 * of range. Returns a static string. Pure, any thread. */
const char *input_action_name(enum input_action act);

/* Parse an action name, case-insensitive, '-' accepted for '_'
 * ("volume-up"). "NONE" and "IGNORE" give INPUT_NONE. Returns 0 and sets
 * *out, or -1 for an unknown name (*out untouched). Pure, any thread. */
int input_action_from_name(const char *name, enum input_action *out);

/* True for the actions that keep firing while the button is held (key
 * autorepeat): the four arrows and the two volume actions. A repeat of any
 * other action is ignored by every input source. Pure, any thread. */
bool input_action_repeats(enum input_action act);

/* How input sources deliver an action. `repeat` is true for an autorepeat
 * of a held button (only for actions where input_action_repeats() is true);
 * `key_name` names the physical key for logs ("KEY_OK", "Return", "pad.a")
 * and is only valid during the call. Each source documents which thread
 * calls it. */
typedef void (*input_action_fn)(void *user, enum input_action action, bool repeat, const char *key_name);

#endif
