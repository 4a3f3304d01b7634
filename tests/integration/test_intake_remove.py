#!/usr/bin/env python3
"""Deleting or moving out the playing file (consent withdrawn): it ends with
end-file reason "removed" within 1 s and the next entry plays, with no black
frame in between (issue 4, "Deleted or moved out").

Four solid-colour clips (1-red, 2-green, 3-blue, 4-yellow, 6 s each) and a
fifth one that is never playing. Steps, each checked through the IPC event
log, properties and screenshots:
  A. delete 5-extra while 1-red plays: it leaves the playlist, red goes on
     (no end-file);
  B. delete 1-red one second in (2-green is not pre-rolled yet): end-file
     removed ≤ 1 s after the unlink, start-file 2-green ≤ 1 s after it; a
     screenshot taken right after the end-file shows red or green, not black;
  C. delete 2-green in its last 1.5 s (3-blue is pre-rolled, i.e. ready):
     3-blue starts ≤ 1 s later and the screenshot right after shows blue;
  D. move 3-blue out of the folder (mv, not rm): same, 4-yellow plays;
  E. delete 4-yellow, the last one: end-file removed, then the idle screen.
Between each end-file and the next start-file there is no "idle" event (the
idle screen is the only thing that clears the picture). The 1 s bounds are
real-time ones (3 s on a sanitizer build); label "timing".
"""
# ctest-labels: timing
# ctest-timeout: 180
# ctest-serial
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtmedia  # noqa: E402
from vtplayer import Player, assert_clean_exit, playlist_names, png_pixels, poll_until, sanitized_build  # noqa: E402

LIMIT = 3.0 if sanitized_build() else 1.0
COLOURS = {"red": (255, 0, 0), "green": (0, 128, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0)}


