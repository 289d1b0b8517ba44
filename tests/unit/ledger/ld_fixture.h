/*
 * ld_fixture.h — the ledger tests' helpers on top of the workflow fixture
 * (tests/unit/workflow/wf_fixture.h, reused unchanged): registering
 * carriers with a department and custodian, asserting refusals by class,
 * code and rule, reading back what the store holds, and verifying the
 * audit chain.
 */
#ifndef BM_TEST_LD_FIXTURE_H
#define BM_TEST_LD_FIXTURE_H

#include "../workflow/wf_fixture.h"
#include "service/ledger.h"

/*
 * Registers an incoming carrier as the clerk (asserts success); returns its
 * id. `department` and `custodian` may be NULL (the clerk's).
 */
int64_t ld_register(bm_arena *a, const char *title, const char *level, const char *place,
                    const char *scope, const char *department, const char *custodian);

/* Asserts a refusal: the return code, the error's code and its rule ("" = none). */
void ld_refused(int rc, int klass, const char *rule, const char *code);

/* A carrier's status read straight from the store. */
bm_status ld_status(int64_t carrier_id);

/* History lines of one carrier; `last` (may be NULL) gets the last action (static buffer). */
size_t ld_history(int64_t carrier_id, const char **last);

/* Dispatches, count sessions and incidents in the store. */
size_t ld_dispatch_count(void);
size_t ld_count_session_count(void);
size_t ld_incident_count(void);

/* Asserts the last audit event was refused under `rule`, and the chain verifies. */
void ld_audit_refused(const char *rule);

/* Asserts the audit chain verifies from end to end. */
void ld_audit_intact(void);

#endif
