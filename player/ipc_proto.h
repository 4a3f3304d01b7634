/* ipc_proto.h — the mpv JSON IPC protocol, without sockets.
 *
 * One JSON object per line: {"command":["name", args...], "request_id":N}.
 * Replies: {"request_id":N,"error":"success","data":...}; events:
 * {"event":"name", ...}. This file turns received lines into validated
 * requests (or into the error reply mpv itself would send), and builds
 * replies and events. The core decides what a command means.
 *
 * Decisions (see also README "Control protocol"):
 *  - Empty lines and lines starting with '#' are ignored (as mpv).
 *  - Malformed JSON, a non-object, a missing/non-array/empty "command", a
 *    non-string command name, a non-boolean "async", or "async":true with a
 *    non-integer request_id → {"request_id":0|id,"error":"invalid parameter"}
 *    from the server itself (mpv's behaviour); the core never sees them.
 *  - "request_id" is copied verbatim into the reply (any JSON value, as mpv
 *    still tolerates); without one the reply carries "request_id":0.
 *  - "async" is accepted and otherwise ignored: every reply is already sent
 *    when the core has finished the command.
 *  - mpv's named-argument form ({"command":{"name":...}}) is not supported:
 *    "invalid parameter".
 *  - client_name ("ipc-N") and get_time_us are answered by the server
 *    itself, as mpv's IPC layer does; everything else goes to the core.
 *  - A line that is JSON but not an object (`[1,2]`, `42`, `"x"`) gets
 *    "invalid parameter" (mpv would try it as a text command and fail
 *    silently; a reply is more useful).
 *  - Text commands (a line that is not JSON, e.g. `cycle pause`, as in
 *    mpv's input.conf) are accepted: split into string arguments ("double
 *    quotes" with backslash escapes, 'single quotes' literal) and run like
 *    JSON commands, but — as in mpv — never answered. Such requests carry
 *    IPC_KEY_NO_REPLY; the reply helpers copy it and ipc_send() drops those
 *    replies (logging failures).
 *
 * All functions are pure (no I/O, no shared state) and thread-safe.
 */
#ifndef VITRINA_IPC_PROTO_H
#define VITRINA_IPC_PROTO_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* mpv's error strings (mpv_error_string()), for replies. */
#define IPC_ERR_SUCCESS "success"
#define IPC_ERR_NOMEM "memory allocation failed"
#define IPC_ERR_INVALID_PARAMETER "invalid parameter"
#define IPC_ERR_OPTION_NOT_FOUND "option not found"
#define IPC_ERR_PROPERTY_NOT_FOUND "property not found"
#define IPC_ERR_PROPERTY_FORMAT "unsupported format for accessing property"
#define IPC_ERR_PROPERTY_UNAVAILABLE "property unavailable"
#define IPC_ERR_PROPERTY_ERROR "error accessing property"
#define IPC_ERR_COMMAND "error running command"
#define IPC_ERR_LOADING_FAILED "loading failed"
#define IPC_ERR_NOTHING_TO_PLAY "no audio or video data played"
#define IPC_ERR_UNKNOWN_FORMAT "unrecognized file format"
#define IPC_ERR_NOT_SUPPORTED "not supported"
#define IPC_ERR_NOT_IMPLEMENTED "operation not implemented"
#define IPC_ERR_GENERIC "something happened"
/* Not an mpv string: mpv answers an unknown command with "invalid parameter",
 * and so does the player (core_commands.c). Kept for the server's unit
 * tests' fake core. */
#define IPC_ERR_UNKNOWN_COMMAND "unknown command"

/* Internal request/reply marker for text commands (never sent on the wire;
 * stripped from JSON requests received from clients). */
#define IPC_KEY_NO_REPLY "vitrina-no-reply"

enum ipc_line_kind {
    IPC_LINE_IGNORE,  /* empty, whitespace or '#' comment: nothing to do */
    IPC_LINE_REQUEST, /* *request is a valid request for the core */
    IPC_LINE_ERROR,   /* *reply is the error reply to send back */
};

/* Classify and parse one received line (without its '\n'; a trailing '\r'
 * is tolerated; `len` bytes, need not be NUL-terminated; an embedded NUL
 * ends the line, as in mpv). On IPC_LINE_REQUEST *request receives a new
 * reference (caller owns); on IPC_LINE_ERROR *reply does. `why` (may be
 * NULL) receives a short static-or-buffered explanation for the log, in a
 * caller buffer of `why_size` bytes. */
enum ipc_line_kind ipc_proto_parse_line(const char *line, size_t len, json_t **request,
                                        json_t **reply, char *why, size_t why_size);

/* Split a text command (mpv input.conf style) into a request
 * {"command":[...], IPC_KEY_NO_REPLY:true}. Returns NULL on a syntax error
 * (unterminated quote, empty command); `why` as above. Caller owns. */
json_t *ipc_proto_text_command(const char *line, char *why, size_t why_size);

/* Build a reply to `request` (may be NULL: then request_id is 0):
 * {"request_id":<copied or 0>,"error":"success"[,"data":data]}.
 * `data` is stolen (NULL = no "data" field, like mpv's set_property reply;
 * pass json_null() for an explicit null). Returns a new reference, or NULL
 * on allocation failure. Any thread. */
json_t *ipc_reply_success(const json_t *request, json_t *data);

/* {"request_id":<copied or 0>,"error":error}; error is one of IPC_ERR_*.
 * Returns a new reference (NULL on allocation failure). Any thread. */
json_t *ipc_reply_error(const json_t *request, const char *error);

/* {"event":name}; add fields with json_object_set_new(). New reference. */
json_t *ipc_event_new(const char *name);

/* Accessors for a validated request (borrowed pointers; valid while the
 * caller holds the request). ipc_request_name: command[0].
 * ipc_request_argc: number of arguments after the name.
 * ipc_request_arg(req, 0) is the first argument after the name, NULL when
 * out of range. ipc_request_no_reply: true for text commands. */
const char *ipc_request_name(const json_t *request);
size_t ipc_request_argc(const json_t *request);
json_t *ipc_request_arg(const json_t *request, size_t i);
bool ipc_request_no_reply(const json_t *request);

/* Serialize msg as one compact line (JSON_COMPACT, '\n' appended). Returns a
 * malloc'd string (caller frees) and its length in *len, or NULL. */
char *ipc_proto_dump_line(const json_t *msg, size_t *len);

#endif
