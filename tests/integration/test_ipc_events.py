#!/usr/bin/env python3
"""Control protocol conformance, part 4: events and property observation
(issue 3), as an mpv client sees them on one connection, in order.

Checked:
- a two-item loop (1 s clips) sends, for three whole loops, exactly
  start-file → file-loaded → end-file (reason eof) per entry, A then B then
  A …, with one playlist_entry_id per entry, nothing else in between;
- observe_property: the "success" reply comes first, then a
  property-change with the current value; changes made by another client
  are reported; unobserve_property stops them (and, as in mpv, succeeds for
  an id that observes nothing); id 0 gives events without "id"; a property
  that does not exist is accepted and reported without "data"; two
  observers with one id both report and one unobserve removes both; two
  clients observe independently; the 65th observer of one client is
  refused; bad arguments → invalid parameter; "filename" follows the loop;
- end-file reasons: "error" with a file_error text for a broken file
  (scanned once, so it is a playlist entry), "removed" when the playing
  file is deleted (watched folder), followed by "idle" (idle-active true)
  and by start-file when a new file arrives.
"""
# ctest-timeout: 150
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
from vtipc import wait_for  # noqa: E402

FILE_EVENTS = ("start-file", "file-loaded", "end-file")


class Lines:
    """A raw connection keeping every line (replies and events) in order."""

    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.connect(path)
        self.buf = b""
        self.msgs = []
        self.next_id = 1

    def pump(self, secs):
        deadline = time.time() + secs
        while True:
            left = deadline - time.time()
            if left <= 0:
                return
            self.s.settimeout(left)
            try:
                d = self.s.recv(65536)
            except socket.timeout:
                return
            if not d:
                return
            self.buf += d
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                self.msgs.append(json.loads(line))

    def send(self, *command):
        rid = self.next_id
        self.next_id += 1
        self.s.sendall((json.dumps({"command": list(command), "request_id": rid}) + "\n").encode())
        return rid

    def ask(self, *command, settle=0.3):
        """Send, then collect lines for `settle` s (at least until the
        reply). Returns (reply, every message that came after the reply)."""
        n0 = len(self.msgs)
        rid = self.send(*command)
        deadline = time.time() + 10
        while time.time() < deadline:
            self.pump(0.05)
            got = [i for i in range(n0, len(self.msgs)) if self.msgs[i].get("request_id") == rid
                   and "event" not in self.msgs[i]]
            if got:
                self.pump(settle)
                return self.msgs[got[0]], self.msgs[got[0] + 1:]
        return None, self.msgs[n0:]

    def changes(self, since, **match):
        return [m for m in self.msgs[since:] if m.get("event") == "property-change" and
                all(m.get(k) == v for k, v in match.items())]

    def close(self):
        self.s.close()


def loop_order(tmp):
    media = os.path.join(tmp, "loop")
    os.makedirs(media)
    vtmedia.place(vtipc.clip_a(1.0), media, "a.mp4")
    vtmedia.place(vtipc.clip_b(1.0), media, "b.mp4")
    vtmedia.settled(media)
    with vtplayer.Player(media, extra_args=["--size", "320x240", "--no-watch"], tmp=os.path.join(tmp, "p-loop")) as p:
        obs = Lines(p.sock)
        reply, _ = obs.ask("observe_property", 9, "filename")
        check(reply and reply.get("error") == "success", "observe filename: %r" % reply)
        # Three whole loops after the first start-file we see.
        deadline = time.time() + 40
        while time.time() < deadline:
            starts = [e for e in p.events if e.get("event") == "start-file"]
            if len(starts) >= 8:
                break
            time.sleep(0.1)
        obs.pump(0.2)
        evs = [e for e in p.events if e.get("event") in FILE_EVENTS or e.get("event") == "idle"]
        first = next((i for i, e in enumerate(evs) if e["event"] == "start-file"), len(evs))
        evs = evs[first:]
        n = len(evs) - len(evs) % 3
        check(n >= 18, "only %d file events in %.0f s" % (n, 40))
        ids = {}
        prev_name = None
        for k in range(0, n, 3):
            trio = evs[k:k + 3]
            kinds = [(e["event"], e.get("reason")) for e in trio]
            if not check(kinds == [("start-file", None), ("file-loaded", None), ("end-file", "eof")],
                         "events %d..%d are %r, not start-file, file-loaded, end-file eof" % (k, k + 2, kinds)):
                break
            names = {e.get("filename") for e in trio}
            eids = {e.get("playlist_entry_id") for e in trio}
            check(len(names) == 1 and len(eids) == 1, "one entry's events name several files/ids: %r" % trio)
            name = trio[0].get("filename")
            ids.setdefault(name, eids)
            check(ids[name] == eids, "%s changed playlist_entry_id: %r → %r" % (name, ids[name], eids))
            check(name != prev_name, "%s played twice in a row in a two-item loop" % name)
            prev_name = name
        check(set(ids) == {"a.mp4", "b.mp4"}, "the loop played %r" % sorted(ids))
        # The observer saw "filename" follow the loop.
        seen = [m.get("data") for m in obs.changes(0, id=9)]
        flips = sum(1 for x, y in zip(seen, seen[1:]) if x != y)
        check(flips >= 5 and set(seen) <= {"a.mp4", "b.mp4", None},
              "property-change of filename over three loops: %r" % seen)
        obs.close()


