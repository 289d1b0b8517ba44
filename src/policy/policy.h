/*
 * policy.h — the unit's policy (SYS-5): every [policy] number and choice of
 * REGULATIONS.md as data, with the catalogue's defaults.
 *
 * The policy is a plain struct filled from a text file of `key = value`
 * lines ('#' starts a comment). One table (policy.c, `policy_keys`) names
 * every key, its type, its field, its range, its default, the rule it serves
 * and its article text in zh/en; defaults, parsing, formatting, comparing and
 * printing the unit's regulation text are all driven by that table, so adding
 * a setting is one row there plus the field here. docs/policy.md lists the keys.
 *
 * Value types in the text form:
 *   int      decimal, within the key's range          borrow.term_days.secret = 5
 *   bool     true | false                             inventory.year_end = true
 *   choice   one code (or Chinese name) of a vocabulary  copy.top_secret = forbidden
 *   roles    ordered approver chain, or none          approver.borrow.top_secret = principal
 *   set      codes of a vocabulary, or none           send.forbidden.secret = mail,fax,...
 *   dates    YYYY-MM-DD list, or none (kept sorted)   calendar.holidays = 2026-10-01,...
 *
 * Pure: no I/O, no clock. The store keeps the versions; services load them.
 */
#ifndef BM_POLICY_H
#define BM_POLICY_H

#include <stdint.h>

#include "model/vocab.h"
#include "util/buf.h"

/* A date that is not set (dates are days since 1970-01-01, util/timeutil.h). */
#define BM_DATE_NONE INT32_MIN

#define BM_POLICY_MAX_ROLES 4 /* longest approval chain */
/*
 * Per date list: a decade of the national calendar fits. A year has about 33
 * days off (2026: 33) and 6 make-up working days, so ten years of either list
 * stay well under 512.
 */
#define BM_POLICY_MAX_DATES 512

/* An ordered approval chain: roles[0] approves first. n == 0: no approval needed. */
typedef struct bm_role_list {
	int n;
	bm_role roles[BM_POLICY_MAX_ROLES];
} bm_role_list;

/* A sorted list of distinct dates. */
typedef struct bm_date_list {
	int n;
	int32_t dates[BM_POLICY_MAX_DATES];
} bm_date_list;

/* BORROW-3: how a level may be borrowed. */
typedef enum bm_borrow_mode {
	BM_BORROW_LEND = 0,  /* lent against a due date */
	BM_BORROW_ONSITE,    /* read on site only, never leaves the room */
	BM_BORROW_FORBIDDEN, /* not lent at all */
	BM_BORROW_MODE_COUNT
} bm_borrow_mode;

/* COPY-2: what copying 绝密 takes. */
typedef enum bm_copy_top_rule {
	BM_COPY_TOP_FORBIDDEN = 0, /* never copied */
	BM_COPY_TOP_ORIGINATOR,    /* only with the originating authority's approval */
	BM_COPY_TOP_COUNT
} bm_copy_top_rule;

extern const bm_vocab_entry bm_borrow_mode_names[BM_BORROW_MODE_COUNT];
extern const bm_vocab_entry bm_copy_top_rule_names[BM_COPY_TOP_COUNT];

/*
 * The policy. Fields typed `int` that hold a vocabulary value say which
 * (bm_level, bm_borrow_mode …). Per-level arrays are indexed by bm_level,
 * per-class arrays by bm_class; entries without a key keep 0.
 */
