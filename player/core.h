/* core.h — the player core: plays the media folder in an endless loop.
 *
 * The core owns the main loop (SDL events, the command queue, presentation)
 * and the life of every playlist entry: open → pre-roll → play →
 * end(reason). main() builds a core_config from the options, creates the
 * core, runs it and destroys it.
 * Threading: create/run/destroy on the main thread (SDL's thread).
 */
#ifndef VITRINA_PLAYER_CORE_H
#define VITRINA_PLAYER_CORE_H

#include <stdbool.h>

#include "player/vo_sdl.h"

typedef struct core core;

typedef struct core_config {
    const char *media_dir;
    double image_duration;   /* seconds a still stays up */
    bool shuffle;
    bool audio;              /* open an audio device */
    const char *audio_device;
    int volume;              /* 0..100 */
    vo_opts vo;
    double open_timeout;     /* seconds for open + first frame */
    double exit_after;       /* test hook: quit after this many seconds (0 = never) */
    int exit_after_loops;    /* test hook: quit after N complete loops (0 = never) */
} core_config;

/* Create the core: window, renderer, audio device, playlist. Returns 0 or -1
 * (a reason was logged). The caller owns *out. */
int core_create(core **out, const core_config *cfg);

/* Run until quit (SIGTERM/SIGINT, window closed, IPC quit). Returns the
 * process exit code (0 on a normal quit). */
int core_run(core *c);

void core_destroy(core **c);

#endif
