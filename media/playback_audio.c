/* playback_audio.c — the audio callback's side of a playback. See
 * playback.h: playback_audio_read() runs on SDL's audio thread. */
#include "media/playback_priv.h"

#include <libavutil/frame.h>
#include <math.h>
#include <string.h>

int playback_audio_read(playback *pb, float *out, int frames, double *pts)
{
    *pts = NAN;
    if (!pb->adec || atomic_load(&pb->audio_broken))
        return -1;
    int ch = pb->opts.out_channels;
    int serial = pktq_serial(pb->aq);
    if (atomic_load(&pb->audio_end_serial) == serial)
        return -1;
    int copied = 0;
    while (copied < frames) {
        qframe *f = frameq_peek(pb->afq);
        if (!f)
            break;
        if (f->serial != serial) {
            frameq_next(pb->afq);
            pb->a_offset = 0;
            continue;
        }
        if (f->eos) {
            if (copied == 0) {
                atomic_store(&pb->audio_end_serial, serial);
                return -1;
            }
            break;
        }
        int avail = f->frame->nb_samples - pb->a_offset;
        int n = avail < frames - copied ? avail : frames - copied;
        if (isnan(*pts))
            *pts = f->pts + (double)pb->a_offset / pb->opts.out_rate;
        memcpy(out + (size_t)copied * ch, (const float *)f->frame->data[0] + (size_t)pb->a_offset * ch,
               (size_t)n * ch * sizeof(float));
        copied += n;
        pb->a_offset += n;
        if (pb->a_offset >= f->frame->nb_samples) {
            frameq_next(pb->afq);
            pb->a_offset = 0;
        }
    }
    /* Everything has been handed to the device: say so now rather than at
     * the next callback, so the next file can start on time. */
    qframe *f = frameq_peek(pb->afq);
    if (copied > 0 && f && f->eos && f->serial == serial)
        atomic_store(&pb->audio_end_serial, serial);
    return copied;
}

bool playback_audio_drained(playback *pb)
{
    return !pb->adec || atomic_load(&pb->audio_broken) || atomic_load(&pb->audio_end_serial) == pktq_serial(pb->aq);
}
