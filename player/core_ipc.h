/* core_ipc.h — the core's side of the JSON IPC: the server's callbacks
 * push requests onto the command queue; the main thread executes them
 * (commands table), keeps property observers, and broadcasts events
 * (start-file, file-loaded, end-file, idle, property-change, shutdown).
 * Threading: everything here runs on the main thread, except that the
 * server callbacks (installed by core_ipc_start) run on the IPC thread and
 * only queue, and screenshots are written by a short-lived worker thread.
 */
#ifndef VITRINA_PLAYER_CORE_IPC_H
#define VITRINA_PLAYER_CORE_IPC_H

#include <jansson.h>
#include <stdint.h>

typedef struct core core;

/* Start the server at the configured path. Returns 0, or -1 when another
 * Vitrina already answers there (logged) or the socket cannot be made. */
int core_ipc_start(core *c);
/* Broadcast end-file (reason "quit") for the entry playing, then
 * "shutdown"; stop the server and drop observers. */
void core_ipc_stop(core *c);

/* Execute one request (CMD_IPC_REQUEST; request borrowed). */
void core_ipc_request(core *c, uint64_t client, json_t *request);
/* A client went away (CMD_IPC_GONE): drop its observers. */
void core_ipc_gone(core *c, uint64_t client);

/* Broadcast an event object (stolen) to every client. NULL-safe. */
void core_event(core *c, json_t *event);
/* Check observed properties and send property-change events (rate-limited);
 * also joins screenshot writers that have finished. */
void core_ipc_tick(core *c, double now);

/* Observed properties per client, at most (observe_property fails beyond:
 * every observer is re-read on the main thread 20 times a second). */
#define CORE_IPC_MAX_OBSERVERS 64

/* Number of properties client `client` observes now. */
int core_ipc_observers(const core *c, uint64_t client);

#endif
