/*
 * policy_int.h — what only the src/policy sources share: the key table's row type.
 *
 * A row is one setting (key non-NULL) or one fixed article of the printed
 * regulation (key NULL, type KT_TEXT). Rows appear in the order of the
 * printed text: `chapter` says where, a non-NULL lead starts a new article
 * ("" for an article without a lead sentence) and rows with a NULL lead add
 * a clause to the article above.
 */
#ifndef BM_POLICY_INT_H
#define BM_POLICY_INT_H

#include "policy/policy.h"

typedef enum key_type {
	KT_INT,    /* int field; min..max */
	KT_BOOL,   /* bool field; vocab[0]/[1] hold the printed words for false/true */
	KT_CHOICE, /* int field holding an index of vocab; min..max limit the index */
	KT_ROLES,  /* bm_role_list; min..max entries; `must` is the mask of allowed roles */
	KT_SET,    /* unsigned bit mask over vocab; `must` bits may not be removed */
	KT_DATES,  /* bm_date_list; min..max entries */
	KT_TEXT,   /* no setting: a fixed article */
} key_type;

typedef struct policy_key {
	const char *key; /* "borrow.term_days.secret"; NULL for KT_TEXT */
	key_type type;
	size_t offset; /* of the field inside bm_policy */
	int min, max;
	const bm_vocab_entry *vocab;
	int nvocab;
	unsigned must;
	const char *def;               /* default, in the text form */
	const char *rule;              /* REGULATIONS.md ID */
	int chapter;                   /* 1-based, see print.c */
	const char *lead_zh, *lead_en; /* non-NULL: starts an article */
	const char *zh, *en;           /* clause with %s for the printed value (NULL for KT_TEXT) */
} policy_key;

extern const policy_key bm_policy_keys[];
extern const size_t bm_policy_nkeys;

/*
 * Parses the text form of one value into its field of `p`. Returns 0, or a
 * positive code: 1 malformed, 2 out of range, 3 a required set member is
 * missing (its index in *floor_bit). Sets no error.
 */
int bm_policy_parse_value(const policy_key *k, const char *v, size_t len, bm_policy *p,
                          int *floor_bit);

/* Appends the text form of the key's value. Returns 0 or the buffer's error. */
int bm_policy_put_value(const policy_key *k, const bm_policy *p, bm_buf *out);

/*
 * Writes n (1..999) in Chinese numerals, as article numbers are written:
 * 10 十, 21 二十一, 105 一百零五, 110 一百一十. Other values in digits.
 */
void bm_policy_zh_number(int n, char *out, size_t size);

#endif
