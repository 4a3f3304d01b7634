/* Unit tests: live playlist — order, removal of the current entry, failure
 * marks, shuffle rounds (playlists/playlist.c, playlists/shuffle.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "playlists/playlist.h"

static uint64_t add(struct playlist *pl, const char *p)
{
    uint64_t id = playlist_add(pl, p, 100, 1000, false);
    assert_true(id != 0);
    return id;
}

static const char *path_of(struct playlist *pl, uint64_t id)
{
    struct playlist_item it;
    if (!playlist_get(pl, id, &it))
        return "(none)";
    return it.relpath;
}

static void test_sorted_insert(void **state)
{
    (void)state;
    struct playlist *pl = playlist_new(1);
    const char *in[] = { "b.mp4", "10.mp4", "a/x.mp4", "2.mp4", "a/10.mp4", "a/2.mp4", "B.mp4" };
    uint64_t ids[7];
    for (int i = 0; i < 7; i++)
        ids[i] = add(pl, in[i]);
    for (int i = 1; i < 7; i++)
        assert_true(ids[i] > ids[i - 1]); /* never reused, increasing */
    const char *want[] = { "2.mp4", "10.mp4", "a/2.mp4", "a/10.mp4", "a/x.mp4", "B.mp4", "b.mp4" };
    assert_int_equal(playlist_count(pl), 7);
    for (size_t i = 0; i < 7; i++) {
        struct playlist_item it;
        assert_true(playlist_at(pl, i, &it));
        assert_string_equal(it.relpath, want[i]);
        assert_int_equal(playlist_index_of(pl, it.id), (long)i);
        assert_int_equal(playlist_find(pl, want[i]), it.id);
    }
    struct playlist_item it;
    assert_true(playlist_get(pl, ids[4], &it));
    assert_string_equal(it.relpath, "a/10.mp4");
    assert_string_equal(it.title, "10");
    /* adding an existing path is an update: same id, no duplicate */
    assert_int_equal(playlist_add(pl, "a/10.mp4", 5, 6, true), ids[4]);
    assert_int_equal(playlist_count(pl), 7);
    assert_true(playlist_get(pl, ids[4], &it));
    assert_int_equal(it.size, 5);
    assert_true(it.probed);
    /* removed ids are gone for good; a re-added path gets a new id */
    assert_int_equal(playlist_remove(pl, "a/10.mp4"), ids[4]);
    assert_false(playlist_get(pl, ids[4], &it));
    assert_int_equal(playlist_index_of(pl, ids[4]), -1);
    assert_int_equal(playlist_remove(pl, "a/10.mp4"), 0);
    uint64_t again = add(pl, "a/10.mp4");
    assert_true(again > ids[6]);
    /* titles */
    uint64_t t = add(pl, "x/My Video.final.mkv");
    assert_true(playlist_get(pl, t, &it));
    assert_string_equal(it.title, "My Video.final");
    t = add(pl, "noext");
    assert_true(playlist_get(pl, t, &it));
    assert_string_equal(it.title, "noext");
    playlist_free(pl);
}

static void test_next_prev_wrap(void **state)
{
    (void)state;
    struct playlist *pl = playlist_new(1);
    assert_int_equal(playlist_next_after(pl, 0), 0); /* empty: none */
    uint64_t a = add(pl, "a.mp4"), b = add(pl, "b.mp4"), c = add(pl, "c.mp4");
    assert_int_equal(playlist_next_after(pl, 0), a);
    assert_int_equal(playlist_next_after(pl, a), b);
    assert_int_equal(playlist_next_after(pl, c), a); /* loop forever */
    assert_int_equal(playlist_prev_before(pl, a), c);
    assert_int_equal(playlist_prev_before(pl, c), b);
    assert_int_equal(playlist_prev_before(pl, 0), c);
    assert_int_equal(playlist_next_after(pl, 9999), a); /* unknown id: start over */
    playlist_remove(pl, "b.mp4");
    playlist_remove(pl, "c.mp4");
    assert_int_equal(playlist_next_after(pl, a), a); /* single entry follows itself */
    assert_int_equal(playlist_prev_before(pl, a), a);
    playlist_free(pl);
}

