// clerk_handover.test.mjs — a hand-over that chooses its items (KEEP-2,
// issue 14 point 4) from the desk: every carrier the person keeps is listed
// with a box, all ticked; unticking everything is refused in the form with
// KEEP-2 and nothing moves; with one item ticked only that one goes to the
// successor (read back through the API), the rest stays with the person, and
// the printable 移交清单 lists it with both signatures and says what stayed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled, assertLabelled } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page, from, kept, clerkId;
const tok = {};
const get = (path) => call(env.url, 'GET', path, { token: tok.clerk });
const custodians = async () => Promise.all(kept.map(async (c) => (await get(`/api/v1/carriers/${c.id}`)).json.custodian_id));

before(async () => {
  env = await setup();
  tok.clerk = await apiLogin(env.url, 'clerk');
  clerkId = (await get('/api/v1/me')).json.user.id;
  const people = (await get('/api/v1/people')).json.items;
  const clerks = new Set(people.filter((p) => (p.roles || []).some((r) => r.role === 'clerk')).map((p) => p.id));
  const by = new Map();
  for (const c of (await get('/api/v1/carriers?status=in_store&limit=1000')).json.items) {
    if (c.custodian_id && !clerks.has(c.custodian_id)) by.set(c.custodian_id, [...(by.get(c.custodian_id) || []), c]);
  }
  const [pid] = [...by.entries()].find(([, v]) => v.length >= 2) || [];
  assert.ok(pid, 'somebody other than a clerk keeps two carriers in store');
  from = people.find((p) => p.id === pid);
  kept = (await get(`/api/v1/carriers?custodian=${pid}&limit=1000`)).json.items.filter((c) => !['destroyed', 'returned'].includes(c.status.code));
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('KEEP-2: a hand-over with nothing ticked is refused in the form; nothing moves', async () => {
  const before = await custodians();
  await page.locator('nav a[href="#/desk"]').click();
  await page.locator('[data-tab=handover]').click();
  await page.locator('select[name=from]').selectOption(String(from.id));
  for (const c of kept) await page.locator(`[data-testid=ho-held] tr[data-carrier="${c.id}"] input[name=ho-carrier]:checked`).waitFor();
  await page.locator('select[name=to]').selectOption(String(clerkId));
  await page.locator('input[name=from_signature]').fill(from.name);
  await page.locator('input[name=to_signature]').fill('陈静');
  await assertLabelled(page, 'hand-over');
  await page.locator('input[name=ho-all]').uncheck();
  assert.equal(await page.locator('input[name=ho-carrier]:checked').count(), 0, 'the box unticks every item');
  await page.locator('[data-action=handover]').click();
  const err = page.locator('[data-testid=handover-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'KEEP-2');
  assert.equal(await err.getAttribute('data-code'), 'nothing_chosen');
  assert.match(await err.innerText(), /^(?=[\s\S]*KEEP-2)[\s\S]*移交清单未选择任何载体或设备/);
  assert.deepEqual(await custodians(), before, 'nothing moved');
});

test('KEEP-2: only the ticked carrier goes; the list says what stayed and carries both signatures', async () => {
  await page.locator(`tr[data-carrier="${kept[0].id}"] input[name=ho-carrier]`).check();
  await page.locator('[data-action=handover]').click();
  const sheet = page.locator('[data-testid=handover-sheet]');
  await sheet.waitFor();
  await settled(page);
  assert.equal(await sheet.locator('tr[data-carrier]').count(), 1, 'one item on the list');
  assert.equal(await sheet.locator(`tr[data-carrier="${kept[0].id}"]`).count(), 1);
  assert.match(await sheet.locator('[data-testid=ho-left]').innerText(), new RegExp(`另有 ${kept.length - 1} 件仍由${from.name}保管`));
  assert.equal(await sheet.locator('[data-testid=ho-sign-from]').innerText(), from.name);
  assert.equal(await sheet.locator('[data-testid=ho-sign-to]').innerText(), '陈静');
  const now = await custodians();
  assert.equal(now[0], clerkId, 'the ticked carrier is the successor\'s');
  assert.deepEqual(now.slice(1), kept.slice(1).map(() => from.id), 'the others stay with the person');
  await shot(page, 'clerk-handover-chosen');
});
