/* props.h — the property table of the control surface (mpv-style names).
 *
 * One row per property: a getter (and a setter for writable ones) working
 * on the core's state. Used by the IPC commands get_property,
 * set_property, observe_property and cycle.
 * Threading: main thread only (properties read the core's state freely).
 * Errors are mpv's strings (player/ipc_proto.h IPC_ERR_*), NULL = success.
 */
#ifndef VITRINA_PLAYER_PROPS_H
#define VITRINA_PLAYER_PROPS_H

#include <jansson.h>
#include <stdbool.h>

typedef struct core core;

/* Read `name` into *out (a new reference the caller owns). Returns NULL on
 * success, else IPC_ERR_PROPERTY_NOT_FOUND or IPC_ERR_PROPERTY_UNAVAILABLE. */
const char *props_get(core *c, const char *name, json_t **out);

/* Write `name` (value borrowed). NULL on success, else (as mpv)
 * IPC_ERR_PROPERTY_NOT_FOUND (no such property), IPC_ERR_PROPERTY_ERROR
 * (read-only, or a value that names nothing, e.g. a track id the file does
 * not have), IPC_ERR_PROPERTY_UNAVAILABLE (nothing to apply it to: nothing
 * playing) or IPC_ERR_PROPERTY_FORMAT (wrong type or out of range). */
const char *props_set(core *c, const char *name, json_t *value);

/* Step a property to its next value (pause, mute, sid, aid, language).
 * NULL on success, else an IPC_ERR_* saying why (the cycle command answers
 * any failure with IPC_ERR_COMMAND, as mpv). */
const char *props_cycle(core *c, const char *name, bool up);

/* Number of properties and the i-th name (for listing/tests). */
int props_count(void);
const char *props_name(int i);

#endif
