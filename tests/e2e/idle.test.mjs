// idle.test.mjs — no lost work (issue 14 point 7, SYS-4): with the unit's
// idle limit set to one minute by the security administrator, the clerk is
// warned before the session ends (an alertdialog with a countdown and
// 继续工作), staying keeps the session on the server, ignoring the warning
// ends it and the login screen says why; the half-filled registration form
// comes back after the same clerk logs in again, another person gets nothing
// of it, and a password typed into a form is never kept (sessionStorage).
// A session ended by a login elsewhere (auth.max_sessions = 1) is the quick
// way to cut a form off with a 401 for the last two tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled, PW, shot } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page;

before(async () => {
  env = await setup();
  const sec = await apiLogin(env.url, 'secadmin');
  const r = await call(env.url, 'POST', '/api/v1/policy', {
    token: sec,
    body: { text: 'auth.session_idle_minutes = 1\nauth.max_sessions = 1\n', comment: '闲置 1 分钟退出（idle e2e）' },
  });
  assert.equal(r.status, 201, r.text);
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

const draft = () => page.evaluate(() => sessionStorage.getItem('baomi.draft'));
const storage = () => page.evaluate(() => JSON.stringify(Object.fromEntries(Object.entries(sessionStorage))));
// The server's word, without counting as activity (X-Baomi-Background).
const serverSession = () => page.evaluate(async () => {
  const r = await fetch('/api/v1/me', { headers: { 'X-Baomi-Background': '1' } });
  return { status: r.status, json: await r.json() };
});

// Logs in through the form without waiting for the dashboard (a kept form sends elsewhere).
async function relogin(username) {
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(PW);
  await page.locator('form button[type=submit]').click();
  await page.locator('[data-testid=user-name]').waitFor();
  await settled(page);
}

// Ends the page's session the quick way: the same account logs in elsewhere.
const loginElsewhere = (username) => apiLogin(env.url, username);

test('SYS-4: warned before the idle end; 继续工作 keeps the session, ignored it ends; the form comes back', async () => {
  page = await env.page();
  // The last call the clerk's page made (a background read is not activity):
  // the browser's start time of it, when the idle minute started again. The
  // register page's own reads are seconds after login on a loaded machine.
  let lastAsked = 0;
  page.on('requestfinished', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/') && !r.headers()['x-baomi-background']) lastAsked = Math.max(lastAsked, r.timing().startTime);
  });
  await login(page, 'clerk');
  const t0 = Date.now();
  const me = await serverSession();
  assert.equal(me.json.idle_seconds, 60, 'GET /me tells the idle limit');

  // A half-filled registration form.
  await page.goto('/#/register');
  await page.locator('input[name=title]').waitFor();
  await settled(page);
  await page.locator('input[name=title]').fill('关于闲置测试的通知（未填完）');
  await page.locator('select[name=level]').selectOption('secret');
  await page.locator('input[name=doc_number]').fill('闲测〔2026〕7号');
  await page.locator('textarea[name=note]').fill('会话到时前尚未提交');

  // The warning, half a minute before the end of a one-minute limit.
  const warn = page.locator('[data-testid=idle-warning]');
  await warn.waitFor({ timeout: 50000 });
  const shownAfter = Date.now() - lastAsked;
  assert.ok(shownAfter >= 20000 && shownAfter < 45000, `warned ${shownAfter} ms after the last activity`);
  assert.equal(await warn.getAttribute('role'), 'alertdialog');
  assert.equal(await warn.getAttribute('aria-modal'), 'true');
  assert.match(await page.locator('#idle-title').innerText(), /闲置/);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), 'stay', 'focus on 继续工作');
  assert.match(await page.locator('[data-testid=idle-countdown]').innerText(), /^0:[0-3]\d$/);
  const c1 = await page.locator('[data-testid=idle-countdown]').innerText();
  await page.waitForTimeout(2100);
  assert.notEqual(await page.locator('[data-testid=idle-countdown]').innerText(), c1, 'the countdown runs');
  await shot(page, 'idle-warning');

  // 继续工作: the warning goes, the server gives the session a full minute again.
  // The minute runs from when the click's GET /me was sent (t1, the browser's
  // own start time of the request), not from when its answer came back and the
  // warning was seen gone: on a loaded machine that is seconds later, and the
  // times measured from there came out short. Its answer is held 6 s here, so
  // a measure from the wrong instant fails every time, not once in a while.
  const stayMe = (r) => new URL(r.url()).pathname === '/api/v1/me' && !r.headers()['x-baomi-background'];
  const held = async (route) => {
    if (!stayMe(route.request())) return route.continue();
    const res = await route.fetch();
    await new Promise((r) => setTimeout(r, 6000));
    return route.fulfill({ response: res });
  };
  await page.route('**/api/v1/me', held);
  const stayed = page.waitForResponse((r) => stayMe(r.request()));
  await page.locator('[data-action=stay]').click();
  const t1 = (await stayed).request().timing().startTime;
  await page.unroute('**/api/v1/me', held);
  assert.ok(t1 >= t0, `the time the click's GET /me was sent: ${t1}`);
  await warn.waitFor({ state: 'detached' });
  const after = await serverSession();
  assert.equal(after.status, 200);
  // Kept a full minute from the click (the server's whole seconds: 58 s at least).
  const keptUntil = Date.now() + after.json.expires_in * 1000;
  assert.ok(keptUntil - t1 >= 58000, `the session was kept: ${after.json.expires_in} s left, ${keptUntil - t1} ms after 继续工作`);
  assert.equal(await page.locator('input[name=title]').inputValue(), '关于闲置测试的通知（未填完）', 'the form stays as it was');
  assert.equal(await draft(), null, 'nothing kept while the session lives');

  // Ignored: the warning comes again, then the session ends and the login screen says why.
  await warn.waitFor({ timeout: 50000 });
  assert.ok(Date.now() - t1 >= 20000, 'warned again only near the end');
  await page.locator('input[name=username]').waitFor({ timeout: 50000 });
  assert.ok(Date.now() - t1 >= 58000, `ended ${Date.now() - t1} ms after 继续工作, not before the minute`);
  assert.equal(await warn.count(), 0, 'the warning is gone with the session');
  assert.match(await page.locator('#login-error').innerText(), /会话已超时/);
  assert.match(await page.locator('[data-testid=draft-kept]').innerText(), /暂存/);
  // The server ended it for idleness (SYS-4) — the browser did not just forget it.
  const ended = await serverSession();
  assert.equal(ended.status, 401);
  const kept = JSON.parse(await draft());
  assert.equal(kept.user, 'clerk');
  assert.equal(kept.route, '#/register');
  assert.match(JSON.stringify(kept.forms), /关于闲置测试的通知（未填完）/);
  await shot(page, 'idle-login-after');

  // The same clerk logs in again: back on the form, with what was entered and a notice.
  await relogin('clerk');
  assert.equal(await page.evaluate(() => location.hash), '#/register');
  const restored = page.locator('[data-testid=draft-restored]');
  await restored.waitFor();
  assert.match(await restored.innerText(), /已恢复/);
  assert.equal(await page.locator('input[name=title]').inputValue(), '关于闲置测试的通知（未填完）');
  assert.equal(await page.locator('select[name=level]').inputValue(), 'secret');
  assert.equal(await page.locator('input[name=doc_number]').inputValue(), '闲测〔2026〕7号');
  assert.equal(await page.locator('textarea[name=note]').inputValue(), '会话到时前尚未提交');
  assert.equal(await draft(), null, 'a restored draft is no longer kept');
  await shot(page, 'idle-restored');

  // Completed and submitted, it is registered.
  await page.locator('[data-picker=scope] input[type=search]').fill('基础');
  await page.locator('[data-picker=scope] button.pick-option', { hasText: '基础教育科' }).click();
  await page.locator('select[name=place]').selectOption('机要室保密柜（一号）');
  await page.locator('[data-action=register]').click();
  await page.waitForFunction(() => /^#\/carrier\/\d+$/.test(location.hash) || document.querySelector('[data-testid=register-error] .alert'));
  const refusal = page.locator('[data-testid=register-error] .alert');
  if (await refusal.count()) assert.fail(await refusal.innerText());
  await settled(page);
  assert.match(await page.locator('h1').innerText(), /关于闲置测试的通知/);
  assert.equal(await draft(), null);
  assert.deepEqual(page.errors, [], 'no script errors in the page');
  await page.context().close();
  page = null;
});

