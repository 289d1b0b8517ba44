// requestforms.test.mjs — every request form can do what its button says
// (issue 14 point 1): each kind of request is filed from 提出申请 in the
// browser; with a detail it needs left out the server refuses it and the
// form shows the rule (CARRY-2 for a trip without its purpose, LEVEL-4 for a
// level change without the new level, CIRC-1 for a widening naming nobody,
// MAKE-1, FOREIGN-1, BORROW-5, COPY-2); complete, it is accepted and the
// request stored carries what the form said.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled, assertLabelled, assertNoHorizontalScroll } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page;
const tok = {};
const HIGHER = { by: '省国家保密局', document: '省保函〔2026〕8号', date: '2026-11-20' };

const post = (path, body, who = 'clerk') => call(env.url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(env.url, 'GET', path, { token: tok[who] });

let seq = 0;
// A fresh 秘密 (or `level`) carrier in the safe, hulin in its scope.
async function carrier(level = '秘密') {
  seq += 1;
  const r = await post('/api/v1/carriers', {
    title: `申请表测试文件${seq}`, level, period: 10, doc_number: `测表〔2026〕${seq}号`, serial_number: 1,
    producer: '省教育厅', sender: '市教育局', pages: 2, place: '机要室保密柜（一号）', scope: ['办公室', 'clerk', 'hulin'],
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

before(async () => {
  env = await setup();
  for (const u of ['clerk', 'hulin']) tok[u] = await apiLogin(env.url, u);
  page = await env.page();
  await login(page, 'hulin');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

// Opens the form for `op` on carrier `id` (none for make) with a reason.
async function open(op, id) {
  await page.goto(`/#/requests/new?op=${op}${id ? `&carrier=${id}` : ''}`);
  await page.locator('textarea[name=reason]').waitFor();
  await settled(page);
  assert.equal(await page.locator('select[name=op]').inputValue(), op);
  await page.locator('textarea[name=reason]').fill('工作需要');
}

// Submits; resolves the refusal's rule, or the new request's id.
async function submit() {
  const before = page.url();
  await page.locator('[data-action=submit-request]').click();
  const err = page.locator('[data-testid=request-error] .alert.error');
  await Promise.race([err.waitFor(), page.waitForURL((u) => u.toString() !== before && /#\/requests\/\d+$/.test(u.toString()))]);
  if (/#\/requests\/\d+$/.test(page.url())) return { id: Number(page.url().match(/requests\/(\d+)$/)[1]) };
  const text = await err.innerText();
  const rule = await err.getAttribute('data-rule');
  assert.ok(rule, `the refusal names its rule: ${text}`);
  assert.ok(text.includes(rule), `the rule ID is shown: ${text}`);
  return { rule, text };
}

async function accepted(op) {
  const r = await submit();
  assert.ok(r.id, `${op} accepted: ${r.text || ''}`);
  const s = (await get(`/api/v1/requests/${r.id}`, 'hulin')).json;
  assert.equal(s.op.code, op);
  assert.ok(['pending', 'approved'].includes(s.status.code), s.status.code);
  return s;
}

test('携带外出: without its purpose refused with CARRY-2; with it accepted', async () => {
  const id = await carrier();
  await open('take_out', id);
  await assertLabelled(page, 'take_out form');
  await page.locator('input[name=destination]').fill('省教育考试院');
  await page.locator('input[name=return_date]').fill('2099-01-10');
  assert.equal((await submit()).rule, 'CARRY-2');
  await page.locator('input[name=purpose]').fill('送审命题材料');
  const s = await accepted('take_out');
  assert.equal(s.params.purpose, '送审命题材料');
  assert.equal(s.params.destination, '省教育考试院');
  assert.equal(s.params.return_date, '2099-01-10');
});

test('携带外出 abroad: the higher authority\'s approval record is sent (CARRY-3)', async () => {
  const id = await carrier();
  await open('take_out', id);
  await page.locator('input[name=destination]').fill('香港');
  await page.locator('input[name=purpose]').fill('学术交流');
  await page.locator('input[name=return_date]').fill('2099-01-10');
  await page.locator('input[name=abroad]').check();
  assert.equal((await submit()).rule, 'CARRY-3');
  await page.locator('[data-record=higher_approval] input[name="higher_approval.by"]').fill(HIGHER.by);
  await page.locator('[data-record=higher_approval] input[name="higher_approval.document"]').fill(HIGHER.document);
  await page.locator('[data-record=higher_approval] input[name="higher_approval.date"]').fill(HIGHER.date);
  const s = await accepted('take_out');
  assert.equal(s.params.abroad, true);
  assert.deepEqual(s.params.higher_approval, HIGHER);
});

test('密级变更: without the new level refused with its rule; with 秘密 → 内部 accepted', async () => {
  const id = await carrier();
  await open('level_change', id);
  await page.locator('input[name=basis]').fill('本局保密事项一览表第3项');
  const r = await submit();
  assert.match(r.rule, /^LEVEL-/);
  await page.locator('select[name=to_level]').selectOption('internal');
  const s = await accepted('level_change');
  assert.equal(s.params.to_level, 'internal');
  assert.equal(s.params.basis, '本局保密事项一览表第3项');
});

test('扩大知悉范围: naming nobody refused with CIRC-1; people chosen by searching their names', async () => {
  const id = await carrier();
  await open('widen_scope', id);
  assert.equal((await submit()).rule, 'CIRC-1');
  const search = page.locator('[data-picker=add] input[type=search]');
  await search.fill('郑');
  const opt = page.locator('[data-picker=add] button.pick-option', { hasText: '郑强' });
  await opt.click();
  await page.locator('[data-testid=add-chosen] li', { hasText: '郑强' }).waitFor();
  const people = (await get('/api/v1/people')).json.items;
  const zheng = people.find((p) => p.username === 'zhengqiang');
  const s = await accepted('widen_scope');
  assert.deepEqual(s.params.add_person_ids, [zheng.id]);
});

test('制作: without a title refused with MAKE-1; complete (scope, classification) accepted', async () => {
  await open('make');
  assert.equal(await page.locator('input[name=carrier]').isVisible(), false, 'a make request names no carrier');
  await page.locator('select[name=level]').selectOption('secret');
  await page.locator('input[name=copies]').fill('2');
  const r = await submit();
  assert.equal(r.rule, 'MAKE-1');
  await page.locator('input[name=title]').fill('2026年中考保密工作方案');
  await page.locator('[data-picker=scope] input[type=search]').fill('办公');
  await page.locator('[data-picker=scope] button.pick-option', { hasText: '办公室' }).first().click();
  await page.locator('input[name=classifier]').fill('classifier');
  await page.locator('input[name=basis]').fill('本局保密事项一览表第1项');
  const s = await accepted('make');
  assert.equal(s.params.title, '2026年中考保密工作方案');
  assert.equal(s.params.copies, 2);
  assert.match(s.params.scope, /^dept:\d+$/);
  assert.ok(s.params.classifier_id > 0);
});

test('对外提供: without the recipient refused with FOREIGN-1; complete accepted', async () => {
  const id = await carrier();
  await open('foreign', id);
  assert.equal((await submit()).rule, 'FOREIGN-1');
  await page.locator('input[name=recipient]').fill('某国驻华大使馆');
  await page.locator('input[name="higher_approval.by"]').fill(HIGHER.by);
  await page.locator('input[name="higher_approval.document"]').fill(HIGHER.document);
  await page.locator('input[name="higher_approval.date"]').fill(HIGHER.date);
  const s = await accepted('foreign');
  assert.equal(s.params.recipient, '某国驻华大使馆');
  assert.deepEqual(s.params.higher_approval, HIGHER);
});

test('范围外人员查阅: without the reader refused with BORROW-5; a reader of another unit with a letter accepted', async () => {
  const id = await carrier();
  await open('outside_reader', id);
  assert.equal((await submit()).rule, 'BORROW-5');
  await page.locator('input[name=reader]').fill('王建国');
  await page.locator('input[name=organisation]').fill('市教育局');
  await page.locator('input[name=introduction_letter]').check();
  const s = await accepted('outside_reader');
  assert.equal(s.params.reader, '王建国');
  assert.equal(s.params.introduction_letter, true);
});

test('复制: an incomplete originator approval refused with COPY-2; the copies accepted', async () => {
  const id = await carrier();
  await open('copy', id);
  await page.locator('input[name=copies]').fill('2');
  await page.locator('input[name="originator_approval.by"]').fill('省教育厅');
  assert.equal((await submit()).rule, 'COPY-2');
  await page.locator('input[name="originator_approval.by"]').fill('');
  const s = await accepted('copy');
  assert.equal(s.params.copies, 2);
});

test('借阅, 查阅, 摘录 and 销毁 are filed from the form too', async () => {
  for (const op of ['borrow', 'read', 'extract', 'destroy']) {
    const id = await carrier();
    await open(op, id);
    await accepted(op);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await open('take_out', await carrier());
  await assertNoHorizontalScroll(page, 'request form at 390 px');
  await page.setViewportSize({ width: 1366, height: 768 });
});
