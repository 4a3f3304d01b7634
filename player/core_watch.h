/* core_watch.h — the watched folder feeding the live playlist (see
 * core_watch.c). Threading: every function here runs on the main thread;
 * the watcher's and prober's callbacks (in core_watch.c) only queue
 * commands (CMD_WATCH, CMD_LANGS, CMD_INTAKE_STATE) and wake the core.
 */
#ifndef VITRINA_PLAYER_CORE_WATCH_H
#define VITRINA_PLAYER_CORE_WATCH_H

#include "player/cmdq.h"

typedef struct core core;
struct item;

/* Start the watcher and prober threads on the media folder; c->watch owns
 * them. -1 if they cannot start (logged; the core then scans the folder
 * once). Main thread, once. */
int core_watch_start(core *c);
/* Stop both threads (joins them; no command is queued after it returns)
 * and clear c->watch. Safe when never started. Main thread. */
void core_watch_stop(core *c);
/* Apply a CMD_WATCH, CMD_LANGS or CMD_INTAKE_STATE command to the playlist,
 * the language cache and the intake snapshot. The command stays owned by
 * the caller (freed with cmdq_cmd_free). Main thread. */
void core_watch_apply(core *c, core_cmd *cmd);
/* Refresh c->intake_snap and the idle screen's counts and rejected lines
 * from the watcher (takes the watcher's lock briefly). Main thread. */
void core_watch_snapshot(core *c);

/* The item's first picture (or sound) was decoded: the file is playable as
 * it is now (size and mtime), and its embedded subtitle languages are
 * known. The prober then does not decode it a second time — at start-up it
 * would otherwise do so right beside the first file's own decoder (a 1080p
 * H.264 probe holds ~15 MB while it runs). Main thread. */
void core_watch_vouch(core *c, const struct item *it);
/* Set up / free the vouch record (core_create / core_destroy). */
void core_watch_vouch_init(core *c);
void core_watch_vouch_free(core *c);

#endif
