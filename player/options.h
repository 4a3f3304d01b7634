/* options.h — every setting of Vitrina: defaults < config file < command line.
 *
 * One table (options_table.c) describes each option once: name, type,
 * default, range, help text and where it lands in struct options. The
 * --help text, the command line, the INI config file (libinih) and
 * --dump-config (a fully commented config file: the packaged
 * /etc/vitrina/vitrina.conf) are all generated from that table.
 *
 * Config file: `--config FILE`; `--config none` = no file; without
 * --config, /etc/vitrina/vitrina.conf is read if it exists (no file there
 * is not an error: built-in defaults apply). Plain settings come first
 * ("key = value", no section), then the [language-names] and [keys]
 * sections. Comments: lines starting with # or ;, and " # …" / " ; …" after
 * a value. A value may be quoted ("…") to keep spaces, # or ; in it.
 *
 * struct options is a plain record (no hidden invariants), so its fields are
 * public: the core reads them directly. Strings and lists are owned by the
 * struct and never NULL (empty string = "not set, use the automatic
 * value" where the help says so).
 *
 * Threading: options are loaded once on the main thread before other
 * threads start; afterwards treat the struct as read-only (safe to read from
 * any thread). No function here keeps state between calls.
 */
#ifndef VITRINA_OPTIONS_H
#define VITRINA_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "player/log.h"

#define OPTIONS_DEFAULT_CONFIG "/etc/vitrina/vitrina.conf"

enum opt_renderer { OPT_RENDERER_AUTO, OPT_RENDERER_SOFTWARE, OPT_RENDERER_ACCELERATED };
enum opt_hwdec { OPT_HWDEC_NO, OPT_HWDEC_AUTO, OPT_HWDEC_VAAPI };
enum opt_sub_style { OPT_SUBSTYLE_AUTO, OPT_SUBSTYLE_BOX, OPT_SUBSTYLE_FORCE };

struct opt_size {
    int w, h; /* 0x0 = automatic */
};

struct opt_list {
    char **items; /* count entries, each owned */
    int count;
};

struct opt_pair {
    char *key, *value;
};

struct opt_pairs {
    struct opt_pair *items; /* in file order; a key appears once */
    int count;
};

struct options {
    /* Playback */
    char *media_dir;           /* media-dir: the folder to loop */
    bool shuffle;              /* shuffle */
    double image_duration;     /* image-duration, seconds */
    bool audio;                /* audio (--no-audio) */
    char *audio_device;        /* audio-device: SDL device name, "" = default */
    int volume;                /* volume 0–100 */
    /* Screen */
    bool windowed;             /* windowed */
    struct opt_size size;      /* size; 0x0 = display size, 1280x720 windowed */
    enum opt_renderer renderer;
    enum opt_hwdec hwdec;
    bool vsync;
    /* Intake */
    bool watch;                /* watch the folder (inotify) */
    double settle_time;        /* seconds a new file must stay unchanged */
    double rescan_interval;    /* seconds, 0 = off */
    struct opt_list ignore;    /* extra glob patterns */
    bool intake_notice;
    double probe_timeout;      /* seconds */
    /* Subtitles */
    char *subtitle_default_lang; /* language code or "" */
    char *subtitle_codepage;   /* iconv name, default cp1252 */
    enum opt_sub_style subtitle_style;
    double subtitle_scale;     /* percent of screen height */
    char *subtitle_font;
    double safe_area;          /* percent */
    /* Language */
    struct opt_list languages; /* normalised codes, in order */
    double language_reset;     /* seconds, 0 = never */
    struct opt_pairs language_names; /* [language-names]: code → name */
    struct opt_pairs keys;     /* [keys]: key name → action name (canonical) */
    /* System */
    enum log_level log_level;
    char *ipc;                 /* "" = automatic, see options_ipc_path() */
    char *state_dir;           /* "" = automatic, see options_state_dir() */

    /* Not an option: the config file that was read (NULL if none). */
    char *config_path;
};

/* Fill *o with the built-in defaults. Returns 0, or -1 when out of memory
 * (then *o is still safe to options_free). Caller owns the contents. */
int options_init(struct options *o);

/* Free everything *o owns and zero it. NULL-safe fields; idempotent. */
void options_free(struct options *o);

/* True when both hold the same values (config_path is not compared). */
bool options_equal(const struct options *a, const struct options *b);

enum options_result {
    OPTIONS_RUN = 0,   /* go on and play */
    OPTIONS_EXIT = 1,  /* --help, --version or --dump-config printed to stdout: exit 0 */
    OPTIONS_ERROR = -1 /* bad option/config (strict mode): exit code 2 */
};

/* Load the options: options_init, then the config file, then argv
 * (`vitrina [OPTIONS] [MEDIA_DIR]`; argv[0] is the program name).
 *
 * Strict (lenient = false): any unknown key or bad value gives
 * OPTIONS_ERROR. Lenient: bad keys keep their previous (default) value and
 * the result is OPTIONS_RUN — for the appliance service, which shows the
 * problem on the idle screen instead of crash-looping.
 *
 * Every problem is one line "FILE:LINE: KEY: message" or
 * "command line: ARG: message". With errors_out, they are returned there
 * (malloc'd, caller frees; NULL when there was no problem) and not logged;
 * without it they are logged as errors (module "config").
 * *o must be options_free'd by the caller whatever the result. */
int options_load(struct options *o, int argc, char *const argv[], bool lenient, char **errors_out);

/* Set one option from text, as the config file would. Returns 0, or -1 with
 * a message in err ("unknown option" or why the value is bad; *o is
 * unchanged). err may be NULL. Caller's thread. */
int options_set(struct options *o, const char *name, const char *value, char *err, size_t err_size);

/* The value of one option as config-file text (malloc'd, caller frees);
 * NULL for an unknown name or when out of memory. */
char *options_get(const struct options *o, const char *name);

/* The --help text (malloc'd; NULL when out of memory). */
char *options_help_text(void);

/* A complete, commented config file for *o: every key with its
 * documentation; keys equal to the default are written commented out
 * ("#volume = 100") unless all_active. The shipped vitrina.conf is
 * `vitrina --config none --dump-config`. Malloc'd; NULL when out of memory. */
char *options_dump_config(const struct options *o, bool all_active);

/* A keymap with the default bindings plus the [keys] section applied
 * (keymap.h; caller frees with keymap_free). NULL when out of memory. */
struct keymap *options_build_keymap(const struct options *o);

/* The configured display name for a language code from [language-names]
 * (exact, case-insensitive match), or NULL. Points into *o. */
const char *options_language_name(const struct options *o, const char *code);

/* The IPC socket path: the ipc option; else $RUNTIME_DIRECTORY/ipc.sock
 * (systemd's RuntimeDirectory=vitrina → /run/vitrina/ipc.sock for the
 * service); else $XDG_RUNTIME_DIR/vitrina.sock; else
 * /tmp/vitrina-UID.sock. Malloc'd; NULL when out of memory. */
char *options_ipc_path(const struct options *o);

/* The state directory: the state-dir option; else $STATE_DIRECTORY
 * (systemd's StateDirectory=vitrina → /var/lib/vitrina); else
 * $XDG_STATE_HOME/vitrina; else $HOME/.local/state/vitrina; else
 * /var/lib/vitrina. Malloc'd; NULL when out of memory. */
char *options_state_dir(const struct options *o);

#endif
