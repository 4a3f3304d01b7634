#!/usr/bin/env python3
"""Files that arrive under a temporary name and are renamed into place: only
the final name ever appears (issue 4, "Tests").

While a clip loops, the watched folder receives, with real tools and real
renames:
  - rsync (the real binary, --bwlimit so the copy takes seconds): it writes
    ".rsynced.mp4.XXXXXX" and renames it to "rsynced.mp4";
  - Syncthing's way: ".syncthing.synced.mp4.tmp" written slowly with a stall
    longer than the settle time, its mtime set back a day (Syncthing copies
    the source's mtime), then renamed to "synced.mp4";
  - browsers: "video.mp4.part" (Firefox), "clip.mp4.crdownload" (Chrome),
    "old.mp4.partial" and "dl.mp4.tmp", written slowly in parallel, then
    renamed to their final names.
inotifywait runs alongside and proves the kernel really reported every
temporary name (so the test exercised the ignore rules, and rsync really
used a temporary file). Proved, from a 20 ms sampler of the playlist,
intake-pending and intake-rejected, the IPC event log and the player's
debug log:
  - no temporary name ever appears in any of the three lists, in a
    start-file event, or anywhere in the log (never probed, never tracked);
  - every final name ends up in the playlist and starts playing.
"""
# ctest-timeout: 180
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtmedia  # noqa: E402
from vtplayer import Player, PropSampler, assert_clean_exit, playlist_names, poll_until  # noqa: E402

SETTLE = 0.3
BROWSER = [("video.mp4.part", "video.mp4"), ("clip.mp4.crdownload", "clip.mp4"),
           ("old.mp4.partial", "old.mp4"), ("dl.mp4.tmp", "dl.mp4")]
RSYNC_TMP = re.compile(r"^\.rsynced\.mp4\.[A-Za-z0-9]{6}$")


class Inotifywait:
    """`inotifywait -m -r` on the folder: every name the kernel reported."""

    def __init__(self, folder):
        self.names = set()
        self.proc = None
        if not shutil.which("inotifywait"):
            return
        self.proc = subprocess.Popen(["inotifywait", "-m", "-r", "-q", "-e", "create,close_write,moved_from,moved_to",
                                      "--format", "%e %f", folder], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()
        time.sleep(0.5)  # -q hides "Watches established."; it needs a moment

    def _read(self):
        for line in self.proc.stdout:
            parts = line.rstrip("\n").split(" ", 1)
            if len(parts) == 2:
                self.names.add(parts[1])

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(5)


def main():
    work = tempfile.mkdtemp(prefix="vt-intake-tmp-")
    media = os.path.join(work, "media")
    src = os.path.join(work, "src")
    os.makedirs(media)
    os.makedirs(src)
    big = vtmedia.big_clip()
    small = vtmedia.clip("tmpname.mp4", seconds=2)
    vtmedia.place(vtmedia.clip("loop.mp4", seconds=2, color="navy"), media, "a.mp4")
    shutil.copyfile(big, os.path.join(src, "rsynced.mp4"))
    finals = {"a.mp4", "rsynced.mp4", "synced.mp4"} | {f for _, f in BROWSER}
    watcher = Inotifywait(media)
    try:
        with Player(media, extra_args=["--settle-time", str(SETTLE), "--rescan-interval", "0"],
                    log_level="debug") as p:
            poll_until(lambda: p.get("filename") == "a.mp4", 15, what="a.mp4 to play")
            with PropSampler(p) as s:
                # rsync: ~20 MB at 8 MB/s, under a temporary name.
                r = subprocess.run(["rsync", "--bwlimit=8000", os.path.join(src, "rsynced.mp4"), media + "/"],
                                   capture_output=True, text=True)
                assert r.returncode == 0, r.stderr

                # Syncthing: slow write with a stall, old mtime, rename.
                tmp = os.path.join(media, ".syncthing.synced.mp4.tmp")
                vtmedia.slow_write(big, tmp, block=1 << 18, pause=0.01, stall_at=0.5, stall=4 * SETTLE)
                old = time.time() - 86400
                os.utime(tmp, (old, old))
                os.rename(tmp, os.path.join(media, "synced.mp4"))

                # Browsers, in parallel.
                def browser(tmp_name, final):
                    t = os.path.join(media, tmp_name)
                    vtmedia.slow_write(small, t, block=4096, pause=0.01, stall_at=0.5, stall=4 * SETTLE)
                    os.rename(t, os.path.join(media, final))
                threads = [threading.Thread(target=browser, args=b) for b in BROWSER]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()

                poll_until(lambda: set(playlist_names(p)) == finals, 30, what="all final names in the playlist")
                poll_until(lambda: p.get("intake-pending") == [], 10, what="nothing pending")
                # Let each new entry start once (the playlist is in name order).
                started = lambda: {e["filename"] for e in p.events if e.get("event") == "start-file"}  # noqa: E731
                poll_until(lambda: finals <= started(), 60, interval=0.2, what="every final name to start")
            log = p.log()
            assert_clean_exit(p)
    finally:
        watcher.stop()
        shutil.rmtree(work, ignore_errors=True)

    seen = s.all_names()
    print("names ever listed by the player: %s" % sorted(seen))
    print("names the kernel reported: %s" % sorted(watcher.names))
    assert seen <= finals, "temporary names listed: %s" % sorted(seen - finals)
    assert not s.seen["intake-rejected"], s.seen["intake-rejected"]
    assert s.samples > 100, s.samples
    starts = {e["filename"] for e in p.events if e.get("event") in ("start-file", "file-loaded", "end-file")}
    assert starts <= finals, "events for temporary names: %s" % sorted(starts - finals)

    temps = [".syncthing.synced.mp4.tmp"] + [t for t, _ in BROWSER]
    rsync_tmps = [n for n in watcher.names if RSYNC_TMP.match(n)]
    if watcher.proc:
        assert rsync_tmps, "rsync did not use a temporary file? kernel saw %s" % sorted(watcher.names)
        for t in temps:
            assert t in watcher.names, "the kernel never reported %s" % t
    for t in temps + rsync_tmps + ["rsynced.mp4."]:
        assert t not in log, "%s appears in the player's log:\n%s" % (
            t, "\n".join(line for line in log.splitlines() if t in line)[:2000])
    assert ".rsynced" not in log, "\n".join(line for line in log.splitlines() if ".rsynced" in line)[:2000]
    print("ok")


if __name__ == "__main__":
    main()
