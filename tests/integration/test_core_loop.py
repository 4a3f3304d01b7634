#!/usr/bin/env python3
"""Issue 2 acceptance: a folder of clips in many codec/container pairs, a
rotated portrait clip, stills, an audio-only file and three broken files
plays two full loops headless: valid items in natural order, broken ones
skipped with a reason (and not retried), the portrait clip pillarboxed,
and the player exits 0 within 1 s of SIGTERM.
"""
# ctest-timeout: 300
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import vtmedia as m  # noqa: E402
import vtplayer  # noqa: E402

PAIRS = [("h264", "mp4", "aac"), ("hevc", "mkv", "aac"), ("vp9", "webm", "opus"), ("vp8", "webm", "vorbis"),
         ("av1", "mkv", "opus"), ("mpeg2", "ts", "mp2"), ("mpeg4", "avi", "mp3"), ("prores", "mov", "pcm"),
         ("flv1", "flv", "mp3"), ("theora", "ogg", "vorbis")]


def build_folder(root):
    media = os.path.join(root, "media")
    os.makedirs(os.path.join(media, "sub folder"))
    valid = []
    for i, (v, c, a) in enumerate(PAIRS):
        name = "%02d-%s.%s" % (i + 1, v, c)
        m.place(m.clip("loop-%s.%s" % (v, c), v, a, seconds=1.0, size="320x240"), media, name)
        valid.append(name)
    m.place(m.rotated("loop-rot.mp4", seconds=1.0), media, "11-portrait.mp4")
    m.place(m.still("loop-still.png", color="green"), media, "12-still.png")
    m.place(m.still("loop-still.jpg", color="purple"), media, "13-still.jpg")
    m.place(m.still("loop-still.webp", color="olive"), media, "14-still.webp")
    m.place(m.audio_only("loop-audio.mp3", seconds=1.0), os.path.join(media, "sub folder"), "15-audio.mp3")
    valid += ["11-portrait.mp4", "12-still.png", "13-still.jpg", "14-still.webp", "sub folder/15-audio.mp3"]
    m.zero_byte(media, "20-empty.mp4")
    m.random_bytes(media, "21-random.mp4")
    m.truncated(m.clip("loop-trunc-src.mp4", "h264", "aac", seconds=2.0), media, "22-truncated.mp4", keep=0.3)
    bad = ["20-empty.mp4", "21-random.mp4", "22-truncated.mp4"]
    old = time.time() - 3600  # files already settled when the player starts
    for dirpath, _, files in os.walk(media):
        for f in files:
            os.utime(os.path.join(dirpath, f), (old, old))
    return media, valid, bad


def main():
    tmp = tempfile.mkdtemp(prefix="vt-core-loop-")
    media, valid, bad = build_folder(tmp)
    expected_order = sorted(valid, key=lambda n: n)  # names chosen so plain order = natural order
    shot = os.path.join(tmp, "portrait.png")
    with vtplayer.Player(media, extra_args=["--image-duration", "1", "--size", "640x480"], tmp=tmp) as p:
        p.wait_event("file-loaded", timeout=120, pred=lambda e: e["filename"] == "11-portrait.mp4")
        time.sleep(0.3)
        p.screenshot(shot)
        shot_taken = p.get("filename") == "11-portrait.mp4"
        loops, seen = 0, []
        deadline = time.time() + 150
        start = 0
        while loops < 2 and time.time() < deadline:
            ev = p.wait_event("end-file", timeout=60, start=start)
            start = p.events.index(ev) + 1
            if ev["reason"] == "eof":
                seen.append(ev["filename"])
                if ev["filename"] == expected_order[-1]:
                    loops += 1
        assert loops >= 2, "did not complete two loops: %s" % seen
        loaded = [e["filename"] for e in p.events if e.get("event") == "file-loaded"]
        for b in bad:
            assert b not in loaded, "%s was played" % b
        # every broken file: skipped with a reason (end-file error or intake-rejected), once only
        rejected = {r["name"]: r.get("reason", "") for r in p.get("intake-rejected")}
        failed = {e["filename"]: e.get("file_error", "") for e in p.events
                  if e.get("event") == "end-file" and e.get("reason") == "error"}
        for b in bad:
            reason = failed.get(b) or rejected.get(b) or ""
            assert reason, "%s: no reason given (failed=%s rejected=%s)" % (b, failed, rejected)
            tries = sum(1 for e in p.events if e.get("event") == "end-file" and e.get("filename") == b)
            assert tries <= 1, "%s retried %d times" % (b, tries)
        # valid items: in natural order, every one of them, twice
        first_loop = seen[:len(expected_order)]
        assert first_loop == expected_order or seen[-len(expected_order):] == expected_order, \
            "order: %s" % seen
        for v in valid:
            assert seen.count(v) >= 1, "%s never played to the end: %s" % (v, seen)
        assert p.get("frame-drop-count") >= 0
        # the portrait clip is pillarboxed: black bars left/right, picture in the middle
        assert shot_taken, "the portrait clip was no longer playing at the screenshot"
        img = vtplayer.png_pixels(shot)
        w, h = img[0], img[1]
        left, mid = vtplayer.pixel(img, w // 12, h // 2), vtplayer.pixel(img, w // 2, h // 2)
        assert max(left) < 16, "left bar not black: %s" % (left,)
        assert max(mid) > 40, "no picture in the middle: %s" % (mid,)
        # turned the way FFmpeg turns it: testsrc2's cyan bar on top, red at the bottom
        top = vtplayer.pixel(img, w // 2 + w // 7, h // 40)
        bottom = vtplayer.pixel(img, w // 2 + w // 7, h - h // 40)
        assert top[0] < 80 and top[1] > 150 and top[2] > 150, "top is not cyan: %s" % (top,)
        assert bottom[0] > 150 and bottom[1] < 80 and bottom[2] < 80, "bottom is not red: %s" % (bottom,)
        code, took = p.stop()
        assert code == 0, "exit code %s" % code
        assert took < 1.0, "SIGTERM took %.2f s" % took
        log = p.log()
    for b in bad:
        assert ("skipped: %s" % b) in log or ('"%s"' % b) in log, "no log line for %s" % b
    print("ok: %d loops, %d items, broken skipped: %s" % (loops, len(valid), failed or rejected))


if __name__ == "__main__":
    main()
