/*
 * org.c — departments, people, accounts, roles and storage places.
 */
#include "common.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "policy/account.h"
#include "policy/keep.h"
#include "policy/orgadmin.h"
#include "service/service_int.h"
#include "service/site.h"
#include "util/timeutil.h"
#include "util/utf8.h"

int bm_svc_department_add(bm_ctx *ctx, const char *name, const char *code, bm_department **out)
{
	bm_department *d = NULL;
	json_t *detail = json_object();
	int rc;

	json_object_set_new(detail, "name", json_string(name ? name : ""));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_ACCOUNTS)) != 0 ||
	    (rc = bm_svc_check_text(name, "部门名称", "department name", 50, true)) != 0 ||
	    (rc = bm_svc_check_text(code, "部门代码", "department code", 20, false)) != 0)
		goto done;
	if (!(d = bm_arena_alloc(ctx->arena, sizeof(*d)))) {
		rc = bm_error_nomem();
		goto done;
	}
	d->unit_id = ctx->unit->id;
	d->name = bm_arena_strdup(ctx->arena, name);
	d->code = code && *code ? bm_arena_strdup(ctx->arena, code) : NULL;
	if ((rc = BM_STORE(ctx->store, department_insert)(ctx->store, d)) != 0)
		goto done;
	*out = d;
done:
	return bm_svc_end(
	        ctx, rc, "department.add",
	        d && d->id ? bm_arena_printf(ctx->arena, "department:%lld", (long long)d->id) : "",
	        bm_svc_json(ctx, detail));
}

/*
 * Parses "clerk,dept_head@办公室" into grants. Department names after '@'
 * are resolved; an unknown role or department is refused.
 */
static int parse_roles(bm_ctx *ctx, const char *text, bm_role_grant *out, size_t cap, size_t *count)
{
	char **items;
	size_t n_items, n = 0;
	int rc;
	if ((rc = bm_svc_split_list(ctx, text, &items, &n_items)) != 0)
		return rc;
	for (size_t k = 0; k < n_items; k++) {
		char *item = items[k], *at = strchr(item, '@');
		int role;
		int64_t dept = 0;
		if (at) {
			bm_department *d;
			*at = '\0';
			if ((rc = bm_svc_department_resolve(ctx, at + 1, &d)) != 0)
				return rc;
			dept = d->id;
		}
		if ((role = bm_role_parse(item)) < 0)
			return bm_error_set(BM_EINVALID, "unknown_role", NULL, "未知角色 '%s'",
			                    "unknown role '%s'", item);
		if (n == cap)
			return bm_error_set(BM_ETOOLARGE, "too_many_roles", NULL, "角色过多",
			                    "too many roles");
		out[n].role = (bm_role)role;
		out[n].department_id = dept;
		n++;
	}
	*count = n;
	return 0;
}

/* The roles of `grants`, for the policy's decisions. */
static void role_list(bm_role *out, const bm_role_grant *grants, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = grants[i].role;
}

/* SYS-1: what the system administrator asks for a new account (no database needed but roles). */
static int person_add_decide(const bm_person_input *in, const bm_role_grant *roles, size_t n_roles)
{
	bm_role list[8];
	bm_admin_account a = {in->person_class && *in->person_class &&
	                              bm_class_parse(in->person_class) != BM_CLASS_NONE,
	                      list, n_roles, in->password != NULL};
	bm_decision d;
	role_list(list, roles, n_roles);
	if (!bm_rules_sysadmin_account(&d, &a))
		return bm_decision_error(&d);
	return 0;
}

/*
 * Fills the new person's record. An account starts without a password: it
 * gets its first one when the security administrator approves (filing.c).
 */
static int person_build(bm_person *p, bm_ctx *ctx, const bm_person_input *in)
{
	int rc = 0;
	p->unit_id = ctx->unit->id;
	p->name = in->name;
	p->username = in->username && *in->username ? in->username : NULL;
	p->person_class = BM_CLASS_NONE;
	p->temporary = in->temporary;
	p->created_at = bm_svc_now_iso(ctx);
	if (in->department && *in->department) {
		bm_department *d;
		if ((rc = bm_svc_department_resolve(ctx, in->department, &d)) != 0 ||
		    (rc = bm_svc_department_open(d)) != 0)
			return rc;
		p->department_id = d->id;
	}
	p->password_hash = NULL;
	p->must_change_password = p->username != NULL;
	return rc;
}

