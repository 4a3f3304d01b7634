#!/usr/bin/env python3
"""Control protocol conformance, part 3: every command of issue 3, with
its effect and mpv's error strings ("invalid parameter" when the command or
its arguments do not parse, "error running command" when it parsed but
could not be done).

Media: "a.mkv" (20 s, two audio tracks, Spanish and French sidecars),
"b.mp4" (20 s) and "c.png" (a still). Checked:
- cycle: pause, mute (both ways back), sid (es → fr → off → es, and
  "down" the other way), aid, language (through every language and off);
  a property that does not cycle or does not exist → error running command;
- playlist-next / playlist-prev (end-file "stop", wrapping round the loop,
  mpv's "weak"/"force" flags), playlist-play-index (out of range → error
  running command);
- seek: relative (default), absolute, absolute-percent, relative-percent,
  "+exact"/"keyframes"; on a still → error running command;
- keypress: PLAYPAUSE, MUTE, VOLUME_DOWN/UP, NEXT, PREV act as the remote
  does; all 20 remote buttons are accepted; an unknown key → error running
  command;
- screenshot-to-file: a folder that does not exist → error running
  command, an unknown flag → invalid parameter;
- quit: the reply, then end-file "quit" and "shutdown", then the
  connection closes and the player exits 0; `quit 3` exits 3.
"""
# ctest-timeout: 180
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtcheck  # noqa: E402
import vtipc  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from vtcheck import check  # noqa: E402
from vtipc import err, wait_for  # noqa: E402

INVALID = "invalid parameter"
CMDERR = "error running command"
KEYS = ["UP", "DOWN", "LEFT", "RIGHT", "OK", "BACK", "MENU", "INFO", "PLAYPAUSE", "NEXT", "PREV", "VOLUME_UP",
        "VOLUME_DOWN", "MUTE", "SUBTITLE", "LANGUAGE", "RED", "GREEN", "YELLOW", "BLUE"]


def build(root):
    media = vtipc.two_language_folder(root, "a.mkv", "b.mp4")
    vtmedia.place(vtmedia.still("ipc-still.png", size="320x180"), media, "c.png")
    vtmedia.settled(media)
    return media


def play(p, name):
    names = [e["filename"] for e in p.get("playlist")]
    p.ipc.command("playlist-play-index", names.index(name))
    wait_for(lambda: p.get("filename") == name, what=name + " to play")


def cycles(p):
    play(p, "a.mkv")
    for prop in ("pause", "mute"):
        v = p.get(prop)
        p.ipc.command("cycle", prop)
        check(p.get(prop) is (not v), "cycle %s did not toggle" % prop)
        p.ipc.command("cycle", prop, "down")
        check(p.get(prop) is v, "cycle %s down did not toggle back" % prop)
    subs = {t.get("lang"): t["id"] for t in p.get("track-list") if t["type"] == "sub"}
    check(p.get("sid") == subs.get("es"), "sid is not the Spanish track to start with")
    seen = []
    for _ in range(3):
        p.ipc.command("cycle", "sid")
        seen.append(p.get("sid"))
    check(seen == [subs["fr"], False, subs["es"]], "cycle sid went %r (tracks %r)" % (seen, subs))
    p.ipc.command("cycle", "sid", "down")
    check(p.get("sid") is False, "cycle sid down from es: %r" % p.get("sid"))
    p.ipc.command("cycle", "sid", "up")
    a0 = p.get("aid")
    p.ipc.command("cycle", "aid")
    wait_for(lambda: p.get("aid") not in (a0, False), what="cycle aid to switch the track")
    langs = [x["code"] for x in p.get("available-languages")]
    start = p.get("language")
    seen = []
    for _ in range(len(langs) + 1):
        p.ipc.command("cycle", "language")
        seen.append(p.get("language"))
    check(set(seen) == set(langs) | {"off"} and seen[-1] == start,
          "cycle language went %r (languages %r, from %r)" % (seen, langs, start))
    for args, want in ((("duration",), CMDERR), (("no-such-property",), CMDERR), (("volume",), CMDERR),
                       (("pause", "sideways"), INVALID), ((5,), INVALID)):
        e = err(p, "cycle", *args)
        check(e == want, "cycle %r → %r, expected %r" % (args, e, want))
    check(err(p, "cycle") == INVALID, "cycle without a property")


