#!/usr/bin/env python3
"""Memory with bitmap subtitles (issue 5; the player decodes every subtitle
stream so that switching is instant).

dense.mkv: 8 s of video with EIGHT copies of the corpus PGS stream, retimed
20x denser (a new 1280x720-canvas screen every 62 ms: ~120 screens per
stream, ~1000 in all) — what a DVD/Blu-ray rip with many languages does
over a whole film, compressed into seconds. One stream is selected, seven
are not. plain.mkv: the same video without subtitles.

The peak resident memory (VmHWM) of a player that plays the file through
must stay within MARGIN_MB of the peak of a player that plays plain.mkv:
unselected bitmap streams keep only the screen showing now and the ones
decoded ahead, the selected one a few old screens. Keeping every screen
would cost ~200 MB here. The selected stream must still show (screenshot),
and switching to an unselected stream must show its current screen.

Under AddressSanitizer the resident size says little (freed memory sits
in quarantine): the memory comparison is skipped there, the rest runs.
"""
# ctest-timeout: 180
# ctest-labels: subtitles
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtcheck  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from vtcheck import check  # noqa: E402
from vtmedia import ff  # noqa: E402

W, H = 640, 360
SECONDS = 8
STREAMS = 8
MARGIN_MB = 40
PGS = os.path.join(vtmedia.CORPUS, "androidx-media/media/mkv/sample_with_pgs_subtitles.mkv")


def sanitized():
    r = subprocess.run(["ldd", vtplayer.BIN], capture_output=True, text=True)
    return "libasan" in r.stdout


def hwm_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for ln in f:
            if ln.startswith("VmHWM:"):
                return int(ln.split()[1])
    return 0


def play_through(media, tmp, tag, name, probe=None):
    """Play `name` once from the start to its end; return the peak RSS (kB)."""
    args = ["--windowed", "--size", "%dx%d" % (W, H), "--no-watch", "--no-audio"]
    with vtplayer.Player(media, extra_args=args, tmp=os.path.join(tmp, tag)) as p:
        playlist = [e["filename"] for e in p.get("playlist")]
        start = len(p.events)
        p.ipc.command("playlist-play-index", playlist.index(name))
        ev = p.wait_event("start-file", timeout=20, start=start, pred=lambda e: e.get("filename") == name)
        if probe:
            probe(p)
        p.wait_event("end-file", timeout=SECONDS * 6, start=start,
                     pred=lambda e: e.get("playlist_entry_id") == ev.get("playlist_entry_id"))
        peak = hwm_kb(p.proc.pid)
        code, _ = p.stop()
        check(code == 0, "%s: exit code %s" % (tag, code))
    return peak


def main():
    tmp = tempfile.mkdtemp(prefix="vt-subs-memory-")
    media = os.path.join(tmp, "media")
    os.makedirs(media)
    dense = os.path.join(tmp, "dense_pgs.mkv")
    ff(["-stream_loop", "200", "-itsscale", "0.05", "-i", PGS, "-map", "0:s", "-c", "copy", "-t", str(SECONDS),
        dense])
    video = ["-f", "lavfi", "-i", "color=c=gray:s=%dx%d:r=25:d=%d" % (W, H, SECONDS)]
    x264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25"]
    maps = ["-map", "0:v"]
    meta = []
    for k in range(STREAMS):
        maps += ["-map", "1:s"]
        meta += ["-metadata:s:s:%d" % k, "language=%s" % ["eng", "spa", "fre", "ger", "ita", "por", "ara", "hin"][k],
                 "-disposition:s:%d" % k, "default" if k == 0 else "0"]
    ff(video + ["-i", dense] + maps + x264 + ["-c:s", "copy"] + meta + [os.path.join(media, "dense.mkv")])
    ff(video + ["-map", "0:v"] + x264 + [os.path.join(media, "plain.mkv")])
    asan = sanitized()
    with vtcheck.kept_on_failure(tmp):
        base = play_through(media, tmp, "plain", "plain.mkv")

        def probe(p):
            vtplayer.wait_until(lambda: p.get("time-pos") > 2.0, 20, what="dense.mkv to play 2 s")
            subs = [t for t in p.get("track-list") if t["type"] == "sub"]
            check(len(subs) == STREAMS, "dense.mkv: %d subtitle tracks" % len(subs))
            check(p.get("sid") == 1, "dense.mkv: the default track is not selected (%s)" % p.get("sid"))
            white = lambda r, g, b: r > 180 and g > 180 and b > 180  # noqa: E731 (PGS text: ~210)
            seen = 0
            for k in range(6):  # screens change every 62 ms: some shots catch one
                seen += vtplayer.find_pixels(vtplayer.screenshot_rgb(p, os.path.join(tmp, "d%d.png" % k)), white,
                                             (0, H // 2, W, H))[0] > 200
            check(seen > 0, "dense.mkv: the selected PGS track never showed")
            p.set("sid", 5)
            seen = 0
            for k in range(6):
                seen += vtplayer.find_pixels(vtplayer.screenshot_rgb(p, os.path.join(tmp, "e%d.png" % k)), white,
                                             (0, H // 2, W, H))[0] > 200
            check(seen > 0, "dense.mkv: switching to another PGS track showed nothing")
            p.set("sid", 1)
        peak = play_through(media, tmp, "dense", "dense.mkv", probe)
        extra = (peak - base) / 1024.0
        print("peak RSS: plain %.1f MB, 8 PGS streams %.1f MB: +%.1f MB (limit +%d MB)%s" %
              (base / 1024.0, peak / 1024.0, extra, MARGIN_MB, " — not judged under ASan" if asan else ""))
        if not asan:
            check(extra < MARGIN_MB, "8 PGS streams cost %.1f MB of peak memory" % extra)
    return vtcheck.verdict("files kept in " + tmp)


if __name__ == "__main__":
    sys.exit(main())
