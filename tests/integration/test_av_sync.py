#!/usr/bin/env python3
"""A/V sync over a 60 s clip stays within ±40 ms (issue 2, "Playback").

The clip (vtmedia.flash_beep) has, once a second, one white frame and a
50 ms 1 kHz beep that start at the same instant. Vitrina plays it headless
(SDL_VIDEODRIVER=dummy) with SDL's *disk* audio driver writing the mixed
output into a FIFO that this test reads, so both sides are observed from
outside the player's clocks:

  flash k seen   = the log timestamp of the `present pts=k.000` debug line
                   (the line is written right after SDL_RenderPresent), put
                   on this process's monotonic clock with the offset
                   min(arrival - log timestamp) over all log lines;
  beep k heard   = the moment the disk driver wrote the buffer holding the
                   beep's first sample (when our select() loop got it from
                   the FIFO) + the sample's place in that buffer / 48 kHz.
                   The disk driver "plays" a buffer as it writes it and then
                   sleeps one buffer period, so this is the earliest a real
                   device could play it; the player assumes one buffer of
                   device latency, so about +21 ms (video after sound, the
                   lip-sync direction viewers tolerate best) is expected.

offset_k = flash k seen - beep k heard; every k in 0..59 must be paired and
|offset_k| <= 40 ms. The player's own view (pts - audio clock at each
present, from the same log) must stay within ±40 ms too.

The test proves it can fail: a short control clip whose beeps come 120 ms
after the flashes (vtmedia.flash_beep_shifted) is measured the same way; the
±40 ms check must reject it and its median offset must move by -120 ms ± 15 ms
against the main clip's. Runs ~72 s; label "timing" (not run under ASan).
"""
# ctest-labels: timing
# ctest-timeout: 240
# ctest-serial
import array
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtbench  # noqa: E402  (sets the media cache before vtmedia is imported)
import vtmedia  # noqa: E402

RATE = 48000
CHANNELS = 2
FRAME_BYTES = 4 * CHANNELS          # AUDIO_F32SYS, stereo (ao_sdl.c)
LIMIT_MS = 40.0
CONTROL_DELAY = 0.120               # s; the deliberately shifted clip
BEEP_THRESHOLD = 0.25               # beeps are 0.8 full scale, silence is 0
PRESENT_RE = re.compile(r"present pts=([-0-9.]+) master=(\S+) aclock=(\S+)")


def play(clip, seconds, workdir):
    """Play `clip` once; return (log lines [(arrival, text)], audio reads
    [(arrival, bytes_so_far)], audio bytes)."""
    media = os.path.join(workdir, "media")
    os.makedirs(media)
    vtmedia.place(clip, media, "clip.mp4")
    fifo = os.path.join(workdir, "audio.fifo")
    os.mkfifo(fifo)
    # O_RDWR: the FIFO always has a writer (us), so select() never reports a
    # spurious EOF before SDL opens it, and SDL's open() never blocks.
    afd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=fifo)
    argv = [vtbench.vitrina_bin(), "--config", "none", "--log-level", "debug", "--no-watch",
            "--state-dir", os.path.join(workdir, "state"), "--ipc", os.path.join(workdir, "ipc.sock"), media]
    p = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    efd = p.stderr.fileno()
    lines, reads, audio = [], [], bytearray()
    pending = b""
    deadline = time.monotonic() + seconds + 20
    done = False
    try:
        while not done and time.monotonic() < deadline:
            ready, _, _ = select.select([efd, afd], [], [], 0.2)
            now = time.monotonic()
            if afd in ready:
                while True:
                    try:
                        chunk = os.read(afd, 1 << 16)
                    except BlockingIOError:
                        break
                    if not chunk:
                        break
                    audio += chunk
                    reads.append((now, len(audio)))
            if efd in ready:
                chunk = os.read(efd, 1 << 16)
                if not chunk:
                    break
                pending += chunk
                *full, pending = pending.split(b"\n")
                for raw in full:
                    text = raw.decode("utf-8", "replace")
                    lines.append((now, text))
                    if re.search(r"core: ended: clip\.mp4 \(", text):
                        done = True
    finally:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        os.close(afd)
    if not done:
        print("\n".join(t for _, t in lines[-30:]))
        sys.exit("FAIL: the clip did not play to its end within %d s (exit %s)" % (seconds + 20, p.returncode))
    return lines, reads, bytes(audio)


