/* control_ipc_fake — a fake player behind the real IPC server, for trying
 * vitrinactl, socat and mpv IPC clients by hand without media or a screen.
 *
 *   build/tools/control_ipc_fake /tmp/fake.sock &
 *   build/vitrinactl --socket /tmp/fake.sock status
 *   echo '{"command":["get_property","playlist"]}' | socat - /tmp/fake.sock
 *
 * It also shows the intended wiring: requests are queued by the IPC thread
 * and handled on the main thread, which sleeps in poll() until woken.
 * Commands: get_property/set_property on a small property table,
 * observe_property/unobserve_property (property-change on set),
 * playlist-next/playlist-prev (end-file, start-file, file-loaded events),
 * keypress, cycle pause, quit. Ends on SIGINT/SIGTERM/quit.
 */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "player/ipc.h"
#include "player/log.h"

struct job {
    uint64_t client;
    json_t *req; /* NULL: the client disconnected */
    struct job *next;
};

struct fake {
    struct ipc_server *srv;
    pthread_mutex_t lock;
    struct job *head, *tail;
    int wake_fd;
    json_t *props;    /* name → value */
    json_t *observed; /* array of {client, id, name} */
};

static void enqueue(void *user, uint64_t client, json_t *req)
{
    struct fake *f = user;
    struct job *j = calloc(1, sizeof(*j));
    if (!j) {
        json_decref(req);
        return;
    }
    j->client = client;
    j->req = req;
    pthread_mutex_lock(&f->lock);
    if (f->tail)
        f->tail->next = j;
    else
        f->head = j;
    f->tail = j;
    pthread_mutex_unlock(&f->lock);
    uint64_t one = 1;
    if (write(f->wake_fd, &one, sizeof(one)) < 0)
        perror("eventfd");
}

static void gone(void *user, uint64_t client) { enqueue(user, client, NULL); }

static void notify(struct fake *f, const char *name)
{
    size_t i;
    json_t *o;
    json_array_foreach(f->observed, i, o) {
        if (strcmp(json_string_value(json_object_get(o, "name")), name) != 0)
            continue;
        json_t *ev = ipc_event_new("property-change");
        json_object_set(ev, "id", json_object_get(o, "id"));
        json_object_set_new(ev, "name", json_string(name));
        json_object_set(ev, "data", json_object_get(f->props, name));
        ipc_send(f->srv, (uint64_t)json_integer_value(json_object_get(o, "client")), ev);
    }
}

static void set_prop(struct fake *f, const char *name, json_t *v)
{
    json_object_set_new(f->props, name, v);
    notify(f, name);
}

static void step(struct fake *f, int delta)
{
    json_int_t n = json_integer_value(json_object_get(f->props, "playlist-count"));
    json_int_t pos = (json_integer_value(json_object_get(f->props, "playlist-pos")) + delta + n) % n;
    json_t *end = ipc_event_new("end-file");
    json_object_set_new(end, "reason", json_string("stop"));
    ipc_broadcast(f->srv, end);
    ipc_broadcast(f->srv, ipc_event_new("start-file"));
    char name[32];
    snprintf(name, sizeof(name), "video-%02lld.mp4", (long long)pos + 1);
    set_prop(f, "playlist-pos", json_integer(pos));
    set_prop(f, "filename", json_string(name));
    set_prop(f, "time-pos", json_real(0));
    ipc_broadcast(f->srv, ipc_event_new("file-loaded"));
}

