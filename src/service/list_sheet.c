/*
 * list_sheet.c — the column sets of the registers other than the ledger, the
 * six paper registers, the roster and the 奖惩 register (those have their own
 * writers), and the one function that lays a list's JSON items out by them.
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

#include "model/device.h"
#include "policy/publication.h"
#include "policy/selfcheck.h"
#include "service/list_sheet.h"

typedef enum col_kind {
	C_TEXT,    /* a string, a number, or empty */
	C_SEQ,     /* 序号: 1, 2, … */
	C_BOOL,    /* 是 / 否 */
	C_LEVEL,   /* a level's code → its Chinese name */
	C_MAP,     /* a code → its Chinese name by the column's map */
	C_VOCAB,   /* a code → its Chinese name by a vocabulary of the model */
	C_JOIN,    /* an array of strings (or of objects' "name") joined with 、 */
	C_REVIEWS, /* PUB-1's reviews: "reviewer（通过）：opinion", joined with ； */
	C_CHAIN,   /* a request's approval chain: "zh（已审批|待审批）", joined with → */
} col_kind;

typedef struct col {
	const char *head;            /* the Chinese header */
	const char *key;             /* the item's member; "a.b" a member of a member */
	col_kind kind;               /* how the value is written */
	const char *const *map;      /* C_MAP: code, name, code, name, …, NULL */
	const bm_vocab_entry *vocab; /* C_VOCAB: the vocabulary and its size */
	size_t n_vocab;
} col;

typedef struct sheet_spec {
	const char *which; /* the name the lists use */
	const char *title; /* the register's name: the title row and the sheet's name */
	const col *cols;
	size_t n_cols;
	const char *signature; /* the signature row, or NULL: 制表人 and 审核人 */
} sheet_spec;

#define SEQ                                                                                        \
	{                                                                                          \
		"序号", NULL, C_SEQ, NULL, NULL, 0                                                 \
	}

static const col meetings[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"会议名称", "title", C_TEXT, NULL, NULL, 0},
        {"密级", "level_name", C_TEXT, NULL, NULL, 0},
        {"地点", "place", C_TEXT, NULL, NULL, 0},
        {"开始时间", "starts_at", C_TEXT, NULL, NULL, 0},
        {"结束时间", "ends_at", C_TEXT, NULL, NULL, 0},
        {"组织人", "organiser_name", C_TEXT, NULL, NULL, 0},
        {"参会人数", "participant_count", C_TEXT, NULL, NULL, 0},
        {"发放文件", "document_count", C_TEXT, NULL, NULL, 0},
        {"未收回", "documents_out", C_TEXT, NULL, NULL, 0},
        {"不使用无线话筒", "no_wireless", C_BOOL, NULL, NULL, 0},
        {"手机集中保管", "phones_collected", C_BOOL, NULL, NULL, 0},
        {"会场保密检查", "room_checked", C_BOOL, NULL, NULL, 0},
        {"状态", "status_name", C_TEXT, NULL, NULL, 0},
        {"备注", "note", C_TEXT, NULL, NULL, 0},
};

static const col sites[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"名称", "name", C_TEXT, NULL, NULL, 0},
        {"类别", "kind_name", C_TEXT, NULL, NULL, 0},
        {"所在部门", "department_name", C_TEXT, NULL, NULL, 0},
        {"存放场所", "place_name", C_TEXT, NULL, NULL, 0},
        {"位置", "location", C_TEXT, NULL, NULL, 0},
        {"确定机关", "confirmed_by", C_TEXT, NULL, NULL, 0},
        {"确定日期", "confirmed_on", C_TEXT, NULL, NULL, 0},
        {"确定文件", "confirm_doc", C_TEXT, NULL, NULL, 0},
        {"责任领导", "leader_name", C_TEXT, NULL, NULL, 0},
        {"工作人员数", "staff_count", C_TEXT, NULL, NULL, 0},
        {"准入人数", "access_count", C_TEXT, NULL, NULL, 0},
        {"状态", "status_name", C_TEXT, NULL, NULL, 0},
        {"备注", "note", C_TEXT, NULL, NULL, 0},
};

