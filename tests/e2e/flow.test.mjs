// flow.test.mjs — the borrowing of a 机密 document through the browser, as the
// people who do it: the clerk registers it (REG-1; a place that may not hold
// the level is refused with KEEP-1), cleared staff asks to borrow it, the
// leader approves (BORROW-1), the clerk issues and checks it back in, and
// the carrier's history shows every step. Screenshots of each main screen
// land in tests/out/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, login, logout, shot, settled, assertNoHorizontalScroll, assertLabelled, PW,
} from './lib.mjs';

let env, page;
const TITLE = '关于2026年中考命题工作安排的通知';
const DOC = '教发〔2026〕88号';
let carrierId, requestId;

before(async () => {
  env = await setup();
  page = await env.page();
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('clerk sees the dashboard with counts and alerts (SYS-2)', async () => {
  await login(page, 'clerk');
  await settled(page);
  await page.locator('[data-testid=ledger-total]').waitFor();
  // the demo's 200 carriers and the two documents of its classified meeting (MEET-2)
  assert.match(await page.locator('[data-testid=ledger-total]').innerText(), /202/);
  // The demo unit has periods that ended (LEVEL-6) and counts due (INV-1): GET /alerts.
  const rules = await page.locator('.alert-list .rule-id').allInnerTexts();
  assert.ok(rules.includes('LEVEL-6'), `alerts name their rule: ${rules.join(' ')}`);
  await assertNoHorizontalScroll(page, 'dashboard');
  await shot(page, '01-dashboard-clerk');
});

test('KEEP-1: registering a 机密 document into a place for 内部 is refused with the rule ID', async () => {
  await page.locator('[data-nav=register]').click();
  await page.locator('input[name=title]').waitFor();
  await assertLabelled(page, 'register form');
  await assertNoHorizontalScroll(page, 'register form');
  await page.locator('input[name=title]').fill(TITLE);
  await page.locator('select[name=level]').selectOption('secret');
  await page.locator('input[name=doc_number]').fill(DOC);
  await page.locator('input[name=serial_number]').fill('3');
  await page.locator('input[name=producer]').fill('省教育厅');
  await page.locator('input[name=pages]').fill('6');
  await page.locator('select[name=place]').selectOption('档案室文件柜');
  // 知悉范围 by searching the department's name (issue 14 point 9).
  await page.locator('[data-picker=scope] input[type=search]').fill('基础');
  await page.locator('[data-picker=scope] button.pick-option', { hasText: '基础教育科' }).click();
  await page.locator('[data-action=register]').click();
  const err = page.locator('[data-testid=register-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'KEEP-1');
  assert.equal(await err.getAttribute('data-code'), 'place_level_too_low');
  const text = await err.innerText();
  assert.match(text, /KEEP-1/);
  assert.match(text, /存放地点“档案室文件柜”最高只能存放内部载体/, 'the reason in Chinese');
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('alert')), true,
    'focus moves to the refusal');
  await shot(page, '02-register-refused-KEEP-1');
});

test('REG-1: the clerk registers the incoming 机密 document', async () => {
  await page.locator('select[name=place]').selectOption('机要室保密柜（二号）');
  await page.locator('[data-action=register]').click();
  await page.waitForURL(/#\/carrier\/\d+$/);
  carrierId = Number(page.url().match(/carrier\/(\d+)/)[1]);
  await page.locator('.carrier-head h1#page-title').waitFor();
  assert.equal(await page.locator('h1#page-title').innerText(), TITLE);
  assert.match(await page.locator('.carrier-head .marking').innerText(), /^机密★/);
  await page.locator('.label-preview img').evaluate((img) => img.complete || new Promise((r) => { img.onload = r; img.onerror = r; }));
  assert.ok(await page.locator('.label-preview img').evaluate((img) => img.naturalWidth > 0), 'the label SVG with its QR code loads');
  await assertNoHorizontalScroll(page, 'carrier page');
  await shot(page, '03-carrier-registered');
  await logout(page);
});

test('BORROW-1: cleared staff asks to borrow it; the chain names the supervising leader', async () => {
  await login(page, 'hulin');
  await page.goto(`/#/requests/new?op=borrow&carrier=${carrierId}`);
  await page.locator('textarea[name=reason]').waitFor();
  await assertLabelled(page, 'request form');
  assert.match(await page.locator('form .alert.info').innerText(), new RegExp(TITLE));
  await page.locator('textarea[name=reason]').fill('中考命题工作需要查阅');
  await page.locator('[data-action=submit-request]').click();
  await page.waitForURL(/#\/requests\/\d+$/);
  requestId = Number(page.url().match(/requests\/(\d+)/)[1]);
  await page.locator('.chain li').first().waitFor();
  assert.equal(await page.locator('[data-status]').first().getAttribute('data-status'), 'pending');
  assert.match(await page.locator('.chain li.current').innerText(), /分管领导/);
  assert.match(await page.locator('.kv').innerText(), /BORROW-1/);
  await shot(page, '04-request-pending');
  await logout(page);
});

test('BORROW-1: the leader approves it from the inbox with a comment', async () => {
  await login(page, 'leader');
  await page.locator('[data-nav=inbox]').click();
  const row = page.locator(`[data-request="${requestId}"]`);
  await row.waitFor();
  await settled(page);
  // The row says what is asked: the carrier by title and 文号 (issue 14 point 3).
  assert.match(await row.innerText(), new RegExp(`${TITLE}[\\s\\S]*${DOC.replace(/[〔〕]/g, '.')}`));
  await assertNoHorizontalScroll(page, 'inbox');
  await shot(page, '05-inbox-leader');
  // 同意 is one tap; the comment written is kept with the decision.
  await row.locator('input[name=comment]').fill('同意，阅后按期归还');
  await row.locator('[data-action=approve]').click();
  await page.locator('.empty').waitFor();
  assert.equal(await page.locator(`[data-request="${requestId}"]`).count(), 0);
  await logout(page);
});

test('BORROW-2: the clerk issues it against the signature and checks it back in', async () => {
  await login(page, 'clerk');
  await page.locator('[data-nav=desk]').click();
  const row = page.locator(`tr[data-request="${requestId}"]`);
  await row.waitFor();
  await shot(page, '06-desk-to-issue');
  await row.locator('[data-action=issue]').click();
  // REG-1: 胡琳 confirms with her own password on the clerk's screen.
  await page.locator('dialog input[name=holder_password]').fill(PW);
  await page.locator('dialog button[type=submit]').click();
  await page.locator('dialog').waitFor({ state: 'detached' });
  await page.locator('[data-tab=out]').click();
  const out = page.locator(`tr[data-carrier="${carrierId}"]`);
  await out.waitFor();
  assert.match(await out.innerText(), /胡琳/);
  await assertNoHorizontalScroll(page, 'desk');
  await shot(page, '07-desk-out');
  await out.locator('[data-action=checkin]').click();
  await page.locator('dialog button[type=submit]').click();
  await page.locator('dialog').waitFor({ state: 'detached' });
  await page.locator(`tr[data-carrier="${carrierId}"]`).waitFor({ state: 'detached' });
});

test('REG-1: the history shows every step, in order, with who did it', async () => {
  await page.goto(`/#/carrier/${carrierId}`);
  await page.locator('[data-testid=history] li').first().waitFor();
  const actions = await page.locator('[data-testid=history] li').evaluateAll((els) => els.map((e) => e.dataset.action));
  assert.deepEqual(actions, ['register', 'request', 'approve', 'issue', 'checkin']);
  const text = await page.locator('[data-testid=history]').innerText();
  for (const who of ['陈静', '胡琳', '刘志强']) assert.match(text, new RegExp(who));
  for (const step of ['收文登记', '提出申请', '批准', '发放', '归还']) assert.match(text, new RegExp(step));
  assert.match(await page.locator('.badge.status-in_store').first().innerText(), /在库/);
  await shot(page, '08-carrier-history');
});

test('SYS-2: staff cleared only for 秘密 is told the 机密 document does not exist', async () => {
  await logout(page);
  await login(page, 'staff');
  await page.goto(`/#/carrier/${carrierId}`);
  const err = page.locator('main .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-code'), 'unknown_carrier');
  assert.match(await err.innerText(), new RegExp(`载体 ${carrierId} 不存在`));
  assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(TITLE));
  // Exactly what a number that was never registered answers.
  await page.goto('/#/carrier/99999');
  await page.locator('main .alert.error[data-code=unknown_carrier]').waitFor();
  assert.match(await page.locator('main .alert.error').innerText(), /载体 99999 不存在/);
  await page.goto(`/#/ledger?q=${encodeURIComponent('中考命题')}`);
  await page.locator('[data-testid=ledger-count]').waitFor();
  assert.match(await page.locator('[data-testid=ledger-count]').innerText(), /共 0 件/);
  await page.locator('main .empty').waitFor();
});