def flashes(lines):
    """{k: (log time of the white frame's present), ...}, the player's own
    A/V view: [pts - aclock] in ms for every present with audio running, and
    the seconds k whose white frame the player dropped as late."""
    seen, internal, dropped = {}, [], set()
    for _, text in lines:
        if "core: ended: clip.mp4" in text:
            break  # the next loop starts over at pts 0
        p = vtbench.parse_log(text)
        d = re.search(r"dropped frame pts=([-0-9.]+)", text)
        if d and abs(float(d.group(1)) - round(float(d.group(1)))) < 0.002:
            dropped.add(round(float(d.group(1))))
        m = PRESENT_RE.search(text)
        if not p or not m:
            continue
        pts, aclock = float(m.group(1)), float(m.group(3))
        k = round(pts)
        if abs(pts - k) < 0.002 and k not in seen:
            seen[k] = p[0]
        if aclock == aclock:  # not NaN: the audio clock runs
            internal.append((pts - aclock) * 1e3)
    return seen, internal, dropped


def beeps(reads, audio, buf_frames):
    """Times (this process's monotonic clock) at which each beep's first
    sample is heard, and how many device buffers arrived late (merged)."""
    usable = len(audio) - len(audio) % FRAME_BYTES
    samples = array.array("f")
    samples.frombytes(audio[:usable])
    left = samples[0::CHANNELS]
    onsets = []
    quiet = RATE // 4          # a beep starts after >= 0.25 s of silence
    last_loud = -quiet
    block = 48
    for b in range(0, len(left), block):
        seg = left[b:b + block]
        if max(seg) < BEEP_THRESHOLD and -min(seg) < BEEP_THRESHOLD:
            continue
        s = b + next(i for i, x in enumerate(seg) if abs(x) >= BEEP_THRESHOLD)
        if s - last_loud >= quiet:
            onsets.append(s)
        last_loud = b + block - 1
    # When was each device buffer written? SDL's disk driver writes a whole
    # buffer with one write() and then sleeps one buffer period. A buffer is
    # "written" at the arrival of the read that completed it; when one read
    # completed several, we were late for the earlier ones: they are placed
    # one period back each.
    period = buf_frames / RATE
    buf_bytes = buf_frames * FRAME_BYTES
    written = []
    merged = 0
    for t, end in reads:
        done = end // buf_bytes
        fresh = done - len(written)
        if fresh > 1:
            merged += fresh - 1
        for i in range(fresh):
            written.append(t - (fresh - 1 - i) * period)
    times = []
    for s in onsets:
        idx = s // buf_frames
        if idx >= len(written):
            break
        times.append(written[idx] + (s % buf_frames) / RATE)
    return times, merged


def measure(label, clip, seconds, workdir):
    lines, reads, audio = play(clip, seconds, workdir)
    proc_off = None
    for t, text in lines:
        p = vtbench.parse_log(text)
        if p:
            d = t - p[0]
            proc_off = d if proc_off is None or d < proc_off else proc_off
    seen, internal, dropped = flashes(lines)
    bufm = [re.search(r"(\d+)-frame buffer \(disk\)", t) for _, t in lines]
    bufm = [m for m in bufm if m]
    if not bufm:
        sys.exit("FAIL: the player did not open SDL's disk audio driver:\n" + "\n".join(t for _, t in lines[:15]))
    heard, merged = beeps(reads, audio, int(bufm[0].group(1)))
    offsets = {}
    for k, t_log in sorted(seen.items()):
        tv = t_log + proc_off
        near = [ta for ta in heard if abs(tv - ta) < 0.5]
        if near:
            ta = min(near, key=lambda x: abs(tv - x))
            offsets[k] = (tv - ta) * 1e3
    vals = [offsets[k] for k in sorted(offsets)]
    res = {
        "label": label, "flashes": len(seen), "beeps": len(heard), "pairs": len(vals),
        "expected": int(seconds), "offsets": offsets, "merged_reads": merged, "audio_s": len(audio) / (RATE * FRAME_BYTES),
        "mean": sum(vals) / len(vals) if vals else None, "median": vtbench.median(vals),
        "min": min(vals) if vals else None, "max": max(vals) if vals else None,
        "internal_max": max((abs(x) for x in internal), default=None), "internal_n": len(internal),
        "drops": sum(1 for _, t in lines if "dropped frame" in t), "dropped_flashes": dropped,
    }
    if len(vals) >= 2:  # drift: least-squares slope of offset over k, ms per minute
        ks = sorted(offsets)
        mk = sum(ks) / len(ks)
        mv = res["mean"]
        den = sum((k - mk) ** 2 for k in ks)
        res["drift_ms_per_min"] = 60 * sum((k - mk) * (offsets[k] - mv) for k in ks) / den if den else 0.0
    print("%-8s flashes %d/%d, beeps %d, paired %d; offset (video - audio) mean %+.1f ms, min %+.1f, max %+.1f, "
          "drift %+.1f ms/min; player's own |pts - aclock| max %.1f ms over %d frames; %d dropped; "
          "%d late FIFO reads; %.1f s of audio written" %
          (label, res["flashes"], res["expected"], res["beeps"], res["pairs"], res["mean"] or 0, res["min"] or 0,
           res["max"] or 0, res.get("drift_ms_per_min", 0), res["internal_max"] or 0, res["internal_n"],
           res["drops"], merged, res["audio_s"]))
    return res


