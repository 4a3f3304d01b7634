/* avlog.h — FFmpeg's av_log routed into player/log.h.
 *
 * Installs an av_log callback that maps FFmpeg's levels onto Vitrina's and
 * writes one log line per FFmpeg message under the module name "ffmpeg",
 * prefixed with the AVClass item name ("[matroska] ..."). FFmpeg often sends
 * one line in several calls; partial lines are buffered per thread until the
 * '\n' arrives, so lines from different threads never interleave.
 *
 * Level map: PANIC/FATAL/ERROR → error, WARNING → warn, INFO → verbose
 * (FFmpeg's info is per-file detail, not the staff's view), VERBOSE → debug,
 * DEBUG/TRACE → trace. FFmpeg messages are filtered by Vitrina's current
 * level (log_get_level), so nothing is formatted when it would be dropped.
 *
 * State: the per-thread line buffer is thread-local storage. It is part of
 * the log module's one exception to "no globals": av_log's callback has no
 * user pointer (see player/log.h).
 */
#ifndef VITRINA_MEDIA_AVLOG_H
#define VITRINA_MEDIA_AVLOG_H

#include "player/log.h"

/* Install the bridge (av_log_set_callback) and set FFmpeg's own threshold
 * from Vitrina's current level (see avlog_sync_level). Call once at start-up
 * from main, after the log level is known and before threads using FFmpeg
 * start; idempotent. */
void avlog_install(void);

/* Re-derive FFmpeg's threshold (av_log_set_level) from log_get_level(), so
 * FFmpeg does not even call us for messages that would be dropped. Call
 * after log_set_level(). Any thread. */
void avlog_sync_level(void);

/* Map an FFmpeg AV_LOG_* level to a Vitrina level. Pure; any thread. */
enum log_level avlog_map_level(int av_level);

/* The callback itself (exposed for tests: feed it partial lines). Called by
 * FFmpeg on any thread. `avcl` is an object whose first member is an
 * AVClass pointer, or NULL. */
void avlog_callback(void *avcl, int av_level, const char *fmt, va_list vl);

#endif
