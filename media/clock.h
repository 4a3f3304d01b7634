/* clock.h — a media clock: "pts p was current at monotonic time t".
 *
 * get(now) = p + (now - t) while running, frozen while paused; NAN until the
 * first set. Used for the audio clock (set from the audio callback) and the
 * external clock (files without audio, stills). All times in seconds;
 * `now` comes from media_now().
 * Threading: thread-safe (set from the audio thread, read from main).
 */
#ifndef VITRINA_MEDIA_CLOCK_H
#define VITRINA_MEDIA_CLOCK_H

#include <stdbool.h>

typedef struct mclock mclock;

/* Monotonic time in seconds (same base as FFmpeg's av_gettime_relative). */
double media_now(void);

mclock *mclock_new(void);
void mclock_free(mclock **c);

void mclock_set(mclock *c, double pts, double now);
double mclock_get(mclock *c, double now);
/* Forget the value (get returns NAN until the next set). */
void mclock_reset(mclock *c);
void mclock_set_paused(mclock *c, bool paused, double now);
bool mclock_is_set(mclock *c);
/* Time of the last set (monotonic seconds), NAN if never set. */
double mclock_last_update(mclock *c);

#endif
