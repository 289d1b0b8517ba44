// counts.test.mjs — 清查 (INV-1..4) in the browser: the clerk starts a count
// of one department, ticks all but one of its carriers (one scanned as a
// label payload `baomi:carrier:N` + Enter), closes it and sees the missing
// one with the incident it opened; the API agrees (carrier `missing`, an open
// incident). A tick of a number the ledger does not know is refused. Devices
// (issue 10 point 3) are scanned as `baomi:device:N`: the open count lists
// those not yet found, the result the one missing with the count's incident.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, login, shot, settled, assertNoHorizontalScroll, assertLabelled,
} from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

const DEPT = '安全保卫科';
let env, page, tok;
const get = (path) => call(env.url, 'GET', path, { token: tok });

before(async () => {
  env = await setup();
  tok = await apiLogin(env.url, 'clerk');
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

async function tick(text, { incomplete = false } = {}) {
  const box = page.locator('input[name=carrier]');
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.name), 'carrier', 'the input keeps the focus for the next scan');
  if (incomplete) await page.locator('input[name=incomplete]').check();
  await box.fill(text);
  await box.press('Enter');
}

test('INV-1/3/4: count a department, tick all but one, close: the missing one opens an incident', async () => {
  await page.locator('[data-nav=counts]').click();
  await page.locator('[data-testid=start-form]').waitFor();
  await settled(page);
  await assertLabelled(page, 'start a count');
  await page.locator('select[name=scope]').selectOption('department');
  const depts = (await get('/api/v1/departments')).json.items;
  const dept = depts.find((d) => d.name === DEPT);
  await page.locator('select[name=department]').selectOption(String(dept.id));
  await page.locator('input[name=reason]').fill('第四季度定期清查');
  await shot(page, '40-count-start');
  await page.locator('[data-action=start-count]').click();
  await page.locator('[data-testid=tick-form]').waitFor();
  await settled(page);

  const sessions = (await get('/api/v1/counts')).json.items;
  assert.equal(sessions.length, 1, 'one count started');
  const s = sessions[0];
  assert.equal(s.scope, 'department');
  assert.equal(s.scope_id, dept.id);
  assert.equal(s.closed_at, null);
  assert.match(await page.locator('[data-testid=count-scope]').innerText(), new RegExp(DEPT));

  const preview = (await get(`/api/v1/counts/${s.id}`)).json;
  const ids = preview.missing.map((l) => l.carrier_id);
  assert.ok(ids.length >= 3, `the department holds carriers (${ids.length})`);
  const [scanned, partial, ...rest] = ids;
  const left = rest.pop();
  await assertLabelled(page, 'tick form');

  // A scanner types the label payload and presses Enter.
  await tick(`baomi:carrier:${scanned}`);
  await page.locator(`[data-testid=ticked] tr[data-carrier="${scanned}"]`).waitFor();
  await tick(String(partial), { incomplete: true });
  await page.locator(`[data-testid=ticked] tr[data-carrier="${partial}"]`).waitFor();
  assert.match(await page.locator(`[data-testid=ticked] tr[data-carrier="${partial}"]`).innerText(), /附件不全/);
  for (const id of rest) {
    await tick(String(id));
    await page.locator(`[data-testid=ticked] tr[data-carrier="${id}"]`).waitFor();
  }
  // Issue 10 point 3: the department's devices are counted with the same scanner.
  const devs = preview.devices.missing.map((l) => l.device_id);
  for (const id of devs) {
    await tick(`baomi:device:${id}`);
    await page.locator(`[data-testid=ticked] tr[data-device="${id}"]`).waitFor();
  }
  assert.equal(await page.locator('[data-testid=devices-pending] tbody tr').count(), 0, 'every device found');
  assert.equal(await page.locator('[data-testid=ticked] tbody tr').count(), ids.length - 1 + devs.length);
  assert.equal(await page.locator(`[data-testid=ticked] tr[data-carrier="${left}"]`).count(), 0);
  assert.match(await page.locator('[data-testid=tick-progress]').innerText(), new RegExp(`已清点 ${ids.length - 1} 件 / 应有 ${ids.length} 件`));
  const mid = (await get(`/api/v1/counts/${s.id}`)).json;
  assert.deepEqual(mid.missing.map((l) => l.carrier_id), [left], 'the server has every tick but one');
  assert.deepEqual(mid.incomplete.map((l) => l.carrier_id), [partial]);
  await assertNoHorizontalScroll(page, 'open count');
  await shot(page, '41-count-ticking');

  // Close: the review names the one carrier not found (issue 14 point 6); once
  // confirmed, it is listed with its incident (INV-4).
  await page.locator('[data-action=close-count]').click();
  await page.locator('dialog [data-testid=close-review]').waitFor();
  assert.deepEqual(await page.locator('dialog [data-testid=review-list] tbody tr').evaluateAll((tr) => tr.map((r) => Number(r.dataset.carrier))), [left]);
  assert.equal(await page.locator('dialog [data-testid=review-devices]').count(), 0, 'every device found');
  await page.locator('#review-confirm').check();
  await page.locator('dialog button[type=submit]').click();
  await page.locator('[data-testid=count-result]').waitFor();
  await settled(page);
  await page.locator('[data-testid=not-accounted]').waitFor();
  assert.equal(await page.locator('[data-testid=accounted]').count(), 0, 'not 件件有着落 with one missing');
  const missingRows = page.locator('[data-part=missing] tbody tr');
  assert.equal(await missingRows.count(), 1);
  assert.equal(await missingRows.first().getAttribute('data-carrier'), String(left));
  const link = missingRows.first().locator('a[data-incident]');
  const incidentId = Number(await link.getAttribute('data-incident'));
  assert.ok(incidentId > 0, 'the missing carrier names its incident');
  assert.equal(await link.getAttribute('href'), `#/incidents/${incidentId}`);
  assert.equal(await page.locator('[data-part=incomplete] tbody tr').count(), 1);
  assert.equal(await page.locator('[data-part=found] tbody tr').count(), ids.length - 1);
  assert.equal(await page.locator('[data-testid=count-status]').innerText(), '已结束');
  await assertNoHorizontalScroll(page, 'count result');
  await shot(page, '42-count-result');

  // Printing hides the controls and shows the sheet.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('[data-action=print]').isVisible(), false, 'no buttons on paper');
  assert.equal(await page.locator('.sidebar').isVisible(), false);
  assert.equal(await page.locator('.count-sheet .sheet-title').isVisible(), true);
  await shot(page, '43-count-print');
  await page.emulateMedia({ media: 'screen' });

  // The API agrees: the carrier is missing, with an open incident.
  const c = (await get(`/api/v1/carriers/${left}`)).json;
  assert.equal(c.status.code, 'missing');
  const inc = (await get(`/api/v1/incidents/${incidentId}`)).json;
  assert.equal(inc.status, 'open');
  assert.equal(inc.kind, 'missing');
  assert.equal(inc.carrier_id, null); // the count's one incident (issue 17)
  assert.equal(inc.detail.quantity, '1');
  assert.notEqual((await get(`/api/v1/counts/${s.id}`)).json.session.closed_at, null);
  for (const id of ids.filter((x) => x !== left)) assert.notEqual((await get(`/api/v1/carriers/${id}`)).json.status.code, 'missing');

  // The list: the closed count with its summary.
  await page.goto('/#/counts');
  const row = page.locator(`tr[data-count="${s.id}"]`);
  await row.waitFor();
  await settled(page);
  assert.equal(await row.getAttribute('data-status'), 'closed');
  assert.match(await row.innerText(), new RegExp(`${DEPT}[\\s\\S]*已结束[\\s\\S]*下落不明 1`));
  await assertNoHorizontalScroll(page, 'count list');
  await shot(page, '44-count-list');
});