test('SYS-4: another person logging in gets nothing of the kept form, and it is discarded', async () => {
  page = await env.page();
  await login(page, 'clerk');
  await page.goto('/#/register');
  await page.locator('input[name=title]').waitFor();
  await settled(page);
  await page.locator('input[name=title]').fill('他人不应看到的草稿');
  await page.locator('input[name=doc_number]').fill('他测〔2026〕1号');
  await page.locator('select[name=level]').selectOption('secret');
  await page.locator('select[name=place]').selectOption('机要室保密柜（一号）');
  await loginElsewhere('clerk');
  await page.locator('[data-action=register]').click(); // cut off: 401
  await page.locator('input[name=username]').waitFor();
  await page.locator('[data-testid=draft-kept]').waitFor();
  assert.match(await draft(), /他人不应看到的草稿/);

  await relogin('hulin');
  assert.equal(await page.evaluate(() => location.hash), '#/', 'another person starts at the dashboard');
  assert.equal(await page.locator('[data-testid=draft-restored]').count(), 0);
  assert.equal(await draft(), null, 'the draft is discarded');
  assert.doesNotMatch(await storage(), /他人不应看到的草稿/);
  assert.doesNotMatch(await page.locator('body').innerText(), /他人不应看到的草稿/);
  // Nor does the clerk get it back afterwards.
  await page.locator('[data-action=logout]').click();
  await relogin('clerk');
  assert.equal(await page.evaluate(() => location.hash), '#/');
  assert.equal(await page.locator('[data-testid=draft-restored]').count(), 0);
  assert.deepEqual(page.errors, [], 'no script errors in the page');
  await page.context().close();
  page = null;
});

