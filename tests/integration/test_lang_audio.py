#!/usr/bin/env python3
"""Audio follows the viewer's language when a file has several audio
tracks (issue 6).

Two generated files, each with two audio tracks: Spanish (spa, a 440 Hz
tone, default) and French (fra, 880 Hz), plus es/fr subtitle sidecars.
SDL's disk audio driver writes what the player really outputs to a file,
so the language of the sound is heard, not taken from the player's word:
the pitch of the newest samples tells 440 from 880 Hz. The IPC track list
must agree.

  1. languages = es,fr: the first file starts with Spanish sound.
  2. The picker (keypress over IPC: DOWN opens it on Español, DOWN, OK)
     chooses Français: the playing file switches to French sound at about
     the same position, subtitles too.
  3. The next file starts with French sound.
  4. In the last second of it, when the next file is already pre-rolled
     with French sound, a language no track has (en, via the property):
     the configured chain (es first) picks Spanish — at once for the
     playing file, and the pre-rolled one is opened again so it starts
     Spanish. "off" (subtitles off) keeps the chain's choice too.
"""
# ctest-timeout: 180
import array
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import vtmedia  # noqa: E402
import vtplayer  # noqa: E402
from vtplayer import poll_until  # noqa: E402

RATE = 48000
FRAME = 8  # float32 stereo


def dual_audio(seconds=12):
    def args(out):
        return vtmedia.FF + [
            "-f", "lavfi", "-i", "color=c=0x203040:s=320x240:r=25:d=%d" % seconds,
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=%d" % seconds,
            "-f", "lavfi", "-i", "sine=frequency=880:sample_rate=48000:duration=%d" % seconds,
            "-map", "0:v", "-map", "1:a", "-map", "2:a"] + vtmedia.VCODEC_ARGS["h264"] + [
            "-c:a", "aac", "-b:a", "96k",
            "-metadata:s:a:0", "language=spa", "-metadata:s:a:1", "language=fra",
            "-disposition:a:0", "default", "-disposition:a:1", "0", out]
    return vtmedia.cached("lang-dual-audio.mkv", args)


def pitch(path, offset, seconds=0.3):
    """Frequency (Hz) of the left channel from byte `offset`, by zero crossings."""
    with open(path, "rb") as f:
        f.seek(offset - offset % FRAME)
        data = f.read(int(seconds * RATE) * FRAME)
    a = array.array("f")
    a.frombytes(data[: len(data) - len(data) % FRAME])
    left = a[0::2]
    if len(left) < RATE * seconds * 0.8 or max(abs(v) for v in left) < 0.01:
        return 0.0
    crossings = sum(1 for i in range(1, len(left)) if (left[i - 1] < 0) != (left[i] < 0))
    return crossings / 2.0 / (len(left) / RATE)


def heard(path, settle=0.25, seconds=0.3):
    """Pitch of what the player outputs from now on."""
    time.sleep(settle)
    start = os.path.getsize(path)
    time.sleep(seconds + 0.15)
    return pitch(path, start, seconds)


def audio_track(p):
    for t in p.get("track-list"):
        if t.get("type") == "audio" and t.get("selected"):
            return t.get("lang")
    return None


def near(f, want):
    return abs(f - want) < want * 0.06


def main():
    tmp = tempfile.mkdtemp(prefix="vt-lang-audio-")
    media = os.path.join(tmp, "media")
    src = dual_audio()
    for name in ("a", "b"):
        vtmedia.place(src, media, name + ".mkv")
        for lang, text in (("es", "Hola"), ("fr", "Bonjour")):
            vtmedia.one_cue_srt(os.path.join(media, "%s.%s.srt" % (name, lang)), text, 60)
    vtmedia.settled(media)
    sound = os.path.join(tmp, "out.f32")
    env = {"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": sound}
    p = vtplayer.Player(media, languages="es,fr", env=env)
    with vtplayer.log_tail_on_error(p):
        poll_until(lambda: p.get("filename") == "a.mkv", 30, what="a.mkv to play")
        poll_until(lambda: audio_track(p) == "spa", what="Spanish sound selected")
        f = heard(sound)
        assert near(f, 440), "heard %.0f Hz, want the Spanish 440 Hz track" % f

        # the picker, over the keypress command: Español → Français → OK
        t_before = p.get("time-pos")
        for k in ("DOWN", "DOWN", "OK"):
            p.ipc.command("keypress", k)
        assert p.get("language") == "fr"
        poll_until(lambda: audio_track(p) == "fra", what="French sound selected")
        assert p.get("filename") == "a.mkv", "the switch must stay on the same video"
        t_after = p.get("time-pos")
        assert t_after >= t_before - 0.2, "audio switch restarted the file (%.2f → %.2f)" % (t_before, t_after)
        f = heard(sound)
        assert near(f, 880), "after choosing Français heard %.0f Hz, want 880" % f
        subs = [t for t in p.get("track-list") if t.get("type") == "sub" and t.get("selected")]
        assert subs and subs[0].get("lang-code") == "fr", subs

        # the next file opens with the new language
        start = len(p.events)
        p.wait_event("file-loaded", timeout=30, start=start, pred=lambda ev: ev.get("filename") == "b.mkv")
        poll_until(lambda: audio_track(p) == "fra", what="French sound on b.mkv")
        f = heard(sound)
        assert near(f, 880), "b.mkv plays %.0f Hz, want French 880" % f

        # near the end of b.mkv the next one (a.mkv) is pre-rolled, with
        # French sound; a language no track has (en) makes the configured
        # chain (es first) decide: b switches to Spanish now and the
        # pre-rolled a.mkv must be opened again with Spanish sound
        dur = p.get("duration")
        poll_until(lambda: p.get("time-pos") > dur - 1.3, 30, what="the last second of b.mkv")
        start = len(p.events)
        p.set("language", "en")
        poll_until(lambda: audio_track(p) == "spa", 5, what="Spanish sound for English")
        p.wait_event("file-loaded", timeout=30, start=start, pred=lambda ev: ev.get("filename") == "a.mkv")
        poll_until(lambda: audio_track(p) == "spa", what="Spanish sound on a.mkv")
        f = heard(sound)
        assert near(f, 440), "with en (no such track) a.mkv plays %.0f Hz, want 440 (es first)" % f
        p.set("language", "off")
        time.sleep(0.5)
        assert audio_track(p) == "spa", "subtitles off must not change the sound"
        assert "audio follows the language" in p.log()
    p.stop()
    shutil.rmtree(tmp, ignore_errors=True)
    print("ok: audio follows the language (440/880 Hz heard), next file too, chain for missing languages")


if __name__ == "__main__":
    main()
