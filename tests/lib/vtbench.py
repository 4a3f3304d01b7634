"""Shared helpers for the benchmarks (tests/bench/) and timing tests.

Import this module before vtmedia: it points $VT_MEDIA_CACHE at the build
directory's test-media/ when the script runs standalone (outside ctest).

What is here:
  - where things are: vitrina_bin(), vitrinactl_bin(), build_dir()
  - Proc: a child process whose stderr lines are collected with their arrival
    times (time.monotonic()), stopped with a signal and reaped with wait4()
    so its CPU time (user+sys of all its threads and waited-for children) and
    peak RSS are known exactly
  - Xvfb: a virtual X server on a free display (-displayfd), with its own
    CPU time so the cost of drawing on the server side can be reported too
  - Vitrina's log format: parse_log()
  - IPC: ipc_get() through vitrinactl (None when the socket does not answer)
  - printing: table(), target_line(), median()
Python 3 standard library only.
"""
import contextlib
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("VITRINA_SRC") or os.path.abspath(os.path.join(HERE, "..", ".."))


def build_dir():
    """$VITRINA_BUILD, else the directory of $VITRINA_BIN, else SRC/build."""
    if os.environ.get("VITRINA_BUILD"):
        return os.environ["VITRINA_BUILD"]
    if os.environ.get("VITRINA_BIN"):
        return os.path.dirname(os.path.abspath(os.environ["VITRINA_BIN"]))
    return os.path.join(SRC, "build")


os.environ.setdefault("VT_MEDIA_CACHE", os.path.join(build_dir(), "test-media"))


def vitrina_bin():
    p = os.environ.get("VITRINA_BIN") or os.path.join(build_dir(), "vitrina")
    if not os.access(p, os.X_OK):
        sys.exit("vitrina not found at %s: build it (cmake --build build --target vitrina) "
                 "or set VITRINA_BIN" % p)
    return p


def vitrinactl_bin():
    p = os.environ.get("VITRINACTL_BIN") or os.path.join(build_dir(), "vitrinactl")
    return p if os.access(p, os.X_OK) else None


def have(prog):
    return any(os.access(os.path.join(d, prog), os.X_OK)
               for d in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep))


def median(values):
    v = sorted(x for x in values if x is not None)
    if not v:
        return None
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2.0


CLK_TCK = os.sysconf("SC_CLK_TCK")


def proc_cpu_seconds(pid):
    """user+sys CPU seconds of a running process (all its threads), from /proc."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return None


class Proc:
    """A child process measured from exec to exit.

    Lines of stderr (split at \\n and \\r, so status lines that rewrite
    themselves count as lines too) are kept as (arrival_time, text) in
    .lines; arrival_time is time.monotonic(). t_exec is taken just before
    the fork. stop() signals the process and reaps it with os.wait4, which
    gives .cpu_user/.cpu_sys (s) and .maxrss_mb. Never use Popen.wait/poll
    on .popen: the rusage would be lost.
    """

    def __init__(self, argv, env=None, cwd=None, stdout_too=False, on_line=None):
        self.argv = argv
        self.lines = []
        self._cond = threading.Condition()
        self._on_line = on_line
        self.rc = None
        self.cpu_user = self.cpu_sys = self.maxrss_mb = None
        self.t_exit = None
        self.t_exec = time.monotonic()
        self.popen = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.PIPE if stdout_too else subprocess.DEVNULL,
                                      stderr=subprocess.STDOUT if stdout_too else subprocess.PIPE,
                                      start_new_session=True)
        self.pid = self.popen.pid
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        fd = (self.popen.stdout if self.popen.stderr is None else self.popen.stderr).fileno()
        buf = b""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            t = time.monotonic()
            if not chunk:
                break
            buf += chunk
            parts = re.split(rb"[\r\n]", buf)
            buf = parts.pop()
            new = [(t, p.decode("utf-8", "replace")) for p in parts if p.strip()]
            if new:
                for item in new:
                    if self._on_line:
                        self._on_line(*item)
                with self._cond:
                    self.lines.extend(new)
                    self._cond.notify_all()
        if buf.strip():
            with self._cond:
                self.lines.append((time.monotonic(), buf.decode("utf-8", "replace")))
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    _eof = False

    def wait_line(self, pattern, timeout, start=0):
        """First line (index >= start) matching regex `pattern`:
        returns (index, arrival_time, match), or None on timeout/exit."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        i = start
        with self._cond:
            while True:
                while i < len(self.lines):
                    m = rx.search(self.lines[i][1])
                    if m:
                        return i, self.lines[i][0], m
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0 or self._eof:
                    return None
                self._cond.wait(min(left, 0.5))

    def running(self):
        if self.rc is not None:
            return False
        self._reap(os.WNOHANG)
        return self.rc is None

    def _reap(self, flags):
        try:
            pid, status, ru = os.wait4(self.pid, flags)
        except ChildProcessError:
            self.rc = self.rc if self.rc is not None else -1
            return
        if pid == 0:
            return
        self.t_exit = time.monotonic()
        self.rc = os.waitstatus_to_exitcode(status)
        self.popen.returncode = self.rc  # keep Popen from reaping it again
        self.cpu_user, self.cpu_sys = ru.ru_utime, ru.ru_stime
        self.maxrss_mb = ru.ru_maxrss / 1024.0  # Linux: KiB

    def wait(self, timeout):
        """Wait for a natural exit; False if still running after timeout."""
        deadline = time.monotonic() + timeout
        while self.running():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
        self._reader.join(2)
        return True

    def stop(self, sig=signal.SIGTERM, grace=5.0):
        """Signal the process (if still running), then reap it; SIGKILL after `grace` s."""
        if self.running():
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass
            if not self.wait(grace):
                os.kill(self.pid, signal.SIGKILL)
                self.wait(5)
        self._reader.join(2)
        return self

    @property
    def cpu(self):
        return None if self.cpu_user is None else self.cpu_user + self.cpu_sys

    @property
    def wall(self):
        return None if self.t_exit is None else self.t_exit - self.t_exec

    def text(self):
        return "\n".join(l for _, l in self.lines)


