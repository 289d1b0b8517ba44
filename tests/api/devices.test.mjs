// tests/api/devices.test.mjs — the device and media register (涉密设备与存储介质,
// DEV-1..7, KEEP-2; issue 10 point 3) through the real server on the demo unit:
// registration of each kind; every refusal (DEV-1 number and holder, PERSON-1
// holder not cleared, PERSON-2 no commitment, DEV-4 content above the policy,
// DEV-7 operator / fax encryption / 绝密 fax, DEV-2 lowering by the clerk and
// by the leader, DEV-5 repair conditions, DEV-6 scrapping without an approved
// request, with one witness, with the requester as witness, DEV-3 no login),
// each with its rule and nothing changed; a raise, a hand-over, a repair, the
// DEV-3 alert flag, the label's QR payload, departure refused while a device is
// held (KEEP-2), and scrapping from request to execution.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, unitDay, PW } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'leader', 'staff', 'hulin', 'secadmin']) tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });
let seq = 0;
const num = (p) => `${p}-T${++seq}`;

// The whole register as the clerk sees it (to prove a refusal changed nothing).
async function register() {
  const r = await get('/api/v1/devices');
  assert.equal(r.status, 200, r.text);
  return JSON.stringify(r.json.items);
}

// Expects the attempt refused with status, code and rule, and the register unchanged.
async function refusedUnchanged(attempt, status, code, rule) {
  const before = await register();
  refused(await attempt(), status, code, rule);
  assert.equal(await register(), before, `${code}: the register did not change`);
}

