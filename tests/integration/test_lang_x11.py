#!/usr/bin/env python3
"""One language choice across the loop, picked with real key presses (issue 6).

Vitrina runs on its own Xvfb display (SDL's x11 driver) and is driven with
real X key events from xdotool, exactly as a keyboard or an air mouse
reaches it. What the viewer sees is read straight from Xvfb's framebuffer
(-fbdir), so the checks do not trust the player's own reports; the IPC
track list and the log confirm them.

The loop (languages = es,en,fr): a.mp4 has es/en/fr sidecars, b.mp4 es/fr,
c.mp4 es/en. The three subtitle texts have very different widths ("Hola",
"Hello, my friends", a long French line), so the width of the white text in
the subtitle band tells which language is on screen.

  1. Down opens the picker (a full-width white bar appears), Down moves the
     bar one row down each time, Return picks Français: French subtitles on
     screen and selected in track-list.
  2. b.mp4 also shows French. c.mp4 has no French: Español (the first
     configured language) shows and a notice appears top-left; the log
     names both languages.
  3. Restart with the same state dir: still French.
  4. language-reset = 3 s: a key press 2 s after the start postpones it
     (still fr 4 s after the start); 3 s after that key it is back to es.
Also: "i" shows the info line (title, "n / 3"), Escape closes the picker
without changing the language.

Helpers here (Xvfb, framebuffer, keys by xdotool or XTEST) are imported by
test_remote_x11.py and tests/bench/lang_switch.py.
"""
# ctest-timeout: 240
import ctypes
import ctypes.util
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402

W, H = 1280, 720
TEXTS = {"es": "Hola", "en": "Hello, my friends", "fr": "Bonjour à toutes et à tous, mes chers amis"}
BG = "0x203040"  # a dark, flat video: subtitle and OSD pixels stand out


# ---------------------------------------------------------------- helpers

class Frame:
    """One XWD framebuffer snapshot (Xvfb -fbdir): 32-bit pixels."""

    def __init__(self, data):
        hdr = struct.unpack(">25I", data[:100])
        hsize, w, h, byte_order, bpp, bpl, ncolors = hdr[0], hdr[4], hdr[5], hdr[7], hdr[11], hdr[12], hdr[19]
        if bpp != 32:
            raise RuntimeError("unexpected XWD depth %d" % bpp)
        self.w, self.h, self.bpl = w, h, bpl
        self.lsb = byte_order == 0
        self.off = hsize + ncolors * 12
        self.data = data

    def rgb(self, x, y):
        i = self.off + y * self.bpl + x * 4
        p = self.data[i:i + 4]
        return (p[2], p[1], p[0]) if self.lsb else (p[1], p[2], p[3])

    def white(self, x, y, lim=200):
        r, g, b = self.rgb(x, y)
        return r > lim and g > lim and b > lim

    def white_columns(self, x0, x1, y0, y1, step=2):
        """x range (min, max) of columns holding white pixels, or None."""
        xs = [x for x in range(x0, x1) if any(self.white(x, y) for y in range(y0, y1, step))]
        return (xs[0], xs[-1]) if xs else None

    def white_count(self, x0, x1, y0, y1, step=2):
        return sum(1 for y in range(y0, y1, step) for x in range(x0, x1, step) if self.white(x, y))


