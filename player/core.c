/* core.c — create/destroy the core and run the main loop.
 *
 * The main thread sleeps in cmdq_wait() until the next frame is due, a
 * command arrives from a control thread, or 20 ms pass (SDL input is pumped
 * at least that often). Each turn: SDL events, queued commands, then the
 * scheduler (core_items.c) which presents frames and hands over between
 * entries. */
#include <SDL.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "media/clock.h"
#include "player/core_priv.h"
#include "media/hwdec.h"
#include "player/core_control.h"
#include "player/core_ipc.h"
#include "player/core_screens.h"
#include "player/core_subs.h"
#include "player/core_watch.h"
#include "player/evdev.h"
#include "player/keymap.h"
#include "player/langcache.h"
#include "player/state.h"
#include "player/state_file.h"
#include "playlists/intake.h"
#include "player/i18n.h"
#include "player/log.h"
#include "player/notify.h"
#include "player/options.h"
#include "playlists/playlist.h"
#include "playlists/scan.h"
#include "subtitles/lang.h"
#include "subtitles/osd.h"
#include "subtitles/overlay.h"
#include "subtitles/substyle.h"
#include "subtitles/sublib.h"
#include <sys/stat.h>
#include <unistd.h>

#define MOD "core"
#define MAX_SLEEP 0.02
#define MAX_CMDS_PER_TURN 256 /* a flood of commands never holds a frame back for long */

static int load_folder(core *c)
{
    struct scan_result *r = scan_tree(c->o->media_dir, NULL, NULL);
    if (!r) {
        log_warn(MOD, "cannot read %s: %s", c->o->media_dir, strerror(errno));
        return -1;
    }
    size_t n;
    const struct scan_file *f = scan_files(r, &n);
    for (size_t i = 0; i < n; i++)
        playlist_add(c->pl, f[i].relpath, f[i].size, f[i].mtime_ns, false);
    log_info(MOD, "%zu files in %s", n, c->o->media_dir);
    scan_result_free(r);
    return 0;
}

/* Where the UI translations are: $VITRINA_LOCALE_DIR, else <dir of the
 * executable>/locale (the build tree), else the system's. */
static void locale_dir(char *buf, size_t size)
{
    const char *env = getenv("VITRINA_LOCALE_DIR");
    if (env && *env) {
        snprintf(buf, size, "%s", env);
        return;
    }
    char exe[2048];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, size, "%s/locale", exe);
            struct stat sb;
            if (stat(buf, &sb) == 0 && S_ISDIR(sb.st_mode))
                return;
        }
    }
    snprintf(buf, size, "%s", I18N_LOCALE_DIR);
}

/* Fonts, libass, language names, translations, the overlay and the OSD. */
static int text_init(core *c)
{
    const struct options *o = c->o;
    sublib_opts so;
    sublib_opts_default(&so);
    if (o->subtitle_font[0])
        so.default_family = o->subtitle_font;
    if (sublib_new(&c->lib, &so) < 0)
        return -1;
    c->prefs = calloc((size_t)o->languages.count + 1, sizeof(*c->prefs));
    if (!c->prefs)
        return -1;
    for (int i = 0; i < o->languages.count; i++)
        c->prefs[c->nprefs++] = o->languages.items[i];
    char dir[4096];
    locale_dir(dir, sizeof(dir));
    if (i18n_open(dir, NULL, &c->tr) < 0)
        return -1;
    i18n_set_fallbacks(c->tr, c->prefs, (size_t)c->nprefs);
    if (overlay_new(&c->ov, c->lib) < 0 || osd_new(&c->osd, c->lib) < 0)
        return -1;
    overlay_attach(c);
    substyle_opts st;
    substyle_opts_default(&st);
    st.scale_pct = o->subtitle_scale;
    st.safe_area_pct = o->safe_area;
    st.box = o->subtitle_style == OPT_SUBSTYLE_BOX;
    st.force = o->subtitle_style == OPT_SUBSTYLE_FORCE;
    substyle_sanitize(&st);
    overlay_set_style(c->ov, &st);
    osd_set_safe_area(c->osd, o->safe_area);
    snprintf(c->lang, sizeof(c->lang), "%s", c->nprefs ? c->prefs[0] : "");
    return 0;
}

