/* core_ipc.c — see core_ipc.h: server wiring, observers, events and
 * screenshots. The command table is in core_commands.c. */
#include "player/core_ipc.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
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
    atomic_bool *done; /* set by the writer when it has finished */
} shot_job;

/* A screenshot writer thread, joined once it is done (a finished thread
 * that is never joined keeps its stack: the player runs for months). */
typedef struct shot_writer {
    pthread_t thread;
    atomic_bool done;
} shot_writer;

struct core_ipc {
    struct ipc_server *srv;
    observer *obs;
    int nobs;
    double last_check;
    shot_wait *shots; /* clients waiting for the next present */
    int nshots;
    shot_writer **writers; /* running (or finished, not yet joined) */
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
    int ret = ipc_start(&cfg, &cb, &c->ipc->srv); /* logs why it failed, naming the path */
    free(path);
    return ret < 0 ? -1 : 0;
}

static void free_observer(observer *o)
{
    json_decref(o->id);
    free(o->name);
    free(o->last);
}

/* mpv ends the file with reason "quit" before "shutdown". */
static void event_quit(core *c)
{
    const item *it = c->cur;
    if (!it || it->st != IT_PLAYING)
        return;
    json_t *ev = ipc_event_new("end-file");
    json_object_set_new(ev, "reason", json_string(end_reason_name(END_QUIT)));
    json_object_set_new(ev, "playlist_entry_id", json_integer((json_int_t)it->id));
    json_object_set_new(ev, "filename", json_string(it->relpath));
    ipc_broadcast(c->ipc->srv, ev);
}

void core_ipc_stop(core *c)
{
    if (!c->ipc)
        return;
    for (int i = 0; i < c->ipc->nwriters; i++) {
        pthread_join(c->ipc->writers[i]->thread, NULL);
        free(c->ipc->writers[i]);
    }
    free(c->ipc->writers);
    for (int i = 0; i < c->ipc->nshots; i++) {
        json_decref(c->ipc->shots[i].req);
        free(c->ipc->shots[i].path);
    }
    free(c->ipc->shots);
    if (c->ipc->srv) {
        event_quit(c);
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
    if (json_integer_value(o->id) != 0) /* as mpv: no "id" for id 0 */
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
    json_t *v = NULL;
    props_get(c, name, &v);
    *o = (observer){client, json_incref(id), strdup(name), dump(v)};
    if (!o->name || !o->last) {
        free_observer(o);
        c->ipc->nobs--;
        json_decref(v);
        return -1;
    }
    send_change(c, o, v); /* mpv sends the current value at once */
    json_decref(v);
    return 0;
}

int core_ipc_observers(const core *c, uint64_t client)
{
    int n = 0;
    for (int i = 0; c->ipc && i < c->ipc->nobs; i++)
        n += c->ipc->obs[i].client == client;
    return n;
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

static void join_finished_writers(core_ipc *ci)
{
    for (int i = 0; i < ci->nwriters;) {
        if (atomic_load(&ci->writers[i]->done)) {
            pthread_join(ci->writers[i]->thread, NULL);
            free(ci->writers[i]);
            ci->writers[i] = ci->writers[--ci->nwriters];
        } else {
            i++;
        }
    }
}

void core_ipc_tick(core *c, double now)
{
    if (!c->ipc)
        return;
    join_finished_writers(c->ipc);
    if (!c->ipc->nobs || now - c->ipc->last_check < OBSERVE_PERIOD)
        return;
    c->ipc->last_check = now;
    /* Each distinct property is read once per check, however many clients
     * observe it. */
    json_t *vals = json_object();
    for (int i = 0; vals && i < c->ipc->nobs; i++) {
        observer *o = &c->ipc->obs[i];
        json_t *v = json_object_get(vals, o->name); /* borrowed */
        if (!v) {
            json_t *nv = NULL;
            props_get(c, o->name, &nv);
            v = nv ? nv : json_null(); /* null: unavailable (no property is ever null) */
            if (json_object_set(vals, o->name, v) < 0) {
                json_decref(v);
                continue;
            }
            json_decref(v); /* vals holds it */
        }
        json_t *val = json_is_null(v) ? NULL : v;
        char *d = dump(val);
        if (d && strcmp(d, o->last) != 0) {
            free(o->last);
            o->last = d;
            d = NULL;
            send_change(c, o, val);
        }
        free(d);
    }
    json_decref(vals);
}

/* ---- screenshots ---- */

int core_ipc_want_shot(core *c, uint64_t client, json_t *req, const char *path)
{
    shot_wait *n = realloc(c->ipc->shots, (size_t)(c->ipc->nshots + 1) * sizeof(*n));
    if (!n)
        return -1;
    c->ipc->shots = n;
    char *p = strdup(path);
    if (!p)
        return -1;
    n[c->ipc->nshots++] = (shot_wait){client, json_incref(req), p};
    c->shot_pending = true;
    c->need_present = true;
    return 0;
}

/* Write the picture for every waiting client, then answer it: the reply
 * is sent only once the file is complete on disk (image_write_png writes a
 * temp file, fsyncs and renames). */
static void write_shots(shot_job *j)
{
    for (int i = 0; i < j->nwaits; i++) {
        shot_wait *w = &j->waits[i];
        int ret = j->px ? image_write_png(w->path, j->px, j->w, j->h, j->w * 4, IMAGE_XRGB32) : IMAGE_E_ARG;
        json_t *reply;
        if (ret == IMAGE_OK) {
            reply = ipc_reply_success(w->req, NULL);
            log_verbose(MOD, "screenshot written: %s (%dx%d)", w->path, j->w, j->h);
        } else {
            if (!j->px)
                log_error(MOD, "screenshot %s: the screen could not be read back", w->path);
            else if (ret == IMAGE_E_IO)
                log_error(MOD, "screenshot %s could not be written: %s", w->path, strerror(errno));
            else
                log_error(MOD, "screenshot %s could not be written: %s", w->path, image_strerror(ret));
            reply = ipc_reply_error(w->req, IPC_ERR_COMMAND);
        }
        ipc_send(j->srv, w->client, reply);
        json_decref(w->req);
        free(w->path);
    }
    free(j->waits);
    free(j->px);
}

static void *shot_thread(void *arg)
{
    shot_job *j = arg;
    write_shots(j);
    atomic_store(j->done, true);
    free(j);
    return NULL;
}

void screenshot_taken(core *c, uint32_t *px, int w, int h)
{
    if (!c->ipc) {
        free(px);
        return;
    }
    shot_job local = {c->ipc->srv, px, w, h, c->ipc->shots, c->ipc->nshots, NULL};
    c->ipc->shots = NULL;
    c->ipc->nshots = 0;
    shot_job *j = malloc(sizeof(*j));
    shot_writer *wr = calloc(1, sizeof(*wr));
    shot_writer **ws = realloc(c->ipc->writers, (size_t)(c->ipc->nwriters + 1) * sizeof(*ws));
    if (ws)
        c->ipc->writers = ws;
    if (j && wr && ws) {
        *j = local;
        j->done = &wr->done;
        /* PNG encoding takes tens of ms at 1080p: never on the main thread */
        if (pthread_create(&wr->thread, NULL, shot_thread, j) == 0) {
            c->ipc->writers[c->ipc->nwriters++] = wr;
            return;
        }
    }
    free(j);
    free(wr);
    write_shots(&local); /* no thread: answer here (errors included) */
}
