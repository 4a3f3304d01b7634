/* Unit tests for media/subdec: embedded subtitle streams (files generated
 * with the ffmpeg CLI at test time, and corpus files) and whole-file
 * sidecar decoding. */
#include "test_media_subdec_util.h"

/* Decode every packet of the first subtitle stream of `path`.
 * Returns subdec_open's result; *is_bitmap, *header_has set on success. */
static int decode_file(const char *path, evlist *out, bool *bitmap, char *codec, size_t clen,
                       bool *native)
{
    AVFormatContext *ic = NULL;
    assert_int_equal(avformat_open_input(&ic, path, NULL, NULL), 0);
    assert_true(avformat_find_stream_info(ic, NULL) >= 0);
    int si = av_find_best_stream(ic, AVMEDIA_TYPE_SUBTITLE, -1, -1, NULL, 0);
    assert_true(si >= 0);
    AVStream *st = ic->streams[si];
    subdec *d = NULL;
    int r = subdec_open(&d, st->codecpar, st->time_base.num, st->time_base.den, ic->start_time);
    if (r == SUBDEC_OK) {
        if (bitmap)
            *bitmap = subdec_is_bitmap(d);
        if (native)
            *native = subdec_is_native_ass(d);
        if (codec)
            snprintf(codec, clen, "%s", subdec_codec_name(d));
        if (!subdec_is_bitmap(d)) {
            size_t hl = 0;
            const char *h = subdec_ass_header(d, &hl);
            assert_non_null(h);
            assert_true(strstr(h, "[Script Info]") != NULL);
            assert_int_equal(hl, strlen(h));
        } else {
            assert_null(subdec_ass_header(d, NULL));
        }
        AVPacket *pkt = av_packet_alloc();
        while (av_read_frame(ic, pkt) >= 0) {
            if (pkt->stream_index == si)
                assert_true(subdec_decode(d, pkt, collect, out) >= 0);
            av_packet_unref(pkt);
        }
        av_packet_free(&pkt);
        subdec_free(&d);
        assert_null(d);
    }
    avformat_close_input(&ic);
    return r;
}

static const char *make_srt(char *path, size_t len)
{
    assert_true(snprintf(path, len, "%s/subdec-test.srt", cache_dir()) < (int)len);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("1\n00:00:01,000 --> 00:00:02,500\n\xc2\xa1Hola! <i>\xc2\xbfQu\xc3\xa9 tal?</i>\n\n"
          "2\n00:00:03,000 --> 00:00:04,000\nSegunda l\xc3\xadnea\n",
          f);
    fclose(f);
    return path;
}

static void mux(const char *srt, const char *out, const char *scodec, const char *extra)
{
    char cmd[4096];
    FMT(cmd,
             "ffmpeg -nostdin -v error -y -f lavfi -i color=black:s=64x48:r=5:d=5 -i '%s' "
             "-c:v mpeg4 -c:s %s %s '%s'",
             srt, scodec, extra, out);
    assert_int_equal(system(cmd), 0);
}

/* The two cues of make_srt(), as events on the playback axis. */
static void check_two_cues(evlist *l)
{
    assert_int_equal(l->n, 2);
    assert_int_equal(l->ev[0]->start_ms, 1000);
    assert_int_equal(l->ev[0]->duration_ms, 1500);
    assert_int_equal(l->ev[1]->start_ms, 3000);
    assert_int_equal(l->ev[1]->duration_ms, 1000);
    assert_non_null(strstr(l->ev[0]->ass, "\xc2\xa1Hola!"));
    assert_non_null(strstr(l->ev[0]->ass, "{\\i1}")); /* <i> → ASS */
    assert_non_null(strstr(l->ev[1]->ass, "Segunda l\xc3\xadnea"));
    /* "ReadOrder,Layer,Style,…": ReadOrder rewritten to a hash, the rest kept. */
    assert_non_null(strstr(l->ev[0]->ass, ",0,Default,"));
    assert_int_equal(l->ev[0]->nbitmaps, 0);
}

static void test_mkv_srt_generated(void **state)
{
    (void)state;
    char srt[1024], mkv[1024];
    make_srt(srt, sizeof(srt));
    FMT(mkv, "%s/subdec-test-srt.mkv", cache_dir());
    mux(srt, mkv, "srt", "");
    evlist l = {0};
    bool bitmap = true, native = true;
    char codec[32];
    assert_int_equal(decode_file(mkv, &l, &bitmap, codec, sizeof(codec), &native), SUBDEC_OK);
    assert_false(bitmap);
    assert_false(native);
    assert_string_equal(codec, "subrip");
    check_two_cues(&l);
    evlist_free(&l);
}

