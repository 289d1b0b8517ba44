/*
 * vocab.h — the closed vocabularies of the domain, with their stable codes
 * (used in the database, the API and the CLI) and their zh/en names.
 *
 * Codes are English, lower case; parsing also accepts the Chinese name, so a
 * clerk may type 机密 where a script writes "secret". The English names of
 * the three classified levels follow the official English text of the PRC
 * Law on Guarding State Secrets: 绝密 top secret, 机密 secret, 秘密 confidential.
 */
#ifndef BM_VOCAB_H
#define BM_VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* LEVEL-1: levels, low to high. The numeric order is the level order. */
typedef enum bm_level {
	BM_LEVEL_PUBLIC = 0,       /* 非密 */
	BM_LEVEL_INTERNAL = 1,     /* 内部 */
	BM_LEVEL_CONFIDENTIAL = 2, /* 秘密 */
	BM_LEVEL_SECRET = 3,       /* 机密 */
	BM_LEVEL_TOP_SECRET = 4,   /* 绝密 */
	BM_LEVEL_COUNT
} bm_level;

/* Carrier kinds (载体形式). */
typedef enum bm_kind {
	BM_KIND_PAPER = 0,
	BM_KIND_USB,
	BM_KIND_REMOVABLE_DISK,
	BM_KIND_OPTICAL_DISC,
	BM_KIND_HARD_DISK,
	BM_KIND_OTHER,
	BM_KIND_COUNT
} bm_kind;

/* PERSON-1: personnel classes. */
typedef enum bm_class {
	BM_CLASS_NONE = 0,  /* 非涉密人员 */
	BM_CLASS_GENERAL,   /* 一般涉密人员: up to 秘密 */
	BM_CLASS_IMPORTANT, /* 重要涉密人员: up to 机密 */
	BM_CLASS_CORE,      /* 核心涉密人员: up to 绝密 */
	BM_CLASS_COUNT
} bm_class;

/* Where a carrier stands in its life. */
typedef enum bm_status {
	BM_STATUS_IN_STORE = 0, /* 在库 */
	BM_STATUS_LENT,         /* 借出 */
	BM_STATUS_TAKEN_OUT,    /* 携带外出 */
	BM_STATUS_CIRCULATING,  /* 传阅中 */
	BM_STATUS_RETURNED,     /* 已清退 (returned to issuer) */
	BM_STATUS_DESTROYED,    /* 已销毁 */
	BM_STATUS_MISSING,      /* 下落不明 */
	BM_STATUS_COUNT
} bm_status;

/* How a carrier came into the ledger. */
typedef enum bm_origin {
	BM_ORIGIN_INCOMING = 0, /* 收文 */
	BM_ORIGIN_MADE,         /* 本单位制作 */
	BM_ORIGIN_COPY,         /* 复制 */
	BM_ORIGIN_EXTRACT,      /* 摘录 */
	BM_ORIGIN_VOLUME,       /* 汇编/案卷 */
	BM_ORIGIN_COUNT
} bm_origin;

/* LEVEL-8: how the secrecy period is expressed. */
typedef enum bm_period_kind {
	BM_PERIOD_YEARS = 0, /* 机密★10年 */
	BM_PERIOD_UNTIL,     /* 机密★2030年1月1日 (a declassification date) */
	BM_PERIOD_EVENT,     /* 机密★<condition>, with a review date */
	BM_PERIOD_NONE,      /* 非密 / 内部: no period */
	BM_PERIOD_COUNT
} bm_period_kind;

/* Urgency of incoming items (REG-5). */
typedef enum bm_urgency {
	BM_URGENCY_NORMAL = 0,
	BM_URGENCY_URGENT,       /* 加急 (GB/T 9704) */
	BM_URGENCY_EXTRA_URGENT, /* 特急 */
	BM_URGENCY_COUNT
} bm_urgency;

/* Storage place kinds (KEEP-1). */
typedef enum bm_place_kind {
	BM_PLACE_SAFE = 0, /* 保密柜 */
	BM_PLACE_ROOM,     /* 保密室 / 档案室 */
	BM_PLACE_CABINET,  /* 普通文件柜 */
	BM_PLACE_COUNT
} bm_place_kind;

/*
 * Roles. The three administrators (SYS-1) never hold a business role;
 * business roles may be scoped to a department.
 */
typedef enum bm_role {
	BM_ROLE_SYSADMIN = 0, /* 系统管理员 */
	BM_ROLE_SECADMIN,     /* 安全保密管理员 */
	BM_ROLE_AUDITOR,      /* 安全审计员 */
	BM_ROLE_CLERK,        /* 保密员/机要员 */
	BM_ROLE_DEPT_HEAD,    /* 科室负责人 */
	BM_ROLE_LEADER,       /* 分管领导 */
	BM_ROLE_PRINCIPAL,    /* 主要领导 */
	BM_ROLE_CLASSIFIER,   /* 定密责任人 */
	BM_ROLE_STAFF,        /* 涉密人员/工作人员 */
	BM_ROLE_INSPECTOR,    /* 检查人员 */
	BM_ROLE_COUNT
} bm_role;

