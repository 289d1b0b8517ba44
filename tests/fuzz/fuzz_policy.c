/*
 * fuzz_policy.c — the policy parser (src/policy: bm_policy_parse), as
 * `baomi policy import` and PUT /policy feed it.
 *
 * Invariants: text the parser accepts formats (bm_policy_format) into text
 * that parses again to an equal policy (bm_policy_equal) and formats to
 * the same bytes; the regulation text (bm_policy_print, zh and en) of an
 * accepted policy can be written; a refusal sets an error with a code and
 * a message in both languages.
 */
#include <string.h>

#include "common.h"
#include "fuzz.h"
#include "policy/policy.h"
#include "util/buf.h"

#define MAX_TEXT (256u * 1024u)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bm_policy first, second; /* large: kept off the stack */
	bm_buf text, once, twice, printed;
	int rc;

	if (size > MAX_TEXT)
		return 0;
	bm_buf_init(&text, 0);
	bm_buf_init(&once, 0);
	bm_buf_init(&twice, 0);
	bm_buf_init(&printed, 0);
	/* The parser reads C text: an inner NUL ends it, as it would for a file. */
	FUZZ_CHECK(bm_buf_put(&text, data, size) == 0, "buffer");

	bm_error_clear();
	rc = bm_policy_parse(&first, text.ptr ? text.ptr : "");
	if (rc != 0) {
		const bm_error *e = bm_error_last();
		FUZZ_CHECK(rc == BM_EINVALID || rc == BM_ENOMEM || rc == BM_ETOOLARGE,
		           "parse returned %d", rc);
		FUZZ_CHECK(e->code[0] && e->message[0] && e->message_en[0],
		           "a refusal without code or message (code '%s')", e->code);
		goto done;
	}
	FUZZ_CHECK(bm_policy_format(&first, &once) == 0, "format of an accepted policy");
	rc = bm_policy_parse(&second, once.ptr);
	FUZZ_CHECK(rc == 0, "formatted policy does not parse: %s (%s)\n%s",
	           bm_error_last()->message_en, bm_error_last()->code, once.ptr);
	FUZZ_CHECK(bm_policy_equal(&first, &second), "parse(format(p)) differs from p:\n%s",
	           once.ptr);
	FUZZ_CHECK(bm_policy_format(&second, &twice) == 0 && twice.len == once.len &&
	                   memcmp(once.ptr, twice.ptr, once.len) == 0,
	           "format is not stable");
	FUZZ_CHECK(bm_policy_print(&first, "单位", false, &printed) == 0 && printed.len > 0,
	           "print zh");
	bm_buf_clear(&printed);
	FUZZ_CHECK(bm_policy_print(&first, NULL, true, &printed) == 0 && printed.len > 0,
	           "print en");
done:
	bm_buf_release(&text);
	bm_buf_release(&once);
	bm_buf_release(&twice);
	bm_buf_release(&printed);
	return 0;
}
