/* libFuzzer: a sidecar subtitle file of any content (the first byte picks
 * the extension hint: srt, vtt, ass, ssa, sub, txt) is decoded or refused,
 * never a crash or a read of another file (media/subdec_file.c). */
#include <stdint.h>
#include <stdlib.h>

#include "media/subdec.h"

static const char *const names[] = {"x.srt", "x.vtt", "x.ass", "x.ssa", "x.sub", "x.txt"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    subdec_file *f = NULL;
    if (subdec_read_file((const char *)data + 1, size - 1, names[data[0] % 6], 0, &f) == SUBDEC_OK)
        subdec_file_free(&f);
    return 0;
}
