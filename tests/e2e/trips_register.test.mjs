// trips_register.test.mjs — 出国（境）登记 on the web screen (PERSON-8, issue 15
// point 2): the clerk opens the register of trips abroad from the menu, sees every
// trip of the unit with its state in words (a late report back as the alert),
// filters it by state, person and period, and the 导出 Excel button downloads the
// workbook of exactly the view as filtered, opened here with python's standard
// library (tests/tools/xlsx_dump.py) and checked cell by cell; the CSV button too.
// A role that may not read the register (PERSON-2) has no menu entry, and when it
// types the address the server's refusal is shown with its rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup, login, settled, shot, assertLabelled, assertNoHorizontalScroll } from './lib.mjs';
import { call, login as apiLogin, unitDay } from '../api/lib.mjs';

const DUMP = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'xlsx_dump.py');
// A local date `n` days from today at the unit's offset (UTC+8 by default).
const day = unitDay;
let env, page;
const tok = {};
const trips = {};
let away, home;

before(async () => {
  env = await setup();
  for (const who of ['clerk', 'secadmin', 'leader']) tok[who] = await apiLogin(env.url, who);
  const people = (await call(env.url, 'GET', '/api/v1/people/register', { token: tok.clerk })).json.items;
  // PERSON-8's default chain: an important or general person's trip goes to the supervising leader.
  const ok = people.filter((p) => ['important', 'general'].includes(p.class) && p.department && !p.left_on && p.stage !== 'decl');
  assert.ok(ok.length >= 2, 'two cleared people with a department in the demo');
  [away, home] = ok;
  const add = async (p, body) => {
    const r = await call(env.url, 'POST', `/api/v1/people/${p.id}/trips`, { token: tok.secadmin, body });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const step = async (path, who, body = {}) => {
    const r = await call(env.url, 'POST', path, { token: tok[who], body });
    assert.equal(r.status, 200, `${path}: ${r.text}`);
  };
  // away: left 40 days ago, back 30 days ago, never reported back (PERSON-8's alert).
  trips.late = await add(away, { destination: '泰国', purpose: '探亲', depart_on: day(-40), return_on: day(-30), briefed_on: day(-45) });
  await step(`/api/v1/people/trips/${trips.late}/approve`, 'leader');
  await step(`/api/v1/people/trips/${trips.late}/depart`, 'secadmin', { on: day(-40) });
  // away again, long ago: reported back.
  trips.done = await add(away, { destination: '新加坡', purpose: '旅游', depart_on: day(-100), return_on: day(-95), briefed_on: day(-110) });
  await step(`/api/v1/people/trips/${trips.done}/approve`, 'leader');
  await step(`/api/v1/people/trips/${trips.done}/depart`, 'secadmin', { on: day(-100) });
  await step(`/api/v1/people/trips/${trips.done}/report`, 'secadmin', { on: day(-94), note: '无涉密事项' });
  // home: a trip next month waiting for the leader.
  trips.wait = await add(home, { destination: '日本', purpose: '探亲', depart_on: day(30), return_on: day(37), briefed_on: day(-1) });
  page = await env.page();
  await login(page, 'clerk');
});

after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

const api = async (query = '') => (await call(env.url, 'GET', '/api/v1/people/trips/register' + query, { token: tok.clerk })).json;
const shown = () => page.locator('tr[data-trip]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.trip)));

// Clicks the button `action` (xlsx or csv) and returns the download's name and path.
async function download(action) {
  const btn = page.locator(`a[data-action=${action}]`);
  await btn.waitFor();
  const [dl] = await Promise.all([page.waitForEvent('download'), btn.click()]);
  return { name: dl.suggestedFilename(), path: await dl.path() };
}
const workbook = (path) => JSON.parse(execFileSync('python3', [DUMP, path], { encoding: 'utf8' }));

test('the clerk opens 出国（境）登记 from the menu: every trip, newest first, states in words', async () => {
  const entry = page.locator('.sidebar a[href="#/trips"]');
  assert.equal(await entry.innerText(), '出国（境）登记');
  await entry.click();
  await page.locator('tr[data-trip]').first().waitFor();
  await settled(page);
  assert.equal(await page.locator('h1').innerText(), '出国（境）登记');
  assert.deepEqual(await shown(), (await api()).items.map((x) => x.id), 'the rows of the API, in its order');
  assert.deepEqual(await shown(), [trips.wait, trips.late, trips.done]);
  const late = await page.locator(`tr[data-trip="${trips.late}"]`).innerText();
  assert.match(late, /泰国/);
  assert.match(late, /逾期未报告/, 'the late report back is the alert');
  assert.match(late, new RegExp(away.name));
  assert.match(await page.locator(`tr[data-trip="${trips.wait}"]`).innerText(), /待分管领导审批/);
  const done = await page.locator(`tr[data-trip="${trips.done}"]`).innerText();
  assert.match(done, /已回国报告/);
  assert.match(done, /无涉密事项/);
  // Dates the app's way (2026年3月5日), never the ISO form; no raw codes.
  const y = day(30).slice(0, 4), m = Number(day(30).slice(5, 7)), d = Number(day(30).slice(8, 10));
  assert.ok((await page.locator(`tr[data-trip="${trips.wait}"]`).innerText()).includes(`${y}年${m}月${d}日`), 'the departure date in words');
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}/, 'no ISO dates');
  assert.doesNotMatch(text, /\b(pending|approved|departed|reported|unreported|important|general|leader)\b|trips\./, 'no raw codes or keys');
  await assertLabelled(page, 'trips register');
  await assertNoHorizontalScroll(page, 'trips register');
  await shot(page, 'trips-register');
});

