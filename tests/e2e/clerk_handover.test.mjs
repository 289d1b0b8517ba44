// clerk_handover.test.mjs — a hand-over that chooses its items (KEEP-2,
// issue 14 point 4) from the desk: every carrier the person keeps is listed
// with a box, all ticked; unticking everything is refused in the form with
// KEEP-2 and nothing moves; with one item ticked only that one goes to the
// successor (read back through the API), the rest stays with the person, and
// the printable 移交清单 lists it, says what stayed, says how each side
// confirmed and leaves the 签字 lines for the pen. Each side confirms with
// their own password on the clerk's screen (KEEP-2, REG-1, issue 14 point 5):
// a wrong one is refused with the rule and nothing moves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled, assertLabelled, PW } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page, from, kept, clerkId;
const tok = {};
const get = (path) => call(env.url, 'GET', path, { token: tok.clerk });
// KEEP-2, REG-1: each side types their own password (or, without an account, signs on paper).
async function confirmSides(page, fromPw = PW, toPw = PW) {
  if (from.username) await page.locator('input[name=from_password]').fill(fromPw);
  else await page.locator('input[name=from_on_paper]').check();
  await page.locator('input[name=to_password]').fill(toPw);
}
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
  assert.equal(await page.locator('input[name=from_signature], input[name=to_signature]').count(), 0,
    'no typed name stands for a signature');
  assert.equal(await page.locator('input[name=to_password]').getAttribute('type'), 'password');
  await confirmSides(page);
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

test('KEEP-2, REG-1: the successor\'s wrong password is refused with the rule; nothing moves', async () => {
  const before = await custodians();
  await page.locator(`tr[data-carrier="${kept[0].id}"] input[name=ho-carrier]`).check();
  await confirmSides(page, PW, 'Wrong@2026pass');
  await page.locator('[data-action=handover]').click();
  const err = page.locator('[data-testid=handover-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'KEEP-2');
  assert.equal(await err.getAttribute('data-code'), 'holder_password_wrong');
  assert.equal(await page.locator('input[name=to_password]').inputValue(), '', 'the password is not kept in the form');
  assert.deepEqual(await custodians(), before, 'nothing moved');
});

test('KEEP-2: only the ticked carrier goes; the list says what stayed, how each side confirmed, and leaves 签字 for the pen', async () => {
  await confirmSides(page);
  await page.locator('[data-action=handover]').click();
  const sheet = page.locator('[data-testid=handover-sheet]');
  await sheet.waitFor();
  await settled(page);
  assert.equal(await sheet.locator('tr[data-carrier]').count(), 1, 'one item on the list');
  assert.equal(await sheet.locator(`tr[data-carrier="${kept[0].id}"]`).count(), 1);
  assert.match(await sheet.locator('[data-testid=ho-left]').innerText(), new RegExp(`另有 ${kept.length - 1} 件仍由${from.name}保管`));
  assert.match(await sheet.locator('[data-testid=ho-sign-from]').innerText(), from.username ? /本人口令确认/ : /手签/);
  assert.match(await sheet.locator('[data-testid=ho-sign-to]').innerText(), /本人口令确认/);
  assert.equal(await sheet.locator('.handover-foot .sign-blank').count(), 2, 'two 签字 lines left for the pen');
  assert.ok(!(await sheet.innerText()).includes(PW), 'no password on the list');
  const now = await custodians();
  assert.equal(now[0], clerkId, 'the ticked carrier is the successor\'s');
  assert.deepEqual(now.slice(1), kept.slice(1).map(() => from.id), 'the others stay with the person');
  await shot(page, 'clerk-handover-chosen');
});
