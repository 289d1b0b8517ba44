/*
 * check.c — `baomi check` (check.h): the file's integrity, the chain and
 * its checkpoints, and the ledger bound to the chain (issue 9 point 3).
 *
 * The binding is checked in two passes inside one read snapshot: the chain
 * gives, for every (table, id) it recorded, the digest of its last event
 * ("bound_rows", audit/audit.h); then every row of each bound table is
 * digested and looked up. The map holds 32 bytes of digest per row the
 * chain names, so a million-row ledger costs tens of megabytes.
 */
#include "common.h"

#include <inttypes.h>
#include <stdlib.h>

#include "audit/audit.h"
#include "service/check.h"
#include "service/service_int.h"

static const char *const bound_table[BM_BOUND_TABLE_COUNT] = BM_BOUND_TABLES;

/* ---- the chain's last word on each row: an open-addressing map ----------- */

typedef struct slot {
	uint64_t key; /* (table + 1) << 56 | id; 0 = empty */
	int64_t seq;
	unsigned char digest[BM_AUDIT_HASH_HEX / 2];
	bool gone; /* the event recorded the row as deleted ("-") */
	bool seen; /* the table still has the row */
} slot;

/* A bound set an event recorded ("bound_sets", issue 17 point 5). */
typedef struct chain_set {
	int64_t seq;
	int table;
	int64_t count, first, last;
	char digest[BM_AUDIT_HASH_HEX + 1];
	bool seen; /* its stored chunks were found */
} chain_set;

typedef struct rowmap {
	slot *slots;
	size_t cap, used; /* cap a power of two */
	chain_set *sets;
	size_t n_sets, cap_sets;
} rowmap;

static uint64_t key_of(int table, int64_t id)
{
	return ((uint64_t)(table + 1) << 56) | ((uint64_t)id & 0x00ffffffffffffffu);
}

static size_t hash_of(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdu;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

static slot *map_find(rowmap *m, uint64_t key, bool add)
{
	size_t i;
	if (add && (m->used + 1) * 4 >= m->cap * 3) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		slot *bigger = bm_calloc(cap, sizeof(*bigger));
		if (!bigger)
			return NULL;
		for (size_t j = 0; j < m->cap; j++) {
			if (!m->slots[j].key)
				continue;
			i = hash_of(m->slots[j].key, cap);
			while (bigger[i].key)
				i = (i + 1) & (cap - 1);
			bigger[i] = m->slots[j];
		}
		bm_free(m->slots);
		m->slots = bigger;
		m->cap = cap;
	}
	if (!m->cap)
		return NULL;
	for (i = hash_of(key, m->cap); m->slots[i].key; i = (i + 1) & (m->cap - 1))
		if (m->slots[i].key == key)
			return &m->slots[i];
	if (!add)
		return NULL;
	m->slots[i].key = key;
	m->used++;
	return &m->slots[i];
}

static int hex_to_bytes(const char *hex, unsigned char *out)
{
	for (size_t i = 0; i < BM_AUDIT_HASH_HEX / 2; i++) {
		int v = 0;
		for (int k = 0; k < 2; k++) {
			char c = hex[2 * i + (size_t)k];
			int d = c >= '0' && c <= '9'   ? c - '0'
			        : c >= 'a' && c <= 'f' ? c - 'a' + 10
			                               : -1;
			if (d < 0)
				return -1;
			v = v * 16 + d;
		}
		out[i] = (unsigned char)v;
	}
	return hex[BM_AUDIT_HASH_HEX] == '\0' ? 0 : -1;
}

static int table_index(const char *name)
{
	for (int i = 0; i < BM_BOUND_TABLE_COUNT; i++)
		if (strcmp(name, bound_table[i]) == 0)
			return i;
	return -1;
}

/* ---- pass 1: what the chain recorded ---------------------------------------- */

/* The chain's digest of (table, id) at event `seq`, unless a later one is known. */
static int note_row(rowmap *m, int t, int64_t id, int64_t seq, const unsigned char *digest)
{
	slot *s = map_find(m, key_of(t, id), true);
	if (!s)
		return bm_error_nomem();
	if (s->seq > seq)
		return 0;
	s->seq = seq;
	s->gone = digest == NULL;
	if (digest)
		memcpy(s->digest, digest, sizeof(s->digest));
	return 0;
}

