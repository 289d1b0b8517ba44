// tests/api/named.test.mjs — issue 13 point 2 through the real server:
// PERSON-2 on every way into a knowledge scope or a custody. 林雪 (linxue)
// of the demo unit is classed but has signed no commitment: she is refused
// wherever a route names her — registration (scope, custodian), a make
// request's distribution scope, a volume's scope, a move — each with the
// rule, and the ledger (carriers, scope rows, custodians) stays as it was.
// Once she signs, the same registration is accepted.
import assert from 'node:assert/strict';
import { test, before, after } from 'node:test';
import { demoUnit, startServer, call, login, refused, query } from './lib.mjs';

let unit, srv, url, clerk, staff, secadmin;

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  clerk = await login(url, 'clerk');
  staff = await login(url, 'staff');
  secadmin = await login(url, 'secadmin');
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, token = clerk) => call(url, 'POST', path, { token, body });
const sql = (s) => query(unit, s);
// What a refusal must leave alone: carriers, scope rows, requests, custodians.
const state = () => sql(`SELECT (SELECT count(*) FROM carrier) || '/' || (SELECT count(*) FROM carrier_scope)
  || '/' || (SELECT count(*) FROM request)`) + '/' + sql('SELECT id, custodian_id FROM carrier ORDER BY id');

const base = { level: '秘密', place: '考试保密室' };
const keep = { keep_reason: '工作需要', keep_approver: 'leader', keep_until: '2030-12-31' };

// PERSON-2 refused, naming the person, with nothing changed.
async function refusedNamed(r, before) {
  refused(r, 403, 'no_commitment', 'PERSON-2');
  assert.match(r.json.error.message, /林雪/);
  assert.match(r.json.error.message_en, /林雪/);
  assert.equal(state(), before, 'nothing changed');
}

test('PERSON-2: linxue has no commitment (the demo unit)', () => {
  assert.equal(sql("SELECT coalesce(commitment_signed_on, 'none') FROM person WHERE username = 'linxue'"), 'none');
});

test('PERSON-2: registration refuses her in the knowledge scope', async () => {
  const before = state();
  await refusedNamed(await post('/api/v1/carriers', { ...base, title: '未签人员件', scope: ['财务科', 'linxue'] }), before);
  await refusedNamed(await post('/api/v1/carriers', { ...base, title: '未签人员件', scope: ['person:linxue'] }), before);
});

test('PERSON-2: registration refuses her as custodian', async () => {
  const before = state();
  const r = await post('/api/v1/carriers', { ...base, title: '未签保管件', scope: ['财务科'], custodian: 'linxue', ...keep });
  await refusedNamed(r, before);
  assert.match(r.json.error.message, /保管人/);
});

test('PERSON-2: a make request naming her is not filed', async () => {
  const before = state();
  await refusedNamed(await post('/api/v1/requests', {
    op: 'make', carrier_ids: [], reason: '工作需要',
    params: { title: '未签人员稿', level: '秘密', copies: 1, doc_number: '财发〔2026〕7号', scope: '财务科,linxue' },
  }, staff), before);
});

test('PERSON-2: a volume, a move refuse her', async () => {
  const part = await post('/api/v1/carriers', { ...base, title: '财务卷内件', scope: ['财务科'] });
  assert.equal(part.status, 201, part.text);
  const before = state();
  await refusedNamed(await post('/api/v1/volumes', {
    ...base, title: '财务案卷', scope: ['财务科', 'linxue'], parts: [part.json.id],
  }), before);
  // She is in 财务科, the carrier's scope: only the person rule refuses.
  await refusedNamed(await post(`/api/v1/carriers/${part.json.id}/move`, { custodian: 'linxue', reason: '工作需要', ...keep }), before);
  assert.equal(sql(`SELECT count(*) FROM carrier WHERE id = ${part.json.id} AND volume_id IS NULL`), '1');
});

test('PERSON-2: once she signs, registration names her', async () => {
  const id = sql("SELECT id FROM person WHERE username = 'linxue'");
  const g = await call(url, 'POST', `/api/v1/people/${id}/grant`, {
    token: secadmin, body: { class: 'general', roles: ['staff'], commitment_signed_on: '2026-01-05' },
  });
  assert.equal(g.status, 200, g.text);
  const r = await post('/api/v1/carriers', { ...base, title: '已签人员件', scope: ['财务科', 'linxue'] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.scope.length, 2);
});

// Issue 13 gap: adding a part to a volume runs the checks of the volume's creation;
// the people the volume names see the part through it (PERSON-7, bm_rules_named_person).
test('PERSON-7: a part is not added to a volume whose scope names a person who left', async () => {
  const a = await post('/api/v1/carriers', { ...base, title: '离岗卷内件', scope: ['财务科', 'linxue'] });
  const b = await post('/api/v1/carriers', { ...base, title: '离岗卷外件', scope: ['财务科', 'linxue'] });
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  const vol = await post('/api/v1/volumes', { ...base, title: '离岗前案卷', parts: [a.json.id] });
  assert.equal(vol.status, 201, vol.text);
  const id = sql("SELECT id FROM person WHERE username = 'linxue'");
  const gone = await call(url, 'POST', `/api/v1/people/${id}/depart`, { token: secadmin, body: { left_on: '2026-01-06' } });
  assert.equal(gone.status, 200, gone.text);
  const before = state();
  const r = await post(`/api/v1/volumes/${vol.json.id}/items`, { part_id: b.json.id });
  refused(r, 403, 'person_disabled', 'PERSON-7');
  assert.match(r.json.error.message, /林雪/);
  assert.equal(state(), before, 'nothing changed');
  assert.equal(sql(`SELECT count(*) FROM carrier WHERE id = ${b.json.id} AND volume_id IS NULL`), '1');
});
