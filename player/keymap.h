/* keymap.h — which key gives which action (input.h), for three input
 * namespaces, by NAME so that no SDL header is needed here:
 *
 *   evdev    kernel key names as evtest/ir-keytable print them: "KEY_OK",
 *            "KEY_ENTER", "BTN_LEFT" (libevdev's names). Used by the evdev
 *            remote reader (evdev.h) by code.
 *   SDL key  names exactly as SDL_GetKeyName() returns them: "Return",
 *            "Escape", "AudioPlay", "Keypad Enter", "F1", "M", "+".
 *            Matched case-insensitively.
 *   pad      SDL GameController buttons as SDL_GameControllerGetStringForButton()
 *            names them, prefixed "pad.": "pad.a", "pad.dpup", "pad.start".
 *
 * A binding written with an evdev name also binds the SDL key that SDL 2.26
 * delivers for that kernel code (KEY_ENTER → "Return", KEY_HOMEPAGE →
 * "AC Home"), so `KEY_HOMEPAGE = INFO` in the config works whichever path the
 * key takes. Several kernel codes can share one SDL key (KEY_PLAY,
 * KEY_PLAYPAUSE and KEY_PLAYCD are all "AudioPlay" to SDL); the last binding
 * wins for the SDL side.
 *
 * Threading: a keymap is built on one thread (keymap_new_default/keymap_bind)
 * and must not change afterwards; from then on lookups are safe from any
 * number of threads at once (the evdev reader and the main thread).
 * The free functions marked "pure" touch no state at all.
 */
#ifndef VITRINA_KEYMAP_H
#define VITRINA_KEYMAP_H

#include <stdbool.h>

#include "player/input.h"

struct keymap;

/* A new keymap with the default bindings (remote-and-boot.md's table, plus
 * plain-keyboard and gamepad defaults). Caller owns it: keymap_free().
 * Returns NULL only when out of memory. */
struct keymap *keymap_new_default(void);

/* A new keymap with no binding at all (tests, or to build one from scratch).
 * Caller owns it. NULL only when out of memory. */
struct keymap *keymap_new_empty(void);

/* Bind the default bindings into km, on top of what it has (keymap_defaults.c).
 * Returns 0, -1 on a bad table entry (a unit test keeps the table valid),
 * -2 when out of memory. Building thread only. */
int keymap_bind_defaults(struct keymap *km);

/* Frees a keymap (NULL is fine). No lookup may be running. */
void keymap_free(struct keymap *km);

/* Bind `key_name` (any namespace, see above) to `act`; INPUT_NONE unbinds
 * (makes the key do nothing). Overrides earlier bindings of that key.
 * Returns 0, -1 if `key_name` is not a key name in any namespace, or -2
 * when out of memory. Building thread only. */
int keymap_bind(struct keymap *km, const char *key_name, enum input_action act);

/* 0 if `key_name` is a valid key name in some namespace, -1 if not. When it
 * is not and `hint`/`hint_size` are given, writes a short suggestion for
 * the message ("did you mean 'KEY_OK'?" or "") into hint. Pure. */
int keymap_key_name_check(const char *key_name, char *hint, int hint_size);

/* Action for a kernel EV_KEY code (INPUT_NONE when unbound or out of
 * range). Any thread. */
enum input_action keymap_lookup_evdev(const struct keymap *km, unsigned code);

/* Action for an SDL key name as SDL_GetKeyName() returns it (case does not
 * matter). INPUT_NONE when unbound, NULL or "". Any thread. */
enum input_action keymap_lookup_sdl(const struct keymap *km, const char *sdl_key_name);

/* Action for a GameController button name as SDL names it ("a", "dpup";
 * without the "pad." prefix). INPUT_NONE when unbound. Any thread. */
enum input_action keymap_lookup_pad(const struct keymap *km, const char *button_name);

/* The bindings as text for documentation, one line per action that has a
 * key: "<prefix>OK: KEY_ENTER KEY_OK KEY_SELECT Return \"Keypad Enter\" pad.a".
 * Lines longer than ~100 characters wrap with "<prefix>    ". Returns a
 * malloc'd string the caller frees, NULL when out of memory. Any thread. */
char *keymap_describe(const struct keymap *km, const char *line_prefix);

/* ---- SDL 2.26 knowledge (keymap_sdl.c), pure -------------------------- */

/* True when SDL 2.26's Linux evdev input (KMSDRM) produces NO key event for
 * this kernel EV_KEY code: a KEY_* code that src/events/scancodes_linux.h
 * maps to SDL_SCANCODE_UNKNOWN (KEY_OK, KEY_SELECT, KEY_INFO, KEY_EXIT,
 * KEY_SUBTITLE, KEY_RED…, every code ≥ 256 that is not a BTN_*). BTN_*
 * codes (mouse, joystick and gamepad buttons) are never "dropped": SDL
 * handles them as mouse or controller input. Pure. */
bool keymap_sdl_drops_evdev(unsigned code);

/* The SDL key name SDL 2.26 gives the key event for this kernel code (US
 * layout), "" for keys SDL delivers without a name, NULL when SDL drops the
 * code. Static string. Pure. */
const char *keymap_sdl_name_for_evdev(unsigned code);

/* The canonical spelling of an SDL key name if `name` is one (a scancode
 * name, case-insensitive, or a single printable character — SDL names
 * character keys by the character), else NULL. Static string, or `name`
 * itself for single characters other than ASCII letters. Pure. */
const char *keymap_sdl_name_canonical(const char *name);

/* Number of SDL key names known to keymap_sdl_name_canonical() and the
 * i-th one (tests compare them with the installed SDL). Pure. */
int keymap_sdl_name_count(void);
const char *keymap_sdl_name_at(int i);

#endif
