/*
 * test_device.c — src/policy/device.c and the device rules of rules.c: the
 * device and media register (DEV-1..7, KEEP-2 for devices), each refusal
 * by its rule ID and its allowed path. DEV-2 and DEV-4 are the carrier
 * ledger's own checks: the tests prove both front doors answer alike.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/alerting.h"
#include "policy/device.h"
#include "policy/execute.h"
#include "rules_assert.h"

static bm_policy P;
static bm_decision d;

static int reset(void **state)
{
	BM_UNUSED(state);
	bm_policy_defaults(&P);
	memset(&d, 0, sizeof(d));
	return 0;
}

static void dev_1_number_and_one_person(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_device_record(&d, false, true));
	assert_refused_by(d, "DEV-1", "number_required");
	assert_false(bm_rules_device_record(&d, true, false));
	assert_refused_by(d, "DEV-1", "holder_required");
	assert_true(bm_rules_device_record(&d, true, true));
}

static void dev_1_kinds_and_statuses_are_closed_lists(void **state)
{
	int v = -1;
	BM_UNUSED(state);
	assert_true(bm_rules_device_kind(&d, "fax", &v));
	assert_int_equal(v, BM_DEVICE_FAX);
	assert_true(bm_rules_device_kind(&d, "U盘", &v));
	assert_int_equal(v, BM_DEVICE_USB);
	assert_false(bm_rules_device_kind(&d, "toaster", &v));
	assert_refused_by(d, "DEV-1", "invalid_device_kind");
	assert_false(bm_rules_device_status(&d, "lost", &v));
	assert_refused_by(d, "DEV-1", "invalid_device_status");
	assert_false(bm_rules_device_found(&d, 7, false));
	assert_refused_by(d, "DEV-1", "unknown_device");
	assert_int_equal(d.klass, BM_ENOTFOUND);
}

static void person_1_holder_cleared_for_the_level(void **state)
{
	bm_keeper_facts general = {"杨帆", true, BM_LEVEL_CONFIDENTIAL};
	bm_keeper_facts gone = {"何平", false, BM_LEVEL_TOP_SECRET};
	BM_UNUSED(state);
	assert_false(bm_rules_device_holder(&d, &general, BM_LEVEL_SECRET));
	assert_refused_by(d, "PERSON-1", "holder_not_cleared");
	assert_non_null(strstr(d.reason_zh, "杨帆"));
	assert_false(bm_rules_device_holder(&d, &gone, BM_LEVEL_CONFIDENTIAL));
	assert_refused_by(d, "DEV-1", "holder_inactive");
	assert_true(bm_rules_device_holder(&d, &general, BM_LEVEL_CONFIDENTIAL));
}

static void dev_2_device_level_never_lowered(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_device_level(&d, BM_DEVICE_USB, "U-001", BM_LEVEL_SECRET,
	                                   BM_LEVEL_CONFIDENTIAL));
	assert_refused_by(d, "DEV-2", "device_level_down");
	assert_non_null(strstr(d.reason_zh, "U-001"));
	assert_false(bm_rules_device_level(&d, BM_DEVICE_COMPUTER, "PC-1", BM_LEVEL_CONFIDENTIAL,
	                                   BM_LEVEL_PUBLIC));
	assert_refused_by(d, "DEV-2", "device_level_down");
	assert_false(bm_rules_device_level(&d, BM_DEVICE_COPIER, "FY-1", BM_LEVEL_SECRET,
	                                   BM_LEVEL_INTERNAL));
	assert_refused_by(d, "DEV-2", "device_level_down");
	assert_true(bm_rules_device_level(&d, BM_DEVICE_USB, "U-001", BM_LEVEL_CONFIDENTIAL,
	                                  BM_LEVEL_SECRET));
	/* a shredder stores nothing */
	assert_true(bm_rules_device_level(&d, BM_DEVICE_SHREDDER, "SZ-1", BM_LEVEL_SECRET,
	                                  BM_LEVEL_INTERNAL));
}

