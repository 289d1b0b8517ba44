// tests/api/devlabel.test.mjs — a device's label recorded as affixed (DEV-1;
// issue 11 point 5) through the real server on the demo unit: the demo has
// every label recorded but the laptop's; the clerk or the device's own
// responsible person records it (POST /devices/{id}/label/affixed), once while
// it is current, never ahead; each refusal with its rule ID and nothing
// changed; the device gives the label's state, who recorded it and when, with
// a line of its history. (A hand-over, a level raise, a scrapped device and a
// device without its person: tests/cli/t_devlabel.sh.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'leader', 'staff', 'hulin']) tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });

async function register() {
  const r = await get('/api/v1/devices');
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

async function refusedUnchanged(attempt, status, code, rule) {
  const before = JSON.stringify(await register());
  refused(await attempt(), status, code, rule);
  assert.equal(JSON.stringify(await register()), before, `${code}: the register did not change`);
}

test('DEV-1: the label recorded as affixed by the clerk or the holder, once while current, never ahead', async () => {
  const devices = await register();
  const laptop = devices.find((d) => d.number === 'BJB-2026-001');
  assert.ok(laptop, 'the demo laptop');
  assert.equal(laptop.label_affixed.state, 'none');
  assert.equal(laptop.label_affixed.affixed_on, null);
  for (const d of devices.filter((x) => x.id !== laptop.id)) {
    assert.equal(d.label_affixed.state, 'current', `${d.number}: its label is recorded`);
    assert.equal(d.label_affixed.level, d.level, `${d.number}: the label shows its level`);
    assert.equal(d.label_affixed.holder_id, d.holder_id, `${d.number}: and its person`);
  }
  const computer = devices.find((d) => d.number === 'JSJ-2026-001');
  const path = (d) => `/api/v1/devices/${d.id}/label/affixed`;

  await refusedUnchanged(() => post(path(laptop), {}, 'leader'), 403, 'role_required', 'DEV-1');
  await refusedUnchanged(() => post(path(laptop), {}, 'staff'), 404, 'unknown_device', 'DEV-1');
  await refusedUnchanged(() => post(path(laptop), { date: '2099-01-01' }), 400, 'date_in_future', 'DEV-1');
  await refusedUnchanged(() => post(path(laptop), { date: '2026-02-30' }), 400, 'invalid_date');
  await refusedUnchanged(() => post(path(computer), {}), 409, 'label_already_affixed', 'DEV-1');
  await refusedUnchanged(() => post('/api/v1/devices/999999/label/affixed', {}), 404, 'unknown_device', 'DEV-1');
  await refusedUnchanged(() => post(path(laptop), { date: 5 }), 400);

  const r = await post(path(laptop), {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.label_affixed.state, 'current');
  assert.ok(/^\d{4}-\d{2}-\d{2}$/.test(r.json.label_affixed.affixed_on));
  assert.equal(r.json.label_affixed.level, r.json.level);
  const last = r.json.history.at(-1);
  assert.equal(r.json.label_affixed.affixed_by, last.actor_id, 'recorded by the clerk');
  assert.equal(r.json.label_affixed.affixed_by_name, last.actor);
  assert.ok(last.actor);
  assert.equal(last.action, 'device.label_affixed');
  assert.equal(last.detail.on, r.json.label_affixed.affixed_on);
  assert.equal(last.detail.was, 'none');
  await refusedUnchanged(() => post(path(laptop), {}), 409, 'label_already_affixed', 'DEV-1');

  // The holder records the label of a device of their own.
  const add = await post('/api/v1/devices', { number: 'U-LBL-1', kind: 'usb', level: '秘密', holder: 'hulin' });
  assert.equal(add.status, 201, add.text);
  assert.equal(add.json.label_affixed.state, 'none');
  const own = await post(path(add.json), {}, 'hulin');
  assert.equal(own.status, 200, own.text);
  assert.equal(own.json.label_affixed.state, 'current');
  assert.equal(own.json.label_affixed.affixed_by, add.json.holder_id);
});
