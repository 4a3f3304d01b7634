/* ipc_proto.c — see ipc_proto.h. Pure protocol code: lines in, JSON out. */
#include "player/ipc_proto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_why(char *why, size_t why_size, const char *fmt, const char *arg)
{
    if (why && why_size > 0)
        snprintf(why, why_size, fmt, arg ? arg : "");
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* The error reply for a request we could only partly understand: copy its
 * request_id when it is an object that has one. */
static enum ipc_line_kind reject(json_t *msg, json_t **reply)
{
    *reply = ipc_reply_error(json_is_object(msg) ? msg : NULL, IPC_ERR_INVALID_PARAMETER);
    json_decref(msg);
    return *reply ? IPC_LINE_ERROR : IPC_LINE_IGNORE;
}

/* Validate a parsed JSON request the way mpv's json_execute_command does
 * before it runs anything. Takes ownership of msg. */
static enum ipc_line_kind validate(json_t *msg, json_t **request, json_t **reply, char *why,
                                   size_t why_size)
{
    if (!json_is_object(msg)) {
        set_why(why, why_size, "request is not a JSON object%s", NULL);
        return reject(msg, reply);
    }
    json_object_del(msg, IPC_KEY_NO_REPLY); /* internal marker, never from clients */
    json_t *async = json_object_get(msg, "async");
    if (async && !json_is_boolean(async)) {
        set_why(why, why_size, "\"async\" is not a boolean%s", NULL);
        return reject(msg, reply);
    }
    json_t *reqid = json_object_get(msg, "request_id");
    if (reqid && !json_is_integer(reqid) && json_is_true(async)) {
        set_why(why, why_size, "\"request_id\" must be an integer for async commands%s", NULL);
        return reject(msg, reply);
    }
    json_t *cmd = json_object_get(msg, "command");
    if (!cmd) {
        set_why(why, why_size, "no \"command\"%s", NULL);
        return reject(msg, reply);
    }
    if (!json_is_array(cmd) || json_array_size(cmd) == 0) {
        set_why(why, why_size, "\"command\" is not a non-empty array%s", NULL);
        return reject(msg, reply);
    }
    if (!json_is_string(json_array_get(cmd, 0))) {
        set_why(why, why_size, "command name is not a string%s", NULL);
        return reject(msg, reply);
    }
    *request = msg;
    return IPC_LINE_REQUEST;
}

enum ipc_line_kind ipc_proto_parse_line(const char *line, size_t len, json_t **request,
                                        json_t **reply, char *why, size_t why_size)
{
    *request = NULL;
    *reply = NULL;
    set_why(why, why_size, "%s", NULL);

    const char *nul = memchr(line, '\0', len);
    if (nul)
        len = (size_t)(nul - line);
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
        len--;
    size_t start = 0;
    while (start < len && (is_blank(line[start]) || line[start] == '\n'))
        start++;
    if (start == len || line[start] == '#')
        return IPC_LINE_IGNORE;

    json_error_t err;
    json_t *msg = json_loadb(line + start, len - start, JSON_DECODE_ANY, &err);
    if (msg)
        return validate(msg, request, reply, why, why_size);
    if (line[start] == '{') {
        set_why(why, why_size, "malformed JSON: %s", err.text);
        *reply = ipc_reply_error(NULL, IPC_ERR_INVALID_PARAMETER);
        return *reply ? IPC_LINE_ERROR : IPC_LINE_IGNORE;
    }

    /* Not JSON at all: a text command, which is never answered. */
    char *text = strndup(line + start, len - start);
    if (!text)
        return IPC_LINE_IGNORE;
    *request = ipc_proto_text_command(text, why, why_size);
    free(text);
    return *request ? IPC_LINE_REQUEST : IPC_LINE_IGNORE;
}

/* Read one token of a text command starting at *pp into out (which has room
 * for strlen(*pp)+1 bytes). Returns 1 for a token, 0 at the end, -1 on an
 * unterminated quote. */
static int next_token(const char **pp, char *out)
{
    const char *p = *pp;
    while (*p && is_blank(*p))
        p++;
    if (!*p) {
        *pp = p;
        return 0;
    }
    size_t n = 0;
    while (*p && !is_blank(*p)) {
        if (*p == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && p[1]) {
                    p++;
                    char c = *p;
                    out[n++] = c == 'n' ? '\n' : c == 't' ? '\t' : c;
                } else {
                    out[n++] = *p;
                }
                p++;
            }
            if (*p != '"')
                return -1;
            p++;
        } else if (*p == '\'') {
            p++;
            while (*p && *p != '\'')
                out[n++] = *p++;
            if (*p != '\'')
                return -1;
            p++;
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = '\0';
    *pp = p;
    return 1;
}

json_t *ipc_proto_text_command(const char *line, char *why, size_t why_size)
{
    set_why(why, why_size, "%s", NULL);
    char *tok = malloc(strlen(line) + 1);
    json_t *args = json_array();
    json_t *req = json_object();
    if (!tok || !args || !req)
        goto fail;
    const char *p = line;
    int rc;
    while ((rc = next_token(&p, tok)) == 1) {
        if (json_array_append_new(args, json_string(tok)) < 0) {
            set_why(why, why_size, "text command is not valid UTF-8%s", NULL);
            goto fail;
        }
    }
    if (rc < 0) {
        set_why(why, why_size, "unterminated quote in text command%s", NULL);
        goto fail;
    }
    if (json_array_size(args) == 0) {
        set_why(why, why_size, "empty text command%s", NULL);
        goto fail;
    }
    free(tok);
    json_object_set_new(req, "command", args);
    json_object_set_new(req, IPC_KEY_NO_REPLY, json_true());
    return req;
fail:
    free(tok);
    json_decref(args);
    json_decref(req);
    return NULL;
}

static json_t *reply_base(const json_t *request, const char *error)
{
    json_t *reply = json_object();
    if (!reply)
        return NULL;
    json_t *reqid = request ? json_object_get(request, "request_id") : NULL;
    json_object_set_new(reply, "request_id", reqid ? json_deep_copy(reqid) : json_integer(0));
    json_object_set_new(reply, "error", json_string(error ? error : IPC_ERR_GENERIC));
    if (request && ipc_request_no_reply(request))
        json_object_set_new(reply, IPC_KEY_NO_REPLY, json_true());
    return reply;
}

json_t *ipc_reply_success(const json_t *request, json_t *data)
{
    json_t *reply = reply_base(request, IPC_ERR_SUCCESS);
    if (reply && data)
        json_object_set(reply, "data", data);
    json_decref(data);
    return reply;
}

json_t *ipc_reply_error(const json_t *request, const char *error)
{
    return reply_base(request, error);
}

json_t *ipc_event_new(const char *name)
{
    json_t *ev = json_object();
    if (ev)
        json_object_set_new(ev, "event", json_string(name ? name : ""));
    return ev;
}

const char *ipc_request_name(const json_t *request)
{
    return json_string_value(json_array_get(json_object_get(request, "command"), 0));
}

size_t ipc_request_argc(const json_t *request)
{
    size_t n = json_array_size(json_object_get(request, "command"));
    return n > 0 ? n - 1 : 0;
}

json_t *ipc_request_arg(const json_t *request, size_t i)
{
    return json_array_get(json_object_get(request, "command"), i + 1);
}

bool ipc_request_no_reply(const json_t *request)
{
    return json_is_true(json_object_get(request, IPC_KEY_NO_REPLY));
}

char *ipc_proto_dump_line(const json_t *msg, size_t *len)
{
    char *s = json_dumps(msg, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *line = realloc(s, n + 2);
    if (!line) {
        free(s);
        return NULL;
    }
    line[n] = '\n';
    line[n + 1] = '\0';
    *len = n + 1;
    return line;
}