/*
 * Operations that need an approval (REGULATIONS.md "approve"); the policy
 * names the approver roles per operation and level (SYS-5).
 */
typedef enum bm_op {
	BM_OP_BORROW = 0,     /* 借阅 (BORROW-1) */
	BM_OP_READ,           /* 查阅 on site (BORROW-1, CIRC-4) */
	BM_OP_COPY,           /* 复制 (COPY-1) */
	BM_OP_EXTRACT,        /* 摘录 (COPY-4) */
	BM_OP_TAKE_OUT,       /* 携带外出 (CARRY-1) */
	BM_OP_MAKE,           /* 制作/印制 (MAKE-1) */
	BM_OP_WIDEN_SCOPE,    /* 扩大知悉范围 (CIRC-1) */
	BM_OP_DESTROY,        /* 销毁 (DESTROY-1) */
	BM_OP_LEVEL_CHANGE,   /* 定密/变更/解密 (LEVEL-4) */
	BM_OP_FOREIGN,        /* 对外提供 (FOREIGN-1) */
	BM_OP_OUTSIDE_READER, /* 知悉范围外/外单位人员查阅 (BORROW-5) */
	BM_OP_SCRAP,          /* 涉密设备报废 (DEV-6): names a device, no carrier */
	BM_OP_PUBLISH, /* 信息公开发布 (PUB-1): attaches only 非密 carriers (PUB-2) */
	BM_OP_COUNT
} bm_op;

/* SEND-1/3: how a carrier travels. */
typedef enum bm_channel {
	BM_CHANNEL_COURIER = 0,   /* 机要通信 */
	BM_CHANNEL_DEDICATED,     /* 专人递送 */
	BM_CHANNEL_MAIL,          /* 普通邮寄 */
	BM_CHANNEL_EXPRESS,       /* 快递 */
	BM_CHANNEL_FAX,           /* 普通传真 */
	BM_CHANNEL_ENCRYPTED_FAX, /* 密码传真 */
	BM_CHANNEL_PHONE,         /* 普通电话 */
	BM_CHANNEL_INTERNET,      /* 互联网/电子邮件 */
	BM_CHANNEL_COUNT
} bm_channel;

/* DESTROY-3: how a carrier is destroyed. */
typedef enum bm_destroy_method {
	BM_DESTROY_SHRED = 0,  /* 粉碎 */
	BM_DESTROY_INCINERATE, /* 焚烧 */
	BM_DESTROY_PULP,       /* 化浆 */
	BM_DESTROY_PHYSICAL,   /* 物理销毁 (media) */
	BM_DESTROY_DEGAUSS,    /* 消磁 */
	BM_DESTROY_CENTRE,     /* 送销毁中心 */
	BM_DESTROY_FORMAT,     /* 格式化: not irrecoverable */
	BM_DESTROY_OVERWRITE,  /* 覆写: not irrecoverable */
	BM_DESTROY_DELETE,     /* 删除: not irrecoverable */
	BM_DESTROY_COUNT
} bm_destroy_method;

typedef struct bm_vocab_entry {
	const char *code; /* stable code: database, API, CLI */
	const char *zh;   /* Chinese name */
	const char *en;   /* English name */
} bm_vocab_entry;

/* Each table is indexed by its enum. */
extern const bm_vocab_entry bm_level_names[BM_LEVEL_COUNT];
extern const bm_vocab_entry bm_kind_names[BM_KIND_COUNT];
extern const bm_vocab_entry bm_class_names[BM_CLASS_COUNT];
extern const bm_vocab_entry bm_status_names[BM_STATUS_COUNT];
extern const bm_vocab_entry bm_origin_names[BM_ORIGIN_COUNT];
extern const bm_vocab_entry bm_period_kind_names[BM_PERIOD_COUNT];
extern const bm_vocab_entry bm_urgency_names[BM_URGENCY_COUNT];
extern const bm_vocab_entry bm_place_kind_names[BM_PLACE_COUNT];
extern const bm_vocab_entry bm_role_names[BM_ROLE_COUNT];
extern const bm_vocab_entry bm_op_names[BM_OP_COUNT];
extern const bm_vocab_entry bm_channel_names[BM_CHANNEL_COUNT];
extern const bm_vocab_entry bm_destroy_method_names[BM_DESTROY_COUNT];

/*
 * Looks `text` up by code or Chinese name (also a few common aliases for
 * levels: 秘密级, 普通…); returns the index or -1.
 */
int bm_vocab_find(const bm_vocab_entry *table, int count, const char *text);

