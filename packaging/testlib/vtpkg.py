"""vtpkg — shared helpers of the package and service tests (python3 stdlib).

Used by tests/integration/test_package*.py, test_service*.py and
test_watchdog*.py:
  - ensure_deb(): build the .deb once per source state (packaging/build-deb.sh)
    into <build>/deb/, shared by the tests that need it (file lock, stamp);
  - DebianRoot: a throwaway Debian 12 root. The base (debootstrap minbase +
    the package's run-time dependencies) is made once and cached in
    build-debian-root/ at the top of the checkout; each test gets an overlay of it in a private mount
    namespace, so nothing it does outlives the test or touches the host;
  - NotifyListener: a fake systemd NOTIFY_SOCKET (abstract AF_UNIX datagram)
    that records what the player sends, with arrival times.
Everything runs as root (chroot, mounts); the base needs a Debian mirror once.
"""
import ctypes
import fcntl
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

SRC = os.environ.get("VITRINA_SRC") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("VITRINA_BUILD") or os.path.join(SRC, "build")
SUITE = "bookworm"


class TestFailure(Exception):
    pass


def check(cond, what):
    """Assert with a message that says what was expected."""
    if not cond:
        raise TestFailure(what)
    print("ok: " + what.split("\n")[0], flush=True)


def run(cmd, timeout=600, check_rc=True, **kw):
    """subprocess.run with text output captured; a failure shows both streams."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout, **kw)
    if check_rc and p.returncode != 0:
        raise TestFailure("command failed (%d): %s\n--- stdout\n%s\n--- stderr\n%s"
                          % (p.returncode, " ".join(cmd), p.stdout[-4000:], p.stderr[-4000:]))
    return p


def main(body):
    """Run a test body; print a closing line ctest logs show; exit 0/1."""
    t0 = time.monotonic()
    try:
        body()
    except TestFailure as e:
        print("FAIL: %s" % e, flush=True)
        print("1 failed (%.1f s)" % (time.monotonic() - t0))
        sys.exit(1)
    print("passed (%.1f s)" % (time.monotonic() - t0))
    sys.exit(0)


def require_root():
    if os.geteuid() != 0:
        raise TestFailure("this test needs root (chroot, mounts, dpkg): run the suite as root")


class FileLock:
    def __init__(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.f = open(path, "a+")

    def __enter__(self):
        fcntl.flock(self.f, fcntl.LOCK_EX)
        return self

    def __exit__(self, *a):
        fcntl.flock(self.f, fcntl.LOCK_UN)
        self.f.close()


# --- the .deb ------------------------------------------------------------

def _tree_fingerprint(rev):
    """What the package is built from: the working tree (paths, sizes,
    mtimes) or, with a git revision, its commit id plus packaging/."""
    h = hashlib.sha256()
    roots = ["packaging"] if rev else ["."]
    if rev:
        h.update(run(["git", "-C", SRC, "rev-parse", rev + "^{commit}"]).stdout.encode())
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(os.path.join(SRC, root)):
            rel = os.path.relpath(dirpath, SRC)
            # Not in the package: build trees, VCS, the demo, tests, these helpers.
            dirnames[:] = sorted(d for d in dirnames if not (
                (rel == "." and (d.startswith("build") or d in (".git", "demo", "tests"))) or d == "__pycache__"
                or (rel == "packaging" and d == "testlib")
                or (rel == "packaging/debian" and d in ("vitrina", ".debhelper"))))
            for fn in sorted(filenames):
                st = os.lstat(os.path.join(dirpath, fn))
                h.update(("%s/%s %d %d\n" % (rel, fn, st.st_size, st.st_mtime_ns)).encode())
    return h.hexdigest()


def ensure_deb():
    """Path of vitrina_*.deb for the current sources, built if needed.
    VT_DEB_SOURCES_FROM=REV builds the C sources of git REV (see build-deb.sh)."""
    out = os.path.join(BUILD, "deb")
    rev = os.environ.get("VT_DEB_SOURCES_FROM", "")
    with FileLock(os.path.join(out, ".lock")):
        fp = _tree_fingerprint(rev)
        stamp = os.path.join(out, ".stamp")
        debs = [f for f in os.listdir(out) if re.match(r"vitrina_.*\.deb$", f)]
        if debs and os.path.exists(stamp) and open(stamp).read() == fp:
            print("reusing %s (sources unchanged)" % os.path.join(out, debs[0]), flush=True)
            return os.path.join(out, debs[0])
        for f in os.listdir(out):
            if f.endswith((".deb", ".changes", ".buildinfo")):
                os.unlink(os.path.join(out, f))
        t0 = time.monotonic()
        log = os.path.join(out, "build-deb.log")
        with open(log, "w") as lf:
            p = subprocess.run([os.path.join(SRC, "packaging", "build-deb.sh"), out],
                               stdout=lf, stderr=subprocess.STDOUT, timeout=1200)
        if p.returncode != 0:
            tail = open(log).read()[-3000:]
            raise TestFailure("packaging/build-deb.sh failed (log: %s):\n%s" % (log, tail))
        debs = [f for f in os.listdir(out) if re.match(r"vitrina_.*\.deb$", f)]
        if len(debs) != 1:
            raise TestFailure("expected one vitrina_*.deb in %s, found %s" % (out, debs))
        with open(stamp, "w") as f:
            f.write(fp)
        print("built %s in %.1f s" % (debs[0], time.monotonic() - t0), flush=True)
        return os.path.join(out, debs[0])


def source_text(relpath):
    """A source file as the package is built from it (working tree, or git
    VT_DEB_SOURCES_FROM); None if it does not exist there."""
    rev = os.environ.get("VT_DEB_SOURCES_FROM", "")
    if rev and not relpath.startswith("packaging/"):
        p = run(["git", "-C", SRC, "show", "%s:%s" % (rev, relpath)], check_rc=False)
        return p.stdout if p.returncode == 0 else None
    path = os.path.join(SRC, relpath)
    return open(path, encoding="utf-8").read() if os.path.exists(path) else None


def source_listdir(relpath):
    rev = os.environ.get("VT_DEB_SOURCES_FROM", "")
    if rev and not relpath.startswith("packaging/"):
        out = run(["git", "-C", SRC, "ls-tree", "--name-only", "%s:%s" % (rev, relpath)], check_rc=False).stdout
        return out.split()
    path = os.path.join(SRC, relpath)
    return os.listdir(path) if os.path.isdir(path) else []


def deb_field(deb, field):
    return run(["dpkg-deb", "-f", deb, field]).stdout.strip()


def dep_names(depends):
    """'a (>= 1), b | c, d' → ['a', 'b', 'd'] (first alternative, no versions)."""
    names = []
    for part in depends.split(","):
        part = part.strip()
        if not part:
            continue
        first = part.split("|")[0].strip()
        names.append(re.split(r"[\s(:]", first)[0])
    return names


# --- a throwaway Debian root ----------------------------------------------

def debian_mirror():
    """The Debian mirror this machine's apt uses (VT_DEBIAN_MIRROR wins)."""
    if os.environ.get("VT_DEBIAN_MIRROR"):
        return os.environ["VT_DEBIAN_MIRROR"]
    texts = []
    for path in ["/etc/apt/sources.list"] + sorted(
            os.path.join("/etc/apt/sources.list.d", f) for f in os.listdir("/etc/apt/sources.list.d")
            if f.endswith((".list", ".sources"))):
        if os.path.isfile(path):
            texts.append(open(path, encoding="utf-8", errors="replace").read())
    for text in texts:
        for m in re.finditer(r"^(?:URIs:\s*|deb\s+(?:\[[^\]]*\]\s+)?)(\S+)", text, re.M):
            uri = m.group(1).rstrip("/")
            if uri.endswith("/debian"):
                return uri
    raise TestFailure("no Debian mirror found in /etc/apt (set VT_DEBIAN_MIRROR=URL)")


