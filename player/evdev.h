/* evdev.h — the remote-key reader: a thread reading /dev/input/event*
 * with libevdev for the remote buttons SDL 2.26 never delivers (KEY_OK,
 * KEY_INFO, KEY_SUBTITLE, KEY_EXIT, colour keys …; see keymap.h). Keys SDL
 * does deliver are left to SDL, so no key acts twice. Devices are never
 * grabbed: SDL keeps reading them too.
 *
 * - Opens every event node that reports at least one key this reader would
 *   act on (so mice, touchpads, gamepads and plain keyboards are skipped).
 * - Hot-plug: inotify on the device folder (plain inotify syscalls; the
 *   media watcher owns libinotifytools): nodes appearing, disappearing or
 *   getting their permissions fixed by udev; a folder that appears only
 *   when the first input device is plugged in is waited for.
 * - Kernel buffer overruns (SYN_DROPPED) are resynced with libevdev; a
 *   removed device (ENODEV) is closed and logged once.
 * - No permission on a node: ONE warning line for the whole run naming the
 *   group to join; everything else keeps working.
 *
 * Threading: evdev_start/evdev_stop from one thread (the main thread). The
 * action callback runs on the reader thread and must not block: the core
 * queues the action for the main thread and wakes it.
 */
#ifndef VITRINA_EVDEV_H
#define VITRINA_EVDEV_H

#include <linux/input.h>
#include <stdbool.h>

#include "player/evdev_xlate.h"
#include "player/input.h"
#include "player/keymap.h"

/* How devices are opened and read: libevdev on real nodes by default.
 * Tests pass a fake to drive the thread from FIFOs. All calls happen on the
 * reader thread. */
struct evdev_backend {
    /* Open the node at path: 0 and *dev, or a negative errno (-EACCES /
     * -EPERM = no permission). */
    int (*open)(const char *path, void **dev);
    int (*fd)(void *dev);                         /* to poll for input */
    const char *(*name)(void *dev);               /* device name for logs */
    bool (*has_key)(void *dev, unsigned code);    /* reports this EV_KEY code? */
    /* Next event: 1 and *ev; 0 when nothing more is ready; negative errno
     * when the device failed (-ENODEV: unplugged). After a kernel buffer
     * overrun it yields SYN_DROPPED, the state deltas, then SYN_REPORT. */
    int (*next)(void *dev, struct input_event *ev);
    void (*close)(void *dev);
};

/* The libevdev backend (the default). Static, immutable. */
const struct evdev_backend *evdev_backend_libevdev(void);

struct evdev_config {
    const char *dev_dir;            /* NULL = "/dev/input" (tests: a temp folder) */
    const struct keymap *keymap;    /* borrowed, read-only; must outlive the reader */
    enum evdev_filter filter;       /* which codes act here; 0 = SDL_DROPPED (KMSDRM).
                                     * The core picks it from SDL's video driver. */
    input_action_fn on_action;      /* called on the reader thread; key_name = "KEY_OK" */
    void *user;
    const struct evdev_backend *backend; /* NULL = evdev_backend_libevdev() */
};

struct evdev_reader;

/* Start the reader thread. cfg is copied (dev_dir too). Returns NULL (and
 * logs) only if the thread or its descriptors cannot be created; a missing
 * device folder or no permission is not a failure. Caller owns the result:
 * evdev_stop(). */
struct evdev_reader *evdev_start(const struct evdev_config *cfg);

/* Stop the thread, close every device and free the reader (NULL is fine).
 * Returns within a few milliseconds (the thread only waits in poll). */
void evdev_stop(struct evdev_reader *r);

/* Number of devices currently open (for status and tests). Any thread. */
int evdev_device_count(const struct evdev_reader *r);

#endif
