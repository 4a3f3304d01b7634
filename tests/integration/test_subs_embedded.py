#!/usr/bin/env python3
"""Embedded subtitle tracks on the real player (issue 5, "Sources").

Files generated here with the ffmpeg CLI:
  gen.mkv  Matroska with ASS (red, top: its own style), SubRip (es) and
           WebVTT (fr) tracks, language-tagged;
  gen.mp4  MP4 with two mov_text tracks (es, fr);
  dvb.ts   MPEG-TS with a DVB subtitle track (bitmaps, made from the corpus
           VobSub) — FFmpeg 5.1 cannot write a text track into MPEG-TS
           (its muxer stores SubRip/WebVTT/ASS as private data, which comes
           back as a data stream), so TS text (teletext) has no generated
           case here;
and the corpus's Matroska/WebM/MP4 subtitle tracks (SubRip, ASS, SSA,
WebVTT, PGS, VobSub): the androidx files' own pictures last 0.05 s, so
their subtitle streams are copied byte for byte (-c:s copy, same codec
private data) next to a 2-s generated picture (except the WebVTT one,
which FFmpeg cannot copy); mse.webm is used as it is.

For each file: the player's track-list must list the expected subtitle
tracks (codec, language) — a track FFmpeg 5.1 cannot decode (Matroska
S_TEXT/WEBVTT, codec "unknown") is listed but cannot be selected — and, for
each usable track, paused at a time where it has a cue, a screenshot with
that track selected must differ from one with subtitles off in the expected
place (bottom for the TV style and the bitmap tracks, top and red for the
ASS track that keeps its own style); three overlapping SubRip cues must
stack (three lines of text); different tracks show different text.
"""
# ctest-timeout: 240
# ctest-labels: subtitles
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtcheck  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from vtcheck import check  # noqa: E402
from vtmedia import ff  # noqa: E402
from vtsubs import red  # noqa: E402

W, H = 640, 360
AX = os.path.join(vtmedia.CORPUS, "androidx-media/media")
GST = os.path.join(vtmedia.CORPUS, "gstreamer-tests/subprojects/gst-plugins-bad/tests/files")


def make_generated(tmp, media):
    src = os.path.join(tmp, "src")
    os.makedirs(src)
    ass = vtmedia.write_text(src, "a.ass", vtmedia.ass_text([(0.2, 7.8, "ASS rouge en haut")]))
    srt = vtmedia.write_text(src, "b.srt", vtmedia.srt_text([(0.2, 7.8, "SubRip en español")]))
    vtt = vtmedia.write_text(src, "c.vtt", vtmedia.vtt_text([(0.2, 7.8, "WebVTT en français, plus long")]))
    video = ["-f", "lavfi", "-i", "color=c=gray:s=%dx%d:r=25:d=8" % (W, H)]
    x264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "5"]
    ff(video + ["-i", ass, "-i", srt, "-i", vtt, "-map", "0:v", "-map", "1", "-map", "2", "-map", "3"] + x264 +
       ["-c:s:0", "ass", "-c:s:1", "srt", "-c:s:2", "webvtt",
        "-metadata:s:s:0", "language=eng", "-metadata:s:s:1", "language=spa", "-metadata:s:s:2", "language=fre",
        os.path.join(media, "gen.mkv")])
    ff(video + ["-i", srt, "-i", vtt, "-map", "0:v", "-map", "1", "-map", "2"] + x264 +
       ["-c:s", "mov_text", "-metadata:s:s:0", "language=spa", "-metadata:s:s:1", "language=fra",
        os.path.join(media, "gen.mp4")])
    vob = os.path.join(AX, "mkv/sample_with_vobsub.mkv")
    # two VobSub tracks; the second is not selected while its screens arrive
    ff(["-f", "lavfi", "-i", "color=c=gray:s=%dx%d:r=25:d=6" % (W, H), "-i", vob, "-map", "0:v", "-map", "1:s",
        "-map", "1:s"] + x264 + ["-c:s", "copy", "-metadata:s:s:0", "language=eng", "-metadata:s:s:1",
                                 "language=spa", "-disposition:s:0", "default", "-disposition:s:1", "0",
                                 os.path.join(media, "two_bitmaps.mkv")])
    ff(["-f", "lavfi", "-i", "color=c=gray:s=%dx%d:r=25:d=3" % (W, H), "-i", vob, "-map", "0:v", "-map", "1:s"] +
       x264 + ["-c:s", "dvbsub", "-metadata:s:s:0", "language=spa", os.path.join(media, "dvb.ts")])


