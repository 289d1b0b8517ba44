// tests/api/lib.mjs — what every API suite shares: a demo unit in a temporary
// directory, the real `baomi serve` on a free loopback port, and a small
// fetch wrapper. The runner (tests/run.sh) sets BAOMI to the binary under test.
import { spawn, execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, closeSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import * as nodeTest from 'node:test';

export const BAOMI = process.env.BAOMI;
if (!BAOMI) throw new Error('BAOMI must point at the baomi binary');
export const PW = 'Baomi@2026demo';
const run = promisify(execFile);
const DEMO_DB = join(dirname(fileURLToPath(import.meta.url)), '..', 'demo-db.sh');

// PostgreSQL mode (issue 12 point 3): BAOMI_TEST_PG names the directory of a throw-away
// cluster (tests/pg/cluster.sh start DIR). Each file's demo unit is then a database of
// its own in that cluster, copied from a template the run builds once (tests/pg/demo-db.sh),
// and `unit.db` is its postgresql:// URL; the audit key and the checkpoint file, which a
// file database has beside it, are in the unit's directory, named to every `baomi` this
// process starts by BAOMI_AUDIT_KEY and BAOMI_CHECKPOINTS. Either way `unit.key` and
// `unit.checkpoints` are their paths.
export const PG = process.env.BAOMI_TEST_PG || '';
const PG_DEMO_DB = join(dirname(fileURLToPath(import.meta.url)), '..', 'pg', 'demo-db.sh');
const unitDirs = new Map(); // a PostgreSQL unit's URL -> its directory (logs, key, checkpoints)

// A fresh directory holding the demo unit (`baomi demo` at the real clock),
// created once per file by tests/demo-db.sh: a copy of the run's template
// when tests/run.sh set BAOMI_TEST_CACHE, with minimal-cost password hashes
// so that each login costs microseconds, not ~0.2 s of CPU.
// In PostgreSQL mode the unit is a copy of the cluster's demo template instead.
export async function demoUnit() {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-api-'));
  if (PG) {
    const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const { stdout } = await run('bash', [PG_DEMO_DB, PG, name],
      { env: { ...process.env, BAOMI_NOW: '' }, maxBuffer: 1 << 24 });
    const db = stdout.trim();
    const key = join(dir, 'demo.sm2key'), checkpoints = join(dir, 'demo.checkpoints');
    unitDirs.set(db, dir);
    process.env.BAOMI_AUDIT_KEY = key;
    process.env.BAOMI_CHECKPOINTS = checkpoints;
    return {
      dir, db, pg: name, key, checkpoints,
      cleanup: () => {
        try {
          execFileSync('bash', [PG_DEMO_DB, PG, '--drop', name], { stdio: 'ignore' });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  }
  const db = join(dir, 'demo.db');
  await run('bash', [DEMO_DB, db], { env: { ...process.env, BAOMI_NOW: '' }, maxBuffer: 1 << 24 });
  return {
    dir, db, key: db + '.sm2key', checkpoints: db + '.checkpoints',
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// The rows of a query on the unit's database, one line a row, columns joined by '|'
// (sqlite3's and psql -A's form): sqlite3 on a file, psql on PostgreSQL as the role baomi,
// which may read every table but write no table the chain binds (a test that rewrites one
// to stage a fault is SQLite only). The SQL must mean the same on both (no group_concat,
// no json_extract, counts rather than booleans; RETURNING for what a write changed).
export function query(unit, sql) {
  const [cmd, args] = PG
    ? ['psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', unit.db, '-c', sql]]
    : ['sqlite3', [unit.db, sql]];
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 }).trim();
}

// The node:test functions of a suite that reads or writes the SQLite file itself
// (sqlite3, Python's sqlite3, the file's size or lock): as node:test's on SQLite; in
// PostgreSQL mode each test is reported skipped with `why`, and its hooks do nothing.
//   const { test, before, after } = sqliteOnly('reads the database with sqlite3');
export function sqliteOnly(why) {
  if (!PG) return nodeTest;
  const skip = { skip: `SQLite only (not in the PostgreSQL pass): ${why}` };
  const test = (name) => nodeTest.test(name, skip, () => {});
  const noop = () => {};
  return { test, before: noop, after: noop, beforeEach: noop, afterEach: noop };
}

// Starts `baomi serve` on 127.0.0.1 with port 0 (the server picks a free port
// and prints its URL), waits for /api/v1/health. `env` adds variables
// (BAOMI_NOW fixes the server's clock); `args` adds options to `baomi serve`.
export async function startServer(db, { env = {}, logName = 'serve', args = [] } = {}) {
  const log = unitDirs.has(db) ? join(unitDirs.get(db), `pg.${logName}.log`) : join(db + '.' + logName + '.log');
  const errFd = openSync(log, 'a');
  const proc = spawn(BAOMI, ['serve', '--db', db, '--listen', '127.0.0.1:0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', errFd],
  });
  closeSync(errFd);
  let out = '';
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not print its URL: ' + out)), 60000);
    proc.stdout.on('data', (chunk) => {
      out += chunk.toString();
      const m = out.match(/serving on (https?:\/\/[0-9.]+:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${readFileSync(log, 'utf8')}`)); });
  });
  proc.stdout.on('data', (chunk) => { out += chunk.toString(); });
  // (an HTTPS server listens once it has printed its URL; fetch would not trust its test certificate)
  for (let i = 0; i < 100 && url.startsWith('http:'); i++) {
    try {
      const r = await fetch(url + '/api/v1/health');
      if (r.status === 200) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    log,
    pid: proc.pid,
    // resolves with { code, signal } when the process has ended (crash.test.mjs kills it)
    exited,
    // SIGTERM, then the exit status (the test asserts 0).
    async stop() {
      proc.kill('SIGTERM');
      const res = await exited;
      return { ...res, stdout: out };
    },
  };
}

// One request. `token` as a bearer, `body` as JSON (or `raw` with `type`).
export async function call(url, method, path, { token, body, raw, type, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    h['Content-Type'] = 'application/json';
  } else if (raw !== undefined) {
    payload = raw;
    if (type) h['Content-Type'] = type;
  }
  const res = await fetch(url + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json };
}

// Logs in and returns the token (asserting success).
// Each account's current password in this test file's unit: PW until a login found it
// past the policy's age (SYS-4, issue 13.8) at a server clock moved on (BAOMI_NOW) and
// changed it, as its owner would have to.
export const passwords = {};
let changes = 0;

export async function login(url, username, password = passwords[username] ?? PW) {
  const r = await call(url, 'POST', '/api/v1/session', { body: { username, password } });
  assert.equal(r.status, 201, `login ${username}: ${r.text}`);
  if (!r.json.password_expired) return r.json.token;
  const next = `Chg@2026pass${++changes}`;
  const c = await call(url, 'POST', '/api/v1/session/password', {
    token: r.json.token, body: { old_password: password, new_password: next },
  });
  assert.equal(c.status, 200, `password change of ${username}: ${c.text}`);
  passwords[username] = next;
  return r.json.token;
}

// Logs every user named in `tok` in again (tok[user] = a fresh token). A second server
// on the same database at another clock (BAOMI_NOW) ends, at login, the sessions stale at
// that clock (SYS-4): a test that started one logs in again afterwards.
export async function relogin(url, tok) {
  for (const u of Object.keys(tok)) tok[u] = await login(url, u);
}

// Asserts an error answer: status, code, rule, and both languages present;
// `article` (the unit's regulation article citing the rule) only with a rule.
export function refused(r, status, code, rule) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.json && r.json.error, `error body expected: ${r.text}`);
  const e = r.json.error;
  assert.deepEqual(Object.keys(e).filter((k) => k !== 'article').sort(), ['code', 'message', 'message_en', 'rule']);
  if ('article' in e) assert.ok(Number.isInteger(e.article) && e.article > 0 && e.rule, `article ${e.article} cites rule ${e.rule}`);
  if (code) assert.equal(e.code, code, r.text);
  if (rule !== undefined) assert.equal(e.rule, rule, r.text);
  assert.ok(e.message.length > 0 && e.message_en.length > 0, 'zh and en messages');
}

// INV-4 (issue 14 point 6): the body of a count's close as the clerk confirms it — what
// GET /counts/{id}?review=true shows (the number that goes missing and its token).
export async function closeBody(url, token, id) {
  const r = await call(url, 'GET', `/api/v1/counts/${id}?list=missing&limit=1&review=true`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json.review ? { confirm_missing: r.json.review.confirm_missing, confirm_token: r.json.review.confirm_token } : {};
}

// MAKE-1: files a make request as `requester` (a token) with `params` (title, level,
// copies, doc_number, scope …), has `approver` approve it when it waits for approval,
// and returns its id (asserting each step). POST /carriers/made takes it as request_id.
// Unless `params` names them, the classification decision (LEVEL-4/9) names the
// demo's classification authority `classifier` and a catalogue entry.
export async function approvedMake(url, requester, approver, params) {
  params = { classifier: 'classifier', basis: '本局保密事项一览表第1项', ...params };
  const r = await call(url, 'POST', '/api/v1/requests',
    { token: requester, body: { op: 'make', carrier_ids: [], reason: '工作需要', params } });
  assert.equal(r.status, 201, r.text);
  if (r.json.status.code === 'pending') {
    const d = await call(url, 'POST', `/api/v1/requests/${r.json.id}/approve`,
      { token: approver, body: { comment: '同意' } });
    assert.equal(d.status, 200, d.text);
  }
  return r.json.id;
}

// SYS-1 (issue 9): the second administrator's step. `filed` is the answer of
// POST /accounts, or of /accounts/{id}/reset-password (the system
// administrator's, with his half); the security administrator (`secToken`)
// approves; returns the whole temporary secret, the filer's half first.
export async function approveFiling(url, filed, secToken) {
  assert.ok(filed.json && filed.json.filing, `a filing expected: ${filed.text}`);
  const a = await call(url, 'POST', `/api/v1/account-filings/${filed.json.filing.id}/approve`, { token: secToken });
  assert.equal(a.status, 200, `approve: ${a.text}`);
  return filed.json.filing.half_secret + a.json.filing.half_secret;
}

export const q = (params) => '?' + new URLSearchParams(params).toString();

// "YYYY-MM-DD": the demo unit's calendar day `n` days from the instant `at` (ms; default:
// now). baomi's day is the unit's (unit.tz_offset_minutes, UTC+8 in the demo), not UTC's:
// from 16:00 to 24:00 UTC the unit is a day ahead, and a date the server compares with its
// "today" must be computed so. A date sent and later compared is kept in a variable, never
// computed again: the run may cross midnight in Beijing between the two.
export const unitDay = (n = 0, at = Date.now()) => new Date(at + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);

// A day the server took as its "today" (`actual`) is the unit's day at some moment of the
// request: `from` (unitDay() taken before it was sent) or the unit's day now, when the
// request crossed midnight in Beijing.
export function assertUnitToday(actual, from, message = 'the unit\'s day') {
  const to = unitDay();
  assert.ok(actual === from || actual === to, `${message}: ${actual}, expected ${from === to ? from : `${from} or ${to}`}`);
}

// One carrier registration (POST /api/v1/carriers) over a keep-alive `agent`;
// resolves { status, json, text, at: performance.now() at the answer }, rejects
// when the connection dies (a killed server).
export function register(url, agent, token, body) {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const u = new URL(url + '/api/v1/carriers');
    const r = request({
      host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': payload.length },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, json, text, at: performance.now() });
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(payload);
  });
}
