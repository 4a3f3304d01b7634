/* core_lang.c — see core_lang.h. */
#include "player/core_lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/core_priv.h"
#include "player/core_screens.h"
#include "player/core_subs.h"
#include "player/i18n.h"
#include "player/langcache.h"
#include "player/langsel.h"
#include "player/log.h"
#include "player/options.h"
#include "player/state.h"
#include "subtitles/lang.h"

#define MOD "lang"
#define MAX_CANDS 64

/* Names iso-codes has no autonym for (its catalogues give "Haitian",
 * "K'iche'"). Defined next to the option table (options_table.c); the
 * config's [language-names] wins over them. */
extern const char *const options_language_name_defaults[][2];

static const char *builtin_name(const char *code)
{
    for (int i = 0; options_language_name_defaults[i][0]; i++)
        if (!strcmp(options_language_name_defaults[i][0], code))
            return options_language_name_defaults[i][1];
    return NULL;
}

/* Does the config's [language-names] name this language (any tag form)? */
static bool config_names(core *c, const char *canon)
{
    char k[LANG_CODE_SIZE];
    for (int i = 0; i < c->o->language_names.count; i++)
        if (lang_canon(c->langs, c->o->language_names.items[i].key, k) && !strcmp(k, canon))
            return true;
    return false;
}

const char *core_lang_name(core *c, const char *code)
{
    if (!code || !*code || !strcmp(code, "off"))
        return i18n_tr(c->tr, screens_lang(c), I18N_SUBTITLES_OFF);
    char canon[LANG_CODE_SIZE];
    if (c->langs && lang_canon(c->langs, code, canon)) {
        /* a name from the config file is langdb's own override */
        const char *b = config_names(c, canon) ? NULL : builtin_name(canon);
        if (b)
            return b;
    }
    const char *n = c->langs ? langdb_autonym(c->langs, code) : NULL;
    return n ? n : code;
}

int core_lang_apply_ex(core *c, item *it, bool announce, bool *fell_back)
{
    if (fell_back)
        *fell_back = false;
    if (!it || !it->subs)
        return -1;
    int n = subs_count(it->subs);
    if (n > MAX_CANDS)
        n = MAX_CANDS;
    lang_cand cand[MAX_CANDS];
    for (int i = 0; i < n; i++) {
        const sub_info *si = subs_info(it->subs, i);
        cand[i] = (lang_cand){si->canon, si->t.external, si->t.is_forced, si->t.is_default, si->usable};
    }
    langsel_result r = langsel_pick(cand, n, c->lang, c->prefs, c->nprefs);
    int before = subs_selected(it->subs);
    subs_select(it->subs, r.index);
    if (before != r.index || announce) {
        const sub_info *si = subs_info(it->subs, r.index);
        log_verbose(MOD, "%s: subtitles %s%s%s", it->relpath,
                    si ? (si->t.external ? si->path : si->t.codec) : "off", si && si->canon[0] ? " " : "",
                    si ? si->canon : "");
        c->osd_dirty = true;
    }
    bool wanted = c->lang[0] && strcmp(c->lang, "off") != 0;
    if (announce && wanted && (r.fallback || (r.index < 0 && n > 0))) {
        /* "Kʼicheʼ not available for this video — showing Español", in the
         * viewer's language when there is a translation */
        char text[512];
        const char *shown = r.index < 0 ? i18n_tr(c->tr, c->lang, I18N_SUBTITLES_OFF)
                            : r.shown[0] ? core_lang_name(c, r.shown)
                                         : i18n_tr(c->tr, c->lang, I18N_SUBTITLES);
        i18n_format(c->tr, c->lang, text, sizeof(text), I18N_NOT_AVAILABLE, core_lang_name(c, c->lang), shown);
        screens_notice(c, text, 5.0);
        log_verbose(MOD, "%s: %s", it->relpath, text);
        if (fell_back)
            *fell_back = true;
    }
    return r.index;
}

int core_lang_apply(core *c, item *it, bool announce) { return core_lang_apply_ex(c, it, announce, NULL); }

