#!/usr/bin/env python3
"""Control protocol conformance, part 2: every property of issue 3, read
(type and value) and, for the writable ones, written — with mpv's error
strings for what cannot be done.

Media: "one.mkv" (20 s, title tag, two audio tracks eng/spa, Spanish and
French sidecar subtitles), "two.mp4" (20 s) and a broken file, scanned once
(--no-watch) so the broken one is a playlist entry that fails. Checked:
- every name in property-list is covered here (a new property without a
  test fails this test);
- reads: path, filename, media-title, playlist (filename, title, current,
  failed-reason), playlist-pos/-count, pause, volume, mute, time-pos
  (advancing), duration, track-list (id, type, lang, title, external,
  selected, codec), sid, aid, language, available-languages (code + name),
  idle-active, frame-drop-count, frames-presented (rising),
  last-transition-gap-ms, hwdec-current, vitrina-version (= --version),
  vitrina-renderer, intake-pending/-rejected (unavailable without --watch);
- writes and their effects: playlist-pos, pause (time stops), volume,
  mute, time-pos (seeks), sid (by id, false, "auto"), aid (another track,
  "no"), language (a code switches the subtitle track, "off");
- errors: unknown property → "property not found" (get and set);
  every read-only property → "error accessing property"; a value of the
  wrong type or out of range → "unsupported format for accessing
  property"; a track id the file lacks → "error accessing property";
- an idle player (empty folder): what needs a file → "property
  unavailable", playlist [] / count 0 / pos -1, idle-active true;
- with --watch, intake-pending/-rejected are lists (the broken file is
  rejected with a reason).
"""
# ctest-timeout: 180
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtcheck  # noqa: E402
import vtipc  # noqa: E402
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from vtcheck import check  # noqa: E402
from vtipc import err, wait_for  # noqa: E402

FMT = "unsupported format for accessing property"
RO = "error accessing property"
UNAV = "property unavailable"
NOTFOUND = "property not found"

WRITABLE = {"playlist-pos", "pause", "volume", "mute", "time-pos", "sid", "aid", "language"}
READ_ONLY = {"path", "filename", "media-title", "playlist", "playlist-count", "duration", "track-list",
             "available-languages", "idle-active", "frame-drop-count", "frames-presented", "frames-drawn-ahead",
             "last-transition-gap-ms", "hwdec-current", "vitrina-version", "vitrina-renderer",
             "intake-pending", "intake-rejected", "property-list"}


def build(root):
    media = vtipc.two_language_folder(root, "one.mkv", "two.mp4")
    vtmedia.random_bytes(media, "zz-broken.mp4")
    vtmedia.settled(media)
    return media


def check_coverage(p):
    names = p.get("property-list")
    check(isinstance(names, list) and all(isinstance(n, str) for n in names), "property-list: %r" % names)
    untested = set(names) - WRITABLE - READ_ONLY
    check(not untested, "properties without a test here: %s" % sorted(untested))
    missing = (WRITABLE | READ_ONLY) - set(names)
    check(not missing, "properties of issue 3 missing from property-list: %s" % sorted(missing))