int bm_svc_person_add(bm_ctx *ctx, const bm_person_input *in, bm_person **out, bm_filing_half *half)
{
	bm_filing_half scratch;
	bm_person *p = NULL;
	bm_role_grant roles[8] = {0};
	size_t n_roles = 0;
	json_t *detail = json_object();
	int rc;

	json_object_set_new(detail, "name", json_string(in->name ? in->name : ""));
	if (in->username)
		json_object_set_new(detail, "username", json_string(in->username));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_ACCOUNTS)) != 0 ||
	    (rc = bm_svc_check_text(in->name, "姓名", "name", 50, true)) != 0 ||
	    (rc = bm_svc_check_text(in->username, "用户名", "username", 32, false)) != 0)
		goto done;
	if ((rc = parse_roles(ctx, in->roles, roles, BM_ARRAY_LEN(roles), &n_roles)) != 0 ||
	    (rc = person_add_decide(in, roles, n_roles)) != 0)
		goto done;
	if (!(p = bm_arena_alloc(ctx->arena, sizeof(*p)))) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = person_build(p, ctx, in)) != 0 ||
	    (rc = BM_STORE(ctx->store, person_insert)(ctx->store, p)) != 0)
		goto done;
	/* SYS-1: the account's first login takes the security administrator's approval. */
	if (p->username) {
		if ((rc = bm_svc_filing_open(ctx, p, "create", half ? half : &scratch)) != 0)
			goto done;
		json_object_set_new(detail, "filing",
		                    json_integer((half ? half : &scratch)->filing_id));
		sodium_memzero(&scratch, sizeof(scratch));
	}
	rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, p->id, out);
done:
	if (rc && half)
		sodium_memzero(half, sizeof(*half));
	return bm_svc_end(ctx, rc, "person.add",
	                  p && p->id ? bm_arena_printf(ctx->arena, "person:%lld", (long long)p->id)
	                             : "",
	                  bm_svc_json(ctx, detail));
}

/* PERSON-1/2: the class and commitment date as given (no database needed). */
static int grant_input(int *cls, int32_t *signed_on, const char *person_class,
                       const char *commitment_signed_on)
{
	bm_decision d;
	*cls = -1;
	*signed_on = BM_DATE_NONE;
	int rc;
	if (person_class && (rc = bm_svc_term(BM_TERM_CLASS, person_class, cls)) != 0)
		return rc;
	if (commitment_signed_on && !bm_rules_commitment_date(&d, commitment_signed_on, signed_on))
		return bm_decision_error(&d);
	return 0;
}

/*
 * SYS-1 (三员): when an administrator role is asked for, counts into
 * `holders` (indexed by bm_role) the active accounts other than `p` that
 * hold each administrator role, and points `g` at it.
 */
