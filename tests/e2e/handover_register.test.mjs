// handover_register.test.mjs — the 移交登记簿 and a kept 移交清单 reprinted
// (KEEP-2, REG-1, REG-4; issue 14 point 5). The clerk makes a hand-over at the
// desk, both sides confirming with their own password; opens the register
// (#/handovers) and finds it newest first; opens the hand-over from there, from
// the printed book #/registers/handover and from the carrier's 流转记录 line;
// prints the list to PDF (pdftext.mjs) and finds every item handed over, both
// sides' confirmation words and the 签字 lines — still after the carrier moved
// on, since the list is what the server kept at the hand-over.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled, shot, PW } from './lib.mjs';
import { pdfPages } from './pdftext.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page, from, kept, clerkId, made;
const tok = {};
const get = (path) => call(env.url, 'GET', path, { token: tok.clerk });
const flat = (s) => s.replace(/\s+/g, '');

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
  const [pid] = [...by.entries()].find(([id, v]) => v.length >= 1 && people.find((p) => p.id === id && p.username)) || [];
  assert.ok(pid, 'somebody with an account, not a clerk, keeps a carrier in store');
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

test('KEEP-2: the clerk makes a hand-over at the desk and opens its kept list from the result', async () => {
  await page.locator('nav a[href="#/desk"]').click();
  await page.locator('[data-tab=handover]').click();
  await page.locator('select[name=from]').selectOption(String(from.id));
  for (const c of kept) await page.locator(`[data-testid=ho-held] tr[data-carrier="${c.id}"] input[name=ho-carrier]:checked`).waitFor();
  await page.locator('select[name=to]').selectOption(String(clerkId));
  await page.locator('input[name=from_password]').fill(PW);
  await page.locator('input[name=to_password]').fill(PW);
  await page.locator('[data-action=handover]').click();
  const sheet = page.locator('[data-testid=handover-sheet]');
  await sheet.waitFor();
  const link = sheet.locator('a[data-action=open-handover]');
  made = Number((await link.getAttribute('href')).split('/').pop());
  assert.ok(made > 0, 'the result links to the kept list');
});

test('KEEP-2, REG-1: the register lists the hand-over newest first; its list opens from there', async () => {
  await page.locator('nav a[href="#/handovers"]').click();
  const list = page.locator('[data-testid=handover-list]');
  await list.locator('tr[data-handover]').first().waitFor();
  await settled(page);
  assert.equal(Number(await list.locator('tr[data-handover]').first().getAttribute('data-handover')), made, 'newest first');
  const row = list.locator(`tr[data-handover="${made}"]`);
  const text = await row.innerText();
  assert.ok(text.includes(from.name), 'the person handing over');
  assert.match(text, /本人口令确认/, 'how each side confirmed');
  assert.ok(!/\d{4}-\d{2}-\d{2}T/.test(text), 'no raw instant');
  await row.locator('a[data-action=open-handover]').click();
  const sheet = page.locator('[data-testid=handover-reprint]');
  await sheet.waitFor();
  await settled(page);
  assert.equal(await sheet.locator('tr[data-carrier]').count(), kept.length, 'every item handed over');
  await shot(page, 'handover-reprint');
});

test('KEEP-2: the carrier moves on; the list printed to PDF still holds every item, both confirmations and the 签字 lines', async () => {
  const mv = await call(env.url, 'POST', `/api/v1/carriers/${kept[0].id}/move`, { token: tok.clerk, body: { custodian: 'clerk', reason: '入保密室' } });
  assert.ok([200, 201].includes(mv.status), mv.text);
  // From the carrier's 流转记录 line of the hand-over.
  await page.goto(`/#/carrier/${kept[0].id}`);
  const line = page.locator('[data-testid=history] li[data-action=handover] a[data-action=open-handover]');
  await line.first().waitFor();
  assert.equal(await line.first().getAttribute('href'), `#/handovers/${made}`);
  await line.first().click();
  const sheet = page.locator('[data-testid=handover-reprint]');
  await sheet.waitFor();
  await settled(page);
  assert.match(await sheet.locator('[data-testid=ho-sign-from]').innerText(), /本人口令确认/);
  assert.match(await sheet.locator('[data-testid=ho-sign-to]').innerText(), /本人口令确认/);
  assert.equal(await sheet.locator('.handover-foot .sign-blank').count(), 2, '签字 left for the pen');
  const pdf = await page.pdf({ preferCSSPageSize: true });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const text = pdfPages(pdf).map(flat).join('');
  assert.ok(text.includes('涉密载体移交清单'), 'the title');
  for (const c of kept) {
    assert.ok(text.includes(flat(c.title).slice(0, 12)), `the item ${c.title} is on the printed list`);
    assert.ok(text.includes(String(c.id)), `its number ${c.id}`);
  }
  assert.ok(text.includes(flat(from.name)), 'the person handing over');
  assert.ok(text.includes('移交人签字') && text.includes('接收人签字'), 'the 签字 lines');
  assert.ok((text.match(/本人口令确认/g) || []).length >= 2, 'both sides\' confirmation words');
  assert.ok(!text.includes('登录提示') && !text.includes(PW), 'no screen furniture, no password');
});

test('REG-4: the printed book #/registers/handover numbers the hand-over and links to its list', async () => {
  const x = (await get(`/api/v1/handovers/${made}`)).json;
  const book = x.seq.classified ? 'classified' : 'ordinary';
  await page.goto(`/#/registers/handover?book=${book}`);
  await page.locator('.register-sheet h2.sheet-title').waitFor();
  await settled(page);
  assert.match(await page.locator('.register-sheet h2.sheet-title').innerText(), /^移交登记簿（/);
  const link = page.locator(`.register-sheet a[data-action=open-handover][href="#/handovers/${made}"]`);
  assert.equal(await link.count(), 1, 'the row links to the kept list');
  await link.click();
  await page.locator('[data-testid=handover-reprint]').waitFor();
});
