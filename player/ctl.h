/* ctl.h — vitrinactl: control a running Vitrina through its IPC socket.
 *
 * `vitrinactl [--socket PATH] [--json] [--timeout S] COMMAND [ARGS]`; see
 * ctl_args.c for the commands and ctl_usage() for the help text. The whole
 * program is ctl_run(), so tests can drive it in-process.
 *
 * Exit codes: 0 ok, 1 the player replied with an error (or not in time),
 * 2 usage error, 3 cannot connect to the socket (or lost the connection).
 */
#ifndef VITRINA_CTL_H
#define VITRINA_CTL_H

#include <stdio.h>

enum ctl_exit {
    CTL_EXIT_OK = 0,
    CTL_EXIT_ERROR = 1,
    CTL_EXIT_USAGE = 2,
    CTL_EXIT_CONNECT = 3,
};

/* Run vitrinactl with the given arguments (argv[0] is the program name),
 * writing results to `out` and messages to `err`. Reads VITRINA_IPC and
 * XDG_RUNTIME_DIR from the environment. Returns an enum ctl_exit value.
 * Single-threaded; blocks until done (`watch` until the player closes the
 * connection). */
int ctl_run(int argc, char **argv, FILE *out, FILE *err);

#endif
