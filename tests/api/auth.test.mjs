// tests/api/auth.test.mjs — SYS-4 through the real server: login, wrong
// password, lockout (also for unknown usernames), logout, idle expiry,
// cookie sessions and CSRF, first login and the password rules, accounts
// disabled, enabled and reset by the system administrator.
import { test, before, after } from 'node:test';
import net from 'node:net';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { demoUnit, startServer, call, login, refused, PW, approveFiling } from './lib.mjs';

let unit, srv, url;

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
});

after(async () => {
  if (srv) await srv.stop();
  if (unit) unit.cleanup();
});

test('health answers without login', async () => {
  const r = await call(url, 'GET', '/api/v1/health');
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.initialised, true);
  // The file's integrity check runs beside the requests from the start: checking, then ok.
  assert.match(r.json.integrity.status, /^(checking|ok)$/);
  let h = r;
  for (let i = 0; i < 200 && h.json.integrity.status === 'checking'; i++) {
    await new Promise((res) => setTimeout(res, 50));
    h = await call(url, 'GET', '/api/v1/health');
  }
  assert.equal(h.json.integrity.status, 'ok', h.text);
  assert.equal(h.json.integrity.detail, undefined);
});

test('SYS-4: login returns a 256-bit token, its expiry and the user', async () => {
  const r = await call(url, 'POST', '/api/v1/session', { body: { username: 'clerk', password: PW } });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes as base64url');
  assert.equal(r.json.must_change_password, false);
  assert.equal(r.json.user.username, 'clerk');
  assert.ok(!('password_hash' in r.json.user), 'no password hash in the answer');
  assert.ok(Date.parse(r.json.expires_at) > Date.now() - 60000);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /baomi_session=/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const me = await call(url, 'GET', '/api/v1/me', { token: r.json.token });
  assert.equal(me.status, 200);
  assert.equal(me.json.user.username, 'clerk');
  assert.equal(me.json.user.clearance, 'top_secret');
});

test('SYS-4: two logins get different tokens', async () => {
  const a = await login(url, 'staff');
  const b = await login(url, 'staff');
  assert.notEqual(a, b);
});

test('SYS-4: a wrong password is refused with 403 and the rule', async () => {
  const r = await call(url, 'POST', '/api/v1/session', { body: { username: 'principal', password: 'wrong-password' } });
  refused(r, 403, 'bad_credentials', 'SYS-4');
});

test('SYS-4: an unknown user gets the same answer as a wrong password', async () => {
  const a = await call(url, 'POST', '/api/v1/session', { body: { username: 'principal', password: 'nope' } });
  const b = await call(url, 'POST', '/api/v1/session', { body: { username: 'no-such-user', password: 'nope' } });
  assert.equal(a.status, b.status);
  assert.deepEqual(a.json, b.json);
});

test('SYS-4: no token, a bad token or a bad scheme is 401', async () => {
  refused(await call(url, 'GET', '/api/v1/carriers'), 401, 'login_required', 'SYS-4');
  refused(await call(url, 'GET', '/api/v1/carriers', { token: 'x'.repeat(43) }), 401, 'session_invalid', 'SYS-4');
  refused(await call(url, 'GET', '/api/v1/carriers', { token: 'short' }), 401, 'session_invalid', 'SYS-4');
  const r = await call(url, 'GET', '/api/v1/carriers', { headers: { Authorization: 'Basic Y2xlcms6eA==' } });
  refused(r, 401, 'session_invalid', 'SYS-4');
  assert.match(r.headers.get('www-authenticate'), /Bearer/);
});

test('SYS-4: five failures lock the account (423), even for the right password', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await call(url, 'POST', '/api/v1/session', { body: { username: 'leader', password: `wrong${i}` } });
    refused(r, 403, 'bad_credentials', 'SYS-4');
  }
  const locked = await call(url, 'POST', '/api/v1/session', { body: { username: 'leader', password: PW } });
  refused(locked, 423, 'account_locked', 'SYS-4');
  // Other accounts are not affected.
  await login(url, 'classifier');
});

test('SYS-4: an unknown username locks the same way (no enumeration)', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await call(url, 'POST', '/api/v1/session', { body: { username: 'ghost', password: `x${i}` } });
    refused(r, 403, 'bad_credentials', 'SYS-4');
  }
  const r = await call(url, 'POST', '/api/v1/session', { body: { username: 'ghost', password: 'x' } });
  refused(r, 423, 'account_locked', 'SYS-4');
  const known = await call(url, 'POST', '/api/v1/session', { body: { username: 'leader', password: 'x' } });
  assert.equal(known.status, r.status);
  assert.equal(known.json.error.code, r.json.error.code);
});

test('SYS-4: the system administrator lifts a lockout by enabling the account', async () => {
  const admin = await login(url, 'sysadmin');
  const people = await call(url, 'GET', '/api/v1/people', { token: admin });
  const leader = people.json.items.find((p) => p.username === 'leader');
  const r = await call(url, 'POST', `/api/v1/accounts/${leader.id}/enable`, { token: admin });
  assert.equal(r.status, 200, r.text);
  await login(url, 'leader');
});