/*
 * Notes the "bound_rows" and "bound_sets" of one event. An entry this
 * program cannot read is ignored: the chain verification has already
 * judged the event's bytes, and a row it fails to name is then reported as
 * not matching (a set it fails to name, as its chunks matching no event).
 */
static int chain_row(const bm_audit_row *r, void *cls)
{
	rowmap *m = cls;
	json_t *d, *rows, *e;
	size_t i;
	int rc = 0;

	if (!r->detail ||
	    (!strstr(r->detail, "\"bound_rows\":[") && !strstr(r->detail, "\"bound_sets\":[")))
		return 0;
	if (!(d = json_loads(r->detail, 0, NULL)))
		return 0;
	rows = json_object_get(d, "bound_rows");
	json_array_foreach(rows, i, e)
	{
		int t = json_is_string(json_array_get(e, 0))
		                ? table_index(json_string_value(json_array_get(e, 0)))
		                : -1;
		const char *hex = json_string_value(json_array_get(e, 2));
		json_int_t id = json_integer_value(json_array_get(e, 1));
		unsigned char digest[BM_AUDIT_HASH_HEX / 2];
		bool gone = hex && strcmp(hex, "-") == 0;
		if (t < 0 || !hex || (!gone && hex_to_bytes(hex, digest) != 0))
			continue;
		if ((rc = note_row(m, t, (int64_t)id, r->seq, gone ? NULL : digest)) != 0)
			goto done;
	}
	/* ["table", count, first_id, last_id, "digest"]: the rows are in bind_set */
	rows = json_object_get(d, "bound_sets");
	json_array_foreach(rows, i, e)
	{
		int t = json_is_string(json_array_get(e, 0))
		                ? table_index(json_string_value(json_array_get(e, 0)))
		                : -1;
		const char *hex = json_string_value(json_array_get(e, 4));
		unsigned char digest[BM_AUDIT_HASH_HEX / 2];
		chain_set *cs;
		if (t < 0 || !hex || hex_to_bytes(hex, digest) != 0)
			continue;
		if (m->n_sets == m->cap_sets) {
			size_t cap = m->cap_sets ? m->cap_sets * 2 : 8;
			chain_set *bigger = bm_realloc(m->sets, cap * sizeof(*bigger));
			if (!bigger) {
				rc = bm_error_nomem();
				goto done;
			}
			m->sets = bigger;
			m->cap_sets = cap;
		}
		cs = &m->sets[m->n_sets++];
		*cs = (chain_set){
		        .seq = r->seq,
		        .table = t,
		        .count = (int64_t)json_integer_value(json_array_get(e, 1)),
		        .first = (int64_t)json_integer_value(json_array_get(e, 2)),
		        .last = (int64_t)json_integer_value(json_array_get(e, 3)),
		};
		memcpy(cs->digest, hex, sizeof(cs->digest));
	}
done:
	json_decref(d);
	return rc;
}

/* ---- pass 2: the rows as they stand ----------------------------------------- */

typedef struct scan {
	rowmap *map;
	bm_check_report *report;
	size_t cap;
	int64_t floor; /* the table's largest id when binding began */
} scan;

static int add_finding(scan *sc, int table, int64_t id, bm_check_kind kind, int64_t seq)
{
	bm_check_report *r = sc->report;
	if (r->n_findings == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 16;
		bm_check_finding *bigger = bm_realloc(r->findings, cap * sizeof(*bigger));
		if (!bigger)
			return bm_error_nomem();
		r->findings = bigger;
		sc->cap = cap;
	}
	r->findings[r->n_findings++] =
	        (bm_check_finding){.table = bound_table[table], .id = id, .kind = kind, .seq = seq};
	return 0;
}

static int table_row(void *cls, const char *table, int64_t id, const unsigned char *bytes, size_t n)
{
	scan *sc = cls;
	int t = table_index(table), rc;
	char hex[BM_AUDIT_HASH_HEX + 1];
	unsigned char digest[BM_AUDIT_HASH_HEX / 2];
	slot *s;

	if (t < 0 || !bytes)
		return 0;
	sc->report->rows++;
	s = map_find(sc->map, key_of(t, id), false);
	if (!s) {
		if (id <= sc->floor) {
			sc->report->before_binding++;
			return 0;
		}
		return add_finding(sc, t, id, BM_CHECK_NOT_IN_CHAIN, 0);
	}
	s->seen = true;
	if ((rc = bm_audit_row_digest(bytes, n, hex)) != 0)
		return rc;
	if (hex_to_bytes(hex, digest) != 0)
		return bm_error_set(BM_ERROR, "digest_invalid", NULL, "摘要无效", "invalid digest");
	if (!s->gone && memcmp(digest, s->digest, sizeof(digest)) == 0) {
		sc->report->bound++;
		return 0;
	}
	return add_finding(sc, t, id, BM_CHECK_CHANGED, s->seq);
}

