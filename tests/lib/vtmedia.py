"""Test media, generated at test time with the ffmpeg CLI (never committed).

Every generator writes into a cache directory ($VT_MEDIA_CACHE, default
build/test-media) keyed by its parameters, so a clip is made once per build
tree and copied (or hard-linked) into each test's own folder.
"""
import fcntl
import hashlib
import os
import shutil
import subprocess

CACHE = os.environ.get("VT_MEDIA_CACHE") or os.path.join(os.getcwd(), "test-media")
# Third-party test files (read in place, never copied into the repository).
CORPUS = os.environ.get("VT_CORPUS") or os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                     "../../../shared/corpus")


def _run(args):
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise RuntimeError("ffmpeg failed: %s\n%s" % (" ".join(args), r.stderr.decode(errors="replace")[-2000:]))


def ff(args):
    """Run the ffmpeg CLI (FF + args) for a file made in a test's own folder
    (not cached); RuntimeError with its messages when it fails."""
    _run(FF + args)


def cached(name, args_fn):
    """Return the cache path for `name`, generating it with args_fn(path)."""
    os.makedirs(CACHE, exist_ok=True)
    key = hashlib.sha1(repr(args_fn(os.path.join(CACHE, "X"))).encode()).hexdigest()[:10]
    base, ext = os.path.splitext(name)
    path = os.path.join(CACHE, "%s-%s%s" % (base, key, ext))
    if os.path.exists(path):
        return path
    # Tests run in parallel and several may want the same clip at once: one
    # makes it under an exclusive lock while the others wait, and each writer
    # has its own temporary name, so nobody ever reads a half-written or
    # doubly-written clip.
    with open(path + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(path):
            tmp = "%s.tmp%d%s" % (path, os.getpid(), ext)
            try:
                _run(args_fn(tmp))
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
    return path


FF = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]

VCODEC_ARGS = {
    "h264": ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
    "hevc": ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-pix_fmt", "yuv420p"],
    "vp8": ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M"],
    "vp9": ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M"],
    "av1": ["-c:v", "libaom-av1", "-cpu-used", "8", "-usage", "realtime", "-b:v", "500k"],
    "mpeg2": ["-c:v", "mpeg2video", "-q:v", "4"],
    "mpeg4": ["-c:v", "mpeg4", "-q:v", "4"],
    "prores": ["-c:v", "prores_ks", "-profile:v", "0"],
    "theora": ["-c:v", "libtheora", "-q:v", "5"],
    "flv1": ["-c:v", "flv", "-q:v", "4"],
}
ACODEC_ARGS = {
    "aac": ["-c:a", "aac", "-b:a", "96k"],
    "opus": ["-c:a", "libopus", "-b:a", "64k"],
    "vorbis": ["-c:a", "libvorbis", "-q:a", "3"],
    "mp3": ["-c:a", "libmp3lame", "-b:a", "96k"],
    "mp2": ["-c:a", "mp2", "-b:a", "128k"],
    "pcm": ["-c:a", "pcm_s16le"],
}


def clip(name, vcodec="h264", acodec="aac", seconds=2.0, size="320x240", rate=25, color=None,
         extra_v=None, extra_out=None, freq=440):
    """A test-pattern clip (testsrc2, or a solid colour) with a sine tone."""
    def args(out):
        a = FF[:]
        src = "color=c=%s:s=%s:r=%d:d=%s" % (color, size, rate, seconds) if color else \
              "testsrc2=s=%s:r=%d:d=%s" % (size, rate, seconds)
        a += ["-f", "lavfi", "-i", src]
        if acodec:
            a += ["-f", "lavfi", "-i", "sine=frequency=%d:sample_rate=48000:duration=%s" % (freq, seconds)]
        a += VCODEC_ARGS[vcodec] + (extra_v or [])
        if acodec:
            a += ACODEC_ARGS[acodec] + ["-shortest"]
        a += (extra_out or []) + [out]
        return a
    return cached(name, args)


def still(name, size="640x360", color="navy"):
    def args(out):
        return FF + ["-f", "lavfi", "-i", "color=c=%s:s=%s:d=1,drawtext=text='STILL':fontsize=48:fontcolor=white:x=(w-tw)/2:y=(h-th)/2" % (color, size),
                     "-frames:v", "1", out]
    return cached(name, args)


def audio_only(name, seconds=2.0, acodec="mp3", title="Audio testimony"):
    def args(out):
        return FF + ["-f", "lavfi", "-i", "sine=frequency=330:sample_rate=44100:duration=%s" % seconds] + \
            ACODEC_ARGS[acodec] + ["-metadata", "title=%s" % title, out]
    return cached(name, args)


