/* state.h — what the player remembers across restarts, in
 * STATE_DIR/state.json (jansson):
 *
 *   language  the viewer language (a code such as "fr", or "off") — a group
 *             that picked French keeps French after a power cut.
 *   volume    the volume set with the remote. Staff who turned it down for
 *             the night expect it to stay down. It is stored with the
 *             config's `volume` it was set under: when staff change `volume`
 *             in the config file, the config wins again (state_volume).
 *   Mute is NOT kept: a muted screen after a restart looks broken to
 *   someone who did not mute it, and nobody on site may know why.
 *
 * The file is written atomically (temp file + fsync + rename + fsync of the
 * folder), only when a value really changed, by a small writer thread at
 * most ~1 s after the change (holding a volume key writes once), so the
 * main thread never waits for the disk. A missing folder is created (0755).
 * A corrupt or unreadable file gives the defaults and one warning; a
 * folder that cannot be written gives one warning — never a failure.
 *
 * Threading: state_open/state_close on one thread (main). The getters and
 * setters are thread-safe and never block on I/O; state_flush blocks.
 */
#ifndef VITRINA_STATE_H
#define VITRINA_STATE_H

struct state;

/* Read DIR/state.json (creating DIR if missing) and start the writer.
 * config_volume is the `volume` option in effect. Returns NULL only when
 * out of memory or the thread cannot start (logged); every file problem
 * is a warning and gives the defaults. save_delay_ms: how long a change
 * waits to be written (coalescing); < 0 = the default (1000 ms).
 * Caller owns the result: state_close(). */
struct state *state_open(const char *dir, int config_volume, int save_delay_ms);

/* The saved viewer language (copied into buf, returns buf), or NULL when
 * none was saved. Any thread. */
const char *state_language(struct state *st, char *buf, int buf_size);

/* The volume to start with: the saved one if it was saved under the same
 * config volume, else config_volume. Any thread. */
int state_volume(struct state *st);

/* Remember a new language (NULL or "" forgets it) / volume (0–100,
 * clamped). Cheap, never blocks on I/O; the writer saves it if it differs
 * from what is on disk. Any thread. */
void state_set_language(struct state *st, const char *lang);
void state_set_volume(struct state *st, int volume);

/* Write now if anything changed (blocks on the disk). Returns 0 (also
 * when nothing needed writing) or a negative errno (already logged, once
 * per kind of failure). Any thread. */
int state_flush(struct state *st);

/* Write what is pending, stop the writer, free (NULL is fine). */
void state_close(struct state *st);

#endif
