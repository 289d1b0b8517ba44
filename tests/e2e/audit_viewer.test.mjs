// audit_viewer.test.mjs — the audit screen as an auditor uses it (issue 14 point 12):
// people by name, actions and objects in Chinese words from the one catalogue (no raw
// key such as carrier.list on the zh screen), a detail column in words, a date range,
// a toggle that hides the reads, and the filtered list downloaded as .xlsx (opened
// with tests/tools/xlsx_dump.py) with the screen's filters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup, login, settled, assertNoHorizontalScroll, shot } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

const DUMP = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'xlsx_dump.py');
const localDay = (at) => new Date(Date.parse(at) + 8 * 3600e3).toISOString().slice(0, 10);
let env, page;

before(async () => {
  env = await setup();
  // A read by the clerk: an audited search of the ledger.
  const clerk = await apiLogin(env.url, 'clerk');
  assert.equal((await call(env.url, 'GET', '/api/v1/carriers?limit=5', { token: clerk })).status, 200);
  page = await env.page();
  await login(page, 'auditor');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

const cells = (col) => page.locator(`table.data tbody tr td:nth-child(${col})`).allInnerTexts();

test('names, actions and details in words; reads hidden by the toggle', async () => {
  await page.goto('/#/admin/audit?actor=clerk&limit=200');
  await page.locator('table.data').waitFor();
  await settled(page);
  const actors = await cells(3);
  assert.ok(actors.length > 0 && actors.every((a) => /陈静\s*\(clerk\)/.test(a)), `names: ${actors.slice(0, 3)}`);
  const actions = await cells(4);
  assert.ok(actions.includes('登录') && actions.includes('查询载体台账'), `actions in words: ${actions.slice(0, 5)}`);
  assert.ok(!actions.some((a) => /^[a-z_]+\.[a-z_]+$/.test(a)), 'no raw action key');
  const details = await cells(8);
  assert.ok(details.some((d) => /标题：.+密级：/.test(d)), 'the detail column summarises in words');
  await page.locator('#audit-hide-reads').check();
  await page.waitForFunction(() => location.hash.includes('kind=business'));
  await page.locator('table.data').waitFor();
  await settled(page);
  const biz = await cells(4);
  assert.ok(biz.length > 0 && !biz.includes('查询载体台账') && !biz.includes('查阅审计日志'), 'reads hidden');
  assert.ok(await page.locator('#audit-hide-reads').isChecked());
  await assertNoHorizontalScroll(page, 'audit viewer');
  await shot(page, 'audit-viewer-business');
});

test('a date range keeps the unit\'s days; the Excel download carries the filters', async () => {
  const tok = await apiLogin(env.url, 'auditor');
  const reg = (await call(env.url, 'GET', '/api/v1/audit/events?action=carrier.register_incoming&limit=1', { token: tok })).json.items[0];
  const day = localDay(reg.at);
  await page.goto('/#/admin/audit');
  await page.locator('input[name=from]').waitFor();
  await page.locator('input[name=from]').fill(day);
  await page.locator('input[name=to]').fill(day);
  await page.locator('#audit-hide-reads').check();
  await page.waitForFunction((d) => location.hash.includes(`from=${d}`) && location.hash.includes('kind=business'), day);
  await page.locator('table.data').waitFor();
  await settled(page);
  const want = (await call(env.url, 'GET', `/api/v1/audit/events?from=${day}&to=${day}&kind=business&limit=1000`, { token: tok })).json;
  const seqs = await cells(1);
  assert.equal(seqs.length, Math.min(want.total, 50));
  const btn = page.locator('a[data-action=xlsx]');
  const [dl] = await Promise.all([page.waitForEvent('download'), btn.click()]);
  assert.equal(dl.suggestedFilename(), 'baomi-audit-list.xlsx');
  const x = JSON.parse(execFileSync('python3', [DUMP, await dl.path()], { encoding: 'utf8' }));
  assert.match(x.rows[0][0], new RegExp(`审计日志（${day} 至 ${day}）`));
  assert.equal(x.rows[1][4], '操作');
  const rows = x.rows.slice(2, -2);
  assert.equal(rows.length, want.total, 'the whole filtered list, not the page');
  assert.ok(rows.every((r) => r[1].startsWith(day) && r[5] === '业务'));
});