async function add(body, who = 'clerk') {
  const r = await post('/api/v1/devices', body, who);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('DEV-1: every kind registers with its number, level and one person', async () => {
  const kinds = ['computer', 'laptop', 'usb', 'removable_disk', 'optical_disc', 'printer', 'copier', 'fax', 'shredder'];
  for (const kind of kinds) {
    const office = ['printer', 'copier', 'fax'].includes(kind);
    const d = await add({ number: num(kind), kind, level: '秘密', holder: 'hulin', place: '信息中心',
      ...(office ? { operator: 'hulin', encrypted: kind === 'fax' } : {}) });
    assert.equal(d.kind, kind);
    assert.equal(d.level, 'confidential');
    assert.equal(d.holder, '胡琳');
    assert.equal(d.status, 'in_use');
    assert.equal(d.label, `baomi:device:${d.id}`);
    assert.equal(d.history[0].action, 'device.register');
  }
  const list = await get('/api/v1/devices?kind=usb');
  assert.ok(list.json.items.every((d) => d.kind === 'usb') && list.json.items.length >= 1);
  const found = await get('/api/v1/devices?q=' + encodeURIComponent('shredder-T'));
  assert.ok(found.json.items.length >= 1 && found.json.items.every((d) => d.number.includes('shredder-T')));
});

test('DEV-1, PERSON-1/2, DEV-4, DEV-7: registration refusals change nothing', async () => {
  await refusedUnchanged(() => post('/api/v1/devices', { number: '', kind: 'usb', level: '秘密', holder: 'hulin' }), 400, 'number_required', 'DEV-1');
  await refusedUnchanged(() => post('/api/v1/devices', { number: num('U'), kind: 'usb', level: '秘密' }), 400, 'holder_required', 'DEV-1');
  await refusedUnchanged(() => post('/api/v1/devices', { number: num('U'), kind: 'toaster', level: '秘密', holder: 'hulin' }), 400, 'invalid_device_kind', 'DEV-1');
  await refusedUnchanged(() => post('/api/v1/devices', { number: num('U'), kind: 'usb', level: '机密', holder: 'staff' }), 403, 'holder_not_cleared', 'PERSON-1');
  await refusedUnchanged(() => post('/api/v1/devices', { number: num('U'), kind: 'usb', level: '秘密', holder: 'linxue' }), 403, undefined, 'PERSON-2');
  await refusedUnchanged(() => post('/api/v1/devices', { number: num('U'), kind: 'usb', level: '绝密', holder: 'clerk' }), 403, 'electronic_level', 'DEV-4');
  await refusedUnchanged(() => post('/api/v1/devices', { number: num('P'), kind: 'printer', level: '秘密', holder: 'hulin' }), 400, 'operator_required', 'DEV-7');
  await refusedUnchanged(() => post('/api/v1/devices', { number: num('F'), kind: 'fax', level: '机密', holder: 'hulin', operator: 'hulin' }), 403, 'fax_encryption_required', 'DEV-7');
  await refusedUnchanged(() => post('/api/v1/devices', { number: num('F'), kind: 'fax', level: '绝密', holder: 'clerk', operator: 'clerk', encrypted: true }), 403, 'fax_top_secret', 'DEV-7');
  await refusedUnchanged(() => post('/api/v1/devices', { number: num('U'), kind: 'usb', level: '秘密', holder: 'hulin' }, 'staff'), 403, 'role_required', 'DEV-1');
  const d = await add({ number: num('DUP'), kind: 'usb', level: '秘密', holder: 'hulin' });
  await refusedUnchanged(() => post('/api/v1/devices', { number: d.number, kind: 'usb', level: '秘密', holder: 'hulin' }), 409, 'number_taken', 'DEV-1');
});

test('DEV-2: a medium is raised, never lowered, whoever asks', async () => {
  const d = await add({ number: num('U'), kind: 'usb', level: '秘密', holder: 'hulin' });
  const up = await post(`/api/v1/devices/${d.id}/level`, { level: '机密', reason: '存入机密文件' });
  assert.equal(up.status, 200, up.text);
  assert.equal(up.json.level, 'secret');
  assert.equal(up.json.history.at(-1).action, 'device.level');
  await refusedUnchanged(() => post(`/api/v1/devices/${d.id}/level`, { level: '秘密' }), 403, 'device_level_down', 'DEV-2');
  await refusedUnchanged(() => post(`/api/v1/devices/${d.id}/level`, { level: '非密' }, 'leader'), 403, 'device_level_down', 'DEV-2');
  // DEV-4: raised no higher than the policy allows electronic content
  await refusedUnchanged(() => post(`/api/v1/devices/${d.id}/level`, { level: '绝密' }), 403, 'electronic_level', 'DEV-4');
  const c = await add({ number: num('PC'), kind: 'computer', level: '秘密', holder: 'hulin' });
  await refusedUnchanged(() => post(`/api/v1/devices/${c.id}/level`, { level: '内部' }), 403, 'device_level_down', 'DEV-2');
});

test('KEEP-2, PERSON-1: hand-over to a person cleared for the level', async () => {
  const d = await add({ number: num('L'), kind: 'laptop', level: '机密', holder: 'hulin' });
  await refusedUnchanged(() => post(`/api/v1/devices/${d.id}/assign`, { holder: 'staff' }), 403, 'holder_not_cleared', 'PERSON-1');
  const r = await post(`/api/v1/devices/${d.id}/assign`, { holder: 'zhouwei', place: '办公室' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.holder, '周伟');
  assert.equal(r.json.place, '办公室');
  assert.equal(r.json.history.at(-1).action, 'device.assign');
});

test('DEV-5: a repair on site, supervised, storage removed', async () => {
  const d = await add({ number: num('PC'), kind: 'computer', level: '秘密', holder: 'hulin' });
  const ok = { supervisor: '马杰', technician: '王师傅', company: '某维修公司', storage: 'removed', fault: '电源损坏' };
  await refusedUnchanged(() => post(`/api/v1/devices/${d.id}/repairs`, { ...ok, off_site: true }), 403, 'repair_off_site', 'DEV-5');
  await refusedUnchanged(() => post(`/api/v1/devices/${d.id}/repairs`, { ...ok, supervisor: '' }), 400, 'supervisor_required', 'DEV-5');
  await refusedUnchanged(() => post(`/api/v1/devices/${d.id}/repairs`, { ...ok, technician: undefined }), 400, 'technician_required', 'DEV-5');
  await refusedUnchanged(() => post(`/api/v1/devices/${d.id}/repairs`, { ...ok, storage: 'none' }), 403, 'storage_not_removed', 'DEV-5');
  const u = await add({ number: num('U'), kind: 'usb', level: '秘密', holder: 'hulin' });
  await refusedUnchanged(() => post(`/api/v1/devices/${u.id}/repairs`, { ...ok, storage: 'degaussed' }), 403, 'storage_not_degaussable', 'DEV-5');
  const r = await post(`/api/v1/devices/${d.id}/repairs`, ok);
  assert.equal(r.status, 200, r.text);
  const line = r.json.history.at(-1);
  assert.equal(line.action, 'device.repair');
  assert.equal(line.detail.supervisor, '马杰');
  assert.equal(line.detail.storage, 'removed');
});

test('DEV-3: a computer without a recorded password change is due; recording it clears the flag', async () => {
  const d = await add({ number: num('PC'), kind: 'computer', level: '秘密', holder: 'hulin' });
  assert.equal(d.password_due, true);
  const r = await post(`/api/v1/devices/${d.id}/password`, {}, 'hulin');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.password_due, false);
  assert.ok(r.json.password_due_on);
  const u = await add({ number: num('U'), kind: 'usb', level: '秘密', holder: 'hulin' });
  await refusedUnchanged(() => post(`/api/v1/devices/${u.id}/password`, {}), 400, 'no_login', 'DEV-3');
});

// DEV-3 in GET /api/v1/alerts: the clerk and the responsible person are told, nobody else.
test('DEV-3: a password due, or due within the notice, is an alert until it is changed', async () => {
  const alerts = async (who, code) => {
    const r = await get(`/api/v1/alerts?kind=${code}`, who);
    assert.equal(r.status, 200, r.text);
    return r.json.items;
  };
  const d = await add({ number: num('PC'), kind: 'computer', level: '秘密', holder: 'hulin' });
  const daysAgo = (n) => unitDay(-n); // the unit's day (UTC+8), as the server counts DEV-3's age
  const soon = await add({ number: num('PC'), kind: 'laptop', level: '秘密', holder: 'hulin',
    password_changed_on: daysAgo(25) });
  const fresh = await add({ number: num('PC'), kind: 'computer', level: '秘密', holder: 'hulin',
    password_changed_on: daysAgo(1) });
  for (const who of ['clerk', 'hulin']) {
    const due = (await alerts(who, 'device_password_due')).find((a) => a.device_id === d.id);
    assert.ok(due, `${who} is told of the computer due`);
    assert.equal(due.rule, 'DEV-3');
    assert.equal(due.urgency, 'medium');
    assert.match(due.message, new RegExp(d.number));
    assert.match(due.message_en, /DEV-3/);
    const warned = (await alerts(who, 'device_password_due_soon')).find((a) => a.device_id === soon.id);
    assert.ok(warned, `${who} is warned of the laptop due within the notice`);
    assert.equal(warned.rule, 'DEV-3');
    assert.equal(warned.days_overdue, 0);
  }
  for (const code of ['device_password_due', 'device_password_due_soon']) {
    assert.ok(!(await alerts('clerk', code)).some((a) => a.device_id === fresh.id), 'changed yesterday: none');
    assert.ok(!(await alerts('staff', code)).some((a) => [d.id, soon.id].includes(a.device_id)),
      'staff is not told of hulin\'s computers');
  }
  const r = await post(`/api/v1/devices/${d.id}/password`, {}, 'hulin');
  assert.equal(r.status, 200, r.text);
  assert.ok(!(await alerts('clerk', 'device_password_due')).some((a) => a.device_id === d.id),
    'changed: the alert is gone');
});

test('DEV-1: the label carries the QR payload baomi:device:N', async () => {
  const d = await add({ number: num('U'), kind: 'usb', level: '秘密', holder: 'hulin' });
  const r = await fetch(`${url}/api/v1/devices/${d.id}/label.svg`, { headers: { authorization: `Bearer ${tok.clerk}` } });
  assert.equal(r.status, 200);
  const svg = await r.text();
  assert.match(svg, new RegExp(`<title>baomi:device:${d.id}</title>`));
  assert.match(svg, /秘密/);
  const hidden = await get(`/api/v1/devices/${d.id}`, 'staff');
  refused(hidden, 404, 'unknown_device', 'DEV-1');
});

test('KEEP-2: departure is refused while the person is responsible for a device', async () => {
  const people = await get('/api/v1/people');
  const heping = people.json.items.find((p) => p.username === 'heping');
  const d = await add({ number: num('U'), kind: 'usb', level: '秘密', holder: 'heping' });
  const r = await post(`/api/v1/people/${heping.id}/depart`, { left_on: unitDay() }, 'secadmin');
  refused(r, 403, 'devices_held', 'KEEP-2');
  assert.equal((await get(`/api/v1/devices/${d.id}`)).json.holder, '何平');
});

test('DEV-6: scrapping is an approved request executed with witnesses', async () => {
  const d = await add({ number: num('U'), kind: 'usb', level: '秘密', holder: 'hulin' });
  // the request names a device and an irrecoverable method
  refused(await post('/api/v1/requests', { op: 'scrap', carrier_ids: [], reason: '损坏', params: { device_id: d.id, method: 'format' } }),
    403, 'method_recoverable', 'DESTROY-3');
  refused(await post('/api/v1/requests', { op: 'scrap', carrier_ids: [], reason: '损坏', params: { device_id: 999999 } }),
    404, 'unknown_device', 'DEV-1');
  const req = await post('/api/v1/requests', { op: 'scrap', carrier_ids: [], reason: '损坏', params: { device_id: d.id, method: 'physical' } });
  assert.equal(req.status, 201, req.text);
  assert.equal(req.json.status.code, 'pending');
  await refusedUnchanged(() => post(`/api/v1/devices/${d.id}/scrap`, { request_id: req.json.id, witnesses: ['zhouwei', 'xujun'] }), 403, 'not_approved', 'DEV-6');
  const ap = await post(`/api/v1/requests/${req.json.id}/approve`, { comment: '同意' }, 'leader');
  assert.equal(ap.status, 200, ap.text);
  const own = (person) => ({ person, password: PW });
  const scrap = (id, witnesses) => post(`/api/v1/devices/${id}/scrap`, { request_id: req.json.id, witnesses });
  await refusedUnchanged(() => scrap(d.id, [own('zhouwei')]), 403, 'witnesses_required', 'DESTROY-2');
  await refusedUnchanged(() => scrap(d.id, [own('zhouwei'), own('clerk')]), 403, 'requester_witness', 'DESTROY-2');
  const other = await add({ number: num('U'), kind: 'usb', level: '秘密', holder: 'hulin' });
  await refusedUnchanged(() => scrap(other.id, [own('zhouwei'), own('xujun')]), 400, 'wrong_device', 'DEV-6');
  const r = await scrap(d.id, [own('zhouwei'), own('xujun')]);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'scrapped');
  assert.equal(r.json.history.at(-1).action, 'device.scrap');
  assert.deepEqual(r.json.history.at(-1).detail.witness_receipts, ['password', 'password']);
  assert.deepEqual(r.json.history.at(-1).detail.witness_names, ['周伟', '徐军']);
  assert.equal(r.json.history.at(-1).detail.method, 'physical');
  assert.equal((await get(`/api/v1/requests/${req.json.id}`)).json.status.code, 'executed');
  // DEV-6: a scrapped device stays in the register and changes no more
  await refusedUnchanged(() => post(`/api/v1/devices/${d.id}/level`, { level: '机密' }), 409, 'device_scrapped', 'DEV-6');
  await refusedUnchanged(() => post(`/api/v1/devices/${d.id}/assign`, { holder: 'zhouwei' }), 409, 'device_scrapped', 'DEV-6');
});

