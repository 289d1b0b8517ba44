// tests/api/org_admin.test.mjs — departments and storage places (存放地点) as
// their administrators keep them (issue 14 point 14) through the real server
// on the demo unit: places are the security administrator's, departments the
// system administrator's (SYS-1); a rename keeps the former name (the list
// and the audit trail show it); a retired (停用) place takes no carrier
// (KEEP-1: registration and move refused) and is not retired while it holds
// carriers (KEEP-1) or devices (DEV-1); a retired department takes no person
// and no new responsibility line (ORG-1) and is not retired while it has
// people (ORG-1) or owns carriers (KEEP-6). Every refusal by its code and rule,
// each changing nothing; the lists mark the retired ones and filter them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, q, assertUnitToday, unitDay } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'staff', 'secadmin', 'sysadmin', 'auditor']) tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });
const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
// The server's today (Asia/Shanghai) and a day `n` days from it, at the moment of the call. A
// refusal of a day after today asks for two days on (one on becomes today if midnight in
// Beijing passes during the request); a day the server took as today is asserted with
// assertUnitToday.
const day = unitDay;

// The whole directory of places and departments, and the ledger's size: a refusal leaves them as they were.
async function state() {
  const p = await get('/api/v1/places', 'secadmin');
  const d = await get('/api/v1/departments', 'sysadmin');
  const c = await get('/api/v1/carriers');
  const people = await get('/api/v1/people', 'sysadmin');
  assert.equal(p.status, 200, p.text);
  return JSON.stringify({ p: p.json.items, d: d.json.items, c: c.json.total, n: people.json.items.length });
}

async function refusedUnchanged(attempt, status, code, rule) {
  const s = await state();
  const r = await attempt();
  refused(r, status, code, rule);
  assert.equal(await state(), s, `${code}: nothing changed`);
  return r;
}

const place = async (name) => (await get('/api/v1/places', 'secadmin')).json.items.find((x) => x.name === name);
const dept = async (name) => (await get('/api/v1/departments', 'sysadmin')).json.items.find((x) => x.name === name);