static void test_remove_current(void **state)
{
    (void)state;
    struct playlist *pl = playlist_new(1);
    uint64_t a = add(pl, "1.mp4"), b = add(pl, "2.mp4"), c = add(pl, "3.mp4");
    uint64_t d = add(pl, "4.mp4");
    playlist_set_current(pl, b);
    assert_false(playlist_current_removed(pl));
    playlist_remove(pl, "2.mp4");
    assert_true(playlist_current_removed(pl));
    assert_int_equal(playlist_current(pl), b);
    assert_int_equal(playlist_next_after(pl, b), c); /* from its old place */
    assert_int_equal(playlist_prev_before(pl, b), a);
    /* what followed it is removed too: still from the old place */
    playlist_remove(pl, "3.mp4");
    assert_int_equal(playlist_next_after(pl, b), d);
    /* an entry inserted right where it was comes next */
    uint64_t e = add(pl, "2b.mp4");
    assert_int_equal(playlist_next_after(pl, b), e);
    /* the current entry was the last one: wrap around */
    playlist_set_current(pl, d);
    playlist_remove(pl, "4.mp4");
    assert_int_equal(playlist_next_after(pl, d), a);
    /* everything gone */
    playlist_remove(pl, "1.mp4");
    playlist_remove(pl, "2b.mp4");
    assert_int_equal(playlist_next_after(pl, d), 0);
    playlist_free(pl);
}

static void test_failure_marks(void **state)
{
    (void)state;
    struct playlist *pl = playlist_new(1);
    uint64_t a = add(pl, "a.mp4"), b = add(pl, "b.mp4"), c = add(pl, "c.mp4");
    playlist_mark_failed(pl, b, "no video or audio stream found");
    struct playlist_item it;
    assert_true(playlist_get(pl, b, &it));
    assert_true(it.failed);
    assert_string_equal(it.fail_reason, "no video or audio stream found");
    assert_int_equal(playlist_next_after(pl, a), c); /* skipped */
    assert_int_equal(playlist_prev_before(pl, c), a);
    assert_int_equal(playlist_playable_count(pl), 2);
    /* same size and mtime: still failed (not retried) */
    playlist_update(pl, "b.mp4", 100, 1000);
    assert_int_equal(playlist_next_after(pl, a), c);
    /* the file changed: the mark clears */
    playlist_update(pl, "b.mp4", 100, 2000);
    assert_true(playlist_get(pl, b, &it));
    assert_false(it.failed);
    assert_null(it.fail_reason);
    assert_int_equal(playlist_next_after(pl, a), b);
    /* a size change clears it too (through add = upsert) */
    playlist_mark_failed(pl, b, "truncated");
    playlist_add(pl, "b.mp4", 101, 2000, false);
    assert_int_equal(playlist_next_after(pl, a), b);
    /* all failed: none, so the player idles instead of spinning */
    playlist_mark_failed(pl, a, "x");
    playlist_mark_failed(pl, b, "x");
    playlist_mark_failed(pl, c, "x");
    assert_int_equal(playlist_next_after(pl, a), 0);
    assert_int_equal(playlist_prev_before(pl, a), 0);
    assert_int_equal(playlist_next_after(pl, 0), 0);
    assert_int_equal(playlist_playable_count(pl), 0);
    playlist_set_shuffle(pl, true);
    assert_int_equal(playlist_next_after(pl, a), 0);
    playlist_free(pl);
}

/* ---- shuffle ------------------------------------------------------------- */

/* Play `steps` items, following next_after/set_current like the player. */
static uint64_t play(struct playlist *pl, uint64_t cur)
{
    uint64_t n = playlist_next_after(pl, cur);
    assert_int_equal(playlist_next_after(pl, cur), n); /* asking twice: same answer */
    playlist_set_current(pl, n);
    return n;
}

static void test_shuffle_rounds(void **state)
{
    (void)state;
    enum { N = 7, ROUNDS = 300 };
    struct playlist *pl = playlist_new(42);
    uint64_t ids[N];
    char name[32];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof(name), "%d.mp4", i);
        ids[i] = add(pl, name);
    }
    playlist_set_shuffle(pl, true);
    uint64_t cur = 0, prev_last = 0;
    int identity_rounds = 0, first_pos_count[N] = { 0 };
    for (int r = 0; r < ROUNDS; r++) {
        int seen[N] = { 0 };
        uint64_t first = 0, last = 0;
        bool identity = true;
        for (int k = 0; k < N; k++) {
            cur = play(pl, cur);
            int idx = -1;
            for (int i = 0; i < N; i++)
                if (ids[i] == cur)
                    idx = i;
            assert_true(idx >= 0);
            seen[idx]++;
            identity &= idx == k;
            if (k == 0)
                first = cur;
            last = cur;
        }
        for (int i = 0; i < N; i++)
            assert_int_equal(seen[i], 1); /* each round is a permutation */
        if (r > 0)
            assert_true(first != prev_last); /* no repeat at the boundary */
        for (int i = 0; i < N; i++)
            if (ids[i] == first)
                first_pos_count[i]++;
        identity_rounds += identity;
        prev_last = last;
    }
    assert_true(identity_rounds < 5); /* it does shuffle */
    for (int i = 0; i < N; i++)
        assert_true(first_pos_count[i] > ROUNDS / N / 3); /* every item gets to start */
    playlist_free(pl);
}