static const col site_visits[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"要害部门部位", "site_name", C_TEXT, NULL, NULL, 0},
        {"来访人员", "visitor", C_TEXT, NULL, NULL, 0},
        {"来访单位", "organisation", C_TEXT, NULL, NULL, 0},
        {"事由", "reason", C_TEXT, NULL, NULL, 0},
        {"陪同人员", "escort_name", C_TEXT, NULL, NULL, 0},
        {"进入时间", "time_in", C_TEXT, NULL, NULL, 0},
        {"离开时间", "time_out", C_TEXT, NULL, NULL, 0},
};

static const col devices[] = {
        SEQ,
        {"编号", "number", C_TEXT, NULL, NULL, 0},
        {"类别", "kind_zh", C_TEXT, NULL, NULL, 0},
        {"型号", "model", C_TEXT, NULL, NULL, 0},
        {"序列号", "serial", C_TEXT, NULL, NULL, 0},
        {"密级", "level_zh", C_TEXT, NULL, NULL, 0},
        {"责任人", "holder", C_TEXT, NULL, NULL, 0},
        {"使用人", "operator", C_TEXT, NULL, NULL, 0},
        {"放置地点", "place", C_TEXT, NULL, NULL, 0},
        {"加密", "encrypted", C_BOOL, NULL, NULL, 0},
        {"口令更换日期", "password_changed_on", C_TEXT, NULL, NULL, 0},
        {"状态", "status", C_VOCAB, NULL, bm_device_status_names, BM_DEVICE_STATUS_COUNT},
        {"备注", "note", C_TEXT, NULL, NULL, 0},
};

/*
 * DEV-5 with REG-1 (issue 14 point 5): one row per repair. 验收确认 says how
 * the 验收人 confirmed (本人口令确认 and when, 纸质登记簿手签, or, for a repair
 * ended before, 录入姓名（非本人签字）); 验收人签字 is left blank for the pen.
 */
static const col device_repairs[] = {
        SEQ,
        {"设备编号", "number", C_TEXT, NULL, NULL, 0},
        {"类别", "kind_zh", C_TEXT, NULL, NULL, 0},
        {"密级", "level_zh", C_TEXT, NULL, NULL, 0},
        {"责任人", "holder", C_TEXT, NULL, NULL, 0},
        {"送修日期", "started_on", C_TEXT, NULL, NULL, 0},
        {"故障", "fault", C_TEXT, NULL, NULL, 0},
        {"现场维修", "on_site", C_BOOL, NULL, NULL, 0},
        {"存储部件", "storage_zh", C_TEXT, NULL, NULL, 0},
        {"监修人", "supervisor", C_TEXT, NULL, NULL, 0},
        {"维修人员", "technician", C_TEXT, NULL, NULL, 0},
        {"维修单位", "company", C_TEXT, NULL, NULL, 0},
        {"完成日期", "ended_on", C_TEXT, NULL, NULL, 0},
        {"维修结果", "result", C_TEXT, NULL, NULL, 0},
        {"验收人", "checked_by", C_TEXT, NULL, NULL, 0},
        {"验收确认", "acceptance", C_TEXT, NULL, NULL, 0},
        {"验收人签字", "signature", C_TEXT, NULL, NULL, 0},
};

static const col trainings[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"日期", "held_on", C_TEXT, NULL, NULL, 0},
        {"主题", "topic", C_TEXT, NULL, NULL, 0},
        {"学时", "hours", C_TEXT, NULL, NULL, 0},
        {"授课人", "trainer", C_TEXT, NULL, NULL, 0},
        {"参训人数", "attendee_count", C_TEXT, NULL, NULL, 0},
        {"参训人员", "attendees", C_JOIN, NULL, NULL, 0},
        {"签字确认", "signed", C_BOOL, NULL, NULL, 0},
        {"确认时间", "signed_at", C_TEXT, NULL, NULL, 0},
};