/* The carrier ledger and the register answer DEV-2 with the same check. */
static void dev_2_same_check_as_the_carrier_ledger(void **state)
{
	bm_decision c;
	BM_UNUSED(state);
	for (int k = 0; k < BM_DEVICE_KIND_COUNT; k++)
		for (int from = 0; from < BM_LEVEL_COUNT; from++)
			for (int to = 0; to < BM_LEVEL_COUNT; to++) {
				bm_kind m = bm_device_medium_kind((bm_device_kind)k);
				bool dev = bm_rules_device_level(&d, (bm_device_kind)k, "X",
				                                 (bm_level)from, (bm_level)to);
				bool car = bm_rules_medium_level(&c, m, 1, (bm_level)from,
				                                 (bm_level)to);
				assert_int_equal(dev, car);
				assert_string_equal(d.rule, c.rule);
			}
}

static void dev_2_medium_at_least_its_carrier(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_device_carrier(&d, BM_DEVICE_USB, BM_LEVEL_CONFIDENTIAL, BM_KIND_USB,
	                                     BM_LEVEL_SECRET));
	assert_refused_by(d, "DEV-2", "carrier_level_above");
	assert_false(bm_rules_device_carrier(&d, BM_DEVICE_USB, BM_LEVEL_SECRET, BM_KIND_PAPER,
	                                     BM_LEVEL_SECRET));
	assert_refused_by(d, "DEV-1", "carrier_kind_mismatch");
	assert_true(bm_rules_device_carrier(&d, BM_DEVICE_OPTICAL_DISC, BM_LEVEL_SECRET,
	                                    BM_KIND_OPTICAL_DISC, BM_LEVEL_CONFIDENTIAL));
}

static void dev_4_content_above_the_policy_refused(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_device_content(&d, &P, BM_DEVICE_COMPUTER, BM_LEVEL_TOP_SECRET));
	assert_refused_by(d, "DEV-4", "electronic_level");
	assert_false(bm_rules_device_content(&d, &P, BM_DEVICE_USB, BM_LEVEL_TOP_SECRET));
	assert_refused_by(d, "DEV-4", "electronic_level");
	assert_true(bm_rules_device_content(&d, &P, BM_DEVICE_USB, BM_LEVEL_SECRET));
	/* the policy may allow less */
	P.electronic_max_level = BM_LEVEL_CONFIDENTIAL;
	assert_false(bm_rules_device_content(&d, &P, BM_DEVICE_LAPTOP, BM_LEVEL_SECRET));
	assert_refused_by(d, "DEV-4", "electronic_level");
	/* paper-handling equipment keeps no content */
	assert_true(bm_rules_device_content(&d, &P, BM_DEVICE_COPIER, BM_LEVEL_TOP_SECRET));
}

static void dev_7_operator_and_fax(void **state)
{
	BM_UNUSED(state);
	assert_false(
	        bm_rules_device_office(&d, BM_DEVICE_PRINTER, BM_LEVEL_CONFIDENTIAL, false, false));
	assert_refused_by(d, "DEV-7", "operator_required");
	assert_false(bm_rules_device_office(&d, BM_DEVICE_FAX, BM_LEVEL_CONFIDENTIAL, true, false));
	assert_refused_by(d, "DEV-7", "fax_encryption_required");
	assert_false(bm_rules_device_office(&d, BM_DEVICE_FAX, BM_LEVEL_TOP_SECRET, true, true));
	assert_refused_by(d, "DEV-7", "fax_top_secret");
	assert_true(bm_rules_device_office(&d, BM_DEVICE_FAX, BM_LEVEL_SECRET, true, true));
	assert_true(bm_rules_device_office(&d, BM_DEVICE_FAX, BM_LEVEL_INTERNAL, true, false));
	assert_true(bm_rules_device_office(&d, BM_DEVICE_USB, BM_LEVEL_SECRET, false, false));
}

static void dev_3_password_due_after_the_policy_days(void **state)
{
	int32_t today = day_of("2026-12-05");
	BM_UNUSED(state);
	P.device_password_days = 30;
	assert_true(bm_rules_device_password_due(&d, &P, BM_DEVICE_COMPUTER, day_of("2026-11-10"),
	                                         today));
	assert_false(d.alert);
	assert_int_equal(d.due_date, day_of("2026-12-10"));
	assert_true(bm_rules_device_password_due(&d, &P, BM_DEVICE_LAPTOP, day_of("2026-11-05"),
	                                         today));
	assert_true(d.alert);
	assert_string_equal(d.rule, "DEV-3");
	assert_string_equal(d.code, "device_password_due");
	assert_true(bm_rules_device_password_due(&d, &P, BM_DEVICE_COMPUTER, BM_DATE_NONE, today));
	assert_true(d.alert);
	assert_true(bm_rules_device_password_due(&d, &P, BM_DEVICE_USB, BM_DATE_NONE, today));
	assert_false(d.alert);
	assert_false(bm_rules_device_password_change(&d, BM_DEVICE_PRINTER, today, today));
	assert_refused_by(d, "DEV-3", "no_login");
	assert_false(bm_rules_device_password_change(&d, BM_DEVICE_COMPUTER, today + 1, today));
	assert_refused_by(d, "DEV-3", "date_in_future");
}

