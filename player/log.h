/* log.h — the one logging module of Vitrina.
 *
 * Every module logs through vlog_*(): one line per event on stderr,
 * "[  12.345] level module: message". FFmpeg (media/avlog.c) and libass
 * (subtitles/) messages are bridged into it with their own module names.
 *
 * Threading: all functions are thread-safe; a line is written atomically.
 * State: the level and the start time are the only process-wide state in
 * Vitrina — FFmpeg's av_log callback carries no user pointer, so a sink
 * without a context object is unavoidable for the bridge.
 */
#ifndef VITRINA_LOG_H
#define VITRINA_LOG_H

#include <stdarg.h>
#include <stdbool.h>

enum log_level {
    LOG_ERROR = 0,   /* something failed and was handled (file skipped, …) */
    LOG_WARN = 1,    /* degraded but going on (no audio device, …) */
    LOG_INFO = 2,    /* what plays, what ended and why: the staff's view */
    LOG_VERBOSE = 3, /* decisions (renderer chosen, tracks selected, …) */
    LOG_DEBUG = 4,   /* per-event detail (frames presented, clock values) */
    LOG_TRACE = 5,
};

/* Parse "error|warn|info|verbose|debug|trace" (case-insensitive). Returns 0
 * and sets *out, or -1 for an unknown name. Pure. */
int log_level_parse(const char *name, enum log_level *out);
const char *log_level_name(enum log_level lvl);

/* Set/get the threshold (default LOG_INFO). Any thread. */
void log_set_level(enum log_level lvl);
enum log_level log_get_level(void);
static inline bool log_enabled(enum log_level lvl) { return lvl <= log_get_level(); }

/* Write one line. `module` is a short static name ("core", "media", …).
 * A trailing newline in fmt is not needed (and is stripped). Any thread. */
void vlog(enum log_level lvl, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void vlogv(enum log_level lvl, const char *module, const char *fmt, va_list ap);

/* Seconds since log_init() (monotonic); the timestamp printed on each line. */
double log_uptime(void);

/* Call once at program start (before threads). Sets the time origin. */
void log_init(void);

#define log_error(mod, ...) vlog(LOG_ERROR, mod, __VA_ARGS__)
#define log_warn(mod, ...) vlog(LOG_WARN, mod, __VA_ARGS__)
#define log_info(mod, ...) vlog(LOG_INFO, mod, __VA_ARGS__)
#define log_verbose(mod, ...) do { if (log_enabled(LOG_VERBOSE)) vlog(LOG_VERBOSE, mod, __VA_ARGS__); } while (0)
#define log_debug(mod, ...) do { if (log_enabled(LOG_DEBUG)) vlog(LOG_DEBUG, mod, __VA_ARGS__); } while (0)
#define log_trace(mod, ...) do { if (log_enabled(LOG_TRACE)) vlog(LOG_TRACE, mod, __VA_ARGS__); } while (0)

#endif
