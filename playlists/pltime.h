/* pltime.h — the clock readings of playlists/ (watcher side only; the
 * intake state machine never reads a clock, it is handed the time).
 * Pure functions of the system clocks; any thread. */
#ifndef VITRINA_PLAYLISTS_PLTIME_H
#define VITRINA_PLAYLISTS_PLTIME_H

#include <stdint.h>
#include <time.h>

static inline int64_t pltime_ns(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Monotonic time for timers, in ns. */
static inline int64_t pltime_mono_ns(void) { return pltime_ns(CLOCK_MONOTONIC); }
/* Wall-clock time (comparable with file mtimes), in ns since the epoch. */
static inline int64_t pltime_wall_ns(void) { return pltime_ns(CLOCK_REALTIME); }

#endif
