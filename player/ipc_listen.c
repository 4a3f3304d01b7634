/* ipc_listen.c — see ipc_listen.h. */
#include "player/ipc_listen.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "player/log.h"

#define MOD "ipc"

static int fill_addr(const char *path, struct sockaddr_un *sa)
{
    memset(sa, 0, sizeof(*sa));
    sa->sun_family = AF_UNIX;
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof(sa->sun_path))
        return -ENAMETOOLONG;
    memcpy(sa->sun_path, path, n);
    return 0;
}

/* mkdir -p of the directory part of `path`. */
static int make_parents(const char *path)
{
    char dir[PATH_MAX];
    size_t n = strlen(path);
    if (n >= sizeof(dir))
        return -ENAMETOOLONG;
    memcpy(dir, path, n + 1);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    struct stat st;
    if (stat(dir, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0770) < 0 && errno != EEXIST)
            return -errno;
        *p = '/';
    }
    if (mkdir(dir, 0770) < 0 && errno != EEXIST)
        return -errno;
    log_info(MOD, "created directory %s for the control socket", dir);
    return 0;
}

/* Is someone accepting connections on the socket file at `path`?
 * Returns 1 live, 0 stale, negative errno when we cannot tell. */
static int probe_live(const struct sockaddr_un *sa)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -errno;
    int rc = connect(fd, (const struct sockaddr *)sa, sizeof(*sa));
    int err = errno;
    close(fd);
    if (rc == 0 || err == EAGAIN || err == EINPROGRESS)
        return 1; /* accepted, or a full backlog: someone is listening */
    if (err == ECONNREFUSED)
        return 0;
    return -err;
}

/* Clear the way for bind(): fine when nothing is there or a stale socket
 * was removed. */
static int clear_path(const char *path, const struct sockaddr_un *sa)
{
    struct stat st;
    if (lstat(path, &st) < 0) {
        if (errno == ENOENT)
            return 0;
        int err = -errno;
        log_error(MOD, "cannot check control socket %s: %s", path, strerror(-err));
        return err;
    }
    if (!S_ISSOCK(st.st_mode)) {
        log_error(MOD, "%s exists and is not a socket; not replacing it (choose another --ipc path)",
                  path);
        return -EEXIST;
    }
    int live = probe_live(sa);
    if (live == 1) {
        log_error(MOD, "another Vitrina is already listening on %s; not starting a second one", path);
        return -EADDRINUSE;
    }
    if (live < 0) {
        log_error(MOD, "cannot check control socket %s: %s", path, strerror(-live));
        return live;
    }
    if (unlink(path) < 0 && errno != ENOENT) {
        int err = -errno;
        log_error(MOD, "cannot remove stale control socket %s: %s", path, strerror(-err));
        return err;
    }
    log_info(MOD, "replaced stale control socket %s", path);
    return 0;
}

int ipc_listen_open(const char *path, struct ipc_sockid *id)
{
    struct sockaddr_un sa;
    if (!path || fill_addr(path, &sa) < 0) {
        log_error(MOD, "control socket path \"%s\" is empty or longer than %zu bytes",
                  path ? path : "", sizeof(sa.sun_path) - 1);
        return -ENAMETOOLONG;
    }
    int rc = make_parents(path);
    if (rc < 0) {
        log_error(MOD, "cannot create the directory for control socket %s: %s", path, strerror(-rc));
        return rc;
    }
    rc = clear_path(path, &sa);
    if (rc < 0)
        return rc;

    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        rc = -errno;
        log_error(MOD, "cannot create control socket %s: %s", path, strerror(-rc));
        return rc;
    }
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        rc = -errno;
        log_error(MOD, "cannot bind control socket %s: %s", path, strerror(-rc));
        close(fd);
        return rc;
    }
    /* Bound with the umask's mode; narrow/widen to owner+group read-write.
     * The protocol has no authentication: the file mode is the access rule. */
    struct stat st;
    if (chmod(path, 0660) < 0 || stat(path, &st) < 0 || listen(fd, 64) < 0) {
        rc = -errno;
        log_error(MOD, "cannot set up control socket %s: %s", path, strerror(-rc));
        close(fd);
        unlink(path);
        return rc;
    }
    id->dev = st.st_dev;
    id->ino = st.st_ino;
    return fd;
}

void ipc_listen_remove(const char *path, const struct ipc_sockid *id)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode) && st.st_dev == id->dev && st.st_ino == id->ino)
        unlink(path);
}
