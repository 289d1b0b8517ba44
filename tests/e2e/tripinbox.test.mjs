// tripinbox.test.mjs — PERSON-8 (issue 10): the leader approves a trip abroad
// from the 待我审批 inbox. A trip of a cleared person of class important is
// filed (person.trip_approver.important names the leader); the leader logs in,
// sees it in the inbox with its traveller, destination and briefing date,
// approves it with 同意, and the person's record then shows it approved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled } from './lib.mjs';
import { call, login as apiLogin, unitDay } from '../api/lib.mjs';

let env, page, trip, person;
const tok = {};
const day = unitDay;

before(async () => {
  env = await setup();
  for (const u of ['secadmin', 'leader']) tok[u] = await apiLogin(env.url, u);
  // Any cleared person of class important in the register (not the leader).
  const reg = (await call(env.url, 'GET', '/api/v1/people/register', { token: tok.secadmin })).json.items;
  for (const p of reg.filter((x) => x.class === 'important')) {
    const r = await call(env.url, 'POST', `/api/v1/people/${p.id}/trips`, {
      token: tok.secadmin,
      body: { destination: '测试目的地', purpose: '学术交流', depart_on: day(-3), return_on: day(-1), briefed_on: day(-4) },
    });
    if (r.status === 201 && r.json.next_approver === 'leader') { trip = r.json; person = p.id; break; }
  }
  assert.ok(trip, 'a trip waiting for the leader was filed');
  page = await env.page();
  await login(page, 'leader');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('PERSON-8: the leader sees the pending trip in the inbox and approves it', async () => {
  await page.goto('/#/inbox');
  const row = page.locator(`[data-section=trips] tr[data-trip="${trip.id}"]`);
  await row.waitFor();
  await settled(page);
  const text = await row.innerText();
  assert.match(text, /测试目的地/);
  assert.match(text, /学术交流/);
  assert.ok(text.includes(day(-4)), 'the briefing date is shown');
  await row.locator('button[data-action=approve-trip]').click();
  await row.waitFor({ state: 'detached' });
  const rec = (await call(env.url, 'GET', `/api/v1/people/${person}/record`, { token: tok.secadmin })).json;
  const t = rec.trips.find((x) => x.id === trip.id);
  assert.equal(t.status, 'approved');
  assert.ok(t.approved_by, 'the approver is named');
  // The person's page (the security administrator's) shows the trip approved.
  const admin = await env.page();
  await login(admin, 'secadmin');
  await admin.goto(`/#/people/${person}`);
  await admin.reload();
  await admin.locator(`tr[data-trip="${trip.id}"] [data-trip-status=approved]`).waitFor();
  assert.deepEqual(admin.errors, [], 'no script errors in the person\'s page');
  const left = (await call(env.url, 'GET', '/api/v1/people/trips?status=pending', { token: tok.leader })).json.items;
  assert.ok(!left.some((x) => x.id === trip.id), 'no longer waiting for the leader');
});
