/* notify.c — see notify.h. */
#include "player/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

#include "player/log.h"

struct notifier {
    bool enabled;
    bool ready;
    double interval;   /* seconds between WATCHDOG=1, 0 = no watchdog */
    double last_ping;
    char status[256];
};

notifier *notify_new(void)
{
    notifier *n = calloc(1, sizeof(*n));
    if (!n)
        return NULL;
    n->enabled = getenv("NOTIFY_SOCKET") != NULL;
    uint64_t usec = 0;
    if (n->enabled && sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        n->interval = (double)usec / 1e6 / 2;
        log_verbose("notify", "systemd watchdog: pinging every %.1f s", n->interval);
    }
    return n;
}

void notify_free(notifier **np)
{
    free(*np);
    *np = NULL;
}

void notify_ready(notifier *n, const char *status)
{
    if (n->ready)
        return;
    n->ready = true;
    snprintf(n->status, sizeof(n->status), "%s", status ? status : "");
    if (n->enabled)
        sd_notifyf(0, "READY=1\nSTATUS=%s", n->status);
    log_verbose("notify", "ready: %s", n->status);
}

void notify_status(notifier *n, const char *status)
{
    if (!status || strcmp(status, n->status) == 0)
        return;
    snprintf(n->status, sizeof(n->status), "%s", status);
    if (n->enabled && n->ready)
        sd_notifyf(0, "STATUS=%s", n->status);
}

void notify_tick(notifier *n, double now)
{
    if (!n->enabled || n->interval <= 0 || now - n->last_ping < n->interval)
        return;
    n->last_ping = now;
    sd_notify(0, "WATCHDOG=1");
}

void notify_stopping(notifier *n)
{
    if (n->enabled)
        sd_notify(0, "STOPPING=1");
}