CLONE_NEWNS = 0x00020000
_libc = ctypes.CDLL(None, use_errno=True)


def private_mount_namespace():
    """Move this (single-threaded) process into its own mount namespace:
    every mount made from now on disappears when the process ends."""
    if _libc.unshare(CLONE_NEWNS) != 0:
        raise TestFailure("unshare(CLONE_NEWNS) failed: %s" % os.strerror(ctypes.get_errno()))
    run(["mount", "--make-rprivate", "/"])


def _chroot_cmd(root, argv):
    return ["/usr/sbin/chroot", root] + list(argv)


def _mount_api(root):
    run(["mount", "-t", "proc", "proc", os.path.join(root, "proc")])
    run(["mount", "--rbind", "/dev", os.path.join(root, "dev")])
    run(["mount", "-t", "tmpfs", "-o", "mode=0755", "tmpfs", os.path.join(root, "run")])
    run(["mount", "-t", "tmpfs", "-o", "mode=1777", "tmpfs", os.path.join(root, "tmp")])


class DebianRoot:
    """A Debian 12 root for one test: an overlay over the cached base, in a
    private mount namespace (call private_mount_namespace() first)."""

    # One cache per checkout, shared by build/ and build-asan/ (gitignored);
    # VT_DEBIAN_ROOT_CACHE moves it.
    CACHE = os.environ.get("VT_DEBIAN_ROOT_CACHE") or os.path.join(SRC, "build-debian-root")
    # Always in the base: what the tests use inside the root.
    BASE_EXTRA = ["man-db", "systemd"]

    def __init__(self, packages):
        self.packages = sorted(set(packages) | set(self.BASE_EXTRA))
        self.tmp = None
        self.root = None

    # The base: made once, grown when the package needs more.
    def _base(self):
        base = os.path.join(self.CACHE, "base")
        with FileLock(os.path.join(self.CACHE, ".lock")):
            ok = os.path.join(self.CACHE, "base.ok")
            if not os.path.exists(ok):
                shutil.rmtree(base, ignore_errors=True)
                mirror = debian_mirror()
                print("creating the Debian %s base in %s from %s (once; cached)" % (SUITE, base, mirror), flush=True)
                t0 = time.monotonic()
                run(["debootstrap", "--variant=minbase", SUITE, base, mirror], timeout=1200)
                with open(os.path.join(base, "etc/apt/sources.list"), "w") as f:
                    f.write("deb %s %s main\n" % (mirror, SUITE))
                with open(os.path.join(base, "etc/dpkg/dpkg.cfg.d/01-vt-nodoc"), "w") as f:
                    f.write("path-exclude=/usr/share/doc/*\npath-include=/usr/share/doc/*/copyright\n")
                with open(ok, "w") as f:
                    f.write("")
                print("debootstrap: %.0f s" % (time.monotonic() - t0), flush=True)
            have_path = os.path.join(self.CACHE, "base.packages")
            have = set(open(have_path).read().split()) if os.path.exists(have_path) else set()
            missing = [p for p in self.packages if p not in have]
            if missing:
                print("installing into the cached base: %s" % " ".join(missing), flush=True)
                t0 = time.monotonic()
                pid = os.fork()
                if pid == 0:  # mounts in a child's namespace: gone when it exits
                    try:
                        private_mount_namespace()
                        _mount_api(base)
                        env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
                               "LC_ALL": "C"}
                        run(_chroot_cmd(base, ["apt-get", "update", "-qq"]), env=env, timeout=600)
                        run(_chroot_cmd(base, ["apt-get", "install", "-y", "-qq", "--no-install-recommends"]
                                        + missing), env=env, timeout=1800)
                        run(_chroot_cmd(base, ["apt-get", "clean"]), env=env)
                        os._exit(0)
                    except BaseException as e:  # noqa: B036 — report and leave the child
                        print("base install failed: %s" % e, flush=True)
                        os._exit(1)
                _, status = os.waitpid(pid, 0)
                if status != 0:
                    raise TestFailure("could not install %s into the cached Debian root" % " ".join(missing))
                with open(have_path, "w") as f:
                    f.write("\n".join(sorted(have | set(missing))) + "\n")
                print("base packages: %.0f s" % (time.monotonic() - t0), flush=True)
        return base

    def __enter__(self):
        base = self._base()
        self.tmp = tempfile.mkdtemp(prefix="vt-root-", dir=os.path.join(BUILD))
        for d in ("upper", "work", "root"):
            os.mkdir(os.path.join(self.tmp, d))
        self.root = os.path.join(self.tmp, "root")
        run(["mount", "-t", "overlay", "overlay", "-o",
             "lowerdir=%s,upperdir=%s/upper,workdir=%s/work" % (base, self.tmp, self.tmp), self.root])
        _mount_api(self.root)
        return self

    def __exit__(self, *a):
        subprocess.run(["umount", "-R", self.root], stderr=subprocess.DEVNULL)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, p):
        return os.path.join(self.root, p.lstrip("/"))

    def sh(self, script, timeout=300, check_rc=True):
        """Run a shell script inside the root as root."""
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive"}
        return run(_chroot_cmd(self.root, ["/bin/sh", "-ec", script]), env=env, timeout=timeout,
                   check_rc=check_rc)

    def popen(self, argv, env, **kw):
        return subprocess.Popen(_chroot_cmd(self.root, argv), env=env, **kw)