/* The viewer's language and the volume survive a restart (state.json). */
static void state_init(core *c)
{
    char *dir = options_state_dir(c->o);
    c->state = dir ? state_open(dir, c->o->volume, -1) : NULL;
    free(dir);
    c->volume = c->o->volume;
    if (!c->state)
        return;
    char buf[16];
    const char *l = state_language(c->state, buf, sizeof(buf));
    char canon[LANG_CODE_SIZE];
    if (l && !strcmp(l, "off"))
        snprintf(c->lang, sizeof(c->lang), "off");
    else if (l && c->langs && lang_canon(c->langs, l, canon))
        snprintf(c->lang, sizeof(c->lang), "%s", canon);
    c->volume = state_volume(c->state);
    log_verbose(MOD, "viewer language %s, volume %d", c->lang[0] ? c->lang : "(none)", c->volume);
}

static void on_evdev_action(void *user, enum input_action act, bool repeat, const char *key)
{
    core *c = user;
    (void)key;
    cmdq_push(c->cmds, CMD_ACTION, 0, (long)act | (repeat ? 0x10000L : 0), NULL, NULL);
}

static void input_init(core *c)
{
    c->keys = options_build_keymap(c->o);
    if (!c->keys)
        return;
    const char *drv = SDL_GetCurrentVideoDriver();
    enum evdev_filter f = EVDEV_FILTER_ALL;
    if (drv && !strcmp(drv, "KMSDRM"))
        f = EVDEV_FILTER_SDL_DROPPED;
    else if (drv && (!strcmp(drv, "x11") || !strcmp(drv, "wayland")))
        f = EVDEV_FILTER_BEYOND_X11;
    const char *dir = getenv("VITRINA_INPUT_DIR"); /* tests: a fake /dev/input */
    struct evdev_config ec = {.dev_dir = dir, .keymap = c->keys, .filter = f, .on_action = on_evdev_action, .user = c};
    c->evdev = evdev_start(&ec);
}

int core_create(core **out, const core_config *cfg)
{
    *out = NULL;
    core *c = calloc(1, sizeof(*c));
    if (!c)
        return -1;
    c->cfg = *cfg;
    c->o = cfg->opts;
    core_watch_vouch_init(c);
    c->cmds = cmdq_new();
    c->notify = notify_new();
    c->pl = playlist_new((uint64_t)SDL_GetPerformanceCounter());
    if (!c->cmds || !c->pl || !c->notify) {
        core_destroy(&c);
        return -1;
    }
    const struct options *o = c->o;
    playlist_set_shuffle(c->pl, o->shuffle);
    /* Language names first: the prober (started with the watcher) reads them.
     * Parsing Debian's iso-codes JSON takes 15-20 ms of start-up: the parsed
     * tables are kept in the state folder and read from there (0.1 ms)
     * while the JSON files are unchanged. */
    char lerr[256];
    char *sdir = options_state_dir(o);
    char *cache = sdir && state_dir_make(sdir) == 0 ? malloc(strlen(sdir) + 20) : NULL;
    if (cache)
        sprintf(cache, "%s/iso-codes.cache", sdir);
    bool cached = false;
    if (langdb_open_cached(NULL, NULL, cache, &c->langs, &cached, lerr, sizeof(lerr)) < 0)
        log_warn(MOD, "language names unavailable: %s", lerr);
    else
        log_verbose(MOD, "language codes %s",
                    cached ? "read from the cache in the state folder" : "parsed from iso-codes");
    free(cache);
    free(sdir);
    char err[256];
    vo_opts vopts = {
        .windowed = o->windowed,
        .width = o->size.w,
        .height = o->size.h,
        .renderer = o->renderer == OPT_RENDERER_SOFTWARE      ? "software"
                    : o->renderer == OPT_RENDERER_ACCELERATED ? "accelerated"
                                                              : "auto",
        .vsync = o->vsync,
        .title = "Vitrina",
    };
    if (vo_open(&c->vo, &vopts, err, sizeof(err)) < 0) {
        log_error(MOD, "%s", err);
        core_destroy(&c);
        return -1;
    }
    c->ao = ao_open(o->audio, o->audio_device);
    if (!c->ao) {
        core_destroy(&c);
        return -1;
    }
    if (o->hwdec != OPT_HWDEC_NO) {
        char why[192];
        c->hwdec = hwdec_probe(why, sizeof(why)) == 0;
        if (c->hwdec)
            log_info(MOD, "hardware decoding: VAAPI");
        else
            log_warn(MOD, "hardware decoding unavailable (%s): decoding in software", why);
    }
    c->lcache = langcache_new();
    if (!c->lcache || core_ipc_start(c) < 0) {
        core_destroy(&c);
        return -1;
    }
    for (int i = 0; c->langs && i < o->language_names.count; i++)
        langdb_set_name(c->langs, o->language_names.items[i].key, o->language_names.items[i].value);
    /* The folder scan runs on the watcher thread while translations and
     * fonts start here. */
    bool watching = o->watch && core_watch_start(c) == 0;
    if (text_init(c) < 0) {
        core_destroy(&c);
        return -1;
    }
    if (!watching)
        load_folder(c);
    state_init(c);
    ao_set_volume(c->ao, c->volume);
    input_init(c);
    /* First render warms libass (font selection, caches) before the first
     * picture is due rather than delaying it. */
    overlay_layout(c, 0, 0);
    overlay_refresh(c, 0);
    /* Config mistakes (lenient start under systemd) are on the idle screen;
     * while videos play, a corner notice says so for a while too. */
    if (cfg->config_errors && *cfg->config_errors) {
        char first[512];
        snprintf(first, sizeof(first), "%s", cfg->config_errors);
        char *nl = strchr(first, '\n');
        if (nl)
            *nl = '\0';
        screens_notice(c, first, 30.0);
    }
    *out = c;
    return 0;
}

