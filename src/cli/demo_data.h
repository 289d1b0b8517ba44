/*
 * demo_data.h — the tables `baomi demo` builds its unit from (cmd_demo.c only).
 *
 * A municipal education bureau: its departments, people, storage places, the
 * bodies that send it documents and the subjects of those documents. The
 * generator combines them with a fixed pseudo-random sequence, so every run
 * produces the same ledger relative to "now".
 */
#ifndef BM_DEMO_DATA_H
#define BM_DEMO_DATA_H

#include "model/vocab.h"

#define DEMO_PASSWORD      "Baomi@2026demo"
#define DEMO_UNIT          "示范市教育体育局"
#define DEMO_SYSADMIN_NAME "王建国"

/* Departments; the index is used by the other tables. */
enum {
	D_OFFICE = 0, /* 办公室 (机要室 inside it) */
	D_PERSONNEL,
	D_FINANCE,
	D_SCHOOLS,
	D_SECURITY,
	D_IT,
	D_COUNT
};

static const struct demo_department {
	const char *name;
	const char *code;
	const char *head; /* username of the department head (dept_head@name) */
	const char *safe; /* the department's own storage place */
} demo_departments[D_COUNT] = {
        [D_OFFICE] = {"办公室", "BGS", "zhouwei", "机要室保密柜（二号）"},
        [D_PERSONNEL] = {"人事科", "RSK", "wufang", "人事科保密柜"},
        [D_FINANCE] = {"财务科", "CWK", "zhengqiang", "财务科保密柜"},
        [D_SCHOOLS] = {"基础教育科", "JJK", "huangmin", "基础教育科保密柜"},
        [D_SECURITY] = {"安全保卫科", "AWK", "xujun", "安全保卫科保密柜"},
        [D_IT] = {"信息中心", "XXZX", "majie", "信息中心涉密介质柜"},
};

/*
 * People. The system administrator creates every account (roles: only
 * "secadmin"/"auditor", SYS-1); the security administrator then grants
 * class, business roles and the commitment date (PERSON-1..3).
 */
static const struct demo_person {
	const char *username; /* NULL = no login account */
	const char *name;
	int department;           /* D_*, or -1 = none (the bureau's leaders) */
	const char *admin_role;   /* "secadmin", "auditor" or NULL */
	bool temporary;           /* PERSON-3 */
	const char *person_class; /* NULL = no grant */
	const char *roles;        /* business roles; "@" is followed by the department name */
	bool commitment;          /* PERSON-2: signed a commitment */
	const char *post;         /* 职务, shown in the summary */
	const char *post_en;
} demo_people[] = {
        {"secadmin", "李秀英", D_SECURITY, "secadmin", false, NULL, NULL, false, "安全保密管理员",
         "security administrator"},
        {"auditor", "张丽华", D_OFFICE, "auditor", false, NULL, NULL, false, "安全审计员",
         "audit administrator"},
        {"clerk", "陈静", D_OFFICE, NULL, false, "core", "clerk", true, "机要保密员",
         "secrecy clerk"},
        {"principal", "赵立军", -1, NULL, false, "core", "principal", true, "局长（主要领导）",
         "director (principal leader)"},
        {"leader", "刘志强", -1, NULL, false, "core", "leader", true, "副局长（分管保密工作）",
         "deputy director (supervising leader)"},
        {"classifier", "孙海明", -1, NULL, false, "core", "classifier", true,
         "副局长（定密责任人）", "deputy director (classification authority)"},
        {"zhouwei", "周伟", D_OFFICE, NULL, false, "important", "dept_head@办公室", true,
         "办公室主任", "head of the general office"},
        {"wufang", "吴芳", D_PERSONNEL, NULL, false, "important", "dept_head@人事科", true,
         "人事科科长", "head of personnel"},
        {"zhengqiang", "郑强", D_FINANCE, NULL, false, "important", "dept_head@财务科", true,
         "财务科科长", "head of finance"},
        {"huangmin", "黄敏", D_SCHOOLS, NULL, false, "important", "dept_head@基础教育科", true,
         "基础教育科科长", "head of basic education"},
        {"xujun", "徐军", D_SECURITY, NULL, false, "important", "dept_head@安全保卫科", true,
         "安全保卫科科长", "head of security"},
        {"majie", "马杰", D_IT, NULL, false, "important", "dept_head@信息中心", true,
         "信息中心主任", "head of the IT centre"},
        {"staff", "杨帆", D_SCHOOLS, NULL, false, "general", "staff", true, "基础教育科科员",
         "basic education officer"},
        {"hulin", "胡琳", D_SCHOOLS, NULL, false, "important", "staff", true, "基础教育科考务专干",
         "examination officer"},
        {"guoyang", "郭洋", D_PERSONNEL, NULL, false, "general", "staff", true, "人事科科员",
         "personnel officer"},
        /* PERSON-2: classed but no signed commitment yet, so no clearance. */
        {"linxue", "林雪", D_FINANCE, NULL, false, "general", "staff", false,
         "财务科科员（未签保密承诺书）", "finance officer (no commitment signed)"},
        {"heping", "何平", D_IT, NULL, false, "general", "staff", true, "信息中心网络管理员",
         "network administrator"},
        {"inspector", "高志远", D_SECURITY, NULL, false, "important", "inspector", true,
         "保密检查员", "inspector"},
        /* PERSON-3: a temporary hire holds no classified post. */
        {"liuxiao", "刘晓", D_OFFICE, NULL, true, NULL, NULL, false, "办公室临时聘用人员",
         "temporary hire"},
        /* PERSON-4: moved off her classified post; in the 脱密期 (baomi demo's people step). */
        {"sunli", "孙丽", D_FINANCE, NULL, false, "important", NULL, true,
         "财务科（原会计，脱密期）", "finance (former accountant, declassification period)"},
        /* A driver without a login account. */
        {NULL, "钱卫东", D_OFFICE, NULL, false, NULL, NULL, false, "驾驶员（无账户）",
         "driver (no account)"},
};

