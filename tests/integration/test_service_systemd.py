#!/usr/bin/env python3
# ctest-labels: package
# ctest-timeout: 900
"""The installed vitrina.service under a real systemd: the throwaway Debian
root (see test_package_install.py) with the .deb installed is booted with
systemd-nspawn, so the unit's sandbox, user, groups, notify and watchdog
settings are exercised by systemd itself, not read.

A test drop-in changes only what a container cannot have: no tty1 (the
condition and TTYPath are cleared, StandardInput=null), SDL drivers dummy,
and a short WatchdogSec/RestartSec so the restart is quick. Checked:
  - the service reaches active with STATUS "Idle…" (READY=1 through the
    sandbox), as user vitrina with its groups; vitrinactl works as root;
  - the sandbox holds: media folder and system read-only in its mount
    namespace, state writable, seccomp on, only CAP_LEASE, no new
    privileges; exposure score (online) at most 2.0;
  - a clip a vitrina-media member copies in is played;
  - a hung player (SIGSTOP) is killed by the watchdog and restarted;
  - a broken config file does not stop it: it runs, and logs the problem;
  - an upgrade restarts the running player and keeps the edited config.
Needs systemd-nspawn (Debian package systemd-container)."""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("VITRINA_SRC", os.path.join(os.path.dirname(__file__), "..", "..")),
                                "packaging", "testlib"))
import vtpkg  # noqa: E402
from vtpkg import check, run  # noqa: E402

WATCHDOG_S = 4
DROPIN = """[Unit]
ConditionPathExists=
[Service]
TTYPath=
StandardInput=null
Environment=SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
WatchdogSec=%d
RestartSec=1
""" % WATCHDOG_S


class Container:
    def __init__(self, root):
        self.root = root
        self.log = open(os.path.join(os.path.dirname(root), "nspawn.log"), "w+")
        self.p = subprocess.Popen(["systemd-nspawn", "-q", "-D", root, "-b", "--register=no", "--keep-unit",
                                   "--console=read-only"], stdout=self.log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
        self.init = None
        end = time.monotonic() + 60
        while time.monotonic() < end and self.p.poll() is None and not self.init:
            time.sleep(0.2)
            for pid in run(["pgrep", "-P", str(self.p.pid)], check_rc=False).stdout.split():
                st = open("/proc/%s/status" % pid).read()
                if re.search(r"^NSpid:\s+\d+\s+1$", st, re.M):
                    self.init = pid
        if not self.init:
            raise vtpkg.TestFailure("systemd-nspawn did not boot the root:\n" + self.text()[-3000:])

    def text(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def sh(self, script, check_rc=True, timeout=60):
        return run(["nsenter", "-t", self.init, "-m", "-u", "-i", "-n", "-p", "/bin/sh", "-c", script],
                   check_rc=check_rc, timeout=timeout, env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
                                                             "LC_ALL": "C.UTF-8", "SYSTEMD_PAGER": ""})

    def wait(self, script, what, timeout=60):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.sh(script, check_rc=False).returncode == 0:
                return True
            time.sleep(0.3)
        return False

    def prop(self, name):
        return self.sh("systemctl show -P %s vitrina.service" % name).stdout.strip()

    def journal(self):
        return self.sh("journalctl -b -u vitrina.service --no-pager -o cat").stdout

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)   # nspawn: orderly shutdown of the container
            try:
                self.p.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.p.pid, signal.SIGKILL)
                self.p.wait()


