// devices.test.mjs — the device and media register on the web screen
// (DEV-1..7, issue 10 point 3): the clerk registers a USB stick through the
// form, a lowering of its level is refused with DEV-2 in the dialog and
// nothing changes, the level is raised, a repair without a supervisor is
// refused (DEV-5), a scrap request is approved by the leader through the
// API, scrapping with one witness is refused (DESTROY-2) and with two the
// device is scrapped; the register lists it with its status and the page
// shows the whole history. Every step is checked on the page and in the API.
// The walk (issue 10 point 6): a computer registered from the form, its label
// printed, assigned, its repair started and ended (DEV-5, two steps), its
// scrap request approved by the leader and executed with two witnesses, and
// 已报废 in the register and the history. Issue 14 point 5 (REG-1): the 验收人
// and each witness confirm with their own password typed on the clerk's
// screen (DEV-5, DESTROY-2): not confirmed, then a wrong password, are
// refused with nothing changed and the password cleared; then their own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled, assertNoHorizontalScroll, PW } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page, deviceId;
const tok = {};

const post = (path, body, who = 'clerk') => call(env.url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(env.url, 'GET', path, { token: tok[who] });

// Submits the open dialog and returns its refusal (or null once it closed).
async function submitDialog() {
  await page.locator('dialog button[type=submit]').click();
  const err = page.locator('dialog .alert.error');
  await Promise.race([err.waitFor(), page.locator('dialog').waitFor({ state: 'detached' })]);
  return (await page.locator('dialog').count()) ? err : null;
}

// The unit's people by login name (the dialogs list them by id).
let people;
async function person(username) {
  if (!people) people = (await get('/api/v1/people')).json.items;
  const p = people.find((x) => x.username === username);
  assert.ok(p, username);
  return p;
}

// DESTROY-2 with REG-1: ticks witness `username` in the open scrap dialog; their password field.
async function tickWitness(username) {
  const p = await person(username);
  await page.locator(`dialog [data-witness="${p.id}"] input[type=checkbox]`).check();
  return page.locator(`dialog [data-witness="${p.id}"] input[type=password]`);
}

async function openDevice() {
  await page.goto(`/#/devices/${deviceId}`);
  await page.locator('[data-testid=device-facts]').waitFor();
  await settled(page);
}

before(async () => {
  env = await setup();
  for (const u of ['clerk', 'leader']) tok[u] = await apiLogin(env.url, u);
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('DEV-1: the clerk registers a USB stick through the form', async () => {
  await page.goto('/#/devices/new');
  const form = page.locator('[data-testid=device-form]');
  await form.waitFor();
  await form.locator('input[name=number]').fill('U-E2E-1');
  await form.locator('select[name=kind]').selectOption('usb');
  await form.locator('select[name=level]').selectOption('confidential');
  await form.locator('input[name=holder]').fill('hulin');
  await form.locator('input[name=place]').fill('基础教育科');
  await form.locator('[data-action=register-device]').click();
  await page.locator('[data-testid=device-facts]').waitFor();
  deviceId = Number(location_id(await page.evaluate(() => location.hash)));
  assert.ok(deviceId > 0);
  const d = (await get(`/api/v1/devices/${deviceId}`)).json;
  assert.equal(d.number, 'U-E2E-1');
  assert.equal(d.holder, '胡琳');
  await assertNoHorizontalScroll(page, 'device page');
  await shot(page, 'device-registered');
});

function location_id(hash) {
  const m = hash.match(/#\/devices\/(\d+)/);
  return m ? m[1] : 0;
}

test('DEV-2: lowering is refused in the dialog; raising works', async () => {
  await openDevice();
  await page.locator('[data-action=raise]').click();
  await page.locator('dialog select[name=level]').selectOption('internal');
  const err = await submitDialog();
  assert.ok(err, 'the dialog stays open with the refusal');
  assert.match(await err.innerText(), /DEV-2/);
  await page.locator('dialog button.btn:not([type=submit])').click();
  assert.equal((await get(`/api/v1/devices/${deviceId}`)).json.level, 'confidential', 'nothing changed');
  await page.locator('[data-action=raise]').click();
  await page.locator('dialog select[name=level]').selectOption('secret');
  await page.locator('dialog input[name=reason]').fill('存入机密文件');
  assert.equal(await submitDialog(), null);
  await page.locator('[data-testid=device-facts] .badge.level-secret').waitFor();
  assert.equal((await get(`/api/v1/devices/${deviceId}`)).json.level, 'secret');
});

test('DEV-5: a repair without a supervisor is refused', async () => {
  await openDevice();
  await page.locator('[data-action=repair]').click();
  await page.locator('dialog input[name=technician]').fill('王师傅');
  const err = await submitDialog();
  assert.ok(err);
  assert.match(await err.innerText(), /DEV-5/);
  await page.locator('dialog button.btn:not([type=submit])').click();
});

test('DEV-6: scrapped against the approved request, with two witnesses', async () => {
  const req = await post('/api/v1/requests', { op: 'scrap', carrier_ids: [], reason: '损坏', params: { device_id: deviceId, method: 'physical' } });
  assert.equal(req.status, 201, req.text);
  assert.equal((await post(`/api/v1/requests/${req.json.id}/approve`, { comment: '同意' }, 'leader')).status, 200);
  await openDevice();
  await page.locator('[data-action=scrap]').click();
  await page.locator('dialog input[name=request_id]').fill(String(req.json.id));
  // One witness is refused (DESTROY-2) even when they confirm.
  const zhouwei = await tickWitness('zhouwei');
  await zhouwei.fill(PW);
  let err = await submitDialog();
  assert.ok(err);
  assert.match(await err.innerText(), /DESTROY-2/);
  assert.equal(await zhouwei.inputValue(), '', 'the password was cleared');
  // REG-1 (issue 14 point 5): a witness only ticked has not confirmed.
  const xujun = await tickWitness('xujun');
  err = await submitDialog();
  assert.equal(await err.getAttribute('data-code'), 'holder_confirmation_required');
  assert.equal(await err.getAttribute('data-rule'), 'DESTROY-2');
  // A wrong password is refused, nothing scrapped, and no password stays on the screen.
  await zhouwei.fill(PW);
  await xujun.fill('Wrong@2026pass');
  err = await submitDialog();
  assert.equal(await err.getAttribute('data-code'), 'holder_password_wrong');
  assert.match(await err.innerText(), /监销人“徐军”的口令不正确/);
  assert.equal(await zhouwei.inputValue(), '');
  assert.equal(await xujun.inputValue(), '');
  assert.equal((await get(`/api/v1/devices/${deviceId}`)).json.status, 'in_use', 'nothing scrapped');
  await shot(page, 'device-scrap-witness-password-wrong');
  // Each witness types their own password.
  await zhouwei.fill(PW);
  await xujun.fill(PW);
  assert.equal(await submitDialog(), null);
  await page.locator('[data-testid=device-facts] [data-status=scrapped]').waitFor();
  assert.equal(await page.locator('[data-action=scrap]').count(), 0, 'no more actions on a scrapped device');
  const actions = await page.locator('tr[data-action]').evaluateAll((rows) => rows.map((r) => r.dataset.action));
  assert.deepEqual(actions, ['device.register', 'device.level', 'device.scrap']);
  assert.match(await page.locator('tr[data-action="device.scrap"]').innerText(), /周伟（本人口令确认）、徐军（本人口令确认）/);
  await page.goto('/#/devices?q=U-E2E-1');
  await page.locator(`tr[data-device="${deviceId}"] [data-status=scrapped]`).waitFor();
  await shot(page, 'device-register');
});

// Issue 10 point 6: one device from registration to scrapping, on the screens.
test('the walk: register, label, assign, repair start and end, scrap request approved, scrapped with witnesses', async () => {
  await page.goto('/#/devices/new');
  const form = page.locator('[data-testid=device-form]');
  await form.waitFor();
  await form.locator('input[name=number]').fill('PC-WALK-1');
  await form.locator('select[name=kind]').selectOption('computer');
  await form.locator('select[name=level]').selectOption('confidential');
  await form.locator('input[name=holder]').fill('hulin');
  await form.locator('input[name=place]').fill('基础教育科');
  await form.locator('[data-action=register-device]').click();
  await page.locator('[data-testid=device-facts]').waitFor();
  const id = Number(location_id(await page.evaluate(() => location.hash)));
  assert.ok(id > 0);
  await settled(page);

  // The label prints with its QR payload.
  const href = await page.locator('[data-action=label]').getAttribute('href');
  assert.equal(href, `/api/v1/devices/${id}/label.svg`);
  const label = await call(env.url, 'GET', href, { token: tok.clerk });
  assert.equal(label.status, 200, label.text);
  assert.match(label.text, /<svg/);
  assert.match(label.text, /PC-WALK-1/);

  // Assigned to another cleared person.
  await page.locator('[data-action=assign]').click();
  await page.locator('dialog input[name=holder]').fill('zhouwei');
  assert.equal(await submitDialog(), null);
  await page.locator('[data-testid=device-facts]').waitFor();
  assert.equal((await get(`/api/v1/devices/${id}`)).json.holder, '周伟');

  // DEV-5: the repair starts (status repair) and ends, checked.
  await settled(page);
  await page.locator('[data-action=repair]').click();
  await page.locator('dialog input[name=supervisor]').fill('马杰');
  await page.locator('dialog input[name=technician]').fill('王师傅');
  await page.locator('dialog input[name=fault]').fill('电源损坏');
  assert.equal(await submitDialog(), null);
  await page.locator('[data-testid=device-facts] [data-status=repair]').waitFor();
  assert.equal((await get(`/api/v1/devices/${id}`)).json.status, 'repair');
  await settled(page);
  await page.locator('[data-action=repair-end]').click();
  // DEV-5 with REG-1: the 验收人 is chosen among the unit's people and confirms themselves.
  await page.locator('dialog select[name=checked_by]').selectOption(String((await person('majie')).id));
  await page.locator('dialog input[name=result]').fill('更换电源，硬盘已复装');
  let err = await submitDialog();
  assert.equal(await err.getAttribute('data-code'), 'holder_confirmation_required');
  assert.equal(await err.getAttribute('data-rule'), 'DEV-5');
  const pw = page.locator('dialog input[name=checked_by_password]');
  await pw.fill('Wrong@2026pass');
  err = await submitDialog();
  assert.equal(await err.getAttribute('data-code'), 'holder_password_wrong');
  assert.match(await err.innerText(), /验收人“马杰”的口令不正确/);
  assert.equal(await pw.inputValue(), '', 'the password was cleared');
  assert.equal((await get(`/api/v1/devices/${id}`)).json.status, 'repair', 'still under repair');
  await pw.fill(PW);
  assert.equal(await submitDialog(), null);
  await page.locator('[data-testid=device-facts] [data-status=in_use]').waitFor();
  assert.match(await page.locator('tr[data-action="device.repair_end"]').innerText(), /验收人：马杰.*验收人确认：本人口令确认/);
  await shot(page, 'device-walk-repaired');

  // DEV-6: the scrap request, approved by the leader, executed with two witnesses.
  const req = await post('/api/v1/requests', { op: 'scrap', carrier_ids: [], reason: '报废', params: { device_id: id, method: 'physical' } });
  assert.equal(req.status, 201, req.text);
  assert.equal((await post(`/api/v1/requests/${req.json.id}/approve`, { comment: '同意报废' }, 'leader')).status, 200);
  await openDeviceId(id);
  await page.locator('[data-action=scrap]').click();
  await page.locator('dialog input[name=request_id]').fill(String(req.json.id));
  await (await tickWitness('xujun')).fill(PW);
  await (await tickWitness('leader')).fill(PW);
  assert.equal(await submitDialog(), null);
  await page.locator('[data-testid=device-facts] [data-status=scrapped]').waitFor();
  assert.match(await page.locator('[data-testid=device-facts]').innerText(), /已报废/);
  const actions = await page.locator('tr[data-action]').evaluateAll((rows) => rows.map((r) => r.dataset.action));
  assert.deepEqual(actions, ['device.register', 'device.assign', 'device.repair', 'device.repair_end', 'device.scrap']);
  await page.goto('/#/devices?q=PC-WALK-1');
  const row = page.locator(`tr[data-device="${id}"]`);
  await row.locator('[data-status=scrapped]').waitFor();
  assert.match(await row.innerText(), /已报废/);
  // The repair register (Excel) is one click from the list; it says how the 验收人 confirmed.
  assert.equal(await page.locator('[data-action=repair-register]').getAttribute('href'), '/api/v1/device-repairs?format=xlsx');
  const reg = (await get('/api/v1/device-repairs')).json.items.find((x) => x.device_id === id);
  assert.equal(reg.checked_by, '马杰');
  assert.match(reg.acceptance, /^本人口令确认 /);
  await shot(page, 'device-walk-scrapped');
});

async function openDeviceId(id) {
  await page.goto(`/#/devices/${id}`);
  await page.locator('[data-testid=device-facts]').waitFor();
  await settled(page);
}
