// tests/api/xlsx_trips.test.mjs — the register of trips abroad (PERSON-8, issue 15
// point 2): GET /people/trips/register lists every trip of the unit with its state, not
// only those waiting for an approval, with the filters a clerk needs (person, department,
// period, state) and ?format=csv|xlsx. The .xlsx is opened with python's standard library
// (tests/tools/xlsx_dump.py) and its cells are checked against the JSON list: title row
// with the unit, the filter and the date, Chinese headers, the class in words, frozen and
// repeated header, landscape, the signature row. The register is the people register's
// (security administrator and clerk); anyone else is refused with the rule, and each read
// is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoUnit, startServer, call, login, q, unitDay } from './lib.mjs';

const DUMP = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'xlsx_dump.py');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEAD = ['序号', '编号', '姓名', '部门', '涉密等级', '前往国家（地区）', '事由', '出发日期', '返回日期', '行前保密教育',
  '审批人', '状态', '实际出行日期', '应报告日期', '回国报告日期', '报告情况', '逾期未报告'];
// A local date `n` days from the unit's day (UTC+8 by default) when this file began: the
// fixtures are made in before() and their dates compared by later tests, so a run that
// crosses midnight in Beijing (16:00 UTC) compares the very dates it sent.
const START = Date.now();
const day = (n) => unitDay(n, START);
let unit, srv, url, n = 0;
const tok = {};
const trips = {};
let away, home; // two cleared people of the demo: the traveller back late, the one waiting

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const who of ['clerk', 'staff', 'leader', 'principal', 'secadmin', 'sysadmin', 'auditor']) tok[who] = await login(url, who);
  const people = (await call(url, 'GET', '/api/v1/people/register', { token: tok.clerk })).json.items;
  // PERSON-8's default chain: an important or general person's trip goes to the supervising leader.
  const ok = people.filter((p) => ['important', 'general'].includes(p.class) && p.department && !p.left_on && p.stage !== 'decl');
  assert.ok(ok.length >= 2, 'two cleared people with a department in the demo');
  [away, home] = ok;
  const add = async (p, body) => {
    const r = await call(url, 'POST', `/api/v1/people/${p.id}/trips`, { token: tok.secadmin, body });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  // away: left 40 days ago, back 30 days ago, never reported back (PERSON-8's alert).
  trips.late = await add(away, { destination: '泰国', purpose: '探亲', depart_on: day(-40), return_on: day(-30), briefed_on: day(-45) });
  assert.equal((await call(url, 'POST', `/api/v1/people/trips/${trips.late}/approve`, { token: tok.leader, body: {} })).status, 200);
  assert.equal((await call(url, 'POST', `/api/v1/people/trips/${trips.late}/depart`, { token: tok.secadmin, body: { on: day(-40) } })).status, 200);
  // away again: reported back.
  trips.done = await add(away, { destination: '新加坡', depart_on: day(-100), return_on: day(-95), briefed_on: day(-110) });
  assert.equal((await call(url, 'POST', `/api/v1/people/trips/${trips.done}/approve`, { token: tok.leader, body: {} })).status, 200);
  assert.equal((await call(url, 'POST', `/api/v1/people/trips/${trips.done}/depart`, { token: tok.secadmin, body: { on: day(-100) } })).status, 200);
  assert.equal((await call(url, 'POST', `/api/v1/people/trips/${trips.done}/report`, { token: tok.secadmin, body: { on: day(-94), note: '无涉密事项' } })).status, 200);
  // home: a trip next month waiting for the leader.
  trips.wait = await add(home, { destination: '日本', depart_on: day(30), return_on: day(37), briefed_on: day(-1) });
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const register = async (query = {}, who = 'clerk') => {
  const r = await call(url, 'GET', '/api/v1/people/trips/register' + q(query), { token: tok[who] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.total, r.json.items.length);
  return r.json.items;
};
const ids = (items) => items.map((x) => x.id).filter((id) => Object.values(trips).includes(id));

async function workbook(query, who = 'clerk') {
  const res = await fetch(url + '/api/v1/people/trips/register' + q({ ...query, format: 'xlsx' }), { headers: { Authorization: `Bearer ${tok[who]}` } });
  const body = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, 200, body.toString());
  assert.equal(res.headers.get('content-type'), XLSX);
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="baomi-trips.xlsx"');
  const file = join(unit.dir, `xt${++n}.xlsx`);
  writeFileSync(file, body);
  return JSON.parse(execFileSync('python3', [DUMP, file], { encoding: 'utf8' }));
}

// The layout every register shares; the data rows as objects keyed by header.
function laidOut(x) {
  const title = '涉密人员出国（境）登记表';
  assert.equal(x.sheet, title);
  assert.match(x.rows[0][0], new RegExp(`${title}.*导出日期：\\d{4}-\\d{2}-\\d{2}$`), 'title row');
  assert.deepEqual(x.freeze && [x.freeze.ySplit, x.freeze.state], ['2', 'frozen'], 'header frozen');
  assert.ok(x.landscape, 'landscape');
  assert.match(x.print_titles, /\$1:\$2$/, 'header repeated on every page');
  assert.match(x.rows.at(-1)[0], /制表人（签字）.*审核人（签字）/, 'signature row');
  assert.ok(x.widths.length === HEAD.length && x.widths.every((w) => w >= 6), 'column widths');
  assert.deepEqual(x.rows[1], HEAD, 'the Chinese headers');
  const rows = x.rows.slice(2, -2).map((r) => Object.fromEntries(HEAD.map((h, i) => [h, r[i] ?? ''])));
  assert.deepEqual(rows.map((r) => r['序号']), rows.map((_, i) => String(i + 1)), '序号 1, 2, …');
  assert.match(x.rows.at(-2)[0], new RegExp(`^共 ${rows.length} 条`));
  return rows;
}

test('PERSON-8: the register lists every trip with its state, not only those waiting for an approval', async () => {
  const all = await register();
  assert.deepEqual(ids(all), [trips.wait, trips.late, trips.done], 'newest first, every state');
  const by = Object.fromEntries(all.map((x) => [x.id, x]));
  assert.deepEqual([by[trips.wait].status, by[trips.late].status, by[trips.done].status], ['pending', 'departed', 'reported']);
  assert.equal(by[trips.late].unreported, true, 'departed, back 30 days ago, not reported: PERSON-8');
  assert.equal(by[trips.done].unreported, false);
  assert.equal(by[trips.wait].unreported, false);
  assert.equal(by[trips.late].report_due, day(-23), 'return + person.trip_report_days (7)');
  assert.equal(by[trips.wait].report_due, null, 'not departed: no deadline yet');
  assert.equal(by[trips.late].person_class, away.class);
  assert.equal(by[trips.late].department, away.department);
  // The pending list still answers its own question (the inbox's): only the waiting one of these.
  const pending = (await call(url, 'GET', '/api/v1/people/trips?status=pending', { token: tok.clerk })).json.items;
  assert.deepEqual(ids(pending), [trips.wait]);
});

test('PERSON-8: the filters a clerk needs — person, department, period, state', async () => {
  assert.deepEqual(ids(await register({ person: away.username })), [trips.late, trips.done]);
  assert.deepEqual(ids(await register({ person: String(home.id) })), [trips.wait]);
  assert.deepEqual(ids(await register({ status: 'unreported' })), [trips.late]);
  assert.deepEqual(ids(await register({ status: 'reported' })), [trips.done]);
  assert.deepEqual(ids(await register({ status: 'pending' })), [trips.wait]);
  assert.deepEqual(ids(await register({ status: 'departed' })), [trips.late]);
  assert.deepEqual(ids(await register({ status: 'approved' })), []);
  // Abroad at some time in the period: the late trip overlaps [day(-35), day(-33)].
  assert.deepEqual(ids(await register({ from: day(-35), to: day(-33) })), [trips.late]);
  assert.deepEqual(ids(await register({ from: day(1) })), [trips.wait]);
  assert.deepEqual(ids(await register({ to: day(-96) })), [trips.done]);
  const inDep = await register({ department: away.department });
  assert.ok(inDep.every((x) => x.department === away.department));
  assert.deepEqual(ids(inDep), home.department === away.department ? [trips.wait, trips.late, trips.done] : [trips.late, trips.done]);
  for (const bad of [{ status: 'done' }, { from: '2026-13-01' }, { to: 'x' }, { format: 'pdf' }]) {
    const r = await call(url, 'GET', '/api/v1/people/trips/register' + q(bad), { token: tok.clerk });
    assert.equal(r.status, 400, JSON.stringify(bad) + r.text);
  }
  const r = await call(url, 'GET', '/api/v1/people/trips/register?person=nobody-here', { token: tok.clerk });
  assert.equal(r.status, 404, r.text);
});

test('issue 15: the 涉密人员出国（境）登记表 as .xlsx — its cells against the JSON list', async () => {
  const all = await register();
  const x = await workbook({});
  const rows = laidOut(x);
  assert.deepEqual(rows.map((r) => r['编号']), all.map((t) => String(t.id)), 'one row per trip, the list\'s order');
  const late = rows.find((r) => r['编号'] === String(trips.late));
  assert.deepEqual([late['姓名'], late['部门'], late['前往国家（地区）'], late['事由'], late['出发日期'], late['返回日期'],
    late['行前保密教育'], late['状态'], late['实际出行日期'], late['应报告日期'], late['回国报告日期'], late['逾期未报告']],
  [away.name, away.department, '泰国', '探亲', day(-40), day(-30), day(-45), '已出行', day(-40), day(-23), '', '是']);
  assert.match(late['审批人'], /\S/, 'the approver named');
  assert.equal(late['涉密等级'], { important: '重要', general: '一般' }[away.class], 'the class in words');
  const done = rows.find((r) => r['编号'] === String(trips.done));
  assert.deepEqual([done['状态'], done['回国报告日期'], done['报告情况'], done['逾期未报告']], ['已报告', day(-94), '无涉密事项', '否']);
  const wait = rows.find((r) => r['编号'] === String(trips.wait));
  assert.deepEqual([wait['状态'], wait['审批人'], wait['实际出行日期'], wait['应报告日期']], ['待审批', '', '', '']);
  // The filter holds and is named in the title row.
  const f = await workbook({ status: 'unreported', from: day(-60) });
  const only = laidOut(f);
  assert.deepEqual(only.map((r) => r['编号']), [String(trips.late)]);
  assert.match(f.rows[0][0], new RegExp(`在外期间 ${day(-60)} 至 …….*逾期未报告`));
  // CSV stays: BOM, the same headers.
  const csv = await call(url, 'GET', '/api/v1/people/trips/register?format=csv', { token: tok.clerk });
  assert.equal(csv.status, 200, csv.text);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="baomi-trips.csv"');
  assert.ok(csv.text.replace(/^\uFEFF/, '').startsWith(HEAD.join(',')), csv.text.slice(0, 200));
  assert.match(csv.text, /泰国/);
});

test('PERSON-2/SYS-1: the register is the people register\'s readers\' — others are refused, each read audited', async () => {
  assert.deepEqual(ids(await register({}, 'secadmin')), [trips.wait, trips.late, trips.done], 'the security administrator reads it');
  for (const [who, rule] of [['staff', 'PERSON-2'], ['leader', 'PERSON-2'], ['principal', 'PERSON-2'], ['auditor', 'PERSON-2'], ['sysadmin', 'PERSON-2']]) {
    for (const format of ['json', 'xlsx']) {
      const r = await call(url, 'GET', '/api/v1/people/trips/register' + q({ format }), { token: tok[who] });
      assert.equal(r.status, 403, `${who}: ${r.text}`);
      assert.ok([rule, 'SYS-1'].includes(r.json.error.rule), `${who}: ${r.text}`);
    }
  }
  const ev = await call(url, 'GET', '/api/v1/audit/events' + q({ action: 'person.trips_register', kind: 'read', limit: 1000 }), { token: tok.auditor });
  assert.equal(ev.status, 200, ev.text);
  assert.ok(ev.json.items.length >= 10, 'every read of the register, exports included, audited');
});
