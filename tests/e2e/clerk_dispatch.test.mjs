// clerk_dispatch.test.mjs — 发文 from the screen (issue 14 point 4; SEND-1..5):
// the clerk picks two carriers in store from the ledger search, writes one
// recipient per copy, and sends them; ordinary mail is refused in the form
// with SEND-1 and nothing is sent. The envelopes and the per-recipient
// receipts print one to a sheet with the level, the number, both units and
// the contents, the receipt with lines for the signature; each receipt
// recorded on the dispatch's page is read back through the API, and the
// dispatch completes with the last one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled, assertLabelled, assertNoHorizontalScroll } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page, id;
const tok = {};
const get = (path) => call(env.url, 'GET', path, { token: tok.clerk });
let a, b; // two 秘密 carriers in store (SEND-2 asks a dedicated person from 机密 up)

before(async () => {
  env = await setup();
  tok.clerk = await apiLogin(env.url, 'clerk');
  const r = await get('/api/v1/carriers?status=in_store&level=confidential&limit=50');
  assert.equal(r.status, 200, r.text);
  const titles = new Set();
  const pick = r.json.items.filter((c) => !titles.has(c.title) && titles.add(c.title));
  assert.ok(pick.length >= 2, 'two confidential carriers in store with different titles');
  [a, b] = pick;
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

async function add(c) {
  await page.locator('[data-testid=dsp-form]').waitFor();
  await page.locator('input[name=q]').fill(c.title);
  await page.locator('[data-action=dsp-search]').click();
  await page.locator(`[data-testid=dsp-found] tr[data-carrier="${c.id}"] [data-action=dsp-add]`).click();
  await page.locator(`[data-testid=dsp-chosen] tr[data-carrier="${c.id}"]`).waitFor();
}

test('SEND-1: ordinary mail is refused in the form with its rule; nothing is sent', async () => {
  const before = await get('/api/v1/dispatches');
  await page.locator('nav a[href="#/dispatches"]').click();
  await page.locator('[data-action=dispatch-new]').click();
  await add(a);
  await add(b);
  await page.locator(`[name="recipient-${a.id}"]`).fill('省教育厅办公室');
  await page.locator(`[name="recipient-${b.id}"]`).fill('市考试院');
  await page.locator('select[name=channel]').selectOption('mail');
  await assertLabelled(page, 'new dispatch');
  await page.locator('[data-action=dsp-submit]').click();
  const err = page.locator('[data-testid=dsp-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'SEND-1');
  assert.match(await err.innerText(), /^(?=[\s\S]*SEND-1)[\s\S]*[\u4e00-\u9fff]/, 'the rule and the Chinese reason');
  const after = await get('/api/v1/dispatches');
  assert.equal(after.json.total, before.json.total, 'no dispatch recorded');
  for (const c of [a, b]) assert.equal((await get(`/api/v1/carriers/${c.id}`)).json.status.code, 'in_store', 'still in store');
});

test('SEND-2/4: sent by a dedicated person, one recipient per copy; the carriers are out', async () => {
  await page.locator('select[name=channel]').selectOption('dedicated');
  await page.locator('input[name=courier]').fill('钱卫东');
  await page.locator('input[name=note]').fill('年中考务文件');
  await page.locator('[data-action=dsp-submit]').click();
  await page.locator('[data-testid=dsp-facts]').waitFor();
  await settled(page);
  id = Number(page.url().match(/#\/dispatches\/(\d+)$/)[1]);
  const d = await get(`/api/v1/dispatches/${id}`);
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.channel.code, 'dedicated');
  assert.equal(d.json.courier, '钱卫东');
  assert.equal(d.json.note, '年中考务文件');
  assert.deepEqual(d.json.items.map((i) => [i.carrier_id, i.recipient]), [[a.id, '省教育厅办公室'], [b.id, '市考试院']]);
  assert.equal(d.json.status, 'open');
  for (const c of [a, b]) assert.equal((await get(`/api/v1/carriers/${c.id}`)).json.status.code, 'taken_out');
  assert.match(await page.locator('[data-testid=dsp-facts]').innerText(), /专人递送[\s\S]*钱卫东[\s\S]*待签收 2 份/);
  await assertNoHorizontalScroll(page, 'dispatch');
  await shot(page, 'clerk-dispatch');
});

test('SEND-5: the envelopes print one per recipient with level, number, both units and the contents', async () => {
  await page.locator('[data-action=dsp-envelopes]').click();
  const envs = page.locator('[data-testid=dsp-envelope]');
  await envs.first().waitFor();
  assert.equal(await envs.count(), 2);
  const first = await envs.nth(0).innerText();
  assert.match(first, /^秘密/, 'the level of the contents');
  assert.match(first, new RegExp(`封号：${id}-1`));
  assert.match(first, /收件：\s*省教育厅办公室/);
  assert.match(first, /发件：/);
  assert.ok(first.includes(a.title), 'the contents listed');
  assert.ok(!first.includes(b.title), 'only what goes to this recipient');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('nav.sidebar').isVisible(), false, 'the menu does not print');
  assert.equal(await envs.nth(1).isVisible(), true);
  const pdf = await page.pdf({ format: 'A4', landscape: true });
  assert.ok(pdf.length > 1000, 'the envelopes render to PDF');
  await page.emulateMedia({ media: 'screen' });
  await shot(page, 'clerk-dispatch-envelopes');
});

test('SEND-4: the receipts print with signature lines; each receipt recorded completes the dispatch', async () => {
  await page.goto(`/#/dispatches/${id}/receipts`);
  const rec = page.locator('[data-testid=dsp-receipt]');
  await rec.first().waitFor();
  assert.equal(await rec.count(), 2);
  const text = await rec.nth(1).innerText();
  assert.match(text, /涉密载体签收回执/);
  assert.match(text, /市考试院/);
  assert.match(text, /签收人（签字）：[\s\S]*签收日期：/);
  assert.equal(await rec.nth(1).locator('td.sign').count(), 1, 'a column for the signature per item');

  await page.goto(`/#/dispatches/${id}`);
  for (const [c, who] of [[a, '王主任'], [b, '李老师']]) {
    await page.locator(`tr[data-carrier="${c.id}"] [data-action=dsp-sign]`).click();
    await page.locator('dialog input[name=signed_by]').fill(who);
    await page.locator('dialog button[type=submit]').click();
    await page.locator('dialog').waitFor({ state: 'detached' });
    await page.locator(`tr[data-carrier="${c.id}"][data-signed=true]`).waitFor();
  }
  const d = await get(`/api/v1/dispatches/${id}`);
  assert.deepEqual(d.json.items.map((i) => i.signed_by), ['王主任', '李老师']);
  assert.equal(d.json.status, 'complete');
  for (const c of [a, b]) assert.equal((await get(`/api/v1/carriers/${c.id}`)).json.status.code, 'returned');
  assert.match(await page.locator('[data-testid=dsp-facts]').innerText(), /回执已收齐/);
  await page.goto('/#/dispatches');
  await page.locator(`tr[data-dispatch="${id}"][data-status=complete]`).waitFor();
});
