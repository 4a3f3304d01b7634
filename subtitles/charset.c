/* charset.c — subtitle bytes → UTF-8 (decision chain in charset.h). */
#include "subtitles/charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>

#define DETECT_MAX_BYTES (1u << 20) /* uchardet sees at most the first 1 MiB */
#define SNIFF_MAX_BYTES 4096u       /* NUL-pattern sniffing window */

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* ---- growable output buffer ---- */

typedef struct outbuf {
    char *p;
    size_t len, cap;
    bool oom;
} outbuf;

static bool ob_reserve(outbuf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *np = realloc(b->p, cap);
    if (!np) {
        b->oom = true;
        return false;
    }
    b->p = np;
    b->cap = cap;
    return true;
}

static void ob_put(outbuf *b, const void *s, size_t n)
{
    if (!ob_reserve(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void ob_reset(outbuf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

/* ---- UTF-8 ---- */

/* Length of the well-formed UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* > U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    }
    return len;
}

bool charset_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t k = utf8_seq(p + i, len - i);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

/* Copy UTF-8, each maximal invalid byte → U+FFFD. Counts into *multi the
 * valid multi-byte sequences and into *bad the invalid bytes. */
static void utf8_sanitize(outbuf *b, const unsigned char *p, size_t len, size_t *multi, size_t *bad)
{
    size_t i = 0, start = 0;
    while (i < len) {
        size_t k = utf8_seq(p + i, len - i);
        if (k) {
            if (k > 1 && multi)
                (*multi)++;
            i += k;
            continue;
        }
        ob_put(b, p + start, i - start);
        ob_put(b, REPLACEMENT, 3);
        if (bad)
            (*bad)++;
        start = ++i;
    }
    ob_put(b, p + start, len - start);
}

/* Only text may come out of a guess: a wrong single-byte guess tends to
 * produce C1 controls (U+0080..U+009F) or C0 controls. */
static bool utf8_plausible(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
            return false;
        if (c == 0x7F)
            return false;
        if (c == 0xC2 && i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
            return false;
    }
    return true;
}

/* ---- iconv ---- */

enum { CONV_OK = 0, CONV_FAILED = 1, CONV_UNKNOWN = 2 };

/* Convert with iconv into b (appending). Strict: any undecodable or
 * truncated input fails. Lossy: each bad `unit` bytes become U+FFFD. */
static int conv(outbuf *b, const char *from, const unsigned char *in, size_t len, bool lossy, size_t unit)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return CONV_UNKNOWN;
    char *src = (char *)in;
    size_t left = len;
    int rc = CONV_OK;
    while (left > 0 && !b->oom) {
        if (!ob_reserve(b, left * 2 + 16))
            break;
        char *dst = b->p + b->len;
        size_t room = b->cap - b->len - 1;
        size_t r = iconv(cd, &src, &left, &dst, &room);
        b->len = (size_t)(dst - b->p);
        b->p[b->len] = '\0';
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        if (!lossy) {
            rc = CONV_FAILED;
            break;
        }
        ob_put(b, REPLACEMENT, 3);
        size_t skip = unit < left ? unit : left;
        src += skip;
        left -= skip;
        iconv(cd, NULL, NULL, NULL, NULL); /* reset shift state */
    }
    if (rc == CONV_OK && ob_reserve(b, 16)) {
        /* Flush the shift state of stateful encodings (ISO-2022-*). */
        char *dst = b->p + b->len;
        size_t room = b->cap - b->len - 1;
        if (iconv(cd, NULL, NULL, &dst, &room) != (size_t)-1) {
            b->len = (size_t)(dst - b->p);
            b->p[b->len] = '\0';
        }
    }
    iconv_close(cd);
    return rc;
}

/* ---- decision helpers ---- */

static void set_name(char *dst, const char *name)
{
    if (dst)
        snprintf(dst, CHARSET_NAME_SIZE, "%s", name);
}

static int detect_bom(const unsigned char *p, size_t len, const char **name, size_t *bom_len, size_t *unit)
{
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        *name = "UTF-8", *bom_len = 3, *unit = 1;
    } else if (len >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0) {
        *name = "UTF-32LE", *bom_len = 4, *unit = 4;
    } else if (len >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF) {
        *name = "UTF-32BE", *bom_len = 4, *unit = 4;
    } else if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        *name = "UTF-16LE", *bom_len = 2, *unit = 2;
    } else if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        *name = "UTF-16BE", *bom_len = 2, *unit = 2;
    } else {
        return 0;
    }
    return 1;
}

