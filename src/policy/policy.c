/*
 * policy.c — the key table and the text form of the unit's policy (SYS-5).
 *
 * `policy_keys` is the one table: each row is a setting (or, with key NULL,
 * a fixed article of the printed regulation). Defaults are written in the
 * text form and parsed by the same code as a policy file, so a default can
 * never be something the parser would refuse. Printing (print.c) walks the
 * same rows in order.
 */
#include "common.h"
#include "policy/policy.h"
#include "policy/policy_int.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/timeutil.h"

const bm_vocab_entry bm_borrow_mode_names[BM_BORROW_MODE_COUNT] = {
        {"lend", "可以外借", "lent against a due date"},
        {"onsite", "仅限现场阅读、不得带离", "read on site only and never leave the room"},
        {"forbidden", "不予借阅", "not lent"},
};

const bm_vocab_entry bm_copy_top_rule_names[BM_COPY_TOP_COUNT] = {
        {"forbidden", "一律不得复制", "are never copied"},
        {"originator", "须经原定密机关批准方可复制",
         "are copied only with the originating authority's approval"},
};

static const bm_vocab_entry year_end_words[2] = {
        {"false", "年底不另行全面清查", "no separate full count is made at year end"},
        {"true", "每年年底进行一次全面清查", "a full count is made at year end"},
};

static const bm_vocab_entry lapse_words[2] = {
        {"false", "培训逾期的人员予以提示，不限制其接触涉密载体",
         "Lapsed training is flagged but does not restrict access"},
        {"true", "培训逾期的人员在补训前不得借阅、接收、阅读涉密载体或者被列入知悉范围",
         "A person whose training has lapsed may not borrow, receive or read classified carriers, "
         "nor be added to a scope, until trained again"},
};

/* The roles an approval chain may name: business roles only (SYS-1). */
#define APPROVER_ROLES                                                                             \
	((1u << BM_ROLE_CLERK) | (1u << BM_ROLE_DEPT_HEAD) | (1u << BM_ROLE_LEADER) |              \
	 (1u << BM_ROLE_PRINCIPAL) | (1u << BM_ROLE_CLASSIFIER))

/* FOREIGN-1: the roles of the unit's leadership. */
#define LEADERSHIP_ROLES ((1u << BM_ROLE_LEADER) | (1u << BM_ROLE_PRINCIPAL))

/* SEND-1: channels never allowed for classified carriers; SEND-3: nor fax of any kind for 绝密. */
#define SEND_FLOOR                                                                                 \
	((1u << BM_CHANNEL_MAIL) | (1u << BM_CHANNEL_FAX) | (1u << BM_CHANNEL_PHONE) |             \
	 (1u << BM_CHANNEL_INTERNET))
#define SEND_FLOOR_TOP (SEND_FLOOR | (1u << BM_CHANNEL_ENCRYPTED_FAX))

#define F(f) offsetof(bm_policy, f)
#define V(t) (t), (int)BM_ARRAY_LEN(t)

/* Rows. Leads (lz/le) start an article: "" for an article without a lead. */
#define K_INT(k, f, lo, hi, d, r, ch, lz, le, z, e)                                                \
	{                                                                                          \
		k, KT_INT, F(f), lo, hi, NULL, 0, 0, d, r, ch, lz, le, z, e                        \
	}
#define K_BOOL(k, f, words, d, r, ch, lz, le, z, e)                                                \
	{                                                                                          \
		k, KT_BOOL, F(f), 0, 1, V(words), 0, d, r, ch, lz, le, z, e                        \
	}
#define K_CHOICE(k, f, voc, lo, hi, d, r, ch, lz, le, z, e)                                        \
	{                                                                                          \
		k, KT_CHOICE, F(f), lo, hi, V(voc), 0, d, r, ch, lz, le, z, e                      \
	}
#define K_SET(k, f, voc, must, d, r, ch, lz, le, z, e)                                             \
	{                                                                                          \
		k, KT_SET, F(f), 0, BM_CHANNEL_COUNT, V(voc), must, d, r, ch, lz, le, z, e         \
	}
#define K_DATES(k, f, lo, hi, d, r, ch, lz, le, z, e)                                              \
	{                                                                                          \
		k, KT_DATES, F(f), lo, hi, NULL, 0, 0, d, r, ch, lz, le, z, e                      \
	}
#define K_TEXT(r, ch, z, e)                                                                        \
	{                                                                                          \
		NULL, KT_TEXT, 0, 0, 0, NULL, 0, 0, NULL, r, ch, z, e, NULL, NULL                  \
	}

/* One approval chain (KT_ROLES) that is not a request operation's, e.g. PERSON-8's trips. */
#define K_ROLES(k, f, d, r, ch, lz, le, z, e)                                                      \
	{                                                                                          \
		k, KT_ROLES, F(f), 1, BM_POLICY_MAX_ROLES, V(bm_role_names), APPROVER_ROLES, d, r, \
		        ch, lz, le, z, e                                                           \
	}
/*
 * One approval chain per level (internal needs none by default; classified levels need one),
 * each step one of `roles`.
 */
#define K_APPROVERS_OF(name, op, r, ch, lz, le, d_int, d_conf, d_sec, d_top, int_min, roles)       \
	{"approver." name ".internal",                                                             \
	 KT_ROLES,                                                                                 \
	 F(approvers[op][BM_LEVEL_INTERNAL]),                                                      \
	 int_min,                                                                                  \
	 BM_POLICY_MAX_ROLES,                                                                      \
	 V(bm_role_names),                                                                         \
	 roles,                                                                                    \
	 d_int,                                                                                    \
	 r,                                                                                        \
	 ch,                                                                                       \
	 lz,                                                                                       \
	 le,                                                                                       \
	 "内部事项%s",                                                                             \
	 "internal items: %s"},                                                                    \
	        {"approver." name ".confidential",                                                 \
	         KT_ROLES,                                                                         \
	         F(approvers[op][BM_LEVEL_CONFIDENTIAL]),                                          \
	         1,                                                                                \
	         BM_POLICY_MAX_ROLES,                                                              \
	         V(bm_role_names),                                                                 \
	         roles,                                                                            \
	         d_conf,                                                                           \
	         r,                                                                                \
	         ch,                                                                               \
	         NULL,                                                                             \
	         NULL,                                                                             \
	         "秘密级%s",                                                                       \
	         "confidential: %s"},                                                              \
	        {"approver." name ".secret",                                                       \
	         KT_ROLES,                                                                         \
	         F(approvers[op][BM_LEVEL_SECRET]),                                                \
	         1,                                                                                \
	         BM_POLICY_MAX_ROLES,                                                              \
	         V(bm_role_names),                                                                 \
	         roles,                                                                            \
	         d_sec,                                                                            \
	         r,                                                                                \
	         ch,                                                                               \
	         NULL,                                                                             \
	         NULL,                                                                             \
	         "机密级%s",                                                                       \
	         "secret: %s"},                                                                    \
	{                                                                                          \
		"approver." name ".top_secret", KT_ROLES, F(approvers[op][BM_LEVEL_TOP_SECRET]),   \
		        1, BM_POLICY_MAX_ROLES, V(bm_role_names), roles, d_top, r, ch, NULL, NULL, \
		        "绝密级%s", "top secret: %s"                                               \
	}
#define K_APPROVERS(name, op, r, ch, lz, le, d_int, d_conf, d_sec, d_top, int_min)                 \
	K_APPROVERS_OF(name, op, r, ch, lz, le, d_int, d_conf, d_sec, d_top, int_min,              \
	               APPROVER_ROLES)

