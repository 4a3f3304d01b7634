#!/usr/bin/env python3
"""Soak run (opt-in): the player loops a mixed folder for a long time while
the folder changes and a "viewer" presses keys, and nothing may degrade.

    cmake --build build --target soak            # VITRINA_SOAK_MINUTES (default 60)
    python3 tests/soak/soak.py --minutes 10      # standalone

Every 10 s it samples the player's RSS, frames presented and dropped, and
checks the control socket answers. Every ~20 s it copies a clip in, removes
one, rewrites a subtitle file, presses a remote key or switches language.
It fails if the player dies, stops presenting frames, stops answering, drops
more than 1 % of frames, or if RSS in the last quarter is more than 15 MB
above the first quarter (a leak shows as steady growth).
"""
import argparse
import os
import random
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import vtmedia as m  # noqa: E402
import vtplayer  # noqa: E402


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=float(os.environ.get("VITRINA_SOAK_MINUTES", "60")))
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    tmp = tempfile.mkdtemp(prefix="vt-soak-")
    media = os.path.join(tmp, "media")
    os.makedirs(media)
    pool = [m.clip("soak-h264.mp4", "h264", "aac", 6, "640x360"), m.clip("soak-vp9.webm", "vp9", "opus", 5, "640x360"),
            m.clip("soak-hevc.mkv", "hevc", "aac", 4, "640x360"), m.still("soak.png"),
            m.audio_only("soak.mp3", seconds=3)]
    for i, p in enumerate(pool):
        m.place(p, media, "%02d-%s" % (i, os.path.basename(p)))
    with open(os.path.join(media, "00-soak-h264-x.es.srt"), "w") as f:
        f.write("1\n00:00:00,500 --> 00:00:05,000\nHola\n")
    old = time.time() - 3600
    for n in os.listdir(media):
        os.utime(os.path.join(media, n), (old, old))
    samples, problems = [], []
    with vtplayer.Player(media, extra_args=["--image-duration", "3", "--settle-time", "1"],
                         languages="es,en,fr", log_level="info") as p:
        end = time.time() + a.minutes * 60
        next_change = time.time() + 20
        k = 0
        while time.time() < end:
            time.sleep(10)
            if p.proc.poll() is not None:
                problems.append("the player exited (%s)" % p.proc.returncode)
                break
            try:
                frames, drops = p.get("frames-presented"), p.get("frame-drop-count")
            except vtplayer.IPCError as e:
                problems.append("no answer: %s" % e)
                break
            samples.append((time.time(), rss_mb(p.proc.pid), frames, drops))
            print("t=%5.0fs rss=%6.1f MB frames=%d dropped=%d" % (a.minutes * 60 - (end - time.time()),
                                                                  samples[-1][1], frames, drops), flush=True)
            if len(samples) > 1 and frames <= samples[-2][2]:
                problems.append("no frame presented in 10 s at t=%.0f" % samples[-1][0])
            if time.time() >= next_change:
                next_change = time.time() + rnd.uniform(10, 30)
                k += 1
                act = rnd.choice(["add", "remove", "sub", "key", "lang"])
                names = sorted(os.listdir(media))
                if act == "add":
                    shutil.copyfile(rnd.choice(pool[:3]), os.path.join(media, "new-%d.mp4" % k))
                elif act == "remove" and len([n for n in names if n.startswith("new-")]) > 0:
                    os.unlink(os.path.join(media, rnd.choice([n for n in names if n.startswith("new-")])))
                elif act == "sub":
                    with open(os.path.join(media, "00-soak-h264-x.fr.srt"), "w") as f:
                        f.write("1\n00:00:00,500 --> 00:00:05,000\nBonjour %d\n" % k)
                elif act == "key":
                    p.ipc.command("keypress", rnd.choice(["INFO", "UP", "DOWN", "OK", "SUBTITLE", "VOLUME_UP"]))
                else:
                    p.set("language", rnd.choice(["es", "en", "fr", "off"]))
        code, _ = p.stop()
        if code != 0:
            problems.append("exit code %s" % code)
    if len(samples) >= 8:
        q = len(samples) // 4
        first = sorted(s[1] for s in samples[:q])[q // 2]
        last = sorted(s[1] for s in samples[-q:])[q // 2]
        print("RSS median first quarter %.1f MB, last quarter %.1f MB" % (first, last))
        if last - first > 15:
            problems.append("RSS grew %.1f MB (%.1f → %.1f)" % (last - first, first, last))
        frames, drops = samples[-1][2], samples[-1][3]
        if frames and drops > frames / 100:
            problems.append("%d of %d frames dropped" % (drops, frames))
    for pr in problems:
        print("FAIL: " + pr)
    print("soak: %s after %.0f minutes" % ("FAILED" if problems else "ok", a.minutes))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
