/* Unit tests for player/ipc_proto.c: line parsing, validation, text
 * commands and reply helpers (no sockets). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "player/ipc_proto.h"
#include "player/log.h"

static enum ipc_line_kind parse(const char *line, json_t **req, json_t **reply)
{
    char why[160];
    return ipc_proto_parse_line(line, strlen(line), req, reply, why, sizeof(why));
}

/* The line must be answered by the server with {"request_id":id,"error":err}. */
static void expect_error(const char *line, json_int_t id, const char *err)
{
    json_t *req, *reply;
    assert_int_equal(parse(line, &req, &reply), IPC_LINE_ERROR);
    assert_null(req);
    assert_non_null(reply);
    assert_string_equal(json_string_value(json_object_get(reply, "error")), err);
    assert_true(json_is_integer(json_object_get(reply, "request_id")));
    assert_int_equal(json_integer_value(json_object_get(reply, "request_id")), id);
    assert_null(json_object_get(reply, "data"));
    json_decref(reply);
}

static void test_malformed_and_invalid(void **state)
{
    (void)state;
    expect_error("{", 0, IPC_ERR_INVALID_PARAMETER);
    expect_error("{\"command\": [\"x\"]", 0, IPC_ERR_INVALID_PARAMETER);
    expect_error("{\"command\": [\"x\"]} trailing", 0, IPC_ERR_INVALID_PARAMETER);
    expect_error("{\"command\": [\"x\xff\"]}", 0, IPC_ERR_INVALID_PARAMETER);
    expect_error("[1, 2]", 0, IPC_ERR_INVALID_PARAMETER);
    expect_error("42", 0, IPC_ERR_INVALID_PARAMETER);
    expect_error("\"get_property\"", 0, IPC_ERR_INVALID_PARAMETER);
    expect_error("{}", 0, IPC_ERR_INVALID_PARAMETER);
    expect_error("{\"request_id\": 5}", 5, IPC_ERR_INVALID_PARAMETER);
    expect_error("{\"command\": \"get_property path\", \"request_id\": 6}", 6, IPC_ERR_INVALID_PARAMETER);
    expect_error("{\"command\": [], \"request_id\": 7}", 7, IPC_ERR_INVALID_PARAMETER);
    expect_error("{\"command\": [3, \"x\"], \"request_id\": 8}", 8, IPC_ERR_INVALID_PARAMETER);
    expect_error("{\"command\": {\"name\": \"seek\"}, \"request_id\": 9}", 9, IPC_ERR_INVALID_PARAMETER);
    expect_error("{\"command\": [\"x\"], \"async\": 1, \"request_id\": 10}", 10, IPC_ERR_INVALID_PARAMETER);
    /* Like mpv: an async command needs an integer request_id. */
    json_t *req, *reply;
    assert_int_equal(parse("{\"command\":[\"x\"],\"async\":true,\"request_id\":\"a\"}", &req, &reply),
                     IPC_LINE_ERROR);
    assert_string_equal(json_string_value(json_object_get(reply, "request_id")), "a");
    json_decref(reply);
}

static void test_valid_requests(void **state)
{
    (void)state;
    json_t *req, *reply;
    assert_int_equal(parse("  {\"command\":[\"get_property\",\"path\"],\"request_id\":7}\r", &req, &reply),
                     IPC_LINE_REQUEST);
    assert_null(reply);
    assert_string_equal(ipc_request_name(req), "get_property");
    assert_int_equal(ipc_request_argc(req), 1);
    assert_string_equal(json_string_value(ipc_request_arg(req, 0)), "path");
    assert_null(ipc_request_arg(req, 1));
    assert_false(ipc_request_no_reply(req));
    json_decref(req);

    /* async and unknown fields are accepted; the internal marker is stripped. */
    assert_int_equal(parse("{\"command\":[\"seek\",10],\"async\":true,\"request_id\":1,"
                           "\"foo\":1,\"" IPC_KEY_NO_REPLY "\":true}", &req, &reply),
                     IPC_LINE_REQUEST);
    assert_false(ipc_request_no_reply(req));
    assert_int_equal(json_integer_value(ipc_request_arg(req, 0)), 10);
    json_decref(req);

    /* An embedded NUL ends the line, as in mpv. */
    const char nul[] = "{\"command\":[\"quit\"]}\0garbage";
    char why[64];
    assert_int_equal(ipc_proto_parse_line(nul, sizeof(nul) - 1, &req, &reply, why, sizeof(why)),
                     IPC_LINE_REQUEST);
    json_decref(req);
}

static void test_ignored_lines(void **state)
{
    (void)state;
    json_t *req, *reply;
    const char *lines[] = {"", "   ", "\r", "\t \r", "# a comment", "   # indented comment"};
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        assert_int_equal(parse(lines[i], &req, &reply), IPC_LINE_IGNORE);
        assert_null(req);
        assert_null(reply);
    }
}

static void expect_text(const char *line, const char *expected_command_json)
{
    json_t *req, *reply;
    assert_int_equal(parse(line, &req, &reply), IPC_LINE_REQUEST);
    assert_true(ipc_request_no_reply(req));
    char *got = json_dumps(json_object_get(req, "command"), JSON_COMPACT);
    assert_string_equal(got, expected_command_json);
    free(got);
    json_decref(req);
}