static int admin_holders(const bm_ctx *ctx, const bm_person *p, const bm_role_grant *roles,
                         size_t n_roles, size_t *holders, bm_grant_facts *g)
{
	bm_person *all = NULL;
	size_t n = 0;
	bool asked = false;
	int rc;
	for (size_t i = 0; i < n_roles; i++)
		asked |= bm_role_is_admin(roles[i].role);
	if (!asked)
		return 0;
	if ((rc = BM_STORE(ctx->store, person_list)(ctx->store, ctx->arena, p->unit_id, &all,
	                                            &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (all[i].id == p->id || all[i].status != BM_PERSON_ACTIVE)
			continue;
		for (size_t j = 0; j < all[i].n_roles; j++)
			if (bm_role_is_admin(all[i].roles[j].role))
				holders[all[i].roles[j].role]++;
	}
	g->admin_holders = holders;
	g->admin_holders_max = ctx->policy.admin_holders_max;
	return 0;
}

/* PERSON-2/3, SYS-1: may `p` be given this class and these roles? */
static int grant_decide(const bm_ctx *ctx, const bm_person *p, int cls, int32_t signed_on,
                        const bm_role_grant *roles, size_t n_roles)
{
	bm_role list[16];
	bm_grant_facts g = {.temporary = p->temporary,
	                    .person_class = cls,
	                    .commitment_on = signed_on,
	                    .roles = list,
	                    .n_roles = n_roles,
	                    .self = ctx->actor && ctx->actor->id == p->id,
	                    .class_after = cls >= 0 ? cls : (int)p->person_class};
	size_t holders[BM_ROLE_COUNT] = {0};
	bm_decision d;
	int rc;
	role_list(list, roles, n_roles);
	for (size_t i = 0; i < p->n_roles; i++)
		g.holds_admin |= bm_role_is_admin(p->roles[i].role);
	if ((rc = admin_holders(ctx, p, roles, n_roles, holders, &g)) != 0)
		return rc;
	if (!bm_rules_grant(&d, &g, bm_time_local_date(ctx->now, ctx->policy.tz_offset_minutes)))
		return bm_decision_error(&d);
	return 0;
}

/*
 * PERSON-1, KEEP-1: a lower class is refused while the person keeps or holds
 * carriers it may not see; how many goes into the audit `detail`.
 */
static int check_class_lowering(bm_ctx *ctx, const bm_person *p, bm_class to, json_t *detail)
{
	size_t n_kept = 0, n_loans = 0, n_above = 0;
	bm_level highest = BM_LEVEL_PUBLIC;
	bm_decision d;
	int rc;

	if (to >= p->person_class)
		return 0;
	if ((rc = bm_svc_person_holdings(ctx, p, bm_class_max_level(to), &n_kept, &n_loans,
	                                 &n_above, &highest)) != 0)
		return rc;
	if (!bm_rules_class_lowering(&d, to, n_above, highest)) {
		json_object_set_new(detail, "held_above_class", json_integer((json_int_t)n_above));
		return bm_decision_error(&d);
	}
	/* SITE-1: nor while they work at a key department or place below 重要. */
	return bm_site_check_class(ctx, p, to, detail);
}

/* Writes the class and commitment, and replaces the roles when `replace_roles`. */
static int grant_write(bm_ctx *ctx, bm_person *p, bool replace_roles, const bm_role_grant *roles,
                       size_t n_roles)
{
	int rc;
	if ((rc = BM_STORE(ctx->store, person_update)(ctx->store, p)) != 0 || !replace_roles)
		return rc;
	for (size_t i = 0; i < p->n_roles; i++)
		if ((rc = BM_STORE(ctx->store, role_revoke)(ctx->store, p->id, p->roles[i].role,
		                                            p->roles[i].department_id)) != 0)
			return rc;
	for (size_t i = 0; i < n_roles; i++)
		if ((rc = BM_STORE(ctx->store, role_grant)(ctx->store, p->id, roles[i].role,
		                                           roles[i].department_id)) != 0)
			return rc;
	return 0;
}

/* The codes of `n` roles joined by commas, or "-" (arena). */
static const char *role_codes(bm_ctx *ctx, const bm_role *v, size_t n)
{
	const char *s = n ? "" : "-";
	for (size_t i = 0; i < n && s; i++)
		s = bm_arena_printf(ctx->arena, "%s%s%s", s, i ? "," : "",
		                    bm_role_names[v[i]].code);
	return s;
}

/*
 * SYS-1 (issue 9 point 1): roles granted to or revoked from an
 * administrator, or an administrator role given, are raised to the
 * auditor with the roles before and after. `p` still lists the old roles.
 */
static int admin_roles_alert(bm_ctx *ctx, const bm_person *p, const bm_role_grant *roles,
                             size_t n_roles)
{
	bm_role before[16], after[16];
	size_t nb = 0;
	bool given_admin = false;
	const char *detail;
	for (size_t i = 0; i < p->n_roles && nb < BM_ARRAY_LEN(before); i++)
		before[nb++] = p->roles[i].role;
	role_list(after, roles, n_roles);
	for (size_t i = 0; i < n_roles; i++)
		given_admin |= bm_role_is_admin(roles[i].role);
	if (!bm_rules_admin_change_alerted(bm_svc_person_is_admin(p), given_admin))
		return 0;
	detail = bm_arena_printf(ctx->arena, "%s -> %s", role_codes(ctx, before, nb),
	                         role_codes(ctx, after, n_roles));
	if (!detail)
		return bm_error_nomem();
	return bm_svc_admin_alert_raise(ctx, "admin_roles", p->id, 0, detail);
}

int bm_svc_person_grant(bm_ctx *ctx, const char *person, const char *person_class,
                        const char *roles_text, const char *commitment_signed_on)
{
	bm_person *p = NULL;
	bm_role_grant roles[16];
	size_t n_roles = 0;
	json_t *detail = json_object();
	int rc, cls = -1;
	int32_t signed_on = BM_DATE_NONE;

	json_object_set_new(detail, "person", json_string(person ? person : ""));
	if (person_class)
		json_object_set_new(detail, "class", json_string(person_class));
	if (roles_text)
		json_object_set_new(detail, "roles", json_string(roles_text));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_GRANTS)) != 0 ||
	    (rc = bm_svc_person_resolve(ctx, person, &p)) != 0 ||
	    (rc = grant_input(&cls, &signed_on, person_class, commitment_signed_on)) != 0)
		goto done;
	if (roles_text &&
	    (rc = parse_roles(ctx, roles_text, roles, BM_ARRAY_LEN(roles), &n_roles)) != 0)
		goto done;
	if ((rc = grant_decide(ctx, p, cls, signed_on, roles, n_roles)) != 0 ||
	    (cls >= 0 && (rc = check_class_lowering(ctx, p, (bm_class)cls, detail)) != 0) ||
	    (cls >= 0 && (rc = bm_svc_register_grant_check(ctx, p, cls)) != 0))
		goto done;
	/* The person's history (issue 10): every class and commitment change. */
	if (cls >= 0 && cls != (int)p->person_class &&
	    (rc = bm_svc_person_event(ctx, p->id, "class", bm_class_names[p->person_class].code,
	                              bm_class_names[cls].code, NULL)) != 0)
		goto done;
	if (commitment_signed_on &&
	    (rc = bm_svc_person_event(ctx, p->id, "commitment", p->commitment_signed_on,
	                              commitment_signed_on, NULL)) != 0)
		goto done;
	if (cls >= 0)
		p->person_class = (bm_class)cls;
	if (commitment_signed_on)
		p->commitment_signed_on = commitment_signed_on;
	if ((rc = grant_write(ctx, p, roles_text != NULL, roles, n_roles)) != 0)
		goto done;
	if (roles_text && (rc = admin_roles_alert(ctx, p, roles, n_roles)) != 0)
		goto done;