#define bm_level_parse(s)          bm_vocab_find(bm_level_names, BM_LEVEL_COUNT, (s))
#define bm_kind_parse(s)           bm_vocab_find(bm_kind_names, BM_KIND_COUNT, (s))
#define bm_class_parse(s)          bm_vocab_find(bm_class_names, BM_CLASS_COUNT, (s))
#define bm_status_parse(s)         bm_vocab_find(bm_status_names, BM_STATUS_COUNT, (s))
#define bm_origin_parse(s)         bm_vocab_find(bm_origin_names, BM_ORIGIN_COUNT, (s))
#define bm_urgency_parse(s)        bm_vocab_find(bm_urgency_names, BM_URGENCY_COUNT, (s))
#define bm_place_kind_parse(s)     bm_vocab_find(bm_place_kind_names, BM_PLACE_COUNT, (s))
#define bm_role_parse(s)           bm_vocab_find(bm_role_names, BM_ROLE_COUNT, (s))
#define bm_op_parse(s)             bm_vocab_find(bm_op_names, BM_OP_COUNT, (s))
#define bm_channel_parse(s)        bm_vocab_find(bm_channel_names, BM_CHANNEL_COUNT, (s))
#define bm_destroy_method_parse(s) bm_vocab_find(bm_destroy_method_names, BM_DESTROY_COUNT, (s))

/* PERSON-1: the highest level a class may see. */
bm_level bm_class_max_level(bm_class c);

/* Levels 秘密 and above are state secrets and need period and scope (LEVEL-2). */
static inline bool bm_level_is_classified(bm_level l)
{
	return l >= BM_LEVEL_CONFIDENTIAL;
}

/* SYS-1: true for the three separated administrator roles. */
static inline bool bm_role_is_admin(bm_role r)
{
	return r == BM_ROLE_SYSADMIN || r == BM_ROLE_SECADMIN || r == BM_ROLE_AUDITOR;
}

/* Out of the store with somebody (a loan is open): lent, taken out, circulating. */
static inline bool bm_status_is_out(bm_status s)
{
	return s == BM_STATUS_LENT || s == BM_STATUS_TAKEN_OUT || s == BM_STATUS_CIRCULATING;
}

/* A role held by a person, for a department (0 = the whole unit). */
typedef struct bm_grant {
	bm_role role;
	int64_t department_id;
} bm_grant;

/* One entry of a knowledge scope (LEVEL-2): a person or a whole department. */
typedef struct bm_scope_ref {
	int64_t person_id; /* exactly one of the two is non-zero */
	int64_t department_id;
} bm_scope_ref;

/*
 * SYS-2 as data: the terms the visibility rule is made of. Each names one
 * fact about a viewer and a carrier. src/policy/visibility.c says which
 * terms make the rule (bm_policy_sys2_rule) and what each means in C; the
 * store renders each term as SQL (one table indexed by this enum), so the
 * ledger query and the C predicate are built from the same list. A new term
 * needs a row in both tables; tests/unit/service/test_visibility.c proves
 * the two readings agree over every combination of the facts.
 */
typedef enum bm_sight {
	BM_SIGHT_SAME_UNIT = 0,    /* the carrier belongs to the viewer's unit */
	BM_SIGHT_CLEARED,          /* its level is at most the viewer's clearance (PERSON-1) */
	BM_SIGHT_CLERK,            /* the viewer holds the clerk's role (保密员) */
	BM_SIGHT_CUSTODIAN,        /* the viewer is its custodian */
	BM_SIGHT_NO_SCOPE,         /* it has no knowledge scope at all */
	BM_SIGHT_SCOPE_PERSON,     /* the viewer is named in its scope */
	BM_SIGHT_SCOPE_DEPARTMENT, /* the viewer's department is in its scope */
	BM_SIGHT_HOLDER,           /* it is out (bm_status_is_out) on a loan to the viewer */
	BM_SIGHT_COUNT
} bm_sight;

/* A visibility rule: every `all` term holds, and at least one `any` term. */
typedef struct bm_sight_rule {
	const bm_sight *all;
	size_t n_all;
	const bm_sight *any;
	size_t n_any;
} bm_sight_rule;

/*
 * Who is looking: the viewer's facts SYS-2 needs, filled by the service
 * (bm_svc_viewer) and read by the C predicate and the store alike.
 */
typedef struct bm_viewer {
	int64_t unit_id; /* 0: no unit, nothing is visible */
	int64_t person_id;
	int64_t department_id;     /* 0: none */
	bm_level max_level;        /* PERSON-1/2: the person's clearance */
	bool clerk;                /* holds the clerk's role (保密员) */
	const bm_sight_rule *rule; /* SYS-2: bm_policy_sys2_rule(); the store renders it as SQL */
} bm_viewer;

#endif
