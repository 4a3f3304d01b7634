/* notify.h — talk to systemd (Type=notify service): READY=1 once the
 * first picture or the idle screen is on screen, WATCHDOG=1 from the main
 * loop (so a hung main loop or a stalled core gets the service
 * restarted), and a STATUS= line saying what plays.
 * Without $NOTIFY_SOCKET every call is a cheap no-op.
 * Threading: main thread only.
 */
#ifndef VITRINA_PLAYER_NOTIFY_H
#define VITRINA_PLAYER_NOTIFY_H

#include <stdbool.h>

typedef struct notifier notifier;

/* NULL only on ENOMEM. Reads the watchdog interval (WATCHDOG_USEC). */
notifier *notify_new(void);
void notify_free(notifier **n);

/* Say READY=1 (once; later calls do nothing) with a status line. */
void notify_ready(notifier *n, const char *status);
/* Update the STATUS= line (only sent when it changed). */
void notify_status(notifier *n, const char *status);
/* Call every loop turn: sends WATCHDOG=1 at half the watchdog interval. */
void notify_tick(notifier *n, double now);
/* Tell systemd we are stopping (STOPPING=1). */
void notify_stopping(notifier *n);

#endif