def reads(p, media):
    check(p.get("path") == os.path.join(media, "one.mkv"), "path: %r" % p.get("path"))
    check(p.get("filename") == "one.mkv", "filename: %r" % p.get("filename"))
    check(p.get("media-title") == "Testimonio uno", "media-title: %r" % p.get("media-title"))
    check(p.get("playlist-count") == 3, "playlist-count: %r" % p.get("playlist-count"))
    check(p.get("playlist-pos") == 0, "playlist-pos: %r" % p.get("playlist-pos"))
    pl = p.get("playlist")
    check([e.get("filename") for e in pl] == ["one.mkv", "two.mp4", "zz-broken.mp4"], "playlist: %r" % pl)
    check([e.get("current") for e in pl] == [True, False, False], "playlist current flags: %r" % pl)
    check(all(isinstance(e.get("title"), str) and e["title"] for e in pl), "playlist titles: %r" % pl)
    check(all("failed-reason" not in e for e in pl), "failed-reason before anything failed: %r" % pl)
    check(p.get("pause") is False, "pause: %r" % p.get("pause"))
    v = p.get("volume")
    check(isinstance(v, float) and v == 100.0, "volume: %r (mpv: a double)" % v)
    check(p.get("mute") is False, "mute: %r" % p.get("mute"))
    t0 = p.get("time-pos")
    time.sleep(0.6)
    t1 = p.get("time-pos")
    check(isinstance(t0, float) and isinstance(t1, float) and t1 > t0 + 0.2, "time-pos not advancing: %r %r" % (t0, t1))
    d = p.get("duration")
    check(isinstance(d, float) and abs(d - 20.0) < 0.2, "duration: %r" % d)
    tl = p.get("track-list")
    for t in tl:
        for k, typ in (("id", int), ("type", str), ("external", bool), ("selected", bool), ("codec", str)):
            check(isinstance(t.get(k), typ), "track-list entry without %s (%s): %r" % (k, typ.__name__, t))
    vid = [t for t in tl if t["type"] == "video"]
    aud = [t for t in tl if t["type"] == "audio"]
    sub = [t for t in tl if t["type"] == "sub"]
    check(len(vid) == 1 and vid[0]["selected"] and vid[0]["codec"] == "h264", "video tracks: %r" % vid)
    check(sorted(t.get("lang") for t in aud) == ["eng", "spa"], "audio track languages: %r" % aud)
    check([t.get("title") for t in aud if t.get("lang") == "spa"] == ["Español"], "audio title: %r" % aud)
    check(sum(t["selected"] for t in aud) == 1, "not exactly one audio track selected: %r" % aud)
    check(sorted(t.get("lang") for t in sub) == ["es", "fr"], "subtitle tracks: %r" % sub)
    check(all(t["external"] and t.get("external-filename", "").startswith(media) for t in sub),
          "sidecars not external with their file: %r" % sub)
    # The viewer's language (es) picks the Spanish sidecar and sound.
    es = [t["id"] for t in sub if t.get("lang") == "es"]
    check(p.get("sid") == (es[0] if es else None), "sid %r is not the Spanish track %r" % (p.get("sid"), es))
    sel_a = [t["id"] for t in aud if t["selected"]]
    check(p.get("aid") == sel_a[0], "aid %r is not the selected audio track %r" % (p.get("aid"), sel_a))
    check(p.get("language") == "es", "language: %r" % p.get("language"))
    al = p.get("available-languages")
    codes = {a.get("code"): a.get("name") for a in al}
    check({"es", "fr"} <= set(codes), "available-languages: %r" % al)
    check(codes.get("es") == "Español" and codes.get("fr") == "Français",
          "language names are not the autonyms: %r" % codes)
    check(p.get("idle-active") is False, "idle-active: %r" % p.get("idle-active"))
    fd = p.get("frame-drop-count")
    check(isinstance(fd, int) and fd >= 0, "frame-drop-count: %r" % fd)
    f0 = p.get("frames-presented")
    time.sleep(0.5)
    f1 = p.get("frames-presented")
    check(isinstance(f0, int) and f1 > f0, "frames-presented not rising: %r %r" % (f0, f1))
    check(p.get("hwdec-current") == "no", "hwdec-current: %r" % p.get("hwdec-current"))
    ver = subprocess.run([vtplayer.BIN, "--version"], capture_output=True, text=True).stdout
    check(p.get("vitrina-version") in ver, "vitrina-version %r not in --version %r" % (p.get("vitrina-version"), ver))
    check(isinstance(p.get("vitrina-renderer"), str), "vitrina-renderer: %r" % p.get("vitrina-renderer"))
    for prop in ("intake-pending", "intake-rejected"):
        check(err(p, "get_property", prop) == UNAV, "%s without --watch: %s" % (prop, err(p, "get_property", prop)))
    # Before any transition there is no gap to report.
    check(err(p, "get_property", "last-transition-gap-ms") == UNAV, "last-transition-gap-ms before a transition")


