#!/usr/bin/env python3
"""Benchmark: CPU, memory and dropped frames for real-time 1080p playback.

Plays one 30 s 1080p30 H.264 (High, 6 Mb/s) + AAC clip in real time, full
screen on an Xvfb 1920x1080x24 server, one player after another, all in the
same run:
  vitrina           its default renderer choice (it detects llvmpipe and
                    picks SDL's software renderer; the log line is printed)
  ffplay-sw         SDL_RENDER_DRIVER=software (SDL then presents its window
                    surface through OpenGL = llvmpipe, SDL's default)
  ffplay            SDL's default renderer (OpenGL on llvmpipe)
  mpv               --vo=x11 (software scaling + XShm), --ao=null
Sound goes nowhere for everybody: SDL_AUDIODRIVER=dummy (Vitrina, ffplay)
and --ao=null (mpv); both consume audio in real time like a device would.

Dense subtitle cases (issue 5): the same clip with a dense SubRip sidecar (a
new styled line every 0.5 s, up to three on screen) and with an ASS script
(\\kf karaoke sweeps and \\move lines, re-rendered on every frame):
  vitrina+srt/ass   sidecar beside the clip, picked by --languages en
  ffplay-sw+srt/ass -vf subtitles=FILE (ffplay's only way: libass burns the
                    text into every decoded frame)
  mpv+srt/ass       --sub-file=FILE
A short unmeasured Vitrina run first takes a screenshot over IPC to prove the
subtitles are really drawn (else the "with subtitles" ratio means nothing).

Measured per run: CPU seconds (user+sys of the player and all its threads,
from wait4() rusage, exec to exit), the X server's CPU during the run (from
/proc: drawing costs land there too), peak RSS, dropped frames (Vitrina: its
"ended: … N dropped" log line; ffplay: the last fd= of its status line; mpv:
frame-drop-count + vo-drop-frame-count from --term-status-msg), plus the
ratio to `ffmpeg -threads 1 -i clip -f null -` (single-threaded decode of
the same clip). Vitrina is stopped with SIGTERM when its log says the clip
ended (it would loop); ffplay -autoexit and mpv exit at the end by
themselves. The clip and sidecars get an old mtime, so Vitrina's intake
plays them at once (a fresh file waits --settle-time first).

The plain runs are repeated --repeat times (default 2), the subtitle runs
--sub-repeat times (default 1), interleaved; medians are reported (dropped
frames and RSS: the worst run). About 8 minutes with the defaults. The load
average is printed before and after: this is CPU time, so other work on the
machine inflates it less than wall time, but it can cause dropped frames.
Prints numbers and targets; asserts nothing.

Usage: python3 tests/bench/playback_cpu.py [--repeat N] [--sub-repeat N] [--no-subs]
"""
import argparse
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtbench  # noqa: E402  (sets the media cache before vtmedia is imported)
import vtmedia  # noqa: E402

SECONDS = 30
TIMEOUT = SECONDS + 30


def run_vitrina(env, folder, work, tag):
    sock = os.path.join(work, "ipc-%s.sock" % tag)
    argv = [vtbench.vitrina_bin(), "--config", "none", "--log-level", "verbose", "--languages", "en",
            "--state-dir", os.path.join(work, "state-" + tag), "--ipc", sock, folder]
    p = vtbench.Proc(argv, env=env)
    hit = p.wait_line(r"core: ended: clip\.mp4 \(eof, (\d+) frames, (\d+) dropped\)", TIMEOUT)
    drops = vtbench.ipc_get(sock, "frame-drop-count", timeout=1.0)
    p.stop()
    note = ""
    r = p.wait_line(r"video: renderer: (.*)", 0)
    if r:
        note = "renderer: " + r[2].group(1)
    if not hit:
        return p, None, "did not reach the end of the clip (exit %s)" % p.rc
    if drops is None:
        drops = int(hit[2].group(2))
    return p, drops, note


def run_ffplay(env, clip, sub=None, software=True):
    e = dict(env)
    if software:
        e["SDL_RENDER_DRIVER"] = "software"
    argv = ["ffplay", "-hide_banner", "-fs", "-autoexit"]
    if sub:
        argv += ["-vf", "subtitles=%s" % os.path.basename(sub)]
    argv += [clip]
    p = vtbench.Proc(argv, env=e, cwd=os.path.dirname(sub) if sub else None)
    ok = p.wait(TIMEOUT)
    p.stop()
    fd = None
    for _, line in p.lines:
        m = re.search(r"fd=\s*(\d+)", line)
        if m:
            fd = int(m.group(1))
    return p, fd, "" if ok else "did not exit by itself"


