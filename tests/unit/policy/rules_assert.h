/*
 * rules_assert.h — what the policy unit tests share: a policy with the
 * catalogue's defaults, a decision, and checking a refusal.
 */
#ifndef RULES_ASSERT_H
#define RULES_ASSERT_H

#include "policy/policy.h"
#include "policy/rules.h"
#include "util/timeutil.h"

/* A refusal names its rule and code and gives a reason in both languages. */
#define assert_refused_by(dec, rule_id, code_str)                                                  \
	do {                                                                                       \
		assert_false((dec).allowed);                                                       \
		assert_non_null((dec).rule);                                                       \
		assert_string_equal((dec).rule, rule_id);                                          \
		assert_string_equal((dec).code, code_str);                                         \
		assert_true((dec).reason_zh[0] != '\0');                                           \
		assert_true((dec).reason_en[0] != '\0');                                           \
	} while (0)

static inline int32_t day_of(const char *s)
{
	int32_t out = 0;
	if (!bm_date_parse(s, &out))
		fail_msg("bad test date '%s'", s);
	return out;
}

#endif