test('INV-3: a tick of a number the ledger does not know is refused, and a bad label too', async () => {
  await page.goto('/#/counts');
  await page.locator('[data-testid=start-form]').waitFor();
  await settled(page);
  await page.locator('select[name=scope]').selectOption('unit');
  await page.locator('[data-action=start-count]').click();
  await page.locator('[data-testid=tick-form]').waitFor();
  await settled(page);
  const s = (await get('/api/v1/counts')).json.items.find((x) => !x.closed_at);
  assert.ok(s, 'an open count');
  // Open counts come first in the list.
  await page.goto('/#/counts');
  await page.locator('tr[data-count]').first().waitFor();
  assert.equal(await page.locator('tr[data-count]').first().getAttribute('data-count'), String(s.id));
  await page.locator(`tr[data-count="${s.id}"] [data-action=continue]`).click();
  await page.locator('[data-testid=tick-form]').waitFor();
  await settled(page);

  // INV-3: a label the ledger does not know is recorded as unexpected, not found.
  await tick('baomi:carrier:999999');
  const odd = page.locator('[data-testid=ticked] tr[data-carrier="999999"]');
  await odd.waitFor();
  assert.match(await odd.innerText(), /台账外或范围外/);
  const r = (await get(`/api/v1/counts/${s.id}`)).json;
  assert.deepEqual(r.unexpected.map((l) => l.carrier_id), [999999], 'the server lists it as unexpected');
  assert.equal(r.found.length, 0, 'nothing found');
  await shot(page, '45-count-unexpected');

  await page.locator('input[name=carrier]').focus();
  await tick('baomi:carrier:abc');
  await page.locator('[data-testid=tick-error] .alert.error[data-code=invalid_id]').waitFor();
  assert.match(await page.locator('[data-testid=tick-error]').innerText(), /不是有效的编号/);
});

