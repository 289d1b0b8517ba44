// uiwords_ledger.test.mjs — the ledger works like the tools a clerk knows
// (issue 14 point 10): a filter by 存放地点; every column the server keeps an
// index for sorts there, both ways; rows are chosen and acted on together
// (labels printed, moved, put on a destruction request); the pager is above
// the table too; the search box opens a carrier by its ledger number or its
// scanned label; the column 登记时间 shows the time of registration; the
// export carries 保密期限, 知悉范围, 页数 and 制发机关.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled, shot, assertLabelled, assertNoHorizontalScroll } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page;
const tok = {};
const get = (path) => call(env.url, 'GET', path, { token: tok.clerk });

before(async () => {
  env = await setup();
  tok.clerk = await apiLogin(env.url, 'clerk');
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0);
});

async function ledger(hash = '/#/ledger') {
  await page.goto('/#/');
  await settled(page);
  await page.goto(hash);
  await page.locator('[data-testid=ledger-count]').waitFor();
  await settled(page);
}

test('uiwords: filter by 存放地点; the pager above the table; 登记时间 is the registration time', async () => {
  await ledger();
  await assertLabelled(page, 'ledger');
  await assertNoHorizontalScroll(page, 'ledger');
  assert.equal(await page.locator('[data-testid=pager-top] .pager').count(), 1, 'a pager above the table');
  assert.equal(await page.locator('.pager').count(), 2, 'and one below');
  const places = (await get('/api/v1/places')).json.items;
  const safe = places.find((p) => p.name === '机要室保密柜（一号）');
  await page.locator('select[name=place]').selectOption(String(safe.id));
  await page.waitForFunction(() => location.hash.includes('place='));
  await settled(page);
  const want = (await get(`/api/v1/carriers?place=${safe.id}&limit=1`)).json.total;
  assert.match(await page.locator('[data-testid=ledger-count]').innerText(), new RegExp(`共 ${want} 件`));
  const cells = await page.locator('table.data tbody tr td:nth-child(10)').allInnerTexts();
  assert.ok(cells.length && cells.every((c) => c === safe.name), 'every row in that place');
  // 登记时间: the instant of registration (date and time), not the day received.
  const first = (await get(`/api/v1/carriers?place=${safe.id}&limit=1&sort=-registered`)).json.items[0];
  const shown = await page.locator('table.data tbody tr').first().locator('td').last().innerText();
  assert.match(shown, /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/, `a time: ${shown}`);
  const d = new Date(first.registered_at);
  assert.ok(shown.includes(`${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`), `${shown} is ${first.registered_at}`);
});