def run_mpv(env, clip, sub=None):
    argv = ["mpv", "--no-config", "--vo=x11", "--ao=null", "--fs", "--input-terminal=no",
            "--term-status-msg=VTSTAT drop=${frame-drop-count} vodrop=${vo-drop-frame-count}"]
    argv += ["--sub-file=%s" % sub] if sub else ["--sub-auto=no"]
    argv += [clip]
    p = vtbench.Proc(argv, env=env)
    ok = p.wait(TIMEOUT)
    p.stop()
    drops = None
    for _, line in p.lines:
        m = re.search(r"VTSTAT drop=(\d+) vodrop=(\d+)", line)
        if m:
            drops = int(m.group(1)) + int(m.group(2))
    return p, drops, "" if ok else "did not exit by itself"


def decode_baseline(clip, repeat):
    cpu = []
    for _ in range(repeat):
        p = vtbench.Proc(["ffmpeg", "-nostdin", "-loglevel", "error", "-threads", "1", "-i", clip,
                          "-f", "null", "-"])
        p.wait(120)
        p.stop()
        cpu.append(p.cpu)
    return vtbench.median(cpu)


def white_in_band(png):
    """Near-white pixels in the bottom 40 % of a screenshot (subtitle text)."""
    import vtplayer
    w, h, rgb = vtplayer.png_pixels(png)
    n = 0
    for y in range(int(h * 0.6), h, 2):
        row = rgb[y * w * 3:(y + 1) * w * 3]
        for x in range(0, w * 3, 6):
            if row[x] > 225 and row[x + 1] > 225 and row[x + 2] > 225:
                n += 1
    return n


