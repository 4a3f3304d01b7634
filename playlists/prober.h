/* prober.h — the prober thread: runs the player's probe callback on one
 * file at a time, off the watcher thread and never on the main thread.
 *
 * It does not know where work comes from: when kicked, it calls ops.take()
 * until that returns false, probes each file (ROOT/relpath) and hands the
 * result to ops.done(). take/done are the owner's (the watcher's) functions
 * and run on the prober thread; they do their own locking.
 *
 * Ownership: prober_start() → prober_stop() by the owner (joins and frees).
 * Threading: prober_kick() from any thread; start/stop from the owner.
 * prober_stop() waits for a probe in progress — the player's probe callback
 * must be time-limited (it is: FFmpeg's interrupt callback).
 */
#ifndef VITRINA_PLAYLISTS_PROBER_H
#define VITRINA_PLAYLISTS_PROBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The player's probe: 0 when `abs_path` is playable, else non-zero with a
 * short human-readable reason ("no video or audio stream found") written
 * into reason[0..reason_len). Called on the prober thread only. */
typedef int (*prober_probe_fn)(void *user, const char *abs_path, char *reason, size_t reason_len);

struct prober_ops {
    const char *root; /* MEDIA_DIR; copied */
    /* Next job: copy its relpath into buf, its token into *token; false = none. */
    bool (*take)(void *user, char *buf, size_t buflen, uint64_t *token);
    /* Result of one job: rc 0 = playable, else `reason`. */
    void (*done)(void *user, const char *relpath, uint64_t token, int rc, const char *reason);
    void *user;
    prober_probe_fn probe;
    void *probe_user;
};

struct prober;

/* Start the thread. NULL (logged) when it cannot be created. */
struct prober *prober_start(const struct prober_ops *ops);
/* There may be new work. Cheap; any thread. */
void prober_kick(struct prober *p);
/* Stop, join and free. NULL is allowed. */
void prober_stop(struct prober *p);

#endif