static const col inspections[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"检查类别", "kind_name", C_TEXT, NULL, NULL, 0},
        {"检查日期", "held_on", C_TEXT, NULL, NULL, 0},
        {"全单位", "whole_unit", C_BOOL, NULL, NULL, 0},
        {"被检查部门", "department_names", C_JOIN, NULL, NULL, 0},
        {"检查人员", "inspector_names", C_JOIN, NULL, NULL, 0},
        {"检查情况", "summary", C_TEXT, NULL, NULL, 0},
        {"发现问题", "finding_count", C_TEXT, NULL, NULL, 0},
        {"未整改", "open_count", C_TEXT, NULL, NULL, 0},
        {"登记人", "created_by_name", C_TEXT, NULL, NULL, 0},
};

static const col rectifications[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"检查类别", "inspection_kind_name", C_TEXT, NULL, NULL, 0},
        {"检查日期", "inspection_held_on", C_TEXT, NULL, NULL, 0},
        {"存在问题", "finding", C_TEXT, NULL, NULL, 0},
        {"责任部门", "department_name", C_TEXT, NULL, NULL, 0},
        {"责任人", "responsible_name", C_TEXT, NULL, NULL, 0},
        {"整改期限", "deadline", C_TEXT, NULL, NULL, 0},
        {"状态", "status_name", C_TEXT, NULL, NULL, 0},
        {"逾期", "overdue", C_BOOL, NULL, NULL, 0},
        {"整改情况", "report", C_TEXT, NULL, NULL, 0},
        {"报告时间", "reported_at", C_TEXT, NULL, NULL, 0},
        {"复查意见", "follow_up", C_TEXT, NULL, NULL, 0},
        {"复查时间", "followed_at", C_TEXT, NULL, NULL, 0},
};

/* INC-1's kinds (policy/forms.c) and the two states of an incident. */
static const char *const incident_kind[] = {
        "missing", "载体下落不明", "overdue", "逾期未还", "leak", "泄密", "other", "其他", NULL};
static const char *const incident_status[] = {"open", "处理中", "closed", "已结案", NULL};

static const col incidents[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"类别", "kind", C_MAP, incident_kind, NULL, 0},
        {"载体编号", "carrier_id", C_TEXT, NULL, NULL, 0},
        {"密级", "detail.level", C_LEVEL, NULL, NULL, 0},
        {"事件情况", "detail.what", C_TEXT, NULL, NULL, 0},
        {"发现时间", "detail.discovered_at", C_TEXT, NULL, NULL, 0},
        {"报告人", "opened_by_name", C_TEXT, NULL, NULL, 0},
        {"报告时间", "opened_at", C_TEXT, NULL, NULL, 0},
        {"状态", "status", C_MAP, incident_status, NULL, 0},
        {"调查结论", "findings", C_TEXT, NULL, NULL, 0},
        {"结案时间", "closed_at", C_TEXT, NULL, NULL, 0},
};

static const col people[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"姓名", "name", C_TEXT, NULL, NULL, 0},
        {"部门", "department", C_TEXT, NULL, NULL, 0},
        {"涉密等级", "class_zh", C_TEXT, NULL, NULL, 0},
        {"岗位", "post", C_TEXT, NULL, NULL, 0},
        {"状态", "stage_zh", C_TEXT, NULL, NULL, 0},
        {"审查日期", "vetted_on", C_TEXT, NULL, NULL, 0},
        {"承诺书签订", "commitment_on", C_TEXT, NULL, NULL, 0},
        {"本年学时", "year_hours", C_TEXT, NULL, NULL, 0},
        {"最近培训", "last_training", C_TEXT, NULL, NULL, 0},
        {"离岗日期", "left_on", C_TEXT, NULL, NULL, 0},
        {"脱密期至", "decl_until", C_TEXT, NULL, NULL, 0},
};

/*
 * PUB-1, PUB-2: the register of what was filed for publication review — a
 * `publish` request (GET /publications): what, where, who publishes, the
 * named reviewers and each one's opinion, the approval and the release.
 */
