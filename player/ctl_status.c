/* ctl_status.c — see ctl_status.h. */
#include "player/ctl_status.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "player/ctl.h"
#include "player/ctl_print.h"
#include "player/ipc_proto.h"

enum { P_FILE, P_POS, P_DUR, P_PAUSE, P_LANG, P_PLPOS, P_PLCOUNT, P_DROPS, P_IDLE, P_PENDING,
       P_REJECTED, P_COUNT };

static const char *const props[P_COUNT] = {
    [P_FILE] = "filename",         [P_POS] = "time-pos",
    [P_DUR] = "duration",          [P_PAUSE] = "pause",
    [P_LANG] = "language",         [P_PLPOS] = "playlist-pos",
    [P_PLCOUNT] = "playlist-count", [P_DROPS] = "frame-drop-count",
    [P_IDLE] = "idle-active",      [P_PENDING] = "intake-pending",
    [P_REJECTED] = "intake-rejected",
};

#define LIST_MAX 10 /* entries shown per intake list */

struct answers {
    json_t *reply[P_COUNT];
    bool bad; /* some reply was an unexpected error */
};

static const char *err_of(const json_t *reply)
{
    const char *e = json_string_value(json_object_get(reply, "error"));
    return e ? e : IPC_ERR_GENERIC;
}

/* The value of property i, or NULL when it has none we can show. */
static json_t *value(const struct answers *a, int i)
{
    if (!a->reply[i] || strcmp(err_of(a->reply[i]), IPC_ERR_SUCCESS) != 0)
        return NULL;
    return json_object_get(a->reply[i], "data");
}

static bool not_found(const struct answers *a, int i)
{
    return a->reply[i] && strcmp(err_of(a->reply[i]), IPC_ERR_PROPERTY_NOT_FOUND) == 0;
}

static int collect(struct ctl_conn *c, double timeout, struct answers *a, FILE *err)
{
    int64_t ids[P_COUNT];
    for (int i = 0; i < P_COUNT; i++) {
        json_t *cmd = json_pack("[s,s]", "get_property", props[i]);
        ids[i] = cmd ? ctl_conn_send(c, cmd) : -ENOMEM;
        json_decref(cmd);
        if (ids[i] < 0) {
            fprintf(err, "vitrinactl: lost the connection to the player: %s\n", strerror((int)-ids[i]));
            return CTL_EXIT_CONNECT;
        }
    }
    double deadline = ctl_conn_now() + timeout;
    int missing = P_COUNT;
    while (missing > 0) {
        json_t *m;
        int rc = ctl_conn_read(c, deadline, &m, NULL);
        if (rc == -EBADMSG)
            continue;
        if (rc == -ETIMEDOUT) {
            fprintf(err, "vitrinactl: the player did not answer within %g s\n", timeout);
            return CTL_EXIT_ERROR;
        }
        if (rc < 0) {
            fprintf(err, "vitrinactl: lost the connection to the player: %s\n", strerror(-rc));
            return CTL_EXIT_CONNECT;
        }
        json_t *rid = json_object_get(m, "request_id");
        int slot = -1;
        for (int i = 0; i < P_COUNT && !json_object_get(m, "event"); i++)
            if (json_is_integer(rid) && json_integer_value(rid) == ids[i] && !a->reply[i])
                slot = i;
        if (slot < 0) {
            json_decref(m);
            continue;
        }
        a->reply[slot] = m;
        missing--;
        const char *e = err_of(m);
        bool optional = slot == P_PENDING || slot == P_REJECTED;
        if (strcmp(e, IPC_ERR_SUCCESS) != 0 && strcmp(e, IPC_ERR_PROPERTY_UNAVAILABLE) != 0 &&
            !(optional && strcmp(e, IPC_ERR_PROPERTY_NOT_FOUND) == 0)) {
            fprintf(err, "vitrinactl: %s: %s\n", props[slot], e);
            a->bad = true;
        }
    }
    return CTL_EXIT_OK;
}

static void print_json(const struct answers *a, FILE *out)
{
    json_t *o = json_object();
    for (int i = 0; i < P_COUNT; i++) {
        json_t *v = value(a, i);
        if (v)
            json_object_set(o, props[i], v);
        else if (!not_found(a, i))
            json_object_set_new(o, props[i], json_null());
    }
    char *s = json_dumps(o, JSON_COMPACT);
    fprintf(out, "%s\n", s ? s : "{}");
    free(s);
    json_decref(o);
}

static void print_list(FILE *out, const char *label, const json_t *list)
{
    size_t n = json_array_size(list);
    fprintf(out, "%-10s%zu file%s\n", label, n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n && i < LIST_MAX; i++) {
        char line[1024];
        ctl_format_entry(json_array_get(list, i), line, sizeof(line));
        fprintf(out, "%-10s%s\n", "", line);
    }
    if (n > LIST_MAX)
        fprintf(out, "%-10s… and %zu more\n", "", n - LIST_MAX);
}

static void print_human(const struct answers *a, FILE *out)
{
    json_t *file = value(a, P_FILE);
    fprintf(out, "%-10s%s\n", "file:", json_is_string(file) ? json_string_value(file) : "(nothing playing)");

    char pos[32], dur[32];
    ctl_format_time(value(a, P_POS), pos, sizeof(pos));
    ctl_format_time(value(a, P_DUR), dur, sizeof(dur));
    fprintf(out, "%-10s%s / %s%s\n", "position:", pos, dur, json_is_true(value(a, P_PAUSE)) ? " (paused)" : "");

    json_t *lang = value(a, P_LANG);
    fprintf(out, "%-10s%s\n", "language:", json_is_string(lang) ? json_string_value(lang) : "-");

    json_t *plpos = value(a, P_PLPOS), *plcount = value(a, P_PLCOUNT);
    char p1[32] = "-", p2[32] = "-";
    if (json_is_integer(plpos) && json_integer_value(plpos) >= 0)
        snprintf(p1, sizeof(p1), "%lld", (long long)json_integer_value(plpos) + 1);
    if (json_is_integer(plcount))
        snprintf(p2, sizeof(p2), "%lld", (long long)json_integer_value(plcount));
    fprintf(out, "%-10s%s / %s\n", "playlist:", p1, p2);

    json_t *drops = value(a, P_DROPS);
    if (json_is_integer(drops))
        fprintf(out, "%-10s%lld frames\n", "dropped:", (long long)json_integer_value(drops));
    else
        fprintf(out, "%-10s-\n", "dropped:");

    json_t *idle = value(a, P_IDLE);
    fprintf(out, "%-10s%s\n", "idle:", json_is_boolean(idle) ? (json_is_true(idle) ? "yes" : "no") : "-");

    if (json_is_array(value(a, P_PENDING)))
        print_list(out, "waiting:", value(a, P_PENDING));
    if (json_is_array(value(a, P_REJECTED)))
        print_list(out, "rejected:", value(a, P_REJECTED));
}

int ctl_status(struct ctl_conn *c, bool json, double timeout, FILE *out, FILE *err)
{
    struct answers a = {0};
    int rc = collect(c, timeout, &a, err);
    if (rc == CTL_EXIT_OK) {
        if (json)
            print_json(&a, out);
        else
            print_human(&a, out);
        if (a.bad)
            rc = CTL_EXIT_ERROR;
    }
    for (int i = 0; i < P_COUNT; i++)
        json_decref(a.reply[i]);
    return rc;
}
