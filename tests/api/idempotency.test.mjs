// tests/api/idempotency.test.mjs — issue 9 point 7: a client that retries a
// POST with the same Idempotency-Key after a lost answer gets the first
// answer again and registers nothing twice — also after a server restart;
// the same key with another body is refused (409); without a key every
// POST runs; a refused request claims nothing.
import assert from 'node:assert/strict';
import { test, before, after } from 'node:test';
import { demoUnit, startServer, call, login, refused, q, query } from './lib.mjs';

let unit, srv, url, clerk, auditor;
const title = '幂等键测试通知 IDEMPOTENCY-7';
const body = { title, level: '内部', doc_number: '幂〔2026〕7号' };

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  clerk = await login(url, 'clerk');
  auditor = await login(url, 'auditor');
});

after(async () => {
  if (srv) await srv.stop();
  if (unit) unit.cleanup();
});

async function carriersTitled(t, token = clerk, base = url) {
  const r = await call(base, 'GET', '/api/v1/carriers' + q({ q: t, limit: 100 }), { token });
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((c) => c.title === t);
}

async function registerEvents(id, base = url) {
  const r = await call(base, 'GET', '/api/v1/audit/events' + q({ action: 'carrier.register', limit: 1000 }), { token: auditor });
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((e) => e.object === `carrier:${id}` && e.outcome === 'ok');
}

test('Idempotency-Key: a retried registration answers the first answer and registers once', async () => {
  const headers = { 'Idempotency-Key': 'reg-0001' };
  const first = await call(url, 'POST', '/api/v1/carriers', { token: clerk, body, headers });
  assert.equal(first.status, 201, first.text);
  const again = await call(url, 'POST', '/api/v1/carriers', { token: clerk, body, headers });
  assert.equal(again.status, 201, again.text);
  assert.deepEqual(again.json, first.json, 'the same answer, the same carrier');
  const found = await carriersTitled(title);
  assert.equal(found.length, 1, 'one carrier');
  assert.equal((await registerEvents(first.json.id)).length, 1, 'one registration on the record');
});

test('Idempotency-Key: the same key with another body is refused, and registers nothing', async () => {
  const headers = { 'Idempotency-Key': 'reg-0001' };
  const r = await call(url, 'POST', '/api/v1/carriers', { token: clerk, body: { ...body, title: title + '（另一份）' }, headers });
  refused(r, 409, 'idempotency_key_reused', null);
  assert.match(r.json.error.message_en, /another request/);
  assert.equal((await carriersTitled(title + '（另一份）')).length, 0);
});

test('Idempotency-Key: after a restart the retry still finds the first answer', async () => {
  const headers = { 'Idempotency-Key': 'reg-0001' };
  assert.equal((await srv.stop()).code, 0);
  srv = await startServer(unit.db, { logName: 'restarted' });
  url = srv.url;
  clerk = await login(url, 'clerk');
  auditor = await login(url, 'auditor');
  const r = await call(url, 'POST', '/api/v1/carriers', { token: clerk, body, headers });
  assert.equal(r.status, 201, r.text);
  const found = await carriersTitled(title);
  assert.equal(found.length, 1, 'still one carrier');
  assert.equal(r.json.id, found[0].id);
  assert.equal((await registerEvents(found[0].id)).length, 1);
});

test('Idempotency-Key: when the answer was lost after the commit, the retry is told what was done', async () => {
  // The claim commits with the registration; the answer is written after it. Lose the answer
  // (as a crash between the two would) and retry: nothing runs again.
  const headers = { 'Idempotency-Key': 'reg-lost' };
  const t3 = title + ' C';
  const first = await call(url, 'POST', '/api/v1/carriers', { token: clerk, body: { ...body, title: t3 }, headers });
  assert.equal(first.status, 201, first.text);
  assert.equal((await srv.stop()).code, 0);
  assert.equal(query(unit, "UPDATE idempotency SET status = NULL, answer = NULL WHERE key = 'reg-lost' RETURNING key"), 'reg-lost');
  srv = await startServer(unit.db, { logName: 'lost' });
  url = srv.url;
  clerk = await login(url, 'clerk');
  auditor = await login(url, 'auditor');
  const r = await call(url, 'POST', '/api/v1/carriers', { token: clerk, body: { ...body, title: t3 }, headers });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { replayed: true, object: `carrier:${first.json.id}` });
  assert.equal((await carriersTitled(t3)).length, 1);
});

test('Idempotency-Key: keys are per person; without a key a POST runs each time; refusals claim nothing', async () => {
  const t2 = title + ' B';
  // Another person's request with the same key is a request of its own (denied here for the role).
  const staff = await login(url, 'staff');
  const other = await call(url, 'POST', '/api/v1/carriers', { token: staff, body: { ...body, title: t2 }, headers: { 'Idempotency-Key': 'reg-0001' } });
  assert.notEqual(other.json?.error?.code, 'idempotency_key_reused', other.text);
  // A refused request (no level) claims nothing: the fixed retry with the same key runs.
  const bad = await call(url, 'POST', '/api/v1/carriers', { token: clerk, body: { title: t2 }, headers: { 'Idempotency-Key': 'reg-0002' } });
  assert.equal(bad.status, 400, bad.text);
  const bad2 = await call(url, 'POST', '/api/v1/carriers', { token: clerk, body: { title: t2, level: '内部' }, headers: { 'Idempotency-Key': 'reg-0003' } });
  assert.equal(bad2.status, 201, bad2.text);
  // Without a key, two POSTs are two registrations.
  for (let i = 0; i < 2; i++)
    assert.equal((await call(url, 'POST', '/api/v1/carriers', { token: clerk, body: { title: t2, level: '内部' } })).status, 201);
  assert.equal((await carriersTitled(t2)).length, 3);
  // A malformed key is refused before anything runs.
  refused(await call(url, 'POST', '/api/v1/carriers', { token: clerk, body, headers: { 'Idempotency-Key': 'x'.repeat(129) } }),
    400, 'invalid_idempotency_key', null);
});

test('Idempotency-Key: concurrent requests with one key register once (the others replay or get 409)', async () => {
  const t4 = title + ' D';
  const headers = { 'Idempotency-Key': 'reg-race' };
  const answers = await Promise.all(Array.from({ length: 8 }, () =>
    call(url, 'POST', '/api/v1/carriers', { token: clerk, body: { ...body, title: t4 }, headers })));
  // 201: the first, or a replay of its answer; 200 {replayed, object}: it committed but its
  // answer was not yet kept; 409: lost the race for the key and did nothing.
  for (const a of answers)
    assert.ok(a.status === 201 || (a.status === 200 && a.json.replayed === true) ||
      (a.status === 409 && a.json.error.code === 'idempotency_key_in_use'), a.text);
  const found = await carriersTitled(t4);
  assert.equal(found.length, 1, 'one carrier');
  for (const a of answers.filter((x) => x.status === 200)) assert.equal(a.json.object, `carrier:${found[0].id}`);
  for (const a of answers.filter((x) => x.status === 201)) assert.equal(a.json.id, found[0].id);
  assert.equal((await registerEvents(found[0].id)).length, 1);
});
