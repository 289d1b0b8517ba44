// tests/api/receipt.test.mjs — issue 14 point 5 (REG-1, CIRC-5): signatures
// mean the person. At the desk the holder confirms the receipt with their own
// password on the clerk's screen; a name typed by the clerk is refused, a
// wrong password is refused with the rule and changes nothing, counts towards
// the holder's lockout like a failed login (SYS-4), and is audited; the
// printed registers leave 签字 blank for the pen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, PW } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'staff', 'hulin', 'huangmin', 'auditor']) tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });

async function register(title) {
  const r = await post('/api/v1/carriers', {
    producer: '省教育厅', sender: '市教育局', pages: 3, place: '机要室保密柜（二号）',
    title, level: '秘密', scope: ['基础教育科', 'clerk'],
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function approvedBorrow(who, carrierId) {
  const r = await post('/api/v1/requests', { op: 'borrow', carrier_ids: [carrierId], reason: '备课' }, who);
  assert.equal(r.status, 201, r.text);
  const a = await post(`/api/v1/requests/${r.json.id}/approve`, { comment: '同意' }, 'huangmin');
  assert.equal(a.status, 200, a.text);
  return r.json.id;
}

// What a refusal must leave as it was: the carrier, its history, the request.
async function state(carrierId, requestId) {
  const c = await get(`/api/v1/carriers/${carrierId}`);
  const r = requestId ? await get(`/api/v1/requests/${requestId}`) : null;
  return JSON.stringify({ status: c.json.status, history: c.json.history, request: r && r.json.status });
}

async function lastAudit(action) {
  const r = await get(`/api/v1/audit/events?action=${encodeURIComponent(action)}&order=desc&limit=5`, 'auditor');
  assert.equal(r.status, 200, r.text);
  return r.json.items[0];
}

let lent;

test('REG-1: a typed name, nothing, paper for an account holder and a wrong password are refused; nothing changes', async () => {
  const doc = await register('签收测试：本人口令确认');
  const req = await approvedBorrow('staff', doc.id);
  const before = await state(doc.id, req);
  refused(await post('/api/v1/desk/issue', { request_id: req, signature: '张三' }), 400, 'typed_signature', 'REG-1');
  refused(await post('/api/v1/desk/issue', { request_id: req, signature: '张三', holder_password: PW }), 400,
    'typed_signature', 'REG-1');
  refused(await post('/api/v1/desk/issue', { request_id: req }), 400, 'holder_confirmation_required', 'REG-1');
  refused(await post('/api/v1/desk/issue', { request_id: req, signed_on_paper: true }), 400,
    'holder_password_required', 'REG-1');
  const wrong = await post('/api/v1/desk/issue', { request_id: req, holder_password: 'Wrong@2026pass' });
  refused(wrong, 403, 'holder_password_wrong', 'REG-1');
  assert.match(wrong.json.error.message, /口令不正确|password/);
  // The clerk's own session is untouched by the holder's wrong password.
  assert.equal((await get('/api/v1/me')).status, 200);
  assert.equal(await state(doc.id, req), before, 'a refusal changes nothing');
  const ev = await lastAudit('desk.issue');
  assert.equal(ev.outcome, 'refused');
  assert.equal(ev.rule, 'REG-1');
  assert.ok(!JSON.stringify(ev).includes('Wrong@2026pass'), 'the password is never recorded');

  const ok = await post('/api/v1/desk/issue', { request_id: req, holder_password: PW });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.receipt, 'password');
  assert.equal(ok.json.signature, null, 'no typed name stands for a signature');
  assert.equal(ok.json.holder_id !== undefined || ok.json.holder !== undefined, true);
  assert.equal((await get(`/api/v1/carriers/${doc.id}`)).json.status.code, 'lent');
  const done = await lastAudit('desk.issue');
  assert.equal(done.outcome, 'ok');
  lent = doc;
});

test('REG-1: the printed borrow register leaves 签字 for the pen and says how the holder confirmed', async () => {
  const r = await get('/api/v1/registers/borrow');
  assert.equal(r.status, 200, r.text);
  const keys = r.json.columns.map((c) => c.key ?? c);
  assert.ok(keys.includes('receipt') && keys.includes('signature'), JSON.stringify(r.json.columns));
  const row = r.json.rows.find((x) => JSON.stringify(x).includes('签收测试：本人口令确认'));
  assert.ok(row, 'the loan is on the register');
  const cell = (k) => (Array.isArray(row) ? row[keys.indexOf(k)] : row[k]);
  assert.ok(!cell('signature'), `签字 blank, got ${cell('signature')}`);
  assert.match(cell('receipt'), /^本人口令确认 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  const incoming = await get('/api/v1/registers/incoming');
  const rows = incoming.json.rows.filter((x) => JSON.stringify(x).includes('签收测试'));
  const ikeys = incoming.json.columns.map((c) => c.key ?? c);
  for (const x of rows) assert.ok(!(Array.isArray(x) ? x[ikeys.indexOf('signature')] : x.signature),
    'the registration register leaves 签收 for the pen too');
  const back = await post('/api/v1/desk/checkin', { carrier_id: lent.id });
  assert.equal(back.status, 200, back.text);
});

test('SYS-4: wrong holder passwords at the desk count towards the holder\'s lockout like failed logins', async () => {
  const doc = await register('签收测试：锁定计数');
  const req = await approvedBorrow('hulin', doc.id);
  const before = await state(doc.id, req);
  for (let i = 0; i < 5; i++)
    refused(await post('/api/v1/desk/issue', { request_id: req, holder_password: `wrong${i}` }), 403,
      'holder_password_wrong', 'REG-1');
  // Locked now: even the right password confirms nothing, at the desk or at login.
  refused(await post('/api/v1/desk/issue', { request_id: req, holder_password: PW }), 423, 'account_locked', 'SYS-4');
  refused(await call(url, 'POST', '/api/v1/session', { body: { username: 'hulin', password: PW } }), 423,
    'account_locked', 'SYS-4');
  assert.equal(await state(doc.id, req), before, 'nothing was issued');
  const lock = await lastAudit('login.lockout');
  assert.ok(JSON.stringify(lock).includes('hulin'), JSON.stringify(lock));
  // Another holder is not affected.
  const other = await approvedBorrow('staff', doc.id);
  const ok = await post('/api/v1/desk/issue', { request_id: other, holder_password: PW });
  assert.equal(ok.status, 201, ok.text);
  assert.equal((await post('/api/v1/desk/checkin', { carrier_id: doc.id })).status, 200);
});

test('CIRC-5: the reader confirms circulation with their own password; a wrong one changes nothing', async () => {
  const doc = await register('签收测试：传阅');
  const before = await state(doc.id);
  refused(await post('/api/v1/desk/circulate', { carrier_id: doc.id, reader: 'staff', place: '阅文室', signature: '李员工' }),
    400, 'typed_signature', 'CIRC-5');
  refused(await post('/api/v1/desk/circulate', { carrier_id: doc.id, reader: 'staff', place: '阅文室',
    holder_password: 'Wrong@2026pass' }), 403, 'holder_password_wrong', 'CIRC-5');
  assert.equal(await state(doc.id), before);
  const ok = await post('/api/v1/desk/circulate', { carrier_id: doc.id, reader: 'staff', place: '阅文室',
    holder_password: PW });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.receipt, 'password');
  assert.equal((await post('/api/v1/desk/checkin', { carrier_id: doc.id })).status, 200);
});
