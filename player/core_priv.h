/* core_priv.h — state shared by the core's own files (core*.c). Not a
 * public interface: other modules talk to the core through core.h and the
 * command queue. Everything here lives on the main thread. */
#ifndef VITRINA_PLAYER_CORE_PRIV_H
#define VITRINA_PLAYER_CORE_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "media/playback.h"
#include "player/ao_sdl.h"
#include "player/cmdq.h"
#include "player/core.h"
#include "player/options.h"
#include "player/vo_sdl.h"

struct playlist;
typedef struct notifier notifier;

enum item_state { IT_OPENING, IT_PLAYING, IT_FAILED };

enum end_reason { END_EOF, END_STOP, END_ERROR, END_REMOVED, END_QUIT };

/* One playlist entry being pre-rolled or played. */
typedef struct item {
    uint64_t id;           /* playlist entry id */
    char *relpath;
    char *path;
    playback *pb;
    enum item_state st;
    double opened_at;
    bool clock_started;    /* first frame shown / audio started */
    bool has_video, has_audio, is_still;
    double last_pts;       /* frame on screen */
    double last_dur;
    double last_present;   /* when it was presented (media_now) */
    bool video_done;
    bool audio_early;      /* next item: its sound already switched in */
    long frames, drops;
    char title[256];
} item;

/* Counters the control surface exposes (frames-presented, …). */
typedef struct play_stats {
    long frames_presented;
    long frames_dropped;
    double last_gap_ms;     /* extra time between A's last and B's first frame */
    bool have_gap;
    int loops;              /* complete passes over the playlist */
} play_stats;

struct core {
    core_config cfg;
    const struct options *o;
    cmdq *cmds;
    vo *vo;
    ao *ao;
    struct playlist *pl;
    item *cur, *next;
    play_stats stats;
    bool quit;
    int exit_code;
    bool idle;             /* nothing playable: idle screen up */
    bool paused;
    bool need_present;     /* redraw without a new frame (overlay, resize) */
    bool screen_shown;     /* something (a picture or the idle screen) is up */
    notifier *notify;      /* systemd READY/WATCHDOG/STATUS */
    double started_at;
    uint64_t last_id;      /* entry that played last (for "what next") */
    uint64_t first_id_of_loop;
};

/* core_items.c — the life of an entry. */
item *item_open(core *c, uint64_t id, bool preroll);
void item_close(item **it);
/* Advance the current/next items; returns seconds until the next call is
 * needed. */
double sched_tick(core *c, double now);
/* Stop the current item now (next/prev/removed/quit) and continue with the
 * entry `then` (0 = the normal next one). */
void sched_stop_current(core *c, enum end_reason why, uint64_t then);
const char *end_reason_name(enum end_reason r);

/* core_video.c — presentation of the current item. Returns seconds until the
 * next frame is due. */
double video_step(core *c, item *it, double now);
/* True once the item's picture and sound have both ended (a short sound
 * tail past the last picture may be cut). */
bool item_finished(core *c, item *it, double now);
/* End of the last picture (NAN until the video ended), and whether the rest
 * of the sound may be dropped. */
double item_video_end(item *it);
bool item_audio_cuttable(item *it);
/* Present the current picture again (overlay change, resize). */
void video_redraw(core *c);

#endif