def in_sync(res):
    """The requirement: every second's flash paired with its beep, all within
    ±40 ms. A white frame the player dropped as late (logged; a loaded
    machine) cannot be paired: up to 2 such seconds are excused, any other
    missing pair fails."""
    problems = []
    missing = [k for k in range(res["expected"]) if k not in res["offsets"]]
    excused = [k for k in missing if k in res["dropped_flashes"]]
    if len(excused) > 2 or len(missing) > len(excused):
        problems.append("flash/beep pairs missing for seconds %s (white frame dropped: %s)" %
                        (missing[:10], excused[:10]))
    elif excused:
        print("note: the white frame of second(s) %s was dropped as late; not paired" % excused)
    bad = {k: v for k, v in res["offsets"].items() if abs(v) > LIMIT_MS}
    if bad:
        problems.append("offset beyond ±%.0f ms at %s" %
                        (LIMIT_MS, ", ".join("%ds: %+.1f ms" % (k, v) for k, v in sorted(bad.items())[:8])))
    if res["internal_max"] is None or res["internal_max"] > LIMIT_MS:
        problems.append("player's own pts - audio clock reached %s ms" % res["internal_max"])
    return problems


def main():
    main_clip = vtmedia.flash_beep("avsync-60s.mp4", seconds=60)
    control_clip = vtmedia.flash_beep_shifted("avsync-shift120.mp4", seconds=8, audio_delay=CONTROL_DELAY)
    with tempfile.TemporaryDirectory(prefix="vt-avsync-") as tmp:
        os.makedirs(os.path.join(tmp, "main"))
        os.makedirs(os.path.join(tmp, "control"))
        res = measure("main", main_clip, 60, os.path.join(tmp, "main"))
        ctl = measure("control", control_clip, 8, os.path.join(tmp, "control"))
    print("per-second offsets (ms): " + " ".join("%+.0f" % res["offsets"][k] for k in sorted(res["offsets"])))
    failures = []
    problems = in_sync(res)
    if problems:
        failures.append("A/V sync out of bounds: " + "; ".join(problems))
    # The measurement must see a known error: the shifted clip fails the
    # same check, and by the right amount.
    if not in_sync(ctl):
        failures.append("the check accepted a clip whose sound is %d ms late: it cannot fail" %
                        (CONTROL_DELAY * 1e3))
    if res["median"] is not None and ctl["median"] is not None:
        shift = ctl["median"] - res["median"]
        print("control: median offset moved by %+.1f ms (expected %+.0f ms)" % (shift, -CONTROL_DELAY * 1e3))
        if abs(shift + CONTROL_DELAY * 1e3) > 15:
            failures.append("a %d ms shift in the clip measured as %+.1f ms: the measurement is off" %
                            (CONTROL_DELAY * 1e3, shift))
    if failures:
        for f in failures:
            print("FAIL: " + f)
        return 1
    print("PASS: A/V offset within ±%.0f ms over %d s (mean %+.1f ms, range %+.1f … %+.1f ms)" %
          (LIMIT_MS, res["expected"], res["mean"], res["min"], res["max"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
