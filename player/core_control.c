/* core_control.c — see core_control.h. */
#include "player/core_control.h"

#include <math.h>
#include <stdio.h>

#include "player/core_lang.h"
#include "player/core_priv.h"
#include "player/core_screens.h"
#include "player/core_subs.h"
#include "player/i18n.h"
#include "player/log.h"
#include "player/state.h"
#include "playlists/playlist.h"

#define MOD "control"

void ctl_set_pause(core *c, bool paused)
{
    if (c->paused == paused)
        return;
    c->paused = paused;
    double now = media_now();
    if (c->cur)
        playback_set_paused(c->cur->pb, paused, now);
    ao_set_paused(c->ao, paused);
    log_info(MOD, paused ? "paused" : "resumed");
    c->osd_dirty = true;
}

int ctl_seek(core *c, double t)
{
    item *it = c->cur;
    if (!it || it->st != IT_PLAYING || it->is_still)
        return -1;
    double dur = playback_duration(it->pb);
    if (!isnan(dur) && t > dur - 0.1)
        t = dur - 0.1;
    if (t < 0)
        t = 0;
    playback_seek(it->pb, t);
    it->clock_started = !it->has_video; /* the first frame after the seek restarts the clock */
    it->video_done = false;
    if (!it->has_video)
        mclock_set(playback_ext_clock(it->pb), t, media_now());
    if (c->paused)
        playback_set_paused(it->pb, true, media_now());
    item_close(&c->next); /* pre-rolled too early now */
    log_verbose(MOD, "seek to %.3f s", t);
    return 0;
}

void ctl_set_volume(core *c, int volume)
{
    c->volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
    ao_set_volume(c->ao, c->volume);
    if (c->state)
        state_set_volume(c->state, c->volume);
}

void ctl_set_mute(core *c, bool mute)
{
    c->mute = mute;
    ao_set_mute(c->ao, mute);
}

static int go_to(core *c, uint64_t id)
{
    if (!id)
        return -1;
    sched_stop_current(c, END_STOP, id);
    return 0;
}

int ctl_next(core *c)
{
    uint64_t from = c->cur ? c->cur->id : c->last_id;
    return go_to(c, playlist_next_after(c->pl, from));
}

int ctl_prev(core *c)
{
    uint64_t from = c->cur ? c->cur->id : c->last_id;
    return go_to(c, playlist_prev_before(c->pl, from));
}

int ctl_play_index(core *c, long index)
{
    struct playlist_item e;
    if (index < 0 || !playlist_at(c->pl, (size_t)index, &e))
        return -1;
    return go_to(c, e.id);
}

static void notice_volume(core *c)
{
    char text[128];
    const char *l = screens_lang(c);
    if (c->mute)
        snprintf(text, sizeof(text), "%s", i18n_tr(c->tr, l, I18N_MUTED));
    else
        i18n_format(c->tr, l, text, sizeof(text), I18N_VOLUME, c->volume);
    screens_notice(c, text, 2.0);
}

void ctl_action(core *c, enum input_action act, bool repeat)
{
    log_debug(MOD, "action %s%s", input_action_name(act), repeat ? " (repeat)" : "");
    c->last_input = media_now();
    if (picker_action(c, act, repeat))
        return; /* the language picker is open and took the key */
    switch (act) {
    case INPUT_PLAYPAUSE:
        ctl_set_pause(c, !c->paused);
        break;
    case INPUT_NEXT:
    case INPUT_RIGHT:
        ctl_next(c);
        break;
    case INPUT_PREV:
    case INPUT_LEFT:
        ctl_prev(c);
        break;
    case INPUT_VOLUME_UP:
        ctl_set_mute(c, false);
        ctl_set_volume(c, c->volume + 5);
        notice_volume(c);
        break;
    case INPUT_VOLUME_DOWN:
        ctl_set_volume(c, c->volume - 5);
        notice_volume(c);
        break;
    case INPUT_MUTE:
        ctl_set_mute(c, !c->mute);
        notice_volume(c);
        break;
    default:
        break;
    }
}