typedef struct bm_policy {
	int version; /* set by the store; 0 = built-in defaults (not a key) */

	/* Unit-wide */
	int tz_offset_minutes;         /* unit.tz_offset_minutes: local time for "same day" rules */
	int approval_max_pending_days; /* approval.max_pending_days: a request older expires */

	/* 1. Levels and periods */
	int period_max_years[BM_LEVEL_COUNT]; /* LEVEL-3 */
	int period_warning_days;              /* LEVEL-6 */

	/* 2. Registration */
	int registration_max_days; /* REG-2: 0 = the same day */
	int handling_days;         /* REG-5: ordinary classified items handled within */
	int circulation_days;      /* REG-5: ordinary items circulated within */

	/* Approval chains, every operation and level (BORROW-1, COPY-1, CARRY-1 …) */
	bm_role_list approvers[BM_OP_COUNT][BM_LEVEL_COUNT];

	/* 4. Sending */
	unsigned send_forbidden[BM_LEVEL_COUNT]; /* SEND-1/3: bit (1u << bm_channel) */
	int send_escorts[BM_LEVEL_COUNT];        /* SEND-2: named escorts for a dedicated person */
	int send_courier_level; /* SEND-2: bm_level from which a named courier goes */

	/* 5. Circulation */
	int same_day_level;    /* CIRC-3: bm_level from which items go back the same day */
	int immediate_level;   /* CIRC-3: bm_level from which items go back right after reading */
	int immediate_minutes; /* CIRC-3: what "immediately" means, in minutes */

	/* 6. Borrowing */
	int borrow_mode[BM_LEVEL_COUNT];      /* BORROW-3: bm_borrow_mode */
	int borrow_term_days[BM_LEVEL_COUNT]; /* BORROW-2: working days; 0 = same day */
	int overdue_incident_months;          /* BORROW-6 */

	/* 7. Copying */
	int copy_top_secret; /* COPY-2: bm_copy_top_rule */

	/* 9. Custody */
	int safe_level;           /* KEEP-1: bm_level from which only a safe (保密柜) will do */
	int meeting_recall_hours; /* MEET-2: below 绝密, meeting documents back within */

	/* 10. Destruction */
	int destroy_min_witnesses; /* DESTROY-2 */

	/* 11. Inventory */
	int inventory_months[BM_LEVEL_COUNT]; /* INV-1: interval per level */
	bool inventory_year_end;              /* INV-1: full count at year end */
	bm_date_list holiday_counts;          /* INV-2: first days of holidays needing a count */

	/* 12. People */
	int decl_months[BM_CLASS_COUNT];              /* PERSON-4: 脱密期 */
	int training_min_hours;                       /* PERSON-6: hours a year */
	int training_interval_months[BM_CLASS_COUNT]; /* PERSON-6: training lapses after */
	bool training_lapse_blocks;                   /* PERSON-7: lapsed training blocks access */
	int temp_commitment_months;                   /* PERSON-2: temporary staff re-sign after */
	int statement_months; /* ORG-1: responsibility statement renewed after */
	int trip_report_days; /* PERSON-8: report back within, after return */
	bm_role_list trip_approvers[BM_CLASS_COUNT]; /* PERSON-8: who approves a trip, by class */

	/* 13. Devices and the system */
	int electronic_max_level;                /* DEV-4: bm_level */
	int device_password_days;                /* DEV-3 */
	int password_min_length[BM_LEVEL_COUNT]; /* SYS-4: by the highest level a person may see */
	int password_max_days[BM_LEVEL_COUNT];   /* SYS-4 */
	int lockout_failures;                    /* SYS-4 */
	int lockout_minutes;                     /* SYS-4 */
	int lockout_window_minutes;              /* SYS-4: failures counted within this window */
	int password_min_classes;                /* SYS-4: of lower, upper, digits, others */
	int password_history;                    /* SYS-4: not one of the last N passwords */
	int session_idle_minutes;                /* SYS-4 */
	int session_max_hours;                   /* SYS-4: absolute lifetime from login */
	int max_sessions;                        /* SYS-4: open sessions per account */
	int filing_expiry_hours;                 /* SYS-1: an account filing not decided expires */
	int admin_holders_max; /* SYS-1: active holders of one administrator role */

	/* 16. Incidents and inspections */
	int incident_report_hours;    /* INC-1 */
	int incident_findings_months; /* INC-4 */
	int inspection_months;        /* INSP-1 */
	int self_assessment_month;    /* INSP-1 */
	int inspection_rectify_days;  /* INSP-2: a rectification's default deadline */
	int report_monthly_day;       /* ORG-2: the month's report is due on this day of the next */

	/* Working-day calendar (BORROW-2 terms and every "working days" rule) */
	bm_date_list holidays; /* calendar.holidays: days off besides weekends */
	bm_date_list workdays; /* calendar.workdays: weekend days worked (调休) */
} bm_policy;

