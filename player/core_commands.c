/* core_commands.c — the IPC command table (mpv names): each row checks its
 * arguments and acts through props.h / core_control.h. Runs on the main
 * thread; every request is answered exactly once (screenshots later, from
 * the writer thread, once the file is on disk).
 *
 * Error replies follow mpv (input/ipc.c, player/client.c, player/command.c):
 *  - unknown command, wrong number or type of arguments → "invalid parameter"
 *    (mpv cannot parse the command; mpv has no "unknown command" string);
 *  - a command that parsed but could not be carried out (cycle of a
 *    property that does not cycle, keypress of an unknown key, seek with
 *    nothing playing, a screenshot that cannot be written) → "error running
 *    command";
 *  - property errors come from props.h (get/set_property only). */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "player/core_control.h"
#include "player/core_ipc.h"
#include "player/core_priv.h"
#include "player/input.h"
#include "player/ipc_proto.h"
#include "player/log.h"
#include "player/props.h"
#include "player/props_priv.h"

#define MOD "ipc"

typedef json_t *(*cmd_fn)(core *c, uint64_t client, json_t *req);

static json_t *ok(json_t *req, json_t *data) { return ipc_reply_success(req, data); }
static json_t *fail(json_t *req, const char *err) { return ipc_reply_error(req, err); }

static const char *str_arg(json_t *req, size_t i)
{
    return json_string_value(ipc_request_arg(req, i));
}

/* An integer argument: a JSON integer, an integral real or a numeric string. */
static bool int_arg(json_t *req, size_t i, long *out)
{
    double d;
    if (!prop_as_double(ipc_request_arg(req, i), &d) || d != floor(d) || fabs(d) > 1e15)
        return false;
    *out = (long)d;
    return true;
}

static json_t *c_get(core *c, uint64_t client, json_t *req)
{
    (void)client;
    const char *name = str_arg(req, 0);
    if (!name)
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    json_t *v = NULL;
    const char *err = props_get(c, name, &v);
    return err ? fail(req, err) : ok(req, v);
}

static json_t *c_set(core *c, uint64_t client, json_t *req)
{
    (void)client;
    const char *name = str_arg(req, 0);
    if (!name)
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    const char *err = props_set(c, name, ipc_request_arg(req, 1));
    return err ? fail(req, err) : ok(req, NULL);
}

/* mpv accepts any name here (a property that does not exist is reported
 * by a property-change event without "data"); the reply comes first, then
 * the current value. */
static json_t *c_observe(core *c, uint64_t client, json_t *req)
{
    json_t *id = ipc_request_arg(req, 0);
    const char *name = str_arg(req, 1);
    if (!json_is_integer(id) || !name)
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    if (core_ipc_observers(c, client) >= CORE_IPC_MAX_OBSERVERS) {
        log_verbose(MOD, "client %llu: more than %d observed properties refused", (unsigned long long)client,
                    CORE_IPC_MAX_OBSERVERS);
        return fail(req, IPC_ERR_COMMAND);
    }
    core_reply(c, client, ok(req, NULL));
    if (core_ipc_observe(c, client, id, name) < 0)
        log_error(MOD, "out of memory: observing %s for client %llu", name, (unsigned long long)client);
    return NULL;
}

/* Like mpv_unobserve_property(): success even when no observer had that
 * id (mpv returns the number removed, which its IPC turns into "success"). */
static json_t *c_unobserve(core *c, uint64_t client, json_t *req)
{
    json_t *id = ipc_request_arg(req, 0);
    if (!json_is_integer(id))
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    core_ipc_unobserve(c, client, id);
    return ok(req, NULL);
}

static json_t *c_cycle(core *c, uint64_t client, json_t *req)
{
    (void)client;
    const char *name = str_arg(req, 0), *dir = str_arg(req, 1);
    if (!name || (ipc_request_arg(req, 1) && (!dir || (strcasecmp(dir, "up") && strcasecmp(dir, "down")))))
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    const char *err = props_cycle(c, name, !(dir && !strcasecmp(dir, "down")));
    if (err)
        log_verbose(MOD, "cycle %s: %s", name, err);
    return err ? fail(req, IPC_ERR_COMMAND) : ok(req, NULL);
}

/* playlist-next/prev take mpv's optional "weak"/"force" flag; the loop
 * never ends, so both mean the same here. */
static bool next_flag_ok(json_t *req)
{
    const char *f = str_arg(req, 0);
    return !ipc_request_arg(req, 0) || (f && (!strcmp(f, "weak") || !strcmp(f, "force")));
}

static json_t *c_next(core *c, uint64_t client, json_t *req)
{
    (void)client;
    if (!next_flag_ok(req))
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    return ctl_next(c) == 0 ? ok(req, NULL) : fail(req, IPC_ERR_COMMAND);
}

static json_t *c_prev(core *c, uint64_t client, json_t *req)
{
    (void)client;
    if (!next_flag_ok(req))
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    return ctl_prev(c) == 0 ? ok(req, NULL) : fail(req, IPC_ERR_COMMAND);
}

static json_t *c_play_index(core *c, uint64_t client, json_t *req)
{
    (void)client;
    long i;
    if (!int_arg(req, 0, &i) || i < 0)
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    return ctl_play_index(c, i) == 0 ? ok(req, NULL) : fail(req, IPC_ERR_COMMAND);
}

/* mpv's seek flags: relative (default), absolute, absolute-percent,
 * relative-percent, combined with '+' with exact/keyframes (accepted; we
 * always seek to the exact time). Returns false on an unknown flag. */
