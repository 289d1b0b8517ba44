#include "common.h"
#include "model/vocab.h"
#include "model/ledger.h"

const bm_vocab_entry bm_level_names[BM_LEVEL_COUNT] = {
        {"public", "非密", "public"},
        {"internal", "内部", "internal"},
        {"confidential", "秘密", "confidential"},
        {"secret", "机密", "secret"},
        {"top_secret", "绝密", "top secret"},
};

const bm_vocab_entry bm_kind_names[BM_KIND_COUNT] = {
        {"paper", "纸质", "paper"},
        {"usb", "U盘", "USB stick"},
        {"removable_disk", "移动硬盘", "removable disk"},
        {"optical_disc", "光盘", "optical disc"},
        {"hard_disk", "硬盘", "hard disk"},
        {"other", "其他", "other"},
};

const bm_vocab_entry bm_class_names[BM_CLASS_COUNT] = {
        {"none", "非涉密", "not cleared"},
        {"general", "一般", "general"},
        {"important", "重要", "important"},
        {"core", "核心", "core"},
};

const bm_vocab_entry bm_status_names[BM_STATUS_COUNT] = {
        {"in_store", "在库", "in store"},
        {"lent", "借出", "lent"},
        {"taken_out", "携带外出", "taken out"},
        {"circulating", "传阅中", "circulating"},
        {"returned", "已清退", "returned to issuer"},
        {"destroyed", "已销毁", "destroyed"},
        {"missing", "下落不明", "missing"},
};

const bm_vocab_entry bm_origin_names[BM_ORIGIN_COUNT] = {
        {"incoming", "收文", "incoming"},  {"made", "自制", "made here"},
        {"copy", "复制件", "copy"},        {"extract", "摘录件", "extract"},
        {"volume", "汇编/案卷", "volume"},
};

const bm_vocab_entry bm_period_kind_names[BM_PERIOD_COUNT] = {
        {"years", "年限", "years"},
        {"until", "解密时间", "until date"},
        {"event", "解密条件", "until event"},
        {"none", "无", "none"},
};

const bm_vocab_entry bm_urgency_names[BM_URGENCY_COUNT] = {
        {"normal", "平件", "normal"},
        {"urgent", "加急", "urgent"},
        {"extra_urgent", "特急", "extra urgent"},
};

const bm_vocab_entry bm_place_kind_names[BM_PLACE_COUNT] = {
        {"safe", "保密柜", "safe"},
        {"room", "保密室", "secure room"},
        {"cabinet", "文件柜", "cabinet"},
};

const bm_vocab_entry bm_role_names[BM_ROLE_COUNT] = {
        {"sysadmin", "系统管理员", "system administrator"},
        {"secadmin", "安全保密管理员", "security administrator"},
        {"auditor", "安全审计员", "audit administrator"},
        {"clerk", "保密员", "secrecy clerk"},
        {"dept_head", "科室负责人", "department head"},
        {"leader", "分管领导", "supervising leader"},
        {"principal", "主要领导", "principal leader"},
        {"classifier", "定密责任人", "classification authority"},
        {"staff", "工作人员", "staff"},
        {"inspector", "检查人员", "inspector"},
};

const bm_vocab_entry bm_op_names[BM_OP_COUNT] = {
        {"borrow", "借阅", "borrowing"},
        {"read", "查阅", "reading on site"},
        {"copy", "复制", "copying"},
        {"extract", "摘录", "extracting"},
        {"take_out", "携带外出", "taking out"},
        {"make", "制作", "making"},
        {"widen_scope", "扩大知悉范围", "widening the scope"},
        {"destroy", "销毁", "destruction"},
        {"level_change", "密级变更", "level change"},
        {"foreign", "对外提供", "provision to foreign parties"},
        {"outside_reader", "范围外人员查阅", "reading by an outside reader"},
        {"scrap", "设备报废", "scrapping a device"},
        {"publish", "信息公开发布", "publication"},
};

const bm_vocab_entry bm_channel_names[BM_CHANNEL_COUNT] = {
        {"courier", "机要通信", "confidential courier"},
        {"dedicated", "专人递送", "dedicated person"},
        {"mail", "普通邮寄", "ordinary mail"},
        {"express", "快递", "express delivery"},
        {"fax", "普通传真", "ordinary fax"},
        {"encrypted_fax", "密码传真", "encrypted fax"},
        {"phone", "普通电话", "ordinary telephone"},
        {"internet", "互联网", "internet or e-mail"},
};

const bm_vocab_entry bm_destroy_method_names[BM_DESTROY_COUNT] = {
        {"shred", "粉碎", "shredding"},     {"incinerate", "焚烧", "incineration"},
        {"pulp", "化浆", "pulping"},        {"physical", "物理销毁", "physical destruction"},
        {"degauss", "消磁", "degaussing"},  {"centre", "送销毁中心", "destruction centre"},
        {"format", "格式化", "formatting"}, {"overwrite", "覆写", "overwriting"},
        {"delete", "删除", "deletion"},
};

static const struct {
	const char *alias;
	bm_level level;
} level_aliases[] = {
        {"非涉密", BM_LEVEL_PUBLIC},       {"公开", BM_LEVEL_PUBLIC},
        {"工作秘密", BM_LEVEL_INTERNAL},   {"内部敏感", BM_LEVEL_INTERNAL},
        {"秘密级", BM_LEVEL_CONFIDENTIAL}, {"机密级", BM_LEVEL_SECRET},
        {"绝密级", BM_LEVEL_TOP_SECRET},   {"top-secret", BM_LEVEL_TOP_SECRET},
};

/* Older registers write 急件 and 特急件 for GB/T 9704's 加急 and 特急. */
static const struct {
	const char *alias;
	bm_urgency urgency;
} urgency_aliases[] = {
        {"急件", BM_URGENCY_URGENT},
        {"特急件", BM_URGENCY_EXTRA_URGENT},
        {"普通", BM_URGENCY_NORMAL},
};

int bm_vocab_find(const bm_vocab_entry *table, int count, const char *text)
{
	if (!text)
		return -1;
	for (int i = 0; i < count; i++)
		if (strcmp(table[i].code, text) == 0 || strcmp(table[i].zh, text) == 0)
			return i;
	if (table == bm_level_names)
		for (size_t i = 0; i < BM_ARRAY_LEN(level_aliases); i++)
			if (strcmp(level_aliases[i].alias, text) == 0)
				return (int)level_aliases[i].level;
	if (table == bm_urgency_names)
		for (size_t i = 0; i < BM_ARRAY_LEN(urgency_aliases); i++)
			if (strcmp(urgency_aliases[i].alias, text) == 0)
				return (int)urgency_aliases[i].urgency;
	return -1;
}

bm_level bm_class_max_level(bm_class c)
{
	switch (c) {
	case BM_CLASS_CORE: return BM_LEVEL_TOP_SECRET;
	case BM_CLASS_IMPORTANT: return BM_LEVEL_SECRET;
	case BM_CLASS_GENERAL: return BM_LEVEL_CONFIDENTIAL;
	default: return BM_LEVEL_INTERNAL;
	}
}

const char *const bm_count_list_names[BM_COUNT_LISTS] = {
        "found", "missing", "out", "unexpected", "incomplete",
};
