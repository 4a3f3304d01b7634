#!/usr/bin/env python3
"""New files bring their subtitle languages into the loop-wide language list
(available-languages) as soon as they are ready — before they ever play.

The watcher's probe also collects each new file's subtitle languages (its
embedded tracks and its sidecar files) for the language picker. While a
30 s clip plays (so nothing new is opened), the folder receives:
  - "interview.mkv" with an embedded French subtitle track;
  - "talk.mp4", then its sidecar "talk.es.srt" a moment later (staff often
    copy the video first);
  - "notes/talk2.mp4" with "notes/subs/talk2.quc.srt" (a subs/ folder).
Proved: available-languages lists fr, es and quc with one video each while
the first clip is still the one playing; deleting interview.mkv takes fr
out. The player is given MEDIA_DIR with a trailing slash ("media/"), as a
config file may well say it.
"""
# ctest-timeout: 120
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtmedia  # noqa: E402
from vtplayer import Player, assert_clean_exit, playlist_names, poll_until  # noqa: E402

SRT = "1\n00:00:00,000 --> 00:00:02,000\n%s\n"


def langs(p):
    return {e["code"]: e["videos"] for e in p.get("available-languages")}


def main():
    work = tempfile.mkdtemp(prefix="vt-intake-langs-")
    media = os.path.join(work, "media")
    os.makedirs(media)
    src = vtmedia.clip("langs-src.mp4", seconds=3)
    mkv = vtmedia.with_subtitle(src, os.path.join(work, "interview.mkv"), "Bonjour", "fra")
    vtmedia.place(vtmedia.clip("langs-long.mp4", seconds=30), media, "a-first.mp4")
    try:
        with Player(media + "/", extra_args=["--settle-time", "0.3", "--rescan-interval", "0"]) as p:
            poll_until(lambda: p.get("filename") == "a-first.mp4", 15, what="a-first to play")
            assert langs(p) == {}, langs(p)
            shutil.copyfile(mkv, os.path.join(media, "interview.mkv"))
            vtmedia.place(src, media, "talk.mp4")
            poll_until(lambda: "talk.mp4" in playlist_names(p), 10, what="talk.mp4 in the playlist")
            with open(os.path.join(media, "talk.es.srt"), "w") as f:
                f.write(SRT % "Hola")
            os.makedirs(os.path.join(media, "notes", "subs"))
            with open(os.path.join(media, "notes", "subs", "talk2.quc.srt"), "w") as f:
                f.write(SRT % "Saqarik")
            vtmedia.place(src, os.path.join(media, "notes"), "talk2.mp4")
            want = {"fr": 1, "es": 1, "quc": 1}
            got = poll_until(lambda: langs(p) if langs(p) == want else None, 10,
                             what="fr, es and quc in available-languages")
            print("available-languages before any new file played: %s" % got)
            assert p.get("filename") == "a-first.mp4", "a new file was opened; the check proves nothing"
            os.unlink(os.path.join(media, "interview.mkv"))
            poll_until(lambda: "fr" not in langs(p), 10, what="fr to leave with interview.mkv")
            print("after deleting interview.mkv: %s" % langs(p))
            assert_clean_exit(p)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
