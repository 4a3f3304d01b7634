/* subdec_vtt.c — make a WebVTT sidecar readable by FFmpeg 5.1's demuxer.
 *
 * That demuxer stops at the first block whose timing it cannot read, so a
 * STYLE or REGION block (CSS, common in exported captions), a cue time
 * without milliseconds or CR-only line ends lose every cue after them.
 * Here the file is rewritten block by block: line ends become LF, the
 * header is kept, NOTE/STYLE/REGION blocks are left out, each cue keeps
 * its identifier, settings and text with its times rewritten as
 * HH:MM:SS.mmm, and a cue whose times cannot be read is left out alone.
 * See subdec_priv.h. */
#include "media/subdec_priv.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sbuf {
    char *p;
    size_t n, cap;
    bool nomem;
} sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
    if (b->nomem)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->nomem = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts_(sbuf *b, const char *s) { put(b, s, strlen(s)); }

/* "[hh:]mm:ss[.,fff]" at *s (leading blanks skipped). Returns ms and moves
 * *s past it, or -1. */
static int64_t read_time(const char **s)
{
    const char *p = *s;
    while (*p == ' ' || *p == '\t')
        p++;
    int64_t part[3];
    int np = 0;
    for (;;) {
        if (!isdigit((unsigned char)*p) || np == 3)
            return -1;
        int64_t v = 0;
        int digits = 0;
        while (isdigit((unsigned char)*p) && digits < 10) {
            v = v * 10 + (*p++ - '0');
            digits++;
        }
        if (isdigit((unsigned char)*p))
            return -1;
        part[np++] = v;
        if (*p != ':')
            break;
        p++;
    }
    if (np < 2 || part[np - 1] > 59 || part[np - 2] > 59)
        return -1;
    int64_t ms = 0;
    if (*p == '.' || *p == ',') {
        p++;
        if (!isdigit((unsigned char)*p))
            return -1;
        int scale = 100;
        while (isdigit((unsigned char)*p)) {
            ms += (*p++ - '0') * scale;
            scale /= 10;
        }
    }
    int64_t h = np == 3 ? part[0] : 0;
    *s = p;
    return ((h * 60 + part[np - 2]) * 60 + part[np - 1]) * 1000 + ms;
}

static void put_time(sbuf *b, int64_t ms)
{
    char t[48];
    snprintf(t, sizeof(t), "%02lld:%02lld:%02lld.%03lld", (long long)(ms / 3600000), (long long)(ms / 60000 % 60),
             (long long)(ms / 1000 % 60), (long long)(ms % 1000));
    puts_(b, t);
}

/* Rewrite one timing line ("start --> end [settings]"); false if unreadable. */
static bool put_timing(sbuf *b, const char *line)
{
    const char *p = line;
    int64_t a = read_time(&p);
    while (*p == ' ' || *p == '\t')
        p++;
    if (a < 0 || strncmp(p, "-->", 3) != 0)
        return false;
    p += 3;
    int64_t e = read_time(&p);
    if (e < 0 || (*p && *p != ' ' && *p != '\t'))
        return false;
    put_time(b, a);
    puts_(b, " --> ");
    put_time(b, e);
    puts_(b, p); /* settings, as written */
    return true;
}

static bool blank(const char *line)
{
    for (; *line; line++)
        if (*line != ' ' && *line != '\t')
            return false;
    return true;
}

static bool starts_word(const char *line, const char *w)
{
    size_t n = strlen(w);
    return strncmp(line, w, n) == 0 && (line[n] == '\0' || line[n] == ' ' || line[n] == '\t');
}

char *subdec_vtt_clean(const char *text, size_t len, size_t *outlen, int *skipped)
{
    *skipped = 0;
    /* split into lines (LF, CRLF or CR), NUL-terminated in a copy */
    char *s = malloc(len + 1);
    size_t cap = 64, nl = 0;
    char **lines = malloc(cap * sizeof(*lines));
    if (!s || !lines) {
        free(s);
        free(lines);
        return NULL;
    }
    memcpy(s, text, len);
    s[len] = '\0';
    char *p = s;
    while (p < s + len) {
        if (nl == cap) {
            char **n = realloc(lines, (cap *= 2) * sizeof(*lines));
            if (!n) {
                free(s);
                free(lines);
                return NULL;
            }
            lines = n;
        }
        lines[nl++] = p;
        size_t k = strcspn(p, "\r\n");
        char *e = p + k;
        if (e >= s + len) {
            *e = '\0';
            break;
        }
        char c = *e;
        *e = '\0';
        p = e + 1;
        if (c == '\r' && *p == '\n')
            p++;
    }
    sbuf b = {0};
    size_t i = 0;
    /* header: the first block, as is */
    for (; i < nl && !blank(lines[i]); i++) {
        puts_(&b, lines[i]);
        puts_(&b, "\n");
    }
    while (i < nl) {
        while (i < nl && blank(lines[i]))
            i++;
        size_t start = i;
        while (i < nl && !blank(lines[i]))
            i++;
        size_t n = i - start;
        if (n == 0)
            break;
        char **blk = lines + start;
        if (starts_word(blk[0], "NOTE") || starts_word(blk[0], "STYLE") || starts_word(blk[0], "REGION"))
            continue;
        size_t t = strstr(blk[0], "-->") ? 0 : (n > 1 && strstr(blk[1], "-->")) ? 1 : n;
        sbuf cue = {0};
        if (t == 1) {
            puts_(&cue, blk[0]);
            puts_(&cue, "\n");
        }
        if (t == n || !put_timing(&cue, blk[t])) {
            (*skipped)++;
            free(cue.p);
            continue;
        }
        puts_(&cue, "\n");
        for (size_t k = t + 1; k < n; k++) {
            puts_(&cue, blk[k]);
            puts_(&cue, "\n");
        }
        puts_(&b, "\n");
        if (cue.p)
            put(&b, cue.p, cue.n);
        b.nomem |= cue.nomem;
        free(cue.p);
    }
    free(s);
    free(lines);
    if (!b.p && !b.nomem)
        puts_(&b, "");
    if (b.nomem) {
        free(b.p);
        return NULL;
    }
    *outlen = b.n;
    return b.p;
}

bool subdec_vtt_signature(const char *text, size_t len)
{
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    return len >= 6 && memcmp(text, "WEBVTT", 6) == 0 &&
           (len == 6 || text[6] == ' ' || text[6] == '\t' || text[6] == '\n' || text[6] == '\r');
}