done:
	return bm_svc_end(ctx, rc, "person.grant",
	                  p ? bm_arena_printf(ctx->arena, "person:%lld", (long long)p->id) : "",
	                  bm_svc_json(ctx, detail));
}

int bm_svc_place_add(bm_ctx *ctx, const char *name, const char *kind, const char *max_level,
                     const char *department, bm_place **out)
{
	bm_place *p = NULL;
	json_t *detail = json_object();
	int rc, k, lvl;

	json_object_set_new(detail, "name", json_string(name ? name : ""));
	json_object_set_new(detail, "max_level", json_string(max_level ? max_level : ""));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_GRANTS)) != 0 ||
	    (rc = bm_svc_check_text(name, "地点名称", "place name", 50, true)) != 0)
		goto done;
	if ((rc = bm_svc_term(BM_TERM_PLACE_KIND, kind, &k)) != 0 ||
	    (rc = bm_svc_term(BM_TERM_PLACE_LEVEL, max_level, &lvl)) != 0)
		goto done;
	if (!(p = bm_arena_alloc(ctx->arena, sizeof(*p)))) {
		rc = bm_error_nomem();
		goto done;
	}
	p->unit_id = ctx->unit->id;
	p->name = bm_arena_strdup(ctx->arena, name);
	p->kind = (bm_place_kind)k;
	p->max_level = (bm_level)lvl;
	if (department && *department) {
		bm_department *d;
		if ((rc = bm_svc_department_resolve(ctx, department, &d)) != 0 ||
		    (rc = bm_svc_department_open(d)) != 0)
			goto done;
		p->department_id = d->id;
	}
	if ((rc = BM_STORE(ctx->store, place_insert)(ctx->store, p)) != 0)
		goto done;
	*out = p;