# --- fake systemd notify socket --------------------------------------------

class NotifyListener:
    """Abstract-namespace datagram socket standing in for systemd's
    NOTIFY_SOCKET; records (monotonic time, message) pairs. The abstract
    namespace belongs to the network namespace, so a chrooted player
    reaches it too."""

    def __init__(self):
        self.name = "vt-notify-%d-%d" % (os.getpid(), int(time.monotonic() * 1000))
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + self.name)
        self.sock.settimeout(0.2)
        self.messages = []
        self.lock = threading.Lock()
        self.stop = False
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    @property
    def address(self):
        return "@" + self.name

    def _loop(self):
        while not self.stop:
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                continue
            except OSError:
                return
            with self.lock:
                self.messages.append((time.monotonic(), data.decode("utf-8", "replace")))

    def lines(self):
        """All received assignments as (time, 'KEY=value'), in order."""
        with self.lock:
            msgs = list(self.messages)
        return [(t, ln) for t, m in msgs for ln in m.split("\n") if ln]

    def times_of(self, assignment):
        return [t for t, ln in self.lines() if ln == assignment]

    def wait_for(self, assignment, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.times_of(assignment):
                return True
            time.sleep(0.05)
        return False

    def close(self):
        self.stop = True
        self.thread.join(1)
        self.sock.close()
