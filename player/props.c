/* props.c — the property table (see props.h). Getters here; setters and
 * cycling in props_set.c. */
#include "player/props.h"

#include <math.h>
#include <string.h>

#include "player/core_priv.h"
#include "player/core_subs.h"
#include "player/ipc_proto.h"
#include "player/props_priv.h"
#include "playlists/playlist.h"

static bool playing(core *c) { return c->cur && c->cur->st == IT_PLAYING; }

static const char *g_path(core *c, json_t **o)
{
    if (!playing(c))
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    *o = json_string(c->cur->path);
    return NULL;
}

static const char *g_filename(core *c, json_t **o)
{
    if (!playing(c))
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    const char *s = strrchr(c->cur->relpath, '/');
    *o = json_string(s ? s + 1 : c->cur->relpath);
    return NULL;
}

static const char *g_title(core *c, json_t **o)
{
    if (!playing(c))
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    *o = json_string(c->cur->title);
    return NULL;
}

static const char *g_playlist(core *c, json_t **o)
{
    *o = json_array();
    uint64_t cur = playing(c) ? c->cur->id : 0;
    for (size_t i = 0; i < playlist_count(c->pl); i++) {
        struct playlist_item e;
        if (!playlist_at(c->pl, i, &e))
            continue;
        json_t *j = json_pack("{s:s,s:s,s:b,s:I}", "filename", e.relpath, "title", e.title, "current", e.id == cur,
                              "id", (json_int_t)e.id);
        if (e.id == cur)
            json_object_set_new(j, "playing", json_true());
        if (e.failed)
            json_object_set_new(j, "failed-reason", json_string(e.fail_reason ? e.fail_reason : ""));
        json_array_append_new(*o, j);
    }
    return NULL;
}

static const char *g_pos(core *c, json_t **o)
{
    *o = json_integer(playing(c) ? playlist_index_of(c->pl, c->cur->id) : -1);
    return NULL;
}

static const char *g_count(core *c, json_t **o) { return *o = json_integer((json_int_t)playlist_count(c->pl)), NULL; }
static const char *g_pause(core *c, json_t **o) { return *o = json_boolean(c->paused), NULL; }
static const char *g_volume(core *c, json_t **o) { return *o = json_real(c->volume), NULL; }
static const char *g_mute(core *c, json_t **o) { return *o = json_boolean(c->mute), NULL; }

static const char *g_time_pos(core *c, json_t **o)
{
    if (!playing(c))
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    double t = playback_master_time(c->cur->pb, media_now());
    *o = json_real(isnan(t) ? 0.0 : t < 0 ? 0.0 : t);
    return NULL;
}

static const char *g_duration(core *c, json_t **o)
{
    if (!playing(c))
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    double d = c->cur->is_still ? c->o->image_duration : playback_duration(c->cur->pb);
    if (isnan(d))
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    *o = json_real(d);
    return NULL;
}

static json_t *track_json(const media_track *t, bool selected)
{
    json_t *j = json_pack("{s:i,s:s,s:b,s:b,s:s,s:b,s:b}", "id", t->id, "type", track_type_name(t->type), "external",
                          t->external, "selected", selected, "codec", t->codec, "default", t->is_default, "forced",
                          t->is_forced);
    if (t->lang[0])
        json_object_set_new(j, "lang", json_string(t->lang));
    if (t->title[0])
        json_object_set_new(j, "title", json_string(t->title));
    if (t->type == TRACK_VIDEO && t->width > 0) {
        json_object_set_new(j, "demux-w", json_integer(t->width));
        json_object_set_new(j, "demux-h", json_integer(t->height));
    }
    return j;
}

static const char *g_tracks(core *c, json_t **o)
{
    if (!playing(c))
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    *o = json_array();
    const media_track *t;
    int n = playback_tracks(c->cur->pb, &t);
    int vs = playback_video_stream(c->cur->pb), as = playback_audio_stream(c->cur->pb);
    for (int i = 0; i < n; i++)
        if (t[i].type != TRACK_SUB)
            json_array_append_new(*o, track_json(&t[i], t[i].stream_index == (t[i].type == TRACK_VIDEO ? vs : as)));
    item_subs *s = c->cur->subs;
    for (int i = 0; i < subs_count(s); i++) {
        const sub_info *si = subs_info(s, i);
        json_t *j = track_json(&si->t, subs_selected(s) == i);
        if (si->path)
            json_object_set_new(j, "external-filename", json_string(si->path));
        if (si->canon[0])
            json_object_set_new(j, "lang-code", json_string(si->canon));
        json_array_append_new(*o, j);
    }
    return NULL;
}

