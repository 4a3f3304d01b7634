/* alarm.h — a one-shot alarm thread: calls fire(user) once the monotonic
 * deadline set with alarm_set() has passed. The watcher uses it to wake
 * itself for settle timers shorter than libinotifytools' one-second wait.
 *
 * Ownership: alarm_start() → alarm_stop() (joins, frees) by the owner.
 * Threading: alarm_set() from any thread; fire() runs on the alarm thread
 * without any lock held and must be quick and thread-safe.
 */
#ifndef VITRINA_PLAYLISTS_ALARM_H
#define VITRINA_PLAYLISTS_ALARM_H

#include <stdint.h>

struct alarm;

/* NULL (logged) when the thread cannot start. */
struct alarm *alarm_start(void (*fire)(void *user), void *user);
/* Arm for `deadline_ns` (CLOCK_MONOTONIC); an earlier pending deadline wins.
 * INT64_MAX does nothing. */
void alarm_set(struct alarm *a, int64_t deadline_ns);
void alarm_stop(struct alarm *a); /* NULL is allowed */

#endif
