/*
 * device.c — the device and media register's rules (DEV-1, DEV-3..5, DEV-7,
 * KEEP-2 for devices). DEV-2 and DEV-6 share the carrier ledger's statics
 * and live beside them in rules.c. See device.h.
 */
#include "common.h"
#include "policy/device.h"

#include "policy/rules_int.h"

static const char *kz(bm_device_kind k)
{
	return bm_device_kind_names[k].zh;
}

static const char *ke(bm_device_kind k)
{
	return bm_device_kind_names[k].en;
}

static bool given(const char *s)
{
	if (!s)
		return false;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	return false;
}

bool bm_rules_device_record(bm_decision *out, bool number_given, bool holder_given)
{
	allow(out, "DEV-1");
	/* DEV-1: every device and medium is numbered in the register… */
	if (!number_given) {
		refuse(out, BM_EINVALID, "DEV-1", "number_required");
		ZH(out, "涉密设备须登记编号");
		EN(out, "a classified device is registered with its 'number'");
		return false;
	}
	/* …and assigned to one person (定机定人). */
	if (!holder_given) {
		refuse(out, BM_EINVALID, "DEV-1", "holder_required");
		ZH(out, "涉密设备须定机定人，请指定责任人");
		EN(out, "a classified device is assigned to one responsible person ('holder')");
		return false;
	}
	return true;
}

bool bm_rules_device_number_free(bm_decision *out, const char *number, const char *taken_by)
{
	allow(out, "DEV-1");
	if (!taken_by)
		return true;
	refuse(out, BM_ECONFLICT, "DEV-1", "number_taken");
	if (strcmp(taken_by, "register") == 0) {
		ZH(out, "编号 '%s' 已登记（台账中一个编号只对应一台设备）", number);
		EN(out, "number '%s' is already registered (one number, one device)", number);
	} else {
		ZH(out, "编号 '%s' 与文件第 %s 行重复（一个编号只对应一台设备）", number, taken_by);
		EN(out, "number '%s' is the same as row %s's of the file (one number, one device)",
		   number, taken_by);
	}
	return false;
}

bool bm_rules_device_holder(bm_decision *out, const bm_keeper_facts *holder, bm_level level)
{
	allow(out, "DEV-1");
	/* DEV-1: the one person responsible is somebody still here. */
	if (!holder->active) {
		refuse(out, BM_EDENIED, "DEV-1", "holder_inactive");
		ZH(out, "责任人“%s”已停用或离岗", holder->name);
		EN(out, "the responsible person '%s' is disabled or has left", holder->name);
		return false;
	}
	/* PERSON-1: nobody is assigned a device above what they may know. */
	if (holder->clearance < level) {
		refuse(out, BM_EDENIED, "PERSON-1", "holder_not_cleared");
		ZH(out, "责任人“%s”无权知悉%s信息，不得使用%s设备", holder->name, lz(level),
		   lz(level));
		EN(out,
		   "the responsible person '%s' is not cleared for %s and may not use a %s device",
		   holder->name, le(level), le(level));
		return false;
	}
	return true;
}

bool bm_rules_device_content(bm_decision *out, const bm_policy *p, bm_device_kind kind,
                             bm_level level)
{
	allow(out, "DEV-4");
	/* DEV-4: paper-handling equipment keeps no electronic content. */
	if (kind == BM_DEVICE_SHREDDER || bm_device_is_office(kind))
		return true;
	return bm_rules_medium_electronic(out, p, bm_device_medium_kind(kind), level);
}