/* Storage places (KEEP-1): 机密 and above only in a safe. */
enum { P_SAFE_TOP = 0, P_SAFE_OFFICE, P_ROOM_EXAM, P_CABINET, P_MEDIA };

static const struct demo_place {
	const char *name;
	const char *kind;
	const char *max_level;
	int department;
} demo_places[] = {
        [P_SAFE_TOP] = {"机要室保密柜（一号）", "safe", "top_secret", D_OFFICE},
        [P_SAFE_OFFICE] = {"机要室保密柜（二号）", "safe", "secret", D_OFFICE},
        [P_ROOM_EXAM] = {"考试保密室", "room", "confidential", D_SCHOOLS},
        [P_CABINET] = {"档案室文件柜", "cabinet", "internal", D_OFFICE},
        [P_MEDIA] = {"信息中心涉密介质柜", "safe", "secret", D_IT},
        {"人事科保密柜", "safe", "secret", D_PERSONNEL},
        {"财务科保密柜", "safe", "confidential", D_FINANCE},
        {"基础教育科保密柜", "safe", "secret", D_SCHOOLS},
        {"安全保卫科保密柜", "safe", "secret", D_SECURITY},
};

/* Bodies that send the bureau documents, with their document-number prefix. */
enum {
	I_PROV_EDU = 0,
	I_PROV_EXAM,
	I_CITY_PARTY,
	I_CITY_GOV,
	I_CITY_SECRECY,
	I_PROV_ORG,
	I_CITY_ORG,
	I_CITY_POLICE,
	I_CITY_FINANCE,
	I_COUNT
};

static const struct demo_issuer {
	const char *name;
	const char *prefix; /* 文号: prefix〔year〕N号 */
} demo_issuers[I_COUNT] = {
        [I_PROV_EDU] = {"省教育厅", "教发"},         [I_PROV_EXAM] = {"省教育考试院", "考院发"},
        [I_CITY_PARTY] = {"市委办公室", "市委办发"}, [I_CITY_GOV] = {"市政府办公室", "市政办发"},
        [I_CITY_SECRECY] = {"市保密局", "保密"},     [I_PROV_ORG] = {"省委组织部", "组通字"},
        [I_CITY_ORG] = {"市委组织部", "市组发"},     [I_CITY_POLICE] = {"市公安局", "公治"},
        [I_CITY_FINANCE] = {"市财政局", "财教"},
};

/*
 * Subjects of incoming documents. The title is `pre`, or `pre` YEAR `post`
 * when `post` is set. Levels are drawn in [min, max]; `event` is a
 * declassification condition used for some classified copies (LEVEL-8).
 * Issuers list up to three I_* values, -1 terminated.
 */
