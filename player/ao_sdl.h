/* ao_sdl.h — the audio output: one SDL audio device for the whole run.
 *
 * Opened once in one format (interleaved float, 48 kHz, stereo by default);
 * every file's audio is resampled to it by media/, so changing files never
 * reopens the device. The callback pulls from the current playback, applies
 * the software volume, and sets that playback's audio clock (the time of
 * the sample being heard now, i.e. minus what is still buffered).
 * With no audio device (or --no-audio) the ao is "silent": files play
 * without sound on the external clock; that is logged once.
 * Threading: all functions are main-thread; the callback runs on SDL's
 * audio thread and only reads what the main thread sets under the device
 * lock.
 */
#ifndef VITRINA_PLAYER_AO_SDL_H
#define VITRINA_PLAYER_AO_SDL_H

#include <stdbool.h>

typedef struct ao ao;
typedef struct playback playback;

/* Open the device (SDL audio must be initialised unless enabled is false).
 * Never fails hard: on error the ao is silent. NULL only on ENOMEM. */
ao *ao_open(bool enabled, const char *device);
void ao_close(ao **a);

bool ao_active(ao *a);                /* a device is open */
int ao_rate(ao *a);                   /* output sample rate (48000 if silent) */
int ao_channels(ao *a);               /* output channels (2 if silent) */

/* Switch the playback whose audio is played (NULL = silence). The previous
 * playback is no longer touched by the callback when this returns. */
void ao_set_source(ao *a, playback *pb);
playback *ao_source(ao *a);

void ao_set_volume(ao *a, int volume);  /* 0..100 */
void ao_set_mute(ao *a, bool mute);
void ao_set_paused(ao *a, bool paused);

/* Seconds of audio queued in the device (the clock offset). */
double ao_latency(ao *a);

#endif