static const col publications[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"标题", "params.title", C_TEXT, NULL, NULL, 0},
        {"发布渠道", "params.channel", C_VOCAB, NULL, bm_pub_channel_names, BM_PUB_CHANNEL_COUNT},
        {"拟公开内容", "params.text", C_TEXT, NULL, NULL, 0},
        {"附件", "params.attachment", C_TEXT, NULL, NULL, 0},
        {"承办部门", "params.department", C_TEXT, NULL, NULL, 0},
        {"发布人", "params.publisher", C_TEXT, NULL, NULL, 0},
        {"提交时间", "created_at", C_TEXT, NULL, NULL, 0},
        {"审查人", "params.reviewers", C_JOIN, NULL, NULL, 0},
        {"审查意见", "params.reviews", C_REVIEWS, NULL, NULL, 0},
        {"状态", "status.zh", C_TEXT, NULL, NULL, 0},
        {"批准时间", "decided_at", C_TEXT, NULL, NULL, 0},
        {"发布时间", "params.release.at", C_TEXT, NULL, NULL, 0},
        {"发布位置", "params.release.where", C_TEXT, NULL, NULL, 0},
};

/*
 * REG-3: the register of personal letters (领导亲启, GET /letters): the sealed
 * envelope as logged, its opening by the addressee, the contents registered.
 * 密级: the contents' highest level once registered, else what is known.
 */
static const col letters[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"收到日期", "received_on", C_TEXT, NULL, NULL, 0},
        {"来信方", "sender", C_TEXT, NULL, NULL, 0},
        {"收信人", "addressee_name", C_TEXT, NULL, NULL, 0},
        {"密级", "level_zh", C_TEXT, NULL, NULL, 0},
        {"登记人", "logged_by_name", C_TEXT, NULL, NULL, 0},
        {"登记时间", "logged_at", C_TEXT, NULL, NULL, 0},
        {"状态", "status_name", C_TEXT, NULL, NULL, 0},
        {"拆封时间", "opened_at", C_TEXT, NULL, NULL, 0},
        {"有涉密内容", "classified", C_BOOL, NULL, NULL, 0},
        {"拆封说明", "open_note", C_TEXT, NULL, NULL, 0},
        {"内容登记时间", "registered_at", C_TEXT, NULL, NULL, 0},
        {"载体编号", "carrier_ids", C_JOIN, NULL, NULL, 0},
        {"备注", "note", C_TEXT, NULL, NULL, 0},
};

/* INV-1..4: the counts held (GET /counts), each with its closed result's figures. */
static const char *const count_scope[] = {"unit",      "全单位", "department", "部门",
                                          "custodian", "保管人", NULL};

static const col counts[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"清查范围", "scope", C_MAP, count_scope, NULL, 0},
        {"范围", "scope_name", C_TEXT, NULL, NULL, 0},
        {"事由", "reason", C_TEXT, NULL, NULL, 0},
        {"发起人", "started_by_name", C_TEXT, NULL, NULL, 0},
        {"开始时间", "started_at", C_TEXT, NULL, NULL, 0},
        {"结束时间", "closed_at", C_TEXT, NULL, NULL, 0},
        {"状态", "status_name", C_TEXT, NULL, NULL, 0},
        {"应有", "expected", C_TEXT, NULL, NULL, 0},
        {"找到", "found", C_TEXT, NULL, NULL, 0},
        {"下落不明", "missing", C_TEXT, NULL, NULL, 0},
        {"在外", "out", C_TEXT, NULL, NULL, 0},
        {"附件不全", "incomplete", C_TEXT, NULL, NULL, 0},
        {"账外", "unexpected", C_TEXT, NULL, NULL, 0},
        {"件件有着落", "accounted", C_BOOL, NULL, NULL, 0},
        {"事件编号", "incident_id", C_TEXT, NULL, NULL, 0},
};

/*
 * PERSON-6: each person's training hours of the year (GET /trainings/summary),
 * the year's required hours in the title row.
 */
static const col training_hours[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"姓名", "name", C_TEXT, NULL, NULL, 0},
        {"部门", "department", C_TEXT, NULL, NULL, 0},
        {"涉密等级", "class", C_VOCAB, NULL, bm_class_names, BM_CLASS_COUNT},
        {"本年学时", "hours", C_TEXT, NULL, NULL, 0},
        {"学时不足", "short", C_BOOL, NULL, NULL, 0},
};

