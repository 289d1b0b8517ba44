// reports_screen.test.mjs — the reports screen (ORG-2; issue 11 point 6) in the
// browser: the clerk opens last month's report, which the demo unit delivered
// to the leader on time (the sheet shows the delivery and its SM3, and offers
// no second), drills into a figure and sees the records behind it, prints it
// to PDF and downloads the Excel workbook; then records as delivered the one
// month the demo left undelivered (the last before the unit was set up).
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
// The server and the browser are stopped before anything is asserted.
after(async () => {
  const st = env ? await env.close() : null;
  for (const p of pages) assert.deepEqual(p.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

async function clerkPage() {
  const page = await env.page();
  pages.push(page);
  await login(page, 'clerk');
  return page;
}

test('ORG-2: last month, delivered by the demo unit on time: drill into a figure, print, download .xlsx', async () => {
  const page = await clerkPage();
  const items = await page.evaluate(async () => (await (await fetch('/api/v1/reports/deliveries', { credentials: 'same-origin' })).json()).items);
  const latest = items.reduce((a, d) => (a && a.period > d.period ? a : d), null);
  // Delivered early in the month after, before the due day (the 5th): in the first
  // days of a month the latest delivered may still be the month before last.
  const m = lastMonth();
  assert.ok(latest.period === m || (new Date().getDate() <= 4 && latest.period < m), `the demo delivered ${m} (latest: ${latest.period})`);
  assert.match(latest.delivered_on, new RegExp(`-0[1-5]$`));
  await page.goto(`/#/reports?month=${latest.period}`);
  await page.locator('[data-testid=report-sheet]').waitFor();
  await settled(page);
  assert.equal(await page.locator('[data-testid=report-sheet]').getAttribute('data-period'), latest.period);
  // Drill into the carriers registered: every record behind the figure.
  // The breakdown names the kinds in words (收文 8，自制 3), and the period's end in time, not a UTC stamp.
  const split = await page.locator('tr[data-figure="carriers.registered"] td').nth(2).innerText();
  assert.match(split, /收文 \d+/, split);
  assert.doesNotMatch(split, /incoming|made/, split);
  assert.doesNotMatch(await page.locator('[data-testid=report-sheet]').innerText(), /\d{4}-\d{2}-\d{2}T/);
  const fig = page.locator('tr[data-figure="carriers.registered"] [data-action=drill]');
  const count = Number(await fig.getAttribute('data-count'));
  await fig.click();
  await page.locator('[data-testid=drill]').waitFor();
  const rows = await page.locator('[data-testid=drill] tbody tr').count();
  assert.equal(rows, count, 'the clerk sees every record behind the figure');
  // Each record's kind and day in words: 收文, 2026年11月3日 — no code, no ISO day.
  const drillText = await page.locator('[data-testid=drill]').innerText();
  assert.doesNotMatch(drillText, /\bincoming\b|\bmade\b|\d{4}-\d{2}-\d{2}/, drillText.slice(0, 200));
  assert.match(drillText, /收文|自制/);
  await page.locator('dialog .dlg-foot button[type=submit]').click();
  // The demo unit delivered it to the leader early this month, and it still matches.
  const line = page.locator('[data-testid=delivery]');
  assert.equal(await line.getAttribute('data-delivered'), 'yes', 'the demo delivered last month\'s report');
  assert.match(await line.getAttribute('data-digest'), /^[0-9a-f]{64}$/);
  // The day in words (issue 14 point 8): 2026年12月2日, not 2026-12-02.
  const [y, mo, d] = latest.delivered_on.split('-').map(Number);
  assert.match(await line.innerText(), new RegExp(`已于 ${y}年${mo}月${d}日 报送 刘志强`));
  assert.doesNotMatch(await line.innerText(), /报送后所依据的记录有变化/);
  assert.equal(await page.locator('[data-action=deliver]').count(), 0, 'no second delivery offered');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000 && pdf.subarray(0, 4).toString() === '%PDF');
  const href = await page.locator('[data-action=xlsx][href*="/reports/monthly"]').getAttribute('href');
  const body = await page.evaluate(async (u) => {
    const r = await fetch(u, { credentials: 'same-origin' });
    return [r.status, r.headers.get('content-type'), Array.from(new Uint8Array(await r.arrayBuffer()).slice(0, 2))];
  }, href);
  assert.equal(body[0], 200);
  assert.match(body[1], /spreadsheetml/);
  assert.deepEqual(body[2], [0x50, 0x4b], 'a zip (an Excel workbook)');
});

test('ORG-2: a month the demo left undelivered, recorded as delivered to the leader from the sheet', async () => {
  const page = await clerkPage();
  // The demo delivered every month from the one it was set up in: the month before is open.
  const items = await page.evaluate(async () => (await (await fetch('/api/v1/reports/deliveries', { credentials: 'same-origin' })).json()).items);
  const first = items.map((d) => d.period).sort()[0];
  const d = new Date(`${first}-15T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  const m = d.toISOString().slice(0, 7);
  await page.goto(`/#/reports?month=${m}`);
  await page.locator('[data-testid=report-sheet]').waitFor();
  await settled(page);
  assert.equal(await page.locator('[data-testid=delivery]').getAttribute('data-delivered'), 'no');
  await page.locator('[data-action=deliver]').click();
  await page.locator('dialog select[name=to]').selectOption({ index: 1 });
  await page.locator('dialog .dlg-foot button[type=submit]').click();
  const line = page.locator('[data-testid=delivery][data-delivered=yes]');
  await line.waitFor();
  assert.match(await line.getAttribute('data-digest'), /^[0-9a-f]{64}$/);
  assert.equal(await page.locator('[data-action=deliver]').count(), 0, 'no second delivery offered');
});
