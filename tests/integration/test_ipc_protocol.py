#!/usr/bin/env python3
"""Control protocol conformance, part 1: framing, replies and bad input
(issue 3), against the real player, byte by byte on a raw socket.

Checked, with mpv's behaviour (DOCS/man/ipc.rst, input/ipc.c) as the
reference: the reply shape (request_id copied verbatim — integer, string
or object — or 0 when absent; "data" only when there is data), "async";
malformed JSON, non-objects, missing/empty/non-array "command", a
non-string name, unknown commands, wrong argument counts and types all get
"invalid parameter" and the connection stays usable; empty lines and '#'
comments get nothing; text commands (`cycle pause`) act but are not
answered; CRLF endings; an embedded NUL ends the line; client_name and
get_time_us; a line of exactly 64 KiB is served, a longer one (also sent in
pieces, also 1 MiB) gets one "invalid parameter" and is discarded up to its
newline; 2,000 pipelined requests mixed with bad lines are answered one
each, in request order (the server's back-pressure holds the excess).
"""
# ctest-timeout: 120
import json
import os
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtcheck  # noqa: E402
import vtipc  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from vtcheck import check  # noqa: E402

MAX_LINE = 64 * 1024


class Raw:
    """A bare connection: exact bytes out, reply lines in (events skipped)."""

    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.connect(path)
        self.buf = b""

    def send(self, data):
        self.s.sendall(data)

    def _line(self, deadline):
        while b"\n" not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                return None
            self.s.settimeout(left)
            try:
                d = self.s.recv(1 << 16)
            except socket.timeout:
                return None
            if not d:
                raise EOFError("player closed the connection")
            self.buf += d
        line, self.buf = self.buf.split(b"\n", 1)
        return line

    def reply(self, timeout=10.0):
        """The next reply (a line without "event"), parsed; None on timeout."""
        deadline = time.time() + timeout
        while True:
            line = self._line(deadline)
            if line is None:
                return None
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def ask(self, obj, timeout=10.0):
        self.send((json.dumps(obj) + "\n").encode())
        return self.reply(timeout)

    def close(self):
        self.s.close()


def wait_playing(p, timeout=30.0):
    deadline = time.time() + timeout
    while p.ipc.request("get_property", "filename").get("error") != "success":
        if time.time() > deadline:
            raise AssertionError("nothing plays after %.0f s" % timeout)
        time.sleep(0.05)


def replies_shape(r):
    ok = r.ask({"command": ["get_property", "playlist-count"], "request_id": 7})
    check(ok == {"request_id": 7, "error": "success", "data": 2}, "get_property reply: %r" % ok)
    ok = r.ask({"command": ["get_property", "playlist-count"]})
    check(ok == {"request_id": 0, "error": "success", "data": 2}, "no request_id must give request_id 0: %r" % ok)
    for rid in ["abc", {"k": [1, 2]}, -5, 2 ** 40]:
        got = r.ask({"command": ["get_property", "mute"], "request_id": rid})
        check(got and got.get("request_id") == rid and got.get("error") == "success",
              "request_id %r not copied verbatim: %r" % (rid, got))
    got = r.ask({"command": ["set_property", "mute", False], "request_id": 3})
    check(got == {"request_id": 3, "error": "success"}, "set_property reply carries data or lacks fields: %r" % got)
    got = r.ask({"command": ["get_property", "mute"], "request_id": 4, "async": True})
    check(got and got.get("error") == "success" and got.get("request_id") == 4, "async request: %r" % got)
    got = r.ask({"command": ["get_property", "mute"], "request_id": 5, "async": "yes"})
    check(got == {"request_id": 5, "error": "invalid parameter"}, "async not boolean: %r" % got)
    got = r.ask({"command": ["get_property", "mute"], "request_id": "x", "async": True})
    check(got and got.get("error") == "invalid parameter", "async with a string request_id: %r" % got)
    got = r.ask({"command": ["client_name"], "request_id": 6})
    check(got and got.get("error") == "success" and str(got.get("data", "")).startswith("ipc-"),
          "client_name: %r" % got)
    got = r.ask({"command": ["get_time_us"], "request_id": 8})
    check(got and isinstance(got.get("data"), int) and got["data"] > 0, "get_time_us: %r" % got)


