#!/usr/bin/env python3
"""Corrupt files dropped into the folder show up in intake-rejected with
their reason and are never played; they are retried only when they change
(issue 4, "Tests" and "Intake").

While a good clip loops, four bad files are dropped in: random bytes named
.mp4, an MP4 cut before its index (moov at the end, as a camera writes it),
a zero-byte file, and a Matroska file holding only a subtitle stream.
Proved, from a 20 ms sampler, the event log and vitrinactl:
  - each appears in intake-rejected with the expected reason (and a "since"
    time), none is ever in the playlist or sent start-file;
  - `vitrinactl status` shows the rejected files;
  - with --rescan-interval 1 they are not probed again while unchanged (one
    "rejected" line each over several rescans);
  - a rejected file that is then replaced by a good clip leaves
    intake-rejected, enters the playlist and plays; a deleted one leaves
    intake-rejected.
"""
# ctest-timeout: 180
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtmedia  # noqa: E402
from vtplayer import CTL, Player, PropSampler, assert_clean_exit, intake_names, playlist_names, poll_until  # noqa: E402

REASONS = {
    "noise.mp4": "not a recognised",
    "cut.mp4": "",                # any reason; FFmpeg words it
    "empty.mp4": "empty file",
    "subs-only.mkv": "no video or audio stream",
}


def subs_only_mkv(work):
    srt = os.path.join(work, "s.srt")
    with open(srt, "w") as f:
        f.write("1\n00:00:00,000 --> 00:00:02,000\nHola\n")
    out = os.path.join(work, "subs-only.mkv")
    subprocess.run(vtmedia.FF + ["-i", srt, "-c:s", "srt", out], check=True)
    return out


def main():
    work = tempfile.mkdtemp(prefix="vt-intake-rej-")
    media = os.path.join(work, "media")
    os.makedirs(media)
    good = vtmedia.clip("rej-good.mp4", seconds=2)
    camera = vtmedia.clip("rej-camera.mp4", seconds=4)  # no +faststart: moov at the end
    vtmedia.place(good, media, "a.mp4")
    mkv = subs_only_mkv(work)
    try:
        with Player(media, extra_args=["--settle-time", "0.3", "--rescan-interval", "1"]) as p:
            poll_until(lambda: p.get("filename") == "a.mp4", 15, what="a.mp4 to play")
            with PropSampler(p) as s:
                vtmedia.random_bytes(media, "noise.mp4", size=300000)
                vtmedia.truncated(camera, media, "cut.mp4", keep=0.6)
                vtmedia.zero_byte(media, "empty.mp4")
                shutil.copyfile(mkv, os.path.join(media, "subs-only.mkv"))
                rej = poll_until(lambda: (lambda r: r if set(r) == set(REASONS) else None)(
                    {e["name"]: e for e in p.get("intake-rejected")}), 20, what="all four in intake-rejected")
                # several periodic rescans and a few loops of a.mp4
                time.sleep(3.5)
            for name, want in REASONS.items():
                e = rej[name]
                assert e["state"] == "rejected" and e.get("reason"), e
                assert want.lower() in e["reason"].lower(), "%s: reason %r, expected %r" % (name, e["reason"], want)
                assert abs(e["since"] - time.time()) < 60, e
                print("%-14s rejected: %s" % (name, e["reason"]))
            assert not (set(s.seen["playlist"]) & set(REASONS)), s.seen["playlist"]
            played = {e["filename"] for e in p.events if e.get("event") in ("start-file", "end-file")}
            assert not (played & set(REASONS)), played
            assert playlist_names(p) == ["a.mp4"]
            log = p.log()
            for name in REASONS:
                n = log.count('rejected "%s"' % name)
                assert n == 1, "%s rejected %d times (retried while unchanged?)" % (name, n)
            assert log.count("rescan:") >= 2, "no periodic rescans seen"

            st = subprocess.run([CTL, "--socket", p.sock, "status"], capture_output=True, text=True, timeout=10)
            assert st.returncode == 0, st.stderr
            for name in REASONS:
                assert name in st.stdout, "vitrinactl status does not show %s:\n%s" % (name, st.stdout)

            # Replaced by a good clip: retried, then played.
            start = len(p.events)
            vtmedia.slow_write(good, os.path.join(media, "noise.mp4"), block=1 << 16, pause=0)
            poll_until(lambda: "noise.mp4" in playlist_names(p), 15, what="the fixed noise.mp4 in the playlist")
            assert "noise.mp4" not in intake_names(p, "intake-rejected")
            p.wait_event("file-loaded", timeout=20, start=start, pred=lambda e: e["filename"] == "noise.mp4")
            # Deleted: gone from the list.
            os.unlink(os.path.join(media, "cut.mp4"))
            poll_until(lambda: "cut.mp4" not in intake_names(p, "intake-rejected"), 10, what="cut.mp4 to be forgotten")
            assert set(intake_names(p, "intake-rejected")) == {"empty.mp4", "subs-only.mkv"}
            assert p.proc.poll() is None
            assert_clean_exit(p)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
