/*
 * utf8.h — text enters baomi as validated UTF-8 and stays UTF-8 inside.
 */
#ifndef BM_UTF8_H
#define BM_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool bm_utf8_valid(const char *s, size_t len);

/* Number of code points in a valid NUL-terminated UTF-8 string. */
size_t bm_utf8_length(const char *s);

/* True when the string holds only white space (ASCII or U+3000). */
bool bm_utf8_blank(const char *s);

/* A text given: not NULL, not empty, not only spaces (ASCII or U+3000). */
bool bm_utf8_given(const char *s);

#endif