static bool seek_mode(const char *flags, bool *absolute, bool *percent)
{
    *absolute = *percent = false;
    int modes = 0;
    const char *p = flags;
    while (p && *p) {
        size_t n = strcspn(p, "+");
        if (n == 8 && !strncmp(p, "relative", n)) {
            modes++;
        } else if (n == 8 && !strncmp(p, "absolute", n)) {
            *absolute = true, modes++;
        } else if (n == 16 && !strncmp(p, "absolute-percent", n)) {
            *absolute = *percent = true, modes++;
        } else if (n == 16 && !strncmp(p, "relative-percent", n)) {
            *percent = true, modes++;
        } else if (!((n == 5 && !strncmp(p, "exact", n)) || (n == 9 && !strncmp(p, "keyframes", n)))) {
            return false;
        }
        p += n;
        if (*p == '+')
            p++;
    }
    return modes <= 1;
}

static json_t *c_seek(core *c, uint64_t client, json_t *req)
{
    (void)client;
    double d;
    bool absolute, percent;
    json_t *fl = ipc_request_arg(req, 1);
    if (!prop_as_double(ipc_request_arg(req, 0), &d) || (fl && !json_is_string(fl)) ||
        !seek_mode(str_arg(req, 1), &absolute, &percent))
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    if (!c->cur || c->cur->st != IT_PLAYING || c->cur->is_still)
        return fail(req, IPC_ERR_COMMAND);
    if (percent) {
        double dur = playback_duration(c->cur->pb);
        if (isnan(dur) || dur <= 0)
            return fail(req, IPC_ERR_COMMAND);
        d = d * dur / 100.0;
    }
    double t = d;
    if (!absolute) {
        double now = playback_master_time(c->cur->pb, media_now());
        t = (isnan(now) ? 0 : now) + d;
    }
    return ctl_seek(c, t) == 0 ? ok(req, NULL) : fail(req, IPC_ERR_COMMAND);
}

/* screenshot-to-file PATH [subtitles|video|window]: the file always holds
 * exactly what the screen shows (mpv's "window"); the flag is accepted for
 * compatibility. */
static json_t *c_screenshot(core *c, uint64_t client, json_t *req)
{
    const char *path = str_arg(req, 0), *flag = str_arg(req, 1);
    if (!path || !*path)
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    if (ipc_request_arg(req, 1) &&
        (!flag || (strcmp(flag, "subtitles") && strcmp(flag, "video") && strcmp(flag, "window"))))
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    if (core_ipc_want_shot(c, client, req, path) < 0)
        return fail(req, IPC_ERR_NOMEM);
    return NULL; /* answered by the writer thread */
}

/* keypress KEY: the remote button of that name (the second argument, mpv's
 * "scale", is accepted and ignored). An unknown name is a failed command,
 * as in mpv. */
static json_t *c_keypress(core *c, uint64_t client, json_t *req)
{
    (void)client;
    const char *key = str_arg(req, 0);
    enum input_action act;
    if (!key)
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    if (input_action_from_name(key, &act) < 0 || act == INPUT_NONE) {
        log_verbose(MOD, "keypress: %s is not a remote button", key);
        return fail(req, IPC_ERR_COMMAND);
    }
    ctl_action(c, act, false);
    return ok(req, NULL);
}

static json_t *c_quit(core *c, uint64_t client, json_t *req)
{
    (void)client;
    long code = 0;
    if (ipc_request_arg(req, 0) && (!int_arg(req, 0, &code) || code < 0 || code > 255))
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    log_info(MOD, "quit requested over the control socket");
    c->quit = true;
    c->exit_code = (int)code;
    return ok(req, NULL);
}

#ifdef VITRINA_DEBUG_HOOKS
static json_t *c_freeze(core *c, uint64_t client, json_t *req)
{
    (void)client;
    double s;
    if (!prop_as_double(ipc_request_arg(req, 0), &s) || s < 0 || s > 600)
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    cmdq_push(c->cmds, CMD_FREEZE, 0, (long)s, NULL, NULL);
    return ok(req, NULL);
}
#endif

static const struct {
    const char *name;
    cmd_fn fn;
    unsigned char min_args, max_args; /* after the name */
} commands[] = {
    {"get_property", c_get, 1, 1},
    {"set_property", c_set, 2, 2},
    {"observe_property", c_observe, 2, 2},
    {"unobserve_property", c_unobserve, 1, 1},
    {"cycle", c_cycle, 1, 2},
    {"playlist-next", c_next, 0, 1},
    {"playlist-prev", c_prev, 0, 1},
    {"playlist-play-index", c_play_index, 1, 1},
    {"seek", c_seek, 1, 2},
    {"screenshot-to-file", c_screenshot, 1, 2},
    {"keypress", c_keypress, 1, 2},
    {"quit", c_quit, 0, 1},
#ifdef VITRINA_DEBUG_HOOKS
    {"vitrina-debug-freeze", c_freeze, 1, 1},
#endif
};

void core_ipc_request(core *c, uint64_t client, json_t *req)
{
    const char *name = ipc_request_name(req);
    size_t argc = ipc_request_argc(req);
    for (size_t i = 0; name && i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(commands[i].name, name) != 0)
            continue;
        if (argc < commands[i].min_args || argc > commands[i].max_args) {
            log_verbose(MOD, "client %llu: %s takes %u to %u arguments, not %zu", (unsigned long long)client, name,
                        commands[i].min_args, commands[i].max_args, argc);
            core_reply(c, client, fail(req, IPC_ERR_INVALID_PARAMETER));
            return;
        }
        core_reply(c, client, commands[i].fn(c, client, req));
        return;
    }
    log_verbose(MOD, "client %llu: unknown command \"%s\"", (unsigned long long)client, name ? name : "");
    core_reply(c, client, fail(req, IPC_ERR_INVALID_PARAMETER));
}
