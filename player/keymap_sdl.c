/* keymap_sdl.c — what SDL 2.26 does with Linux key codes (see keymap.h).
 *
 * Data, not code: the tables below were produced from the installed SDL
 * 2.26.5 (Debian 12 libsdl2-2.0-0) by calling SDL_GetKeyFromScancode /
 * SDL_GetKeyName / SDL_GetScancodeName on every scancode and on every
 * entry of SDL's Linux evdev table (src/events/scancodes_linux.h, whose
 * SDL_SCANCODE_UNKNOWN entries were checked against the 2.26 source).
 * tests/unit/test_control_keymap_sdl.c re-checks the names against the
 * SDL library present at test time.
 */
#include "player/keymap.h"

#include <ctype.h>
#include <libevdev/libevdev.h>
#include <linux/input-event-codes.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

/* SDL key name per kernel code < 256 for the codes SDL delivers; "" = SDL
 * delivers the key but names it ""; absent (NULL) = SDL_SCANCODE_UNKNOWN. */
static const char *const sdl_name_by_code[256] = {
    [1] = "Escape", [2] = "1", [3] = "2", [4] = "3", [5] = "4", [6] = "5", [7] = "6", [8] = "7", [9] = "8",
    [10] = "9", [11] = "0", [12] = "-", [13] = "=", [14] = "Backspace", [15] = "Tab", [16] = "Q", [17] = "W",
    [18] = "E", [19] = "R", [20] = "T", [21] = "Y", [22] = "U", [23] = "I", [24] = "O", [25] = "P", [26] = "[",
    [27] = "]", [28] = "Return", [29] = "Left Ctrl", [30] = "A", [31] = "S", [32] = "D", [33] = "F",
    [34] = "G", [35] = "H", [36] = "J", [37] = "K", [38] = "L", [39] = ";", [40] = "'", [41] = "`",
    [42] = "Left Shift", [43] = "\\", [44] = "Z", [45] = "X", [46] = "C", [47] = "V", [48] = "B", [49] = "N",
    [50] = "M", [51] = ",", [52] = ".", [53] = "/", [54] = "Right Shift", [55] = "Keypad *", [56] = "Left Alt",
    [57] = "Space", [58] = "CapsLock", [59] = "F1", [60] = "F2", [61] = "F3", [62] = "F4", [63] = "F5",
    [64] = "F6", [65] = "F7", [66] = "F8", [67] = "F9", [68] = "F10", [69] = "Numlock", [70] = "ScrollLock",
    [71] = "Keypad 7", [72] = "Keypad 8", [73] = "Keypad 9", [74] = "Keypad -", [75] = "Keypad 4",
    [76] = "Keypad 5", [77] = "Keypad 6", [78] = "Keypad +", [79] = "Keypad 1", [80] = "Keypad 2",
    [81] = "Keypad 3", [82] = "Keypad 0", [83] = "Keypad .", [85] = "", [86] = "", [87] = "F11", [88] = "F12",
    [89] = "", [90] = "", [91] = "", [92] = "", [93] = "", [94] = "", [95] = "", [96] = "Keypad Enter",
    [97] = "Right Ctrl", [98] = "Keypad /", [99] = "SysReq", [100] = "Right Alt", [102] = "Home", [103] = "Up",
    [104] = "PageUp", [105] = "Left", [106] = "Right", [107] = "End", [108] = "Down", [109] = "PageDown",
    [110] = "Insert", [111] = "Delete", [113] = "Mute", [114] = "VolumeDown", [115] = "VolumeUp",
    [116] = "Power", [117] = "Keypad =", [118] = "Keypad +/-", [119] = "Pause", [121] = "Keypad ,", [122] = "",
    [123] = "", [124] = "", [125] = "Left GUI", [126] = "Right GUI", [127] = "Application", [128] = "Stop",
    [129] = "Again", [131] = "Undo", [133] = "Copy", [135] = "Paste", [136] = "Find", [137] = "Cut",
    [138] = "Help", [139] = "Menu", [140] = "Calculator", [142] = "Sleep", [148] = "App1", [149] = "App2",
    [150] = "WWW", [155] = "Mail", [156] = "AC Bookmarks", [157] = "Computer", [158] = "AC Back",
    [159] = "AC Forward", [161] = "Eject", [162] = "Eject", [163] = "AudioNext", [164] = "AudioPlay",
    [165] = "AudioPrev", [166] = "AudioStop", [168] = "AudioRewind", [172] = "AC Home", [173] = "AC Refresh",
    [179] = "Keypad (", [180] = "Keypad )", [182] = "Again", [183] = "F13", [184] = "F14", [185] = "F15",
    [186] = "F16", [187] = "F17", [188] = "F18", [189] = "F19", [190] = "F20", [191] = "F21", [192] = "F22",
    [193] = "F23", [194] = "F24", [200] = "AudioPlay", [207] = "AudioPlay", [208] = "AudioFastForward",
    [210] = "PrintScreen", [215] = "Mail", [217] = "AC Search", [222] = "AltErase", [223] = "Cancel",
    [224] = "BrightnessDown", [225] = "BrightnessUp", [226] = "MediaSelect", [227] = "DisplaySwitch",
    [228] = "KBDIllumToggle", [229] = "KBDIllumDown", [230] = "KBDIllumUp",};

/* Every non-empty SDL scancode name (what SDL_GetKeyName returns for keys
 * that have no character), sorted case-insensitively. */