bool bm_rules_device_office(bm_decision *out, bm_device_kind kind, bm_level level,
                            bool operator_given, bool encrypted)
{
	allow(out, "DEV-7");
	if (!bm_device_is_office(kind))
		return true;
	/* DEV-7: registered equipment with an operator. */
	if (!operator_given) {
		refuse(out, BM_EINVALID, "DEV-7", "operator_required");
		ZH(out, "%s须指定操作人员", kz(kind));
		EN(out, "a '%s' has a named 'operator'", ke(kind));
		return false;
	}
	if (kind != BM_DEVICE_FAX)
		return true;
	/* DEV-7: 绝密 is never faxed… */
	if (level >= BM_LEVEL_TOP_SECRET) {
		refuse(out, BM_EDENIED, "DEV-7", "fax_top_secret");
		ZH(out, "绝密级信息不得传真，不得登记绝密级传真机");
		EN(out, "top secret content is never faxed: no fax machine is %s", le(level));
		return false;
	}
	/* …and classified content only over encryption equipment. */
	if (bm_level_is_classified(level) && !encrypted) {
		refuse(out, BM_EDENIED, "DEV-7", "fax_encryption_required");
		ZH(out, "%s传真机须配备密码设备", lz(level));
		EN(out, "a %s fax machine needs encryption equipment ('encrypted')", le(level));
		return false;
	}
	return true;
}

static bool has_login(bm_device_kind kind)
{
	return kind == BM_DEVICE_COMPUTER || kind == BM_DEVICE_LAPTOP;
}

bool bm_rules_device_password_due(bm_decision *out, const bm_policy *p, bm_device_kind kind,
                                  int32_t changed_on, int32_t today)
{
	allow(out, "DEV-3");
	if (!has_login(kind))
		return true;
	/* DEV-3: the login password changes at least every device.password_days days. */
	out->due_date = changed_on == BM_DATE_NONE ? today : changed_on + p->device_password_days;
	if (today < out->due_date)
		return true;
	flag(out, "DEV-3", "device_password_due");
	if (changed_on == BM_DATE_NONE) {
		ZH(out, "未登记登录口令更换日期，须每%d日更换一次", p->device_password_days);
		EN(out, "no login password change is recorded; it changes every %d days",
		   p->device_password_days);
	} else {
		ZH(out, "登录口令已超过%d日未更换", p->device_password_days);
		EN(out, "the login password has not changed for %d days", p->device_password_days);
	}
	return true;
}

bool bm_rules_device_password_change(bm_decision *out, bm_device_kind kind, int32_t on,
                                     int32_t today)
{
	allow(out, "DEV-3");
	if (!has_login(kind)) {
		refuse(out, BM_EINVALID, "DEV-3", "no_login");
		ZH(out, "%s没有登录口令", kz(kind));
		EN(out, "a '%s' has no login password", ke(kind));
		return false;
	}
	if (on > today) {
		refuse(out, BM_EINVALID, "DEV-3", "date_in_future");
		ZH(out, "口令更换日期不得晚于今天");
		EN(out, "the password change 'date' is in the future");
		return false;
	}
	return true;
}

bool bm_rules_device_live(bm_decision *out, const char *number, bm_device_status status)
{
	allow(out, "DEV-6");
	/* DEV-6: a scrapped device stays in the register for ever, unchanged. */
	if (status == BM_DEVICE_SCRAPPED) {
		refuse(out, BM_ECONFLICT, "DEV-6", "device_scrapped");
		ZH(out, "设备 %s 已报废", number);
		EN(out, "device '%s' is 'scrapped'", number);
		return false;
	}
	return true;
}