def body():
    vtpkg.require_root()
    if not shutil.which("systemd-nspawn"):
        print("SKIPPED: systemd-nspawn is not installed (Debian package systemd-container)")
        return
    deb = vtpkg.ensure_deb()
    deps = vtpkg.dep_names(vtpkg.deb_field(deb, "Depends"))
    vtpkg.private_mount_namespace()
    with vtpkg.DebianRoot(deps) as r:
        run(["cp", deb, r.path("/tmp/vitrina.deb")])
        r.sh("dpkg -i /tmp/vitrina.deb >/dev/null && mv /tmp/vitrina.deb /opt/vitrina.deb")
        os.makedirs(r.path("/etc/systemd/system/vitrina.service.d"))
        with open(r.path("/etc/systemd/system/vitrina.service.d/test.conf"), "w") as f:
            f.write(DROPIN)
        r.sh("useradd --no-create-home --groups vitrina-media keeper")
        run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
             "-t", "2", "-pix_fmt", "yuv420p", r.path("/opt/clip.mp4")])
        # nspawn mounts its own /dev, /proc, /run, /tmp: unmount ours first.
        for sub in ("tmp", "run", "dev", "proc"):
            run(["umount", "-R", r.path("/" + sub)])
        t0 = time.monotonic()
        c = Container(r.root)
        try:
            ok = c.wait("systemctl is-active -q vitrina.service", "active", 60)
            check(ok, "vitrina.service becomes active under systemd (%.1f s after boot start)\n%s"
                  % (time.monotonic() - t0, c.sh("systemctl status vitrina --no-pager -l", check_rc=False).stdout))
            status = c.prop("StatusText")
            check(status.startswith("Idle"), "its STATUS says idle (READY=1 arrived through the sandbox): %r" % status)
            pid = c.prop("MainPID")
            ids = c.sh("getent passwd $(awk '/^Uid:/{print $2}' /proc/%s/status) | cut -d: -f1; "
                       "for g in $(awk '/^Groups:/{$1=\"\"; print}' /proc/%s/status); do "
                       "getent group $g | cut -d: -f1; done" % (pid, pid)).stdout.split()
            check(ids and ids[0] == "vitrina"
                  and all(g in ids[1:] for g in ("video", "render", "input", "audio", "vitrina-media")),
                  "it runs as vitrina with groups video render input audio vitrina-media (%s)" % ids)
            st = c.sh("vitrinactl status", check_rc=False)
            check(st.returncode == 0, "vitrinactl status works as root (%s)" % (st.stdout + st.stderr).strip()[:300])

            # Writes as user vitrina, inside the service's mount namespace and
            # (for comparison) outside it, where group vitrina-media may write.
            def can_write(path, in_service):
                ns = "nsenter -t %s -m " % pid if in_service else ""
                p = c.sh("%ssetpriv --reuid=vitrina --regid=vitrina --init-groups sh -c "
                         "'touch %s/.vt-probe && rm %s/.vt-probe'" % (ns, path, path), check_rc=False)
                return p.returncode == 0, p.stderr.strip()
            check(can_write("/srv/vitrina/media", False)[0],
                  "outside the sandbox user vitrina could write the media folder (group vitrina-media)")
            ok, err = can_write("/srv/vitrina/media", True)
            check(not ok and "Read-only" in err, "inside the sandbox the media folder is read-only (%s)" % err)
            ok, err = can_write("/etc/vitrina", True)
            check(not ok, "inside the sandbox /etc is not writable (%s)" % err)
            check(can_write("/var/lib/vitrina", True)[0], "inside the sandbox the state folder is writable")
            sec = c.sh("systemd-analyze security vitrina.service --no-pager", check_rc=False).stdout
            m = re.search(r"Overall exposure level for vitrina.service: ([0-9.]+)", sec)
            check(m and float(m.group(1)) <= 2.0, "systemd-analyze security (online): exposure %s ≤ 2.0"
                  % (m.group(1) if m else "?"))
            proc = c.sh("cat /proc/%s/status" % pid).stdout
            check(re.search(r"^NoNewPrivs:\s+1$", proc, re.M) and re.search(r"^Seccomp:\s+2$", proc, re.M)
                  and re.search(r"^CapBnd:\s+0*10000000$", proc, re.M),
                  "no new privileges, seccomp filters on, capability bounding set = CAP_LEASE only")

            # A staff member adds a clip: it plays.
            c.sh("setpriv --reuid=keeper --regid=keeper --init-groups cp /opt/clip.mp4 /srv/vitrina/media/clip.mp4")
            ok = c.wait("journalctl -b -u vitrina --no-pager -o cat | grep -q 'playing .*clip.mp4'", "plays", 30)
            check(ok, "the service plays a clip copied into the media folder")

            # A hung player: the watchdog kills it and systemd starts a new one.
            c.sh("kill -STOP %s" % pid)
            t_hang = time.monotonic()
            ok = c.wait("[ \"$(systemctl show -P MainPID vitrina)\" != %s ] && "
                        "[ \"$(systemctl show -P StatusText vitrina)\" != '' ] && systemctl is-active -q vitrina" % pid,
                        "restarted", WATCHDOG_S * 3 + 30)
            j = c.journal()
            check(ok and "Watchdog timeout" in j,
                  "a stopped (hung) player is killed by the watchdog and restarted (%.1f s, WatchdogSec=%d)\n%s"
                  % (time.monotonic() - t_hang, WATCHDOG_S, "\n".join(j.splitlines()[-15:])))
            check(int(c.prop("NRestarts")) >= 1, "systemd counts the restart (NRestarts=%s)" % c.prop("NRestarts"))

            # A broken config file: still running (no crash loop), problem logged.
            c.sh("printf 'volume = loud\\nno-such-key = 1\\n' >> /etc/vitrina/vitrina.conf && "
                 "systemctl restart vitrina")
            time.sleep(3)
            restarts = c.prop("NRestarts")
            check(c.sh("systemctl is-active vitrina", check_rc=False).stdout.strip() == "active",
                  "with a broken config file the service still runs")
            check(re.search(r"error\s+config: .*(volume|no-such-key)", c.journal()),
                  "the config problem is in the journal")
            time.sleep(4)
            check(c.prop("NRestarts") == restarts, "and it does not crash-loop (NRestarts stays %s)" % restarts)
            # An upgrade (here: the same package again) restarts the running
            # player and keeps the staff's edits to the config file.
            before = c.prop("MainPID")
            up = c.sh("dpkg -i /opt/vitrina.deb", check_rc=False)
            check(up.returncode == 0, "reinstalling over the running service works (%s)" % up.stderr.strip()[-300:])
            ok = c.wait("[ \"$(systemctl show -P MainPID vitrina)\" != %s ] && systemctl is-active -q vitrina" % before,
                        "restarted", 30)
            check(ok, "the upgrade restarted the player (MainPID %s → %s)" % (before, c.prop("MainPID")))
            check("volume = loud" in open(r.path("/etc/vitrina/vitrina.conf")).read(),
                  "the upgrade kept the edited config file")
            print("container part: %.1f s" % (time.monotonic() - t0), flush=True)
        finally:
            c.stop()


if __name__ == "__main__":
    vtpkg.main(body)
