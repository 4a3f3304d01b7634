/* ctl_conn.c — see ctl_conn.h. */
#include "player/ctl_conn.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "player/ipc_proto.h"

#define MAX_LINE (256u << 20) /* a reply larger than this is a broken peer */

struct ctl_conn {
    int fd;
    int64_t next_id;
    char *buf;
    size_t len, cap;
    size_t scanned; /* bytes of buf known to hold no '\n' */
    bool eof;
};

double ctl_conn_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int ctl_conn_open(const char *path, struct ctl_conn **out)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof(sa.sun_path))
        return -ENAMETOOLONG;
    memcpy(sa.sun_path, path, strlen(path));
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        int err = -errno;
        close(fd);
        return err;
    }
    struct ctl_conn *c = calloc(1, sizeof(*c));
    if (!c) {
        close(fd);
        return -ENOMEM;
    }
    c->fd = fd;
    c->next_id = 1;
    *out = c;
    return 0;
}

void ctl_conn_close(struct ctl_conn *c)
{
    if (!c)
        return;
    close(c->fd);
    free(c->buf);
    free(c);
}

int64_t ctl_conn_send(struct ctl_conn *c, json_t *command)
{
    int64_t id = c->next_id++;
    json_t *req = json_pack("{s:O,s:I}", "command", command, "request_id", (json_int_t)id);
    size_t len;
    char *line = req ? ipc_proto_dump_line(req, &len) : NULL;
    json_decref(req);
    if (!line)
        return -ENOMEM;
    const char *p = line;
    while (len > 0) {
        ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int err = n < 0 ? -errno : -EPIPE;
            free(line);
            return err;
        }
        p += n;
        len -= (size_t)n;
    }
    free(line);
    return id;
}

/* Take one complete line out of the buffer, or NULL. */
static char *take_line(struct ctl_conn *c)
{
    char *nl = c->len > c->scanned ? memchr(c->buf + c->scanned, '\n', c->len - c->scanned) : NULL;
    if (!nl) {
        c->scanned = c->len;
        return NULL;
    }
    size_t n = (size_t)(nl - c->buf);
    char *line = strndup(c->buf, n);
    memmove(c->buf, nl + 1, c->len - n - 1);
    c->len -= n + 1;
    c->scanned = 0;
    return line;
}

static int fill(struct ctl_conn *c, double deadline)
{
    if (c->eof)
        return -EPIPE;
    for (;;) {
        double left = deadline - ctl_conn_now();
        if (left <= 0)
            return -ETIMEDOUT;
        struct pollfd p = {.fd = c->fd, .events = POLLIN};
        int ms = left > 3600.0 ? 3600 * 1000 : (int)(left * 1000.0) + 1;
        int rc = poll(&p, 1, ms);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc < 0)
            return -errno;
        if (rc == 0)
            continue;
        break;
    }
    if (c->cap - c->len < 65536) {
        if (c->cap >= MAX_LINE)
            return -EMSGSIZE;
        size_t cap = c->cap ? c->cap * 2 : 131072;
        char *b = realloc(c->buf, cap);
        if (!b)
            return -ENOMEM;
        c->buf = b;
        c->cap = cap;
    }
    ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
    if (n < 0)
        return errno == EINTR ? 0 : (errno == ECONNRESET ? -EPIPE : -errno);
    if (n == 0) {
        c->eof = true;
        return -EPIPE;
    }
    c->len += (size_t)n;
    return 0;
}

int ctl_conn_read(struct ctl_conn *c, double deadline, json_t **msg, char **raw)
{
    *msg = NULL;
    if (raw)
        *raw = NULL;
    char *line;
    while (!(line = take_line(c))) {
        int rc = fill(c, deadline);
        if (rc < 0)
            return rc;
    }
    json_t *j = json_loads(line, 0, NULL);
    if (raw)
        *raw = line;
    else
        free(line);
    if (!json_is_object(j)) {
        json_decref(j);
        return -EBADMSG;
    }
    *msg = j;
    return 0;
}

int ctl_conn_request(struct ctl_conn *c, json_t *command, double timeout, json_t **reply, char **raw)
{
    *reply = NULL;
    if (raw)
        *raw = NULL;
    double deadline = ctl_conn_now() + timeout;
    int64_t id = ctl_conn_send(c, command);
    if (id < 0)
        return (int)id;
    for (;;) {
        json_t *m;
        char *line = NULL;
        int rc = ctl_conn_read(c, deadline, &m, raw ? &line : NULL);
        if (rc == -EBADMSG) {
            free(line);
            continue;
        }
        if (rc < 0)
            return rc;
        json_t *rid = json_object_get(m, "request_id");
        if (!json_object_get(m, "event") && json_is_integer(rid) && json_integer_value(rid) == id) {
            *reply = m;
            if (raw)
                *raw = line;
            return 0;
        }
        json_decref(m);
        free(line);
    }
}
