"""Helpers shared by the subtitle tests (tests/integration/test_subs_*.py,
test_sub_golden_ours.py): the colours text is judged by, pausing a file at
a cue for a screenshot, the test tools' renders and private fontconfig
setups.
"""
import os
import subprocess

import vtplayer


def white(r, g, b):
    """Vitrina's TV-style text (white, anti-aliasing aside)."""
    return r > 225 and g > 225 and b > 225


def red(r, g, b):
    """The red of the test ASS scripts' own style (vtmedia.ass_text)."""
    return r > 180 and g < 90 and b < 90


def run(args, **kw):
    """Run a test tool (or ffmpeg), stdout and stderr captured as text."""
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def tools_present(tools):
    """True when every program in `tools` is executable; else print the
    first missing one and return False (the test cannot run)."""
    for tool in tools:
        if not os.access(tool, os.X_OK):
            print("missing test tool %s" % tool)
            return False
    return True


def fonts_present(folder, files, package):
    """True when every font file is in `folder`; else print the first
    missing one with the Debian `package` that has it and return False."""
    for f in files:
        if not os.path.exists(os.path.join(folder, f)):
            print("missing font %s/%s (Debian package %s)" % (folder, f, package))
            return False
    return True


def fontconf(tmp, name, fonts):
    """A private fontconfig setup: folder tmp/name holding links to `fonts`
    (paths) and a fonts.conf naming only that folder (cache in
    tmp/name-cache). Returns the fonts.conf path, for FONTCONFIG_FILE."""
    d = os.path.join(tmp, name)
    os.makedirs(d)
    for f in fonts:
        os.symlink(f, os.path.join(d, os.path.basename(f)))
    conf = os.path.join(d, "fonts.conf")
    with open(conf, "w") as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                '<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n'
                % (d, os.path.join(tmp, name + "-cache")))
    return conf


def over_black(rgba_img):
    """Composite a straight-alpha RGBA image (vtplayer.png_rgba: the overlay
    tool's render) over black: an RGB image like a screenshot's."""
    w, h, raw = rgba_img
    out = bytearray(w * h * 3)
    for i in range(w * h):
        a = raw[i * 4 + 3]
        if a:
            out[i * 3] = (raw[i * 4] * a + 127) // 255
            out[i * 3 + 1] = (raw[i * 4 + 1] * a + 127) // 255
            out[i * 3 + 2] = (raw[i * 4 + 2] * a + 127) // 255
    return w, h, bytes(out)


def pause_at(p, playlist, name, t, label=None):
    """Play the entry `name` of `playlist` (the file names, in order), pause
    it and seek to `t` s; returns once time-pos is within 0.1 s of t
    (vtplayer.IPCError "... seek in <label or name>" after 10 s)."""
    p.ipc.command("playlist-play-index", playlist.index(name))
    vtplayer.wait_playing(p, name)
    p.set("pause", True)
    p.ipc.command("seek", t, "absolute")
    vtplayer.wait_until(lambda: abs(p.get("time-pos") - t) < 0.1, 10, what="seek in " + (label or name))
