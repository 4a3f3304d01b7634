#!/usr/bin/env python3
"""Control protocol conformance, part 5: many clients and bad clients
never stall the show (issue 3: "a slow or dead client never stalls
playback", "at least 16 clients at once").

While a two-item loop of 1 s clips plays:
- 16 clients at once, each on its own thread, pipeline 200 requests and
  get exactly their own 200 replies, in order, with the right values, and
  every client receives the same file events (broadcast);
- a client that sends requests and never reads: playback goes on
  (frames-presented keeps rising, checked by another client), and the
  player disconnects it once its unread output passes the cap (logged);
- a flood of 50,000 requests from one client (which does read) is all
  answered, in order, while frames keep coming;
- back-pressure: while the main loop is frozen (debug hook), a client's
  2 MB of pipelined requests cannot all be written: the server reads no
  further than the 32 requests the core owes it;
- clients that vanish mid-request (a screenshot, an observer, half a line)
  do not disturb the player, which still answers and exits 0.
"""
# ctest-timeout: 180
# ctest-serial
import json
import os
import socket
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtcheck  # noqa: E402
import vtipc  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from vtcheck import check  # noqa: E402


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def read_lines(s, until, timeout):
    """Read lines from s until until(msgs) is true or timeout; returns msgs."""
    buf, msgs = b"", []
    deadline = time.time() + timeout
    while not until(msgs) and time.time() < deadline:
        s.settimeout(max(0.01, deadline - time.time()))
        try:
            d = s.recv(1 << 16)
        except socket.timeout:
            break
        if not d:
            break
        buf += d
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            msgs.append(json.loads(line))
    return msgs


def frames(p):
    return p.get("frames-presented")


def sixteen(p):
    count = p.get("playlist-count")
    results = [None] * 16
    start = threading.Barrier(16)

    def client(k):
        s = connect(p.sock)
        start.wait()
        reqs = []
        for i in range(200):
            rid = k * 1000 + i
            prop = ("playlist-count", "volume", "idle-active", "no-such-property")[i % 4]
            reqs.append((rid, prop))
        s.sendall(b"".join(b'{"command":["get_property","%s"],"request_id":%d}\n' % (pr.encode(), rid)
                           for rid, pr in reqs))
        t_end = time.time() + 3.0  # keep reading a while: broadcast events arrive meanwhile
        msgs = read_lines(s, lambda m: time.time() > t_end, 30)
        s.close()
        results[k] = (reqs, msgs)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    want_val = {"playlist-count": count, "volume": 100.0, "idle-active": False}
    event_sets = []
    for k, res in enumerate(results):
        if not check(res is not None, "client %d did not finish" % k):
            continue
        reqs, msgs = res
        replies = [m for m in msgs if "event" not in m]
        got = [m.get("request_id") for m in replies]
        check(got == [r for r, _ in reqs], "client %d: %d replies, ids in order: %s" % (
            k, len(got), got == sorted(got)))
        for m, (rid, prop) in zip(replies, reqs):
            if prop == "no-such-property":
                ok = m.get("error") == "property not found"
            else:
                ok = m.get("error") == "success" and m.get("data") == want_val[prop]
            if not check(ok, "client %d request %d (%s): %r" % (k, rid, prop, m)):
                break
        event_sets.append([(m["event"], m.get("playlist_entry_id")) for m in msgs
                           if m.get("event") in ("start-file", "end-file")])
    # All clients were connected for the same 3 s: the events common to all
    # of them must be there (a loop of 1 s clips has a transition or two).
    common = set(event_sets[0]) if event_sets else set()
    for evs in event_sets[1:]:
        common &= set(evs)
    check(len(common) >= 2, "broadcast events not seen by all 16 clients: %r" % event_sets[:2])


def never_reads(p):
    """Requests, never a read: the player carries on and drops the client."""
    s = connect(p.sock)
    s.setblocking(False)
    line = b'{"command":["get_property","playlist"]}\n' * 256
    stop = threading.Event()
    sent = [0]

    def pusher():
        while not stop.is_set():
            try:
                sent[0] += s.send(line)
            except BlockingIOError:
                time.sleep(0.002)
            except OSError:  # the player hung up on us: what we wait for
                return

    t = threading.Thread(target=pusher)
    f0 = frames(p)
    t.start()
    rising = []
    deadline = time.time() + 30
    dropped = False
    while time.time() < deadline:
        time.sleep(1.0)
        rising.append(frames(p))
        if "is not reading" in p.log():
            dropped = True
            if len(rising) >= 3:
                break
    stop.set()
    t.join(5)
    s.close()
    steps = [b - a for a, b in zip([f0] + rising, rising)]
    print("never-reading client: %d bytes sent; frames per second meanwhile: %s" % (sent[0], steps))
    check(all(x > 5 for x in steps), "playback stalled while a client did not read: %s" % steps)
    check(dropped, "the client that never reads was not disconnected (%d bytes sent)" % sent[0])


