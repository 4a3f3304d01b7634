#!/usr/bin/env python3
# ctest-labels: package
# ctest-timeout: 180
"""A file dropped into the media folder cannot make the player read other
files or reach the network (FFmpeg protocol_whitelist=file, no demuxers that
follow references, no image2 patterns: media/source.c).

Hostile files, each next to a good clip:
  - evil-hls.m3u8: an HLS playlist naming a file outside the media folder
    and an http:// segment on a local listener;
  - evil-concat.mkv: an ffconcat script (found by content, whatever the
    extension) naming a file the player was told to ignore;
  - cap%d.png: an image2 pattern name; FFmpeg would read cap1.png instead
    (ignored here too).
First the unrestricted ffprobe is run on each (the peer): it must read the
referenced file, so the test knows each file really is hostile. Then the
player runs headless on the folder: inotify must see no open of any
referenced file, the listener no connection; each hostile file is reported
in the log, the good clip plays, and the player ends cleanly on SIGTERM."""
import ctypes
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.environ.get("VITRINA_SRC", os.path.join(os.path.dirname(__file__), "..", "..")),
                                "packaging", "testlib"))
import vtpkg  # noqa: E402
from vtpkg import check, run  # noqa: E402

BIN = os.environ.get("VITRINA_BIN") or os.path.join(vtpkg.BUILD, "vitrina")
SCALE = 3.0 if os.environ.get("ASAN_OPTIONS") or "asan" in BIN else 1.0

IN_OPEN = 0x20
IN_NONBLOCK = 0o4000
_libc = ctypes.CDLL(None, use_errno=True)


class OpenWatch:
    """inotify IN_OPEN on some folders: which file names get opened."""

    def __init__(self, dirs):
        self.fd = _libc.inotify_init1(IN_NONBLOCK)
        if self.fd < 0:
            raise vtpkg.TestFailure("inotify_init1 failed")
        self.wd = {}
        for d in dirs:
            wd = _libc.inotify_add_watch(self.fd, d.encode(), IN_OPEN)
            if wd < 0:
                raise vtpkg.TestFailure("inotify_add_watch %s failed" % d)
            self.wd[wd] = d

    def drain(self):
        """Paths opened since the last call."""
        opened = []
        while select.select([self.fd], [], [], 0.1)[0]:
            try:
                buf = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            i = 0
            while i < len(buf):
                wd, mask, cookie, n = struct.unpack_from("iIII", buf, i)
                name = buf[i + 16:i + 16 + n].rstrip(b"\0").decode()
                i += 16 + n
                if name:
                    opened.append(os.path.join(self.wd[wd], name))
        return opened

    def close(self):
        os.close(self.fd)


class Listener:
    """A local TCP port that records every connection."""

    def __init__(self):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.s.bind(("127.0.0.1", 0))
        self.s.listen(8)
        self.s.settimeout(0.2)
        self.port = self.s.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.t = threading.Thread(target=self._loop, daemon=True)
        self.t.start()

    def _loop(self):
        while not self.stop:
            try:
                c, _ = self.s.accept()
                self.connections += 1
                c.close()
            except socket.timeout:
                continue
            except OSError:
                return

    def close(self):
        self.stop = True
        self.t.join(1)
        self.s.close()


def make_media(tmp, port):
    media = os.path.join(tmp, "media")
    outside = os.path.join(tmp, "outside")
    os.makedirs(media)
    os.makedirs(outside)
    ff = ["ffmpeg", "-loglevel", "error", "-y"]
    secret = os.path.join(outside, "secret.ts")
    run(ff + ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "1", "-c:v", "mpeg2video", secret])
    run(ff + ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "1", "-c:v", "mpeg2video",
              os.path.join(media, "hidden-target.ts")])
    run(ff + ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-t", "2", "-pix_fmt", "yuv420p",
              os.path.join(media, "good.mp4")])
    run(ff + ["-f", "lavfi", "-i", "testsrc=size=160x120", "-frames:v", "1", os.path.join(media, "cap1.png")])
    run(["cp", os.path.join(media, "cap1.png"), os.path.join(media, "cap%d.png")])
    with open(os.path.join(media, "evil-hls.m3u8"), "w") as f:
        f.write("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n"
                "#EXTINF:1.0,\n%s\n#EXTINF:1.0,\nhttp://127.0.0.1:%d/segment.ts\n#EXT-X-ENDLIST\n" % (secret, port))
    with open(os.path.join(media, "evil-concat.mkv"), "w") as f:
        f.write("ffconcat version 1.0\nfile 'hidden-target.ts'\n")
    targets = {
        "evil-hls.m3u8": os.path.join(outside, "secret.ts"),
        "evil-concat.mkv": os.path.join(media, "hidden-target.ts"),
        "cap%d.png": os.path.join(media, "cap1.png"),
    }
    return media, outside, targets


def refused(log, name):
    return any(name in ln and ("rejected" in ln or "skipped" in ln) for ln in log.splitlines())


def played(log, name):
    return any(" playing " in ln and name in ln for ln in log.splitlines())


def body():
    check(os.access(BIN, os.X_OK), "player binary %s exists" % BIN)
    with tempfile.TemporaryDirectory(prefix="vt-hostile-") as tmp:
        http = Listener()
        media, outside, targets = make_media(tmp, http.port)
        watch = OpenWatch([media, outside])
        watch.drain()
        try:
            # The peer: plain FFmpeg follows each reference.
            for name, target in targets.items():
                run(["ffprobe", "-v", "quiet", name], cwd=media, check_rc=False, timeout=60)
                opened = watch.drain()
                check(target in opened, "peer: unrestricted ffprobe %s reads %s — the file is hostile"
                      % (name, os.path.basename(target)))

            log_path = os.path.join(tmp, "player.log")
            env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
            with open(log_path, "w") as log:
                p = subprocess.Popen([BIN, "--config", "none", "--ipc", os.path.join(tmp, "ipc.sock"),
                                      "--state-dir", os.path.join(tmp, "state"), "--image-duration", "1",
                                      "--ignore", "hidden-*,cap1.png", media],
                                     env=env, stdout=log, stderr=subprocess.STDOUT)
            text = ""
            end = time.monotonic() + 30 * SCALE
            while time.monotonic() < end and p.poll() is None:
                time.sleep(0.5)
                text = open(log_path).read()
                if all(refused(text, n) for n in ("evil-hls.m3u8", "evil-concat.mkv")) \
                        and played(text, "good.mp4") and played(text, "cap%d.png"):
                    break
            time.sleep(1)
            opened = watch.drain()
            still = p.poll() is None
            if still:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(10 * SCALE)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
            text = open(log_path).read()
            print("--- player log (excerpt)\n" + "\n".join(ln[:200] for ln in text.splitlines()[:40]) + "\n---",
                  flush=True)
            check(still, "the player kept running through the hostile files")
            check(p.returncode == 0, "the player exits 0 on SIGTERM (got %s)" % p.returncode)
            for name, target in targets.items():
                check(target not in opened, "player: %s did not make it open %s (opened: %s)"
                      % (name, os.path.basename(target), sorted(set(os.path.basename(o) for o in opened))))
            check(http.connections == 0, "player: no connection to the http:// segment (%d)" % http.connections)
            for n in ("evil-hls.m3u8", "evil-concat.mkv"):
                check(refused(text, n), "the log says %s is rejected" % n)
            check(played(text, "good.mp4"), "the good clip plays (the show goes on)")
            check(played(text, "cap%d.png"), "cap%d.png plays as the one picture it is")
        finally:
            watch.close()
            http.close()


if __name__ == "__main__":
    vtpkg.main(body)
