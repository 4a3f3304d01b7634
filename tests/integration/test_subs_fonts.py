#!/usr/bin/env python3
"""Fonts attached to a Matroska file are used (issue 5, "Fonts").

font.mkv carries an ASS track styled "Pixel Operator Mono" and that font as
an attachment (libass-compare's font1.ttf, not installed on the system);
nofont.mkv is the same file without the attachment (played by a second,
fresh player: an attached font stays available to later files). Paused in
the cue:
  - font.mkv's screenshot equals the overlay tool's render of the same ASS
    events with ONLY that font available (same glyphs, same place);
  - nofont.mkv's screenshot is clearly different (fallback font);
  - the log says the attachment was added and libass selected it.
Then both files loop a few times: the attachment is added to libass once,
not once per playback (a looping appliance must not grow).
"""
# ctest-timeout: 180
# ctest-labels: subtitles
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
import test_sub_golden_ours as golden  # noqa: E402  (tool paths)
import vtcheck  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
import vtsubs  # noqa: E402
from vtcheck import check  # noqa: E402
from vtmedia import ff  # noqa: E402

W, H = 640, 360
T = 1.5
FONT = os.path.join(vtmedia.CORPUS, "libass-compare/compare/test/font1.ttf")
FAMILY = "Pixel Operator Mono"
TEXT = "Fuente adjunta 1234 (Vitrina)"  # characters the font has


def shot(p, tmp, playlist, name):
    vtsubs.pause_at(p, playlist, name, T)
    check(p.get("sid") == 1, "%s: the ASS track is not selected" % name)
    img = vtplayer.screenshot_rgb(p, os.path.join(tmp, name + ".png"))
    p.set("pause", False)
    return img


def main():
    if not vtsubs.tools_present((golden.SUBS, golden.MEDIA)):
        return 1
    tmp = tempfile.mkdtemp(prefix="vt-subs-fonts-")
    media = os.path.join(tmp, "media")
    os.makedirs(media)
    ass = vtmedia.write_text(tmp, "sub.ass", vtmedia.ass_text([(0.2, 3.8, TEXT)], font=FAMILY, size=36,
                                                              colour="&H00FFFFFF", alignment=5))
    video = ["-f", "lavfi", "-i", "color=c=black:s=%dx%d:r=25:d=4" % (W, H), "-i", ass]
    enc = ["-map", "0:v", "-map", "1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
           "-g", "5", "-c:s", "ass", "-metadata:s:s:0", "language=spa"]
    ff(video + enc + ["-attach", FONT, "-metadata:s:t:0", "mimetype=application/x-truetype-font",
                      os.path.join(media, "font.mkv")])
    ff(video + enc + [os.path.join(media, "nofont.mkv")])
    solo = os.path.join(tmp, "solo")
    os.makedirs(solo)
    shutil.copyfile(os.path.join(media, "nofont.mkv"), os.path.join(solo, "nofont.mkv"))
    # the overlay tool's render with only the attached font
    fonts = os.path.join(tmp, "fonts")
    os.makedirs(fonts)
    shutil.copyfile(FONT, os.path.join(fonts, "font1.ttf"))
    dump, pam, png = (os.path.join(tmp, x) for x in ("sub.dump", "sub.pam", "tool.png"))
    for args in ([golden.MEDIA, "subfile", ass, dump],
                 [golden.SUBS, "render", "--fonts", fonts, "--events", dump, "--size", "%dx%d" % (W, H),
                  "--time", str(int(T * 1000)), "--out", pam],
                 [golden.MEDIA, "pam2png", pam, png]):
        r = vtsubs.run(args)
        if r.returncode != 0:
            print("%s failed: %s" % (args[1], r.stderr))
            return 1
    ref = vtsubs.over_black(vtplayer.png_rgba(png))
    with vtcheck.kept_on_failure(tmp):
        args = ["--windowed", "--size", "%dx%d" % (W, H), "--no-watch", "--no-audio"]
        with vtplayer.Player(media, extra_args=args, languages="es", tmp=os.path.join(tmp, "p")) as p:
            playlist = [e["filename"] for e in p.get("playlist")]
            shots = {"font.mkv": shot(p, tmp, playlist, "font.mkv")}
            worst, nd = vtplayer.image_diff(shots["font.mkv"], ref, tol=2)
            lit = vtplayer.find_pixels(shots["font.mkv"], lambda r, g, b: r > 128)[0]
            print("font.mkv   vs the tool's render with only %s: max diff %d, %d px differ (%d px lit)"
                  % (FAMILY, worst, nd, lit))
            check(lit > 300, "font.mkv: no text on screen")
            check(worst <= 8 and nd < 0.005 * W * H, "font.mkv: not drawn with the attached font")
            with vtplayer.Player(solo, extra_args=args, languages="es", tmp=os.path.join(tmp, "p2")) as p2:
                shots["nofont.mkv"] = shot(p2, tmp, ["nofont.mkv"], "nofont.mkv")
            worst, nd2 = vtplayer.image_diff(shots["nofont.mkv"], ref, tol=2)
            print("nofont.mkv vs the same: max diff %d, %d px differ" % (worst, nd2))
            check(nd2 > 20 * max(nd, 50), "nofont.mkv: looks like the attached font without it")
            # play both files a few more times (each playback hands the
            # attachment over again)
            for _ in range(3):
                for name in ("font.mkv", "nofont.mkv"):
                    p.ipc.command("playlist-play-index", playlist.index(name))
                    vtplayer.wait_playing(p, name)
                    vtplayer.wait_until(lambda: p.get("time-pos") > 0.3, 10, what="%s to play" % name)
            log = p.log()
            added = [ln for ln in log.splitlines() if "added font" in ln]
            selected = [ln for ln in log.splitlines() if "fontselect" in ln and FAMILY in ln]
            print("log: %d 'added font' line(s); libass: %s" % (len(added), selected[:1]))
            check(len(added) == 1, "the attachment was added %d times (expected once)" % len(added))
            check(any("font1" in ln or "PixelOperator" in ln.replace(" ", "") for ln in selected),
                  "libass did not select the attached font: %s" % selected)
            code, _ = p.stop()
            check(code == 0, "exit code %s" % code)
    return vtcheck.verdict("files kept in " + tmp)


if __name__ == "__main__":
    sys.exit(main())
