/* source.c — see source.h. */
#include "media/source.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media/clock.h"
#include "player/log.h"

#define MOD "media"

/* Demuxers that can read other files or URLs, or open network sessions. */
static const char *const unsafe_demuxers[] = {
    "hls", "applehttp", "dash", "concat", "imf", "vobsub", "rtsp", "sdp", "rtp", "sap",
    "webm_dash_manifest", "lavfi", "avisynth", "vapoursynth", "libgme", "bluray", NULL,
};

static bool is_unsafe(const char *name)
{
    for (int i = 0; unsafe_demuxers[i]; i++)
        if (strcmp(name, unsafe_demuxers[i]) == 0)
            return true;
    return false;
}

const char *source_demuxer_whitelist(char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    void *it = NULL;
    const AVInputFormat *f;
    while ((f = av_demuxer_iterate(&it))) {
        /* A demuxer name may list aliases: "mov,mp4,m4a,3gp,3g2,mj2". */
        char names[256];
        snprintf(names, sizeof(names), "%s", f->name);
        char *save = NULL;
        for (char *n = strtok_r(names, ",", &save); n; n = strtok_r(NULL, ",", &save)) {
            if (is_unsafe(n))
                continue;
            size_t nl = strlen(n);
            if (used + nl + 2 >= len)
                return buf;
            if (used)
                buf[used++] = ',';
            memcpy(buf + used, n, nl + 1);
            used += nl;
        }
    }
    return buf;
}

/* Is another program writing this file right now? A read lease cannot be
 * taken while anyone has the file open for writing (EAGAIN). Taking one
 * needs CAP_LEASE or owning the file; without either the answer is "don't
 * know", and the folder intake's close-write/settle rules are all we have.
 * Catches a copy that stalled (or a player restarted mid-copy), which a
 * size/mtime check alone would take for a finished file. */
static bool being_written(const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool busy = false;
    if (fcntl(fd, F_SETLEASE, F_RDLCK) == 0)
        fcntl(fd, F_SETLEASE, F_UNLCK);
    else
        busy = errno == EAGAIN;
    close(fd);
    return busy;
}

static int interrupt_cb(void *opaque)
{
    media_source *s = opaque;
    if (s->abort_flag && atomic_load(s->abort_flag))
        return 1;
    if (s->deadline > 0 && media_now() > s->deadline)
        return 1;
    return 0;
}

void source_set_deadline(media_source *s, double deadline) { s->deadline = deadline; }

const char *source_error_text(int err, char *buf, size_t len)
{
    switch (err) {
    case AVERROR_INVALIDDATA:
        return snprintf(buf, len, "not a recognised video, audio or image file (or it is damaged)"), buf;
    case AVERROR(ENOENT):
        return snprintf(buf, len, "file not found"), buf;
    case AVERROR(EACCES):
    case AVERROR(EPERM):
        return snprintf(buf, len, "permission denied"), buf;
    case AVERROR_EOF:
        return snprintf(buf, len, "file is empty or cut short"), buf;
    case AVERROR_EXIT:
        return snprintf(buf, len, "timed out or aborted while reading"), buf;
    case AVERROR_DECODER_NOT_FOUND:
        return snprintf(buf, len, "no decoder for its video or audio format"), buf;
    case AVERROR_STREAM_NOT_FOUND:
        return snprintf(buf, len, "no video or audio stream found"), buf;
    default: {
        char e[AV_ERROR_MAX_STRING_SIZE];
        av_strerror(err, e, sizeof(e));
        snprintf(buf, len, "%s", e);
        return buf;
    }
    }
}

double source_ts_to_sec(const media_source *s, int64_t ts, int si)
{
    if (ts == AV_NOPTS_VALUE)
        return NAN;
    return (double)ts * av_q2d(s->ic->streams[si]->time_base) - s->start_time;
}

