/* options_table.c — THE option table: one row per setting. --help, the
 * command line, the config file and --dump-config all come from here.
 * To add an option: a field in struct options (options.h) and a row here. */
#include <iconv.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "player/options_priv.h"

#define OFF(field) offsetof(struct options, field)

static const char *const renderer_names[] = {"auto", "software", "accelerated", NULL};
static const char *const hwdec_names[] = {"no", "auto", "vaapi", NULL};
static const char *const substyle_names[] = {"auto", "box", "force", NULL};
/* Index = enum log_level (log.h). */
static const char *const loglevel_names[] = {"error", "warn", "info", "verbose", "debug", "trace", NULL};

static int check_codepage(const char *value, char *err, size_t err_size)
{
    iconv_t cd = iconv_open("UTF-8", value);
    if (cd == (iconv_t)-1) {
        snprintf(err, err_size, "unknown character set '%s' (examples: cp1252, cp1256, iso-8859-15, koi8-r)", value);
        return -1;
    }
    iconv_close(cd);
    return 0;
}

static int check_not_empty(const char *value, char *err, size_t err_size)
{
    if (*value)
        return 0;
    snprintf(err, err_size, "must not be empty");
    return -1;
}

const struct opt_def options_table[] = {
    /* ---- Playback ---------------------------------------------------- */
    {"media-dir", OPT_PATH, OFF(media_dir), "/srv/vitrina/media", .arg = "DIR", .group = "Playback",
     .help = "Folder with the videos and pictures to loop (subfolders included).",
     .doc = "Also the MEDIA_DIR argument of the command line."},
    {"shuffle", OPT_BOOL, OFF(shuffle), "no", .help = "Play in a new random order each round."},
    {"image-duration", OPT_DURATION, OFF(image_duration), "10", 0.5, 86400, .arg = "SECONDS",
     .help = "How long each picture (JPEG, PNG, WebP) stays on screen."},
    {"audio", OPT_BOOL, OFF(audio), "yes", .help = "Play sound (--no-audio: video only)."},
    {"audio-device", OPT_STRING, OFF(audio_device), "", .arg = "NAME",
     .help = "Sound output device as SDL names it; empty = the system default.",
     .doc = "For the system service the ALSA device is usually chosen with AUDIODEV\n"
            "in the service environment instead (e.g. hdmi:CARD=PCH,DEV=0)."},
    {"volume", OPT_INT, OFF(volume), "100", 0, 100, .arg = "0-100",
     .help = "Starting volume in percent (viewers can change it with the remote).",
     .doc = "A volume changed with the remote is kept across restarts until this\n"
            "setting is changed."},

    /* ---- Screen ------------------------------------------------------ */
    {"windowed", OPT_BOOL, OFF(windowed), "no", .group = "Screen",
     .help = "Run in a window instead of full screen (for testing on a desktop)."},
    {"size", OPT_SIZE, OFF(size), "auto", 16, 16384, .arg = "WxH",
     .help = "Window size, e.g. 1280x720; auto = the display size (1280x720 windowed)."},
    {"renderer", OPT_ENUM, OFF(renderer), "auto", .choices = renderer_names, .arg = "MODE",
     .help = "How to draw: auto, software or accelerated.",
     .doc = "auto picks software when the \"accelerated\" driver is really a software\n"
            "rasterizer (Mesa llvmpipe, as under Xvfb)."},
    {"hwdec", OPT_ENUM, OFF(hwdec), "no", .choices = hwdec_names, .arg = "MODE",
     .help = "Hardware video decoding: no, auto or vaapi (falls back to software)."},
    {"vsync", OPT_BOOL, OFF(vsync), "yes", .help = "Wait for the display's refresh (avoids tearing)."},

    /* ---- Intake ------------------------------------------------------ */
    {"watch", OPT_BOOL, OFF(watch), "yes", .group = "New files in the media folder",
     .help = "Notice files added, changed or removed while playing."},
    {"settle-time", OPT_DURATION, OFF(settle_time), "2", 0, 3600, .arg = "SECONDS",
     .help = "A new file must stay unchanged this long before it is played.",
     .doc = "So a file still being copied is not played half-way."},
    {"rescan-interval", OPT_DURATION, OFF(rescan_interval), "60", 0, 86400, .arg = "SECONDS",
     .help = "Also look through the whole folder this often; 0 = never.",
     .doc = "A safety net for changes the watcher cannot see (network shares)."},
    {"ignore", OPT_LIST, OFF(ignore), "", .arg = "PATTERNS",
     .help = "Extra file name patterns to skip, comma-separated (e.g. *.part,draft-*).",
     .doc = "Hidden files, partial downloads and system folders are always skipped."},
    {"intake-notice", OPT_BOOL, OFF(intake_notice), "yes",
     .help = "Show a short on-screen notice when new videos are added or rejected."},
    {"probe-timeout", OPT_DURATION, OFF(probe_timeout), "10", 1, 600, .arg = "SECONDS",
     .help = "Give up on a file that takes longer than this to open."},

    /* ---- Subtitles --------------------------------------------------- */
    {"subtitle-default-lang", OPT_LANG, OFF(subtitle_default_lang), "", .arg = "CODE", .group = "Subtitles",
     .help = "Language of subtitle files and tracks that do not say (e.g. es); empty = unknown."},
    {"subtitle-codepage", OPT_STRING, OFF(subtitle_codepage), "cp1252", .check = check_codepage, .arg = "CHARSET",
     .help = "Character set of subtitle files that are not UTF-8 and cannot be detected."},
    {"subtitle-style", OPT_ENUM, OFF(subtitle_style), "auto", .choices = substyle_names, .arg = "MODE",
     .help = "Subtitle look: auto, box or force.",
     .doc = "auto = styled (ASS) subtitles as made, plain ones in the house style;\n"
            "box = plain subtitles on a dark box; force = the house style for all."},
    {"subtitle-scale", OPT_PERCENT, OFF(subtitle_scale), "5.5", 2, 20, .arg = "PERCENT",
     .help = "Subtitle text height in percent of the screen height."},
    {"subtitle-font", OPT_STRING, OFF(subtitle_font), "Noto Sans", .check = check_not_empty, .arg = "NAME",
     .help = "Font for subtitles and on-screen text."},
    {"safe-area", OPT_PERCENT, OFF(safe_area), "5", 0, 25, .arg = "PERCENT",
     .help = "Keep text this far (percent of the screen) from the edges: TVs crop them."},

    /* ---- Language ---------------------------------------------------- */
    {"languages", OPT_LANG_LIST, OFF(languages), "", .arg = "CODES", .group = "Viewer language",
     .help = "Preferred languages in order, e.g. es,en,fr; the first is the default.",
     .doc = "When a video lacks the viewer's language, the first one in this list\n"
            "that the video has is shown. Codes: ISO 639 (es, fr, quc), optionally\n"
            "with a region (es-MX)."},
    {"language-reset", OPT_DURATION, OFF(language_reset), "20m", 0, 7 * 86400, .arg = "DURATION",
     .help = "With no remote use for this long, go back to the first language; 0 = never.",
     .doc = "Examples: 20m, 90s, 1h, 1h30m, or plain seconds."},

    /* ---- System ------------------------------------------------------ */
    {"log-level", OPT_ENUM, OFF(log_level), "info", .choices = loglevel_names, .arg = "LEVEL", .group = "System",
     .help = "How much to log: error, warn, info, verbose, debug or trace."},
    {"ipc", OPT_PATH, OFF(ipc), "", .arg = "PATH",
     .help = "Control socket for vitrinactl; empty = automatic.",
     .doc = "/run/vitrina/ipc.sock for the system service, else $XDG_RUNTIME_DIR/vitrina.sock."},
    {"state-dir", OPT_PATH, OFF(state_dir), "", .arg = "DIR",
     .help = "Where the viewer's language and volume are kept; empty = automatic.",
     .doc = "/var/lib/vitrina for the system service, else ~/.local/state/vitrina."},
};