static void test_mp4_mov_text_generated(void **state)
{
    (void)state;
    char srt[1024], mp4[1024];
    make_srt(srt, sizeof(srt));
    FMT(mp4, "%s/subdec-test-movtext.mp4", cache_dir());
    mux(srt, mp4, "mov_text", "");
    evlist l = {0};
    char codec[32];
    assert_int_equal(decode_file(mp4, &l, NULL, codec, sizeof(codec), NULL), SUBDEC_OK);
    assert_string_equal(codec, "mov_text");
    /* mov_text has no italics mapping for HTML tags: check text and times. */
    assert_true(l.n >= 2);
    int k = 0;
    for (int i = 0; i < l.n; i++) {
        if (strstr(l.ev[i]->ass, "Hola")) {
            assert_int_equal(l.ev[i]->start_ms, 1000);
            assert_int_equal(l.ev[i]->duration_ms, 1500);
            k++;
        }
        if (strstr(l.ev[i]->ass, "Segunda")) {
            assert_int_equal(l.ev[i]->start_ms, 3000);
            k++;
        }
    }
    assert_int_equal(k, 2);
    evlist_free(&l);
}

static void test_start_offset_subtracted(void **state)
{
    (void)state;
    char srt[1024], mkv[1024];
    make_srt(srt, sizeof(srt));
    FMT(mkv, "%s/subdec-test-offset.mkv", cache_dir());
    mux(srt, mkv, "srt", "-output_ts_offset 10");
    evlist l = {0};
    assert_int_equal(decode_file(mkv, &l, NULL, NULL, 0, NULL), SUBDEC_OK);
    check_two_cues(&l); /* still 1 s and 3 s after the file's start */
    evlist_free(&l);
}

static void test_corpus_mkv_srt(void **state)
{
    (void)state;
    char p[1024];
    evlist l = {0};
    assert_int_equal(decode_file(corpus("androidx-media/media/mkv/sample_with_srt.mkv", p, sizeof(p)),
                                 &l, NULL, NULL, 0, NULL),
                     SUBDEC_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.ev[0]->start_ms, 0);
    assert_int_equal(l.ev[0]->duration_ms, 1234);
    assert_non_null(strstr(l.ev[0]->ass, "This is the first subtitle."));
    evlist_free(&l);
}

static void test_corpus_mkv_ass(void **state)
{
    (void)state;
    char p[1024];
    evlist l = {0};
    bool native = false;
    assert_int_equal(decode_file(corpus("androidx-media/media/mkv/sample_with_ass_subtitles.mkv", p,
                                        sizeof(p)),
                                 &l, NULL, NULL, 0, &native),
                     SUBDEC_OK);
    assert_true(native);
    assert_true(l.n >= 1);
    assert_int_equal(l.ev[0]->start_ms, 0);
    assert_int_equal(l.ev[0]->duration_ms, 500);
    evlist_free(&l);
}

static void test_corpus_mkv_pgs(void **state)
{
    (void)state;
    char p[1024];
    evlist l = {0};
    bool bitmap = false;
    assert_int_equal(decode_file(corpus("androidx-media/media/mkv/sample_with_pgs_subtitles.mkv", p,
                                        sizeof(p)),
                                 &l, &bitmap, NULL, 0, NULL),
                     SUBDEC_OK);
    assert_true(bitmap);
    assert_true(l.n >= 1);
    /* First screen: at 0, with at least one RGBA bitmap inside its canvas. */
    sub_event *e = l.ev[0];
    assert_int_equal(e->start_ms, 0);
    assert_null(e->ass);
    assert_true(e->nbitmaps >= 1);
    assert_true(e->canvas_w > 0 && e->canvas_h > 0);
    const sub_bitmap *b = &e->bitmaps[0];
    assert_true(b->w > 0 && b->h > 0 && b->x >= 0 && b->y >= 0);
    assert_true(b->x + b->w <= e->canvas_w && b->y + b->h <= e->canvas_h);
    int opaque = 0;
    for (int i = 0; i < b->w * b->h; i++)
        opaque += b->rgba[i * 4 + 3] == 255;
    assert_true(opaque > 0);
    /* The 1.24 s packet clears the screen. */
    bool cleared = false;
    for (int i = 1; i < l.n; i++)
        cleared |= l.ev[i]->nbitmaps == 0 && l.ev[i]->start_ms == 1240;
    assert_true(cleared);
    evlist_free(&l);
}

