#!/usr/bin/env python3
"""available-languages is the whole loop's, with names in each language
(issue 6).

Folder: a.mp4 (Spanish sidecar), b.mkv (embedded French and Arabic
subtitle tracks, not played yet when we look), c.mp4 (Kʼicheʼ and Haitian
Creole sidecars, a second Spanish one). Config: languages = es,fr and a
[language-names] entry.

  - Right after a.mp4 starts, the list already holds b.mkv's embedded
    languages (found by the folder prober, not by playing it): ordered by
    the config list (es, fr), then by how many videos have each (es is in
    two), then by code: es, fr, ar, ht, quc.
  - Names are autonyms from iso-codes (Español, Français, العربية), the
    built-in names where iso-codes has none (ht → Kreyòl ayisyen), and the
    config's [language-names] over both (quc here).
  - The picker lists them in that order with "Sin subtítulos" last and a
    line naming the languages of the video on screen (its log line).
  - INFO shows title, "1 / 3", time and the language, and goes away by
    itself after 5 s.
"""
# ctest-timeout: 120
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from vtplayer import poll_until  # noqa: E402


def embedded_subs():
    os.makedirs(vtmedia.CACHE, exist_ok=True)
    srts = []
    for lang, text in (("fre", "Bonjour"), ("ara", "مرحبا")):
        srts.append(vtmedia.one_cue_srt(os.path.join(vtmedia.CACHE, "lang-embedded-%s.srt" % lang), text, 5))

    def args(out):
        return vtmedia.FF + ["-f", "lavfi", "-i", "color=c=0x203040:s=320x240:r=25:d=5",
                             "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=5",
                             "-i", srts[0], "-i", srts[1], "-map", "0:v", "-map", "1:a", "-map", "2", "-map", "3"] + \
            vtmedia.VCODEC_ARGS["h264"] + ["-c:a", "aac", "-c:s", "srt",
                                           "-metadata:s:s:0", "language=fre", "-metadata:s:s:1", "language=ara",
                                           "-shortest", out]
    return vtmedia.cached("lang-embedded-subs.mkv", args)


def log_lines(p, module, prefix):
    out = []
    for line in p.log().splitlines():
        parts = line.split("] ", 1)
        if len(parts) == 2 and (" %s: %s" % (module, prefix)) in " " + parts[1].split(None, 1)[1]:
            out.append(parts[1].split(": ", 1)[1])
    return out


def main():
    tmp = tempfile.mkdtemp(prefix="vt-lang-avail-")
    media = os.path.join(tmp, "media")
    clip = vtmedia.clip("lang-flat-10.mp4", "h264", "aac", 10, "320x240", 25, color="0x203040")
    vtmedia.place(clip, media, "a.mp4")
    vtmedia.place(embedded_subs(), media, "b.mkv")
    vtmedia.place(clip, media, "c.mp4")
    for name, lang, text in (("a", "es", "Hola"), ("c", "quc", "Saqarik"), ("c", "ht", "Bonjou"),
                             ("c", "es", "Hola")):
        vtmedia.one_cue_srt(os.path.join(media, "%s.%s.srt" % (name, lang)), text, 60)
    vtmedia.settled(media)
    conf = os.path.join(tmp, "vitrina.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write("languages = es,fr\nlanguage-reset = 0\n\n[language-names]\nquc = Kʼicheʼ (Guatemala)\n")

    p = vtplayer.Player(media, config=conf)
    with vtplayer.log_tail_on_error(p):
        poll_until(lambda: p.get("filename") == "a.mp4", 30, what="a.mp4 to play")
        t_start = time.time()
        want = ["es", "fr", "ar", "ht", "quc"]
        try:
            poll_until(lambda: [l["code"] for l in p.get("available-languages")] == want, 5,
                       what="the whole loop's languages")
        except AssertionError:
            raise AssertionError("available-languages %r, want %r: the prober's languages of files not played yet "
                                 "were lost (a probe that runs before the core's language database is open finds "
                                 "no languages)" % ([l["code"] for l in p.get("available-languages")], want))
        assert time.time() - t_start < 5 and p.get("filename") == "a.mp4", "b.mkv was not probed before playing"
        got = {l["code"]: (l["name"], l["videos"]) for l in p.get("available-languages")}
        assert got == {"es": ("Español", 2), "fr": ("Français", 1), "ar": ("العربية", 1),
                       "ht": ("Kreyòl ayisyen", 1), "quc": ("Kʼicheʼ (Guatemala)", 1)}, got

        # the picker: rows in that order (the log names the highlighted row),
        # the footer names this video's languages
        p.ipc.command("keypress", "MENU")
        poll_until(lambda: any("opened: es fr ar ht quc off (es highlighted) | "
                               "Este video tiene: Español" in l
                               for l in log_lines(p, "picker", "opened")), 3, what="the picker")
        p.ipc.command("keypress", "BACK")

        # INFO: title, position, time, language; gone after 5 s
        p.ipc.command("keypress", "INFO")
        t_info = time.time()
        poll_until(lambda: len(log_lines(p, "picker", "info:")) > 0, 3, what="the info line")
        info = log_lines(p, "picker", "info:")[-1]
        parts = info[len("info: "):].split("|")
        assert len(parts) == 3 and parts[0] == "a", info  # title
        assert parts[1].startswith("1 / 3") and parts[1].endswith("/ 0:10"), info  # position, time
        assert "Español" in parts[2], info  # language
        shot = os.path.join(tmp, "info.png")
        p.screenshot(shot)
        w, h, raw = vtplayer.png_pixels(shot)
        white_top = sum(1 for y in range(0, h // 5, 2) for x in range(w // 4, 3 * w // 4, 2)
                        if min(vtplayer.pixel((w, h, raw), x, y)) > 200)
        assert white_top > 40, "no info text at the top of the screen"
        poll_until(lambda: info_gone(p, tmp), 8, what="the info line to go")
        gone = time.time() - t_info
        assert 4.0 < gone < 7.5, "info shown %.1f s (want 5)" % gone
    p.stop()
    shutil.rmtree(tmp, ignore_errors=True)
    print("ok: loop-wide languages incl. unplayed embedded tracks, order, names, picker rows, info")


def info_gone(p, tmp):
    shot = os.path.join(tmp, "gone.png")
    p.screenshot(shot)
    w, h, raw = vtplayer.png_pixels(shot)
    return sum(1 for y in range(0, h // 5, 2) for x in range(w // 4, 3 * w // 4, 2)
               if min(vtplayer.pixel((w, h, raw), x, y)) > 200) < 10


if __name__ == "__main__":
    main()