/*
 * DEV-1: the label as recorded: none, current while the level and the person
 * it shows are the device's, outdated once either changes; affixed only with
 * a responsible person, once while current, not in the future.
 */
static void dev_1_label_affixed_and_outdated(void **state)
{
	int32_t today = day_of("2026-12-05");
	bm_device dev;
	BM_UNUSED(state);
	memset(&dev, 0, sizeof(dev));
	dev.number = "JSJ-01";
	dev.level = BM_LEVEL_SECRET;
	dev.holder_id = 7;
	dev.label_level = -1;
	assert_int_equal(bm_rules_device_label_state(&dev), BM_LABEL_NONE);
	assert_true(bm_rules_device_label_affix(&d, &dev, today, today));
	assert_string_equal(d.rule, "DEV-1");
	assert_false(bm_rules_device_label_affix(&d, &dev, today + 1, today));
	assert_refused_by(d, "DEV-1", "date_in_future");
	dev.label_affixed_on = "2026-12-01";
	dev.label_level = BM_LEVEL_SECRET;
	dev.label_holder_id = 7;
	assert_int_equal(bm_rules_device_label_state(&dev), BM_LABEL_CURRENT);
	assert_false(bm_rules_device_label_affix(&d, &dev, today, today));
	assert_refused_by(d, "DEV-1", "label_already_affixed");
	assert_int_equal(d.klass, BM_ECONFLICT);
	dev.level = BM_LEVEL_CONFIDENTIAL; /* DEV-2: raised; the label shows 秘密 */
	assert_int_equal(bm_rules_device_label_state(&dev), BM_LABEL_OUTDATED);
	assert_true(bm_rules_device_label_affix(&d, &dev, today, today));
	dev.level = BM_LEVEL_SECRET;
	dev.holder_id = 8; /* KEEP-2: handed over; the label names the one before */
	assert_int_equal(bm_rules_device_label_state(&dev), BM_LABEL_OUTDATED);
	dev.holder_id = 0;
	assert_false(bm_rules_device_label_affix(&d, &dev, today, today));
	assert_refused_by(d, "DEV-1", "label_holder_required");
}

/* DEV-3 as an alert: warned within the window, due from the day; the store's bound agrees. */
static void dev_3_password_alert_window_and_bound(void **state)
{
	int32_t today = day_of("2026-12-05");
	const bm_alert_rule *k;
	BM_UNUSED(state);
	P.device_password_days = 30;
	/* Changed 2026-11-10: due 2026-12-10, five days ahead, inside the 7-day notice. */
	assert_true(bm_rules_device_password_due(&d, &P, BM_DEVICE_COMPUTER, day_of("2026-11-10"),
	                                         today));
	assert_int_equal(bm_rules_device_password_alert(d.due_date, today),
	                 BM_ALERT_DEVICE_PASSWORD_SOON);
	k = bm_policy_alert(BM_ALERT_DEVICE_PASSWORD_SOON);
	assert_string_equal(k->rule, "DEV-3");
	assert_string_equal(k->code, "device_password_due_soon");
	assert_string_equal(k->urgency, "low");
	/* Due on the day, and after it. */
	assert_int_equal(bm_rules_device_password_alert(today, today),
	                 BM_ALERT_DEVICE_PASSWORD_DUE);
	assert_int_equal(bm_rules_device_password_alert(today - 3, today),
	                 BM_ALERT_DEVICE_PASSWORD_DUE);
	k = bm_policy_alert(BM_ALERT_DEVICE_PASSWORD_DUE);
	assert_string_equal(k->rule, "DEV-3");
	assert_string_equal(k->code, "device_password_due");
	assert_string_equal(k->urgency, "medium");
	/* The bound: changed on it falls due exactly at the notice's edge; a day later, not yet. */
	assert_int_equal(bm_rules_device_password_alert_by(&P, today),
	                 today + BM_DEVICE_PASSWORD_NOTICE_DAYS - 30);
	assert_true(bm_rules_device_password_due(
	        &d, &P, BM_DEVICE_COMPUTER, bm_rules_device_password_alert_by(&P, today), today));
	assert_int_equal(d.due_date - today, BM_DEVICE_PASSWORD_NOTICE_DAYS);
	P.device_password_days = 7;
	assert_int_equal(bm_rules_device_password_alert_by(&P, today), today);
}

