/* libFuzzer: any line a client sends over the control socket is either a
 * request or an error reply, never a crash (player/ipc_proto.c). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "player/ipc_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *req = NULL, *reply = NULL;
    char why[256];
    ipc_proto_parse_line((const char *)data, size, &req, &reply, why, sizeof(why));
    if (req) {
        (void)ipc_request_name(req);
        for (size_t i = 0; i < ipc_request_argc(req); i++)
            (void)ipc_request_arg(req, i);
    }
    json_decref(req);
    json_decref(reply);
    return 0;
}
