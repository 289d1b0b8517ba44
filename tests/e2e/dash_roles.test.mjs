// dash_roles.test.mjs — dashboards by role (issue 14 point 13). The leader's
// approvals come first and are decided there; staff see what they hold with
// its due date (overdue first and marked) and no unit-level alert; the clerk
// sees the alerts grouped by kind, and "另有 N 条" leads to #/alerts with all
// of them (as many as GET /alerts counts for the clerk); the administrators
// their own queues; in English too; nothing scrolls sideways at 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled, shot } from './lib.mjs';
import { call, login as apiLogin, unitDay, PW } from '../api/lib.mjs';

let env;
const tok = {};
const pages = [];
const PHONE = { width: 390, height: 844 };
// Alerts about the unit, which only the clerk (and, for some, the leadership
// or the classification authority) is told of: never on a staff dashboard.
const UNIT_RULES = /^(LEVEL-6|REG-2|REG-5|INV-[124]|SEND-4|PERSON-\d|INSP-[124]|ORG-[12]|INC-[14])$/;

const post = (path, body, who = 'clerk') => call(env.url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(env.url, 'GET', path, { token: tok[who] });

// A fresh page for `who`; the pages before it are done with (closed: the machine is shared).
async function pageOf(who, { lang, viewport } = {}) {
  for (const p of pages) if (!p.isClosed()) await p.context().close();
  const page = await env.page({ lang });
  page.who = who;
  pages.push(page);
  if (viewport) await page.setViewportSize(viewport);
  await login(page, who);
  await settled(page);
  return page;
}

async function noSidewaysScroll(page, what) {
  const [w, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(w <= iw, `${what}: the page is ${w}px wide on a ${iw}px screen`);
}

async function noRawKeys(page, what) {
  const text = await page.locator('main').innerText();
  const raw = text.match(/\b(dash|alerts|alertkind|alertlevel|inbox|loan)\.[a-z_]+/g);
  assert.equal(raw, null, `${what}: raw keys shown: ${raw}`);
}

async function allAlerts(who) {
  const r = await get('/api/v1/alerts?limit=1000', who);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

let seq = 0;
async function carrier(level, scope, place) {
  seq += 1;
  const r = await post('/api/v1/carriers', {
    title: `工作台测试文件${seq}`, level, period: 10, doc_number: `工台〔2026〕${seq}号`, serial_number: 1,
    producer: '省教育厅', sender: '市教育局', pages: 2, place, scope,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

before(async () => {
  env = await setup();
  for (const u of ['clerk', 'hulin', 'staff', 'leader', 'huangmin', 'zhouwei', 'sysadmin', 'auditor']) tok[u] = await apiLogin(env.url, u);
});
after(async () => {
  const errors = pages.map((p) => [p.who, p.errors]);
  const st = env ? await env.close() : { code: 0 };
  for (const [who, e] of errors) assert.deepEqual(e, [], `no script errors in ${who}'s pages`);
  assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('leader: the approvals waiting come first, each saying what is asked, and are approved from the dashboard (BORROW-1)', async () => {
  // The demo's earlier requests are decided first, so that the one filed here is on top.
  for (const r of (await get('/api/v1/requests?inbox=true&limit=100', 'leader')).json.items)
    await post(`/api/v1/requests/${r.id}/approve`, { comment: '同意' }, 'leader');
  const c = await carrier('机密', ['办公室', 'clerk', 'hulin'], '机要室保密柜（一号）');
  const req = await post('/api/v1/requests', { op: 'borrow', carrier_ids: [c.id], reason: '命题工作需要查阅' }, 'hulin');
  assert.equal(req.status, 201, req.text);

  const page = await pageOf('leader');
  assert.equal(await page.locator('[data-dash]').getAttribute('data-dash'), 'approver');
  const first = await page.locator('.dash > *').first().getAttribute('data-section');
  assert.equal(first, 'approvals', 'the approvals are the first thing on the leader\'s dashboard');
  const row = page.locator(`[data-section=approvals] [data-request="${req.json.id}"]`);
  await row.waitFor();
  const text = await row.innerText();
  for (const want of [c.title, c.doc_number, '机密', '胡琳', '命题工作需要查阅']) assert.ok(text.includes(want), `the row says ${want}: ${text}`);
  assert.ok(await row.locator('[data-testid=due]').count(), 'the row says by when');
  // The unit's picture, below: open incidents, overdue rectifications, last month's report.
  for (const task of ['incidents', 'rect-overdue', 'report']) assert.equal(await page.locator(`[data-section=unit] [data-task=${task}]`).count(), 1, task);
  // Only the leadership's alerts: no declassification review or handling (the clerk's).
  const rules = await page.locator('[data-section=alerts] .rule-id').allInnerTexts();
  assert.ok(!rules.some((r) => r === 'LEVEL-6' || r === 'REG-5'), `leader's alerts: ${rules}`);
  await shot(page, 'dash-leader');

  await row.locator('[data-action=approve]').click();
  await page.locator('#toasts .toast.ok').first().waitFor();
  await settled(page);
  const after = await get(`/api/v1/requests/${req.json.id}`, 'leader');
  assert.equal(after.json.status.code, 'approved', after.text);
  assert.equal(await page.locator(`[data-section=approvals] [data-request="${req.json.id}"]`).count(), 0, 'decided, it leaves the dashboard');
  await noRawKeys(page, 'leader dashboard');
});

test('staff: what they hold with its due date, their requests, and no unit-level alert; the alerts page lists only theirs', async () => {
  const c = await carrier('秘密', ['基础教育科', 'clerk'], '机要室保密柜（二号）');
  const req = await post('/api/v1/requests', { op: 'borrow', carrier_ids: [c.id], reason: '核对考务安排' }, 'staff');
  assert.equal(req.status, 201, req.text);
  assert.equal((await post(`/api/v1/requests/${req.json.id}/approve`, { comment: '同意' }, 'huangmin')).status, 200);
  const loan = await post('/api/v1/desk/issue', { request_id: req.json.id, holder_password: PW });
  assert.equal(loan.status, 201, loan.text);

  const page = await pageOf('staff');
  assert.equal(await page.locator('[data-dash]').getAttribute('data-dash'), 'staff');
  assert.equal(await page.locator('[data-section=approvals]').count(), 0, 'no approvals for staff');
  assert.equal(await page.locator('[data-testid=ledger-total]').count(), 0, 'no unit counts for staff');
  const held = page.locator(`[data-section=held] [data-loan="${loan.json.id}"]`);
  await held.waitFor();
  assert.ok((await held.innerText()).includes(c.title));
  assert.ok(await held.locator('[data-testid=held-due]').count(), 'the loan says when it is due');
  assert.equal(await held.getAttribute('data-overdue'), 'false');
  assert.equal(await page.locator(`[data-section=mine] [data-request="${req.json.id}"]`).count(), 1, 'their own request and its state');

  const api = await allAlerts('staff');
  assert.ok(!api.items.some((a) => UNIT_RULES.test(a.rule)), `the server tells staff nothing unit-wide: ${api.items.map((a) => a.rule)}`);
  const rules = await page.locator('[data-section=alerts] .rule-id').allInnerTexts();
  assert.ok(!rules.some((r) => UNIT_RULES.test(r)), `staff dashboard alerts: ${rules}`);
  await noRawKeys(page, 'staff dashboard');
  await shot(page, 'dash-staff');
  // The alerts page is in the menu too (提醒).
  await page.locator('.sidebar a[href="#/alerts"]', { hasText: '提醒' }).click();
  await settled(page);
  assert.equal(await page.evaluate(() => location.hash), '#/alerts');
  if (api.total) assert.equal(await page.locator('[data-testid=alerts-total]').getAttribute('data-total'), String(api.total));
  else await page.locator('main .empty').waitFor();
});

test('a holder with an overdue item sees it first and marked; a keeper sees what they keep', async () => {
  // The demo's meeting document is still with 黄敏 past its end (MEET-2).
  const out = (await get('/api/v1/desk/out')).json.items.filter((l) => l.holder === '黄敏' && l.overdue);
  assert.ok(out.length > 0, 'the demo has an overdue item with 黄敏');
  const page = await pageOf('huangmin');
  const first = page.locator('[data-section=held] .held-list > li').first();
  assert.equal(await first.getAttribute('data-overdue'), 'true', 'the overdue item comes first');
  assert.equal(await first.locator('[data-testid=held-overdue]').count(), 1, 'and is marked overdue');
  const mine = (await allAlerts('huangmin')).items.filter((a) => a.loan_id === out[0].id);
  assert.ok(mine.length > 0, 'the holder is told of it');
  // 周伟 keeps his office's carriers.
  const zp = await pageOf('zhouwei');
  assert.ok(await zp.locator('[data-section=held] [data-kept]').count() > 0, 'kept carriers are listed');
});

// KEEP-6 at the unit's hours: a keeping until a day is overdue from the next midnight where the
// keeper is (Beijing), not from 08:00 when the UTC date turns. The browser runs in Asia/Shanghai
// with its clock fixed at 01:30 the day after (17:30 UTC, still the keeping's last day in UTC).
test('KEEP-6: at 01:30 in Beijing a keeping until yesterday is overdue on the keeper\'s dashboard', async () => {
  const until = unitDay();
  const r = await post('/api/v1/carriers', { title: '到期个人保管测试件', level: '秘密', scope: ['人事科'], custodian: 'guoyang',
    producer: '省教育厅', sender: '市教育局', pages: 2, place: '人事科保密柜', keep_reason: '因工作需要个人保管',
    keep_approver: 'leader', keep_until: until });
  assert.equal(r.status, 201, r.text);
  for (const p of pages) if (!p.isClosed()) await p.context().close();
  const page = await env.page({ timezoneId: 'Asia/Shanghai' });
  pages.push(page);
  await page.clock.setFixedTime(new Date(`${until}T17:30:00Z`));
  assert.equal(await page.evaluate(() => new Date().toLocaleString('sv-SE')), `${unitDay(1, Date.parse(`${until}T00:00:00Z`))} 01:30:00`,
    'the browser is at 01:30 the next day');
  await login(page, 'guoyang');
  await settled(page);
  const row = page.locator(`[data-section=held] [data-kept="${r.json.id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-overdue'), 'true', `kept until ${until}: overdue at 01:30 the day after`);
  assert.equal(await row.locator('[data-testid=held-overdue]').count(), 1, 'and marked so');
});

test('clerk: the alerts grouped by kind, a few, and "另有 N 条" leading to #/alerts, which lists them all a page at a time', async () => {
  const api = await allAlerts('clerk');
  assert.ok(api.total > 3, 'the demo clerk has many alerts');
  const page = await pageOf('clerk');
  assert.equal(await page.locator('[data-dash]').getAttribute('data-dash'), 'clerk');
  const groups = page.locator('[data-testid=alert-groups] > li');
  assert.equal(await groups.count(), api.kinds.length, 'one line per kind');
  const kinds = await groups.evaluateAll((ls) => ls.map((l) => l.dataset.kind));
  assert.deepEqual(kinds, api.kinds.map((k) => k.code));
  assert.ok(await page.locator('[data-testid=alert-few] > li').count() <= 3, 'a few alerts, not all');
  for (const task of ['to-issue', 'out', 'overdue', 'letters']) assert.equal(await page.locator(`[data-task=${task}]`).count(), 1, task);
  await page.locator('[data-testid=ledger-total]').waitFor();
  const more = page.locator('[data-testid=alerts-more]');
  const shown = await page.locator('[data-testid=alert-few] > li').count();
  assert.equal(await more.innerText(), `另有 ${api.total - shown} 条`);
  await noRawKeys(page, 'clerk dashboard');
  await shot(page, 'dash-clerk');
  await more.click();
  await settled(page);
  assert.equal(await page.evaluate(() => location.hash), '#/alerts');
  assert.equal(await page.locator('[data-testid=alerts-total]').getAttribute('data-total'), String(api.total));
  // A page at a time, fifty to a page, in the server's order; the pager above and below.
  const PAGE = 50;
  const listed = () => page.locator('.all-alerts > li').evaluateAll((ls) => ls.map((l) => `${l.dataset.rule} ${l.dataset.alert}`));
  const want = (from) => api.items.slice(from, from + PAGE).map((a) => `${a.rule} ${a.code}`);
  assert.deepEqual(await listed(), want(0), 'the first page, in the server\'s order');
  assert.ok(await page.locator('.all-alerts > li a[href^="#/carrier/"]').count() > 0, 'linked to their objects');
  assert.ok(api.total > PAGE, `the demo clerk has more alerts (${api.total}) than a page holds`);
  const pagers = page.locator('main nav.pager');
  assert.equal(await pagers.count(), 2, 'the pager above the list and below it');
  const pages = Math.ceil(api.total / PAGE);
  assert.equal(await pagers.first().locator('.info').innerText(), `共 ${api.total} 条，第 1/${pages} 页`);
  await pagers.last().locator('button', { hasText: '下一页' }).click();
  await settled(page);
  assert.match(await page.evaluate(() => location.hash), /^#\/alerts\?.*offset=50/);
  assert.deepEqual(await listed(), want(PAGE), 'the second page follows the first');
  assert.ok((await page.locator('.all-alerts > li').first().innerText()).includes(api.items[PAGE].message), 'the server\'s words');
  // Every alert is on some page: the last one lists the rest.
  await page.goto(`/#/alerts?offset=${(pages - 1) * PAGE}&limit=${PAGE}`);
  await settled(page);
  assert.deepEqual(await listed(), want((pages - 1) * PAGE), 'the last page');
  assert.equal(await pagers.first().locator('button', { hasText: '下一页' }).isDisabled(), true);
  // Filtered by kind: a group's link.
  const k = api.kinds[0];
  await page.locator('select[name=kind]').selectOption(k.code);
  await settled(page);
  assert.equal(await page.locator('[data-testid=alerts-total]').getAttribute('data-total'), String(k.count));
  assert.equal(await page.locator('.all-alerts > li').count(), Math.min(k.count, PAGE));
  assert.deepEqual([...new Set(await page.locator('.all-alerts > li').evaluateAll((ls) => ls.map((l) => l.dataset.alert)))], [k.code], 'only that kind');
  await noRawKeys(page, 'alerts page');
});

test('administrators: their own queues (SYS-1)', async () => {
  const sa = await pageOf('sysadmin');
  assert.equal(await sa.locator('[data-dash]').getAttribute('data-dash'), 'admin');
  for (const task of ['locked', 'filings']) assert.equal(await sa.locator(`[data-task=${task}]`).count(), 1, task);
  assert.match(await sa.locator('main').innerText(), /SYS-1/);
  const au = await pageOf('auditor');
  await au.locator('[data-action=verify]').click();
  await au.locator('[data-testid=chain-state][data-intact=true]').waitFor();
  const api = await allAlerts('auditor');
  if (api.total > 3) assert.equal(await au.locator('[data-testid=alerts-more]').getAttribute('href'), '#/admin/alerts');
  await noRawKeys(au, 'auditor dashboard');
});

test('in English, and at 390 px nothing scrolls sideways', async () => {
  const en = await pageOf('clerk', { lang: 'en' });
  assert.equal(await en.locator('[data-section=alerts] h2').innerText(), 'Alerts');
  assert.match(await en.locator('[data-testid=alerts-more]').innerText(), /^\d+ more$/);
  await noRawKeys(en, 'clerk dashboard (en)');
  await en.locator('[data-testid=alerts-more]').click();
  await settled(en);
  assert.equal(await en.locator('h1').innerText(), 'All alerts');
  await noRawKeys(en, 'alerts page (en)');
  for (const who of ['leader', 'staff', 'clerk', 'huangmin']) {
    const p = await pageOf(who, { viewport: PHONE });
    await noSidewaysScroll(p, `${who} dashboard`);
    await p.goto('/#/alerts');
    await settled(p);
    await noSidewaysScroll(p, `${who} alerts page`);
  }
});
