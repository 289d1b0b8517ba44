// people.test.mjs — the register of cleared people on the web screen
// (PERSON-1..8, issue 10 points 1, 2 and 5): the security administrator
// opens the register and filters it, opens the demo's person in 脱密期 and
// sees the PERSON-7 restriction, a clearance without vetting, training and
// commitment is refused in the dialog with PERSON-2 and nothing changes, a
// vetting is filed and shows in the history; the roster prints with its
// signature lines; the clerk sees the training sessions and one session's
// attendance. Every step is checked on the page and in the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled, assertNoHorizontalScroll, assertLabelled } from './lib.mjs';
import { call, login as apiLogin, approveFiling, unitDay } from '../api/lib.mjs';

let env, page, clerkPage, candidate;
const tok = {};

const get = (path, who = 'secadmin') => call(env.url, 'GET', path, { token: tok[who] });

// The clerk's page, opened once (a test run alone opens it itself).
async function clerk() {
  if (clerkPage) return;
  clerkPage = await env.page();
  await login(clerkPage, 'clerk');
}

async function submitDialog(p = page) {
  await p.locator('dialog button[type=submit]').click();
  const err = p.locator('dialog .alert.error');
  await Promise.race([err.waitFor(), p.locator('dialog').waitFor({ state: 'detached' })]);
  return (await p.locator('dialog').count()) ? err : null;
}

