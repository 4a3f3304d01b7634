#!/usr/bin/env python3
"""Subtitle styles on the real player (issue 5, "Text handling: Styles").

Three videos: a 16:9 one with a SubRip sidecar, the same with an ASS
sidecar whose own style is red text at the top (\\an8 style alignment), and
a letterboxed 2.39:1 one with the SubRip sidecar. Each is shown paused in
its cue by players started with different options, and measured on the
screenshot (640x360):

  default        SubRip: white text at the bottom, line height ≈ 5.5 % of
                 the screen, bottom edge inside the 5 % safe area; ASS: red
                 at the top (keeps its styling); letterbox: same text height
                 as on the 16:9 video (relative to the screen, not the video)
  force          the ASS file gets the TV style: white at the bottom, no red
  box            dark translucent box behind the text (many more dark pixels)
  scale 11       text twice as tall as the default
  safe-area 15   text bottom edge at least 8 % of the height higher
"""
# ctest-timeout: 180
# ctest-labels: subtitles
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtcheck  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
import vtsubs  # noqa: E402
from vtcheck import check  # noqa: E402
from vtsubs import red, white  # noqa: E402

W, H = 640, 360
T = 2.0
TEXT = "Subtítulos para la televisión"


def dark(r, g, b):
    return r < 75 and g < 75 and b < 75


def light(r, g, b):
    return r > 170 and g > 170 and b > 170


def measure(img, pic_box):
    """White/red/dark pixel counts; boxes of light (text body incl. its
    anti-aliased edge) and red pixels. Dark pixels are counted in the
    picture only (the letterbox bars are black anyway)."""
    nw = vtplayer.find_pixels(img, white)[0]
    bw = vtplayer.find_pixels(img, light)[1]
    nr, br = vtplayer.find_pixels(img, red)
    nd, _ = vtplayer.find_pixels(img, dark, pic_box)
    return {"white": nw, "wbox": bw, "red": nr, "rbox": br, "dark": nd}


def run(media, tmp, name, extra):
    out = {}
    args = ["--windowed", "--size", "%dx%d" % (W, H), "--no-watch", "--no-audio"] + extra
    with vtplayer.Player(media, extra_args=args, languages="es", tmp=os.path.join(tmp, name)) as p:
        playlist = [e["filename"] for e in p.get("playlist")]
        for video in ("srt.mp4", "ass.mp4", "wide.mp4"):
            vtsubs.pause_at(p, playlist, video, T)
            check(p.get("sid") == 1, "%s/%s: subtitles not selected" % (name, video))
            img = vtplayer.screenshot_rgb(p, os.path.join(tmp, "%s-%s.png" % (name, video)))
            pic = (0, 46, W, 314) if video == "wide.mp4" else (0, 0, W, H)
            out[video] = m = measure(img, pic)
            print("%-10s %-9s white %5d %-22s red %5d %-22s dark %5d" % (
                name, video, m["white"], m["wbox"], m["red"], m["rbox"], m["dark"]))
            p.set("pause", False)
        code, _ = p.stop()
        check(code == 0, "%s: exit code %s" % (name, code))
    return out


def height(m, key="wbox"):
    b = m[key]
    return b[3] - b[1] if b else 0