test('DEV-5, REG-1: the 验收人 accepts the repaired device with their own password; a name is no signature', async () => {
  const d = await add({ number: num('JSJ'), kind: 'computer', level: '秘密', holder: 'hulin' });
  const r = await post(`/api/v1/devices/${d.id}/repairs`, { supervisor: '马杰', technician: '王师傅', storage: 'removed' });
  assert.equal(r.status, 200, r.text);
  const end = (body) => post(`/api/v1/devices/${d.id}/repairs/end`, { result: '已修复', ...body });
  // Only named by the clerk: the 验收人 did not confirm.
  await refusedUnchanged(() => end({ checked_by: 'majie' }), 400, 'holder_confirmation_required', 'DEV-5');
  // A typed name is no signature, nor is paper for somebody with an account.
  await refusedUnchanged(() => end({ checked_by: 'majie', checked_by_signature: '马杰' }), 400, 'typed_signature', 'DEV-5');
  await refusedUnchanged(() => end({ checked_by: 'majie', checked_by_on_paper: true }), 400, 'holder_password_required', 'DEV-5');
  // Somebody not of the unit's people.
  await refusedUnchanged(() => end({ checked_by: '外单位维修人员', checked_by_password: PW }), 404, 'unknown_person', 'DEV-5');
  // A wrong password: refused, audited without the password.
  const wrong = await end({ checked_by: 'majie', checked_by_password: 'Wrong@pass1' });
  refused(wrong, 403, 'holder_password_wrong', 'DEV-5');
  assert.match(wrong.json.error.message, /验收人“马杰”/);
  const audit = await call(url, 'GET', '/api/v1/audit/events?action=device.repair_end&order=desc&limit=1', { token: await login(url, 'auditor') });
  assert.equal(audit.json.items[0].outcome, 'refused');
  assert.ok(JSON.stringify(audit.json.items[0]).includes('wrong'));
  assert.ok(!JSON.stringify(audit.json.items[0]).includes('Wrong@pass1'), 'the password is never audited');
  assert.equal((await get(`/api/v1/devices/${d.id}`)).json.status, 'repair');
  // 马杰 confirms himself: the person and how are kept with the repair.
  const ok = await end({ checked_by: 'majie', checked_by_password: PW });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'in_use');
  const last = ok.json.history.at(-1);
  assert.equal(last.detail.checked_by, '马杰');
  assert.equal(last.detail.checked_by_receipt, 'password');
  assert.ok(last.detail.checked_by_id > 0);
  assert.ok(!JSON.stringify(ok.json).includes(PW));
  // The repair register (涉密设备维修登记簿) says how the 验收人 confirmed and leaves 验收人签字 for the pen.
  const reg = await get('/api/v1/device-repairs');
  assert.equal(reg.status, 200, reg.text);
  const row = reg.json.items.find((x) => x.device_id === d.id);
  assert.ok(row, reg.text);
  assert.equal(row.checked_by, '马杰');
  assert.equal(row.checked_by_receipt, 'password');
  assert.match(row.acceptance, /^本人口令确认 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  assert.equal(row.supervisor, '马杰');
  const csv = await call(url, 'GET', '/api/v1/device-repairs?format=csv', { token: tok.clerk });
  assert.equal(csv.status, 200, csv.text);
  const lines = csv.text.split(/\r\n/);
  const head = lines.find((l) => l.includes('验收人签字')).split(',');
  assert.deepEqual(head.slice(-3), ['验收人', '验收确认', '验收人签字']);
  const line = lines.find((l) => l.includes(d.number)).split(',');
  assert.match(line.at(-2), /^本人口令确认 /);
  assert.equal(line.at(-1), '', '验收人签字 blank for the pen');
});

test('every device change is audited', async () => {
  const r = await call(url, 'GET', '/api/v1/audit/events?action=device.register&limit=5', { token: await login(url, 'auditor') });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.length >= 1 && r.json.items.every((e) => e.action === 'device.register'), r.text);
});
