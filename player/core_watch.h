/* core_watch.h — the watched folder feeding the live playlist (see
 * core_watch.c). Threading: start/stop/apply on the main thread; the
 * watcher's callbacks only queue commands.
 */
#ifndef VITRINA_PLAYER_CORE_WATCH_H
#define VITRINA_PLAYER_CORE_WATCH_H

#include "player/cmdq.h"

typedef struct core core;

/* Start the watcher and prober threads on the media folder. -1 if they
 * cannot start (logged; the core then scans the folder once). */
int core_watch_start(core *c);
void core_watch_stop(core *c);
/* Apply a CMD_WATCH, CMD_LANGS or CMD_INTAKE_STATE command. */
void core_watch_apply(core *c, core_cmd *cmd);
/* Refresh the pending/rejected snapshot (idle screen, IPC properties). */
void core_watch_snapshot(core *c);

#endif