static const struct demo_subject {
	const char *pre;
	const char *post;
	bm_level min, max;
	int department;
	int issuers[3];
	bm_kind kind;
	const char *event;
	int weight;
} demo_subjects[] = {
        {"关于做好",
         "年普通高考试题安全保密工作的通知",
         BM_LEVEL_CONFIDENTIAL,
         BM_LEVEL_SECRET,
         D_SCHOOLS,
         {I_PROV_EDU, I_PROV_EXAM, -1},
         BM_KIND_PAPER,
         "考试结束后",
         8},
        {"关于开展保密自查自评工作的通知",
         NULL,
         BM_LEVEL_PUBLIC,
         BM_LEVEL_INTERNAL,
         D_OFFICE,
         {I_CITY_SECRECY, I_CITY_PARTY, -1},
         BM_KIND_PAPER,
         NULL,
         6},
        {"",
         "年中考命题人员名单",
         BM_LEVEL_SECRET,
         BM_LEVEL_SECRET,
         D_SCHOOLS,
         {I_PROV_EXAM, -1},
         BM_KIND_PAPER,
         "考试结束后",
         4},
        {"",
         "年中考试题及参考答案",
         BM_LEVEL_TOP_SECRET,
         BM_LEVEL_TOP_SECRET,
         D_SCHOOLS,
         {I_PROV_EXAM, -1},
         BM_KIND_PAPER,
         "考试结束后",
         3},
        {"",
         "年普通高考备用试题及评分参考",
         BM_LEVEL_TOP_SECRET,
         BM_LEVEL_TOP_SECRET,
         D_SCHOOLS,
         {I_PROV_EXAM, -1},
         BM_KIND_PAPER,
         "考试结束后",
         2},
        {"",
         "年普通高考考试安全应急预案",
         BM_LEVEL_CONFIDENTIAL,
         BM_LEVEL_SECRET,
         D_SCHOOLS,
         {I_PROV_EXAM, I_PROV_EDU, -1},
         BM_KIND_PAPER,
         "考试结束后",
         5},
        {"关于加强考试安全保密管理的通知",
         NULL,
         BM_LEVEL_INTERNAL,
         BM_LEVEL_CONFIDENTIAL,
         D_SCHOOLS,
         {I_PROV_EDU, I_PROV_EXAM, -1},
         BM_KIND_PAPER,
         NULL,
         5},
        {"干部任免审批表",
         NULL,
         BM_LEVEL_CONFIDENTIAL,
         BM_LEVEL_SECRET,
         D_PERSONNEL,
         {I_CITY_ORG, I_PROV_ORG, -1},
         BM_KIND_PAPER,
         NULL,
         5},
        {"",
         "年教育经费预算草案",
         BM_LEVEL_INTERNAL,
         BM_LEVEL_CONFIDENTIAL,
         D_FINANCE,
         {I_CITY_FINANCE, I_CITY_GOV, -1},
         BM_KIND_PAPER,
         NULL,
         4},
        {"",
         "年度涉密人员审查情况报告",
         BM_LEVEL_INTERNAL,
         BM_LEVEL_CONFIDENTIAL,
         D_PERSONNEL,
         {I_CITY_SECRECY, I_CITY_ORG, -1},
         BM_KIND_PAPER,
         NULL,
         3},
        {"市委常委会会议纪要",
         NULL,
         BM_LEVEL_CONFIDENTIAL,
         BM_LEVEL_SECRET,
         D_OFFICE,
         {I_CITY_PARTY, -1},
         BM_KIND_PAPER,
         NULL,
         5},
        {"市政府常务会议纪要",
         NULL,
         BM_LEVEL_INTERNAL,
         BM_LEVEL_CONFIDENTIAL,
         D_OFFICE,
         {I_CITY_GOV, -1},
         BM_KIND_PAPER,
         NULL,
         4},
        {"关于加强机密级考试试卷保管工作的通知",
         NULL,
         BM_LEVEL_CONFIDENTIAL,
         BM_LEVEL_SECRET,
         D_SCHOOLS,
         {I_PROV_EXAM, I_PROV_EDU, -1},
         BM_KIND_PAPER,
         NULL,
         3},
        {"关于印发《国家秘密载体管理实施细则》的通知",
         NULL,
         BM_LEVEL_INTERNAL,
         BM_LEVEL_INTERNAL,
         D_OFFICE,
         {I_CITY_SECRECY, -1},
         BM_KIND_PAPER,
         NULL,
         2},
        {"关于开展",
         "年全国保密宣传教育月活动的通知",
         BM_LEVEL_PUBLIC,
         BM_LEVEL_PUBLIC,
         D_OFFICE,
         {I_CITY_SECRECY, I_CITY_PARTY, -1},
         BM_KIND_PAPER,
         NULL,
         3},
        {"关于做好",
         "年普通高校招生录取工作的通知",
         BM_LEVEL_PUBLIC,
         BM_LEVEL_INTERNAL,
         D_SCHOOLS,
         {I_PROV_EDU, I_PROV_EXAM, -1},
         BM_KIND_PAPER,
         NULL,
         3},
        {"关于",
         "年度保密工作检查情况的通报",
         BM_LEVEL_INTERNAL,
         BM_LEVEL_CONFIDENTIAL,
         D_OFFICE,
         {I_CITY_SECRECY, -1},
         BM_KIND_PAPER,
         NULL,
         3},
        {"全市教育系统安全稳定形势分析报告",
         NULL,
         BM_LEVEL_CONFIDENTIAL,
         BM_LEVEL_CONFIDENTIAL,
         D_SECURITY,
         {I_CITY_PARTY, I_CITY_POLICE, -1},
         BM_KIND_PAPER,
         NULL,
         3},
        {"重大活动安保工作方案",
         NULL,
         BM_LEVEL_CONFIDENTIAL,
         BM_LEVEL_SECRET,
         D_SECURITY,
         {I_CITY_POLICE, -1},
         BM_KIND_PAPER,
         "活动结束后",
         3},
        {"关于",
         "年国家教育考试考务人员选派工作的通知",
         BM_LEVEL_CONFIDENTIAL,
         BM_LEVEL_CONFIDENTIAL,
         D_SCHOOLS,
         {I_PROV_EXAM, -1},
         BM_KIND_PAPER,
         "考试结束后",
         3},
        {"机密文件清退目录",
         NULL,
         BM_LEVEL_SECRET,
         BM_LEVEL_SECRET,
         D_OFFICE,
         {I_CITY_PARTY, I_CITY_SECRECY, -1},
         BM_KIND_PAPER,
         NULL,
         2},
        {"党政领导干部年度考核材料",
         NULL,
         BM_LEVEL_SECRET,
         BM_LEVEL_SECRET,
         D_PERSONNEL,
         {I_CITY_ORG, I_PROV_ORG, -1},
         BM_KIND_PAPER,
         NULL,
         2},
        {"关于开展",
         "年度涉密载体清查工作的通知",
         BM_LEVEL_INTERNAL,
         BM_LEVEL_INTERNAL,
         D_OFFICE,
         {I_CITY_SECRECY, -1},
         BM_KIND_PAPER,
         NULL,
         3},
        {"校园安全隐患排查整治情况通报",
         NULL,
         BM_LEVEL_PUBLIC,
         BM_LEVEL_PUBLIC,
         D_SECURITY,
         {I_CITY_GOV, I_CITY_POLICE, -1},
         BM_KIND_PAPER,
         NULL,
         3},
        {"招生考试网络安全防护方案",
         NULL,
         BM_LEVEL_CONFIDENTIAL,
         BM_LEVEL_CONFIDENTIAL,
         D_IT,
         {I_PROV_EXAM, -1},
         BM_KIND_PAPER,
         NULL,
         2},
        {"关于做好",
         "年教师招聘考试命题保密工作的通知",
         BM_LEVEL_CONFIDENTIAL,
         BM_LEVEL_CONFIDENTIAL,
         D_PERSONNEL,
         {I_CITY_ORG, -1},
         BM_KIND_PAPER,
         "考试结束后",
         2},
        {"关于开展保密法治宣传教育的通知",
         NULL,
         BM_LEVEL_PUBLIC,
         BM_LEVEL_PUBLIC,
         D_OFFICE,
         {I_CITY_SECRECY, -1},
         BM_KIND_PAPER,
         NULL,
         2},
        /* Electronic media (载体形态 other than paper). */
        {"",
         "年普通高考考生报名数据",
         BM_LEVEL_CONFIDENTIAL,
         BM_LEVEL_CONFIDENTIAL,
         D_IT,
         {I_PROV_EXAM, -1},
         BM_KIND_USB,
         "考试结束后",
         2},
        {"考场视频监控录像备份",
         NULL,
         BM_LEVEL_INTERNAL,
         BM_LEVEL_CONFIDENTIAL,
         D_IT,
         {I_PROV_EXAM, -1},
         BM_KIND_REMOVABLE_DISK,
         NULL,
         1},
        {"",
         "年中考听力考试音频光盘",
         BM_LEVEL_SECRET,
         BM_LEVEL_SECRET,
         D_SCHOOLS,
         {I_PROV_EXAM, -1},
         BM_KIND_OPTICAL_DISC,
         "考试结束后",
         1},
        {"报废涉密计算机硬盘（待销毁）",
         NULL,
         BM_LEVEL_CONFIDENTIAL,
         BM_LEVEL_CONFIDENTIAL,
         D_IT,
         {I_CITY_SECRECY, -1},
         BM_KIND_HARD_DISK,
         NULL,
         1},
        {"保密会议录音资料",
         NULL,
         BM_LEVEL_CONFIDENTIAL,
         BM_LEVEL_CONFIDENTIAL,
         D_OFFICE,
         {I_CITY_PARTY, -1},
         BM_KIND_OTHER,
         NULL,
         1},
};