def observing(p):
    a = Lines(p.sock)
    b = Lines(p.sock)
    # reply first, then the current value
    reply, after = a.ask("observe_property", 1, "pause")
    check(reply == {"request_id": reply and reply.get("request_id"), "error": "success"}, "observe reply: %r" % reply)
    check(after[:1] == [{"event": "property-change", "id": 1, "name": "pause", "data": False}],
          "first message after the observe reply: %r" % after[:1])
    # a change by another client is reported
    n = len(a.msgs)
    b.ask("set_property", "pause", True, settle=0)
    a.pump(0.4)
    check([m.get("data") for m in a.changes(n, id=1)] == [True], "pause change: %r" % a.changes(n))
    # unobserve stops it; unobserving again still succeeds (mpv)
    reply, _ = a.ask("unobserve_property", 1)
    check(reply and reply.get("error") == "success", "unobserve: %r" % reply)
    n = len(a.msgs)
    b.ask("set_property", "pause", False, settle=0)
    a.pump(0.4)
    check(not a.changes(n, name="pause"), "property-change after unobserve: %r" % a.changes(n))
    reply, _ = a.ask("unobserve_property", 1)
    check(reply and reply.get("error") == "success", "unobserve of an unused id (mpv: success): %r" % reply)
    # id 0: events without "id" (as mpv)
    reply, after = a.ask("observe_property", 0, "mute")
    ev = [m for m in after if m.get("event") == "property-change" and m.get("name") == "mute"]
    check(ev and "id" not in ev[0] and ev[0].get("data") is False, "observe with id 0: %r" % ev)
    # a property that does not exist: accepted, reported without data
    reply, after = a.ask("observe_property", 2, "no-such-property")
    ev = [m for m in after if m.get("event") == "property-change" and m.get("name") == "no-such-property"]
    check(reply and reply.get("error") == "success", "observe of an unknown property (mpv: success): %r" % reply)
    check(ev and ev[0].get("id") == 2 and "data" not in ev[0], "unknown property's event: %r" % ev)
    # one id twice: both report, one unobserve removes both
    a.ask("observe_property", 5, "volume")
    a.ask("observe_property", 5, "mute")
    n = len(a.msgs)
    b.ask("set_property", "volume", 70, settle=0)
    b.ask("set_property", "mute", True, settle=0)
    a.pump(0.4)
    got = sorted((m["name"], m.get("data")) for m in a.changes(n, id=5))
    check(got == [("mute", True), ("volume", 70.0)], "two observers with id 5: %r" % got)
    n0 = len(a.msgs)
    a.ask("unobserve_property", 5)
    b.ask("set_property", "volume", 90, settle=0)
    b.ask("set_property", "mute", False, settle=0)
    a.pump(0.4)
    check(not a.changes(n0, id=5), "id 5 still reported after unobserve: %r" % a.changes(n0, id=5))
    # id 0's observer of mute is still there (it is not id 5)
    check([m.get("data") for m in a.changes(n0, name="mute")] == [False], "observer id 0 lost: %r" % a.changes(n0))
    # two clients, independently
    b.ask("observe_property", 1, "volume")
    a.ask("observe_property", 1, "volume")
    na, nb = len(a.msgs), len(b.msgs)
    p.set("volume", 33)
    a.pump(0.4)
    b.pump(0.1)
    check([m.get("data") for m in a.changes(na, id=1)] == [33.0], "client A's volume: %r" % a.changes(na))
    check([m.get("data") for m in b.changes(nb, id=1)] == [33.0], "client B's volume: %r" % b.changes(nb))
    b.ask("unobserve_property", 1)
    na = len(a.msgs)
    p.set("volume", 44)
    a.pump(0.4)
    check([m.get("data") for m in a.changes(na, id=1)] == [44.0], "B's unobserve removed A's observer")
    # bad arguments
    for args in (("x", "pause"), (1,), (1, 2), (1.5, "pause")):
        reply, _ = a.ask("observe_property", *args, settle=0)
        check(reply and reply.get("error") == "invalid parameter", "observe_property %r: %r" % (args, reply))
    for args in (("x",), (), (1, 2)):
        reply, _ = a.ask("unobserve_property", *args, settle=0)
        check(reply and reply.get("error") == "invalid parameter", "unobserve_property %r: %r" % (args, reply))
    # at most 64 per client
    c = Lines(p.sock)
    errs = [c.ask("observe_property", 100 + i, "pause", settle=0)[0].get("error") for i in range(65)]
    check(errs[:64] == ["success"] * 64 and errs[64] == "error running command",
          "observer limit: %r" % errs[60:])
    for x in (a, b, c):
        x.close()


