// import.test.mjs — the upload screen for an existing register (issue 15 point 1):
// pick a file, the dry run's table shows each row (the refused ones with their
// rule), confirm only when no row is refused, and the rows become carriers (the
// clerk's 收文登记簿), devices (the clerk's 涉密设备台账) or entries in the register
// of people (the security administrator's 涉密人员登记表). Files from
// tests/tools/ledger_files.py or written here, places and the new account made here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup, login, settled } from './lib.mjs';
import { call, login as apiLogin, approveFiling } from '../api/lib.mjs';

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
  const st = env ? await env.close() : null;
  for (const p of pages) assert.deepEqual(p.errors, [], 'no script errors in the page');
  if (files) rmSync(files, { recursive: true, force: true });
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
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

// A CSV register written here: UTF-8 with a BOM, CRLF.
function csv(name, rows) {
  writeFileSync(join(files, name), '\uFEFF' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
  return join(files, name);
}

// Picks `kind` (when the screen offers a choice), uploads `path` for the dry run and waits for its table.
async function dryRun(page, kind, path, row) {
  const sel = page.locator('select[name=kind]');
  if (await sel.count()) await sel.selectOption(kind);
  await page.locator('input[type=file]').setInputFiles(path);
  await page.locator('[data-action=dry-run]').click();
  await page.locator(`[data-testid=import-report] tr[data-row="${row}"]`).waitFor();
}

test('devices: the clerk\'s 涉密设备台账 — refusals by rule, nothing written; a good one imports on confirm', async () => {
  const page = await env.page();
  pages.push(page);
  const tok = await apiLogin(env.url, 'clerk');
  const count = async () => (await call(env.url, 'GET', '/api/v1/devices', { token: tok })).json.items.length;
  const before = await count();
  await login(page, 'clerk');
  await page.goto('/#/import');
  await settled(page);
  const head = ['设备编号', '设备类型', '密级', '责任人', '放置地点', '状态'];
  await dryRun(page, 'devices', csv('e2e_dev_bad.csv', [head,
    ['E2E-U-1', 'U盘', '秘密', '胡琳', '考试保密室', '在用'],
    ['E2E-U-1', 'U盘', '秘密', '胡琳', '考试保密室', '在用'],
    ['E2E-U-3', 'U盘', '机密', '杨帆', '基础教育科', '在用'],
    ['E2E-X-4', '一体机', '秘密', '胡琳', '考试保密室', '在用']]), 5);
  assert.equal(await page.locator('tr[data-row="2"]').getAttribute('data-ok'), 'true');
  assert.equal(await page.locator('tr[data-row="3"] .alert').getAttribute('data-rule'), 'DEV-1');
  assert.equal(await page.locator('tr[data-row="3"] .alert').getAttribute('data-code'), 'number_taken');
  assert.equal(await page.locator('tr[data-row="4"] .alert').getAttribute('data-rule'), 'PERSON-1');
  assert.equal(await page.locator('tr[data-row="5"] .alert').getAttribute('data-code'), 'import_device_kind');
  assert.match(await page.locator('tr[data-row="5"]').innerText(), /设备类型/, 'the column named');
  assert.equal(await page.locator('[data-action=confirm-import]').count(), 0, 'no confirmation with a refused row');
  assert.equal(await count(), before, 'the dry run wrote nothing');

  await dryRun(page, 'devices', csv('e2e_dev_good.csv', [head,
    ['E2E-U-1', '优盘', '秘密', '胡琳', '考试保密室', '在用'],
    ['E2E-PC-2', '台式机', '秘密', '郑强', '财务科', '在用']]), 3);
  assert.match(await page.locator('tr[data-row="2"]').innerText(), /E2E-U-1/);
  assert.equal(await page.locator('[data-testid=import-report] tr[data-ok=true]').count(), 2);
  assert.equal(await count(), before, 'still nothing before the confirmation');
  await page.locator('[data-action=confirm-import]').click();
  await page.locator('[data-testid=import-report] tr[data-row="3"] .badge', { hasText: '已登记' }).waitFor();
  assert.equal(await count(), before + 2, 'both devices registered');
  const list = (await call(env.url, 'GET', '/api/v1/devices?q=E2E-', { token: tok })).json.items;
  assert.deepEqual(list.map((d) => d.number).sort(), ['E2E-PC-2', 'E2E-U-1']);
});

test('people: the security administrator\'s 涉密人员登记表 — a temporary hire refused (PERSON-3); a good one imports', async () => {
  const sys = await apiLogin(env.url, 'sysadmin');
  const sec = await apiLogin(env.url, 'secadmin');
  const a = await call(env.url, 'POST', '/api/v1/accounts', { token: sys, body: { username: 'e2enew', name: '欧阳导', department: '办公室' } });
  assert.equal(a.status, 201, a.text);
  await approveFiling(env.url, a, sec);
  const page = await env.page();
  pages.push(page);
  await login(page, 'secadmin');
  await page.goto('/#/import');
  await settled(page);
  const head = ['姓名', '部门', '职务', '涉密等级', '审查日期', '审查结论', '保密承诺书签订日期'];
  await dryRun(page, 'people', csv('e2e_people_bad.csv', [head,
    ['刘晓', '办公室', '司机', '一般', '2026-01-05', '通过', '2026-01-06'],
    ['欧阳导', '财务科', '科员', '', '2026-01-05', '通过', '2026-01-06']]), 3);
  assert.equal(await page.locator('tr[data-row="2"] .alert').getAttribute('data-rule'), 'PERSON-3');
  assert.equal(await page.locator('tr[data-row="3"] .alert').getAttribute('data-code'), 'import_department_differs');
  assert.equal(await page.locator('[data-action=confirm-import]').count(), 0);

  await dryRun(page, 'people', csv('e2e_people_good.csv', [head, ['欧阳导', '办公室', '科员', '', '2026-01-05', '通过', '2026-01-06']]), 2);
  assert.match(await page.locator('tr[data-row="2"]').innerText(), /欧阳导（e2enew）；审查 2026-01-05 通过；岗位 科员；承诺书 2026-01-06/);
  await page.locator('[data-action=confirm-import]').click();
  await page.locator('[data-testid=import-report] tr[data-row="2"] .badge', { hasText: '已登记' }).waitFor();
  const p = await call(env.url, 'GET', '/api/v1/people/register?q=欧阳导', { token: sec });
  const me = p.json.items.find((x) => x.name === '欧阳导');
  assert.deepEqual([me.vetted_on, me.post, me.commitment_on], ['2026-01-05', '科员', '2026-01-06']);
});
