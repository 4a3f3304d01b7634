/* core_ipc.c — see core_ipc.h: server wiring, observers, events and
 * screenshots. The command table is in core_commands.c. */
#include "player/core_ipc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "media/image.h"
#include "player/core_priv.h"
#include "player/ipc.h"
#include "player/ipc_proto.h"
#include "player/log.h"
#include "player/props.h"

#define MOD "ipc"
#define OBSERVE_PERIOD 0.05 /* seconds between property-change checks */

typedef struct observer {
    uint64_t client;
    json_t *id;
    char *name;
    char *last; /* compact JSON of the last value sent ("" = unavailable) */
} observer;

typedef struct shot_wait {
    uint64_t client;
    json_t *req;
    char *path;
} shot_wait;

typedef struct shot_job {
    struct ipc_server *srv;
    uint32_t *px;
    int w, h;
    shot_wait *waits;
    int nwaits;
} shot_job;

struct core_ipc {
    struct ipc_server *srv;
    observer *obs;
    int nobs;
    double last_check;
    shot_wait *shots; /* clients waiting for the next present */
    int nshots;
    pthread_t *writers; /* screenshot writer threads to join */
    int nwriters;
};

static void on_request(void *user, uint64_t client, json_t *request)
{
    core *c = user;
    cmdq_push(c->cmds, CMD_IPC_REQUEST, client, 0, request, (void (*)(void *))json_decref);
}

static void on_disconnect(void *user, uint64_t client)
{
    core *c = user;
    cmdq_push(c->cmds, CMD_IPC_GONE, client, 0, NULL, NULL);
}

int core_ipc_start(core *c)
{
    char *path = options_ipc_path(c->o);
    if (!path)
        return -1;
    c->ipc = calloc(1, sizeof(*c->ipc));
    if (!c->ipc) {
        free(path);
        return -1;
    }
    struct ipc_config cfg = {.path = path};
    struct ipc_callbacks cb = {.on_request = on_request, .on_disconnect = on_disconnect, .user = c};
    int ret = ipc_start(&cfg, &cb, &c->ipc->srv);
    if (ret < 0)
        log_error(MOD, "cannot serve the control socket %s (is another Vitrina running?)", path);
    else
        log_info(MOD, "control socket: %s", path);
    free(path);
    return ret < 0 ? -1 : 0;
}

static void free_observer(observer *o)
{
    json_decref(o->id);
    free(o->name);
    free(o->last);
}

void core_ipc_stop(core *c)
{
    if (!c->ipc)
        return;
    for (int i = 0; i < c->ipc->nwriters; i++)
        pthread_join(c->ipc->writers[i], NULL);
    free(c->ipc->writers);
    for (int i = 0; i < c->ipc->nshots; i++) {
        json_decref(c->ipc->shots[i].req);
        free(c->ipc->shots[i].path);
    }
    free(c->ipc->shots);
    if (c->ipc->srv) {
        ipc_broadcast(c->ipc->srv, ipc_event_new("shutdown"));
        ipc_stop(c->ipc->srv);
    }
    for (int i = 0; i < c->ipc->nobs; i++)
        free_observer(&c->ipc->obs[i]);
    free(c->ipc->obs);
    free(c->ipc);
    c->ipc = NULL;
}

void core_event(core *c, json_t *event)
{
    if (!event)
        return;
    if (c->ipc && c->ipc->srv)
        ipc_broadcast(c->ipc->srv, event);
    else
        json_decref(event);
}

void core_reply(core *c, uint64_t client, json_t *reply)
{
    if (!reply)
        return;
    if (c->ipc && c->ipc->srv)
        ipc_send(c->ipc->srv, client, reply);
    else
        json_decref(reply);
}

/* ---- observers ---- */

static char *dump(json_t *v)
{
    return v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : strdup("");
}

static void send_change(core *c, observer *o, json_t *value)
{
    json_t *ev = ipc_event_new("property-change");
    json_object_set(ev, "id", o->id);
    json_object_set_new(ev, "name", json_string(o->name));
    if (value)
        json_object_set(ev, "data", value);
    core_reply(c, o->client, ev);
}

