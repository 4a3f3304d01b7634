/* ctl_print.c — see ctl_print.h. */
#include "player/ctl_print.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void ctl_print_value(FILE *out, const json_t *v)
{
    if (json_is_string(v)) {
        fprintf(out, "%s\n", json_string_value(v));
    } else if (json_is_integer(v)) {
        fprintf(out, "%lld\n", (long long)json_integer_value(v));
    } else if (json_is_real(v)) {
        fprintf(out, "%.6g\n", json_real_value(v));
    } else {
        char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_INDENT(2));
        fprintf(out, "%s\n", s ? s : "null");
        free(s);
    }
}

void ctl_format_time(const json_t *secs, char *buf, size_t size)
{
    if (!json_is_number(secs) || !isfinite(json_number_value(secs)) || json_number_value(secs) < 0) {
        snprintf(buf, size, "-");
        return;
    }
    long t = (long)json_number_value(secs);
    if (t >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
}

static bool needs_quotes(const char *s)
{
    return *s == '\0' || strpbrk(s, " \t\"'=\n") != NULL;
}

void ctl_print_event(FILE *out, const json_t *event)
{
    char stamp[16];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
    const char *name = json_string_value(json_object_get(event, "event"));
    fprintf(out, "%s %s", stamp, name ? name : "?");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)event, key, v) {
        if (strcmp(key, "event") == 0)
            continue;
        const char *s = json_string_value(v);
        if (s && !needs_quotes(s)) {
            fprintf(out, " %s=%s", key, s);
        } else {
            char *d = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
            fprintf(out, " %s=%s", key, d ? d : "?");
            free(d);
        }
    }
    fputc('\n', out);
}

void ctl_format_entry(const json_t *entry, char *buf, size_t size)
{
    if (json_is_string(entry)) {
        snprintf(buf, size, "%s", json_string_value(entry));
        return;
    }
    const char *name = NULL;
    const char *keys[] = {"name", "filename", "path"};
    for (size_t i = 0; i < 3 && !name; i++)
        name = json_string_value(json_object_get(entry, keys[i]));
    const char *reason = json_string_value(json_object_get(entry, "reason"));
    if (name && reason)
        snprintf(buf, size, "%s — %s", name, reason);
    else if (name)
        snprintf(buf, size, "%s", name);
    else {
        char *d = json_dumps(entry, JSON_ENCODE_ANY | JSON_COMPACT);
        snprintf(buf, size, "%s", d ? d : "?");
        free(d);
    }
}