/* INSP-4: the self-assessments of the years (GET /self-assessments). */
static const char *const sa_status[] = {
        "open", "进行中", "clerk_signed", "保密员已签字", "signed", "已签字归档", NULL};

static const col self_assessments[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"年度", "year", C_TEXT, NULL, NULL, 0},
        {"状态", "status", C_MAP, sa_status, NULL, 0},
        {"开展人", "started_by_name", C_TEXT, NULL, NULL, 0},
        {"开展时间", "started_at", C_TEXT, NULL, NULL, 0},
        {"检查项目", "items_total", C_TEXT, NULL, NULL, 0},
        {"已答复", "items_answered", C_TEXT, NULL, NULL, 0},
        {"不符合项", "findings", C_TEXT, NULL, NULL, 0},
        {"保密员签字", "clerk_name", C_TEXT, NULL, NULL, 0},
        {"保密员签字时间", "clerk_signed_at", C_TEXT, NULL, NULL, 0},
        {"分管领导签字", "leader_name", C_TEXT, NULL, NULL, 0},
        {"领导签字时间", "leader_signed_at", C_TEXT, NULL, NULL, 0},
};

/*
 * INSP-4: one year's checklist (GET /self-assessments/{id}): each item, the
 * rule it answers to, the records the answer rests on, the answer and, for a
 * 不符合, its notice (INSP-2).
 */
static const col self_assessment[] = {
        SEQ,
        {"检查项目", "title_zh", C_TEXT, NULL, NULL, 0},
        {"依据", "rule", C_TEXT, NULL, NULL, 0},
        {"相关记录数", "evidence_count", C_TEXT, NULL, NULL, 0},
        {"相关记录编号", "evidence.ids", C_JOIN, NULL, NULL, 0},
        {"自评结果", "answer", C_VOCAB, NULL, bm_sa_answer_names, BM_SA_ANSWER_COUNT},
        {"说明", "note", C_TEXT, NULL, NULL, 0},
        {"整改部门", "department", C_TEXT, NULL, NULL, 0},
        {"整改期限", "deadline", C_TEXT, NULL, NULL, 0},
        {"整改通知编号", "rectification_id", C_TEXT, NULL, NULL, 0},
        {"答复人", "answered_by_name", C_TEXT, NULL, NULL, 0},
        {"答复时间", "answered_at", C_TEXT, NULL, NULL, 0},
};

/* ORG-2: the reports delivered to the leadership (GET /reports/deliveries). */
static const char *const report_kind[] = {"monthly", "保密工作月报", "yearly", "保密工作年度统计",
                                          NULL};

static const col report_deliveries[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"报告", "kind", C_MAP, report_kind, NULL, 0},
        {"报告期", "period", C_TEXT, NULL, NULL, 0},
        {"报送日期", "delivered_on", C_TEXT, NULL, NULL, 0},
        {"报送对象", "to_name", C_TEXT, NULL, NULL, 0},
        {"报送人", "by_name", C_TEXT, NULL, NULL, 0},
        {"报告摘要（SM3）", "digest", C_TEXT, NULL, NULL, 0},
        {"备注", "note", C_TEXT, NULL, NULL, 0},
        {"登记时间", "recorded_at", C_TEXT, NULL, NULL, 0},
};

/* KEEP-6: what is out at the desk (GET /desk/out), overdue marked. */
static const char *const loan_kind[] = {
        "borrow",      "借阅", "read_on_site", "查阅",     "take_out", "携带外出",
        "circulation", "传阅", "meeting",      "会议分发", NULL};

