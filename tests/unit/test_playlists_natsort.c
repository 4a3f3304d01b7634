/* Unit tests: natural path ordering (playlists/natsort.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "playlists/natsort.h"

static int sign(int v) { return (v > 0) - (v < 0); }

static void test_table(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        int want;
    } t[] = {
        { "2.mp4", "10.mp4", -1 },
        { "10.mp4", "2.mp4", 1 },
        { "clip9", "clip10", -1 },
        { "clip09", "clip10", -1 },
        { "clip010", "clip9", 1 },
        { "a", "B", -1 },           /* case-insensitive first */
        { "B", "c", -1 },
        { "A", "a", -1 },           /* then bytes: 'A' < 'a' */
        { "1", "01", 1 },           /* equal numbers: bytes decide ('1' > '0') */
        { "x1y2", "x1y10", -1 },
        { "x01y2", "x1y10", -1 },   /* numbers, not the zero-padding, decide */
        { "a", "a", 0 },
        { "", "a", -1 },
        { "a", "ab", -1 },
        { "a/2.mp4", "a/10.mp4", -1 },
        { "a/10.mp4", "a/2.mp4", 1 },
        { "a/z.mp4", "a.mp4", -1 },  /* folder "a" before file "a.mp4" */
        { "a/z.mp4", "b.mp4", -1 },
        { "a/z.mp4", "a/b/c.mp4", 1 },
        { "2/x.mp4", "10/a.mp4", -1 }, /* folders sort naturally too */
        { "a b", "a-b", -1 },       /* ' ' (0x20) < '-' (0x2d) */
        { "99999999999999999999999", "100000000000000000000000", -1 }, /* no overflow */
        { "\xc3\x81ngela", "\xc3\xa1ngela", -1 }, /* Á vs á: equal folded, bytes decide */
        { "\xc3\xa1ngela", "\xc3\x81rbol", -1 },  /* á-n < Á-r: folded compare */
        { "Zoe", "\xc3\x81ngela", -1 }, /* non-ASCII after ASCII letters */
        { "video 1.mp4", "video 1 (1).mp4", 1 }, /* '.' (0x2e) > ' ' (0x20) */
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        int got = sign(natsort_cmp(t[i].a, t[i].b));
        if (got != t[i].want)
            fail_msg("natsort_cmp(\"%s\", \"%s\") = %d, want %d", t[i].a, t[i].b, got, t[i].want);
        assert_int_equal(sign(natsort_cmp(t[i].b, t[i].a)), -t[i].want);
    }
}

static void test_sorts_list(void **state)
{
    (void)state;
    const char *v[] = { "b/1.mp4", "a10.mp4", "a2.mp4", "A1.mp4", "b.mp4", "a/x.mp4", "a1.mp4" };
    const char *want[] = { "a/x.mp4", "A1.mp4", "a1.mp4", "a2.mp4", "a10.mp4", "b/1.mp4", "b.mp4" };
    qsort(v, 7, sizeof(v[0]), natsort_qsort_cmp);
    for (int i = 0; i < 7; i++)
        assert_string_equal(v[i], want[i]);
}

/* Property: a strict total order (antisymmetric, transitive, 0 only for
 * identical strings) over random strings from a nasty alphabet. */
static void test_total_order(void **state)
{
    (void)state;
    static const char alpha[] = "0019aAbB._ -/\xc3\x81\xc3\xa1";
    uint64_t rng = 12345;
    enum { N = 300 };
    char s[N][12];
    for (int i = 0; i < N; i++) {
        int len = 0;
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        int want = (int)(rng >> 60) % 10 + 1;
        while (len < want) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            char c = alpha[(rng >> 33) % (sizeof(alpha) - 1)];
            s[i][len++] = c;
        }
        s[i][len] = '\0';
    }
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            int ij = sign(natsort_cmp(s[i], s[j]));
            assert_int_equal(ij, -sign(natsort_cmp(s[j], s[i])));
            if (ij == 0)
                assert_string_equal(s[i], s[j]);
        }
    }
    const char *p[N];
    for (int i = 0; i < N; i++)
        p[i] = s[i];
    qsort(p, N, sizeof(p[0]), natsort_qsort_cmp);
    /* Sorted ⇒ every later element compares >= every earlier one. */
    for (int i = 0; i < N; i++)
        for (int j = i + 1; j < N; j++)
            if (natsort_cmp(p[i], p[j]) > 0)
                fail_msg("not transitive: \"%s\" > \"%s\"", p[i], p[j]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_sorts_list),
        cmocka_unit_test(test_total_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
