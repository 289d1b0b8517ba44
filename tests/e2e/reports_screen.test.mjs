// reports_screen.test.mjs — the reports screen (ORG-2; issue 11 point 6) in the
// browser: the clerk opens last month's report, drills into a figure and sees
// the records behind it, records the report as delivered to the leader (the
// sheet then shows the delivery and its SM3), prints it to PDF and downloads
// the Excel workbook.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled } from './lib.mjs';

let env;
const pages = [];
const lastMonth = () => {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};

before(async () => { env = await setup(); });
after(async () => {
  for (const p of pages) assert.deepEqual(p.errors, [], 'no script errors in the page');
  if (env) assert.equal((await env.close()).code, 0, 'server exits 0 on SIGTERM');
});

test('ORG-2: open the month, drill into a figure, record it delivered, print, download .xlsx', async () => {
  const m = lastMonth();
  const page = await env.page();
  pages.push(page);
  await login(page, 'clerk');
  await page.goto(`/#/reports?month=${m}`);
  await page.locator('[data-testid=report-sheet]').waitFor();
  await settled(page);
  assert.equal(await page.locator('[data-testid=report-sheet]').getAttribute('data-period'), m);
  // Drill into the people attending trainings or the carriers registered: whichever has records.
  const fig = page.locator('tr[data-figure="carriers.registered"] [data-action=drill]');
  const count = Number(await fig.getAttribute('data-count'));
  await fig.click();
  await page.locator('[data-testid=drill]').waitFor();
  const rows = await page.locator('[data-testid=drill] tbody tr').count();
  assert.equal(rows, count, 'the clerk sees every record behind the figure');
  await page.locator('dialog .dlg-foot button[type=submit]').click();
  // Record the delivery (unless the demo already did).
  const delivered = await page.locator('[data-testid=delivery]').getAttribute('data-delivered');
  if (delivered === 'no') {
    await page.locator('[data-action=deliver]').click();
    await page.locator('dialog select[name=to]').selectOption({ index: 1 });
    await page.locator('dialog .dlg-foot button[type=submit]').click();
    await page.locator('[data-testid=delivery][data-delivered=yes]').waitFor();
  }
  assert.match(await page.locator('[data-testid=delivery]').getAttribute('data-digest'), /^[0-9a-f]{64}$/);
  assert.equal(await page.locator('[data-action=deliver]').count(), 0, 'no second delivery offered');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000 && pdf.subarray(0, 4).toString() === '%PDF');
  const href = await page.locator('[data-action=xlsx]').getAttribute('href');
  const body = await page.evaluate(async (u) => {
    const r = await fetch(u, { credentials: 'same-origin' });
    return [r.status, r.headers.get('content-type'), Array.from(new Uint8Array(await r.arrayBuffer()).slice(0, 2))];
  }, href);
  assert.equal(body[0], 200);
  assert.match(body[1], /spreadsheetml/);
  assert.deepEqual(body[2], [0x50, 0x4b], 'a zip (an Excel workbook)');
});
