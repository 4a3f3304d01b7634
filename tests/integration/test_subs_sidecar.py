#!/usr/bin/env python3
"""Sidecar subtitles on the real player (issue 5, "Sources").

Part 1 — discovery: a folder of videos, each with the sidecars staff bring
(NAME.LANG.EXT, NAME.LANG.FLAGS.EXT, NAME.EXT, subs/ and Subs/ folders,
ISO 639-1/2/3 and BCP 47 tags in any case, a dotted video name, a name that
only looks alike, a VobSub .idx/.sub pair). For each video the player's
track-list must list exactly the expected tracks (language as written,
canonical code, forced flag, file), the viewer's language (es) must pick
the Spanish track, and switching `sid` through every track must put that
track's text on screen (screenshot: white text pixels at the bottom, a
different width for each track's text).
A second player without subtitle-default-lang shows a sidecar without a
language as a track without one.

Part 2 — live: while one long video plays (the playback must not restart:
no new start-file, time-pos keeps growing), a Spanish sidecar is added (the
track appears, is selected for the viewer's language and shows), rewritten
(the new text shows), a French one appears in subs/, and the Spanish one is
removed (its track goes away and nothing stale stays on screen).
"""
# ctest-timeout: 240
# ctest-labels: subtitles
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtcheck  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from vtcheck import check  # noqa: E402
from vtsubs import white  # noqa: E402

W, H = 640, 360
ARGS = ["--windowed", "--size", "%dx%d" % (W, H), "--settle-time", "0.3"]


