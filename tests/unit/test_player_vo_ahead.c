/* Unit tests: drawing a picture ahead in the software output
 * (player/vo_surface.c: vo_compose, vo_prepare, vo_show_prepared).
 *
 * SDL's dummy video driver keeps the window surface in memory; screenshots
 * (vo_present with a shot) read back exactly what would be shown. Pictures
 * are flat grey YUV frames (Y = 16 → black, 235 → white, 126 → mid grey);
 * the overlay drawer paints a 4×4 marker whose grey level stands for "the
 * overlay rendered for some time", and counts its calls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <SDL.h>
#include <libavutil/frame.h>

#include "player/vo_sdl.h"

#define W 64
#define H 36

typedef struct fixture {
    vo *v;
    struct AVFrame *pic[3]; /* black, white, grey */
    uint8_t marker;         /* what the drawer paints */
    int draws;              /* drawer calls */
} fixture;

static bool draw_marker(void *ctx, uint32_t *px, int stride, bool bgr)
{
    (void)bgr;
    fixture *fx = ctx;
    fx->draws++;
    uint32_t m = (uint32_t)fx->marker * 0x010101u;
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++)
            px[(size_t)y * stride + x] = (px[(size_t)y * stride + x] & 0xFF000000u) | m;
    return true;
}

static struct AVFrame *flat(uint8_t y)
{
    struct AVFrame *f = av_frame_alloc();
    assert_non_null(f);
    f->width = W;
    f->height = H;
    f->format = 0; /* AV_PIX_FMT_YUV420P */
    assert_int_equal(av_frame_get_buffer(f, 0), 0);
    for (int r = 0; r < H; r++)
        memset(f->data[0] + (size_t)r * f->linesize[0], y, W);
    for (int p = 1; p < 3; p++)
        for (int r = 0; r < H / 2; r++)
            memset(f->data[p] + (size_t)r * f->linesize[p], 128, W / 2);
    return f;
}

static int setup(void **st)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0)
        return -1;
    fixture *fx = calloc(1, sizeof(*fx));
    vo_opts o = {.windowed = true, .width = W, .height = H, .renderer = "software", .title = "test"};
    char err[256];
    if (!fx || vo_open(&fx->v, &o, err, sizeof(err)) < 0) {
        free(fx);
        return -1;
    }
    fx->pic[0] = flat(16);
    fx->pic[1] = flat(235);
    fx->pic[2] = flat(126);
    vo_set_overlay_drawer(fx->v, draw_marker, fx);
    *st = fx;
    return 0;
}

static int teardown(void **st)
{
    fixture *fx = *st;
    for (int i = 0; i < 3; i++)
        av_frame_free(&fx->pic[i]);
    vo_close(&fx->v);
    free(fx);
    SDL_Quit();
    return 0;
}

/* Present, reading the screen back: the grey level of the picture (centre)
 * and of the marker (top left). */
static void shoot(fixture *fx, int *picture, int *marker)
{
    uint32_t *px = NULL;
    int w = 0, h = 0;
    vo_present(fx->v, &px, &w, &h);
    assert_non_null(px);
    assert_int_equal(w, W);
    assert_int_equal(h, H);
    *picture = (int)(px[(size_t)(H / 2) * W + W / 2] & 0xFF);
    *marker = (int)(px[0] & 0xFF);
    free(px);
}

/* Grey level of a picture after conversion: black, white, mid grey. */
static void assert_level(int got, int which)
{
    static const int lo[3] = {0, 250, 120}, hi[3] = {5, 255, 135};
    assert_in_range(got, lo[which], hi[which]);
}

static void show(fixture *fx, int which, uint8_t marker)
{
    assert_int_equal(vo_set_picture(fx->v, fx->pic[which], 1.0, 0, false), 0);
    fx->marker = marker;
    int p, m;
    shoot(fx, &p, &m);
    assert_level(p, which);
    assert_int_equal(m, marker);
}

/* The prepared picture goes on screen only after vo_show_prepared, and that
 * present draws nothing: neither the picture nor the overlay. */
static void test_prepared_then_shown(void **st)
{
    fixture *fx = *st;
    show(fx, 0, 10);
    assert_int_equal(vo_stage_picture(fx->v, fx->pic[1], 1.0, 0, false), 0);
    fx->marker = 20; /* the overlay rendered for the next picture's time */
    assert_true(vo_prepare(fx->v));
    int draws = fx->draws;
    fx->marker = 99; /* a drawer call from here on would show */
    assert_true(vo_show_prepared(fx->v));
    int p, m;
    shoot(fx, &p, &m);
    assert_level(p, 1);
    assert_int_equal(m, 20);
    assert_int_equal(fx->draws, draws);
    assert_false(vo_show_prepared(fx->v)); /* used up */
}

/* A present before vo_show_prepared (a redraw while the earlier picture is
 * still the current one) shows the current picture, not the prepared one,
 * and the prepared one must then be drawn again. */
static void test_redraw_before_show_drops_it(void **st)
{
    fixture *fx = *st;
    show(fx, 0, 10);
    assert_int_equal(vo_stage_picture(fx->v, fx->pic[1], 1.0, 0, false), 0);
    fx->marker = 20;
    assert_true(vo_prepare(fx->v));
    int p, m;
    shoot(fx, &p, &m);
    assert_level(p, 0); /* still the black picture */
    assert_false(vo_show_prepared(fx->v));
    assert_true(vo_show_staged(fx->v)); /* the normal way still works */
    fx->marker = 30;
    shoot(fx, &p, &m);
    assert_level(p, 1);
    assert_int_equal(m, 30);
}

/* Staging or setting another picture after vo_prepare forgets what was
 * drawn ahead. */
static void test_new_picture_forgets_it(void **st)
{
    fixture *fx = *st;
    show(fx, 0, 10);
    assert_int_equal(vo_stage_picture(fx->v, fx->pic[1], 1.0, 0, false), 0);
    assert_true(vo_prepare(fx->v));
    assert_int_equal(vo_stage_picture(fx->v, fx->pic[2], 1.0, 0, false), 0);
    assert_false(vo_show_prepared(fx->v));
    assert_true(vo_prepare(fx->v));
    show(fx, 0, 40); /* vo_set_picture in between */
    assert_false(vo_show_prepared(fx->v));
    int p, m;
    shoot(fx, &p, &m);
    assert_level(p, 0);
}

/* vo_compose draws the overlay now; the present shows exactly that even if
 * the overlay was rendered for another time since. Nothing to prepare
 * without a staged picture, and not while a composed picture waits. */
static void test_compose(void **st)
{
    fixture *fx = *st;
    show(fx, 2, 10);
    assert_int_equal(vo_set_picture(fx->v, fx->pic[1], 1.0, 0, false), 0);
    fx->marker = 50;
    vo_compose(fx->v);
    assert_false(vo_prepare(fx->v)); /* nothing staged */
    assert_int_equal(vo_stage_picture(fx->v, fx->pic[0], 1.0, 0, false), 0);
    assert_false(vo_prepare(fx->v)); /* the composed picture is not on screen yet */
    fx->marker = 60;
    int draws = fx->draws, p, m;
    shoot(fx, &p, &m);
    assert_level(p, 1);
    assert_int_equal(m, 50);
    assert_int_equal(fx->draws, draws);
    assert_true(vo_prepare(fx->v)); /* now it may */
    assert_true(vo_show_prepared(fx->v));
    shoot(fx, &p, &m);
    assert_level(p, 0);
    assert_int_equal(m, 60);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_prepared_then_shown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_redraw_before_show_drops_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_picture_forgets_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compose, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
