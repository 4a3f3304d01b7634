/* sublib.c — see sublib.h. */
#include "subtitles/sublib_ass.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "player/log.h"
#include "subtitles/hash.h"

/* A font already handed to libass (by size and content hash). */
typedef struct font_seen {
    size_t size;
    uint64_t hash;
} font_seen;

struct sublib {
    ASS_Library *ass;
    char *family;
    bool system_fonts;
    uint64_t last_id;
    font_seen *fonts;
    size_t nfonts, capfonts;
};

void sublib_opts_default(sublib_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->default_family = SUBLIB_DEFAULT_FAMILY;
    o->system_fonts = true;
}

static enum log_level map_level(int ass_level)
{
    if (ass_level <= 1)
        return LOG_ERROR;
    if (ass_level <= 3)
        return LOG_WARN;
    if (ass_level <= 5)
        return LOG_VERBOSE;
    return LOG_DEBUG;
}

static void on_ass_message(int level, const char *fmt, va_list va, void *data)
{
    (void)data;
    enum log_level lvl = map_level(level);
    if (!log_enabled(lvl))
        return;
    vlogv(lvl, "libass", fmt, va);
}

int sublib_new(sublib **out, const sublib_opts *opts)
{
    sublib_opts def;
    if (!opts) {
        sublib_opts_default(&def);
        opts = &def;
    }
    *out = NULL;
    sublib *lib = calloc(1, sizeof(*lib));
    if (!lib)
        goto fail;
    lib->family = strdup(opts->default_family && *opts->default_family ? opts->default_family
                                                                        : SUBLIB_DEFAULT_FAMILY);
    lib->ass = ass_library_init();
    if (!lib->family || !lib->ass)
        goto fail;
    lib->system_fonts = opts->system_fonts;
    ass_set_message_cb(lib->ass, on_ass_message, NULL);
    /* [Fonts] sections of ASS files become usable fonts. */
    ass_set_extract_fonts(lib->ass, 1);
    if (opts->fonts_dir && *opts->fonts_dir)
        ass_set_fonts_dir(lib->ass, opts->fonts_dir);
    log_verbose("subs", "libass %#x, fonts: %s%s%s, default family \"%s\"",
                (unsigned)ass_library_version(), lib->system_fonts ? "system (fontconfig)" : "no system fonts",
                opts->fonts_dir ? ", dir " : "", opts->fonts_dir ? opts->fonts_dir : "", lib->family);
    *out = lib;
    return 0;
fail:
    log_error("subs", "cannot initialise libass: subtitles and on-screen text disabled");
    sublib_free(&lib);
    return -1;
}

void sublib_free(sublib **plib)
{
    if (!plib || !*plib)
        return;
    sublib *lib = *plib;
    if (lib->ass)
        ass_library_done(lib->ass);
    free(lib->fonts);
    free(lib->family);
    free(lib);
    *plib = NULL;
}

int sublib_add_font(sublib *lib, const char *name, const void *data, size_t size)
{
    if (!lib || !data || size == 0 || size > (size_t)INT32_MAX)
        return -1;
    /* The same attachment comes with every playback of its file (a loop
     * replays it forever): libass keeps a copy of each font it is given,
     * so give it each one once. */
    uint64_t h = hash_fnv1a(data, size);
    for (size_t i = 0; i < lib->nfonts; i++)
        if (lib->fonts[i].size == size && lib->fonts[i].hash == h)
            return 1;
    if (lib->nfonts == lib->capfonts) {
        size_t cap = lib->capfonts ? lib->capfonts * 2 : 8;
        font_seen *n = realloc(lib->fonts, cap * sizeof(*n));
        if (!n)
            return -1;
        lib->fonts = n;
        lib->capfonts = cap;
    }
    lib->fonts[lib->nfonts++] = (font_seen){size, h};
    /* libass takes a char* but only reads the data (it copies it). */
    ass_add_font(lib->ass, name ? name : "attachment", (const char *)data, (int)size);
    log_verbose("subs", "added font \"%s\" (%zu bytes)", name ? name : "attachment", size);
    return 0;
}

bool sublib_is_font_attachment(const char *filename, const char *mimetype)
{
    static const char *const mimes[] = {
        "application/x-truetype-font", "application/x-font-ttf", "application/x-font-otf",
        "application/x-font-opentype", "application/vnd.ms-opentype", "application/font-sfnt",
        "application/x-font",
    };
    if (mimetype && *mimetype) {
        if (strncasecmp(mimetype, "font/", 5) == 0)
            return true;
        for (size_t i = 0; i < sizeof(mimes) / sizeof(mimes[0]); i++)
            if (strcasecmp(mimetype, mimes[i]) == 0)
                return true;
    }
    const char *dot = filename ? strrchr(filename, '.') : NULL;
    return dot && (strcasecmp(dot, ".ttf") == 0 || strcasecmp(dot, ".otf") == 0 ||
                   strcasecmp(dot, ".ttc") == 0 || strcasecmp(dot, ".otc") == 0);
}

const char *sublib_default_family(const sublib *lib) { return lib->family; }

uint64_t sublib_next_id(sublib *lib) { return ++lib->last_id; }

ASS_Library *sublib_ass(sublib *lib) { return lib->ass; }

ASS_Renderer *sublib_renderer_new(sublib *lib)
{
    ASS_Renderer *r = ass_renderer_init(lib->ass);
    if (!r) {
        log_error("subs", "libass renderer could not be created");
        return NULL;
    }
    ass_set_fonts(r, NULL, lib->family,
                  lib->system_fonts ? ASS_FONTPROVIDER_FONTCONFIG : ASS_FONTPROVIDER_NONE, NULL, 1);
    return r;
}
