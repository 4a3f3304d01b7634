/* ass_active.c — see ass_active.h. */
#include "subtitles/ass_active.h"

#include <string.h>

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h;
}

static uint64_t hash_str(uint64_t h, const char *s)
{
    uint64_t f = 0xcbf29ce484222325ull; /* FNV-1a */
    for (; s && *s; s++)
        f = (f ^ (unsigned char)*s) * 0x100000001b3ull;
    return mix(h, f);
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

bool assact_event_animated(const ASS_Event *ev)
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
        h = mix(h, (uint64_t)i);
        h = mix(h, (uint64_t)ev->Start);
        h = mix(h, (uint64_t)ev->Duration);
        h = mix(h, (uint64_t)(uint32_t)ev->Layer);
        h = mix(h, (uint64_t)(uint32_t)ev->Style);
        h = mix(h, (uint64_t)(uint32_t)ev->ReadOrder);
        h = mix(h, ((uint64_t)(uint32_t)ev->MarginL << 32) ^ ((uint64_t)(uint32_t)ev->MarginR << 16) ^
                       (uint64_t)(uint32_t)ev->MarginV);
        h = hash_str(h, ev->Effect);
        h = hash_str(h, ev->Text);
        if (!*animated && assact_event_animated(ev))
            *animated = true;
    }
    return n ? mix(h, (uint64_t)n) : 0;
}
