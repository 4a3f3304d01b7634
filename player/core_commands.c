/* core_commands.c — the IPC command table (mpv names): each row checks its
 * arguments and acts through props.h / core_control.h. Runs on the main
 * thread; every request is answered exactly once (screenshots later, from
 * the writer thread, once the file is on disk). */
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
    json_t *v = ipc_request_arg(req, 1);
    if (!name || !v)
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    const char *err = props_set(c, name, v);
    return err ? fail(req, err) : ok(req, NULL);
}

static json_t *c_observe(core *c, uint64_t client, json_t *req)
{
    json_t *id = ipc_request_arg(req, 0);
    const char *name = str_arg(req, 1);
    if (!json_is_integer(id) || !name)
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    json_t *v = NULL;
    const char *err = props_get(c, name, &v);
    json_decref(v);
    if (err && !strcmp(err, IPC_ERR_PROPERTY_NOT_FOUND))
        return fail(req, err);
    json_t *reply = ok(req, NULL); /* reply first, then the current value */
    core_reply(c, client, reply);
    core_ipc_observe(c, client, id, name);
    return NULL;
}

static json_t *c_unobserve(core *c, uint64_t client, json_t *req)
{
    json_t *id = ipc_request_arg(req, 0);
    if (!json_is_integer(id))
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    return core_ipc_unobserve(c, client, id) > 0 ? ok(req, NULL) : fail(req, IPC_ERR_INVALID_PARAMETER);
}

static json_t *c_cycle(core *c, uint64_t client, json_t *req)
{
    (void)client;
    const char *name = str_arg(req, 0), *dir = str_arg(req, 1);
    if (!name)
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    const char *err = props_cycle(c, name, !(dir && !strcasecmp(dir, "down")));
    return err ? fail(req, err) : ok(req, NULL);
}

static json_t *c_next(core *c, uint64_t client, json_t *req)
{
    (void)client;
    return ctl_next(c) == 0 ? ok(req, NULL) : fail(req, IPC_ERR_COMMAND);
}

static json_t *c_prev(core *c, uint64_t client, json_t *req)
{
    (void)client;
    return ctl_prev(c) == 0 ? ok(req, NULL) : fail(req, IPC_ERR_COMMAND);
}

static json_t *c_play_index(core *c, uint64_t client, json_t *req)
{
    (void)client;
    double d;
    if (!prop_as_double(ipc_request_arg(req, 0), &d) || d != floor(d))
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    return ctl_play_index(c, (long)d) == 0 ? ok(req, NULL) : fail(req, IPC_ERR_INVALID_PARAMETER);
}

static json_t *c_seek(core *c, uint64_t client, json_t *req)
{
    (void)client;
    double d;
    if (!prop_as_double(ipc_request_arg(req, 0), &d))
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    const char *flags = str_arg(req, 1);
    bool absolute = flags && strstr(flags, "absolute");
    if (flags && !absolute && !strstr(flags, "relative"))
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    if (!c->cur || c->cur->st != IT_PLAYING)
        return fail(req, IPC_ERR_COMMAND);
    double t = d;
    if (!absolute) {
        double now = playback_master_time(c->cur->pb, media_now());
        t = (isnan(now) ? 0 : now) + d;
    }
    return ctl_seek(c, t) == 0 ? ok(req, NULL) : fail(req, IPC_ERR_COMMAND);
}

static json_t *c_screenshot(core *c, uint64_t client, json_t *req)
{
    const char *path = str_arg(req, 0);
    if (!path || !*path)
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    if (core_ipc_want_shot(c, client, req, path) < 0)
        return fail(req, IPC_ERR_NOMEM);
    return NULL; /* answered by the writer thread */
}

static json_t *c_keypress(core *c, uint64_t client, json_t *req)
{
    (void)client;
    const char *key = str_arg(req, 0);
    enum input_action act;
    if (!key || input_action_from_name(key, &act) < 0)
        return fail(req, IPC_ERR_INVALID_PARAMETER);
    ctl_action(c, act, false);
    return ok(req, NULL);
}

static json_t *c_quit(core *c, uint64_t client, json_t *req)
{
    (void)client;
    double code = 0;
    json_t *a = ipc_request_arg(req, 0);
    if (a && (!prop_as_double(a, &code) || code < 0 || code > 255))
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
} commands[] = {
    {"get_property", c_get},
    {"set_property", c_set},
    {"observe_property", c_observe},
    {"unobserve_property", c_unobserve},
    {"cycle", c_cycle},
    {"playlist-next", c_next},
    {"playlist-prev", c_prev},
    {"playlist-play-index", c_play_index},
    {"seek", c_seek},
    {"screenshot-to-file", c_screenshot},
    {"keypress", c_keypress},
    {"quit", c_quit},
#ifdef VITRINA_DEBUG_HOOKS
    {"vitrina-debug-freeze", c_freeze},
#endif
};

void core_ipc_request(core *c, uint64_t client, json_t *req)
{
    const char *name = ipc_request_name(req);
    for (size_t i = 0; name && i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (!strcmp(commands[i].name, name)) {
            core_reply(c, client, commands[i].fn(c, client, req));
            return;
        }
    }
    core_reply(c, client, fail(req, IPC_ERR_UNKNOWN_COMMAND));
}