test('SYS-4: logout ends the session; the token no longer works', async () => {
  const token = await login(url, 'staff');
  assert.equal((await call(url, 'GET', '/api/v1/me', { token })).status, 200);
  const r = await call(url, 'DELETE', '/api/v1/session', { token });
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('set-cookie'), /Max-Age=0/);
  refused(await call(url, 'GET', '/api/v1/me', { token }), 401, 'session_invalid', 'SYS-4');
});

test('SYS-4: an idle session expires after the policy\'s minutes (server clock moved on)', async () => {
  const health = await call(url, 'GET', '/api/v1/health');
  const now = Date.parse(health.json.time);
  const login1 = await call(url, 'POST', '/api/v1/session', { body: { username: 'hulin', password: PW } });
  const login2 = await call(url, 'POST', '/api/v1/session', { body: { username: 'hulin', password: PW } });
  const idleMs = Date.parse(login1.json.expires_at) - now;
  assert.ok(idleMs >= 60000, `idle timeout from the policy: ${idleMs} ms`);
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  // A second server on the same database whose clock is just inside the idle time…
  const soon = await startServer(unit.db, { env: { BAOMI_NOW: iso(now + idleMs - 60000) }, logName: 'soon' });
  try {
    assert.equal((await call(soon.url, 'GET', '/api/v1/me', { token: login1.json.token })).status, 200);
  } finally {
    assert.equal((await soon.stop()).code, 0);
  }
  // …and one just past it: the unused session has expired.
  const late = await startServer(unit.db, { env: { BAOMI_NOW: iso(now + idleMs + 60000) }, logName: 'late' });
  try {
    const r = await call(late.url, 'GET', '/api/v1/me', { token: login2.json.token });
    refused(r, 401, 'session_expired', 'SYS-4');
    // Once expired it stays ended, whatever the clock says.
    refused(await call(url, 'GET', '/api/v1/me', { token: login2.json.token }), 401, 'session_invalid', 'SYS-4');
  } finally {
    assert.equal((await late.stop()).code, 0);
  }
});

test('CSRF: a cookie session works for reads; changes need X-Requested-With: baomi', async () => {
  const r = await call(url, 'POST', '/api/v1/session', { body: { username: 'zhouwei', password: PW } });
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const me = await call(url, 'GET', '/api/v1/me', { headers: { Cookie: cookie } });
  assert.equal(me.status, 200);
  refused(await call(url, 'DELETE', '/api/v1/session', { headers: { Cookie: cookie } }), 403, 'csrf_header_required');
  const out = await call(url, 'DELETE', '/api/v1/session', { headers: { Cookie: cookie, 'X-Requested-With': 'baomi' } });
  assert.equal(out.status, 200, out.text);
  assert.equal((await call(url, 'GET', '/api/v1/me', { headers: { Cookie: cookie } })).status, 401);
});

test('SYS-4: first login must change the password, under the policy\'s rules', async () => {
  const admin = await login(url, 'sysadmin');
  const created = await call(url, 'POST', '/api/v1/accounts', {
    token: admin, body: { username: 'Kaoshi.2026', name: '新同事', department: '基础教育科' },
  });
  assert.equal(created.status, 201, created.text);
  // SYS-1: the first login takes the security administrator's approval; each sees a half.
  assert.match(created.json.filing.half_secret, /^.{8}$/);
  const temp = await approveFiling(url, created, await login(url, 'secadmin'));
  assert.match(temp, /^.{16}$/);
  assert.equal(created.json.person.must_change_password, true);

  const s = await call(url, 'POST', '/api/v1/session', { body: { username: 'Kaoshi.2026', password: temp } });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.must_change_password, true);
  const token = s.json.token;
  // Everything else is refused until the password changes.
  refused(await call(url, 'GET', '/api/v1/departments', { token }), 403, 'password_change_required', 'SYS-4');
  refused(await call(url, 'GET', '/api/v1/carriers', { token }), 403, 'password_change_required', 'SYS-4');
  assert.equal((await call(url, 'GET', '/api/v1/me', { token })).status, 200);

  const change = (old_password, new_password) =>
    call(url, 'POST', '/api/v1/session/password', { token, body: { old_password, new_password } });
  refused(await change('wrong', 'Good#Passw0rd1'), 403, 'bad_credentials', 'SYS-4');
  refused(await change(temp, 'Ab1!'), 400, 'password_too_short', 'SYS-4');
  refused(await change(temp, 'alllowercaseletters'), 400, 'password_too_simple', 'SYS-4');
  refused(await change(temp, 'kaoshi.2026'), 400, 'password_is_username', 'SYS-4');
  refused(await change(temp, temp), 400, 'password_reused', 'SYS-4');
  const ok = await change(temp, 'Good#Passw0rd1');
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await call(url, 'GET', '/api/v1/departments', { token })).status, 200);
  // The new password logs in and no change is asked for.
  const again = await call(url, 'POST', '/api/v1/session', { body: { username: 'Kaoshi.2026', password: 'Good#Passw0rd1' } });
  assert.equal(again.json.must_change_password, false);
  // Reusing one of the last passwords is refused.
  const t2 = again.json.token;
  const r = await call(url, 'POST', '/api/v1/session/password', { token: t2, body: { old_password: 'Good#Passw0rd1', new_password: temp } });
  refused(r, 400, 'password_reused', 'SYS-4');
});