def main():
    tmp = tempfile.mkdtemp(prefix="vt-subs-style-")
    media = os.path.join(tmp, "media")
    gray = vtmedia.clip("subs-gray-6s-noaudio.mp4", "h264", None, seconds=6, size="%dx%d" % (W, H), color="gray")
    wide = vtmedia.clip("subs-gray-wide-6s-noaudio.mp4", "h264", None, seconds=6, size="640x268", color="gray")
    vtmedia.place(gray, media, "srt.mp4")
    vtmedia.place(gray, media, "ass.mp4")
    vtmedia.place(wide, media, "wide.mp4")
    srt = vtmedia.srt_text([(0.5, 5.5, TEXT)])
    vtmedia.write_text(media, "srt.es.srt", srt)
    vtmedia.write_text(media, "wide.es.srt", srt)
    vtmedia.write_text(media, "ass.es.ass", vtmedia.ass_text([(0.5, 5.5, TEXT)], size=32))
    with vtcheck.kept_on_failure(tmp):
        d = run(media, tmp, "default", [])
        f = run(media, tmp, "force", ["--subtitle-style", "force"])
        b = run(media, tmp, "box", ["--subtitle-style", "box"])
        s = run(media, tmp, "scale11", ["--subtitle-scale", "11"])
        a = run(media, tmp, "safe15", ["--safe-area", "15"])

        # default TV style for SubRip
        m = d["srt.mp4"]
        check(m["white"] > 200 and m["wbox"], "default: no white SubRip text")
        if m["wbox"]:
            h = height(m)
            check(0.035 * H <= h <= 0.09 * H, "default: text height %d px, expected ~5.5 %% of %d" % (h, H))
            check(m["wbox"][1] > H * 0.75, "default: text not at the bottom: %s" % (m["wbox"],))
            check(m["wbox"][3] <= H * 0.95 + 1, "default: text outside the 5 %% safe area: %s" % (m["wbox"],))
            cx = (m["wbox"][0] + m["wbox"][2]) / 2
            check(abs(cx - W / 2) < 8, "default: text not centred (%.0f)" % cx)
        # ASS keeps its own style: red, top
        m = d["ass.mp4"]
        check(m["red"] > 200 and m["rbox"] and m["rbox"][3] < H * 0.3,
              "default: the ASS file lost its own style (red %d px, box %s)" % (m["red"], m["rbox"]))
        # letterbox: same size relative to the screen, inside the safe area
        mw, ms = d["wide.mp4"], d["srt.mp4"]
        if mw["wbox"] and ms["wbox"]:
            check(abs(height(mw) - height(ms)) <= 2, "letterbox: text height %d vs %d on 16:9" %
                  (height(mw), height(ms)))
            check(mw["wbox"][3] <= H * 0.95 + 1, "letterbox: text outside the safe area: %s" % (mw["wbox"],))
        # force: the ASS file in the TV style
        m = f["ass.mp4"]
        check(m["red"] < 20, "force: ASS text still red (%d px)" % m["red"])
        check(m["white"] > 200 and m["wbox"] and m["wbox"][1] > H * 0.75,
              "force: ASS text not white at the bottom (%d px, %s)" % (m["white"], m["wbox"]))
        if m["wbox"] and d["srt.mp4"]["wbox"]:
            check(abs(height(m) - height(d["srt.mp4"])) <= 3, "force: ASS text height %d, SubRip %d" %
                  (height(m), height(d["srt.mp4"])))
        check(f["srt.mp4"]["white"] == d["srt.mp4"]["white"], "force changed the SubRip rendering")
        # box: a dark box behind the text
        check(b["srt.mp4"]["dark"] > 3 * max(d["srt.mp4"]["dark"], 100),
              "box: %d dark px vs %d without" % (b["srt.mp4"]["dark"], d["srt.mp4"]["dark"]))
        check(b["ass.mp4"]["red"] > 200, "box: the ASS file lost its own style")
        # scale
        hs, hd = height(s["srt.mp4"]), height(d["srt.mp4"])
        check(hd and 1.7 <= hs / hd <= 2.3, "scale 11: text height %d vs %d by default" % (hs, hd))
        # safe area
        if a["srt.mp4"]["wbox"] and d["srt.mp4"]["wbox"]:
            lift = d["srt.mp4"]["wbox"][3] - a["srt.mp4"]["wbox"][3]
            check(lift >= 0.08 * H, "safe-area 15: text only %d px higher" % lift)
            check(a["srt.mp4"]["wbox"][3] <= H * 0.85 + 1, "safe-area 15: text bottom at %d" %
                  a["srt.mp4"]["wbox"][3])
    return vtcheck.verdict("files kept in " + tmp)


if __name__ == "__main__":
    sys.exit(main())
