/*
 * publication.c — publication review's rules (PUB-1, PUB-2). See
 * publication.h.
 */
#include "common.h"
#include "policy/publication.h"

#include "policy/rules_int.h"

const bm_vocab_entry bm_pub_channel_names[BM_PUB_CHANNEL_COUNT] = {
        {"website", "门户网站", "website"},
        {"press", "新闻媒体", "press"},
        {"social", "社交媒体", "social media"},
        {"article", "论文文章", "article"},
};

bool bm_rules_pub_filing(bm_decision *out, const bm_policy *p, const bm_pub_filing *f)
{
	const bm_role_list *chain = bm_rules_chain(p, BM_OP_PUBLISH, BM_LEVEL_PUBLIC);

	allow(out, "PUB-1");
	if (f->channel < 0 || f->channel >= BM_PUB_CHANNEL_COUNT) {
		refuse(out, BM_EINVALID, "PUB-1", "pub_channel_unknown");
		ZH(out, "发布渠道应为门户网站、新闻媒体、社交媒体或论文文章之一");
		EN(out, "the 'channel' is one of website, press, social, article");
		return false;
	}
	/* PUB-1: the reviewers read what is published: its text, or the attachment described. */
	if (!f->text_given && !f->attachment_given) {
		refuse(out, BM_EINVALID, "PUB-1", "pub_content_required");
		ZH(out, "须填写拟发布的正文（text）或说明附件（attachment）");
		EN(out, "give the 'text' to be published or describe the 'attachment'");
		return false;
	}
	if (f->n_reviewers == 0) {
		refuse(out, BM_EINVALID, "PUB-1", "pub_reviewers_required");
		ZH(out, "须指定保密审查人（reviewers）");
		EN(out, "name the 'reviewers' who check it for secrets");
		return false;
	}
	if (f->reviewer_twice) {
		refuse(out, BM_EINVALID, "PUB-1", "pub_reviewer_twice");
		ZH(out, "同一审查人不得重复指定");
		EN(out, "a 'reviewer' is named twice");
		return false;
	}
	/* PUB-1: the review is somebody else's eyes on it. */
	if (f->reviewer_is_requester) {
		refuse(out, BM_EDENIED, "PUB-1", "pub_self_review");
		ZH(out, "申请人不得担任本申请的保密审查人");
		EN(out, "the requester may not 'review' their own publication");
		return false;
	}
	for (int i = 0; i < chain->n && out->n_approvers < BM_POLICY_MAX_ROLES; i++)
		out->approvers[out->n_approvers++] = chain->roles[i];
	return true;
}

bool bm_rules_pub_attachment(bm_decision *out, int64_t carrier_id, bm_level level,
                             const char *marking_zh, const char *marking_en)
{
	allow(out, "PUB-2");
	/* PUB-2: classified items are never published; the marking it reads now decides. */
	if (level == BM_LEVEL_PUBLIC)
		return true;
	refuse(out, BM_EDENIED, "PUB-2", "classified_attachment");
	ZH(out, "载体 %lld 标志为%s，高于非密，不得作为公开发布的附件", (long long)carrier_id,
	   marking_zh ? marking_zh : lz(level));
	EN(out, "carrier %lld is marked '%s', above public: it cannot be attached to a publication",
	   (long long)carrier_id, marking_en ? marking_en : le(level));
	return false;
}

bool bm_rules_pub_review(bm_decision *out, bool pending, bool named, bool reviewed)
{
	allow(out, "PUB-1");
	if (!named) {
		refuse(out, BM_EDENIED, "PUB-1", "not_named_reviewer");
		ZH(out, "只有申请指定的保密审查人可以填写审查意见");
		EN(out, "only the 'reviewers' the request names record a review");
		return false;
	}
	if (!pending) {
		refuse(out, BM_ECONFLICT, "PUB-1", "pub_not_in_review");
		ZH(out, "申请已不在审批中，不能再填写审查意见");
		EN(out, "the request is no longer 'pending': no review is recorded now");
		return false;
	}
	if (reviewed) {
		refuse(out, BM_ECONFLICT, "PUB-1", "already_reviewed");
		ZH(out, "本人已填写过审查意见");
		EN(out, "this reviewer has 'already reviewed' it");
		return false;
	}
	return true;
}

bool bm_rules_pub_approve(bm_decision *out, size_t n_reviewers, size_t n_reviewed,
                          size_t n_objections)
{
	allow(out, "PUB-1");
	/* PUB-1: reviewed for secrets first, then approved. */
	if (n_reviewed < n_reviewers) {
		refuse(out, BM_EDENIED, "PUB-1", "reviews_pending");
		ZH(out, "尚有 %zu 名保密审查人未填写审查意见，审查完成后方可批准",
		   n_reviewers - n_reviewed);
		EN(out,
		   "%zu of the named 'reviewers' have not reviewed it yet: approval comes after",
		   n_reviewers - n_reviewed);
		return false;
	}
	if (n_objections > 0) {
		refuse(out, BM_EDENIED, "PUB-1", "review_objection");
		ZH(out, "保密审查认为不宜公开（%zu 份意见），不得批准，应予退回", n_objections);
		EN(out,
		   "the secrecy review found it not fit to publish (%zu 'objections'): reject it",
		   n_objections);
		return false;
	}
	return true;
}

bool bm_rules_pub_release(bm_decision *out, bool is_publisher)
{
	allow(out, "PUB-1");
	/* PUB-1: 谁发布谁负责 — the person named answers for the release, and makes it. */
	if (!is_publisher) {
		refuse(out, BM_EDENIED, "PUB-1", "not_publisher");
		ZH(out, "只有申请指定的发布人可以发布（谁发布谁负责）");
		EN(out, "only the 'publisher' the request names releases it");
		return false;
	}
	return true;
}