def centre_colour(path):
    w, h, raw = png_pixels(path)
    tot = [0, 0, 0]
    n = 0
    for y in range(h * 2 // 5, h * 3 // 5, 4):
        for x in range(w * 2 // 5, w * 3 // 5, 4):
            i = (y * w + x) * 3
            for k in range(3):
                tot[k] += raw[i + k]
            n += 1
    return tuple(v / n for v in tot)


def near(rgb, name, tol=60):
    want = COLOURS[name]
    return all(abs(a - b) <= tol for a, b in zip(rgb, want))


def is_black(rgb):
    return max(rgb) < 30


def ev_after(p, name, start, pred=None):
    for i in range(start, len(p.events)):
        e = p.events[i]
        if e.get("event") == name and (pred is None or pred(e)):
            return e
    return None


def remove_and_check(p, path, name, nxt, shots, how):
    """Remove `path` (playing `name`) with `how`; return (t_end, t_next)."""
    start = len(p.events)
    t0 = time.time()
    how(path)
    end = p.wait_event("end-file", timeout=10, start=start, pred=lambda e: e.get("filename") == name)
    assert end["reason"] == "removed", end
    t_end = end["_t"] - t0
    assert t_end <= LIMIT, "end-file %.3f s after removing %s (limit %.1f s)" % (t_end, name, LIMIT)
    if nxt is None:  # nothing left: the idle screen is what should come
        print("removed %-12s end-file after %.3f s (the last one)" % (name, t_end))
        return t_end, None
    shot = p.screenshot(os.path.join(shots, "after-%s.png" % name))
    rgb = centre_colour(shot)
    assert not is_black(rgb), "black picture right after %s was removed: %r" % (name, rgb)
    st = p.wait_event("start-file", timeout=10, start=start, pred=lambda e: e.get("filename") == nxt)
    t_next = st["_t"] - t0
    assert t_next <= LIMIT, "%s started %.3f s after removing %s (limit %.1f s)" % (nxt, t_next, name, LIMIT)
    between = [e for e in p.events[start:] if e.get("event") == "idle" and e["_t"] <= st["_t"]]
    assert not between, "idle screen between %s and %s: %r" % (name, nxt, between)
    others = [e for e in p.events[start:] if e.get("event") == "start-file" and e["_t"] < st["_t"]]
    assert not others, "something else started first: %r" % others
    shot2 = p.screenshot(os.path.join(shots, "next-%s.png" % nxt))
    colour = nxt.split("-")[1].split(".")[0]
    rgb2 = centre_colour(shot2)
    assert near(rgb2, colour), "%s should be on screen, centre is %r" % (nxt, rgb2)
    print("removed %-12s end-file after %.3f s, %s started after %.3f s; screenshot right after: %s" %
          (name, t_end, nxt, t_next, tuple(int(v) for v in rgb)))
    return t_end, t_next


def main():
    work = tempfile.mkdtemp(prefix="vt-intake-rm-")
    media = os.path.join(work, "media")
    outside = os.path.join(work, "withdrawn")
    shots = os.path.join(work, "shots")
    for d in (media, outside, shots):
        os.makedirs(d)
    names = ["1-red.mp4", "2-green.mp4", "3-blue.mp4", "4-yellow.mp4"]
    for n in names:
        c = n.split("-")[1].split(".")[0]
        vtmedia.place(vtmedia.clip("rm-%s.mp4" % c, seconds=6, color=c), media, n)
    vtmedia.place(vtmedia.clip("rm-extra.mp4", seconds=6, color="white"), media, "5-extra.mp4")
    vtmedia.settled(media)  # all five in the first list, so 1-red plays first
    try:
        with Player(media, extra_args=["--settle-time", "0.3", "--rescan-interval", "0"]) as p:
            poll_until(lambda: len(playlist_names(p)) == 5, 15, what="five entries")
            poll_until(lambda: p.get("filename") == "1-red.mp4", 15, what="1-red to play")

            # A. a file that is not playing: out of the list, nothing else happens.
            start = len(p.events)
            os.unlink(os.path.join(media, "5-extra.mp4"))
            poll_until(lambda: "5-extra.mp4" not in playlist_names(p), 5, what="5-extra to leave the playlist")
            time.sleep(0.3)
            assert ev_after(p, "end-file", start) is None, p.events[start:]
            assert p.get("filename") == "1-red.mp4"

            # B. the playing file, mid-way (the next one is not pre-rolled).
            poll_until(lambda: p.get("time-pos") >= 1.0, 10, what="1 s into red")
            remove_and_check(p, os.path.join(media, "1-red.mp4"), "1-red.mp4", "2-green.mp4", shots, os.unlink)

            # C. the playing file near its end: the next one is ready.
            poll_until(lambda: p.get("time-pos") >= 4.6, 10, interval=0.02, what="green's last 1.5 s")
            remove_and_check(p, os.path.join(media, "2-green.mp4"), "2-green.mp4", "3-blue.mp4", shots, os.unlink)

            # D. moved out of the folder (mv) rather than deleted.
            poll_until(lambda: p.get("time-pos") >= 0.5, 10, what="blue to run")
            remove_and_check(p, os.path.join(media, "3-blue.mp4"), "3-blue.mp4", "4-yellow.mp4", shots,
                             lambda path: os.rename(path, os.path.join(outside, "3-blue.mp4")))

            # E. the last file: removed, then the idle screen.
            poll_until(lambda: p.get("time-pos") >= 0.5, 10, what="yellow to run")
            start = len(p.events)
            remove_and_check(p, os.path.join(media, "4-yellow.mp4"), "4-yellow.mp4", None, shots, os.unlink)
            p.wait_event("idle", timeout=10, start=start)
            assert p.get("idle-active") is True
            assert playlist_names(p) == []
            errors = [e for e in p.events if e.get("event") == "end-file" and e.get("reason") == "error"]
            assert not errors, errors
            assert p.proc.poll() is None
            assert_clean_exit(p)
        assert os.path.exists(os.path.join(outside, "3-blue.mp4"))  # untouched
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
