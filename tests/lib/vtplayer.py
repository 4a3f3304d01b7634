"""Drive a real, headless Vitrina from integration tests and benchmarks.

    with Player(media_dir, extra_args=["--image-duration", "2"]) as p:
        p.wait_event("file-loaded")
        print(p.get("filename"))
        p.screenshot("/tmp/x.png")

Every player gets its own temp dir (IPC socket, state dir, log file) and
runs with SDL_VIDEODRIVER/SDL_AUDIODRIVER=dummy unless the caller's
environment says otherwise. Events are collected on a background thread
from a dedicated IPC connection (the event log proves orderings).
"""
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

BIN = os.environ.get("VITRINA_BIN") or os.path.join(os.path.dirname(__file__), "../../build/vitrina")
CTL = os.environ.get("VITRINACTL_BIN") or os.path.join(os.path.dirname(BIN), "vitrinactl")


class IPCError(Exception):
    pass


class Client:
    """One mpv-style JSON IPC connection (requests and events)."""

    def __init__(self, path, timeout=10.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        deadline = time.time() + timeout
        while True:
            try:
                self.sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        self.buf = b""
        self.next_id = 1
        self.events = []
        self.lock = threading.Lock()
        self.cond = threading.Condition(self.lock)
        self.replies = {}
        self.closed = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                with self.cond:
                    self.closed = True
                    self.cond.notify_all()
                return
            self.buf += data
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                if not line.strip():
                    continue
                msg = json.loads(line)
                with self.cond:
                    if "event" in msg:
                        msg["_t"] = time.time()
                        self.events.append(msg)
                    else:
                        self.replies[msg.get("request_id")] = msg
                    self.cond.notify_all()

    def request(self, *command, timeout=10.0):
        with self.lock:
            rid = self.next_id
            self.next_id += 1
        self.sock.sendall((json.dumps({"command": list(command), "request_id": rid}) + "\n").encode())
        deadline = time.time() + timeout
        with self.cond:
            while rid not in self.replies:
                if self.closed:
                    raise IPCError("connection closed")
                left = deadline - time.time()
                if left <= 0:
                    raise IPCError("no reply to %r" % (command,))
                self.cond.wait(left)
            return self.replies.pop(rid)

    def command(self, *command, timeout=10.0):
        r = self.request(*command, timeout=timeout)
        if r.get("error") != "success":
            raise IPCError("%r: %s" % (command, r.get("error")))
        return r.get("data")

    def wait_event(self, name, timeout=30.0, pred=None, start=0):
        """Wait for event `name` (with pred(ev) true) at index >= start in the log."""
        deadline = time.time() + timeout
        with self.cond:
            while True:
                for i in range(start, len(self.events)):
                    ev = self.events[i]
                    if ev.get("event") == name and (pred is None or pred(ev)):
                        return ev
                left = deadline - time.time()
                if left <= 0 or self.closed:
                    raise IPCError("no %s event within %.0f s (got %s)" %
                                   (name, timeout, [e.get("event") for e in self.events[-10:]]))
                self.cond.wait(left)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Player:
    def __init__(self, media_dir, extra_args=None, env=None, config="none", languages=None, tmp=None,
                 log_level="verbose"):
        self.tmp = tmp or tempfile.mkdtemp(prefix="vt-player-")
        os.makedirs(self.tmp, exist_ok=True)
        self.sock = os.path.join(self.tmp, "ipc.sock")
        self.state = os.path.join(self.tmp, "state")
        self.log_path = os.path.join(self.tmp, "player.log")
        args = [BIN, "--config", config, "--ipc", self.sock, "--state-dir", self.state, "--log-level", log_level]
        if languages:
            args += ["--languages", languages]
        args += list(extra_args or []) + [media_dir]
        e = dict(os.environ)
        e.setdefault("SDL_VIDEODRIVER", "dummy")
        e.setdefault("SDL_AUDIODRIVER", "dummy")
        e.update(env or {})
        self.args = args
        self.logf = open(self.log_path, "wb")
        self.t0 = time.time()
        self.proc = subprocess.Popen(args, stdout=self.logf, stderr=subprocess.STDOUT, env=e)
        try:
            self.ipc = Client(self.sock, timeout=15)
        except Exception:
            self.stop()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def get(self, prop):
        return self.ipc.command("get_property", prop)

    def set(self, prop, value):
        return self.ipc.command("set_property", prop, value)

    def wait_event(self, name, timeout=30.0, pred=None, start=0):
        return self.ipc.wait_event(name, timeout, pred, start)

    @property
    def events(self):
        return self.ipc.events

    def screenshot(self, path):
        self.ipc.command("screenshot-to-file", path, timeout=30)
        return path

    def log(self):
        if not self.logf.closed:
            self.logf.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self, sig=None):
        """SIGTERM (or sig) and wait; returns (exit code, seconds it took)."""
        import signal
        t = time.time()
        if self.proc.poll() is None:
            self.proc.send_signal(sig or signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        dt = time.time() - t
        if hasattr(self, "ipc"):
            self.ipc.close()
        self.logf.close()
        return self.proc.returncode, dt


def _png_decode(path, pix_fmt):
    """(w, h, raw pixels in pix_fmt) of a PNG, with ffprobe and ffmpeg."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                            "stream=width,height", "-of", "csv=p=0", path], capture_output=True, text=True, check=True)
    w, h = [int(x) for x in probe.stdout.strip().split(",")[:2]]
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", pix_fmt, "-"],
                         capture_output=True, check=True).stdout
    return w, h, raw


def png_pixels(path):
    """Decode a PNG to (w, h, bytes RGB24) with the ffmpeg CLI (no Python deps)."""
    return _png_decode(path, "rgb24")


def pixel(img, x, y):
    w, h, raw = img
    i = (y * w + x) * 3
    return raw[i], raw[i + 1], raw[i + 2]


# --- added for the subtitle tests (tests/integration/test_subs_*.py) ---

def _poll(fn, timeout, interval):
    """Call fn() every `interval` s (IPC errors count as "not yet") until it
    returns something truthy: (True, that value, None). After `timeout` s:
    (False, fn's last value or IPC error, the last IPC error or None)."""
    deadline = time.time() + timeout
    last = last_error = None
    while True:
        try:
            last = fn()
            if last:
                return True, last, None
        except IPCError as e:
            last = last_error = e
        if time.time() > deadline:
            return False, last, last_error
        time.sleep(interval)


def wait_until(fn, timeout=10.0, interval=0.05, what="a condition"):
    """Poll fn() until it returns something truthy (IPC errors count as
    "not yet"); return that value, or raise IPCError after `timeout` s."""
    ok, v, err = _poll(fn, timeout, interval)
    if not ok:
        raise IPCError("timed out after %.0f s waiting for %s%s" % (timeout, what, " (%s)" % err if err else ""))
    return v


def wait_playing(p, filename, timeout=20.0):
    """Wait until the entry whose file name (last path component) is
    `filename` plays. Polls the property, so it also works for the first
    file, whose start-file/file-loaded events may be sent before the test's
    IPC connection exists."""
    return wait_until(lambda: p.get("filename") == filename, timeout, what="%s to play" % filename)


def screenshot_rgb(p, path):
    """Take a screenshot and decode it: (w, h, RGB24 bytes) as png_pixels."""
    p.screenshot(path)
    return png_pixels(path)


def png_rgba(path):
    """Decode a PNG to (w, h, bytes RGBA) with the ffmpeg CLI."""
    return _png_decode(path, "rgba")


def find_pixels(img, pred, box=None):
    """Count the pixels of an RGB image (png_pixels) for which pred(r, g, b)
    is true, inside box = (x0, y0, x1, y1) (default: everything). Returns
    (count, bounding box (x0, y0, x1, y1) or None)."""
    w, h, raw = img
    x0, y0, x1, y1 = box or (0, 0, w, h)
    n = 0
    bx0 = by0 = 1 << 30
    bx1 = by1 = -1
    for y in range(y0, y1):
        row = y * w * 3
        for x in range(x0, x1):
            i = row + x * 3
            if pred(raw[i], raw[i + 1], raw[i + 2]):
                n += 1
                if x < bx0:
                    bx0 = x
                if x > bx1:
                    bx1 = x
                if y < by0:
                    by0 = y
                by1 = y
    return n, ((bx0, by0, bx1 + 1, by1 + 1) if n else None)


def image_diff(a, b, box=None, tol=2):
    """Compare two RGB images of the same size: (largest channel difference,
    number of pixels differing by more than `tol` in some channel)."""
    w, h, ra = a
    wb, hb, rb = b
    if (w, h) != (wb, hb):
        raise ValueError("sizes differ: %dx%d vs %dx%d" % (w, h, wb, hb))
    x0, y0, x1, y1 = box or (0, 0, w, h)
    worst = 0
    ndiff = 0
    for y in range(y0, y1):
        s = (y * w + x0) * 3
        e = (y * w + x1) * 3
        if ra[s:e] == rb[s:e]:
            continue
        for i in range(s, e, 3):
            d = max(abs(ra[i] - rb[i]), abs(ra[i + 1] - rb[i + 1]), abs(ra[i + 2] - rb[i + 2]))
            if d > worst:
                worst = d
            if d > tol:
                ndiff += 1
    return worst, ndiff
# --- end of the subtitle tests' helpers ---


# --- added for the folder-intake tests (tests/integration/test_intake_*.py, test_idle_*.py) ---

def sanitized_build():
    """True when BIN comes from a -DVITRINA_SANITIZE=ON tree (ASan is 2-3x
    slower: widen real-time bounds)."""
    cache = os.path.join(os.path.dirname(os.path.abspath(BIN)), "CMakeCache.txt")
    try:
        with open(cache) as f:
            return any(line.strip() == "VITRINA_SANITIZE:BOOL=ON" for line in f)
    except OSError:
        return False


def poll_until(fn, timeout=10.0, interval=0.05, what="a condition"):
    """Call fn() until it returns something truthy and return that; raise
    AssertionError naming `what` (and fn's last value) after `timeout` s.
    IPC errors count as "not yet"."""
    ok, last, _ = _poll(fn, timeout, interval)
    if not ok:
        raise AssertionError("timed out after %.1f s waiting for %s (last: %r)" % (timeout, what, last))
    return last


def playlist_names(p):
    """File names (relative paths) in the player's playlist, in order."""
    return [e["filename"] for e in p.get("playlist")]


def intake_names(p, prop):
    """Names in intake-pending / intake-rejected."""
    return [e["name"] for e in p.get(prop)]


class PropSampler:
    """Poll list properties on a connection of its own every `interval` s and
    keep, for each property, every name ever seen with the first time it was
    seen — the tests' way to prove that something *never* appeared.

        with PropSampler(p) as s:
            ...
        s.seen["playlist"]  -> {"a.mp4": first_time, ...}
    """

    KEYS = {"playlist": "filename", "intake-pending": "name", "intake-rejected": "name"}

    def __init__(self, player, props=("playlist", "intake-pending", "intake-rejected"), interval=0.02):
        self.client = Client(player.sock)
        self.props = list(props)
        self.interval = interval
        self.seen = {k: {} for k in self.props}
        self.samples = 0
        self.errors = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            for prop in self.props:
                try:
                    items = self.client.command("get_property", prop)
                except Exception as e:  # the player went away, …
                    self.errors.append(repr(e))
                    continue
                t = time.time()
                for it in items:
                    self.seen[prop].setdefault(it[self.KEYS[prop]], t)
            self.samples += 1
            self._stop.wait(self.interval)

    def all_names(self):
        out = set()
        for d in self.seen.values():
            out |= set(d)
        return out

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)
        self.client.close()


def assert_clean_exit(p):
    """Stop the player (SIGTERM) and check that it exited with status 0 and
    that its log holds no sanitizer report (ASan/UBSan/LSan builds)."""
    rc, dt = p.stop()
    with open(p.log_path, "rb") as f:
        log = f.read().decode(errors="replace")
    bad = [line for line in log.splitlines() if "runtime error:" in line or "Sanitizer" in line]
    assert rc == 0 and not bad, "player exit status %r after %.1f s; sanitizer lines: %s\n%s" % (
        rc, dt, bad[:5], log[-4000:])


@contextlib.contextmanager
def log_tail_on_error(p, lines=30):
    """For a test that asserts as it goes: when the block raises, stop the
    player and write the last `lines` lines of its log to stderr before the
    exception goes on."""
    try:
        yield p
    except Exception:
        p.stop()
        sys.stderr.write("\n".join(p.log().splitlines()[-lines:]) + "\n")
        raise