int core_lang_audio_choice(core *c, item *it)
{
    const media_track *t;
    int n = it && it->pb ? playback_tracks(it->pb, &t) : 0;
    lang_cand cand[MAX_CANDS];
    char canon[MAX_CANDS][LANG_CODE_SIZE];
    int stream[MAX_CANDS], na = 0;
    for (int i = 0; i < n && na < MAX_CANDS; i++) {
        if (t[i].type != TRACK_AUDIO || !t[i].decodable)
            continue;
        if (!c->langs || !lang_canon(c->langs, t[i].lang, canon[na]))
            canon[na][0] = '\0';
        cand[na] = (lang_cand){canon[na], false, false, t[i].is_default, true};
        stream[na++] = t[i].stream_index;
    }
    if (na < 2)
        return -1; /* nothing to choose */
    int k = langsel_pick_audio(cand, na, c->lang, c->prefs, c->nprefs);
    return k < 0 ? -1 : stream[k];
}

/* Audio follows the language: reopen the playing file with the matching
 * track, and drop a pre-rolled next file whose sound was chosen for the
 * old language (it is opened again). */
static void follow_audio(core *c)
{
    item *cur = c->cur;
    if (cur && cur->st == IT_PLAYING && cur->has_audio && !cur->is_still) {
        int want = core_lang_audio_choice(c, cur);
        if (want >= 0 && want != playback_audio_stream(cur->pb)) {
            log_verbose(MOD, "%s: audio follows the language (stream %d)", cur->relpath, want);
            sched_reload_audio(c, want);
        }
    }
    item *nx = c->next;
    if (nx && !nx->audio_early) {
        enum playback_state st = playback_state(nx->pb);
        int want = st == PB_READY ? core_lang_audio_choice(c, nx) : -1;
        if (st == PB_OPENING || (want >= 0 && want != playback_audio_stream(nx->pb))) {
            log_verbose(MOD, "%s: pre-rolled again for the new language", nx->relpath);
            item_close(&c->next);
        }
    }
}

int core_lang_set_ex(core *c, const char *code, bool *fell_back)
{
    if (fell_back)
        *fell_back = false;
    char canon[LANG_CODE_SIZE] = "";
    if (code && *code && strcmp(code, "off") != 0) {
        if (!c->langs || !lang_canon(c->langs, code, canon))
            return -1;
        code = canon;
    }
    snprintf(c->lang, sizeof(c->lang), "%s", code ? code : "");
    log_info(MOD, "viewer language: %s", c->lang[0] ? c->lang : "(none)");
    if (c->state)
        state_set_language(c->state, c->lang);
    core_lang_apply_ex(c, c->cur, true, fell_back);
    follow_audio(c); /* also when re-picked after LANGUAGE chose another track */
    if (c->next)
        core_lang_apply(c, c->next, false);
    return 0;
}

int core_lang_set(core *c, const char *code) { return core_lang_set_ex(c, code, NULL); }

void core_lang_record(core *c, item *it)
{
    if (!it || !it->subs || !c->lcache)
        return;
    const char *codes[64];
    int n = 0;
    for (int i = 0; i < subs_count(it->subs) && n < 64; i++) {
        const sub_info *si = subs_info(it->subs, i);
        if (si->usable && si->canon[0])
            codes[n++] = si->canon;
    }
    langcache_set(c->lcache, it->relpath, codes, n, true);
}

int core_lang_cycle_ex(core *c, bool up, bool *fell_back)
{
    lang_count *items = NULL;
    size_t n = c->langs ? langcache_union(c->lcache, c->langs, c->prefs, (size_t)c->nprefs, &items) : 0;
    /* positions: 0..n-1 languages, n = off */
    size_t pos = n;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(items[i].code, c->lang))
            pos = i;
    size_t next = up ? (pos + 1) % (n + 1) : (pos + n) % (n + 1);
    int ret = core_lang_set_ex(c, next == n ? "off" : items[next].code, fell_back);
    free(items);
    return ret;
}

int core_lang_cycle(core *c, bool up) { return core_lang_cycle_ex(c, up, NULL); }