static void dev_5_repair_conditions(void **state)
{
	bm_device_repair r = {"马杰", "王师傅", "removed", true};
	BM_UNUSED(state);
	assert_true(bm_rules_device_repair(&d, BM_DEVICE_COMPUTER, BM_DEVICE_IN_USE, &r));
	r.on_site = false;
	assert_false(bm_rules_device_repair(&d, BM_DEVICE_COMPUTER, BM_DEVICE_IN_USE, &r));
	assert_refused_by(d, "DEV-5", "repair_off_site");
	r.on_site = true;
	r.supervisor = " ";
	assert_false(bm_rules_device_repair(&d, BM_DEVICE_COMPUTER, BM_DEVICE_IN_USE, &r));
	assert_refused_by(d, "DEV-5", "supervisor_required");
	r.supervisor = "马杰";
	r.technician = NULL;
	assert_false(bm_rules_device_repair(&d, BM_DEVICE_COMPUTER, BM_DEVICE_IN_USE, &r));
	assert_refused_by(d, "DEV-5", "technician_required");
	r.technician = "王师傅";
	r.storage = "none";
	assert_false(bm_rules_device_repair(&d, BM_DEVICE_COMPUTER, BM_DEVICE_IN_USE, &r));
	assert_refused_by(d, "DEV-5", "storage_not_removed");
	r.storage = "degaussed";
	assert_true(bm_rules_device_repair(&d, BM_DEVICE_COMPUTER, BM_DEVICE_IN_USE, &r));
	assert_false(bm_rules_device_repair(&d, BM_DEVICE_USB, BM_DEVICE_IN_USE, &r));
	assert_refused_by(d, "DEV-5", "storage_not_degaussable");
	r.storage = "none";
	assert_true(bm_rules_device_repair(&d, BM_DEVICE_SHREDDER, BM_DEVICE_IN_USE, &r));
	r.storage = "removed";
	assert_false(bm_rules_device_repair(&d, BM_DEVICE_COMPUTER, BM_DEVICE_SCRAPPED, &r));
	assert_refused_by(d, "DEV-6", "device_scrapped");
}

static void dev_6_scrap_request_method_and_chain(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_device_scrap_request(&d, &P, BM_DEVICE_USB, BM_DEVICE_IN_USE,
	                                           BM_LEVEL_SECRET, BM_DESTROY_FORMAT));
	assert_refused_by(d, "DESTROY-3", "method_recoverable");
	assert_false(bm_rules_device_scrap_request(&d, &P, BM_DEVICE_USB, BM_DEVICE_IN_USE,
	                                           BM_LEVEL_SECRET, BM_DESTROY_DEGAUSS));
	assert_refused_by(d, "DESTROY-3", "method_recoverable");
	assert_false(bm_rules_device_scrap_request(&d, &P, BM_DEVICE_USB, BM_DEVICE_SCRAPPED,
	                                           BM_LEVEL_SECRET, BM_DESTROY_PHYSICAL));
	assert_refused_by(d, "DEV-6", "device_scrapped");
	assert_true(bm_rules_device_scrap_request(&d, &P, BM_DEVICE_REMOVABLE_DISK,
	                                          BM_DEVICE_IN_USE, BM_LEVEL_SECRET,
	                                          BM_DESTROY_DEGAUSS));
	assert_string_equal(d.rule, "DEV-6");
	/* DEV-6: written approval: the default chain is the supervising leader */
	assert_true(d.n_approvers >= 1);
	assert_int_equal(d.approvers[0], BM_ROLE_LEADER);
	assert_false(bm_rules_device_scrap_names(&d, 3, 4, 5));
	assert_refused_by(d, "DEV-6", "wrong_device");
}