/* Fills `p` with the defaults of REGULATIONS.md (version 0). */
void bm_policy_defaults(bm_policy *p);

/*
 * Parses policy text over the defaults (keys not given keep their default).
 * Strict: a line without '=', an unknown or repeated key, a malformed value
 * or one out of range is refused with BM_EINVALID; the error names the line
 * and the key and carries the key's rule ID. Settings that contradict each
 * other (a date both holiday and make-up day …) are refused the same way.
 * `*out` is written only on success; its version is 0.
 */
int bm_policy_parse(bm_policy *out, const char *text);

/*
 * Appends every key as `key = value`, each after a comment naming its rule
 * and range, so that bm_policy_parse() of the text gives back the same policy.
 * Returns 0, or BM_ETOOLARGE/BM_ENOMEM from the buffer.
 */
int bm_policy_format(const bm_policy *p, bm_buf *out);

/*
 * Appends the unit's own regulation text (保密工作制度): chapters (第一章 …)
 * of numbered articles (第一条 …), each citing its rule IDs, in Chinese or,
 * with `english`, in English. `unit_name` may be NULL. Returns 0, or the
 * buffer's error.
 */
int bm_policy_print(const bm_policy *p, const char *unit_name, bool english, bm_buf *out);

/*
 * The number of the article of that regulation (第几条, from 1) that cites
 * `rule`, or 0 when none does. The articles follow the policy's keys, not
 * their values, so the answer is the same for every policy version: a
 * refusal can cite "本单位保密工作制度第十二条" for its rule.
 */
int bm_policy_rule_article(const char *rule);

/*
 * One setting of the catalogue as an editor shows it (SYS-5): the server's
 * validation and the policy screen read the same table.
 */
typedef struct bm_policy_key_info {
	const char *key;
	const char *type;            /* "int", "bool", "choice", "roles", "set", "dates" */
	int min, max;                /* int: the range; choice: the vocabulary indexes allowed;
	                                roles, dates: how many entries */
	const bm_vocab_entry *vocab; /* bool: the printed words for false/true; choice, roles,
	                                set: the vocabulary */
	int nvocab;
	unsigned must; /* roles: the roles allowed; set: the members that may not be removed */
	const char *def, *rule;
	int chapter, article; /* of the printed regulation, from 1 */
	const char *chapter_zh, *chapter_en;
	const char *lead_zh, *lead_en;   /* the article's lead sentence, "" when none */
	const char *zh, *en;             /* the clause, "%s" where the value goes */
	const char *unit_zh, *unit_en;   /* int: what the number counts ("日", "days"), else "" */
	const char *label_zh, *label_en; /* bool: the setting's own name, else "" */
} bm_policy_key_info;

/* The i-th setting (from 0) into `out`; false past the end. */
bool bm_policy_key_info_at(size_t i, bm_policy_key_info *out);

/* True when every key of `a` and `b` holds the same value (version ignored). */
bool bm_policy_equal(const bm_policy *a, const bm_policy *b);

/* The number of keys in the table (docs and tests). */
size_t bm_policy_key_count(void);

/* The name of the i-th key, or NULL past the end (docs and tests). */
const char *bm_policy_key_name(size_t i);

/*
 * Writes the value of `key` as the text form would (e.g. "5", "principal")
 * into `out`. Returns 0, BM_ENOTFOUND for an unknown key, or the buffer's error.
 */
int bm_policy_get(const bm_policy *p, const char *key, bm_buf *out);

/* True when `date` is in the sorted list. */
bool bm_date_list_has(const bm_date_list *l, int32_t date);

/* True when the channel bit is set in a send.forbidden mask. */
static inline bool bm_policy_channel_forbidden(const bm_policy *p, bm_level level, bm_channel c)
{
	return (p->send_forbidden[level] & (1u << (unsigned)c)) != 0;
}

#endif
