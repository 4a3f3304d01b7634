/* keymap.c — bindings from key names to actions; see keymap.h.
 * The default bindings are in keymap_defaults.c, SDL's names in
 * keymap_sdl.c. */
#include "player/keymap.h"

#include <libevdev/libevdev.h>
#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "player/options_text.h"

static const char *const pad_names[] = {
    "a",         "b",          "x",           "y",          "back",   "guide", "start",
    "leftstick", "rightstick", "leftshoulder", "rightshoulder", "dpup", "dpdown", "dpleft",
    "dpright",   "misc1",      "paddle1",     "paddle2",    "paddle3", "paddle4", "touchpad",
};
#define N_PADS ((int)(sizeof(pad_names) / sizeof(pad_names[0])))
#define PAD_PREFIX "pad."

struct sdl_binding {
    char name[32]; /* canonical spelling */
    unsigned char act;
};

struct keymap {
    unsigned char evdev[KEY_CNT]; /* enum input_action per kernel code */
    unsigned char pad[N_PADS];
    struct sdl_binding *sdl;
    size_t n_sdl, cap_sdl;
};

struct keymap *keymap_new_empty(void)
{
    return calloc(1, sizeof(struct keymap));
}

struct keymap *keymap_new_default(void)
{
    struct keymap *km = keymap_new_empty();
    if (km && keymap_bind_defaults(km) < 0) {
        keymap_free(km);
        return NULL;
    }
    return km;
}

void keymap_free(struct keymap *km)
{
    if (!km)
        return;
    free(km->sdl);
    free(km);
}

static int pad_index(const char *name)
{
    for (int i = 0; i < N_PADS; i++) {
        if (strcasecmp(name, pad_names[i]) == 0)
            return i;
    }
    return -1;
}

/* Kernel code for "KEY_x"/"BTN_x" (any case), or -1. */
static int evdev_code(const char *name)
{
    char up[64];
    size_t n = strlen(name);
    if (n < 5 || n >= sizeof(up))
        return -1;
    for (size_t i = 0; i <= n; i++)
        up[i] = (name[i] >= 'a' && name[i] <= 'z') ? (char)(name[i] - 32) : name[i];
    if (strncmp(up, "KEY_", 4) != 0 && strncmp(up, "BTN_", 4) != 0)
        return -1;
    int code = libevdev_event_code_from_name(EV_KEY, up);
    return (code >= 0 && code < KEY_CNT) ? code : -1;
}

static int bind_sdl(struct keymap *km, const char *canon, enum input_action act)
{
    if (strlen(canon) >= sizeof(km->sdl[0].name))
        return -1;
    for (size_t i = 0; i < km->n_sdl; i++) {
        if (strcasecmp(km->sdl[i].name, canon) == 0) {
            km->sdl[i].act = (unsigned char)act;
            return 0;
        }
    }
    if (km->n_sdl == km->cap_sdl) {
        size_t cap = km->cap_sdl ? km->cap_sdl * 2 : 64;
        struct sdl_binding *b = realloc(km->sdl, cap * sizeof(*b));
        if (!b)
            return -2;
        km->sdl = b;
        km->cap_sdl = cap;
    }
    struct sdl_binding *b = &km->sdl[km->n_sdl++];
    snprintf(b->name, sizeof(b->name), "%s", canon);
    b->act = (unsigned char)act;
    return 0;
}

int keymap_bind(struct keymap *km, const char *key_name, enum input_action act)
{
    if (!key_name || (int)act < 0 || act >= INPUT_ACTION_COUNT)
        return -1;
    if (strncasecmp(key_name, PAD_PREFIX, strlen(PAD_PREFIX)) == 0) {
        int i = pad_index(key_name + strlen(PAD_PREFIX));
        if (i < 0)
            return -1;
        km->pad[i] = (unsigned char)act;
        return 0;
    }
    int code = evdev_code(key_name);
    if (code >= 0) {
        km->evdev[code] = (unsigned char)act;
        const char *alias = keymap_sdl_name_for_evdev((unsigned)code);
        return (alias && *alias) ? bind_sdl(km, alias, act) : 0;
    }
    const char *canon = keymap_sdl_name_canonical(key_name);
    return canon ? bind_sdl(km, canon, act) : -1;
}

/* Closest name in a namespace, for the hint. */
struct suggest {
    const char *input;
    const char *best;
    int dist;
    char buf[64];
};