bool bm_rules_device_repair(bm_decision *out, bm_device_kind kind, bm_device_status status,
                            const bm_device_repair *r)
{
	bool storage = kind != BM_DEVICE_SHREDDER;

	allow(out, "DEV-5");
	/* DEV-6: nothing is done to a scrapped device. */
	if (status == BM_DEVICE_SCRAPPED) {
		refuse(out, BM_ECONFLICT, "DEV-6", "device_scrapped");
		ZH(out, "设备已报废，不再维修");
		EN(out, "the device is 'scrapped' and is not repaired");
		return false;
	}
	/* DEV-5: one repair at a time, started on a device in use (two steps). */
	if (status == BM_DEVICE_REPAIR) {
		refuse(out, BM_ECONFLICT, "DEV-5", "repair_open");
		ZH(out, "设备正在维修中，须先登记维修结束");
		EN(out, "the device is under repair: end that repair first");
		return false;
	}
	if (status == BM_DEVICE_MISSING) {
		refuse(out, BM_ECONFLICT, "DEV-5", "device_missing");
		ZH(out, "设备下落不明，不能登记维修");
		EN(out, "the device is 'missing' and cannot be repaired");
		return false;
	}
	/* DEV-5: repaired on site… */
	if (!r->on_site) {
		refuse(out, BM_EDENIED, "DEV-5", "repair_off_site");
		ZH(out, "涉密设备须在本单位现场维修，不得送外维修");
		EN(out, "a classified device is repaired on site ('on_site'), never sent out");
		return false;
	}
	/* …under supervision… */
	if (!given(r->supervisor)) {
		refuse(out, BM_EINVALID, "DEV-5", "supervisor_required");
		ZH(out, "维修须有本单位人员现场监修，请登记监修人");
		EN(out, "the repair is supervised on site: name the 'supervisor'");
		return false;
	}
	/* …by a registered technician… */
	if (!given(r->technician)) {
		refuse(out, BM_EINVALID, "DEV-5", "technician_required");
		ZH(out, "须登记维修人员及其单位");
		EN(out, "the 'technician' (and their company) is registered");
		return false;
	}
	/* …with the storage removed or degaussed first. */
	if (storage && (!r->storage || (strcmp(r->storage, "removed") != 0 &&
	                                strcmp(r->storage, "degaussed") != 0))) {
		refuse(out, BM_EDENIED, "DEV-5", "storage_not_removed");
		ZH(out, "维修前须拆除存储部件或消磁");
		EN(out, "the 'storage' is removed or degaussed before the repair");
		return false;
	}
	if (storage && strcmp(r->storage, "degaussed") == 0) {
		bm_kind m = bm_device_medium_kind(kind);
		if (m != BM_KIND_HARD_DISK && m != BM_KIND_REMOVABLE_DISK) {
			refuse(out, BM_EDENIED, "DEV-5", "storage_not_degaussable");
			ZH(out, "%s不能以消磁方式清除，须拆除存储部件", kz(kind));
			EN(out, "a '%s' keeps its data through degaussing: remove the storage",
			   ke(kind));
			return false;
		}
	}
	if (!storage && r->storage && strcmp(r->storage, "none") != 0 &&
	    strcmp(r->storage, "removed") != 0 && strcmp(r->storage, "degaussed") != 0) {
		refuse(out, BM_EINVALID, "DEV-5", "invalid_storage");
		ZH(out, "存储部件处理方式应为 removed、degaussed 或 none");
		EN(out, "'storage' is removed, degaussed or none");
		return false;
	}
	return true;
}

bool bm_rules_device_linked_raise(bm_decision *out, int64_t carrier_id, bm_level carrier_level,
                                  bm_level to)
{
	allow(out, "LEVEL-4");
	if (!carrier_id || to <= carrier_level)
		return true;
	/* LEVEL-4: only the classification authority changes the carrier's level. */
	refuse(out, BM_EDENIED, "LEVEL-4", "carrier_level_change_required");
	ZH(out,
	   "该介质登记为台账载体 %lld（%s），载体密级须由定密责任人先行变更为%s，"
	   "方可提升设备密级，以免两本台账不一致",
	   (long long)carrier_id, lz(carrier_level), lz(to));
	EN(out,
	   "the medium is carrier %lld of the ledger (%s): the classification authority "
	   "changes the carrier's level to %s first (LEVEL-4), so the two ledgers agree",
	   (long long)carrier_id, le(carrier_level), le(to));
	return false;
}

bool bm_rules_device_follow_carrier(bm_decision *out, const bm_policy *p, bm_device_kind kind,
                                    bm_level level, bm_level carrier_to, bm_level *next)
{
	allow(out, "DEV-2");
	*next = level;
	/* DEV-2: a medium never goes down; a lowered carrier leaves it where it is. */
	if (carrier_to <= level)
		return true;
	/* DEV-4: the medium's own limit refuses the carrier's raise as a whole. */
	if (!bm_rules_device_content(out, p, kind, carrier_to))
		return false;
	/* DEV-2: the medium is at least the level of the carrier it holds. */
	allow(out, "DEV-2");
	*next = carrier_to;
	return true;
}

