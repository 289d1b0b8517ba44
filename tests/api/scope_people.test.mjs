// tests/api/scope_people.test.mjs — issue 13, points 5, 7 and 8, through the HTTP API:
// a move to a custodian outside the knowledge scope (CIRC-1), a class lowered below what
// the person keeps (PERSON-1), an account disabled while it keeps carriers (KEEP-2), a
// 绝密 USB stick (DEV-4) and a password past the policy's age (SYS-4). Each violation is
// tried, found refused with its rule, and nothing changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, relogin, refused, q, PW, passwords } from './lib.mjs';

let unit, srv, url, tok = {}, people;

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'sysadmin', 'secadmin', 'staff', 'leader'])
    tok[u] = await login(url, u);
  people = (await call(url, 'GET', '/api/v1/people', { token: tok.sysadmin })).json.items;
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const id = (username) => people.find((p) => p.username === username).id;
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });
const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const person = async (username) =>
  (await get('/api/v1/people', 'sysadmin')).json.items.find((p) => p.username === username);
const kept = async (username) =>
  (await get('/api/v1/carriers' + q({ custodian: username, limit: 1 }))).json.total;

test('CIRC-1: no move to a custodian outside the scope until an approved widening names them', async () => {
  const c = await post('/api/v1/carriers', {
    title: '考点巡查安排', level: '秘密', doc_number: '测〔2026〕31号', serial_number: 1,
    place: '考试保密室', scope: ['基础教育科'],
  });
  assert.equal(c.status, 201, c.text);
  const move = { custodian: 'zhengqiang', reason: '移交财务科核对', keep_reason: '核对经费',
    keep_approver: 'leader', keep_until: '2030-12-31' };
  const before = (await get(`/api/v1/carriers/${c.json.id}`)).json;
  refused(await post(`/api/v1/carriers/${c.json.id}/move`, move), 403, 'custodian_outside_scope', 'CIRC-1');
  const after = (await get(`/api/v1/carriers/${c.json.id}`)).json;
  assert.deepEqual(after.custodian, before.custodian, 'the custodian is unchanged');
  assert.deepEqual(after.scope, before.scope, 'the scope is unchanged');
  assert.equal(after.history.length, before.history.length, 'no history line');

  // The approved widening puts 郑强 in the scope; the move then goes through.
  const w = await post('/api/v1/requests', { op: 'widen_scope', carrier_ids: [c.json.id], reason: '经费核对',
    params: { add: 'zhengqiang' } });
  assert.equal(w.status, 201, w.text);
  refused(await post(`/api/v1/carriers/${c.json.id}/move`, move), 403, 'custodian_outside_scope', 'CIRC-1');
  const a = await post(`/api/v1/requests/${w.json.id}/approve`, { comment: '同意' }, 'leader');
  assert.equal(a.status, 200, a.text);
  const ex = await post(`/api/v1/requests/${w.json.id}/execute`, {});
  assert.equal(ex.status, 200, ex.text);
  const ok = await post(`/api/v1/carriers/${c.json.id}/move`, move);
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await get(`/api/v1/carriers/${c.json.id}`)).json.custodian, '郑强');
});

test('PERSON-1: a class is not lowered below the level of what the person keeps', async () => {
  const n = await kept('clerk');
  assert.ok(n > 0, 'the clerk keeps the ledger');
  const r = await post(`/api/v1/people/${id('clerk')}/grant`, { class: 'general' }, 'secadmin');
  refused(r, 409, 'class_below_held', 'PERSON-1');
  assert.match(r.json.error.message, /\d+ 件/);
  assert.match(r.json.error.message_en, /keeps or holds \d+ 'carriers'/);
  assert.equal((await person('clerk')).class, 'core', 'the class is unchanged');
  // Raising, or a class that still sees everything kept, is not held up.
  const same = await post(`/api/v1/people/${id('clerk')}/grant`, { class: 'core' }, 'secadmin');
  assert.equal(same.status, 200, same.text);
});