static const col desk_out[] = {
        SEQ,
        {"载体编号", "carrier_id", C_TEXT, NULL, NULL, 0},
        {"标题", "carrier_title", C_TEXT, NULL, NULL, 0},
        {"密级", "level", C_LEVEL, NULL, NULL, 0},
        {"方式", "kind", C_MAP, loan_kind, NULL, 0},
        {"持有人", "holder", C_TEXT, NULL, NULL, 0},
        {"借出时间", "issued_at", C_TEXT, NULL, NULL, 0},
        {"应还时间", "due_at", C_TEXT, NULL, NULL, 0},
        {"地点", "place", C_TEXT, NULL, NULL, 0},
        {"去向", "destination", C_TEXT, NULL, NULL, 0},
        {"事由", "purpose", C_TEXT, NULL, NULL, 0},
        {"审批单编号", "request_id", C_TEXT, NULL, NULL, 0},
        {"逾期", "overdue", C_BOOL, NULL, NULL, 0},
};

/* The requests (GET /requests) as filtered: what was asked, by whom, how it stands. */
static const col requests[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"事项", "op.zh", C_TEXT, NULL, NULL, 0},
        {"申请人", "requester", C_TEXT, NULL, NULL, 0},
        {"密级", "level.zh", C_TEXT, NULL, NULL, 0},
        {"事由", "reason", C_TEXT, NULL, NULL, 0},
        {"依据", "rule", C_TEXT, NULL, NULL, 0},
        {"载体编号", "carrier_ids", C_JOIN, NULL, NULL, 0},
        {"审批环节", "chain", C_CHAIN, NULL, NULL, 0},
        {"状态", "status.zh", C_TEXT, NULL, NULL, 0},
        {"提交时间", "created_at", C_TEXT, NULL, NULL, 0},
        {"审批时间", "decided_at", C_TEXT, NULL, NULL, 0},
        {"办理时间", "executed_at", C_TEXT, NULL, NULL, 0},
};

/*
 * PERSON-8: the register of trips abroad (GET /people/trips/register): each
 * trip with its traveller's class, the briefing, the approvals, the
 * departure and the report back; the filter in the title row.
 */
static const char *const trip_status[] = {"pending", "待审批",   "approved", "已批准", "departed",
                                          "已出行",  "reported", "已报告",   NULL};

static const col trips[] = {
        SEQ,
        {"编号", "id", C_TEXT, NULL, NULL, 0},
        {"姓名", "person_name", C_TEXT, NULL, NULL, 0},
        {"部门", "department", C_TEXT, NULL, NULL, 0},
        {"涉密等级", "person_class", C_VOCAB, NULL, bm_class_names, BM_CLASS_COUNT},
        {"前往国家（地区）", "destination", C_TEXT, NULL, NULL, 0},
        {"事由", "purpose", C_TEXT, NULL, NULL, 0},
        {"出发日期", "depart_on", C_TEXT, NULL, NULL, 0},
        {"返回日期", "return_on", C_TEXT, NULL, NULL, 0},
        {"行前保密教育", "briefed_on", C_TEXT, NULL, NULL, 0},
        {"审批人", "approved_by", C_TEXT, NULL, NULL, 0},
        {"状态", "status", C_MAP, trip_status, NULL, 0},
        {"实际出行日期", "departed_on", C_TEXT, NULL, NULL, 0},
        {"应报告日期", "report_due", C_TEXT, NULL, NULL, 0},
        {"回国报告日期", "reported_on", C_TEXT, NULL, NULL, 0},
        {"报告情况", "report_note", C_TEXT, NULL, NULL, 0},
        {"逾期未报告", "unreported", C_BOOL, NULL, NULL, 0},
};

#define SPEC(w, t, c)                                                                              \
	{                                                                                          \
		w, t, c, BM_ARRAY_LEN(c), NULL                                                     \
	}
