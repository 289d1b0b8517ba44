// tests/api/import_registers.test.mjs — POST /api/v1/imports/devices and
// /api/v1/imports/people (issue 15 point 1) through the real server: the body is
// the file (CSV written here, .xlsx made by tests/tools/ledger_files.py's writer,
// a title row merged across the sheet). A dry run reports row by row (200) and
// creates nothing; a real run imports all rows or none (201 or the first refusal's
// status with the report beside the error); each refused row names its rule ID and
// code in zh and en; a refused file changes nothing, not the register, not the
// history; only the clerk imports devices (DEV-1; SYS-1 keeps the administrators
// out), only the security administrator people (PERSON-2), and an import of people
// never makes an account (SYS-1).
import assert from 'node:assert/strict';
import { test, before, after } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoUnit, startServer, call, login, refused, q, approveFiling, query } from './lib.mjs';

const TOOLS = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let unit, srv, url, files;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'staff', 'secadmin', 'sysadmin']) tok[u] = await login(url, u);
  // A new colleague: an account (the system administrator's, approved), not yet in the register.
  const a = await call(url, 'POST', '/api/v1/accounts', { token: tok.sysadmin, body: { username: 'irnew', name: '冯导入', department: '办公室' } });
  assert.equal(a.status, 201, a.text);
  await approveFiling(url, a, tok.secadmin);
  files = mkdtempSync(join(tmpdir(), 'baomi-import-reg-'));
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
  if (files) rmSync(files, { recursive: true, force: true });
});

const sql = (s) => query(unit, s);
const csvCell = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function csv(name, rows) {
  writeFileSync(join(files, name), '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n');
}
// An .xlsx of inline strings with merged ranges (the suite's own writer, ledger_files.xlsx_simple).
function xlsx(name, rows, merges) {
  execFileSync('python3', ['-c',
    'import sys, json; sys.path.insert(0, sys.argv[1]); import ledger_files as L; ' +
    'open(sys.argv[2], "wb").write(L.xlsx_simple(json.loads(sys.argv[3]), json.loads(sys.argv[4])))',
    TOOLS, join(files, name), JSON.stringify(rows), JSON.stringify(merges)]);
}
const upload = (kind, file, params = {}, who, type = 'text/csv') =>
  call(url, 'POST', `/api/v1/imports/${kind}` + q({ name: file, ...params }),
    { token: tok[who], raw: readFileSync(join(files, file)), type });

// What the device register holds, its history and the audit trail's import events.
const devices = () => sql('SELECT count(*) || \'/\' || (SELECT count(*) FROM device_event) FROM device');
// The register of people: every person's columns and history.
const people = () => sql(`SELECT coalesce(person_class,'') || coalesce(vetted_on,'') || coalesce(vetting_result,'') ||
  coalesce(cleared_on,'') || coalesce(commitment_signed_on,'') || coalesce(post,'') FROM person ORDER BY id`) + '/' + sql('SELECT count(*) FROM person_event');
// The audit events of an import of `file`, in order: { action, detail } (the detail parsed here,
// not by either engine's JSON functions).
const imported = (file) => sql("SELECT action, detail FROM audit_event WHERE detail LIKE '%import_file%' ORDER BY seq")
  .split('\n').filter(Boolean)
  .map((l) => ({ action: l.slice(0, l.indexOf('|')), detail: JSON.parse(l.slice(l.indexOf('|') + 1)) }))
  .filter((e) => e.detail.import_file === file);
const persons = () => sql('SELECT count(*) FROM person');
const events = (action) => Number(sql(`SELECT count(*) FROM audit_event WHERE action = '${action}'`));
const byRow = (rep, n) => rep.rows.find((x) => x.row === n);

const DEV_HEAD = ['序号', '设备编号', '设备名称', '设备类型', '密级', '品牌型号', '序列号', '责任人', '使用地点', '启用日期', '状态'];

