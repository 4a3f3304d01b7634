#!/usr/bin/env python3
"""Every subtitle file and every media file under $VT_CORPUS plays headless
without a crash or a hang (issue 5, "Tests"; SOURCES.md's baseline).

Part 1 — subtitle files (.srt .vtt .ass .ssa .sub .sbv, and the androidx
files without an extension, named by their folder): copied as sidecars
(NAME.NNNN.EXT; .sbv as .txt, the "where it parses" case) next to a long,
still, generated clip, in groups of GROUP per clip. For each clip: every
copied file must be listed in track-list (usable or not); then, paused,
each track is selected in turn and the player seeks to the file's first
cue time (found by a rough regex), so libass renders each file at a time
it has text. Files the player cannot use must be logged with a reason.

Part 2 — media files (.mp4 .mkv .webm .ts .mts .ogg .avi .flv, the
extensionless MPEG-PS sample and the PNG reference images as stills): all
dropped into one folder and played through: each entry plays at most
PER_ITEM s (then playlist-next) or is skipped; every entry must end
(start-file/end-file) within a bounded time, every skip must carry a
reason (end-file file_error and a "skipped: … — …" log line), the files
SOURCES.md calls unplayable must be among the skips.

Both parts: the IPC answers throughout, no sanitizer report, and the
player exits 0 on quit. Reports what was skipped and why.
"""
# ctest-timeout: 900
# ctest-labels: subtitles;slow
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtcheck  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from vtcheck import check  # noqa: E402

CORPUS = vtmedia.CORPUS
SUB_EXT = {".srt": "srt", ".vtt": "vtt", ".ass": "ass", ".ssa": "ssa", ".sub": "sub", ".sbv": "txt"}
BARE_DIRS = {"androidx-media/media/subrip": "srt", "androidx-media/media/ssa": "ssa",
             "androidx-media/media/webvtt": "vtt"}
MEDIA_EXT = {".mp4", ".mkv", ".webm", ".ts", ".mts", ".ogg", ".avi", ".flv", ".png"}
BARE_MEDIA = {"androidx-media/media/ts/sample_with_junk"}
MUST_SKIP = {"sample_malformed_free_box.mp4", "pymediainfo__tests__data__sample.mkv"}
GROUP = 60
CLIP_SECONDS = 7400  # the latest first cue in the corpus is at 2:00:04
PER_ITEM = 0.8
W, H = 640, 360
SW, SH = 320, 180  # part 1: every track is screenshotted (small is quick)


def collect():
    subs, media = [], []
    for root, dirs, files in os.walk(CORPUS):
        dirs.sort()
        rel_root = os.path.relpath(root, CORPUS)
        for f in sorted(files):
            rel = os.path.normpath(os.path.join(rel_root, f))
            ext = os.path.splitext(f)[1].lower()
            if ext in SUB_EXT:
                subs.append((rel, SUB_EXT[ext]))
            elif "." not in f and rel_root in BARE_DIRS:
                subs.append((rel, BARE_DIRS[rel_root]))
            elif ext in MEDIA_EXT or rel in BARE_MEDIA:
                media.append(rel)
    return subs, media


T1 = r"(?:(\d+):)?(\d{1,2}):(\d\d)(?:[.,](\d+))?"
TS = re.compile(T1 + r"\s*-->\s*" + T1 + r"|Dialogue:[^,]*,(\d+):(\d\d):(\d\d)\.(\d+),(\d+):(\d\d):(\d\d)\.(\d+)|"
                r"^\{(\d+)\}\{(\d+)\}", re.M)


def _t(h, m, s, frac):
    frac = frac or "0"
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(frac) / 10 ** len(frac)