async function newPlace(name) {
  const r = await post('/api/v1/places', { name, kind: 'safe', max_level: '绝密' }, 'secadmin');
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function newDept(name) {
  const r = await post('/api/v1/departments', { name }, 'sysadmin');
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const secret = (placeName, extra = {}) => ({
  title: '关于存放地点停用测试的通知', level: '秘密', doc_number: `测发〔2026〕${Math.floor(Math.random() * 1e6)}号`,
  serial_number: 1, pages: 2, producer: '省教育厅', sender: '市教育局', place: placeName, scope: ['办公室'], ...extra,
});

test('the lists mark each place and department retired or not, with holdings and former names', async () => {
  const p = await get('/api/v1/places', 'staff');
  assert.equal(p.status, 200, p.text);
  const safe = p.json.items.find((x) => x.name === '机要室保密柜（一号）');
  assert.equal(safe.retired, false);
  assert.equal(safe.retired_on, null);
  assert.deepEqual(safe.former_names, []);
  assert.ok(safe.carriers > 0, 'the demo keeps carriers there');
  assert.equal(typeof safe.devices, 'number');
  const d = await get('/api/v1/departments', 'staff');
  const office = d.json.items.find((x) => x.name === '办公室');
  assert.equal(office.retired, false);
  assert.ok(office.people > 0);
  assert.equal(office.on_duty, true, 'the demo records a responsibility line for 办公室');
  refused(await get('/api/v1/places?retired=maybe'), 400, 'invalid_filter');
});

test('SYS-1: places are the security administrator\'s, departments the system administrator\'s', async () => {
  const pl = await newPlace('权限测试柜');
  const dp = await newDept('权限测试科');
  for (const who of ['clerk', 'sysadmin', 'auditor']) {
    await refusedUnchanged(() => post(`/api/v1/places/${pl.id}/rename`, { name: '别名柜' }, who), 403, 'role_required', 'SYS-1');
    await refusedUnchanged(() => post(`/api/v1/places/${pl.id}/retire`, {}, who), 403, 'role_required', 'SYS-1');
  }
  for (const who of ['clerk', 'secadmin', 'auditor']) {
    await refusedUnchanged(() => post(`/api/v1/departments/${dp.id}/rename`, { name: '别名科' }, who), 403, 'role_required', 'SYS-1');
    await refusedUnchanged(() => post(`/api/v1/departments/${dp.id}/retire`, {}, who), 403, 'role_required', 'SYS-1');
  }
});

test('a place renamed keeps its former name; its carriers show the new one; the audit has both', async () => {
  const pl = await newPlace('更名测试柜');
  const c = await post('/api/v1/carriers', secret('更名测试柜'));
  assert.equal(c.status, 201, c.text);
  await refusedUnchanged(() => post(`/api/v1/places/${pl.id}/rename`, { name: '更名测试柜' }, 'secadmin'), 400, 'same_name', null);
  await refusedUnchanged(() => post(`/api/v1/places/${pl.id}/rename`, { name: '机要室保密柜（一号）' }, 'secadmin'), 409, 'name_taken', null);
  await refusedUnchanged(() => post(`/api/v1/places/${pl.id}/rename`, { name: '' }, 'secadmin'), 400, undefined, undefined);
  const from = day();
  const r = await post(`/api/v1/places/${pl.id}/rename`, { name: '二号楼保密柜' }, 'secadmin');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.name, '二号楼保密柜');
  assert.deepEqual(r.json.former_names.map((x) => x.name), ['更名测试柜']);
  assertUnitToday(r.json.former_names[0].until, from, 'the former name ends today');
  const shown = await get(`/api/v1/carriers/${c.json.id}`);
  assert.equal(shown.json.place, '二号楼保密柜', shown.text);
  const ev = await get('/api/v1/audit/events?action=place.rename', 'auditor');
  assert.equal(ev.status, 200, ev.text);
  const e = ev.json.items.find((x) => x.object === `place:${pl.id}` && x.outcome === 'ok');
  assert.ok(e, ev.text);
  assert.equal(e.detail.old_name, '更名测试柜');
  assert.equal(e.detail.name, '二号楼保密柜');
});

test('KEEP-1: a place is retired only empty, once, on a day not after today; then takes no carrier', async () => {
  const pl = await newPlace('停用测试柜');
  const c = await post('/api/v1/carriers', secret('停用测试柜'));
  assert.equal(c.status, 201, c.text);
  await refusedUnchanged(() => post(`/api/v1/places/${pl.id}/retire`, {}, 'secadmin'), 409, 'place_not_empty', 'KEEP-1');
  const mv = await post(`/api/v1/carriers/${c.json.id}/move`, { place: '机要室保密柜（一号）', reason: '存放地点停用' });
  assert.equal(mv.status, 200, mv.text);
  await refusedUnchanged(() => post(`/api/v1/places/${pl.id}/retire`, { on: day(2) }, 'secadmin'), 400, 'retire_day_invalid', 'KEEP-1');
  await refusedUnchanged(() => post(`/api/v1/places/${pl.id}/retire`, { on: '明天' }, 'secadmin'), 400, 'retire_day_invalid', 'KEEP-1');
  const from = day();
  const r = await post(`/api/v1/places/${pl.id}/retire`, {}, 'secadmin');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.retired, true);
  assertUnitToday(r.json.retired_on, from, 'retired today');
  await refusedUnchanged(() => post(`/api/v1/places/${pl.id}/retire`, {}, 'secadmin'), 409, 'already_retired', 'KEEP-1');
  await refusedUnchanged(() => post('/api/v1/carriers', secret('停用测试柜')), 409, 'place_retired', 'KEEP-1');
  await refusedUnchanged(() => post(`/api/v1/carriers/${c.json.id}/move`, { place: String(pl.id) }), 409, 'place_retired', 'KEEP-1');
  // The lists: all, each marked; ?retired=false for the pickers; ?retired=true the retired only.
  assert.equal((await place('停用测试柜')).retired, true);
  const open = (await get('/api/v1/places' + q({ retired: 'false' }))).json.items;
  assert.ok(!open.some((x) => x.id === pl.id) && open.length > 0);
  const gone = (await get('/api/v1/places' + q({ retired: 'true' }))).json.items;
  assert.ok(gone.some((x) => x.id === pl.id) && gone.every((x) => x.retired));
  // A retired place may still be renamed (its history stays).
  const rn = await post(`/api/v1/places/${pl.id}/rename`, { name: '停用测试柜（旧）' }, 'secadmin');
  assert.equal(rn.status, 200, rn.text);
  assert.equal(rn.json.retired_on, r.json.retired_on);
});

test('DEV-1: a place where a device stands is not retired', async () => {
  const pl = await newPlace('设备间保密柜');
  const dv = await post('/api/v1/devices', { number: 'ORGADM-U1', kind: 'usb', level: '秘密', holder: 'hulin', place: '设备间保密柜' });
  assert.equal(dv.status, 201, dv.text);
  assert.equal((await place('设备间保密柜')).devices, 1);
  await refusedUnchanged(() => post(`/api/v1/places/${pl.id}/retire`, {}, 'secadmin'), 409, 'place_has_devices', 'DEV-1');
});

