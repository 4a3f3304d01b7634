/* ctl_args.h — vitrinactl's command line: options, commands, the requests
 * they send, and the default socket path. Pure functions (the socket
 * default reads the environment and stats candidate paths), any thread.
 */
#ifndef VITRINA_CTL_ARGS_H
#define VITRINA_CTL_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

enum ctl_cmd {
    CTL_CMD_NONE,
    CTL_CMD_HELP,
    CTL_CMD_STATUS,
    CTL_CMD_NEXT,
    CTL_CMD_PREV,
    CTL_CMD_PAUSE,
    CTL_CMD_LANG,
    CTL_CMD_SCREENSHOT,
    CTL_CMD_GET,
    CTL_CMD_SET,
    CTL_CMD_KEY,
    CTL_CMD_WATCH,
};

struct ctl_args {
    enum ctl_cmd cmd;
    const char *socket;   /* --socket, or NULL for the default */
    bool json;            /* --json */
    double timeout;       /* --timeout, or 0 for the command's default */
    const char *arg[2];   /* the command's arguments (borrowed from argv) */
};

/* Parse argv (argv[0] skipped). Options may come before or after the
 * command; "--" ends them. Returns 0, or -1 after printing a usage error
 * (one line + a hint) to `err`. */
int ctl_args_parse(int argc, char **argv, struct ctl_args *a, FILE *err);

/* Print the help text to `f`. */
void ctl_usage(FILE *f);

/* The reply timeout in seconds for these arguments (--timeout, else 30 for
 * screenshot, else 10). */
double ctl_args_timeout(const struct ctl_args *a);

/* The "command" array for a one-request command (next, prev, pause, lang,
 * screenshot, get, set, key). Returns a new reference, or NULL with a
 * message in `why` when an argument is unusable (e.g. not UTF-8). */
json_t *ctl_args_command(const struct ctl_args *a, char *why, size_t why_size);

/* VALUE of `set`: JSON when it parses as JSON (10, 1.5, true, null,
 * "quoted", [..]), else the string itself. New reference; NULL if VALUE is
 * not valid UTF-8. */
json_t *ctl_parse_value(const char *s);

/* The socket to use: `explicit_path` when given; else $VITRINA_IPC when set
 * and non-empty; else the first existing of $XDG_RUNTIME_DIR/vitrina.sock
 * and /run/vitrina/ipc.sock; else the first of those. Writes the path into
 * buf and the other candidates tried (for error messages, "" if none) into
 * also_tried. */
void ctl_default_socket(const char *explicit_path, char *buf, size_t size, char *also_tried,
                        size_t also_size);

#endif