def first_cue(path):
    """Middle of the first cue in seconds (rough; 1.0 when nothing is
    recognised)."""
    raw = open(path, "rb").read()
    for enc in ("utf-8", "utf-16"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
    m = TS.search(text)
    if not m:
        return 1.0
    g = m.groups()
    if g[1] is not None:
        a, b = _t(*g[0:4]), _t(*g[4:8])
    elif g[8] is not None:
        a, b = _t(*g[8:12]), _t(*g[12:16])
    else:
        a, b = int(g[16]) / 23.976, int(g[17]) / 23.976
    return (a + b) / 2 if b > a else a


def alive(p, what):
    if p.proc.poll() is not None:
        raise RuntimeError("the player died (%s) with status %s" % (what, p.proc.returncode))


def part_subtitles(tmp, subs):
    media = os.path.join(tmp, "subs-media")
    os.makedirs(media)
    clip = vtmedia.clip("corpus-still-7400s.mp4", "h264", None, seconds=CLIP_SECONDS, size="160x90", rate=5,
                        color="gray", extra_v=["-g", "50"])
    groups = [subs[i:i + GROUP] for i in range(0, len(subs), GROUP)]
    placed = {}
    for gi, group in enumerate(groups):
        stem = "g%03d" % gi
        vtmedia.place(clip, media, stem + ".mp4")
        for k, (rel, ext) in enumerate(group):
            name = "%s.%04d.%s" % (stem, k, ext)
            shutil.copyfile(os.path.join(CORPUS, rel), os.path.join(media, name))
            placed[name] = rel
    args = ["--windowed", "--size", "%dx%d" % (SW, SH), "--no-watch", "--no-audio", "--subtitle-default-lang", "es"]
    t0 = time.time()
    selected = unusable = drawn = 0
    with vtplayer.Player(media, extra_args=args, languages="es", tmp=os.path.join(tmp, "p-subs")) as p:
        playlist = [e["filename"] for e in p.get("playlist")]
        check(len(playlist) == len(groups), "sidecar clips in the playlist: %d of %d" % (len(playlist), len(groups)))
        for gi in range(len(groups)):
            video = "g%03d.mp4" % gi
            p.ipc.command("playlist-play-index", playlist.index(video))
            vtplayer.wait_playing(p, video)
            p.set("pause", True)
            tracks = [t for t in p.get("track-list") if t["type"] == "sub"]
            names = sorted(os.path.basename(t.get("external-filename", "")) for t in tracks)
            want = sorted(n for n in placed if n.startswith(video[:-4] + "."))
            check(names == want, "%s: %d tracks for %d sidecars (missing %s)" %
                  (video, len(names), len(want), sorted(set(want) - set(names))[:5]))
            for t in tracks:
                name = os.path.basename(t["external-filename"])
                r = p.ipc.request("set_property", "sid", t["id"])
                if r.get("error") != "success":
                    unusable += 1
                    continue
                selected += 1
                at = min(max(first_cue(os.path.join(media, name)), 0.0), CLIP_SECONDS - 2)
                p.ipc.command("seek", at, "absolute")
                # the frame covering `at` (5 fps) is shown, the overlay rendered for its time
                vtplayer.wait_until(lambda: abs(p.get("time-pos") - at) < 0.21, 20,
                                    what="%s (%s) at %.1f s" % (name, placed[name], at))
                img = vtplayer.screenshot_rgb(p, os.path.join(tmp, "shot.png"))
                did = vtplayer.find_pixels(img, lambda r, g, b: abs(r - g) > 40 or abs(g - b) > 40 or
                                           r > 200 or r < 60, (0, 0, SW, SH))[0] > 20
                drawn += did
                if not did and os.environ.get("VT_CORPUS_VERBOSE"):
                    print("   nothing drawn: %s at %.2f s" % (placed[name], at))
                alive(p, name)
            p.set("pause", False)
        log = p.log()
        p.ipc.command("quit")
        code = p.proc.wait(timeout=30)
    # one reason per file: the first group's clip may have been loaded (and
    # its sidecars read) once by itself before playlist-play-index reloads it
    reasons = sorted({ln.split("subtitle file ", 1)[1] for ln in log.splitlines() if "cannot be used:" in ln})
    print("part 1: %d subtitle files in %d groups, %d selected (%d drew something at their first cue), "
          "%d unusable (%.0f s)" % (len(placed), len(groups), selected, drawn, unusable, time.time() - t0))
    check(drawn > selected * 0.7, "only %d of %d subtitle files drew anything at their first cue" %
          (drawn, selected))
    for r in reasons:
        name = os.path.basename(r.split(" cannot be used:", 1)[0])
        print("   unusable: %-60s %s" % (placed.get(name, name), r.split(" cannot be used: ", 1)[-1]))
    check(len(reasons) == unusable, "%d unusable tracks but %d reasons logged" % (unusable, len(reasons)))
    check("AddressSanitizer" not in log and "runtime error" not in log, "sanitizer report in the log")
    check(code == 0, "part 1: exit status %s after quit" % code)


def part_media(tmp, media_files):
    folder = os.path.join(tmp, "media")
    os.makedirs(folder)
    names = {}
    for rel in media_files:
        base = os.path.basename(rel)
        name = base if base not in names else rel.replace("/", "__")
        if base == "sample.mkv" and rel.startswith("pymediainfo"):
            name = rel.replace("/", "__")
        names[name] = rel
        shutil.copyfile(os.path.join(CORPUS, rel), os.path.join(folder, name))
    args = ["--windowed", "--size", "%dx%d" % (W, H), "--no-watch", "--image-duration", "0.5",
            "--probe-timeout", "5"]
    t0 = time.time()
    ended = {}
    with vtplayer.Player(folder, extra_args=args, tmp=os.path.join(tmp, "p-media")) as p:
        total = p.get("playlist-count")
        check(total == len(names), "playlist has %d of %d media files" % (total, len(names)))
        pos = 0
        last_progress = time.time()
        while len(ended) < total:
            alive(p, "media part")
            evs = p.events[pos:]
            pos += len(evs)
            for e in evs:
                if e.get("event") == "end-file" and e.get("filename") not in ended:
                    ended[e["filename"]] = (e.get("reason"), e.get("file_error"))
                    last_progress = time.time()
            if len(ended) >= total:
                break
            try:
                cur = p.get("filename")
                tpos = p.get("time-pos")
            except vtplayer.IPCError:
                cur, tpos = None, 0
            if cur and cur not in ended and tpos >= PER_ITEM:
                p.ipc.command("playlist-next")
            if time.time() - last_progress > 20:
                check(False, "no entry ended for 20 s (playing %s at %s); ended so far: %d/%d" %
                      (cur, tpos, len(ended), total))
                break
            time.sleep(0.05)
        log = p.log()
        p.ipc.command("quit")
        code = p.proc.wait(timeout=30)
    skipped = {f: why for f, (reason, why) in ended.items() if reason == "error"}
    print("part 2: %d media files, %d ended, %d skipped (%.0f s)" % (len(names), len(ended), len(skipped),
                                                                     time.time() - t0))
    for f, why in sorted(skipped.items()):
        print("   skipped: %-60s %s" % (names.get(f, f), why))
        check(why, "%s skipped without a reason" % f)
        check(("skipped: %s" % f) in log, "%s: no 'skipped: … — reason' log line" % f)
    for f in MUST_SKIP:
        check(f in skipped, "%s plays, but it cannot (SOURCES.md)" % f)
    missing = sorted(set(names) - set(ended))
    check(not missing, "entries that never ended: %s" % missing[:10])
    check("AddressSanitizer" not in log and "runtime error" not in log, "sanitizer report in the log")
    check(code == 0, "part 2: exit status %s after quit" % code)


def main():
    if not os.path.isdir(CORPUS):
        print("no corpus at %s" % CORPUS)
        return 1
    subs, media = collect()
    print("corpus: %d subtitle files, %d media files" % (len(subs), len(media)))
    check(len(subs) > 400 and len(media) > 100, "corpus looks incomplete")
    tmp = tempfile.mkdtemp(prefix="vt-corpus-")
    with vtcheck.kept_on_failure(tmp):
        part_subtitles(tmp, subs)
        part_media(tmp, media)
    return vtcheck.verdict("files kept in " + tmp)


if __name__ == "__main__":
    sys.exit(main())
