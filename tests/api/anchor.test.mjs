// tests/api/anchor.test.mjs — signed checkpoints over HTTP (SYS-3, issue 9 point 2): the
// server signs one at start, the audit administrator signs one on demand (POST
// /api/v1/audit/checkpoints, SYS-1 through the task table), every export signs one first,
// and verify checks the chain against them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { demoUnit, startServer, call, login, refused } from './lib.mjs';

let unit, srv, url, tok = {};
const lines = () => readFileSync(unit.checkpoints, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'auditor', 'secadmin']) tok[u] = await login(url, u);
});

after(async () => {
  await srv?.stop();
  unit?.cleanup();
});

test('SYS-3: the server signs a checkpoint at start, with a new private key', () => {
  assert.ok(existsSync(unit.key), 'the key is made beside the database (on PostgreSQL where --audit-key says)');
  assert.equal(statSync(unit.key).mode & 0o777, 0o600);
  const cps = lines();
  assert.equal(cps.length, 1);
  assert.equal(cps[0].checkpoint, 'baomi-checkpoint-v1');
  assert.equal(cps[0].alg, 'sm2-sm3');
  assert.ok(cps[0].count > 100);
});

test('SYS-1: only the audit administrator signs a checkpoint', async () => {
  refused(await call(url, 'POST', '/api/v1/audit/checkpoints', { token: tok.clerk }), 403, 'auditor_required', 'SYS-1');
  refused(await call(url, 'POST', '/api/v1/audit/checkpoints', { token: tok.secadmin }), 403, 'auditor_required', 'SYS-1');
  assert.equal(lines().length, 1, 'a refusal writes no checkpoint');
});

test('SYS-3: the auditor signs one and gets the 校验码; verify meets it', async () => {
  const r = await call(url, 'POST', '/api/v1/audit/checkpoints', { token: tok.auditor });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.code, /^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
  assert.match(r.json.last_hash, /^[0-9a-f]{64}$/);
  assert.equal(r.json.key_created, false);
  const cps = lines();
  assert.equal(cps.length, 2);
  assert.equal(cps[1].count, r.json.count);
  assert.equal(cps[1].last_hash, r.json.last_hash);
  const v = await call(url, 'GET', '/api/v1/audit/verify', { token: tok.auditor });
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.intact, true);
  assert.equal(v.json.checkpoints, 2);
  assert.equal(v.json.anchored, r.json.count);
  const ev = await call(url, 'GET', '/api/v1/audit/events?action=audit.checkpoint&limit=5', { token: tok.auditor });
  const mine = ev.json.items.find((e) => e.actor === 'auditor');
  assert.ok(mine, 'the checkpoint is itself an audit event');
  assert.equal(mine.detail.code ?? JSON.parse(mine.detail).code, r.json.code);
});

test('SYS-3: every export signs a checkpoint first, at the export\'s last event', async () => {
  const r = await call(url, 'GET', '/api/v1/audit/export', { token: tok.auditor });
  assert.equal(r.status, 200);
  const events = r.text.trim().split('\n').map((l) => JSON.parse(l));
  const cps = lines();
  assert.equal(cps.length, 3);
  assert.equal(cps[2].count, events.length);
  assert.equal(cps[2].last_hash, events[events.length - 1].hash);
});
