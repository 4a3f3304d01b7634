#!/usr/bin/env python3
"""What staff see (issue 4): the idle screen and the "New video" notice.

Phase 1, --languages es,en, nothing playable: four rejected files and one
being written. Proved from the OSD text (the player logs each change of an
OSD layer at verbose level: "screens: idle screen: …") and a screenshot:
  - the text says "No videos yet — copy videos into <folder>" in Spanish and
    in English, the counts of waiting (1) and rejected (4) files in the
    viewer's language, and the first three rejected names (natural order)
    with their reasons — not the fourth;
  - the screenshot shows it as white text on a dark screen, every line
    centred horizontally (±2 % of the width), the block centred vertically
    (±10 %), inside the TV-safe area, with an ink height per line of at least
    2.5 % of the screen height (readable from across a room).
Phase 2: the file being written is a dark clip; when it is closed it plays:
the idle text is cleared, a notice "Nuevo video: <title>" is shown in the
top-left corner (bright ink there in the screenshot, none in the dark
picture's centre) and clears itself within 10 s. A second new video while
one plays gets its own notice.
Phase 3, --no-intake-notice: the same arrival shows no notice (no log line,
no ink in the corner).
"""
# ctest-timeout: 180
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtmedia  # noqa: E402
from vtplayer import Player, assert_clean_exit, intake_names, png_pixels, poll_until  # noqa: E402

SETTLE = 0.3


def osd_lines(p, layer):
    """Every text the layer showed, oldest first (from the verbose log)."""
    out = []
    for line in p.log().splitlines():
        m = re.search(r"screens: %s: (.*)$" % re.escape(layer), line)
        if m:
            out.append(m.group(1))
    return out


def bright(raw, i):
    return raw[i] > 200 and raw[i + 1] > 200 and raw[i + 2] > 200


def ink_rows(img, box):
    """Row bands with bright ink inside box: [(y0, y1, x0, x1)]."""
    w, h, raw = img
    x0, y0, x1, y1 = box
    rows = []
    for y in range(y0, y1):
        xs = [x for x in range(x0, x1) if bright(raw, (y * w + x) * 3)]
        rows.append((min(xs), max(xs)) if xs else None)
    bands = []
    cur = None
    for k, r in enumerate(rows):
        y = y0 + k
        if r:
            if cur and y - cur[1] <= 2:  # a gap of 1-2 rows inside a line (accents, dots)
                cur = [cur[0], y, min(cur[2], r[0]), max(cur[3], r[1])]
            else:
                if cur:
                    bands.append(tuple(cur))
                cur = [y, y, r[0], r[1]]
    if cur:
        bands.append(tuple(cur))
    return bands


def count_ink(img, box):
    w, h, raw = img
    x0, y0, x1, y1 = box
    return sum(1 for y in range(y0, y1) for x in range(x0, x1) if bright(raw, (y * w + x) * 3))


