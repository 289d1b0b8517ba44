/*
 * execute.c — the refusals of carrying out approved requests. See execute.h.
 */
#include "common.h"
#include "policy/execute.h"

#include "policy/rules_int.h"

static bool given(const char *s)
{
	return s && *s;
}

bool bm_rules_handle_level(bm_decision *out, int64_t id, bm_level level, bm_level clearance)
{
	allow(out, "PERSON-1");
	if (level <= clearance)
		return true;
	refuse(out, BM_EDENIED, "PERSON-1", "clearance_too_low");
	ZH(out, "无权经办%s载体 %lld", lz(level), (long long)id);
	EN(out, "not cleared to handle %s carrier %lld", le(level), (long long)id);
	return false;
}

bool bm_rules_one_source(bm_decision *out, bool extract, size_t n_carriers)
{
	const char *rule = extract ? "COPY-4" : "COPY-1";
	allow(out, rule);
	if (n_carriers == 1)
		return true;
	refuse(out, BM_EINVALID, rule, "one_source");
	ZH(out, "复制、摘录申请应只涉及一件载体");
	EN(out, "a copy or extract request names exactly one carrier");
	return false;
}

bool bm_rules_copier(bm_decision *out, const char *designated, const char *copier)
{
	allow(out, "COPY-5");
	if (!designated || (copier && strcmp(designated, copier) == 0))
		return true;
	refuse(out, BM_EDENIED, "COPY-5", "wrong_copier");
	ZH(out, "只能在指定的复印设备“%s”上复制", designated);
	EN(out, "copies are made only on the designated copier '%s'", designated);
	return false;
}

bool bm_rules_make_approved(bm_decision *out, const bm_make_facts *f)
{
	allow(out, "MAKE-1");
	if (given(f->level) && f->level_value >= 0 && f->level_value != (int)f->approved_level) {
		refuse(out, BM_EDENIED, "MAKE-1", "level_not_approved");
		ZH(out, "批准制作的密级为%s，不得按%s制作", lz(f->approved_level), f->level);
		EN(out, "the approved level is %s, not '%s'", le(f->approved_level), f->level);
		return false;
	}
	if (given(f->scope) && !given(f->approved_scope)) {
		refuse(out, BM_EDENIED, "MAKE-1", "scope_not_approved");
		ZH(out, "批准的制作申请未写明发放范围，不得在办理时另行指定");
		EN(out, "the approved make request names no distribution scope; none is "
		        "given here");
		return false;
	}
	if (given(f->scope) && strcmp(f->scope, f->approved_scope) != 0) {
		refuse(out, BM_EDENIED, "MAKE-1", "scope_not_approved");
		ZH(out, "批准的发放范围为“%s”，不得另行指定", f->approved_scope);
		EN(out, "the approved distribution scope is '%s'; it is not changed here",
		   f->approved_scope);
		return false;
	}
	return true;
}

bool bm_rules_make_classified(bm_decision *out, const bm_make_classified *f)
{
	allow(out, "LEVEL-4");
	/* LEVEL-4: the authority named in the approved request decided; the clerk names no other.
	 */
	if (f->classifier && f->classifier != f->approved_classifier) {
		refuse(out, BM_EDENIED, "LEVEL-4", "classifier_not_approved");
		ZH(out, "批准的制作申请已确定定密责任人，办理时不得另行指定");
		EN(out, "the approved make request names its classification authority; the clerk "
		        "names no other");
		return false;
	}
	/* LEVEL-9: the catalogue entry is the one the decision cited. */
	if (given(f->basis) && (!given(f->approved_basis) || strcmp(f->basis, f->approved_basis))) {
		refuse(out, BM_EDENIED, "LEVEL-9", "basis_not_approved");
		ZH(out, "批准的定密依据为“%s”，办理时不得另行指定",
		   given(f->approved_basis) ? f->approved_basis : "");
		EN(out, "the approved basis is '%s'; it is not changed here",
		   given(f->approved_basis) ? f->approved_basis : "");
		return false;
	}
	/* LEVEL-4: the period is part of the authority's decision, not the clerk's. */
	if (f->period_given && !f->period_same) {
		refuse(out, BM_EDENIED, "LEVEL-4", "period_not_approved");
		if (given(f->approved_period)) {
			ZH(out, "批准的保密期限为“%s”，办理时不得另行确定", f->approved_period);
			EN(out, "the approved period is '%s'; the clerk does not set another",
			   f->approved_period);
		} else {
			ZH(out,
			   "批准的制作申请未写明保密期限（按密级最长期限），办理时不得另行确定");
			EN(out, "the approved make request gives no period (the level's maximum "
			        "applies); the clerk does not set one");
		}
		return false;
	}
	return true;
}

