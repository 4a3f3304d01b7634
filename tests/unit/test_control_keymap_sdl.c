/* Unit test: the SDL key names embedded in keymap_sdl.c match the SDL 2.x
 * library installed here. vt_control does not link SDL, so SDL is loaded
 * with dlopen and called through its stable C ABI (no SDL header needed). */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "player/keymap.h"

#define SDL_INIT_VIDEO 0x20u
#define SDL_NUM_SCANCODES 512
#define SDL_CONTROLLER_BUTTON_MAX 21

struct sdl_api {
    void *lib;
    int (*Init)(uint32_t);
    void (*Quit)(void);
    const char *(*GetScancodeName)(int);
    int (*GetScancodeFromName)(const char *);
    int32_t (*GetKeyFromName)(const char *);
    const char *(*GetKeyName)(int32_t);
    const char *(*GameControllerGetStringForButton)(int);
    const char *(*GetError)(void);
};

static int setup(void **state)
{
    static struct sdl_api api;
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    api.lib = dlopen("libSDL2-2.0.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!api.lib) {
        fprintf(stderr, "cannot load SDL2: %s\n", dlerror());
        return -1;
    }
#define SYM(field, name) *(void **)(&api.field) = dlsym(api.lib, name)
    SYM(Init, "SDL_Init");
    SYM(Quit, "SDL_Quit");
    SYM(GetScancodeName, "SDL_GetScancodeName");
    SYM(GetScancodeFromName, "SDL_GetScancodeFromName");
    SYM(GetKeyFromName, "SDL_GetKeyFromName");
    SYM(GetKeyName, "SDL_GetKeyName");
    SYM(GameControllerGetStringForButton, "SDL_GameControllerGetStringForButton");
    SYM(GetError, "SDL_GetError");
#undef SYM
    if (!api.Init || !api.GetKeyName || !api.GameControllerGetStringForButton || api.Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "SDL init failed: %s\n", api.GetError ? api.GetError() : "?");
        return -1;
    }
    *state = &api;
    return 0;
}

static int teardown(void **state)
{
    struct sdl_api *api = *state;
    api->Quit();
    dlclose(api->lib);
    return 0;
}

/* Every scancode name SDL has is known to the keymap, spelled the same. */
static void test_every_sdl_name_is_known(void **state)
{
    struct sdl_api *api = *state;
    int n = 0;
    for (int s = 1; s < SDL_NUM_SCANCODES; s++) {
        const char *name = api->GetScancodeName(s);
        if (!name || !*name)
            continue;
        n++;
        const char *canon = keymap_sdl_name_canonical(name);
        if (!canon || strcmp(canon, name) != 0)
            fail_msg("SDL scancode %d '%s' unknown to the keymap", s, name);
    }
    /* …and the keymap knows no name SDL does not have. */
    int unique = 0;
    for (int i = 0; i < keymap_sdl_name_count(); i++) {
        const char *name = keymap_sdl_name_at(i);
        if (api->GetScancodeFromName(name) == 0)
            fail_msg("'%s' is not an SDL key name", name);
        unique++;
    }
    assert_true(unique <= n); /* SDL has a few names twice */
    assert_true(unique > 200);
}

/* The name the keymap expects for each kernel code is a real SDL key
 * name that SDL_GetKeyName gives back unchanged. */
static void test_evdev_aliases_are_sdl_key_names(void **state)
{
    struct sdl_api *api = *state;
    int checked = 0;
    for (unsigned code = 1; code < 256; code++) {
        const char *name = keymap_sdl_name_for_evdev(code);
        if (!name || !*name)
            continue;
        int32_t key = api->GetKeyFromName(name);
        if (key == 0 || strcmp(api->GetKeyName(key), name) != 0)
            fail_msg("code %u: '%s' is not what SDL_GetKeyName returns ('%s')", code, name,
                     key ? api->GetKeyName(key) : "");
        checked++;
    }
    assert_true(checked > 150);
}

static void test_pad_names_match_sdl(void **state)
{
    struct sdl_api *api = *state;
    for (int b = 0; b < SDL_CONTROLLER_BUTTON_MAX; b++) {
        const char *name = api->GameControllerGetStringForButton(b);
        assert_non_null(name);
        char full[64];
        snprintf(full, sizeof(full), "pad.%s", name);
        if (keymap_key_name_check(full, NULL, 0) != 0)
            fail_msg("gamepad button '%s' unknown to the keymap", name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_sdl_name_is_known),
        cmocka_unit_test(test_evdev_aliases_are_sdl_key_names),
        cmocka_unit_test(test_pad_names_match_sdl),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