done:
	return bm_svc_end(ctx, rc, "place.add",
	                  p && p->id ? bm_arena_printf(ctx->arena, "place:%lld", (long long)p->id)
	                             : "",
	                  bm_svc_json(ctx, detail));
}

int bm_svc_department_list(bm_ctx *ctx, bm_department **out, size_t *count)
{
	int rc = bm_svc_require_actor(ctx);
	return rc ? rc
	          : BM_STORE(ctx->store, department_list)(ctx->store, ctx->arena, ctx->unit->id,
	                                                  out, count);
}

int bm_svc_person_list(bm_ctx *ctx, bm_person **out, size_t *count)
{
	int rc = bm_svc_require_actor(ctx);
	return rc ? rc
	          : BM_STORE(ctx->store, person_list)(ctx->store, ctx->arena, ctx->unit->id, out,
	                                              count);
}

int bm_svc_place_list(bm_ctx *ctx, bm_place **out, size_t *count)
{
	int rc = bm_svc_require_actor(ctx);
	return rc ? rc
	          : BM_STORE(ctx->store, place_list)(ctx->store, ctx->arena, ctx->unit->id, out,
	                                             count);
}

/* ---- renaming and retiring (issue 14 point 14) ---------------------------- */

int bm_svc_department_open(const bm_department *d)
{
	bm_decision dec;
	if (!bm_rules_department_open(&dec, d->name, d->retired_on))
		return bm_decision_error(&dec);
	return 0;
}

int bm_svc_place_open(const bm_place *p)
{
	bm_decision dec;
	if (!bm_rules_place_open(&dec, p->name, p->retired_on))
		return bm_decision_error(&dec);
	return 0;
}

/*
 * Renaming and retiring take one path for every kind of record the
 * administrators keep: what differs is a row of `org_kinds` below.
 *
 * A record as that path sees it: the row (arena) and where its name and
 * day of retirement are kept.
 */
typedef struct org_row {
	void *row;
	int64_t id;
	const char **name;
	const char **retired_on;
} org_row;

typedef struct org_kind {
	const char *kind;                          /* org_rename, org_holdings; audit object */
	bm_task task;                              /* SYS-1: whose records they are */
	const char *rename_action, *retire_action; /* audit */
	const char *field_zh, *field_en;           /* its name, in a refusal */
	/* name_taken: 已有<named_zh>“…”的<noun_zh>, there is already a <noun> <named> '…' */
	const char *noun_zh, *named_zh, *noun_en, *named_en;
	/* The policy's decision on a retirement (it names its rule). */
	bool (*may_retire)(bm_decision *out, const bm_retire_facts *f);
	/* Reads `ref` (an id, or as the administrator names it) into `out`. */
	int (*read)(bm_ctx *ctx, const char *ref, org_row *out);
	/* Is `name` another record's (not `self`'s) already? */
	bool (*taken)(bm_ctx *ctx, const char *name, int64_t self);
	/* Writes the row's name and retired_on. */
	int (*write)(bm_ctx *ctx, const org_row *r);
	/* Hands the row to the caller: `out` is a bm_department ** or bm_place **. */
	void (*hand)(void *out, void *row);
} org_kind;

static int department_read(bm_ctx *ctx, const char *ref, org_row *out)
{
	bm_department *d;
	int rc = bm_svc_department_resolve(ctx, ref, &d);
	if (rc == 0)
		*out = (org_row){d, d->id, &d->name, &d->retired_on};
	return rc;
}

