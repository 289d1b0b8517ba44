// clerk_keeping.test.mjs — 个人保管 in the registration and move forms (KEEP-6,
// issue 14 point 4): a carrier registered to a person without the terms of
// personal keeping is refused in the form with KEEP-6 and nothing is
// registered; with the reason, the approver and the end date chosen it is
// registered to that person; a move to another person with terms changes
// custodian and terms. Each result is read back through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled } from './lib.mjs';
import { call, login as apiLogin, unitDay } from '../api/lib.mjs';

let env, page, people, id;
const tok = {};
const get = (path) => call(env.url, 'GET', path, { token: tok.clerk });
const who = (u) => people.find((p) => p.username === u);
// The unit's day (UTC+8) `days` on; a date typed is kept and compared as typed (the run may
// cross midnight between the two).
const later = (days) => unitDay(days);
const TITLE = '界面个人保管：考务工作手册';

before(async () => {
  env = await setup();
  tok.clerk = await apiLogin(env.url, 'clerk');
  people = (await get('/api/v1/people')).json.items;
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('KEEP-6: registered to a person without the terms, refused in the form; with them, kept by that person', async () => {
  const before = (await get('/api/v1/carriers?limit=1')).json.total;
  await page.locator('nav a[href="#/register"]').click();
  await page.locator('input[name=title]').fill(TITLE);
  await page.locator('select[name=level]').selectOption('internal');
  await page.locator('select[name=place]').selectOption('档案室文件柜');
  assert.equal(await page.locator('[data-testid=keep-terms]').isVisible(), false, 'no terms while the clerk keeps it');
  await page.locator('select[name=custodian]').selectOption(String(who('hulin').id));
  await page.locator('[data-testid=keep-terms]').waitFor();
  await page.locator('[data-action=register]').click();
  const err = page.locator('[data-testid=register-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'KEEP-6');
  assert.equal((await get('/api/v1/carriers?limit=1')).json.total, before, 'nothing registered');

  await page.locator('input[name=keep_reason]').fill('考务工作期间随身查阅');
  await page.locator('select[name=keep_approver]').selectOption(String(who('leader').id));
  const until = later(30);
  await page.locator('input[name=keep_until]').fill(until);
  await page.locator('[data-action=register]').click();
  await page.waitForFunction(() => /^#\/carrier\/\d+$/.test(location.hash));
  await settled(page);
  id = Number(page.url().match(/#\/carrier\/(\d+)$/)[1]);
  const c = (await get(`/api/v1/carriers/${id}`)).json;
  assert.equal(c.title, TITLE);
  assert.equal(c.custodian_id, who('hulin').id);
  assert.equal(c.keeping.reason, '考务工作期间随身查阅');
  assert.equal(c.keeping.approver_id, who('leader').id);
  assert.equal(c.keeping.until, until);
  await page.locator('[data-testid=keeping]').waitFor();
});

test('KEEP-6: moved to another person with new terms from the move form', async () => {
  await page.locator('[data-action=move]').click();
  await page.locator('dialog select[name=custodian]').selectOption(String(who('staff').id));
  await page.locator('dialog input[name=keep_reason]').fill('接替考务工作');
  await page.locator('dialog select[name=keep_approver]').selectOption(String(who('leader').id));
  const until = later(10);
  await page.locator('dialog input[name=keep_until]').fill(until);
  await page.locator('dialog input[name=reason]').fill('工作调整');
  await page.locator('dialog button[type=submit]').click();
  await page.locator('dialog').waitFor({ state: 'detached' });
  await settled(page);
  const c = (await get(`/api/v1/carriers/${id}`)).json;
  assert.equal(c.custodian_id, who('staff').id);
  assert.equal(c.keeping.reason, '接替考务工作');
  assert.equal(c.keeping.until, until);
  await shot(page, 'clerk-keeping');
});