def flood(p):
    n = 50000
    s = connect(p.sock)
    got = []

    def reader():
        got.extend(read_lines(s, lambda m: len(m) >= n, 120))

    t = threading.Thread(target=reader)
    t.start()
    f0 = frames(p)
    t0 = time.time()
    blob = b"".join(b'{"command":["get_property","frames-presented"],"request_id":%d}\n' % i for i in range(n))
    s.sendall(blob)
    t.join(130)
    dt = time.time() - t0
    f1 = frames(p)
    s.close()
    print("flood: %d requests answered in %.2f s; %d frames presented meanwhile" % (len(got), dt, f1 - f0))
    check(len(got) == n, "flood: %d of %d answered" % (len(got), n))
    check([m.get("request_id") for m in got] == list(range(len(got))), "flood: replies out of order")
    vals = [m.get("data") for m in got if isinstance(m.get("data"), int)]
    check(vals == sorted(vals) and vals[-1] > vals[0] if vals else False,
          "frames-presented did not rise during the flood: %s … %s" % (vals[:1], vals[-1:]))


def held_back(p):
    """While the main loop is frozen (debug hook), a client pipelining 2 MB
    of requests is not read beyond what the core owes it (32 requests) and
    the socket buffers: its write cannot finish before the loop runs
    again. Without back-pressure the server would swallow it all at once
    into the core's queue."""
    r = p.ipc.request("vitrina-debug-freeze", 2)
    if r.get("error") != "success":
        print("no debug hooks in this build: back-pressure is not checked")
        return
    time.sleep(0.2)  # the freeze command has reached the main loop
    t_freeze_end = time.time() + 1.8
    s = connect(p.sock)
    n = 30000
    blob = b"".join(b'{"command":["get_property","pause"],"request_id":%d}\n' % i for i in range(n))
    msgs = []

    def replies(m):
        return [x for x in m if "event" not in x]

    reader = threading.Thread(target=lambda: msgs.extend(read_lines(s, lambda m: len(replies(m)) >= n, 120)))
    reader.start()
    s.sendall(blob)
    t_sent = time.time()
    reader.join(130)
    s.close()
    got = replies(msgs)
    print("back-pressure: %d bytes written %.2f s after the freeze began (it ends at +2 s); %d replies" % (
        len(blob), t_sent - (t_freeze_end - 1.8), len(got)))
    check(t_sent >= t_freeze_end - 0.3, "a frozen core's client could write %d bytes %.2f s before the loop "
          "ran again: requests are not held back" % (len(blob), t_freeze_end - t_sent))
    check(len(got) == n, "back-pressure: %d of %d answered" % (len(got), n))


def vanishing(p, tmp):
    s = connect(p.sock)
    s.sendall(b'{"command":["screenshot-to-file","%s"],"request_id":1}\n' % os.path.join(tmp, "gone.png").encode())
    s.close()
    s = connect(p.sock)
    s.sendall(b'{"command":["observe_property",1,"time-pos"]}\n')
    time.sleep(0.2)
    s.close()
    s = connect(p.sock)
    s.sendall(b'{"command":["get_prop')
    s.close()
    time.sleep(0.5)
    check(p.proc.poll() is None, "the player died after clients vanished")
    check(isinstance(p.get("frames-presented"), int), "the player no longer answers")


def main():
    tmp = tempfile.mkdtemp(prefix="vt-ipc-clients-")
    media = os.path.join(tmp, "media")
    os.makedirs(media)
    vtmedia.place(vtipc.clip_a(1.0), media, "a.mp4")
    vtmedia.place(vtipc.clip_b(1.0), media, "b.mp4")
    vtmedia.settled(media)
    with vtplayer.Player(media, extra_args=["--size", "320x240", "--no-watch"], tmp=tmp) as p:
        deadline = time.time() + 30
        while p.ipc.request("get_property", "filename").get("error") != "success" and time.time() < deadline:
            time.sleep(0.05)
        sixteen(p)
        never_reads(p)
        flood(p)
        held_back(p)
        vanishing(p, tmp)
        code, _ = p.stop()
        check(code == 0, "exit code %r" % code)
    return vtcheck.verdict("log: " + os.path.join(tmp, "player.log"))


if __name__ == "__main__":
    sys.exit(main())
