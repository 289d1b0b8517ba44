// tests/api/faults.test.mjs — faults leave it serving (issue 9 point 5).
// A real `baomi serve` with tests/tools/nospace.so preloaded: while
// "<db>.full" exists every write to the database and its log fails with
// ENOSPC, as on a full disk. Meanwhile every request that must write
// (registration, an audited read, a login) answers 503 with Retry-After and
// the code disk_full in zh and en, never 500 and never "wrong password";
// once the file is gone the same server process serves normally, with no
// restart. Afterwards, the CLI alone finds every acknowledged carrier, none
// of those refused, and the audit chain intact. And lock contention: another
// process holding the database's write lock beyond the busy timeout makes a
// registration and an audited read answer 503 busy with Retry-After, never
// 500; once it lets go they succeed.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BAOMI, PW, demoUnit, startServer, login, call, refused, sqliteOnly } from './lib.mjs';
// SQLite only: the PostgreSQL pass (BAOMI_TEST_PG) reports each test skipped, saying why.
const { test, before, after } = sqliteOnly('fills the SQLite file\'s disk and holds its write lock with Python\'s sqlite3');

const SHIM = join(dirname(BAOMI), 'tests', 'tools', 'nospace.so');

let unit, srv;
before(async () => {
  assert.ok(existsSync(SHIM), `${SHIM} is built with the project (tests/tools/meson.build)`);
  unit = await demoUnit();
  const asan = process.env.ASAN_OPTIONS ? process.env.ASAN_OPTIONS + ':' : '';
  srv = await startServer(unit.db, {
    logName: 'faults',
    env: {
      LD_PRELOAD: SHIM,
      BAOMI_TEST_NOSPACE_DB: unit.db,
      // a sanitizer build: the shim is loaded before the ASan runtime
      ASAN_OPTIONS: asan + 'verify_asan_link_order=0',
    },
  });
});
after(async () => {
  if (srv) await srv.stop();
  if (unit) unit.cleanup();
});

const full = (on) => (on ? writeFileSync(unit.db + '.full', '') : rmSync(unit.db + '.full'));

const carrier = (title) => ({
  title, level: '秘密', serial_number: 1, sender: '市教育局',
  place: '机要室保密柜（一号）', scope: ['办公室', 'clerk'],
});

function diskFull(r) {
  refused(r, 503, 'disk_full', null);
  assert.equal(r.headers.get('retry-after'), '1', 'a client is told when to retry');
}

function cli(args, user) {
  const full = [...args, '--db', unit.db];
  if (user) full.push('--user', user, '--password-stdin');
  const r = spawnSync(BAOMI, full, {
    input: user ? PW + '\n' : '', encoding: 'utf8', maxBuffer: 1 << 26,
    env: { ...process.env, BAOMI_DB: '', BAOMI_USER: '', BAOMI_PASSWORD: '', BAOMI_NOW: '' },
  });
  assert.equal(r.status, 0, `baomi ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('a full disk answers 503 disk_full, loses nothing acknowledged, and the server serves once space is freed', async () => {
  const token = await login(srv.url, 'clerk');
  const reg = (title) => call(srv.url, 'POST', '/api/v1/carriers', { token, body: carrier(title) });
  const first = await reg('满盘测试 之前');
  assert.equal(first.status, 201, first.text);

  full(true);
  for (let i = 0; i < 3; i++) diskFull(await reg(`满盘测试 满时 ${i}`));
  // a batch of concurrent use cases fails as a whole, each with the error
  const batch = await Promise.all(Array.from({ length: 8 }, (_, i) => reg(`满盘测试 满时 并发${i}`)));
  batch.forEach(diskFull);
  diskFull(await call(srv.url, 'GET', `/api/v1/carriers/${first.json.id}`, { token })); // its audit event cannot be written
  diskFull(await call(srv.url, 'POST', '/api/v1/session', { body: { username: 'clerk', password: PW } }));
  full(false);

  // The same process serves again: no restart, no "transaction already open".
  const acked = [first.json.id];
  const again = await reg('满盘测试 之后');
  assert.equal(again.status, 201, again.text);
  acked.push(again.json.id);
  const shown = await call(srv.url, 'GET', `/api/v1/carriers/${first.json.id}`, { token });
  assert.equal(shown.status, 200, shown.text);
  const more = await Promise.all(Array.from({ length: 8 }, (_, i) => reg(`满盘测试 之后 并发${i}`)));
  for (const r of more) { assert.equal(r.status, 201, r.text); acked.push(r.json.id); }
  assert.ok((await login(srv.url, 'clerk')).length > 0, 'a login works again');

  const stopped = await srv.stop();
  srv = null;
  assert.equal(stopped.code, 0);

  // Read back by the CLI alone: every acknowledged carrier, none refused, the chain intact.
  const verdict = JSON.parse(cli(['audit', 'verify', '--json']));
  assert.equal(verdict.intact, true, JSON.stringify(verdict));
  const page = JSON.parse(cli(['carrier', 'list', '--json', '--sort', 'id', '--limit', '1000'], 'clerk'));
  const ours = page.items.filter((c) => c.title.startsWith('满盘测试'));
  assert.deepEqual(ours.map((c) => c.id).sort((a, b) => a - b), acked.sort((a, b) => a - b));
  assert.equal(ours.filter((c) => c.title.includes('满时')).length, 0, 'nothing refused was written');
});

// Holds the write lock of `db` from another process (python3's sqlite3)
// until `release()`; resolves once the lock is held.
function holdWriteLock(db) {
  const py = spawn('python3', ['-c', `
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
c.execute("ROLLBACK")
`, db], { stdio: ['pipe', 'pipe', 'inherit'] });
  const done = new Promise((resolve) => py.on('exit', resolve));
  return new Promise((resolve, reject) => {
    py.stdout.on('data', (d) => {
      if (String(d).includes('locked')) resolve({ release: () => { py.stdin.end(); return done; } });
    });
    py.on('exit', (code) => reject(new Error(`python3 exited ${code} before taking the lock`)));
  });
}

test('lock contention answers 503 busy with Retry-After, never 500, and passes', async () => {
  const lockUnit = await demoUnit();
  const server = await startServer(lockUnit.db, { logName: 'busy' });
  try {
    const token = await login(server.url, 'clerk');
    const first = await call(server.url, 'POST', '/api/v1/carriers', { token, body: carrier('锁测试 之前') });
    assert.equal(first.status, 201, first.text);
    const lock = await holdWriteLock(lockUnit.db);
    const [reg, read] = await Promise.all([
      call(server.url, 'POST', '/api/v1/carriers', { token, body: carrier('锁测试 锁住时') }),
      call(server.url, 'GET', `/api/v1/carriers/${first.json.id}`, { token }),
    ]);
    await lock.release();
    for (const r of [reg, read]) {
      refused(r, 503, 'busy', null);
      assert.equal(r.headers.get('retry-after'), '1');
    }
    const after = await call(server.url, 'POST', '/api/v1/carriers', { token, body: carrier('锁测试 之后') });
    assert.equal(after.status, 201, after.text);
    const shown = await call(server.url, 'GET', `/api/v1/carriers/${first.json.id}`, { token });
    assert.equal(shown.status, 200, shown.text);
  } finally {
    await server.stop();
    lockUnit.cleanup();
  }
});