bool bm_rules_device_repair_end(bm_decision *out, bm_device_status status, bool checked_by_given)
{
	allow(out, "DEV-5");
	if (status != BM_DEVICE_REPAIR) {
		refuse(out, BM_ECONFLICT, "DEV-5", "no_repair_open");
		ZH(out, "设备不在维修中");
		EN(out, "the device is not under repair");
		return false;
	}
	/* DEV-5: returned and checked before it is used again. */
	if (!checked_by_given) {
		refuse(out, BM_EINVALID, "DEV-5", "check_required");
		ZH(out, "维修结束须登记验收人（检查存储部件复装、无遗留）");
		EN(out,
		   "the repaired device is checked on return: name who checked it ('checked_by')");
		return false;
	}
	return true;
}

bool bm_rules_device_acceptor(bm_decision *out, const char *name, bool active, bool of_unit)
{
	allow(out, "DEV-5");
	if (!of_unit) {
		refuse(out, BM_EDENIED, "DEV-5", "acceptor_outside_unit");
		ZH(out, "验收人“%s”不是本单位人员", name);
		EN(out, "the repair acceptor '%s' is not a person of this unit", name);
		return false;
	}
	if (!active) {
		refuse(out, BM_EDENIED, "DEV-5", "acceptor_inactive");
		ZH(out, "验收人“%s”已停用或离岗", name);
		EN(out, "the repair acceptor '%s' is disabled or has left", name);
		return false;
	}
	return true;
}

bool bm_rules_device_departure(bm_decision *out, size_t n_devices)
{
	allow(out, "KEEP-2");
	/* KEEP-2: devices are handed over (re-assigned) like carriers before leaving. */
	if (n_devices == 0)
		return true;
	refuse(out, BM_EDENIED, "KEEP-2", "devices_held");
	ZH(out, "尚为 %zu 台涉密设备的责任人，移交完毕前不得离岗或停用", n_devices);
	EN(out, "the person is still responsible for %zu 'devices'; hand them over first",
	   n_devices);
	return false;
}

bool bm_rules_device_kind(bm_decision *out, const char *text, int *kind)
{
	int k = text ? bm_device_kind_parse(text) : -1;
	allow(out, "DEV-1");
	if (k >= 0) {
		*kind = k;
		return true;
	}
	refuse(out, BM_EINVALID, "DEV-1", "invalid_device_kind");
	ZH(out,
	   "未知设备类型 '%s'（涉密计算机、便携式计算机、U盘、移动硬盘、光盘、打印机、复印机、"
	   "传真机、碎纸机）",
	   text ? text : "");
	EN(out,
	   "unknown device kind '%s' (computer, laptop, usb, removable_disk, optical_disc, "
	   "printer, "
	   "copier, fax, shredder)",
	   text ? text : "");
	return false;
}

bool bm_rules_device_status(bm_decision *out, const char *text, int *status)
{
	int k = text ? bm_device_status_parse(text) : -1;
	allow(out, "DEV-1");
	if (k >= 0) {
		*status = k;
		return true;
	}
	refuse(out, BM_EINVALID, "DEV-1", "invalid_device_status");
	ZH(out, "未知设备状态 '%s'（在用、维修中、已报废、下落不明）", text ? text : "");
	EN(out, "unknown device status '%s' (in_use, repair, scrapped, missing)", text ? text : "");
	return false;
}

bool bm_rules_device_found(bm_decision *out, int64_t id, bool found)
{
	allow(out, "DEV-1");
	if (found)
		return true;
	refuse(out, BM_ENOTFOUND, "DEV-1", "unknown_device");
	ZH(out, "设备台账中没有设备 %lld", (long long)id);
	EN(out, "device %lld is not in the register", (long long)id);
	return false;
}

