/* props_lists.c — list-valued properties: the languages of the whole loop
 * and the folder intake's pending/rejected files. */
#include <stdlib.h>

#include "player/core_lang.h"
#include "player/core_priv.h"
#include "player/ipc_proto.h"
#include "player/langcache.h"
#include "player/props_priv.h"
#include "playlists/intake.h"
#include "subtitles/lang.h"

const char *g_available_languages(core *c, json_t **o)
{
    *o = json_array();
    if (!c->langs)
        return NULL;
    lang_count *items = NULL;
    size_t n = langcache_union(c->lcache, c->langs, c->prefs, (size_t)c->nprefs, &items);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(*o, json_pack("{s:s,s:s,s:i}", "code", items[i].code, "name",
                                            core_lang_name(c, items[i].code), "videos", (int)items[i].count));
    free(items);
    return NULL;
}

static const char *state_name(enum intake_state s)
{
    switch (s) {
    case INTAKE_PENDING: return "pending";
    case INTAKE_SETTLING: return "settling";
    case INTAKE_PROBING: return "probing";
    case INTAKE_READY: return "ready";
    default: return "rejected";
    }
}

static json_t *items_json(const struct intake_snapshot_item *it, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = json_pack("{s:s,s:s,s:f}", "name", it[i].relpath, "state", state_name(it[i].state), "since",
                              (double)it[i].since_wall_ns / 1e9);
        if (it[i].reason)
            json_object_set_new(j, "reason", json_string(it[i].reason));
        json_array_append_new(a, j);
    }
    return a;
}

const char *g_intake_pending(core *c, json_t **o)
{
    if (!c->watch)
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    struct intake_snapshot *s = c->intake_snap;
    *o = s ? items_json(s->pending, s->n_pending) : json_array();
    return NULL;
}

const char *g_intake_rejected(core *c, json_t **o)
{
    if (!c->watch)
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    struct intake_snapshot *s = c->intake_snap;
    *o = s ? items_json(s->rejected, s->n_rejected) : json_array();
    return NULL;
}