/* Another department's name or code. */
static bool department_taken(bm_ctx *ctx, const char *name, int64_t self)
{
	bm_department *other;
	bool taken = BM_STORE(ctx->store, department_find)(ctx->store, ctx->arena, ctx->unit->id,
	                                                   name, &other) == 0 &&
	             other->id != self;
	bm_error_clear();
	return taken;
}

static int department_write(bm_ctx *ctx, const org_row *r)
{
	return BM_STORE(ctx->store, department_update)(ctx->store, r->row);
}

static void department_hand(void *out, void *row)
{
	*(bm_department **)out = row;
}

static int place_read(bm_ctx *ctx, const char *ref, org_row *out)
{
	bm_place *p;
	int rc = bm_svc_place_resolve(ctx, ref, &p);
	if (rc == 0)
		*out = (org_row){p, p->id, &p->name, &p->retired_on};
	return rc;
}

/* Another place's name (by name only: a name may read as a number). */
static bool place_taken(bm_ctx *ctx, const char *name, int64_t self)
{
	bm_place *other;
	bool taken = BM_STORE(ctx->store, place_find)(ctx->store, ctx->arena, ctx->unit->id, name,
	                                              &other) == 0 &&
	             other->id != self;
	bm_error_clear();
	return taken;
}

static int place_write(bm_ctx *ctx, const org_row *r)
{
	return BM_STORE(ctx->store, place_update)(ctx->store, r->row);
}

static void place_hand(void *out, void *row)
{
	*(bm_place **)out = row;
}

enum { ORG_DEPARTMENT, ORG_PLACE };

/*
 * Departments are the system administrator's, with people and accounts,
 * retired as ORG-1 and KEEP-6 allow; places the security administrator's, as
 * they serve KEEP-1, retired as KEEP-1 and DEV-1 allow (orgadmin.h).
 */
static const org_kind org_kinds[] = {
        [ORG_DEPARTMENT] = {.kind = "department",
                            .task = BM_TASK_ACCOUNTS,
                            .rename_action = "department.rename",
                            .retire_action = "department.retire",
                            .field_zh = "部门名称",
                            .field_en = "department name",
                            .noun_zh = "部门",
                            .named_zh = "名称或代码为",
                            .noun_en = "department",
                            .named_en = "named or coded",
                            .may_retire = bm_rules_department_retire,
                            .read = department_read,
                            .taken = department_taken,
                            .write = department_write,
                            .hand = department_hand},
        [ORG_PLACE] = {.kind = "place",
                       .task = BM_TASK_GRANTS,
                       .rename_action = "place.rename",
                       .retire_action = "place.retire",
                       .field_zh = "地点名称",
                       .field_en = "place name",
                       .noun_zh = "存放地点",
                       .named_zh = "名为",
                       .noun_en = "storage place",
                       .named_en = "named",
                       .may_retire = bm_rules_place_retire,
                       .read = place_read,
                       .taken = place_taken,
                       .write = place_write,
                       .hand = place_hand},
};

/* A new name: not the present one (same_name), not another's (name_taken). */
static int check_new_name(bm_ctx *ctx, const org_kind *k, const org_row *r, const char *name)
{
	const char *zh, *en;
	if (strcmp(*r->name, name) == 0)
		return bm_error_set(BM_EINVALID, "same_name", NULL, "新名称与现名称相同",
		                    "the new name is the present one");
	if (!k->taken(ctx, name, r->id))
		return 0;
	zh = bm_arena_printf(ctx->arena, "已有%s“%s”的%s", k->named_zh, name, k->noun_zh);
	en = bm_arena_printf(ctx->arena, "there is already a %s %s '%s'", k->noun_en, k->named_en,
	                     name);
	return zh && en ? bm_error_set_msg(BM_ECONFLICT, "name_taken", NULL, zh, en)
	                : bm_error_nomem();
}

/* The audit object, "place:12"; "" before the record is found. */
static const char *org_object(bm_ctx *ctx, const org_kind *k, const org_row *r)
{
	return r->id ? bm_arena_printf(ctx->arena, "%s:%lld", k->kind, (long long)r->id) : "";
}

