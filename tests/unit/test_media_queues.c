/* Unit tests: packet queue serials, frame queue ring/limit/abort, clocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <libavcodec/avcodec.h>
#include <math.h>
#include <pthread.h>
#include <unistd.h>

#include "media/clock.h"
#include "media/frameq.h"
#include "media/pktq.h"

static AVPacket *mkpkt(int size, int64_t pts)
{
    AVPacket *p = av_packet_alloc();
    av_new_packet(p, size);
    p->pts = pts;
    p->duration = 10;
    return p;
}

static void test_pktq_fifo_and_stats(void **st)
{
    (void)st;
    pktq *q = pktq_new();
    for (int i = 0; i < 5; i++) {
        AVPacket *p = mkpkt(100, i);
        assert_int_equal(pktq_put(q, p), 0);
        av_packet_free(&p);
    }
    int n;
    int64_t bytes, dur;
    pktq_stats(q, &n, &bytes, &dur);
    assert_int_equal(n, 5);
    assert_true(bytes >= 500);
    assert_int_equal(dur, 50);
    AVPacket *out = av_packet_alloc();
    int serial = -1;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(pktq_get(q, out, &serial, 0), 1);
        assert_int_equal(out->pts, i);
        assert_int_equal(serial, 0);
        av_packet_unref(out);
    }
    assert_int_equal(pktq_get(q, out, &serial, 0), 0); /* empty: poll returns 0 */
    pktq_stats(q, &n, &bytes, &dur);
    assert_int_equal(n, 0);
    assert_int_equal(bytes, 0);
    av_packet_free(&out);
    pktq_free(&q);
    assert_null(q);
}

static void test_pktq_flush_new_serial_and_eos(void **st)
{
    (void)st;
    pktq *q = pktq_new();
    AVPacket *p = mkpkt(10, 1);
    pktq_put(q, p);
    assert_int_equal(pktq_flush(q), 1); /* stale packet gone, serial 1 */
    pktq_put(q, p);                     /* (p was moved: an empty packet now) */
    pktq_put(q, NULL);                  /* end of stream marker */
    AVPacket *out = av_packet_alloc();
    int serial;
    assert_int_equal(pktq_get(q, out, &serial, 0), 1);
    assert_int_equal(serial, 1);
    av_packet_unref(out);
    assert_int_equal(pktq_get(q, out, &serial, 0), 1);
    assert_null(out->data);
    assert_int_equal(out->size, 0);
    av_packet_free(&out);
    av_packet_free(&p);
    pktq_free(&q);
}

static void *getter(void *arg)
{
    pktq *q = arg;
    AVPacket *out = av_packet_alloc();
    intptr_t r = pktq_get(q, out, NULL, -1);
    av_packet_free(&out);
    return (void *)r;
}

static void test_pktq_abort_wakes_and_refuses(void **st)
{
    (void)st;
    pktq *q = pktq_new();
    pthread_t t;
    pthread_create(&t, NULL, getter, q);
    usleep(20000);
    pktq_abort(q);
    void *r;
    pthread_join(t, &r);
    assert_int_equal((intptr_t)r, AVERROR_EXIT);
    AVPacket *p = mkpkt(10, 0);
    assert_int_equal(pktq_put(q, p), AVERROR_EXIT);
    av_packet_free(&p);
    /* timed get returns on timeout */
    pktq *q2 = pktq_new();
    AVPacket *out = av_packet_alloc();
    assert_int_equal(pktq_get(q2, out, NULL, 30), 0);
    av_packet_free(&out);
    pktq_free(&q2);
    pktq_free(&q);
}

static void test_frameq_ring_limit_abort(void **st)
{
    (void)st;
    assert_null(frameq_new(0));
    frameq *q = frameq_new(3);
    for (int i = 0; i < 3; i++) {
        qframe *s = frameq_peek_writable(q);
        assert_non_null(s);
        s->pts = i;
        s->serial = 7;
        frameq_push(q);
    }
    assert_int_equal(frameq_count(q), 3);
    assert_true(frameq_peek(q)->pts == 0);
    assert_true(frameq_peek_next(q)->pts == 1);
    frameq_next(q);
    assert_true(frameq_peek(q)->pts == 1);
    frameq_clear(q);
    assert_null(frameq_peek(q));
    assert_null(frameq_peek_next(q));
    frameq_set_limit(q, 1);
    assert_non_null(frameq_peek_writable(q));
    frameq_push(q);
    frameq_abort(q); /* a writer over the limit would block; abort releases it */
    assert_null(frameq_peek_writable(q));
    frameq_free(&q);
}

static void test_clock_runs_pauses_resets(void **st)
{
    (void)st;
    mclock *c = mclock_new();
    assert_true(isnan(mclock_get(c, 1.0)));
    assert_false(mclock_is_set(c));
    mclock_set(c, 10.0, 100.0);
    assert_true(fabs(mclock_get(c, 100.5) - 10.5) < 1e-9);
    mclock_set_paused(c, true, 101.0);
    assert_true(fabs(mclock_get(c, 105.0) - 11.0) < 1e-9); /* frozen while paused */
    mclock_set_paused(c, false, 105.0);
    assert_true(fabs(mclock_get(c, 106.0) - 12.0) < 1e-9);
    assert_true(fabs(mclock_last_update(c) - 105.0) < 1e-9);
    mclock_reset(c);
    assert_true(isnan(mclock_get(c, 107.0)));
    assert_true(media_now() > 0);
    mclock_free(&c);
    assert_null(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pktq_fifo_and_stats),
        cmocka_unit_test(test_pktq_flush_new_serial_and_eos),
        cmocka_unit_test(test_pktq_abort_wakes_and_refuses),
        cmocka_unit_test(test_frameq_ring_limit_abort),
        cmocka_unit_test(test_clock_runs_pauses_resets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
