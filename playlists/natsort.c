/* natsort.c — natural path comparison; see natsort.h for the rules.
 *
 * Each component is read as a sequence of tokens: a NUMBER (a run of ASCII
 * digits, valued without leading zeros) or a CHARACTER unit (one byte, or a
 * two-byte UTF-8 Latin-1 letter, case-folded). Tokens compare as follows:
 * number vs number by value, character vs character by folded unit, number vs
 * character by the digit's unit (all digits sit between '0' and '9', so the
 * result does not depend on the number's value) — a weak order on token
 * sequences, made total by the final byte-wise tie-break.
 */
#include "playlists/natsort.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* One case-folded character unit at *s; advances *s past it. Units keep the
 * byte order of the (folded) first byte in their high bits. */
static unsigned unit_next(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned c = p[0];
    if (c >= 'A' && c <= 'Z') {
        *s = p + 1;
        return (c + 32u) << 8;
    }
    /* UTF-8 U+00C0..U+00DE (except U+00D7 '×') fold to U+00E0..U+00FE. */
    if (c == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
        unsigned d = p[1];
        if (d <= 0x9E && d != 0x97)
            d += 0x20;
        *s = p + 2;
        return (c << 8) | d;
    }
    *s = p + 1;
    return c << 8;
}

/* Compare the digit runs at *pa and *pb by value; advances both past them. */
static int number_cmp(const unsigned char **pa, const unsigned char **pb)
{
    const unsigned char *a = *pa, *b = *pb;
    while (*a == '0')
        a++;
    while (*b == '0')
        b++;
    const unsigned char *da = a, *db = b;
    while (is_digit(*a))
        a++;
    while (is_digit(*b))
        b++;
    *pa = a;
    *pb = b;
    size_t la = (size_t)(a - da), lb = (size_t)(b - db);
    if (la != lb)
        return la < lb ? -1 : 1;
    int r = memcmp(da, db, la);
    return r < 0 ? -1 : r > 0;
}

static bool at_end(const unsigned char *s) { return *s == '\0' || *s == '/'; }

/* Natural comparison of the components at *pa and *pb (up to '/' or NUL);
 * advances both to the end of their component. */
static int component_cmp(const unsigned char **pa, const unsigned char **pb)
{
    const unsigned char *a = *pa, *b = *pb;
    int r = 0;
    while (!r) {
        bool ea = at_end(a), eb = at_end(b);
        if (ea || eb) {
            r = ea && eb ? 0 : ea ? -1 : 1;
            break;
        }
        if (is_digit(*a) && is_digit(*b)) {
            r = number_cmp(&a, &b);
        } else {
            unsigned ua = unit_next(&a), ub = unit_next(&b);
            r = ua < ub ? -1 : ua > ub;
        }
    }
    while (!at_end(a))
        a++;
    while (!at_end(b))
        b++;
    *pa = a;
    *pb = b;
    return r;
}

int natsort_cmp(const char *a, const char *b)
{
    const unsigned char *pa = (const unsigned char *)a;
    const unsigned char *pb = (const unsigned char *)b;
    for (;;) {
        int r = component_cmp(&pa, &pb);
        if (r)
            return r;
        if (*pa == '\0' || *pb == '\0') {
            if (*pa != *pb)
                return *pa == '\0' ? -1 : 1; /* fewer components first */
            break;
        }
        pa++; /* skip the '/' */
        pb++;
    }
    int r = strcmp(a, b);
    return r < 0 ? -1 : r > 0;
}

int natsort_qsort_cmp(const void *a, const void *b)
{
    return natsort_cmp(*(const char *const *)a, *(const char *const *)b);
}