static void test_shuffle_deterministic(void **state)
{
    (void)state;
    uint64_t seq[2][40];
    for (int t = 0; t < 2; t++) {
        struct playlist *pl = playlist_new(7);
        char name[32];
        for (int i = 0; i < 10; i++) {
            snprintf(name, sizeof(name), "%d.mp4", i);
            add(pl, name);
        }
        playlist_set_shuffle(pl, true);
        uint64_t cur = 0;
        for (int k = 0; k < 40; k++)
            seq[t][k] = cur = play(pl, cur);
        playlist_free(pl);
    }
    assert_memory_equal(seq[0], seq[1], sizeof(seq[0])); /* same seed, same order */
}

/* Model-based random walk: entries are added and removed at random while
 * playing. Invariants: within a round nothing repeats and everything present
 * (including entries added mid-round) plays before a new round starts; a
 * new round never starts with the item that ended the previous one. */
static void test_shuffle_mid_round_changes(void **state)
{
    (void)state;
    enum { MAX = 64 };
    struct playlist *pl = playlist_new(99);
    uint64_t members[MAX], played[MAX];
    int n_members = 0, n_played = 0, rounds = 0, adds_mid_round = 0;
    char name[32];
    uint64_t rng = 2024, cur = 0, last = 0;
    for (int i = 0; i < 6; i++) {
        snprintf(name, sizeof(name), "%d.mp4", i);
        members[n_members++] = add(pl, name);
    }
    playlist_set_shuffle(pl, true);
    for (int step = 0; step < 5000; step++) {
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        unsigned r = (unsigned)(rng >> 33) % 100;
        if (r < 12 && n_members < MAX - 1) {
            snprintf(name, sizeof(name), "n%d.mp4", step);
            members[n_members++] = add(pl, name);
            adds_mid_round += n_played > 0;
        } else if (r < 24 && n_members > 2) {
            int k = (int)((rng >> 20) % (uint64_t)n_members);
            uint64_t victim = members[k];
            playlist_remove(pl, path_of(pl, victim));
            members[k] = members[--n_members];
            for (int j = 0; j < n_played; j++)
                if (played[j] == victim)
                    played[j] = played[--n_played];
        } else {
            cur = playlist_next_after(pl, cur);
            assert_int_equal(playlist_next_after(pl, playlist_current(pl)), cur);
            playlist_set_current(pl, cur);
            bool is_member = false, was_played = false;
            for (int j = 0; j < n_members; j++)
                is_member |= members[j] == cur;
            for (int j = 0; j < n_played; j++)
                was_played |= played[j] == cur;
            assert_true(is_member);
            if (n_played == n_members) { /* the round is complete: a new one */
                rounds++;
                assert_true(cur != last);
                n_played = 0;
            } else if (was_played) {
                fail_msg("step %d: %s repeated within a round (%d of %d played)", step,
                         path_of(pl, cur), n_played, n_members);
            }
            played[n_played++] = cur;
            last = cur;
        }
    }
    assert_true(rounds > 100);
    assert_true(adds_mid_round > 50);
    playlist_free(pl);
}

static void test_shuffle_remove_current(void **state)
{
    (void)state;
    struct playlist *pl = playlist_new(5);
    char name[32];
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof(name), "%d.mp4", i);
        add(pl, name);
    }
    playlist_set_shuffle(pl, true);
    uint64_t a = play(pl, 0);
    uint64_t b = playlist_next_after(pl, a);
    playlist_remove(pl, path_of(pl, a));
    assert_true(playlist_current_removed(pl));
    assert_int_equal(playlist_next_after(pl, a), b); /* continues the round */
    playlist_free(pl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sorted_insert),
        cmocka_unit_test(test_next_prev_wrap),
        cmocka_unit_test(test_remove_current),
        cmocka_unit_test(test_failure_marks),
        cmocka_unit_test(test_shuffle_rounds),
        cmocka_unit_test(test_shuffle_deterministic),
        cmocka_unit_test(test_shuffle_mid_round_changes),
        cmocka_unit_test(test_shuffle_remove_current),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
