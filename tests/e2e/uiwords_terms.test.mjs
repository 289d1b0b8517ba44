// uiwords_terms.test.mjs — Chinese a 保密员 would write (issue 14 point 8):
// a refusal reads as the reason, then "依据本单位保密工作制度第九条" — the
// article of the unit's own printed regulation that cites the rule — with
// the rule ID small and no machine code; a carrier's 流转记录 and a
// request's details are sentences and labels, never "late_days: 730",
// "步骤: 1" or "purpose: …"; the same term for the same thing (载体形式,
// 来文机关, 紧急程度, 下落不明) on the screens. tests/check_glossary.py (run by
// tests/checksrc.sh) keeps the variants out of every zh string.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup, login, logout, settled, shot } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'static');
const zh = JSON.parse(readFileSync(join(web, 'i18n', 'zh-CN.json'), 'utf8'));
const rules = JSON.parse(readFileSync(join(web, 'i18n', 'rules.json'), 'utf8'));

let env, page;
const tok = {};
const get = (path, who = 'clerk') => call(env.url, 'GET', path, { token: tok[who] });
const post = (path, body, who = 'clerk') => call(env.url, 'POST', path, { token: tok[who], body });

// 9 → 九, 12 → 十二, 23 → 二十三 (the articles are fewer than a hundred).
function zhNumber(n) {
  const d = '零一二三四五六七八九';
  if (n < 10) return d[n];
  return (n >= 20 ? d[Math.floor(n / 10)] : '') + '十' + (n % 10 ? d[n % 10] : '');
}

// A raw key on a screen: "late_days: 730", "purpose：…", "step: 1".
const RAW_KEY = /\b[a-z]+(_[a-z]+)*\s*[:：]\s*\S/;

before(async () => {
  env = await setup();
  for (const u of ['clerk', 'hulin']) tok[u] = await apiLogin(env.url, u);
  page = await env.page();
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0);
});