static const sheet_spec specs[] = {
        SPEC("meetings", "涉密会议登记簿", meetings),
        SPEC("sites", "要害部门部位登记表", sites),
        SPEC("site-visits", "要害部门部位出入登记簿", site_visits),
        SPEC("devices", "涉密设备台账", devices),
        SPEC("device-repairs", "涉密设备维修登记簿", device_repairs),
        SPEC("trainings", "保密教育培训登记表", trainings),
        SPEC("inspections", "保密检查登记表", inspections),
        SPEC("rectifications", "整改通知登记表", rectifications),
        SPEC("incidents", "失泄密事件登记表", incidents),
        SPEC("people", "涉密人员登记表", people),
        SPEC("publications", "信息公开保密审查登记表", publications),
        SPEC("letters", "领导亲启信件登记簿", letters),
        SPEC("counts", "涉密载体清查登记表", counts),
        SPEC("training-hours", "保密教育培训学时统计表", training_hours),
        SPEC("self-assessments", "保密自查自评登记表", self_assessments),
        {"self-assessment", "保密自查自评表", self_assessment, BM_ARRAY_LEN(self_assessment),
         "保密员（签字）：　　　　　　　　分管领导（签字）：　　　　　　　　"
         "日期：　　　　年　　月　　日"},
        SPEC("report-deliveries", "保密工作报告报送登记表", report_deliveries),
        SPEC("desk-out", "涉密载体在外登记表", desk_out),
        SPEC("requests", "审批事项登记表", requests),
        SPEC("trips", "涉密人员出国（境）登记表", trips),
};

static const sheet_spec *find_spec(const char *which)
{
	for (size_t i = 0; which && i < BM_ARRAY_LEN(specs); i++)
		if (strcmp(specs[i].which, which) == 0)
			return &specs[i];
	return NULL;
}

bool bm_list_sheet_known(const char *which)
{
	return find_spec(which) != NULL;
}

/* The member `key` of `o` ("a.b": b of a). */
static const json_t *member(const json_t *o, const char *key)
{
	const char *dot = strchr(key, '.');
	char head[64];
	if (!dot)
		return json_object_get(o, key);
	if ((size_t)(dot - key) >= sizeof(head))
		return NULL;
	memcpy(head, key, (size_t)(dot - key));
	head[dot - key] = '\0';
	return member(json_object_get(o, head), dot + 1);
}