static void dev_6_scrap_witnesses_as_a_destruction(void **state)
{
	bm_actor requester;
	int64_t one[] = {11}, with_requester[] = {11, 7}, two[] = {11, 12}, dup[] = {11, 11};
	bm_destruction how = {one, 1, BM_DESTROY_PHYSICAL};
	BM_UNUSED(state);
	memset(&requester, 0, sizeof(requester));
	requester.id = 7;
	assert_false(
	        bm_rules_device_scrap(&d, &P, &requester, BM_DEVICE_USB, BM_DEVICE_IN_USE, &how));
	assert_refused_by(d, "DESTROY-2", "witnesses_required");
	how.witnesses = dup;
	how.n_witnesses = 2;
	assert_false(
	        bm_rules_device_scrap(&d, &P, &requester, BM_DEVICE_USB, BM_DEVICE_IN_USE, &how));
	assert_refused_by(d, "DESTROY-2", "witnesses_required");
	how.witnesses = with_requester;
	assert_false(
	        bm_rules_device_scrap(&d, &P, &requester, BM_DEVICE_USB, BM_DEVICE_IN_USE, &how));
	assert_refused_by(d, "DESTROY-2", "requester_witness");
	how.witnesses = two;
	how.method = BM_DESTROY_DELETE;
	assert_false(
	        bm_rules_device_scrap(&d, &P, &requester, BM_DEVICE_USB, BM_DEVICE_IN_USE, &how));
	assert_refused_by(d, "DESTROY-3", "method_recoverable");
	how.method = BM_DESTROY_PHYSICAL;
	assert_true(
	        bm_rules_device_scrap(&d, &P, &requester, BM_DEVICE_USB, BM_DEVICE_IN_USE, &how));
	assert_false(
	        bm_rules_device_scrap(&d, &P, &requester, BM_DEVICE_USB, BM_DEVICE_SCRAPPED, &how));
	assert_refused_by(d, "DEV-6", "device_scrapped");
	assert_false(bm_rules_device_live(&d, "U-1", BM_DEVICE_SCRAPPED));
	assert_refused_by(d, "DEV-6", "device_scrapped");
	assert_true(bm_rules_device_live(&d, "U-1", BM_DEVICE_REPAIR));
}

/* DEV-5 in two steps: one repair at a time, none of a missing device; the end is checked. */
static void dev_5_repair_starts_and_ends(void **state)
{
	bm_device_repair r = {"张保密", "王师傅", "removed", true};
	BM_UNUSED(state);
	assert_false(bm_rules_device_repair(&d, BM_DEVICE_COMPUTER, BM_DEVICE_REPAIR, &r));
	assert_refused_by(d, "DEV-5", "repair_open");
	assert_false(bm_rules_device_repair(&d, BM_DEVICE_COMPUTER, BM_DEVICE_MISSING, &r));
	assert_refused_by(d, "DEV-5", "device_missing");
	assert_false(bm_rules_device_repair_end(&d, BM_DEVICE_IN_USE, true));
	assert_refused_by(d, "DEV-5", "no_repair_open");
	assert_false(bm_rules_device_repair_end(&d, BM_DEVICE_REPAIR, false));
	assert_refused_by(d, "DEV-5", "check_required");
	assert_true(bm_rules_device_repair_end(&d, BM_DEVICE_REPAIR, true));
}

/* DEV-5 with REG-1: the 验收人 is an active person of the unit (then confirms themselves). */
static void dev_5_acceptor_of_the_unit(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_device_acceptor(&d, "外单位", true, false));
	assert_refused_by(d, "DEV-5", "acceptor_outside_unit");
	assert_non_null(strstr(d.reason_zh, "验收人“外单位”"));
	assert_false(bm_rules_device_acceptor(&d, "王五", false, true));
	assert_refused_by(d, "DEV-5", "acceptor_inactive");
	assert_true(bm_rules_device_acceptor(&d, "王五", true, true));
}

