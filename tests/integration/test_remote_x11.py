#!/usr/bin/env python3
"""Remote buttons: real X key presses and IPC `keypress` do the same (issue 6).

Vitrina runs on its own Xvfb display; each row of the table below is done
twice — once as the X key a keyboard or air mouse sends (xdotool), once as
the IPC `keypress` action — and must have the same visible effect, read
from the player's properties and from Xvfb's framebuffer:

  Right / NEXT, Left / PREV        next / previous video
  space / PLAYPAUSE                pause toggles
  minus / VOLUME_DOWN, equal / VOLUME_UP, m / MUTE
  s / SUBTITLE                     language cycles es → en → off → es
  i / INFO, Return / OK            info line (title, "n / 3", time) top centre
  Escape / BACK                    closes it
  Tab / MENU                       opens the language picker; Escape closes

Also: under X, SDL drops the same remote keys as on the console (KEY_EXIT,
KEY_PAUSECD never arrive; KEY_BACK, KEY_PLAYCD do) — what the evdev
reader's filter relies on to take exactly the keys SDL does not;
the power key (XF86PowerOff) does nothing at all; a mouse's left
click (air mice with the gyro on) is OK and the right click BACK; the
picker closes by itself 6 s after the last key, not before; `keypress`
of a name that is not an action (POWER) is an error.
"""
# ctest-timeout: 180
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from test_lang_x11 import (BG, TEXTS, W, H, Xvfb, XTest, logged, notice_ink, picker_bar,  # noqa: E402
                           player_env, playing, wait_until)

FILES = ["a.mp4", "b.mp4", "c.mp4"]


def make_media(folder):
    clip = vtmedia.clip("remote-flat.mp4", "h264", "aac", 30, "640x360", 25, color=BG)
    for name in FILES:
        vtmedia.place(clip, folder, name)
        for lang in ("es", "en"):
            with open(os.path.join(folder, "%s.%s.srt" % (name[:-4], lang)), "w", encoding="utf-8") as f:
                f.write("1\n00:00:00,000 --> 00:01:00,000\n%s\n" % TEXTS[lang])
    old = time.time() - 3600
    for n in os.listdir(folder):
        os.utime(os.path.join(folder, n), (old, old))


def info_ink(fr):
    """White text in the top centre band (the info line)."""
    return fr.white_count(int(fr.w * 0.3), int(fr.w * 0.7), 0, int(fr.h * 0.22))


class Remote:
    def __init__(self, x, p):
        self.x, self.p = x, p

    def press(self, how, key, action):
        if how == "x11":
            self.x.key(key)
        else:
            self.p.ipc.command("keypress", action)

    def check_row(self, how, key, action, effect):
        try:
            effect(lambda: self.press(how, key, action))
        except AssertionError as e:
            raise AssertionError("%s %s: %s" % (how, key if how == "x11" else action, e))


