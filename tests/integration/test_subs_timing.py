#!/usr/bin/env python3
"""Subtitle timing follows the master clock (issue 5, "Rendering"): a cue is
never on screen more than one frame early or late.

The video (25 fps, with sound, so the audio clock is the master) shows its
own frame number as 8 black/white blocks at the top. Cues: one at 0 s (the
first picture of the file), one of whole seconds, one with boundaries
between frames, and one lasting a single frame. The same cues are played
as a sidecar and embedded in a Matroska file (decoded while reading).

Two independent checks, for each file, over one pass of it:
  1. every presented frame, from the player's debug log ("present pts" and
     the overlay's "changed at t=…, bbox" lines, matched by time): the overlay must hold
     subtitles on frame N exactly when a cue covers N's time, give or take
     one frame; the one-frame cue must appear;
  2. screenshots taken while it plays (each is one presented frame with
     its overlay): the frame number read from the picture and whether text
     is visible must agree the same way.
The software output (the one used here) draws every second frame and its
overlay ahead of time (frames-drawn-ahead); both checks cover those
frames, and at least 30 % of the frames must have been drawn that way.
A control judges the embedded pass's log against cues shifted by 3 frames:
that must fail, proving the check can.
"""
# ctest-timeout: 240
# ctest-serial
# ctest-labels: subtitles
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtcheck  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from vtcheck import check  # noqa: E402
from vtsubs import white  # noqa: E402

W, H, FPS, SECONDS = 640, 360, 25, 6
CUES = [(0.0, 0.4, "Primer cuadro"), (1.0, 2.0, "Segundos enteros"), (2.52, 2.56, "Un solo cuadro"),
        (3.01, 3.99, "Entre dos cuadros"), (4.4, 5.2, "Otra vez")]


def shown(cues, t):
    return any(a <= t + 1e-6 < b for a, b, _ in cues)


def allowed(cues, n, vis):
    """Frame n with subtitles visible (vis) is within one frame of the truth."""
    return vis in {shown(cues, (n + d) / FPS) for d in (-1, 0, 1)}


def log_frames(log):
    """[(pts, overlay has content)] for every presented frame, in order.

    The overlay on frame P is the one rendered for time P, or, when that
    render changed nothing (no "changed at" line), the last one rendered
    before it. Renders are not always logged just before their frame's
    present: the software output renders frame N+1's overlay while N is
    still being shown (drawing every second frame ahead), so each present
    takes the latest "changed at t" logged so far with t <= its pts."""
    renders = []  # (t, content) in log order
    out = []
    for ln in log.splitlines():
        m = re.search(r"overlay: changed at t=([-0-9.]+): .*?bbox -?\d+,-?\d+ (\d+)x(\d+)", ln)
        if m:
            renders.append((float(m.group(1)), int(m.group(2)) > 0 and int(m.group(3)) > 0))
            continue
        m = re.search(r"video: present pts=([-0-9.]+)", ln)
        if m:
            pts = float(m.group(1))
            content = next((c for t, c in reversed(renders) if t <= pts + 1e-4), False)
            out.append((pts, content))
    return out


def check_log(name, cues, frames, expect_ok=True):
    """Frame numbers count from the pass's first picture: a muxer may start
    every stream a little after 0 (Matroska: +21 ms here for the AAC
    priming), cues included, so both axes move together."""
    bad, late = [], []
    seen = set()
    offset = frames[0][0] if frames else 0.0
    for pts, vis in frames:
        n = int(round((pts - offset) * FPS))
        seen.add(n)
        if not allowed(cues, n, vis):
            bad.append((n, vis))
        elif vis != shown(cues, n / FPS):
            late.append((n, vis))
    one = [n for n in range(int(2.52 * FPS), int(2.56 * FPS) + 1)]
    one_seen = any(vis for pts, vis in frames if int(round((pts - offset) * FPS)) in one)
    print("%-26s %3d frames presented, %d off by one frame %s, %d by more%s" %
          (name, len(frames), len(late), late[:4], len(bad), "" if one_seen else ", one-frame cue missing"))
    if expect_ok:
        check(len(seen) > SECONDS * FPS * 0.5, "%s: only %d frames presented" % (name, len(seen)))
        check(not bad, "%s: frames with the wrong subtitle state (frame, visible): %s" % (name, bad[:10]))
        check(one_seen or not any(n in seen for n in one),
              "%s: the one-frame cue never showed (its frame was presented)" % name)
    return not bad


