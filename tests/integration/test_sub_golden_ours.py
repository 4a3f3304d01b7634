#!/usr/bin/env python3
"""Vitrina's own subtitle goldens: complex scripts and legacy code pages,
through the whole text-subtitle path the player uses for a sidecar:

  bytes --subtitles/charset--> UTF-8 --media/subdec (FFmpeg)--> ASS events
        --subtitles/subtrack + substyle (TV style)--> overlay --> pixels

compared with committed PNGs in tests/golden/ (subtitles_golden compare:
max channel difference <= 8 and < 0.5 % of pixels differing).
Fonts: fontconfig, as on the appliance (its per-script fallback is what
finds Noto Sans Arabic / Devanagari for text styled "Noto Sans"), but pinned
by FONTCONFIG_FILE to a private configuration whose only font directory
holds three of Debian's Noto fonts (/usr/share/fonts/truetype/noto), so the
goldens do not depend on what else is installed.

Regenerate the goldens (after checking the new renders by eye!):
    python3 tests/integration/test_sub_golden_ours.py --update
with VITRINA_BUILD pointing at a build tree (default: ./build).
"""
# ctest-timeout: 120
# ctest-labels: subtitles;golden
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from vtsubs import fontconf, fonts_present, run, tools_present  # noqa: E402

SRC = os.environ.get("VITRINA_SRC", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
BUILD = os.environ.get("VITRINA_BUILD", os.path.join(SRC, "build"))
SUBS = os.path.join(BUILD, "tools", "subtitles_golden")
MEDIA = os.path.join(BUILD, "tools", "media_golden")
GOLDEN = os.path.join(SRC, "tests", "golden")
NOTO = "/usr/share/fonts/truetype/noto"
FONTS = ["NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoSansDevanagari-Regular.ttf"]


def srt(lines):
    return "1\n00:00:01,000 --> 00:00:04,000\n" + "\n".join(lines) + "\n\n"


# name: (file bytes, file name, expected UTF-8 text after charset, render options)
CASES = {
    "arabic": (srt(["مرحبا بكم في الملجأ", "نحن هنا لمساعدتكم"]).encode("utf-8"),
               "ar.srt", "مرحبا بكم في الملجأ", []),
    "devanagari": (srt(["नमस्ते, आपका स्वागत है", "हम आपकी मदद के लिए यहाँ हैं"]).encode("utf-8"),
                   "hi.srt", "आपका स्वागत", []),
    "spanish_cp1252": (srt(["¿Dónde está la señora Núñez?", "Él llegó ayer — ¡qué alegría!"])
                       .encode("cp1252"), "es.srt", "¿Dónde está la señora Núñez?", []),
    "kiche": (srt(["Kʼicheʼ: Utz awach? Maltyoxʼ chawe.", "Jasa ri abʼiʼ?"]).encode("utf-8"),
              "quc.srt", "Maltyoxʼ", []),
    # TV style with the translucent box, on a letterboxed 2.39:1 video: the
    # text may sit in the bar but stays inside the safe area.
    "box_letterbox": (srt(["Subtítulos con caja", "en la franja negra"]).encode("utf-8"),
                      "box.srt", "caja", ["--box", "--video", "0,46,640,268"]),
}


def render_case(tmp, conf, name, case):
    data, fname, expect, opts = case
    raw = os.path.join(tmp, fname)
    with open(raw, "wb") as f:
        f.write(data)
    utf8 = os.path.join(tmp, "utf8-" + fname)
    r = run([SUBS, "charset", raw, utf8])
    if r.returncode != 0:
        return None, "charset failed: " + r.stderr
    text = open(utf8, encoding="utf-8").read()
    if expect not in text:
        return None, "charset output lacks %r (%s)" % (expect, r.stderr.strip())
    dump = os.path.join(tmp, name + ".dump")
    r = run([MEDIA, "subfile", utf8, dump])
    if r.returncode != 0:
        return None, "subfile failed: " + r.stderr
    out = os.path.join(tmp, name + ".pam")
    env = dict(os.environ, FONTCONFIG_FILE=conf)
    r = run([SUBS, "render", "--system-fonts", "--events", dump, "--size", "640x360",
             "--time", "1500", "--out", out] + opts, env=env)
    if r.returncode != 0:
        return None, "render failed: " + r.stderr
    if "content 0,0 0x0" in r.stderr:
        return None, "nothing rendered"
    return out, r.stderr.strip()


def main():
    update = "--update" in sys.argv[1:]
    if not tools_present((SUBS, MEDIA)) or not fonts_present(NOTO, FONTS, "fonts-noto-core"):
        return 1
    failures = []
    with tempfile.TemporaryDirectory(prefix="vt-golden-") as tmp:
        conf = fontconf(tmp, "fonts", [os.path.join(NOTO, f) for f in FONTS])
        for name, case in CASES.items():
            out, info = render_case(tmp, conf, name, case)
            golden = os.path.join(GOLDEN, "subs_%s.png" % name)
            if out is None:
                failures.append("%s: %s" % (name, info))
                continue
            if update:
                r = run([MEDIA, "pam2png", out, golden])
                print("%s: %s -> %s" % (name, "written" if r.returncode == 0 else r.stderr, golden))
                continue
            if not os.path.exists(golden):
                failures.append("%s: no golden %s (run with --update)" % (name, golden))
                continue
            ref = os.path.join(tmp, name + ".ref.pam")
            r = run([MEDIA, "png2pam", golden, ref])
            c = run([SUBS, "compare", ref, out]) if r.returncode == 0 else r
            print("%-15s %s  [%s]" % (name, c.stdout.strip() or c.stderr.strip(), info))
            if c.returncode != 0:
                keep = os.path.join(BUILD, "test-media", "golden-failed")
                os.makedirs(keep, exist_ok=True)
                run([MEDIA, "pam2png", out, os.path.join(keep, "subs_%s.png" % name)])
                failures.append("%s: differs from %s (render kept in %s)" % (name, golden, keep))
    if failures:
        print("FAILURES:\n  " + "\n  ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
