/* libFuzzer: a corrupt gettext catalogue (iso-codes, UI translations) is
 * refused or read within bounds (subtitles/mofile.c). */
#include <stdint.h>
#include <stdlib.h>

#include "subtitles/mofile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mofile *m = NULL;
    if (mofile_open_buffer(data, size, &m) == 0 && m) {
        (void)mofile_lookup(m, "Spanish");
        (void)mofile_lookup(m, "");
        mofile_free(m);
    }
    return 0;
}
