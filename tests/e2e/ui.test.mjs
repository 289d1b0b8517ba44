// ui.test.mjs — the web UI as a person meets it: both languages complete and
// switchable, refusals that name their rule, the administrators kept out of
// the ledger (SYS-1), keyboard use with a visible focus, labelled fields, no
// sideways scrolling at 1366×768 on the main screens, and registers that print.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  setup, login, logout, shot, settled, assertNoHorizontalScroll, assertLabelled,
} from './lib.mjs';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'static');
let env, page;

before(async () => {
  env = await setup();
  page = await env.page();
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0);
});

test('i18n: zh-CN and en have the same keys, and every key the UI asks for exists', () => {
  const zh = JSON.parse(readFileSync(join(web, 'i18n', 'zh-CN.json'), 'utf8'));
  const en = JSON.parse(readFileSync(join(web, 'i18n', 'en.json'), 'utf8'));
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort(), 'same keys in both languages');
  for (const [k, v] of Object.entries(zh)) {
    assert.ok(v.trim() && en[k].trim(), `${k} is not empty`);
    const vars = (s) => (s.match(/\{\w+\}/g) || []).sort().join();
    assert.equal(vars(en[k]), vars(v), `${k}: the same placeholders`);
  }
  const files = ['app.js', 'ui.js', ...readdirSync(join(web, 'views')).map((f) => join('views', f))];
  const used = new Set();
  for (const f of files) {
    const src = readFileSync(join(web, f), 'utf8');
    for (const m of src.matchAll(/\bt\('([\w.-]+)'\s*[,)]/g)) used.add(m[1]);
    for (const m of src.matchAll(/key: '([\w.-]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 200, `found the UI's keys (${used.size})`);
  const missing = [...used].filter((k) => !(k in zh));
  assert.deepEqual(missing, [], 'keys used but not translated');
});

test('SYS-4: a wrong password is refused on the login form with its rule ID', async () => {
  await page.goto('/#/login');
  await page.locator('input[name=username]').waitFor();
  await page.waitForFunction(() => document.activeElement && document.activeElement.name === 'username');
  await assertLabelled(page, 'login');
  await page.keyboard.type('clerk');
  await page.keyboard.press('Tab');
  await page.keyboard.type('not-the-password');
  await page.keyboard.press('Enter');
  const err = page.locator('#login-error .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'SYS-4');
  assert.match(await err.innerText(), /用户名或密码错误[\s\S]*依据本单位保密工作制度[\s\S]*SYS-4/);
  await assertNoHorizontalScroll(page, 'login');
  await shot(page, '10-login-refused-SYS-4');
});

test('keyboard: log in, skip link, menu reachable with a visible focus ring', async () => {
  await page.locator('input[name=username]').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('clerk');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Baomi@2026demo');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=user-name]').waitFor();
  await settled(page);
  // The skip link comes before everything and moves the focus to the page, not the route.
  await page.locator('.topbar .brand').focus();
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-link', 'the skip link comes first');
  assert.ok(await page.evaluate(() => document.activeElement.getBoundingClientRect().left >= 0), 'the skip link shows on focus');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'the skip link focuses the main content');
  assert.equal(await page.evaluate(() => location.hash), '#/', 'and leaves the route alone');
  await page.locator('.topbar .brand').focus();
  let found = false;
  for (let i = 0; i < 20 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement.dataset.nav === 'ledger');
  }
  assert.ok(found, 'the ledger menu entry is reachable with Tab');
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.equal(ring.style, 'solid', 'focus is visible');
  assert.ok(ring.width >= 2, 'focus outline at least 2px');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/ledger/);
  await page.locator('[data-testid=ledger-count]').waitFor();
  // the demo's 200 carriers and the two documents of its classified meeting (MEET-2)
  assert.match(await page.locator('[data-testid=ledger-count]').innerText(), /共 202 件/);
  await assertLabelled(page, 'ledger');
  await assertNoHorizontalScroll(page, 'ledger');
  await shot(page, '11-ledger');
});

test('language switch: the whole UI and the refusals turn English and stay so (KEEP-1)', async () => {
  await page.goto('/#/');
  await settled(page);
  await page.locator('.lang-switch [data-lang=en]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.locator('h1', { hasText: 'Hello, 陈静' }).waitFor();
  await settled(page);
  assert.equal(await page.locator('[data-nav=ledger]').innerText(), 'Carrier ledger');
  assert.equal(await page.locator('.lang-switch [data-lang=en]').getAttribute('aria-pressed'), 'true');
  await assertNoHorizontalScroll(page, 'dashboard (en)');
  await shot(page, '12-dashboard-en');
  await page.reload();
  await page.locator('[data-nav=register]').click();
  await page.locator('input[name=title]').waitFor();
  assert.equal(await page.locator('h1').innerText(), 'Register a carrier', 'the choice survives a reload');
  assert.equal(await page.locator('label[for]', { hasText: 'Title' }).count(), 1, 'labels in English too');
  await page.locator('input[name=title]').fill('Refused in English');
  await page.locator('select[name=level]').selectOption('secret');
  await page.locator('select[name=place]').selectOption('档案室文件柜');
  await page.locator('[data-action=register]').click();
  const err = page.locator('[data-testid=register-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'KEEP-1');
  assert.match(await err.innerText(), /may hold up to internal, not secret[\s\S]*Article \d+ of the unit's confidentiality rules[\s\S]*KEEP-1/);
  assert.doesNotMatch(await err.innerText(), /最高只能存放/);
  // An empty required field is caught before sending, in English, on the field.
  await page.locator('input[name=title]').fill('');
  await page.locator('[data-action=register]').click();
  await page.locator('[data-testid=register-error] .alert.error', { hasText: 'Please fill in the fields marked *' }).waitFor();
  assert.equal(await page.locator('input[name=title]').getAttribute('aria-invalid'), 'true');
  await shot(page, '13-register-refused-en');
  await page.locator('.lang-switch [data-lang=zh-CN]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.locator('h1', { hasText: '登记载体' }).waitFor();
});

test('REG-1: the incoming register prints as the paper form and exports CSV', async () => {
  await page.goto('/#/registers/incoming');
  await settled(page);
  await page.locator('.register-sheet h2, .register-sheet .alert').first().waitFor();
  await assertLabelled(page, 'registers');
  await assertNoHorizontalScroll(page, 'registers');
  const res = await page.evaluate(async () => {
    const r = await fetch('/api/v1/registers/incoming', { headers: { Accept: 'application/json' } });
    return r.status;
  });
  if (res === 404) {
    // The server has no registers yet: the page says so plainly.
    await page.locator('.register-sheet .alert.warn').waitFor();
    return;
  }
  assert.equal(res, 200);
  assert.equal(await page.locator('.register-sheet h2').innerText(), '收文登记簿（涉密载体）');
  const rows = await page.locator('.register-sheet tbody tr').count();
  assert.ok(rows >= 100, `the register lists the classified incoming carriers (${rows})`);
  const csv = await page.evaluate(async () => {
    const href = document.querySelector('[data-action=csv]').getAttribute('href');
    const r = await fetch(href);
    const bytes = new Uint8Array(await r.arrayBuffer());
    return {
      href, status: r.status, type: r.headers.get('content-type'),
      bom: [...bytes.slice(0, 3)].join(), text: new TextDecoder().decode(bytes).slice(0, 40),
    };
  });
  assert.equal(csv.href, '/api/v1/registers/incoming?book=classified&format=csv');
  assert.equal(csv.status, 200);
  assert.match(csv.type, /^text\/csv/);
  assert.equal(csv.bom, '239,187,191', 'UTF-8 BOM for spreadsheets');
  assert.match(csv.text, /^登记序号,编号,收文日期/);
  await shot(page, '14-register-incoming');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.sidebar').isVisible(), false, 'no menu on paper');
  assert.equal(await page.locator('.topbar').isVisible(), false, 'no top bar on paper');
  assert.equal(await page.locator('.register-sheet table').isVisible(), true, 'the register table prints');
  assert.equal(await page.locator('.sheet-foot').isVisible(), true, 'signature lines print');
  await shot(page, '15-register-print');
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.locator('.sheet-foot').isVisible(), false, 'signature lines only on paper');
});

test('dashboard and my requests show clear empty states', async () => {
  await logout(page);
  await login(page, 'guoyang');
  await settled(page);
  await page.locator('[data-nav=requests]').click();
  // The dashboard stays drawn (with empty states of its own) until the requests are.
  await settled(page);
  await page.locator('main .empty').waitFor();
  assert.match(await page.locator('main .empty').innerText(), /您还没有提出申请/);
  await assertNoHorizontalScroll(page, 'my requests');
  await logout(page);
});

test('SYS-1: the system administrator has no ledger in the menu and is refused it by rule', async () => {
  await login(page, 'sysadmin');
  await settled(page);
  assert.equal(await page.locator('[data-nav=ledger]').count(), 0, 'no ledger entry in the menu');
  assert.match(await page.locator('main').innerText(), /SYS-1/);
  await shot(page, '16-dashboard-sysadmin');
  await page.goto('/#/ledger');
  const err = page.locator('main .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'SYS-1');
  assert.equal(await err.getAttribute('data-code'), 'admin_no_business');
  assert.match(await err.innerText(), /三员（系统、安全、审计管理员）不得查阅涉密载体/);
  assert.equal(await page.locator('table.data').count(), 0, 'no carrier shown');
  await shot(page, '17-ledger-refused-SYS-1');
  await page.locator('[data-nav=accounts]').click();
  // The page lists the filings too (issue 9): the accounts are the table captioned 全部账户.
  const accounts = page.getByRole('table', { name: '全部账户' });
  await accounts.waitFor();
  await assertLabelled(page, 'accounts');
  await assertNoHorizontalScroll(page, 'accounts');
  assert.match(await accounts.innerText(), /clerk/);
  await shot(page, '18-accounts');
  await logout(page);
});

test('SYS-3, SYS-5: the auditor verifies the chain; the security administrator reads the policy', async () => {
  await login(page, 'auditor');
  await page.locator('[data-nav=audit]').click();
  await page.locator('table.data').waitFor();
  assert.match(await page.locator('table.data').innerText(), /SYS-1/, 'the SYS-1 refusal above is in the log');
  await page.locator('[data-action=verify]').click();
  await page.locator('[data-testid=verify-result] .alert.ok').waitFor();
  await assertLabelled(page, 'audit');
  await assertNoHorizontalScroll(page, 'audit');
  await shot(page, '19-audit');
  await logout(page);
  await login(page, 'secadmin');
  await page.locator('[data-nav=policy]').click();
  // SYS-5: the rules in words, article by article with their IDs, the
  // settings behind them one click away.
  await page.locator('[data-testid=regulation]').waitFor();
  const words = await page.locator('[data-testid=regulation]').innerText();
  assert.match(words, /第一条　/);
  assert.match(words, /机密级20年/, 'the longest 机密 period from the policy, in words');
  assert.match(words, /（LEVEL-3）/);
  assert.ok(!(await page.locator('[data-testid=settings]').isVisible()), 'the settings are folded away');
  await page.locator('details.settings summary').click();
  assert.match(await page.locator('[data-testid=settings]').innerText(), /period\.max_years\.secret = 20/);
  await shot(page, '21-policy');
  await assertLabelled(page, 'policy');
  await assertNoHorizontalScroll(page, 'policy');
  await page.locator('[data-nav=grants]').click();
  await page.locator('table.data').waitFor();
  await assertNoHorizontalScroll(page, 'grants');
  await shot(page, '20-grants');
});
