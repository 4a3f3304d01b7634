/* cmdq.h — the core's command queue: the only way other threads talk to
 * the player core.
 *
 * Control threads (IPC, evdev remote, folder watcher, prober) push commands
 * and the push wakes the main loop, which sleeps in cmdq_wait() between
 * frames. Commands are processed in order on the main thread.
 * Threading: push/wake from any thread; pop/wait from the main thread.
 * Ownership: a pushed command is owned by the queue, then by the popper,
 * which releases it with cmdq_cmd_free().
 */
#ifndef VITRINA_PLAYER_CMDQ_H
#define VITRINA_PLAYER_CMDQ_H

#include <stdbool.h>
#include <stdint.h>

enum cmd_kind {
    CMD_QUIT,          /* stop the loop (SIGTERM, IPC quit) */
    CMD_IPC_REQUEST,   /* json: an mpv-style request; client = IPC client id */
    CMD_IPC_GONE,      /* client disconnected */
    CMD_ACTION,        /* a remote/keyboard action (num = action enum) */
    CMD_WATCH,         /* a folder-watcher record (ptr, freed by free_fn) */
    CMD_INTAKE_STATE,  /* the intake snapshot changed (no payload) */
    CMD_LANGS,         /* the prober found an entry's languages (ptr) */
    CMD_FREEZE,        /* debug hook: stall the main loop (num = seconds) */
};

typedef struct core_cmd {
    enum cmd_kind kind;
    uint64_t client;
    long num;
    void *ptr;                  /* payload, owned by the command */
    void (*free_fn)(void *ptr); /* how to free ptr (NULL = free()) */
    struct core_cmd *next;
} core_cmd;

typedef struct cmdq cmdq;

cmdq *cmdq_new(void);
void cmdq_free(cmdq **q);

/* Push a command (ptr ownership moves to the queue). Wakes the main loop.
 * Returns 0, -1 on ENOMEM (ptr is then freed with free_fn). Any thread. */
int cmdq_push(cmdq *q, enum cmd_kind kind, uint64_t client, long num, void *ptr, void (*free_fn)(void *));

/* Pop the oldest command (NULL if none). Main thread. */
core_cmd *cmdq_pop(cmdq *q);
void cmdq_cmd_free(core_cmd *c);

/* Sleep until a command arrives, cmdq_wake() is called, or timeout_s passes.
 * Returns immediately when commands are pending. Main thread. */
void cmdq_wait(cmdq *q, double timeout_s);
/* Wake the main loop without a command (e.g. a prerolled file got ready).
 * Any thread. */
void cmdq_wake(cmdq *q);

#endif
