/* ctl.c — vitrinactl's driver: arguments → connection → command. See ctl.h. */
#include "player/ctl.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "player/ctl_args.h"
#include "player/ctl_conn.h"
#include "player/ctl_print.h"
#include "player/ctl_status.h"
#include "player/ipc_proto.h"

static int connect_error(FILE *err, const char *path, const char *also, int rc)
{
    fprintf(err, "vitrinactl: cannot connect to the player at %s: %s\n", path, strerror(-rc));
    if (also[0])
        fprintf(err, "vitrinactl: (also looked for %s)\n", also);
    if (rc == -EACCES)
        fprintf(err, "vitrinactl: the socket is for its owner and group: add this user to that group\n");
    else
        fprintf(err, "vitrinactl: is Vitrina running? Choose the socket with --socket PATH or VITRINA_IPC\n");
    return CTL_EXIT_CONNECT;
}

static int request_failed(FILE *err, int rc, double timeout)
{
    if (rc == -ETIMEDOUT) {
        fprintf(err, "vitrinactl: the player did not answer within %g s\n", timeout);
        return CTL_EXIT_ERROR;
    }
    fprintf(err, "vitrinactl: lost the connection to the player: %s\n",
            rc == -EPIPE ? "it closed the connection" : strerror(-rc));
    return CTL_EXIT_CONNECT;
}

/* `watch`: every line the player sends, until it closes the connection. */
static int watch(struct ctl_conn *c, bool json, FILE *out, FILE *err)
{
    bool shutdown = false;
    for (;;) {
        json_t *m;
        char *raw;
        int rc = ctl_conn_read(c, ctl_conn_now() + 3600.0 * 24 * 365, &m, &raw);
        if (rc == -ETIMEDOUT) {
            continue;
        } else if (rc == -EPIPE) {
            if (shutdown)
                return CTL_EXIT_OK;
            fprintf(err, "vitrinactl: the player closed the connection\n");
            return CTL_EXIT_CONNECT;
        } else if (rc < 0 && rc != -EBADMSG) {
            fprintf(err, "vitrinactl: lost the connection to the player: %s\n", strerror(-rc));
            return CTL_EXIT_CONNECT;
        }
        if (json)
            fprintf(out, "%s\n", raw);
        else if (m && json_object_get(m, "event"))
            ctl_print_event(out, m);
        fflush(out);
        const char *ev = json_string_value(json_object_get(m, "event"));
        shutdown = shutdown || (ev && strcmp(ev, "shutdown") == 0);
        json_decref(m);
        free(raw);
    }
}

/* After `cycle pause`, say which way it went (best effort). */
static void print_pause_state(struct ctl_conn *c, double timeout, FILE *out)
{
    json_t *cmd = json_pack("[s,s]", "get_property", "pause");
    json_t *reply = NULL;
    if (cmd && ctl_conn_request(c, cmd, timeout, &reply, NULL) == 0) {
        json_t *d = json_object_get(reply, "data");
        if (json_is_boolean(d))
            fprintf(out, "%s\n", json_is_true(d) ? "paused" : "playing");
    }
    json_decref(cmd);
    json_decref(reply);
}

/* A hint for the errors staff are likely to meet. */
static void explain(FILE *err, const struct ctl_args *a, const char *e)
{
    if (!e)
        return;
    if (a->cmd == CTL_CMD_LANG && strcmp(e, IPC_ERR_PROPERTY_FORMAT) == 0)
        fprintf(err, "vitrinactl: '%s' is not a language code the player knows (e.g. es, fr, ar, off; "
                "'vitrinactl get available-languages' lists the ones in the loop)\n", a->arg[0]);
    else if (a->cmd == CTL_CMD_KEY && strcmp(e, IPC_ERR_COMMAND) == 0)
        fprintf(err, "vitrinactl: '%s' is not a remote button (see 'vitrinactl --help')\n", a->arg[0]);
    else if ((a->cmd == CTL_CMD_GET || a->cmd == CTL_CMD_SET) && strcmp(e, IPC_ERR_PROPERTY_NOT_FOUND) == 0)
        fprintf(err, "vitrinactl: there is no property '%s'\n", a->arg[0]);
    else if (a->cmd == CTL_CMD_SET && strcmp(e, IPC_ERR_PROPERTY_ERROR) == 0)
        fprintf(err, "vitrinactl: '%s' cannot be set to that (read-only, or nothing by that name)\n",
                a->arg[0]);
    else if (a->cmd == CTL_CMD_SCREENSHOT && strcmp(e, IPC_ERR_COMMAND) == 0)
        fprintf(err, "vitrinactl: the player could not write %s (does the folder exist, may the player "
                "write there?)\n", a->arg[0]);
}

/* The one-request commands. */
static int simple(struct ctl_conn *c, const struct ctl_args *a, FILE *out, FILE *err)
{
    char why[160];
    json_t *cmd = ctl_args_command(a, why, sizeof(why));
    if (!cmd) {
        fprintf(err, "vitrinactl: %s\n", why);
        return CTL_EXIT_USAGE;
    }
    double timeout = ctl_args_timeout(a);
    json_t *reply;
    char *raw;
    int rc = ctl_conn_request(c, cmd, timeout, &reply, &raw);
    if (rc < 0) {
        json_decref(cmd);
        return request_failed(err, rc, timeout);
    }
    const char *e = json_string_value(json_object_get(reply, "error"));
    bool ok = e && strcmp(e, IPC_ERR_SUCCESS) == 0;
    if (a->json)
        fprintf(out, "%s\n", raw);
    if (!ok) {
        char *what = json_dumps(cmd, JSON_COMPACT);
        fprintf(err, "vitrinactl: the player replied: %s (to %s)\n", e ? e : "(no error field)",
                what ? what : "?");
        free(what);
        explain(err, a, e);
    } else if (!a->json) {
        if (a->cmd == CTL_CMD_GET)
            ctl_print_value(out, json_object_get(reply, "data"));
        else if (a->cmd == CTL_CMD_PAUSE)
            print_pause_state(c, timeout, out);
        else if (a->cmd == CTL_CMD_SCREENSHOT)
            fprintf(out, "saved %s\n", json_string_value(json_array_get(cmd, 1)));
    }
    json_decref(cmd);
    json_decref(reply);
    free(raw);
    return ok ? CTL_EXIT_OK : CTL_EXIT_ERROR;
}

int ctl_run(int argc, char **argv, FILE *out, FILE *err)
{
    struct ctl_args a;
    if (ctl_args_parse(argc, argv, &a, err) < 0)
        return CTL_EXIT_USAGE;
    if (a.cmd == CTL_CMD_HELP) {
        ctl_usage(out);
        return CTL_EXIT_OK;
    }
    char path[PATH_MAX], also[PATH_MAX];
    ctl_default_socket(a.socket, path, sizeof(path), also, sizeof(also));
    struct ctl_conn *c;
    int rc = ctl_conn_open(path, &c);
    if (rc < 0)
        return connect_error(err, path, also, rc);
    if (a.cmd == CTL_CMD_STATUS)
        rc = ctl_status(c, a.json, ctl_args_timeout(&a), out, err);
    else if (a.cmd == CTL_CMD_WATCH)
        rc = watch(c, a.json, out, err);
    else
        rc = simple(c, &a, out, err);
    ctl_conn_close(c);
    fflush(out);
    return rc;
}
