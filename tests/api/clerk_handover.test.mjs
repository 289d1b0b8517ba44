// tests/api/clerk_handover.test.mjs — a hand-over of the items the clerk
// chose (KEEP-2, issue 14 point 4) through the real server on the demo unit:
// a carrier the person does not keep, a carrier listed twice and a list of
// nothing are refused with KEEP-2 and change nothing; a device not held by
// the person likewise; the chosen carrier goes to the successor with its
// history line, the others stay with the person, and the audit event says
// the list was chosen. Without a choice everything goes, as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, PW } from './lib.mjs';

let unit, srv, url;
const tok = {};
let from, kept, other; // a person keeping two carriers or more; what they keep; a carrier they do not

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'auditor']) tok[u] = await login(url, u);
  const people = (await get('/api/v1/people')).json.items;
  const clerks = new Set(people.filter((p) => (p.roles || []).some((r) => r.role === 'clerk')).map((p) => p.id));
  const all = (await get('/api/v1/carriers?limit=1000')).json.items
    .filter((c) => c.status.code === 'in_store');
  const by = new Map();
  for (const c of all) if (c.custodian_id && !clerks.has(c.custodian_id)) by.set(c.custodian_id, [...(by.get(c.custodian_id) || []), c]);
  const [pid, items] = [...by.entries()].find(([, v]) => v.length >= 2) || [];
  assert.ok(pid, 'somebody other than a clerk keeps two carriers in the demo');
  from = people.find((p) => p.id === pid);
  kept = items;
  other = all.find((c) => c.custodian_id !== pid);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

function get(path, who = 'clerk') { return call(url, 'GET', path, { token: tok[who] }); }
const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
// KEEP-2, REG-1 (issue 14 point 5): each side confirms with their own password (on paper without an account).
const sides = () => ({ from: String(from.id), to: 'clerk', ...(from.username ? { from_password: PW } : { from_on_paper: true }),
  to_password: PW });
const custodians = async () => Promise.all([...kept, other].map(async (c) => (await get(`/api/v1/carriers/${c.id}`)).json.custodian_id));

test('KEEP-2: a carrier not kept, one listed twice, a list of nothing, a device not held: refused, nothing changed', async () => {
  const before = await custodians();
  refused(await post('/api/v1/handovers', { ...sides(), carrier_ids: [kept[0].id, other.id] }), 409, 'not_kept_by_from', 'KEEP-2');
  refused(await post('/api/v1/handovers', { ...sides(), carrier_ids: [kept[0].id, kept[0].id] }), 400, 'duplicate_item', 'KEEP-2');
  refused(await post('/api/v1/handovers', { ...sides(), carrier_ids: [] }), 400, 'nothing_chosen', 'KEEP-2');
  refused(await post('/api/v1/handovers', { ...sides(), carrier_ids: [kept[0].id], device_ids: [999999] }), 409, 'not_kept_by_from', 'KEEP-2');
  const r = await post('/api/v1/handovers', { ...sides(), carrier_ids: [kept[0].id, other.id] });
  assert.match(r.json.error.message, /不由移交人“.+”保管/);
  assert.deepEqual(await custodians(), before, 'nothing moved');
});

test('KEEP-2, REG-1: a typed name or a wrong password of either side is refused, nothing changes, and it is audited', async () => {
  const before = await custodians();
  const one = { carrier_ids: [kept[0].id] };
  refused(await post('/api/v1/handovers', { ...sides(), to_password: undefined, to_signature: '陈静', ...one }), 400,
    'typed_signature', 'KEEP-2');
  refused(await post('/api/v1/handovers', { ...sides(), to_password: undefined, ...one }), 400,
    'holder_confirmation_required', 'KEEP-2');
  const wrong = await post('/api/v1/handovers', { ...sides(), to_password: 'Wrong@2026pass', ...one });
  refused(wrong, 403, 'holder_password_wrong', 'KEEP-2');
  assert.match(wrong.json.error.message, /接收人“.+”的口令不正确/);
  assert.equal((await get('/api/v1/me')).status, 200, 'the clerk\'s session is untouched');
  assert.deepEqual(await custodians(), before, 'nothing moved');
  const ev = await get('/api/v1/audit/events?action=custody.handover&limit=50', 'auditor');
  assert.equal(ev.status, 200, ev.text);
  const parse = (e) => (typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail) || {};
  const refusedEv = ev.json.items.find((e) => (parse(e).request || parse(e)).to_password === 'wrong');
  assert.ok(refusedEv, 'the refusal is audited with the side whose password was wrong');
  assert.equal(refusedEv.rule, 'KEEP-2');
  assert.ok(!JSON.stringify(ev.json).includes('Wrong@2026pass'), 'the password is never recorded');
});

test('KEEP-2: only the chosen carrier goes; the others stay; the audit event says chosen', async () => {
  const r = await post('/api/v1/handovers', { ...sides(), carrier_ids: [kept[0].id], note: '调岗，先移交一件' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.count, 1);
  assert.deepEqual(r.json.items.map((c) => c.id), [kept[0].id]);
  const now = await custodians();
  const clerk = (await get('/api/v1/me')).json.user.id;
  assert.equal(now[0], clerk, 'the chosen carrier is the successor\'s');
  for (let i = 1; i < kept.length; i++) assert.equal(now[i], from.id, 'the rest stays with the person');
  const h = (await get(`/api/v1/carriers/${kept[0].id}`)).json.history;
  assert.ok(h.some((e) => e.action === 'handover'), 'a hand-over line in the history');
  const ev = await get('/api/v1/audit/events?action=custody.handover&limit=5', 'auditor');
  assert.equal(ev.status, 200, ev.text);
  const last = ev.json.items.find((e) => e.outcome === 'ok' || e.outcome?.code === 'ok') || ev.json.items[0];
  const detail = typeof last.detail === 'string' ? JSON.parse(last.detail) : last.detail;
  assert.equal(detail.chosen, true);
  assert.deepEqual(detail.carrier_ids, [kept[0].id]);
  assert.equal(detail.to_receipt, 'password', 'the successor confirmed with their own password');
  assert.equal(r.json.to_receipt, 'password');
});

test('KEEP-2: without a choice everything the person keeps goes, as before', async () => {
  const r = await post('/api/v1/handovers', sides());
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.items.map((c) => c.id).sort((x, y) => x - y), kept.slice(1).map((c) => c.id).sort((x, y) => x - y));
});