static void test_corpus_vobsub(void **state)
{
    (void)state;
    static const char *const files[] = {"androidx-media/media/mkv/sample_with_vobsub.mkv",
                                        "androidx-media/media/mp4/sample_with_vobsub.mp4"};
    for (int k = 0; k < 2; k++) {
        char p[1024];
        evlist l = {0};
        bool bitmap = false;
        char codec[32];
        assert_int_equal(decode_file(corpus(files[k], p, sizeof(p)), &l, &bitmap, codec,
                                     sizeof(codec), NULL),
                         SUBDEC_OK);
        assert_true(bitmap);
        assert_string_equal(codec, "dvd_subtitle");
        int visible = 0;
        for (int i = 0; i < l.n; i++)
            for (int b = 0; b < l.ev[i]->nbitmaps; b++) {
                const sub_bitmap *bm = &l.ev[i]->bitmaps[b];
                for (int j = 0; j < bm->w * bm->h; j++)
                    visible += bm->rgba[j * 4 + 3] != 0;
            }
        assert_true(visible > 100); /* palette → RGBA produced real pixels */
        evlist_free(&l);
    }
}

static void test_corpus_webm_webvtt(void **state)
{
    (void)state;
    char p[1024];
    evlist l = {0};
    char codec[32];
    assert_int_equal(decode_file(corpus("gstreamer-tests/subprojects/gst-plugins-bad/tests/files/mse.webm",
                                        p, sizeof(p)),
                                 &l, NULL, codec, sizeof(codec), NULL),
                     SUBDEC_OK);
    assert_string_equal(codec, "webvtt");
    assert_int_equal(l.n, 2);
    /* The file starts at -7 ms: cues at 1.000 s and 4.000 s of the file's
     * own clock are 1007 and 4007 ms after its start. */
    assert_int_equal(l.ev[0]->start_ms, 1007);
    assert_int_equal(l.ev[0]->duration_ms, 3000);
    assert_non_null(strstr(l.ev[0]->ass, "Test Text"));
    assert_int_equal(l.ev[1]->start_ms, 4007);
    assert_non_null(strstr(l.ev[1]->ass, "Ending"));
    evlist_free(&l);
}

static void test_mkv_webvtt_unsupported(void **state)
{
    (void)state;
    char p[1024];
    evlist l = {0};
    AVFormatContext *ic = NULL;
    corpus("androidx-media/media/mkv/sample_with_vtt_subtitles.mkv", p, sizeof(p));
    assert_int_equal(avformat_open_input(&ic, p, NULL, NULL), 0);
    assert_true(avformat_find_stream_info(ic, NULL) >= 0);
    int found = 0;
    for (unsigned i = 0; i < ic->nb_streams; i++) {
        if (ic->streams[i]->codecpar->codec_type != AVMEDIA_TYPE_SUBTITLE)
            continue;
        subdec *d = NULL;
        assert_int_equal(subdec_open(&d, ic->streams[i]->codecpar, 1, 1000, 0), SUBDEC_E_UNSUPPORTED);
        assert_null(d);
        found++;
    }
    avformat_close_input(&ic);
    assert_int_equal(found, 1);
    assert_non_null(strstr(subdec_strerror(SUBDEC_E_UNSUPPORTED), "not supported"));
    (void)l;
}

static void test_readorder_stable_across_flush(void **state)
{
    (void)state;
    char srt[1024], mkv[1024];
    make_srt(srt, sizeof(srt));
    FMT(mkv, "%s/subdec-test-srt.mkv", cache_dir());
    mux(srt, mkv, "srt", "");
    evlist a = {0}, b = {0};
    assert_int_equal(decode_file(mkv, &a, NULL, NULL, 0, NULL), SUBDEC_OK);
    assert_int_equal(decode_file(mkv, &b, NULL, NULL, 0, NULL), SUBDEC_OK);
    assert_int_equal(a.n, b.n);
    /* Same cue, same line (so libass recognises a re-decoded duplicate);
     * different cues, different ReadOrder. */
    for (int i = 0; i < a.n; i++)
        assert_string_equal(a.ev[i]->ass, b.ev[i]->ass);
    assert_int_not_equal(atoi(a.ev[0]->ass), atoi(a.ev[1]->ass));
    evlist_free(&a);
    evlist_free(&b);
}