test('SYS-4: a password typed into a form cut off by the end of the session is never kept', async () => {
  page = await env.page();
  await login(page, 'clerk');
  await page.goto('/#/desk?tab=circulate');
  await page.locator('[data-testid=circulate-form]').waitFor();
  await settled(page);
  // The carrier number's lookup (sent when the field is left) must come back before the
  // session is ended elsewhere: reaching the server after, its 401 ends the session before
  // the click, and the button is gone (a CI run under load: the click timed out on a
  // detached button).
  await page.locator('input[name=carrier_id]').fill('1');
  await page.locator('input[name=place]').fill('机要室阅文室（闲置测试）');
  await page.locator('input[name=holder_password]').fill(PW);
  await page.locator('[data-testid=circ-preview] strong').waitFor();
  await loginElsewhere('clerk');
  await page.locator('[data-action=circulate]').click(); // cut off: 401
  await page.locator('input[name=username]').waitFor();
  const kept = await draft();
  assert.match(kept, /机要室阅文室（闲置测试）/, 'the rest of the form is kept');
  assert.doesNotMatch(kept, /holder_password/, 'no password field is kept');
  const all = await storage();
  assert.ok(!all.includes(PW), 'the password is nowhere in sessionStorage');

  await relogin('clerk');
  assert.equal(await page.evaluate(() => location.hash), '#/desk?tab=circulate');
  await page.locator('[data-testid=draft-restored]').waitFor();
  assert.equal(await page.locator('input[name=place]').inputValue(), '机要室阅文室（闲置测试）');
  assert.equal(await page.locator('input[name=holder_password]').inputValue(), '', 'the holder types it again');
  assert.deepEqual(page.errors, [], 'no script errors in the page');
  await page.context().close();
  page = null;
});
