// sanctions.test.mjs — incidents carried to their end on the web screens
// (issue 11 point 4): the incident page warns of the 24-hour report (INC-1)
// counted from the discovery until the report to the higher authority is
// recorded through its form; a sanction outside the level's range is refused
// on the form with INC-2 and one within it recorded (INC-2); the register of
// rewards and sanctions records a reward, filters by year, exports CSV and
// prints with its signature lines; a person's record page lists their lines
// (INSP-3). Every step is checked on the page and in the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled, assertNoHorizontalScroll, assertLabelled } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env;
const tok = {};
const pages = [];
let incId, staffId;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const post = (path, body, who = 'clerk') => call(env.url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(env.url, 'GET', path, { token: tok[who] });

async function personPage(username) {
  const page = await env.page();
  pages.push(page);
  await login(page, username);
  return page;
}

// Submits the open dialog and returns its refusal (or null once it closed).
async function submitDialog(page) {
  await page.locator('dialog button[type=submit]').click();
  const err = page.locator('dialog .alert.error');
  await Promise.race([err.waitFor(), page.locator('dialog').waitFor({ state: 'detached' })]);
  return (await page.locator('dialog').count()) ? err : null;
}

before(async () => {
  env = await setup();
  for (const u of ['clerk', 'leader', 'staff']) tok[u] = await apiLogin(env.url, u);
  const r = await post('/api/v1/incidents', { kind: 'leak', what: '机密设计图纸一份', level: '机密', discovered_at: iso(Date.now() - 2 * 3600 * 1000) });
  assert.equal(r.status, 201, r.text);
  incId = r.json.id;
  const p = await get('/api/v1/people?q=staff');
  staffId = (p.json.items || []).find((x) => x.username === 'staff')?.id;
});
after(async () => {
  const st = env ? await env.close() : null;
  for (const p of pages) assert.deepEqual(p.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('INC-1: the page warns until the report to the higher authority is recorded on its form', async () => {
  const page = await personPage('clerk');
  await page.goto(`/#/incidents/${incId}`);
  await page.locator('[data-testid=incident-sheet]').waitFor();
  await settled(page);
  const due = page.locator('[data-testid=notice-due]');
  assert.match(await due.innerText(), /INC-1/);
  assert.notEqual(await page.locator('[data-testid=discovered-at]').innerText(), '—');
  await page.locator('[data-action=record-notice]').click();
  await page.locator('[data-testid=notice-form]').waitFor();
  await assertLabelled(page, 'notice form');
  // To whom is missing: refused with INC-1, nothing recorded.
  await page.locator('dialog input[name=document]').fill('保发〔2026〕21号');
  const err = await submitDialog(page);
  assert.ok(err, 'refused');
  assert.match(await err.innerText(), /INC-1/);
  assert.equal((await get(`/api/v1/incidents/${incId}`)).json.detail.notice, undefined);
  await page.locator('dialog input[name=to]').fill('市国家保密局');
  assert.equal(await submitDialog(page), null, 'recorded');
  await page.locator('[data-testid=incident-sheet]').waitFor();
  await settled(page);
  assert.equal(await page.locator('[data-testid=notice-due]').count(), 0, 'the warning is gone');
  assert.match(await page.locator('[data-testid=notice]').innerText(), /市国家保密局.*保发〔2026〕21号/);
  const i = (await get(`/api/v1/incidents/${incId}`)).json;
  assert.equal(i.detail.notice.to, '市国家保密局');
  const alerts = (await get('/api/v1/alerts?limit=1000')).json.items;
  assert.ok(!alerts.some((a) => a.rule === 'INC-1' && a.incident_id === incId), 'no INC-1 alert any more');
});

test('INC-2: a sanction outside the level\'s range is refused on the form; one within it is recorded', async () => {
  assert.equal((await post(`/api/v1/incidents/${incId}/findings`, { findings: '设计人员违规外带' })).status, 200);
  const page = await personPage('leader');
  await page.goto(`/#/incidents/${incId}`);
  await page.locator('[data-testid=incident-sanctions]').waitFor();
  await settled(page);
  await page.locator('[data-action=record-sanction]').click();
  await page.locator('[data-testid=sanction-form]').waitFor();
  await assertLabelled(page, 'sanction form');
  assert.equal(await page.locator('dialog select[name=measure]').inputValue(), 'demerit', 'the form starts at the range of 机密');
  await page.locator('dialog input[name=person]').fill('staff');
  await page.locator('dialog select[name=measure]').selectOption('dismissal');
  await page.locator('dialog input[name=decided_by]').fill('单位保密委员会');
  await page.locator('dialog input[name=document]').fill('保委〔2026〕11号');
  await page.locator('dialog textarea[name=reason]').fill('违规外带机密图纸');
  await assertNoHorizontalScroll(page, 'sanction form');
  await shot(page, '70-sanction-form');
  const err = await submitDialog(page);
  assert.ok(err, 'refused');
  assert.match(await err.innerText(), /INC-2/);
  assert.equal((await get(`/api/v1/merits?incident=${incId}`)).json.items.length, 0, 'nothing recorded');
  await page.locator('dialog select[name=measure]').selectOption('major_demerit');
  assert.equal(await submitDialog(page), null, 'recorded');
  await page.locator('[data-testid=incident-sanctions] tr[data-measure=major_demerit]').waitFor();
  const lines = (await get(`/api/v1/merits?incident=${incId}`)).json.items;
  assert.equal(lines.length, 1);
  assert.equal(lines[0].level, 'secret');
  assert.equal(lines[0].person_id, staffId ?? lines[0].person_id);
});

test('INSP-3: the register records a reward, filters by year, exports CSV and prints with signatures', async () => {
  const page = await personPage('clerk');
  await page.locator('[data-nav=merits]').click();
  await page.waitForFunction(() => location.hash.startsWith('#/merits'));
  await page.locator('[data-testid=merit-register]').waitFor();
  await settled(page);
  await page.locator('[data-action=new-reward]').click();
  await page.locator('[data-testid=reward-form]').waitFor();
  await page.locator('dialog input[name=person]').fill('staff');
  await page.locator('dialog select[name=measure]').selectOption('commendation');
  await page.locator('dialog input[name=decided_by]').fill('单位保密委员会');
  await page.locator('dialog input[name=document]').fill('保委〔2026〕12号');
  // Without a reason: refused with INSP-3.
  const err = await submitDialog(page);
  assert.ok(err, 'refused');
  assert.match(await err.innerText(), /INSP-3/);
  await page.locator('dialog textarea[name=reason]').fill('及时发现并报告泄密隐患');
  assert.equal(await submitDialog(page), null, 'recorded');
  await page.locator('[data-testid=merit-register] tr[data-measure=commendation]').first().waitFor();
  const year = String(new Date().getFullYear());
  await page.locator('input[name=year]').fill(year);
  await page.locator('form.filters button[type=submit]').click();
  await page.waitForFunction((y) => location.hash.includes(`year=${y}`), year);
  await page.locator('[data-testid=merit-register] tr[data-measure=commendation]').first().waitFor();
  await settled(page);
  await assertNoHorizontalScroll(page, 'the register');
  await shot(page, '71-merit-register');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action=export]').click()]);
  assert.match(dl.suggestedFilename(), /^baomi-merits-.*\.csv$/);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('[data-testid=signatures]').isVisible(), true, 'signature lines on paper');
  assert.equal(await page.locator('[data-action=print]').isVisible(), false, 'no buttons on paper');
  await page.emulateMedia({ media: 'screen' });
  const api = (await get(`/api/v1/merits?year=${year}&kind=reward`)).json.items;
  assert.ok(api.some((m) => m.measure === 'commendation' && m.reason === '及时发现并报告泄密隐患'));
});

test('INSP-3: a person\'s record page lists their rewards and sanctions', async () => {
  const lines = (await get('/api/v1/merits?person=staff')).json.items;
  assert.ok(lines.length >= 2);
  const page = await personPage('clerk');
  await page.goto(`/#/people/${lines[0].person_id}`);
  await page.locator('tr[data-merit]').first().waitFor();
  await settled(page);
  const shown = await page.locator('tr[data-merit]').evaluateAll((rs) => rs.map((r) => Number(r.dataset.merit)));
  assert.deepEqual(shown.sort(), lines.map((m) => m.id).sort());
});
