/* main.c — vitrina: options → core → run.
 *
 * Exit codes: 0 normal quit (SIGTERM/SIGINT, IPC quit, window closed),
 * 1 cannot start (no window/renderer), 2 bad command line or config file.
 * Under systemd (NOTIFY_SOCKET set) config problems do not stop the start:
 * defaults apply to the bad keys and the problems show on the idle screen,
 * so a typo never turns the TV into a crash-looping black screen. */
#include <SDL.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "media/avlog.h"
#include "player/core.h"
#include "player/log.h"
#include "player/options.h"

int main(int argc, char **argv)
{
    /* Decoded pictures are ~3 MB each at 1080p. glibc maps such blocks, but
     * once one is freed it raises its mmap threshold to that size; pictures
     * then come from the heap, where a decoder's freed memory is not given
     * back before the next file's decoder takes its own — the hand-over's
     * memory peak (+15 MB). A fixed threshold keeps them mapped. */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    log_init();
    avlog_install();
    struct options o;
    char *errors = NULL;
    bool lenient = getenv("NOTIFY_SOCKET") != NULL;
    int r = options_load(&o, argc, argv, lenient, lenient ? &errors : NULL);
    if (r != OPTIONS_RUN) {
        options_free(&o);
        return r == OPTIONS_EXIT ? 0 : 2;
    }
    log_set_level(o.log_level);
    avlog_sync_level();
    if (errors) {
        for (char *save = NULL, *l = strtok_r(errors, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
            log_error("config", "%s", l);
    }
    log_info("main", "Vitrina %s — media folder %s%s%s", VITRINA_VERSION, o.media_dir,
             o.config_path ? ", config " : "", o.config_path ? o.config_path : "");

    /* An ALSA device name (what `aplay -L` lists: "hdmi:CARD=PCH,DEV=0") is
     * what staff can find; SDL's ALSA backend takes it from AUDIODEV. */
    if (o.audio_device[0] && strchr(o.audio_device, ':') && !getenv("AUDIODEV"))
        setenv("AUDIODEV", o.audio_device, 1);
    int rc = 1;
    Uint32 sub = SDL_INIT_VIDEO | SDL_INIT_GAMECONTROLLER | (o.audio ? SDL_INIT_AUDIO : 0);
    if (SDL_Init(sub) != 0 && SDL_Init(SDL_INIT_VIDEO | (o.audio ? SDL_INIT_AUDIO : 0)) != 0) {
        log_error("main", "cannot start SDL: %s", SDL_GetError());
    } else {
        core_config cfg = {.opts = &o, .config_errors = errors};
        core *c;
        if (core_create(&c, &cfg) == 0) {
            rc = core_run(c);
            core_destroy(&c);
        }
        SDL_Quit();
    }
    free(errors);
    options_free(&o);
    return rc;
}
