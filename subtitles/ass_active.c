/* ass_active.c — see ass_active.h. */
#include "subtitles/ass_active.h"

#include <string.h>

#include "subtitles/hash.h"

static uint64_t hash_str(uint64_t h, const char *s)
{
    return hash_mix(h, s ? hash_fnv1a(s, strlen(s)) : 0);
}

/* Override tags that make an event change while it is on screen. Tags are
 * case-sensitive in libass; "\fad" also covers "\fade". */
static bool tag_animates(const char *p)
{
    if (p[0] == 'k' || p[0] == 'K')
        return true; /* \k \K \kf \ko: karaoke sweeps */
    if (p[0] == 't' && p[1] == '(')
        return true;
    return !strncmp(p, "move", 4) || !strncmp(p, "fad", 3);
}

/* Whether one event's text or effect animates (see ass_active.h). */
static bool event_animated(const ASS_Event *ev)
{
    if (ev->Effect && ev->Effect[0])
        return true; /* Banner / Scroll up / Scroll down */
    const char *s = ev->Text;
    if (!s)
        return false;
    bool in_block = false;
    for (; *s; s++) {
        if (*s == '{')
            in_block = true;
        else if (*s == '}')
            in_block = false;
        else if (in_block && *s == '\\' && tag_animates(s + 1))
            return true;
    }
    return false;
}

uint64_t assact_key(const ASS_Track *track, long long t_ms, bool *animated)
{
    *animated = false;
    if (!track)
        return 0;
    uint64_t h = 0;
    int n = 0;
    for (int i = 0; i < track->n_events; i++) {
        const ASS_Event *ev = &track->events[i];
        if (!(t_ms >= ev->Start && t_ms < ev->Start + ev->Duration))
            continue;
        n++;
        h = hash_mix(h, (uint64_t)i);
        h = hash_mix(h, (uint64_t)ev->Start);
        h = hash_mix(h, (uint64_t)ev->Duration);
        h = hash_mix(h, (uint64_t)(uint32_t)ev->Layer);
        h = hash_mix(h, (uint64_t)(uint32_t)ev->Style);
        h = hash_mix(h, (uint64_t)(uint32_t)ev->ReadOrder);
        h = hash_mix(h, ((uint64_t)(uint32_t)ev->MarginL << 32) ^ ((uint64_t)(uint32_t)ev->MarginR << 16) ^
                       (uint64_t)(uint32_t)ev->MarginV);
        h = hash_str(h, ev->Effect);
        h = hash_str(h, ev->Text);
        if (!*animated && event_animated(ev))
            *animated = true;
    }
    return n ? hash_mix(h, (uint64_t)n) : 0;
}