/* Renames `ref` to `name`, keeping its former name; `out` (k->hand) gets the row read again. */
static int org_rename(bm_ctx *ctx, const org_kind *k, const char *ref, const char *name, void *out)
{
	org_row r = {0}, again;
	json_t *detail = json_object();
	int rc;

	json_object_set_new(detail, "name", json_string(name ? name : ""));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, k->task)) != 0 ||
	    (rc = bm_svc_check_text(name, k->field_zh, k->field_en, 50, true)) != 0 ||
	    (rc = k->read(ctx, ref, &r)) != 0 || (rc = check_new_name(ctx, k, &r, name)) != 0)
		goto done;
	json_object_set_new(detail, "old_name", json_string(*r.name));
	if ((rc = BM_STORE(ctx->store, org_rename_insert)(ctx->store, ctx->unit->id, k->kind, r.id,
	                                                  *r.name, name, bm_svc_today(ctx),
	                                                  ctx->actor->id)) != 0)
		goto done;
	*r.name = bm_arena_strdup(ctx->arena, name);
	/* Written, then read again: the answer lists the former names too. */
	if ((rc = k->write(ctx, &r)) != 0 ||
	    (rc = k->read(ctx, bm_arena_printf(ctx->arena, "%lld", (long long)r.id), &again)) != 0)
		goto done;
	k->hand(out, again.row);
done:
	return bm_svc_end(ctx, rc, k->rename_action, org_object(ctx, k, &r),
	                  bm_svc_json(ctx, detail));
}

/* The facts of retiring `name` (retired on `retired_on`) on `on` (empty: today). */
static void retire_facts(bm_ctx *ctx, bm_retire_facts *f, const char *name, const char *retired_on,
                         const char *on)
{
	memset(f, 0, sizeof(*f));
	f->name = name;
	f->retired_on = retired_on;
	f->today = bm_svc_today_days(ctx);
	f->on = bm_utf8_given(on) ? bm_svc_day_of(on) : f->today;
}

/* Retires `ref` from `on` (empty: today) when the policy allows; `out` (k->hand) gets the row. */
static int org_retire(bm_ctx *ctx, const org_kind *k, const char *ref, const char *on, void *out)
{
	org_row r = {0};
	bm_retire_facts f;
	bm_decision dec;
	json_t *detail = json_object();
	int rc;

	if (bm_utf8_given(on))
		json_object_set_new(detail, "on", json_string(on));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, k->task)) != 0 || (rc = k->read(ctx, ref, &r)) != 0)
		goto done;
	retire_facts(ctx, &f, *r.name, *r.retired_on, on);
	if ((rc = BM_STORE(ctx->store, org_holdings)(ctx->store, k->kind, r.id, &f.held)) != 0)
		goto done;
	if (!k->may_retire(&dec, &f)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	*r.retired_on = bm_svc_date_text(ctx, f.on);
	json_object_set_new(detail, "name", json_string(*r.name));
	json_object_set_new(detail, "retired_on", json_string(*r.retired_on));
	if ((rc = k->write(ctx, &r)) != 0)
		goto done;
	k->hand(out, r.row);
done:
	return bm_svc_end(ctx, rc, k->retire_action, org_object(ctx, k, &r),
	                  bm_svc_json(ctx, detail));
}

/* The use cases, one row of org_kinds each (issue 14 point 14). */

int bm_svc_department_rename(bm_ctx *ctx, const char *ref, const char *name, bm_department **out)
{
	return org_rename(ctx, &org_kinds[ORG_DEPARTMENT], ref, name, out);
}

int bm_svc_place_rename(bm_ctx *ctx, const char *ref, const char *name, bm_place **out)
{
	return org_rename(ctx, &org_kinds[ORG_PLACE], ref, name, out);
}

int bm_svc_department_retire(bm_ctx *ctx, const char *ref, const char *on, bm_department **out)
{
	return org_retire(ctx, &org_kinds[ORG_DEPARTMENT], ref, on, out);
}

int bm_svc_place_retire(bm_ctx *ctx, const char *ref, const char *on, bm_place **out)
{
	return org_retire(ctx, &org_kinds[ORG_PLACE], ref, on, out);
}