BAD_LINES = [
    (b'{"command":["get_property","pause"]', 0, "truncated JSON"),
    (b'{"command":["get_property","pause"],"request_id":11,}', 0, "trailing comma"),
    (b'[1,2]', 0, "JSON array"),
    (b'42', 0, "JSON number"),
    (b'{"request_id":12}', 12, "no command"),
    (b'{"command":"get_property pause","request_id":13}', 13, "command is a string"),
    (b'{"command":[],"request_id":14}', 14, "empty command"),
    (b'{"command":[42],"request_id":15}', 15, "numeric command name"),
    (b'{"command":["get_property"],"request_id":16}', 16, "get_property without a name"),
    (b'{"command":["get_property","volume","x"],"request_id":17}', 17, "get_property with two arguments"),
    (b'{"command":["get_property",5],"request_id":18}', 18, "get_property of a number"),
    (b'{"command":["set_property","volume"],"request_id":19}', 19, "set_property without a value"),
    (b'{"command":["no-such-command"],"request_id":20}', 20, "unknown command"),
    (b'{"command":["playlist-next","now","x"],"request_id":21}', 21, "too many arguments"),
    (b'{"command":["get_property","\xff\xfe"],"request_id":22}', 0, "invalid UTF-8"),
]


def bad_input(r):
    for line, rid, what in BAD_LINES:
        r.send(line + b"\n")
        got = r.reply()
        check(got == {"request_id": rid, "error": "invalid parameter"},
              "%s: expected invalid parameter with request_id %d, got %r" % (what, rid, got))
    got = r.ask({"command": ["get_property", "pause"], "request_id": 23})
    check(got and got.get("error") == "success", "connection unusable after bad input: %r" % got)


def ignored_and_text(p, r):
    # Nothing at all is sent back for blank lines and comments: the next
    # reply is the one to the request after them.
    r.send(b"\n   \n\t\n# a comment\n   # indented comment\n")
    got = r.ask({"command": ["get_property", "pause"], "request_id": 30})
    check(got and got.get("request_id") == 30, "blank/comment lines were answered: %r" % got)
    # A text command acts and is not answered.
    before = p.get("pause")
    r.send(b"cycle pause\n")
    got = r.ask({"command": ["get_property", "pause"], "request_id": 31})
    check(got and got.get("request_id") == 31, "text command was answered: %r" % got)
    check(got and got.get("data") == (not before), "text command 'cycle pause' did nothing: %r" % got)
    r.send(b"set_property pause no\n")
    got = r.ask({"command": ["get_property", "pause"], "request_id": 32})
    check(got and got.get("request_id") == 32 and got.get("data") is False,
          "text command 'set_property pause no': %r" % got)
    r.send(b'set_property "pause\n')  # unterminated quote: ignored, logged
    got = r.ask({"command": ["get_property", "pause"], "request_id": 33})
    check(got and got.get("request_id") == 33 and got.get("data") is False, "bad text command: %r" % got)
    # CRLF line ends, and an embedded NUL ends the line (mpv).
    r.send(b'{"command":["get_property","pause"],"request_id":34}\r\n')
    got = r.reply()
    check(got and got.get("request_id") == 34 and got.get("error") == "success", "CRLF request: %r" % got)
    r.send(b'{"command":["get_property","pause"],"request_id":35}\x00garbage}}\n')
    got = r.reply()
    check(got and got.get("request_id") == 35 and got.get("error") == "success", "NUL-terminated request: %r" % got)


def padded(rid, size, crlf=False):
    """A valid get_property request line of exactly `size` bytes before
    its line end."""
    head = b'{"command":["get_property","pause"],"request_id":%d,"pad":"' % rid
    tail = b'"}'
    line = head + b"x" * (size - len(head) - len(tail)) + tail
    assert len(line) == size
    return line + (b"\r\n" if crlf else b"\n")


