/* props_set.c — writable properties and cycling (see props.h).
 * A value of the wrong type or out of range is "unsupported format for
 * accessing property" (mpv: the value does not convert to the property's
 * type); a well-formed value that names nothing (a track id the file does
 * not have) is "error accessing property". */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "player/core_control.h"
#include "player/core_lang.h"
#include "player/core_priv.h"
#include "player/core_subs.h"
#include "player/ipc_proto.h"
#include "player/props.h"
#include "player/props_priv.h"

bool prop_as_bool(json_t *v, bool *out)
{
    if (json_is_boolean(v)) {
        *out = json_is_true(v);
        return true;
    }
    const char *s = json_string_value(v);
    if (s && (!strcasecmp(s, "yes") || !strcasecmp(s, "true") || !strcmp(s, "1")))
        return *out = true, true;
    if (s && (!strcasecmp(s, "no") || !strcasecmp(s, "false") || !strcmp(s, "0")))
        return *out = false, true;
    return false;
}

bool prop_as_double(json_t *v, double *out)
{
    if (json_is_number(v)) {
        *out = json_number_value(v);
        return isfinite(*out);
    }
    const char *s = json_string_value(v);
    if (!s || !*s)
        return false;
    char *end;
    *out = strtod(s, &end);
    return *end == '\0' && isfinite(*out);
}

static bool playing(core *c) { return c->cur && c->cur->st == IT_PLAYING; }

const char *ps_pos(core *c, json_t *v)
{
    double d;
    if (!prop_as_double(v, &d) || d != floor(d))
        return IPC_ERR_PROPERTY_FORMAT;
    return ctl_play_index(c, (long)d) == 0 ? NULL : IPC_ERR_PROPERTY_FORMAT;
}

const char *ps_pause(core *c, json_t *v)
{
    bool b;
    if (!prop_as_bool(v, &b))
        return IPC_ERR_PROPERTY_FORMAT;
    ctl_set_pause(c, b);
    return NULL;
}

const char *ps_volume(core *c, json_t *v)
{
    double d;
    if (!prop_as_double(v, &d) || d < 0 || d > 100)
        return IPC_ERR_PROPERTY_FORMAT;
    ctl_set_volume(c, (int)lround(d));
    return NULL;
}

const char *ps_mute(core *c, json_t *v)
{
    bool b;
    if (!prop_as_bool(v, &b))
        return IPC_ERR_PROPERTY_FORMAT;
    ctl_set_mute(c, b);
    return NULL;
}

const char *ps_time_pos(core *c, json_t *v)
{
    double d;
    if (!prop_as_double(v, &d))
        return IPC_ERR_PROPERTY_FORMAT;
    return ctl_seek(c, d) == 0 ? NULL : IPC_ERR_PROPERTY_UNAVAILABLE;
}

const char *ps_sid(core *c, json_t *v)
{
    if (!playing(c))
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    const char *s = json_string_value(v);
    bool b;
    if (json_is_false(v) || (s && !strcasecmp(s, "no"))) {
        subs_select(c->cur->subs, -1);
    } else if (s && !strcasecmp(s, "auto")) {
        core_lang_apply(c, c->cur, false);
    } else {
        double d;
        if (!prop_as_double(v, &d) || (prop_as_bool(v, &b) && json_is_boolean(v)))
            return IPC_ERR_PROPERTY_FORMAT;
        int id = (int)d, found = -1;
        for (int i = 0; i < subs_count(c->cur->subs); i++)
            if (subs_info(c->cur->subs, i)->t.id == id && subs_info(c->cur->subs, i)->usable)
                found = i;
        if (found < 0)
            return IPC_ERR_PROPERTY_ERROR; /* no such (usable) track */
        subs_select(c->cur->subs, found);
    }
    c->osd_dirty = true;
    return NULL;
}

const char *ps_aid(core *c, json_t *v)
{
    if (!playing(c))
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    const char *s = json_string_value(v);
    if (json_is_false(v) || (s && !strcasecmp(s, "no")))
        return sched_reload_audio(c, -2) == 0 ? NULL : IPC_ERR_PROPERTY_UNAVAILABLE;
    if (s && !strcasecmp(s, "auto"))
        return sched_reload_audio(c, -1) == 0 ? NULL : IPC_ERR_PROPERTY_UNAVAILABLE;
    double d;
    if (!prop_as_double(v, &d))
        return IPC_ERR_PROPERTY_FORMAT;
    const media_track *t;
    int n = playback_tracks(c->cur->pb, &t);
    for (int i = 0; i < n; i++)
        if (t[i].type == TRACK_AUDIO && t[i].id == (int)d)
            return sched_reload_audio(c, t[i].stream_index) == 0 ? NULL : IPC_ERR_PROPERTY_UNAVAILABLE;
    return IPC_ERR_PROPERTY_ERROR; /* no such track */
}

const char *ps_language(core *c, json_t *v)
{
    const char *s = json_string_value(v);
    if (json_is_false(v))
        s = "off";
    if (!s)
        return IPC_ERR_PROPERTY_FORMAT;
    return core_lang_set(c, s) == 0 ? NULL : IPC_ERR_PROPERTY_FORMAT;
}

/* ---- cycle ---- */

static const char *cycle_sid(core *c, bool up)
{
    if (!playing(c))
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    item_subs *s = c->cur->subs;
    int n = subs_count(s), cur = subs_selected(s);
    for (int step = 1; step <= n + 1; step++) { /* positions: -1 (off), 0..n-1 */
        int k = ((cur + 1 + (up ? step : -step)) % (n + 1) + (n + 1)) % (n + 1) - 1;
        if (k < 0 || subs_info(s, k)->usable) {
            subs_select(s, k);
            c->osd_dirty = true;
            return NULL;
        }
    }
    return NULL;
}

static const char *cycle_aid(core *c, bool up)
{
    if (!playing(c))
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    const media_track *t;
    int n = playback_tracks(c->cur->pb, &t), as = playback_audio_stream(c->cur->pb);
    int ids[64], ni = 0, pos = -1;
    for (int i = 0; i < n && ni < 64; i++)
        if (t[i].type == TRACK_AUDIO && t[i].decodable) {
            if (t[i].stream_index == as)
                pos = ni;
            ids[ni++] = t[i].stream_index;
        }
    if (ni < 2)
        return NULL;
    int next = ((pos + (up ? 1 : -1)) % ni + ni) % ni;
    return sched_reload_audio(c, ids[next]) == 0 ? NULL : IPC_ERR_PROPERTY_UNAVAILABLE;
}

const char *props_cycle(core *c, const char *name, bool up)
{
    if (!strcmp(name, "pause"))
        return ctl_set_pause(c, !c->paused), NULL;
    if (!strcmp(name, "mute"))
        return ctl_set_mute(c, !c->mute), NULL;
    if (!strcmp(name, "sid"))
        return cycle_sid(c, up);
    if (!strcmp(name, "aid"))
        return cycle_aid(c, up);
    if (!strcmp(name, "language"))
        return core_lang_cycle(c, up) == 0 ? NULL : IPC_ERR_PROPERTY_UNAVAILABLE;
    json_t *v = NULL;
    const char *err = props_get(c, name, &v);
    json_decref(v);
    return err ? err : IPC_ERR_PROPERTY_UNAVAILABLE;
}