/* ---- pass 1b: the stored digests of the chain's bound sets ------------------ */

/* The chunks of one (event, table) being read, in chunk order. */
typedef struct set_scan {
	scan *sc;
	int64_t seq;
	int table; /* -1: none yet */
	bm_audit_digest *d;
	int64_t count, first, last, next_chunk;
	bool gap; /* a chunk is missing or out of order */
} set_scan;

static chain_set *set_of(rowmap *m, int64_t seq, int table)
{
	for (size_t i = 0; i < m->n_sets; i++)
		if (m->sets[i].seq == seq && m->sets[i].table == table)
			return &m->sets[i];
	return NULL;
}

/* The group read so far is complete: does it give the event's set? */
static int set_close(set_scan *ss)
{
	char hex[BM_AUDIT_HASH_HEX + 1];
	chain_set *cs;
	bm_audit_digest *d = ss->d;
	int rc;

	if (ss->table < 0)
		return 0;
	ss->d = NULL;
	if ((rc = bm_audit_digest_final(d, hex)) != 0)
		return rc;
	cs = set_of(ss->sc->map, ss->seq, ss->table);
	if (cs && !cs->seen && !ss->gap && cs->count == ss->count && cs->first == ss->first &&
	    cs->last == ss->last && strcmp(cs->digest, hex) == 0) {
		cs->seen = true;
		ss->sc->report->set_rows += ss->count;
	} else if ((rc = add_finding(ss->sc, ss->table, 0, BM_CHECK_SET_BROKEN, ss->seq)) != 0) {
		return rc;
	} else if (cs) {
		cs->seen = true; /* reported once */
	}
	ss->table = -1;
	return 0;
}

static int set_chunk(void *cls, int64_t seq, const char *table, int64_t chunk, const int64_t *ids,
                     const unsigned char *digests, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	static const unsigned char zero[BM_BOUND_DIGEST] = {0};
	set_scan *ss = cls;
	int t = table_index(table), rc;

	if (t < 0)
		return 0;
	if (ss->table != t || ss->seq != seq) {
		char head[64];
		int hn;
		if ((rc = set_close(ss)) != 0)
			return rc;
		if (!(ss->d = bm_audit_digest_new()))
			return BM_ERROR;
		ss->table = t;
		ss->seq = seq;
		ss->count = ss->next_chunk = 0;
		ss->first = ss->last = 0;
		ss->gap = false;
		hn = snprintf(head, sizeof(head), "baomi-set-v1\n%zu:%s\n", strlen(table), table);
		if ((rc = bm_audit_digest_update(ss->d, head, (size_t)hn)) != 0)
			return rc;
	}
	if (chunk != ss->next_chunk++)
		ss->gap = true;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *dg = digests + i * BM_BOUND_DIGEST;
		bool gone = memcmp(dg, zero, sizeof(zero)) == 0;
		char num[32], hex[BM_AUDIT_HASH_HEX + 1] = "-", head[48];
		int nn = snprintf(num, sizeof(num), "%" PRId64, ids[i]), hn;
		if (!gone) {
			for (size_t k = 0; k < BM_BOUND_DIGEST; k++) {
				hex[2 * k] = digits[dg[k] >> 4];
				hex[2 * k + 1] = digits[dg[k] & 0x0f];
			}
			hex[BM_AUDIT_HASH_HEX] = '\0';
		}
		hn = snprintf(head, sizeof(head), "%d:%s\n%zu:", nn, num, strlen(hex));
		if ((rc = bm_audit_digest_update(ss->d, head, (size_t)hn)) != 0 ||
		    (rc = bm_audit_digest_update(ss->d, hex, strlen(hex))) != 0 ||
		    (rc = bm_audit_digest_update(ss->d, "\n", 1)) != 0)
			return rc;
		if (!ss->count)
			ss->first = ids[i];
		else if (ids[i] <= ss->last)
			ss->gap = true;
		ss->last = ids[i];
		ss->count++;
		if ((rc = note_row(ss->sc->map, t, ids[i], seq, gone ? NULL : dg)) != 0)
			return rc;
	}
	return 0;
}

