// tests/api/idle_bg.test.mjs — issue 14 point 7 through the real server:
// GET /me tells the browser SYS-4's idle limit and the seconds left
// (idle_seconds, expires_in, by the server's clock), and a read carrying
// X-Baomi-Background: 1 (the web UI's badge poll and its check of the end)
// does not count as activity: a screen left open that polls still ends.
// Moved clocks are second servers on the same database (BAOMI_NOW).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused } from './lib.mjs';

let unit, srv, url;
const BG = { 'X-Baomi-Background': '1' };
const IDLE_MIN = 10;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  const sec = await login(url, 'secadmin');
  const ok = await call(url, 'POST', '/api/v1/policy', {
    token: sec,
    body: { text: `auth.session_idle_minutes = ${IDLE_MIN}\n`, comment: '闲置 10 分钟退出（idle_bg）' },
  });
  assert.equal(ok.status, 201, ok.text);
});

after(async () => {
  if (srv) await srv.stop();
  if (unit) unit.cleanup();
});

// A server on the same database whose clock reads `ms`, for `fn(url)`.
async function at(ms, name, fn) {
  const s = await startServer(unit.db, { env: { BAOMI_NOW: iso(ms) }, logName: name });
  try { return await fn(s.url); } finally { assert.equal((await s.stop()).code, 0); }
}

test('SYS-4: GET /me tells the idle limit and the seconds left by the server\'s clock', async () => {
  const token = await login(url, 'clerk');
  const me = await call(url, 'GET', '/api/v1/me', { token });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.idle_seconds, IDLE_MIN * 60);
  assert.ok(me.json.expires_in <= IDLE_MIN * 60 && me.json.expires_in >= IDLE_MIN * 60 - 5, me.text);
  // expires_in is expires_at less the server's now.
  const now = Date.parse((await call(url, 'GET', '/api/v1/health')).json.time);
  assert.ok(Math.abs(Date.parse(me.json.expires_at) - (now + me.json.expires_in * 1000)) <= 5000, me.text);
});

test('SYS-4: a background read does not keep an idle session; the person\'s own read does', async () => {
  const quiet = await login(url, 'clerk');
  const busy = await login(url, 'staff');
  const now = Date.parse((await call(url, 'GET', '/api/v1/health')).json.time);
  // 7 minutes on: both alive; the background read leaves 3 minutes, the own read 10 again.
  await at(now + 7 * 60000, 'bg7', async (u) => {
    const a = await call(u, 'GET', '/api/v1/me', { token: quiet, headers: BG });
    assert.equal(a.status, 200, a.text);
    assert.ok(a.json.expires_in <= 3 * 60 + 5 && a.json.expires_in >= 3 * 60 - 10, a.text);
    // A second background read (a badge's poll) leaves it where it was.
    const poll = await call(u, 'GET', '/api/v1/requests?inbox=true&limit=1', { token: quiet, headers: BG });
    assert.equal(poll.status, 200, poll.text);
    const b = await call(u, 'GET', '/api/v1/me', { token: busy });
    assert.equal(b.status, 200, b.text);
    assert.equal(b.json.expires_in, IDLE_MIN * 60);
  });
  // 12 minutes on: 12 idle for the one only polled, ended (SYS-4); 5 for the other.
  await at(now + 12 * 60000, 'bg12', async (u) => {
    const a = await call(u, 'GET', '/api/v1/me', { token: quiet, headers: BG });
    refused(a, 401, 'session_expired', 'SYS-4');
    const b = await call(u, 'GET', '/api/v1/me', { token: busy, headers: BG });
    assert.equal(b.status, 200, b.text);
    assert.ok(b.json.expires_in <= 5 * 60 + 5 && b.json.expires_in >= 5 * 60 - 10, b.text);
  });
});

test('SYS-4: the background header does not spare a change from counting as activity', async () => {
  const token = await login(url, 'clerk');
  const now = Date.parse((await call(url, 'GET', '/api/v1/health')).json.time);
  await at(now + 7 * 60000, 'bgpost', async (u) => {
    // A POST with the header is the person's action (here refused as incomplete,
    // changing nothing): the clock starts again.
    const r = await call(u, 'POST', '/api/v1/carriers', { token, headers: BG, body: {} });
    assert.equal(r.status, 400, r.text);
  });
  await at(now + 12 * 60000, 'bgpost12', async (u) => {
    const me = await call(u, 'GET', '/api/v1/me', { token, headers: BG });
    assert.equal(me.status, 200, me.text);
  });
});