def screenshots(p, tmp, name, cues, count):
    bad = []
    n_vis = 0
    for k in range(count):
        img = vtplayer.screenshot_rgb(p, os.path.join(tmp, "%s-%d.png" % (name, k)))
        n = vtmedia.frame_code(img, 0, 0, W)
        vis = vtplayer.find_pixels(img, white, (0, H // 2, W, H))[0] > 30
        n_vis += vis
        if not allowed(cues, n, vis):
            bad.append((n, vis))
        time.sleep(0.037 * (k % 3))
    print("%-26s %d screenshots (%d with text), %d off by more than a frame" % (name, count, n_vis, len(bad)))
    check(not bad, "%s: screenshots with the wrong subtitle state (frame, visible): %s" % (name, bad))
    check(0 < n_vis < count, "%s: screenshots did not catch both states (%d/%d with text)" % (name, n_vis, count))


def play(media, tmp, tag, video, cues, shots=12):
    args = ["--windowed", "--size", "%dx%d" % (W, H), "--no-watch"]
    with vtplayer.Player(media, extra_args=args, languages="es", log_level="debug",
                         tmp=os.path.join(tmp, tag)) as p:
        playlist = [e["filename"] for e in p.get("playlist")]
        p.ipc.command("playlist-play-index", playlist.index(video))
        vtplayer.wait_playing(p, video)
        start = len(p.events)
        mark = "core: playing %d/%d: %s" % (playlist.index(video) + 1, len(playlist), video)
        before = p.log().count(mark)
        # one whole pass from the start (the index command restarts it)
        p.ipc.command("playlist-play-index", playlist.index(video))
        ev = p.wait_event("start-file", timeout=20, start=start)
        vtplayer.wait_until(lambda: p.log().count(mark) > before, 10, what="the pass's log line")
        begin = p.log().rfind(mark)
        check(p.get("sid") == 1, "%s: subtitles not selected" % tag)
        screenshots(p, tmp, tag, cues, shots)
        p.wait_event("end-file", timeout=30, start=start + 1,
                     pred=lambda e: e.get("playlist_entry_id") == ev.get("playlist_entry_id"))
        presented, ahead = p.get("frames-presented"), p.get("frames-drawn-ahead")
        print("%-26s %s frames presented in all, %s of them drawn ahead" % (tag, presented, ahead))
        # the software output draws every second frame ahead when the next
        # one is decoded in time: the checks above judged those frames too
        check(presented and ahead and ahead >= 0.3 * presented,
              "%s: only %s of %s frames were drawn ahead" % (tag, ahead, presented))
        log = p.log()
        code, _ = p.stop()
        check(code == 0, "%s: exit code %s" % (tag, code))
    # the frames of that pass only
    end = log.find("core: ended: " + video, begin)
    return log_frames(log[begin:end if end > 0 else len(log)])


def main():
    tmp = tempfile.mkdtemp(prefix="vt-subs-timing-")
    media = os.path.join(tmp, "media")
    clip = vtmedia.frame_code_clip("subs-framecode-6s.mp4", seconds=SECONDS, rate=FPS, size="%dx%d" % (W, H))
    # with sound: the audio clock is the master
    withsound = os.path.join(tmp, "withsound.mp4")
    subprocess.run(vtmedia.FF + ["-i", clip, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=%d"
                                 % SECONDS, "-c:v", "copy", "-c:a", "aac", "-shortest", withsound], check=True)
    vtmedia.place(withsound, media, "side.mp4")
    srt = vtmedia.write_text(media, "side.es.srt", vtmedia.srt_text(CUES))
    subprocess.run(vtmedia.FF + ["-i", withsound, "-i", srt, "-map", "0", "-map", "1", "-c", "copy",
                                 "-c:s", "srt", "-metadata:s:s:0", "language=spa",
                                 os.path.join(media, "embedded.mkv")], check=True)
    shifted = [(a + 3.0 / FPS, b + 3.0 / FPS, t) for a, b, t in CUES]
    with vtcheck.kept_on_failure(tmp):
        for video, tag in (("side.mp4", "sidecar"), ("embedded.mkv", "embedded")):
            frames = play(media, tmp, tag, video, CUES)
            check_log(tag, CUES, frames)
        # the control: judged against cues 3 frames off, the same log fails
        check(not check_log("control (cues 3 frames off)", shifted, frames, expect_ok=False),
              "control: a 3-frame shift was not noticed")
    return vtcheck.verdict("files kept in " + tmp)


if __name__ == "__main__":
    sys.exit(main())
