#!/usr/bin/env python3
"""Benchmark: time from exec to the first presented frame (target <= 150 ms).

Measured from outside: the timestamp is taken just before the fork
(vtbench.Proc), and the end is the arrival on our pipe of Vitrina's first
`video: present pts=…` debug line (written right after SDL_RenderPresent
returns for the first picture). So the figure includes everything a
shelter's TV waits for: fork+exec, dynamic linking, SDL video and audio
init, window and renderer creation (and, under X, Vitrina's check whether
the OpenGL renderer is really llvmpipe), libass/fontconfig set-up, the IPC
socket, the folder scan and intake, opening and probing the file, decoding
and converting its first frame, and the present itself. The log's own
timestamp of that line (seconds since log_init() in main) is printed too:
the difference is exec + linking + C start-up.

Media: one 5 s 1080p30 H.264 High + AAC clip with an old mtime (a freshly
written file would wait --settle-time before the intake lets it play).
Each configuration is started --runs times (default 10); the median and
the worst are printed. The runs of a configuration share one --state-dir,
as boots of the appliance share /var/lib/vitrina: the first run starts
without one (it parses Debian's iso-codes JSON, ~15 ms, and leaves the
parsed tables there), the others find them — the per-run list printed
shows that first run first. After the first frame the player gets SIGTERM; the
time to exit is reported as well (issue 2: exit within 1 s).

Configurations: headless (SDL dummy drivers); Xvfb 1920x1080 with the
default renderer choice; Xvfb with --renderer software (no OpenGL probe),
to show what the probe costs.

Peer: mpv (--no-config --ao=null, --vo=null headless / --vo=x11 under Xvfb,
-v): the arrival of its "first video frame after restart shown" line, which
mpv logs once it has handed the first frame to its VO thread (so mpv's figure
is, if anything, slightly early). ffplay logs nothing when it shows a
frame, so it has no reliable external figure and is not measured.
Asserts nothing. Usage: python3 tests/bench/startup.py [--runs N]
"""
import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import vtbench  # noqa: E402  (sets the media cache before vtmedia is imported)
import vtmedia  # noqa: E402

TARGET_MS = 150.0


def vitrina_once(env, folder, work, state, extra):
    p = vtbench.Proc([vtbench.vitrina_bin(), "--config", "none", "--log-level", "debug",
                      "--ipc", os.path.join(work, "ipc.sock"), "--state-dir", state]
                     + extra + [folder], env=env)
    hit = p.wait_line(r"video: present pts=", 20)
    t_sig = time.monotonic()
    p.stop()
    if not hit:
        return None, None, None, "no frame presented (exit %s): %s" % (p.rc, p.text()[-300:])
    parsed = vtbench.parse_log(hit[2].string)
    return (hit[1] - p.t_exec) * 1e3, parsed[0] * 1e3 if parsed else None, (p.t_exit - t_sig) * 1e3, None


def mpv_once(env, clip, headless):
    argv = ["mpv", "--no-config", "--ao=null", "-v", "--input-terminal=no",
            "--vo=null" if headless else "--vo=x11"] + ([] if headless else ["--fs"]) + [clip]
    p = vtbench.Proc(argv, env=env, stdout_too=True)
    hit = p.wait_line(r"first video frame after restart shown", 20)
    p.stop()
    return (hit[1] - p.t_exec) * 1e3 if hit else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    t_start = time.monotonic()
    work = tempfile.mkdtemp(prefix="vt-bench-start-")
    rows, verdicts = [], []
    try:
        folder = os.path.join(work, "media")
        src = vtmedia.hd_clip("startup-1080p30.mp4", seconds=5)
        clip = vtmedia.place(src, folder, "clip.mp4")
        old = time.time() - 3600
        os.utime(clip, (old, old))
        print("load average before: %.2f %.2f %.2f" % os.getloadavg(), flush=True)
        configs = [("headless", None, [])]
        if vtbench.have("Xvfb"):
            configs += [("Xvfb, default renderer", "1920x1080x24", []),
                        ("Xvfb, --renderer software", "1920x1080x24", ["--renderer", "software"])]
        for label, screen, extra in configs:
            with vtbench.display(screen) as (env, x):
                ext, inproc, quit_ms = [], [], []
                for i in range(args.runs):
                    run_dir = os.path.join(work, "run-%s-%d" % (label.split(",")[0], i))
                    os.makedirs(run_dir, exist_ok=True)
                    state = os.path.join(work, "state-%s" % label.split(",")[0])
                    e, ip, q, err = vitrina_once(env, folder, run_dir, state, extra)
                    if err:
                        print("  %s: %s" % (label, err))
                        continue
                    ext.append(e)
                    inproc.append(ip)
                    quit_ms.append(q)
                rows.append(["vitrina", label, len(ext), vtbench.fmt(vtbench.median(ext), "%.0f"),
                             vtbench.fmt(max(ext) if ext else None, "%.0f"),
                             vtbench.fmt(vtbench.median(inproc), "%.0f"),
                             vtbench.fmt(max(quit_ms) if quit_ms else None, "%.0f")])
                verdicts.append(("Vitrina exec → first frame, %s (median)" % label, vtbench.median(ext)))
                print("  vitrina %s: %s" % (label, " ".join("%.0f" % v for v in ext)), flush=True)
                if vtbench.have("mpv") and "software" not in label:
                    m = [v for v in (mpv_once(env, clip, x is None) for _ in range(args.runs)) if v is not None]
                    rows.append(["mpv", label.split(",")[0] + (" (--vo=null)" if x is None else " (--vo=x11)"),
                                 len(m), vtbench.fmt(vtbench.median(m), "%.0f"),
                                 vtbench.fmt(max(m) if m else None, "%.0f"), "-", "-"])
                    verdicts.append(("  peer: mpv exec → first frame handed to its VO, %s (median)" %
                                     label.split(",")[0], vtbench.median(m)))
                    print("  mpv %s: %s" % (label, " ".join("%.0f" % v for v in m)), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())
    print()
    print("Exec → first presented frame, 1080p H.264 clip, %d runs each (ms)" % args.runs)
    vtbench.table(["player", "configuration", "runs", "median", "worst", "in-process median",
                   "SIGTERM → exit worst"], rows)
    print()
    by_label = dict(verdicts)
    for what, value in verdicts:
        if what.startswith("  peer"):
            print("%s: %s ms" % (what.strip(), vtbench.fmt(value, "%.0f")))
            vit = by_label.get("Vitrina exec → first frame, %s (median)" %
                               ("headless" if "headless" in what else "Xvfb, default renderer"))
            if vit and value:
                print("  ratio Vitrina / mpv: %.2f×" % (vit / value))
        else:
            vtbench.target_line(what, value, TARGET_MS, " ms", "%.0f")
    print("\n(total benchmark time %.0f s)" % (time.monotonic() - t_start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
