/* libFuzzer: subtitle bytes in any encoding must come out as valid UTF-8
 * without a NUL inside, never crash (subtitles/charset.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "subtitles/charset.h"

static int valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (!k || i + k > n)
            return 0;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return 0;
        i += k;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *out = NULL;
    size_t outlen = 0;
    char detected[CHARSET_NAME_SIZE];
    if (charset_to_utf8(data, size, "cp1252", &out, &outlen, detected) == 0 && out) {
        if (!valid_utf8((const unsigned char *)out, outlen) || memchr(out, '\0', outlen))
            abort();
    }
    free(out);
    return 0;
}
