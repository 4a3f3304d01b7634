#!/usr/bin/env python3
# ctest-labels: package
# ctest-timeout: 1500
"""Install the .deb into a throwaway Debian 12 root and use it as the
appliance would; then remove and purge it.

The root is debootstrap --variant=minbase bookworm plus the package's
run-time dependencies, made once (a few minutes, needs the Debian mirror
this machine's apt uses) and cached in build-debian-root/; every run works
on an overlay of it in a private mount namespace (seconds, offline).

Checked after `dpkg -i`: the system user and its groups, the media folder
(setgid, group-writable by vitrina-media), the state folder, the config file
(the installed player's own --dump-config, a conffile), the unit enabled and
clean under `systemd-analyze verify`, the logind drop-in, the man pages.
Then the installed player runs as user vitrina with the unit's environment
(SDL drivers switched to dummy) and the installed config: empty folder →
READY=1 on the fake notify socket, idle screen in the log → exit 0 on
SIGTERM; a clip a staff member copies in is played. Finally `dpkg -r` keeps
the config, `dpkg --purge` removes config and state, and the media folder's
files are all still there, byte for byte."""
import hashlib
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("VITRINA_SRC", os.path.join(os.path.dirname(__file__), "..", "..")),
                                "packaging", "testlib"))
import vtpkg  # noqa: E402
from vtpkg import check, run  # noqa: E402


def unit_environment(unit_text):
    """The environment systemd would give the service (Environment= lines;
    EnvironmentFile=/etc/default/vitrina is all comments as shipped)."""
    env = {}
    for m in re.finditer(r"^Environment=(.*)$", unit_text, re.M):
        for assignment in m.group(1).split():
            k, v = assignment.split("=", 1)
            env[k] = v
    for key, var, base in (("RuntimeDirectory", "RUNTIME_DIRECTORY", "/run"),
                           ("StateDirectory", "STATE_DIRECTORY", "/var/lib"),
                           ("CacheDirectory", "CACHE_DIRECTORY", "/var/cache")):
        m = re.search(r"^%s=(\S+)$" % key, unit_text, re.M)
        if m:
            env[var] = "%s/%s" % (base, m.group(1))
    return env


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def check_installed(r, deb_version):
    pw = r.sh("getent passwd vitrina").stdout.strip().split(":")
    check(len(pw) == 7 and int(pw[2]) < 1000, "system user vitrina exists (uid %s)" % (pw[2] if len(pw) > 2 else "?"))
    check(pw[5] == "/var/lib/vitrina" and pw[6] == "/usr/sbin/nologin",
          "vitrina: home /var/lib/vitrina, no login shell (%s, %s)" % (pw[5], pw[6]))
    groups = r.sh("id -nG vitrina").stdout.split()
    for g in ("video", "render", "input", "audio", "vitrina-media"):
        check(g in groups, "vitrina is in group %s (%s)" % (g, " ".join(groups)))
    gr = r.sh("getent group vitrina-media").stdout.strip().split(":")
    check(len(gr) == 4 and int(gr[2]) < 1000, "system group vitrina-media exists")

    def stat(p):
        return r.sh("stat -c '%A %U %G' " + p).stdout.split()

    check(stat("/srv/vitrina/media") == ["drwxrwsr-x", "root", "vitrina-media"],
          "/srv/vitrina/media is drwxrwsr-x root:vitrina-media (%s)" % stat("/srv/vitrina/media"))
    check(stat("/var/lib/vitrina") == ["drwxr-x---", "vitrina", "vitrina"],
          "/var/lib/vitrina is drwxr-x--- vitrina:vitrina (%s)" % stat("/var/lib/vitrina"))
    check(stat("/etc/vitrina/vitrina.conf") == ["-rw-r--r--", "root", "root"], "/etc/vitrina/vitrina.conf is in place")
    dump = r.sh("vitrina --config none --dump-config").stdout
    check(open(r.path("/etc/vitrina/vitrina.conf")).read() == dump,
          "the installed config file is the installed player's --dump-config")
    conffiles = r.sh("dpkg-query -W -f='${Conffiles}' vitrina").stdout
    check("/etc/vitrina/vitrina.conf" in conffiles, "dpkg knows vitrina.conf as a conffile")
    check(deb_version in r.sh("vitrina --version").stdout, "/usr/bin/vitrina --version runs")
    check(r.sh("vitrinactl --help").returncode == 0, "/usr/bin/vitrinactl runs")
    check(os.path.islink(r.path("/etc/systemd/system/multi-user.target.wants/vitrina.service")),
          "vitrina.service is enabled (multi-user.target.wants)")
    p = r.sh("SYSTEMD_LOG_LEVEL=warning systemd-analyze verify vitrina.service", check_rc=False)
    check(p.returncode == 0 and p.stderr.strip() == "",
          "systemd-analyze verify vitrina.service inside the root: clean (%s)" % p.stderr.strip()[:400])
    p = r.sh("systemd-analyze cat-config systemd/logind.conf")
    check(re.search(r"^HandlePowerKey=ignore$", p.stdout, re.M), "logind's effective config ignores the power key")
    for page in ("vitrina", "vitrinactl", "vitrina.conf"):
        p = r.sh("MANWIDTH=80 man %s 2>&1 >/dev/null; MANWIDTH=80 man %s | head -3" % (page, page))
        check(p.stdout.strip() and "No manual entry" not in p.stdout, "man %s works in the root" % page)