/* DEV-2 with LEVEL-4: a linked medium never rises above its carrier through the register. */
static void dev_2_linked_medium_follows_its_carrier(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_device_linked_raise(&d, 0, BM_LEVEL_INTERNAL, BM_LEVEL_SECRET));
	assert_true(bm_rules_device_linked_raise(&d, 7, BM_LEVEL_SECRET, BM_LEVEL_SECRET));
	assert_false(bm_rules_device_linked_raise(&d, 7, BM_LEVEL_CONFIDENTIAL, BM_LEVEL_SECRET));
	assert_refused_by(d, "LEVEL-4", "carrier_level_change_required");
	assert_non_null(strstr(d.reason_en, "carrier 7"));
}

static void dev_2_linked_medium_follows_the_carrier_raise(void **state)
{
	bm_level next = BM_LEVEL_PUBLIC;
	BM_UNUSED(state);
	/* the carrier raised above the medium: the medium follows */
	assert_true(bm_rules_device_follow_carrier(&d, &P, BM_DEVICE_USB, BM_LEVEL_CONFIDENTIAL,
	                                           BM_LEVEL_SECRET, &next));
	assert_int_equal(next, BM_LEVEL_SECRET);
	/* lowered or unchanged: the medium never goes down */
	assert_true(bm_rules_device_follow_carrier(&d, &P, BM_DEVICE_USB, BM_LEVEL_SECRET,
	                                           BM_LEVEL_CONFIDENTIAL, &next));
	assert_int_equal(next, BM_LEVEL_SECRET);
	assert_true(bm_rules_device_follow_carrier(&d, &P, BM_DEVICE_USB, BM_LEVEL_SECRET,
	                                           BM_LEVEL_SECRET, &next));
	assert_int_equal(next, BM_LEVEL_SECRET);
	/* DEV-4: above what the policy lets electronic media hold, the raise is refused */
	assert_false(bm_rules_device_follow_carrier(&d, &P, BM_DEVICE_USB, BM_LEVEL_SECRET,
	                                            BM_LEVEL_TOP_SECRET, &next));
	assert_refused_by(d, "DEV-4", "electronic_level");
	assert_int_equal(next, BM_LEVEL_SECRET);
	P.electronic_max_level = BM_LEVEL_CONFIDENTIAL;
	assert_false(bm_rules_device_follow_carrier(&d, &P, BM_DEVICE_OPTICAL_DISC,
	                                            BM_LEVEL_CONFIDENTIAL, BM_LEVEL_SECRET, &next));
	assert_refused_by(d, "DEV-4", "electronic_level");
	assert_int_equal(next, BM_LEVEL_CONFIDENTIAL);
}

static void keep_2_devices_held_block_departure(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_device_departure(&d, 2));
	assert_refused_by(d, "KEEP-2", "devices_held");
	assert_true(bm_rules_device_departure(&d, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup(dev_1_number_and_one_person, reset),
	        cmocka_unit_test_setup(dev_1_kinds_and_statuses_are_closed_lists, reset),
	        cmocka_unit_test_setup(person_1_holder_cleared_for_the_level, reset),
	        cmocka_unit_test_setup(dev_2_device_level_never_lowered, reset),
	        cmocka_unit_test_setup(dev_2_same_check_as_the_carrier_ledger, reset),
	        cmocka_unit_test_setup(dev_2_medium_at_least_its_carrier, reset),
	        cmocka_unit_test_setup(dev_4_content_above_the_policy_refused, reset),
	        cmocka_unit_test_setup(dev_2_linked_medium_follows_the_carrier_raise, reset),
	        cmocka_unit_test_setup(dev_7_operator_and_fax, reset),
	        cmocka_unit_test_setup(dev_3_password_due_after_the_policy_days, reset),
	        cmocka_unit_test_setup(dev_1_label_affixed_and_outdated, reset),
	        cmocka_unit_test_setup(dev_3_password_alert_window_and_bound, reset),
	        cmocka_unit_test_setup(dev_5_repair_conditions, reset),
	        cmocka_unit_test_setup(dev_6_scrap_request_method_and_chain, reset),
	        cmocka_unit_test_setup(dev_6_scrap_witnesses_as_a_destruction, reset),
	        cmocka_unit_test_setup(dev_5_repair_starts_and_ends, reset),
	        cmocka_unit_test_setup(dev_5_acceptor_of_the_unit, reset),
	        cmocka_unit_test_setup(dev_2_linked_medium_follows_its_carrier, reset),
	        cmocka_unit_test_setup(keep_2_devices_held_block_departure, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
