/* control_options — test/packaging helper: runs the option loading exactly
 * as vitrina would, without the player.
 *
 *   control_options [--lenient] [VITRINA OPTIONS…]
 *
 * --help / --version / --dump-config print as in vitrina (exit 0). Otherwise
 * prints the effective settings as a config file with every key active, and
 * exits 0; on bad options/config exits 2 (strict) after logging them. With
 * --lenient (first argument) problems are printed under "# problems:" and
 * the exit code is 0 — what the appliance service does.
 * `control_options --config none --dump-config` is the shipped vitrina.conf.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/log.h"
#include "player/options.h"

int main(int argc, char **argv)
{
    log_init();
    bool lenient = argc > 1 && strcmp(argv[1], "--lenient") == 0;
    if (lenient) {
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    struct options o;
    char *errors = NULL;
    int rc = options_load(&o, argc, argv, lenient, lenient ? &errors : NULL);
    int status = 0;
    if (rc == OPTIONS_ERROR) {
        status = 2;
    } else if (rc == OPTIONS_RUN) {
        if (errors)
            printf("# problems:\n%s", errors);
        char *text = options_dump_config(&o, true);
        fputs(text ? text : "", stdout);
        free(text);
    }
    free(errors);
    options_free(&o);
    return status;
}
