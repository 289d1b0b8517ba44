/*
 * open.c — the front ends' way to a database: they open and close it through
 * the service layer and never call the store themselves (docs/ARCHITECTURE.md,
 * Layers). The handle stays opaque above the service.
 */
#include "common.h"

#include "service/service_int.h"

int bm_svc_open(bm_store **out, const char *target)
{
	return bm_store_open(out, target);
}

void bm_svc_close(bm_store *store)
{
	bm_store_close(store);
}

void bm_svc_share_writer(bm_store *reader, bm_store *writer)
{
	bm_store_share_pipeline(reader, writer);
}
