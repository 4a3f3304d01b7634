/* log.c — see log.h. */
#include "player/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static atomic_int g_level = LOG_INFO;
static double g_t0;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const level_names[] = {"error", "warn", "info", "verbose", "debug", "trace"};

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void log_init(void) { g_t0 = now_mono(); }

double log_uptime(void) { return now_mono() - g_t0; }

int log_level_parse(const char *name, enum log_level *out)
{
    for (int i = 0; i <= LOG_TRACE; i++) {
        if (name && strcasecmp(name, level_names[i]) == 0) {
            *out = (enum log_level)i;
            return 0;
        }
    }
    if (name && strcasecmp(name, "warning") == 0) {
        *out = LOG_WARN;
        return 0;
    }
    return -1;
}

const char *log_level_name(enum log_level lvl)
{
    return (lvl >= LOG_ERROR && lvl <= LOG_TRACE) ? level_names[lvl] : "?";
}

void log_set_level(enum log_level lvl) { atomic_store(&g_level, lvl); }

enum log_level log_get_level(void) { return (enum log_level)atomic_load(&g_level); }

void vlogv(enum log_level lvl, const char *module, const char *fmt, va_list ap)
{
    if (!log_enabled(lvl))
        return;
    char msg[2048];
    int n = vsnprintf(msg, sizeof(msg), fmt, ap);
    if (n < 0)
        return;
    size_t len = strlen(msg);
    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
        msg[--len] = '\0';
    if (len == 0)
        return;
    pthread_mutex_lock(&g_lock);
    fprintf(stderr, "[%9.3f] %-7s %s: %s\n", log_uptime(), level_names[lvl], module ? module : "-", msg);
    fflush(stderr);
    pthread_mutex_unlock(&g_lock);
}

void vlog(enum log_level lvl, const char *module, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlogv(lvl, module, fmt, ap);
    va_end(ap);
}