/* Mostly-ASCII text in UTF-16/32 has NULs in a fixed byte lane. Returns the
 * encoding the lanes suggest, or NULL. */
static const char *sniff_wide(const unsigned char *p, size_t len)
{
    size_t n = len < SNIFF_MAX_BYTES ? len : SNIFF_MAX_BYTES;
    n -= n % 4;
    if (n < 8)
        return NULL;
    size_t lane[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0)
            lane[i % 4]++;
    }
    size_t q = n / 4; /* bytes per lane */
    bool z[4];
    for (int i = 0; i < 4; i++)
        z[i] = lane[i] * 10 >= q * 7; /* ≥ 70 % zeros */
    bool nz[4];
    for (int i = 0; i < 4; i++)
        nz[i] = lane[i] * 10 <= q; /* ≤ 10 % zeros */
    if (nz[0] && z[1] && z[2] && z[3])
        return "UTF-32LE";
    if (z[0] && z[1] && z[2] && nz[3])
        return "UTF-32BE";
    if (nz[0] && z[1] && nz[2] && z[3])
        return "UTF-16LE";
    if (z[0] && nz[1] && z[2] && nz[3])
        return "UTF-16BE";
    return NULL;
}

static const char *uchardet_guess(const unsigned char *p, size_t len, char *buf, size_t size)
{
    uchardet_t ud = uchardet_new();
    if (!ud)
        return NULL;
    const char *res = NULL;
    if (uchardet_handle_data(ud, (const char *)p, len < DETECT_MAX_BYTES ? len : DETECT_MAX_BYTES) == 0) {
        uchardet_data_end(ud);
        const char *g = uchardet_get_charset(ud);
        if (g && g[0]) {
            snprintf(buf, size, "%s", g);
            res = buf;
        }
    }
    uchardet_delete(ud);
    return res;
}

/* Widen a guess to the superset decoders use in practice (WHATWG Encoding
 * Standard label mapping): the subset's unused bytes are the superset's
 * letters (€, Š, ‘…’ in cp1252). */
static const char *widen(const char *g)
{
    static const struct { const char *from, *to; } map[] = {
        {"ISO-8859-1", "WINDOWS-1252"}, {"ASCII", "WINDOWS-1252"},
        {"ISO-8859-9", "WINDOWS-1254"}, {"TIS-620", "WINDOWS-874"},
        {"ISO-8859-11", "WINDOWS-874"}, {"EUC-KR", "CP949"},
        {"GB2312", "GB18030"},          {"GBK", "GB18030"},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (strcasecmp(g, map[i].from) == 0)
            return map[i].to;
    }
    return g;
}

/* Script families of single-byte code pages. uchardet tells scripts apart
 * well (Arabic from Cyrillic from Latin) but guesses wildly between pages
 * of one script on short texts ("¿Qué?" in cp1252 → ISO-8859-2, "żQué?");
 * within a family the configured code page, which carries the staff's
 * knowledge of their region, is the better guess. */
enum { FAM_NONE, FAM_LATIN, FAM_CYRILLIC, FAM_GREEK, FAM_HEBREW, FAM_ARABIC, FAM_THAI };

