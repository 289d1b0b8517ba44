// tests/api/backup.test.mjs — a backup taken while the server serves (issue 9,
// point 8): 8 keep-alive clients register carriers as fast as they can; a
// `baomi backup` starts in the middle of it and the writers keep going until
// it has finished. Every registration acknowledged (201 received) before the
// backup was started is in the backup, with its title; the backup verifies on
// its own (`restore --check`, `audit verify`), no writer was refused during the
// backup other than with 503, and the live chain records the backup with the
// chain position it copied.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Agent } from 'node:http';
import { BAOMI, startServer, login, register, sqliteOnly } from './lib.mjs';
// SQLite only: the PostgreSQL pass (BAOMI_TEST_PG) reports each test skipped, saying why.
const { test, before, after } = sqliteOnly('reads the backup file with Python\'s sqlite3 (an online backup of a file database)');

const CLIENTS = 8;
const ENV = { ...process.env, BAOMI_DB: '', BAOMI_USER: '', BAOMI_PASSWORD: '', BAOMI_NOW: '' };

let unit;
// A real `baomi demo` (not lib.mjs demoUnit): the test tool's cheap password hashes
// rewrite the person rows behind the chain, and a backup runs `baomi check` (SYS-3).
before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-api-'));
  const db = join(dir, 'demo.db');
  const r = spawnSync(BAOMI, ['demo', '--db', db], { env: ENV, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  unit = { dir, db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
});
after(() => { if (unit) unit.cleanup(); });

// Runs the CLI asynchronously (the event loop keeps the clients going); resolves its result.
function cliAsync(args) {
  return new Promise((resolve) => {
    const p = spawn(BAOMI, args, { env: ENV });
    let stdout = '', stderr = '';
    p.stdout.on('data', (c) => { stdout += c; });
    p.stderr.on('data', (c) => { stderr += c; });
    p.on('exit', (status) => resolve({ status, stdout, stderr, at: performance.now() }));
  });
}

function cli(args) {
  const r = spawnSync(BAOMI, args, { env: ENV, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, `baomi ${args.join(' ')}: ${r.stderr}${r.stdout.slice(0, 2000)}`);
  return r.stdout;
}

// id -> title of every carrier in the database file, read with Python's sqlite3, read-only.
function carriersIn(file) {
  const py = 'import json, sqlite3, sys\n' +
    'db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)\n' +
    'print(json.dumps(dict(db.execute("SELECT id, title FROM carrier").fetchall())))\n';
  const r = spawnSync('python3', ['-c', py, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  return new Map(Object.entries(JSON.parse(r.stdout)).map(([id, t]) => [Number(id), t]));
}

test('a backup under concurrent registrations holds every write acknowledged before it began', async (t) => {
  const srv = await startServer(unit.db, { logName: 'backup' });
  const token = await login(srv.url, 'clerk');
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const acked = [];   // { id, title, at }
  const other = [];
  let stop = false;
  const client = async (c) => {
    for (let i = 0; !stop; i++) {
      const title = `备份测试 客户${c} 第${i}件`;
      const r = await register(srv.url, agent, token, {
        title, level: '秘密', serial_number: 1 + i, sender: '市教育局',
        place: '机要室保密柜（一号）', scope: ['办公室', 'clerk'],
      });
      if (r.status === 201) acked.push({ id: r.json.id, title, at: r.at });
      else other.push(r);
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
  const backup = join(unit.dir, 'nightly.db');
  let started, done;
  try {
    // Writers first, then the backup in the middle of their load.
    for (let w = 0; acked.length < 40 && w < 600; w++) await new Promise((r) => setTimeout(r, 50));
    started = performance.now();
    const ackedBefore = acked.length;
    done = await cliAsync(['backup', '--db', unit.db, '--out', backup, '--json']);
    const ackedDuring = acked.filter((a) => a.at > started && a.at < done.at).length;
    // A little more load after it, then stop.
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await Promise.all(clients);
    assert.equal(done.status, 0, `backup: ${done.stderr}`);
    t.diagnostic(`${ackedBefore} registrations acknowledged before the backup started, ` +
      `${ackedDuring} during its ${Math.round(done.at - started)} ms, ${acked.length} in all; 503: ${other.length}`);
  } finally {
    stop = true;
    await Promise.all(clients);
    agent.destroy();
    const end = await srv.stop();
    assert.equal(end.code, 0, 'the server stops cleanly');
  }
  // Lock contention may answer 503 (issue 17 point 1); nothing else.
  for (const r of other) assert.equal(r.status, 503, r.text);

  const before = acked.filter((a) => a.at < started);
  assert.ok(before.length >= 40, `only ${before.length} acknowledged before the backup`);
  const inBackup = carriersIn(backup);
  for (const a of before) {
    assert.ok(inBackup.has(a.id), `carrier ${a.id} (${a.title}), acknowledged before the backup began, is missing from it`);
    assert.equal(inBackup.get(a.id), a.title, `carrier ${a.id}`);
  }
  // Nothing in the backup that was not registered: every one of ours in it was acknowledged.
  const ours = new Set(acked.map((a) => a.id));
  for (const [id, title] of inBackup) if (title.startsWith('备份测试 ')) assert.ok(ours.has(id), `carrier ${id} in the backup was never acknowledged`);

  const out = JSON.parse(done.stdout);
  const check = JSON.parse(cli(['restore', '--from', backup, '--check', '--json', '--audit-key', unit.db + '.sm2key']));
  assert.equal(check.intact, true);
  assert.equal(check.key_checked, true, 'the backup\'s checkpoints are signed by the unit\'s key');
  assert.equal(check.count, out.count, 'the backup ends at the chain position it reported');
  assert.equal(check.code, out.code);
  const verify = JSON.parse(cli(['audit', 'verify', '--db', backup, '--json']));
  assert.equal(verify.intact, true);
  assert.equal(verify.anchored, out.count, 'anchored up to its last event');

  // The live chain: intact, and it names the backup and the position copied.
  const live = JSON.parse(cli(['audit', 'verify', '--db', unit.db, '--json']));
  assert.equal(live.intact, true);
  assert.ok(live.count > out.count, 'the live chain went on after the snapshot');
  const list = spawnSync(BAOMI, ['audit', 'list', '--db', unit.db, '--limit', '0', '--json', '--user', 'auditor', '--password-stdin'],
    { env: ENV, input: 'Baomi@2026demo\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(list.status, 0, list.stderr);
  const ev = JSON.parse(list.stdout).events.find((e) => e.action === 'system.backup');
  assert.ok(ev, 'system.backup is in the live chain');
  assert.equal(ev.outcome, 'ok');
  assert.equal(ev.detail.to, backup);
  assert.equal(ev.detail.count, out.count);
  assert.equal(ev.detail.last_hash, out.last_hash);
  assert.ok(ev.seq > out.count, 'the event follows the copied events');
});
