// tests/api/sessions.test.mjs — issue 9 point 7 through the real server:
// SYS-4's absolute session lifetime (auth.session_max_hours) at a fixed
// clock (BAOMI_NOW), and the cap on an account's open sessions
// (auth.max_sessions: a further login ends the oldest, which is told why).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused } from './lib.mjs';

let unit, srv, url;

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  // Idle time long, lifetime short, two sessions an account: each limit can be reached alone.
  const sec = await login(url, 'secadmin');
  const ok = await call(url, 'POST', '/api/v1/policy', {
    token: sec,
    body: {
      text: 'auth.session_idle_minutes = 120\nauth.session_max_hours = 1\nauth.max_sessions = 2\n',
      comment: '会话最长 1 小时，同时 2 个',
    },
  });
  assert.equal(ok.status, 201, ok.text);
});

after(async () => {
  if (srv) await srv.stop();
  if (unit) unit.cleanup();
});

test('SYS-4: a session ends auth.session_max_hours after its login, however recently used', async () => {
  // The login happened between these two readings of the server's clock (a slow
  // machine may take seconds over the password hash); its lifetime ends an hour later.
  const now = Date.parse((await call(url, 'GET', '/api/v1/health')).json.time);
  const r = await call(url, 'POST', '/api/v1/session', { body: { username: 'clerk', password: 'Baomi@2026demo' } });
  assert.equal(r.status, 201, r.text);
  const later = Date.parse((await call(url, 'GET', '/api/v1/health')).json.time);
  const token = r.json.token;
  // Promised until the lifetime's end at most, not the 120 idle minutes.
  const end = Date.parse(r.json.expires_at);
  assert.ok(end >= now + 3600 * 1000 - 1000 && end <= later + 3600 * 1000 + 1000,
    `expires_at ${r.json.expires_at}, login between ${iso(now)} and ${iso(later)}`);
  // Used at 50 minutes (well within the idle time): fine.
  const mid = await startServer(unit.db, { env: { BAOMI_NOW: iso(now + 50 * 60000) }, logName: 'mid' });
  try {
    const me = await call(mid.url, 'GET', '/api/v1/me', { token });
    assert.equal(me.status, 200, me.text);
    assert.ok(Date.parse(me.json.expires_at) <= end, 'never past the lifetime');
  } finally {
    assert.equal((await mid.stop()).code, 0);
  }
  // At 62 minutes, 12 after its last use: past its lifetime, ended on the record.
  const late = await startServer(unit.db, { env: { BAOMI_NOW: iso(now + 62 * 60000) }, logName: 'late' });
  try {
    const me = await call(late.url, 'GET', '/api/v1/me', { token });
    refused(me, 401, 'session_expired', 'SYS-4');
    assert.match(me.json.error.message, /1 小时/);
    assert.match(me.json.error.message_en, /1 hours/);
  } finally {
    assert.equal((await late.stop()).code, 0);
  }
  refused(await call(url, 'GET', '/api/v1/me', { token }), 401, 'session_invalid', 'SYS-4');
  const auditor = await login(url, 'auditor');
  const ev = await call(url, 'GET', '/api/v1/audit/events?action=session.expire', { token: auditor });
  assert.equal(ev.status, 200, ev.text);
  assert.ok(ev.json.items.some((e) => e.actor === 'clerk' && JSON.stringify(e.detail).includes('lifetime')),
    ev.text);
});

test('SYS-4: a third login of an account ends its oldest session, which is told why', async () => {
  const a = await login(url, 'staff');
  const b = await login(url, 'staff');
  const other = await login(url, 'leader');
  assert.equal((await call(url, 'GET', '/api/v1/me', { token: a })).status, 200);
  const c = await login(url, 'staff');
  const r = await call(url, 'GET', '/api/v1/me', { token: a });
  refused(r, 401, 'session_superseded', 'SYS-4');
  assert.match(r.json.error.message, /别处/);
  for (const t of [b, c, other]) assert.equal((await call(url, 'GET', '/api/v1/me', { token: t })).status, 200);
  // The login that ended it says so on the record.
  const auditor = await login(url, 'auditor');
  const ev = await call(url, 'GET', '/api/v1/audit/events?action=login&actor=staff', { token: auditor });
  assert.equal(ev.status, 200, ev.text);
  assert.ok(ev.json.items.some((e) => JSON.stringify(e.detail).includes('superseded')), ev.text);
});
