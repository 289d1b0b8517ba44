// org_admin.test.mjs — 部门与存放地点 (issue 14 point 14, SYS-1) in the
// browser on the demo unit. The system administrator renames a department,
// the security administrator a storage place, each from his own list (the
// other list is read-only for him); the clerk finds the new names in the
// ledger's filters. The security administrator adds an empty safe through
// the form and retires it: the clerk's registration form and the ledger's
// bulk move no longer offer it (the ledger's filter still does, old records
// keep their place). A retirement the server refuses (a place still holding
// a carrier, KEEP-1; a department with people in post, ORG-1) shows the
// error box with the rule in the dialog, and the API's lists are unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled, shot, assertLabelled } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env;
const pages = [];
const tok = {};
const get = async (path, who = 'secadmin') => {
  const r = await call(env.url, 'GET', path, { token: tok[who] });
  assert.equal(r.status, 200, r.text);
  return r.json;
};
// The directory as the API gives it: a refusal leaves it as it was.
const state = async () => JSON.stringify({
  places: (await get('/api/v1/places')).items,
  deps: (await get('/api/v1/departments', 'sysadmin')).items,
});
const place = async (name) => (await get('/api/v1/places')).items.find((p) => p.name === name);
const dept = async (name) => (await get('/api/v1/departments', 'sysadmin')).items.find((d) => d.name === name);
// An i18n key or a code left on a Chinese screen.
const RAW = /\b(org|nav|pkind)\.[a-z_.]+|\b(safe|room|cabinet|top_secret|true|false|null|undefined|NaN)\b/;

