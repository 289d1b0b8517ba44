// import.test.mjs — the clerk's upload screen for an existing 收文登记簿 (issue 15
// point 1): pick a file, the dry run's table shows each row (the refused ones
// with their rule), confirm only when no row is refused, and the rows become
// carriers. Files from tests/tools/ledger_files.py, places made here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup, login, settled } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

const GEN = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'ledger_files.py');
let env, files;
const pages = [];

before(async () => {
  env = await setup();
  const sec = await apiLogin(env.url, 'secadmin');
  for (const [name, kind, level] of [['导入测试柜', 'safe', '绝密'], ['导入测试室', 'room', '秘密']]) {
    const r = await call(env.url, 'POST', '/api/v1/places', { token: sec, body: { name, kind, max_level: level } });
    assert.equal(r.status, 201, r.text);
  }
  files = mkdtempSync(join(tmpdir(), 'baomi-e2e-import-'));
  execFileSync('python3', [GEN, files, '张保密=clerk', '李员工=clerk', '一号保密柜=导入测试柜',
    '保密室=导入测试室', '档案柜=导入测试柜']);
});

after(async () => {
  for (const p of pages) assert.deepEqual(p.errors, [], 'no script errors in the page');
  if (env) assert.equal((await env.close()).code, 0, 'server exits 0 on SIGTERM');
  if (files) rmSync(files, { recursive: true, force: true });
});

test('a refused row shows its rule and offers no confirmation; a good file imports on confirm', async () => {
  const page = await env.page();
  pages.push(page);
  await login(page, 'clerk');
  await page.goto('/#/import');
  await settled(page);
  await page.locator('input[type=file]').setInputFiles(join(files, 'bad.csv'));
  await page.locator('[data-action=dry-run]').click();
  await page.locator('[data-testid=import-report] tr[data-row="5"]').waitFor();
  assert.equal(await page.locator('tr[data-row="5"] .alert').getAttribute('data-rule'), 'KEEP-1');
  assert.equal(await page.locator('tr[data-row="4"] .alert').getAttribute('data-code'), 'import_date');
  assert.equal(await page.locator('[data-action=confirm-import]').count(), 0, 'no confirmation with a refused row');

  await page.locator('input[type=file]').setInputFiles(join(files, 'good.csv'));
  await page.locator('[data-action=dry-run]').click();
  await page.locator('[data-action=confirm-import]').waitFor();
  assert.equal(await page.locator('[data-testid=import-report] tr[data-ok=true]').count(), 3);
  await page.locator('[data-action=confirm-import]').click();
  await page.locator('[data-testid=import-report] tr[data-row="3"] a[href^="#/carrier/"]').waitFor();
  assert.equal(await page.locator('[data-testid=import-report] a[href^="#/carrier/"]').count(), 3);
});
