#!/usr/bin/env python3
"""vitrinactl against the real player (issue 3, "vitrinactl").

A watched folder with two clips, a broken file (rejected by the intake
with a reason) and a file still being copied (waiting). Checked:
- status: file, position, language, playlist position, dropped frames,
  idle, and the intake lines (waiting / rejected with the reason);
  status --json;
- get (plain values, JSON for lists), set (JSON or string values), lang,
  key (any case), pause (prints the new state), next/prev (end-file
  "stop"), screenshot (a relative FILE is saved relative to the caller's
  directory; "saved PATH"), --json raw replies;
- watch prints events as they come (and --json raw lines) and exits 0 when
  the player shuts down;
- exit codes: 0 ok; 1 the player replied with an error (with a hint for
  the usual mistakes) or did not answer in time (main loop frozen with the
  debug hook); 2 usage errors; 3 no player (no socket, a stale socket);
- the socket is found through VITRINA_IPC and $XDG_RUNTIME_DIR.
"""
# ctest-timeout: 150
import json
import os
import re
import socket
import subprocess
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


def ctl(sock, *args, cwd=None, env=None, timeout=30):
    e = dict(os.environ)
    e.pop("VITRINA_IPC", None)
    e.update(env or {})
    argv = [vtplayer.CTL] + (["--socket", sock] if sock else []) + list(args)
    r = subprocess.run(argv, capture_output=True, text=True, cwd=cwd, env=e, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def build(tmp):
    media = os.path.join(tmp, "media")
    os.makedirs(media)
    vtmedia.place(vtipc.clip_a(20), media, "a.mp4")
    vtmedia.place(vtipc.clip_b(20), media, "b.mp4")
    vtmedia.one_cue_srt(os.path.join(media, "a.es.srt"), "Hola", 20)
    vtmedia.random_bytes(media, "broken.mp4")
    vtmedia.settled(media)
    return media


def status(p, sock, media):
    # A file still being copied: it waits (settle time 60 s).
    with open(os.path.join(media, "copying.mp4"), "wb") as f:
        f.write(b"\0" * 1000)
    wait_for(lambda: [e for e in p.get("intake-rejected") if e["name"] == "broken.mp4"],
             timeout=30, what="broken.mp4 to be rejected")
    wait_for(lambda: [e for e in p.get("intake-pending") if e["name"] == "copying.mp4"],
             timeout=30, what="copying.mp4 to wait")
    p.set("time-pos", 6.5)
    wait_for(lambda: 6 < p.get("time-pos") < 9, what="the seek to 6.5 s")
    code, out, err = ctl(sock, "status")
    print(out)
    check(code == 0, "status exit %d: %s" % (code, err))
    fields = dict(re.findall(r"^(\w+):\s+(.*)$", out, re.M))
    check(fields.get("file") == "a.mp4", "status file: %r" % fields.get("file"))
    check(re.match(r"0:0[6-9] / 0:20$", fields.get("position", "")), "status position: %r" % fields.get("position"))
    check(fields.get("language") == "es", "status language: %r" % fields.get("language"))
    check(fields.get("playlist") == "1 / 2", "status playlist: %r" % fields.get("playlist"))
    check(re.match(r"\d+ frames$", fields.get("dropped", "")), "status dropped: %r" % fields.get("dropped"))
    check(fields.get("idle") == "no", "status idle: %r" % fields.get("idle"))
    check(fields.get("waiting") == "1 file" and "copying.mp4" in out, "status waiting lines: %r" % out)
    reason = [e.get("reason") for e in p.get("intake-rejected") if e["name"] == "broken.mp4"][0]
    check(fields.get("rejected") == "1 file" and ("broken.mp4 — %s" % reason) in out,
          "status rejected lines (want 'broken.mp4 — %s'): %r" % (reason, out))
    code, out, err = ctl(sock, "--json", "status")
    try:
        st = json.loads(out)
    except ValueError:
        st = {}
    check(code == 0 and st.get("filename") == "a.mp4" and st.get("playlist-count") == 2 and
          isinstance(st.get("intake-rejected"), list), "status --json: %r" % out)
    os.unlink(os.path.join(media, "copying.mp4"))


def get_set(p, sock):
    code, out, _ = ctl(sock, "get", "filename")
    check((code, out) == (0, "a.mp4\n"), "get filename: %r %r" % (code, out))
    code, out, _ = ctl(sock, "get", "volume")
    check((code, out) == (0, "100\n"), "get volume: %r %r" % (code, out))
    code, out, _ = ctl(sock, "get", "playlist")
    check(code == 0 and [e["filename"] for e in json.loads(out)] == ["a.mp4", "b.mp4"], "get playlist: %r" % out)
    code, out, err = ctl(sock, "get", "no-such-property")
    check(code == 1 and "property not found" in err and "no property" in err, "get unknown: %r %r" % (code, err))
    code, out, _ = ctl(sock, "--json", "get", "mute")
    check(code == 0 and json.loads(out) == {"request_id": 1, "error": "success", "data": False},
          "get --json: %r" % out)
    code, _, err = ctl(sock, "set", "volume", "30")
    check(code == 0 and p.get("volume") == 30.0, "set volume 30: %r %r" % (code, err))
    code, _, err = ctl(sock, "set", "mute", "yes")
    check(code == 0 and p.get("mute") is True, "set mute yes (a string): %r %r" % (code, err))
    code, _, err = ctl(sock, "set", "mute", "false")
    check(code == 0 and p.get("mute") is False, "set mute false (JSON): %r %r" % (code, err))
    code, _, err = ctl(sock, "set", "volume", "loud")
    check(code == 1 and "unsupported format" in err, "set volume loud: %r %r" % (code, err))
    code, _, err = ctl(sock, "set", "filename", "x")
    check(code == 1 and "error accessing property" in err and "cannot be set" in err,
          "set of a read-only property: %r %r" % (code, err))
    code, _, err = ctl(sock, "lang", "off")
    check(code == 0 and p.get("language") == "off" and p.get("sid") is False, "lang off: %r" % err)
    code, _, err = ctl(sock, "lang", "es")
    check(code == 0 and p.get("language") == "es" and p.get("sid") == 1, "lang es: %r" % err)
    code, _, err = ctl(sock, "lang", "klingonish")
    check(code == 1 and "not a language code" in err, "lang of a bad code: %r %r" % (code, err))


def keys_and_moves(p, sock):
    code, _, err = ctl(sock, "key", "mute")
    check(code == 0 and p.get("mute") is True, "key mute (lower case): %r %r" % (code, err))
    ctl(sock, "key", "MUTE")
    code, _, err = ctl(sock, "key", "FLY")
    check(code == 1 and "not a remote button" in err, "key FLY: %r %r" % (code, err))
    code, out, _ = ctl(sock, "pause")
    check((code, out, p.get("pause")) == (0, "paused\n", True), "pause: %r %r" % (code, out))
    code, out, _ = ctl(sock, "pause")
    check((code, out, p.get("pause")) == (0, "playing\n", False), "pause again: %r %r" % (code, out))
    n0 = len(p.events)
    code, _, _ = ctl(sock, "next")
    check(code == 0, "next: %r" % code)
    wait_for(lambda: p.get("filename") == "b.mp4", what="next to play b.mp4")
    check(any(e.get("event") == "end-file" and e.get("reason") == "stop" for e in p.events[n0:]),
          "next: no end-file stop")
    code, _, _ = ctl(sock, "prev")
    wait_for(lambda: p.get("filename") == "a.mp4", what="prev to play a.mp4")
    code, _, _ = ctl(sock, "key", "NEXT")
    wait_for(lambda: p.get("filename") == "b.mp4", what="key NEXT to play b.mp4")


def screenshots(sock, tmp):
    work = os.path.join(tmp, "work")
    os.makedirs(work)
    code, out, err = ctl(sock, "screenshot", "rel.png", cwd=work)
    want = os.path.join(work, "rel.png")
    check(code == 0 and out == "saved %s\n" % want and os.path.getsize(want) > 100,
          "screenshot rel.png: %r %r %r" % (code, out, err))
    code, out, err = ctl(sock, "screenshot", os.path.join(tmp, "nope", "x.png"))
    check(code == 1 and "could not write" in err, "screenshot into a missing folder: %r %r" % (code, err))


def usage_and_connect(sock, tmp):
    for args in ([], ["bogus"], ["get"], ["set", "volume"], ["lang", "es", "fr"], ["--timeout", "x", "status"],
                 ["--bogus", "status"], ["--socket"]):
        code, _, err = ctl(sock, *args)
        check(code == 2 and "vitrinactl" in err, "usage error %r: exit %r %r" % (args, code, err))
    code, out, _ = ctl(None, "--help")
    check(code == 0 and "Usage: vitrinactl" in out and "Exit status" in out, "--help: %r" % code)
    code, _, err = ctl(os.path.join(tmp, "no-such.sock"), "status")
    check(code == 3 and "cannot connect" in err, "no socket: %r %r" % (code, err))
    stale = os.path.join(tmp, "stale.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(stale)
    s.close()
    code, _, err = ctl(stale, "get", "volume")
    check(code == 3 and "cannot connect" in err, "stale socket: %r %r" % (code, err))
    # finding the socket without --socket
    code, out, _ = ctl(None, "get", "playlist-count", env={"VITRINA_IPC": sock})
    check((code, out) == (0, "2\n"), "VITRINA_IPC: %r %r" % (code, out))


def watch(p, sock):
    w = subprocess.Popen([vtplayer.CTL, "--socket", sock, "watch"], stdout=subprocess.PIPE, text=True)
    wj = subprocess.Popen([vtplayer.CTL, "--socket", sock, "--json", "watch"], stdout=subprocess.PIPE, text=True)
    time.sleep(0.5)
    ctl(sock, "next")
    time.sleep(1.0)
    p.ipc.request("quit")
    try:
        out, _ = w.communicate(timeout=15)
        outj, _ = wj.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        w.kill()
        wj.kill()
        out, outj = w.communicate()[0], wj.communicate()[0]
        check(False, "watch did not exit when the player shut down")
    print(out)
    lines = out.splitlines()
    check(any(re.match(r"\d\d:\d\d:\d\d end-file reason=stop .*filename=", l) for l in lines),
          "watch: no end-file line: %r" % lines)
    check(any(re.match(r"\d\d:\d\d:\d\d start-file ", l) for l in lines), "watch: no start-file line")
    check(lines and lines[-1].endswith("shutdown"), "watch: last line is not shutdown: %r" % lines[-1:])
    check(w.returncode == 0 and wj.returncode == 0, "watch exit codes %r %r" % (w.returncode, wj.returncode))
    evs = [json.loads(l) for l in outj.splitlines()]
    check([e.get("event") for e in evs][-1:] == ["shutdown"] and any(e.get("event") == "start-file" for e in evs),
          "watch --json: %r" % evs)


def frozen(p, sock):
    """A player whose main loop hangs: vitrinactl gives up, exit 1."""
    r = p.ipc.request("vitrina-debug-freeze", 3)
    if r.get("error") != "success":
        print("no debug hooks in this build: the timeout case is not checked")
        return
    time.sleep(0.3)
    t = time.time()
    code, _, err = ctl(sock, "--timeout", "1", "get", "volume")
    check(code == 1 and "did not answer within 1 s" in err and time.time() - t < 2.5,
          "frozen player: %r %r after %.1f s" % (code, err, time.time() - t))
    time.sleep(3)


def main():
    tmp = tempfile.mkdtemp(prefix="vt-ctl-")
    media = build(tmp)
    xdg = os.path.join(tmp, "xdg")
    os.makedirs(xdg, mode=0o700)
    args = ["--size", "320x240", "--watch", "--settle-time", "60"]
    with vtplayer.Player(media, extra_args=args, languages="es", tmp=os.path.join(tmp, "player")) as p:
        sock = p.sock
        wait_for(lambda: p.get("filename") == "a.mp4", what="a.mp4 to play")
        status(p, sock, media)
        get_set(p, sock)
        keys_and_moves(p, sock)
        screenshots(sock, tmp)
        usage_and_connect(sock, tmp)
        os.symlink(sock, os.path.join(xdg, "vitrina.sock"))
        code, out, _ = ctl(None, "get", "playlist-count", env={"XDG_RUNTIME_DIR": xdg})
        check((code, out) == (0, "2\n"), "XDG_RUNTIME_DIR/vitrina.sock: %r %r" % (code, out))
        frozen(p, sock)
        watch(p, sock)
        code = vtipc.exit_code(p)
        check(code == 0, "player exit code %r" % code)
    return vtcheck.verdict("logs under " + tmp)


if __name__ == "__main__":
    sys.exit(main())
