/*
 * device.c — the device register's vocabulary (model/device.h).
 */
#include "common.h"
#include "model/device.h"

const bm_vocab_entry bm_device_kind_names[BM_DEVICE_KIND_COUNT] = {
        {"computer", "涉密计算机", "classified computer"},
        {"laptop", "涉密便携式计算机", "classified laptop"},
        {"usb", "U盘", "USB stick"},
        {"removable_disk", "移动硬盘", "removable disk"},
        {"optical_disc", "光盘", "optical disc"},
        {"printer", "打印机", "printer"},
        {"copier", "复印机", "copier"},
        {"fax", "传真机", "fax machine"},
        {"shredder", "碎纸机", "shredder"},
};

const bm_vocab_entry bm_device_status_names[BM_DEVICE_STATUS_COUNT] = {
        {"in_use", "在用", "in use"},
        {"repair", "维修中", "under repair"},
        {"scrapped", "已报废", "scrapped"},
        {"missing", "下落不明", "missing"},
};

bm_kind bm_device_medium_kind(bm_device_kind kind)
{
	switch (kind) {
	case BM_DEVICE_USB: return BM_KIND_USB;
	case BM_DEVICE_REMOVABLE_DISK: return BM_KIND_REMOVABLE_DISK;
	case BM_DEVICE_OPTICAL_DISC: return BM_KIND_OPTICAL_DISC;
	case BM_DEVICE_SHREDDER: return BM_KIND_OTHER;
	default: return BM_KIND_HARD_DISK;
	}
}

bool bm_device_is_office(bm_device_kind kind)
{
	return kind == BM_DEVICE_PRINTER || kind == BM_DEVICE_COPIER || kind == BM_DEVICE_FAX;
}

const bm_vocab_entry bm_device_label_state_names[BM_LABEL_STATE_COUNT] = {
        [BM_LABEL_NONE] = {"none", "未粘贴标识", "no label recorded"},
        [BM_LABEL_OUTDATED] = {"outdated", "标识已过时，须重新粘贴", "label out of date, relabel"},
        [BM_LABEL_CURRENT] = {"current", "标识已粘贴", "label affixed"},
};
