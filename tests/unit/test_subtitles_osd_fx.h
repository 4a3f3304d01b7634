/* test_subtitles_osd_fx.h — the fixture of the OSD unit tests
 * (test_subtitles_osd.c, test_player_lang_picker.c): a sublib, an overlay
 * covering the whole w x h output and an osd drawing into it. Helpers are
 * static inline; each test program includes this once. Everything runs on
 * the test's thread; the fixture owns what it holds. */
#ifndef VT_TEST_SUBTITLES_OSD_FX_H
#define VT_TEST_SUBTITLES_OSD_FX_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/log.h"
#include "subtitles/osd.h"
#include "subtitles/overlay.h"

typedef struct fx {
    sublib *lib;
    overlay *ov;
    osd *o;
    int w, h;
} fx;

/* Free what f holds (parts never made are NULL) and leave them NULL. */
static inline void fx_release(fx *f)
{
    osd_free(&f->o);
    overlay_free(&f->ov);
    sublib_free(&f->lib);
}

/* (Re)make f for a w x h output: 0, or -1 when a part cannot be made. */
static inline int fx_make(fx *f, int w, int h)
{
    fx_release(f);
    f->w = w;
    f->h = h;
    if (sublib_new(&f->lib, NULL) < 0 || overlay_new(&f->ov, f->lib) < 0 || osd_new(&f->o, f->lib) < 0)
        return -1;
    return overlay_set_geometry(f->ov, w, h, (ov_rect){0, 0, w, h}, w, h);
}

/* Body of a cmocka setup: *state = a new fixture for a w x h output. */
static inline int fx_setup(void **state, int w, int h)
{
    fx *f = calloc(1, sizeof(*f));
    *state = f;
    return f ? fx_make(f, w, h) : -1;
}

/* cmocka teardown: free the fixture in *state. */
static inline int fx_teardown(void **state)
{
    fx *f = *state;
    fx_release(f);
    free(f);
    return 0;
}

#endif
