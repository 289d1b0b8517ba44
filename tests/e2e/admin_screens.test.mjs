// admin_screens.test.mjs — the administrators' screens (issue 14 point 14):
// the system administrator sees a locked account in the list (since when,
// after how many failures, until when) and lifts the lock with 解锁. The
// policy editor has its own suite (policy_editor.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled, shot, assertLabelled, PW } from './lib.mjs';

let env;
const pages = [];

before(async () => { env = await setup(); });
after(async () => {
  const st = env ? await env.close() : null;
  for (const p of pages) assert.deepEqual(p.errors, [], 'no script errors');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

const apiLogin = (username, password) => fetch(env.url + '/api/v1/session', {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
});

test('SYS-4: the accounts list shows a lock and the system administrator lifts it', async () => {
  for (let i = 0; i < 5; i++) assert.equal((await apiLogin('hulin', 'wrong' + i)).status, 403);
  assert.equal((await apiLogin('hulin', PW)).status, 423, 'locked');
  const page = await env.page();
  pages.push(page);
  await login(page, 'sysadmin');
  await page.goto('/#/admin/accounts');
  await settled(page);
  const lock = page.locator('[data-testid=lock][data-user=hulin]');
  await lock.waitFor();
  const text = await lock.innerText();
  assert.match(text, /已锁定/);
  assert.match(text, /失败 5 次/);
  assert.match(text, /自 .+ 起/);
  assert.match(text, /至 .+ 自动解除/);
  // only the locked account offers 解锁
  assert.equal(await page.locator('[data-action=unlock]').count(), 1);
  await shot(page, 'admin-accounts-locked');
  await page.locator('[data-action=unlock][data-user=hulin]').click();
  await page.locator('dialog').getByText('SYS-4').waitFor();
  await page.locator('dialog button[type=submit]').click();
  await page.locator('#toasts .toast', { hasText: 'hulin' }).waitFor();
  await page.locator('[data-testid=lock][data-user=hulin]').waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-action=unlock]').count(), 0);
  assert.equal((await apiLogin('hulin', PW)).status, 201, 'hulin logs in at once');
});

test('SYS-1: the security administrator has no accounts screen; the API refuses the unlock by rule', async () => {
  const page = await env.page();
  pages.push(page);
  await login(page, 'secadmin');
  assert.equal(await page.locator('.sidebar a[href="#/admin/accounts"]').count(), 0);
  const r = await page.evaluate(async () => {
    const res = await fetch('/api/v1/accounts/1/unlock', { method: 'POST', headers: { 'X-Requested-With': 'baomi', 'Content-Type': 'application/json' }, body: '{}' });
    return { status: res.status, body: await res.json() };
  });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.rule, 'SYS-1');
  await assertLabelled(page, 'secadmin dashboard');
});
