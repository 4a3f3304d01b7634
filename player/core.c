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
#include "player/log.h"
#include "player/notify.h"
#include "player/options.h"
#include "playlists/playlist.h"
#include "playlists/scan.h"

#define MOD "core"
#define MAX_SLEEP 0.02

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

int core_create(core **out, const core_config *cfg)
{
    *out = NULL;
    core *c = calloc(1, sizeof(*c));
    if (!c)
        return -1;
    c->cfg = *cfg;
    c->o = cfg->opts;
    c->cmds = cmdq_new();
    c->notify = notify_new();
    c->pl = playlist_new((uint64_t)SDL_GetPerformanceCounter());
    if (!c->cmds || !c->pl || !c->notify) {
        core_destroy(&c);
        return -1;
    }
    const struct options *o = c->o;
    playlist_set_shuffle(c->pl, o->shuffle);
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
    ao_set_volume(c->ao, o->volume);
    load_folder(c);
    *out = c;
    return 0;
}

void core_destroy(core **cp)
{
    core *c = *cp;
    if (!c)
        return;
    if (c->ao)
        ao_set_source(c->ao, NULL);
    item_close(&c->cur);
    item_close(&c->next);
    ao_close(&c->ao);
    vo_close(&c->vo);
    if (c->pl)
        playlist_free(c->pl);
    cmdq_free(&c->cmds);
    notify_free(&c->notify);
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
    while (!c->quit) {
        SDL_Event ev;
        while (SDL_PollEvent(&ev))
            handle_event(c, &ev);
        core_cmd *cmd;
        while ((cmd = cmdq_pop(c->cmds))) {
            handle_cmd(c, cmd);
            cmdq_cmd_free(cmd);
        }
        if (c->quit)
            break;
        double now = media_now();
        double wait = sched_tick(c, now);
        if (c->need_present)
            video_redraw(c);
        if (c->screen_shown)
            notify_ready(c->notify, c->idle ? "Idle: nothing to play" : "Playing");
        notify_tick(c->notify, now);
        if (wait > MAX_SLEEP)
            wait = MAX_SLEEP;
        cmdq_wait(c->cmds, wait);
    }
    notify_stopping(c->notify);
    if (c->cur && c->cur->st == IT_PLAYING)
        log_info(MOD, "ended: %s (quit)", c->cur->relpath);
    return c->exit_code;
}
