// trust.test.mjs — 三员分立 (SYS-1, issue 9 point 1) through the browser, as
// the four people who do it: the system administrator files a password reset
// of the clerk and sees one half of the temporary password; the security
// administrator approves it and sees the other half; the clerk logs in with
// both halves, must change the password first, and is told who reset the
// account and when; the audit administrator sees every step as an alert and
// acknowledges one. Neither administrator's screen ever shows the other's
// half, and the Chinese screens show no codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, logout, shot, settled, assertNoHorizontalScroll, assertLabelled } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page;
let halfA, halfB, names, filingId;
const NEW_PW = 'Clerk#New2026pass';
// What a zh screen must not show: API codes and vocabulary keys.
const CODES = /account_filed|account_approved|admin_roles|half_secret|password_change_required|\bpending\b|\breset\b|filing\.|aalert\.|lnotice\./;

before(async () => {
  env = await setup();
  page = await env.page();
  const tok = await apiLogin(env.url, 'sysadmin');
  const people = (await call(env.url, 'GET', '/api/v1/people', { token: tok })).json.items;
  names = Object.fromEntries(people.filter((p) => p.username).map((p) => [p.username, p.name]));
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

const bodyText = () => page.locator('body').innerText();
// Every GET of the filings answered 800 ms late, until unrouted.
const slowFilings = () => page.route('**/api/v1/account-filings', async (route) => {
  await new Promise((r) => setTimeout(r, 800));
  await route.continue();
});

test('SYS-1: the system administrator files a reset of the clerk and sees one half only', async () => {
  await login(page, 'sysadmin');
  await page.locator('[data-nav=accounts]').click();
  await settled(page);
  // The lists are fetched again after the half is shown: slowed here, so a
  // test reading them before they are drawn again fails every time, not once
  // in a while (the demo's own filing of the clerk is already listed).
  await slowFilings();
  await page.locator('button[data-action=reset][data-user=clerk]').click();
  await page.locator('dialog button[type=submit]').click();
  const panel = page.locator('[data-testid=half-panel][data-who=sys]');
  await panel.waitFor();
  await settled(page);
  halfA = (await panel.locator('[data-testid=half-secret]').innerText()).trim();
  assert.match(halfA, /^\S{8}$/, 'an 8-character half');
  const text = await panel.innerText();
  assert.match(text, /仅此一次显示/);
  assert.match(text, /当面交给/);
  assert.ok(text.includes(names.clerk), 'the panel names the person it goes to');
  // The filing is listed, in words, awaiting the security administrator.
  const row = page.locator('tr[data-user=clerk]').first();
  assert.match(await row.innerText(), /密码重置[\s\S]*待批准/);
  filingId = await row.getAttribute('data-filing');
  assert.match(filingId, /^\d+$/);
  await page.unrouteAll({ behavior: 'wait' });
  assert.doesNotMatch(await bodyText(), CODES, 'no codes on the zh screen');
  await assertNoHorizontalScroll(page, 'accounts with a half');
  await shot(page, 'trust-01-sysadmin-half');
  await logout(page);
});

test('SYS-1: the security administrator approves and sees the other half, never the first', async () => {
  await login(page, 'secadmin');
  await page.locator('[data-nav=filings]').click();
  await settled(page);
  const row = page.locator(`tr[data-filing="${filingId}"]`);
  assert.match(await row.innerText(), new RegExp(names.sysadmin), 'the filer is named');
  assert.ok(!(await bodyText()).includes(halfA), 'the filings page does not show the first half');
  await slowFilings();
  await row.locator('[data-action=approve]').click();
  await page.locator('dialog button[type=submit]').click();
  const panel = page.locator('[data-testid=half-panel][data-who=sec]');
  await panel.waitFor();
  await settled(page);
  halfB = (await panel.locator('[data-testid=half-secret]').innerText()).trim();
  assert.match(halfB, /^\S{8}$/);
  assert.notEqual(halfB, halfA);
  assert.match(await panel.innerText(), /当面交给/);
  assert.ok(!(await bodyText()).includes(halfA), 'the approver never sees the first half');
  // Decided: it left the pending list and is listed as approved.
  assert.equal(await page.locator(`tr[data-filing="${filingId}"] [data-action=approve]`).count(), 0);
  assert.match(await page.locator(`tr[data-filing="${filingId}"]`).innerText(), /已批准/);
  await page.unrouteAll({ behavior: 'wait' });
  assert.doesNotMatch(await bodyText(), CODES, 'no codes on the zh screen');
  await assertNoHorizontalScroll(page, 'filings');
  await shot(page, 'trust-02-secadmin-half');
  await logout(page);
  // The system administrator's screen, after the approval, still never shows it.
  await login(page, 'sysadmin');
  await page.locator('[data-nav=accounts]').click();
  await settled(page);
  assert.match(await page.locator(`tr[data-filing="${filingId}"]`).innerText(), /已批准/);
  assert.ok(!(await bodyText()).includes(halfB), 'the filer never sees the second half');
  await logout(page);
});

test('SYS-1/SYS-4: the clerk logs in with both halves, must change the password, and is told who reset it', async () => {
  await page.goto('/#/login');
  await page.locator('input[name=username]').fill('clerk');
  // One half alone is refused like any wrong password.
  await page.locator('input[name=password]').fill(halfA);
  await page.locator('form button[type=submit]').click();
  await page.locator('#login-error .alert.error').waitFor();
  assert.equal(await page.locator('#login-error .alert.error').getAttribute('data-code'), 'bad_credentials');
  // The two parts, each in its field, as the form asks.
  await page.locator('input[name=halves]').check();
  assert.match(await page.locator('[data-testid=halves]').innerText(), /请输入两位管理员分别交付的两段临时密码/);
  await assertLabelled(page, 'login with two halves');
  await page.locator('input[name=half_a]').fill(halfA);
  await page.locator('input[name=half_b]').fill(halfB);
  await page.locator('form button[type=submit]').click();
  await page.waitForFunction(() => location.hash.startsWith('#/password'));
  const notice = page.locator('[data-testid=login-notice]');
  await notice.waitFor();
  assert.equal(await notice.locator('[data-testid=notice-reset]').getAttribute('data-since'), 'true');
  const told = await notice.locator('[data-testid=notice-reset]').innerText();
  assert.ok(told.includes(names.sysadmin) && told.includes(names.secadmin), `who filed and approved: ${told}`);
  assert.match(told, /密码已于 .*\d.* 重置/);
  assert.match(await notice.innerText(), /上次成功登录/);
  assert.match(await notice.innerText(), /上次登录失败：(?!无)/, 'the failed attempt above is told');
  // The halves are not asked again; nothing else opens before the change.
  assert.equal(await page.locator('input[name=old_password]').count(), 0);
  await shot(page, 'trust-03-clerk-must-change');
  await page.goto('/#/ledger');
  await page.waitForFunction(() => location.hash.startsWith('#/password'));
  await page.locator('input[name=new_password]').fill(NEW_PW);
  await page.locator('input[name=again]').fill(NEW_PW);
  await page.locator('form button[type=submit]').click();
  await page.locator('[data-testid=user-name]').waitFor();
  await page.waitForFunction(() => location.hash === '#/' || location.hash === '');
  // The notice stays until acknowledged, then is gone.
  await notice.waitFor();
  await page.locator('[data-action=ack-notice]').click();
  assert.equal(await page.locator('[data-testid=login-notice]').count(), 0);
  await page.locator('[data-nav=ledger]').click();
  await settled(page);
  assert.equal(await page.locator('[data-testid=login-notice]').count(), 0, 'acknowledged, it does not come back');
  await logout(page);
  // The new password works; the halves no longer do.
  await login(page, 'clerk', NEW_PW);
  const again = page.locator('[data-testid=notice-reset]');
  assert.equal(await again.getAttribute('data-since'), 'false', 'the next login is not told of the reset as news');
  assert.match(await again.innerText(), /^最近一次密码重置/);
  await logout(page);
});

test('SYS-1: the audit administrator sees the filing and the approval and acknowledges one', async () => {
  await login(page, 'auditor');
  await page.locator('[data-nav=adminalerts]').click();
  await settled(page);
  const filed = page.locator(`tr[data-alert=account_filed][data-filing="${filingId}"]`);
  const approved = page.locator(`tr[data-alert=account_approved][data-filing="${filingId}"]`);
  assert.equal(await filed.count(), 1, 'the filing is an alert');
  assert.ok((await filed.innerText()).includes(names.clerk) && (await filed.innerText()).includes(names.sysadmin));
  assert.equal(await approved.count(), 1, 'the approval is an alert');
  assert.match(await approved.innerText(), /批准申请/);
  assert.ok((await approved.innerText()).includes(names.secadmin));
  assert.doesNotMatch(await bodyText(), CODES, 'no codes on the zh screen');
  await assertNoHorizontalScroll(page, 'administrator alerts');
  await shot(page, 'trust-04-auditor-alerts');
  const id = await approved.getAttribute('data-admin-alert');
  assert.match(id, /^\d+$/);
  await approved.locator('[data-action=ack]').click();
  await page.locator(`tr[data-admin-alert="${id}"]`).waitFor({ state: 'detached' });
  // The row goes when the view starts drawing again; the list comes back
  // only once the view has fetched the alerts, so wait for the redraw.
  await settled(page);
  assert.equal(await approved.count(), 0);
  assert.equal(await filed.count(), 1, 'the others stay');
  // The acknowledgement is on the audit chain, under the auditor's name.
  const tok = await apiLogin(env.url, 'auditor');
  const ev = await call(env.url, 'GET', '/api/v1/audit/events?action=alert.ack', { token: tok });
  assert.ok(ev.json.items.some((e) => e.object === `admin_alert:${id}` && e.outcome === 'ok'), ev.text);
  await logout(page);
});
