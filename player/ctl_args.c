/* ctl_args.c — see ctl_args.h. */
#include "player/ctl_args.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYSTEM_SOCKET "/run/vitrina/ipc.sock"

struct cmd_def {
    const char *name;
    enum ctl_cmd cmd;
    int nargs;
    const char *args; /* for messages */
};

static const struct cmd_def cmds[] = {
    {"status", CTL_CMD_STATUS, 0, ""},
    {"next", CTL_CMD_NEXT, 0, ""},
    {"prev", CTL_CMD_PREV, 0, ""},
    {"pause", CTL_CMD_PAUSE, 0, ""},
    {"lang", CTL_CMD_LANG, 1, " CODE|off"},
    {"screenshot", CTL_CMD_SCREENSHOT, 1, " FILE"},
    {"get", CTL_CMD_GET, 1, " PROPERTY"},
    {"set", CTL_CMD_SET, 2, " PROPERTY VALUE"},
    {"key", CTL_CMD_KEY, 1, " KEY"},
    {"watch", CTL_CMD_WATCH, 0, ""},
    {"help", CTL_CMD_HELP, 0, ""},
};

void ctl_usage(FILE *f)
{
    fputs("Usage: vitrinactl [--socket PATH] [--json] [--timeout SECONDS] COMMAND [ARGS]\n"
          "\n"
          "Control a running Vitrina player through its control socket.\n"
          "\n"
          "Commands:\n"
          "  status              what is playing: file, position, language, playlist, health\n"
          "  next, prev          play the next / previous video\n"
          "  pause               pause or resume (prints the new state)\n"
          "  lang CODE|off       choose the viewers' language (e.g. fr, es, off)\n"
          "  screenshot FILE     save a PNG of exactly what the screen shows\n"
          "  get PROPERTY        print a property (e.g. playlist, track-list, language)\n"
          "  set PROPERTY VALUE  set a property; VALUE is read as JSON when it is JSON\n"
          "                      (10, 1.5, true, \"text\"), else as a string\n"
          "  key KEY             press a remote button: UP DOWN LEFT RIGHT OK BACK MENU INFO\n"
          "                      PLAYPAUSE NEXT PREV VOLUME_UP VOLUME_DOWN MUTE SUBTITLE\n"
          "                      LANGUAGE RED GREEN YELLOW BLUE\n"
          "  watch               print player events as they happen, one per line\n"
          "\n"
          "Options:\n"
          "  --socket PATH       the player's control socket. Default: $VITRINA_IPC if set;\n"
          "                      else the first that exists of $XDG_RUNTIME_DIR/vitrina.sock\n"
          "                      and " SYSTEM_SOCKET "\n"
          "  --json              print the player's replies (and events) as raw JSON\n"
          "  --timeout SECONDS   how long to wait for a reply (default 10, screenshot 30)\n"
          "  -h, --help          show this help\n"
          "\n"
          "Exit status: 0 ok, 1 the player replied with an error or not in time,\n"
          "2 usage error, 3 cannot connect to the player.\n",
          f);
}

static int usage_error(FILE *err, const char *fmt, const char *arg)
{
    fputs("vitrinactl: ", err);
    fprintf(err, fmt, arg);
    fputs("\nTry 'vitrinactl --help'.\n", err);
    return -1;
}

/* An option taking a value: "--name VALUE" or "--name=VALUE". Returns the
 * value (advancing *i) or NULL when `tok` is not this option. */