static const char *const sdl_names[] = {
    "#", "'", ",", "-", ".", "/", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ";", "=", "[", "\\", "]",
    "`", "A", "AC Back", "AC Bookmarks", "AC Forward", "AC Home", "AC Refresh", "AC Search", "AC Stop",
    "Again", "AltErase", "App1", "App2", "Application", "AudioFastForward", "AudioMute", "AudioNext",
    "AudioPlay", "AudioPrev", "AudioRewind", "AudioStop", "B", "Backspace", "BrightnessDown", "BrightnessUp",
    "C", "Calculator", "Call", "Cancel", "CapsLock", "Clear", "Clear / Again", "Computer", "Copy", "CrSel",
    "CurrencySubUnit", "CurrencyUnit", "Cut", "D", "DecimalSeparator", "Delete", "DisplaySwitch", "Down", "E",
    "Eject", "End", "EndCall", "Escape", "Execute", "ExSel", "F", "F1", "F10", "F11", "F12", "F13", "F14",
    "F15", "F16", "F17", "F18", "F19", "F2", "F20", "F21", "F22", "F23", "F24", "F3", "F4", "F5", "F6", "F7",
    "F8", "F9", "Find", "G", "H", "Help", "Home", "I", "Insert", "J", "K", "KBDIllumDown", "KBDIllumToggle",
    "KBDIllumUp", "Keypad !", "Keypad #", "Keypad %", "Keypad &", "Keypad &&", "Keypad (", "Keypad )",
    "Keypad *", "Keypad +", "Keypad +/-", "Keypad ,", "Keypad -", "Keypad .", "Keypad /", "Keypad 0",
    "Keypad 00", "Keypad 000", "Keypad 1", "Keypad 2", "Keypad 3", "Keypad 4", "Keypad 5", "Keypad 6",
    "Keypad 7", "Keypad 8", "Keypad 9", "Keypad :", "Keypad <", "Keypad =", "Keypad = (AS400)", "Keypad >",
    "Keypad @", "Keypad ^", "Keypad A", "Keypad B", "Keypad Backspace", "Keypad Binary", "Keypad C",
    "Keypad Clear", "Keypad ClearEntry", "Keypad D", "Keypad Decimal", "Keypad E", "Keypad Enter", "Keypad F",
    "Keypad Hexadecimal", "Keypad MemAdd", "Keypad MemClear", "Keypad MemDivide", "Keypad MemMultiply",
    "Keypad MemRecall", "Keypad MemStore", "Keypad MemSubtract", "Keypad Octal", "Keypad Space", "Keypad Tab",
    "Keypad XOR", "Keypad {", "Keypad |", "Keypad ||", "Keypad }", "L", "Left", "Left Alt", "Left Ctrl",
    "Left GUI", "Left Shift", "M", "Mail", "MediaSelect", "Menu", "ModeSwitch", "Mute", "N", "Numlock", "O",
    "Oper", "Out", "P", "PageDown", "PageUp", "Paste", "Pause", "Power", "PrintScreen", "Prior", "Q", "R",
    "Return", "Right", "Right Alt", "Right Ctrl", "Right GUI", "Right Shift", "S", "ScrollLock", "Select",
    "Separator", "Sleep", "SoftLeft", "SoftRight", "Space", "Stop", "SysReq", "T", "Tab", "ThousandsSeparator",
    "U", "Undo", "Up", "V", "VolumeDown", "VolumeUp", "W", "WWW", "X", "Y", "Z",};

#define N_SDL_NAMES ((int)(sizeof(sdl_names) / sizeof(sdl_names[0])))

bool keymap_sdl_drops_evdev(unsigned code)
{
    if (code == KEY_RESERVED || code > KEY_MAX)
        return false;
    if (code < 256)
        return sdl_name_by_code[code] == NULL;
    /* ≥ 256: SDL's table ends at 255, so every key code there is dropped;
     * buttons are mouse/joystick/gamepad input, not keys. */
    const char *name = libevdev_event_code_get_name(EV_KEY, code);
    return name && strncmp(name, "KEY_", 4) == 0;
}

const char *keymap_sdl_name_for_evdev(unsigned code)
{
    return code < 256 ? sdl_name_by_code[code] : NULL;
}

const char *keymap_sdl_name_canonical(const char *name)
{
    if (!name || !*name)
        return NULL;
    for (int i = 0; i < N_SDL_NAMES; i++) {
        if (strcasecmp(name, sdl_names[i]) == 0)
            return sdl_names[i];
    }
    /* One printable character: SDL names character keys by the (upper-case)
     * character, which depends on the keyboard layout ("+", "Ñ"). */
    unsigned char c = (unsigned char)name[0];
    if (c < 0x80) /* letters and digits were found above */
        return (name[1] == '\0' && isgraph(c)) ? name : NULL;
    /* A single multi-byte UTF-8 sequence. */
    int len = (c >= 0xF5) ? 0 : (c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : (c >= 0xC2) ? 2 : 0;
    if (len == 0 || strlen(name) != (size_t)len)
        return NULL;
    for (int i = 1; i < len; i++) {
        if (((unsigned char)name[i] & 0xC0) != 0x80)
            return NULL;
    }
    return name;
}

int keymap_sdl_name_count(void) { return N_SDL_NAMES; }

const char *keymap_sdl_name_at(int i) { return (i >= 0 && i < N_SDL_NAMES) ? sdl_names[i] : NULL; }