def run_player(r, notify, env, seconds_after_ready=2.0, staff_copy=None):
    """Start the installed player as user vitrina; returns (rc, log, ready)."""
    log_path = r.path("/tmp/player.log")
    argv = ["setpriv", "--reuid=vitrina", "--regid=vitrina", "--init-groups", "--inh-caps=-all",
            "/usr/bin/vitrina"]
    with open(log_path, "w") as log:
        p = r.popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
    ready = notify.wait_for("READY=1", 30)
    played = None
    if ready and staff_copy:
        played = staff_copy()
    time.sleep(seconds_after_ready)
    alive = p.poll() is None
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(15)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    return (p.returncode if alive else "died early (%s)" % p.returncode), open(log_path).read(), ready, played


def body():
    vtpkg.require_root()
    deb = vtpkg.ensure_deb()
    version = vtpkg.deb_field(deb, "Version")
    deps = vtpkg.dep_names(vtpkg.deb_field(deb, "Depends"))
    vtpkg.private_mount_namespace()
    t0 = time.monotonic()
    with vtpkg.DebianRoot(deps) as r:
        print("root ready in %.1f s: %s" % (time.monotonic() - t0, r.root), flush=True)
        run(["cp", deb, r.path("/tmp/vitrina.deb")])
        p = r.sh("dpkg -i /tmp/vitrina.deb", check_rc=False, timeout=300)
        check(p.returncode == 0, "dpkg -i installs the package offline\n" + p.stdout[-2000:] + p.stderr[-2000:])
        check("warning" not in p.stderr.lower() and "error" not in p.stderr.lower(),
              "dpkg -i prints no warnings or errors (%s)" % p.stderr.strip()[:600])
        check_installed(r, version)

        # The service's environment, as systemd would set it up.
        unit = open(r.path("/lib/systemd/system/vitrina.service")).read()
        env = unit_environment(unit)
        check(env.get("SDL_VIDEODRIVER") == "kmsdrm" and env.get("SDL_AUDIODRIVER") == "alsa",
              "the unit sets SDL_VIDEODRIVER=kmsdrm and SDL_AUDIODRIVER=alsa")
        env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PATH="/usr/bin:/bin",
                   HOME="/var/lib/vitrina", LANG="C.UTF-8")
        for var in ("RUNTIME_DIRECTORY", "STATE_DIRECTORY", "CACHE_DIRECTORY"):
            r.sh("mkdir -p %s && chown vitrina:vitrina %s" % (env[var], env[var]))

        notify = vtpkg.NotifyListener()
        env["NOTIFY_SOCKET"] = notify.address
        rc, log, ready, _ = run_player(r, notify, env)
        notify.close()
        print("--- player log, empty folder\n%s---" % log, flush=True)
        check(ready, "the installed player reports READY=1 with the installed config and an empty folder")
        check(re.search(r"idle: no videos in /srv/vitrina/media", log), "it shows the idle screen")
        check(rc == 0, "it exits 0 on SIGTERM (got %s)" % rc)
        check(not re.search(r"\] (error|warn) ", log), "no errors or warnings in its log")
        check(os.path.exists(r.path("/run/vitrina/ipc.sock")) or "ipc.sock" in log,
              "its control socket goes to /run/vitrina/ipc.sock")

        # A staff member (group vitrina-media) copies a clip in while it plays.
        r.sh("useradd --no-create-home --groups vitrina-media keeper")
        run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
             "-t", "2", "-pix_fmt", "yuv420p", r.path("/tmp/clip.mp4")])

        def staff_copy():
            r.sh("setpriv --reuid=keeper --regid=keeper --init-groups sh -c "
                 "'umask 002; mkdir /srv/vitrina/media/talks && cp /tmp/clip.mp4 /srv/vitrina/media/talks/clip.mp4'")
            return True

        notify = vtpkg.NotifyListener()
        env["NOTIFY_SOCKET"] = notify.address
        rc, log, ready, _ = run_player(r, notify, env, seconds_after_ready=6.0, staff_copy=staff_copy)
        notify.close()
        print("--- player log, staff adds a clip\n%s---" % log, flush=True)
        st = r.sh("stat -c '%A %U %G' /srv/vitrina/media/talks/clip.mp4").stdout.split()
        check(st[2] == "vitrina-media", "a staff copy belongs to group vitrina-media (setgid folder): %s" % st)
        check(re.search(r"playing .*talks/clip\.mp4", log), "the player (user vitrina) plays the staff's clip")
        check(rc == 0, "exit 0 on SIGTERM (got %s)" % rc)

        # Remove keeps the config; purge removes config and state, never media.
        r.sh("echo 'shuffle = yes' >> /etc/vitrina/vitrina.conf; echo local > /etc/vitrina/notes.txt; "
             "echo x > /var/lib/vitrina/extra")
        media_before = {p: sha(os.path.join(dp, f)) for dp, _, fs in os.walk(r.path("/srv/vitrina/media"))
                        for f in fs for p in [os.path.relpath(os.path.join(dp, f), r.root)]}
        r.sh("dpkg -r vitrina")
        check(not os.path.exists(r.path("/usr/bin/vitrina")), "dpkg -r removes the player")
        check("shuffle = yes" in open(r.path("/etc/vitrina/vitrina.conf")).read(),
              "dpkg -r keeps the (edited) config file")
        r.sh("dpkg --purge vitrina")
        for gone in ("/etc/vitrina", "/var/lib/vitrina", "/var/cache/vitrina", "/etc/default/vitrina",
                     "/etc/systemd/system/multi-user.target.wants/vitrina.service"):
            check(not os.path.lexists(r.path(gone)), "purge removes %s" % gone)
        media_after = {p: sha(os.path.join(dp, f)) for dp, _, fs in os.walk(r.path("/srv/vitrina/media"))
                       for f in fs for p in [os.path.relpath(os.path.join(dp, f), r.root)]}
        check(media_before and media_after == media_before,
              "purge keeps every file of the media folder, unchanged (%d files)" % len(media_after))
    print("install test: %.1f s in the root" % (time.monotonic() - t0))


if __name__ == "__main__":
    vtpkg.main(body)
