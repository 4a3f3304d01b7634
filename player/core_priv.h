/* core_priv.h — state shared by the core's own files (core*.c). Not a
 * public interface: other modules talk to the core through core.h and the
 * command queue. Everything here lives on the main thread. */
#ifndef VITRINA_PLAYER_CORE_PRIV_H
#define VITRINA_PLAYER_CORE_PRIV_H

#include <stdbool.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdint.h>

#include "media/clock.h"
#include "media/playback.h"
#include "player/ao_sdl.h"
#include "player/cmdq.h"
#include "player/core.h"
#include "player/input.h"
#include "player/options.h"
#include "player/vo_sdl.h"

struct playlist;
typedef struct item_subs item_subs;
typedef struct sublib sublib;
typedef struct overlay overlay;
typedef struct osd osd;
typedef struct langdb langdb;
typedef struct i18n i18n;
typedef struct core_ipc core_ipc;
typedef struct langcache langcache;
struct watch;
struct intake_snapshot;
struct keymap;
struct evdev_reader;
struct state;
typedef struct picker picker;
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
    bool decoding;         /* next item: allowed to decode (playback_allow_decode) */
    bool staged;           /* next item: its first picture is already uploaded;
                              current item: its next picture is staged */
    double staged_pts;
    bool prepared;         /* … and drawn ahead with its overlay (vo_prepare) */
    uint64_t prep_key;     /* overlay_source at that time */
    long frames, drops;
    char title[256];
    item_subs *subs;       /* subtitle tracks (once READY) */
    bool reloaded;         /* reopened for an audio switch: no new start-file */
} item;

/* Counters the control surface exposes (frames-presented, …). */
typedef struct play_stats {
    long frames_presented;
    long frames_dropped;
    long frames_ahead;      /* presented as drawn ahead (vo_prepare) */
    double last_gap_ms;     /* extra time between A's last and B's first frame */
    bool have_gap;
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
    bool hwdec;            /* VAAPI decoding requested and a device opened */
    int volume;            /* 0..100 */
    bool mute;
    double last_input;     /* media_now() of the last remote/keyboard action */
    bool need_present;     /* redraw without a new frame (overlay, resize) */
    bool screen_shown;     /* something (a picture or the idle screen) is up */
    atomic_bool started;   /* = screen_shown, readable by the prober thread */
    /* The last files whose first picture the core decoded (the playing one
     * and the pre-rolled next; core_watch_vouch): the prober need not
     * decode them again. Guarded by vouch_lock. */
    pthread_mutex_t vouch_lock;
    bool vouch_lock_ok;
    struct vouched {
        char *path;
        int64_t size, mtime_ns;
        int nlangs;
        char langs[16][36]; /* embedded subtitle tracks' tags (PROBE_MAX_LANGS) */
    } vouched[4];
    int vouch_next;        /* the slot the next record replaces */
    notifier *notify;      /* systemd READY/WATCHDOG/STATUS */
    /* text on screen: subtitles and OSD through one libass overlay */
    sublib *lib;
    langdb *langs;
    i18n *tr;
    overlay *ov;
    osd *osd;
    struct {
        int out_w, out_h, vw, vh;
        vrect pic;
    } ov_geom;             /* last overlay layout */
    char lang[16];         /* the viewer's language: code, "off" or "" */
    const char **prefs;    /* configured languages (canonical), NULL-terminated */
    int nprefs;
    int video_threads;     /* 0 = auto; 2 after one thread could not keep up */
    bool osd_dirty;        /* an OSD layer changed: redraw even between frames */
    bool shot_pending;     /* a screenshot waits for the next present */
    struct {
        char *idle, *title, *notice; /* text on each OSD layer now */
        double notice_until;
    } scr;
    int intake_waiting, intake_rejected; /* from the folder watcher */
    char **intake_rej_lines;             /* "name — reason" */
    int intake_nrej_lines;
    core_ipc *ipc;         /* control socket, observers, screenshots */
    struct watch *watch;   /* folder watcher (NULL: scanned once) */
    struct intake_snapshot *intake_snap; /* pending/rejected files */
    langcache *lcache;     /* subtitle languages of every entry */
    struct keymap *keys;   /* key names → actions */
    struct evdev_reader *evdev; /* remote keys SDL drops */
    struct state *state;   /* persisted viewer language and volume */
    picker *pick;          /* language picker / info overlay */
    double started_at;
    uint64_t last_id;      /* entry that played last (for "what next") */
};

/* core_items.c — the life of an entry. */
item *item_open(core *c, uint64_t id, bool preroll);
item *item_open_ex(core *c, uint64_t id, bool preroll, int audio_stream, double start);
void item_close(item **it);
/* Advance the current/next items; returns seconds until the next call is
 * needed. */
double sched_tick(core *c, double now);
/* Reopen the current entry at its position with another audio stream
 * (-1 = by language, -2 = none). The picture stays up meanwhile. */
int sched_reload_audio(core *c, int audio_stream);
/* Stop the current item now (next/prev/removed/quit) and continue with the
 * entry `then` (0 = the normal next one). */
void sched_stop_current(core *c, enum end_reason why, uint64_t then);
const char *end_reason_name(enum end_reason r);

/* core_overlay.c — lay the overlay out over the picture (video size 0 = no
 * picture) and render it for time t (seconds on the item's axis); uploads
 * changes and returns true when pixels changed. */
/* Connect the overlay to the video output: drawn straight onto the picture
 * by the software output, uploaded as a texture on the GPU path. */
void overlay_attach(core *c);
void overlay_layout(core *c, int video_w, int video_h);
bool overlay_refresh(core *c, double t);
/* overlay_source_key for what overlay_refresh would draw now. */
uint64_t overlay_source(core *c);

/* core_ipc.c — replies, observers, screenshots (used by core_commands.c). */
void core_reply(core *c, uint64_t client, json_t *reply);
int core_ipc_observe(core *c, uint64_t client, json_t *id, const char *name);
int core_ipc_unobserve(core *c, uint64_t client, json_t *id);
int core_ipc_want_shot(core *c, uint64_t client, json_t *req, const char *path);

/* core_ipc.c — a screenshot was read back (px owned by the callee; NULL on
 * failure): write it and answer the waiting clients. */
void screenshot_taken(core *c, uint32_t *px, int w, int h);

/* picker.c — the language picker and info overlay (issue 6): returns true
 * when it consumed the action. picker_tick expires it. */
bool picker_action(core *c, enum input_action act, bool repeat);
void picker_tick(core *c, double now);
void picker_free(core *c);

/* core_video.c — presentation of the current item. Returns seconds until the
 * next frame is due. */
double video_step(core *c, item *it, double now);
/* Upload the next item's first picture ahead of the hand-over (so showing
 * it costs no conversion at the moment it is due). */
void video_stage(core *c, item *it);
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
