// tests/api/classify.test.mjs — issue 13 point 6: making a classified
// carrier is a classification decision (LEVEL-4, LEVEL-9). The make request
// names the classification authority (定密责任人) and the catalogue entry
// (定密依据); the execution records them on every copy with the approved
// period, and the clerk changes none of the three. Each refusal names its
// rule and leaves carriers, requests and history as they were.
import assert from 'node:assert/strict';
import { test, before, after } from 'node:test';
import { demoUnit, startServer, call, login, refused, approvedMake, query } from './lib.mjs';

let unit, srv, url, clerk, leader, secadmin;

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  clerk = await login(url, 'clerk');
  leader = await login(url, 'leader');
  secadmin = await login(url, 'secadmin');
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, token = clerk) => call(url, 'POST', path, { token, body });
const sql = (s) => query(unit, s);
// What a refusal must leave alone: carriers, requests and their states, history.
const state = () => sql(`SELECT (SELECT count(*) FROM carrier) || '/' || (SELECT count(*) FROM request)
  || '/' || (SELECT count(*) FROM carrier_event)`) + '/' + sql('SELECT id, status FROM request ORDER BY id');

const make = { title: '定密测试', level: '秘密', copies: 2, doc_number: '定密发〔2026〕1号', scope: '办公室' };
const file = (params) => post('/api/v1/requests', { op: 'make', carrier_ids: [], reason: '起草', params });

async function refusedSame(r, status, code, rule) {
  const before = state();
  refused(await r(), status, code, rule);
  assert.equal(state(), before, 'nothing changed');
}

test('LEVEL-9: a classified make request without classifier or basis is not filed', async () => {
  await refusedSame(() => file(make), 400, 'classification_required', 'LEVEL-9');
  await refusedSame(() => file({ ...make, classifier: 'classifier' }), 400, 'classification_required', 'LEVEL-9');
  await refusedSame(() => file({ ...make, basis: '一览表第1项' }), 400, 'classification_required', 'LEVEL-9');
});

test('LEVEL-4: the classifier named holds the classification authority', async () => {
  await refusedSame(() => file({ ...make, classifier: 'leader', basis: '一览表第1项' }), 403,
    'not_classification_authority', 'LEVEL-4');
  await refusedSame(() => file({ ...make, classifier: 'nobody', basis: '一览表第1项' }), 404,
    'unknown_person', 'LEVEL-9');
});

test('LEVEL-4/9: the request records the classifier, the basis and the period', async () => {
  const r = await file({ ...make, classifier: 'classifier', basis: '一览表第1项' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.params.basis, '一览表第1项');
  assert.equal(typeof r.json.params.classifier_id, 'number');
  assert.equal(r.json.params.period, '10', 'no period given: the level maximum is recorded');
});

test('LEVEL-4/9: the clerk carries out the decision as approved, on both routes', async () => {
  const id = await approvedMake(url, clerk, leader,
    { ...make, doc_number: '定密发〔2026〕2号', period: 5, basis: '一览表第3项' });
  const place = '考试保密室';
  await refusedSame(() => post('/api/v1/carriers/made', { request_id: id, place, period: 10 }), 403,
    'period_not_approved', 'LEVEL-4');
  await refusedSame(() => post(`/api/v1/requests/${id}/execute`, { place, period: '2028-12-31' }), 403,
    'period_not_approved', 'LEVEL-4');
  await refusedSame(() => post('/api/v1/carriers/made', { request_id: id, place, classifier: 'leader' }), 403,
    'classifier_not_approved', 'LEVEL-4');
  await refusedSame(() => post(`/api/v1/requests/${id}/execute`, { place, basis: '一览表第9项' }), 403,
    'basis_not_approved', 'LEVEL-9');
  // The authority lost between approval and making: refused at the desk.
  const who = sql("SELECT id FROM person WHERE username = 'classifier'");
  const g = await post(`/api/v1/people/${who}/grant`, { roles: ['staff'] }, secadmin);
  assert.equal(g.status, 200, g.text);
  await refusedSame(() => post('/api/v1/carriers/made', { request_id: id, place }), 403,
    'not_classification_authority', 'LEVEL-4');
  const back = await post(`/api/v1/people/${who}/grant`, { roles: ['classifier'] }, secadmin);
  assert.equal(back.status, 200, back.text);

  const ok = await post('/api/v1/carriers/made', { request_id: id, place, period: '5年', basis: '一览表第3项' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.count, 2);
  for (const c of ok.json.items) {
    assert.equal(c.marking, '秘密★5年');
    assert.equal(c.classification.classifier, '孙海明');
    assert.equal(c.classification.basis, '一览表第3项');
  }
  const show = await call(url, 'GET', `/api/v1/carriers/${ok.json.items[0].id}`, { token: clerk });
  assert.deepEqual(show.json.classification, ok.json.items[0].classification);
  // An incoming carrier was classified by its originator: none recorded here.
  const inc = await post('/api/v1/carriers', { title: '来文', level: '秘密', place, scope: ['办公室'] });
  assert.equal(inc.status, 201, inc.text);
  assert.equal(inc.json.classification, null);
});