bool bm_rules_make_doc_number(bm_decision *out, bool given_)
{
	allow(out, "MAKE-2");
	if (given_)
		return true;
	refuse(out, BM_EINVALID, "MAKE-2", "doc_number_required");
	ZH(out, "制作的涉密载体须有文号（份号在文号内编排），申请未填写时请在办理时填写");
	EN(out, "a carrier made here needs a document number (its serial copy numbers "
	        "count within it); give one at execution when the request has none");
	return false;
}

bool bm_rules_make_copies(bm_decision *out, long n, long max)
{
	allow(out, "MAKE-2");
	if (n >= 1 && n <= max)
		return true;
	refuse(out, BM_EINVALID, "MAKE-2", "copies_required");
	ZH(out, "批准制作的份数无效");
	EN(out, "the approved number of copies is not valid");
	return false;
}

bool bm_rules_waste_request(bm_decision *out, int64_t request_id, bm_op op, const char *status)
{
	allow(out, "MAKE-3");
	if (op == BM_OP_MAKE && status &&
	    (strcmp(status, "approved") == 0 || strcmp(status, "executed") == 0))
		return true;
	refuse(out, BM_EINVALID, "MAKE-3", "not_a_make_request");
	ZH(out, "申请 %lld 不是已批准的制作申请", (long long)request_id);
	EN(out, "request %lld is not an approved make request", (long long)request_id);
	return false;
}

bool bm_rules_waste_doc_number(bm_decision *out, bool given_)
{
	allow(out, "MAKE-3");
	if (given_)
		return true;
	refuse(out, BM_EINVALID, "MAKE-3", "doc_number_required");
	ZH(out, "须指明废件所属文件的文号或制作申请");
	EN(out, "name the document (its number or its make request) the waste belongs to");
	return false;
}

bool bm_rules_waste_document(bm_decision *out, bool found, const char *doc_number)
{
	allow(out, "MAKE-3");
	if (found)
		return true;
	refuse(out, BM_ENOTFOUND, "MAKE-3", "unknown_document");
	ZH(out, "台账中没有本单位制作的文号为“%s”的载体", doc_number ? doc_number : "");
	EN(out, "no carrier made here has document number '%s'", doc_number ? doc_number : "");
	return false;
}

bool bm_rules_waste_count(bm_decision *out, int count, int max)
{
	allow(out, "MAKE-3");
	if (count >= 1 && count <= max)
		return true;
	refuse(out, BM_EINVALID, "MAKE-3", "invalid_count");
	ZH(out, "废件数量应在 1 到 %d 之间", max);
	EN(out, "the number of waste sheets must be between 1 and %d", max);
	return false;
}

bool bm_rules_widen_request(bm_decision *out, int64_t request_id, size_t n_added, size_t n_carriers)
{
	allow(out, "CIRC-1");
	if (n_added > 0 && n_carriers > 0)
		return true;
	refuse(out, BM_EINVALID, "CIRC-1", "nothing_to_add");
	ZH(out, "申请 %lld 没有写明要加入知悉范围的人员或部门", (long long)request_id);
	EN(out, "request %lld names nobody to add to the scope", (long long)request_id);
	return false;
}

bool bm_rules_widen_department(bm_decision *out, int64_t carrier_id, const bm_scope_ref *scope,
                               size_t n, int64_t dept)
{
	allow(out, "CIRC-1");
	for (size_t k = 0; k < n; k++)
		if (scope[k].department_id == dept) {
			refuse(out, BM_ECONFLICT, "CIRC-1", "already_in_scope");
			ZH(out, "部门 %lld 已在载体 %lld 的知悉范围内", (long long)dept,
			   (long long)carrier_id);
			EN(out, "department %lld is already in the scope of carrier %lld",
			   (long long)dept, (long long)carrier_id);
			return false;
		}
	return true;
}

bool bm_rules_witness(bm_decision *out, const char *name, bool active, bool of_unit)
{
	allow(out, "DESTROY-2");
	if (!of_unit) {
		refuse(out, BM_EDENIED, "DESTROY-2", "witness_outside_unit");
		ZH(out, "监销人“%s”不是本单位人员", name);
		EN(out, "witness '%s' is not a person of this unit", name);
		return false;
	}
	if (active)
		return true;
	refuse(out, BM_EDENIED, "DESTROY-2", "witness_inactive");
	ZH(out, "监销人“%s”已停用或离岗", name);
	EN(out, "witness '%s' is disabled or has left", name);
	return false;
}

bool bm_rules_destroy_list(bm_decision *out, int64_t request_id, size_t n_carriers)
{
	allow(out, "DESTROY-1");
	if (n_carriers > 0)
		return true;
	refuse(out, BM_EINVALID, "DESTROY-1", "no_items");
	ZH(out, "销毁申请 %lld 没有逐件登记的载体", (long long)request_id);
	EN(out, "destroy request %lld lists no carriers", (long long)request_id);
	return false;
}
