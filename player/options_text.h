/* options_text.h — small text helpers shared by the control pieces
 * (options, keymap, state): a growable string buffer and UTF-8 / spelling
 * helpers for clear error messages.
 *
 * Threading: pure functions; a strbuf belongs to one thread at a time.
 */
#ifndef VITRINA_OPTIONS_TEXT_H
#define VITRINA_OPTIONS_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* A growable NUL-terminated string. Zero-initialise it ({0}) before use.
 * After an allocation failure it stops growing and strbuf_take returns
 * NULL, so callers check once at the end. */
struct strbuf {
    char *s;
    size_t len, cap;
    bool oom;
};

/* Append text / printf-formatted text. */
void strbuf_add(struct strbuf *sb, const char *text);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Hand the string to the caller (who frees it; "" if nothing was added)
 * and reset the buffer. NULL when an allocation failed (buffer freed). */
char *strbuf_take(struct strbuf *sb);

/* Free the buffer's memory and reset it. */
void strbuf_free(struct strbuf *sb);

/* True if `s` is well-formed UTF-8 (no overlong forms, no surrogates) and
 * contains no control characters other than tab. */
bool text_utf8_valid(const char *s);

/* Levenshtein distance between a and b, ASCII case-insensitive, '-' = '_';
 * stops counting at 9 (returns 9 for anything further). For "did you
 * mean" hints. */
int text_edit_distance(const char *a, const char *b);

/* Trim ASCII whitespace at both ends in place; returns the new start. */
char *text_trim(char *s);

#endif