/* ---- whole-file sidecars ---- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

static subdec_file *read_sidecar(const char *rel, const char *hint, int expect)
{
    char p[1024];
    size_t len;
    char *data = slurp(corpus(rel, p, sizeof(p)), &len);
    subdec_file *f = NULL;
    assert_int_equal(subdec_read_file(data, len, hint, 0, &f), expect);
    free(data);
    return f;
}

static void test_sidecar_srt(void **state)
{
    (void)state;
    subdec_file *f = read_sidecar("androidx-media/media/subrip/typical", "typical.srt", SUBDEC_OK);
    assert_string_equal(f->format, "srt");
    assert_false(f->native_ass);
    assert_int_equal(f->nevents, 3);
    assert_non_null(strstr(f->ass_header, "[Events]"));
    /* Third cue has an hours field: 02:00:04.567. */
    assert_int_equal(f->events[2]->start_ms, 2 * 3600000 + 4567);
    subdec_file_free(&f);
    assert_null(f);
    /* Sidecar hint without a known extension: content decides. */
    f = read_sidecar("androidx-media/media/subrip/typical", "typical", SUBDEC_OK);
    assert_string_equal(f->format, "srt");
    subdec_file_free(&f);
}

static void test_sidecar_vtt(void **state)
{
    (void)state;
    subdec_file *f = read_sidecar("juvoplayer/JuvoPlayer.Tests/res/subtitles/subtitles_es.vtt",
                                  "subtitles_es.vtt", SUBDEC_OK);
    assert_string_equal(f->format, "webvtt");
    assert_int_equal(f->nevents, 49);
    bool found = false;
    for (int i = 0; i < f->nevents; i++)
        found |= strstr(f->events[i]->ass, "\xc3\x89stas son tierras de dragones, Sintel.") != NULL;
    assert_true(found);
    subdec_file_free(&f);
}

static void test_sidecar_ass(void **state)
{
    (void)state;
    subdec_file *f = read_sidecar("androidx-media/media/ssa/typical", "typical.ass", SUBDEC_OK);
    assert_string_equal(f->format, "ass");
    assert_true(f->native_ass);
    assert_non_null(strstr(f->ass_header, "[V4+ Styles]"));
    assert_true(f->nevents >= 1);
    subdec_file_free(&f);
}

static void test_sidecar_microdvd(void **state)
{
    (void)state;
    const char *sub = "{24}{48}Hola|mundo\n{72}{96}{y:i}Adi\xc3\xb3s\n";
    subdec_file *f = NULL;
    assert_int_equal(subdec_read_file(sub, strlen(sub), "film.sub", 0, &f), SUBDEC_OK);
    assert_string_equal(f->format, "microdvd");
    assert_int_equal(f->nevents, 2);
    /* Default 23.976 fps: frame 24 = 1001 ms; '|' = line break. */
    assert_true(f->events[0]->start_ms >= 1000 && f->events[0]->start_ms <= 1002);
    assert_non_null(strstr(f->events[0]->ass, "Hola\\Nmundo"));
    subdec_file_free(&f);
    /* An explicit frame rate. */
    assert_int_equal(subdec_read_file(sub, strlen(sub), "film.sub", 25.0, &f), SUBDEC_OK);
    assert_int_equal(f->events[0]->start_ms, 960);
    subdec_file_free(&f);
}

static void test_sidecar_txt_by_content(void **state)
{
    (void)state;
    const char *srt = "1\n00:00:01,000 --> 00:00:02,000\nHola\n\n";
    const char *mdvd = "{25}{50}Hola|mundo\n{75}{100}Dos\n{125}{150}Tres\n";
    subdec_file *f = NULL;
    assert_int_equal(subdec_read_file(srt, strlen(srt), "subs.txt", 0, &f), SUBDEC_OK);
    assert_string_equal(f->format, "srt");
    assert_int_equal(f->nevents, 1);
    subdec_file_free(&f);
    assert_int_equal(subdec_read_file(mdvd, strlen(mdvd), "subs.txt", 25, &f), SUBDEC_OK);
    assert_string_equal(f->format, "microdvd");
    assert_int_equal(f->events[0]->start_ms, 1000);
    subdec_file_free(&f);
}

