/*
 * site.h — the pure decisions of the register of key departments and
 * places (保密要害部门部位, SITE-1): what and where, its confirmation, its
 * responsible leader, the people who work there (at least 重要 class,
 * PERSON-1; never a temporary hire, PERSON-3), the physical measures, the
 * access list and the visits with their escort. Same contract as rules.h:
 * facts in, a bm_decision out; no I/O, no clock.
 */
#ifndef BM_POLICY_SITE_H
#define BM_POLICY_SITE_H

#include "policy/rules.h"

/* A register entry is a department (部门), a place (部位) or both. */
typedef enum bm_site_kind {
	BM_SITE_DEPARTMENT = 0, /* 要害部门 */
	BM_SITE_PLACE,          /* 要害部位 */
	BM_SITE_KIND_COUNT
} bm_site_kind;
extern const bm_vocab_entry bm_site_kind_names[BM_SITE_KIND_COUNT];

/* The physical measures checked (S0 制度8 五: 铁门、铁窗、铁柜、报警器、灭火器). */
typedef enum bm_site_measure {
	BM_MEASURE_IRON_DOOR = 0,
	BM_MEASURE_IRON_WINDOW,
	BM_MEASURE_SAFE,
	BM_MEASURE_ALARM,
	BM_MEASURE_EXTINGUISHER,
	BM_MEASURE_VIDEO,
	BM_MEASURE_COUNT
} bm_site_measure;
extern const bm_vocab_entry bm_site_measure_names[BM_MEASURE_COUNT];

/* A person on a site's lists: who works there (staff) or who may enter (access). */
typedef enum bm_site_member_kind {
	BM_SITE_STAFF = 0, /* 工作人员: at least 重要 class */
	BM_SITE_ACCESS,    /* 准入人员: may enter without an escort */
	BM_SITE_MEMBER_COUNT
} bm_site_member_kind;
extern const bm_vocab_entry bm_site_member_names[BM_SITE_MEMBER_COUNT];

/* The person named for a site (staff, access list, leader, escort). */
typedef struct bm_site_person_facts {
	const char *name;
	bm_class person_class;
	bool temporary; /* PERSON-3 */
	bool active;    /* not disabled, not left */
} bm_site_person_facts;

/*
 * SITE-1: what and where: the entry's kind is known, and it names an
 * existing department (a 部门), or a storage place or a location (a 部位).
 */
bool bm_rules_site_where(bm_decision *out, int kind, bool has_department, bool has_place,
                         bool has_location);

/*
 * SITE-1: a key department or place is confirmed by somebody (the unit's
 * secrecy committee, the higher authority) on a date that has come.
 * `confirmed_on` BM_DATE_NONE: not given.
 */
bool bm_rules_site_confirmation(bm_decision *out, const char *confirmed_by, int32_t confirmed_on,
                                int32_t today);

/* SITE-1: the responsible leader is a person of the unit still in post. NULL: none named. */
bool bm_rules_site_leader(bm_decision *out, const bm_site_person_facts *leader);

/* SITE-1: nothing is added to a revoked entry. */
bool bm_rules_site_active(bm_decision *out, bool active, int64_t site_id);

/*
 * SITE-1, PERSON-1, PERSON-3: who may be put on a site's list of `kind`.
 * Everybody listed is a person in post; the people who work there hold at
 * least the 重要 class and are never temporary hires.
 */
bool bm_rules_site_member(bm_decision *out, bm_site_member_kind kind,
                          const bm_site_person_facts *p);

/*
 * SITE-1, PERSON-1: a person's class is lowered below 重要 only once they no
 * longer work at any key place (`n_sites` of them now).
 */
bool bm_rules_site_class_lowering(bm_decision *out, bm_class to, size_t n_sites);

/* What a visit is decided on. */
typedef struct bm_site_visit_facts {
	bool visitor_listed; /* the visitor is a person on the site's staff or access list */
	bool escort_given;
	bool escort_on_staff; /* the escort works there (on the staff list) */
	bool escort_is_visitor;
} bm_site_visit_facts;

/*
 * SITE-1: unrelated persons are not brought in: a visitor not on the
 * site's lists comes in only with an escort who works there, and never
 * escorts themself.
 */
bool bm_rules_site_visit(bm_decision *out, const bm_site_visit_facts *v);

/*
 * SITE-1: a visit's time out is recorded once, not before its time in
 * (instants as seconds; `already_out` when recorded before).
 */
bool bm_rules_site_visit_out(bm_decision *out, int64_t visit_id, bool already_out, int64_t time_in,
                             int64_t time_out);

/* Who reads the register (SYS-2 need-to-know applied to SITE-1). */
typedef struct bm_site_viewer {
	int64_t person_id;
	bool keeper;     /* the secrecy clerk, who keeps the register */
	bool leadership; /* 分管领导 or 主要领导: the unit's leadership for secrecy work */
} bm_site_viewer;

/* One entry as a viewer meets it. */
typedef struct bm_site_sight {
	int64_t leader_id; /* its responsible leader */
	bool listed;       /* the viewer is on its staff or access list now */
} bm_site_sight;

/*
 * SYS-2, SITE-1: the whole register (every entry with its lists and visit
 * log) is read by the clerk who keeps it and by the unit's leadership.
 * The three administrators are refused before this (SYS-1).
 */
bool bm_rules_site_whole_register(const bm_site_viewer *v);

/*
 * SYS-2, SITE-1: anybody else sees an entry only as its responsible leader
 * or while on its staff or access list; otherwise the entry (and so its
 * lists) does not exist for them.
 */
bool bm_rules_site_visible(const bm_site_viewer *v, const bm_site_sight *s);

#endif