# file -> (time to look at, [expected sub tracks: (codec, lang-code, usable, where, extra)])
#   where: "bottom" / "top" = where the text appears; extra: "red", "3lines"
CASES = {
    "gen.mkv": (3.0, [("ass", "en", True, "top", "red"), ("subrip", "es", True, "bottom", None),
                      ("webvtt", "fr", True, "bottom", None)]),
    "gen.mp4": (3.0, [("mov_text", "es", True, "bottom", None), ("mov_text", "fr", True, "bottom", None)]),
    "two_bitmaps.mkv": (0.5, None),
    "dvb.ts": (0.4, [("dvb_subtitle", "es", True, "bottom", None)]),
    "sample_with_srt.mkv": (0.5, [("subrip", "en", True, "bottom", None)]),
    "sample_with_null_terminated_srt.mkv": (0.5, [("subrip", "en", True, "bottom", None)]),
    "sample_with_overlapping_srt.mkv": (0.22, [("subrip", None, True, "bottom", "3lines")]),
    "sample_with_ass_subtitles.mkv": (0.25, [("ass", None, True, "any", None)]),
    "sample_with_ssa_subtitles.mkv": (0.25, [("ass", None, True, "any", None)]),
    # (its header says "Format: Start, End, Text", not the block layout)
    "sample_with_overlapping_ssa_subtitles.mkv": (0.22, [("ass", None, True, "any", "3lines")]),
    "sample_with_vtt_subtitles.mkv": (0.0, [("none", None, False, None, None)]),
    "sample_with_pgs_subtitles.mkv": (0.5, [("hdmv_pgs_subtitle", "en", True, "bottom", None)]),
    "sample_with_vobsub.mkv": (0.5, [("dvd_subtitle", "en", True, "bottom", None)]),
    "sample_with_vobsub.mp4": (0.5, [("dvd_subtitle", "en", True, "bottom", None)]),
    "mse.webm": (2.0, [("webvtt", "en", True, "bottom", None)]),
}
CORPUS_FILES = {
    "sample_with_srt.mkv": "mkv/sample_with_srt.mkv",
    "sample_with_null_terminated_srt.mkv": "mkv/sample_with_null_terminated_srt.mkv",
    "sample_with_overlapping_srt.mkv": "mkv/sample_with_overlapping_srt.mkv",
    "sample_with_ass_subtitles.mkv": "mkv/sample_with_ass_subtitles.mkv",
    "sample_with_ssa_subtitles.mkv": "mkv/sample_with_ssa_subtitles.mkv",
    "sample_with_overlapping_ssa_subtitles.mkv": "mkv/sample_with_overlapping_ssa_subtitles.mkv",
    "sample_with_vtt_subtitles.mkv": "mkv/sample_with_vtt_subtitles.mkv",
    "sample_with_pgs_subtitles.mkv": "mkv/sample_with_pgs_subtitles.mkv",
    "sample_with_vobsub.mkv": "mkv/sample_with_vobsub.mkv",
    "sample_with_vobsub.mp4": "mp4/sample_with_vobsub.mp4",
}


def diff_box(a, b, thr=40):
    """Pixels that differ by more than thr in some channel: (count, bbox)."""
    w, h, ra = a
    rb = b[2]
    n = 0
    x0 = y0 = 1 << 30
    x1 = y1 = -1
    for y in range(h):
        s, e = y * w * 3, (y + 1) * w * 3
        if ra[s:e] == rb[s:e]:
            continue
        for i in range(s, e, 3):
            if abs(ra[i] - rb[i]) > thr or abs(ra[i + 1] - rb[i + 1]) > thr or abs(ra[i + 2] - rb[i + 2]) > thr:
                n += 1
                x = (i - s) // 3
                x0, x1 = min(x0, x), max(x1, x)
                y0, y1 = min(y0, y), max(y1, y)
    return n, ((x0, y0, x1 + 1, y1 + 1) if n else None)