def errors(p):
    check(err(p, "get_property", "no-such-property") == NOTFOUND, "get of an unknown property")
    check(err(p, "set_property", "no-such-property", 1) == NOTFOUND, "set of an unknown property")
    for prop in sorted(READ_ONLY):
        e = err(p, "set_property", prop, 1)
        check(e == RO, "set_property %s (read-only): %r, mpv says %r" % (prop, e, RO))
    for prop, bad in [("pause", 5), ("pause", "maybe"), ("mute", 2), ("mute", [True]), ("volume", 101),
                      ("volume", -1), ("volume", "loud"), ("volume", True), ("time-pos", "soon"),
                      ("playlist-pos", 3), ("playlist-pos", -1), ("playlist-pos", 0.5), ("playlist-pos", "x"),
                      ("sid", "x"), ("sid", True), ("aid", "x"), ("language", "xx-not-a-language"),
                      ("language", 5)]:
        e = err(p, "set_property", prop, bad)
        check(e == FMT, "set_property %s %r: %r, expected %r" % (prop, bad, e, FMT))
    check(err(p, "set_property", "sid", 99) == RO, "sid of a track the file lacks")
    check(err(p, "set_property", "aid", 99) == RO, "aid of a track the file lacks")


def writes(p):
    tl = p.get("track-list")
    sub = {t.get("lang"): t["id"] for t in tl if t["type"] == "sub"}
    aud = [t["id"] for t in tl if t["type"] == "audio"]
    # sid: by id, off, auto (back to the viewer's language)
    p.set("sid", sub["fr"])
    check(p.get("sid") == sub["fr"], "sid not set to the French track")
    sel = [t["id"] for t in p.get("track-list") if t["type"] == "sub" and t["selected"]]
    check(sel == [sub["fr"]], "track-list does not show the French track selected: %r" % sel)
    p.set("sid", False)
    check(p.get("sid") is False, "sid false: %r (mpv answers false when off)" % p.get("sid"))
    p.set("sid", "auto")
    check(p.get("sid") == sub["es"], "sid auto did not return to the viewer's language: %r" % p.get("sid"))
    # language: picks the matching subtitle track at once; off turns them off
    p.set("language", "fr")
    check(p.get("language") == "fr" and p.get("sid") == sub["fr"],
          "language fr: language %r sid %r" % (p.get("language"), p.get("sid")))
    p.set("language", "off")
    check(p.get("language") == "off" and p.get("sid") is False,
          "language off: language %r sid %r" % (p.get("language"), p.get("sid")))
    p.set("language", "spa")  # ISO 639-2 is the same language
    check(p.get("language") == "es", "language spa → %r" % p.get("language"))
    # aid: the other track (the file is reopened at its position), then none
    cur = p.get("aid")
    other = [a for a in aud if a != cur][0]
    p.set("aid", other)
    wait_for(lambda: p.get("aid") == other, what="aid %d" % other)
    t = p.get("time-pos")
    check(t > 1.0, "switching audio restarted the file: time-pos %r" % t)
    p.set("aid", "no")
    wait_for(lambda: p.get("aid") is False, what="aid no")
    p.set("aid", "auto")
    wait_for(lambda: isinstance(p.get("aid"), int), what="aid auto")
    # pause stops time; volume and mute
    p.set("pause", True)
    check(p.get("pause") is True, "pause not set")
    a = p.get("time-pos")
    time.sleep(0.5)
    b = p.get("time-pos")
    check(abs(b - a) < 0.05, "time moves while paused: %r → %r" % (a, b))
    p.set("pause", "no")
    check(p.get("pause") is False, "pause \"no\" (mpv string form) not accepted")
    p.set("volume", 40)
    check(p.get("volume") == 40.0, "volume 40: %r" % p.get("volume"))
    p.set("volume", "55.4")
    check(p.get("volume") == 55.0, "volume \"55.4\": %r" % p.get("volume"))
    p.set("mute", True)
    check(p.get("mute") is True, "mute not set")
    p.set("mute", "no")
    check(p.get("mute") is False, "mute \"no\" not accepted")
    # time-pos seeks
    p.set("time-pos", 12.5)
    t = wait_for(lambda: (lambda v: v if abs(v - 12.5) < 1.0 else None)(p.get("time-pos")), what="seek to 12.5")
    check(t is not None, "time-pos 12.5 → %r" % p.get("time-pos"))
    # A natural transition (seek to the end): now there is a gap to report.
    p.set("time-pos", 19.2)
    wait_for(lambda: p.get("filename") == "two.mp4", what="two.mp4 to follow one.mkv")
    g = wait_for(lambda: isinstance(p.get("last-transition-gap-ms"), float), what="last-transition-gap-ms")
    check(g, "last-transition-gap-ms after a transition")
    # playlist-pos: another entry
    p.set("playlist-pos", 0)
    wait_for(lambda: p.get("filename") == "one.mkv", what="playlist-pos 0 to play one.mkv")
    check(p.get("playlist-pos") == 0, "playlist-pos after the switch: %r" % p.get("playlist-pos"))