def next_prev(p):
    play(p, "a.mkv")
    n0 = len(p.events)
    p.ipc.command("playlist-next")
    wait_for(lambda: p.get("filename") == "b.mp4", what="playlist-next to b.mp4")
    ends = [e for e in p.events[n0:] if e.get("event") == "end-file"]
    check(ends and ends[0].get("reason") == "stop" and ends[0].get("filename") == "a.mkv",
          "playlist-next: end-file %r, expected reason stop for a.mkv" % ends[:1])
    p.ipc.command("playlist-next", "force")
    wait_for(lambda: p.get("filename") == "c.png", what="playlist-next force to c.png")
    p.ipc.command("playlist-next", "weak")
    wait_for(lambda: p.get("filename") == "a.mkv", what="playlist-next to wrap round to a.mkv")
    p.ipc.command("playlist-prev")
    wait_for(lambda: p.get("filename") == "c.png", what="playlist-prev to wrap back to c.png")
    p.ipc.command("playlist-prev")
    wait_for(lambda: p.get("filename") == "b.mp4", what="playlist-prev to b.mp4")
    check(err(p, "playlist-next", "sideways") == INVALID, "playlist-next with an unknown flag")
    check(err(p, "playlist-prev", 3) == INVALID, "playlist-prev with a number")
    p.ipc.command("playlist-play-index", 0)
    wait_for(lambda: p.get("filename") == "a.mkv", what="playlist-play-index 0")
    p.ipc.command("playlist-play-index", "2")
    wait_for(lambda: p.get("filename") == "c.png", what="playlist-play-index \"2\"")
    for arg, want in ((3, CMDERR), (99, CMDERR), (-1, INVALID), ("x", INVALID), (1.5, INVALID), (None, INVALID)):
        e = err(p, "playlist-play-index", arg)
        check(e == want, "playlist-play-index %r → %r, expected %r" % (arg, e, want))
    check(err(p, "playlist-play-index") == INVALID, "playlist-play-index without an index")


def near(p, t, tol=1.0):
    return wait_for(lambda: abs(p.get("time-pos") - t) < tol, what="time-pos near %.1f (now %r)" % (
        t, p.ipc.request("get_property", "time-pos").get("data")))


def seeks(p):
    play(p, "b.mp4")
    p.set("pause", True)
    p.ipc.command("seek", 10, "absolute")
    near(p, 10)
    p.ipc.command("seek", -4)
    near(p, 6)
    p.ipc.command("seek", "3", "relative")
    near(p, 9)
    p.ipc.command("seek", 50, "absolute-percent")
    near(p, 10)
    p.ipc.command("seek", 25, "relative-percent")
    near(p, 15)
    p.ipc.command("seek", 2, "absolute+exact")
    near(p, 2)
    p.ipc.command("seek", 1, "keyframes")
    near(p, 3)
    p.ipc.command("seek", -100)
    near(p, 0, 0.5)
    for args in ((1, "sideways"), ("soon",), (1, "absolute+relative"), (1, 5), (None,)):
        e = err(p, "seek", *args)
        check(e == INVALID, "seek %r → %r, expected %r" % (args, e, INVALID))
    check(err(p, "seek") == INVALID, "seek without a target")
    p.set("pause", False)
    play(p, "c.png")
    check(err(p, "seek", 1) == CMDERR, "seek on a still picture")


