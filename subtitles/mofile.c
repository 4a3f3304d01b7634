/* mofile.c — strict GNU .mo reader (see mofile.h for the format notes). */
#include "subtitles/mofile.h"

#include "subtitles/charset.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MO_MAGIC 0x950412deu
#define MO_HEADER_SIZE 28u
#define MO_MAX_FILE (64u * 1024u * 1024u) /* far above any real catalogue */

typedef struct mo_entry {
    const char *id;  /* NUL-terminated; plural ids continue after the NUL */
    const char *str; /* form 0 of the translation */
    uint32_t str_len;
} mo_entry;

struct mofile {
    unsigned char *data; /* the whole file; entries point into it */
    size_t len;
    mo_entry *entries;   /* sorted by strcmp(id) */
    size_t n;
};

static uint32_t rd32(const unsigned char *p, bool big_endian)
{
    if (big_endian)
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Checks a {length, offset} descriptor: the string and its NUL fit. */
static const char *mo_string_at(const mofile *mo, uint64_t desc_off, bool be)
{
    uint32_t len = rd32(mo->data + desc_off, be);
    uint32_t off = rd32(mo->data + desc_off + 4, be);
    if ((uint64_t)off + len + 1 > mo->len || mo->data[(uint64_t)off + len] != '\0')
        return NULL;
    return (const char *)mo->data + off;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const mo_entry *)a)->id, ((const mo_entry *)b)->id);
}

/* The header (msgid "") names the charset; anything but UTF-8/ASCII would
 * need a conversion we do not do. A missing charset is taken as UTF-8. */
static bool header_charset_ok(const char *hdr)
{
    const char *p = strstr(hdr, "charset=");
    if (!p)
        return true;
    p += strlen("charset=");
    size_t n = strcspn(p, " \t\r\n;");
    return (n == 5 && strncasecmp(p, "UTF-8", 5) == 0) || (n == 4 && strncasecmp(p, "UTF8", 4) == 0) ||
           (n == 5 && strncasecmp(p, "ASCII", 5) == 0) || (n == 8 && strncasecmp(p, "US-ASCII", 8) == 0);
}

static int mo_parse(mofile *mo)
{
    if (mo->len < MO_HEADER_SIZE)
        return MOFILE_E_FORMAT;
    bool be;
    if (rd32(mo->data, false) == MO_MAGIC)
        be = false;
    else if (rd32(mo->data, true) == MO_MAGIC)
        be = true;
    else
        return MOFILE_E_FORMAT;
    uint32_t major = rd32(mo->data + 4, be) >> 16;
    if (major > 1)
        return MOFILE_E_FORMAT;
    uint32_t n = rd32(mo->data + 8, be);
    uint64_t orig = rd32(mo->data + 12, be);
    uint64_t trans = rd32(mo->data + 16, be);
    if (orig + (uint64_t)n * 8 > mo->len || trans + (uint64_t)n * 8 > mo->len)
        return MOFILE_E_FORMAT;
    if (n == 0)
        return MOFILE_OK;
    mo->entries = calloc(n, sizeof(*mo->entries));
    if (!mo->entries)
        return MOFILE_E_NOMEM;
    bool sorted = true;
    for (uint32_t i = 0; i < n; i++) {
        const char *id = mo_string_at(mo, orig + (uint64_t)i * 8, be);
        const char *str = mo_string_at(mo, trans + (uint64_t)i * 8, be);
        if (!id || !str)
            return MOFILE_E_FORMAT;
        /* Plural forms are separated by NULs inside the counted length;
         * form 0 ends at the first one. Every byte must be UTF-8. */
        if (!charset_utf8_valid(id, strlen(id)) || !charset_utf8_valid(str, strlen(str)))
            return MOFILE_E_FORMAT;
        mo->entries[i] = (mo_entry){id, str, (uint32_t)strlen(str)};
        if (i > 0 && strcmp(mo->entries[i - 1].id, id) >= 0)
            sorted = false;
    }
    mo->n = n;
    if (!sorted) {
        /* msgfmt writes sorted tables; accept other writers, but an id
         * that appears twice makes lookups ambiguous: reject. */
        qsort(mo->entries, n, sizeof(*mo->entries), entry_cmp);
        for (size_t i = 1; i < n; i++) {
            if (strcmp(mo->entries[i - 1].id, mo->entries[i].id) == 0)
                return MOFILE_E_FORMAT;
        }
    }
    if (mo->entries[0].id[0] == '\0' && !header_charset_ok(mo->entries[0].str))
        return MOFILE_E_CHARSET;
    return MOFILE_OK;
}

