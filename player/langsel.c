/* langsel.c — see langsel.h. */
#include "player/langsel.h"

#include <string.h>

static int score(const lang_cand *c)
{
    return (c->external ? 4 : 0) + (!c->forced ? 2 : 0) + (c->is_default ? 1 : 0);
}

static int best_of(const lang_cand *c, int n, const char *lang)
{
    int best = -1, best_score = -1;
    for (int i = 0; i < n; i++) {
        if (!c[i].usable || strcmp(c[i].canon ? c[i].canon : "", lang) != 0)
            continue;
        int s = score(&c[i]);
        if (s > best_score) {
            best = i;
            best_score = s;
        }
    }
    return best;
}

langsel_result langsel_pick(const lang_cand *c, int n, const char *viewer, const char *const *prefs, int nprefs)
{
    langsel_result r = {-1, false, ""};
    viewer = viewer ? viewer : "";
    if (!strcmp(viewer, "off"))
        return r;
    int i = -1;
    if (*viewer) {
        i = best_of(c, n, viewer);
        if (i < 0) {
            for (int p = 0; i < 0 && p < nprefs; p++)
                if (prefs[p] && *prefs[p] && strcmp(prefs[p], viewer) != 0)
                    i = best_of(c, n, prefs[p]);
            if (i < 0)
                i = best_of(c, n, "");
            r.fallback = i >= 0;
        }
    } else {
        for (int k = 0; k < n && i < 0; k++)
            if (c[k].usable && c[k].is_default && !c[k].forced)
                i = k;
        for (int k = 0; k < n && i < 0; k++)
            if (c[k].usable && !c[k].forced)
                i = k;
    }
    if (i >= 0) {
        r.index = i;
        r.shown = c[i].canon ? c[i].canon : "";
    }
    return r;
}

static int first_usable(const lang_cand *c, int n, const char *lang)
{
    for (int i = 0; i < n; i++)
        if (c[i].usable && c[i].canon && !strcmp(c[i].canon, lang))
            return i;
    return -1;
}

int langsel_pick_audio(const lang_cand *c, int n, const char *viewer, const char *const *prefs, int nprefs)
{
    int i = -1;
    if (viewer && *viewer && strcmp(viewer, "off") != 0)
        i = first_usable(c, n, viewer);
    for (int p = 0; i < 0 && p < nprefs; p++)
        if (prefs[p] && *prefs[p])
            i = first_usable(c, n, prefs[p]);
    for (int k = 0; k < n && i < 0; k++)
        if (c[k].usable && c[k].is_default)
            i = k;
    for (int k = 0; k < n && i < 0; k++)
        if (c[k].usable)
            i = k;
    return i;
}
