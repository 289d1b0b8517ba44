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
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page, clerkPage, candidate;
const tok = {};

const get = (path, who = 'secadmin') => call(env.url, 'GET', path, { token: tok[who] });

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
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (clerkPage) assert.deepEqual(clerkPage.errors, [], 'no script errors in the clerk\'s page');
  if (env) assert.equal((await env.close()).code, 0, 'server exits 0 on SIGTERM');
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
  await clerkPage.locator('tr[data-training]').first().waitFor();
  await settled(clerkPage);
  const year = new Date().getUTCFullYear();
  const sessions = (await get(`/api/v1/trainings?year=${year}`, 'clerk')).json.items;
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
