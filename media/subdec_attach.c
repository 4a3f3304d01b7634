/* subdec_attach.c — fonts attached to a container. See subdec.h. */
#include "media/subdec.h"

#include <string.h>
#include <strings.h>

#include <libavformat/avformat.h>

static bool is_font(const char *filename, const char *mimetype)
{
    static const char *const mimes[] = {
        "application/x-truetype-font", "application/x-font-ttf", "application/x-font-otf",
        "application/x-font-opentype", "application/vnd.ms-opentype", "application/font-sfnt",
        "application/x-font",
    };
    if (mimetype && *mimetype) {
        if (strncasecmp(mimetype, "font/", 5) == 0)
            return true;
        for (size_t i = 0; i < sizeof(mimes) / sizeof(mimes[0]); i++)
            if (strcasecmp(mimetype, mimes[i]) == 0)
                return true;
    }
    const char *dot = filename ? strrchr(filename, '.') : NULL;
    return dot && (strcasecmp(dot, ".ttf") == 0 || strcasecmp(dot, ".otf") == 0 ||
                   strcasecmp(dot, ".ttc") == 0 || strcasecmp(dot, ".otc") == 0);
}

int subdec_font_attachments(const AVFormatContext *ic, subdec_attachment_fn fn, void *opaque)
{
    if (!ic || !fn)
        return 0;
    int n = 0;
    for (unsigned i = 0; i < ic->nb_streams; i++) {
        const AVStream *st = ic->streams[i];
        const AVCodecParameters *par = st->codecpar;
        if (par->codec_type != AVMEDIA_TYPE_ATTACHMENT || !par->extradata || par->extradata_size <= 0)
            continue;
        const AVDictionaryEntry *fname = av_dict_get(st->metadata, "filename", NULL, 0);
        const AVDictionaryEntry *mime = av_dict_get(st->metadata, "mimetype", NULL, 0);
        const char *f = fname ? fname->value : NULL, *m = mime ? mime->value : NULL;
        if (!is_font(f, m) && par->codec_id != AV_CODEC_ID_TTF && par->codec_id != AV_CODEC_ID_OTF)
            continue;
        fn(opaque, f, m, par->extradata, (size_t)par->extradata_size);
        n++;
    }
    return n;
}
