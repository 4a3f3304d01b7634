#!/usr/bin/env python3
"""Benchmark: scanning and watching a media folder of 5,000 entries.

Creates a nested tree (5,000 candidate files plus sidecars and ignored
files), then measures in the same run:
  - Vitrina's scan (tests/tools/playlists_scanbench) vs `find -type f | sort -V`
  - Vitrina's watcher setup (first RESET to the player) vs `inotifywait -r`
    until "Watches established."
  - peak RSS of the process running the watcher.
Prints numbers, ratios and the targets (scan < 2 s, watcher < 30 MB).
Informative only: asserts nothing.
"""
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

N_FILES = 5000
PER_DIR = 50          # files per folder -> 100 folders, nested two deep
REPEAT = 5
TARGET_SCAN_S = 2.0
TARGET_RSS_MB = 30.0


def build_tree(root):
    old = time.time() - 3600
    n = 0
    d = 0
    while n < N_FILES:
        folder = os.path.join(root, "group %02d" % (d // 10), "testimonies %03d" % d)
        os.makedirs(folder, exist_ok=True)
        for i in range(PER_DIR):
            if n >= N_FILES:
                break
            p = os.path.join(folder, "clip %d.mp4" % (i + 1))
            with open(p, "wb") as f:
                f.write(b"x")
            os.utime(p, (old, old))
            if i % 10 == 0:  # sidecars and junk, which must not count
                for extra in ("clip %d.es.srt" % (i + 1), ".clip.tmp", "Thumbs.db"):
                    with open(os.path.join(folder, extra), "wb") as f:
                        f.write(b"1")
            n += 1
        d += 1


def median(v):
    v = sorted(v)
    return v[len(v) // 2]


def time_find(root):
    times = []
    for _ in range(REPEAT):
        t0 = time.monotonic()
        subprocess.run("find %s -type f | sort -V > /dev/null" % shlex.quote(root),
                       shell=True, check=True)
        times.append(time.monotonic() - t0)
    return min(times), median(times)


def time_inotifywait(root):
    """Seconds until inotifywait -r has a watch on every folder (counted in
    /proc/PID/fdinfo, polled every millisecond), and its peak RSS."""
    exe = shutil.which("inotifywait")
    if not exe:
        return None, None
    folders = sum(1 for _ in os.walk(root))
    t0 = time.monotonic()
    p = subprocess.Popen([exe, "-r", "-m", "-q", "-e", "create", root],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = t0 + 60
        while time.monotonic() < deadline:
            n = count_inotify_watches(p.pid)
            if n >= folders:
                break
            time.sleep(0.001)
        dt = time.monotonic() - t0
        rss = peak_rss_kb(p.pid)
    finally:
        p.terminate()
        p.wait()
    return dt, rss


def count_inotify_watches(pid):
    n = 0
    try:
        for fd in os.listdir("/proc/%d/fdinfo" % pid):
            with open("/proc/%d/fdinfo/%s" % (pid, fd)) as f:
                n += sum(1 for line in f if line.startswith("inotify wd:"))
    except OSError:
        pass
    return n


def peak_rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main():
    build = os.environ.get("VITRINA_BUILD") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "build")
    tool = os.path.join(build, "tools", "playlists_scanbench")
    if not os.access(tool, os.X_OK):
        print("scan bench: %s not built (cmake --build %s --target playlists_scanbench)"
              % (tool, build))
        return 0
    base = os.environ.get("VT_BENCH_TMP") or tempfile.gettempdir()
    root = tempfile.mkdtemp(prefix="vt-scanbench-", dir=base)
    try:
        t0 = time.monotonic()
        build_tree(root)
        print("scan bench: %d files in %s (built in %.1f s)"
              % (N_FILES, root, time.monotonic() - t0))
        # warm the dentry cache for everyone alike
        subprocess.run(["find", root, "-type", "f"], stdout=subprocess.DEVNULL, check=True)
        out = subprocess.run([tool, root, str(REPEAT)], capture_output=True, text=True,
                             check=True).stdout
        r = dict(line.split("=", 1) for line in out.split() if "=" in line)
        f_best, f_med = time_find(root)
        iw_s, iw_rss = time_inotifywait(root)

        scan_s = float(r["scan_median_ms"]) / 1e3
        print("  files listed          : %s (+%s sidecars) in %s folders"
              % (r["files"], r["sidecars"], r["folders"]))
        print("  vitrina scan          : median %.1f ms, best %.1f ms   (target < %.0f s: %s)"
              % (scan_s * 1e3, float(r["scan_best_ms"]), TARGET_SCAN_S,
                 "ok" if scan_s < TARGET_SCAN_S else "MISSED"))
        print("  find | sort -V (peer) : median %.1f ms, best %.1f ms"
              % (f_med * 1e3, f_best * 1e3))
        print("  ratio scan / peer     : %.2f" % (scan_s / f_med if f_med else float("nan")))
        setup_s = float(r["watch_first_reset_ms"]) / 1e3
        print("  watcher first RESET   : %.1f ms (%s entries, %s folders watched)"
              % (setup_s * 1e3, r["watch_reset_entries"], r["watch_folders"]))
        print("  all startup probes    : %.1f ms (no-op probe)"
              % float(r["watch_all_confirmed_ms"]))
        if iw_s is not None:
            print("  inotifywait -r (peer) : %.1f ms until all watches are set, peak RSS %s kB"
                  % (iw_s * 1e3, iw_rss))
            print("  ratio setup / peer    : %.2f" % (setup_s / iw_s if iw_s else float("nan")))
        peak_mb = int(r["peak_rss_kb"]) / 1024.0
        print("  watcher process RSS   : before %.1f MB, peak %.1f MB   (target < %.0f MB: %s)"
              % (int(r["rss_before_kb"]) / 1024.0, peak_mb, TARGET_RSS_MB,
                 "ok" if peak_mb < TARGET_RSS_MB else "MISSED"))
        print("  watch_stop            : %.1f ms" % float(r["stop_ms"]))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