test('issue 10 point 3: devices are counted with the same scanner; the one not found goes missing on the incident', async () => {
  const post = (path, body) => call(env.url, 'POST', path, { token: tok, body });
  const add = async (number, kind) => {
    const r = await post('/api/v1/devices', { number, kind, level: '秘密', holder: 'hulin' });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const pc = await add('QC-E2E-PC', 'computer');
  const usb = await add('QC-E2E-U', 'usb');
  const hulin = (await get('/api/v1/people')).json.items.find((p) => p.username === 'hulin');
  await page.goto('/#/counts');
  await page.locator('[data-testid=start-form]').waitFor();
  await settled(page);
  await page.locator('select[name=scope]').selectOption('custodian');
  await page.locator('select[name=custodian]').selectOption(String(hulin.id));
  await page.locator('[data-action=start-count]').click();
  await page.locator('[data-testid=tick-form]').waitFor();
  await settled(page);
  const s = (await get('/api/v1/counts')).json.items.filter((x) => !x.closed_at).sort((a, b) => b.id - a.id)[0];
  assert.equal(s.scope, 'custodian');
  // Everything else of 胡琳's is found (through the API), so only the two devices are pending.
  const pre = (await get(`/api/v1/counts/${s.id}?limit=10000`)).json;
  for (const l of pre.missing) assert.equal((await post(`/api/v1/counts/${s.id}/ticks`, { carrier_id: l.carrier_id })).status, 200);
  for (const l of pre.devices.missing.filter((x) => x.device_id !== pc.id && x.device_id !== usb.id))
    assert.equal((await post(`/api/v1/counts/${s.id}/ticks`, { device_id: l.device_id })).status, 200);
  await page.reload();
  await page.locator('[data-testid=tick-form]').waitFor();
  await settled(page);
  const pending = page.locator('[data-testid=devices-pending] tbody tr');
  assert.deepEqual(await pending.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-device')).sort()),
    [String(pc.id), String(usb.id)].sort(), 'the devices not yet found are listed');

  // The scanner reads the computer's label.
  await tick(`baomi:device:${pc.id}`);
  const row = page.locator(`[data-testid=ticked] tr[data-device="${pc.id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /QC-E2E-PC/);
  await page.locator(`[data-testid=devices-pending] tr[data-device="${pc.id}"]`).waitFor({ state: 'detached' });
  assert.equal(await pending.count(), 1, 'only the USB stick is still pending');
  assert.match(await page.locator('[data-testid=tick-progress]').innerText(), /设备/);
  assert.equal(await page.locator('[data-testid=repeat-warning]').count(), 0, 'no warning on a first scan');

  // Issue 14 point 6: the scanner reads the computer's label again: warned as a carrier
  // would be, with the first time; counted once, on the screen and on the server.
  const progress = await page.locator('[data-testid=tick-progress]').innerText();
  const foundBefore = (await get(`/api/v1/counts/${s.id}`)).json.devices.counts.found;
  await tick(`baomi:device:${pc.id}`);
  const warning = page.locator('[data-testid=repeat-warning]');
  await warning.waitFor();
  assert.match(await warning.innerText(), /^重复扫描：设备 QC-E2E-PC已于 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 清点过，本次不重复计数。$/);
  assert.equal(await page.locator('[data-testid=tick-progress]').innerText(), progress, 'not counted twice');
  assert.equal(await page.locator(`[data-testid=ticked] tr[data-device="${pc.id}"]`).count(), 1, 'listed once');
  assert.equal(await pending.count(), 1);
  assert.equal((await get(`/api/v1/counts/${s.id}`)).json.devices.counts.found, foundBefore, 'the server counted it once');
  await assertNoHorizontalScroll(page, 'open count with devices');
  await shot(page, '46-count-devices');

  // The review names the USB stick as becoming 下落不明, and no carrier.
  await page.locator('[data-action=close-count]').click();
  await page.locator('dialog [data-testid=close-review]').waitFor();
  assert.equal(await page.locator('dialog [data-testid=review-total]').count(), 0, 'every carrier found');
  assert.deepEqual(await page.locator('dialog [data-testid=review-device-list] tbody tr').evaluateAll((tr) => tr.map((r) => r.dataset.device)), [String(usb.id)]);
  assert.match(await page.locator('dialog [data-testid=review-devices]').innerText(), /以下 1 台设备尚未清点到，结束后逐台记为下落不明/);
  await page.locator('#review-confirm').check();
  await page.locator('dialog button[type=submit]').click();
  await page.locator('[data-testid=count-result]').waitFor();
  await settled(page);
  const missing = page.locator('[data-part=devices-missing] tbody tr');
  assert.equal(await missing.count(), 1);
  assert.equal(await missing.first().getAttribute('data-device'), String(usb.id));
  const incidentId = Number(await missing.first().locator('a[data-incident]').getAttribute('data-incident'));
  assert.ok(incidentId > 0, 'the missing device names the count\'s incident');
  assert.ok(await page.locator(`[data-part=devices-found] tr[data-device="${pc.id}"]`).count() === 1);
  assert.match(await page.locator('[data-testid=count-summary]').innerText(), /下落不明 1 台/);
  await shot(page, '47-count-devices-result');

  // The API agrees: the stick is missing, in its history and on the incident.
  const d = (await get(`/api/v1/devices/${usb.id}`)).json;
  assert.equal(d.status, 'missing');
  assert.equal(d.history.at(-1).action, 'count.missing');
  assert.equal(d.history.at(-1).detail.incident_id, incidentId);
  const inc = (await get(`/api/v1/incidents/${incidentId}`)).json;
  assert.equal(inc.detail.devices, '1');
  assert.equal(inc.detail.quantity, '1');
  assert.equal((await get(`/api/v1/devices/${pc.id}`)).json.status, 'in_use');
});
