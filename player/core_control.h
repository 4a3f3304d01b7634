/* core_control.h — what the viewer's remote and the control socket can do
 * to the playback: pause, seek, volume, mute, go to another entry, and the
 * remote's actions. Shared by core_commands.c (IPC) and core_input.c (keys).
 * Threading: main thread only.
 */
#ifndef VITRINA_PLAYER_CORE_CONTROL_H
#define VITRINA_PLAYER_CORE_CONTROL_H

#include <stdbool.h>
#include <stdint.h>

#include "player/input.h"

typedef struct core core;

void ctl_set_pause(core *c, bool paused);
/* Seek the current item to t seconds (clamped to the file). -1 if nothing
 * seekable is playing. */
int ctl_seek(core *c, double t);
void ctl_set_volume(core *c, int volume);
void ctl_set_mute(core *c, bool mute);
/* Stop the current entry (end-file reason "stop") and play the next /
 * previous / the one at `index`. -1 when there is nothing to go to. */
int ctl_next(core *c);
int ctl_prev(core *c);
int ctl_play_index(core *c, long index);

/* A remote/keyboard/IPC keypress action. `repeat` for auto-repeat. */
void ctl_action(core *c, enum input_action act, bool repeat);

#endif
