/* evdev_libevdev.c — the libevdev device backend of the remote-key reader
 * (see evdev.h): open a node, read events, resync after SYN_DROPPED. */
#include <errno.h>
#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <stdlib.h>
#include <unistd.h>

#include "player/evdev.h"

struct lev_dev {
    struct libevdev *dev;
    int fd;
    bool syncing; /* reading libevdev's resync deltas after SYN_DROPPED */
};

static int lev_open(const char *path, void **out)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct lev_dev *d = calloc(1, sizeof(*d));
    if (!d) {
        close(fd);
        return -ENOMEM;
    }
    int rc = libevdev_new_from_fd(fd, &d->dev);
    if (rc < 0) {
        free(d);
        close(fd);
        return rc; /* not an evdev node (-ENOTTY …) */
    }
    d->fd = fd;
    *out = d;
    return 0;
}

static int lev_fd(void *dev) { return ((struct lev_dev *)dev)->fd; }

static const char *lev_name(void *dev)
{
    const char *n = libevdev_get_name(((struct lev_dev *)dev)->dev);
    return n ? n : "?";
}

static bool lev_has_key(void *dev, unsigned code)
{
    return libevdev_has_event_code(((struct lev_dev *)dev)->dev, EV_KEY, code);
}

static int lev_next(void *dev, struct input_event *ev)
{
    struct lev_dev *d = dev;
    for (;;) {
        int rc = libevdev_next_event(d->dev, d->syncing ? LIBEVDEV_READ_FLAG_SYNC : LIBEVDEV_READ_FLAG_NORMAL, ev);
        if (rc == LIBEVDEV_READ_STATUS_SYNC) {
            /* First the SYN_DROPPED itself, then the deltas. */
            d->syncing = true;
            return 1;
        }
        if (rc == LIBEVDEV_READ_STATUS_SUCCESS)
            return 1;
        if (rc == -EAGAIN && d->syncing) {
            /* Resync done: back to normal events. libevdev ends the deltas
             * with a SYN_REPORT only when there were some; always end the
             * sequence with one, as evdev.h promises, so the translator's
             * "ignore until SYN_REPORT" never swallows the next real frame. */
            d->syncing = false;
            *ev = (struct input_event){.type = EV_SYN, .code = SYN_REPORT};
            return 1;
        }
        if (rc == -EAGAIN || rc == -EINTR)
            return 0;
        return rc < 0 ? rc : -EIO;
    }
}

static void lev_close(void *dev)
{
    struct lev_dev *d = dev;
    libevdev_free(d->dev);
    close(d->fd);
    free(d);
}

static const struct evdev_backend lev_backend = {
    .open = lev_open,
    .fd = lev_fd,
    .name = lev_name,
    .has_key = lev_has_key,
    .next = lev_next,
    .close = lev_close,
};

const struct evdev_backend *evdev_backend_libevdev(void) { return &lev_backend; }
