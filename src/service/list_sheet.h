/*
 * list_sheet.h — the unit's other registers as CSV or an Excel workbook (issue
 * 15 point 2): the meetings, the key sites and their visits, the devices, the
 * trainings, the inspections and rectification notices, the incidents, the
 * people register, the publications filed for review (PUB-1), the letters
 * marked 领导亲启 (REG-3), the counts held (INV-1..4), each person's training
 * hours (PERSON-6), the self-assessments and a year's checklist (INSP-4), the
 * reports delivered (ORG-2), what is out at the desk (KEEP-6), the requests
 * and the trips abroad of cleared people (PERSON-8).
 *
 * Each list's rows are the items its JSON carries (what the actor may see, as
 * its list use case returned them); a named column set lays them out with the
 * register's Chinese title and headers, a 序号 column and, where the rows have
 * one, the 密级 column. The HTTP lists (?format=csv|xlsx) and the CLI lists
 * (--format xlsx --out FILE) share the column sets, so both give one sheet.
 */
#ifndef BM_LIST_SHEET_H
#define BM_LIST_SHEET_H

#include <jansson.h>

#include "service/service.h"
#include "util/xlsx.h"

/* The named column sets: "meetings", "sites", "site-visits", "devices", "device-repairs",
 * "trainings",
 * "inspections", "rectifications", "incidents", "people", "publications", "letters",
 * "counts", "training-hours", "self-assessments", "self-assessment",
 * "report-deliveries", "desk-out", "requests", "trips". */
bool bm_list_sheet_known(const char *which);

/*
 * `items` (a JSON array of the list's objects) as a sheet of `which` into `out`;
 * `range` the period shown in the title row (or NULL). Returns 0, BM_EINVALID (an
 * unknown `which`), BM_ENOMEM, BM_ETOOLARGE or BM_ERROR.
 */
int bm_svc_list_sheet(bm_ctx *ctx, const char *which, const char *range, const json_t *items,
                      bm_sheet_format format, bm_buf *out);

#endif