test('devices: a dry run reports row by row (200) and creates nothing; the title row and blank lines are skipped', async () => {
  csv('dev_good.csv', [['涉密设备台账', '', '', '', '', '', '', '', '', '', ''], DEV_HEAD,
    ['1', 'ＩＲ-PC-1', '考务台式机', '台式机', '秘密', '联想M720', 'IRSN1', '胡琳', '考试保密室', '2024.5.6', '在用'],
    [], ['2', 'IR-U-2', '财务U盘', '优盘', '秘密', '朗科', 'IRSN2', '郑强', '财务科', '2025年1月2日', '在用']]);
  const d0 = devices(), dry0 = events('device.import_dry_run'), reg0 = events('device.register');
  const r = await upload('devices', 'dev_good.csv', { dry_run: '1' }, 'clerk');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dry_run, true);
  assert.equal(r.json.imported, false);
  assert.deepEqual(r.json.header_rows, [2, 2], 'the title row skipped');
  assert.deepEqual(r.json.rows.map((x) => [x.row, x.ok]), [[3, true], [5, true]], 'the blank line skipped');
  assert.deepEqual(r.json.columns.map((c) => c.field ?? '-'),
    ['-', 'number', 'name', 'kind', 'level', 'model', 'serial', 'holder', 'place', 'in_use_on', 'status']);
  assert.equal(r.json.rows[0].summary_en, 'IR-PC-1 · classified computer · confidential · held by 胡琳', 'the full-width number made ASCII');
  assert.match(r.json.rows[0].summary, /IR-PC-1/);
  assert.match(r.json.rows[0].sm3, /^[0-9a-f]{64}$/);
  assert.equal(devices(), d0, 'no device, no history');
  assert.equal(events('device.register'), reg0, 'nothing registered');
  assert.equal(events('device.import_dry_run'), dry0 + 1, 'the dry run audited once (SYS-3)');
});

test('devices: refused rows by rule ID (dry run 200 … real run refused), a refused file changes nothing', async () => {
  csv('dev_bad.csv', [['设备编号', '设备类型', '密级', '责任人', '操作员', '状态'],
    ['IR-U-201', 'U盘', '秘密', '胡琳', '', '在用'],
    ['IR-U-201', 'U盘', '秘密', '胡琳', '', '在用'],
    ['IR-PC-202', '台式机', '秘密', '胡琳', '', '报废'],
    ['IR-U-203', 'U盘', '机密', '杨帆', '', '在用'],
    ['IR-X-204', '一体机', '秘密', '胡琳', '', '在用'],
    ['IR-PR-205', '打印机', '秘密', '胡琳', '', '在用'],
    ['IR-U-206', 'U盘', '秘密', '王不在', '', '在用']]);
  const d0 = devices();
  const dry = await upload('devices', 'dev_bad.csv', { dry_run: '1' }, 'clerk');
  // A dry run reports every row, refused ones too (200); it creates nothing.
  assert.equal(dry.status, 200, dry.text);
  const rep = dry.json;
  assert.equal(rep.dry_run, true);
  assert.equal(rep.refused, 6);
  assert.equal(byRow(rep, 2).ok, true, 'row 2 would import');
  const why = (n) => { const e = byRow(rep, n).error; return `${e.rule ?? ''}|${e.code}`; };
  assert.equal(why(3), 'DEV-1|number_taken');
  assert.equal(byRow(rep, 3).error.message_en, "number 'IR-U-201' is the same as row 2's of the file (one number, one device)");
  assert.ok(byRow(rep, 3).error.message.length > 0, 'the zh message');
  assert.equal(why(4), 'DEV-6|import_not_in_use');
  assert.equal(why(5), 'PERSON-1|holder_not_cleared');
  assert.equal(why(6), '|import_device_kind');
  assert.equal(byRow(rep, 6).column, '设备类型', 'not guessed: the column named');
  assert.equal(why(7).split('|')[0], 'DEV-7');
  assert.equal(why(8).split('|')[1], 'unknown_person');
  assert.equal(devices(), d0, 'the dry run wrote nothing');
  const real = await upload('devices', 'dev_bad.csv', {}, 'clerk');
  assert.equal(real.status, 409, real.text);
  assert.equal(real.json.error.rule, 'DEV-1');
  assert.equal(real.json.error.code, 'number_taken');
  assert.ok(real.json.error.message && real.json.error.message_en, 'zh and en');
  assert.equal(real.json.import.imported, false);
  assert.equal(devices(), d0, 'all or none: not even row 2');
  assert.equal(sql("SELECT outcome || '|' || rule FROM audit_event WHERE action = 'device.import' ORDER BY seq DESC LIMIT 1"), 'refused|DEV-1');
});