/*
 * Documents the bureau makes itself (MAKE-2: N serial copies each).
 * Title as for subjects. The copies add up to 50.
 */
static const struct demo_made {
	const char *pre;
	const char *post;
	const char *prefix; /* the bureau's own document-number prefix */
	bm_level level;
	bm_kind kind;
	int copies;
	int department;
	const char *event;
} demo_made_docs[] = {
        {"", "年中考考务工作实施方案", "示教体发", BM_LEVEL_CONFIDENTIAL, BM_KIND_PAPER, 5,
         D_SCHOOLS, NULL},
        {"", "年度保密工作要点", "示教体保", BM_LEVEL_INTERNAL, BM_KIND_PAPER, 5, D_OFFICE, NULL},
        {"", "年中考试卷运送保管方案", "示教体发", BM_LEVEL_SECRET, BM_KIND_PAPER, 4, D_SCHOOLS,
         "考试结束后"},
        {"局党组会议纪要", NULL, "示教体纪", BM_LEVEL_INTERNAL, BM_KIND_PAPER, 6, D_OFFICE, NULL},
        {"中考命题教师入闱名单", NULL, "示教体保", BM_LEVEL_SECRET, BM_KIND_PAPER, 3, D_SCHOOLS,
         "考试结束后"},
        {"关于", "年度涉密人员调整的请示", "示教体人", BM_LEVEL_CONFIDENTIAL, BM_KIND_PAPER, 3,
         D_PERSONNEL, NULL},
        {"教育系统考试安全突发事件应急预案", NULL, "示教体发", BM_LEVEL_CONFIDENTIAL, BM_KIND_PAPER,
         6, D_SECURITY, NULL},
        /* DEV-4: 绝密 is never stored electronically: the answers are made on paper. */
        {"", "年中考试题及参考答案（定稿）", "示教体保", BM_LEVEL_TOP_SECRET, BM_KIND_PAPER, 2,
         D_SCHOOLS, "考试结束后"},
        {"", "年教育经费预算编制说明", "示教体财", BM_LEVEL_INTERNAL, BM_KIND_PAPER, 4, D_FINANCE,
         NULL},
        {"关于召开全市学校安全工作会议的通知", NULL, "示教体办", BM_LEVEL_PUBLIC, BM_KIND_PAPER, 5,
         D_OFFICE, NULL},
        {"", "年高考考点保密室值班安排", "示教体发", BM_LEVEL_CONFIDENTIAL, BM_KIND_PAPER, 4,
         D_SCHOOLS, "考试结束后"},
        {"涉密计算机及存储介质清查登记表", NULL, "示教体信", BM_LEVEL_CONFIDENTIAL,
         BM_KIND_REMOVABLE_DISK, 3, D_IT, NULL},
};

/* How many incoming carriers the demo registers (plus the made copies above). */
#define DEMO_INCOMING 150

#endif
