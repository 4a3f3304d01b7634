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
#include "player/state.h"
#include "subtitles/lang.h"

#define MOD "lang"
#define MAX_CANDS 64

const char *core_lang_name(core *c, const char *code)
{
    if (!code || !*code || !strcmp(code, "off"))
        return i18n_tr(c->tr, screens_lang(c), I18N_SUBTITLES_OFF);
    const char *n = c->langs ? langdb_autonym(c->langs, code) : NULL;
    return n ? n : code;
}

int core_lang_apply(core *c, item *it, bool announce)
{
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
    it->lang_applied = true;
    if (before != r.index || announce) {
        const sub_info *si = subs_info(it->subs, r.index);
        log_verbose(MOD, "%s: subtitles %s%s%s", it->relpath,
                    si ? (si->t.external ? si->path : si->t.codec) : "off", si && si->canon[0] ? " " : "",
                    si ? si->canon : "");
        c->osd_dirty = true;
    }
    if (announce && r.fallback && c->lang[0] && strcmp(c->lang, "off") != 0) {
        char text[512];
        const char *shown = r.shown[0] ? core_lang_name(c, r.shown) : i18n_tr(c->tr, c->lang, I18N_SUBTITLES);
        i18n_format(c->tr, c->lang, text, sizeof(text), I18N_NOT_AVAILABLE, core_lang_name(c, c->lang), shown);
        screens_notice(c, text, 5.0);
    } else if (announce && r.index < 0 && n > 0 && c->lang[0] && strcmp(c->lang, "off") != 0) {
        char text[512];
        i18n_format(c->tr, c->lang, text, sizeof(text), I18N_NOT_AVAILABLE, core_lang_name(c, c->lang),
                    i18n_tr(c->tr, c->lang, I18N_SUBTITLES_OFF));
        screens_notice(c, text, 5.0);
    }
    return r.index;
}

int core_lang_set(core *c, const char *code)
{
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
    core_lang_apply(c, c->cur, true);
    if (c->next)
        core_lang_apply(c, c->next, false);
    return 0;
}

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

int core_lang_cycle(core *c, bool up)
{
    lang_count *items = NULL;
    size_t n = c->langs ? langcache_union(c->lcache, c->langs, c->prefs, (size_t)c->nprefs, &items) : 0;
    /* positions: 0..n-1 languages, n = off */
    size_t pos = n;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(items[i].code, c->lang))
            pos = i;
    size_t next = up ? (pos + 1) % (n + 1) : (pos + n) % (n + 1);
    int ret = core_lang_set(c, next == n ? "off" : items[next].code);
    free(items);
    return ret;
}