/* Returns false on quit. */
static bool handle(struct fake *f, uint64_t client, json_t *req)
{
    const char *cmd = ipc_request_name(req);
    const char *a0 = json_string_value(ipc_request_arg(req, 0));
    json_t *reply = NULL;
    bool go_on = true;
    if (strcmp(cmd, "get_property") == 0 && a0) {
        json_t *v = json_object_get(f->props, a0);
        reply = v ? ipc_reply_success(req, json_incref(v)) : ipc_reply_error(req, IPC_ERR_PROPERTY_NOT_FOUND);
    } else if (strcmp(cmd, "set_property") == 0 && a0 && ipc_request_argc(req) == 2) {
        if (!json_object_get(f->props, a0)) {
            reply = ipc_reply_error(req, IPC_ERR_PROPERTY_NOT_FOUND);
        } else {
            set_prop(f, a0, json_incref(ipc_request_arg(req, 1)));
            reply = ipc_reply_success(req, NULL);
        }
    } else if (strcmp(cmd, "cycle") == 0 && a0 && strcmp(a0, "pause") == 0) {
        set_prop(f, "pause", json_boolean(!json_is_true(json_object_get(f->props, "pause"))));
        reply = ipc_reply_success(req, NULL);
    } else if (strcmp(cmd, "observe_property") == 0 && ipc_request_argc(req) == 2) {
        json_array_append_new(f->observed, json_pack("{s:I,s:O,s:O}", "client", (json_int_t)client, "id",
                                                     ipc_request_arg(req, 0), "name", ipc_request_arg(req, 1)));
        ipc_send(f->srv, client, ipc_reply_success(req, NULL)); /* reply first, as mpv */
        notify(f, json_string_value(ipc_request_arg(req, 1)));
        return true;
    } else if (strcmp(cmd, "playlist-next") == 0 || strcmp(cmd, "playlist-prev") == 0) {
        step(f, cmd[9] == 'n' ? 1 : -1);
        reply = ipc_reply_success(req, NULL);
    } else if (strcmp(cmd, "keypress") == 0 || strcmp(cmd, "unobserve_property") == 0) {
        reply = ipc_reply_success(req, NULL);
    } else if (strcmp(cmd, "quit") == 0) {
        reply = ipc_reply_success(req, NULL);
        go_on = false;
    } else {
        reply = ipc_reply_error(req, IPC_ERR_INVALID_PARAMETER);
    }
    ipc_send(f->srv, client, reply);
    return go_on;
}

static void forget_client(struct fake *f, uint64_t client)
{
    for (size_t i = json_array_size(f->observed); i-- > 0;)
        if ((uint64_t)json_integer_value(json_object_get(json_array_get(f->observed, i), "client")) == client)
            json_array_remove(f->observed, i);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s SOCKET_PATH\n", argv[0]);
        return 2;
    }
    log_init();
    struct fake f = {.wake_fd = eventfd(0, EFD_CLOEXEC)};
    pthread_mutex_init(&f.lock, NULL);
    f.observed = json_array();
    f.props = json_pack("{s:s,s:f,s:f,s:b,s:s,s:i,s:i,s:i,s:b,s:s,s:[],s:[{s:s,s:s}]}", "filename",
                        "video-01.mp4", "time-pos", 0.0, "duration", 296.0, "pause", 0, "language", "es",
                        "playlist-pos", 0, "playlist-count", 12, "frame-drop-count", 0, "idle-active", 0,
                        "vitrina-version", "fake", "intake-pending", "intake-rejected", "name", "bad.mov",
                        "reason", "no video or audio stream found");
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* before the IPC thread exists */
    int sig_fd = signalfd(-1, &sigs, SFD_CLOEXEC);

    struct ipc_config cfg = {.path = argv[1]};
    struct ipc_callbacks cb = {enqueue, gone, &f};
    if (ipc_start(&cfg, &cb, &f.srv) < 0)
        return 1;
    bool running = true;
    while (running) {
        struct pollfd p[2] = {{.fd = f.wake_fd, .events = POLLIN}, {.fd = sig_fd, .events = POLLIN}};
        if (poll(p, 2, 1000) == 0) { /* playing: one second passes */
            double t = json_real_value(json_object_get(f.props, "time-pos"));
            if (!json_is_true(json_object_get(f.props, "pause")))
                set_prop(&f, "time-pos", json_real(t + 1.0));
            continue;
        }
        if (p[1].revents & POLLIN)
            break;
        uint64_t n;
        if (read(f.wake_fd, &n, sizeof(n)) < 0)
            continue;
        pthread_mutex_lock(&f.lock);
        struct job *j = f.head;
        f.head = f.tail = NULL;
        pthread_mutex_unlock(&f.lock);
        while (j) {
            struct job *next = j->next;
            if (j->req && running)
                running = handle(&f, j->client, j->req);
            else if (!j->req)
                forget_client(&f, j->client);
            json_decref(j->req);
            free(j);
            j = next;
        }
    }
    ipc_broadcast(f.srv, ipc_event_new("shutdown"));
    ipc_stop(f.srv);
    json_decref(f.props);
    json_decref(f.observed);
    close(sig_fd);
    close(f.wake_fd);
    return 0;
}
