// incidents.test.mjs — losses and leaks (失泄密事件) on the web screen: staff
// reports a leak and sees only their own incidents; the clerk cannot close it
// before the INC-1 report is complete (INC-1) nor before the findings are
// recorded (INC-4), completes the report and records the findings; the leader
// closes it; the record prints. A carrier reported missing becomes 下落不明
// in the ledger (INV-4). Every step is checked on the page and in the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, login, shot, settled, assertNoHorizontalScroll, assertLabelled,
} from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env;
const tok = {};
const pages = [];
let leakId, otherId;

const post = (path, body, who = 'clerk') => call(env.url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(env.url, 'GET', path, { token: tok[who] });

async function personPage(username, opts) {
  const page = await env.page(opts);
  pages.push(page);
  await login(page, username);
  return page;
}

async function openIncident(page, id) {
  await page.goto(`/#/incidents/${id}`);
  await page.locator('[data-testid=incident-sheet]').waitFor();
  await settled(page);
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
  for (const u of ['clerk', 'staff', 'leader']) tok[u] = await apiLogin(env.url, u);
  // An incident someone else opened: staff must not see it.
  const r = await post('/api/v1/incidents', { kind: 'other', what: '会议记录本一页遗失' });
  assert.equal(r.status, 201, r.text);
  otherId = r.json.id;
});
after(async () => {
  const st = env ? await env.close() : null;
  for (const p of pages) assert.deepEqual(p.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('INC-1: staff reports a leak from the menu and sees only their own incident', async () => {
  const page = await personPage('staff');
  await page.locator('[data-nav=incidents]').click();
  await page.waitForFunction(() => location.hash === '#/incidents');
  await settled(page);
  await page.locator('[data-action=new-incident]').click();
  await page.locator('[data-testid=incident-form]').waitFor();
  await assertLabelled(page, 'incident form');
  await page.locator('select[name=kind]').selectOption('leak');
  await page.locator('textarea[name=what]').fill('期末考试命题安排（草稿）');
  await page.locator('select[name=level]').selectOption('confidential');
  await page.locator('input[name=quantity]').fill('1');
  await page.locator('input[name=form]').fill('电子文档');
  await page.locator('textarea[name=harm]').fill('命题安排可能提前外泄');
  await page.locator('textarea[name=circumstances]').fill('草稿误发至非涉密邮箱');
  // responsible and remedies are left for the clerk.
  await assertNoHorizontalScroll(page, 'report an incident');
  await shot(page, '50-incident-report-form');
  await page.locator('[data-action=report-incident]').click();
  await page.locator('[data-testid=incident-sheet]').waitFor();
  await settled(page);
  leakId = Number((await page.evaluate(() => location.hash)).match(/#\/incidents\/(\d+)$/)[1]);
  assert.ok(leakId > otherId, 'a new incident');
  const sheet = page.locator('[data-testid=incident-sheet]');
  assert.match(await sheet.locator('dd[data-field=what]').innerText(), /期末考试命题安排/);
  assert.equal(await sheet.locator('dd[data-field=level]').innerText(), '秘密');
  for (const k of ['responsible', 'remedies']) {
    assert.equal(await sheet.locator(`[data-missing=${k}]`).innerText(), '未填', `${k} is marked unfilled`);
  }
  assert.equal(await sheet.locator('[data-missing]').count(), 2, 'only the two missing items are marked');
  assert.match(await page.locator('[data-testid=reported-at]').innerText(), /缺 2 项/);
  assert.equal(await page.locator('[data-action=close-incident]').count(), 0, 'staff cannot close');
  assert.equal(await page.locator('[data-action=complete-report]').count(), 0, 'nor complete the report');
  await assertNoHorizontalScroll(page, 'incident page (staff)');
  await shot(page, '51-incident-reported-staff');

  await page.goto('/#/incidents');
  await page.locator(`tr[data-incident="${leakId}"]`).waitFor();
  await settled(page);
  assert.equal(await page.locator('tr[data-incident]').count(), 1, 'staff sees only the incident they opened');
  assert.equal(await page.locator(`tr[data-incident="${otherId}"]`).count(), 0);
  const row = page.locator(`tr[data-incident="${leakId}"]`);
  assert.match(await row.innerText(), /泄密[\s\S]*处理中/);
  assert.match(await row.innerText(), /缺 2 项/);
  assert.equal((await get('/api/v1/incidents', 'staff')).json.items.length, 1);
  assert.ok((await get('/api/v1/incidents')).json.items.length >= 2, 'the clerk sees both');
});

test('INC-1, INC-4: the clerk cannot close early, completes the report and records the findings', async () => {
  assert.ok(leakId, 'the leak was reported');
  const page = await personPage('clerk');
  await page.goto('/#/incidents');
  const row = page.locator(`tr[data-incident="${leakId}"]`);
  await row.waitFor();
  assert.equal(await page.locator(`tr[data-incident="${otherId}"]`).count(), 1, 'the clerk sees every incident');
  await assertNoHorizontalScroll(page, 'incident list');
  await row.locator(`a[href="#/incidents/${leakId}"]`).click();
  await page.locator('[data-testid=incident-sheet]').waitFor();
  await settled(page);

  // INC-1: the report lacks two items.
  await page.locator('[data-action=close-incident]').click();
  let err = await submitDialog(page);
  assert.ok(err, 'closing is refused');
  assert.equal(await err.getAttribute('data-rule'), 'INC-1');
  assert.match(await err.innerText(), /^(?=[\s\S]*INC-1)[\s\S]*不完整/);
  await shot(page, '52-incident-close-refused-INC-1');
  await page.locator('dialog button[type=button]').click();
  await page.locator('dialog').waitFor({ state: 'detached' });
  assert.equal((await get(`/api/v1/incidents/${leakId}`)).json.status, 'open');

  await page.locator('[data-action=complete-report]').click();
  await page.locator('dialog [data-testid=report-form]').waitFor();
  await assertLabelled(page, 'report dialog');
  assert.equal(await page.locator('dialog textarea[name=what]').inputValue(), '期末考试命题安排（草稿）', 'the dialog shows the report so far');
  await page.locator('dialog input[name=responsible]').fill('张伟');
  await page.locator('dialog textarea[name=remedies]').fill('已要求收件人删除并书面确认，邮箱已清理');
  assert.equal(await submitDialog(page), null, 'the report is saved');
  await page.locator('[data-testid=incident-sheet]').waitFor();
  await settled(page);
  assert.equal(await page.locator('[data-testid=incident-sheet] [data-missing]').count(), 0, 'nothing is unfilled');
  assert.doesNotMatch(await page.locator('[data-testid=reported-at]').innerText(), /缺/);
  const api1 = (await get(`/api/v1/incidents/${leakId}`)).json;
  assert.ok(api1.detail.reported_at, 'the report is complete in the API');
  assert.equal(api1.detail.responsible, '张伟');
  assert.equal(api1.detail.level, 'confidential', 'the level was not rewritten');
  assert.equal(await page.locator('[data-testid=incident-history] li[data-event=reported]').count(), 1);

  // INC-4: no findings yet.
  await page.locator('[data-action=close-incident]').click();
  err = await submitDialog(page);
  assert.ok(err, 'closing is refused again');
  assert.equal(await err.getAttribute('data-rule'), 'INC-4');
  assert.match(await err.innerText(), /^(?=[\s\S]*INC-4)[\s\S]*调查结论/);
  await shot(page, '53-incident-close-refused-INC-4');
  await page.locator('dialog button[type=button]').click();
  await page.locator('dialog').waitFor({ state: 'detached' });

  await page.locator('[data-action=record-findings]').click();
  await assertLabelled(page, 'findings dialog');
  await page.locator('dialog textarea[name=findings]').fill('经查，系工作人员操作失误，未造成实际泄密；对责任人批评教育。');
  assert.equal(await submitDialog(page), null, 'the findings are saved');
  await page.locator('[data-testid=findings]').getByText('操作失误').waitFor();
  assert.match((await get(`/api/v1/incidents/${leakId}`)).json.findings, /操作失误/);
  assert.equal((await get(`/api/v1/incidents/${leakId}`)).json.status, 'open', 'still open until closed');
  await assertNoHorizontalScroll(page, 'incident page (clerk)');
  await shot(page, '54-incident-investigated');
});

test('INC-4: the leader closes the incident; the record prints without controls', async () => {
  assert.ok(leakId, 'the leak was reported');
  const page = await personPage('leader');
  await page.locator('[data-nav=incidents]').click();
  await page.locator(`tr[data-incident="${leakId}"]`).waitFor();
  await openIncident(page, leakId);
  await page.locator('[data-action=close-incident]').click();
  await page.locator('dialog textarea[name=note]').fill('整改完成');
  assert.equal(await submitDialog(page), null, 'the incident is closed');
  await page.locator('[data-testid=incident-sheet] [data-status=closed]').waitFor();
  assert.equal(await page.locator('[data-action=close-incident]').count(), 0, 'no actions on a closed incident');
  assert.equal(await page.locator('[data-testid=incident-history] li[data-event=closed]').count(), 1);
  const api = (await get(`/api/v1/incidents/${leakId}`)).json;
  assert.equal(api.status, 'closed');
  assert.ok(api.closed_at);
  assert.equal(api.detail.closing_note, '整改完成');
  await shot(page, '55-incident-closed');

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.sidebar').isVisible(), false, 'no menu on paper');
  assert.equal(await page.locator('[data-action=print-incident]').isVisible(), false, 'no buttons on paper');
  assert.equal(await page.locator('.incident-sheet .sheet-title').isVisible(), true, 'the sheet has its title');
  assert.equal(await page.locator('[data-field=remedies]').isVisible(), true, 'every INC-1 item prints');
  await shot(page, '56-incident-print');
  await page.emulateMedia({ media: 'screen' });

  await page.goto('/#/incidents?status=closed');
  await page.locator(`tr[data-incident="${leakId}"]`).waitFor();
  await settled(page);
  assert.equal(await page.locator('tr[data-incident][data-status=open]').count(), 0, 'the filter shows closed ones only');
});

test('INV-4: a carrier reported missing becomes 下落不明 in the ledger', async () => {
  const c = await post('/api/v1/carriers', {
    title: '关于招生计划的请示（底稿）', level: '秘密', doc_number: '教发〔2026〕95号', serial_number: 1,
    producer: '省教育厅', sender: '市教育局', pages: 4, place: '机要室保密柜（二号）', scope: ['基础教育科', 'clerk'],
  });
  assert.equal(c.status, 201, c.text);
  assert.notEqual((await get(`/api/v1/carriers/${c.json.id}`)).json.status.code, 'missing');
  const page = await personPage('clerk', { lang: 'en' });
  await page.goto('/#/incidents/new');
  await page.locator('[data-testid=incident-form]').waitFor();
  await page.locator('select[name=kind]').selectOption('missing');
  await page.locator('input[name=carrier_id]').fill(String(c.json.id));
  await page.locator('[data-action=report-incident]').click();
  await page.locator('[data-testid=incident-sheet]').waitFor();
  await settled(page);
  const sheet = page.locator('[data-testid=incident-sheet]');
  assert.match(await sheet.locator('dd[data-field=what]').innerText(), /关于招生计划的请示/, 'the record starts from the ledger');
  assert.equal(await sheet.locator('dd[data-field=form]').innerText(), 'paper');
  assert.equal(await sheet.locator('[data-missing=harm]').innerText(), 'not filled in');
  assert.equal(await sheet.locator(`a[href="#/carrier/${c.json.id}"]`).count() > 0, true, 'links the carrier');
  assert.match(await sheet.innerText(), /INV-4/);
  const car = (await get(`/api/v1/carriers/${c.json.id}`)).json;
  assert.equal(car.status.code, 'missing', 'the ledger shows the carrier missing');
  assert.ok(car.history.some((e) => e.action === 'incident.missing'), 'with the incident in its history');
  assert.equal(await page.locator('[data-testid=incident-history] li[data-event="incident.missing"]').count(), 1);
  await assertNoHorizontalScroll(page, 'missing incident (en)');
  await shot(page, '57-incident-missing-en');
});