/* A scalar as text (NULL when absent or null). */
static const char *scalar(bm_arena *a, const json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return bm_arena_printf(a, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return bm_arena_printf(a, "%g", json_real_value(v));
	if (json_is_boolean(v))
		return json_is_true(v) ? "是" : "否";
	return NULL;
}

static const char *joined(bm_ctx *ctx, const json_t *arr)
{
	bm_buf b;
	const char *out;
	size_t i;
	const json_t *e;
	bm_buf_init(&b, 1u << 20);
	json_array_foreach(arr, i, e)
	{
		const char *s =
		        scalar(ctx->arena, json_is_object(e) ? json_object_get(e, "name") : e);
		if (!s || !*s)
			continue;
		if ((b.len && bm_buf_puts(&b, "、") != 0) || bm_buf_puts(&b, s) != 0)
			break;
	}
	out = bm_buf_putc(&b, '\0') == 0 ? bm_arena_strdup(ctx->arena, b.ptr) : NULL;
	bm_buf_release(&b);
	return out;
}

/* PUB-1's reviews, each "reviewer（通过|不通过）：opinion", joined with ；. */
static const char *reviews(bm_ctx *ctx, const json_t *arr)
{
	bm_buf b;
	const char *out;
	size_t i;
	const json_t *e;
	bm_buf_init(&b, 1u << 20);
	json_array_foreach(arr, i, e)
	{
		const char *who = scalar(ctx->arena, json_object_get(e, "reviewer"));
		const char *what = scalar(ctx->arena, json_object_get(e, "opinion"));
		const char *res = json_is_true(json_object_get(e, "passed")) ? "通过" : "不通过";
		if ((b.len && bm_buf_puts(&b, "；") != 0) || bm_buf_puts(&b, who ? who : "") != 0 ||
		    bm_buf_puts(&b, "（") != 0 || bm_buf_puts(&b, res) != 0 ||
		    bm_buf_puts(&b, "）") != 0 || (what && *what && bm_buf_puts(&b, "：") != 0) ||
		    (what && bm_buf_puts(&b, what) != 0))
			break;
	}
	out = bm_buf_putc(&b, '\0') == 0 ? bm_arena_strdup(ctx->arena, b.ptr) : NULL;
	bm_buf_release(&b);
	return out;
}

/* A request's approval chain, each step "分管领导（已审批）", joined with →. */
static const char *chain(bm_ctx *ctx, const json_t *arr)
{
	bm_buf b;
	const char *out;
	size_t i;
	const json_t *e;
	bm_buf_init(&b, 1u << 20);
	json_array_foreach(arr, i, e)
	{
		const char *who = scalar(ctx->arena, json_object_get(e, "zh"));
		const char *st =
		        json_is_true(json_object_get(e, "done")) ? "（已审批）" : "（待审批）";
		if ((b.len && bm_buf_puts(&b, "→") != 0) || bm_buf_puts(&b, who ? who : "") != 0 ||
		    bm_buf_puts(&b, st) != 0)
			break;
	}
	out = bm_buf_putc(&b, '\0') == 0 ? bm_arena_strdup(ctx->arena, b.ptr) : NULL;
	bm_buf_release(&b);
	return out;
}

static const char *cell(bm_ctx *ctx, const col *c, const json_t *item, size_t seq)
{
	const json_t *v = c->key ? member(item, c->key) : NULL;
	const char *s;
	int lv;
	switch (c->kind) {
	case C_SEQ: return bm_arena_printf(ctx->arena, "%zu", seq);
	case C_BOOL: return json_is_boolean(v) ? (json_is_true(v) ? "是" : "否") : "";
	case C_JOIN:
		if (json_is_array(v))
			return joined(ctx, v);
		break;
	case C_REVIEWS:
		if (json_is_array(v))
			return reviews(ctx, v);
		break;
	case C_CHAIN:
		if (json_is_array(v))
			return chain(ctx, v);
		break;
	case C_LEVEL:
		s = scalar(ctx->arena, v);
		lv = s ? bm_level_parse(s) : -1;
		return lv >= 0 ? bm_level_names[lv].zh : (s ? s : "");
	case C_MAP:
		s = scalar(ctx->arena, v);
		for (size_t i = 0; s && c->map[i]; i += 2)
			if (strcmp(c->map[i], s) == 0)
				return c->map[i + 1];
		return s ? s : "";
	case C_VOCAB:
		s = scalar(ctx->arena, v);
		lv = s ? bm_vocab_find(c->vocab, c->n_vocab, s) : -1;
		return lv >= 0 ? c->vocab[lv].zh : (s ? s : "");
	case C_TEXT: break;
	}
	s = scalar(ctx->arena, v);
	return s ? s : "";
}

int bm_svc_list_sheet(bm_ctx *ctx, const char *which, const char *range, const json_t *items,
                      bm_sheet_format format, bm_buf *out)
{
	const sheet_spec *sp = find_spec(which);
	const char *cells[32];
	bm_xlsx_meta meta;
	bm_sheet sheet;
	size_t i;
	const json_t *item;
	int rc;
	if (!sp || sp->n_cols > BM_ARRAY_LEN(cells))
		return bm_error_set(BM_EINVALID, "invalid_parameter", NULL, "未知的登记表：'%s'",
		                    "unknown register: '%s'", which ? which : "");
	bm_svc_sheet_meta(ctx, sp->title, range, &meta);
	if (sp->signature)
		meta.signature = sp->signature;
	for (size_t c = 0; c < sp->n_cols; c++)
		cells[c] = sp->cols[c].head;
	if ((rc = bm_sheet_begin(&sheet, format, &meta, out)) == 0)
		rc = bm_sheet_row(&sheet, cells, sp->n_cols);
	json_array_foreach(items, i, item)
	{
		if (rc != 0)
			break;
		for (size_t c = 0; c < sp->n_cols; c++)
			if (!(cells[c] = cell(ctx, &sp->cols[c], item, i + 1)))
				rc = bm_error_nomem();
		if (rc == 0)
			rc = bm_sheet_row(&sheet, cells, sp->n_cols);
	}
	if (rc == 0)
		rc = bm_sheet_end(&sheet);
	bm_sheet_discard(&sheet);
	return rc;
}