test('ORG-1: a department with people is not retired; an empty one is, and then takes nobody', async () => {
  await refusedUnchanged(async () => post(`/api/v1/departments/${(await dept('办公室')).id}/retire`, {}, 'sysadmin'), 409, 'department_has_people', 'ORG-1');
  const full = await newDept('人员测试科');
  const p = await post('/api/v1/people', { name: '停用测试人', department: '人员测试科' }, 'sysadmin');
  assert.equal(p.status, 201, p.text);
  assert.equal((await dept('人员测试科')).people, 1);
  await refusedUnchanged(() => post(`/api/v1/departments/${full.id}/retire`, {}, 'sysadmin'), 409, 'department_has_people', 'ORG-1');

  const dp = await newDept('停用测试科');
  await refusedUnchanged(() => post(`/api/v1/departments/${dp.id}/retire`, { on: day(3) }, 'sysadmin'), 400, 'retire_day_invalid', 'ORG-1');
  const on = day(-2);
  const r = await post(`/api/v1/departments/${dp.id}/retire`, { on }, 'sysadmin');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.retired_on, on);
  await refusedUnchanged(() => post(`/api/v1/departments/${dp.id}/retire`, {}, 'sysadmin'), 409, 'already_retired', 'ORG-1');
  await refusedUnchanged(() => post('/api/v1/people', { name: '新来的人', department: '停用测试科' }, 'sysadmin'), 409, 'department_retired', 'ORG-1');
  await refusedUnchanged(() => post('/api/v1/accounts', { username: 'orgadm_new', name: '新账户人', department: String(dp.id) }, 'sysadmin'), 409, 'department_retired', 'ORG-1');
  await refusedUnchanged(() => post('/api/v1/places', { name: '停用科的柜', kind: 'safe', max_level: '机密', department: '停用测试科' }, 'secadmin'), 409, 'department_retired', 'ORG-1');
  await refusedUnchanged(() => post('/api/v1/duty/departments', { department: '停用测试科', leader: 'leader', clerk: 'clerk', since: day() }), 409, 'department_retired', 'ORG-1');
  await refusedUnchanged(() => post('/api/v1/carriers', secret('机要室保密柜（一号）', { department: '停用测试科' })), 409, 'department_retired', 'ORG-1');
  const open = (await get('/api/v1/departments' + q({ retired: 'false' }))).json.items;
  assert.ok(!open.some((x) => x.id === dp.id));
  assert.equal((await dept('停用测试科')).retired, true);
});

test('KEEP-6: a department owning carriers still held is not retired', async () => {
  const dp = await newDept('载体测试科');
  const c = await post('/api/v1/carriers', secret('机要室保密柜（一号）', { department: '载体测试科' }));
  assert.equal(c.status, 201, c.text);
  assert.equal((await dept('载体测试科')).carriers, 1);
  await refusedUnchanged(() => post(`/api/v1/departments/${dp.id}/retire`, {}, 'sysadmin'), 409, 'department_holds_carriers', 'KEEP-6');
});

test('a department renamed keeps its former name; the name and code stay unique', async () => {
  const dp = await newDept('更名测试科');
  await refusedUnchanged(() => post(`/api/v1/departments/${dp.id}/rename`, { name: '办公室' }, 'sysadmin'), 409, 'name_taken', null);
  await refusedUnchanged(() => post(`/api/v1/departments/${dp.id}/rename`, { name: '更名测试科' }, 'sysadmin'), 400, 'same_name', null);
  const from = day();
  const r = await post(`/api/v1/departments/${dp.id}/rename`, { name: '综合科' }, 'sysadmin');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.former_names.map((x) => x.name), ['更名测试科']);
  assertUnitToday(r.json.former_names[0].until, from, 'the former name ends today');
  const r2 = await post(`/api/v1/departments/${dp.id}/rename`, { name: '综合管理科' }, 'sysadmin');
  assert.deepEqual(r2.json.former_names.map((x) => x.name), ['更名测试科', '综合科'], 'oldest first');
  const ev = await get('/api/v1/audit/events?action=department.rename', 'auditor');
  assert.ok(ev.json.items.some((x) => x.object === `department:${dp.id}` && x.detail.old_name === '综合科'), ev.text);
  await refusedUnchanged(() => post('/api/v1/departments/999999/rename', { name: 'x' }, 'sysadmin'), 404, 'unknown_department', null);
});
