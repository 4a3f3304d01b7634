#!/usr/bin/env python3
"""Issue 4: the player (re)started while a copy into the folder is stalled
must not start the half-copied file. The start-up scan sees an old-looking
file (no write for longer than settle-time); the read-lease check in
media/source.c knows another program still has it open for writing. Runs
as root (in CI) or as the files' owner, which may take a lease."""
# ctest-timeout: 120
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import vtmedia as m  # noqa: E402
import vtplayer  # noqa: E402


def main():
    tmp = tempfile.mkdtemp(prefix="vt-midcopy-")
    media = os.path.join(tmp, "media")
    os.makedirs(media)
    m.place(m.clip("midcopy-ok.mp4", seconds=2.0), media, "a-ok.mp4")
    m.settled(media)
    src = m.big_clip()
    dst = os.path.join(media, "b-arriving.mp4")
    stalled = threading.Event()
    done = {}

    def copy():
        done["t"] = m.slow_write(src, dst, block=1 << 20, pause=0.0, stall_at=0.5, stall=6.0,
                                 on_stall=lambda _: stalled.set())
    t = threading.Thread(target=copy)
    t.start()
    stalled.wait(30)
    time.sleep(3.0)  # longer than settle-time: size and mtime look final
    with vtplayer.Player(media, extra_args=["--settle-time", "1"], tmp=os.path.join(tmp, "p")) as p:
        t.join()
        closed = done["t"]
        ev = p.wait_event("file-loaded", timeout=40, pred=lambda e: e["filename"] == "b-arriving.mp4")
        assert ev["_t"] >= closed, "the half-copied file started %.2f s before its copy finished" % (closed - ev["_t"])
        # an attempt before the copy finished may only end at once, as an error saying why
        early = [e for e in p.events if e.get("filename") == "b-arriving.mp4" and e["_t"] < closed]
        for e in early:
            assert e["event"] in ("start-file", "end-file"), "before the copy finished: %s" % e
            if e["event"] == "end-file":
                assert e.get("reason") == "error" and "still being copied" in e.get("file_error", ""), e
        log = p.log()
        assert "still being copied" in log, "the lease check never saw the open file"
        code, _ = p.stop()
        assert code == 0
    print("ok: started %.2f s after the copy closed" % (ev["_t"] - closed))


if __name__ == "__main__":
    main()