#define HOLIDAYS_2026                                                                              \
	"2026-01-01,2026-01-02,2026-01-03,"                                                        \
	"2026-02-15,2026-02-16,2026-02-17,2026-02-18,2026-02-19,2026-02-20,2026-02-21,2026-02-22," \
	"2026-02-23,"                                                                              \
	"2026-04-04,2026-04-05,2026-04-06,"                                                        \
	"2026-05-01,2026-05-02,2026-05-03,2026-05-04,2026-05-05,"                                  \
	"2026-06-19,2026-06-20,2026-06-21,"                                                        \
	"2026-09-25,2026-09-26,2026-09-27,"                                                        \
	"2026-10-01,2026-10-02,2026-10-03,2026-10-04,2026-10-05,2026-10-06,2026-10-07"
#define WORKDAYS_2026 "2026-01-04,2026-02-14,2026-02-28,2026-05-09,2026-09-20,2026-10-10"

const policy_key bm_policy_keys[] = {
        /* ── 第一章 定密管理 ── */
        K_TEXT("LEVEL-1", 1, "涉密载体的密级由低到高分为非密、内部、秘密、机密、绝密",
               "Levels, from low to high, are public (非密), internal (内部), confidential (秘密), "
               "secret (机密) and top secret (绝密)"),
        K_TEXT("LEVEL-2", 1, "涉密载体应当记录密级、保密期限和知悉范围",
               "Every classified carrier records its level, secrecy period and knowledge scope"),
        K_INT("period.max_years.confidential", period_max_years[BM_LEVEL_CONFIDENTIAL], 1, 10, "10",
              "LEVEL-3", 1, "未标明保密期限的，按最长保密期限确定，任何保密期限不得超过最长期限",
              "A carrier without a stated period gets the level's maximum, which no period may "
              "exceed",
              "秘密级%s年", "confidential %s years"),
        K_INT("period.max_years.secret", period_max_years[BM_LEVEL_SECRET], 1, 20, "20", "LEVEL-3",
              1, NULL, NULL, "机密级%s年", "secret %s years"),
        K_INT("period.max_years.top_secret", period_max_years[BM_LEVEL_TOP_SECRET], 1, 30, "30",
              "LEVEL-3", 1, NULL, NULL, "绝密级%s年", "top secret %s years"),
        K_TEXT("LEVEL-8", 1,
               "涉密载体标志为“密级★保密期限”“密级★解密时间”或者“密级★解密条件”；密级变更时原标志划"
               "去"
               "并标明新标志，解密后标明“解密”",
               "Markings read level★period, level★declassification date or level★condition; on a "
               "change the old marking is struck out, on declassification the carrier is marked "
               "解密"),
        K_APPROVERS("level_change", BM_OP_LEVEL_CHANGE, "LEVEL-4", 1,
                    "密级的确定、变更和解除由承办人提出意见，经审批后生效",
                    "Levels are proposed by the handler and decided, changed or lifted on approval",
                    "classifier", "classifier", "classifier", "classifier", 1),
        K_TEXT("LEVEL-10", 1, "任何人不得超出本人可知悉的最高密级定密、变更密级或者解密",
               "Nobody classifies, changes or lifts a level above their own clearance"),
        K_TEXT("LEVEL-5", 1, "汇编、案卷的密级不得低于其所含内容的最高密级",
               "A compilation or a volume takes the highest level of what it contains"),
        K_INT("period.warning_days", period_warning_days, 0, 365, "30", "LEVEL-6", 1, "", "",
              "保密期限届满前%s日起提示进行解密审核，审核后按决定变更标志并保留全部历史",
              "Declassification review is flagged %s days before a period ends; the decision is "
              "marked on the carrier and the history kept"),

        /* ── 第二章 登记 ── */
        K_TEXT("REG-1", 2,
               "涉密载体的收发、传递、使用、复制、保存、销毁等各个环节均须登记，经办人签字",
               "Every link of a carrier's life is registered and signed by the handler"),
        K_INT("registration.max_days", registration_max_days, 0, 30, "0", "REG-2", 2, "", "",
              "收到的涉密载体应在%s日内登记（0为当日登记），逾期登记予以提示",
              "Incoming carriers are registered within %s days of arrival (0: the same day); late "
              "registration is flagged"),
        K_INT("registration.handling_days", handling_days, 1, 90, "35", "REG-5", 2,
              "加急件、特急件随到随送，其他文件按下列时限办理",
              "Urgent items are delivered at once, others within these times",
              "普通涉密文件应在%s日内办理完毕",
              "ordinary classified items are handled within %s days"),
        K_INT("registration.circulation_days", circulation_days, 1, 30, "7", "REG-5", 2, NULL, NULL,
              "普通文件的传阅在%s日内完成", "ordinary items circulate within %s days"),
        K_TEXT("REG-3", 2, "标明领导亲启的信件由收件人本人拆封，涉密内容交回登记",
               "A letter marked personal is opened only by the addressee, who hands classified "
               "contents back for registration"),
        K_TEXT("REG-4", 2, "涉密载体与普通文件分别登记、分别保管",
               "Classified and ordinary items are registered and stored separately"),

        /* ── 第三章 制作与印制 ── */
        K_APPROVERS(
                "make", BM_OP_MAKE, "MAKE-1", 3, "制作涉密载体，其密级、发放范围和份数须经审批",
                "Making a carrier needs approval of its level, distribution and number of copies",
                "none", "leader", "leader", "leader", 0),
        K_TEXT("MAKE-2", 3, "严格按照批准的份数制作，逐份标注份号，不得多印",
               "Exactly the approved number of copies is made, each with a serial number"),
        K_TEXT("MAKE-3", 3, "草稿、校样、错印件和废页登记后按涉密载体销毁",
               "Drafts, proofs, misprints and waste are registered for destruction"),

        /* ── 第四章 发送、传递与对外提供 ── */
        K_SET("send.forbidden.confidential", send_forbidden[BM_LEVEL_CONFIDENTIAL],
              bm_channel_names, SEND_FLOOR, "mail,express,fax,phone,internet", "SEND-1", 4,
              "涉密载体通过机要通信或者专人递送，禁止使用下列方式传递",
              "Classified carriers travel by confidential courier or a dedicated person; these "
              "channels are forbidden",
              "秘密级：%s", "confidential: %s"),
        K_SET("send.forbidden.secret", send_forbidden[BM_LEVEL_SECRET], bm_channel_names,
              SEND_FLOOR, "mail,express,fax,phone,internet", "SEND-1", 4, NULL, NULL, "机密级：%s",
              "secret: %s"),
        K_SET("send.forbidden.top_secret", send_forbidden[BM_LEVEL_TOP_SECRET], bm_channel_names,
              SEND_FLOOR_TOP, "mail,express,fax,encrypted_fax,phone,internet", "SEND-3", 4, NULL,
              NULL, "绝密级：%s", "top secret: %s"),
        K_CHOICE("send.courier_level", send_courier_level, bm_level_names, BM_LEVEL_CONFIDENTIAL,
                 BM_LEVEL_TOP_SECRET, "secret", "SEND-2", 4, "", "",
                 "%s及以上密级载体须由指定的专人递送，并登记递送人姓名",
                 "%s and above travel with a named dedicated courier"),
        K_INT("send.escorts.confidential", send_escorts[BM_LEVEL_CONFIDENTIAL], 1, 4, "1", "SEND-2",
              4, "专人递送时须指定递送人员并登记姓名", "A dedicated delivery names its escorts",
              "秘密级不少于%s人", "confidential at least %s"),
        K_INT("send.escorts.secret", send_escorts[BM_LEVEL_SECRET], 1, 4, "1", "SEND-2", 4, NULL,
              NULL, "机密级不少于%s人", "secret at least %s"),
        K_INT("send.escorts.top_secret", send_escorts[BM_LEVEL_TOP_SECRET], 2, 4, "2", "SEND-2", 4,
              NULL, NULL, "绝密级不少于%s人", "top secret at least %s"),
        K_TEXT("SEND-4", 4, "发出前按发放范围清点份数，收件人逐份签收",
               "Copies are counted against the distribution list and every recipient signs"),
        /* FOREIGN-1: the unit's leadership approves, nobody below it. */
        K_APPROVERS_OF(
                "foreign", BM_OP_FOREIGN, "FOREIGN-1", 4,
                "向境外组织、机构或者人员提供涉密载体，须经本单位领导审批并报上级保密行政管理部门"
                "批准",
                "Providing carriers to foreign parties needs the unit's leadership's approval and "
                "the higher secrecy authority's",
                "leader", "principal", "principal", "principal", 0, LEADERSHIP_ROLES),
        /* PUB-1: one chain, for what is published is never classified (PUB-2). */
        {"approver.publish", KT_ROLES, F(approvers[BM_OP_PUBLISH][BM_LEVEL_PUBLIC]), 1,
         BM_POLICY_MAX_ROLES, V(bm_role_names), APPROVER_ROLES, "leader", "PUB-1", 4,
         "拟公开发布的信息（网站、媒体、社交媒体、论文文章）须经指定人员保密审查并记录审查意见，"
         "经批准后方可发布，谁发布谁负责；高于非密的载体不得作为附件",
         "Anything to be published (website, press, social media, articles) is reviewed for "
         "secrets by named reviewers, the review recorded, and approved before release by the "
         "person who answers for it; no carrier above public is attached",
         "审批：%s", "approved by: %s"},

        /* ── 第五章 传阅与阅文 ── */
        K_APPROVERS("widen_scope", BM_OP_WIDEN_SCOPE, "CIRC-1", 5,
                    "涉密载体仅在批准的知悉范围内传阅，扩大知悉范围须经审批",
                    "Items circulate only within the approved scope; widening it needs approval",
                    "none", "leader", "leader", "leader", 0),
        K_TEXT("CIRC-2", 5, "阅件人阅毕退回保密员，由保密员转送下一阅件人，不得横传",
               "No lateral passing: a reader returns the item to the clerk, who passes it on"),
        K_CHOICE("circulation.same_day_level", same_day_level, bm_level_names,
                 BM_LEVEL_CONFIDENTIAL, BM_LEVEL_TOP_SECRET, "confidential", "CIRC-3", 5,
                 "传阅、阅读的涉密载体应按时退回", "Items are returned on time",
                 "%s及以上密级当日退回，不得过夜", "%s and above the same day, never overnight"),
        K_CHOICE("circulation.immediate_level", immediate_level, bm_level_names,
                 BM_LEVEL_CONFIDENTIAL, BM_LEVEL_TOP_SECRET, "top_secret", "CIRC-3", 5, NULL, NULL,
                 "%s及以上密级阅后立即退回", "%s and above immediately after reading"),
        K_INT("circulation.immediate_minutes", immediate_minutes, 5, 480, "60", "CIRC-3", 5, NULL,
              NULL, "“立即退回”指领取后%s分钟内", "\"immediately\" means within %s minutes"),
        K_APPROVERS(
                "read", BM_OP_READ, "CIRC-4", 5,
                "在阅文室、保密室查阅涉密载体须经审批，并登记阅文地点，阅后签名",
                "Reading in the reading room needs approval; the place is recorded and the reader "
                "signs",
                "none", "dept_head", "leader", "principal", 0),

        /* ── 第六章 借阅与查阅 ── */
        K_APPROVERS("borrow", BM_OP_BORROW, "BORROW-1", 6, "借阅涉密载体须经审批",
                    "Borrowing needs approval", "none", "dept_head", "leader", "principal", 0),
        K_CHOICE("borrow.mode.internal", borrow_mode[BM_LEVEL_INTERNAL], bm_borrow_mode_names, 0, 2,
                 "lend", "BORROW-3", 6, "各密级载体的借阅方式", "How each level is borrowed",
                 "内部事项%s", "internal items are %s"),
        K_CHOICE("borrow.mode.confidential", borrow_mode[BM_LEVEL_CONFIDENTIAL],
                 bm_borrow_mode_names, 0, 2, "lend", "BORROW-3", 6, NULL, NULL, "秘密级%s",
                 "confidential items are %s"),
        K_CHOICE("borrow.mode.secret", borrow_mode[BM_LEVEL_SECRET], bm_borrow_mode_names, 0, 2,
                 "lend", "BORROW-3", 6, NULL, NULL, "机密级%s", "secret items are %s"),
        K_CHOICE("borrow.mode.top_secret", borrow_mode[BM_LEVEL_TOP_SECRET], bm_borrow_mode_names,
                 BM_BORROW_ONSITE, BM_BORROW_FORBIDDEN, "onsite", "BORROW-3", 6, NULL, NULL,
                 "绝密级原则上不外借，%s", "top secret items are as a rule not lent: they are %s"),
        K_INT("borrow.term_days.internal", borrow_term_days[BM_LEVEL_INTERNAL], 0, 60, "10",
              "BORROW-2", 6, "借阅期限按工作日计算（0为当日归还），逾期予以提示",
              "Borrowing terms, in working days (0: back the same day); overdue items are flagged",
              "内部事项%s个工作日", "internal %s working days"),
        K_INT("borrow.term_days.confidential", borrow_term_days[BM_LEVEL_CONFIDENTIAL], 0, 60, "10",
              "BORROW-2", 6, NULL, NULL, "秘密级%s个工作日", "confidential %s working days"),
        K_INT("borrow.term_days.secret", borrow_term_days[BM_LEVEL_SECRET], 0, 60, "5", "BORROW-2",
              6, NULL, NULL, "机密级%s个工作日", "secret %s working days"),
        K_TEXT("BORROW-4", 6, "借阅人不得转借、复制、摘抄或者拍摄所借载体",
               "A borrower may not re-lend, copy, extract or photograph the item"),
        K_APPROVERS(
                "outside_reader", BM_OP_OUTSIDE_READER, "BORROW-5", 6,
                "知悉范围以外人员或者持介绍信的外单位人员查阅，须经审批",
                "Readers outside the scope, or from another unit with a letter of introduction, "
                "need approval",
                "none", "leader", "leader", "principal", 0),
        K_INT("borrow.overdue_incident_months", overdue_incident_months, 1, 12, "3", "BORROW-6", 6,
              "", "", "超过归还期限%s个月仍未归还的，按失泄密事件处理",
              "An item not returned %s months after its due date is handled as a loss or leak"),

        /* ── 第七章 复制与摘录 ── */
        K_APPROVERS("copy", BM_OP_COPY, "COPY-1", 7, "复制涉密载体须经审批并登记",
                    "Copying needs approval and registration", "none", "leader", "leader",
                    "principal", 0),
        K_CHOICE("copy.top_secret", copy_top_secret, bm_copy_top_rule_names, 0, 1, "forbidden",
                 "COPY-2", 7, "", "", "绝密级载体%s", "Top secret carriers %s"),
        K_APPROVERS("extract", BM_OP_EXTRACT, "COPY-4", 7, "摘录、引用涉密内容须经审批",
                    "Extracting needs approval", "none", "leader", "leader", "principal", 0),
        K_TEXT("COPY-3", 7,
               "复制件、摘录件按原件的密级、保密期限和知悉范围管理，加盖复制单位戳记，与原件同等登"
               "记",
               "A copy or an extract keeps the source's level, period and scope and is registered "
               "like an original"),
        K_TEXT("COPY-5", 7, "复制由指定人员在指定设备上进行，登记设备和份数",
               "Copies are made by the designated operator on the designated copier"),

        /* ── 第八章 携带外出 ── */
        K_APPROVERS("take_out", BM_OP_TAKE_OUT, "CARRY-1", 8, "携带涉密载体外出须经审批",
                    "Taking a carrier out needs approval", "none", "dept_head", "leader",
                    "principal", 0),
        K_TEXT("CARRY-2", 8, "登记外出事由、地点和归还日期，返回后当面清点交回",
               "Purpose, destination and return date are recorded; the item is checked back in"),
        K_TEXT("CARRY-3", 8,
               "未经上级机关批准，不得携带涉密载体出境或者前往旅游、参观、公共场所和涉外活动",
               "Never abroad, to tourism, visits, public places or foreign-affairs events without "
               "the higher authority's approval"),

        /* ── 第九章 保管、移交与清退 ── */
        K_CHOICE("keep.safe_level", safe_level, bm_level_names, BM_LEVEL_CONFIDENTIAL,
                 BM_LEVEL_TOP_SECRET, "secret", "KEEP-1", 9,
                 "每件涉密载体有一名保管人和一个存放地点",
                 "Every carrier has one custodian and one storage place",
                 "%s及以上密级存放于保密柜", "%s and above are kept in a safe"),
        K_TEXT("KEEP-2", 9,
               "人员调岗、离岗前须清点移交所持全部涉密载体，双方签字，未移交完毕的不得办理离岗",
               "Before changing post or leaving, a person hands over everything held; departure is "
               "refused while anything is held"),
        K_TEXT("KEEP-3", 9, "需清退的载体按期清退，涉密笔记本视同涉密载体管理",
               "Items to be returned to the issuer go back by the deadline; notebooks count as "
               "carriers"),
        K_TEXT("KEEP-5", 9, "会议带回的涉密载体交保密员登记，个人不得留存",
               "Documents brought back from meetings go to the clerk for registration"),
        K_TEXT("MEET-1", 9,
               "涉密会议记录密级、地点、时间、参会人员范围及保密措施（不使用无线话筒、集中保管手机"
               "、"
               "会场保密检查），秘密级以上会议未落实保密措施的不得召开",
               "A classified meeting records its level, place, time, participants and measures (no "
               "wireless microphones, phones collected, room checked); 秘密 and above are not held "
               "without them"),
        K_INT("meeting.recall_hours", meeting_recall_hours, 0, 72, "2", "MEET-2", 9,
              "会议文件签收发放，会后收回；绝密级文件会议结束时即收回",
              "Meeting documents are issued against signature and recalled; top secret ones at "
              "the end of the meeting",
              "其他文件在会议结束后%s小时内收回", "the rest within %s hours of the meeting's end"),

        /* ── 第十章 销毁 ── */
        K_APPROVERS(
                "destroy", BM_OP_DESTROY, "DESTROY-1", 10,
                "销毁涉密载体须逐件登记造册并经审批，在指定场所或者销毁中心销毁",
                "Destruction is listed item by item, approved, and done at the designated place",
                "none", "leader", "leader", "leader", 0),
        K_INT("destroy.min_witnesses", destroy_min_witnesses, 2, 5, "2", "DESTROY-2", 10, "", "",
              "销毁时须有不少于%s名监销人在场，申请人不得担任监销人",
              "At least %s witnesses attend, none of them the requester"),
        K_TEXT("DESTROY-3", 10, "严禁将涉密载体作为废品出售，存储介质须以不可恢复的方式销毁",
               "Never sold as waste paper; storage media are destroyed irrecoverably"),
        K_TEXT("DESTROY-4", 10, "已销毁的载体永久保留在台账中，状态为已销毁",
               "A destroyed carrier stays in the ledger for ever"),

        /* ── 第十一章 清查 ── */
        K_INT("inventory.interval_months.confidential", inventory_months[BM_LEVEL_CONFIDENTIAL], 1,
              6, "3", "INV-1", 11, "定期清查涉密载体", "Carriers are counted regularly",
              "秘密级每%s个月一次", "confidential every %s months"),
        K_INT("inventory.interval_months.secret", inventory_months[BM_LEVEL_SECRET], 1, 6, "3",
              "INV-1", 11, NULL, NULL, "机密级每%s个月一次", "secret every %s months"),
        K_INT("inventory.interval_months.top_secret", inventory_months[BM_LEVEL_TOP_SECRET], 1, 1,
              "1", "INV-1", 11, NULL, NULL, "绝密级每%s个月一次", "top secret every %s month(s)"),
        K_BOOL("inventory.year_end", inventory_year_end, year_end_words, "true", "INV-1", 11, NULL,
               NULL, "%s", "%s"),
        K_DATES("inventory.holiday_counts", holiday_counts, 0, 32,
                "2026-01-01,2026-02-15,2026-05-01,2026-10-01", "INV-2", 11, "", "",
                "在下列节假日前的最后一个工作日进行专项清查：%s",
                "Special counts are made on the last working day before the holidays starting %s"),
        K_TEXT("INV-3", 11,
               "清查时逐件核对实物与台账，列明缺失、多出和不完整的载体，做到件件有着落",
               "A count lists missing, unexpected and incomplete items against the ledger"),
        K_TEXT("INV-4", 11, "发现载体缺失的，立即报告并按失泄密事件处理",
               "A missing item is reported at once and opens an incident"),

        /* ── 第十二章 涉密人员 ── */
        K_TEXT("PERSON-1", 12,
               "核心涉密人员可知悉绝密级，重要涉密人员可知悉机密级，一般涉密人员可知悉秘密级，任何"
               "人不得"
               "知悉超出本人类别的密级",
               "Core staff may see top secret, important staff secret, general staff confidential; "
               "nobody sees above their class"),
        K_TEXT("PERSON-2", 12, "上岗前须经审查、培训并签订保密承诺书，未签订的不具有涉密资格",
               "Before taking a post a person is vetted, trained and signs a commitment; without "
               "it "
               "there is no clearance"),
        K_INT("person.temp_commitment_months", temp_commitment_months, 1, 12, "12", "PERSON-2", 12,
              "", "", "临时人员每%s个月重新签订保密承诺书",
              "Temporary staff sign the commitment again every %s months"),
        K_TEXT("PERSON-3", 12, "临时聘用人员不得从事涉密岗位工作",
               "Temporary hires cannot hold classified posts"),
        K_INT("person.decl_months.general", decl_months[BM_CLASS_GENERAL], 6, 36, "6", "PERSON-4",
              12, "涉密人员离岗离职前清退所持载体，签订离岗承诺书，并实行脱密期管理",
              "Leaving staff clear their carriers, sign an exit commitment and serve a "
              "declassification period",
              "一般涉密人员%s个月", "general %s months"),
        K_INT("person.decl_months.important", decl_months[BM_CLASS_IMPORTANT], 6, 36, "12",
              "PERSON-4", 12, NULL, NULL, "重要涉密人员%s个月", "important %s months"),
        K_INT("person.decl_months.core", decl_months[BM_CLASS_CORE], 6, 36, "24", "PERSON-4", 12,
              NULL, NULL, "核心涉密人员%s个月", "core %s months"),
        K_INT("training.min_hours", training_min_hours, 1, 100, "2", "PERSON-6", 12, "", "",
              "全体人员每年接受保密教育培训不少于%s学时",
              "Everybody receives at least %s hours of training a year"),
        K_INT("training.interval_months.general", training_interval_months[BM_CLASS_GENERAL], 1, 12,
              "12", "PERSON-6", 12, "最近一次培训超过下列期限的，视为培训逾期",
              "Training lapses when the last session is older than", "一般涉密人员%s个月",
              "general %s months"),
        K_INT("training.interval_months.important", training_interval_months[BM_CLASS_IMPORTANT], 1,
              12, "6", "PERSON-6", 12, NULL, NULL, "重要涉密人员%s个月", "important %s months"),
        K_INT("training.interval_months.core", training_interval_months[BM_CLASS_CORE], 1, 12, "6",
              "PERSON-6", 12, NULL, NULL, "核心涉密人员%s个月", "core %s months"),
        K_TEXT("PERSON-7", 12,
               "未签订保密承诺书、保密工作责任书逾期未续签、处于脱密期或者被停用的人员，不得借阅、"
               "接收、阅读涉密载体或者被列入知悉范围；培训逾期的人员是否同样受限，见下条",
               "A person without a commitment, with a lapsed responsibility statement, in a "
               "declassification period or disabled may not borrow, receive or read classified "
               "carriers, nor be added to a scope; whether lapsed training restricts as well is "
               "set by the next article"),
        K_BOOL("training.lapse_blocks", training_lapse_blocks, lapse_words, "false", "PERSON-7", 12,
               "", "", "%s", "%s"),
        K_INT("person.statement_months", statement_months, 1, 24, "12", "ORG-1", 12,
              "涉密人员签订保密工作责任书，逾期未续签的不得接触涉密载体",
              "Cleared staff sign a responsibility statement; a lapsed one blocks access",
              "每%s个月续签一次", "renewed every %s months"),
        K_INT("person.trip_report_days", trip_report_days, 1, 60, "7", "PERSON-8", 12,
              "出国（境）人员出行前接受保密教育，回国后报告",
              "A cleared person going abroad is briefed first and reports back on return",
              "回国后%s日内报告", "reports back within %s days of return"),
        /* PERSON-8: S2 第七条 makes the head of the unit its first responsible and the
         * supervising leader the main one; a core person's trip goes to the head. */
        K_ROLES("person.trip_approver.core", trip_approvers[BM_CLASS_CORE], "principal", "PERSON-8",
                12, "涉密人员出国（境）须按类别经审批，未经批准不得出行",
                "A cleared person's trip abroad is approved by class; nobody departs without it",
                "核心涉密人员%s", "core staff: %s"),
        K_ROLES("person.trip_approver.important", trip_approvers[BM_CLASS_IMPORTANT], "leader",
                "PERSON-8", 12, NULL, NULL, "重要涉密人员%s", "important staff: %s"),
        K_ROLES("person.trip_approver.general", trip_approvers[BM_CLASS_GENERAL], "leader",
                "PERSON-8", 12, NULL, NULL, "一般涉密人员及其他人员%s",
                "general staff and others: %s"),

        /* ── 第十三章 涉密设备与信息系统 ── */
        K_CHOICE("device.electronic_max_level", electronic_max_level, bm_level_names,
                 BM_LEVEL_PUBLIC, BM_LEVEL_SECRET, "secret", "DEV-4", 13, "", "",
                 "本系统不存储高于%s级的电子信息，绝密级信息不得存储在计算机上",
                 "The system stores no electronic content above %s; top secret is never stored on "
                 "computers"),
        K_INT("device.password_days", device_password_days, 1, 30, "30", "DEV-3", 13, "", "",
              "涉密计算机登录口令至少每%s日更换一次",
              "Login passwords of classified computers change at least every %s days"),
        K_APPROVERS("scrap", BM_OP_SCRAP, "DEV-6", 13,
                    "涉密设备、存储介质报废须经书面审批，并按销毁要求以不可恢复的方式销毁",
                    "Scrapping a classified device or medium needs written approval and "
                    "irrecoverable destruction with witnesses",
                    "leader", "leader", "leader", "leader", 1),
        K_INT("auth.password_min_length.internal", password_min_length[BM_LEVEL_INTERNAL], 8, 64,
              "8", "SYS-4", 13, "本系统口令的最小长度按本人可知悉的最高密级确定",
              "Minimum password length, by the highest level the person may see", "内部%s位",
              "internal %s characters"),
        K_INT("auth.password_min_length.confidential", password_min_length[BM_LEVEL_CONFIDENTIAL],
              8, 64, "8", "SYS-4", 13, NULL, NULL, "秘密级%s位", "confidential %s characters"),
        K_INT("auth.password_min_length.secret", password_min_length[BM_LEVEL_SECRET], 10, 64, "10",
              "SYS-4", 13, NULL, NULL, "机密级%s位", "secret %s characters"),
        K_INT("auth.password_min_length.top_secret", password_min_length[BM_LEVEL_TOP_SECRET], 12,
              64, "12", "SYS-4", 13, NULL, NULL, "绝密级%s位", "top secret %s characters"),
        K_INT("auth.password_max_days.internal", password_max_days[BM_LEVEL_INTERNAL], 1, 365, "90",
              "SYS-4", 13, "口令最长使用期限", "Passwords are changed at least every", "内部%s日",
              "internal %s days"),
        K_INT("auth.password_max_days.confidential", password_max_days[BM_LEVEL_CONFIDENTIAL], 1,
              30, "30", "SYS-4", 13, NULL, NULL, "秘密级%s日", "confidential %s days"),
        K_INT("auth.password_max_days.secret", password_max_days[BM_LEVEL_SECRET], 1, 7, "7",
              "SYS-4", 13, NULL, NULL, "机密级%s日", "secret %s days"),
        K_INT("auth.password_max_days.top_secret", password_max_days[BM_LEVEL_TOP_SECRET], 1, 7,
              "7", "SYS-4", 13, NULL, NULL, "绝密级%s日", "top secret %s days"),
        K_INT("auth.lockout_failures", lockout_failures, 3, 10, "5", "SYS-4", 13, "", "",
              "连续%s次登录失败的账户予以锁定",
              "An account is locked after %s failed logins in a row"),
        K_INT("auth.lockout_window_minutes", lockout_window_minutes, 1, 1440, "15", "SYS-4", 13,
              NULL, NULL, "（%s分钟之内）", "(within %s minutes)"),
        K_INT("auth.lockout_minutes", lockout_minutes, 1, 1440, "30", "SYS-4", 13, NULL, NULL,
              "锁定%s分钟", "for %s minutes"),
        K_INT("auth.password_min_classes", password_min_classes, 1, 4, "3", "SYS-4", 13, NULL, NULL,
              "口令至少包含小写字母、大写字母、数字、符号中的%s类",
              "passwords mix at least %s of: lower case, upper case, digits, symbols"),
        K_INT("auth.password_history", password_history, 0, 24, "5", "SYS-4", 13, NULL, NULL,
              "新口令不得与最近%s次使用过的口令相同", "a new password is none of the last %s"),
        K_INT("auth.session_idle_minutes", session_idle_minutes, 1, 120, "15", "SYS-4", 13, NULL,
              NULL, "会话闲置%s分钟自动退出", "an idle session ends after %s minutes"),
        K_INT("auth.session_max_hours", session_max_hours, 1, 24, "12", "SYS-4", 13, NULL, NULL,
              "会话自登录起最长保持%s小时，到时须重新登录",
              "a session lasts at most %s hours from its login, then the person logs in again"),
        K_INT("auth.max_sessions", max_sessions, 1, 20, "3", "SYS-4", 13, NULL, NULL,
              "同一账户同时最多保持%s个会话，再次登录时结束其中最早的一个",
              "an account keeps at most %s sessions at once; a further login ends the oldest"),
        K_INT("auth.filing_expiry_hours", filing_expiry_hours, 1, 168, "72", "SYS-1", 13, NULL,
              NULL, "密码重置和账户开通申请须在%s小时内经安全保密管理员批准，逾期作废",
              "a password reset or new account not approved by the security administrator "
              "within %s hours expires"),
        K_INT("auth.admin_holders_max", admin_holders_max, 1, 3, "1", "SYS-1", 13, NULL, NULL,
              "系统管理员、安全保密管理员、安全审计员各设%s人，不得兼任",
              "the unit has %s system, security and audit administrator(s) each, never the same "
              "person"),

        /* ── 第十四章 失泄密事件与检查 ── */
        K_INT("report.monthly_day", report_monthly_day, 1, 28, "5", "ORG-2", 14, "", "",
              "保密办每月%s日前向单位领导报送上月保密工作月报（变化、逾期、发现的问题）",
              "The secrecy office reports the past month (changes, overdue items, findings) to "
              "the unit's leadership by day %s of each month"),
        K_INT("incident.report_hours", incident_report_hours, 1, 24, "24", "INC-1", 14, "", "",
              "发生失泄密事件，须在%s小时内报告保密工作领导小组",
              "A loss or leak is reported to the leadership group within %s hours"),
        K_INT("incident.findings_months", incident_findings_months, 1, 12, "3", "INC-4", 14, "", "",
              "调查结论须在报告后%s个月内记录",
              "Findings are recorded within %s months of the report"),
        K_INT("inspection.interval_months", inspection_months, 1, 12, "3", "INSP-1", 14, "", "",
              "保密工作领导小组每%s个月组织一次保密检查",
              "The leadership group inspects every %s months"),
        K_INT("inspection.self_assessment_month", self_assessment_month, 1, 12, "10", "INSP-1", 14,
              NULL, NULL, "每年%s月进行保密工作自查自评",
              "with a self-assessment each year in month %s"),
        K_INT("inspection.rectify_days", inspection_rectify_days, 1, 365, "30", "INSP-2", 14, "",
              "", "检查发现的问题下达整改通知书，整改期限默认为%s日",
              "A finding becomes a rectification notice, due by default %s days later"),

        /* ── 第十五章 附则 ── */
        K_INT("unit.tz_offset_minutes", tz_offset_minutes, -720, 840, "480", "SYS-5", 15, "", "",
              "“当日”等期限按本单位当地时间计算（与协调世界时相差%s分钟）",
              "\"The same day\" is counted in the unit's local time (%s minutes from UTC)"),
        K_INT("approval.max_pending_days", approval_max_pending_days, 1, 90, "7", "SYS-5", 15, "",
              "", "审批申请提出后%s日内未办结的自动失效，须重新申请",
              "An approval request not decided within %s days lapses and must be made again"),
        K_DATES("calendar.holidays", holidays, 0, BM_POLICY_MAX_DATES, HOLIDAYS_2026, "BORROW-2",
                15, "工作日按国家法定节假日安排计算",
                "Working days follow the national holiday schedule", "放假日期：%s",
                "days off: %s"),
        K_DATES("calendar.workdays", workdays, 0, BM_POLICY_MAX_DATES, WORKDAYS_2026, "BORROW-2",
                15, NULL, NULL, "调休上班日期：%s", "weekend days worked: %s"),
        K_TEXT("SYS-5", 15,
               "本制度依据本单位保密策略生成，策略由安全保密管理员维护，每次修改留存版本",
               "These rules are generated from the unit's policy, kept by the security "
               "administrator; every change is versioned"),
};