class Xvfb:
    """A private X server on a free display, with its framebuffer in a file."""

    def __init__(self, w=W, h=H):
        self.dir = tempfile.mkdtemp(prefix="vt-xvfb-")
        r, wfd = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(wfd), "-screen", "0", "%dx%dx24" % (w, h),
                                      "-fbdir", self.dir, "-nolisten", "tcp", "-nolisten", "unix", "-noreset"],
                                     pass_fds=(wfd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(wfd)
        num = b""
        deadline = time.time() + 20
        while not num.endswith(b"\n") and time.time() < deadline:
            chunk = os.read(r, 16)
            if not chunk:
                break
            num += chunk
        os.close(r)
        if not num.strip():
            self.stop()
            raise RuntimeError("Xvfb did not start")
        self.display = ":" + num.decode().strip()
        self.fb = os.path.join(self.dir, "Xvfb_screen0")
        self.env = {"DISPLAY": self.display, "SDL_VIDEODRIVER": "x11"}

    def frame(self):
        with open(self.fb, "rb") as f:
            return Frame(f.read())

    def key(self, *keys):
        """Real X key events (XTEST), as a keyboard or air mouse sends them."""
        subprocess.run(["xdotool", "key", "--delay", "60"] + list(keys), check=True,
                       env=dict(os.environ, DISPLAY=self.display))

    def point_at(self, x, y):
        subprocess.run(["xdotool", "mousemove", str(x), str(y)], check=True,
                       env=dict(os.environ, DISPLAY=self.display))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class XTest:
    """Key presses through libXtst (ctypes), timed at the XFlush."""

    def __init__(self, display):
        x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        xt = ctypes.CDLL(ctypes.util.find_library("Xtst") or "libXtst.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XStringToKeysym.restype = ctypes.c_ulong
        x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        xt.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.x11, self.xt = x11, xt
        self.dpy = x11.XOpenDisplay(display.encode())
        if not self.dpy:
            raise RuntimeError("cannot open display " + display)

    def tap(self, keysym=None, keycode=None):
        """Press and release a key (by keysym name, or raw X key code =
        Linux code + 8); returns the monotonic time of the press's flush."""
        code = keycode or self.x11.XKeysymToKeycode(self.dpy, self.x11.XStringToKeysym(keysym.encode()))
        self.xt.XTestFakeKeyEvent(self.dpy, code, 1, 0)
        self.x11.XFlush(self.dpy)
        t = time.monotonic()
        self.xt.XTestFakeKeyEvent(self.dpy, code, 0, 0)
        self.x11.XFlush(self.dpy)
        return t

    def close(self):
        self.x11.XCloseDisplay(self.dpy)


def player_env(x, extra=None):
    """Environment for a player on display x: no real /dev/input devices."""
    e = dict(x.env)
    e["VITRINA_INPUT_DIR"] = tempfile.mkdtemp(prefix="vt-noinput-")
    e.update(extra or {})
    return e


def wait_until(what, fn, timeout=10.0, every=0.03):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(every)
    raise AssertionError("timed out waiting for %s (last: %r)" % (what, last))


def sub_width(fr):
    """Width in pixels of the white text in the subtitle band (0 = none)."""
    cols = fr.white_columns(0, fr.w, int(fr.h * 0.74), int(fr.h * 0.97))
    return cols[1] - cols[0] + 1 if cols else 0


def sub_lang(fr):
    """Which of TEXTS is on screen, by width (None: no subtitle)."""
    w = sub_width(fr) * W / fr.w
    if w == 0:
        return None
    return "es" if w < 200 else "en" if w < 440 else "fr"


def picker_bar(fr):
    """Middle row of the picker's highlight bar (a long run of pure white
    across the centre of the screen), or None when the picker is closed."""
    x0, x1 = int(fr.w * 0.38), int(fr.w * 0.62)
    rows = [y for y in range(int(fr.h * 0.05), int(fr.h * 0.9), 2)
            if all(fr.white(x, y, 240) for x in range(x0, x1, 8))]
    return sum(rows) / len(rows) if rows else None


def notice_ink(fr):
    """White pixels in the top-left corner (the notice)."""
    return fr.white_count(0, int(fr.w * 0.45), 0, int(fr.h * 0.25))


def selected_sub(p):
    for t in p.get("track-list"):
        if t.get("type") == "sub" and t.get("selected"):
            return t.get("lang-code") or t.get("lang")
    return None


def make_media(folder, seconds=8):
    os.makedirs(folder, exist_ok=True)
    clip = vtmedia.clip("lang-flat.mp4", "h264", "aac", seconds, "640x360", 25, color=BG)
    for name, langs in (("a", ("es", "en", "fr")), ("b", ("es", "fr")), ("c", ("es", "en"))):
        vtmedia.place(clip, folder, name + ".mp4")
        for lang in langs:
            with open(os.path.join(folder, "%s.%s.srt" % (name, lang)), "w", encoding="utf-8") as f:
                f.write("1\n00:00:00,000 --> 00:01:00,000\n%s\n" % TEXTS[lang])
    old = time.time() - 3600  # settled long ago: playable at once, in name order
    for n in os.listdir(folder):
        os.utime(os.path.join(folder, n), (old, old))


def playing(p):
    """The file on screen now (None while nothing plays)."""
    try:
        return p.get("filename")
    except vtplayer.IPCError:
        return None


def wait_file(p, name, start=None, timeout=30):
    """Wait for `name` to start: from the event log (only events from index
    `start` on, i.e. a new start), or, without `start`, until it plays
    (the first file may have started before the event connection)."""
    if start is None:
        return wait_until(name + " to play", lambda: playing(p) == name, timeout)
    return p.wait_event("file-loaded", timeout=timeout, start=start, pred=lambda ev: ev.get("filename") == name)


class logged:
    """`with logged(p):` — on failure, print the end of the player's log."""

    def __init__(self, p):
        self.p = p

    def __enter__(self):
        return self.p

    def __exit__(self, kind, exc, tb):
        if kind is not None:
            code, _ = self.p.stop()
            sys.stderr.write("--- player exit %s, log tail:\n%s\n" % (code, "\n".join(self.p.log().splitlines()[-40:])))
        else:
            self.p.stop()
        return False


# ---------------------------------------------------------------- the test

def main():
    tmp = tempfile.mkdtemp(prefix="vt-lang-x11-")
    media = os.path.join(tmp, "media")
    make_media(media)
    x = Xvfb()
    ptmp = os.path.join(tmp, "player")
    os.makedirs(ptmp)
    args = ["--languages", "es,en,fr", "--language-reset", "0"]
    try:
        x.point_at(W // 2, H // 2)
        with logged(vtplayer.Player(media, extra_args=args, env=player_env(x), tmp=ptmp)) as p:
            wait_file(p, "a.mp4")
            assert p.get("language") == "es", p.get("language")
            wait_until("Spanish subtitles", lambda: sub_lang(x.frame()) == "es")
            langs = [l["code"] for l in p.get("available-languages")]
            assert langs[:3] == ["es", "en", "fr"], langs

            # -- the picker, with real key presses
            assert picker_bar(x.frame()) is None
            x.key("Down")
            y0 = wait_until("the picker to open", lambda: picker_bar(x.frame()))
            x.key("Down")
            y1 = wait_until("the bar to move", lambda: (lambda y: y if y and y > y0 + 20 else None)(picker_bar(x.frame())))
            x.key("Down")
            y2 = wait_until("the bar to move again", lambda: (lambda y: y if y and y > y1 + 20 else None)(picker_bar(x.frame())))
            pitch = (y2 - y0) / 2
            assert abs((y1 - y0) - pitch) < 4, (y0, y1, y2)
            assert pitch >= 0.06 * H, "rows %.0f px apart: too small to read across a room" % pitch
            # Escape closes without choosing
            x.key("Escape")
            wait_until("the picker to close", lambda: picker_bar(x.frame()) is None)
            assert p.get("language") == "es"
            # choose Français: Down opens on Español, two rows down, Return
            x.key("Down", "Down", "Down", "Return")
            wait_until("French subtitles", lambda: sub_lang(x.frame()) == "fr", timeout=5)
            assert picker_bar(x.frame()) is None, "the picker stays open after OK"
            assert p.get("language") == "fr"
            assert selected_sub(p) == "fr", p.get("track-list")

            # -- info line: title and position
            x.key("i")
            wait_until("the info line", lambda: x.frame().white_count(int(W * 0.3), int(W * 0.7), 0, int(H * 0.2)) > 40)

            # -- the next video keeps French; the one without French falls back
            start = len(p.events)
            wait_file(p, "b.mp4", start)
            wait_until("French on b.mp4", lambda: sub_lang(x.frame()) == "fr")
            assert selected_sub(p) == "fr"
            start = len(p.events)
            wait_file(p, "c.mp4", start)
            wait_until("the Spanish fallback on c.mp4", lambda: sub_lang(x.frame()) == "es")
            wait_until("the fallback notice", lambda: notice_ink(x.frame()) > 30, timeout=3)
            assert selected_sub(p) == "es"
            assert p.get("language") == "fr", "a fallback must not change the viewer's language"
            log = p.log()
            assert "c.mp4: Français n’est pas disponible pour cette vidéo — affichage en Español" in log, \
                [l for l in log.splitlines() if "lang" in l][-5:]

        # -- the choice survives a restart
        with logged(vtplayer.Player(media, extra_args=args, env=player_env(x), tmp=ptmp)) as p:
            wait_file(p, "a.mp4")
            assert p.get("language") == "fr", "language not restored: %r" % p.get("language")
            wait_until("French after the restart", lambda: sub_lang(x.frame()) == "fr")

        # -- language-reset: back to the first language after 3 s without keys
        with logged(vtplayer.Player(media, extra_args=["--languages", "es,en,fr", "--language-reset", "3"],
                                    env=player_env(x), tmp=ptmp)) as p:
            wait_file(p, "a.mp4")
            assert p.get("language") == "fr"
            time.sleep(2.0)
            x.key("i")  # remote use (the info key) postpones the reset
            t_key = time.time()
            time.sleep(2.0)  # 4 s after the start, 2 s after the key
            assert p.get("language") == "fr", "reset fired although a key was pressed 2 s ago"
            wait_until("the language reset", lambda: p.get("language") == "es", timeout=8)
            waited = time.time() - t_key
            assert waited >= 2.5, "reset after %.1f s, before the 3 s were up" % waited
            wait_until("Spanish after the reset", lambda: sub_lang(x.frame()) == "es")
            assert "language back to es" in p.log()
    finally:
        x.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok: picker by X keys, French across the loop, fallback + notice, restart, reset")


if __name__ == "__main__":
    main()