before(async () => {
  env = await setup();
  for (const u of ['secadmin', 'sysadmin', 'clerk']) tok[u] = await apiLogin(env.url, u);
});
// The server and the browser are stopped before anything is asserted.
after(async () => {
  const st = env ? await env.close() : null;
  for (const p of pages) assert.deepEqual(p.errors, [], `no script errors in ${p.who}'s pages`);
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

async function open(who, hash = '/#/admin/org') {
  const page = await env.page();
  page.who = who;
  pages.push(page);
  await login(page, who);
  await page.goto(hash);
  await settled(page);
  return page;
}

// Opens a row's dialog (rename or retire) and returns the dialog.
async function rowDialog(page, row, action) {
  await row.locator(`[data-action=${action}]`).click();
  const dlg = page.locator('dialog');
  await dlg.waitFor();
  return dlg;
}

const OLD_DEPT = '财务科';
const NEW_DEPT = '财务审计科';
const OLD_PLACE = '人事科保密柜';
const NEW_PLACE = '人事科保密柜（甲）';
const EMPTY_PLACE = '测停用保密柜';
let secadmin, sysadmin;

test('SYS-1: the system administrator renames a department; the places are read-only for him', async () => {
  sysadmin = await open('sysadmin');
  assert.equal(await sysadmin.locator('.sidebar a[href="#/admin/org"]').count(), 1, 'in the system administrator\'s menu');
  assert.equal(await sysadmin.locator('main h1').innerText(), '部门与存放地点');
  const d = await dept(OLD_DEPT);
  const row = sysadmin.locator(`tr[data-department="${d.id}"]`);
  assert.equal(await row.locator('[data-testid=state]').innerText(), '在用');
  assert.equal(await row.locator('[data-count=people]').innerText(), String(d.people));
  assert.ok(d.people > 0, 'the demo\'s 财务科 has people');
  assert.equal(await sysadmin.locator('tr[data-place] [data-action]').count(), 0, 'no place buttons for the system administrator');
  assert.equal(await sysadmin.locator('[data-testid=place-form]').count(), 0);
  assert.equal(await sysadmin.locator('[data-testid=dept-form]').count(), 1);
  const main = await sysadmin.locator('main').innerText();
  assert.doesNotMatch(main, RAW, 'no raw key or code on the zh screen');
  await assertLabelled(sysadmin, 'org screen (sysadmin)');

  const dlg = await rowDialog(sysadmin, row, 'rename');
  await dlg.locator('input[name=name]').fill(NEW_DEPT);
  await dlg.locator('button[type=submit]').click();
  await dlg.waitFor({ state: 'detached' });
  await settled(sysadmin);
  const after = sysadmin.locator(`tr[data-department="${d.id}"]`);
  assert.equal(await after.locator('[data-testid=name]').innerText(), NEW_DEPT);
  assert.match(await after.locator('[data-testid=former]').innerText(), new RegExp(`原名称：“${OLD_DEPT}”（用至\\d{4}年\\d{1,2}月\\d{1,2}日）`));
  const api = await dept(NEW_DEPT);
  assert.equal(api.id, d.id);
  assert.equal(api.former_names[0].name, OLD_DEPT);
});

test('ORG-1: a department with people in post is not retired; the dialog shows the rule and nothing changes', async () => {
  const d = await dept(NEW_DEPT);
  const before = await state();
  const dlg = await rowDialog(sysadmin, sysadmin.locator(`tr[data-department="${d.id}"]`), 'retire');
  assert.match(await dlg.locator('[data-testid=holds]').innerText(), new RegExp(`在岗人员 ${d.people} 人`));
  await dlg.locator('button[type=submit]').click();
  const box = dlg.locator('.alert.error');
  await box.waitFor();
  assert.equal(await box.getAttribute('data-rule'), 'ORG-1');
  assert.equal(await box.getAttribute('data-code'), 'department_has_people');
  assert.match(await box.locator('.cite').innerText(), /ORG-1/);
  await shot(sysadmin, 'org-dept-retire-refused');
  await dlg.locator('button', { hasText: '取消' }).click();
  await dlg.waitFor({ state: 'detached' });
  assert.equal(await state(), before, 'the refusal changed nothing');
  assert.equal(await sysadmin.locator(`tr[data-department="${d.id}"] [data-testid=state]`).innerText(), '在用');
});

test('SYS-1: the security administrator renames a place, adds an empty safe and retires it', async () => {
  secadmin = await open('secadmin');
  assert.equal(await secadmin.locator('.sidebar a[href="#/admin/org"]').count(), 1, 'in the security administrator\'s menu');
  assert.equal(await secadmin.locator('tr[data-department] [data-action]').count(), 0, 'no department buttons for the security administrator');
  assert.equal(await secadmin.locator('[data-testid=dept-form]').count(), 0);
  // the renamed department is shown by its new name
  assert.match(await secadmin.locator('main').innerText(), new RegExp(NEW_DEPT));
  const p = await place(OLD_PLACE);
  const row = secadmin.locator(`tr[data-place="${p.id}"]`);
  assert.equal(await row.locator('[data-count=carriers]').innerText(), String(p.carriers));
  const dlg = await rowDialog(secadmin, row, 'rename');
  await dlg.locator('input[name=name]').fill(NEW_PLACE);
  await dlg.locator('button[type=submit]').click();
  await dlg.waitFor({ state: 'detached' });
  await settled(secadmin);
  assert.equal(await secadmin.locator(`tr[data-place="${p.id}"] [data-testid=name]`).innerText(), NEW_PLACE);
  assert.equal((await place(NEW_PLACE)).id, p.id);

  // a new safe through the form, then retired
  const form = secadmin.locator('[data-testid=place-form]');
  await form.locator('input[name=name]').fill(EMPTY_PLACE);
  await form.locator('select[name=kind]').selectOption('safe');
  await form.locator('select[name=max_level]').selectOption('secret');
  await form.locator('button[type=submit]').click();
  await secadmin.locator('#toasts .toast', { hasText: EMPTY_PLACE }).waitFor();
  await settled(secadmin);
  const np = await place(EMPTY_PLACE);
  assert.ok(np && !np.retired && np.carriers === 0 && np.max_level === 'secret', JSON.stringify(np));
  const nrow = secadmin.locator(`tr[data-place="${np.id}"]`);
  await nrow.waitFor();
  assert.match(await nrow.innerText(), /保密柜[\s\S]*机密[\s\S]*全单位/);
  const rd = await rowDialog(secadmin, nrow, 'retire');
  assert.match(await rd.locator('[data-testid=holds]').innerText(), /在管载体 0 件，涉密设备 0 台/);
  await rd.locator('button[type=submit]').click();
  await rd.waitFor({ state: 'detached' });
  await settled(secadmin);
  const retired = await place(EMPTY_PLACE);
  assert.equal(retired.retired, true);
  assert.match(await secadmin.locator(`tr[data-place="${np.id}"] [data-testid=state]`).innerText(), /^已停用（\d{4}年\d{1,2}月\d{1,2}日起）$/);
  assert.equal(await secadmin.locator(`tr[data-place="${np.id}"] [data-action]`).count(), 0, 'a retired place offers nothing');
  await shot(secadmin, 'org-places');
});

test('KEEP-1: a place still holding a carrier is not retired; the API answer is unchanged', async () => {
  const p = await place('财务科保密柜');
  assert.ok(p.carriers > 0, 'the demo keeps a carrier there');
  const before = await state();
  const dlg = await rowDialog(secadmin, secadmin.locator(`tr[data-place="${p.id}"]`), 'retire');
  await dlg.locator('button[type=submit]').click();
  const box = dlg.locator('.alert.error');
  await box.waitFor();
  assert.equal(await box.getAttribute('data-rule'), 'KEEP-1');
  assert.equal(await box.getAttribute('data-code'), 'place_not_empty');
  assert.match(await box.locator('.reason').innerText(), /财务科保密柜/);
  await dlg.locator('button', { hasText: '取消' }).click();
  await dlg.waitFor({ state: 'detached' });
  assert.equal(await state(), before, 'the refusal changed nothing');
  assert.equal(await secadmin.locator(`tr[data-place="${p.id}"] [data-testid=state]`).innerText(), '在用');
});

test('the clerk finds the new names in the ledger and no longer the retired safe in the registration form', async () => {
  const clerk = await open('clerk', '/#/ledger');
  assert.equal(await clerk.locator('.sidebar a[href="#/admin/org"]').count(), 0, 'not in the clerk\'s menu');
  const opts = async (sel) => clerk.locator(sel).evaluateAll((os) => os.map((o) => o.textContent));
  const depOpts = await opts('select[name=department] option');
  assert.ok(depOpts.includes(NEW_DEPT) && !depOpts.includes(OLD_DEPT), depOpts.join(','));
  const placeOpts = await opts('select[name=place] option');
  assert.ok(placeOpts.includes(NEW_PLACE) && !placeOpts.includes(OLD_PLACE), placeOpts.join(','));
  assert.ok(placeOpts.includes(EMPTY_PLACE), 'the ledger filter keeps a retired place (old records keep it)');
  // the filter by the renamed place finds its carriers
  const p = await place(NEW_PLACE);
  await clerk.goto(`/#/ledger?place=${p.id}`);
  await settled(clerk);
  const cells = await clerk.locator('table.data tbody tr').allInnerTexts();
  assert.ok(cells.length > 0 && cells.every((c) => c.includes(NEW_PLACE)), cells.slice(0, 3).join('|'));
  // the bulk move offers places in use only
  await clerk.locator('input[data-select]').first().check();
  await clerk.locator('[data-action=bulk-move]').click();
  const dlg = clerk.locator('dialog');
  await dlg.waitFor();
  const moveOpts = await dlg.locator('select[name=place] option').evaluateAll((os) => os.map((o) => o.textContent));
  assert.ok(moveOpts.some((o) => o.startsWith(NEW_PLACE)), moveOpts.join(','));
  assert.ok(!moveOpts.some((o) => o.startsWith(EMPTY_PLACE)), 'the bulk move does not offer the retired safe');
  await dlg.locator('button', { hasText: '取消' }).click();
  await dlg.waitFor({ state: 'detached' });

  await clerk.goto('/#/register');
  await settled(clerk);
  const regPlaces = await clerk.locator('select[name=place] option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(regPlaces.includes(NEW_PLACE), regPlaces.join(','));
  assert.ok(!regPlaces.includes(EMPTY_PLACE), 'the registration form does not offer the retired safe');
});

test('English: the screen reads in English; it fits a phone', async () => {
  const page = await env.page({ lang: 'en' });
  page.who = 'secadmin (en)';
  pages.push(page);
  await login(page, 'secadmin');
  await page.goto('/#/admin/org');
  await settled(page);
  assert.equal(await page.locator('main h1').innerText(), 'Departments and storage places');
  const main = await page.locator('main').innerText();
  assert.match(main, /Retired \(from [^)]+\d\)/);
  assert.match(main, /Former names: “人事科保密柜”/);
  assert.doesNotMatch(main, /\borg\.[a-z_]+|pkind\./);
  await page.setViewportSize({ width: 390, height: 844 });
  await settled(page);
  const [w, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(w <= iw, `org screen on a phone: ${w}px wide in ${iw}px (horizontal scrolling)`);
});
