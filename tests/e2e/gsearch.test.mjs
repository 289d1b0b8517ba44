// gsearch.test.mjs — the search box in the top bar (issue 14 point 10): text
// searches the ledger (the server's index, its SYS-2 filter) and lands on
// #/ledger filtered; a ledger number or a scanned label (baomi:carrier:N,
// typed by a scanner as keys and Enter, also with no field focused) opens the
// carrier; a number the reader may not see answers exactly as one that does
// not exist; "/" puts the cursor in the box, Esc clears it; the Chinese
// screens show no raw key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, logout, settled, shot, assertLabelled, assertNoHorizontalScroll } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page;
const tok = {};
const get = (path, who = 'clerk') => call(env.url, 'GET', path, { token: tok[who] });

// A raw key or an untranslated dictionary key on a screen ("search.no_carrier", "late_days: 730").
const RAW = /\b[a-z]+(_[a-z]+)*\s*[:：]\s*\S|\b(search|ledger|carrier|common)\.[a-z_]+\b/;

before(async () => {
  env = await setup();
  for (const u of ['clerk', 'staff']) tok[u] = await apiLogin(env.url, u);
  page = await env.page();
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0);
});

const box = () => page.locator('[data-testid=gsearch] input#gsearch');

// From the dashboard, with the page drawn.
async function home() {
  await page.goto('/#/');
  await settled(page);
}

async function search(text) {
  await box().fill(text);
  await box().press('Enter');
}

// The page drawn with its images (the carrier's label is read, and audited, as an image).
async function drawn() {
  await settled(page);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
}

async function topbarText() {
  return page.locator('header.topbar').innerText();
}

test('gsearch: text searches the ledger and lands on it filtered', async () => {
  await login(page, 'clerk');
  await home();
  await assertLabelled(page, 'the dashboard with the search box');
  await assertNoHorizontalScroll(page, 'the dashboard with the search box');
  assert.equal(await box().getAttribute('aria-keyshortcuts'), '/');
  assert.equal(await page.locator('label[for=gsearch]').textContent(), '检索台账');
  assert.equal(await box().getAttribute('placeholder'), '台账编号、扫描标签、标题或文号');
  // A word of a title the clerk may see (two characters: the n-gram index answers any length).
  const c = (await get('/api/v1/carriers?limit=1&sort=-id')).json.items[0];
  const word = c.title.match(/\p{Script=Han}{2}/u)[0];
  await search(word);
  await page.waitForFunction((w) => location.hash === '#/ledger?q=' + encodeURIComponent(w), word);
  await page.locator('[data-testid=ledger-count]').waitFor();
  await settled(page);
  const want = (await get(`/api/v1/carriers?q=${encodeURIComponent(word)}&limit=50&sort=-registered`)).json;
  assert.ok(want.total > 0, `the API finds ${word}`);
  assert.match(await page.locator('[data-testid=ledger-count]').innerText(), new RegExp(`共 ${want.total} 件`));
  const rows = await page.locator('table.data tbody tr').evaluateAll((rs) => rs.map((r) => Number(r.dataset.carrier)));
  assert.deepEqual(rows, want.items.map((x) => x.id), 'the rows the server found for the reader');
  assert.equal(await page.locator('input[name=q]').inputValue(), word, 'the ledger\'s own box holds the query');
  await shot(page, 'gsearch-text');
});

test('gsearch: a ledger number opens the carrier; Esc clears; "/" focuses the box', async () => {
  const c = (await get('/api/v1/carriers?limit=1&sort=-id')).json.items[0];
  await home();
  // "/" from the page (nothing being typed) puts the cursor in the box.
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'gsearch');
  assert.equal(await box().inputValue(), '', 'the "/" itself is not typed');
  // Esc clears what was typed.
  await page.keyboard.type('随便写写');
  await page.keyboard.press('Escape');
  assert.equal(await box().inputValue(), '');
  for (const typed of [String(c.id), `第${c.id}号`, `编号 ${c.id}`]) {
    await home();
    await search(typed);
    await page.waitForFunction((id) => location.hash === `#/carrier/${id}`, c.id);
    await settled(page);
    assert.match(await page.locator('h1').innerText(), new RegExp(c.title.slice(0, 6).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), typed);
  }
  // "/" typed in another field is that field's: the ledger's own search box.
  await page.goto('/#/ledger');
  await page.locator('[data-testid=ledger-count]').waitFor();
  await settled(page);
  await page.locator('input[name=q]').click();
  await page.keyboard.type('a/b');
  assert.equal(await page.locator('input[name=q]').inputValue(), 'a/b');
  assert.notEqual(await page.evaluate(() => document.activeElement.id), 'gsearch');
});