def check_subtitles_drawn(env, folders, work):
    """Screenshot Vitrina 2.2 s into each folder; compare text pixels."""
    counts = {}
    for name, folder in folders.items():
        sock = os.path.join(work, "shot-%s.sock" % name)
        p = vtbench.Proc([vtbench.vitrina_bin(), "--config", "none", "--log-level", "verbose",
                          "--languages", "en", "--state-dir", os.path.join(work, "state-shot"), "--ipc", sock,
                          folder], env=env)
        counts[name] = None
        if p.wait_line(r"core: playing 1/1", 15):
            time.sleep(2.2)
            ctl = vtbench.vitrinactl_bin()
            png = os.path.join(work, "shot-%s.png" % name)
            if ctl:
                import subprocess
                subprocess.run([ctl, "--socket", sock, "screenshot", png], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=40)
            if os.path.exists(png):
                counts[name] = white_in_band(png)
        p.stop()
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=2, help="runs of each plain case")
    ap.add_argument("--sub-repeat", type=int, default=1, help="runs of each subtitle case")
    ap.add_argument("--no-subs", action="store_true", help="skip the dense subtitle cases")
    args = ap.parse_args()
    for prog in ("Xvfb", "ffmpeg", "ffplay", "mpv"):
        if not vtbench.have(prog):
            sys.exit("%s is not installed (see packaging/deps.sh)" % prog)

    t_start = time.monotonic()
    print("generating the 30 s 1080p30 H.264 6 Mb/s + AAC clip (cached) …", flush=True)
    src = vtmedia.hd_clip("bench-1080p30-6M.mp4", seconds=SECONDS)
    work = tempfile.mkdtemp(prefix="vt-bench-cpu-")
    try:
        folders = {}
        for case in ("plain", "srt", "ass"):
            folders[case] = os.path.join(work, case)
            vtmedia.place(src, folders[case], "clip.mp4")
        subs = {"srt": vtmedia.dense_srt(folders["srt"], "clip.en.srt", SECONDS),
                "ass": vtmedia.dense_ass(folders["ass"], "clip.en.ass", SECONDS)}
        old = time.time() - 3600
        for folder in folders.values():
            for f in os.listdir(folder):
                os.utime(os.path.join(folder, f), (old, old))
        clip = os.path.join(folders["plain"], "clip.mp4")

        print("decode baseline: ffmpeg -threads 1 -i clip -f null - …", flush=True)
        decode = decode_baseline(clip, max(2, args.repeat))

        runs = [("vitrina", "plain"), ("ffplay-sw", "plain"), ("ffplay", "plain"), ("mpv", "plain")]
        if not args.no_subs:
            runs += [("vitrina", "srt"), ("ffplay-sw", "srt"), ("mpv", "srt"),
                     ("vitrina", "ass"), ("ffplay-sw", "ass"), ("mpv", "ass")]
        results = {r: [] for r in runs}
        with vtbench.Xvfb("1920x1080x24") as x:
            env = dict(os.environ, DISPLAY=x.display, SDL_AUDIODRIVER="dummy")
            env.pop("SDL_VIDEODRIVER", None)
            env.pop("SDL_RENDER_DRIVER", None)
            print("Xvfb on %s, 1920x1080x24; audio: SDL dummy driver / mpv --ao=null" % x.display, flush=True)
            shots = {}
            if not args.no_subs:
                shots = check_subtitles_drawn(env, {"plain": folders["plain"], "srt": folders["srt"],
                                                    "ass": folders["ass"]}, work)
            print("load average before: %.2f %.2f %.2f" % os.getloadavg(), flush=True)
            for rep in range(max(args.repeat, args.sub_repeat)):
                for player, case in runs:
                    if rep >= (args.repeat if case == "plain" else args.sub_repeat):
                        continue
                    sub = subs.get(case)
                    case_clip = os.path.join(folders[case], "clip.mp4")
                    x0 = x.cpu()
                    if player == "vitrina":
                        p, drops, note = run_vitrina(env, folders[case], work, "%s-%s-%d" % (player, case, rep))
                    elif player.startswith("ffplay"):
                        p, drops, note = run_ffplay(env, case_clip, sub, software=player == "ffplay-sw")
                    else:
                        p, drops, note = run_mpv(env, case_clip, sub)
                    xcpu = x.cpu() - x0
                    results[(player, case)].append(dict(cpu=p.cpu, rss=p.maxrss_mb, drops=drops, wall=p.wall,
                                                        xcpu=xcpu, note=note))
                    print("  run %d: %-10s %-5s cpu %6.2f s  X %5.2f s  rss %6.1f MB  dropped %s  wall %.1f s  %s" %
                          (rep + 1, player, case, p.cpu, xcpu, p.maxrss_mb, drops, p.wall, note), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def med(key, field):
        return vtbench.median([r[field] for r in results.get(key, [])])

    def worst(key, field):
        vals = [r[field] for r in results.get(key, []) if r[field] is not None]
        return max(vals) if vals else None

    print()
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())
    print("Playback of a 30 s 1080p30 H.264 6 Mb/s clip under Xvfb 1920x1080, medians of %d run(s) "
          "(subtitle cases %d); decode baseline (ffmpeg -threads 1 -f null) %.2f s CPU" %
          (args.repeat, args.sub_repeat, decode))
    rows = []
    for key in runs:
        if not results[key]:
            continue
        cpu = med(key, "cpu")
        rows.append([key[0], key[1], vtbench.fmt(cpu), vtbench.fmt(cpu / decode if cpu else None, "%.2f×"),
                     vtbench.fmt(med(key, "xcpu")), vtbench.fmt((cpu or 0) + (med(key, "xcpu") or 0)),
                     vtbench.fmt(worst(key, "rss"), "%.0f"), vtbench.fmt(worst(key, "drops"), "%d"),
                     vtbench.fmt(med(key, "wall"), "%.1f")])
    vtbench.table(["player", "case", "CPU s", "×decode", "X srv s", "total s", "peak RSS MB", "dropped",
                   "wall s"], rows)
    for key in runs:
        d = worst(key, "drops")
        if key[0] != "vitrina" and d and d > SECONDS * 30 // 100:
            print("note: %s (%s) dropped up to %d of %d frames: it could not keep up, so its CPU figure "
                  "is for less work than the others did" % (key[0], key[1], d, SECONDS * 30))
    notes = {r["note"] for rs in results.values() for r in rs if r["note"]}
    for n in sorted(notes):
        print("note: " + n)
    if shots:
        print("subtitle check (near-white pixels in the bottom 40 %% of a screenshot, sampled): %s" %
              ", ".join("%s %s" % (k, v) for k, v in shots.items()))
    print()
    v = med(("vitrina", "plain"), "cpu")
    ffsw, ffgl, mpv = (med((p, "plain"), "cpu") for p in ("ffplay-sw", "ffplay", "mpv"))
    ratio = lambda a, b: a / b if a and b else None  # noqa: E731
    vtbench.target_line("Vitrina CPU vs ffplay (software renderer)", ratio(v, ffsw), 0.35, "×")
    vtbench.target_line("Vitrina CPU vs ffplay (default renderer)", ratio(v, ffgl), 0.35, "×")
    vtbench.target_line("Vitrina CPU vs mpv --vo=x11", ratio(v, mpv), 0.8, "×")
    vtbench.target_line("Vitrina dropped frames (worst run)", worst(("vitrina", "plain"), "drops"), 0, "",
                        "%d")
    vtbench.target_line("Vitrina peak RSS (worst run)", worst(("vitrina", "plain"), "rss"), 100, " MB", "%.0f")
    if not args.no_subs:
        for case in ("srt", "ass"):
            vs = ratio(med(("vitrina", case), "cpu"), v)
            vtbench.target_line("Vitrina CPU with dense %s ÷ without" % case.upper(), vs, 1.1, "×")
            print("  peers, same ratio: mpv %s, ffplay-sw (-vf subtitles) %s" %
                  (vtbench.fmt(ratio(med(("mpv", case), "cpu"), mpv), "%.2f×"),
                   vtbench.fmt(ratio(med(("ffplay-sw", case), "cpu"), ffsw), "%.2f×")))
            if shots.get(case) is not None and shots.get("plain") is not None:
                drawn = shots[case] > shots["plain"] + 500
                print("  Vitrina draws the %s subtitles: %s (screenshot text pixels %d vs %d without)" %
                      (case.upper(), "yes" if drawn else "NO — the ratio above is meaningless",
                       shots[case], shots["plain"]))
    print("\n(total benchmark time %.0f s)" % (time.monotonic() - t_start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