static void test_sidecar_refusals(void **state)
{
    (void)state;
    subdec_file *f = (subdec_file *)1;
    /* Too big: refused before FFmpeg sees it. */
    size_t big = SUBDEC_FILE_MAX + 1;
    char *buf = calloc(1, big);
    assert_int_equal(subdec_read_file(buf, big, "x.srt", 0, &f), SUBDEC_E_TOO_BIG);
    assert_null(f);
    free(buf);
    assert_int_equal(subdec_read_file("", 0, "x.srt", 0, &f), SUBDEC_E_EMPTY);
    /* A playlist that would make FFmpeg open other files/URLs: never opened
     * as such (no subtitle demuxer accepts it). */
    const char *m3u = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n"
                      "#EXTINF:10,\nhttp://127.0.0.1:9/x.ts\n#EXT-X-ENDLIST\n";
    assert_int_equal(subdec_read_file(m3u, strlen(m3u), "list.m3u8", 0, &f), SUBDEC_E_FORMAT);
    assert_null(f);
    /* Same bytes named .srt: read as SubRip (nothing in it), not as HLS. */
    int r = subdec_read_file(m3u, strlen(m3u), "list.srt", 0, &f);
    if (r == SUBDEC_OK) {
        assert_string_equal(f->format, "srt");
        assert_int_equal(f->nevents, 0);
        subdec_file_free(&f);
    } else {
        assert_true(r == SUBDEC_E_FORMAT || r == SUBDEC_E_EMPTY);
    }
    /* Plain prose named .txt. */
    const char *txt = "Just some notes, not subtitles.\nSecond line.\n";
    assert_int_equal(subdec_read_file(txt, strlen(txt), "notes.txt", 0, &f), SUBDEC_E_FORMAT);
    assert_int_equal(subdec_read_file(NULL, 3, "x.srt", 0, &f), SUBDEC_E_ARG);
}

static void test_sidecar_corpus_sweep(void **state)
{
    (void)state;
    /* Every androidx subrip/webvtt/ssa sample: no crash, sane results. */
    static const char *const dirs[][2] = {{"androidx-media/media/subrip", ".srt"},
                                          {"androidx-media/media/webvtt", ".vtt"},
                                          {"androidx-media/media/ssa", ".ass"}};
    for (size_t k = 0; k < 3; k++) {
        char dirp[1024], cmd[1200];
        corpus(dirs[k][0], dirp, sizeof(dirp));
        FMT(cmd, "ls '%s'", dirp);
        FILE *ls = popen(cmd, "r");
        assert_non_null(ls);
        char name[256];
        int files = 0;
        while (fgets(name, sizeof(name), ls)) {
            name[strcspn(name, "\n")] = '\0';
            char rel[1024], hint[300];
            FMT(rel, "%s/%s", dirs[k][0], name);
            FMT(hint, "%s%s", name, dirs[k][1]);
            char p[1024];
            size_t len;
            char *data = slurp(corpus(rel, p, sizeof(p)), &len);
            subdec_file *f = NULL;
            int r = subdec_read_file(data, len, hint, 0, &f);
            if (r == SUBDEC_OK) {
                assert_non_null(f->ass_header);
                for (int i = 0; i < f->nevents; i++)
                    assert_non_null(f->events[i]->ass);
            } else {
                assert_null(f);
            }
            subdec_file_free(&f);
            free(data);
            files++;
        }
        pclose(ls);
        assert_true(files > 5);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mkv_srt_generated),
        cmocka_unit_test(test_mp4_mov_text_generated),
        cmocka_unit_test(test_start_offset_subtracted),
        cmocka_unit_test(test_corpus_mkv_srt),
        cmocka_unit_test(test_corpus_mkv_ass),
        cmocka_unit_test(test_corpus_mkv_pgs),
        cmocka_unit_test(test_corpus_vobsub),
        cmocka_unit_test(test_corpus_webm_webvtt),
        cmocka_unit_test(test_mkv_webvtt_unsupported),
        cmocka_unit_test(test_readorder_stable_across_flush),
        cmocka_unit_test(test_sidecar_srt),
        cmocka_unit_test(test_sidecar_vtt),
        cmocka_unit_test(test_sidecar_ass),
        cmocka_unit_test(test_sidecar_microdvd),
        cmocka_unit_test(test_sidecar_txt_by_content),
        cmocka_unit_test(test_sidecar_refusals),
        cmocka_unit_test(test_sidecar_corpus_sweep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