static const char *opt_value(const char *name, int argc, char **argv, int *i, bool *missing)
{
    size_t n = strlen(name);
    const char *tok = argv[*i];
    if (strncmp(tok, name, n) != 0)
        return NULL;
    if (tok[n] == '=')
        return tok + n + 1;
    if (tok[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

int ctl_args_parse(int argc, char **argv, struct ctl_args *a, FILE *err)
{
    memset(a, 0, sizeof(*a));
    const char *pos[4];
    int npos = 0;
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        const char *tok = argv[i];
        bool missing = false;
        const char *v;
        if (!opts_done && strcmp(tok, "--") == 0) {
            opts_done = true;
        } else if (!opts_done && (strcmp(tok, "-h") == 0 || strcmp(tok, "--help") == 0)) {
            a->cmd = CTL_CMD_HELP;
            return 0;
        } else if (!opts_done && strcmp(tok, "--json") == 0) {
            a->json = true;
        } else if (!opts_done && (v = opt_value("--socket", argc, argv, &i, &missing))) {
            if (!*v)
                return usage_error(err, "--socket needs a path%s", "");
            a->socket = v;
        } else if (!opts_done && (v = opt_value("--timeout", argc, argv, &i, &missing))) {
            char *end;
            a->timeout = strtod(v, &end);
            if (end == v || *end || !(a->timeout > 0) || a->timeout > 86400)
                return usage_error(err, "--timeout needs a number of seconds, not '%s'", v);
        } else if (missing) {
            return usage_error(err, "%s needs a value", tok);
        } else if (!opts_done && strncmp(tok, "--", 2) == 0) {
            return usage_error(err, "unknown option '%s'", tok);
        } else if (npos < 4) {
            pos[npos++] = tok;
        } else {
            return usage_error(err, "too many arguments%s", "");
        }
    }
    if (npos == 0)
        return usage_error(err, "no command given%s", "");
    const struct cmd_def *def = NULL;
    for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++)
        if (strcmp(cmds[k].name, pos[0]) == 0)
            def = &cmds[k];
    if (!def)
        return usage_error(err, "unknown command '%s'", pos[0]);
    if (npos - 1 != def->nargs) {
        fprintf(err, "vitrinactl: usage: vitrinactl %s%s\nTry 'vitrinactl --help'.\n", def->name,
                def->args);
        return -1;
    }
    a->cmd = def->cmd;
    for (int k = 1; k < npos; k++)
        a->arg[k - 1] = pos[k];
    return 0;
}

double ctl_args_timeout(const struct ctl_args *a)
{
    if (a->timeout > 0)
        return a->timeout;
    return a->cmd == CTL_CMD_SCREENSHOT ? 30.0 : 10.0;
}

json_t *ctl_parse_value(const char *s)
{
    json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(s);
}

/* FILE as an absolute path: the player runs elsewhere (another cwd). */
static json_t *absolute_path(const char *file)
{
    if (file[0] == '/')
        return json_string(file);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof(cwd)))
        return NULL;
    while (strncmp(file, "./", 2) == 0)
        file += 2;
    size_t n = strlen(cwd) + strlen(file) + 2;
    char *p = malloc(n);
    if (!p)
        return NULL;
    snprintf(p, n, "%s%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/", file);
    json_t *j = json_string(p);
    free(p);
    return j;
}

static json_t *upper(const char *s)
{
    char *u = strdup(s);
    if (!u)
        return NULL;
    for (char *p = u; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    json_t *j = json_string(u);
    free(u);
    return j;
}

json_t *ctl_args_command(const struct ctl_args *a, char *why, size_t why_size)
{
    json_t *v = NULL;
    const char *name = NULL;
    const char *prop = NULL;
    switch (a->cmd) {
    case CTL_CMD_NEXT:
        return json_pack("[s]", "playlist-next");
    case CTL_CMD_PREV:
        return json_pack("[s]", "playlist-prev");
    case CTL_CMD_PAUSE:
        return json_pack("[s,s]", "cycle", "pause");
    case CTL_CMD_LANG:
        name = "set_property", prop = "language", v = json_string(a->arg[0]);
        break;
    case CTL_CMD_SCREENSHOT:
        name = "screenshot-to-file", v = absolute_path(a->arg[0]);
        break;
    case CTL_CMD_GET:
        name = "get_property", v = json_string(a->arg[0]);
        break;
    case CTL_CMD_SET:
        name = "set_property", prop = a->arg[0], v = ctl_parse_value(a->arg[1]);
        break;
    case CTL_CMD_KEY:
        name = "keypress", v = upper(a->arg[0]);
        break;
    default:
        snprintf(why, why_size, "this command sends no single request");
        return NULL;
    }
    json_t *p = prop ? json_string(prop) : NULL;
    if (!v || (prop && !p)) {
        snprintf(why, why_size, "arguments must be valid UTF-8 (and the current directory readable)");
        json_decref(v);
        json_decref(p);
        return NULL;
    }
    return p ? json_pack("[s,o,o]", name, p, v) : json_pack("[s,o]", name, v);
}

static bool is_socket(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

void ctl_default_socket(const char *explicit_path, char *buf, size_t size, char *also_tried,
                        size_t also_size)
{
    also_tried[0] = '\0';
    const char *env = getenv("VITRINA_IPC");
    if (explicit_path || (env && *env)) {
        snprintf(buf, size, "%s", explicit_path ? explicit_path : env);
        return;
    }
    char user[PATH_MAX] = "";
    const char *xdg = getenv("XDG_RUNTIME_DIR");
    if (xdg && *xdg)
        snprintf(user, sizeof(user), "%s/vitrina.sock", xdg);
    if (user[0] && (is_socket(user) || !is_socket(SYSTEM_SOCKET))) {
        snprintf(buf, size, "%s", user);
        snprintf(also_tried, also_size, "%s", SYSTEM_SOCKET);
    } else {
        snprintf(buf, size, "%s", SYSTEM_SOCKET);
        snprintf(also_tried, also_size, "%s", user);
    }
}
