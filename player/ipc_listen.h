/* ipc_listen.h — create (and later remove) the IPC server's socket file.
 * Internal to the IPC server. Both functions run on the thread that starts
 * and stops the server; they touch only the given path.
 */
#ifndef VITRINA_IPC_LISTEN_H
#define VITRINA_IPC_LISTEN_H

#include <sys/types.h>

/* Identifies the socket file we created, so that stop never removes a
 * socket that another process put there since. */
struct ipc_sockid {
    dev_t dev;
    ino_t ino;
};

/* Make `path` a listening Unix stream socket, mode 0660 (non-blocking,
 * close-on-exec). Creates missing parent directories (0770 minus umask).
 * A stale socket file (connect() refused) is replaced; a live socket or an
 * existing non-socket makes it fail. Returns the listening fd (caller owns)
 * and fills *id, or a negative errno after logging one error that names the
 * path. */
int ipc_listen_open(const char *path, struct ipc_sockid *id);

/* Remove `path` if it is still the socket described by *id. */
void ipc_listen_remove(const char *path, const struct ipc_sockid *id);

#endif
