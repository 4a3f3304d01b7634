/* playback_api.c — main-thread side of a playback: state, description,
 * video frames, seeking, clocks. See playback.h. */
#include "media/playback_priv.h"

#include <libavformat/avformat.h>
#include <math.h>
#include <stdio.h>

#include "player/log.h"

static bool opened(playback *pb)
{
    pthread_mutex_lock(&pb->lock);
    bool o = pb->opened;
    pthread_mutex_unlock(&pb->lock);
    return o;
}

static void fail(playback *pb, const char *reason)
{
    pthread_mutex_lock(&pb->lock);
    if (pb->state != PB_FAILED) {
        pb->state = PB_FAILED;
        snprintf(pb->error, sizeof(pb->error), "%s", reason);
    }
    pthread_mutex_unlock(&pb->lock);
}

/* Is the head of `fq` (current serial) an end-of-stream marker with nothing
 * ever decoded before it? */
static bool ended_empty(frameq *fq, pktq *q, decoder *d)
{
    qframe *f = frameq_peek(fq);
    return f && f->eos && f->serial == pktq_serial(q) && decoder_frames_out(d) == 0;
}

enum playback_state playback_state(playback *pb)
{
    pthread_mutex_lock(&pb->lock);
    enum playback_state st = pb->state;
    pthread_mutex_unlock(&pb->lock);
    if (st != PB_OPENING || !opened(pb))
        goto timeout_check;
    bool v_ready = true, a_ready = true;
    if (pb->vdec) {
        if (ended_empty(pb->vfq, pb->vq, pb->vdec)) {
            fail(pb, "no picture could be decoded (damaged or unsupported video)");
            return PB_FAILED;
        }
        v_ready = playback_video_peek(pb) != NULL;
    }
    if (pb->adec) {
        if (ended_empty(pb->afq, pb->aq, pb->adec)) {
            if (!pb->vdec) {
                fail(pb, "no sound could be decoded (damaged or unsupported audio)");
                return PB_FAILED;
            }
            atomic_store(&pb->audio_broken, true); /* play the picture silently */
        }
        a_ready = atomic_load(&pb->audio_broken) || frameq_count(pb->afq) > 0;
    }
    if (v_ready && a_ready) {
        pthread_mutex_lock(&pb->lock);
        if (pb->state == PB_OPENING)
            pb->state = PB_READY;
        st = pb->state;
        pthread_mutex_unlock(&pb->lock);
        return st;
    }
timeout_check:
    pthread_mutex_lock(&pb->lock);
    bool waiting_gate = !pb->decode_allowed;
    double since = pb->opened_at;
    pthread_mutex_unlock(&pb->lock);
    if (st == PB_OPENING && !waiting_gate && pb->opts.open_timeout > 0 &&
        media_now() - since > pb->opts.open_timeout + 1.0) {
        fail(pb, "timed out while opening");
        return PB_FAILED;
    }
    return st;
}

const char *playback_error(playback *pb)
{
    pthread_mutex_lock(&pb->lock);
    const char *e = pb->error;
    pthread_mutex_unlock(&pb->lock);
    return e;
}

const char *playback_path(playback *pb) { return pb->path; }
const char *playback_title(playback *pb) { return opened(pb) ? pb->src->title : ""; }
double playback_duration(playback *pb) { return opened(pb) ? pb->src->duration : NAN; }
bool playback_has_video(playback *pb) { return opened(pb) && pb->vdec; }
bool playback_has_audio(playback *pb) { return opened(pb) && pb->adec && !atomic_load(&pb->audio_broken); }
bool playback_is_still(playback *pb) { return opened(pb) && pb->vdec && pb->src->is_still; }
int playback_video_stream(playback *pb) { return opened(pb) ? pb->video_si : -1; }
int playback_audio_stream(playback *pb) { return opened(pb) ? pb->audio_si : -1; }
const char *playback_hwdec(playback *pb) { return pb->vdec && decoder_hw_active(pb->vdec) ? "vaapi" : "no"; }
const char *playback_video_codec(playback *pb) { return pb->vdec ? decoder_codec_name(pb->vdec) : ""; }