// The rows the table shows once it has drawn them in `want`'s order; the hash changes
// before the table is drawn again, so the test waits (a few seconds at most) for the
// order and then compares, the failure naming what the table still shows.
async function rowsAfterSort(want) {
  await page.waitForFunction((w) => {
    const ids = [...document.querySelectorAll('table.data tbody tr')].map((r) => Number(r.dataset.carrier));
    return JSON.stringify(ids) === JSON.stringify(w);
  }, want, { timeout: 5000 }).catch(() => {});
  return page.locator('table.data tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.carrier)));
}

test('uiwords: every indexed column sorts on the server, both ways', async () => {
  for (const [label, key] of [['文号', 'doc'], ['载体形式', 'kind'], ['保管人', 'custodian'], ['存放地点', 'place'], ['标题', 'title']]) {
    await ledger();
    await page.locator('th button.sort', { hasText: label }).click();
    await page.waitForFunction((k) => location.hash.includes(`sort=${k}`), key);
    await settled(page);
    const api = (await get(`/api/v1/carriers?sort=${key}&limit=50`)).json.items.map((c) => c.id);
    assert.deepEqual(await rowsAfterSort(api), api, `${label}: the server's order`);
    await page.locator('th button.sort', { hasText: label }).click();
    await page.waitForFunction((k) => location.hash.includes(`sort=-${k}`), key);
    await settled(page);
    const desc = (await get(`/api/v1/carriers?sort=-${key}&limit=50`)).json.items.map((c) => c.id);
    assert.deepEqual(await rowsAfterSort(desc), desc, `${label} descending`);
  }
});

test('uiwords: the search box opens a carrier by its number or its scanned label', async () => {
  const c = (await get('/api/v1/carriers?limit=1&sort=-id')).json.items[0];
  await ledger();
  await page.locator('input[name=q]').fill(`baomi:carrier:${c.id}`);
  await page.locator('input[name=q]').press('Enter');
  await page.waitForFunction((id) => location.hash === `#/carrier/${id}`, c.id);
  await ledger();
  await page.locator('input[name=q]').fill(`第${c.id}号`);
  await page.locator('input[name=q]').press('Enter');
  await page.waitForFunction((id) => location.hash === `#/carrier/${id}`, c.id);
});

test('uiwords: rows chosen together — labels, 移存, a destruction request', async () => {
  await ledger('/#/ledger?status=in_store&level=confidential');
  const boxes = page.locator('table.data tbody input[data-select]');
  assert.equal(await page.locator('[data-testid=bulk-bar]').isVisible(), false);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.locator('[data-testid=bulk-bar]').waitFor();
  assert.match(await page.locator('[data-testid=selected-count]').innerText(), /已选 2 件/);
  const ids = await boxes.evaluateAll((b) => b.slice(0, 2).map((x) => Number(x.dataset.select)));
  // 加入销毁清册: the destruction request form with both.
  await page.locator('[data-action=bulk-destroy]').click();
  await page.waitForFunction(() => location.hash.startsWith('#/requests/new'));
  await page.locator('select[name=op]').waitFor();
  assert.equal(await page.locator('select[name=op]').inputValue(), 'destroy');
  assert.equal(await page.locator('input[name=carrier]').inputValue(), ids.join(','));
  // 移存 both to the second safe; each move is audited, the ledger shows the new place.
  await ledger('/#/ledger?status=in_store&level=confidential');
  for (const id of ids) await page.locator(`input[data-select="${id}"]`).check();
  await page.locator('[data-action=bulk-move]').click();
  const dlg = page.locator('dialog');
  const places = (await get('/api/v1/places')).json.items;
  const to = places.find((p) => p.name !== '机要室保密柜（一号）' && p.kind === 'safe') || places[0];
  await dlg.locator('select[name=place]').selectOption(String(to.id));
  await dlg.locator('input[name=reason]').fill('整理保密柜');
  await dlg.locator('button[type=submit]').click();
  await page.locator('dialog').waitFor({ state: 'detached' });
  for (const id of ids) assert.equal((await get(`/api/v1/carriers/${id}`)).json.place, to.name);
  // 打印标签: one label per chosen carrier, laid out for the printer.
  await ledger('/#/ledger?status=in_store&level=confidential');
  for (const id of ids) await page.locator(`input[data-select="${id}"]`).check();
  await page.evaluate(() => { window.print = () => { window.__printed = document.querySelectorAll('[data-testid=label-batch] img').length; }; });
  await page.locator('[data-action=bulk-labels]').click();
  await page.waitForFunction(() => window.__printed !== undefined);
  assert.equal(await page.evaluate(() => window.__printed), 2);
  await shot(page, 'uiwords-ledger-bulk');
});

test('uiwords: the export button gives the server\'s sheet: 保密期限, 知悉范围, 页数, 制发机关', async () => {
  await ledger('/#/ledger?level=secret');
  const csv = await page.evaluate(async () => {
    const href = document.querySelector('[data-action=export]').getAttribute('href');
    const r = await fetch(href);
    return { href, status: r.status, text: (await r.text()).replace(/^\uFEFF/, '') };
  });
  assert.match(csv.href, /^\/api\/v1\/carriers\?.*level=secret.*format=csv/, 'the filtered ledger, every match');
  assert.equal(csv.status, 200);
  const head = csv.text.split(/\r?\n/).find((l) => l.startsWith('序号,')).split(',');
  for (const col of ['保密期限', '知悉范围', '页数', '制发机关', '登记时间', '存放地点']) assert.ok(head.includes(col), `${col} in ${head}`);
});
