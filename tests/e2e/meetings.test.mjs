// meetings.test.mjs — the classified meetings screen (MEET-1, MEET-2; issue 11
// points 1 and 7): the clerk finds a meeting from the menu, opens its page
// (level, place, time, measures, participants, documents, history); opening a
// 秘密 meeting without its measures is refused in the dialog with MEET-1 and
// nothing changes (checked in the API); the document issue and return sheet
// prints to PDF with blank signature columns. The test makes its own meeting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled } from './lib.mjs';
import { call, login as apiLogin, PW } from '../api/lib.mjs';

let env, page, id;
const tok = {};
const TITLE = '界面：涉密会议测试';
const get = (path) => call(env.url, 'GET', path, { token: tok.clerk });
const post = (path, body) => call(env.url, 'POST', path, { token: tok.clerk, body });
const hour = 3600 * 1000;
const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

before(async () => {
  env = await setup();
  tok.clerk = await apiLogin(env.url, 'clerk');
  const m = await post('/api/v1/meetings', { title: TITLE, level: '秘密', room: '三楼小会议室', organiser: 'leader',
    starts_at: iso(Date.now() - 3 * hour), ends_at: iso(Date.now() - 2 * hour) });
  assert.equal(m.status, 201, m.text);
  id = m.json.id;
  const p = await post(`/api/v1/meetings/${id}/participants`, { person: 'zhouwei' });
  assert.equal(p.status, 200, p.text);
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('MEET-1: the clerk finds the meeting from the menu and opens its page', async () => {
  await page.locator('nav a[href="#/meetings"]').click();
  await page.locator('input[name=q]').fill('界面');
  await page.locator('form.filters button[type=submit]').click();
  const row = page.locator(`tr[data-meeting="${id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /界面：涉密会议测试[\s\S]*三楼小会议室[\s\S]*筹备中/);
  await row.locator('a').first().click();
  const facts = page.locator('[data-testid=meeting-facts]');
  await facts.waitFor();
  await settled(page);
  assert.match(await facts.innerText(), /秘密[\s\S]*三楼小会议室[\s\S]*刘志强/);
  assert.equal(await page.locator('[data-testid=meeting-measures] li[data-taken=false]').count(), 3, 'no measure taken yet');
  assert.equal(await page.locator('tr[data-person]').count(), 2, 'the organiser and one participant');
  assert.ok(await page.locator('[data-testid=meeting-history] li[data-action=participant_add]').count() >= 1);
  await shot(page, 'meeting-page');
});

test('MEET-1: opening without the measures is refused in the dialog; nothing changes', async () => {
  const before = await get(`/api/v1/meetings/${id}`);
  assert.equal(before.status, 200, before.text);
  await page.locator('[data-action=meeting-open]').click();
  await page.locator('dialog button[type=submit]').click();
  const err = page.locator('dialog .alert.error');
  await err.waitFor();
  assert.match(await err.innerText(), /MEET-1/);
  await page.locator('dialog button[type=button]').click();
  const after = await get(`/api/v1/meetings/${id}`);
  assert.equal(after.json.status, 'planned');
  assert.equal(after.json.opened_at, null);
  assert.deepEqual(after.json.history, before.json.history, 'no line of history added');
});

test('MEET-2: the issue and return sheet prints with blank signature columns', async () => {
  // Measures, open, and one document issued through the API: the sheet lists it.
  assert.equal((await post(`/api/v1/meetings/${id}/measures`, { no_wireless: true, phones_collected: true, room_checked: true })).status, 200);
  assert.equal((await post(`/api/v1/meetings/${id}/open`, {})).status, 200);
  const c = await post('/api/v1/carriers', { title: '界面：会议材料', level: '秘密', producer: '市教育局', pages: 2,
    place: '机要室保密柜（一号）', scope: ['clerk', 'zhouwei'] });
  assert.equal(c.status, 201, c.text);
  const issued = await post(`/api/v1/meetings/${id}/documents`, { carrier_id: c.json.id, holder: 'zhouwei', holder_password: PW });
  assert.ok(issued.status === 200 || issued.status === 201, issued.text);
  await page.goto(`/#/meetings/${id}`);
  await page.reload(); // the same address: load the page again to see the document
  await page.locator(`[data-testid=meeting-documents] tr[data-carrier="${c.json.id}"]`).waitFor();
  await page.locator('[data-action=meeting-sheet]').click();
  const sheet = page.locator('[data-testid=meeting-sheet]');
  await sheet.locator(`tr[data-carrier="${c.json.id}"]`).waitFor();
  await settled(page);
  assert.match(await sheet.innerText(), /签收人签字[\s\S]*收回经手人签字/);
  assert.equal((await sheet.locator(`tr[data-carrier="${c.json.id}"] .sign-blank`).allInnerTexts()).join(''), '', 'left blank for the pen');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.sidebar').isVisible(), false, 'no menu on paper');
  assert.equal(await page.locator('[data-action=print]').isVisible(), false, 'no buttons on paper');
  assert.match(await sheet.locator('.sheet-foot').innerText(), /保密员（签字）[\s\S]*会议组织人（签字）/);
  const pdf = await page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true });
  assert.ok(pdf.length > 1000, 'it prints');
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  await page.emulateMedia({ media: 'screen' });
  await shot(page, 'meeting-sheet');
});

test('MEET-2, REG-1: on the meeting screen the participant confirms with their own password; a wrong one issues nothing', async () => {
  const c = await post('/api/v1/carriers', { title: '界面：会议材料（本人签收）', level: '秘密', producer: '市教育局', pages: 2,
    place: '机要室保密柜（一号）', scope: ['clerk', 'zhouwei'] });
  assert.equal(c.status, 201, c.text);
  await page.goto(`/#/meetings/${id}`);
  await settled(page);
  await page.locator('[data-action=meeting-issue]').click();
  const dlg = page.locator('dialog');
  await dlg.waitFor();
  assert.equal(await dlg.locator('input[name=signature]').count(), 0, 'no field for a typed name');
  const pw = dlg.locator('input[name=holder_password]');
  assert.equal(await pw.getAttribute('type'), 'password', 'the password is not shown');
  await dlg.locator('input[name=carrier_id]').fill(String(c.json.id));
  await dlg.locator('select[name=holder]').selectOption({ label: '周伟' }).catch(async () => {
    const opts = await dlg.locator('select[name=holder] option').evaluateAll((o) => o.map((x) => [x.value, x.textContent]));
    await dlg.locator('select[name=holder]').selectOption(opts.find(([, l]) => l.includes('周伟'))[0]);
  });
  await pw.fill('Wrong@2026pass');
  await dlg.locator('button[type=submit]').click();
  await page.waitForFunction(() => /口令不正确/.test(document.querySelector('dialog .alert.error')?.innerText || ''));
  const err = dlg.locator('.alert.error');
  assert.equal(await err.getAttribute('data-rule'), 'MEET-2');
  assert.equal(await err.getAttribute('data-code'), 'holder_password_wrong');
  assert.equal((await get(`/api/v1/carriers/${c.json.id}`)).json.status.code, 'in_store', 'nothing issued');
  await pw.fill(PW);
  await dlg.locator('button[type=submit]').click();
  await dlg.waitFor({ state: 'detached' });
  assert.equal((await get(`/api/v1/carriers/${c.json.id}`)).json.status.code, 'lent');
  const row = page.locator(`[data-testid=meeting-documents] tr[data-carrier="${c.json.id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /本人口令确认/);
  assert.ok(!(await page.locator('body').innerText()).includes(PW), 'no password on the page');
});
