/* hash.h — the two small non-cryptographic hashes the subtitle side uses
 * for change detection and de-duplication (never for security).
 * Pure functions; any thread. */
#ifndef VITRINA_SUBTITLES_HASH_H
#define VITRINA_SUBTITLES_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Fold v into h (boost-style hash_combine, 64-bit). */
static inline uint64_t hash_mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h;
}

/* FNV-1a of n bytes. */
static inline uint64_t hash_fnv1a(const void *data, size_t n)
{
    const uint8_t *p = data;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

#endif