void core_destroy(core **cp)
{
    core *c = *cp;
    if (!c)
        return;
    if (c->evdev)
        evdev_stop(c->evdev);
    atomic_store(&c->started, true); /* a probe waiting for the first picture stops waiting */
    core_watch_stop(c);
    core_ipc_stop(c);
    if (c->ao)
        ao_set_source(c->ao, NULL);
    item_close(&c->cur);
    item_close(&c->next);
    picker_free(c);
    if (c->keys)
        keymap_free(c->keys);
    if (c->state)
        state_close(c->state);
    if (c->intake_snap)
        intake_snapshot_free(c->intake_snap);
    langcache_free(&c->lcache);
    overlay_free(&c->ov);
    osd_free(&c->osd);
    sublib_free(&c->lib);
    if (c->langs)
        langdb_free(c->langs);
    if (c->tr)
        i18n_free(c->tr);
    free(c->prefs);
    free(c->scr.idle);
    free(c->scr.title);
    free(c->scr.notice);
    for (int i = 0; i < c->intake_nrej_lines; i++)
        free(c->intake_rej_lines[i]);
    free(c->intake_rej_lines);
    ao_close(&c->ao);
    vo_close(&c->vo);
    if (c->pl)
        playlist_free(c->pl);
    cmdq_free(&c->cmds);
    notify_free(&c->notify);
    core_watch_vouch_free(c); /* the prober was joined above */
    free(c);
    *cp = NULL;
}

static void handle_event(core *c, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT:
        log_info(MOD, "quit requested");
        c->quit = true;
        break;
    case SDL_KEYDOWN: {
        enum input_action act = c->keys ? keymap_lookup_sdl(c->keys, SDL_GetKeyName(ev->key.keysym.sym)) : INPUT_NONE;
        if (act != INPUT_NONE && (!ev->key.repeat || input_action_repeats(act)))
            ctl_action(c, act, ev->key.repeat != 0);
        break;
    }
    case SDL_CONTROLLERDEVICEADDED:
        if (SDL_GameControllerOpen(ev->cdevice.which))
            log_info(MOD, "game controller connected: %s", SDL_GameControllerNameForIndex(ev->cdevice.which));
        break;
    case SDL_CONTROLLERBUTTONDOWN: {
        const char *b = SDL_GameControllerGetStringForButton((SDL_GameControllerButton)ev->cbutton.button);
        enum input_action act = c->keys && b ? keymap_lookup_pad(c->keys, b) : INPUT_NONE;
        if (act != INPUT_NONE)
            ctl_action(c, act, false);
        break;
    }
    case SDL_MOUSEBUTTONDOWN: /* air mice with the gyro on send OK/Back as clicks */
        if (ev->button.button == SDL_BUTTON_LEFT)
            ctl_action(c, INPUT_OK, false);
        else if (ev->button.button == SDL_BUTTON_RIGHT)
            ctl_action(c, INPUT_BACK, false);
        break;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED || ev->window.event == SDL_WINDOWEVENT_EXPOSED) {
            vo_refresh_size(c->vo);
            c->need_present = true;
        }
        break;
    default:
        break;
    }
}

