#!/usr/bin/env python3
"""Subtitle character sets through the real player (issue 5, "Text handling").

Each case is a sidecar in some encoding next to a solid-grey video, and a
reference: the same text decoded here by Python with the known encoding and
written as UTF-8, next to an identical video. Paused inside the first cue,
the player's screenshot of the case must equal the screenshot of its
reference (same pixels = same characters; a wrong decoding draws other
glyphs or nothing) and must show text.

Cases: a Spanish line in cp1252 (what FFmpeg alone drops entirely) as a
sidecar and as a Matroska SubRip track (copied bytes), UTF-16
LE/BE with BOM and UTF-8 with BOM, generated here; the corpus's UTF-16
SubRip/SSA files (androidx, go-astisub) and JuvoPlayer's legacy code-page
files. Auto-detecting 1250 vs 1252 vs 1257 from nine short lines is
genuinely ambiguous, so for JuvoPlayer only the files this player decodes
correctly today are asserted (a regression guard, listed in DETECTED);
the others are reported.

A control proves the comparison discriminates: the same Spanish line
without accents must NOT match the accented reference.
"""
# ctest-timeout: 240
# ctest-labels: subtitles
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtcheck  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
import vtsubs  # noqa: E402
from vtcheck import check  # noqa: E402

W, H = 640, 360
CORPUS = vtmedia.CORPUS
JUVO = "juvoplayer/JuvoPlayer.Tests/res/subtitles/media_player_subs_%s.srt"
# JuvoPlayer files the player must decode right (the rest is reported).
# (uchardet 0.0.7 names no encoding at all for the other single-byte
# files, so they get the configured code page, cp1252; it takes the Hebrew
# one for ISO-8859-7.) A second player with subtitle-codepage=cp1251 must
# decode the Cyrillic one.
DETECTED = {"windows-1252", "windows-1256", "big5", "gb2312", "cp-949", "utf8"}
JUVO_ENC = {"windows-1250": "cp1250", "windows-1251": "cp1251", "windows-1252": "cp1252",
            "windows-1253": "cp1253", "windows-1254": "cp1254", "windows-1255": "cp1255",
            "windows-1256": "cp1256", "windows-1257": "cp1257", "windows-1258": "cp1258",
            "windows-874": "cp874", "big5": "big5", "gb2312": "gb2312", "cp-949": "cp949", "utf8": "utf-8"}

SPANISH = "¿Dónde está la señora Núñez?\nÉl llegó ayer — ¡qué alegría!"
SPANISH_PLAIN = "Donde esta la senora Nunez?\nEl llego ayer - que alegria!"


def first_cue_time(text):
    """Middle of the first cue of a SubRip/WebVTT/SSA text (seconds)."""
    m = re.search(r"(\d+):(\d\d):(\d\d)[,.](\d+)\s*-->\s*(\d+):(\d\d):(\d\d)[,.](\d+)", text)
    if m:
        g = [int(x) for x in m.groups()]
        a = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 10 ** len(m.group(4))
        b = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 10 ** len(m.group(8))
        return (a + b) / 2
    m = re.search(r"Dialogue:[^,]*,(\d+):(\d\d):(\d\d)\.(\d+),(\d+):(\d\d):(\d\d)\.(\d+)", text)
    g = [int(x) for x in m.groups()]
    a = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 100
    b = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 100
    return (a + b) / 2


def shot(p, tmp, stem, t, ext=".mp4"):
    """Play stem+ext, pause at t (inside a cue) and take a screenshot."""
    vtsubs.pause_at(p, vtplayer.playlist_names(p), stem + ext, t, stem)
    sid = p.get("sid")
    img = vtplayer.screenshot_rgb(p, os.path.join(tmp, stem + ".png"))
    p.set("pause", False)
    return img, sid


def cases():
    """[(name, raw bytes, extension, reference UTF-8 text, must_match)]"""
    out = []
    cue = lambda t: vtmedia.srt_text([(0.2, 9.0, t)])  # noqa: E731
    out.append(("es-cp1252", cue(SPANISH).encode("cp1252"), "srt", cue(SPANISH), True))
    out.append(("es-utf16le", b"\xff\xfe" + cue(SPANISH).encode("utf-16-le"), "srt", cue(SPANISH), True))
    out.append(("es-utf16be", b"\xfe\xff" + cue(SPANISH).encode("utf-16-be"), "srt", cue(SPANISH), True))
    out.append(("es-utf8bom", b"\xef\xbb\xbf" + cue(SPANISH).encode("utf-8"), "srt", cue(SPANISH), True))
    out.append(("kiche-utf8", cue("Kʼicheʼ: Maltyoxʼ chawe").encode("utf-8"), "srt",
                cue("Kʼicheʼ: Maltyoxʼ chawe"), True))
    for rel, ext, enc in [("androidx-media/media/subrip/typical_utf16le", "srt", "utf-16"),
                          ("androidx-media/media/subrip/typical_utf16be", "srt", "utf-16"),
                          ("androidx-media/media/subrip/typical_with_byte_order_mark", "srt", "utf-8-sig"),
                          ("androidx-media/media/ssa/typical_utf16le", "ssa", "utf-16"),
                          ("androidx-media/media/ssa/typical_utf16be", "ssa", "utf-16"),
                          ("go-astisub/testdata/example-in-non-utf8.srt", "srt", "utf-16"),
                          ("go-astisub/testdata/example-in-non-utf8.vtt", "vtt", "utf-16")]:
        raw = open(os.path.join(CORPUS, rel), "rb").read()
        out.append((rel.split("/")[-1].replace(".", "-"), raw, ext, raw.decode(enc), True))
    for name, enc in JUVO_ENC.items():
        raw = open(os.path.join(CORPUS, JUVO % name), "rb").read()
        out.append(("juvo-" + name, raw, "srt", raw.decode(enc), name in DETECTED))
    return out