static void get_rotation(AVStream *st, int *rotation, bool *hflip)
{
    *rotation = 0;
    *hflip = false;
    const int32_t *m = (const int32_t *)av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, NULL);
    if (!m)
        return;
    double theta = -round(av_display_rotation_get(m));
    if (isnan(theta))
        return;
    theta -= 360 * floor(theta / 360 + 0.9 / 360);
    int r = (int)lround(theta / 90.0) * 90 % 360;
    if (r < 0)
        r += 360;
    *rotation = r;
    /* A negative determinant means the matrix also mirrors. */
    double det = (double)m[0] * m[4] - (double)m[1] * m[3];
    *hflip = det < 0;
    if (*hflip) /* mirrored: av_display_rotation_get reports the angle of the flipped matrix */
        *rotation = (360 - r) % 360;
}

static void fill_track(media_track *t, AVStream *st)
{
    const AVCodecParameters *par = st->codecpar;
    t->stream_index = st->index;
    AVDictionaryEntry *e = av_dict_get(st->metadata, "language", NULL, 0);
    if (e && e->value && strcasecmp(e->value, "und") != 0)
        snprintf(t->lang, sizeof(t->lang), "%s", e->value);
    e = av_dict_get(st->metadata, "title", NULL, 0);
    if (e && e->value)
        snprintf(t->title, sizeof(t->title), "%s", e->value);
    snprintf(t->codec, sizeof(t->codec), "%s", avcodec_get_name(par->codec_id));
    t->is_default = st->disposition & AV_DISPOSITION_DEFAULT;
    t->is_forced = st->disposition & AV_DISPOSITION_FORCED;
    t->hearing_impaired = st->disposition & AV_DISPOSITION_HEARING_IMPAIRED;
    t->attached_pic = st->disposition & AV_DISPOSITION_ATTACHED_PIC;
    t->decodable = avcodec_find_decoder(par->codec_id) != NULL;
    const AVCodecDescriptor *d = avcodec_descriptor_get(par->codec_id);
    t->bitmap = d && (d->props & AV_CODEC_PROP_BITMAP_SUB);
    t->width = par->width;
    t->height = par->height;
    t->channels = par->ch_layout.nb_channels;
    t->sample_rate = par->sample_rate;
}

static int build_tracks(media_source *s)
{
    AVFormatContext *ic = s->ic;
    s->tracks = calloc(ic->nb_streams ? ic->nb_streams : 1, sizeof(*s->tracks));
    if (!s->tracks)
        return AVERROR(ENOMEM);
    int ids[3] = {0, 0, 0};
    for (unsigned i = 0; i < ic->nb_streams; i++) {
        AVStream *st = ic->streams[i];
        enum track_type type;
        switch (st->codecpar->codec_type) {
        case AVMEDIA_TYPE_VIDEO: type = TRACK_VIDEO; break;
        case AVMEDIA_TYPE_AUDIO: type = TRACK_AUDIO; break;
        case AVMEDIA_TYPE_SUBTITLE: type = TRACK_SUB; break;
        default: continue;
        }
        media_track *t = &s->tracks[s->ntracks++];
        t->type = type;
        t->id = ++ids[type];
        fill_track(t, st);
    }
    return 0;
}

static bool lang_eq(const char *a, const char *b)
{
    /* Cheap prefix match for audio preference at open time ("fr" ~ "fre"/"fra"
     * is resolved by the player's language module when it re-selects). */
    return a && b && *a && *b && strncasecmp(a, b, 2) == 0;
}

static int pick_video(const media_source *s)
{
    int best = -1;
    int64_t best_score = -1;
    for (int i = 0; i < s->ntracks; i++) {
        const media_track *t = &s->tracks[i];
        if (t->type != TRACK_VIDEO || t->attached_pic || !t->decodable)
            continue;
        int64_t score = (int64_t)t->width * t->height + (t->is_default ? (1LL << 40) : 0);
        if (score > best_score) {
            best_score = score;
            best = t->stream_index;
        }
    }
    return best;
}