def text_box(img):
    """Pixels and bounding box of white subtitle text in the lower half."""
    return vtplayer.find_pixels(img, white, (0, H // 2, W, H))


def text_of(n):
    """A cue text whose rendered width grows with n."""
    return "Texto " + "M" * n


def make_folder(root):
    clip = vtmedia.clip("subs-gray-8s.mp4", "h264", "aac", seconds=8, size="%dx%d" % (W, H), color="gray")
    cue = lambda n: vtmedia.srt_text([(0.0, 8.0, text_of(n))])  # noqa: E731
    # video -> {sidecar relpath: (lang as written or None, canonical code or None, forced)}
    expect = {}
    vtmedia.place(clip, root, "talk.mp4")
    talk = {
        "talk.es.srt": ("es", "es", False, "srt", cue(1)),
        "talk.EN.vtt": ("EN", "en", False, "vtt", vtmedia.vtt_text([(0.0, 8.0, text_of(2))])),
        "talk.pt-BR.ass": ("pt-BR", "pt", False, "ass",
                           vtmedia.ass_text([(0.0, 8.0, text_of(3))], colour="&H00FFFFFF", alignment=2)),
        "talk.quc.srt": ("quc", "quc", False, "srt", cue(4)),
        "talk.mam.srt": ("mam", "mam", False, "srt", cue(5)),
        "talk.ht.srt": ("ht", "ht", False, "srt", cue(6)),
        "talk.spa.forced.srt": ("spa", "es", True, "srt", cue(7)),
        "talk.en.sdh.srt": ("en", "en", False, "srt", cue(8)),
        "talk.ES-mx.SRT": ("ES-mx", "es", False, "srt", cue(9)),
        "talk.SDH.Fr.Forced.srt": ("Fr", "fr", True, "srt", cue(10)),
        "talk.final.srt": ("fr", "fr", False, "srt", cue(11)),  # no language: subtitle-default-lang
    }
    for name, (_, _, _, _, text) in talk.items():
        vtmedia.write_text(root, name, text)
    expect["talk.mp4"] = {k: v[:4] for k, v in talk.items()}
    # the "M" count of each text sidecar (rendered width grows with it)
    expect["talk.mp4 widths"] = {k: v[4].count("M") for k, v in talk.items() if v[3] != "ass"}

    vtmedia.place(clip, root, "plain.mp4")
    vtmedia.write_text(root, "plain.srt", cue(3))
    expect["plain.mp4"] = {"plain.srt": ("fr", "fr", False, "srt")}

    vtmedia.place(clip, root, "folder.mp4")
    vtmedia.write_text(os.path.join(root, "subs"), "folder.de.srt", cue(2))
    vtmedia.write_text(os.path.join(root, "subs"), "folder.srt", cue(3))
    expect["folder.mp4"] = {"subs/folder.de.srt": ("de", "de", False, "srt"),
                            "subs/folder.srt": ("fr", "fr", False, "srt")}

    vtmedia.place(clip, root, "upper.mp4")
    vtmedia.write_text(os.path.join(root, "Subs"), "upper.ar.srt", cue(2))
    vtmedia.write_text(root, "upper.es.sub", "{0}{200}%s\n" % text_of(4))  # MicroDVD
    expect["upper.mp4"] = {"Subs/upper.ar.srt": ("ar", "ar", False, "srt"),
                           "upper.es.sub": ("es", "es", False, "sub")}

    vtmedia.place(clip, root, "my.talk.2024.mp4")
    vtmedia.write_text(root, "my.talk.2024.es.srt", cue(2))
    expect["my.talk.2024.mp4"] = {"my.talk.2024.es.srt": ("es", "es", False, "srt")}

    # Look-alikes that are not sidecars of lone.mp4, and a VobSub pair
    # (.sub next to .idx is bitmaps, not MicroDVD: not listed).
    vtmedia.place(clip, root, "lone.mp4")
    vtmedia.write_text(root, "lonely.es.srt", cue(1))
    vtmedia.write_text(root, "lone-es.srt", cue(1))
    vtmedia.write_text(os.path.join(root, "extras"), "lone.es.srt", cue(1))
    mpv = os.path.join(os.environ.get("VT_CORPUS", ""), "mpv-test-samples/test/samples")
    if os.path.exists(os.path.join(mpv, "img_sub.idx")):
        shutil.copyfile(os.path.join(mpv, "img_sub.idx"), os.path.join(root, "lone.idx"))
        shutil.copyfile(os.path.join(mpv, "img_sub.sub"), os.path.join(root, "lone.sub"))
    expect["lone.mp4"] = {}
    return expect


def sub_tracks(p):
    return [t for t in p.get("track-list") if t["type"] == "sub"]


def check_tracks(p, root, video, want):
    subs = sub_tracks(p)
    got = {}
    for t in subs:
        rel = os.path.relpath(t.get("external-filename", "?"), root)
        got[rel] = (t.get("lang"), t.get("lang-code"), t["forced"], t["codec"])
        check(t["external"], "%s: track %s not external" % (video, rel))
    for k in sorted(set(want) | set(got)):
        check(want.get(k) == got.get(k), "%s: sidecar %s expected %s, got %s" % (video, k, want.get(k), got.get(k)))
    ids = [t["id"] for t in subs]
    check(ids == list(range(1, len(subs) + 1)), "%s: sub ids %s" % (video, ids))
    return subs


def discovery(root, tmp):
    expect = make_folder(root)
    m_count = expect.pop("talk.mp4 widths")
    args = ARGS + ["--no-watch", "--subtitle-default-lang", "fr"]
    with vtplayer.Player(root, extra_args=args, languages="es", tmp=os.path.join(tmp, "p1")) as p:
        playlist = [e["filename"] for e in p.get("playlist")]
        check(sorted(playlist) == sorted(expect), "playlist %s" % playlist)
        for video in playlist:
            p.ipc.command("playlist-play-index", playlist.index(video))
            vtplayer.wait_playing(p, video)
            subs = check_tracks(p, root, video, expect.get(video, {}))
            if video != "talk.mp4":
                continue
            # The viewer's language (es) picks a Spanish track (not the forced one).
            sid = p.get("sid")
            chosen = [t for t in subs if t["id"] == sid]
            check(chosen and chosen[0].get("lang-code") == "es" and not chosen[0]["forced"],
                  "talk.mp4: sid %s is not the Spanish track (%s)" % (sid, chosen))
            # Every track renders, each with its own text (a wider one each).
            p.set("pause", True)
            widths = {}
            for t in subs:
                p.set("sid", t["id"])
                check(p.get("sid") == t["id"], "sid %d not selected" % t["id"])
                img = vtplayer.screenshot_rgb(p, os.path.join(tmp, "talk-%d.png" % t["id"]))
                n, box = text_box(img)
                rel = os.path.relpath(t["external-filename"], root)
                if check(n > 50 and box, "talk.mp4: track %s (%s) shows no text (%d px)" % (t["id"], rel, n)):
                    widths[rel] = box[2] - box[0]
            print("text widths by track:", widths)
            check(len(set(widths.values())) == len(widths), "two tracks rendered the same width: %s" % widths)
            by_m = [widths.get(r, 0) for r in sorted(m_count, key=lambda r: m_count[r])]
            check(by_m == sorted(by_m), "text widths do not follow the texts: %s" % widths)
            p.set("sid", False)
            img = vtplayer.screenshot_rgb(p, os.path.join(tmp, "talk-off.png"))
            check(text_box(img)[0] == 0, "sid=no still shows text")
            p.set("pause", False)
        code, _ = p.stop()
        check(code == 0, "exit code %s" % code)
    # Without subtitle-default-lang a sidecar without a language has none.
    solo = os.path.join(tmp, "solo")
    os.makedirs(solo)
    shutil.copyfile(os.path.join(root, "plain.mp4"), os.path.join(solo, "plain.mp4"))
    shutil.copyfile(os.path.join(root, "plain.srt"), os.path.join(solo, "plain.srt"))
    with vtplayer.Player(solo, extra_args=ARGS + ["--no-watch"], tmp=os.path.join(tmp, "p2")) as p:
        vtplayer.wait_playing(p, "plain.mp4")
        check_tracks(p, solo, "plain.mp4 (no default lang)", {"plain.srt": (None, None, False, "srt")})


def live(root, tmp):
    os.makedirs(root)
    long_clip = vtmedia.clip("subs-gray-90s.mp4", "h264", None, seconds=90, size="%dx%d" % (W, H), color="gray")
    vtmedia.place(long_clip, root, "live.mp4")
    with vtplayer.Player(root, extra_args=ARGS, languages="es", tmp=os.path.join(tmp, "p3")) as p:
        vtplayer.wait_playing(p, "live.mp4")
        ev0 = len(p.events)
        t_start = p.get("time-pos")
        check(sub_tracks(p) == [], "live.mp4 has subtitle tracks before any sidecar")

        def shown():
            return text_box(vtplayer.screenshot_rgb(p, os.path.join(tmp, "live.png")))

        # 1. a Spanish translation arrives
        es = vtmedia.write_text(root, "live.es.srt", vtmedia.srt_text([(0, 90, text_of(2))]))
        t = vtplayer.wait_until(lambda: sub_tracks(p), 15, what="the new sidecar's track")
        check(len(t) == 1 and t[0].get("lang-code") == "es", "after adding live.es.srt: %s" % t)
        vtplayer.wait_until(lambda: p.get("sid") == 1, 5, what="the Spanish track to be selected")
        n, box1 = vtplayer.wait_until(lambda: (lambda r: r if r[0] > 50 else None)(shown()), 5,
                                      what="the added subtitles on screen")
        # 2. it is corrected (longer text)
        tmpf = es + ".part"
        vtmedia.write_text(root, os.path.basename(tmpf), vtmedia.srt_text([(0, 90, text_of(12))]))
        os.replace(tmpf, es)

        def wider():
            n2, box2 = shown()
            return box2 if n2 > 50 and box2[2] - box2[0] > (box1[2] - box1[0]) + 40 else None
        vtplayer.wait_until(wider, 15, what="the corrected subtitles on screen")
        # 3. a French one in subs/
        vtmedia.write_text(os.path.join(root, "subs"), "live.fr.srt", vtmedia.srt_text([(0, 90, "Bonjour")]))
        vtplayer.wait_until(lambda: len(sub_tracks(p)) == 2, 15, what="the subs/ sidecar's track")
        langs = sorted(x.get("lang-code") for x in sub_tracks(p))
        check(langs == ["es", "fr"], "tracks after subs/live.fr.srt: %s" % langs)
        # 4. the Spanish one is removed
        os.unlink(es)
        vtplayer.wait_until(lambda: [x.get("lang-code") for x in sub_tracks(p)] == ["fr"], 15,
                            what="the removed sidecar's track to go")
        # (Within a frame: the overlay is refreshed with the next picture.)
        def gone():
            n3, box3 = shown()
            return n3 == 0 or (box3[2] - box3[0]) < (box1[2] - box1[0])
        vtplayer.wait_until(gone, 5, what="the removed Spanish text to leave the screen")
        # All of this happened during one playback of live.mp4.
        restarted = [e for e in p.events[ev0:] if e.get("event") in ("start-file", "end-file")]
        check(not restarted, "live.mp4 restarted meanwhile: %s" % restarted)
        t_end = p.get("time-pos")
        check(t_end > t_start, "time-pos went from %.2f to %.2f" % (t_start, t_end))
        log = p.log()
        check("subtitles of live.mp4 updated" in log, "no 'subtitles … updated' log line")
        code, _ = p.stop()
        check(code == 0, "exit code %s" % code)


def main():
    tmp = tempfile.mkdtemp(prefix="vt-subs-sidecar-")
    try:
        discovery(os.path.join(tmp, "media"), tmp)
        live(os.path.join(tmp, "live"), tmp)
    finally:
        if not vtcheck.failures:
            shutil.rmtree(tmp, ignore_errors=True)
    return vtcheck.verdict("files kept in " + tmp)


if __name__ == "__main__":
    sys.exit(main())