test('KEEP-2: an account that keeps carriers is not disabled before the hand-over', async () => {
  const n = await kept('zhouwei');
  assert.ok(n > 0, '周伟 keeps carriers in the demo unit');
  const r = await post(`/api/v1/accounts/${id('zhouwei')}/disable`, {}, 'sysadmin');
  refused(r, 409, 'carriers_held', 'KEEP-2');
  assert.ok(r.json.error.message.includes(`尚保管 ${n} 件`), r.json.error.message);
  assert.equal((await person('zhouwei')).status, 'active', 'the account is still active');
  assert.equal(await kept('zhouwei'), n, 'nothing moved');
  // Somebody who keeps nothing is disabled as before.
  assert.equal(await kept('heping'), 0);
  const ok = await post(`/api/v1/accounts/${id('heping')}/disable`, {}, 'sysadmin');
  assert.equal(ok.status, 200, ok.text);
});

test('DEV-4: a 绝密 USB stick is not registered; a 机密 one is', async () => {
  const total = (await get('/api/v1/carriers?limit=1')).json.total;
  refused(await post('/api/v1/carriers', {
    title: '绝密U盘', kind: 'usb', level: '绝密', place: '机要室保密柜（一号）', scope: ['clerk'],
  }), 403, 'electronic_level', 'DEV-4');
  assert.equal((await get('/api/v1/carriers?limit=1')).json.total, total, 'nothing registered');
  const ok = await post('/api/v1/carriers', {
    title: '机密U盘', kind: 'usb', level: '机密', place: '机要室保密柜（一号）', scope: ['clerk'],
  });
  assert.equal(ok.status, 201, ok.text);
});

test('SYS-4: a login past the password age must change the password before anything else', async () => {
  const at = new Date(Date.now() + 200 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const s = await startServer(unit.db, { env: { BAOMI_NOW: at }, logName: 'aged' });
  try {
    const pw = passwords.clerk ?? PW;
    const r = await call(s.url, 'POST', '/api/v1/session', { body: { username: 'clerk', password: pw } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.password_expired, true, 'the login answer says so');
    assert.equal(r.json.must_change_password, true);
    const t = r.json.token;
    refused(await call(s.url, 'GET', '/api/v1/carriers', { token: t }), 403, 'password_change_required', 'SYS-4');
    refused(await call(s.url, 'GET', '/api/v1/alerts', { token: t }), 403, 'password_change_required', 'SYS-4');
    refused(await call(s.url, 'POST', '/api/v1/carriers', { token: t, body: { title: 'x', level: '秘密' } }),
      403, 'password_change_required', 'SYS-4');
    const me = await call(s.url, 'GET', '/api/v1/me', { token: t });
    assert.equal(me.json?.must_change_password ?? true, true);
    // The same password again is not a change (SYS-4 history).
    const same = await call(s.url, 'POST', '/api/v1/session/password', {
      token: t, body: { old_password: pw, new_password: pw } });
    assert.notEqual(same.status, 200, same.text);
    const next = 'Aged@2026pass9';
    const c = await call(s.url, 'POST', '/api/v1/session/password', {
      token: t, body: { old_password: pw, new_password: next } });
    assert.equal(c.status, 200, c.text);
    passwords.clerk = next;
    const ok = await call(s.url, 'GET', '/api/v1/carriers?limit=1', { token: t });
    assert.equal(ok.status, 200, ok.text);
    const again = await call(s.url, 'POST', '/api/v1/session', { body: { username: 'clerk', password: next } });
    assert.equal(again.json.password_expired, false, 'a fresh password is not expired');
  } finally {
    assert.equal((await s.stop()).code, 0);
    await relogin(url, tok);
  }
  // Back at today's clock a password set within the age logs in normally.
  const r = await call(url, 'POST', '/api/v1/session', { body: { username: 'staff', password: passwords.staff ?? PW } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.password_expired, false);
  assert.equal(r.json.must_change_password, false);
});