static void test_text_commands(void **state)
{
    (void)state;
    expect_text("cycle pause", "[\"cycle\",\"pause\"]");
    expect_text("  playlist-next  \r", "[\"playlist-next\"]");
    expect_text("set_property language fr", "[\"set_property\",\"language\",\"fr\"]");
    expect_text("screenshot-to-file \"/tmp/a b.png\"", "[\"screenshot-to-file\",\"/tmp/a b.png\"]");
    expect_text("keypress 'OK'", "[\"keypress\",\"OK\"]");
    expect_text("x \"q\\\"uote\\\\\" a'b c'd", "[\"x\",\"q\\\"uote\\\\\",\"ab cd\"]");
    json_t *req, *reply;
    assert_int_equal(parse("seek \"10", &req, &reply), IPC_LINE_IGNORE); /* unterminated */
    assert_null(req);
    assert_null(reply);
    assert_null(ipc_proto_text_command("   ", NULL, 0));
}

static void test_reply_helpers(void **state)
{
    (void)state;
    json_t *req = json_pack("{s:[s,s],s:s}", "command", "get_property", "path", "request_id", "abc");
    json_t *r = ipc_reply_success(req, json_string("a.mp4"));
    char *s = json_dumps(r, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(s, "{\"data\":\"a.mp4\",\"error\":\"success\",\"request_id\":\"abc\"}");
    free(s);
    json_decref(r);

    r = ipc_reply_success(req, NULL); /* like mpv's set_property: no data field */
    assert_null(json_object_get(r, "data"));
    json_decref(r);

    r = ipc_reply_error(req, IPC_ERR_PROPERTY_NOT_FOUND);
    assert_string_equal(json_string_value(json_object_get(r, "error")), "property not found");
    assert_string_equal(json_string_value(json_object_get(r, "request_id")), "abc");
    json_decref(r);
    json_decref(req);

    r = ipc_reply_error(NULL, IPC_ERR_INVALID_PARAMETER);
    assert_int_equal(json_integer_value(json_object_get(r, "request_id")), 0);
    json_decref(r);

    /* Replies to text commands carry the marker so that ipc_send drops them. */
    json_t *text = ipc_proto_text_command("cycle pause", NULL, 0);
    r = ipc_reply_success(text, NULL);
    assert_true(ipc_request_no_reply(r));
    json_decref(r);
    json_decref(text);

    json_t *ev = ipc_event_new("end-file");
    json_object_set_new(ev, "reason", json_string("eof"));
    size_t len;
    char *line = ipc_proto_dump_line(ev, &len);
    assert_string_equal(line, "{\"event\":\"end-file\",\"reason\":\"eof\"}\n");
    assert_int_equal(len, strlen(line));
    free(line);
    json_decref(ev);

    /* Strings with newlines never break the one-line framing. */
    json_t *nl = json_pack("{s:s}", "data", "a\nb");
    line = ipc_proto_dump_line(nl, &len);
    assert_ptr_equal(strchr(line, '\n'), line + len - 1);
    free(line);
    json_decref(nl);
}

/* Random lines built from JSON-ish pieces and bad bytes: whatever comes in,
 * the result is one of the three kinds with its invariants (and, under
 * ASan/UBSan, no memory error). Deterministic seed. */
static void test_random_lines(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "{", "}", "[", "]", "\"", ":", ",", "\\", "command", "request_id", "async", "true",
        "null", "1e999", "-0", "\"get_property\"", "\"command\":", " ", "\t", "\r", "#",
        "\xff", "\xc3\xa9", "\xe2\x80", "'", "\\u0000", "\\ud800", "{\"command\":[\"x\"]}",
    };
    const size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
    unsigned seed = 12345;
    int kinds[3] = {0};
    for (int iter = 0; iter < 20000; iter++) {
        char line[512];
        size_t len = 0;
        int n = (int)(rand_r(&seed) % 24);
        for (int k = 0; k < n; k++) {
            const char *p = pieces[(size_t)rand_r(&seed) % npieces];
            size_t pl = strlen(p);
            if (len + pl >= sizeof(line))
                break;
            memcpy(line + len, p, pl);
            len += pl;
        }
        if (rand_r(&seed) % 8 == 0 && len > 0)
            line[(size_t)rand_r(&seed) % len] = '\0'; /* embedded NUL */
        json_t *req, *reply;
        char why[128];
        enum ipc_line_kind kind = ipc_proto_parse_line(line, len, &req, &reply, why, sizeof(why));
        kinds[kind]++;
        switch (kind) {
        case IPC_LINE_IGNORE:
            assert_null(req);
            assert_null(reply);
            break;
        case IPC_LINE_ERROR:
            assert_null(req);
            assert_string_equal(json_string_value(json_object_get(reply, "error")), IPC_ERR_INVALID_PARAMETER);
            assert_non_null(json_object_get(reply, "request_id"));
            break;
        case IPC_LINE_REQUEST:
            assert_null(reply);
            assert_non_null(ipc_request_name(req));
            break;
        }
        json_decref(req);
        json_decref(reply);
    }
    /* The generator reaches every kind. */
    assert_true(kinds[IPC_LINE_IGNORE] > 0 && kinds[IPC_LINE_ERROR] > 0 && kinds[IPC_LINE_REQUEST] > 0);
}

int main(void)
{
    log_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_malformed_and_invalid),
        cmocka_unit_test(test_valid_requests),
        cmocka_unit_test(test_ignored_lines),
        cmocka_unit_test(test_text_commands),
        cmocka_unit_test(test_reply_helpers),
        cmocka_unit_test(test_random_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