before(async () => {
  env = await setup();
  for (const u of ['clerk', 'secadmin', 'sysadmin']) tok[u] = await apiLogin(env.url, u);
  // A person with no vetting, created for this test (not the demo's people).
  const made = await call(env.url, 'POST', '/api/v1/people', { token: tok.sysadmin, body: { name: '测试候选人', department: '办公室' } });
  assert.ok(made.status === 201 || made.status === 200, made.text);
  candidate = made.json.id;
  page = await env.page();
  await login(page, 'secadmin');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (clerkPage) assert.deepEqual(clerkPage.errors, [], 'no script errors in the clerk\'s page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('the register lists people, filters by stage and finds the demo\'s 脱密期', async () => {
  await page.locator('.sidebar a[href="#/people"]').click();
  await page.locator('tr[data-person]').first().waitFor();
  await settled(page);
  const all = await page.locator('tr[data-person]').count();
  assert.equal(all, (await get('/api/v1/people/register')).json.items.length, 'every person of the register is listed');
  await assertLabelled(page, 'people register');
  await assertNoHorizontalScroll(page, 'people register');
  await page.locator('select[name=stage]').selectOption('decl');
  await page.waitForFunction(() => location.hash.includes('stage=decl'));
  await page.locator('tr[data-person]').first().waitFor();
  const stages = await page.locator('tr[data-person]').evaluateAll((rows) => rows.map((r) => r.dataset.stage));
  assert.ok(stages.length >= 1 && stages.every((s) => s === 'decl'), `only 脱密期: ${stages}`);
  assert.match(await page.locator('tr[data-person]').first().innerText(), /脱密期/);
  assert.doesNotMatch(await page.locator('main').innerText(), /\bdecl\b|people\.|PERSON-7 declassification/, 'no raw keys on the zh screen');
  await shot(page, 'people-register');
});

test('PERSON-4/7: the person in 脱密期 shows the period and the restriction', async () => {
  const decl = (await get('/api/v1/people/register?stage=decl')).json.items[0];
  assert.ok(decl, 'the demo has a person in 脱密期');
  await page.locator(`tr[data-person="${decl.id}"] a`).click();
  await page.locator('[data-testid=person-facts]').waitFor();
  await settled(page);
  const facts = await page.locator('[data-testid=person-facts]').innerText();
  assert.match(facts, /脱密期/);
  assert.ok(facts.includes(decl.decl_until), 'the period\'s end is shown');
  const blocked = page.locator('[data-testid=person-blocked]');
  assert.equal(await blocked.getAttribute('data-rule'), 'PERSON-7');
  assert.ok((await blocked.innerText()).includes(decl.blocked.zh), 'the API\'s zh reason');
  const kinds = await page.locator('tr[data-kind]').evaluateAll((rows) => rows.map((r) => r.dataset.kind));
  assert.ok(kinds.includes('leave'), `the leaving is in the history: ${kinds}`);
  assert.match(await page.locator('tr[data-kind=leave]').first().innerText(), /离岗离职/);
  await assertNoHorizontalScroll(page, 'person page');
  await shot(page, 'people-decl');
});

test('PERSON-2: a clearance is refused with its rule; a vetting is filed and shows in the history', async () => {
  await page.goto(`/#/people/${candidate}`);
  await page.locator('[data-testid=person-facts]').waitFor();
  await settled(page);
  const before = (await get(`/api/v1/people/${candidate}/record`)).json;
  await page.locator('[data-action=clear]').click();
  const err = await submitDialog();
  assert.ok(err, 'the dialog stays open with the refusal');
  assert.equal(await err.getAttribute('data-rule'), 'PERSON-2');
  assert.match(await err.innerText(), /PERSON-2/);
  await page.locator('dialog button.btn:not([type=submit])').click();
  const still = (await get(`/api/v1/people/${candidate}/record`)).json;
  assert.equal(still.stage, before.stage, 'nothing changed');
  assert.equal(still.history.length, before.history.length);

  await page.locator('[data-action=vet]').click();
  await page.locator('dialog input[name=on]').fill('2026-12-01');
  await page.locator('dialog select[name=result]').selectOption('pass');
  await page.locator('dialog input[name=note]').fill('入职政审合格');
  assert.equal(await submitDialog(), null);
  await page.locator('tr[data-kind=vetting]').waitFor();
  assert.match(await page.locator('tr[data-kind=vetting]').innerText(), /审查[\s\S]*合格[\s\S]*入职政审合格/);
  const after = (await get(`/api/v1/people/${candidate}/record`)).json;
  assert.equal(after.vetted_on, '2026-12-01');
  assert.equal(after.vetting_result, 'pass');
  assert.ok(after.history.some((e) => e.kind === 'vetting' && e.to === 'pass'));
  await shot(page, 'people-vetted');
});

test('PERSON-5: the roster prints on A4 landscape with its signature lines', async () => {
  await page.goto('/#/people/roster');
  await page.locator('[data-testid=roster]').waitFor();
  await settled(page);
  const roster = (await get('/api/v1/people/roster')).json.items;
  assert.ok(roster.length > 0);
  assert.equal(await page.locator('[data-testid=roster] tr[data-person]').count(), roster.length);
  assert.ok(roster.every((p) => ['core', 'important'].includes(p.class)), 'core and important only');
  const sig = await page.locator('[data-testid=signatures]').innerText();
  for (const s of ['填表人', '审核人', '单位（盖章）', '日期']) assert.ok(sig.includes(s), `signature line ${s}`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.sidebar').isVisible(), false, 'no menu on paper');
  assert.equal(await page.locator('[data-testid=signatures]').isVisible(), true, 'signatures on paper');
  assert.equal(await page.locator('[data-action=print]').isVisible(), false, 'no buttons on paper');
  const pdf = await page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true });
  assert.ok(pdf.length > 1000, 'it prints');
  await page.emulateMedia({ media: 'screen' });
  await shot(page, 'people-roster');
});

test('PERSON-6: the clerk sees the sessions, the summary and a session\'s attendance', async () => {
  clerkPage = await env.page();
  await login(clerkPage, 'clerk');
  await clerkPage.locator('.sidebar a[href="#/trainings"]').click();
  await clerkPage.locator('[data-testid=training-summary]').waitFor();
  // The page's year (isoDay(): the browser's local day), not UTC's: they differ on 31 December
  // from 16:00 UTC for a browser in Beijing. Early in January the new year has no session yet:
  // then last year's page.
  let year = await clerkPage.evaluate(() => new Date().getFullYear());
  let sessions = (await get(`/api/v1/trainings?year=${year}`, 'clerk')).json.items;
  if (!sessions.length) {
    year -= 1;
    sessions = (await get(`/api/v1/trainings?year=${year}`, 'clerk')).json.items;
    await clerkPage.goto(`/#/trainings?year=${year}`);
  }
  await clerkPage.locator('tr[data-training]').first().waitFor();
  await settled(clerkPage);
  assert.equal(await clerkPage.locator('tr[data-training]').count(), sessions.length);
  assert.match(await clerkPage.locator('[data-testid=training-summary]').innerText(), /学时/);
  const s = (await get(`/api/v1/trainings/${sessions[0].id}`, 'clerk')).json;
  await clerkPage.locator(`tr[data-training="${s.id}"] a`).click();
  await clerkPage.locator('[data-testid=training-state]').waitFor();
  await settled(clerkPage);
  assert.equal(await clerkPage.locator('tr[data-person]').count(), s.attendees.length);
  for (const a of s.attendees.slice(0, 3)) assert.ok((await clerkPage.locator('main').innerText()).includes(a.name));
  await shot(clerkPage, 'training-session');
});

// Issue 10 point 6: one person walked through the screens from vetting to the
// 脱密期 — vetting, a training session attended and signed, the commitment,
// the clearance, a trip abroad approved by class (PERSON-8), the exit
// commitment and the leaving; the person then shows the 脱密期 with its end
// and the PERSON-7 bar, and a borrowing of theirs is refused with nothing changed.
test('a person from vetting to 脱密期 through the screens (PERSON-2/4/6/7/8)', async () => {
  const today = unitDay();
  await clerk();
  // The account, filed by the system administrator and approved by the security administrator.
  const filed = await call(env.url, 'POST', '/api/v1/accounts', { token: tok.sysadmin, body: { username: 'walker', name: '走流程', department: '办公室' } });
  assert.equal(filed.status, 201, filed.text);
  const id = filed.json.person.id;
  const temp = await approveFiling(env.url, filed, tok.secadmin);
  const s = await call(env.url, 'POST', '/api/v1/session', { body: { username: 'walker', password: temp } });
  assert.equal(s.status, 201, s.text);
  const own = s.json.token;
  assert.equal((await call(env.url, 'POST', '/api/v1/session/password', { token: own, body: { old_password: temp, new_password: 'Walk#Passw0rd1' } })).status, 200);
  const record = async () => (await get(`/api/v1/people/${id}/record`)).json;
  const open = async () => {
    await page.goto(`/#/people/${id}`);
    await page.reload();
    await page.locator('[data-testid=person-facts]').waitFor();
    await settled(page);
  };

  // 1. Vetting (security administrator).
  await open();
  await page.locator('[data-action=vet]').click();
  await page.locator('dialog input[name=on]').fill(today);
  await page.locator('dialog select[name=result]').selectOption('pass');
  assert.equal(await submitDialog(), null);
  await page.locator('tr[data-kind=vetting]').waitFor();
  assert.equal((await record()).stage, 'vetted');

  // 2. A training session: the clerk creates it, takes the attendance and signs it.
  await clerkPage.goto('/#/trainings');
  await clerkPage.locator('[data-action=new-training]').click();
  await clerkPage.locator('dialog input[name=held_on]').fill(today);
  await clerkPage.locator('dialog input[name=topic]').fill('新任涉密人员上岗培训');
  await clerkPage.locator('dialog input[name=hours]').fill('2');
  await clerkPage.locator('dialog input[name=trainer]').fill('张保密');
  assert.equal(await submitDialog(clerkPage), null);
  await clerkPage.locator('[data-testid=training-state]').waitFor();
  await settled(clerkPage);
  await clerkPage.locator('[data-action=attend]').click();
  await clerkPage.locator('dialog input[name=person]').fill('walker');
  assert.equal(await submitDialog(clerkPage), null);
  await clerkPage.locator(`tr[data-person="${id}"]`).waitFor();
  await clerkPage.locator('[data-action=sign]').click();
  assert.equal(await submitDialog(clerkPage), null);
  await clerkPage.waitForFunction(() => !document.querySelector('[data-action=sign]'));
  const session = (await get(`/api/v1/trainings/${clerkPage.url().split('/').pop()}`, 'clerk')).json;
  assert.ok(session.signed_at, 'the attendance is signed');
  assert.ok(session.attendees.some((a) => a.id === id));
  assert.equal((await record()).stage, 'trained');

  // 3. Commitment and clearance.
  await open();
  await page.locator('[data-action=commit]').click();
  await page.locator('dialog input[name=on]').fill(today);
  assert.equal(await submitDialog(), null);
  await page.locator('tr[data-kind=commitment]').waitFor();
  await page.locator('[data-action=clear]').click();
  await page.locator('dialog input[name=on]').fill(today);
  await page.locator('dialog select[name=class]').selectOption('general');
  assert.equal(await submitDialog(), null);
  await page.locator('tr[data-kind=clearance]').waitFor();
  let r = await record();
  assert.equal(r.stage, 'cleared');
  assert.equal(r.class, 'general');
  assert.equal(r.blocked, null);
  // The roles to act (the account's business role), and a carrier naming the person in its scope.
  const g = await call(env.url, 'POST', `/api/v1/people/${id}/grant`, { token: tok.secadmin, body: { roles: ['staff'] } });
  assert.equal(g.status, 200, g.text);
  const c = await call(env.url, 'POST', '/api/v1/carriers', { token: tok.clerk, body: { title: '走流程测试件', level: '秘密', place: '考试保密室', scope: ['办公室', `person:${id}`] } });
  assert.equal(c.status, 201, c.text);

  // 4. PERSON-8: a trip abroad recorded in its dialog, approved by the supervising leader
  // (a general person's class), only then departed, then reported back.
  await page.locator('[data-action=trip]').click();
  await page.locator('dialog input[name=destination]').fill('新加坡');
  await page.locator('dialog input[name=depart_on]').fill(today);
  await page.locator('dialog input[name=return_on]').fill(today);
  await page.locator('dialog input[name=briefed_on]').fill(today);
  assert.equal(await submitDialog(), null);
  const trip = (await record()).trips[0];
  assert.equal(trip.status, 'pending');
  await page.locator(`tr[data-trip="${trip.id}"] [data-trip-status=pending]`).waitFor();
  assert.match(await page.locator(`tr[data-trip="${trip.id}"]`).innerText(), /待分管领导审批/);
  assert.equal(await page.locator(`tr[data-trip="${trip.id}"] [data-action=depart]`).count(), 0, 'no departure before the approval');
  const depart = await call(env.url, 'POST', `/api/v1/people/trips/${trip.id}/depart`, { token: tok.secadmin, body: { on: today } });
  assert.equal(depart.status, 403);
  assert.equal(depart.json.error.rule, 'PERSON-8');
  assert.equal((await record()).trips[0].status, 'pending', 'nothing changed');
  const leader = await apiLogin(env.url, 'leader');
  assert.equal((await call(env.url, 'POST', `/api/v1/people/trips/${trip.id}/approve`, { token: leader, body: {} })).status, 200);
  await open();
  await page.locator(`tr[data-trip="${trip.id}"] [data-action=depart]`).click();
  await page.locator('dialog input[name=on]').fill(today);
  assert.equal(await submitDialog(), null);
  await page.locator(`tr[data-trip="${trip.id}"] [data-trip-status=departed]`).waitFor();
  assert.match(await page.locator(`tr[data-trip="${trip.id}"]`).innerText(), /刘志强/);
  await page.locator(`tr[data-trip="${trip.id}"] [data-action=report]`).click();
  await page.locator('dialog input[name=on]').fill(today);
  assert.equal(await submitDialog(), null);
  await page.locator(`tr[data-trip="${trip.id}"] [data-trip-status=reported]`).waitFor();
  await shot(page, 'people-walk-trip');

  // 5. Exit commitment and leaving (moved off the post: the account stays).
  await page.locator('[data-action=exit-commit]').click();
  await page.locator('dialog input[name=on]').fill(today);
  assert.equal(await submitDialog(), null);
  await page.locator('tr[data-kind=exit_commitment]').waitFor();
  await page.locator('[data-action=leave]').click();
  await page.locator('dialog input[name=on]').fill(today);
  await page.locator('dialog select[name=moving]').selectOption('true');
  assert.equal(await submitDialog(), null);
  await page.locator('tr[data-kind=leave]').waitFor();
  await settled(page);
  r = await record();
  assert.equal(r.stage, 'decl');
  assert.ok(r.decl_until > today, `the 脱密期 ends later: ${r.decl_until}`);
  const facts = await page.locator('[data-testid=person-facts]').innerText();
  assert.match(facts, /脱密期/);
  assert.ok(facts.includes(r.decl_until), 'the period\'s end is shown');
  const bar = page.locator('[data-testid=person-blocked]');
  assert.equal(await bar.getAttribute('data-rule'), 'PERSON-7');
  assert.ok((await bar.innerText()).includes(r.blocked.zh));
  await shot(page, 'people-walk-decl');

  // 6. PERSON-7: the person's own borrowing is refused and nothing changes.
  const requests = async () => (await call(env.url, 'GET', '/api/v1/requests', { token: own })).json;
  const before = JSON.stringify(await requests());
  const carrierBefore = (await call(env.url, 'GET', `/api/v1/carriers/${c.json.id}`, { token: tok.clerk })).json.status;
  const b = await call(env.url, 'POST', '/api/v1/requests', { token: own, body: { op: 'borrow', carrier_ids: [c.json.id], reason: '工作需要' } });
  assert.equal(b.status, 403, b.text);
  assert.equal(b.json.error.rule, 'PERSON-7');
  assert.equal(b.json.error.code, 'declassification_period');
  assert.equal(JSON.stringify(await requests()), before, 'no request written');
  assert.deepEqual((await call(env.url, 'GET', `/api/v1/carriers/${c.json.id}`, { token: tok.clerk })).json.status, carrierBefore, 'the carrier unchanged');
});

// Issue 10 point 5: the people alerts link to the person's page — on the clerk's
// alerts page, behind the dashboard's 另有 N 条 (issue 14 point 13: a dashboard shows a few).
test('the clerk\'s alerts link the people alerts to the person', async () => {
  // A people alert in any month: a trip back a month ago and never reported (PERSON-8). The
  // demo's own (何平 short of hours, PERSON-6) is raised only in November and December, so
  // from 1 January the demo had none and this test failed until the next November.
  tok.leader = await apiLogin(env.url, 'leader');
  const traveller = (await get('/api/v1/people/register')).json.items
    .find((p) => ['important', 'general'].includes(p.class) && p.department && !p.left_on && p.stage !== 'decl');
  assert.ok(traveller, 'a cleared person of the demo to travel');
  const trip = await call(env.url, 'POST', `/api/v1/people/${traveller.id}/trips`, { token: tok.secadmin,
    body: { destination: '泰国', purpose: '探亲', depart_on: unitDay(-40), return_on: unitDay(-30), briefed_on: unitDay(-45) } });
  assert.equal(trip.status, 201, trip.text);
  const approved = await call(env.url, 'POST', `/api/v1/people/trips/${trip.json.id}/approve`, { token: tok.leader, body: {} });
  assert.equal(approved.status, 200, approved.text);
  const departed = await call(env.url, 'POST', `/api/v1/people/trips/${trip.json.id}/depart`, { token: tok.secadmin, body: { on: unitDay(-40) } });
  assert.equal(departed.status, 200, departed.text);
  const alerts = (await get('/api/v1/alerts?limit=500', 'clerk')).json.items.filter((a) => a.person_id && !a.admin_alert_id
    && ['ORG-1', 'PERSON-2', 'PERSON-4', 'PERSON-6', 'PERSON-8'].includes(a.rule));
  assert.ok(alerts.some((a) => a.rule === 'PERSON-8' && a.person_id === traveller.id), 'the trip not reported is a people alert');
  await clerk();
  // The alerts page lists fifty to a page; the people alerts' kind is one choice of its filter.
  await clerkPage.goto(`/#/alerts?kind=${alerts[0].code}`);
  await clerkPage.locator('.alert-list').first().waitFor();
  await settled(clerkPage);
  const links = await clerkPage.locator('.alert-list a[href^="#/people/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.length > 0, 'a people alert links to a person');
  assert.ok(links.every((l) => alerts.some((a) => l === `#/people/${a.person_id}`)), `links: ${links}`);
  await clerkPage.locator(`.alert-list a[href="${links[0]}"]`).first().click();
  await clerkPage.locator('[data-testid=person-facts]').waitFor();
  assert.equal(await clerkPage.locator('[data-testid=person-blocked], [data-testid=person-facts]').first().isVisible(), true);
});
