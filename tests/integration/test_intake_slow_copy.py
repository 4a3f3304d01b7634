#!/usr/bin/env python3
"""A 20 MB clip copied in slowly is never started before the copy completes
(issue 4, "Tests"), and how long a finished copy takes to reach the screen.

Phase 1 (settle-time 0.3 s, idle player, so an early start would show at
once): vtmedia.big_clip (~20 MB, index at the front) is written into the
watched folder in 64 KB blocks with short pauses and one stall of 1.5 s —
five settle times — halfway, the file held open throughout like cp does.
Proved:
  - during the stall the half-written file probes fine with ffprobe (so only
    the intake's state keeps it off the screen, not luck), and the player
    lists it in intake-pending with state "pending";
  - it is never in the playlist and never sent start-file before the close
    (a sampler polls the playlist every 20 ms; the event log is ordered);
  - after the close it plays through to its own end (reason eof, no error).
Phase 2 (default settle-time 2 s): a small clip is written at full speed;
the time from its close to file-loaded is printed for the report, and it
must be at least the settle time (the settle wait is real).

Prints: "latency last write → first frame: X s (settle S s)".
"""
# ctest-timeout: 180
# ctest-serial
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtmedia  # noqa: E402
from vtplayer import Player, PropSampler, assert_clean_exit, poll_until, sanitized_build  # noqa: E402

SETTLE = 0.3
STALL = 1.5


def probe_ok(path):
    r = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                        "stream=codec_name", "-of", "csv=p=0", path], capture_output=True, text=True)
    return r.returncode == 0 and "h264" in r.stdout


def phase_slow_copy(work):
    media = os.path.join(work, "media")
    os.makedirs(media)
    big = vtmedia.big_clip()
    size = os.path.getsize(big)
    assert size >= 19 * 1024 * 1024, "big clip is only %d bytes" % size
    stall_obs = {}
    with Player(media, extra_args=["--settle-time", str(SETTLE), "--rescan-interval", "0"]) as p:
        poll_until(lambda: p.get("idle-active") is True, 10, what="the idle screen")

        def on_stall(path):
            # Let the stall outlast the settle time before looking.
            time.sleep(SETTLE * 3)
            stall_obs["probe_ok"] = probe_ok(path)
            stall_obs["pending"] = p.get("intake-pending")
            stall_obs["playlist"] = [e["filename"] for e in p.get("playlist")]
            stall_obs["bytes"] = os.path.getsize(path)

        dst = os.path.join(media, "testimony.mp4")
        with PropSampler(p) as s:
            t_start = time.time()
            t_close = vtmedia.slow_write(big, dst, block=65536, pause=0.004, stall_at=0.5, stall=STALL,
                                         on_stall=on_stall)
            copy_s = t_close - t_start
            ev = p.wait_event("file-loaded", timeout=60, pred=lambda e: e.get("filename") == "testimony.mp4")
            poll_until(lambda: "testimony.mp4" in s.seen["playlist"], 10, what="the sampler to see it listed")
        print("copy of %.1f MB took %.2f s (settle-time %.1f s, stall %.1f s)" %
              (size / 1048576, copy_s, SETTLE, STALL))
        assert copy_s > 4 * SETTLE, "the copy must outlast the settle time (%.2f s)" % copy_s

        # During the stall: a probe of the partial file would have passed …
        assert stall_obs.get("probe_ok"), "the half-copied clip should probe fine (%r)" % stall_obs
        assert stall_obs["bytes"] < size
        # … yet the player only lists it as pending, not in the playlist.
        pend = {e["name"]: e for e in stall_obs["pending"]}
        assert "testimony.mp4" in pend, "not in intake-pending during the stall: %r" % stall_obs
        assert pend["testimony.mp4"]["state"] == "pending", pend
        assert "testimony.mp4" not in stall_obs["playlist"], stall_obs

        # Never in the playlist before the close; started only after it.
        first_in_pl = s.seen["playlist"].get("testimony.mp4")
        assert first_in_pl is not None and first_in_pl >= t_close, \
            "in the playlist %.3f s before the copy completed" % (t_close - (first_in_pl or 0))
        assert s.seen["intake-pending"].get("testimony.mp4", 1e18) < t_close, "never seen pending"
        assert s.samples > 50, "sampler too slow (%d samples)" % s.samples
        starts = [e for e in p.events if e.get("event") == "start-file"]
        assert starts and starts[0]["filename"] == "testimony.mp4", starts
        assert starts[0]["_t"] >= t_close, "start-file %.3f s before the close" % (t_close - starts[0]["_t"])
        lat = ev["_t"] - t_close
        print("latency last write → first frame: %.2f s (settle %.1f s, 20 MB clip)" % (lat, SETTLE))

        # It plays to its own end, not cut short as a broken file.
        end = p.wait_event("end-file", timeout=40, pred=lambda e: e.get("filename") == "testimony.mp4")
        assert end["reason"] == "eof", end
        assert not [e for e in p.events if e.get("event") == "end-file" and e.get("reason") == "error"]
        log = p.log()
        assert_clean_exit(p)
    assert 'rejected "testimony.mp4"' not in log, log[-3000:]


def phase_latency(work):
    media = os.path.join(work, "media2")
    os.makedirs(media)
    src = vtmedia.clip("lat.mp4", seconds=3)
    with Player(media, extra_args=["--rescan-interval", "0"]) as p:  # default settle-time: 2 s
        poll_until(lambda: p.get("idle-active") is True, 10, what="the idle screen")
        dst = os.path.join(media, "quick.mp4")
        t_close = vtmedia.slow_write(src, dst, block=1 << 20, pause=0)
        ev = p.wait_event("file-loaded", timeout=30, pred=lambda e: e.get("filename") == "quick.mp4")
        lat = ev["_t"] - t_close
        assert_clean_exit(p)
    print("latency last write → first frame: %.2f s (settle 2.0 s default, small clip)" % lat)
    assert lat >= 1.9, "started %.2f s after the close: the settle time was not waited" % lat
    if not sanitized_build():
        assert lat < 5.0, "%.2f s from the close to the first frame" % lat


def main():
    work = tempfile.mkdtemp(prefix="vt-intake-slow-")
    try:
        phase_slow_copy(work)
        phase_latency(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