def look(p, tmp, name, tc, want):
    p.set("pause", True)
    p.ipc.command("seek", tc, "absolute")
    # (MPEG-TS seeks land on a key frame, up to -g 5 frames = 0.2 s later)
    vtplayer.wait_until(lambda: abs(p.get("time-pos") - tc) < 0.25, 10, what="%s to seek to %.2f" % (name, tc))
    if not check(p.get("filename") == name, "%s: not playing after the seek (%s)" % (name, p.get("filename"))):
        return
    subs = [t for t in p.get("track-list") if t["type"] == "sub"]
    got = [(t["codec"], t.get("lang-code")) for t in subs]
    check(got == [(c, l) for c, l, _, _, _ in want], "%s: sub tracks %s, expected %s" % (name, got, want))
    p.set("sid", False)
    time.sleep(0.1)
    base = vtplayer.screenshot_rgb(p, os.path.join(tmp, name + "-off.png"))
    seen = []
    for t, (codec, lang, usable, where, extra) in zip(subs, want):
        r = p.ipc.request("set_property", "sid", t["id"])
        if not usable:
            check(r.get("error") != "success" and p.get("sid") is False,
                  "%s: track %d (%s) should not be selectable: %s" % (name, t["id"], codec, r))
            continue
        if not check(r.get("error") == "success", "%s: sid %d refused: %s" % (name, t["id"], r)):
            continue
        shot = os.path.join(tmp, "%s-%d.png" % (name, t["id"]))

        def visible():
            img = vtplayer.screenshot_rgb(p, shot)
            n, box = diff_box(base, img)
            return (n, box, img) if n > 80 else None
        try:
            n, box, img = vtplayer.wait_until(visible, 5, interval=0.1, what="%s track %d on screen" % (name, t["id"]))
        except vtplayer.IPCError as e:
            check(False, "%s: track %d (%s) shows nothing: %s" % (name, t["id"], codec, e))
            continue
        print("  %-42s sid %d %-18s %5d px changed, box %s" % (name, t["id"], codec, n, box))
        cy = (box[1] + box[3]) / 2
        if where == "bottom":
            check(cy > H * 0.6, "%s: track %d text not at the bottom: %s" % (name, t["id"], box))
        elif where == "top":
            check(cy < H * 0.4, "%s: track %d (own ASS style, \\an8) not at the top: %s" % (name, t["id"], box))
        if extra == "red":
            nred = vtplayer.find_pixels(img, red, box)[0]
            check(nred > 100, "%s: track %d: ASS colour not kept (%d red px)" % (name, t["id"], nred))
        if extra == "3lines":
            check(box[3] - box[1] > 50, "%s: overlapping cues not stacked: box %s" % (name, box))
        seen.append((t["id"], box))
    boxes = [b for _, b in seen]
    check(len(set(boxes)) == len(boxes), "%s: two tracks drew the same box: %s" % (name, seen))
    p.set("pause", False)


def bitmap_switch(p, tmp, name):
    """Switching to a bitmap track shows its current screen at once, though
    its screens were decoded while another track was selected."""
    subs = [t for t in p.get("track-list") if t["type"] == "sub"]
    check([(t["codec"], t.get("lang-code"), t["selected"]) for t in subs] ==
          [("dvd_subtitle", "en", True), ("dvd_subtitle", "es", False)], "%s: tracks %s" % (name, subs))
    vtplayer.wait_until(lambda: p.get("time-pos") > 0.6, 10, what="%s to play past its first screen" % name)
    p.set("pause", True)
    p.set("sid", False)
    time.sleep(0.1)
    base = vtplayer.screenshot_rgb(p, os.path.join(tmp, name + "-off.png"))
    p.set("sid", 2)
    time.sleep(0.1)
    n, box = diff_box(base, vtplayer.screenshot_rgb(p, os.path.join(tmp, name + "-2.png")))
    print("  %-42s sid 2 (was not selected)  %5d px changed, box %s" % (name, n, box))
    check(n > 1000, "%s: switching to the unselected bitmap track showed nothing (%d px)" % (name, n))
    p.set("pause", False)


def main():
    tmp = tempfile.mkdtemp(prefix="vt-subs-embedded-")
    media = os.path.join(tmp, "media")
    os.makedirs(media)
    make_generated(tmp, media)
    for name, rel in CORPUS_FILES.items():
        if name == "sample_with_vtt_subtitles.mkv":  # FFmpeg cannot copy a codec it does not know
            shutil.copyfile(os.path.join(AX, rel), os.path.join(media, name))
            continue
        ff(["-f", "lavfi", "-i", "color=c=gray:s=%dx%d:r=25:d=2" % (W, H), "-i", os.path.join(AX, rel),
            "-map", "0:v", "-map", "1:s", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-g", "5", "-c:s", "copy", os.path.join(media, name)])
    shutil.copyfile(os.path.join(GST, "mse.webm"), os.path.join(media, "mse.webm"))
    args = ["--windowed", "--size", "%dx%d" % (W, H), "--no-watch", "--no-audio"]
    with vtcheck.kept_on_failure(tmp):
        # No viewer language: tracks are chosen here, and no "not available"
        # notice comes and goes between two screenshots.
        with vtplayer.Player(media, extra_args=args, tmp=os.path.join(tmp, "p")) as p:
            playlist = [e["filename"] for e in p.get("playlist")]
            check(sorted(playlist) == sorted(CASES), "playlist %s" % playlist)
            for name in playlist:
                if name not in CASES:
                    continue
                p.ipc.command("playlist-play-index", playlist.index(name))
                vtplayer.wait_playing(p, name)
                tc, want = CASES[name]
                if want is None:
                    bitmap_switch(p, tmp, name)
                else:
                    look(p, tmp, name, tc, want)
            # (FFmpeg may complain about the corpus files themselves)
            errs = [ln for ln in p.log().splitlines()
                    if " error " in ln and any(m in ln for m in (" subs:", " overlay:", " libass:", " core:"))]
            check(not errs, "errors in the log:\n" + "\n".join(errs))
            code, _ = p.stop()
            check(code == 0, "exit code %s" % code)
    return vtcheck.verdict("files kept in " + tmp)


if __name__ == "__main__":
    sys.exit(main())
