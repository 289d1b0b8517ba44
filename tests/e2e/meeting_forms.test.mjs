// meeting_forms.test.mjs — the classified meetings screen's own forms (MEET-1,
// issue 11 point 1): the clerk records a new meeting from the register (a
// meeting ending before it starts is refused in the dialog with MEET-1 and
// nothing is recorded), changes its room, and takes a participant off the
// list; the organiser has no such button. Every result is read back through
// the API. The test makes its own meetings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page, id;
const tok = {};
const TITLE = '界面：表单登记的会议';
const get = (path) => call(env.url, 'GET', path, { token: tok.clerk });
const post = (path, body) => call(env.url, 'POST', path, { token: tok.clerk, body });

before(async () => {
  env = await setup();
  tok.clerk = await apiLogin(env.url, 'clerk');
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

async function titled() {
  const r = await get('/api/v1/meetings?q=' + encodeURIComponent('表单登记'));
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

async function fill(values) {
  for (const [k, v] of Object.entries(values)) {
    const el = page.locator(`dialog [name=${k}]`);
    if (k === 'level') await el.selectOption(v);
    else await el.fill(v);
  }
}

test('MEET-1: the clerk records a meeting through the form; one ending before it starts is refused, nothing recorded', async () => {
  await page.locator('nav a[href="#/meetings"]').click();
  await page.locator('[data-action=meeting-new]').click();
  await page.locator('dialog [data-testid=meeting-form]').waitFor();
  await fill({ title: TITLE, level: 'secret', room: '二楼会议室', starts_at: '2026-12-10T09:00', ends_at: '2026-12-10T08:00', organiser: 'leader', note: '部署年度保密检查' });
  await page.locator('dialog button[type=submit]').click();
  const err = page.locator('dialog .alert.error');
  await err.waitFor();
  assert.match(await err.innerText(), /MEET-1/);
  assert.deepEqual(await titled(), [], 'nothing recorded by the refusal');

  await fill({ ends_at: '2026-12-10T11:00' });
  await page.locator('dialog button[type=submit]').click();
  const facts = page.locator('[data-testid=meeting-facts]');
  await facts.waitFor();
  await settled(page);
  const items = await titled();
  assert.equal(items.length, 1, 'one meeting recorded');
  id = items[0].id;
  assert.match(page.url(), new RegExp(`#/meetings/${id}$`));
  const m = await get(`/api/v1/meetings/${id}`);
  assert.equal(m.json.title, TITLE);
  assert.equal(m.json.level, 'secret');
  assert.equal(m.json.place, '二楼会议室');
  assert.equal(m.json.status, 'planned');
  assert.equal(m.json.note, '部署年度保密检查');
  assert.equal(Date.parse(m.json.ends_at) - Date.parse(m.json.starts_at), 2 * 3600 * 1000, 'the times as typed');
  assert.match(await facts.innerText(), /二楼会议室[\s\S]*刘志强/);
  await shot(page, 'meeting-new');
});

test('MEET-1: the clerk changes the room; only what changed is sent', async () => {
  const before = await get(`/api/v1/meetings/${id}`);
  await page.locator('[data-action=meeting-edit]').click();
  await page.locator('dialog [data-testid=meeting-form]').waitFor();
  assert.equal(await page.locator('dialog [name=title]').inputValue(), TITLE, 'the form holds the meeting');
  await fill({ room: '三楼保密会议室' });
  await page.locator('dialog button[type=submit]').click();
  await page.locator('dialog').waitFor({ state: 'detached' });
  await settled(page);
  const after = await get(`/api/v1/meetings/${id}`);
  assert.equal(after.json.place, '三楼保密会议室');
  assert.equal(after.json.title, before.json.title);
  assert.equal(after.json.starts_at, before.json.starts_at, 'the time untouched');
  assert.ok(after.json.history.some((e) => e.action === 'edit'), 'the change is in the history');
  assert.match(await page.locator('[data-testid=meeting-facts]').innerText(), /三楼保密会议室/);
});

test('MEET-1: a participant is taken off the list; the organiser cannot be', async () => {
  const p = await post(`/api/v1/meetings/${id}/participants`, { person: 'zhouwei' });
  assert.equal(p.status, 200, p.text);
  const zhouwei = p.json.participants.find((x) => !x.organiser).person_id;
  await page.reload();
  const row = page.locator(`tr[data-person="${zhouwei}"]`);
  await row.waitFor();
  const organiser = p.json.participants.find((x) => x.organiser).person_id;
  assert.equal(await page.locator(`tr[data-person="${organiser}"] [data-action=meeting-remove]`).count(), 0, 'no button for the organiser');
  await row.locator('[data-action=meeting-remove]').click();
  await page.locator('dialog button[type=submit]').click();
  await page.locator('dialog').waitFor({ state: 'detached' });
  await settled(page);
  assert.equal(await page.locator(`tr[data-person="${zhouwei}"]`).count(), 0, 'off the list on the page');
  const m = await get(`/api/v1/meetings/${id}`);
  assert.deepEqual(m.json.participants.map((x) => x.person_id), [organiser], 'only the organiser is listed');
  assert.ok(m.json.history.some((e) => e.action === 'participant_remove'));
});