static int pick_audio(const media_source *s, const char *const *langs, source_lang_match_fn match, void *user)
{
    for (int l = 0; langs && langs[l]; l++)
        for (int i = 0; i < s->ntracks; i++) {
            const media_track *t = &s->tracks[i];
            bool same = match ? (t->lang[0] && match(user, t->lang, langs[l])) : lang_eq(t->lang, langs[l]);
            if (t->type == TRACK_AUDIO && t->decodable && same)
                return t->stream_index;
        }
    int first = -1;
    for (int i = 0; i < s->ntracks; i++) {
        const media_track *t = &s->tracks[i];
        if (t->type != TRACK_AUDIO || !t->decodable || t->channels <= 0)
            continue;
        if (t->is_default)
            return t->stream_index;
        if (first < 0)
            first = t->stream_index;
    }
    return first;
}

static bool is_image_format(const AVInputFormat *f)
{
    const char *n = f->name;
    size_t l = strlen(n);
    return strcmp(n, "image2") == 0 || (l > 5 && strcmp(n + l - 5, "_pipe") == 0);
}

/* MP4/MOV and Matroska/WebM headers describe every stream completely.
 * avformat_find_stream_info would still decode up to 7 H.264 pictures on one
 * thread to guess the reorder delay (~40 ms at 1080p, for every file, and
 * before the first picture at start-up) — our decoders handle reordering
 * themselves. So for those containers, when every audio/video stream has its
 * parameters, the header is trusted. */
static bool header_is_complete(const AVFormatContext *ic)
{
    const char *n = ic->iformat->name;
    if (strncmp(n, "mov,", 4) != 0 && strncmp(n, "matroska", 8) != 0)
        return false;
    bool any = false;
    for (unsigned i = 0; i < ic->nb_streams; i++) {
        const AVCodecParameters *par = ic->streams[i]->codecpar;
        if (par->codec_id == AV_CODEC_ID_NONE && par->codec_type != AVMEDIA_TYPE_ATTACHMENT &&
            par->codec_type != AVMEDIA_TYPE_DATA)
            return false;
        if (par->codec_type == AVMEDIA_TYPE_VIDEO && !(ic->streams[i]->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
            if (par->width <= 0 || par->height <= 0)
                return false;
            any = true;
        } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
            if (par->sample_rate <= 0 || par->ch_layout.nb_channels <= 0)
                return false;
            any = true;
        }
    }
    return any;
}

/* Start time and duration from the streams (what find_stream_info would
 * have derived). */
static void timing_from_streams(media_source *s)
{
    double start = NAN, end = NAN;
    for (unsigned i = 0; i < s->ic->nb_streams; i++) {
        const AVStream *st = s->ic->streams[i];
        if (st->codecpar->codec_type != AVMEDIA_TYPE_VIDEO && st->codecpar->codec_type != AVMEDIA_TYPE_AUDIO)
            continue;
        double tb = av_q2d(st->time_base);
        double st0 = st->start_time != AV_NOPTS_VALUE ? st->start_time * tb : 0.0;
        if (isnan(start) || st0 < start)
            start = st0;
        if (st->duration != AV_NOPTS_VALUE && st->duration > 0 && (isnan(end) || st0 + st->duration * tb > end))
            end = st0 + st->duration * tb;
    }
    if (s->ic->start_time == AV_NOPTS_VALUE)
        s->start_time = isnan(start) ? 0.0 : start;
    if (isnan(s->duration) && !isnan(end))
        s->duration = end - s->start_time;
}

