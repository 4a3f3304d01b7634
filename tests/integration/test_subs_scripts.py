#!/usr/bin/env python3
"""Complex scripts in the real player (issue 5, "Complex scripts render
correctly"): the player-level half of tests/integration/test_sub_golden_ours.

The same sidecars as the overlay-level goldens (Arabic, Devanagari, Kʼicheʼ,
Spanish from a cp1252 file, the translucent box on a letterboxed video) are
played over a black video at 640x360 with the same pinned font set
(FONTCONFIG_FILE → a private fonts.conf with three Noto fonts); each paused
screenshot must equal the committed golden composited over black (largest
channel difference <= 8, < 0.5 % of pixels differing — the goldens'
tolerance). So the player draws exactly what the golden check approved:
joined right-to-left Arabic, shaped Devanagari, U+02BC, accents.

CJK has no committed golden: the player's render of a Chinese/Japanese/
Korean cue (Noto Sans CJK added to the pinned set) must equal the overlay
tool's render of the same file made here, libass must not report a
missing glyph, and a control player WITHOUT the CJK font must draw
something else (missing glyphs) — proving the comparison would notice.
"""
# ctest-timeout: 180
# ctest-labels: subtitles;golden
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
import test_sub_golden_ours as golden  # noqa: E402  (its CASES, fonts and tool paths)
import vtcheck  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
import vtsubs  # noqa: E402
from vtcheck import check  # noqa: E402
from vtsubs import fontconf, over_black, run  # noqa: E402

W, H = 640, 360
T = 2.5  # inside every golden cue (1-4 s), like the goldens' 1.5 s
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CJK_TEXT = ["中文：欢迎来到这里，请坐。", "日本語：ようこそ。한국어: 환영합니다"]
MAX_DIFF, MAX_SHARE = 8, 0.005


def compare(name, shot, ref):
    worst, ndiff = vtplayer.image_diff(shot, ref, tol=2)
    share = ndiff / float(W * H)
    lit = vtplayer.find_pixels(shot, lambda r, g, b: r > 128 or g > 128 or b > 128)[0]
    print("%-16s max diff %3d, %5d px (%.3f %%) differ; %d px lit" % (name, worst, ndiff, share * 100, lit))
    check(lit > 100, "%s: the player drew nothing" % name)
    return worst <= MAX_DIFF and share < MAX_SHARE


def play_shots(media, tmp, tag, conf, stems, extra=()):
    """Screenshots of stem.mp4 paused at T, by one player with FONTCONFIG_FILE=conf."""
    shots = {}
    args = ["--windowed", "--size", "%dx%d" % (W, H), "--no-watch", "--no-audio"] + list(extra)
    with vtplayer.Player(media, extra_args=args, env={"FONTCONFIG_FILE": conf},
                         tmp=os.path.join(tmp, tag)) as p:
        playlist = [e["filename"] for e in p.get("playlist")]
        for stem in stems:
            vtsubs.pause_at(p, playlist, stem + ".mp4", T, stem)
            p.set("sid", 1)
            png = os.path.join(tmp, "%s-%s.png" % (tag, stem))
            shots[stem] = vtplayer.screenshot_rgb(p, png)
            p.set("pause", False)
        log = p.log()
        code, _ = p.stop()
        check(code == 0, "%s: exit code %s" % (tag, code))
    return shots, log


def main():
    if not vtsubs.tools_present((golden.SUBS, golden.MEDIA)):
        return 1
    if not vtsubs.fonts_present(golden.NOTO, golden.FONTS, "fonts-noto-core"):
        return 1
    if not os.path.exists(CJK_FONT):
        print("missing font %s (Debian package fonts-noto-cjk)" % CJK_FONT)
        return 1
    tmp = tempfile.mkdtemp(prefix="vt-subs-scripts-")
    media = os.path.join(tmp, "media")
    black = vtmedia.clip("subs-black-6s-noaudio.mp4", "h264", None, seconds=6, size="%dx%d" % (W, H),
                         color="black")
    wide = vtmedia.clip("subs-black-wide-6s-noaudio.mp4", "h264", None, seconds=6, size="640x268",
                        color="black")
    noto = [os.path.join(golden.NOTO, f) for f in golden.FONTS]
    conf = fontconf(tmp, "fonts", noto + [CJK_FONT])
    conf_nocjk = fontconf(tmp, "fonts-nocjk", noto)
    plain, boxed = [], []
    for name, (data, fname, _expect, opts) in golden.CASES.items():
        vtmedia.place(wide if "--box" in opts else black, media, name + ".mp4")
        with open(os.path.join(media, name + ".srt"), "wb") as f:
            f.write(data)
        (boxed if "--box" in opts else plain).append(name)
    vtmedia.place(black, media, "cjk.mp4")
    cjk_srt = golden.srt(CJK_TEXT)
    vtmedia.write_text(media, "cjk.srt", cjk_srt)
    with vtcheck.kept_on_failure(tmp):
        shots, log = play_shots(media, tmp, "player", conf, plain + ["cjk"])
        bshots, blog = play_shots(media, tmp, "player-box", conf, boxed, ["--subtitle-style", "box"])
        shots.update(bshots)
        for name in plain + boxed:
            ref = over_black(vtplayer.png_rgba(os.path.join(golden.GOLDEN, "subs_%s.png" % name)))
            check(compare(name, shots[name], ref), "%s: the player's render differs from tests/golden/subs_%s.png"
                  % (name, name))
        # CJK: against the overlay tool's render of the same file
        utf8 = os.path.join(media, "cjk.srt")
        dump = os.path.join(tmp, "cjk.dump")
        pam = os.path.join(tmp, "cjk.pam")
        png = os.path.join(tmp, "cjk-tool.png")
        r = run([golden.MEDIA, "subfile", utf8, dump])
        check(r.returncode == 0, "media_golden subfile: " + r.stderr)
        r = run([golden.SUBS, "render", "--system-fonts", "--events", dump, "--size", "%dx%d" % (W, H),
                 "--time", str(int(T * 1000)), "--out", pam], env=dict(os.environ, FONTCONFIG_FILE=conf))
        check(r.returncode == 0, "subtitles_golden render: " + r.stderr)
        r = run([golden.MEDIA, "pam2png", pam, png])
        check(r.returncode == 0, "pam2png: " + r.stderr)
        ref = over_black(vtplayer.png_rgba(png))
        check(compare("cjk", shots["cjk"], ref), "cjk: the player's render differs from the overlay tool's")
        # ("Glyph … not found, selecting one more font" is the normal
        # per-script fallback; this is the real miss)
        missing = [ln for ln in (log + blog).splitlines() if "failed to find any fallback with glyph" in ln]
        check(not missing, "libass reports missing glyphs:\n" + "\n".join(missing))
        # control: without the CJK font the same cue must look different
        nshots, nlog = play_shots(media, tmp, "player-nocjk", conf_nocjk, ["cjk"])
        same = compare("cjk (no CJK font)", nshots["cjk"], ref)
        check(not same, "control: the CJK cue looks the same without a CJK font")
        check(any("failed to find any fallback with glyph" in ln for ln in nlog.splitlines()),
              "control: libass did not report the missing CJK glyphs")
    return vtcheck.verdict("files kept in " + tmp)


if __name__ == "__main__":
    sys.exit(main())
