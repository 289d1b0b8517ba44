// receipt.test.mjs — issue 14 point 5 (REG-1, CIRC-5): signatures mean the
// person. At the desk the holder confirms a borrowing with their own password
// on the clerk's screen: the dialog has no field for a typed name, a wrong
// password is refused with REG-1 in the dialog and nothing is issued, the
// right one issues; the printed 借阅登记簿 leaves 借阅人签字 blank for the
// pen and says how the receipt was confirmed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled, assertLabelled, PW } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page;
const tok = {};
const TITLE = '签收确认测试：期中考试命题细目表';

const post = (path, body, who = 'clerk') => call(env.url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(env.url, 'GET', path, { token: tok[who] });
const status = async (id) => (await get(`/api/v1/carriers/${id}`)).json.status.code;

let carrierId, requestId;

before(async () => {
  env = await setup();
  for (const u of ['clerk', 'hulin', 'huangmin']) tok[u] = await apiLogin(env.url, u);
  const c = await post('/api/v1/carriers', {
    producer: '省教育厅', sender: '市教育局', pages: 6, place: '机要室保密柜（二号）', title: TITLE,
    level: '秘密', doc_number: '教发〔2026〕95号', serial_number: 1, scope: ['基础教育科', 'clerk'],
  });
  assert.equal(c.status, 201, c.text);
  carrierId = c.json.id;
  const r = await post('/api/v1/requests', { op: 'borrow', carrier_ids: [carrierId], reason: '命题参考' }, 'hulin');
  assert.equal(r.status, 201, r.text);
  requestId = r.json.id;
  assert.equal((await post(`/api/v1/requests/${requestId}/approve`, { comment: '同意' }, 'huangmin')).status, 200);
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('REG-1: the holder confirms with their own password; a wrong one is refused and nothing is issued', async () => {
  await page.goto('/#/desk?tab=issue');
  const row = page.locator(`tr[data-request="${requestId}"]`);
  await row.waitFor();
  await row.locator('[data-action=issue]').click();
  const dlg = page.locator('dialog');
  await dlg.waitFor();
  await assertLabelled(page, 'issue dialog');
  assert.equal(await dlg.locator('input[name=signature]').count(), 0, 'no field for a typed name');
  const pw = dlg.locator('input[name=holder_password]');
  assert.equal(await pw.getAttribute('type'), 'password', 'the password is not shown');
  assert.match(await dlg.innerText(), /本人/);
  // Nothing given: refused with the rule, in the dialog.
  await dlg.locator('button[type=submit]').click();
  let err = dlg.locator('.alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'REG-1');
  // Somebody else's (a wrong) password: refused, nothing issued.
  await pw.fill('Wrong@2026pass');
  await dlg.locator('button[type=submit]').click();
  await page.waitForFunction(() => /口令不正确/.test(document.querySelector('dialog .alert.error')?.innerText || ''));
  err = dlg.locator('.alert.error');
  assert.equal(await err.getAttribute('data-rule'), 'REG-1');
  assert.equal(await status(carrierId), 'in_store', 'nothing issued on a wrong password');
  await shot(page, '60-desk-receipt-refused');
  // The holder types her own password.
  await pw.fill(PW);
  await dlg.locator('button[type=submit]').click();
  await dlg.waitFor({ state: 'detached' });
  assert.equal(await status(carrierId), 'lent');
  const issued = (await get(`/api/v1/carriers/${carrierId}`)).json.history.find((e) => e.action === 'issue');
  assert.ok(issued, 'the issue is in the history');
  assert.equal(issued.detail.receipt, 'password');
  assert.ok(!JSON.stringify(issued).includes(PW), 'the password is never kept');
});

test('REG-1: the printed borrow register leaves 借阅人签字 for the pen', async () => {
  await page.goto('/#/registers/borrow');
  await settled(page);
  const table = page.locator('.register-sheet table');
  await table.waitFor();
  const heads = await table.locator('thead th').allInnerTexts();
  const sig = heads.findIndex((x) => x.includes('借阅人签字'));
  const how = heads.findIndex((x) => x.includes('签收确认'));
  assert.ok(sig >= 0 && how >= 0, heads.join('|'));
  const row = table.locator('tbody tr', { hasText: TITLE });
  await row.waitFor();
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[sig].trim(), '', '签字 is left blank for the pen');
  assert.match(cells[how], /本人口令确认/);
  // Nowhere on the sheet does a typed name stand as a signature.
  assert.ok(!cells.some((c) => c.trim() === '张三'));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await table.isVisible(), true, 'the register prints');
  await shot(page, '61-register-borrow-print');
  await page.emulateMedia({ media: 'screen' });
});