const int options_table_count = (int)(sizeof(options_table) / sizeof(options_table[0]));

/* Built-in [language-names]: languages of the shelters' viewers whose
 * name in their own language Debian's iso-codes does not have (it gives
 * the English "Haitian", "K'iche'", "Somali", "Pushto", "Dari"). The
 * config file's [language-names] overrides them. {NULL, NULL} ends it. */
const char *const options_language_name_defaults[][2] = {
    {"ht", "Kreyòl ayisyen"},
    {"quc", "Kʼicheʼ"},
    {"kjb", "Qʼanjobʼal"},
    {"so", "Soomaali"},
    {"ps", "پښتو"},
    {"prs", "دری"},
    {NULL, NULL},
};

/* Case-insensitive, '_' = '-'. */
static bool name_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char ca = (*a == '_') ? '-' : *a, cb = (*b == '_') ? '-' : *b;
        if (ca >= 'A' && ca <= 'Z')
            ca = (char)(ca + 32);
        if (ca != cb)
            return false;
    }
    return *a == *b;
}

const struct opt_def *opt_find(const char *name)
{
    for (int i = 0; i < options_table_count; i++) {
        if (name_eq(name, options_table[i].name))
            return &options_table[i];
    }
    return NULL;
}

const char *opt_suggest(const char *name)
{
    const char *best = NULL;
    int best_d = 3;
    size_t n = strlen(name);
    for (int i = 0; i < options_table_count; i++) {
        const char *cand = options_table[i].name;
        int d = text_edit_distance(name, cand);
        /* A long name typed partly ("codepage") is close too. */
        if (d > 2 && n >= 4 && strstr(cand, name))
            d = 2;
        if (d < best_d) {
            best_d = d;
            best = cand;
        }
    }
    return best;
}
