// marking.test.mjs — issue 13 point 4, LEVEL-7/LEVEL-8 in the browser: the
// page of a carrier whose level was decided shows the current marking (解密
// once declassified, else the new marking) with the registered marking struck
// out (<s> inside .marking-old) and the decision's date, in Chinese and in
// English; its label is the server's SVG with the same. The decisions go
// through the approved route (request, approval and execution by the
// classification authority) via the API; the page is then checked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page;
const tok = {};
let declassified, lowered, untouched;

const post = (path, body, who = 'clerk') => call(env.url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(env.url, 'GET', path, { token: tok[who] });

async function register(title) {
  const r = await post('/api/v1/carriers', {
    title, level: '机密', period: 10, producer: '省教育厅', sender: '市教育局', pages: 2,
    place: '机要室保密柜（一号）', scope: ['办公室', 'clerk', 'hulin'],
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function decide(id, params) {
  const r = await post('/api/v1/requests', { op: 'level_change', carrier_ids: [id], reason: '定期审核', params }, 'hulin');
  assert.equal(r.status, 201, r.text);
  assert.equal((await post(`/api/v1/requests/${r.json.id}/approve`, { comment: '同意' }, 'classifier')).status, 200);
  const x = await post(`/api/v1/requests/${r.json.id}/execute`, {}, 'classifier');
  assert.equal(x.status, 200, x.text);
}

before(async () => {
  env = await setup();
  for (const u of ['clerk', 'hulin', 'classifier']) tok[u] = await apiLogin(env.url, u);
  declassified = await register('页面标志：解密件');
  lowered = await register('页面标志：降密件');
  untouched = await register('页面标志：未变更件');
  await decide(declassified.id, { to_level: '非密', basis: '本局保密事项一览表第9项' });
  await decide(lowered.id, { to_level: '秘密', period: '5', basis: '本局保密事项一览表第2项' });
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

async function openCarrier(p, id) {
  await p.goto(`/#/carrier/${id}`);
  await p.locator('.carrier-head').waitFor();
  await settled(p);
}

test('LEVEL-8: the page of a declassified carrier shows 解密 and the original marking struck out', async () => {
  const c = (await get(`/api/v1/carriers/${declassified.id}`)).json;
  await openCarrier(page, declassified.id);
  const head = page.locator('.carrier-head');
  assert.equal((await head.locator('.marking').innerText()).trim(), '解密');
  const struck = head.locator('.marking-old s');
  assert.equal(await struck.count(), 1, 'one struck original marking in the head');
  assert.equal((await struck.innerText()).trim(), '机密★10年');
  const deco = await struck.evaluate((el) => getComputedStyle(el).textDecorationLine);
  assert.match(deco, /line-through/);
  assert.equal((await head.locator('[data-testid=marking-note]').innerText()).trim(), c.marking_note);
  assert.ok(c.marking_note.endsWith('解密'), c.marking_note);
  // The details card says it again, and nothing on the page calls it 非密's marking.
  const details = page.locator('dl.kv');
  assert.ok((await details.first().innerText()).includes('解密'));
  assert.equal(await page.locator('dl.kv .marking-old s').first().innerText(), '机密★10年');
  // The printed label is the server's SVG, loaded.
  const img = page.locator('.label-preview img');
  await img.evaluate((el) => el.decode());
  assert.ok(await img.evaluate((el) => el.naturalWidth > 0), 'the label image loads');
  await shot(page, 'carrier-declassified');
});

test('LEVEL-7: a lowered carrier shows its new marking over the struck original', async () => {
  await openCarrier(page, lowered.id);
  const head = page.locator('.carrier-head');
  assert.equal((await head.locator('.marking').innerText()).trim(), '秘密★5年');
  assert.equal((await head.locator('.marking-old s').innerText()).trim(), '机密★10年');
  assert.ok((await head.locator('[data-testid=marking-note]').innerText()).endsWith('变更密级'));
});

test('LEVEL-8: a carrier never decided shows no struck marking', async () => {
  await openCarrier(page, untouched.id);
  assert.equal((await page.locator('.carrier-head .marking').innerText()).trim(), '机密★10年');
  assert.equal(await page.locator('.marking-old').count(), 0);
  assert.equal(await page.locator('[data-testid=marking-note]').count(), 0);
});

test('LEVEL-7/8: the printed incoming register and the ledger strike the original marking', async () => {
  await page.goto('/#/registers/incoming');
  await page.locator('.register-sheet table').waitFor();
  await settled(page);
  const cell = page.locator('[data-testid=level-struck]', { hasText: '解密' }).first();
  assert.equal((await cell.locator('.marking').innerText()).trim(), '解密');
  assert.equal((await cell.locator('s.marking-old').innerText()).trim(), '机密★10年');
  assert.ok((await cell.innerText()).trim().endsWith('解密'), await cell.innerText());
  await page.goto(`/#/ledger?q=${encodeURIComponent('页面标志：解密件')}`);
  const row = page.locator('table tbody tr', { hasText: '页面标志：解密件' });
  await row.waitFor();
  assert.equal((await row.locator('s.marking-old').innerText()).trim(), '机密★10年');
  assert.equal((await row.locator('.marking').innerText()).trim(), '解密');
});

test('LEVEL-8: in English the page reads declassified over the struck original', async () => {
  const en = await env.page({ lang: 'en' });
  await login(en, 'clerk');
  await openCarrier(en, declassified.id);
  const head = en.locator('.carrier-head');
  assert.equal((await head.locator('.marking').innerText()).trim(), 'declassified');
  assert.equal((await head.locator('.marking-old s').innerText()).trim(), 'secret★10 years');
  assert.match((await head.locator('[data-testid=marking-note]').innerText()).trim(), /^declassified \d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(en.errors, []);
  await en.context().close();
});
