/* options_doc.c — the texts generated from the option table: --help and
 * --dump-config (the commented config file shipped as
 * /etc/vitrina/vitrina.conf; vitrina.conf(5) is generated from it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/keymap.h"
#include "player/options_priv.h"

#define HELP_COL 30

/* ---- --help -------------------------------------------------------------- */

static void help_line(struct strbuf *sb, const char *left, const char *text)
{
    size_t n = strlen(left);
    if (n + 3 > HELP_COL)
        strbuf_addf(sb, "  %s\n%*s%s\n", left, HELP_COL, "", text);
    else
        strbuf_addf(sb, "  %s%*s%s\n", left, (int)(HELP_COL - 2 - n), "", text);
}

char *options_help_text(void)
{
    struct strbuf sb = {0};
    strbuf_add(&sb, "Usage: vitrina [OPTIONS] [MEDIA_DIR]\n"
                    "Loops the videos and pictures of a folder full screen, with subtitles in the\n"
                    "language each viewer picks with the remote.\n\n");
    help_line(&sb, "-h, --help", "Show this help and exit.");
    help_line(&sb, "-V, --version", "Show the version and exit.");
    help_line(&sb, "    --config FILE", "Read settings from FILE; \"none\" = no file.");
    help_line(&sb, "", "Default: " OPTIONS_DEFAULT_CONFIG " if it exists.");
    help_line(&sb, "    --dump-config", "Print a commented config file with the settings");
    help_line(&sb, "", "in effect (defaults, file, command line) and exit.");
    for (int i = 0; i < options_table_count; i++) {
        const struct opt_def *d = &options_table[i];
        char left[96], *def = NULL;
        if (d->group)
            strbuf_addf(&sb, "\n%s:\n", d->group);
        if (d->type == OPT_BOOL)
            snprintf(left, sizeof(left), "    --[no-]%s", d->name);
        else
            snprintf(left, sizeof(left), "    --%s %s", d->name, d->arg ? d->arg : "VALUE");
        help_line(&sb, left, d->help);
        if (d->type == OPT_ENUM || d->type == OPT_BOOL || *d->defval)
            def = strdup(d->defval);
        if (def) {
            char text[160];
            snprintf(text, sizeof(text), "(default: %s)", def);
            help_line(&sb, "", text);
            free(def);
        }
    }
    strbuf_add(&sb, "\nEvery option can also be set in the config file as \"name = value\";\n"
                    "the command line wins over the file, the file over the defaults.\n"
                    "See vitrina.conf(5), or: vitrina --config none --dump-config\n");
    return strbuf_take(&sb);
}

/* ---- --dump-config ------------------------------------------------------- */

static void comment_lines(struct strbuf *sb, const char *text)
{
    while (text && *text) {
        size_t n = strcspn(text, "\n");
        strbuf_addf(sb, "# %.*s\n", (int)n, text);
        text += n;
        if (*text == '\n')
            text++;
    }
}

/* Write "key = value", quoted when the file reader would otherwise change
 * the value (spaces at the ends, comment characters, a leading quote). */
static void key_value(struct strbuf *sb, const char *prefix, const char *key, const char *value)
{
    size_t n = strlen(value);
    bool quote = n > 0 && (value[0] == '"' || value[0] == ' ' || value[n - 1] == ' ' || strpbrk(value, "#;"));
    if (n == 0)
        strbuf_addf(sb, "%s%s =\n", prefix, key);
    else
        strbuf_addf(sb, quote ? "%s%s = \"%s\"\n" : "%s%s = %s\n", prefix, key, value);
}

static const char dump_header[] =
    "# Vitrina configuration file (vitrina.conf, see vitrina.conf(5)).\n"
    "#\n"
    "# The system service reads /etc/vitrina/vitrina.conf; after a change run\n"
    "#     sudo systemctl restart vitrina\n"
    "# A mistake in this file is shown on the TV instead of the videos, with the\n"
    "# line number, until it is fixed.\n"
    "#\n"
    "# One setting per line: key = value. Lines starting with # are comments.\n"
    "# A setting that is commented out (#key = value) keeps the built-in default\n"
    "# shown. yes/no settings take yes or no. Durations: 90s, 20m, 1h, 1h30m or\n"
    "# plain seconds. Put text in \"quotes\" to keep spaces, # or ; in it.\n"
    "# Write this file as UTF-8 text. Options on the command line (vitrina --help)\n"
    "# win over this file.\n";

static const char keys_intro[] =
    "# Which remote button, keyboard key or gamepad button does what:\n"
    "#     KEY NAME = ACTION\n"
    "# Key names:\n"
    "#   - kernel names as `evtest` or `ir-keytable -t` show them (KEY_OK,\n"
    "#     KEY_RED, KEY_HOMEPAGE, …); these also cover the key when it\n"
    "#     arrives as a keyboard key;\n"
    "#   - keyboard keys as SDL names them (Return, Space, F1, Keypad Enter, M);\n"
    "#   - gamepad buttons: pad.a, pad.b, pad.x, pad.y, pad.start, pad.back,\n"
    "#     pad.dpup, pad.dpdown, pad.dpleft, pad.dpright, pad.leftshoulder, …\n"
    "# Actions: UP DOWN LEFT RIGHT OK BACK MENU INFO PLAYPAUSE NEXT PREV\n"
    "# VOLUME_UP VOLUME_DOWN MUTE SUBTITLE LANGUAGE RED GREEN YELLOW BLUE, and\n"
    "# NONE to make a key do nothing. Lines here add to or replace the\n"
    "# defaults, which are:\n";

char *options_dump_config(const struct options *o, bool all_active)
{
    struct options defaults;
    struct strbuf sb = {0};
    if (options_init(&defaults) < 0) {
        options_free(&defaults);
        return NULL;
    }
    strbuf_add(&sb, dump_header);
    for (int i = 0; i < options_table_count; i++) {
        const struct opt_def *d = &options_table[i];
        char *value = opt_format(d, o);
        if (!value) {
            sb.oom = true;
            break;
        }
        if (d->group)
            strbuf_addf(&sb, "\n## %s\n", d->group);
        strbuf_add(&sb, "\n");
        comment_lines(&sb, d->help);
        comment_lines(&sb, d->doc);
        key_value(&sb, (all_active || !opt_equal(d, o, &defaults)) ? "" : "#", d->name, value);
        free(value);
    }
    options_free(&defaults);

    strbuf_add(&sb, "\n[language-names]\n"
                    "# The name shown in the language picker for a language code, written in\n"
                    "# that language. Names come from Debian's iso-codes; add missing ones or\n"
                    "# replace them here, e.g.:\n"
                    "#quc = Kʼicheʼ\n");
    for (int i = 0; i < o->language_names.count; i++)
        key_value(&sb, "", o->language_names.items[i].key, o->language_names.items[i].value);

    strbuf_add(&sb, "\n[keys]\n");
    strbuf_add(&sb, keys_intro);
    struct keymap *km = keymap_new_default();
    char *desc = km ? keymap_describe(km, "#   ") : NULL;
    if (!desc)
        sb.oom = true;
    else
        strbuf_add(&sb, desc);
    free(desc);
    keymap_free(km);
    strbuf_add(&sb, "# Examples:\n#KEY_RED = SUBTITLE\n#F1 = LANGUAGE\n#KEY_POWER = NONE\n");
    for (int i = 0; i < o->keys.count; i++)
        key_value(&sb, "", o->keys.items[i].key, o->keys.items[i].value);
    return strbuf_take(&sb);
}
