#!/usr/bin/env python3
# ctest-labels: package
# ctest-timeout: 120
"""The systemd watchdog, with a fake NOTIFY_SOCKET (systemd is not PID 1 on
the build machines, so a transient systemd-run unit is not an option).

The player runs headless on an empty folder as systemd would start it
(NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID). Checked: READY=1 with a STATUS
once the idle screen is up; WATCHDOG=1 at about half of WATCHDOG_USEC; after
`vitrina-debug-freeze` (debug-hook builds only) stalls the main loop, the
pings stop for longer than the watchdog timeout — so systemd would kill and
restart it — and start again once the loop runs; STOPPING=1 and exit 0 on
SIGTERM. Also: without WATCHDOG_USEC there are no pings, and pings meant for
another process (WATCHDOG_PID) are not sent."""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.environ.get("VITRINA_SRC", os.path.join(os.path.dirname(__file__), "..", "..")),
                                "packaging", "testlib"))
import vtpkg  # noqa: E402
from vtpkg import check  # noqa: E402

BIN = os.environ.get("VITRINA_BIN") or os.path.join(vtpkg.BUILD, "vitrina")
SCALE = 3.0 if os.environ.get("ASAN_OPTIONS") or "asan" in BIN else 1.0   # sanitizer builds are slower
WATCHDOG_S = 1.5 * SCALE                 # WatchdogSec of the fake unit
FREEZE_S = int(max(5, 3 * WATCHDOG_S))   # whole seconds the hook stalls the loop


class Run:
    def __init__(self, tmp, env_extra, name):
        self.dir = os.path.join(tmp, name)
        os.makedirs(os.path.join(self.dir, "media"))
        self.sock = os.path.join(self.dir, "ipc.sock")
        self.notify = vtpkg.NotifyListener()
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                   NOTIFY_SOCKET=self.notify.address)
        env.update(env_extra)
        self.log = open(os.path.join(self.dir, "log"), "w+")
        self.p = subprocess.Popen([BIN, "--config", "none", "--ipc", self.sock,
                                   "--state-dir", os.path.join(self.dir, "state"), "--log-level", "verbose",
                                   os.path.join(self.dir, "media")],
                                  env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def logtext(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def request(self, *command, timeout=10):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        end = time.monotonic() + timeout
        while True:
            try:
                s.connect(self.sock)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > end:
                    raise
                time.sleep(0.05)
        s.sendall(json.dumps({"command": list(command), "request_id": 7}).encode() + b"\n")
        buf = b""
        while b"\n" not in buf:
            data = s.recv(4096)
            if not data:
                break
            buf += data
        s.close()
        for line in buf.split(b"\n"):
            if line.strip():
                msg = json.loads(line)
                if "event" not in msg:
                    return msg
        return None

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(10 * SCALE)
            except subprocess.TimeoutExpired:
                os.killpg(self.p.pid, signal.SIGKILL)
                self.p.wait()
        self.notify.close()
        return self.p.returncode


def pings_between(n, t0, t1):
    return [t for t in n.times_of("WATCHDOG=1") if t0 <= t <= t1]


def max_gap(times, t0, t1):
    pts = [t0] + sorted(times) + [t1]
    return max(b - a for a, b in zip(pts, pts[1:]))


def body():
    check(os.access(BIN, os.X_OK), "player binary %s exists" % BIN)
    with tempfile.TemporaryDirectory(prefix="vt-watchdog-") as tmp:
        usec = str(int(WATCHDOG_S * 1e6))
        r = Run(tmp, {"WATCHDOG_USEC": usec}, "main")
        try:
            ok = r.notify.wait_for("READY=1", 20 * SCALE)
            check(ok, "READY=1 arrives once the idle screen is up\n" + r.logtext()[-2000:])
            ready_msgs = [m for _, m in r.notify.messages if "READY=1" in m]
            check("STATUS=" in ready_msgs[0], "READY=1 comes with a STATUS= line (%r)" % ready_msgs[0])
            t0 = r.notify.times_of("READY=1")[0]
            time.sleep(2 * WATCHDOG_S)
            t1 = time.monotonic()
            pings = pings_between(r.notify, t0, t1)
            gap = max_gap(pings, t0, t1)
            check(len(pings) >= 3, "WATCHDOG=1 pings arrive: %d in %.1f s (WatchdogSec=%.1f)" % (len(pings), t1 - t0, WATCHDOG_S))
            check(gap < WATCHDOG_S, "pings are never further apart than WatchdogSec=%.1f s (max gap %.2f s)" % (WATCHDOG_S, gap))

            reply = r.request("vitrina-debug-freeze", FREEZE_S)
            check(reply is not None and reply.get("error") == "success",
                  "vitrina-debug-freeze is accepted by a debug-hook build (reply %s)" % reply)
            t_freeze = time.monotonic()
            time.sleep(FREEZE_S + 2 * WATCHDOG_S)
            t2 = time.monotonic()
            pings = pings_between(r.notify, t_freeze, t2)
            gap = max_gap(pings, t_freeze, t2)
            check(gap > WATCHDOG_S and gap >= 0.8 * FREEZE_S,
                  "while the main loop is frozen the pings stop for longer than WatchdogSec "
                  "(gap %.2f s, freeze %.1f s, WatchdogSec %.1f s)" % (gap, FREEZE_S, WATCHDOG_S))
            after = [t for t in pings if t > t_freeze + FREEZE_S]
            check(len(after) >= 2, "pings resume after the freeze (%d)" % len(after))
            check("freezing the main loop" in r.logtext(), "the player logs the debug freeze")
            check(r.p.poll() is None, "the player is still running")
        finally:
            rc = r.stop()
        check(rc == 0, "SIGTERM ends the player with exit status 0 (got %s)" % rc)
        check(r.notify.times_of("STOPPING=1"), "STOPPING=1 is sent on the way out")

        # No WATCHDOG_USEC: watchdog off, no pings. WATCHDOG_PID of another
        # process: the pings are for someone else (sd_watchdog_enabled).
        for name, extra in (("nowd", {}), ("otherpid", {"WATCHDOG_USEC": usec, "WATCHDOG_PID": "1"})):
            q = Run(tmp, extra, name)
            try:
                check(q.notify.wait_for("READY=1", 20 * SCALE), "%s: READY=1 arrives" % name)
                time.sleep(1.5 * WATCHDOG_S)
            finally:
                rc = q.stop()
            check(not q.notify.times_of("WATCHDOG=1"), "%s: no WATCHDOG=1 pings" % name)
            check(rc == 0, "%s: exit status 0 (got %s)" % (name, rc))


if __name__ == "__main__":
    vtpkg.main(body)