test('SYS-4: the password length follows the highest level the person may see', async () => {
  // clerk is core (绝密): at least 12 characters.
  const token = await login(url, 'clerk');
  const r = await call(url, 'POST', '/api/v1/session/password', { token, body: { old_password: PW, new_password: 'Abcdef#12345' .slice(0, 11) } });
  refused(r, 400, 'password_too_short', 'SYS-4');
  assert.match(r.json.error.message_en, /12/);
});

test('SYS-1/SYS-4: a disabled account cannot log in and its sessions end; reset forces a change', async () => {
  const admin = await login(url, 'sysadmin');
  const people = (await call(url, 'GET', '/api/v1/people', { token: admin })).json.items;
  const guoyang = people.find((p) => p.username === 'guoyang');
  const session = await login(url, 'guoyang');
  const off = await call(url, 'POST', `/api/v1/accounts/${guoyang.id}/disable`, { token: admin });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.json.person.status, 'disabled');
  refused(await call(url, 'GET', '/api/v1/me', { token: session }), 401, 'session_invalid', 'SYS-4');
  refused(await call(url, 'POST', '/api/v1/session', { body: { username: 'guoyang', password: PW } }), 403, 'bad_credentials', 'SYS-4');
  assert.equal((await call(url, 'POST', `/api/v1/accounts/${guoyang.id}/enable`, { token: admin })).status, 200);
  await login(url, 'guoyang');

  // SYS-1: a reset is filed; until the security administrator approves nothing changes.
  const reset = await call(url, 'POST', `/api/v1/accounts/${guoyang.id}/reset-password`, { token: admin });
  assert.equal(reset.status, 202, reset.text);
  assert.equal(reset.json.person.must_change_password, false);
  await login(url, 'guoyang');
  const temp = await approveFiling(url, reset, await login(url, 'secadmin'));
  refused(await call(url, 'POST', '/api/v1/session', { body: { username: 'guoyang', password: PW } }), 403, 'bad_credentials', 'SYS-4');
  const s = await call(url, 'POST', '/api/v1/session', { body: { username: 'guoyang', password: temp } });
  assert.equal(s.json.must_change_password, true);
  // Nobody disables their own account.
  const me = people.find((p) => p.username === 'sysadmin');
  refused(await call(url, 'POST', `/api/v1/accounts/${me.id}/disable`, { token: admin }), 409, 'cannot_disable_self', 'SYS-1');
});

// Bytes the kernel holds unread on the server's end of the connection from
// client port `cport` to server port `sport` (/proc/net/tcp rx_queue); -1 when
// that socket is not listed.
function unreadBytes(sport, cport) {
  const hex = (n) => n.toString(16).toUpperCase().padStart(4, '0');
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    if (f[1].endsWith(':' + hex(sport)) && f[2].endsWith(':' + hex(cport)))
      return parseInt(f[4].split(':')[1], 16);
  }
  return -1;
}

// Polls `cond` every 10 ms for at most 10 s.
async function until(cond, what) {
  for (let i = 0; i < 1000; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting until ${what}`);
}

test('SIGTERM stops the server cleanly (exit 0) and finishes a request in flight', async () => {
  const other = await startServer(unit.db, { logName: 'sigterm' });
  const { port } = new URL(other.url);
  const body = JSON.stringify({ username: 'clerk', password: PW });
  // A request whose headers have arrived but whose body has not: it is in flight.
  const sock = net.connect(Number(port), '127.0.0.1');
  let answer = '';
  sock.on('data', (d) => { answer += d.toString(); });
  const closed = new Promise((r) => sock.on('close', r));
  await new Promise((r) => sock.on('connect', r));
  await new Promise((r) => sock.write(`POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n` + body.slice(0, 5), r));
  // No sleeps: wait for the events themselves. The server has read what was
  // sent (its socket's receive queue is empty)…
  await until(() => unreadBytes(Number(port), sock.localPort) === 0, 'the server reads the headers');
  const stopped = other.stop();
  // …and has taken the signal (it logs "stopping") before the body arrives.
  await until(() => /stopping/.test(readFileSync(other.log, 'utf8')), 'the server logs the signal');
  sock.write(body.slice(5));
  await closed;
  assert.match(answer, /^HTTP\/1\.1 201/, answer);
  const res = await stopped;
  assert.equal(res.code, 0);
  assert.match(res.stdout, /stopped/);
  // New connections are refused once it has stopped.
  await assert.rejects(fetch(other.url + '/api/v1/health'));
});
