// tests/api/foreign.test.mjs — issue 13 points 9 and 11 through the real
// server: providing carriers to a foreign party (FOREIGN-1) and the outside
// approvals (FOREIGN-1's higher secrecy authority, COPY-2's originating
// authority, CARRY-3's higher authority) recorded as who / document number /
// date, never as a flag the requester sets. A dispatch to a foreign party
// consumes an approved provision request, and the approved provision is
// carried out at the desk (POST /requests/{id}/execute) as a dispatch. Every
// refusal names its rule, and nothing changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, unitDay } from './lib.mjs';

let unit, srv, url, doc, other;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'staff', 'principal']) tok[u] = await login(url, u);
  doc = await register({ title: '对外交流材料（秘密）', level: '秘密', doc_number: '教外〔2026〕1号', serial_number: 1 });
  other = await register({ title: '对外交流材料附件', level: '秘密', doc_number: '教外〔2026〕2号', serial_number: 1 });
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });

const EMBASSY = '某国驻华大使馆';
const HIGHER = { by: '省国家保密局李四', document: '省保函〔2026〕8号', date: '2026-11-20' };

async function register(fields) {
  const r = await post('/api/v1/carriers', {
    producer: '省教育厅', sender: '市教育局', pages: 4, place: '机要室保密柜（二号）',
    scope: ['基础教育科', 'clerk'], ...fields,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// What a refusal must leave as it was: the requests, the dispatches, the carrier.
async function snapshot(carrierId) {
  const reqs = await get('/api/v1/requests?limit=1000');
  const dis = await get('/api/v1/dispatches');
  const c = await get(`/api/v1/carriers/${carrierId}`);
  return { requests: reqs.json.total, dispatches: dis.json.total, status: c.json.status.code,
    history: c.json.history.length };
}


test('FOREIGN-1: the higher authority\'s approval is a record; the old flag is refused saying what to send', async () => {
  const before = await snapshot(doc.id);
  const flag = await post('/api/v1/requests', { op: 'foreign', carrier_ids: [doc.id], reason: '交流',
    params: { recipient: EMBASSY, higher_approved: true } }, 'staff');
  refused(flag, 400, 'outside_approval_flag', 'FOREIGN-1');
  assert.match(flag.json.error.message_en, /send 'higher_approval'/);
  refused(await post('/api/v1/requests', { op: 'foreign', carrier_ids: [doc.id], reason: '交流',
    params: { recipient: EMBASSY, higher_approval: { by: '李四', date: '2026-11-20' } } }, 'staff'),
  400, 'outside_approval_incomplete', 'FOREIGN-1');
  refused(await post('/api/v1/requests', { op: 'foreign', carrier_ids: [doc.id], reason: '交流',
    params: { recipient: EMBASSY, higher_approval: { ...HIGHER, date: '2099-01-01' } } }, 'staff'),
  400, 'outside_approval_future', 'FOREIGN-1');
  refused(await post('/api/v1/requests', { op: 'foreign', carrier_ids: [doc.id], reason: '交流',
    params: { recipient: EMBASSY } }, 'staff'), 403, 'higher_approval_required', 'FOREIGN-1');
  assert.deepEqual(await snapshot(doc.id), before);
});

test('FOREIGN-1: a dispatch to a foreign party without an approved request is refused; nothing changes', async () => {
  const before = await snapshot(doc.id);
  refused(await post('/api/v1/dispatches', { carrier_ids: [doc.id], recipients: [EMBASSY], channel: 'courier',
    foreign_party: true }), 403, 'foreign_request_required', 'FOREIGN-1');
  assert.deepEqual(await snapshot(doc.id), before);
});

let req;

test('FOREIGN-1: the approved provision is carried out at the desk as a dispatch, once', async () => {
  const r = await post('/api/v1/requests', { op: 'foreign', carrier_ids: [doc.id], reason: '国际交流',
    params: { recipient: EMBASSY, higher_approval: HIGHER } }, 'staff');
  assert.equal(r.status, 201, r.text);
  req = r.json.id;
  // Not yet approved: neither route carries it out.
  let before = await snapshot(doc.id);
  refused(await post(`/api/v1/requests/${req}/execute`, { channel: 'courier' }), 403, 'not_approved', 'FOREIGN-1');
  refused(await post('/api/v1/dispatches', { carrier_ids: [doc.id], recipients: [EMBASSY], channel: 'courier',
    foreign_party: true, request_id: req }), 403, 'not_approved', 'FOREIGN-1');
  assert.deepEqual(await snapshot(doc.id), before);
  const a = await post(`/api/v1/requests/${req}/approve`, { comment: '同意，已报上级批准' }, 'principal');
  assert.equal(a.status, 200, a.text);
  const show = await get(`/api/v1/requests/${req}`);
  assert.equal(show.json.status.code, 'approved', show.text);
  assert.deepEqual(show.json.params.higher_approval, HIGHER);

  // Approved: another recipient, or other carriers, are still refused.
  before = await snapshot(doc.id);
  refused(await post('/api/v1/dispatches', { carrier_ids: [doc.id], recipients: ['另一国驻华使馆'], channel: 'courier',
    foreign_party: true, request_id: req }), 403, 'foreign_recipient_differs', 'FOREIGN-1');
  refused(await post('/api/v1/dispatches', { carrier_ids: [doc.id, other.id], recipients: [EMBASSY, EMBASSY],
    channel: 'courier', foreign_party: true, request_id: req }), 403, 'foreign_carriers_differ', 'FOREIGN-1');
  assert.deepEqual(await snapshot(doc.id), before);
  assert.equal((await get(`/api/v1/carriers/${other.id}`)).json.status.code, 'in_store');

  const d = await post(`/api/v1/requests/${req}/execute`, { channel: 'courier', courier: '王强' });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.foreign_party, true);
  assert.equal(d.json.request_id, req);
  assert.deepEqual(d.json.items.map((i) => [i.carrier_id, i.recipient]), [[doc.id, EMBASSY]]);
  assert.equal((await get(`/api/v1/requests/${req}`)).json.status.code, 'executed');
  const c = await get(`/api/v1/carriers/${doc.id}`);
  assert.equal(c.json.status.code, 'taken_out');
  assert.equal(c.json.history.at(-1).detail.request_id, req);
  const shown = await get(`/api/v1/dispatches/${d.json.id}`);
  assert.equal(shown.json.foreign_party, true);
  assert.equal(shown.json.request_id, req);

  // Consumed: it is not carried out a second time.
  before = await snapshot(doc.id);
  refused(await post(`/api/v1/requests/${req}/execute`, { channel: 'courier', courier: '王强' }), 409,
    'already_executed', 'FOREIGN-1');
  assert.deepEqual(await snapshot(doc.id), before);
});

test('FOREIGN-1: an ordinary dispatch still needs no request', async () => {
  const r = await post('/api/v1/dispatches', { carrier_ids: [other.id], recipients: ['市一中'], channel: 'courier' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.foreign_party, false);
  assert.equal(r.json.request_id, null);
});

test('CARRY-3: taking out abroad takes the higher authority\'s record, not a flag', async () => {
  const c = await register({ title: '出境携带测试', level: '秘密', doc_number: '教外〔2026〕3号', serial_number: 1 });
  // A month from the unit's today (CARRY-2 wants a return no earlier than today): a fixed
  // 2026-12-30 was refused return_date_required from 16:00 UTC on 30 December 2026.
  const back = unitDay(30);
  const before = await snapshot(c.id);
  refused(await post('/api/v1/requests', { op: 'take_out', carrier_ids: [c.id], reason: '出访',
    params: { destination: '境外', purpose: '交流', return_date: back, abroad: true, higher_approved: true } },
  'staff'), 400, 'outside_approval_flag', 'CARRY-3');
  refused(await post('/api/v1/requests', { op: 'take_out', carrier_ids: [c.id], reason: '出访',
    params: { destination: '境外', purpose: '交流', return_date: back, abroad: true } },
  'staff'), 403, 'abroad_forbidden', 'CARRY-3');
  assert.deepEqual(await snapshot(c.id), before);
  const ok = await post('/api/v1/requests', { op: 'take_out', carrier_ids: [c.id], reason: '出访',
    params: { destination: '境外', purpose: '交流', return_date: back, abroad: true, higher_approval: HIGHER } },
  'staff');
  assert.equal(ok.status, 201, ok.text);
});
