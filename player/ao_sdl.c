/* ao_sdl.c — see ao_sdl.h. */
#include "player/ao_sdl.h"

#include <SDL.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "media/clock.h"
#include "media/playback.h"
#include "player/log.h"

#define MOD "audio"

struct ao {
    SDL_AudioDeviceID dev;
    SDL_AudioSpec spec;
    playback *src;   /* guarded by the device lock */
    float gain;      /* guarded by the device lock */
    bool paused;
    int volume;
    bool mute;
};

static void callback(void *user, Uint8 *stream, int len)
{
    ao *a = user;
    double now = media_now();
    int ch = a->spec.channels;
    int frames = len / (int)(sizeof(float) * ch);
    float *out = (float *)stream;
    int got = 0;
    if (a->src && !a->paused) {
        double pts;
        int n = playback_audio_read(a->src, out, frames, &pts);
        if (n > 0) {
            got = n;
            /* What we write now is heard after the buffer the device is
             * still playing. */
            double latency = (double)a->spec.samples / a->spec.freq;
            mclock_set(playback_audio_clock(a->src), pts - latency, now);
            if (a->gain != 1.0f) {
                float g = a->gain;
                for (int i = 0; i < n * ch; i++)
                    out[i] *= g;
            }
        }
    }
    if (got < frames)
        memset(out + (size_t)got * ch, 0, (size_t)(frames - got) * ch * sizeof(float));
}

ao *ao_open(bool enabled, const char *device)
{
    ao *a = calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    a->gain = 1.0f;
    a->volume = 100;
    a->spec.freq = 48000;
    a->spec.channels = 2;
    if (!enabled) {
        log_info(MOD, "audio disabled: videos play silently");
        return a;
    }
    SDL_AudioSpec want = {0};
    want.freq = 48000;
    want.format = AUDIO_F32SYS;
    want.channels = 2;
    want.samples = 1024;
    want.callback = callback;
    want.userdata = a;
    /* ALSA names ("hdmi:CARD=…") reach SDL through AUDIODEV (main.c); SDL's
     * own device names are passed as they are. */
    if (device && strchr(device, ':'))
        device = NULL;
    a->dev = SDL_OpenAudioDevice(device && *device ? device : NULL, 0, &want, &a->spec, 0);
    if (!a->dev) {
        log_warn(MOD, "no audio device (%s): videos play silently", SDL_GetError());
        a->spec.freq = 48000;
        a->spec.channels = 2;
        return a;
    }
    const char *alsa = getenv("AUDIODEV");
    log_info(MOD, "audio: %s, %d Hz, %d channels, %d-frame buffer (%s)",
             device && *device ? device : alsa && *alsa ? alsa : "default device",
             a->spec.freq, a->spec.channels, a->spec.samples, SDL_GetCurrentAudioDriver());
    SDL_PauseAudioDevice(a->dev, 0);
    return a;
}

void ao_close(ao **ap)
{
    ao *a = *ap;
    if (!a)
        return;
    if (a->dev)
        SDL_CloseAudioDevice(a->dev);
    free(a);
    *ap = NULL;
}

bool ao_active(ao *a) { return a->dev != 0; }
int ao_rate(ao *a) { return a->spec.freq; }
int ao_channels(ao *a) { return a->spec.channels; }

void ao_set_source(ao *a, playback *pb)
{
    if (a->dev)
        SDL_LockAudioDevice(a->dev);
    a->src = pb;
    if (a->dev)
        SDL_UnlockAudioDevice(a->dev);
}

playback *ao_source(ao *a) { return a->src; }

static void update_gain(ao *a)
{
    /* A perceptual curve: 50 % sounds about half as loud. */
    float g = a->mute ? 0.0f : powf(a->volume / 100.0f, 2.0f);
    if (a->dev)
        SDL_LockAudioDevice(a->dev);
    a->gain = g;
    if (a->dev)
        SDL_UnlockAudioDevice(a->dev);
}

void ao_set_volume(ao *a, int volume)
{
    a->volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
    update_gain(a);
}

void ao_set_mute(ao *a, bool mute)
{
    a->mute = mute;
    update_gain(a);
}

void ao_set_paused(ao *a, bool paused)
{
    if (a->dev)
        SDL_LockAudioDevice(a->dev);
    a->paused = paused;
    if (a->dev)
        SDL_UnlockAudioDevice(a->dev);
}

double ao_latency(ao *a) { return (double)a->spec.samples / a->spec.freq; }