void playback_video_geometry(playback *pb, int *w, int *h, double *sar, int *rotation, bool *hflip)
{
    *w = *h = 0;
    *sar = 1.0;
    *rotation = 0;
    *hflip = false;
    if (!opened(pb) || pb->video_si < 0)
        return;
    const AVCodecParameters *par = pb->src->ic->streams[pb->video_si]->codecpar;
    *w = par->width;
    *h = par->height;
    AVRational r = av_guess_sample_aspect_ratio(pb->src->ic, pb->src->ic->streams[pb->video_si], NULL);
    *sar = (r.num > 0 && r.den > 0) ? av_q2d(r) : 1.0;
    *rotation = pb->src->rotation;
    *hflip = pb->src->hflip;
}

int playback_tracks(playback *pb, const media_track **tracks)
{
    if (!opened(pb)) {
        *tracks = NULL;
        return 0;
    }
    *tracks = pb->src->tracks;
    return pb->src->ntracks;
}

qframe *playback_video_peek(playback *pb)
{
    if (!pb->vdec)
        return NULL;
    pthread_mutex_lock(&pb->lock);
    bool pending = pb->seek_pending;
    pthread_mutex_unlock(&pb->lock);
    if (pending)
        return NULL;
    int serial = pktq_serial(pb->vq);
    qframe *f;
    while ((f = frameq_peek(pb->vfq)) && f->serial != serial)
        frameq_next(pb->vfq);
    return f;
}

qframe *playback_video_peek_next(playback *pb)
{
    qframe *f = playback_video_peek(pb);
    if (!f)
        return NULL;
    qframe *n = frameq_peek_next(pb->vfq);
    return (n && n->serial == f->serial) ? n : NULL;
}

void playback_video_pop(playback *pb)
{
    if (pb->vdec)
        frameq_next(pb->vfq);
}

mclock *playback_audio_clock(playback *pb) { return pb->aclock; }
mclock *playback_ext_clock(playback *pb) { return pb->eclock; }

double playback_master_time(playback *pb, double now)
{
    if (pb->adec && mclock_is_set(pb->aclock))
        return mclock_get(pb->aclock, now);
    return mclock_get(pb->eclock, now);
}

void playback_set_paused(playback *pb, bool paused, double now)
{
    mclock_set_paused(pb->aclock, paused, now);
    mclock_set_paused(pb->eclock, paused, now);
}

void playback_seek(playback *pb, double t)
{
    if (t < 0)
        t = 0;
    pthread_mutex_lock(&pb->lock);
    pb->seek_req = true;
    pb->seek_pending = true;
    pb->seek_target = t;
    pthread_cond_broadcast(&pb->cond);
    pthread_mutex_unlock(&pb->lock);
}

int playback_serial(playback *pb) { return pktq_serial(pb->vdec ? pb->vq : pb->aq); }

double playback_audio_end(playback *pb)
{
    return pb->adec ? decoder_eos_pts(pb->adec, pktq_serial(pb->aq)) : NAN;
}

bool playback_video_decoded(playback *pb)
{
    return pb->vdec && !isnan(decoder_eos_pts(pb->vdec, pktq_serial(pb->vq)));
}

bool playback_read_done(playback *pb) { return atomic_load(&pb->read_done); }

long playback_video_decode_errors(playback *pb) { return pb->vdec ? decoder_errors(pb->vdec) : 0; }
long playback_video_frames_decoded(playback *pb) { return pb->vdec ? decoder_frames_out(pb->vdec) : 0; }
int playback_video_threads(playback *pb) { return pb->vdec ? decoder_threads(pb->vdec) : 0; }
bool playback_too_slow(long shown, long dropped) { return decoder_too_slow(shown, dropped); }

int playback_font_count(playback *pb) { return opened(pb) ? pb->nfonts : 0; }

bool playback_font(playback *pb, int idx, const char **name, const char **mime, const uint8_t **data, size_t *size)
{
    if (!opened(pb) || idx < 0 || idx >= pb->nfonts)
        return false;
    *name = pb->fonts[idx].name;
    *mime = pb->fonts[idx].mime;
    *data = pb->fonts[idx].data;
    *size = pb->fonts[idx].size;
    return true;
}