def main():
    tmp = tempfile.mkdtemp(prefix="vt-subs-charset-")
    media = os.path.join(tmp, "media")
    # (long: some corpus files start their cues after two minutes)
    clip = vtmedia.clip("subs-gray-300s-noaudio.mp4", "h264", None, seconds=300, size="%dx%d" % (W, H),
                        rate=10, color="gray")
    table = cases()
    pairs = []
    for i, (name, raw, ext, ref, must) in enumerate(table):
        c, r = "c%02d" % i, "r%02d" % i
        vtmedia.place(clip, media, c + ".mp4")
        vtmedia.place(clip, media, r + ".mp4")
        with open(os.path.join(media, "%s.%s" % (c, ext)), "wb") as f:
            f.write(raw)
        vtmedia.write_text(media, "%s.%s" % (r, ext), ref)
        pairs.append((name, c, r, first_cue_time(ref), must))
    # embedded: a cp1252 SubRip track copied into Matroska (FFmpeg alone
    # drops every cue: "Invalid UTF-8"); reference: the same track in UTF-8
    raw = os.path.join(tmp, "emb-cp1252.srt")
    with open(raw, "wb") as f:
        f.write(vtmedia.srt_text([(0.2, 9.0, SPANISH)]).encode("cp1252"))
    ref = vtmedia.write_text(tmp, "emb-utf8.srt", vtmedia.srt_text([(0.2, 9.0, SPANISH)]))
    for stem, sub in (("e00", raw), ("f00", ref)):
        subprocess.run(vtmedia.FF + ["-i", clip, "-i", sub, "-map", "0", "-map", "1", "-c", "copy", "-t", "10",
                                     "-metadata:s:s:0", "language=spa", os.path.join(media, stem + ".mkv")],
                       check=True)
    # control: accents removed — must differ from the accented reference
    vtmedia.place(clip, media, "plain.mp4")
    vtmedia.write_text(media, "plain.srt", vtmedia.srt_text([(0.2, 9.0, SPANISH_PLAIN)]))
    args = ["--windowed", "--size", "%dx%d" % (W, H), "--no-watch", "--no-audio",
            "--subtitle-default-lang", "es"]
    with vtcheck.kept_on_failure(tmp):
        with vtplayer.Player(media, extra_args=args, languages="es", tmp=os.path.join(tmp, "p")) as p:
            results = []
            for name, c, r, t, must in pairs:
                ci, csid = shot(p, tmp, c, t)
                ri, rsid = shot(p, tmp, r, t)
                worst, ndiff = vtplayer.image_diff(ci, ri)
                nref = vtplayer.find_pixels(ri, vtsubs.white)[0]
                same = ndiff == 0
                results.append((name, same, worst, ndiff))
                print("%-34s t=%6.2f  %s  (max diff %3d, %5d px differ; reference %d text px)"
                      % (name, t, "same as reference" if same else "DIFFERENT        ", worst, ndiff, nref))
                check(nref > 50 and rsid, "%s: the UTF-8 reference shows no text" % name)
                if must:
                    check(csid, "%s: no subtitle track selected" % name)
                    check(same, "%s: rendered differently from its UTF-8 reference (%d px)" % (name, ndiff))
            # the embedded cp1252 track
            ei, esid = shot(p, tmp, "e00", 4.6, ext=".mkv")
            fi, _ = shot(p, tmp, "f00", 4.6, ext=".mkv")
            worst, ndiff = vtplayer.image_diff(ei, fi)
            print("%-34s t=  4.60  %s  (%d px differ)" % ("embedded cp1252 (mkv)", "same as reference" if not ndiff
                                                          else "DIFFERENT        ", ndiff))
            check(esid and ndiff == 0, "embedded cp1252 track: rendered differently from its UTF-8 twin")
            # the control
            pi, _ = shot(p, tmp, "plain", pairs[0][3])
            ri, _ = shot(p, tmp, pairs[0][2], pairs[0][3])
            worst, ndiff = vtplayer.image_diff(pi, ri)
            print("%-34s %d px differ from the accented reference" % ("control (no accents)", ndiff))
            check(ndiff > 20, "control: the text without accents looks the same as the accented one")
            log = p.log()
            for line in log.splitlines():
                if " subs: " in line and ("/c" in line) and (": " in line) and "cues" not in line:
                    print("  " + line.split(" subs: ", 1)[1].replace(media + "/", ""))
            code, _ = p.stop()
            check(code == 0, "exit code %s" % code)
        # The configured code page decodes what detection cannot.
        cyr = [x for x in pairs if x[0] == "juvo-windows-1251"][0]
        with vtplayer.Player(media, extra_args=args + ["--subtitle-codepage", "cp1251"], languages="es",
                             tmp=os.path.join(tmp, "p2")) as p:
            ci, _ = shot(p, tmp, cyr[1], cyr[3])
            ri, _ = shot(p, tmp, cyr[2], cyr[3])
            worst, ndiff = vtplayer.image_diff(ci, ri)
            print("%-34s %s with subtitle-codepage=cp1251" % (cyr[0], "same as reference" if not ndiff else
                                                               "DIFFERENT (%d px)" % ndiff))
            check(ndiff == 0, "juvo-windows-1251 with subtitle-codepage=cp1251 differs from its reference")
    return vtcheck.verdict("files kept in " + tmp)


if __name__ == "__main__":
    sys.exit(main())