int source_open(media_source **out, const char *path, const atomic_bool *abort_flag, double timeout_s,
                const char *const *audio_langs, source_lang_match_fn match, void *match_user, char *err,
                size_t errlen)
{
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        source_error_text(AVERROR(errno), err, errlen);
        return AVERROR(errno);
    }
    if (!S_ISREG(sb.st_mode)) {
        snprintf(err, errlen, "not a regular file");
        return AVERROR(EINVAL);
    }
    if (sb.st_size == 0) {
        snprintf(err, errlen, "empty file (0 bytes)");
        return AVERROR_INVALIDDATA;
    }
    if (being_written(path)) {
        snprintf(err, errlen, "still being copied (another program has it open for writing)");
        return AVERROR(EBUSY);
    }
    media_source *s = calloc(1, sizeof(*s));
    if (!s)
        return AVERROR(ENOMEM);
    s->abort_flag = abort_flag;
    s->video_stream = s->audio_stream = -1;
    s->duration = NAN;
    s->ic = avformat_alloc_context();
    if (!s->ic) {
        free(s);
        return AVERROR(ENOMEM);
    }
    s->ic->interrupt_callback.callback = interrupt_cb;
    s->ic->interrupt_callback.opaque = s;
    s->deadline = timeout_s > 0 ? media_now() + timeout_s : 0;

    char wl[8192];
    AVDictionary *opts = NULL;
    av_dict_set(&opts, "protocol_whitelist", "file", 0);
    av_dict_set(&opts, "format_whitelist", source_demuxer_whitelist(wl, sizeof(wl)), 0);
    av_dict_set(&opts, "pattern_type", "none", 0); /* image2: this one file, no sequences */
    av_dict_set(&opts, "scan_all_pmts", "1", 0);
    int ret = avformat_open_input(&s->ic, path, NULL, &opts);
    av_dict_free(&opts);
    if (ret < 0) {
        if (ret == AVERROR(EINVAL))
            snprintf(err, errlen, "unsupported or unsafe file format");
        else
            source_error_text(ret, err, errlen);
        free(s); /* avformat_open_input freed the context */
        return ret;
    }
    bool header_timing = header_is_complete(s->ic);
    if (!header_timing) {
        ret = avformat_find_stream_info(s->ic, NULL);
        if (ret < 0) {
            source_error_text(ret, err, errlen);
            source_close(&s);
            return ret;
        }
    }
    s->start_time = s->ic->start_time != AV_NOPTS_VALUE ? (double)s->ic->start_time / AV_TIME_BASE : 0.0;
    if (s->ic->duration != AV_NOPTS_VALUE && s->ic->duration > 0)
        s->duration = (double)s->ic->duration / AV_TIME_BASE;
    if (header_timing)
        timing_from_streams(s);
    ret = build_tracks(s);
    if (ret < 0) {
        source_close(&s);
        return ret;
    }
    s->video_stream = pick_video(s);
    s->audio_stream = pick_audio(s, audio_langs, match, match_user);
    if (s->video_stream < 0 && s->audio_stream < 0) {
        bool any = false;
        for (int i = 0; i < s->ntracks; i++)
            any |= (s->tracks[i].type != TRACK_SUB && !s->tracks[i].attached_pic);
        snprintf(err, errlen, any ? "no decoder for its video or audio format" : "no video or audio stream found");
        source_close(&s);
        return AVERROR_STREAM_NOT_FOUND;
    }
    if (s->video_stream >= 0) {
        get_rotation(s->ic->streams[s->video_stream], &s->rotation, &s->hflip);
        s->is_still = s->audio_stream < 0 && is_image_format(s->ic->iformat);
    }
    AVDictionaryEntry *t = av_dict_get(s->ic->metadata, "title", NULL, 0);
    if (t && t->value)
        snprintf(s->title, sizeof(s->title), "%s", t->value);
    s->deadline = 0;
    *out = s;
    return 0;
}

void source_close(media_source **sp)
{
    media_source *s = *sp;
    if (!s)
        return;
    avformat_close_input(&s->ic);
    free(s->tracks);
    free(s);
    *sp = NULL;
}

const char *track_type_name(enum track_type t)
{
    switch (t) {
    case TRACK_VIDEO: return "video";
    case TRACK_AUDIO: return "audio";
    default: return "sub";
    }
}
