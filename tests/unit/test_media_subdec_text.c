/* Unit tests for media/subdec: embedded text cues that are not UTF-8
 * (FFmpeg alone drops them) — the fixer, the cp1252 default, mostly-UTF-8
 * lines. Split from test_media_subdec.c (600-line limit). */
#include "test_media_subdec_util.h"

static char *fix_latin1(void *opaque, const char *bytes, size_t len)
{
    int *calls = opaque;
    (*calls)++;
    char *out = malloc(len * 2 + 1), *o = out;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (c < 0x80) {
            *o++ = (char)c;
        } else {
            *o++ = (char)(0xC0 | c >> 6);
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o = '\0';
    return out;
}

static void test_embedded_cp1252_kept(void **state)
{
    (void)state;
    char srt[1024], mkv[1024], cmd[4096];
    FMT(srt, "%s/subdec-cp1252.srt", cache_dir());
    FILE *f = fopen(srt, "wb");
    fputs("1\n00:00:01,000 --> 00:00:02,000\nEl ni\xf1o est\xe1 aqu\xed\n", f); /* cp1252 */
    fclose(f);
    FMT(mkv, "%s/subdec-cp1252.mkv", cache_dir());
    /* Copied, not decoded: the MKV carries the cp1252 bytes. */
    FMT(cmd, "ffmpeg -nostdin -v error -y -i '%s' -c:s copy '%s'", srt, mkv);
    assert_int_equal(system(cmd), 0);
    AVFormatContext *ic = NULL;
    assert_int_equal(avformat_open_input(&ic, mkv, NULL, NULL), 0);
    AVStream *st = ic->streams[0];
    for (int pass = 0; pass < 2; pass++) {
        subdec *d = NULL;
        assert_int_equal(subdec_open(&d, st->codecpar, st->time_base.num, st->time_base.den, 0),
                         SUBDEC_OK);
        int calls = 0;
        if (pass == 1)
            subdec_set_text_fixer(d, fix_latin1, &calls);
        evlist l = {0};
        AVPacket *pkt = av_packet_alloc();
        avformat_seek_file(ic, -1, INT64_MIN, 0, INT64_MAX, 0);
        while (av_read_frame(ic, pkt) >= 0) {
            assert_int_equal(subdec_decode(d, pkt, collect, &l), 1);
            av_packet_unref(pkt);
        }
        av_packet_free(&pkt);
        assert_int_equal(l.n, 1); /* FFmpeg alone would drop it */
        if (pass == 0) { /* no fixer: read as cp1252, the default code page */
            assert_non_null(strstr(l.ev[0]->ass, "El ni\xc3\xb1o est\xc3\xa1 aqu\xc3\xad"));
        } else {
            assert_int_equal(calls, 1);
            assert_non_null(strstr(l.ev[0]->ass, "El ni\xc3\xb1o est\xc3\xa1 aqu\xc3\xad"));
        }
        evlist_free(&l);
        subdec_free(&d);
    }
    avformat_close_input(&ic);
}

/* A cue in UTF-8 with one broken byte stays UTF-8 (not read as cp1252). */
static void test_embedded_mostly_utf8_kept(void **state)
{
    (void)state;
    AVCodecParameters *par = avcodec_parameters_alloc();
    par->codec_type = AVMEDIA_TYPE_SUBTITLE;
    par->codec_id = AV_CODEC_ID_SUBRIP;
    subdec *d = NULL;
    assert_int_equal(subdec_open(&d, par, 1, 1000, 0), SUBDEC_OK);
    static const char *const lines[] = {
        "Caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e \xff", /* 4 good sequences, 1 bad byte */
        "Se\xf1or \x93Nu\xf1" "ez\x94",                             /* cp1252, with curly quotes */
    };
    static const char *const want[] = {
        "Caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e \xef\xbf\xbd",
        "Se\xc3\xb1or \xe2\x80\x9cNu\xc3\xb1" "ez\xe2\x80\x9d",
    };
    for (int i = 0; i < 2; i++) {
        AVPacket *pkt = av_packet_alloc();
        assert_int_equal(av_new_packet(pkt, (int)strlen(lines[i])), 0);
        memcpy(pkt->data, lines[i], strlen(lines[i]));
        pkt->pts = pkt->dts = 1000 * (i + 1);
        pkt->duration = 500;
        evlist l = {0};
        assert_int_equal(subdec_decode(d, pkt, collect, &l), 1);
        assert_int_equal(l.n, 1);
        if (!strstr(l.ev[0]->ass, want[i]))
            print_message("got: %s\n", l.ev[0]->ass);
        assert_non_null(strstr(l.ev[0]->ass, want[i]));
        evlist_free(&l);
        av_packet_free(&pkt);
    }
    subdec_free(&d);
    avcodec_parameters_free(&par);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_embedded_cp1252_kept),
        cmocka_unit_test(test_embedded_mostly_utf8_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
