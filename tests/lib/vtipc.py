"""Helpers shared by the control-protocol tests (tests/integration/
test_ipc_*.py, test_ctl.py, test_screenshot.py): waiting without giving
up on the rest of the test, mpv's error strings, the clips they play.

Failures go through vtcheck (one list per test process).
"""
import os
import struct
import subprocess
import time

import vtcheck
import vtmedia
import vtplayer


def wait_for(fn, timeout=15.0, what="a condition"):
    """Poll fn() until it returns something truthy (IPC errors count as
    "not yet") and return that. After `timeout` s: record the failure
    "timed out waiting for <what>" and return None — the test goes on."""
    deadline = time.time() + timeout
    while True:
        try:
            v = fn()
            if v:
                return v
        except vtplayer.IPCError:
            pass
        if time.time() > deadline:
            vtcheck.check(False, "timed out waiting for " + what)
            return None
        time.sleep(0.05)


def err(p, *cmd):
    """The "error" string of the reply to one request ("success", …)."""
    return p.ipc.request(*cmd).get("error")


def exit_code(p, timeout=10):
    """The player's exit status once it has exited by itself (quit, …), or
    None when it is still running after `timeout` s."""
    try:
        return p.proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def png_complete(data):
    """True for the bytes of a whole PNG: signature, chunks of sane length,
    IEND last and nothing after it."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return False
    i = 8
    while i + 8 <= len(data):
        n, kind = struct.unpack(">I4s", data[i:i + 8])
        i += 12 + n
        if kind == b"IEND":
            return i == len(data)
    return False


def png_file_complete(path):
    """png_complete() of the file at `path`."""
    with open(path, "rb") as f:
        return png_complete(f.read())


def clip_a(seconds):
    """320x180 test pattern with a 440 Hz tone (cached)."""
    return vtmedia.clip("ipc-a-%gs.mp4" % seconds, seconds=seconds, size="320x180")


def clip_b(seconds):
    """Like clip_a, with a 660 Hz tone: another file to tell apart."""
    return vtmedia.clip("ipc-b-%gs.mp4" % seconds, seconds=seconds, size="320x180", freq=660)


def two_audio_clip():
    """20 s, title tag "Testimonio uno", two audio tracks (eng 440 Hz; spa
    660 Hz titled "Español") (cached)."""
    def args(out):
        return vtmedia.FF + [
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=20",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=20",
            "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000:duration=20",
            "-map", "0:v", "-map", "1:a", "-map", "2:a"] + vtmedia.VCODEC_ARGS["h264"] + [
            "-c:a", "aac", "-b:a", "64k", "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=spa",
            "-metadata:s:a:1", "title=Español", "-metadata", "title=Testimonio uno", out]
    return vtmedia.cached("ipc-2audio-20s.mkv", args)


def two_language_folder(root, video, other):
    """root/media holding `video` (two_audio_clip, with one-cue sidecars:
    Spanish "Hola" and French "Bonjour") and `other` (clip_b(20)). The
    caller adds what else it needs, then calls vtmedia.settled()."""
    media = os.path.join(root, "media")
    os.makedirs(media)
    vtmedia.place(two_audio_clip(), media, video)
    stem = os.path.splitext(video)[0]
    vtmedia.one_cue_srt(os.path.join(media, stem + ".es.srt"), "Hola", 20)
    vtmedia.one_cue_srt(os.path.join(media, stem + ".fr.srt"), "Bonjour", 20)
    vtmedia.place(clip_b(20), media, other)
    return media
