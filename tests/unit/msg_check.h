/*
 * msg_check.h — a refusal's message pair is bilingual: the Chinese text is
 * written in Chinese, the English text holds no CJK character. Include it
 * after <cmocka.h>; the unit tests' refusal helpers call assert_bilingual.
 *
 * A message may quote what the user typed ("unknown level '超密'"), so the
 * English check can skip quoted spans: a ' that does not follow a letter
 * opens one, the next ' not followed by a letter closes it.
 */
#ifndef MSG_CHECK_H
#define MSG_CHECK_H

#include <stdbool.h>
#include <stdint.h>

static inline bool msg_is_cjk(uint32_t c)
{
	return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3000 && c <= 0x312F) ||
	       (c >= 0x31C0 && c <= 0x31EF) || (c >= 0x3200 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) ||
	       (c >= 0x20000 && c <= 0x3134F);
}

static inline bool msg_is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/*
 * The first CJK code point of UTF-8 `s` (outside quoted spans when
 * `skip_quoted`), 0 when there is none, 0xFFFD at a byte that is not UTF-8.
 */
static inline uint32_t msg_first_cjk(const char *s, bool skip_quoted)
{
	const unsigned char *p = (const unsigned char *)s;
	bool quoted = false;

	while (*p) {
		uint32_t c = *p;
		int len = 1;
		if (c == '\'' && skip_quoted) {
			if (!quoted && (p == (const unsigned char *)s || !msg_is_letter(p[-1])))
				quoted = true;
			else if (quoted && !msg_is_letter(p[1]))
				quoted = false;
		}
		if (c >= 0x80) {
			if ((c & 0xE0) == 0xC0)
				c &= 0x1F, len = 2;
			else if ((c & 0xF0) == 0xE0)
				c &= 0x0F, len = 3;
			else if ((c & 0xF8) == 0xF0)
				c &= 0x07, len = 4;
			else
				return 0xFFFD;
			for (int i = 1; i < len; i++) {
				if ((p[i] & 0xC0) != 0x80)
					return 0xFFFD;
				c = (c << 6) | (p[i] & 0x3F);
			}
		}
		if (!quoted && msg_is_cjk(c))
			return c;
		p += len;
	}
	return 0;
}

/*
 * Fails the test unless `zh` holds Chinese and `en` is non-empty with no
 * CJK character (outside quoted spans when `data_quoted`: messages of use
 * cases quote names and values the user typed).
 */
static inline void assert_bilingual(const char *zh, const char *en, bool data_quoted)
{
	uint32_t c;
	if (!zh || !en || !zh[0] || !en[0])
		fail_msg("a message is missing: zh '%s', en '%s'", zh ? zh : "(null)",
		         en ? en : "(null)");
	if (msg_first_cjk(zh, false) == 0)
		fail_msg("the Chinese message holds no Chinese: '%s'", zh);
	if ((c = msg_first_cjk(en, data_quoted)) != 0)
		fail_msg("the English message holds U+%04X: '%s'", (unsigned)c, en);
}

#endif