@contextlib.contextmanager
def display(screen):
    """The players' environment for one measurement mode: a fresh Xvfb of
    `screen` ("1920x1080x24"), or SDL's dummy video driver when screen is
    None; sound always to SDL's dummy driver. Yields (env, Xvfb or None)."""
    env = dict(os.environ, SDL_AUDIODRIVER="dummy")
    if not screen:
        env["SDL_VIDEODRIVER"] = "dummy"
        yield env, None
        return
    with Xvfb(screen) as x:
        env["DISPLAY"] = x.display
        env.pop("SDL_VIDEODRIVER", None)
        yield env, x


class Xvfb:
    """A virtual X server on a free display, as a context manager:

        with Xvfb("1920x1080x24") as x:
            env["DISPLAY"] = x.display
            c0 = x.cpu(); ...; server_cost = x.cpu() - c0
    """

    def __init__(self, screen="1920x1080x24"):
        self.screen = screen
        self.display = None
        self.proc = None

    def __enter__(self):
        if not have("Xvfb"):
            raise RuntimeError("Xvfb is not installed (Debian package xvfb)")
        r, w = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", self.screen,
                                      "-nolisten", "tcp", "-noreset"], pass_fds=(w,),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(w)
        data = b""
        deadline = time.monotonic() + 15
        while not data.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([r], [], [], 0.2)
            if ready:
                chunk = os.read(r, 64)
                if not chunk:
                    break
                data += chunk
        os.close(r)
        if not data.strip().isdigit():
            self.__exit__(None, None, None)
            raise RuntimeError("Xvfb did not start")
        self.display = ":" + data.strip().decode()
        return self

    def cpu(self):
        return proc_cpu_seconds(self.proc.pid)

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return False


# "[  12.345] level   module: message"
LOG_RE = re.compile(r"^\[\s*(\d+\.\d+)\]\s+(\w+)\s+([\w.-]+):\s?(.*)$")


def parse_log(line):
    """(seconds since the player's start, level, module, message) or None."""
    m = LOG_RE.match(line)
    return (float(m.group(1)), m.group(2), m.group(3), m.group(4)) if m else None


def log_clock_offset(proc):
    """monotonic() - log time, estimated from the earliest-arriving lines.

    Each line is read a little after it is written, so the smallest
    difference (arrival - timestamp) is the best estimate; the error is the
    pipe latency of that line plus the log's 1 ms rounding."""
    best = None
    for t, line in proc.lines:
        p = parse_log(line)
        if p:
            d = t - p[0]
            best = d if best is None or d < best else best
    return best


def ipc_get(sock, prop, timeout=2.0):
    """A property over the player's IPC socket via vitrinactl (JSON-decoded),
    or None when there is no vitrinactl, no socket, or no answer."""
    ctl = vitrinactl_bin()
    if not ctl or not sock or not os.path.exists(sock):
        return None
    try:
        r = subprocess.run([ctl, "--socket", sock, "--json", "--timeout", str(timeout), "get", prop],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=timeout + 2)
    except subprocess.TimeoutExpired:
        return None
    if r.returncode != 0:
        return None
    import json
    try:
        reply = json.loads(r.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None
    if isinstance(reply, dict):
        return reply.get("data") if "data" in reply or "error" in reply else reply
    return reply


def fmt(v, spec="%.2f"):
    return "-" if v is None else spec % v


def table(headers, rows):
    """Print rows (lists of already formatted cells) under headers, aligned."""
    cells = [list(map(str, headers))] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for n, r in enumerate(cells):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def target_line(what, measured, limit, unit="", spec="%.2f", higher_is_better=False):
    """'target: WHAT ≤ LIMIT … measured X → met/NOT met' (returns True/False/None)."""
    op = "≥" if higher_is_better else "≤"
    if measured is None:
        print("target: %s %s %s%s … not measured → UNKNOWN" % (what, op, spec % limit, unit))
        return None
    ok = measured >= limit if higher_is_better else measured <= limit
    print("target: %s %s %s%s … measured %s%s → %s" %
          (what, op, spec % limit, unit, spec % measured, unit, "met" if ok else "NOT met"))
    return ok