static const char *g_sid(core *c, json_t **o)
{
    if (!playing(c))
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    int i = subs_selected(c->cur->subs);
    *o = i >= 0 ? json_integer(subs_info(c->cur->subs, i)->t.id) : json_false();
    return NULL;
}

static const char *g_aid(core *c, json_t **o)
{
    if (!playing(c))
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    const media_track *t;
    int n = playback_tracks(c->cur->pb, &t), as = playback_audio_stream(c->cur->pb);
    *o = json_false();
    for (int i = 0; i < n; i++)
        if (t[i].type == TRACK_AUDIO && t[i].stream_index == as && c->cur->has_audio) {
            json_decref(*o);
            *o = json_integer(t[i].id);
        }
    return NULL;
}

static const char *g_language(core *c, json_t **o) { return *o = json_string(c->lang[0] ? c->lang : "off"), NULL; }
static const char *g_idle(core *c, json_t **o) { return *o = json_boolean(c->idle || !c->cur), NULL; }
static const char *g_drops(core *c, json_t **o) { return *o = json_integer(c->stats.frames_dropped), NULL; }
static const char *g_frames(core *c, json_t **o) { return *o = json_integer(c->stats.frames_presented), NULL; }
static const char *g_ahead(core *c, json_t **o) { return *o = json_integer(c->stats.frames_ahead), NULL; }

static const char *g_gap(core *c, json_t **o)
{
    if (!c->stats.have_gap)
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    *o = json_real(c->stats.last_gap_ms);
    return NULL;
}

/* "vaapi" while the GPU decodes the picture, else "no"; unavailable with
 * no video decoder (as mpv). */
static const char *g_hwdec(core *c, json_t **o)
{
    if (!playing(c) || !c->cur->has_video)
        return IPC_ERR_PROPERTY_UNAVAILABLE;
    *o = json_string(playback_hwdec(c->cur->pb));
    return NULL;
}
static const char *g_version(core *c, json_t **o) { return (void)c, *o = json_string(VITRINA_VERSION), NULL; }
static const char *g_renderer(core *c, json_t **o) { return *o = json_string(vo_renderer_name(c->vo)), NULL; }

static const char *g_property_list(core *c, json_t **o);

static const prop_def table[] = {
    {"path", g_path, NULL},
    {"filename", g_filename, NULL},
    {"media-title", g_title, NULL},
    {"playlist", g_playlist, NULL},
    {"playlist-pos", g_pos, ps_pos},
    {"playlist-count", g_count, NULL},
    {"pause", g_pause, ps_pause},
    {"volume", g_volume, ps_volume},
    {"mute", g_mute, ps_mute},
    {"time-pos", g_time_pos, ps_time_pos},
    {"duration", g_duration, NULL},
    {"track-list", g_tracks, NULL},
    {"sid", g_sid, ps_sid},
    {"aid", g_aid, ps_aid},
    {"language", g_language, ps_language},
    {"available-languages", g_available_languages, NULL},
    {"idle-active", g_idle, NULL},
    {"frame-drop-count", g_drops, NULL},
    {"frames-presented", g_frames, NULL},
    {"frames-drawn-ahead", g_ahead, NULL},
    {"last-transition-gap-ms", g_gap, NULL},
    {"hwdec-current", g_hwdec, NULL},
    {"vitrina-version", g_version, NULL},
    {"vitrina-renderer", g_renderer, NULL},
    {"intake-pending", g_intake_pending, NULL},
    {"intake-rejected", g_intake_rejected, NULL},
    {"property-list", g_property_list, NULL},
};

/* mpv's property-list: the names of every property. */
static const char *g_property_list(core *c, json_t **o)
{
    (void)c;
    *o = json_array();
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        json_array_append_new(*o, json_string(table[i].name));
    return NULL;
}

static const prop_def *find(const char *name)
{
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (!strcmp(table[i].name, name))
            return &table[i];
    return NULL;
}

const char *props_get(core *c, const char *name, json_t **out)
{
    *out = NULL;
    const prop_def *p = find(name);
    if (!p)
        return IPC_ERR_PROPERTY_NOT_FOUND;
    const char *err = p->get(c, out);
    if (err) {
        json_decref(*out);
        *out = NULL;
    }
    return err;
}

const char *props_set(core *c, const char *name, json_t *value)
{
    const prop_def *p = find(name);
    if (!p)
        return IPC_ERR_PROPERTY_NOT_FOUND;
    if (!p->set)
        return IPC_ERR_PROPERTY_ERROR; /* read-only: mpv says "error accessing property" */
    return p->set(c, value);
}

int props_count(void) { return (int)(sizeof(table) / sizeof(table[0])); }
const char *props_name(int i) { return i >= 0 && i < props_count() ? table[i].name : NULL; }
