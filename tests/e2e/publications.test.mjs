// publications.test.mjs — publication review on the web screen (PUB-1,
// PUB-2, issue 11 point 2): staff fill the form; a 秘密 carrier attached is
// refused in the form with PUB-2 and nothing is filed; without it the
// publication is filed; the two named reviewers record their opinions, the
// supervising leader approves, the publisher records the release; the print
// view (信息公开保密审查单) shows each review, the approval, the release and
// the signature lines. Every step is checked on the page and in the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled, shot } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, id, secret;
const pages = {};
const tok = {};

before(async () => {
  env = await setup();
  tok.clerk = await apiLogin(env.url, 'clerk');
  const r = await call(env.url, 'POST', '/api/v1/carriers', { token: tok.clerk, body: {
    title: '考试命题安排', level: '秘密', doc_number: '教基〔2026〕77号', serial_number: 1, producer: '市教育局',
    sender: '市教育局', pages: 2, place: '机要室保密柜（二号）', scope: ['基础教育科', 'clerk'] } });
  assert.equal(r.status, 201, r.text);
  secret = r.json.id;
  for (const u of ['staff', 'clerk', 'hulin', 'leader']) {
    pages[u] = await env.page();
    await login(pages[u], u);
  }
});
// The server and the browser are stopped before anything is asserted.
after(async () => {
  const st = env ? await env.close() : null;
  for (const p of Object.values(pages)) assert.deepEqual(p.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

const count = async () => (await call(env.url, 'GET', '/api/v1/publications', { token: tok.clerk })).json.items.length;

test('PUB-2 in the form: a 秘密 carrier attached is refused with the rule, nothing filed; PUB-1: filed without it', async () => {
  const page = pages.staff;
  const before = await count();
  await page.goto('/#/publications/new');
  await page.locator('[data-action=submit-publication]').waitFor();
  await page.locator('select[name=channel]').selectOption('website');
  await page.locator('input[name=title]').fill('招生工作问答');
  await page.locator('textarea[name=text]').fill('一、招生范围……');
  await page.locator('input[name=carriers]').fill(String(secret));
  await page.locator('input[name=department]').fill('基础教育科');
  await page.locator('input[name=reviewers]').fill('clerk, hulin');
  await page.locator('textarea[name=reason]').fill('门户网站发布');
  await page.locator('[data-action=submit-publication]').click();
  const err = page.locator('[data-testid=publication-error] .alert');
  await err.waitFor();
  assert.match(await err.innerText(), /PUB-2/);
  assert.equal(await count(), before, 'nothing filed');
  await page.locator('input[name=carriers]').fill('');
  await page.locator('[data-action=submit-publication]').click();
  await page.waitForFunction(() => /^#\/publications\/\d+$/.test(location.hash));
  id = Number((await page.evaluate(() => location.hash)).split('/').pop());
  await page.locator('[data-testid=publication-sheet]').waitFor();
  assert.equal(await count(), before + 1);
});

test('PUB-1: each named reviewer reviews, the leader approves, the publisher releases', async () => {
  for (const [u, n] of [['clerk', 1], ['hulin', 2]]) {
    const page = pages[u];
    await page.goto(`/#/publications/${id}`);
    await page.locator('textarea[name=opinion]').fill(`${u} 审查：无涉密内容`);
    await page.locator('[data-action=review-pass]').click();
    await page.locator(`[data-testid=reviews] li >> nth=${n - 1}`).waitFor();
    await settled(page);
  }
  let page = pages.leader;
  await page.goto(`/#/publications/${id}`);
  await page.locator('textarea[name=comment]').fill('同意发布');
  await page.locator('[data-action=approve]').click();
  await page.locator('[data-decision=approved]').waitFor();
  page = pages.staff;
  // The filer's page still shows the publication as filed: read it afresh.
  await page.goto(`/#/publications/${id}`);
  await page.reload();
  await page.locator('input[name=where]').fill('市教育局门户网站');
  await page.locator('[data-action=release]').click();
  await page.locator('[data-status=executed]').waitFor();
  const sheet = await page.locator('[data-testid=publication-sheet]').innerText();
  assert.match(sheet, /信息公开保密审查单/);
  assert.match(sheet, /陈静/);
  assert.match(sheet, /胡琳/);
  assert.match(sheet, /市教育局门户网站/);
  assert.match(sheet, /发布人（签字）/);
  await shot(page, 'publication-sheet');
  const r = await call(env.url, 'GET', `/api/v1/requests/${id}`, { token: tok.clerk });
  assert.equal(r.json.status.code, 'executed');
  assert.equal(r.json.params.reviews.length, 2);
  assert.equal(r.json.params.release.where, '市教育局门户网站');
  await page.goto('/#/publications');
  await page.locator(`tr[data-publication="${id}"]`).waitFor();
});

test('issue 15: the register downloads as .xlsx from the list, as filtered', async () => {
  const page = pages.clerk;
  await page.goto('/#/publications?status=executed');
  await page.locator(`tr[data-publication="${id}"]`).waitFor();
  await settled(page);
  const link = page.locator('[data-action=xlsx]');
  assert.equal(await link.getAttribute('download'), 'baomi-publications.xlsx');
  const href = await link.getAttribute('href');
  assert.match(href, /^\/api\/v1\/publications\?/);
  assert.match(href, /status=executed/);
  assert.match(href, /format=xlsx/);
  const body = await page.evaluate(async (u) => {
    const r = await fetch(u, { credentials: 'same-origin' });
    return [r.status, r.headers.get('content-type'), r.headers.get('content-disposition'), Array.from(new Uint8Array(await r.arrayBuffer()).slice(0, 2))];
  }, href);
  assert.equal(body[0], 200);
  assert.match(body[1], /spreadsheetml/);
  assert.match(body[2], /baomi-publications\.xlsx/);
  assert.deepEqual(body[3], [0x50, 0x4b], 'a zip (an Excel workbook)');
});
