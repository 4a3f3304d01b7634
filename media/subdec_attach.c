/* subdec_attach.c — fonts attached to a container. See subdec.h.
 *
 * media/ only lists the attachments (streams of type attachment that carry
 * data) with their file name and MIME type. Which of them are fonts is
 * decided in one place, subtitles/sublib.c (sublib_is_font_attachment),
 * which the caller asks before sublib_add_font — the player does the same
 * with playback_font(). (FFmpeg 5.1's own verdict, the codec id, adds
 * nothing: its Matroska demuxer maps only application/x-truetype-font,
 * application/x-font and application/vnd.ms-opentype to TTF/OTF, all of
 * which sublib recognises by MIME type anyway.) */
#include "media/subdec.h"

#include <libavformat/avformat.h>

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
        fn(opaque, fname ? fname->value : NULL, mime ? mime->value : NULL, par->extradata,
           (size_t)par->extradata_size);
        n++;
    }
    return n;
}
