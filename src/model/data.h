/*
 * model/data.h — the records of every domain, in the order they build on
 * each other: what the store reads and writes and the services return.
 *
 * They live below the store so that the front ends can read what a use case
 * returns without seeing the store: service/service.h includes this header
 * and holds the store only as an opaque handle (docs/ARCHITECTURE.md,
 * Layers). A record is plain data: no function here reads or writes one.
 */
#ifndef BM_MODEL_DATA_H
#define BM_MODEL_DATA_H

#include "model/org.h"
#include "model/carrier.h"
#include "model/audit.h"
#include "model/session.h"
#include "model/workflow.h"
#include "model/records.h"
#include "model/ledger.h"
#include "model/letter.h"
#include "model/people.h"
#include "model/site.h"
#include "model/device.h"
#include "model/merit.h"
#include "model/meeting.h"
#include "model/inspection.h"
#include "model/selfcheck.h"
#include "model/report.h"
#include "model/duty.h"

#endif