def error_and_removed(tmp):
    media = os.path.join(tmp, "err")
    os.makedirs(media)
    # 4 s: the broken file is pre-rolled 2 s before a.mp4 ends, after this
    # test's IPC client is connected (with a 1 s clip it failed ~50 ms
    # after start, sometimes before the client could hear its end-file)
    vtmedia.place(vtipc.clip_a(4.0), media, "a.mp4")
    vtmedia.random_bytes(media, "b-broken.mp4")
    vtmedia.settled(media)
    with vtplayer.Player(media, extra_args=["--size", "320x240", "--no-watch"], tmp=os.path.join(tmp, "p-err")) as p:
        try:
            ev = p.wait_event("end-file", timeout=20, pred=lambda e: e.get("filename") == "b-broken.mp4")
        except vtplayer.IPCError as e:
            ev = None
            check(False, "no end-file for the broken file: %s" % e)
        if ev:
            check(ev.get("reason") == "error", "broken file's end-file reason: %r" % ev)
            check(isinstance(ev.get("file_error"), str) and ev["file_error"], "no file_error text: %r" % ev)
            print("file_error for random bytes: %r" % ev.get("file_error"))
    media = os.path.join(tmp, "rm")
    os.makedirs(media)
    vtmedia.place(vtipc.clip_b(20), media, "x.mp4")
    vtmedia.settled(media)
    args = ["--size", "320x240", "--watch", "--settle-time", "0.3"]
    with vtplayer.Player(media, extra_args=args, tmp=os.path.join(tmp, "p-rm")) as p:
        wait_for(lambda: p.get("filename") == "x.mp4", what="x.mp4 to play")
        n0 = len(p.events)
        os.unlink(os.path.join(media, "x.mp4"))
        try:
            ev = p.wait_event("end-file", timeout=20, start=n0)
            check(ev.get("reason") == "removed" and ev.get("filename") == "x.mp4", "end-file on removal: %r" % ev)
            p.wait_event("idle", timeout=20, start=n0)
        except vtplayer.IPCError as e:
            check(False, "removal: %s" % e)
        check(p.get("idle-active") is True, "idle-active after the only file went")
        n1 = len(p.events)
        vtmedia.place(vtipc.clip_a(1.0), media, "y.mp4")
        try:
            ev = p.wait_event("start-file", timeout=30, start=n1)
            check(ev.get("filename") == "y.mp4", "start-file after idle: %r" % ev)
        except vtplayer.IPCError as e:
            check(False, "a new file did not end the idle screen: %s" % e)


def main():
    tmp = tempfile.mkdtemp(prefix="vt-ipc-events-")
    loop_order(tmp)
    media = os.path.join(tmp, "long")
    os.makedirs(media)
    vtmedia.place(vtipc.clip_a(20), media, "a.mp4")
    vtmedia.settled(media)
    with vtplayer.Player(media, extra_args=["--size", "320x240", "--no-watch"], tmp=os.path.join(tmp, "p-obs")) as p:
        wait_for(lambda: p.get("filename") == "a.mp4", what="a.mp4 to play")
        observing(p)
        check(p.proc.poll() is None, "the player died")
        code, _ = p.stop()
        check(code == 0, "exit code %r" % code)
    error_and_removed(tmp)
    return vtcheck.verdict("logs under " + tmp)


if __name__ == "__main__":
    sys.exit(main())