test('uiwords: a refusal cites the article of the unit\'s regulation in words, the rule ID small, no code', async () => {
  await login(page, 'clerk');
  await page.goto('/#/register');
  await page.locator('input[name=title]').fill('词语测试：存放地点不够');
  await page.locator('select[name=level]').selectOption('secret');
  await page.locator('select[name=place]').selectOption('档案室文件柜');
  await page.locator('[data-action=register]').click();
  const err = page.locator('[data-testid=register-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'KEEP-1');
  const article = Number(await err.locator('.cite').getAttribute('data-article'));
  assert.ok(article > 0, 'the API names the article citing KEEP-1');
  // The article is the one of the regulation the unit prints (GET /policy).
  const reg = (await get('/api/v1/policy')).json.regulation.split('\n');
  const line = reg.find((l) => l.startsWith(`第${zhNumber(article)}条`));
  assert.ok(line, `the printed regulation has 第${zhNumber(article)}条`);
  assert.match(line, /KEEP-1/, 'that article cites KEEP-1');
  const cite = await err.locator('.cite').innerText();
  assert.equal(cite.replace(/\s+/g, ' ').trim(), `依据本单位保密工作制度第${zhNumber(article)}条 KEEP-1`);
  const text = await err.innerText();
  assert.ok(text.indexOf('最高只能存放') < text.indexOf('依据本单位'), 'the reason first, then the citation');
  assert.doesNotMatch(text, /\(\w+\)|place_level|_/, 'no machine code shown');
  assert.equal(await err.getAttribute('data-code'), 'place_level_too_low', 'the code stays in the markup for tools');
  // Small: the ID is set smaller than the reason; its tooltip names the sources.
  const size = (sel) => err.locator(sel).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(await size('.rule') < await size('.reason'), 'the rule ID is small');
  const title = await err.locator('.rule').getAttribute('title');
  assert.ok(title.includes(rules['KEEP-1'].zh), `the tooltip names the rule's sources: ${title}`);
  await shot(page, 'uiwords-refusal-article');
});

test('uiwords: every demo carrier\'s history field has a name; a late registration reads as a sentence', async () => {
  // A late one of our own: received a year before it was registered (REG-2).
  const r = await post('/api/v1/carriers', {
    title: '词语测试：逾期登记', level: '秘密', period: 10, doc_number: '词测〔2025〕1号', serial_number: 1,
    producer: '省教育厅', sender: '市教育局', received_on: '2025-06-01', pages: 3, urgency: 'urgent',
    place: '机要室保密柜（一号）', scope: ['办公室', 'clerk', 'hulin'],
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  const named = new Set(['step', 'late_days', 'late_registration', 'letter_id', 'import_sm3', 'import_row', 'import_file', 'holder']);
  const unnamed = new Set();
  const list = (await get('/api/v1/carriers?limit=200')).json.items;
  assert.ok(list.length > 50, `the demo's carriers (${list.length})`);
  for (const c of list) {
    const full = (await get(`/api/v1/carriers/${c.id}`)).json;
    for (const e of full.history || []) {
      for (const [k, v] of Object.entries(e.detail || {})) {
        if (v === null || typeof v === 'object' || named.has(k)) continue;
        if (!(`detail.${k}` in zh)) unnamed.add(`${k} (${e.action})`);
      }
      assert.ok(`event.${e.action}` in zh, `the event ${e.action} has a name`);
    }
  }
  assert.deepEqual([...unnamed], [], 'history fields shown without a name');

  await page.goto(`/#/carrier/${id}`);
  await page.locator('[data-testid=history]').waitFor();
  await settled(page);
  const hist = await page.locator('[data-testid=history]').innerText();
  assert.match(hist, /收文后第 \d+ 日才登记（REG-2）/, 'late_days as a sentence');
  assert.doesNotMatch(hist, RAW_KEY, `no raw key in the history: ${hist}`);
  const body = await page.locator('main').innerText();
  for (const term of ['载体形式', '来文机关', '紧急程度', '流转记录', '加急']) assert.ok(body.includes(term), `the carrier page says ${term}`);
  for (const variant of ['形态', '来文单位', '缓急', '急件', '全部经历']) assert.ok(!body.includes(variant), `the carrier page does not say ${variant}`);
  await shot(page, 'uiwords-carrier-terms');

  // An approval's history line: "第 1 级审批", not "步骤: 1".
  const withSteps = list.find((c) => c.status && c.status.code === 'lent');
  if (withSteps) {
    await page.goto(`/#/carrier/${withSteps.id}`);
    await page.locator('[data-testid=history]').waitFor();
    const h = await page.locator('[data-testid=history]').innerText();
    assert.doesNotMatch(h, /步骤|step/);
    assert.doesNotMatch(h, RAW_KEY, h);
  }
});

test('uiwords: the ledger\'s status filter and the status badge say 下落不明, never 丢失', async () => {
  await page.goto('/#/ledger');
  await settled(page);
  const options = await page.locator('select[name=status] option').allInnerTexts();
  assert.ok(options.includes('下落不明'), options.join(','));
  assert.ok(!options.some((o) => o.includes('丢失')), options.join(','));
  await logout(page);
});

test('uiwords: a request\'s details are labelled in words, not "key: value"', async () => {
  const c = await post('/api/v1/carriers', {
    title: '词语测试：外出', level: '秘密', period: 10, doc_number: '词测〔2026〕2号', serial_number: 1,
    producer: '省教育厅', place: '机要室保密柜（一号）', scope: ['办公室', 'clerk', 'hulin'],
  });
  assert.equal(c.status, 201, c.text);
  const r = await post('/api/v1/requests', {
    op: 'take_out', carrier_ids: [c.json.id], reason: '送审',
    params: { destination: '省教育考试院', purpose: '送审命题材料', return_date: '2099-01-10', abroad: false },
  }, 'hulin');
  assert.equal(r.status, 201, r.text);
  await login(page, 'hulin');
  await page.goto(`/#/requests/${r.json.id}`);
  const box = page.locator('[data-testid=request-params]');
  await box.waitFor();
  const labels = await box.locator('dt').allInnerTexts();
  for (const l of ['前往地点', '外出事由', '预计归还日期', '携带出境']) assert.ok(labels.includes(l), `${l} in ${labels}`);
  assert.equal(await box.locator('dd[data-param=abroad]').innerText(), '否');
  assert.equal(await box.locator('dd[data-param=purpose]').innerText(), '送审命题材料');
  assert.match(await box.locator('dd[data-param=return_date]').innerText(), /2099年1月10日/);
  assert.doesNotMatch(await page.locator('main').innerText(), RAW_KEY);
  await shot(page, 'uiwords-request-params');
  await logout(page);
});