def rotated(name, seconds=2.0, rotation=90):
    """A landscape-encoded clip with display-matrix rotation (a portrait phone video)."""
    base = clip("rot-src.mp4", "h264", "aac", seconds, "320x180")
    def args(out):
        return FF + ["-i", base, "-c", "copy", "-metadata:s:v:0", "rotate=%d" % rotation, out]
    return cached(name, args)


def flash_beep(name, seconds=60, size="320x240", rate=30):
    """A/V sync clip: once a second a white frame and a 1 kHz beep start together."""
    def args(out):
        v = ("color=c=black:s=%s:r=%d:d=%d,geq=lum='if(lt(mod(T,1),1/%d),235,16)':cb=128:cr=128" %
             (size, rate, seconds, rate))
        a = ("aevalsrc='if(lt(mod(t,1),0.05),0.8*sin(2*PI*1000*t),0)':s=48000:d=%d" % seconds)
        return FF + ["-f", "lavfi", "-i", v, "-f", "lavfi", "-i", a] + VCODEC_ARGS["h264"] + \
            ["-g", "30"] + ACODEC_ARGS["aac"] + ["-shortest", out]
    return cached(name, args)


def place(path, folder, as_name=None):
    """Copy a cached file into a test folder (a fresh inode: tests may modify it)."""
    os.makedirs(folder, exist_ok=True)
    dst = os.path.join(folder, as_name or os.path.basename(path))
    shutil.copyfile(path, dst)
    return dst


def settled(folder):
    """Date every file in `folder` an hour back: copied long ago as far as
    the player's intake can tell, so it takes them at once."""
    import time
    old = time.time() - 3600
    for f in os.listdir(folder):
        os.utime(os.path.join(folder, f), (old, old))