static void suggest_try(struct suggest *sg, const char *candidate, const char *prefix)
{
    char full[64];
    snprintf(full, sizeof(full), "%s%s", prefix, candidate);
    int d = text_edit_distance(sg->input, full);
    if (d < sg->dist) {
        sg->dist = d;
        snprintf(sg->buf, sizeof(sg->buf), "%s", full);
        sg->best = sg->buf;
    }
}

int keymap_key_name_check(const char *key_name, char *hint, int hint_size)
{
    if (hint && hint_size > 0)
        hint[0] = '\0';
    if (!key_name || !*key_name)
        return -1;
    if (strncasecmp(key_name, PAD_PREFIX, strlen(PAD_PREFIX)) == 0) {
        if (pad_index(key_name + strlen(PAD_PREFIX)) >= 0)
            return 0;
    } else if (evdev_code(key_name) >= 0 || keymap_sdl_name_canonical(key_name)) {
        return 0;
    }
    if (!hint || hint_size <= 0)
        return -1;
    struct suggest sg = {.input = key_name, .dist = 3};
    for (int i = 0; i < N_PADS; i++)
        suggest_try(&sg, pad_names[i], PAD_PREFIX);
    for (int i = 0; i < keymap_sdl_name_count(); i++)
        suggest_try(&sg, keymap_sdl_name_at(i), "");
    for (unsigned c = 1; c < KEY_CNT; c++) {
        const char *n = libevdev_event_code_get_name(EV_KEY, c);
        if (n)
            suggest_try(&sg, n, "");
    }
    if (sg.best)
        snprintf(hint, (size_t)hint_size, "did you mean '%s'?", sg.best);
    return -1;
}

enum input_action keymap_lookup_evdev(const struct keymap *km, unsigned code)
{
    return code < KEY_CNT ? (enum input_action)km->evdev[code] : INPUT_NONE;
}

enum input_action keymap_lookup_sdl(const struct keymap *km, const char *sdl_key_name)
{
    if (!sdl_key_name || !*sdl_key_name)
        return INPUT_NONE;
    for (size_t i = 0; i < km->n_sdl; i++) {
        if (strcasecmp(km->sdl[i].name, sdl_key_name) == 0)
            return (enum input_action)km->sdl[i].act;
    }
    return INPUT_NONE;
}

enum input_action keymap_lookup_pad(const struct keymap *km, const char *button_name)
{
    int i = button_name ? pad_index(button_name) : -1;
    return i >= 0 ? (enum input_action)km->pad[i] : INPUT_NONE;
}

/* One "ACTION: key key …" line of keymap_describe(), wrapping long lines. */
struct desc_line {
    struct strbuf *sb;
    const char *prefix;
    enum input_action act;
    size_t col;
    bool started;
};

static void describe_key(struct desc_line *d, const char *name)
{
    if (!d->started) {
        strbuf_addf(d->sb, "%s%s:", d->prefix, input_action_name(d->act));
        d->col = strlen(d->prefix) + strlen(input_action_name(d->act)) + 1;
        d->started = true;
    }
    bool quote = strchr(name, ' ') != NULL;
    size_t w = strlen(name) + (quote ? 3 : 1);
    if (d->col + w > 100) {
        strbuf_addf(d->sb, "\n%s   ", d->prefix);
        d->col = strlen(d->prefix) + 3;
    }
    strbuf_addf(d->sb, quote ? " \"%s\"" : " %s", name);
    d->col += w;
}

char *keymap_describe(const struct keymap *km, const char *prefix)
{
    struct strbuf sb = {0};
    for (int a = 1; a < INPUT_ACTION_COUNT; a++) {
        struct desc_line d = {.sb = &sb, .prefix = prefix, .act = (enum input_action)a};
        for (unsigned c = 1; c < KEY_CNT; c++) {
            const char *n = km->evdev[c] == a ? libevdev_event_code_get_name(EV_KEY, c) : NULL;
            if (n)
                describe_key(&d, n);
        }
        for (size_t i = 0; i < km->n_sdl; i++) {
            if (km->sdl[i].act == a)
                describe_key(&d, km->sdl[i].name);
        }
        for (int i = 0; i < N_PADS; i++) {
            char n[32];
            snprintf(n, sizeof(n), PAD_PREFIX "%s", pad_names[i]);
            if (km->pad[i] == a)
                describe_key(&d, n);
        }
        if (d.started)
            strbuf_add(&sb, "\n");
    }
    return strbuf_take(&sb);
}
