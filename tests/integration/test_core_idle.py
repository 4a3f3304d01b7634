#!/usr/bin/env python3
"""Issue 2: an empty folder, and a folder where every file fails, show the
idle screen (never a black screen) without a busy loop; failed files are
skipped once each with a reason and not retried until they change."""
# ctest-timeout: 120
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import vtmedia as m  # noqa: E402
import vtplayer  # noqa: E402


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def not_black(img):
    w, h, raw = img
    return sum(1 for i in range(0, len(raw), 3 * 97) if max(raw[i:i + 3]) > 100)


def check_idle(p, tmp, label):
    # An empty folder goes idle ~50 ms after start, possibly before this
    # test's IPC client is connected to hear the "idle" event: the property
    # says the same and cannot be missed.
    vtplayer.poll_until(lambda: p.get("idle-active") is True, 20, what="%s: idle-active" % label)
    time.sleep(0.5)
    shot = p.screenshot(os.path.join(tmp, label + ".png"))
    lit = not_black(vtplayer.png_pixels(shot))
    assert lit > 20, "%s: the idle screen is black (%d lit samples)" % (label, lit)
    c0 = cpu_seconds(p.proc.pid)
    time.sleep(3)
    used = cpu_seconds(p.proc.pid) - c0
    assert used < 0.6, "%s: %.2f CPU-seconds in 3 s while idle (busy loop?)" % (label, used)
    return used


def main():
    tmp = tempfile.mkdtemp(prefix="vt-core-idle-")
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    with vtplayer.Player(empty, tmp=os.path.join(tmp, "p1")) as p:
        used_empty = check_idle(p, tmp, "empty")
        code, took = p.stop()
        assert code == 0 and took < 1.0, (code, took)

    bad = os.path.join(tmp, "bad")
    os.makedirs(bad)
    m.zero_byte(bad, "a-empty.mp4")
    m.random_bytes(bad, "b-random.mkv")
    m.truncated(m.clip("idle-trunc.mp4", "h264", "aac", seconds=2.0), bad, "c-cut.mp4", keep=0.2)
    # --no-watch: the core's own failure marks (no background probe) are what keeps it from spinning
    with vtplayer.Player(bad, extra_args=["--no-watch"], tmp=os.path.join(tmp, "p2")) as p:
        used_bad = check_idle(p, tmp, "all-failed")
        errors = [e for e in p.events if e.get("event") == "end-file" and e.get("reason") == "error"]
        for e in errors:
            assert e.get("file_error"), e
        names = [e["filename"] for e in errors]
        assert len(names) == len(set(names)), "a failed file was retried: %s" % names
        playlist = p.get("playlist")
        assert all(x.get("failed-reason") for x in playlist), playlist
        code, took = p.stop()
        assert code == 0 and took < 1.0, (code, took)
        log = p.log()
    for n in ("a-empty.mp4", "b-random.mkv", "c-cut.mp4"):
        assert log.count("skipped: %s" % n) == 1, "expected one skip line for %s" % n
    print("ok: idle CPU %.2f s / 3 s (empty), %.2f s / 3 s (all failed)" % (used_empty, used_bad))


if __name__ == "__main__":
    main()