def one_cue_srt(path, text, seconds):
    """Write a SubRip sidecar with one cue, `text` from 0 to `seconds` s."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("1\n00:00:00,000 --> %s\n%s\n" % (_srt_time(seconds), text))
    return path


def zero_byte(folder, name="empty.mp4"):
    p = os.path.join(folder, name)
    open(p, "wb").close()
    return p


def random_bytes(folder, name="random.mp4", size=200000, seed=7):
    import random
    rnd = random.Random(seed)
    p = os.path.join(folder, name)
    with open(p, "wb") as f:
        f.write(bytes(rnd.getrandbits(8) for _ in range(size)))
    return p


def truncated(src, folder, name="truncated.mp4", keep=0.4):
    """The first `keep` fraction of a file (a half-copied or cut download)."""
    data = open(src, "rb").read()
    p = os.path.join(folder, name)
    with open(p, "wb") as f:
        f.write(data[: int(len(data) * keep)])
    return p


# --- added for the benchmarks and timing tests (tests/bench/, test_av_sync) ---

def flash_beep_shifted(name, seconds=8, size="320x240", rate=30, audio_delay=0.12):
    """flash_beep with every beep `audio_delay` s after its flash: a clip that
    is out of sync on purpose, to prove a sync measurement can fail."""
    def args(out):
        v = ("color=c=black:s=%s:r=%d:d=%d,geq=lum='if(lt(mod(T,1),1/%d),235,16)':cb=128:cr=128" %
             (size, rate, seconds, rate))
        a = ("aevalsrc='if(lt(mod(t-%.3f+1,1),0.05),0.8*sin(2*PI*1000*t),0)':s=48000:d=%d" %
             (audio_delay, seconds))
        return FF + ["-f", "lavfi", "-i", v, "-f", "lavfi", "-i", a] + VCODEC_ARGS["h264"] + \
            ["-g", "30"] + ACODEC_ARGS["aac"] + ["-shortest", out]
    return cached(name, args)


def hd_clip(name, seconds=30, size="1920x1080", rate=30, vbitrate="6M"):
    """A playback-cost clip: H.264 High (x264 veryfast, CABAC, B-frames) at a
    constrained `vbitrate` + AAC stereo 128k, like a phone or camera export.
    Light temporal noise keeps the encoder spending the whole bitrate, so the
    decoder works as hard as on real footage (testsrc2 alone is nearly free)."""
    def args(out):
        return FF + ["-f", "lavfi", "-i", "testsrc2=s=%s:r=%d:d=%s,noise=alls=12:allf=t" % (size, rate, seconds),
                     "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=%s" % seconds,
                     "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p",
                     "-b:v", vbitrate, "-maxrate", vbitrate, "-bufsize", "12M", "-g", str(2 * rate),
                     "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-shortest", "-movflags", "+faststart", out]
    return cached(name, args)


def _srt_time(t):
    ms = int(round(t * 1000))
    return "%02d:%02d:%02d,%03d" % (ms // 3600000, ms // 60000 % 60, ms // 1000 % 60, ms % 1000)


def _ass_time(t):
    cs = int(round(t * 100))
    return "%d:%02d:%02d.%02d" % (cs // 360000, cs // 6000 % 60, cs // 100 % 60, cs % 100)


_DENSE_LINES = [
    "Salimos de noche, sin decirle a nadie.",
    "Mi hija tenía fiebre y no había médico.",
    "Nous avons marché trois jours dans la forêt.",
    "Mwen te pè, men mwen pa t gen chwa.",
    "Kʼo jun nimaqʼij chi rij ri nuja.",
    "We waited at the border for six weeks.",
    "لم يكن لدينا ماء ولا طعام",
    "Aquí por fin podemos dormir tranquilos.",
]


def dense_srt(folder, name, seconds=30, every=0.5, show=1.5):
    """A dense SubRip file (written, not cached: it is text): a new line every
    `every` s, each shown `show` s (so up to three overlap), with <i>, <b>
    and <font color> styling, two lines where the text is long."""
    colors = ["#ffff00", "#00ffff", "#ffffff", "#ff8080"]
    out = []
    n = int(seconds / every)
    for i in range(n):
        t0 = i * every
        t1 = min(t0 + show, seconds)
        text = _DENSE_LINES[i % len(_DENSE_LINES)]
        style = i % 4
        if style == 0:
            text = "<i>%s</i>" % text
        elif style == 1:
            text = "<b>%s</b>" % text
        elif style == 2:
            text = '<font color="%s">%s</font>' % (colors[i % len(colors)], text)
        else:
            text = "%s\n<i>(%d)</i>" % (text, i)
        out.append("%d\n%s --> %s\n%s\n" % (i + 1, _srt_time(t0), _srt_time(t1), text))
    os.makedirs(folder, exist_ok=True)
    p = os.path.join(folder, name)
    with open(p, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    return p


def dense_ass(folder, name, seconds=30, every=0.5, show=2.0):
    """A dense ASS script (written, not cached): a new event every `every` s,
    alternating karaoke lines (\\kf sweeps, re-rendered every frame) and
    lines that \\move across the screen with \\fad, plus a fixed top title."""
    head = ("[Script Info]\nScriptType: v4.00+\nPlayResX: 1920\nPlayResY: 1080\nWrapStyle: 0\n\n"
            "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
            "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, "
            "Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
            "Style: Default,Noto Sans,64,&H00FFFFFF,&H000080FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,"
            "3,2,2,60,60,60,1\n"
            "Style: Top,Noto Sans,48,&H00FFFFFF,&H00FFFFFF,&H00000000,&H80000000,-1,0,0,0,100,100,0,0,1,"
            "2,1,8,60,60,40,1\n\n"
            "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n")
    ev = ["Dialogue: 0,%s,%s,Top,,0,0,0,,Testimonios — dense subtitle benchmark" %
          (_ass_time(0), _ass_time(seconds))]
    n = int(seconds / every)
    for i in range(n):
        t0 = i * every
        t1 = min(t0 + show, seconds)
        words = _DENSE_LINES[i % len(_DENSE_LINES)].split()
        if i % 2 == 0:
            per = max(1, int(show * 100 * 0.8 / len(words)))
            text = "".join("{\\kf%d}%s " % (per, w) for w in words).strip()
            ev.append("Dialogue: 0,%s,%s,Default,,0,0,0,,%s" % (_ass_time(t0), _ass_time(t1), text))
        else:
            y = 300 + (i * 97) % 500
            text = "{\\move(-200,%d,2100,%d)\\fad(150,150)}%s" % (y, y - 80, " ".join(words))
            ev.append("Dialogue: 1,%s,%s,Default,,0,0,0,,%s" % (_ass_time(t0), _ass_time(t1), text))
    os.makedirs(folder, exist_ok=True)
    p = os.path.join(folder, name)
    with open(p, "w", encoding="utf-8") as f:
        f.write(head + "\n".join(ev) + "\n")
    return p


# --- added for the subtitle tests (tests/integration/test_subs_*.py) ---

def with_subtitle(src, out, text, lang):
    """Matroska `out`: the streams of `src` plus one SubRip track (one cue,
    0-2 s, `text`) tagged `lang` (ISO 639-2). Returns out."""
    srt = out + ".srt"
    with open(srt, "w", encoding="utf-8") as f:
        f.write("1\n00:00:00,000 --> 00:00:02,000\n%s\n" % text)
    subprocess.run(FF + ["-i", src, "-i", srt, "-map", "0", "-map", "1", "-c", "copy", "-c:s", "srt",
                         "-metadata:s:s:0", "language=%s" % lang, out], check=True)
    os.unlink(srt)
    return out


def srt_text(cues):
    """SubRip text for cues [(start s, end s, text), ...]."""
    return "".join("%d\n%s --> %s\n%s\n\n" % (i + 1, _srt_time(a), _srt_time(b), t)
                   for i, (a, b, t) in enumerate(cues))


def vtt_text(cues):
    """WebVTT text for cues [(start s, end s, text), ...]."""
    return "WEBVTT\n\n" + "".join("%s --> %s\n%s\n\n" % (_srt_time(a).replace(",", "."),
                                                         _srt_time(b).replace(",", "."), t)
                                   for a, b, t in cues)


ASS_HEAD = ("[Script Info]\nScriptType: v4.00+\nPlayResX: 640\nPlayResY: 360\nScaledBorderAndShadow: yes\n\n"
            "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
            "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, "
            "Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
            "Style: Default,%s,%d,%s,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,%d,20,20,%d,1\n\n"
            "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n")


def ass_text(cues, font="Noto Sans", size=28, colour="&H000000FF", alignment=8, margin_v=20):
    """An ASS script with one style (default: red text at the TOP centre —
    the opposite of Vitrina's white bottom TV style, so a render shows
    whether the script's own styling was kept) and cues [(start, end, text)]."""
    head = ASS_HEAD % (font, size, colour, alignment, margin_v)
    return head + "".join("Dialogue: 0,%s,%s,Default,,0,0,0,,%s\n" % (_ass_time(a), _ass_time(b), t)
                          for a, b, t in cues)


def write_text(folder, name, text, encoding="utf-8"):
    """Write a subtitle file (not cached: it is text) and return its path."""
    os.makedirs(folder, exist_ok=True)
    p = os.path.join(folder, name)
    with open(p, "wb") as f:
        f.write(text.encode(encoding))
    return p


def frame_code_clip(name, seconds=4, rate=10, size="320x240"):
    """A clip whose frames say their own number: the top 24 rows hold 8
    blocks (40 px wide at 320 px), block k white when bit k of the frame
    index is set; the rest is black. Read it back with frame_code()."""
    w = int(size.split("x")[0])
    bw = w // 8

    def args(out):
        v = ("color=c=black:s=%s:r=%d:d=%s,format=yuv420p,"
             "geq=lum='if(lt(Y,24)*lt(X,%d)*mod(floor(N/pow(2,floor(X/%d))),2),235,16)':cb=128:cr=128"
             % (size, rate, seconds, 8 * bw, bw))
        return FF + ["-f", "lavfi", "-i", v, "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0",
                     "-pix_fmt", "yuv420p", "-g", str(rate), out]
    return cached(name, args)


def frame_code(img, pic_x, pic_y, pic_w):
    """Frame index shown in a screenshot of a frame_code_clip (RGB image as
    vtplayer.png_pixels), given where the picture sits (x, y, width in
    screen pixels). Samples the middle of each block."""
    w, h, raw = img
    bw = pic_w / 8.0
    n = 0
    for k in range(8):
        x = int(pic_x + bw * k + bw / 2)
        y = int(pic_y + 6 * pic_w / 320.0)
        i = (y * w + x) * 3
        if raw[i] > 128:
            n |= 1 << k
    return n
# --- end of the subtitle tests' helpers ---


# --- added for the folder-intake tests (tests/integration/test_intake_*.py, test_idle_*.py) ---

def big_clip(name="big.mp4", seconds=10, size="640x360", vbitrate="16M"):
    """About 20 MB of H.264 + AAC with the index (moov) at the front, so that
    even the first few MB of it open and probe fine — the dangerous case for a
    player that looks at a file that is still being copied."""
    def args(out):
        return FF + ["-f", "lavfi", "-i", "testsrc2=s=%s:r=25:d=%s,noise=alls=20:allf=t" % (size, seconds),
                     "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=%s" % seconds,
                     "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-b:v", vbitrate,
                     "-maxrate", vbitrate, "-bufsize", vbitrate] + ACODEC_ARGS["aac"] + \
            ["-shortest", "-movflags", "+faststart", out]
    return cached(name, args)


def slow_write(src, dst, block=65536, pause=0.01, stall_at=None, stall=0.0, mode="wb", on_stall=None):
    """Copy src to dst the way a slow USB stick or network copy does: one
    open, `block` bytes at a time with `pause` s between blocks, and (when
    stall_at is a fraction 0..1) one long `stall` s halfway, during which
    on_stall(dst) is called once. The file is closed (IN_CLOSE_WRITE) only at
    the end. Returns time.time() right after the close."""
    import time
    data = open(src, "rb").read()
    stall_pos = int(len(data) * stall_at) if stall_at is not None else -1
    stalled = False
    with open(dst, mode) as f:
        pos = 0
        while pos < len(data):
            f.write(data[pos:pos + block])
            f.flush()
            pos += block
            if not stalled and stall_pos >= 0 and pos >= stall_pos:
                stalled = True
                t_end = time.time() + stall
                if on_stall:
                    on_stall(dst)
                left = t_end - time.time()
                if left > 0:
                    time.sleep(left)
            elif pause:
                time.sleep(pause)
    return time.time()