static int family(const char *name)
{
    static const struct { const char *n; int fam; } fams[] = {
        {"ISO88591", FAM_LATIN}, {"ISO88592", FAM_LATIN}, {"ISO88593", FAM_LATIN}, {"ISO88594", FAM_LATIN},
        {"ISO88599", FAM_LATIN}, {"ISO885910", FAM_LATIN}, {"ISO885913", FAM_LATIN}, {"ISO885914", FAM_LATIN},
        {"ISO885915", FAM_LATIN}, {"ISO885916", FAM_LATIN}, {"LATIN1", FAM_LATIN}, {"LATIN2", FAM_LATIN},
        {"LATIN9", FAM_LATIN}, {"CP1250", FAM_LATIN}, {"CP1252", FAM_LATIN}, {"CP1254", FAM_LATIN},
        {"CP1257", FAM_LATIN}, {"CP1258", FAM_LATIN}, {"CP437", FAM_LATIN}, {"CP850", FAM_LATIN},
        {"CP852", FAM_LATIN}, {"CP858", FAM_LATIN}, {"MACCENTRALEUROPE", FAM_LATIN}, {"MACINTOSH", FAM_LATIN},
        {"MACROMAN", FAM_LATIN}, {"ISO88595", FAM_CYRILLIC}, {"CP1251", FAM_CYRILLIC}, {"KOI8R", FAM_CYRILLIC},
        {"KOI8U", FAM_CYRILLIC}, {"CP855", FAM_CYRILLIC}, {"CP866", FAM_CYRILLIC}, {"MACCYRILLIC", FAM_CYRILLIC},
        {"ISO88597", FAM_GREEK}, {"CP1253", FAM_GREEK}, {"ISO88598", FAM_HEBREW}, {"CP1255", FAM_HEBREW},
        {"ISO88596", FAM_ARABIC}, {"CP1256", FAM_ARABIC}, {"TIS620", FAM_THAI}, {"CP874", FAM_THAI},
        {"ISO885911", FAM_THAI},
    };
    /* normalise: upper case, no '-' '_' ' ', WINDOWS/IBM → CP */
    char n[CHARSET_NAME_SIZE];
    size_t k = 0;
    for (const char *p = name; *p && k + 1 < sizeof(n); p++) {
        if (*p == '-' || *p == '_' || *p == ' ')
            continue;
        n[k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    }
    n[k] = '\0';
    const char *key = n;
    char alt[CHARSET_NAME_SIZE];
    if (strncmp(n, "WINDOWS", 7) == 0 || strncmp(n, "IBM", 3) == 0) {
        snprintf(alt, sizeof(alt), "CP%s", n + (n[0] == 'W' ? 7 : 3));
        key = alt;
    }
    for (size_t i = 0; i < sizeof(fams) / sizeof(fams[0]); i++) {
        if (strcmp(key, fams[i].n) == 0)
            return fams[i].fam;
    }
    return FAM_NONE;
}

/* Strict conversion that must also look like text. */
static bool try_verified(outbuf *b, const char *from, const unsigned char *p, size_t len)
{
    ob_reset(b);
    if (conv(b, from, p, len, false, 1) != CONV_OK || b->oom)
        return false;
    return utf8_plausible(b->p, b->len);
}

static bool try_guess(outbuf *b, const char *guess, const unsigned char *p, size_t len, char *used)
{
    if (strcasecmp(guess, "UTF-16") == 0 || strcasecmp(guess, "UTF-32") == 0) {
        /* No BOM (step 1 would have taken it): try both byte orders. */
        static const char *const wide[2][2] = {{"UTF-16LE", "UTF-16BE"}, {"UTF-32LE", "UTF-32BE"}};
        int w = strcasecmp(guess, "UTF-32") == 0;
        for (int i = 0; i < 2; i++) {
            if (try_verified(b, wide[w][i], p, len)) {
                set_name(used, wide[w][i]);
                return true;
            }
        }
        return false;
    }
    const char *name = widen(guess);
    if (!try_verified(b, name, p, len))
        return false;
    set_name(used, name);
    return true;
}

/* NUL → U+FFFD so that the result is one C string. */
static void replace_nuls(outbuf *b)
{
    if (b->oom || !b->p || strlen(b->p) == b->len)
        return;
    outbuf nb = {0};
    ob_reserve(&nb, b->len + 16);
    size_t start = 0;
    for (size_t i = 0; i < b->len; i++) {
        if (b->p[i] == '\0') {
            ob_put(&nb, b->p + start, i - start);
            ob_put(&nb, REPLACEMENT, 3);
            start = i + 1;
        }
    }
    ob_put(&nb, b->p + start, b->len - start);
    free(b->p);
    *b = nb;
}

static int finish(outbuf *b, int how, char **out, size_t *outlen)
{
    if (!b->oom && b->p && !charset_utf8_valid(b->p, b->len)) {
        /* Safety net: some iconv decoders (glibc's lossy UTF-8) can pass
         * surrogates through; the contract is valid UTF-8. */
        outbuf clean = {0};
        utf8_sanitize(&clean, (const unsigned char *)b->p, b->len, NULL, NULL);
        free(b->p);
        *b = clean;
        how = CHARSET_LOSSY;
    }
    replace_nuls(b);
    if (!b->p && ob_reserve(b, 0))
        b->p[0] = '\0';
    if (b->oom || !b->p) {
        free(b->p);
        *out = NULL;
        if (outlen)
            *outlen = 0;
        return -1;
    }
    *out = b->p;
    if (outlen)
        *outlen = b->len;
    return how;
}

int charset_to_utf8(const void *bytes, size_t len, const char *codepage, char **out, size_t *outlen,
                    char detected[CHARSET_NAME_SIZE])
{
    const unsigned char *p = bytes ? bytes : (const unsigned char *)"";
    if (!bytes)
        len = 0;
    outbuf b = {0};
    bool forced = codepage && codepage[0] == '+';
    const char *cp = codepage ? codepage + forced : "";
    if (!cp[0])
        cp = CHARSET_DEFAULT_CODEPAGE;

    /* 1. byte-order mark */
    const char *bom;
    size_t bom_len, unit;
    if (detect_bom(p, len, &bom, &bom_len, &unit)) {
        set_name(detected, bom);
        if (unit == 1)
            utf8_sanitize(&b, p + bom_len, len - bom_len, NULL, NULL);
        else
            conv(&b, bom, p + bom_len, len - bom_len, true, unit);
        return finish(&b, CHARSET_BOM, out, outlen);
    }
    /* 2. UTF-16/32 without BOM */
    const char *wide = sniff_wide(p, len);
    if (wide && try_verified(&b, wide, p, len)) {
        set_name(detected, wide);
        return finish(&b, CHARSET_DETECTED, out, outlen);
    }
    /* 3. valid UTF-8 */
    if (charset_utf8_valid((const char *)p, len)) {
        ob_reset(&b);
        ob_put(&b, p, len);
        set_name(detected, "UTF-8");
        return finish(&b, CHARSET_UTF8, out, outlen);
    }
    /* 3b. UTF-8 with a few broken bytes (a line pasted from a cp1252
     * file): legacy text almost never forms valid multi-byte sequences by
     * accident, so many valid ones and few bad bytes mean UTF-8. */
    ob_reset(&b);
    size_t multi = 0, bad = 0;
    utf8_sanitize(&b, p, len, &multi, &bad);
    if (multi >= 4 && multi >= 4 * bad) {
        set_name(detected, "UTF-8");
        return finish(&b, CHARSET_LOSSY, out, outlen);
    }
    /* 4. forced code page */
    if (forced) {
        ob_reset(&b);
        if (conv(&b, cp, p, len, false, 1) == CONV_OK && !b.oom) {
            set_name(detected, cp);
            return finish(&b, CHARSET_FORCED, out, outlen);
        }
    }
    /* 5. uchardet, verified */
    char gbuf[CHARSET_NAME_SIZE];
    const char *guess = uchardet_guess(p, len, gbuf, sizeof(gbuf));
    if (guess) {
        int fam = family(widen(guess));
        if (fam != FAM_NONE && fam == family(cp) && try_verified(&b, cp, p, len)) {
            set_name(detected, cp); /* same script: the configured page wins */
            return finish(&b, CHARSET_FALLBACK, out, outlen);
        }
        if (try_guess(&b, guess, p, len, detected))
            return finish(&b, CHARSET_DETECTED, out, outlen);
    }
    /* 6. configured fallback */
    ob_reset(&b);
    if (conv(&b, cp, p, len, false, 1) == CONV_OK && !b.oom) {
        set_name(detected, cp);
        return finish(&b, CHARSET_FALLBACK, out, outlen);
    }
    /* 7. lossy */
    ob_reset(&b);
    multi = bad = 0;
    utf8_sanitize(&b, p, len, &multi, &bad);
    if (multi <= bad) {
        outbuf cb = {0};
        int rc = conv(&cb, cp, p, len, true, 1);
        if (rc == CONV_OK && !cb.oom) {
            free(b.p);
            b = cb;
            set_name(detected, cp);
            return finish(&b, CHARSET_LOSSY, out, outlen);
        }
        free(cb.p);
    }
    set_name(detected, "UTF-8");
    return finish(&b, CHARSET_LOSSY, out, outlen);
}

const char *charset_how_name(int how)
{
    switch (how) {
    case CHARSET_BOM: return "BOM";
    case CHARSET_FORCED: return "forced";
    case CHARSET_UTF8: return "UTF-8";
    case CHARSET_DETECTED: return "detected";
    case CHARSET_FALLBACK: return "fallback";
    case CHARSET_LOSSY: return "lossy";
    default: return "?";
    }
}
