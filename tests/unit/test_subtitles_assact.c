/* Unit tests for subtitles/ass_active: the key changes exactly at event
 * boundaries, and animated events are recognised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ass/ass.h>
#include <stdlib.h>
#include <string.h>

#include "subtitles/ass_active.h"

static const char script[] =
    "[Script Info]\nScriptType: v4.00+\nPlayResX: 384\nPlayResY: 288\n\n"
    "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
    "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, "
    "Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
    "Style: Default,Arial,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,{\\i1}Static line{\\i0} with \\N a break\n"
    "Dialogue: 0,0:00:02.00,0:00:04.00,Default,,0,0,0,,Second static line {\\pos(10,10)}\n"
    "Dialogue: 0,0:00:10.00,0:00:11.00,Default,,0,0,0,,{\\move(0,0,100,100)}moves\n"
    "Dialogue: 0,0:00:12.00,0:00:13.00,Default,,0,0,0,,{\\fade(255,0,255,0,200,800,1000)}fades\n"
    "Dialogue: 0,0:00:14.00,0:00:15.00,Default,,0,0,0,,{\\K50}ka{\\ko50}ra\n"
    "Dialogue: 0,0:00:16.00,0:00:17.00,Default,,0,0,0,,{\\t(0,500,\\fscx200)}grows\n"
    "Dialogue: 0,0:00:18.00,0:00:19.00,Default,,0,0,0,Banner;10,scrolls\n"
    "Dialogue: 0,0:00:20.00,0:00:21.00,Default,,0,0,0,,plain text about \\k and move, {\\fax0.2\\blur2}sheared\n";

typedef struct fx {
    ASS_Library *lib;
    ASS_Track *track;
} fx;

static int setup(void **state)
{
    static fx f;
    f.lib = ass_library_init();
    char *copy = strdup(script);
    f.track = ass_read_memory(f.lib, copy, strlen(copy), NULL);
    free(copy);
    if (!f.track)
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    ass_free_track(f->track);
    ass_library_done(f->lib);
    return 0;
}

static void test_key_changes_only_at_boundaries(void **state)
{
    fx *f = *state;
    bool anim;
    assert_int_equal(assact_key(f->track, 500, &anim), 0);
    uint64_t a = assact_key(f->track, 1000, &anim);
    assert_false(anim);
    assert_int_not_equal(a, 0);
    assert_int_equal(assact_key(f->track, 1999, &anim), a); /* same single event */
    uint64_t ab = assact_key(f->track, 2000, &anim);         /* the second one starts */
    assert_int_not_equal(ab, a);
    assert_int_equal(assact_key(f->track, 2999, &anim), ab);
    uint64_t b = assact_key(f->track, 3000, &anim); /* the first ends (End is exclusive) */
    assert_int_not_equal(b, ab);
    assert_int_not_equal(b, a);
    assert_int_equal(assact_key(f->track, 4000, &anim), 0);
    assert_int_equal(assact_key(NULL, 1000, &anim), 0);
}

static void test_key_follows_text_edits(void **state)
{
    fx *f = *state;
    bool anim;
    uint64_t a = assact_key(f->track, 1500, &anim);
    char *old = f->track->events[0].Text;
    f->track->events[0].Text = strdup("Different words");
    assert_int_not_equal(assact_key(f->track, 1500, &anim), a);
    free(f->track->events[0].Text);
    f->track->events[0].Text = old;
    assert_int_equal(assact_key(f->track, 1500, &anim), a);
}

static void test_animated_events(void **state)
{
    fx *f = *state;
    bool anim;
    const long long animated_at[] = {10500, 12500, 14500, 16500, 18500};
    for (size_t i = 0; i < sizeof(animated_at) / sizeof(animated_at[0]); i++) {
        assact_key(f->track, animated_at[i], &anim);
        assert_true(anim);
    }
    /* Static look-alikes: \k outside a {} block, \fax, \blur, \pos. */
    assact_key(f->track, 20500, &anim);
    assert_false(anim);
    assact_key(f->track, 2500, &anim);
    assert_false(anim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_key_changes_only_at_boundaries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_follows_text_edits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_animated_events, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
