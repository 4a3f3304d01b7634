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


typedef struct core core;

struct options;

typedef struct core_config {
    const struct options *opts; /* read-only for the whole run */
    /* Problems found in the config file (lenient start, e.g. under the
     * service): shown on the idle screen. NULL when none. */
    const char *config_errors;
} core_config;

/* Create the core: window, renderer, audio device, playlist. Returns 0 or -1
 * (a reason was logged). The caller owns *out. */
int core_create(core **out, const core_config *cfg);

/* Run until quit (SIGTERM/SIGINT, window closed, IPC quit). Returns the
 * process exit code (0 on a normal quit). */
int core_run(core *c);

void core_destroy(core **c);

#endif
