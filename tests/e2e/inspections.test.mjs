// inspections.test.mjs — the inspections and rectification notices on the
// web screens (INSP-1, INSP-2; issue 11 point 5): the demo unit's regular
// inspection, whose finding became a notice nobody has reported on, past its
// deadline. The browser sees the inspection in the list with the calendar's
// next due day, its checklist and the notice marked overdue, and the notice's
// print view carries the unit, the notice number, the finding, department,
// responsible person, deadline and the signature lines of the inspector, the
// department's head and the date. The notice is found through the API (not
// by a fixed id) and every field on the page is compared with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env;
const pages = [];
let rect;

before(async () => {
  env = await setup();
  const tok = await apiLogin(env.url, 'clerk');
  const r = await call(env.url, 'GET', '/api/v1/rectifications?overdue=1', { token: tok });
  assert.equal(r.status, 200, r.text);
  rect = r.json.items.find((x) => x.inspection_id && x.status === 'open');
  assert.ok(rect, 'the demo has an open, overdue notice from an inspection');
});
after(async () => {
  const st = env ? await env.close() : null;
  for (const p of pages) assert.deepEqual(p.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('INSP-1/INSP-2: the inspection with its checklist, the notice overdue, its print view', async () => {
  const page = await env.page();
  pages.push(page);
  await login(page, 'clerk');
  await page.goto('/#/inspections');
  await page.locator('[data-testid=calendar]').waitFor();
  await settled(page);
  assert.match(await page.locator('[data-testid=calendar]').innerText(), /\d{4}-\d{2}-\d{2}/);
  assert.equal(await page.locator(`[data-insp="${rect.inspection_id}"]`).count(), 1, 'the inspection is listed');
  const row = page.locator(`tr[data-rect="${rect.id}"]`).first();
  assert.equal(await row.getAttribute('data-overdue'), '1');
  assert.match(await row.innerText(), /已逾期/);
  await shot(page, 'inspections-list');

  await page.goto(`/#/inspections/${rect.inspection_id}`);
  await page.locator('[data-testid=inspection-sheet]').waitFor();
  await settled(page);
  assert.ok(await page.locator('[data-testid=inspection-sheet] tr[data-answer=no]').count() >= 1, 'the checklist with its answer no');
  assert.match(await page.locator(`[data-testid=inspection-sheet] tr[data-rect="${rect.id}"]`).innerText(), /已逾期/);

  await page.locator(`[data-testid=inspection-sheet] tr[data-rect="${rect.id}"] a`).click();
  await page.locator('[data-testid=notice-sheet]').waitFor();
  await settled(page);
  assert.equal(await page.locator('[data-testid=notice-sheet] [data-testid=overdue]').count(), 1, 'marked overdue');
  assert.equal(await page.locator('[data-action=report]').count(), 1, 'an open notice can be reported back');
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('[data-testid=print-title]').isVisible(), 'the print title shows in print');
  assert.equal(await page.locator('.page-head .actions').isVisible(), false, 'no buttons in print');
  const sheet = await page.locator('[data-testid=notice-sheet]').innerText();
  assert.match(sheet, /整改通知书/);
  assert.match(sheet, new RegExp(`整改字第 ${rect.id} 号`));
  assert.notEqual((await page.locator('[data-testid=unit]').innerText()).trim(), '', 'the unit');
  assert.match(await page.locator('[data-testid=finding]').innerText(), new RegExp(rect.finding));
  assert.match(await page.locator('[data-testid=department]').innerText(), new RegExp(rect.department_name));
  assert.equal(await page.locator('[data-testid=responsible]').innerText(), rect.responsible_name);
  assert.equal(await page.locator('[data-testid=deadline]').innerText(), rect.deadline);
  const sig = await page.locator('[data-testid=signatures]').innerText();
  for (const s of [/检查人/, /部门负责人/, /日期/]) assert.match(sig, s);
  await shot(page, 'rectification-print');
  await page.emulateMedia({ media: 'screen' });
});
