// tests/api/witness_sign.test.mjs — issue 14 point 5 (DESTROY-2 with REG-1):
// the witnesses of a destruction (监销人) mean the people. Each witness is a
// person of the unit who confirms with their own password on the clerk's
// screen (or, without an account, by hand on the printed register); a name
// the clerk only lists, a typed name, paper for a witness with an account, a
// wrong password, the same person twice, somebody not of the unit: each is
// refused under DESTROY-2 and changes nothing; a wrong password counts
// towards the witness's lockout like a failed login (SYS-4) and is audited.
// The destruction register says how each confirmed and leaves 监销人签字 blank.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, PW } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'staff', 'leader', 'auditor', 'secadmin']) tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });

async function approvedDestroy(title) {
  const c = await post('/api/v1/carriers', {
    producer: '省教育厅', sender: '市教育局', pages: 2, place: '机要室保密柜（二号）',
    title, level: '秘密', scope: ['基础教育科', 'clerk'],
  });
  assert.equal(c.status, 201, c.text);
  const r = await post('/api/v1/requests', { op: 'destroy', carrier_ids: [c.json.id], reason: '已过保管期',
    params: { method: 'shred', place: '机关销毁室' } }, 'staff');
  assert.equal(r.status, 201, r.text);
  const a = await post(`/api/v1/requests/${r.json.id}/approve`, { comment: '同意' }, 'leader');
  assert.equal(a.status, 200, a.text);
  return { carrier: c.json.id, request: r.json.id };
}

// What a refusal must leave as it was: the carrier, its history, the request.
async function state(t) {
  const c = await get(`/api/v1/carriers/${t.carrier}`);
  const r = await get(`/api/v1/requests/${t.request}`);
  return JSON.stringify({ status: c.json.status, history: c.json.history, request: r.json.status });
}

async function lastAudit(action) {
  const r = await get(`/api/v1/audit/events?action=${encodeURIComponent(action)}&order=desc&limit=5`, 'auditor');
  assert.equal(r.status, 200, r.text);
  return r.json.items[0];
}

const own = (person) => ({ person, password: PW });

test('DESTROY-2, REG-1: a witness listed, typed, on paper with an account, twice, or not of the unit is refused; nothing changes', async () => {
  const t = await approvedDestroy('监销签字测试：拒绝');
  const before = await state(t);
  const exec = (witnesses) => post(`/api/v1/requests/${t.request}/execute`, { witnesses });
  // Listed by the clerk only: the witness did not confirm.
  let r = await exec(['zhouwei', 'xujun']);
  refused(r, 400, 'holder_confirmation_required', 'DESTROY-2');
  assert.match(r.json.error.message, /监销人“/);
  // A typed name is no signature.
  refused(await exec([own('zhouwei'), { person: 'xujun', signature: '徐军' }]), 400, 'typed_signature', 'DESTROY-2');
  // A witness with an account confirms with their password, not on paper.
  refused(await exec([own('zhouwei'), { person: 'xujun', on_paper: true }]), 400, 'holder_password_required', 'DESTROY-2');
  // The same person twice is one witness: the clerk alone cannot make two.
  refused(await exec([own('zhouwei'), own('zhouwei')]), 403, 'witnesses_required', 'DESTROY-2');
  refused(await exec([own('clerk'), own('clerk')]), 403, 'witnesses_required', 'DESTROY-2');
  // Somebody not of the unit's people.
  refused(await exec([own('zhouwei'), { person: '外单位人员', password: PW }]), 404, 'unknown_person', 'DESTROY-2');
  // The requester never witnesses, even with their password.
  refused(await exec([own('zhouwei'), own('staff')]), 403, 'requester_witness', 'DESTROY-2');
  // A malformed entry is refused before anything is looked at.
  refused(await exec([{ person: 'zhouwei', pin: '1234' }, own('xujun')]), 400, 'wrong_type', null);
  assert.equal(await state(t), before, 'nothing was destroyed');
});

test('DESTROY-2, SYS-4: a witness\'s wrong password is refused, changes nothing, is audited and counts towards their lockout', async () => {
  const t = await approvedDestroy('监销签字测试：口令错误');
  const before = await state(t);
  const exec = (witnesses) => post(`/api/v1/requests/${t.request}/execute`, { witnesses });
  for (let i = 0; i < 5; i++) {
    const r = await exec([own('zhouwei'), { person: 'xujun', password: `Wrong${i}@pass` }]);
    refused(r, 403, 'holder_password_wrong', 'DESTROY-2');
    assert.match(r.json.error.message, /监销人“[^”]+”的口令不正确/);
  }
  const audit = await lastAudit('request.execute_destroy');
  assert.equal(audit.outcome, 'refused');
  assert.equal(audit.rule, 'DESTROY-2');
  const text = JSON.stringify(audit);
  assert.ok(text.includes('wrong'), text);
  assert.ok(!text.includes('Wrong4@pass'), 'the password is never audited');
  // Locked now: even the right password confirms nothing, here or at login.
  refused(await exec([own('zhouwei'), own('xujun')]), 423, 'account_locked', 'SYS-4');
  refused(await call(url, 'POST', '/api/v1/session', { body: { username: 'xujun', password: PW } }), 423,
    'account_locked', 'SYS-4');
  assert.equal(await state(t), before, 'nothing was destroyed');
});

test('DESTROY-2, REG-1: two witnesses confirm with their own passwords; the record and the register say so, 监销人签字 left for the pen', async () => {
  const t = await approvedDestroy('监销签字测试：本人确认');
  const r = await post(`/api/v1/requests/${t.request}/execute`, { witnesses: [own('zhouwei'), own('huangmin')] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.destruction.witness_ids.length, 2);
  assert.deepEqual(r.json.destruction.witness_receipts, ['password', 'password']);
  assert.equal((await get(`/api/v1/carriers/${t.carrier}`)).json.status.code, 'destroyed');
  const audit = await lastAudit('request.execute_destroy');
  assert.equal(audit.outcome, 'ok');
  assert.ok(!JSON.stringify(audit).includes(PW), 'the password is never audited');
  const reg = await get('/api/v1/registers/destroy');
  assert.equal(reg.status, 200, reg.text);
  const keys = reg.json.columns.map((c) => c.key);
  assert.deepEqual(reg.json.columns.slice(-3).map((c) => c.zh), ['监销人', '监销人确认', '监销人签字']);
  const row = reg.json.rows.find((x) => (Array.isArray(x) ? x[keys.indexOf('carrier_id')] : x.carrier_id) == t.carrier);
  assert.ok(row, JSON.stringify(reg.json.rows));
  const cell = (k) => (Array.isArray(row) ? row[keys.indexOf(k)] : row[k]);
  assert.match(cell('witness_receipt'), /^\S+ 本人口令确认 \d{4}-\d{2}-\d{2} \d{2}:\d{2}；\S+ 本人口令确认 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  assert.ok(!cell('witness_signature'), `监销人签字 blank for the pen, got ${cell('witness_signature')}`);
});