test('filters: by state, person and period, each in the address and the table', async () => {
  await page.locator('select[name=status]').selectOption('unreported');
  await page.waitForFunction(() => location.hash.includes('status=unreported'));
  await settled(page);
  assert.deepEqual(await shown(), [trips.late]);
  await page.locator('select[name=status]').selectOption('');
  await page.waitForFunction(() => !location.hash.includes('status='));
  await settled(page);
  await page.locator('input[name=person]').fill(home.name);
  await page.locator('form.filters button[type=submit]').click();
  await page.waitForFunction(() => location.hash.includes('person='));
  await settled(page);
  assert.deepEqual(await shown(), [trips.wait]);
  await page.locator('input[name=person]').fill('');
  await page.locator('input[name=from]').fill(day(-50));
  await page.locator('input[name=to]').fill(day(-20));
  await page.locator('form.filters button[type=submit]').click();
  await page.waitForFunction(() => location.hash.includes('from=') && !location.hash.includes('person='));
  await settled(page);
  assert.deepEqual(await shown(), [trips.late], 'abroad at some time in the period');
  await page.goto(`/#/trips?status=reported`);
  await settled(page);
  assert.deepEqual(await shown(), [trips.done]);
  await page.goto(`/#/trips?status=departed&person=${encodeURIComponent(home.name)}`);
  await settled(page);
  assert.equal(await page.locator('tr[data-trip]').count(), 0);
  assert.match(await page.locator('[data-testid=trips]').innerText(), /没有符合条件的出国（境）登记/);
});

test('导出 Excel downloads exactly the view as filtered; the cells are the screen\'s', async () => {
  await page.goto('/#/trips');
  await settled(page);
  const all = await download('xlsx');
  assert.equal(all.name, 'baomi-trips.xlsx');
  const x = workbook(all.path);
  assert.equal(x.sheet, '涉密人员出国（境）登记表');
  assert.match(x.rows[0][0], /涉密人员出国（境）登记表.*导出日期：\d{4}-\d{2}-\d{2}$/, 'title row with the date');
  const head = x.rows[1];
  assert.deepEqual(head.slice(0, 6), ['序号', '编号', '姓名', '部门', '涉密等级', '前往国家（地区）']);
  const col = (name) => head.indexOf(name);
  const body = x.rows.slice(2, -2);
  assert.deepEqual(body.map((r) => Number(r[col('编号')])), [trips.wait, trips.late, trips.done], 'every trip, as on the screen');
  const late = body.find((r) => Number(r[col('编号')]) === trips.late);
  assert.equal(late[col('姓名')], away.name);
  assert.equal(late[col('前往国家（地区）')], '泰国');
  assert.equal(late[col('出发日期')], day(-40));
  assert.equal(late[col('状态')], '已出行');
  assert.equal(late[col('逾期未报告')], '是');
  assert.deepEqual([x.freeze.ySplit, x.landscape], ['2', true], 'frozen header, landscape');
  assert.match(x.rows.at(-1)[0], /（签字）/, 'signature row');

  // Filtered on screen: the workbook holds the filtered rows and names the filter.
  await page.locator('select[name=status]').selectOption('unreported');
  await page.waitForFunction(() => location.hash.includes('status=unreported'));
  await settled(page);
  const only = workbook((await download('xlsx')).path);
  assert.deepEqual(only.rows.slice(2, -2).map((r) => Number(r[only.rows[1].indexOf('编号')])), [trips.late]);
  assert.match(only.rows[0][0], /逾期未报告/, 'the filter in the title row');
  const csv = await download('csv');
  assert.equal(csv.name, 'baomi-trips.csv');
  const lines = readFileSync(csv.path, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines.length, 2, 'the header and the one late trip');
  assert.match(lines[1], /泰国/);
});

test('English: the screen in words, no keys', async () => {
  const en = await env.page({ lang: 'en' });
  await login(en, 'clerk');
  await en.goto('/#/trips');
  await en.locator('tr[data-trip]').first().waitFor();
  await settled(en);
  assert.equal(await en.locator('h1').innerText(), 'Trips abroad');
  const text = await en.locator('main').innerText();
  assert.match(text, /report back overdue/);
  assert.match(text, /awaiting the supervising leader|awaiting the /);
  assert.doesNotMatch(text, /trips\.|people\.|\bunreported\b/);
  assert.deepEqual(en.errors, []);
  await en.close();
});

test('PERSON-2: a role that may not read the register has no menu entry and gets the refusal', async () => {
  for (const who of ['staff', 'leader']) {
    const p = await env.page();
    await login(p, who);
    assert.equal(await p.locator('.sidebar a[href="#/trips"]').count(), 0, `${who}: no menu entry`);
    await p.goto('/#/trips');
    const err = p.locator('main .alert.error');
    await err.waitFor();
    await settled(p);
    assert.equal(await err.getAttribute('data-rule'), 'PERSON-2', `${who}: the refusal names PERSON-2`);
    assert.equal(await p.locator('tr[data-trip]').count(), 0, `${who}: no trip shown`);
    assert.equal(await p.locator('a[data-action=xlsx][href]').count(), 0, `${who}: no export to follow`);
    assert.deepEqual(p.errors, []);
    await p.close();
  }
});