def main():
    tmp = tempfile.mkdtemp(prefix="vt-remote-x11-")
    media = os.path.join(tmp, "media")
    make_media(media)
    x = Xvfb()
    try:
        x.point_at(W // 2, H // 2)
        with logged(vtplayer.Player(media, extra_args=["--languages", "es,en", "--language-reset", "0"],
                                    env=player_env(x))) as p:
            r = Remote(x, p)
            wait_until("a.mp4 to play", lambda: playing(p) == "a.mp4", 30)
            fb = x.frame

            def goes_to(want):
                def effect(press):
                    press()
                    wait_until(want + " to play", lambda: playing(p) == want)
                return effect

            def toggles(prop):
                def effect(press):
                    before = p.get(prop)
                    press()
                    wait_until(prop + " to toggle", lambda: p.get(prop) == (not before), 3)
                    press()
                    wait_until(prop + " to toggle back", lambda: p.get(prop) == before, 3)
                return effect

            def volume_by(delta):
                def effect(press):
                    before = p.get("volume")
                    press()
                    wait_until("volume %+d" % delta, lambda: p.get("volume") == max(0, min(100, before + delta)), 3)
                return effect

            def language_to(want):
                def effect(press):
                    press()
                    wait_until("language " + want, lambda: p.get("language") == want, 3)
                return effect

            def shows(what, probe):
                def effect(press):
                    assert not probe(fb()), what + " already visible"
                    press()
                    wait_until(what + " to show", lambda: probe(fb()), 3)
                    # Escape / BACK closes it again
                    r.press(how_now[0], "Escape", "BACK")
                    wait_until(what + " to close", lambda: not probe(fb()), 3)
                return effect

            table = [
                ("Right", "NEXT", goes_to("b.mp4")),
                ("Left", "PREV", goes_to("a.mp4")),
                ("Right", "RIGHT", goes_to("b.mp4")),
                ("Left", "LEFT", goes_to("a.mp4")),
                ("space", "PLAYPAUSE", toggles("pause")),
                ("minus", "VOLUME_DOWN", volume_by(-5)),
                ("equal", "VOLUME_UP", volume_by(+5)),
                ("m", "MUTE", toggles("mute")),
                ("s", "SUBTITLE", language_to("en")),
                ("s", "SUBTITLE", language_to("off")),
                ("s", "SUBTITLE", language_to("es")),
                ("i", "INFO", shows("the info line", lambda f: info_ink(f) > 40)),
                ("Return", "OK", shows("the info line", lambda f: info_ink(f) > 40)),
                ("Tab", "MENU", shows("the picker", lambda f: picker_bar(f) is not None)),
            ]
            how_now = [None]
            for how in ("x11", "ipc"):
                how_now[0] = how
                for key, action, effect in table:
                    r.check_row(how, key, action, effect)
                    time.sleep(0.1)
                # let the notices of this round fade (they are 2-5 s)
                time.sleep(0.2)

            # the power key does nothing: no pause, no new video, no overlay
            wait_until("the corner notice to fade", lambda: notice_ink(fb()) < 10, 8)
            state = (p.get("filename"), p.get("pause"), p.get("volume"), p.get("mute"), p.get("language"))
            x.key("XF86PowerOff")
            time.sleep(1.0)
            assert p.proc.poll() is None, "the power key stopped the player"
            now = (p.get("filename"), p.get("pause"), p.get("volume"), p.get("mute"), p.get("language"))
            assert now == state, "power key changed %r → %r" % (state, now)
            f = fb()
            assert info_ink(f) < 10 and picker_bar(f) is None and notice_ink(f) < 10, "power key drew something"
            # not an action over IPC either
            rep = p.ipc.request("keypress", "POWER")
            assert rep.get("error") != "success", rep

            # Which remote keys reach SDL under X: the evdev reader's filter
            # (evdev_xlate.c) assumes SDL's x11 backend drops the same Linux
            # codes as its evdev input. KEY_PLAYCD (200) arrives (pause
            # toggles), KEY_PAUSECD (201) does not; KEY_BACK (158) arrives
            # (closes the info line), KEY_EXIT (174) does not.
            xt = XTest(x.display)
            try:
                before = p.get("pause")
                xt.tap(keycode=201 + 8)
                time.sleep(0.6)
                assert p.get("pause") == before, "SDL delivered KEY_PAUSECD under X: evdev would act twice"
                xt.tap(keycode=200 + 8)
                wait_until("KEY_PLAYCD through SDL", lambda: p.get("pause") != before, 3)
                # A press within 2 ms of the last release is X11 auto-repeat
                # to SDL (and a repeated PLAY_PAUSE is ignored): no remote is
                # that fast, but this script can be.
                time.sleep(0.1)
                xt.tap(keycode=200 + 8)
                wait_until("KEY_PLAYCD again", lambda: p.get("pause") == before, 3)
                x.key("i")
                wait_until("info", lambda: info_ink(fb()) > 40, 3)
                xt.tap(keycode=174 + 8)
                time.sleep(0.6)
                assert info_ink(fb()) > 40, "SDL delivered KEY_EXIT under X: evdev would act twice"
                xt.tap(keycode=158 + 8)
                wait_until("KEY_BACK through SDL", lambda: info_ink(fb()) < 10, 3)
            finally:
                xt.close()

            # air mouse clicks: left = OK (info), right = BACK
            subprocess.run(["xdotool", "click", "1"], check=True, env=dict(os.environ, DISPLAY=x.display))
            wait_until("info after a left click", lambda: info_ink(fb()) > 40, 3)
            subprocess.run(["xdotool", "click", "3"], check=True, env=dict(os.environ, DISPLAY=x.display))
            wait_until("info closed by a right click", lambda: info_ink(fb()) < 10, 3)

            # the picker closes by itself 6 s after the last key
            x.key("Up")
            wait_until("the picker", lambda: picker_bar(fb()) is not None, 3)
            time.sleep(2.0)
            x.key("Down")  # moving restarts the 6 s
            t_key = time.time()
            wait_until("the picker to close by itself", lambda: picker_bar(fb()) is None, 12)
            waited = time.time() - t_key
            assert waited > 5.0, "the picker closed %.1f s after the last key (want 6)" % waited
            assert p.get("language") == "es", "closing by timeout must not choose"
    finally:
        x.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok: X keys and IPC keypress do the same; power ignored; clicks; picker timeout")


if __name__ == "__main__":
    main()
