// tests/api/device_count.test.mjs — devices counted like carriers (清查, INV-3/4,
// issue 10 point 3) through the real server on the demo unit: the count's
// preview lists the scope's devices not yet found; the scanner route takes a
// scanned "baomi:device:N" (as carrier_id, as the scanner posts it) or a
// device_id; a device is never incomplete (INV-3) and a bad label is refused,
// nothing ticked; the close flags the device not found `missing`, in its
// history and on the count's one incident (INC-1 quantity with `devices`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, closeBody, PW } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'staff']) tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });

async function add(body) {
  const r = await post('/api/v1/devices', body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('INV-3/4: a custodian count covers their devices; the one not found goes missing on the incident', async () => {
  const a = await add({ number: 'QC-PC-1', kind: 'computer', level: '秘密', holder: 'hulin' });
  const b = await add({ number: 'QC-U-1', kind: 'usb', level: '秘密', holder: 'hulin' });
  const s = await post('/api/v1/counts', { scope: 'custodian', scope_ref: 'hulin', reason: '设备专项清查' });
  assert.equal(s.status, 201, s.text);
  const id = s.json.id;
  const pre = await get(`/api/v1/counts/${id}?limit=10000`);
  assert.equal(pre.status, 200, pre.text);
  const missingIds = pre.json.devices.missing.map((l) => l.device_id);
  assert.ok(missingIds.includes(a.id) && missingIds.includes(b.id), 'the preview lists the devices not yet found');
  assert.equal(pre.json.devices.counts.expected, pre.json.devices.missing.length);
  assert.equal(pre.json.devices.missing.find((l) => l.device_id === b.id).label, `baomi:device:${b.id}`);
  assert.equal(pre.json.accounted, false);

  // Refusals: nothing ticked.
  refused(await post(`/api/v1/counts/${id}/ticks`, { carrier_id: `baomi:device:${a.id}`, incomplete: true }), 400, 'device_incomplete', 'INV-3');
  refused(await post(`/api/v1/counts/${id}/ticks`, { carrier_id: 'baomi:device:x' }), 400, 'invalid_id');
  refused(await post(`/api/v1/counts/${id}/ticks`, { carrier_id: 1, device_id: a.id }), 400, 'required');
  refused(await post(`/api/v1/counts/${id}/ticks`, { device_id: a.id }, 'staff'), 403, undefined, 'INV-3');
  const still = await get(`/api/v1/counts/${id}?limit=10000`);
  assert.equal(still.json.devices.counts.found, 0, 'the refusals ticked nothing');

  // The scanner: every carrier, every device but b (one by its label, the rest by id).
  for (const l of pre.json.missing)
    assert.equal((await post(`/api/v1/counts/${id}/ticks`, { carrier_id: `baomi:carrier:${l.carrier_id}` })).status, 200);
  const t = await post(`/api/v1/counts/${id}/ticks`, { carrier_id: `baomi:device:${a.id}`, note: '在办公室' });
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.device_id, a.id);
  assert.equal(t.json.repeat, false);
  assert.equal(t.json.first_ticked_at, null);
  // Issue 14 point 6: the same label again is a repeat, with the first tick's time;
  // counted once, the note kept (a plain rescan writes nothing), as a carrier's.
  const t2 = await post(`/api/v1/counts/${id}/ticks`, { carrier_id: `baomi:device:${a.id}` });
  assert.equal(t2.status, 200, t2.text);
  assert.equal(t2.json.repeat, true, 'the second scan is told apart');
  assert.match(t2.json.first_ticked_at, /^\d{4}-\d\d-\d\dT/);
  const t3 = await post(`/api/v1/counts/${id}/ticks`, { device_id: a.id });
  assert.equal(t3.json.repeat, true);
  assert.equal(t3.json.first_ticked_at, t2.json.first_ticked_at, 'the first time stays');
  // A refused rescan changes nothing either.
  refused(await post(`/api/v1/counts/${id}/ticks`, { device_id: a.id, incomplete: true, note: '缺件' }), 400, 'device_incomplete', 'INV-3');
  const once = await get(`/api/v1/counts/${id}?limit=10000`);
  assert.deepEqual(once.json.devices.found.map((l) => l.device_id), [a.id], 'one line for three scans');
  assert.equal(once.json.devices.counts.found, 1);
  assert.equal(once.json.devices.found[0].note, '在办公室', 'the plain rescans kept the note');
  for (const d of missingIds.filter((x) => x !== a.id && x !== b.id))
    assert.equal((await post(`/api/v1/counts/${id}/ticks`, { device_id: d })).status, 200);
  const mid = await get(`/api/v1/counts/${id}?limit=10000`);
  assert.deepEqual(mid.json.devices.missing.map((l) => l.device_id), [b.id], 'only b is not yet found');
  assert.equal(mid.json.devices.found.find((l) => l.device_id === a.id).note, '在办公室');
  assert.equal((await get(`/api/v1/devices/${b.id}`)).json.status, 'in_use', 'a preview changes nothing');

  const closed = await post(`/api/v1/counts/${id}/close`, await closeBody(url, tok.clerk, id));
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.accounted, false);
  assert.equal(closed.json.devices.counts.missing, 1);
  const line = closed.json.devices.missing[0];
  assert.equal(line.device_id, b.id);
  assert.equal(line.status, 'missing');
  assert.ok(line.incident_id > 0, 'INV-4: the count\'s incident');
  const dev = await get(`/api/v1/devices/${b.id}`);
  assert.equal(dev.json.status, 'missing');
  const ev = dev.json.history.at(-1);
  assert.equal(ev.action, 'count.missing');
  assert.equal(ev.detail.incident_id, line.incident_id);
  assert.equal(ev.detail.count_id, id);
  const inc = await get(`/api/v1/incidents/${line.incident_id}`);
  assert.equal(inc.status, 200, inc.text);
  assert.equal(inc.json.kind, 'missing');
  assert.equal(String(inc.json.detail.devices), '1');
  assert.equal(String(inc.json.detail.quantity), '1');
  assert.equal((await get(`/api/v1/devices/${a.id}`)).json.status, 'in_use');
  // The stored result reads back the same.
  const again = await get(`/api/v1/counts/${id}`);
  assert.deepEqual(again.json.devices, closed.json.devices);
  refused(await post(`/api/v1/counts/${id}/ticks`, { carrier_id: `baomi:device:${b.id}` }), 409, 'count_closed', 'INV-3');
});

