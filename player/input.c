/* input.c — action names; see input.h. */
#include "player/input.h"

#include <ctype.h>
#include <stddef.h>

static const char *const action_names[INPUT_ACTION_COUNT] = {
    [INPUT_NONE] = "NONE",
    [INPUT_UP] = "UP",
    [INPUT_DOWN] = "DOWN",
    [INPUT_LEFT] = "LEFT",
    [INPUT_RIGHT] = "RIGHT",
    [INPUT_OK] = "OK",
    [INPUT_BACK] = "BACK",
    [INPUT_MENU] = "MENU",
    [INPUT_INFO] = "INFO",
    [INPUT_PLAYPAUSE] = "PLAYPAUSE",
    [INPUT_NEXT] = "NEXT",
    [INPUT_PREV] = "PREV",
    [INPUT_VOLUME_UP] = "VOLUME_UP",
    [INPUT_VOLUME_DOWN] = "VOLUME_DOWN",
    [INPUT_MUTE] = "MUTE",
    [INPUT_SUBTITLE] = "SUBTITLE",
    [INPUT_LANGUAGE] = "LANGUAGE",
    [INPUT_RED] = "RED",
    [INPUT_GREEN] = "GREEN",
    [INPUT_YELLOW] = "YELLOW",
    [INPUT_BLUE] = "BLUE",
};

const char *input_action_name(enum input_action act)
{
    if ((int)act < 0 || act >= INPUT_ACTION_COUNT)
        return "?";
    return action_names[act];
}

/* Case-insensitive compare where '-' in `s` matches '_' in `canon`. */
static bool name_eq(const char *s, const char *canon)
{
    for (; *s && *canon; s++, canon++) {
        char c = (char)toupper((unsigned char)*s);
        if (c == '-')
            c = '_';
        if (c != *canon)
            return false;
    }
    return *s == '\0' && *canon == '\0';
}

int input_action_from_name(const char *name, enum input_action *out)
{
    if (!name)
        return -1;
    for (int i = 0; i < INPUT_ACTION_COUNT; i++) {
        if (name_eq(name, action_names[i])) {
            *out = (enum input_action)i;
            return 0;
        }
    }
    if (name_eq(name, "IGNORE")) {
        *out = INPUT_NONE;
        return 0;
    }
    return -1;
}

bool input_action_repeats(enum input_action act)
{
    switch (act) {
    case INPUT_UP:
    case INPUT_DOWN:
    case INPUT_LEFT:
    case INPUT_RIGHT:
    case INPUT_VOLUME_UP:
    case INPUT_VOLUME_DOWN:
        return true;
    default:
        return false;
    }
}