bool bm_rules_device_carrier(bm_decision *out, bm_device_kind kind, bm_level level,
                             bm_kind carrier_kind, bm_level carrier_level)
{
	allow(out, "DEV-1");
	if (bm_device_medium_kind(kind) != carrier_kind) {
		refuse(out, BM_EINVALID, "DEV-1", "carrier_kind_mismatch");
		ZH(out, "台账中的载体是%s，不是%s", bm_kind_names[carrier_kind].zh, kz(kind));
		EN(out, "the carrier in the ledger is a '%s', not a '%s'",
		   bm_kind_names[carrier_kind].en, ke(kind));
		return false;
	}
	/* DEV-2: the medium is at least the level of what it holds. */
	if (level < carrier_level) {
		refuse(out, BM_EDENIED, "DEV-2", "carrier_level_above");
		ZH(out, "介质密级（%s）不得低于其所存载体的密级（%s）", lz(level),
		   lz(carrier_level));
		EN(out, "the medium's level (%s) is below the carrier's it holds (%s)", le(level),
		   le(carrier_level));
		return false;
	}
	return true;
}

bool bm_rules_device_scrap_names(bm_decision *out, int64_t request_id, int64_t named,
                                 int64_t device_id)
{
	allow(out, "DEV-6");
	if (named == device_id)
		return true;
	refuse(out, BM_EINVALID, "DEV-6", "wrong_device");
	ZH(out, "报废申请 %lld 针对的不是设备 %lld", (long long)request_id, (long long)device_id);
	EN(out, "scrapping request %lld does not name device %lld", (long long)request_id,
	   (long long)device_id);
	return false;
}

bm_device_label_state bm_rules_device_label_state(const bm_device *d)
{
	if (!d->label_affixed_on)
		return BM_LABEL_NONE;
	/* DEV-1: the label shows the level and the one person; a change makes it untrue. */
	if (d->label_level != (int)d->level || d->label_holder_id != d->holder_id)
		return BM_LABEL_OUTDATED;
	return BM_LABEL_CURRENT;
}

bool bm_rules_device_label_affix(bm_decision *out, const bm_device *d, int32_t on, int32_t today)
{
	allow(out, "DEV-1");
	/* DEV-1: the label names the one person responsible (定机定人). */
	if (d->holder_id <= 0) {
		refuse(out, BM_ECONFLICT, "DEV-1", "label_holder_required");
		ZH(out, "设备 %s 尚未指定责任人，标识不完整，须先指定责任人", d->number);
		EN(out,
		   "device '%s' has no responsible person, so its label is incomplete; assign "
		   "one first",
		   d->number);
		return false;
	}
	if (bm_rules_device_label_state(d) == BM_LABEL_CURRENT) {
		refuse(out, BM_ECONFLICT, "DEV-1", "label_already_affixed");
		ZH(out, "设备 %s 的标识已于 %s 登记粘贴，与设备现状一致", d->number,
		   d->label_affixed_on);
		EN(out, "the label of device '%s' is recorded as affixed on %s and still current",
		   d->number, d->label_affixed_on);
		return false;
	}
	if (on > today) {
		refuse(out, BM_EINVALID, "DEV-1", "date_in_future");
		ZH(out, "标识粘贴日期不得晚于今天");
		EN(out, "the label's 'date' is in the future");
		return false;
	}
	return true;
}

bool bm_rules_import_device_status(bm_decision *out, const char *status)
{
	static const char *const in_use[] = {"在用", "正常", "使用中", "正常使用", "in_use", NULL};
	allow(out, "DEV-6");
	if (!status || !*status)
		return true;
	for (size_t i = 0; in_use[i]; i++)
		if (strcmp(status, in_use[i]) == 0)
			return true;
	refuse(out, BM_EINVALID, "DEV-6", "import_not_in_use");
	ZH(out,
	   "状态“%s”：导入只登记在用的设备；报废须凭批准的申请办理（DEV-6），维修按 DEV-5 "
	   "登记",
	   status);
	EN(out,
	   "status '%s': an import registers devices in use only; scrapping is done against an "
	   "approved request (DEV-6), a repair is recorded as such (DEV-5)",
	   status);
	return false;
}
