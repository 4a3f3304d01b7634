#!/usr/bin/env python3
"""More events than the inotify queue holds (IN_Q_OVERFLOW): the watcher
rescans and the playlist converges to exactly the folder's playable files
(issue 4, "Tests").

The player is frozen with SIGSTOP so that nothing reads its inotify queue,
then the folder is flooded: thousands of ignored dotfiles (each create +
write + close is three events), and *after* the flood the real changes —
one entry deleted, one renamed into a new subfolder, two new clips added,
one corrupt file added — whose events the kernel has to drop because the
queue is already full. SIGCONT; only a full rescan can find those changes.
Proved: the log reports the overflow, the playlist converges to the folder's
playable files, the corrupt file ends in intake-rejected, and the player is
still playing.

Phase 1 (only as root, and only for the player's own inotify instance): the
queue limit /proc/sys/fs/inotify/max_queued_events is lowered to 64 while
the player starts, and restored as soon as its watches are set up (the
limit is taken when an inotify instance is created), so a small flood
overflows it. The knob is system-wide: an inotify instance that another
process creates in that window (~0.1 s) gets the small queue too. Phase 2 (always): the default queue (16384 events) and a flood
of 6,000 files (18,000 events). --rescan-interval 0, so no periodic rescan
can mask a missing overflow rescan.
"""
# ctest-timeout: 240
# ctest-serial
import os
import shutil
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtmedia  # noqa: E402
from vtplayer import Player, assert_clean_exit, intake_names, playlist_names, poll_until  # noqa: E402

QUEUE_KNOB = "/proc/sys/fs/inotify/max_queued_events"


def read_knob():
    try:
        with open(QUEUE_KNOB) as f:
            return int(f.read())
    except (OSError, ValueError):
        return None


def flood(media, n):
    """n dotfiles (ignored by the intake, but the kernel queues their events)."""
    for i in range(n):
        with open(os.path.join(media, ".f%05d" % i), "wb") as f:
            f.write(b"x")


def change_after_flood(media, clip, tag):
    """Changes whose events the kernel must drop (the queue is full)."""
    os.unlink(os.path.join(media, "%s-gone.mp4" % tag))
    os.makedirs(os.path.join(media, "%s-sub" % tag))
    os.rename(os.path.join(media, "%s-moved.mp4" % tag), os.path.join(media, "%s-sub" % tag, "moved.mp4"))
    vtmedia.place(clip, media, "%s-new1.mp4" % tag)
    vtmedia.place(clip, os.path.join(media, "%s-sub" % tag), "new2.mp4")
    vtmedia.random_bytes(media, "%s-corrupt.mp4" % tag, size=50000)


def expected(media):
    out = set()
    for root, dirs, files in os.walk(media):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if not f.startswith(".") and "corrupt" not in f:
                out.add(os.path.relpath(os.path.join(root, f), media))
    return out


def run_phase(work, tag, n_flood, lower_queue):
    media = os.path.join(work, "media-" + tag)
    os.makedirs(media)
    clip = vtmedia.clip("ovf.mp4", seconds=3)
    for name in ("a", "gone", "moved", "keep"):
        vtmedia.place(clip, media, "%s-%s.mp4" % (tag, name) if name != "a" else "%s-a.mp4" % tag)
    old_knob = read_knob() if lower_queue else None
    if lower_queue:
        with open(QUEUE_KNOB, "w") as f:
            f.write("64")
    try:
        p = Player(media, extra_args=["--settle-time", "0.3", "--rescan-interval", "0"])
        try:
            poll_until(lambda: "media folder" in p.log() and "files ready" in p.log(), 15, what="the watcher's scan")
        finally:
            if lower_queue:
                with open(QUEUE_KNOB, "w") as f:
                    f.write(str(old_knob))
        with p:
            poll_until(lambda: set(playlist_names(p)) == expected(media), 20, what="startup list")
            poll_until(lambda: p.get("filename") is not None, 20, what="something to play")
            p.proc.send_signal(signal.SIGSTOP)
            try:
                t0 = time.time()
                flood(media, n_flood)
                change_after_flood(media, clip, tag)
                t_flood = time.time() - t0
            finally:
                p.proc.send_signal(signal.SIGCONT)
            want = expected(media)
            t0 = time.time()
            poll_until(lambda: set(playlist_names(p)) == want and p.get("intake-pending") == [], 60,
                       interval=0.2, what="the playlist to match the folder %s" % sorted(want))
            t_conv = time.time() - t0
            poll_until(lambda: "%s-corrupt.mp4" % tag in intake_names(p, "intake-rejected"), 20,
                       what="the corrupt file in intake-rejected")
            time.sleep(0.5)
            assert set(playlist_names(p)) == want
            log = p.log()
            assert "inotify queue overflow" in log, "no overflow reported:\n" + log[-3000:]
            poll_until(lambda: p.get("filename") is not None, 20, what="playback to go on")
            assert p.proc.poll() is None
            assert_clean_exit(p)
        print("%s: flood of %d files (%d events) in %.1f s, queue %s; converged %.2f s after SIGCONT: %s" %
              (tag, n_flood, 3 * n_flood, t_flood, 64 if lower_queue else read_knob(), t_conv, sorted(want)))
    finally:
        shutil.rmtree(media, ignore_errors=True)


def main():
    work = tempfile.mkdtemp(prefix="vt-intake-ovf-")
    try:
        knob = read_knob()
        if os.geteuid() == 0 and knob is not None and os.access(QUEUE_KNOB, os.W_OK):
            run_phase(work, "small", 200, lower_queue=True)
        else:
            print("SKIP phase 1 (lowered queue): needs root and a writable %s" % QUEUE_KNOB)
        n = max(6000, (knob or 16384) // 3 + 600)
        run_phase(work, "big", n, lower_queue=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