test('devices: only the clerk imports (DEV-1); the administrators handle none (SYS-1)', async () => {
  const d0 = devices();
  refused(await upload('devices', 'dev_good.csv', { dry_run: '1' }, 'staff'), 403, 'role_required', 'DEV-1');
  const s = await upload('devices', 'dev_good.csv', {}, 'secadmin');
  assert.equal(s.status, 403, s.text);
  assert.equal(s.json.error.rule, 'SYS-1');
  assert.equal(devices(), d0);
});

test('devices: a good 台账 imports every row (201), each audited with the file, its row and SM3; again: refused, nothing', async () => {
  const d0 = Number(sql('SELECT count(*) FROM device'));
  const r = await upload('devices', 'dev_good.csv', {}, 'clerk');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.imported, true);
  assert.equal(Number(sql('SELECT count(*) FROM device')), d0 + 2);
  const d = await call(url, 'GET', `/api/v1/devices/${r.json.rows[0].id}`, { token: tok.clerk });
  assert.equal(d.status, 200, d.text);
  assert.deepEqual([d.json.number, d.json.kind, d.json.level, d.json.model, d.json.serial, d.json.place],
    ['IR-PC-1', 'computer', 'confidential', '联想M720', 'IRSN1', '考试保密室']);
  assert.equal(d.json.note, '设备名称：考务台式机；启用日期：2024-05-06');
  const registered = imported('dev_good.csv').filter((e) => e.action === 'device.register');
  assert.equal(registered.map((e) => `${e.detail.import_row}:${e.detail.import_sm3}`).join(','), `3:${r.json.sm3},5:${r.json.sm3}`);
  assert.deepEqual(registered.map((e) => e.detail.import_row_sm3), r.json.rows.map((x) => x.sm3));
  const d1 = devices();
  const again = await upload('devices', 'dev_good.csv', {}, 'clerk');
  assert.equal(again.status, 409, again.text);
  assert.equal(again.json.error.rule, 'DEV-1');
  assert.equal(devices(), d1, 'nothing the second time');
});

test('devices: an .xlsx with a merged title row imports the same way', async () => {
  xlsx('dev.xlsx', [['涉密设备台账'], DEV_HEAD,
    [1, 'IR-X-301', '信息中心笔记本', '笔记本', '秘密', 'ThinkPad', 'IRSN301', '马杰', '信息中心', '2025-06-01', '在用']], ['A1:K1']);
  const dry = await upload('devices', 'dev.xlsx', { dry_run: '1' }, 'clerk', XLSX);
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.json.format, 'xlsx');
  assert.deepEqual(dry.json.rows.map((x) => [x.row, x.ok]), [[3, true]]);
  const r = await upload('devices', 'dev.xlsx', {}, 'clerk', XLSX);
  assert.equal(r.status, 201, r.text);
  const d = await call(url, 'GET', `/api/v1/devices/${r.json.rows[0].id}`, { token: tok.clerk });
  assert.deepEqual([d.json.number, d.json.kind], ['IR-X-301', 'laptop']);
});

const PEOPLE_HEAD = ['序号', '姓名', '性别', '部门', '职务', '涉密等级', '审查日期', '审查结论', '保密承诺书签订日期', '培训情况', '备注'];

