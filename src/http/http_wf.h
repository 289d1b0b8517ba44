/*
 * http_wf.h — what the workflow handler files (h_workflow.c, h_records.c,
 * h_ledger.c) share beyond http_int.h: bodies with id lists and free-form
 * objects, paging parameters and list replies.
 */
#ifndef BM_HTTP_WF_H
#define BM_HTTP_WF_H

#include "http/http_int.h"

/*
 * Takes `key` out of the request body so that bm_http_fields, which refuses
 * unknown fields, sees only the plain ones. Returns a new reference for the
 * caller (json_decref), or NULL when the key is absent or null.
 */
json_t *bm_http_take(bm_http_req *r, const char *key);

/*
 * Reads a JSON array of positive integer ids (or decimal strings) into an
 * arena array. `required`: absent or empty fails ("required"); a wrong
 * element fails ("wrong_type"). Absent and not required: n = 0, out = NULL.
 */
int bm_http_id_list(bm_http_req *r, const json_t *v, const char *name, bool required, int64_t **out,
                    size_t *n);

/* A request's params object as compact, key-sorted JSON text in the request's arena. */
int bm_http_params_text(bm_http_req *r, const json_t *params, const char **out);

/* Reads a JSON array of strings into an arena array of arena strings. */
int bm_http_str_list(bm_http_req *r, const json_t *v, const char *name, const char ***out,
                     size_t *n);

/*
 * DESTROY-2 with REG-1 (issue 14 point 5; h_records.c): `witnesses` of a
 * destruction or a device's scrapping (DEV-6), an array of {person,
 * password | on_paper, signature}: each witness's own password on the
 * clerk's screen, or by hand on the printed register (no account). A plain
 * ref (only named) is taken with no confirmation, which the service refuses;
 * a typed `signature` is passed on to be refused; another key is wrong_type.
 */
int bm_http_witness_list(bm_http_req *r, const json_t *v, const char ***refs,
                         bm_svc_receipt **receipts, size_t *n);

/* A positive id from a text field ("12"); fails BM_EINVALID naming `name`. */
int bm_http_text_id(const char *text, const char *name, int64_t *out);

/*
 * A carrier's id from a text field: "12" or the label's QR text
 * "baomi:carrier:12" (h_label.c), as the CLI takes it; else as bm_http_text_id.
 */
int bm_http_carrier_id(const char *text, const char *name, int64_t *out);

/* Parses "limit"/"offset" query values (either may be NULL); limit 1..1000. */
int bm_http_paging(const char *limit_text, const char *offset_text, int *limit, int *offset);

/* Replies 200 {"items": arr, "total": total} (total < 0: the array's size). */
int bm_http_items(bm_http_req *r, json_t *arr, int64_t total);

#endif