def broken_entry(p):
    """The broken file fails when its turn comes: failed-reason in playlist."""
    p.set("playlist-pos", 2)
    def failed():
        e = p.get("playlist")[2]
        return e.get("failed-reason")
    reason = wait_for(failed, timeout=20, what="zz-broken.mp4 to fail")
    check(isinstance(reason, str) and reason, "failed-reason: %r" % reason)
    wait_for(lambda: p.get("filename") in ("one.mkv", "two.mp4"), what="playback to go on after the broken file")


def idle_player(tmp):
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    with vtplayer.Player(empty, extra_args=["--size", "320x240", "--no-watch"], tmp=os.path.join(tmp, "idle")) as p:
        wait_for(lambda: p.get("idle-active") is True, what="idle-active on an empty folder")
        for prop in ("path", "filename", "media-title", "time-pos", "duration", "track-list", "sid", "aid",
                     "hwdec-current"):
            e = err(p, "get_property", prop)
            check(e == UNAV, "idle: get %s → %r, expected %r" % (prop, e, UNAV))
        check(p.get("playlist") == [], "idle: playlist %r" % p.get("playlist"))
        check(p.get("playlist-count") == 0, "idle: playlist-count %r" % p.get("playlist-count"))
        check(p.get("playlist-pos") == -1, "idle: playlist-pos %r" % p.get("playlist-pos"))
        check(p.get("language") == "off", "idle: language %r" % p.get("language"))
        for prop, v in (("time-pos", 3), ("sid", 1), ("aid", 1)):
            e = err(p, "set_property", prop, v)
            check(e == UNAV, "idle: set %s → %r, expected %r" % (prop, e, UNAV))
        check(err(p, "set_property", "playlist-pos", 0) == FMT, "idle: playlist-pos 0 of an empty playlist")
        p.set("volume", 30)  # viewer settings still work with nothing to play
        check(p.get("volume") == 30.0, "idle: volume")


def watched_player(tmp, media):
    with vtplayer.Player(media, extra_args=["--size", "320x240", "--watch", "--settle-time", "0.2"],
                         tmp=os.path.join(tmp, "watch")) as p:
        def rejected():
            return [e for e in p.get("intake-rejected") if e.get("name") == "zz-broken.mp4"]
        rej = wait_for(rejected, timeout=30, what="zz-broken.mp4 in intake-rejected")
        check(rej and isinstance(rej[0].get("reason"), str) and rej[0]["reason"], "intake-rejected entry: %r" % rej)
        pend = p.get("intake-pending")
        check(isinstance(pend, list), "intake-pending: %r" % pend)


def main():
    tmp = tempfile.mkdtemp(prefix="vt-ipc-props-")
    media = build(tmp)
    args = ["--size", "320x240", "--no-watch"]
    with vtplayer.Player(media, extra_args=args, languages="es", tmp=os.path.join(tmp, "main")) as p:
        wait_for(lambda: p.get("filename") == "one.mkv", what="one.mkv to play")
        check_coverage(p)
        reads(p, media)
        errors(p)
        writes(p)
        broken_entry(p)
        check(p.proc.poll() is None, "the player died")
        code, _ = p.stop()
        check(code == 0, "exit code %r" % code)
    idle_player(tmp)
    watched_player(tmp, media)
    return vtcheck.verdict("logs under " + tmp)


if __name__ == "__main__":
    sys.exit(main())
