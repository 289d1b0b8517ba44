// clerk_departure.test.mjs — 离岗 from the screen (KEEP-2, PERSON-4; issue 14
// point 4): the clerk sees what a person still keeps, with the way to the
// hand-over; the security administrator's departure is refused in the form
// with KEEP-2 while anything is held and nothing changes; once everything is
// handed over the departure is recorded from the screen, and the person's
// record read back through the API has left with the 脱密期 running.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled, assertLabelled } from './lib.mjs';
import { call, login as apiLogin, PW } from '../api/lib.mjs';

let env, clerkPage, secPage, person, kept;
const tok = {};
const get = (path, who = 'clerk') => call(env.url, 'GET', path, { token: tok[who] });

before(async () => {
  env = await setup();
  tok.clerk = await apiLogin(env.url, 'clerk');
  tok.secadmin = await apiLogin(env.url, 'secadmin');
  const people = (await get('/api/v1/people')).json.items;
  const clerks = new Set(people.filter((p) => (p.roles || []).some((r) => r.role === 'clerk')).map((p) => p.id));
  const loans = new Set((await get('/api/v1/desk/out')).json.items.map((l) => l.holder_id));
  const by = new Map();
  for (const c of (await get('/api/v1/carriers?status=in_store&limit=1000')).json.items) {
    if (c.custodian_id && !clerks.has(c.custodian_id) && !loans.has(c.custodian_id)) by.set(c.custodian_id, [...(by.get(c.custodian_id) || []), c]);
  }
  const [pid] = [...by.keys()];
  assert.ok(pid, 'somebody other than a clerk keeps a carrier and has nothing on loan');
  person = people.find((p) => p.id === pid);
  kept = (await get(`/api/v1/carriers?custodian=${pid}&limit=1000`)).json.items.filter((c) => !['destroyed', 'returned'].includes(c.status.code));
  clerkPage = await env.page();
  await login(clerkPage, 'clerk');
  secPage = await env.page();
  await login(secPage, 'secadmin');
});
after(async () => {
  const st = env ? await env.close() : null;
  for (const p of [clerkPage, secPage]) if (p) assert.deepEqual(p.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('KEEP-2: the clerk sees what the person still keeps, with the way to the hand-over', async () => {
  await clerkPage.locator('nav a[href="#/departures"]').click();
  await clerkPage.locator('select[name=person]').selectOption(String(person.id));
  const status = clerkPage.locator('[data-testid=dep-status]');
  await status.waitFor();
  await settled(clerkPage);
  assert.equal(await status.getAttribute('data-state'), 'held');
  assert.match(await status.innerText(), new RegExp(`KEEP-2[\\s\\S]*保管载体 ${kept.length} 件`));
  for (const c of kept) assert.equal(await clerkPage.locator(`tr[data-carrier="${c.id}"]`).count(), 1, `carrier ${c.id} listed`);
  assert.equal(await clerkPage.locator('[data-action=dep-handover]').getAttribute('href'), `#/desk?tab=handover&from=${person.id}`);
  assert.equal(await clerkPage.locator('[data-testid=dep-form]').count(), 0, 'the departure is the security administrator\'s');
  await assertLabelled(clerkPage, 'departures');
  await shot(clerkPage, 'clerk-departure-held');
});

test('KEEP-2: the departure is refused in the form while carriers are held; nothing changes', async () => {
  await secPage.locator('nav a[href="#/departures"]').click();
  await secPage.locator('select[name=person]').selectOption(String(person.id));
  await secPage.locator('[data-testid=dep-form]').waitFor();
  await secPage.locator('[data-action=dep-record]').click();
  const err = secPage.locator('[data-testid=dep-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'KEEP-2');
  assert.match(await err.innerText(), /^(?=[\s\S]*KEEP-2)[\s\S]*[\u4e00-\u9fff]/);
  const r = await get(`/api/v1/people/${person.id}/record`, 'secadmin');
  assert.equal(r.json.status, 'active', 'still active');
  assert.equal(r.json.left_on, null, 'no departure recorded');
});

test('PERSON-4: after the hand-over the departure is recorded from the screen; the 脱密期 runs', async () => {
  const ho = await call(env.url, 'POST', '/api/v1/handovers', { token: tok.clerk, body: { from: String(person.id), to: 'clerk', ...(person.username ? { from_password: PW } : { from_on_paper: true }), to_password: PW } });
  assert.equal(ho.status, 201, ho.text);
  await secPage.reload();
  const status = secPage.locator('[data-testid=dep-status]');
  await status.waitFor();
  assert.equal(await status.getAttribute('data-state'), 'clear');
  await secPage.locator('[data-action=dep-record]').click();
  await secPage.locator('[data-testid=dep-status][data-state=left]').waitFor();
  const r = await get(`/api/v1/people/${person.id}/record`, 'secadmin');
  assert.equal(r.json.status, 'left');
  assert.ok(r.json.left_on, 'the date left');
  assert.ok(r.json.decl_until && r.json.decl_until > r.json.left_on, 'the 脱密期 ends after the departure');
  const sheet = await secPage.locator('[data-testid=dep-sheet]').innerText();
  assert.match(sheet, /涉密人员离岗保密清退单[\s\S]*离岗人员（签字）[\s\S]*保密员（签字）/);
  assert.equal(await secPage.locator('[data-testid=dep-form]').count(), 0, 'no second departure');
  await shot(secPage, 'clerk-departure-left');
});
