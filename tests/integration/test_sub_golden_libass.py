#!/usr/bin/env python3
"""libass's own reference renders, rendered again THROUGH VITRINA'S OVERLAY.

For every group of ../shared/corpus/libass-tests/regression (and the
libass-compare sample), tests/tools/subtitles_golden loads the group's fonts
only (system fonts off), renders each X.ass at each reference time through
subtitles/overlay.c on a canvas of the PNG's size x `scale`, and compares
with libass compare's error level (pass: <= BAD, upstream's default).
It also renders the same frame with plain libass and a textbook float blend:
"overlay vs plain libass" must be at most GOOD for EVERY image, so the
overlay path itself is checked even where the reference fails.

Known failures (KNOWN below) are differences of Debian 12's libass 0.17.1
from the libass that made the references: plain libass fails there too.
They are reported, not failed; if one starts passing it is reported too.
Fails: any other image failing, any overlay-vs-libass error, a missing group.
"""
# ctest-timeout: 300
# ctest-labels: subtitles;golden
import os
import re
import subprocess
import sys

BUILD = os.environ.get("VITRINA_BUILD", os.getcwd())
CORPUS = os.environ.get("VT_CORPUS", os.path.join(os.path.dirname(__file__), "../../../shared/corpus"))
CACHE = os.environ.get("VT_MEDIA_CACHE") or os.path.join(BUILD, "test-media")
SUBS = os.path.join(BUILD, "tools", "subtitles_golden")
MEDIA = os.path.join(BUILD, "tools", "media_golden")

# image (group/name-time) -> why it differs with libass 0.17.1
KNOWN = {
    "faux-italics/cff-0000": "faux italics of fonts without an italic face were reworked after "
                             "0.17.1 to match VSFilter (slant/advance)",
    "faux-italics/truetype-0000": "same as cff-0000",
    "token-parsing/trimming-0000": "style-name matching with leading '*' / trailing blanks "
                                   "('***Example     ') changed after 0.17.1: wrong style chosen",
}
KNOWN["libass-compare/sub1-2500"] = ("libass compare's README sample: upstream's own run prints "
                                     "'4.919 FAIL' for this image (we measure 4.919 too)")
for t in ("0000", "2040", "2800", "3120", "4600"):
    KNOWN["karaoke/karaoke-and-runsplits-" + t] = ("advance after an italic run split differs by "
                                                   "a few pixels from newer libass")

LINE = re.compile(r"^(?P<img>\S+)\.pam: (?P<res>PASS|FAIL) level (?P<lvl>[\d.]+) ")
OVL = re.compile(r"overlay vs plain libass: level (?P<ovl>[\d.]+) ")


def groups():
    root = os.path.join(CORPUS, "libass-tests", "regression")
    out = [(g, os.path.join(root, g)) for g in sorted(os.listdir(root))
           if not g.startswith(".") and os.path.isdir(os.path.join(root, g))]
    out.append(("libass-compare", os.path.join(CORPUS, "libass-compare", "compare", "test")))
    return out


def convert_refs(name, gdir):
    """PNG references -> PAM (cached in the build tree)."""
    dst = os.path.join(CACHE, "libass-refs", name)
    os.makedirs(dst, exist_ok=True)
    n = 0
    for f in sorted(os.listdir(gdir)):
        if not re.match(r".+-\d+\.png$", f):
            continue
        pam = os.path.join(dst, f[:-4] + ".pam")
        src = os.path.join(gdir, f)
        if not os.path.exists(pam) or os.path.getmtime(pam) < os.path.getmtime(src):
            subprocess.run([MEDIA, "png2pam", src, pam + ".tmp"], check=True)
            os.replace(pam + ".tmp", pam)
        n += 1
    return dst, n


def main():
    for tool in (SUBS, MEDIA):
        if not os.access(tool, os.X_OK):
            print("missing test tool %s (build the subtitles_golden and media_golden targets)" % tool)
            return 1
    problems, summary, seen_known = [], [], set()
    for name, gdir in groups():
        if not os.path.isdir(gdir):
            problems.append("group %s missing from the corpus" % name)
            continue
        refdir, nrefs = convert_refs(name, gdir)
        scale = "1x1"
        if os.path.exists(os.path.join(gdir, "scale")):
            scale = open(os.path.join(gdir, "scale")).read().strip()
        r = subprocess.run([SUBS, "libass", gdir, refdir, "--scale", scale],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=240)
        passed = known = 0
        parsed = 0
        for line in r.stdout.splitlines():
            m = LINE.match(line)
            if not m:
                continue
            parsed += 1
            key = "%s/%s" % (name, m.group("img"))
            mo = OVL.search(line)
            ovl = mo.group("ovl") if mo else None
            if ovl is None or float(ovl) >= 2.0:
                problems.append("%s: overlay differs from plain libass (%s)" % (key, line))
            if m.group("res") == "PASS":
                passed += 1
                if key in KNOWN:
                    print("note: %s now passes (newer libass?)" % key)
            elif key in KNOWN:
                known += 1
                seen_known.add(key)
            else:
                problems.append("%s: %s" % (key, line))
        if parsed != nrefs:
            problems.append("%s: %d of %d images rendered (exit %d)\n%s" % (name, parsed, nrefs,
                            r.returncode, r.stderr[-1500:]))
        summary.append("%-22s %2d/%2d pass%s" % (name, passed, nrefs,
                                                 ", %d known differences (see below)" % known if known else ""))
    print("libass reference renders through the overlay (libass %s):" % libass_version())
    for s in summary:
        print("  " + s)
    for k in sorted(seen_known):
        print("  known: %s — %s" % (k, KNOWN[k]))
    if problems:
        print("FAILURES:")
        for p in problems:
            print("  " + p)
        return 1
    return 0


def libass_version():
    r = subprocess.run(["pkg-config", "--modversion", "libass"], stdout=subprocess.PIPE, text=True)
    return r.stdout.strip() or "?"


if __name__ == "__main__":
    sys.exit(main())