/* Every set the chain recorded, against the digests the store kept for it. */
static int check_sets(bm_store *st, scan *sc)
{
	set_scan ss = {.sc = sc, .table = -1};
	rowmap *m = sc->map;
	int rc = 0;

	if (m->n_sets == 0 && !st->ops->bound_set_scan)
		return 0;
	if (st->ops->bound_set_scan &&
	    ((rc = BM_STORE(st, bound_set_scan)(st, set_chunk, &ss)) != 0 ||
	     (rc = set_close(&ss)) != 0))
		goto done;
	for (size_t i = 0; i < m->n_sets; i++)
		if (!m->sets[i].seen &&
		    (rc = add_finding(sc, m->sets[i].table, 0, BM_CHECK_SET_BROKEN,
		                      m->sets[i].seq)) != 0)
			goto done;
done:
	bm_audit_digest_free(ss.d);
	return rc;
}

static int cmp_finding(const void *a, const void *b)
{
	const bm_check_finding *x = a, *y = b;
	int tx = table_index(x->table), ty = table_index(y->table);
	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Both passes; findings sorted by table and id. */
static int check_binding(bm_store *st, bm_check_report *out)
{
	rowmap map = {0};
	scan sc = {.map = &map, .report = out};
	int rc;

	if ((rc = BM_STORE(st, audit_foreach)(st, chain_row, &map)) != 0 ||
	    (rc = check_sets(st, &sc)) != 0)
		goto done;
	for (int t = 0; t < BM_BOUND_TABLE_COUNT; t++) {
		int64_t seq = 0;
		if ((rc = BM_STORE(st, bound_floor)(st, bound_table[t], &sc.floor, &seq)) != 0)
			goto done;
		if (seq > out->binding_seq)
			out->binding_seq = seq;
		if ((rc = BM_STORE(st, bound_scan)(st, bound_table[t], table_row, &sc)) != 0)
			goto done;
	}
	/* What the chain recorded and the tables no longer hold. */
	for (size_t i = 0; i < map.cap; i++) {
		slot *s = &map.slots[i];
		if (s->key && !s->seen && !s->gone &&
		    (rc = add_finding(&sc, (int)(s->key >> 56) - 1,
		                      (int64_t)(s->key & 0x00ffffffffffffffu), BM_CHECK_DELETED,
		                      s->seq)) != 0)
			goto done;
	}
	if (out->n_findings)
		qsort(out->findings, out->n_findings, sizeof(*out->findings), cmp_finding);
done:
	bm_free(map.slots);
	bm_free(map.sets);
	return rc;
}

/* ---- the whole check ------------------------------------------------------- */

const char *bm_check_kind_code(bm_check_kind k)
{
	switch (k) {
	case BM_CHECK_CHANGED: return "changed";
	case BM_CHECK_DELETED: return "deleted";
	case BM_CHECK_SET_BROKEN: return "set_broken";
	default: return "not_in_chain";
	}
}

void bm_check_report_release(bm_check_report *r)
{
	if (!r)
		return;
	bm_free(r->findings);
	r->findings = NULL;
	r->n_findings = 0;
}

int bm_check_run(const char *db, const bm_check_opts *opts, bm_check_report *out)
{
	static const bm_check_opts none = {0};
	char key_path[4096], cps_path[4096];
	bm_audit_check_opts copts = {0};
	bm_svc_anchor anchor = {0};
	bm_store *store = NULL;
	bm_arena arena;
	bm_ctx ctx;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &none;
	bm_arena_init(&arena, 0);
	if ((rc = bm_svc_open_readonly(&store, db)) != 0)
		goto fail;
	if ((rc = bm_ctx_init(&ctx, store, &arena, 0, "check")) != 0)
		goto fail;
	if (bm_svc_anchor_default(db, key_path, cps_path, sizeof(key_path)) != 0) {
		bm_error_clear();
		key_path[0] = cps_path[0] = '\0';
	}
	anchor.key_path = opts->audit_key ? opts->audit_key : key_path;
	anchor.checkpoints_path = opts->checkpoints ? opts->checkpoints : cps_path;
	if (*anchor.key_path && *anchor.checkpoints_path)
		ctx.anchor = &anchor;

	/* One snapshot for all three: the chain and the rows it is compared with. */
	if ((rc = BM_STORE(store, begin_read)(store)) != 0)
		goto fail;
	if (opts->ledger_only) {
		snprintf(out->integrity, sizeof(out->integrity), "ok");
		out->integrity_ok = true;
		rc = check_binding(store, out);
	} else {
		rc = BM_STORE(store, integrity)(store, out->integrity, sizeof(out->integrity));
		out->integrity_ok = rc == 0 && strcmp(out->integrity, "ok") == 0;
	}
	if (rc == 0 && !opts->ledger_only) {
		copts.checkpoints = opts->checkpoints;
		copts.code = opts->code;
		out->chain_rc = bm_svc_audit_walk(&ctx, &copts, &out->chain);
		if (out->chain_rc == 0 && opts->code && !copts.file_found)
			out->chain_rc = bm_error_set(
			        BM_ENOTFOUND, "checkpoints_not_found", NULL,
			        "没有检查点文件，无法核对校验码",
			        "there is no checkpoint file to check the code against");
		if (out->chain_rc)
			bm_error_save(&out->chain_error);
		out->checkpoints_found = copts.file_found;
		rc = check_binding(store, out);
	}
	BM_STORE(store, rollback)(store);
	if (rc)
		goto fail;
	bm_svc_close(store);
	bm_arena_release(&arena);

	out->ok = out->integrity_ok && out->chain_rc == 0 && out->n_findings == 0;
	if (out->ok)
		return 0;
	return bm_audit_check_failed(out->integrity_ok, out->chain_rc == 0, out->n_findings);
fail:
	bm_check_report_release(out);
	bm_svc_close(store);
	bm_arena_release(&arena);
	return rc;
}

int bm_check_ledger_in(bm_store *store, bm_check_report *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(out->integrity, sizeof(out->integrity), "ok");
	out->integrity_ok = true;
	if ((rc = check_binding(store, out)) != 0) {
		bm_check_report_release(out);
		return rc;
	}
	out->ok = out->n_findings == 0;
	return out->ok ? 0 : bm_audit_check_failed(true, true, out->n_findings);
}

static const char *table_zh(const char *t)
{
	static const char *const zh[BM_BOUND_TABLE_COUNT] = {
	        "载体",     "借出记录", "申请",         "人员",         "人员记录",   "培训",
	        "培训签到", "出境记录", "设备",         "设备记录",     "要害部位",   "部位人员",
	        "防护措施", "进出登记", "部位记录",     "保密检查",     "整改通知",   "整改记录",
	        "自查自评", "自查项目", "涉密会议",     "参会人员",     "会议文件",   "会议记录",
	        "奖惩记录", "月报报送", "领导小组成员", "部门保密责任", "责任制记录", "登记序号",
	};
	int i = table_index(t);
	return i < 0 ? t : zh[i];
}

void bm_check_finding_text(const bm_check_finding *f, char *zh, char *en, size_t size)
{
	const char *tz = table_zh(f->table);
	if (f->kind == BM_CHECK_SET_BROKEN) {
		snprintf(zh, size,
		         "%s %s：第 %" PRId64 " 条审计事件批量绑定的行摘要已被改动、删除或添加", tz,
		         f->table, f->seq);
		snprintf(en, size,
		         "%s: the rows event %" PRId64
		         " bound as a set do not match it (their stored "
		         "digests were changed, removed or added)",
		         f->table, f->seq);
	} else if (f->kind == BM_CHECK_NOT_IN_CHAIN) {
		snprintf(zh, size, "%s %s:%" PRId64 " 不在审计链中", tz, f->table, f->id);
		snprintf(en, size, "%s:%" PRId64 " not in the chain (no event recorded it)",
		         f->table, f->id);
	} else if (f->kind == BM_CHECK_DELETED) {
		snprintf(zh, size,
		         "%s %s:%" PRId64 " 已被删除（审计链第 %" PRId64 " 条事件记录过它）", tz,
		         f->table, f->id, f->seq);
		snprintf(en, size, "%s:%" PRId64 " deleted (last recorded by event %" PRId64 ")",
		         f->table, f->id, f->seq);
	} else {
		snprintf(zh, size, "%s %s:%" PRId64 " 在第 %" PRId64 " 条审计事件之后被改动", tz,
		         f->table, f->id, f->seq);
		snprintf(en, size, "%s:%" PRId64 " changed after event %" PRId64, f->table, f->id,
		         f->seq);
	}
}
