#!/usr/bin/env python3
"""The control socket file (issue 3, "Socket").

- The socket is mode 0660 whatever the umask (0022 and 0077 tried), its
  missing parent directories are created, and it is removed on exit.
- A stale socket file (nobody listening) is replaced, with a log line.
- A live one (another Vitrina answering) makes the second instance exit
  non-zero with a message naming the path, leaving the first one and its
  socket alone.
- A path that exists and is not a socket, and a path too long for a Unix
  socket, are refused with a clear message (exit non-zero, file intact).
- Default path: $XDG_RUNTIME_DIR/vitrina.sock, or $RUNTIME_DIRECTORY/ipc.sock
  under systemd (the service's /run/vitrina/ipc.sock).
"""
# ctest-timeout: 120
import json
import os
import socket
import stat
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


def env(extra=None):
    e = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    for k in ("XDG_RUNTIME_DIR", "RUNTIME_DIRECTORY", "NOTIFY_SOCKET"):
        e.pop(k, None)
    e.update(extra or {})
    return e


def start(tmp, name, media, ipc=None, extra_env=None, umask=None):
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    args = [vtplayer.BIN, "--config", "none", "--state-dir", os.path.join(d, "state"), "--size", "320x240",
            "--no-watch", "--log-level", "verbose"]
    if ipc:
        args += ["--ipc", ipc]
    args.append(media)
    log = open(os.path.join(d, "log"), "w+")
    pre = (lambda: os.umask(umask)) if umask is not None else None
    p = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env(extra_env), preexec_fn=pre)
    p.logfile = log
    return p


def logtext(p):
    p.logfile.flush()
    p.logfile.seek(0)
    return p.logfile.read()


def ask(path, timeout=15.0):
    """get_property playlist-count on a fresh connection (retrying until the
    socket answers); the reply, or None."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(5)
            s.connect(path)
            s.sendall(b'{"command":["get_property","playlist-count"],"request_id":1}\n')
            buf = b""
            while True:
                d = s.recv(4096)
                if not d:
                    break
                buf += d
                for line in buf.split(b"\n")[:-1]:
                    m = json.loads(line)
                    if m.get("request_id") == 1:
                        s.close()
                        return m
        except (OSError, ValueError):
            time.sleep(0.05)
    return None


def stop(p):
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    return p.returncode


def gave_up(p, timeout=20):
    """The exit code of an instance that must give up by itself, or None
    (and it is stopped) when it still runs after `timeout` s."""
    try:
        return p.wait(timeout)
    except subprocess.TimeoutExpired:
        stop(p)
        return None


def mode_and_cleanup(tmp, media):
    for umask in (0o022, 0o077):
        path = os.path.join(tmp, "deep%o" % umask, "a", "b", "ipc.sock")
        p = start(tmp, "mode%o" % umask, media, ipc=path, umask=umask)
        r = ask(path)
        check(r and r.get("data") == 1, "umask %o: no answer on %s: %r" % (umask, path, r))
        if os.path.exists(path):
            st = os.stat(path)
            check(stat.S_ISSOCK(st.st_mode), "%s is not a socket" % path)
            check(stat.S_IMODE(st.st_mode) == 0o660, "umask %o: socket mode %o, expected 660" % (
                umask, stat.S_IMODE(st.st_mode)))
        code = stop(p)
        check(code == 0, "umask %o: exit code %r" % (umask, code))
        check(not os.path.exists(path), "socket file left behind after exit: %s" % path)


def stale(tmp, media):
    path = os.path.join(tmp, "stale.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.close()  # the file stays, nobody listens: a crashed player's leftover
    check(os.path.exists(path), "could not make a stale socket")
    p = start(tmp, "stale", media, ipc=path)
    r = ask(path)
    check(r and r.get("data") == 1, "the stale socket was not replaced: %r" % r)
    check("replaced stale control socket %s" % path in logtext(p), "no log line about the stale socket")
    check(stop(p) == 0, "stale: exit code")


def live(tmp, media):
    path = os.path.join(tmp, "live.sock")
    first = start(tmp, "first", media, ipc=path)
    r = ask(path)
    check(r and r.get("data") == 1, "first instance does not answer: %r" % r)
    ino = os.stat(path).st_ino
    second = start(tmp, "second", media, ipc=path)
    code = gave_up(second)
    text = logtext(second)
    check(code not in (None, 0), "a second instance on a live socket exited with %r" % code)
    check("another Vitrina is already listening on %s" % path in text,
          "second instance's message does not say why: %r" % text[-600:])
    check(text.count(path) <= 3, "the reason is logged more than once:\n" + text[-800:])
    check(os.path.exists(path) and os.stat(path).st_ino == ino, "the second instance touched the first's socket")
    r = ask(path)
    check(r and r.get("data") == 1, "the first instance stopped answering: %r" % r)
    check(stop(first) == 0, "first instance exit code")


def refused(tmp, media):
    path = os.path.join(tmp, "not-a-socket")
    with open(path, "w") as f:
        f.write("precious\n")
    p = start(tmp, "file", media, ipc=path)
    code = gave_up(p)
    check(code not in (None, 0), "a regular file at the socket path: exit code %r" % code)
    check("exists and is not a socket" in logtext(p), "no clear message for a non-socket path")
    with open(path) as f:
        check(f.read() == "precious\n", "the file at the socket path was modified")
    longp = os.path.join(tmp, "x" * 120, "ipc.sock")
    p = start(tmp, "long", media, ipc=longp)
    code = gave_up(p)
    check(code not in (None, 0), "an over-long socket path: exit code %r" % code)
    check("longer than" in logtext(p), "no clear message for an over-long path: %r" % logtext(p)[-400:])


def defaults(tmp, media):
    xdg = os.path.join(tmp, "xdg")
    os.makedirs(xdg, mode=0o700)
    p = start(tmp, "xdg", media, extra_env={"XDG_RUNTIME_DIR": xdg})
    r = ask(os.path.join(xdg, "vitrina.sock"))
    check(r and r.get("data") == 1, "no socket at $XDG_RUNTIME_DIR/vitrina.sock: %r" % r)
    check(stop(p) == 0, "xdg: exit code")
    run = os.path.join(tmp, "run-vitrina")
    os.makedirs(run)
    p = start(tmp, "service", media, extra_env={"XDG_RUNTIME_DIR": xdg, "RUNTIME_DIRECTORY": run})
    r = ask(os.path.join(run, "ipc.sock"))
    check(r and r.get("data") == 1, "no socket at $RUNTIME_DIRECTORY/ipc.sock: %r" % r)
    check(stop(p) == 0, "service: exit code")


def main():
    tmp = tempfile.mkdtemp(prefix="vt-ipc-sock-")
    media = os.path.join(tmp, "media")
    os.makedirs(media)
    vtmedia.place(vtipc.clip_a(20), media, "a.mp4")
    mode_and_cleanup(tmp, media)
    stale(tmp, media)
    live(tmp, media)
    refused(tmp, media)
    defaults(tmp, media)
    return vtcheck.verdict("logs under " + tmp)


if __name__ == "__main__":
    sys.exit(main())
