/*
 * sanction.h — the pure decisions of incidents carried to their end: the
 * moment of discovery and the report to the higher authority (INC-1), the
 * sanctions by the level involved (INC-2) and the register of rewards and
 * sanctions (INSP-3). Same contract as rules.h: facts in, a bm_decision
 * out; no I/O, no clock (the caller passes "now" and "today").
 */
#ifndef BM_POLICY_SANCTION_H
#define BM_POLICY_SANCTION_H

#include "policy/rules.h"

/* The sanctions (处分), lightest first: the order the range table uses. */
typedef enum bm_sanction_measure {
	BM_SANCTION_WARNING = 0,   /* 警告 */
	BM_SANCTION_DEMERIT,       /* 记过 */
	BM_SANCTION_MAJOR_DEMERIT, /* 记大过 */
	BM_SANCTION_DEMOTION,      /* 降级/降职 */
	BM_SANCTION_DISMISSAL,     /* 开除 */
	BM_SANCTION_COUNT
} bm_sanction_measure;
extern const bm_vocab_entry bm_sanction_names[BM_SANCTION_COUNT];

/* The rewards (奖励) of INSP-3. */
typedef enum bm_reward_measure {
	BM_REWARD_COMMENDATION = 0, /* 表彰 */
	BM_REWARD_AWARD,            /* 奖励 */
	BM_REWARD_COUNT
} bm_reward_measure;
extern const bm_vocab_entry bm_reward_names[BM_REWARD_COUNT];

/* The circumstances that let a sanction leave its level's range (INC-2). */
typedef enum bm_sanction_factor {
	BM_FACTOR_NONE = 0,
	BM_FACTOR_AGGRAVATING, /* 从重情节: heavier than the range */
	BM_FACTOR_MITIGATING,  /* 从轻情节: lighter than the range */
	BM_FACTOR_COUNT
} bm_sanction_factor;
extern const bm_vocab_entry bm_factor_names[BM_FACTOR_COUNT];

/*
 * INC-2: the range of sanctions of each level involved, as data: 秘密
 * warning or demerit; 机密 demerit, major demerit or demotion; 绝密 major
 * demerit up to dismissal. A level below 秘密 has no range (`has_range`
 * false): any sanction then needs its factors recorded.
 */
typedef struct bm_sanction_range {
	bool has_range;
	bm_sanction_measure lightest, heaviest;
} bm_sanction_range;

/* INC-2: the range of `level` (a copy of the table's row). */
bm_sanction_range bm_rules_sanction_range_of(bm_level level);

/* What a sanction is decided on. */
typedef struct bm_sanction_facts {
	int measure;            /* bm_sanction_measure, -1: unknown word */
	int level;              /* bm_level of the incident, -1: not recorded */
	bool findings_recorded; /* INC-4: the investigation's findings are in */
	int factor;             /* bm_sanction_factor, -1: unknown word */
	bool factor_text_given; /* the circumstances of the factor are written down */
} bm_sanction_facts;

/*
 * INC-2: may this sanction be recorded? The measure is known; the incident
 * has its level recorded and its findings (INC-4); a factor named is
 * described; a sanction above the level's range needs aggravating factors
 * (sanction_above_range), one below it mitigating ones
 * (sanction_below_range), one at a level without a range either
 * (sanction_no_range).
 */
bool bm_rules_sanction(bm_decision *out, const bm_sanction_facts *f);

/*
 * INC-2, INSP-3: a decision (sanction or reward) records who decided, the
 * date (given, not in the future) and the document. `rule` is "INC-2" or
 * "INSP-3" (static). decided_on BM_DATE_NONE: not given.
 */
bool bm_rules_merit_decision(bm_decision *out, const char *rule, bool decided_by_given,
                             int32_t decided_on, bool document_given, int32_t today);

/* INSP-3: a reward's measure is known (-1: an unknown word) and it says why. */
bool bm_rules_reward(bm_decision *out, int measure, bool reason_given);

/*
 * INC-1: the moment of discovery (instants in seconds): a valid time
 * (`valid`), not in the future and not after the incident was opened
 * (`opened_at`, 0 when being opened now).
 */
bool bm_rules_incident_discovered(bm_decision *out, bool valid, int64_t discovered_at,
                                  int64_t opened_at, int64_t now);

/* What the report to the higher authority is decided on. */
typedef struct bm_incident_notice_facts {
	bool to_given;       /* to whom it was sent */
	bool document_given; /* its document number */
	int64_t sent_at;     /* when, 0: not a valid instant */
	int64_t discovered_at;
	int64_t now;
	bool already; /* a report was recorded before */
	/* An amendment of the report recorded (bm_svc_incident_notice_amend): */
	bool amend;
	bool reason_given; /* why it is amended */
	bool changed;      /* it differs from the report recorded in time, addressee or number */
} bm_incident_notice_facts;

/*
 * INC-1: the report to the higher authority says when, to whom and under
 * which document number; it is made once, after the discovery and not in
 * the future. An amendment (`amend`) needs a report recorded before
 * (`notice_not_recorded`), a reason (`amend_reason_required`) and a change
 * (`notice_unchanged`), then the same checks on the report as amended.
 */
bool bm_rules_incident_notice(bm_decision *out, const bm_incident_notice_facts *f);

#endif
