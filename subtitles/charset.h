/* charset.h — turn the bytes of a text subtitle file into UTF-8.
 *
 * FFmpeg drops every cue that is not valid UTF-8, and staff bring files in
 * whatever encoding their editor wrote (Spanish SRTs in cp1252 are common),
 * so text sidecars go through here before FFmpeg sees them.
 *
 * The decision chain (first that works wins):
 *   1. a byte-order mark: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE (the BOM is
 *      stripped; bytes the BOM's encoding cannot decode become U+FFFD);
 *   2. UTF-16/UTF-32 without a BOM, recognised by its pattern of NUL bytes
 *      and confirmed by a full conversion;
 *   3. valid UTF-8 (includes plain ASCII); or UTF-8 with a few broken
 *      bytes (≥ 4 valid multi-byte sequences per invalid byte, e.g. one line
 *      pasted from a cp1252 file): kept as UTF-8, the bad bytes → U+FFFD;
 *   4. a forced code page: `codepage` written as "+NAME" (mpv's convention,
 *      config `subtitle-codepage = +cp1255`) when NAME converts every byte;
 *   5. uchardet's guess, widened to the superset browsers use (ISO-8859-1 →
 *      WINDOWS-1252, EUC-KR → CP949, GB2312 → GB18030, …), accepted only if
 *      the whole text converts and contains no control characters other
 *      than tab/CR/LF/FF (a wrong single-byte guess usually produces C1
 *      controls). uchardet tells scripts apart well but guesses wildly
 *      between pages of one script on short texts ("¿Qué?" in cp1252 →
 *      ISO-8859-2 → "żQué?"), so when the guess and `codepage` are
 *      single-byte pages of the same script (Latin, Cyrillic, Greek,
 *      Hebrew, Arabic, Thai), `codepage` is used if it converts cleanly;
 *   6. `codepage` (config `subtitle-codepage`, default cp1252) when it
 *      converts every byte;
 *   7. last resort, never failing: lossy UTF-8 (invalid sequences → U+FFFD)
 *      when the bytes look mostly like UTF-8, else the code page with each
 *      undecodable byte → U+FFFD.
 * Any NUL byte in the text becomes U+FFFD, so the output is one C string.
 *
 * Ambiguity: single-byte code pages cannot be told apart reliably from a few
 * short lines (cp1250 vs cp1252 vs cp1257 …). What is guaranteed: BOM'd and
 * UTF-8 files, cp1252 (the default code page) and the multi-byte CJK pages
 * that uchardet recognises decode exactly; any other single-byte page decodes
 * exactly when the staff name it with "+NAME", and usually when they name it
 * as the plain fallback. Everything else yields valid UTF-8 and never fails.
 *
 * Threading: pure functions, any thread. Nothing here logs; the caller logs
 * the outcome (see charset_how_name) once, where it handles the file.
 */
#ifndef VITRINA_SUBTITLES_CHARSET_H
#define VITRINA_SUBTITLES_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

#define CHARSET_NAME_SIZE 32
#define CHARSET_DEFAULT_CODEPAGE "cp1252"

/* How the encoding was decided (return value of charset_to_utf8). */
enum charset_how {
    CHARSET_BOM = 0,      /* byte-order mark */
    CHARSET_FORCED = 1,   /* "+NAME" code page */
    CHARSET_UTF8 = 2,     /* already valid UTF-8 */
    CHARSET_DETECTED = 3, /* NUL pattern (UTF-16/32) or uchardet, verified */
    CHARSET_FALLBACK = 4, /* the configured code page */
    CHARSET_LOSSY = 5,    /* some bytes replaced by U+FFFD */
};

/* Convert `len` bytes to UTF-8. `codepage` is the configured fallback (NULL
 * or "" = cp1252; "+NAME" forces NAME, see above; an unknown name is
 * skipped). On success returns an enum charset_how (>= 0), *out is a new
 * NUL-terminated UTF-8 string owned by the caller (free()), *outlen its
 * length without the NUL, and `detected` (if not NULL) holds the encoding
 * used, e.g. "UTF-16LE", "WINDOWS-1252". Fails only for lack of memory
 * (returns -1, *out NULL). Any thread. */
int charset_to_utf8(const void *bytes, size_t len, const char *codepage, char **out, size_t *outlen,
                    char detected[CHARSET_NAME_SIZE]);

/* True when s[0..len) is well-formed UTF-8 (no overlongs, surrogates or
 * code points above U+10FFFF; NUL bytes are allowed). Pure, any thread. */
bool charset_utf8_valid(const char *s, size_t len);

/* "BOM", "forced", "UTF-8", "detected", "fallback", "lossy". Static. */
const char *charset_how_name(int how);

#endif