const size_t bm_policy_nkeys = BM_ARRAY_LEN(bm_policy_keys);

/* ---- field access ---- */

static void *field(bm_policy *p, const policy_key *k)
{
	return (char *)p + k->offset;
}

static const void *cfield(const bm_policy *p, const policy_key *k)
{
	return (const char *)p + k->offset;
}

/* ---- values: text form ---- */

static int cmp_date(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

bool bm_date_list_has(const bm_date_list *l, int32_t date)
{
	int lo = 0, hi = l->n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (l->dates[mid] == date)
			return true;
		if (l->dates[mid] < date)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

/* Splits a comma list: next item in [*s, end) trimmed; false when none is left. */
static bool next_item(const char **s, const char *end, char *item, size_t size)
{
	const char *a = *s, *b;
	size_t n;

	if (a >= end)
		return false;
	b = memchr(a, ',', (size_t)(end - a));
	if (!b)
		b = end;
	*s = b < end ? b + 1 : end;
	while (a < b && (*a == ' ' || *a == '\t'))
		a++;
	while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
		b--;
	n = (size_t)(b - a);
	if (n >= size)
		n = size - 1; /* an over-long item cannot match anything anyway */
	memcpy(item, a, n);
	item[n] = '\0';
	return true;
}

static bool is_none(const char *v, size_t len)
{
	return len == 4 && memcmp(v, "none", 4) == 0;
}

/*
 * Parses one value into `p`. Returns 0, or PV_BAD (malformed), PV_RANGE (out
 * of range), PV_FLOOR (a set misses a required member; *floor_bit says which),
 * PV_TOOMANY (a date list longer than the key's maximum).
 */
enum { PV_BAD = 1, PV_RANGE, PV_FLOOR, PV_TOOMANY };

/* Copies v[0..len) into `item` as a C string; false when it does not fit. */
static bool item_copy(char *item, size_t size, const char *v, size_t len)
{
	if (len >= size)
		return false;
	memcpy(item, v, len);
	item[len] = '\0';
	return true;
}

static int parse_int(const policy_key *k, const char *v, size_t len, bm_policy *p)
{
	char item[64], *num_end;
	long value;
	if (!item_copy(item, sizeof(item), v, len))
		return PV_BAD;
	errno = 0;
	value = strtol(item, &num_end, 10);
	if (errno || *num_end != '\0' || num_end == item)
		return PV_BAD;
	if (value < k->min || value > k->max)
		return PV_RANGE;
	*(int *)field(p, k) = (int)value;
	return 0;
}

static int parse_bool(const policy_key *k, const char *v, size_t len, bm_policy *p)
{
	if (len == 4 && memcmp(v, "true", 4) == 0)
		*(bool *)field(p, k) = true;
	else if (len == 5 && memcmp(v, "false", 5) == 0)
		*(bool *)field(p, k) = false;
	else
		return PV_BAD;
	return 0;
}

static int parse_choice(const policy_key *k, const char *v, size_t len, bm_policy *p)
{
	char item[64];
	int i;
	if (!item_copy(item, sizeof(item), v, len))
		return PV_BAD;
	if ((i = bm_vocab_find(k->vocab, k->nvocab, item)) < 0)
		return PV_BAD;
	if (i < k->min || i > k->max)
		return PV_RANGE;
	*(int *)field(p, k) = i;
	return 0;
}

/* A chain of distinct roles, each one the key allows (`must`), or "none". */
static int parse_roles(const policy_key *k, const char *v, size_t len, bm_policy *p)
{
	bm_role_list l = {0};
	const char *s = v, *end = v + len;
	char item[64];
	if (!is_none(v, len)) {
		while (next_item(&s, end, item, sizeof(item))) {
			int r = bm_vocab_find(k->vocab, k->nvocab, item);
			if (r < 0 || !(k->must & (1u << (unsigned)r)))
				return PV_BAD;
			for (int j = 0; j < l.n; j++)
				if (l.roles[j] == (bm_role)r)
					return PV_BAD;
			if (l.n == BM_POLICY_MAX_ROLES)
				return PV_RANGE;
			l.roles[l.n++] = (bm_role)r;
		}
	}
	if (l.n < k->min || l.n > k->max)
		return PV_RANGE;
	*(bm_role_list *)field(p, k) = l;
	return 0;
}

/* A set of distinct vocabulary members keeping every `must` member, or "none". */
static int parse_set(const policy_key *k, const char *v, size_t len, bm_policy *p, int *floor_bit)
{
	unsigned mask = 0;
	const char *s = v, *end = v + len;
	char item[64];
	if (!is_none(v, len)) {
		while (next_item(&s, end, item, sizeof(item))) {
			int c = bm_vocab_find(k->vocab, k->nvocab, item);
			if (c < 0 || (mask & (1u << (unsigned)c)))
				return PV_BAD;
			mask |= 1u << (unsigned)c;
		}
	}
	for (int b = 0; b < k->nvocab; b++)
		if ((k->must & (1u << (unsigned)b)) && !(mask & (1u << (unsigned)b))) {
			*floor_bit = b;
			return PV_FLOOR;
		}
	*(unsigned *)field(p, k) = mask;
	return 0;
}

/* A list of distinct dates (YYYY-MM-DD), kept sorted, or "none". */
static int parse_dates(const policy_key *k, const char *v, size_t len, bm_policy *p)
{
	bm_date_list list, *l = &list;
	const char *s = v, *end = v + len;
	char item[64];
	l->n = 0;
	if (!is_none(v, len)) {
		while (next_item(&s, end, item, sizeof(item))) {
			int32_t d;
			if (!bm_date_parse(item, &d))
				return PV_BAD;
			if (l->n == BM_POLICY_MAX_DATES || l->n >= k->max)
				return PV_TOOMANY;
			l->dates[l->n++] = d;
		}
	}
	qsort(l->dates, (size_t)l->n, sizeof(l->dates[0]), cmp_date);
	for (int i = 1; i < l->n; i++)
		if (l->dates[i] == l->dates[i - 1])
			return PV_BAD;
	if (l->n < k->min)
		return PV_RANGE;
	*(bm_date_list *)field(p, k) = *l;
	return 0;
}

int bm_policy_parse_value(const policy_key *k, const char *v, size_t len, bm_policy *p,
                          int *floor_bit)
{
	if (len == 0)
		return PV_BAD;
	switch (k->type) {
	case KT_INT: return parse_int(k, v, len, p);
	case KT_BOOL: return parse_bool(k, v, len, p);
	case KT_CHOICE: return parse_choice(k, v, len, p);
	case KT_ROLES: return parse_roles(k, v, len, p);
	case KT_SET: return parse_set(k, v, len, p, floor_bit);
	case KT_DATES: return parse_dates(k, v, len, p);
	case KT_TEXT: break;
	}
	return PV_BAD;
}

int bm_policy_put_value(const policy_key *k, const bm_policy *p, bm_buf *out)
{
	int rc = 0;

	switch (k->type) {
	case KT_INT: return bm_buf_printf(out, "%d", *(const int *)cfield(p, k));
	case KT_BOOL: return bm_buf_puts(out, *(const bool *)cfield(p, k) ? "true" : "false");
	case KT_CHOICE: {
		int i = *(const int *)cfield(p, k);
		return bm_buf_puts(out, i >= 0 && i < k->nvocab ? k->vocab[i].code : "?");
	}
	case KT_ROLES: {
		const bm_role_list *l = cfield(p, k);
		if (l->n == 0)
			return bm_buf_puts(out, "none");
		for (int i = 0; i < l->n && rc == 0; i++)
			rc = bm_buf_printf(out, "%s%s", i ? "," : "",
			                   bm_role_names[l->roles[i]].code);
		return rc;
	}
	case KT_SET: {
		unsigned mask = *(const unsigned *)cfield(p, k);
		bool first = true;
		if (mask == 0)
			return bm_buf_puts(out, "none");
		for (int b = 0; b < k->nvocab && rc == 0; b++)
			if (mask & (1u << (unsigned)b)) {
				rc = bm_buf_printf(out, "%s%s", first ? "" : ",", k->vocab[b].code);
				first = false;
			}
		return rc;
	}
	case KT_DATES: {
		const bm_date_list *l = cfield(p, k);
		char d[BM_DATE_LEN];
		if (l->n == 0)
			return bm_buf_puts(out, "none");
		for (int i = 0; i < l->n && rc == 0; i++) {
			bm_date_format(l->dates[i], d);
			rc = bm_buf_printf(out, "%s%s", i ? "," : "", d);
		}
		return rc;
	}
	case KT_TEXT: break;
	}
	return 0;
}

/* ---- public ---- */

void bm_policy_defaults(bm_policy *p)
{
	int floor_bit;

	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < bm_policy_nkeys; i++) {
		const policy_key *k = &bm_policy_keys[i];
		/* Defaults are text the parser accepts (test_policy proves it for every key). */
		if (k->key)
			(void)bm_policy_parse_value(k, k->def, strlen(k->def), p, &floor_bit);
	}
}

size_t bm_policy_key_count(void)
{
	size_t n = 0;
	for (size_t i = 0; i < bm_policy_nkeys; i++)
		n += bm_policy_keys[i].key != NULL;
	return n;
}

const char *bm_policy_key_name(size_t i)
{
	for (size_t j = 0; j < bm_policy_nkeys; j++)
		if (bm_policy_keys[j].key && i-- == 0)
			return bm_policy_keys[j].key;
	return NULL;
}

static const policy_key *find_key(const char *key, size_t len)
{
	for (size_t i = 0; i < bm_policy_nkeys; i++) {
		const char *name = bm_policy_keys[i].key;
		if (name && strlen(name) == len && memcmp(name, key, len) == 0)
			return &bm_policy_keys[i];
	}
	return NULL;
}

int bm_policy_get(const bm_policy *p, const char *key, bm_buf *out)
{
	const policy_key *k = key ? find_key(key, strlen(key)) : NULL;
	if (!k)
		return bm_error_set(BM_ENOTFOUND, "policy_unknown_key", "SYS-5", "未知设置项 '%s'",
		                    "unknown policy key '%s'", key ? key : "");
	return bm_policy_put_value(k, p, out);
}

bool bm_policy_equal(const bm_policy *a, const bm_policy *b)
{
	for (size_t i = 0; i < bm_policy_nkeys; i++) {
		const policy_key *k = &bm_policy_keys[i];
		size_t size = 0;
		switch (k->type) {
		case KT_INT:
		case KT_CHOICE: size = sizeof(int); break;
		case KT_BOOL: size = sizeof(bool); break;
		case KT_SET: size = sizeof(unsigned); break;
		case KT_ROLES: {
			const bm_role_list *x = cfield(a, k), *y = cfield(b, k);
			if (x->n != y->n ||
			    memcmp(x->roles, y->roles, (size_t)x->n * sizeof(x->roles[0])))
				return false;
			continue;
		}
		case KT_DATES: {
			const bm_date_list *x = cfield(a, k), *y = cfield(b, k);
			if (x->n != y->n ||
			    memcmp(x->dates, y->dates, (size_t)x->n * sizeof(x->dates[0])))
				return false;
			continue;
		}
		case KT_TEXT: continue;
		}
		if (memcmp(cfield(a, k), cfield(b, k), size) != 0)
			return false;
	}
	return true;
}

static const char *skip_space(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	return s;
}

/* The number of comma-separated items of a list value, for the error message. */
static int count_items(const char *v, size_t len)
{
	int n = 0;
	bool in_item = false;
	for (size_t i = 0; i < len; i++) {
		bool sep = v[i] == ',' || v[i] == ' ' || v[i] == '\t';
		n += !sep && !in_item;
		in_item = !sep;
	}
	return n;
}

/* What a value of this key should look like, for the error message. */
static void expected(const policy_key *k, char *zh, char *en, size_t size)
{
	switch (k->type) {
	case KT_INT:
		snprintf(zh, size, "%d 至 %d 之间的整数", k->min, k->max);
		snprintf(en, size, "a whole number from %d to %d", k->min, k->max);
		return;
	case KT_BOOL:
		snprintf(zh, size, "true 或 false");
		snprintf(en, size, "true or false");
		return;
	case KT_CHOICE: {
		size_t n = 0;
		for (int i = k->min; i <= k->max && n < size; i++)
			n += (size_t)snprintf(zh + n, size - n, "%s%s", i > k->min ? "|" : "",
			                      k->vocab[i].code);
		snprintf(en, size, "%s", zh);
		return;
	}
	case KT_ROLES:
		snprintf(zh, size,
		         "%s%d 至 %d 个不重复的业务角色（clerk, dept_head, leader, principal, "
		         "classifier）",
		         k->min == 0 ? "none 或 " : "", k->min > 0 ? k->min : 1, k->max);
		snprintf(en, size,
		         "%s%d to %d distinct business roles (clerk, dept_head, leader, "
		         "principal, classifier)",
		         k->min == 0 ? "none or " : "", k->min > 0 ? k->min : 1, k->max);
		return;
	case KT_SET: {
		size_t n = 0;
		for (int i = 0; i < k->nvocab && n < size; i++)
			n += (size_t)snprintf(en + n, size - n, "%s%s", i ? "," : "",
			                      k->vocab[i].code);
		snprintf(zh, size, "不重复的取值：%s", en);
		return;
	}
	case KT_DATES:
		snprintf(zh, size, "none 或不重复的 YYYY-MM-DD 日期，最多 %d 个", k->max);
		snprintf(en, size, "none or distinct YYYY-MM-DD dates, at most %d", k->max);
		return;
	case KT_TEXT: break;
	}
	zh[0] = en[0] = '\0';
}

/* Settings that must agree with each other. `lines` maps key index → line (0: default). */
static int check_consistency(const bm_policy *p, const int *lines)
{
	const policy_key *hk = find_key("calendar.workdays", strlen("calendar.workdays"));
	int line = lines[hk - bm_policy_keys];
	const policy_key *ck;

	for (int i = 0; i < p->workdays.n; i++)
		if (bm_date_list_has(&p->holidays, p->workdays.dates[i])) {
			char d[BM_DATE_LEN];
			const policy_key *h =
			        find_key("calendar.holidays", strlen("calendar.holidays"));
			bm_date_format(p->workdays.dates[i], d);
			if (lines[h - bm_policy_keys] > line)
				line = lines[h - bm_policy_keys];
			return bm_error_set(
			        BM_EINVALID, "policy_conflict", "BORROW-2",
			        "策略第 %d 行：日期 %s 不能既是放假日又是调休上班日",
			        "policy line %d: date %s cannot be both a holiday and a make-up "
			        "working day",
			        line, d);
		}
	ck = find_key("circulation.immediate_level", strlen("circulation.immediate_level"));
	if (p->immediate_level < p->same_day_level) {
		line = lines[ck - bm_policy_keys];
		return bm_error_set(BM_EINVALID, "policy_conflict", "CIRC-3",
		                    "策略第 %d 行：'circulation.immediate_level' 不能低于 "
		                    "'circulation.same_day_level'",
		                    "policy line %d: 'circulation.immediate_level' cannot be below "
		                    "'circulation.same_day_level'",
		                    line);
	}
	return 0;
}

/* The error for a value bm_policy_parse_value refused with `prc`. */
static int value_error(const policy_key *k, int lineno, const char *v, size_t vlen, int prc,
                       int floor_bit)
{
	char zh[200], en[200], mzh[BM_ERROR_MSG_MAX], men[BM_ERROR_MSG_MAX];
	int show = (int)(vlen > 60 ? 60 : vlen);
	if (prc == PV_FLOOR)
		return bm_error_set(
		        BM_EINVALID, "policy_below_floor", k->rule,
		        "策略第 %d 行：'%s' 必须包含 '%s'（规章不允许放宽）",
		        "policy line %d: '%s' must include '%s' (the regulations do not "
		        "allow it)",
		        lineno, k->key, k->vocab[floor_bit].code);
	if (prc == PV_TOOMANY)
		return bm_error_set(BM_EINVALID, "policy_too_many_dates", k->rule,
		                    "策略第 %d 行：'%s' 列出 %d 个日期，最多 %d 个",
		                    "policy line %d: '%s' lists %d dates, at most %d", lineno,
		                    k->key, count_items(v, vlen), k->max);
	expected(k, zh, en, sizeof(zh));
	snprintf(mzh, sizeof(mzh), "策略第 %d 行：'%s' 的取值 '%.*s' 无效，应为%s", lineno, k->key,
	         show, v, zh);
	snprintf(men, sizeof(men), "policy line %d: '%s' value '%.*s' is invalid, expected %s",
	         lineno, k->key, show, v, en);
	return bm_error_set_msg(BM_EINVALID,
	                        prc == PV_RANGE ? "policy_out_of_range" : "policy_bad_value",
	                        k->rule, mzh, men);
}

/*
 * One "key = value  # comment" line, s..end without the newline, into `p`;
 * `lines` maps key index → line that set it (a key is set once).
 */
static int parse_line(bm_policy *p, int *lines, int lineno, const char *s, const char *end)
{
	const char *eq, *kend, *v, *hash;
	const policy_key *k;
	size_t vlen;
	int floor_bit = 0, prc;

	if (!(eq = memchr(s, '=', (size_t)(end - s))))
		return bm_error_set(BM_EINVALID, "policy_syntax", "SYS-5", "策略第 %d 行缺少 '='",
		                    "policy line %d has no '='", lineno);
	kend = eq;
	while (kend > s && (kend[-1] == ' ' || kend[-1] == '\t'))
		kend--;
	if (!(k = find_key(s, (size_t)(kend - s))))
		return bm_error_set(BM_EINVALID, "policy_unknown_key", "SYS-5",
		                    "策略第 %d 行：未知设置项 '%.*s'",
		                    "policy line %d: unknown key '%.*s'", lineno, (int)(kend - s),
		                    s);
	if (lines[k - bm_policy_keys])
		return bm_error_set(BM_EINVALID, "policy_duplicate_key", k->rule,
		                    "策略第 %d 行：设置项 '%s' 已在第 %d 行给出",
		                    "policy line %d: key '%s' was already set on line %d", lineno,
		                    k->key, lines[k - bm_policy_keys]);
	lines[k - bm_policy_keys] = lineno;
	v = skip_space(eq + 1, end);
	vlen = (size_t)(end - v);
	if ((hash = memchr(v, '#', vlen)) != NULL)
		vlen = (size_t)(hash - v);
	while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t' || v[vlen - 1] == '\r'))
		vlen--;
	if ((prc = bm_policy_parse_value(k, v, vlen, p, &floor_bit)) != 0)
		return value_error(k, lineno, v, vlen, prc, floor_bit);
	return 0;
}

int bm_policy_parse(bm_policy *out, const char *text)
{
	bm_policy policy, *p = &policy;
	int lines[BM_ARRAY_LEN(bm_policy_keys)] = {0}; /* key index → line that set it */
	const char *line = text ? text : "";
	int lineno = 0, rc;

	bm_policy_defaults(p);
	while (line && *line) {
		const char *eol = strchr(line, '\n');
		const char *end = eol ? eol : line + strlen(line);
		const char *s = skip_space(line, end);

		lineno++;
		if (s != end && *s != '#' && (rc = parse_line(p, lines, lineno, s, end)) != 0)
			return rc;
		line = eol ? eol + 1 : NULL;
	}
	if ((rc = check_consistency(p, lines)) != 0)
		return rc;
	p->version = 0;
	*out = *p;
	return 0;
}

int bm_policy_format(const bm_policy *p, bm_buf *out)
{
	int rc = bm_buf_puts(out, "# baomi unit policy (SYS-5): key = value; see docs/policy.md\n");

	for (size_t i = 0; i < bm_policy_nkeys && rc == 0; i++) {
		const policy_key *k = &bm_policy_keys[i];
		char zh[200], en[200];
		if (!k->key)
			continue;
		expected(k, zh, en, sizeof(zh));
		if ((rc = bm_buf_printf(out, "# %s: %s\n%s = ", k->rule, en, k->key)) != 0)
			break;
		if ((rc = bm_policy_put_value(k, p, out)) != 0)
			break;
		rc = bm_buf_putc(out, '\n');
	}
	return rc;
}