test('gsearch: a scanned label opens the carrier — in the box, and with no field focused', async () => {
  const items = (await get('/api/v1/carriers?limit=2&sort=-id')).json.items;
  // The label's QR code reads what the label's SVG names as its title.
  const svg = await call(env.url, 'GET', `/api/v1/carriers/${items[1].id}/label.svg`, { token: tok.clerk });
  const payload = /<title>([^<]+)<\/title>/.exec(svg.text)[1];
  assert.equal(payload, `baomi:carrier:${items[1].id}`);
  // Into the box, as a keyboard-wedge scanner types it: keys, then Enter.
  await home();
  await box().click();
  await page.keyboard.type(payload);
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => location.hash === `#/carrier/${id}`, items[1].id);
  await settled(page);
  // With nothing focused: the burst of keys goes to the search box. The scan
  // adds no read of the carrier to the page's own (each read is audited).
  tok.auditor = tok.auditor || await apiLogin(env.url, 'auditor');
  const reads = async (id) => (await call(env.url, 'GET', '/api/v1/audit/events?actor=clerk&action=carrier.show&limit=1000', { token: tok.auditor }))
    .json.items.filter((e) => e.object === `carrier:${id}`).length;
  let before = await reads(items[0].id);
  await page.goto(`/#/carrier/${items[0].id}`);
  await drawn();
  const pageReads = (await reads(items[0].id)) - before;
  assert.ok(pageReads >= 1, 'the page read is audited');
  await home();
  before = await reads(items[0].id);
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.type(`baomi:carrier:${items[0].id}`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => location.hash === `#/carrier/${id}`, items[0].id);
  await drawn();
  assert.equal(await page.locator('.alert.error').count(), 0);
  assert.equal((await reads(items[0].id)) - before, pageReads, 'the scan and its page read the carrier as the page alone does');
  // Other keys typed on the page are left alone.
  await home();
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.type('baomi:12');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => location.hash), '#/');
  assert.equal(await box().inputValue(), '');
  // A device's label opens the device.
  const dev = (await get('/api/v1/devices')).json.items[0];
  assert.ok(dev, 'the demo holds a device the clerk sees');
  {
    await home();
    await search(`baomi:device:${dev.id}`);
    await page.waitForFunction((id) => location.hash === `#/devices/${id}`, dev.id);
    await settled(page);
  }
});

test('gsearch: a number outside the reader\'s 知悉范围 answers exactly like a missing one', async () => {
  // A carrier the clerk sees and staff does not (SYS-2).
  const all = (await get('/api/v1/carriers?limit=200&sort=-id')).json.items;
  let hidden = null;
  for (const c of all) {
    if ((await get(`/api/v1/carriers/${c.id}`, 'staff')).status === 404) { hidden = c; break; }
  }
  assert.ok(hidden, 'the demo holds a carrier staff may not see');
  const missing = all[0].id + 5000;
  assert.equal((await get(`/api/v1/carriers/${missing}`, 'staff')).status, 404);

  await logout(page);
  await login(page, 'staff');
  const answers = {};
  for (const [what, id, typed] of [['hidden', hidden.id, String(hidden.id)], ['missing', missing, String(missing)],
    ['hidden label', hidden.id, `baomi:carrier:${hidden.id}`], ['missing label', missing, `baomi:carrier:${missing}`]]) {
    await home();
    await search(typed);
    const msg = page.locator('[data-testid=gsearch-msg]');
    await msg.locator('[data-testid=gsearch-missing]').waitFor();
    assert.equal(await page.evaluate(() => location.hash), '#/', `${what}: the page stays`);
    const text = await msg.innerText();
    answers[what] = text.replaceAll(String(id), 'N');
    assert.match(text, new RegExp(`没有您可查看的第 ${id} 号载体`), what);
    assert.ok(!text.includes(hidden.title), `${what}: nothing of the hidden carrier`);
    assert.doesNotMatch(await topbarText(), RAW, `${what}: no raw key`);
    if (what === 'hidden') await shot(page, 'gsearch-not-found');
    // A typed number may be meant as text: the ledger search is offered; a label is not text.
    assert.equal(await msg.locator('[data-action=gsearch-text]').count(), typed.startsWith('baomi:') ? 0 : 1, what);
  }
  assert.equal(answers.hidden, answers.missing, 'a hidden carrier and a missing one: the same answer');
  assert.equal(answers['hidden label'], answers['missing label'], 'the same for their labels');
  // Esc clears the box and the message.
  await box().press('Escape');
  assert.equal(await box().inputValue(), '');
  assert.equal(await page.locator('[data-testid=gsearch-msg]').isVisible(), false);
  // Text search: only what staff may see (the server's filter).
  const word = hidden.title.match(/\p{Script=Han}{2}/u)[0];
  await search(word);
  await page.waitForFunction(() => location.hash.startsWith('#/ledger?q='));
  await page.locator('[data-testid=ledger-count]').waitFor();
  await settled(page);
  const rows = await page.locator('table.data tbody tr').evaluateAll((rs) => rs.map((r) => Number(r.dataset.carrier)));
  assert.ok(!rows.includes(hidden.id), 'the hidden carrier is not among the rows');
  const want = (await get(`/api/v1/carriers?q=${encodeURIComponent(word)}&limit=1`, 'staff')).json.total;
  assert.match(await page.locator('[data-testid=ledger-count]').innerText(), new RegExp(`共 ${want} 件`));
});

test('gsearch: the administrators, who do not see the ledger, have no box; English words', async () => {
  await logout(page);
  await login(page, 'auditor');
  await home();
  assert.equal(await page.locator('[data-testid=gsearch]').count(), 0, 'no ledger search for the auditor');
  await logout(page);
  await login(page, 'clerk');
  await page.locator('button[data-lang=en]').click();
  await settled(page);
  assert.equal(await box().getAttribute('placeholder'), 'Number, scanned label, title or document no.');
  await search('999999');
  await page.locator('[data-testid=gsearch-missing]').waitFor();
  assert.equal(await page.locator('[data-testid=gsearch-missing]').innerText(), 'No carrier No. 999999 that you may see');
  await page.locator('button[data-lang=zh-CN]').click();
  await settled(page);
  // On a narrow screen the box still fits.
  await page.setViewportSize({ width: 390, height: 800 });
  await home();
  assert.ok(await box().isVisible(), 'the box shows on a phone');
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= 390, `nothing scrolls sideways at 390 px (${w})`);
  await page.setViewportSize({ width: 1366, height: 768 });
});