def oversized(r):
    r.send(padded(40, MAX_LINE))
    got = r.reply()
    check(got and got.get("request_id") == 40 and got.get("error") == "success",
          "a line of exactly 64 KiB must be served: %r" % got)
    r.send(padded(41, MAX_LINE, crlf=True))
    got = r.reply()
    check(got and got.get("request_id") == 41 and got.get("error") == "success",
          "64 KiB + CR LF must be served: %r" % got)
    r.send(padded(42, MAX_LINE + 1))
    got = r.reply()
    check(got == {"request_id": 0, "error": "invalid parameter"}, "64 KiB + 1 byte: %r" % got)
    got = r.ask({"command": ["get_property", "pause"], "request_id": 43})
    check(got and got.get("request_id") == 43, "connection unusable after an over-long line: %r" % got)
    # 1 MiB in 4 KiB pieces, then a newline: one error, the rest discarded.
    big = padded(44, 1 << 20)
    for i in range(0, len(big), 4096):
        r.send(big[i:i + 4096])
    got = r.reply()
    check(got == {"request_id": 0, "error": "invalid parameter"}, "1 MiB line: %r" % got)
    got = r.ask({"command": ["get_property", "pause"], "request_id": 45})
    check(got and got.get("request_id") == 45, "over-long line not discarded up to its newline: %r" % got)
    got = r.reply(timeout=0.5)
    check(got is None, "a second reply for one over-long line: %r" % got)


def pipelined(r):
    """2,000 requests in one write, every 7th a bad line: one reply each,
    in order (the bad ones, answered by the server itself, keep their
    place)."""
    n = 2000
    lines, want = [], []
    for i in range(1, n + 1):
        if i % 7 == 0:
            lines.append(b'{"command":["get_property","pause"],"request_id":%d' % i)  # no closing brace
            want.append((0, "invalid parameter"))
        elif i % 11 == 0:
            lines.append(b'{"command":["get_property","no-such-prop"],"request_id":%d}' % i)
            want.append((i, "property not found"))
        else:
            lines.append(b'{"command":["get_property","playlist-count"],"request_id":%d}' % i)
            want.append((i, "success"))
    t = time.time()
    r.send(b"\n".join(lines) + b"\n")
    got = []
    for _ in range(n):
        m = r.reply(timeout=30)
        if m is None:
            break
        got.append((m.get("request_id"), m.get("error")))
    print("%d pipelined requests answered in %.2f s" % (len(got), time.time() - t))
    check(len(got) == n, "%d replies to %d pipelined requests" % (len(got), n))
    bad = [(i, g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w]
    check(not bad, "pipelined replies out of order or wrong (first: %s)" % bad[:3])


def main():
    tmp = tempfile.mkdtemp(prefix="vt-ipc-proto-")
    media = os.path.join(tmp, "media")
    os.makedirs(media)
    vtmedia.place(vtipc.clip_a(20), media, "a.mp4")
    vtmedia.place(vtipc.clip_b(20), media, "b.mp4")
    vtmedia.settled(media)
    with vtplayer.Player(media, extra_args=["--size", "320x240", "--no-watch"], tmp=tmp) as p:
        wait_playing(p)
        r = Raw(p.sock)
        replies_shape(r)
        bad_input(r)
        ignored_and_text(p, r)
        r.close()
        r = Raw(p.sock)  # a fresh client: protocol warnings are rate-limited per client
        oversized(r)
        pipelined(r)
        r.close()
        check(p.proc.poll() is None, "the player died")
        code, _ = p.stop()
        check(code == 0, "player exit code %s" % code)
        log = p.log()
        check("longer than 65536 bytes" in log, "over-long lines not logged")
    return vtcheck.verdict("player log: " + os.path.join(tmp, "player.log"))


if __name__ == "__main__":
    sys.exit(main())
