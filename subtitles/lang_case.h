/* lang_case.h — upper-casing the first letter of a language name.
 *
 * iso-codes writes many autonyms in lower case, as the languages do in
 * running text ("français", "русский", "čeština"); at the start of a picker
 * entry they read better capitalised. This is a small, locale-independent
 * simple-case mapping for the scripts with case that language names use:
 * Latin (Basic, Latin-1, Extended-A/B letters used in African and
 * Vietnamese orthographies, Extended Additional), Greek, Cyrillic, Armenian.
 * Scripts without case (Arabic, Han, Devanagari, Georgian, …) pass through.
 *
 * Threading: pure functions, any thread.
 */
#ifndef VITRINA_SUBTITLES_LANG_CASE_H
#define VITRINA_SUBTITLES_LANG_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Simple upper-case mapping of one code point (itself when none). */
uint32_t lang_toupper(uint32_t cp);

/* Copy the UTF-8 string s[0..n) into out (NUL-terminated) with its first
 * code point upper-cased. Returns false (out = "") when out is too small or
 * s is not well-formed UTF-8. */
bool lang_capitalize_first(const char *s, size_t n, char *out, size_t outsize);

#endif
