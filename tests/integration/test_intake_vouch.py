#!/usr/bin/env python3
"""The prober does not decode again the file the player has just decoded
(issue 2's memory target: a second 1080p H.264 decoder beside the first
one at start-up is +13 MB), yet the intake learns everything a probe finds.

The folder holds, from the start, "a-interview.mkv" (an embedded French
subtitle track and a Spanish sidecar) and "b.mp4". Proved from the debug
log and IPC:
  - the prober takes the player's word for a-interview.mkv (one "already
    decoded by the player" line, no probe of its own), and probes b.mp4
    itself;
  - available-languages still lists fr (read from the player's open) and
    es (the sidecar), each for one video;
  - once a-interview.mkv is rewritten (new size and mtime), the prober
    checks it itself: the player's word was for the old file.
"""
# ctest-timeout: 90
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtmedia  # noqa: E402
from vtplayer import Player, assert_clean_exit, poll_until  # noqa: E402


def langs(p):
    return {e["code"]: e["videos"] for e in p.get("available-languages")}


def count(log, pattern):
    return len(re.findall(pattern, log))


def main():
    work = tempfile.mkdtemp(prefix="vt-intake-vouch-")
    media = os.path.join(work, "media")
    os.makedirs(media)
    src = vtmedia.clip("vouch-src.mp4", seconds=8)
    mkv = vtmedia.with_subtitle(src, os.path.join(work, "a-interview.mkv"), "Bonjour", "fra")
    vtmedia.place(mkv, media, "a-interview.mkv")
    with open(os.path.join(media, "a-interview.es.srt"), "w") as f:
        f.write("1\n00:00:00,000 --> 00:00:02,000\nHola\n")
    vtmedia.place(vtmedia.clip("vouch-b.mp4", seconds=2), media, "b.mp4")
    old = time.time() - 3600
    for n in os.listdir(media):
        os.utime(os.path.join(media, n), (old, old))
    try:
        with Player(media, extra_args=["--settle-time", "0.3", "--rescan-interval", "0"],
                    log_level="debug") as p:
            poll_until(lambda: p.get("filename") == "a-interview.mkv", 15, what="a-interview.mkv to play")
            poll_until(lambda: langs(p) if langs(p) == {"fr": 1, "es": 1} else None, 10,
                       what="fr and es in available-languages")
            poll_until(lambda: count(p.log(), r'prober: "b\.mp4": playable') == 1, 10, what="b.mp4 probed")
            log = p.log()
            vouched = count(log, r'prober: ".*/a-interview\.mkv": playable \(already decoded by the player\)')
            if vouched != 1:
                print("\n".join(l for l in log.splitlines() if "prober" in l or "opening" in l or "playing" in l))
            assert vouched == 1, "the prober did not take the player's word for a-interview.mkv (%d)" % vouched
            assert count(log, r'prober: ".*/b\.mp4": playable \(already decoded') == 0, "b.mp4 was not probed"
            print("start-up: a-interview.mkv vouched by the player, b.mp4 probed; languages %s" % langs(p))
            # Rewritten in place (same name, other content): probed for real.
            tmp = os.path.join(media, ".a-interview.mkv.part")
            shutil.copyfile(src, tmp)
            os.replace(tmp, os.path.join(media, "a-interview.mkv"))
            poll_until(lambda: count(p.log(), r'prober: "a-interview\.mkv": playable') >= 2, 15,
                       what="the rewritten a-interview.mkv to be probed")
            log = p.log()
            assert count(log, r'a-interview\.mkv": playable \(already decoded') == 1, "a changed file was vouched for"
            poll_until(lambda: "fr" not in langs(p), 10, what="fr to leave with the old a-interview.mkv")
            print("rewritten a-interview.mkv probed by the prober; languages %s" % langs(p))
            assert_clean_exit(p)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
