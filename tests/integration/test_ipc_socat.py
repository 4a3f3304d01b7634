#!/usr/bin/env python3
"""The player driven by a client no one here wrote: socat, with the
one-liners of mpv's manual (DOCS/man/ipc.rst) — issue 3.

- `echo '{ "command": ["get_property", …] }' | socat - PATH` (socat
  guessing the address type from the path, as in mpv's manual) and
  `socat - UNIX-CONNECT:PATH` print the reply (request_id 0 when none
  was given);
- several requests in one go: one reply line each, in order;
- text commands (`cycle pause`, `set_property volume 50`): no output,
  effect seen by a get_property;
- observe_property through a socat kept open: the reply, then
  property-change events as the two-item loop moves on;
- keypress NEXT moves to the other file; screenshot-to-file replies only
  once the PNG is complete on disk;
- quit: the reply, then end-file and shutdown; the player exits 0.
"""
# ctest-timeout: 120
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtcheck  # noqa: E402
import vtipc  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from vtcheck import check  # noqa: E402
from vtipc import wait_for  # noqa: E402


def socat(data, address, wait=None, t=10):
    """Feed `data` to socat connected to `address`; its output lines, parsed.
    wait: seconds to keep stdin open after the data (to watch events)."""
    args = ["socat", "-t", str(t), "-", address]
    if wait:
        sh = "printf '%%s' \"$0\"; sleep %s" % wait
        feeder = subprocess.Popen(["sh", "-c", sh, data], stdout=subprocess.PIPE)
        out = subprocess.run(args, stdin=feeder.stdout, capture_output=True, timeout=wait + t + 20)
        feeder.wait()
    else:
        out = subprocess.run(args, input=data.encode(), capture_output=True, timeout=t + 20)
    check(out.returncode == 0, "socat %s exited %d: %s" % (address, out.returncode, out.stderr.decode()[-300:]))
    return [json.loads(l) for l in out.stdout.decode().splitlines() if l.strip()]


def main():
    if not shutil.which("socat"):
        print("socat is not installed (apt install socat)")
        return 1
    tmp = tempfile.mkdtemp(prefix="vt-ipc-socat-")
    media = os.path.join(tmp, "media")
    os.makedirs(media)
    vtmedia.place(vtipc.clip_a(1.0), media, "a.mp4")
    vtmedia.place(vtipc.clip_b(20), media, "b.mp4")
    vtmedia.settled(media)
    with vtplayer.Player(media, extra_args=["--size", "320x240", "--no-watch"], tmp=tmp) as p:
        wait_for(lambda: p.get("filename"), what="something to play")
        path = p.sock
        out = socat('{ "command": ["get_property", "playlist-count"] }\n', path)
        check(out == [{"request_id": 0, "error": "success", "data": 2}], "mpv's socat example: %r" % out)
        out = socat('{"command":["get_property","volume"],"request_id":100}\n', "UNIX-CONNECT:" + path)
        check(out == [{"request_id": 100, "error": "success", "data": 100.0}], "UNIX-CONNECT: %r" % out)
        out = socat('{"command":["get_property","mute"],"request_id":1}\n'
                    '{"command":["set_property","mute",true],"request_id":2}\n'
                    '{"command":["get_property","mute"],"request_id":3}\n'
                    'not json at all {\n'
                    '{"command":["get_property","no-such"],"request_id":4}\n', path)
        got = [(m.get("request_id"), m.get("error"), m.get("data")) for m in out if "event" not in m]
        check(got == [(1, "success", False), (2, "success", None), (3, "success", True),
                      (4, "property not found", None)], "several requests through one socat: %r" % got)
        # text commands: no reply, but they act
        pause = p.get("pause")
        out = socat("cycle pause\n", path)
        check([m for m in out if "event" not in m] == [], "a text command was answered: %r" % out)
        check(p.get("pause") is (not pause), "text command 'cycle pause' had no effect")
        socat("cycle pause\nset_property volume 50\n", path)
        check(p.get("pause") is pause and p.get("volume") == 50.0, "text commands: pause %r volume %r" % (
            p.get("pause"), p.get("volume")))
        # observe for 3.5 s while the loop moves from a (1 s) to b
        p.ipc.command("playlist-play-index", 0)
        wait_for(lambda: p.get("filename") == "a.mp4", what="a.mp4")
        out = socat('{"command":["observe_property",1,"filename"],"request_id":5}\n', path, wait=3.5)
        check(out and out[0] == {"request_id": 5, "error": "success"}, "observe through socat: first line %r" % out[:1])
        names = [m.get("data") for m in out if m.get("event") == "property-change" and m.get("id") == 1]
        check(names[:1] == ["a.mp4"] and "b.mp4" in names, "property-change through socat: %r" % names)
        check(any(m.get("event") == "start-file" for m in out), "no start-file event through socat")
        # keypress and screenshot
        p.ipc.command("playlist-play-index", 1)
        wait_for(lambda: p.get("filename") == "b.mp4", what="b.mp4")
        n0 = len(p.events)
        out = socat('{"command":["keypress","NEXT"]}\n', path)
        replies = [m for m in out if "event" not in m]
        check(replies == [{"request_id": 0, "error": "success"}], "keypress through socat: %r" % out)
        try:
            p.wait_event("end-file", timeout=10, start=n0,
                         pred=lambda e: e.get("reason") == "stop" and e.get("filename") == "b.mp4")
        except vtplayer.IPCError as e:
            check(False, "keypress NEXT did not stop b.mp4: %s" % e)
        shot = os.path.join(tmp, "shot.png")
        out = socat('{"command":["screenshot-to-file","%s"],"request_id":6}\n' % shot, path)
        replies = [m for m in out if "event" not in m]
        check(replies == [{"request_id": 6, "error": "success"}], "screenshot through socat: %r" % out)
        check(os.path.exists(shot) and vtipc.png_file_complete(shot), "the PNG is not complete when the reply came")
        check(not [f for f in os.listdir(tmp) if f.startswith("shot.png.")], "temporary screenshot files left")
        # quit (stdin kept open: a half-closed client is let go once
        # answered, before the shutdown event, as mpv does)
        out = socat('{"command":["quit"],"request_id":7}\n', path, wait=3)
        kinds = [m.get("event") or m.get("error") for m in out]
        check(kinds[:1] == ["success"] and "shutdown" in kinds, "quit through socat: %r" % kinds)
        code = vtipc.exit_code(p)
        check(code == 0, "exit code after quit: %r" % code)
    return vtcheck.verdict("log: " + os.path.join(tmp, "player.log"))


if __name__ == "__main__":
    sys.exit(main())
