#!/usr/bin/env python3
"""screenshot-to-file (issue 3): the PNG holds exactly what the screen
shows, at output resolution, written atomically, answered once on disk.

A 640x480 window plays a 16:9 clip whose left half is pure red and right
half pure blue, then a 9:16 one (same colours). Checked:
- output resolution; colours at the expected places; black bars exactly
  where the letterbox (60 px top and bottom) and the pillarbox (185 px
  left and right) put them, the picture's edges within a pixel, the
  red/blue boundary at the middle;
- a subtitle (Spanish sidecar, viewer language es) is in the screenshot:
  white text in the lower part, gone with sid off, everything else equal;
- an on-screen notice (keypress VOLUME_DOWN) is in the screenshot, and
  gone again once it expires;
- atomicity: when the reply comes, the file is a complete PNG and no
  temporary file is left; a reader polling the path while 25 screenshots
  replace it never sees a partial file; three clients asking at once all
  get their file; a target that is a folder (the rename fails) or a folder
  the player may not write to → "error running command" and no temporary
  file left behind.
"""
# ctest-timeout: 150
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtcheck  # noqa: E402
import vtipc  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from vtcheck import check  # noqa: E402
from vtipc import png_complete, wait_for  # noqa: E402

W, H = 640, 480


def split_clip(name, size):
    """Left half pure red, right half pure blue (no sound)."""
    w, h = [int(x) for x in size.split("x")]

    def args(out):
        src = "color=c=red:s=%s:r=25:d=30,drawbox=x=%d:y=0:w=%d:h=%d:color=blue:t=fill" % (size, w // 2, w // 2, h)
        return vtmedia.FF + ["-f", "lavfi", "-i", src] + vtmedia.VCODEC_ARGS["h264"] + ["-g", "25", out]
    return vtmedia.cached(name, args)


def red(px):
    return px[0] > 200 and px[1] < 60 and px[2] < 60


def blue(px):
    return px[2] > 200 and px[0] < 60 and px[1] < 60


def black(px):
    return max(px) < 12


def white(px):
    return min(px) > 220


def shot(p, path):
    p.screenshot(path)
    return vtplayer.png_pixels(path)


def count(img, pred, box):
    x0, y0, x1, y1 = box
    return sum(1 for y in range(y0, y1) for x in range(x0, x1) if pred(vtplayer.pixel(img, x, y)))


def column_extent(img, x, pred):
    ys = [y for y in range(H) if pred(vtplayer.pixel(img, x, y))]
    return (ys[0], ys[-1]) if ys else (None, None)


def row_extent(img, y, pred):
    xs = [x for x in range(W) if pred(vtplayer.pixel(img, x, y))]
    return (xs[0], xs[-1]) if xs else (None, None)


def geometry(p, tmp):
    """Letterbox: 640x360 picture at y 60..419."""
    img = shot(p, os.path.join(tmp, "letterbox.png"))
    check(img[:2] == (W, H), "screenshot size %dx%d, output is %dx%d" % (img[0], img[1], W, H))
    for (x, y, pred, what) in ((160, 240, red, "red"), (480, 240, blue, "blue"), (5, 62, red, "red"),
                               (634, 417, blue, "blue"), (320, 30, black, "black"), (320, 450, black, "black"),
                               (0, 0, black, "black"), (639, 479, black, "black"), (320, 57, black, "black"),
                               (320, 422, black, "black")):
        px = vtplayer.pixel(img, x, y)
        check(pred(px), "letterbox: pixel (%d,%d) is %r, expected %s" % (x, y, px, what))
    top, bottom = column_extent(img, 100, lambda px: not black(px))
    check(top is not None and abs(top - 60) <= 1 and abs(bottom - 419) <= 1,
          "letterbox: picture rows %r..%r, expected 60..419" % (top, bottom))
    r0, r1 = row_extent(img, 240, red)
    b0, b1 = row_extent(img, 240, blue)
    check(r0 == 0 and b1 == W - 1 and r1 is not None and b0 is not None and abs(r1 - 319) <= 2 and
          abs(b0 - 320) <= 2, "letterbox: red %r..%r, blue %r..%r (boundary at 320)" % (r0, r1, b0, b1))
    n_bad = count(img, lambda px: not black(px), (0, 0, W, 58)) + count(img, lambda px: not black(px), (0, 422, W, H))
    check(n_bad == 0, "letterbox: %d non-black pixels in the bars" % n_bad)
    return img


def pillarbox(p, tmp):
    """A 9:16 clip: 270x480 picture at x 185..454."""
    p.ipc.command("playlist-play-index", 1)
    wait_for(lambda: p.get("filename") == "b-tall.mp4", what="b-tall.mp4 to play")
    time.sleep(0.3)
    img = shot(p, os.path.join(tmp, "pillarbox.png"))
    left, right = row_extent(img, 240, lambda px: not black(px))
    check(left is not None and abs(left - 185) <= 1 and abs(right - 454) <= 1,
          "pillarbox: picture columns %r..%r, expected 185..454" % (left, right))
    for (x, y, pred, what) in ((250, 240, red, "red"), (390, 240, blue, "blue"), (90, 240, black, "black"),
                               (550, 240, black, "black"), (187, 2, red, "red"), (452, 477, blue, "blue")):
        px = vtplayer.pixel(img, x, y)
        check(pred(px), "pillarbox: pixel (%d,%d) is %r, expected %s" % (x, y, px, what))
    p.ipc.command("playlist-play-index", 0)
    wait_for(lambda: p.get("filename") == "a-wide.mp4", what="a-wide.mp4 to play again")


def subtitles_and_osd(p, tmp):
    p.set("pause", True)
    time.sleep(0.3)
    check(isinstance(p.get("sid"), int), "the Spanish subtitle is not selected: sid %r" % p.get("sid"))
    with_sub = shot(p, os.path.join(tmp, "sub-on.png"))
    p.set("sid", False)
    time.sleep(0.3)
    without = shot(p, os.path.join(tmp, "sub-off.png"))
    n_on = count(with_sub, white, (0, H // 2, W, H))
    n_off = count(without, white, (0, 0, W, H))
    print("subtitle: %d white pixels with it, %d without" % (n_on, n_off))
    check(n_on > 200, "the subtitle is not in the screenshot (%d white pixels)" % n_on)
    check(n_off == 0, "white pixels without a subtitle: %d" % n_off)
    n_top_diff = sum(1 for y in range(0, H // 2) for x in range(0, W, 2)
                     if vtplayer.pixel(with_sub, x, y) != vtplayer.pixel(without, x, y))
    check(n_top_diff == 0, "the subtitle changed the upper half of the screen (%d pixels)" % n_top_diff)
    # An on-screen notice (the volume) is part of the screenshot too.
    p.ipc.command("keypress", "VOLUME_DOWN")
    time.sleep(0.3)
    notice = shot(p, os.path.join(tmp, "notice.png"))
    n_diff = sum(1 for y in range(0, H, 2) for x in range(0, W, 2)
                 if vtplayer.pixel(notice, x, y) != vtplayer.pixel(without, x, y))
    n_white = count(notice, white, (0, 0, W, H))
    print("volume notice: %d pixels changed (every 4th sampled), %d white" % (n_diff, n_white))
    check(n_diff > 50 and n_white > 50, "the volume notice is not in the screenshot (%d changed, %d white)" % (
        n_diff, n_white))
    deadline = time.time() + 15
    gone = False
    while time.time() < deadline and not gone:
        time.sleep(0.5)
        later = shot(p, os.path.join(tmp, "notice-gone.png"))
        gone = count(later, white, (0, 0, W, H)) == 0
    check(gone, "the volume notice never left the screenshot")
    p.set("sid", "auto")
    p.set("pause", False)


def atomic(p, tmp):
    target = os.path.join(tmp, "atomic", "shot.png")
    os.makedirs(os.path.dirname(target))
    r = p.ipc.request("screenshot-to-file", target, timeout=30)
    with open(target, "rb") as f:
        data = f.read()
    check(r.get("error") == "success" and png_complete(data), "the PNG is not complete when the reply comes")
    # A reader polling the path while it is replaced 25 times.
    stop = threading.Event()
    seen = {"reads": 0, "partial": 0}

    def reader():
        while not stop.is_set():
            try:
                with open(target, "rb") as f:
                    d = f.read()
            except FileNotFoundError:
                seen["partial"] += 1  # it must never vanish either
                continue
            seen["reads"] += 1
            if not png_complete(d):
                seen["partial"] += 1

    t = threading.Thread(target=reader)
    t.start()
    for _ in range(25):
        p.ipc.command("screenshot-to-file", target, timeout=30)
    stop.set()
    t.join()
    print("reader: %d reads while the file was replaced 25 times" % seen["reads"])
    check(seen["reads"] > 25 and seen["partial"] == 0,
          "a reader saw %d partial/missing files in %d reads" % (seen["partial"], seen["reads"]))
    check(os.listdir(os.path.dirname(target)) == ["shot.png"], "left in the folder: %r" % os.listdir(
        os.path.dirname(target)))
    # Three clients at once.
    results = {}

    def one(k):
        c = vtplayer.Client(p.sock)
        results[k] = c.request("screenshot-to-file", os.path.join(tmp, "atomic", "c%d.png" % k), timeout=30)
        c.close()

    ts = [threading.Thread(target=one, args=(k,)) for k in range(3)]
    for x in ts:
        x.start()
    for x in ts:
        x.join(40)
    for k in range(3):
        path = os.path.join(tmp, "atomic", "c%d.png" % k)
        ok = results.get(k, {}).get("error") == "success" and os.path.exists(path)
        check(ok and vtipc.png_file_complete(path), "concurrent screenshot %d: %r" % (k, results.get(k)))
    # The target is a folder: the temp file is written, the rename fails,
    # and the temp file must not be left behind.
    sub = os.path.join(tmp, "atomic", "a-folder")
    os.makedirs(sub)
    before = sorted(os.listdir(os.path.join(tmp, "atomic")))
    r = p.ipc.request("screenshot-to-file", sub, timeout=30)
    check(r.get("error") == "error running command", "screenshot onto a folder: %r" % r)
    check(sorted(os.listdir(os.path.join(tmp, "atomic"))) == before and os.listdir(sub) == [],
          "left behind by a failed screenshot: %r" % sorted(set(os.listdir(os.path.join(tmp, "atomic"))) - set(before)))
    # A folder the player may not write to (not checkable as root).
    ro = os.path.join(tmp, "readonly")
    os.makedirs(ro)
    os.chmod(ro, 0o555)
    if os.access(ro, os.W_OK):
        print("running as root: the read-only folder case is not checked")
    else:
        r = p.ipc.request("screenshot-to-file", os.path.join(ro, "x.png"), timeout=30)
        check(r.get("error") == "error running command", "screenshot into a read-only folder: %r" % r)
        check(os.listdir(ro) == [], "left in the read-only folder: %r" % os.listdir(ro))
    os.chmod(ro, 0o755)


def main():
    tmp = tempfile.mkdtemp(prefix="vt-shot-")
    media = os.path.join(tmp, "media")
    os.makedirs(media)
    vtmedia.place(split_clip("ipc-split-wide.mp4", "320x180"), media, "a-wide.mp4")
    vtmedia.place(split_clip("ipc-split-tall.mp4", "180x320"), media, "b-tall.mp4")
    vtmedia.one_cue_srt(os.path.join(media, "a-wide.es.srt"), "MMMM HOLA MMMM", 30)
    vtmedia.settled(media)
    args = ["--windowed", "--size", "%dx%d" % (W, H), "--no-watch"]
    with vtplayer.Player(media, extra_args=args, languages="es", tmp=os.path.join(tmp, "player")) as p:
        wait_for(lambda: p.get("filename") == "a-wide.mp4", what="a-wide.mp4 to play")
        p.set("sid", False)  # the colour checks first, without text
        time.sleep(0.3)
        geometry(p, tmp)
        pillarbox(p, tmp)
        p.set("sid", "auto")
        subtitles_and_osd(p, tmp)
        atomic(p, tmp)
        check(p.proc.poll() is None, "the player died")
        code, _ = p.stop()
        check(code == 0, "exit code %r" % code)
    return vtcheck.verdict("files under " + tmp)


if __name__ == "__main__":
    sys.exit(main())
