/*
 * publication.h — the pure decisions of publication review (信息公开保密审查,
 * PUB-1, PUB-2). Anything to be published (website, press, social media,
 * an article) is a request of the ordinary workflow (op `publish`): it names
 * the channel, the title, the text or the attachment described, the
 * department and the person who will publish (谁发布谁负责), and the named
 * reviewers, who each record an opinion before the approver may approve;
 * the release is recorded by the named publisher, never before approval.
 * A carrier attached is marked 非密 (its current marking: a carrier lowered
 * to 内部 is still refused, a declassified one reads 解密 and may go).
 * Same contract as rules.h: facts in, a bm_decision out; no I/O, no clock.
 */
#ifndef BM_POLICY_PUBLICATION_H
#define BM_POLICY_PUBLICATION_H

#include "policy/rules.h"

/* Where a publication appears (PUB-1). */
typedef enum bm_pub_channel {
	BM_PUB_WEBSITE = 0, /* 门户网站 */
	BM_PUB_PRESS,       /* 新闻媒体 */
	BM_PUB_SOCIAL,      /* 社交媒体、政务新媒体 */
	BM_PUB_ARTICLE,     /* 论文、文章、著作 */
	BM_PUB_CHANNEL_COUNT
} bm_pub_channel;
extern const bm_vocab_entry bm_pub_channel_names[BM_PUB_CHANNEL_COUNT];

/* What a publication request says, as facts (the service resolves the names). */
typedef struct bm_pub_filing {
	int channel;                /* bm_pub_channel, -1 = unknown word */
	bool text_given;            /* the text itself */
	bool attachment_given;      /* or the attachment described */
	size_t n_reviewers;         /* named reviewers, resolved */
	bool reviewer_is_requester; /* a reviewer is the requester */
	bool reviewer_twice;        /* a reviewer is named twice */
} bm_pub_filing;

/*
 * PUB-1 when a publication request is filed: a known channel
 * (pub_channel_unknown), the text or the attachment described
 * (pub_content_required), at least one named reviewer
 * (pub_reviewers_required), none twice (pub_reviewer_twice) and not the
 * requester (pub_self_review). Allowed: out->approvers is the policy's
 * approver.publish chain, which the policy never leaves empty.
 */
bool bm_rules_pub_filing(bm_decision *out, const bm_policy *p, const bm_pub_filing *f);

/*
 * PUB-2: carrier `carrier_id` may be attached to a publication only when
 * its current marking (`level`, `marking_zh`/`marking_en` as
 * bm_rules_marking writes it) is 非密 (classified_attachment, BM_EDENIED).
 */
bool bm_rules_pub_attachment(bm_decision *out, int64_t carrier_id, bm_level level,
                             const char *marking_zh, const char *marking_en);

/*
 * PUB-1 when a reviewer records an opinion: the request is pending
 * (pub_not_in_review, BM_ECONFLICT), the reviewer is one of those named
 * (not_named_reviewer, BM_EDENIED) and has not reviewed it already
 * (already_reviewed, BM_ECONFLICT).
 */
bool bm_rules_pub_review(bm_decision *out, bool pending, bool named, bool reviewed);

/*
 * PUB-1 before approval: every named reviewer has recorded an opinion
 * (reviews_pending) and none found secrets in it (review_objection; the
 * approver rejects instead). Rejecting needs neither.
 */
bool bm_rules_pub_approve(bm_decision *out, size_t n_reviewers, size_t n_reviewed,
                          size_t n_objections);

/*
 * PUB-1 at release (谁发布谁负责): the approved publication is released by
 * the person it names as publisher (not_publisher, BM_EDENIED).
 */
bool bm_rules_pub_release(bm_decision *out, bool is_publisher);

#endif