int core_ipc_observe(core *c, uint64_t client, json_t *id, const char *name)
{
    observer *n = realloc(c->ipc->obs, (size_t)(c->ipc->nobs + 1) * sizeof(*n));
    if (!n)
        return -1;
    c->ipc->obs = n;
    observer *o = &n[c->ipc->nobs++];
    o->client = client;
    o->id = json_incref(id);
    o->name = strdup(name);
    json_t *v = NULL;
    props_get(c, name, &v);
    o->last = dump(v);
    send_change(c, o, v); /* mpv sends the current value at once */
    json_decref(v);
    return 0;
}

int core_ipc_unobserve(core *c, uint64_t client, json_t *id)
{
    int removed = 0;
    for (int i = 0; i < c->ipc->nobs;) {
        observer *o = &c->ipc->obs[i];
        if (o->client == client && json_equal(o->id, id)) {
            free_observer(o);
            c->ipc->obs[i] = c->ipc->obs[--c->ipc->nobs];
            removed++;
        } else {
            i++;
        }
    }
    return removed;
}

void core_ipc_gone(core *c, uint64_t client)
{
    if (!c->ipc)
        return;
    for (int i = 0; i < c->ipc->nobs;) {
        if (c->ipc->obs[i].client == client) {
            free_observer(&c->ipc->obs[i]);
            c->ipc->obs[i] = c->ipc->obs[--c->ipc->nobs];
        } else {
            i++;
        }
    }
}

void core_ipc_tick(core *c, double now)
{
    if (!c->ipc || !c->ipc->nobs || now - c->ipc->last_check < OBSERVE_PERIOD)
        return;
    c->ipc->last_check = now;
    for (int i = 0; i < c->ipc->nobs; i++) {
        observer *o = &c->ipc->obs[i];
        json_t *v = NULL;
        props_get(c, o->name, &v);
        char *d = dump(v);
        if (d && strcmp(d, o->last) != 0) {
            free(o->last);
            o->last = d;
            d = NULL;
            send_change(c, o, v);
        }
        free(d);
        json_decref(v);
    }
}

/* ---- screenshots ---- */

int core_ipc_want_shot(core *c, uint64_t client, json_t *req, const char *path)
{
    shot_wait *n = realloc(c->ipc->shots, (size_t)(c->ipc->nshots + 1) * sizeof(*n));
    if (!n)
        return -1;
    c->ipc->shots = n;
    n[c->ipc->nshots++] = (shot_wait){client, json_incref(req), strdup(path)};
    c->shot_pending = true;
    c->need_present = true;
    return 0;
}

static void *shot_writer(void *arg)
{
    shot_job *j = arg;
    for (int i = 0; i < j->nwaits; i++) {
        shot_wait *w = &j->waits[i];
        int ret = j->px ? image_write_png(w->path, j->px, j->w, j->h, j->w * 4, IMAGE_XRGB32) : -1;
        json_t *reply;
        if (ret == 0) {
            reply = ipc_reply_success(w->req, NULL);
            log_verbose(MOD, "screenshot written: %s (%dx%d)", w->path, j->w, j->h);
        } else {
            log_error(MOD, "screenshot %s could not be written", w->path);
            reply = ipc_reply_error(w->req, IPC_ERR_COMMAND);
        }
        ipc_send(j->srv, w->client, reply);
        json_decref(w->req);
        free(w->path);
    }
    free(j->waits);
    free(j->px);
    free(j);
    return NULL;
}

void screenshot_taken(core *c, uint32_t *px, int w, int h)
{
    shot_job *j = c->ipc ? calloc(1, sizeof(*j)) : NULL;
    pthread_t *ws = j ? realloc(c->ipc->writers, (size_t)(c->ipc->nwriters + 1) * sizeof(*ws)) : NULL;
    if (!j || !ws) {
        free(j);
        free(px);
        return;
    }
    c->ipc->writers = ws;
    *j = (shot_job){c->ipc->srv, px, w, h, c->ipc->shots, c->ipc->nshots};
    c->ipc->shots = NULL;
    c->ipc->nshots = 0;
    /* PNG encoding takes tens of ms at 1080p: never on the main thread */
    if (pthread_create(&ws[c->ipc->nwriters], NULL, shot_writer, j) == 0)
        c->ipc->nwriters++;
    else
        shot_writer(j);
}