static void handle_cmd(core *c, core_cmd *cmd)
{
    switch (cmd->kind) {
    case CMD_QUIT:
        c->quit = true;
        break;
    case CMD_IPC_REQUEST:
        core_ipc_request(c, cmd->client, cmd->ptr);
        break;
    case CMD_IPC_GONE:
        core_ipc_gone(c, cmd->client);
        break;
    case CMD_ACTION:
        ctl_action(c, (enum input_action)(cmd->num & 0xffff), (cmd->num & 0x10000) != 0);
        break;
    case CMD_WATCH:
    case CMD_LANGS:
    case CMD_INTAKE_STATE:
        core_watch_apply(c, cmd);
        break;
#ifdef VITRINA_DEBUG_HOOKS
    case CMD_FREEZE: /* debug hook for the watchdog test: a hung main loop */
        log_warn(MOD, "debug hook: freezing the main loop for %ld s", cmd->num);
        SDL_Delay((Uint32)(cmd->num * 1000));
        break;
#endif
    default:
        break;
    }
}

int core_run(core *c)
{
    c->started_at = media_now();
    c->last_input = c->started_at;
    while (!c->quit) {
        SDL_Event ev;
        while (SDL_PollEvent(&ev))
            handle_event(c, &ev);
        core_cmd *cmd;
        for (int n = 0; n < MAX_CMDS_PER_TURN && (cmd = cmdq_pop(c->cmds)); n++) {
            handle_cmd(c, cmd);
            cmdq_cmd_free(cmd);
        }
        if (c->quit)
            break;
        double now = media_now();
        double wait = sched_tick(c, now);
        picker_tick(c, now);
        screens_update(c, now);
        item *it = c->cur;
        bool frames_drive = it && it->st == IT_PLAYING && it->has_video && !it->is_still && !it->video_done &&
                            !c->paused;
        /* Without frames to carry it, the overlay is rendered here: every turn
         * while a subtitle track may change (audio-only, stills, paused), and
         * otherwise only when on-screen text changed (an idle screen costs
         * nothing once drawn). */
        bool subs_live = it && it->st == IT_PLAYING && it->subs && subs_current(it->subs);
        bool reopening = it && it->reloaded && it->st == IT_OPENING; /* keep what is on screen */
        if (!reopening && ((!frames_drive && subs_live) || c->osd_dirty)) {
            /* no frames coming to carry the overlay: render it here */
            if (!it || !it->has_video || !vo_picture_rect(c->vo).w)
                overlay_layout(c, 0, 0);
            double t = it && it->st == IT_PLAYING ? playback_master_time(it->pb, now) : 0;
            if (overlay_refresh(c, t))
                c->need_present = true;
            c->osd_dirty = false;
        }
        if (c->need_present)
            video_redraw(c);
        if (c->screen_shown) {
            notify_ready(c->notify, c->idle ? "Idle: nothing to play" : "Playing");
            atomic_store(&c->started, true);
        }
        notify_tick(c->notify, now);
        core_ipc_tick(c, now);
        if (wait > MAX_SLEEP)
            wait = MAX_SLEEP;
        cmdq_wait(c->cmds, wait);
    }
    notify_stopping(c->notify);
    if (c->cur && c->cur->st == IT_PLAYING)
        log_info(MOD, "ended: %s (quit)", c->cur->relpath);
    return c->exit_code;
}