def phase_idle(work):
    media = os.path.join(work, "media")
    os.makedirs(media)
    for i in range(1, 4):
        vtmedia.random_bytes(media, "broken %d.mp4" % i, size=20000, seed=i)
    vtmedia.zero_byte(media, "broken 10.mp4")  # natural order: 1, 2, 3, 10
    dark = vtmedia.clip("idle-dark.mp4", seconds=12, color="black")
    data = open(dark, "rb").read()
    f = None
    try:
        with Player(media, languages="es,en", extra_args=["--settle-time", str(SETTLE), "--rescan-interval", "0"]) as p:
            poll_until(lambda: len(p.get("intake-rejected")) == 4, 20, what="4 rejected")
            # A copy in progress (started once the player runs: a file that is
            # open for writing when the player starts is only seen by its scan).
            f = open(os.path.join(media, "late arrival.mp4"), "wb")
            f.write(data[: len(data) // 2])
            f.flush()
            poll_until(lambda: intake_names(p, "intake-pending") == ["late arrival.mp4"], 10, what="1 waiting")
            text = poll_until(lambda: [t for t in osd_lines(p, "idle screen") if "Rechazados: 4" in t], 10,
                              what="the idle screen to count 4 rejected")[-1]
            print("idle screen text: %s" % text)
            lines = [x for x in text.split(" | ") if x]
            assert lines[0] == "Todavía no hay videos — copie los videos en %s" % media, lines
            assert lines[1] == "No videos yet — copy videos into %s" % media, lines
            assert lines[2] == "En espera: 1   ·   Rechazados: 4", lines
            rej = lines[3:]
            assert [r.split(" — ")[0] for r in rej] == ["broken 1.mp4", "broken 2.mp4", "broken 3.mp4"], rej
            assert all(len(r.split(" — ", 1)[1]) > 5 for r in rej), rej

            shot = p.screenshot(os.path.join(work, "idle.png"))
            img = png_pixels(shot)
            w, h, raw = img
            bands = ink_rows(img, (0, 0, w, h))
            print("screen %dx%d, %d text lines: %s" % (w, h, len(bands), bands))
            assert len(bands) >= 6, bands
            for (by0, by1, bx0, bx1) in bands:
                cx = (bx0 + bx1) / 2
                assert abs(cx - w / 2) <= 0.02 * w, "line at y=%d not centred: x %d..%d" % (by0, bx0, bx1)
                assert bx0 >= 0.05 * w and bx1 <= 0.95 * w, "line at y=%d outside the safe area" % by0
            tall = [b[1] - b[0] + 1 for b in bands]
            assert sorted(tall)[len(tall) // 2] >= 0.025 * h, "text too small: ink heights %s" % tall
            top, bottom = bands[0][0], bands[-1][1]
            assert top >= 0.05 * h and bottom <= 0.95 * h
            assert abs((top + bottom) / 2 - h / 2) <= 0.10 * h, "block not centred vertically: %d..%d" % (top, bottom)
            # background: dark around the text
            corner = [raw[(y * w + x) * 3] for y in range(0, h // 10, 7) for x in range(0, w // 10, 7)]
            assert max(corner) < 60, "background not dark"

            # Phase 2: the copy completes → it plays, the idle text goes, a notice names it.
            start = len(p.events)
            f.write(data[len(data) // 2:])
            f.close()
            p.wait_event("file-loaded", timeout=20, start=start, pred=lambda e: e["filename"] == "late arrival.mp4")
            shot = p.screenshot(os.path.join(work, "notice.png"))
            notices = osd_lines(p, "notice")
            assert "Nuevo video: late arrival" in notices, notices
            assert osd_lines(p, "idle screen")[-1] == "cleared"
            img = png_pixels(shot)
            w, h, raw = img
            corner = count_ink(img, (0, 0, w // 2, h // 4))
            centre = count_ink(img, (w // 4, h * 3 // 8, w * 3 // 4, h * 5 // 8))
            print("notice: %d ink pixels in the top-left corner, %d in the centre" % (corner, centre))
            assert corner > 300 and centre == 0, (corner, centre)
            bands = ink_rows(img, (0, 0, w // 2, h // 4))
            assert bands and bands[0][2] >= 0.04 * w and bands[0][0] >= 0.04 * h, "notice outside the safe area"
            # a second new video while one plays
            vtmedia.place(vtmedia.clip("idle-second.mp4", seconds=2, color="black"), media, "second one.mp4")
            poll_until(lambda: "Nuevo video: second one" in osd_lines(p, "notice"), 15, what="a second notice")
            t_set = time.time()
            poll_until(lambda: osd_lines(p, "notice")[-1] == "cleared", 12, what="the notice to clear itself")
            print("notice cleared %.1f s after the second one was shown" % (time.time() - t_set))
            assert_clean_exit(p)
    finally:
        if f and not f.closed:
            f.close()


def phase_no_notice(work):
    media = os.path.join(work, "media-quiet")
    os.makedirs(media)
    dark = vtmedia.clip("idle-dark.mp4", seconds=12, color="black")
    with Player(media, extra_args=["--settle-time", str(SETTLE), "--rescan-interval", "0", "--no-intake-notice"]) as p:
        text = poll_until(lambda: osd_lines(p, "idle screen"), 10, what="the idle screen")[-1]
        assert text.startswith("No videos yet — copy videos into %s" % media), text
        assert "0 waiting   ·   0 rejected" in text, text
        start = len(p.events)
        vtmedia.place(dark, media, "late arrival.mp4")
        p.wait_event("file-loaded", timeout=20, start=start)
        img = png_pixels(p.screenshot(os.path.join(work, "quiet.png")))
        w, h, raw = img
        corner = count_ink(img, (0, 0, w // 2, h // 4))
        assert osd_lines(p, "notice") == [], osd_lines(p, "notice")
        assert corner == 0, "ink in the corner with --no-intake-notice: %d" % corner
        assert_clean_exit(p)
    print("--no-intake-notice: no notice")


def main():
    work = tempfile.mkdtemp(prefix="vt-idle-")
    try:
        phase_idle(work)
        phase_no_notice(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