// Expects the attempt refused with status, code and rule, and the device unchanged.
async function refusedUnchanged(id, attempt, status, code, rule) {
  const before = JSON.stringify((await get(`/api/v1/devices/${id}`)).json);
  refused(await attempt(), status, code, rule);
  assert.equal(JSON.stringify((await get(`/api/v1/devices/${id}`)).json), before, `${code}: nothing changed`);
}

test('DEV-5: a repair starts (status repair) and ends, checked (back in use)', async () => {
  const d = await add({ number: 'WX-PC-1', kind: 'computer', level: '秘密', holder: 'hulin' });
  const start = { supervisor: '马杰', technician: '王师傅', company: '某维修公司', storage: 'removed', fault: '电源损坏' };
  await refusedUnchanged(d.id, () => post(`/api/v1/devices/${d.id}/repairs/end`, { checked_by: '马杰' }), 409, 'no_repair_open', 'DEV-5');
  const r = await post(`/api/v1/devices/${d.id}/repairs`, start);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'repair');
  assert.ok((await get('/api/v1/devices?status=repair')).json.items.some((x) => x.id === d.id), 'listed under repair');
  await refusedUnchanged(d.id, () => post(`/api/v1/devices/${d.id}/repairs`, start), 409, 'repair_open', 'DEV-5');
  await refusedUnchanged(d.id, () => post(`/api/v1/devices/${d.id}/repairs/end`, { result: '已修复' }), 400, 'check_required', 'DEV-5');
  await refusedUnchanged(d.id, () => post(`/api/v1/devices/${d.id}/repairs/end`, { checked_by: '马杰' }, 'staff'), 403, 'role_required', 'DEV-1');
  const e = await post(`/api/v1/devices/${d.id}/repairs/end`, { checked_by: 'majie', checked_by_password: PW, result: '更换电源，硬盘已复装' });
  assert.equal(e.status, 200, e.text);
  assert.equal(e.json.status, 'in_use');
  const last = e.json.history.at(-1);
  assert.equal(last.action, 'device.repair_end');
  assert.equal(last.detail.checked_by, '马杰');
  assert.equal(last.detail.checked_by_receipt, 'password');
  assert.equal(e.json.history.at(-2).action, 'device.repair');
});

test('DEV-2 / LEVEL-4: a medium linked to its carrier is not raised above it by the register', async () => {
  const c = await post('/api/v1/carriers', { title: '介质台账条目', level: '秘密', kind: 'usb', place: '基础教育科保密柜', scope: ['基础教育科'] });
  assert.equal(c.status, 201, c.text);
  const d = await add({ number: 'LINK-U-1', kind: 'usb', level: '秘密', holder: 'hulin', carrier_id: c.json.id });
  await refusedUnchanged(d.id, () => post(`/api/v1/devices/${d.id}/level`, { level: '机密', reason: '存入机密文件' }), 403, 'carrier_level_change_required', 'LEVEL-4');
  assert.deepEqual((await get(`/api/v1/carriers/${c.json.id}`)).json.level, c.json.level, 'the carrier is unchanged');
});
