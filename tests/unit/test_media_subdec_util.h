/* test_media_subdec_util.h — what the media/subdec unit tests
 * (test_media_subdec*.c) share: FMT, a list of decoded events filled by
 * subdec's emit callback, and where their files live (the third-party
 * corpus, read in place; the generated-media cache). Helpers are static
 * inline: each test program includes this once and uses a subset. All of
 * them run on the test's own thread and fail the test (cmocka) on error. */
#ifndef VT_TEST_MEDIA_SUBDEC_UTIL_H
#define VT_TEST_MEDIA_SUBDEC_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libavformat/avformat.h>

#include "media/subdec.h"

/* snprintf into an array, failing the test on truncation. */
#define FMT(buf, ...) assert_true(snprintf(buf, sizeof(buf), __VA_ARGS__) < (int)sizeof(buf))

/* Decoded events, in order; the list owns them (evlist_free). */
#define EVLIST_MAX 256
typedef struct evlist {
    sub_event *ev[EVLIST_MAX];
    int n;
} evlist;

/* subdec_emit_fn: append ev to the evlist `opaque` (takes ownership; an
 * event past EVLIST_MAX is freed at once). */
static inline void collect(void *opaque, sub_event *ev)
{
    evlist *l = opaque;
    if (l->n < EVLIST_MAX)
        l->ev[l->n++] = ev;
    else
        sub_event_free(ev);
}

/* Free every event of l and empty it. */
static inline void evlist_free(evlist *l)
{
    for (int i = 0; i < l->n; i++)
        sub_event_free(l->ev[i]);
    l->n = 0;
}

/* $VT_CORPUS/rel (default ../../shared/corpus, relative to the build's
 * tests/ folder) into buf; returns buf. */
static inline const char *corpus(const char *rel, char *buf, size_t len)
{
    const char *root = getenv("VT_CORPUS");
    int n = snprintf(buf, len, "%s/%s", root ? root : "../../shared/corpus", rel);
    assert_true(n > 0 && (size_t)n < len);
    return buf;
}

/* The folder for files generated at test time ($VT_MEDIA_CACHE, default
 * ./test-media), created if missing. The string is static (or the
 * environment's). */
static inline const char *cache_dir(void)
{
    const char *d = getenv("VT_MEDIA_CACHE");
    if (!d)
        d = "test-media";
    mkdir(d, 0755);
    return d;
}

#endif
