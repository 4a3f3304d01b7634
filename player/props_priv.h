/* props_priv.h — the property table's rows, shared by props*.c only. */
#ifndef VITRINA_PLAYER_PROPS_PRIV_H
#define VITRINA_PLAYER_PROPS_PRIV_H

#include <jansson.h>
#include <stdbool.h>

typedef struct core core;

typedef const char *(*prop_get_fn)(core *c, json_t **out);
typedef const char *(*prop_set_fn)(core *c, json_t *value);

typedef struct prop_def {
    const char *name;
    prop_get_fn get;
    prop_set_fn set; /* NULL = read-only */
} prop_def;

/* props_set.c */
const char *ps_pos(core *c, json_t *v);
const char *ps_pause(core *c, json_t *v);
const char *ps_volume(core *c, json_t *v);
const char *ps_mute(core *c, json_t *v);
const char *ps_time_pos(core *c, json_t *v);
const char *ps_sid(core *c, json_t *v);
const char *ps_aid(core *c, json_t *v);
const char *ps_language(core *c, json_t *v);

/* props_lists.c: languages and the folder intake */
const char *g_available_languages(core *c, json_t **out);
const char *g_intake_pending(core *c, json_t **out);
const char *g_intake_rejected(core *c, json_t **out);

/* Value parsing shared by setters and commands: JSON values, or the strings
 * text commands send ("yes", "10.5"). Return false when it does not parse. */
bool prop_as_bool(json_t *v, bool *out);
bool prop_as_double(json_t *v, double *out);

#endif