static int mo_adopt(unsigned char *data, size_t len, mofile **out)
{
    mofile *mo = calloc(1, sizeof(*mo));
    if (!mo) {
        free(data);
        return MOFILE_E_NOMEM;
    }
    mo->data = data;
    mo->len = len;
    int rc = mo_parse(mo);
    if (rc != MOFILE_OK) {
        mofile_free(mo);
        return rc;
    }
    *out = mo;
    return MOFILE_OK;
}

int mofile_open_buffer(const void *data, size_t len, mofile **out)
{
    *out = NULL;
    if (len > MO_MAX_FILE)
        return MOFILE_E_FORMAT;
    unsigned char *copy = malloc(len ? len : 1);
    if (!copy)
        return MOFILE_E_NOMEM;
    if (len)
        memcpy(copy, data, len);
    return mo_adopt(copy, len, out);
}

int mofile_open(const char *path, mofile **out)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return MOFILE_E_IO;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = errno;
        close(fd);
        errno = e ? e : EINVAL;
        return MOFILE_E_IO;
    }
    if (st.st_size > (off_t)MO_MAX_FILE) {
        close(fd);
        return MOFILE_E_FORMAT;
    }
    size_t len = (size_t)st.st_size;
    unsigned char *data = malloc(len ? len : 1);
    if (!data) {
        close(fd);
        return MOFILE_E_NOMEM;
    }
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, data + got, len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    int e = errno;
    close(fd);
    if (got != len) {
        free(data);
        errno = e;
        return MOFILE_E_IO;
    }
    return mo_adopt(data, len, out);
}

/* strcmp of ("ctx" "\004" "id") against `s`, without building the key. */
static int key_cmp(const char *ctx, const char *id, const char *s)
{
    if (ctx) {
        for (; *ctx; ctx++, s++) {
            if (*ctx != *s)
                return (unsigned char)*ctx - (unsigned char)*s;
        }
        if (*s != '\004')
            return '\004' - (unsigned char)*s;
        s++;
    }
    return strcmp(id, s);
}

const char *mofile_lookup_ctx(const mofile *mo, const char *msgctxt, const char *msgid)
{
    if (!mo || !msgid)
        return NULL;
    size_t lo = 0, hi = mo->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(msgctxt, msgid, mo->entries[mid].id);
        if (c == 0)
            return mo->entries[mid].str_len ? mo->entries[mid].str : NULL;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *mofile_lookup(const mofile *mo, const char *msgid)
{
    return mofile_lookup_ctx(mo, NULL, msgid);
}

size_t mofile_count(const mofile *mo)
{
    return mo ? mo->n : 0;
}

const char *mofile_strerror(int err)
{
    switch (err) {
    case MOFILE_OK: return "no error";
    case MOFILE_E_IO: return "cannot read file";
    case MOFILE_E_FORMAT: return "not a valid .mo catalogue";
    case MOFILE_E_NOMEM: return "out of memory";
    case MOFILE_E_CHARSET: return "catalogue is not UTF-8";
    default: return "unknown error";
    }
}

void mofile_free(mofile *mo)
{
    if (!mo)
        return;
    free(mo->entries);
    free(mo->data);
    free(mo);
}
