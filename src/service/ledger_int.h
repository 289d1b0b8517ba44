/*
 * ledger_int.h — what the ledger use cases (send.c, count.c, incident.c,
 * alerts.c, registers.c) share. Implemented in ledger_util.c.
 */
#ifndef BM_SERVICE_LEDGER_INT_H
#define BM_SERVICE_LEDGER_INT_H

#include "service/ledger.h"
#include "service/service_int.h"

/* True when the actor holds any of the roles given (n of them). */
bool bm_ledger_has_any_role(const bm_ctx *ctx, const bm_role *roles, size_t n);

/* A person's display name (arena or static "-"); 0 gives "-". */
const char *bm_ledger_person_name(bm_ctx *ctx, int64_t id);

/* "文号 第N份", the 文号 alone, "第N份", or NULL (arena). */
const char *bm_ledger_number(bm_arena *a, const bm_carrier *c);

/* The local date of an ISO instant under the unit's policy, or BM_DATE_NONE. */
int32_t bm_ledger_local_date(const bm_ctx *ctx, const char *iso);

/* A local date as text in the arena ("" for BM_DATE_NONE). */
const char *bm_ledger_date_text(bm_ctx *ctx, int32_t day);

/* A local date-time "YYYY-MM-DD HH:MM" (arena) of an ISO instant; the instant as stored when
 * unparseable. */
const char *bm_ledger_local_time(bm_ctx *ctx, const char *iso);

/*
 * Opens an incident inside the caller's transaction (count close, INV-4):
 * writes the row with `detail` (reference stolen) and the carrier's history.
 */
int bm_ledger_incident_insert(bm_ctx *ctx, const char *kind, int64_t carrier_id, json_t *detail,
                              int64_t *id_out);

/* Sets a carrier's status and appends `action` with `detail` (may be NULL) to its history. */
int bm_ledger_set_status(bm_ctx *ctx, bm_carrier *c, bm_status status, const char *action,
                         const char *detail);

/*
 * KEEP-2, SYS-2 (handover_read.c): narrows the kept list `h` to what the
 * actor may read (bm_rules_handover_read) into `v`; `*shown` false when it
 * does not exist for them. Changes h's carriers in place.
 */
int bm_svc_handover_narrow(bm_ctx *ctx, bm_handover_row *h, bm_handover_view *v, bool *shown);

#endif