test('people: refused rows by rule ID; a dry run and a real run of a refused file change nothing, make no account', async () => {
  csv('people_bad.csv', [['姓名', '部门', '职务', '涉密等级', '审查日期', '审查结论', '保密承诺书签订日期'],
    ['王不在', '办公室', '科员', '一般', '2026-02-01', '通过', '2026-02-02'],
    ['钱卫东', '办公室', '驾驶员', '一般', '2026-02-01', '通过', '2026-02-02'],
    ['刘晓', '办公室', '司机', '一般', '2026-02-01', '通过', '2026-02-02'],
    ['冯导入', '财务科', '文书', '', '2026-02-01', '通过', '2026-02-02'],
    ['冯导入', '办公室', '文书', '', '2026-02-01', '', '2026-02-02']]);
  const p0 = people(), n0 = persons(), acc0 = events('account.create');
  const dry = await upload('people', 'people_bad.csv', { dry_run: '1' }, 'secadmin');
  assert.equal(dry.status, 200, dry.text);
  const rep = dry.json;
  assert.equal(rep.refused, 5);
  const why = (n) => { const e = byRow(rep, n).error; return `${e.rule ?? ''}|${e.code}`; };
  assert.equal(why(2), 'SYS-1|import_no_account');
  assert.match(byRow(rep, 2).error.message_en, /an import makes no account; the system administrator creates it/);
  assert.equal(why(3), 'PERSON-2|not_trained', 'in the register without an account, but never trained');
  assert.equal(why(4), 'PERSON-3|temporary_hire');
  assert.equal(why(5), 'SYS-1|import_department_differs');
  assert.equal(why(6), '|import_vetting');
  assert.equal(byRow(rep, 6).column, '审查日期', 'a vetting date without its result: not taken as passed');
  assert.equal(people(), p0, 'the dry run changed nothing');
  const real = await upload('people', 'people_bad.csv', {}, 'secadmin');
  assert.equal(real.status, 404, real.text);
  assert.equal(real.json.error.rule, 'SYS-1');
  assert.equal(real.json.error.code, 'import_no_account');
  assert.equal(real.json.import.imported, false);
  assert.equal(people(), p0, 'all or none');
  assert.equal(persons(), n0, 'no person made');
  assert.equal(events('account.create'), acc0, 'SYS-1: no account made');
});

test('people: only the security administrator imports the register (PERSON-2)', async () => {
  csv('people.csv', [['涉密人员登记表'], PEOPLE_HEAD,
    ['1', '冯导入', '男', '办公室', '科员', '', '2026.2.1', '合格', '2026年2月3日', '已培训', '']]);
  const p0 = people();
  refused(await upload('people', 'people.csv', { dry_run: '1' }, 'clerk'), 403, 'role_required', 'PERSON-2');
  refused(await upload('people', 'people.csv', {}, 'staff'), 403, 'role_required', 'PERSON-2');
  assert.equal(people(), p0);
});

test('people: a good 登记表 — dry run (200, nothing), then imported (201), each step audited with its row', async () => {
  const p0 = people();
  const dry = await upload('people', 'people.csv', { dry_run: '1' }, 'secadmin');
  assert.equal(dry.status, 200, dry.text);
  assert.deepEqual(dry.json.rows.map((x) => [x.row, x.ok]), [[3, true]]);
  assert.equal(dry.json.rows[0].summary_en, '冯导入 (irnew); vetted 2026-02-01 pass; post 科员; commitment 2026-02-03',
    '2026.2.1 and 2026年2月3日 read as dates');
  assert.deepEqual(dry.json.columns.filter((c) => !c.field).map((c) => c.heading), ['序号', '性别', '培训情况'], '备注 is kept as the note');
  assert.equal(people(), p0, 'the dry run wrote nothing');
  const r = await upload('people', 'people.csv', {}, 'secadmin');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.imported, true);
  assert.notEqual(people(), p0);
  const steps = imported('people.csv')
    .map((e) => `${e.action}:${e.detail.import_row}:${e.detail.import_row_sm3 === r.json.rows[0].sm3 ? 1 : 0}`).join(',');
  assert.equal(steps, 'person.vet:3:1,person.post:3:1,person.commit:3:1');
  const p = await call(url, 'GET', '/api/v1/people/register' + q({ q: '冯导入' }), { token: tok.secadmin });
  assert.equal(p.status, 200, p.text);
  const me = p.json.items.find((x) => x.name === '冯导入');
  assert.deepEqual([me.vetted_on, me.post, me.commitment_on], ['2026-02-01', '科员', '2026-02-03']);
});