def keys(p):
    play(p, "a.mkv")
    pause = p.get("pause")
    p.ipc.command("keypress", "PLAYPAUSE")
    check(p.get("pause") is (not pause), "keypress PLAYPAUSE did not toggle pause")
    p.ipc.command("keypress", "PLAYPAUSE")
    p.set("volume", 100)
    p.ipc.command("keypress", "VOLUME_DOWN")
    v = p.get("volume")
    check(v < 100, "keypress VOLUME_DOWN: volume %r" % v)
    p.ipc.command("keypress", "MUTE")
    check(p.get("mute") is True, "keypress MUTE did not mute")
    p.ipc.command("keypress", "VOLUME_UP")
    check(p.get("volume") > v and p.get("mute") is False, "keypress VOLUME_UP: volume %r mute %r" % (
        p.get("volume"), p.get("mute")))
    p.ipc.command("keypress", "NEXT")
    wait_for(lambda: p.get("filename") == "b.mp4", what="keypress NEXT to play b.mp4")
    p.ipc.command("keypress", "PREV")
    wait_for(lambda: p.get("filename") == "a.mkv", what="keypress PREV to play a.mkv")
    for k in KEYS:
        e = err(p, "keypress", k)
        check(e == "success", "keypress %s → %r" % (k, e))
        if k not in ("NEXT", "PREV"):
            err(p, "keypress", "BACK")  # close whatever it opened
    for args, want in ((("FLY",), CMDERR), (("NONE",), CMDERR), ((), INVALID), ((7,), INVALID)):
        e = err(p, "keypress", *args)
        check(e == want, "keypress %r → %r, expected %r" % (args, e, want))


def screenshots(p, tmp):
    e = p.ipc.request("screenshot-to-file", os.path.join(tmp, "no-such-dir", "x.png"), timeout=30).get("error")
    check(e == CMDERR, "screenshot into a missing folder → %r" % e)
    e = p.ipc.request("screenshot-to-file", os.path.join(tmp, "x.png"), "sideways").get("error")
    check(e == INVALID, "screenshot with an unknown flag → %r" % e)
    check(not os.path.exists(os.path.join(tmp, "x.png")), "a refused screenshot was written")
    e = p.ipc.request("screenshot-to-file", os.path.join(tmp, "y.png"), "video", timeout=30).get("error")
    check(e == "success" and os.path.getsize(os.path.join(tmp, "y.png")) > 0, "screenshot with flag video → %r" % e)
    check(err(p, "screenshot-to-file", "") == INVALID, "screenshot to an empty path")


def quit_checks(p):
    n0 = len(p.events)
    r = p.ipc.request("quit")
    check(r.get("error") == "success", "quit reply: %r" % r)
    try:
        p.wait_event("shutdown", timeout=10, start=n0)
    except vtplayer.IPCError as e:
        check(False, "no shutdown event after quit: %s" % e)
    evs = [(e.get("event"), e.get("reason")) for e in p.events[n0:]]
    check(("end-file", "quit") in evs and evs.index(("end-file", "quit")) < evs.index(("shutdown", None)),
          "events after quit: %r (want end-file quit, then shutdown)" % evs)
    deadline = time.time() + 10
    while not p.ipc.closed and time.time() < deadline:
        time.sleep(0.05)
    check(p.ipc.closed, "the connection stays open after quit")
    code = vtipc.exit_code(p)
    check(code == 0, "exit code after quit: %r" % code)


def main():
    tmp = tempfile.mkdtemp(prefix="vt-ipc-cmds-")
    media = build(tmp)
    args = ["--size", "320x240", "--no-watch", "--image-duration", "60"]
    with vtplayer.Player(media, extra_args=args, languages="es", tmp=os.path.join(tmp, "main")) as p:
        wait_for(lambda: p.get("filename") == "a.mkv", what="a.mkv to play")
        cycles(p)
        next_prev(p)
        seeks(p)
        keys(p)
        screenshots(p, tmp)
        check(p.proc.poll() is None, "the player died")
        quit_checks(p)
    with vtplayer.Player(media, extra_args=args, tmp=os.path.join(tmp, "quit3")) as p:
        wait_for(lambda: p.get("filename") == "a.mkv", what="a.mkv to play")
        check(err(p, "quit", 300) == INVALID, "quit 300")
        check(err(p, "quit", "x") == INVALID, "quit x")
        check(p.ipc.request("quit", 3).get("error") == "success", "quit 3")
        code = vtipc.exit_code(p)
        check(code == 3, "exit code after quit 3: %r" % code)
    return vtcheck.verdict("logs under " + tmp)


if __name__ == "__main__":
    sys.exit(main())
