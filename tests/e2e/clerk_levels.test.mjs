// clerk_levels.test.mjs — the classification authority's list of approved
// level changes (LEVEL-4/7/9, issue 14 point 4): the approved change waits in
// 密级变更办理 with its carrier, levels, basis, requester and reason; the
// classification authority carries it out there with another catalogue
// entry, and the carrier, read back through the API, has the new level with
// the old marking kept; the list of decisions shows the change. The clerk has no menu entry and, on the page, no button: the decision
// is the classification authority's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page, carrier, req, other;
const tok = {};
const as = (who, method, path, body) => call(env.url, method, path, { token: tok[who], body });

async function approvedChange(title) {
  const c = await as('clerk', 'POST', '/api/v1/carriers', { title, level: '机密', period: 10, place: '机要室保密柜（一号）', scope: ['办公室', 'clerk', 'hulin'] });
  assert.equal(c.status, 201, c.text);
  const r = await as('hulin', 'POST', '/api/v1/requests', { op: 'level_change', carrier_ids: [c.json.id], reason: '考试结束，定期审核', params: { to_level: 'internal', basis: '本局保密事项一览表第3项' } });
  assert.equal(r.status, 201, r.text);
  const a = await as('classifier', 'POST', `/api/v1/requests/${r.json.id}/approve`, { comment: '同意' });
  assert.equal(a.json.status.code, 'approved', a.text);
  return [c.json, r.json];
}

before(async () => {
  env = await setup();
  for (const u of ['clerk', 'hulin', 'classifier']) tok[u] = await apiLogin(env.url, u);
  [carrier, req] = await approvedChange('界面密级变更：考务安排（一）');
  [, other] = await approvedChange('界面密级变更：考务安排（二）');
  page = await env.page();
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('LEVEL-4: the clerk has no entry for the list and no button on it', async () => {
  await login(page, 'clerk');
  assert.equal(await page.locator('nav a[href="#/levels"]').count(), 0, 'no menu entry for the clerk');
  await page.goto('/#/levels');
  await page.locator(`[data-testid=lvl-pending] tr[data-request="${req.id}"]`).waitFor();
  assert.equal(await page.locator('[data-action=lvl-execute]').count(), 0, 'no button for the clerk');
  await page.locator('[data-action=logout]').click();
  await page.locator('input[name=username]').waitFor();
});

test('LEVEL-4/7/9: the classification authority carries out the approved change from the list', async () => {
  await login(page, 'classifier');
  await page.locator('nav a[href="#/levels"]').click();
  const row = page.locator(`[data-testid=lvl-pending] tr[data-request="${req.id}"]`);
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /机密[\s\S]*内部[\s\S]*本局保密事项一览表第3项[\s\S]*胡琳[\s\S]*考试结束，定期审核/);
  assert.ok(text.includes(carrier.title), 'the carrier named');
  await row.locator('[data-action=lvl-execute]').click();
  await page.locator('dialog input[name=basis]').fill('本局保密事项一览表第5项');
  await page.locator('dialog button[type=submit]').click();
  await page.locator('dialog').waitFor({ state: 'detached' });
  await page.locator(`[data-testid=lvl-done] tr[data-request="${req.id}"]`).waitFor();
  await settled(page);
  const c = (await as('clerk', 'GET', `/api/v1/carriers/${carrier.id}`)).json;
  assert.equal(c.level.code, 'internal');
  assert.equal(c.original_marking, '机密★10年', 'the old marking kept');
  const levels = (await as('clerk', 'GET', `/api/v1/carriers/${carrier.id}/levels`)).json.items;
  assert.equal(levels.at(-1).basis, '本局保密事项一览表第5项', 'the basis given at the decision');
  assert.equal(levels.at(-1).decided_by_name, '孙海明');
  assert.equal((await as('classifier', 'GET', `/api/v1/requests/${req.id}`)).json.status.code, 'executed');
  const done = await page.locator(`[data-testid=lvl-done] tr[data-request="${req.id}"]`).innerText();
  assert.match(done, /机密 → 内部/);
  assert.equal(await page.locator(`[data-testid=lvl-pending] tr[data-request="${other.id}"]`).count(), 1, 'the other still waits');
  await shot(page, 'clerk-levels');
});
