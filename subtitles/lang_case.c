/* lang_case.c — simple upper-case mapping for language names. */
#include "subtitles/lang_case.h"

#include "subtitles/charset.h"

#include <string.h>

/* Ranges where upper and lower case alternate code point by code point. */
typedef struct case_pairs {
    uint32_t first, last;
    uint32_t lower_parity; /* the lower-case letter's code point % 2 */
} case_pairs;

static const case_pairs PAIRS[] = {
    {0x0100, 0x012F, 1}, {0x0132, 0x0137, 1}, {0x0139, 0x0148, 0}, {0x014A, 0x0177, 1},
    {0x0179, 0x017E, 0}, {0x01CD, 0x01DC, 0}, {0x01DE, 0x01EF, 1}, {0x01F8, 0x021F, 1},
    {0x0222, 0x0233, 1}, {0x0460, 0x0481, 1}, {0x048A, 0x04BF, 1}, {0x04C1, 0x04CE, 0},
    {0x04D0, 0x052F, 1}, {0x1E00, 0x1E95, 1}, {0x1EA0, 0x1EFF, 1},
};

/* Single letters whose upper case lies elsewhere. */
static const uint32_t SINGLES[][2] = {
    {0x00FF, 0x0178}, {0x0131, 0x0049}, {0x017F, 0x0053}, {0x0180, 0x0243}, {0x0183, 0x0182},
    {0x0185, 0x0184}, {0x0188, 0x0187}, {0x018C, 0x018B}, {0x0192, 0x0191}, {0x0199, 0x0198},
    {0x01A1, 0x01A0}, {0x01A3, 0x01A2}, {0x01A5, 0x01A4}, {0x01A8, 0x01A7}, {0x01AD, 0x01AC},
    {0x01B0, 0x01AF}, {0x01B4, 0x01B3}, {0x01B6, 0x01B5}, {0x01B9, 0x01B8}, {0x01BD, 0x01BC},
    {0x01C6, 0x01C4}, {0x01C9, 0x01C7}, {0x01CC, 0x01CA}, {0x01DD, 0x018E}, {0x01F3, 0x01F1},
    {0x01F5, 0x01F4}, {0x0253, 0x0181}, {0x0254, 0x0186}, {0x0256, 0x0189}, {0x0257, 0x018A},
    {0x0259, 0x018F}, {0x025B, 0x0190}, {0x0260, 0x0193}, {0x0263, 0x0194}, {0x0268, 0x0197},
    {0x0269, 0x0196}, {0x026F, 0x019C}, {0x0272, 0x019D}, {0x0275, 0x019F}, {0x0280, 0x01A6},
    {0x0283, 0x01A9}, {0x0288, 0x01AE}, {0x0289, 0x0244}, {0x028A, 0x01B1}, {0x028B, 0x01B2},
    {0x028C, 0x0245}, {0x0292, 0x01B7}, {0x03AC, 0x0386}, {0x03AD, 0x0388}, {0x03AE, 0x0389},
    {0x03AF, 0x038A}, {0x03C2, 0x03A3}, {0x03CC, 0x038C}, {0x03CD, 0x038E}, {0x03CE, 0x038F},
    {0x04CF, 0x04C0},
};

uint32_t lang_toupper(uint32_t cp)
{
    if (cp >= 'a' && cp <= 'z')
        return cp - 0x20;
    if (cp < 0x80)
        return cp;
    if (cp >= 0x00E0 && cp <= 0x00FE && cp != 0x00F7)
        return cp - 0x20;
    if ((cp >= 0x03B1 && cp <= 0x03C1) || (cp >= 0x03C3 && cp <= 0x03CB))
        return cp - 0x20; /* Greek */
    if (cp >= 0x0430 && cp <= 0x044F)
        return cp - 0x20; /* Cyrillic а..я */
    if (cp >= 0x0450 && cp <= 0x045F)
        return cp - 0x50; /* ѐ..џ */
    if (cp >= 0x0561 && cp <= 0x0586)
        return cp - 0x30; /* Armenian */
    for (size_t i = 0; i < sizeof(PAIRS) / sizeof(PAIRS[0]); i++) {
        if (cp >= PAIRS[i].first && cp <= PAIRS[i].last)
            return cp % 2 == PAIRS[i].lower_parity ? cp - 1 : cp;
    }
    for (size_t i = 0; i < sizeof(SINGLES) / sizeof(SINGLES[0]); i++) {
        if (SINGLES[i][0] == cp)
            return SINGLES[i][1];
    }
    return cp;
}

static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    if (len > n || !charset_utf8_valid((const char *)s, len))
        return 0;
    if (len == 1)
        *cp = s[0];
    else if (len == 2)
        *cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    else if (len == 3)
        *cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    else
        *cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 | (uint32_t)(s[2] & 0x3F) << 6 |
              (s[3] & 0x3F);
    return len;
}

static size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

bool lang_capitalize_first(const char *s, size_t n, char *out, size_t outsize)
{
    if (outsize == 0)
        return false;
    out[0] = '\0';
    if (!charset_utf8_valid(s, n) || memchr(s, '\0', n))
        return false;
    if (n == 0)
        return true;
    uint32_t cp;
    size_t len = utf8_decode((const unsigned char *)s, n, &cp);
    if (!len)
        return false;
    char first[4];
    size_t flen = utf8_encode(lang_toupper(cp), first);
    if (flen + (n - len) + 1 > outsize)
        return false;
    memcpy(out, first, flen);
    memcpy(out + flen, s + len, n - len);
    out[flen + n - len] = '\0';
    return true;
}
