// uiwords_register.test.mjs — the registration form guards against a
// clerk's slips (issue 14 point 9): no level is chosen for them (a blank
// level is caught on the form, and the API refuses it with LEVEL-2); the
// date received is said back in words, a half-typed date is never taken as
// today, and a date other than today is confirmed before it is registered
// (REG-2); 保密期限 takes a 解密条件 such as 考试结束后 with its review date
// (LEVEL-8); 知悉范围 is chosen by searching people and departments by name.
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

async function open() {
  // From another page, so that the form is drawn afresh.
  await page.goto('/#/ledger');
  await settled(page);
  await page.goto('/#/register');
  await page.locator('input[name=title]').waitFor();
  await settled(page);
}

// 知悉范围: a person or department chosen by searching its name (LEVEL-2).
async function pickScope(query, name) {
  await page.locator('[data-picker=scope] input[type=search]').fill(query);
  await page.locator('[data-picker=scope] button.pick-option', { hasText: name }).click();
  await page.locator('[data-testid=scope-chosen] li', { hasText: name }).waitFor();
}

const localDay = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

test('uiwords: no level is chosen for the clerk; the form and the API refuse a carrier without one', async () => {
  await open();
  await assertLabelled(page, 'register');
  assert.equal(await page.locator('select[name=level]').inputValue(), '', 'the level starts blank');
  await page.locator('input[name=title]').fill('词语测试：未选密级');
  await page.locator('select[name=place]').selectOption('机要室保密柜（一号）');
  const before = (await get('/api/v1/carriers?limit=1')).json.total;
  await page.locator('[data-action=register]').click();
  await page.locator('[data-testid=register-error] .alert.error').waitFor();
  assert.equal(await page.locator('select[name=level]').getAttribute('aria-invalid'), 'true');
  // The API has no default either: LEVEL-2, nothing registered.
  const r = await call(env.url, 'POST', '/api/v1/carriers', { token: tok.clerk, body: { title: '无密级', place: '机要室保密柜（一号）' } });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.rule, 'LEVEL-2');
  assert.equal((await get('/api/v1/carriers?limit=1')).json.total, before, 'nothing registered');
});

test('uiwords: the date received is said in words; half typed it is refused, earlier it is confirmed first (REG-2)', async () => {
  await open();
  const today = localDay(new Date());
  const words = page.locator('[data-testid=received-words]');
  assert.equal(await page.locator('input[name=received_on]').inputValue(), today);
  assert.match(await words.innerText(), /（今天）$/);
  await page.locator('input[name=title]').fill('词语测试：三天前收到');
  await page.locator('select[name=level]').selectOption('confidential');
  await page.locator('select[name=place]').selectOption('机要室保密柜（一号）');
  // Half typed: the day cleared. The box's value is then empty — it must not become today.
  await page.locator('input[name=received_on]').focus();
  await page.keyboard.press('Backspace');
  await page.locator('input[name=received_on]').evaluate((el) => el.dispatchEvent(new Event('input')));
  assert.equal(await page.locator('input[name=received_on]').inputValue(), '');
  const total = (await get('/api/v1/carriers?limit=1')).json.total;
  await page.locator('[data-action=register]').click();
  await page.locator('[data-testid=register-error] .alert.error').waitFor();
  assert.equal(await page.locator('input[name=received_on]').getAttribute('aria-invalid'), 'true');
  assert.equal((await get('/api/v1/carriers?limit=1')).json.total, total, 'nothing registered with a half date');
  // Three days ago: said back, then confirmed in a dialog before anything is sent.
  await pickScope('办公', '办公室');
  const d = new Date(); d.setDate(d.getDate() - 3);
  const earlier = localDay(d);
  await page.locator('input[name=received_on]').fill(earlier);
  assert.match(await words.innerText(), /3 天前收到：将记为逾期登记（REG-2）/);
  await page.locator('[data-action=register]').click();
  const dlg = page.locator('dialog');
  await dlg.locator('[data-testid=received-confirm]').waitFor();
  assert.match(await dlg.innerText(), /不是今天（3 天前）/);
  await shot(page, 'uiwords-register-date-confirm');
  await dlg.locator('button', { hasText: '取消' }).click();
  assert.equal((await get('/api/v1/carriers?limit=1')).json.total, total, 'cancelled: nothing registered');
  await page.locator('[data-action=register]').click();
  await dlg.locator('button', { hasText: '按此日期登记' }).click();
  await page.waitForFunction(() => /^#\/carrier\/\d+$/.test(location.hash));
  const id = Number(page.url().match(/carrier\/(\d+)$/)[1]);
  const c = (await get(`/api/v1/carriers/${id}`)).json;
  assert.equal(c.received_on, earlier, 'registered with the date the clerk confirmed');
});

test('uiwords: 保密期限 takes a 解密条件 such as 考试结束后 with its review date (LEVEL-8)', async () => {
  await open();
  await page.locator('input[name=title]').fill('词语测试：考试试卷');
  await page.locator('select[name=level]').selectOption('secret');
  await page.locator('select[name=place]').selectOption('机要室保密柜（一号）');
  assert.equal(await page.locator('input[name=review_date]').isVisible(), false, 'no review date for years');
  await page.locator('input[name=period]').fill('考试结束后');
  assert.match(await page.locator('[data-testid=period-words]').innerText(), /解密条件：考试结束后/);
  const review = new Date(); review.setDate(review.getDate() + 200);
  await page.locator('input[name=review_date]').fill(localDay(review));
  await pickScope('办公', '办公室');
  await page.locator('[data-action=register]').click();
  await page.waitForFunction(() => /^#\/carrier\/\d+$/.test(location.hash));
  const id = Number(page.url().match(/carrier\/(\d+)$/)[1]);
  const c = (await get(`/api/v1/carriers/${id}`)).json;
  assert.equal(c.period.kind, 'event');
  assert.equal(c.period.event, '考试结束后');
  assert.equal(c.period.review_date, localDay(review));
  assert.equal(c.marking, '机密★考试结束后');
  await page.locator('.marking', { hasText: '机密★考试结束后' }).first().waitFor();
});

test('uiwords: 知悉范围 is chosen by searching people and departments by name', async () => {
  await open();
  await page.locator('input[name=title]').fill('词语测试：知悉范围');
  await page.locator('select[name=level]').selectOption('confidential');
  await page.locator('select[name=place]').selectOption('机要室保密柜（一号）');
  const search = page.locator('[data-picker=scope] input[type=search]');
  await search.fill('胡');
  await page.locator('[data-picker=scope] button.pick-option', { hasText: '胡琳' }).click();
  await search.fill('办公');
  await page.locator('[data-picker=scope] button.pick-option', { hasText: '办公室' }).click();
  const chips = await page.locator('[data-testid=scope-chosen] li').allInnerTexts();
  assert.equal(chips.length, 2, chips.join());
  await assertNoHorizontalScroll(page, 'register');
  await shot(page, 'uiwords-register-scope');
  await page.locator('[data-action=register]').click();
  await page.waitForFunction(() => /^#\/carrier\/\d+$/.test(location.hash));
  const id = Number(page.url().match(/carrier\/(\d+)$/)[1]);
  const c = (await get(`/api/v1/carriers/${id}`)).json;
  const people = (await get('/api/v1/people')).json.items;
  const deps = (await get('/api/v1/departments')).json.items;
  const hulin = people.find((p) => p.name === '胡琳');
  const office = deps.find((d) => d.name === '办公室');
  assert.deepEqual(c.scope, [{ person_id: hulin.id }, { department_id: office.id }], 'the ones chosen by name');
});
