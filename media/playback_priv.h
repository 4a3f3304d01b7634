/* playback_priv.h — the playback struct, shared by media/playback*.c only. */
#ifndef VITRINA_MEDIA_PLAYBACK_PRIV_H
#define VITRINA_MEDIA_PLAYBACK_PRIV_H

#include <pthread.h>
#include <stdatomic.h>

#include "media/clock.h"
#include "media/decoder.h"
#include "media/frameq.h"
#include "media/pktq.h"
#include "media/playback.h"
#include "media/source.h"

typedef struct pb_substream pb_substream;

struct playback {
    char *path;
    playback_opts opts;
    char **langs;
    double opened_at;

    pthread_t reader;
    bool reader_started;
    atomic_bool abort;

    pthread_mutex_t lock; /* state, error, seek request, opened */
    pthread_cond_t cond;  /* wakes the reader */
    bool locks_init;
    enum playback_state state;
    char error[256];
    bool opened;          /* reader finished opening: src/decoders valid */
    bool decode_allowed;  /* pre-roll gate (see playback_allow_decode) */
    bool seek_req, seek_pending;
    double seek_target;

    media_source *src;    /* owned by the reader until opened, then read-only */
    int video_si, audio_si;
    pktq *vq, *aq;
    frameq *vfq, *afq;
    decoder *vdec, *adec;
    mclock *aclock, *eclock;
    bool eof;             /* reader thread only */
    atomic_bool read_done; /* the demuxer reached the end (for pre-roll timing) */

    /* audio callback thread only */
    int a_offset;
    atomic_int audio_end_serial; /* serial whose audio reached its end; -1 none */
    atomic_bool audio_broken;    /* audio stream decodes nothing: play silently */

    /* attachments (fonts) listed at open: pointers into src->ic */
    struct pb_font {
        const char *name, *mime;
        const uint8_t *data;
        size_t size;
    } *fonts;
    int nfonts;

    /* subtitles (playback_subs.c) */
    pthread_mutex_t sub_lock;
    pb_substream *subs;
    int nsubs;
};

/* playback_subs.c — called by the reader thread. */
void playback_subs_init(playback *pb);
void playback_subs_packet(playback *pb, struct AVPacket *pkt);
void playback_subs_seeked(playback *pb);
void playback_subs_free(playback *pb);

#endif
