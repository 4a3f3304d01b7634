#!/usr/bin/env python3
"""The periodic rescan (--rescan-interval) reconciles changes that inotify
never reported, without disturbing the video that plays (issue 4, "covered
by a periodic rescan").

A change the watcher cannot see is made for real: after the player has set
its watch on MEDIA_DIR/share, a tmpfs is mounted over that folder (as a
network share or a stick would be). The watch stays on the covered folder,
so files created in the mount make no inotify event for the player — like
files that another machine writes to a CIFS/NFS share.
  Control (--rescan-interval 0): a clip copied into the mount does not
  appear within 4 s — proof that only the rescan can find it.
  Test (--rescan-interval 2): the clip appears within 2 s + settle + probe
  (≤ 6 s; 12 s on a sanitizer build); then a second tmpfs is mounted over
  the first (the file vanishes without an event, as when the share's server
  deletes it) and the next rescan drops it ("is gone" in the log); the long
  video playing meanwhile is not restarted or
  interrupted (no end-file/start-file for it, time-pos keeps growing).
Needs root (mount); without it the test says SKIP and passes — the rescan
logic is then covered only by the unit tests
(test_playlists_intake_scan.c: test_periodic_reconcile,
test_playlists_watch_root.c: test_periodic_rescan_is_quiet).
"""
# ctest-timeout: 120
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtmedia  # noqa: E402
from vtplayer import Player, assert_clean_exit, playlist_names, poll_until, sanitized_build  # noqa: E402

SETTLE = 0.3


def mount_tmpfs(path):
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "vt-intake-share", path],
                       capture_output=True, text=True)
    return r.returncode == 0, r.stderr.strip()


def run(work, interval, long_clip, clip):
    media = os.path.join(work, "media-%d" % interval)
    share = os.path.join(media, "share")
    os.makedirs(share)
    vtmedia.place(long_clip, media, "a-long.mp4")
    args = ["--settle-time", str(SETTLE), "--rescan-interval", str(interval)]
    with Player(media, extra_args=args) as p:
        poll_until(lambda: p.get("filename") == "a-long.mp4", 15, what="a-long to play")
        poll_until(lambda: "media folder" in p.log(), 10, what="the watcher's first scan")
        ok, err = mount_tmpfs(share)
        if not ok:
            return "SKIP: mount failed: %s" % err
        try:
            start = len(p.events)
            pos0 = p.get("time-pos")
            t0 = time.time()
            vtmedia.place(clip, share, "remote.mp4")
            if interval == 0:
                time.sleep(4)
                assert "share/remote.mp4" not in playlist_names(p), "the watcher saw it without a rescan?"
                assert_clean_exit(p)
                return "control: not seen in 4 s without a periodic rescan"
            limit = 12 if sanitized_build() else 6
            poll_until(lambda: "share/remote.mp4" in playlist_names(p), limit, interval=0.1,
                       what="the rescan to find share/remote.mp4")
            t_add = time.time() - t0
            # The rescan has put a watch on the mount by now, so a plain unlink
            # would be seen. Hide the file without an event instead: a second
            # tmpfs over the first, as if the share's server deleted it.
            ok, err = mount_tmpfs(share)
            assert ok, err
            t1 = time.time()
            poll_until(lambda: "share/remote.mp4" not in playlist_names(p), limit, interval=0.1,
                       what="the rescan to drop share/remote.mp4")
            t_del = time.time() - t1
            assert '"share/remote.mp4" is gone' in p.log(), "not dropped by a rescan"
            assert p.get("filename") == "a-long.mp4"
            pos1 = p.get("time-pos")
            assert pos1 > pos0 + t_add, "a-long.mp4 did not keep playing: %.2f → %.2f" % (pos0, pos1)
            touched = [e for e in p.events[start:] if e.get("event") in ("start-file", "end-file")]
            assert not touched, "the current item was disturbed: %r" % touched
            # (the pending/rejected snapshot follows within its 0.2 s hint rate limit)
            poll_until(lambda: p.get("intake-pending") == [] and p.get("intake-rejected") == [], 5,
                       what="nothing pending or rejected")
            assert_clean_exit(p)
            return "found after %.2f s, dropped after %.2f s; a-long.mp4 played on (%.1f → %.1f s)" % (
                t_add, t_del, pos0, pos1)
        finally:
            while os.path.ismount(share):
                subprocess.run(["umount", "-l", share], capture_output=True)


def main():
    if os.geteuid() != 0:
        print("SKIP: needs root to mount a file system the watcher cannot see into; the periodic rescan is "
              "covered by unit tests only (test_playlists_intake_scan, test_playlists_watch_root)")
        return
    work = tempfile.mkdtemp(prefix="vt-intake-rescan-")
    long_clip = vtmedia.clip("rescan-long.mp4", seconds=30)
    clip = vtmedia.clip("rescan-remote.mp4", seconds=2)
    try:
        print("--rescan-interval 0: %s" % run(work, 0, long_clip, clip))
        print("--rescan-interval 2: %s" % run(work, 2, long_clip, clip))
    finally:
        for root, dirs, files in os.walk(work):
            for d in dirs:
                for _ in range(4):
                    if os.path.ismount(os.path.join(root, d)):
                        subprocess.run(["umount", "-l", os.path.join(root, d)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
