// tests/api/reports.test.mjs — the unit's reports to its leadership (ORG-2)
// through the real server on the demo unit: the monthly report and the yearly
// statistics, each figure with the records behind it (a carrier registered
// now appears in this month's figures under its id, and every id listed
// leads to a record of the period), the drill-down with SYS-2 (a leader outside
// a carrier's scope gets neither its id nor its title), the inspections and
// rectification notices as figures, CSV and .xlsx (opened and read), the
// month's report recorded as delivered (its refusals change nothing), and the
// refusals with their rules. The test makes its own carriers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoUnit, startServer, call, login, refused, assertUnitToday } from './lib.mjs';

const DUMP = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'xlsx_dump.py');

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'leader', 'staff', 'secadmin']) tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });
const month = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7);
const fig = (r, key) => r.figures.find((f) => f.key === key);

test('ORG-2: the month\'s report counts a carrier registered now, under its id', async () => {
  const m = month();
  const before = await get(`/api/v1/reports/monthly?month=${m}`);
  assert.equal(before.status, 200, before.text);
  assert.equal(before.json.kind, 'monthly');
  assert.equal(before.json.period, m);
  assert.equal(before.json.rule, 'ORG-2');
  assert.match(before.json.due_on, /^\d{4}-\d{2}-05$/);
  const c = await call(url, 'POST', '/api/v1/carriers', { token: tok.clerk, body: { title: '月报测试来文', level: '内部' } });
  assert.equal(c.status, 201, c.text);
  const after = await get(`/api/v1/reports/monthly?month=${m}`, 'leader');
  assert.equal(after.status, 200, after.text);
  const b = fig(before.json, 'carriers.registered'), a = fig(after.json, 'carriers.registered');
  assert.equal(a.count, b.count + 1);
  assert.equal(a.by_level.internal, b.by_level.internal + 1);
  assert.ok(a.ids.includes(c.json.id), 'the new carrier is among the ids');
  assert.equal(a.table, 'carrier');
  assert.equal(fig(after.json, 'carriers.received').count, fig(before.json, 'carriers.received').count + 1);
  for (const f of after.json.figures) {
    assert.equal(f.ids.length, f.count, `${f.key}: one id per record`);
    if (f.by_level) assert.equal(Object.values(f.by_level).reduce((x, y) => x + y, 0), f.count, `${f.key}: levels add up`);
  }
  // Every carrier id behind the figure leads to a carrier registered in the month (UTC+8).
  for (const id of a.ids) {
    const r = await get(`/api/v1/carriers/${id}`);
    assert.equal(r.status, 200, r.text);
    const local = new Date(Date.parse(r.json.registered_at) + 8 * 3600 * 1000).toISOString().slice(0, 7);
    assert.equal(local, m, `carrier ${id} registered in ${m}`);
  }
});

test('ORG-2: the yearly statistics and the CSV', async () => {
  const y = month().slice(0, 4);
  const r = await get(`/api/v1/reports/yearly?year=${y}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.kind, 'yearly');
  assert.equal(r.json.from, `${y}-01-01`);
  assert.equal(r.json.to, `${y}-12-31`);
  for (const key of ['people.cleared', 'devices', 'carriers.made', 'carriers.received', 'carriers.sent', 'carriers.destroyed', 'trainings', 'found.incidents']) {
    assert.ok(fig(r.json, key), `the statistics hold ${key}`);
  }
  const people = fig(r.json, 'people.cleared');
  assert.ok(people.count > 0 && people.table === 'person');
  assert.equal(Object.values(people.by_kind).reduce((x, z) => x + z, 0), people.count);
  const csv = await call(url, 'GET', `/api/v1/reports/yearly?year=${y}&format=csv`, { token: tok.clerk });
  assert.equal(csv.status, 200);
  const text = csv.text.replace(/^\uFEFF/, '');
  assert.ok(text.startsWith('报告期,栏目,项目'), text.slice(0, 40));
  const line = text.split('\r\n').find((l) => l.startsWith(`${y},基本情况,涉密人员（按类别）`));
  assert.ok(line, 'the people line');
  assert.ok(line.endsWith(`,涉密人员,${people.ids.join(' ')}`), line);
  // Issue 15: each class of the breakdown in words, as the screen shows it.
  assert.ok(text.split('\r\n').some((l) => /^\d{4},基本情况,涉密人员（按类别）,[^,]*,(核心|重要|一般)/.test(l)), 'the classes in words');
});

test('ORG-2: refusals name their rule', async () => {
  refused(await get(`/api/v1/reports/monthly?month=${month()}`, 'staff'), 403, 'role_required', 'ORG-2');
  refused(await get(`/api/v1/reports/yearly?year=2026`, 'secadmin'), 403, 'admin_no_business', 'SYS-1');
  refused(await get('/api/v1/reports/monthly?month=2026-13'), 400, 'invalid_period', 'ORG-2');
  refused(await get('/api/v1/reports/monthly'), 400, 'invalid_period', 'ORG-2');
  refused(await get('/api/v1/reports/monthly?month=2099-01'), 400, 'period_in_future', 'ORG-2');
  refused(await get('/api/v1/reports/yearly?year=20x6'), 400, 'invalid_period', 'ORG-2');
  refused(await get(`/api/v1/reports/monthly?month=${month()}&format=pdf`), 400, 'invalid_parameter', null);
});

// The local month before this one (UTC+8), and a day of this month.
const lastMonth = () => {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

test('ORG-2 with SYS-2: the drill-down lists what the reader may see, and withholds the rest', async () => {
  const m = month();
  // A 机密 carrier known only to the clerk: the leader is outside its scope.
  const c = await call(url, 'POST', '/api/v1/carriers', { token: tok.clerk, body: { title: '月报钻取测试机密件', level: '机密', scope: ['clerk'], place: '机要室保密柜（一号）' } });
  assert.equal(c.status, 201, c.text);
  const mine = await get(`/api/v1/reports/records?month=${m}&figure=carriers.registered`);
  assert.equal(mine.status, 200, mine.text);
  const rec = mine.json.records.find((r) => r.id === c.json.id);
  assert.ok(rec, 'the clerk is shown the carrier');
  assert.equal(rec.label, '月报钻取测试机密件');
  assert.equal(rec.level, 'secret');
  const theirs = await get(`/api/v1/reports/records?month=${m}&figure=carriers.registered`, 'leader');
  assert.equal(theirs.status, 200, theirs.text);
  assert.equal(theirs.json.figure.count, mine.json.figure.count, 'the figure is the unit\'s for both');
  assert.ok(!theirs.json.records.some((r) => r.id === c.json.id), 'the leader is not shown its id');
  assert.ok(!theirs.text.includes('月报钻取测试机密件'), 'nor its title');
  assert.ok(theirs.json.withheld >= 1);
  assert.equal(theirs.json.rule, 'SYS-2');
  assert.equal(theirs.json.records.length + theirs.json.withheld, theirs.json.figure.count);
  const rep = await get(`/api/v1/reports/monthly?month=${m}`, 'leader');
  const f = fig(rep.json, 'carriers.registered');
  assert.ok(!f.ids.includes(c.json.id), 'nor in the report\'s ids');
  assert.equal(f.ids.length + f.withheld, f.count);
  refused(await get(`/api/v1/reports/records?month=${m}&figure=carriers.lost`), 404, 'unknown_figure', null);
  refused(await get(`/api/v1/reports/records?month=${m}&figure=carriers.made`, 'staff'), 403, 'role_required', 'ORG-2');
});

test('INSP-1/2 in the reports: inspections by kind, findings, notices opened, open and overdue', async () => {
  const y = month().slice(0, 4);
  const r = await get(`/api/v1/reports/yearly?year=${y}`);
  assert.equal(r.status, 200, r.text);
  for (const key of ['inspections.held', 'inspections.findings', 'rectifications.opened', 'rectifications.closed',
    'rectifications.open', 'rectifications.overdue', 'self_assessment', 'self_assessment.findings']) {
    assert.ok(fig(r.json, key), `the statistics hold ${key}`);
  }
  const list = await get('/api/v1/inspections');
  assert.equal(list.status, 200, list.text);
  const held = list.json.items.filter((i) => i.held_on.startsWith(y));
  assert.equal(fig(r.json, 'inspections.held').count, held.length, 'every inspection of the year');
  assert.deepEqual([...fig(r.json, 'inspections.held').ids].sort((a, b) => a - b), held.map((i) => i.id).sort((a, b) => a - b));
  const rects = await get('/api/v1/rectifications');
  assert.equal(rects.status, 200, rects.text);
  const open = rects.json.items.filter((x) => x.status !== 'closed');
  assert.equal(fig(r.json, 'rectifications.open').count, open.length, 'open at the year\'s end (now)');
  const overdue = open.filter((x) => x.deadline < today());
  assert.equal(fig(r.json, 'rectifications.overdue').count, overdue.length, 'overdue by INSP-2\'s own rule');
  // Drill into the notices open: each with its finding and deadline.
  const d = await get(`/api/v1/reports/records?year=${y}&figure=rectifications.open`, 'leader');
  assert.equal(d.status, 200, d.text);
  for (const x of d.json.records) assert.ok(x.label && x.due, `notice ${x.id} has its finding and deadline`);
  const m = await get(`/api/v1/reports/monthly?month=${month()}`);
  assert.ok(fig(m.json, 'rectifications.open') && !fig(m.json, 'self_assessment'), 'the month has the notices, not the yearly self-assessment');
});

test('issue 15: the monthly report as .xlsx, opened and read', async () => {
  const m = lastMonth(); // a month over: its figures, and so its digest, no longer move
  const res = await fetch(`${url}/api/v1/reports/monthly?month=${m}&format=xlsx`, { headers: { Authorization: `Bearer ${tok.leader}` } });
  const body = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, 200, body.toString());
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(res.headers.get('content-disposition'), new RegExp(`filename="baomi-report-${m}\\.xlsx"`));
  const file = join(unit.dir, 'report.xlsx');
  writeFileSync(file, body);
  const x = JSON.parse(execFileSync('python3', [DUMP, file], { encoding: 'utf8' }));
  assert.match(x.rows[0][0], new RegExp(`保密工作月报（${m}，${m}-01 至 ${m}-\\d\\d）`), 'unit and period in the title row');
  assert.deepEqual(x.rows[1], ['报告期', '栏目', '项目', '项目(en)', '分项', '数量', '记录表', '记录编号']);
  const json = await get(`/api/v1/reports/monthly?month=${m}`, 'leader');
  const reg = fig(json.json, 'carriers.registered');
  const row = x.rows.find((r) => r[2] === '登记载体' && r[4] === '');
  assert.ok(row, 'the registered figure');
  assert.equal(row[5], String(reg.count));
  assert.equal(row[6], '载体', 'the record table in words');
  // Issue 15: a breakdown says what the screen says — words, never a code (origin, loan kind …).
  const subs = x.rows.slice(2).map((r) => r[4]).filter(Boolean);
  assert.ok(subs.length > 0, 'the figures are broken down');
  for (const c of subs) assert.doesNotMatch(c, /^[a-z_ ]+$|\b(none|hours)\b/, `分项 ${c} in words`);
  for (const r of x.rows.slice(2)) if (r[6]) assert.doesNotMatch(r[6], /^[a-z_]+$/, `记录表 ${r[6]} in words`);
  assert.ok(row[7].startsWith(reg.ids.join(' ')), 'the ids shown');
  if (reg.withheld) assert.match(row[7], new RegExp(`另 ${reg.withheld} 条不列出（SYS-2）`));
  assert.ok(x.rows.some((r) => r[1] === '报告摘要' && r[7] === json.json.digest), 'the SM3 digest');
  assert.deepEqual(x.freeze && [x.freeze.ySplit, x.freeze.state], ['2', 'frozen'], 'header frozen');
  assert.ok(x.landscape, 'landscape');
  assert.match(x.print_titles, /\$1:\$2$/, 'header repeated on every page');
  assert.match(x.rows.at(-1)[0], /保密工作机构（签字）.*单位领导审阅（签字）/, 'signature row');
  assert.ok(x.widths.every((w) => w >= 6), 'column widths');
  const y = await fetch(`${url}/api/v1/reports/yearly?year=${m.slice(0, 4)}&format=xlsx`, { headers: { Authorization: `Bearer ${tok.clerk}` } });
  assert.equal(y.status, 200);
  const yb = Buffer.from(await y.arrayBuffer());
  assert.equal(yb.subarray(0, 2).toString(), 'PK');
  // The yearly figures' breakdowns in words: the people by class, the self-assessment's state.
  writeFileSync(join(unit.dir, 'yearly.xlsx'), yb);
  const yx = JSON.parse(execFileSync('python3', [DUMP, join(unit.dir, 'yearly.xlsx')], { encoding: 'utf8' }));
  const ysubs = yx.rows.slice(2).filter((r) => r[4]).map((r) => r[4]);
  assert.ok(ysubs.some((c) => /^(核心|重要|一般)/.test(c)), `the cleared people by class in words: ${ysubs.join(',')}`);
  for (const c of ysubs) assert.doesNotMatch(c, /^[a-z_ ]+$/, `分项 ${c} in words`);
});

test('ORG-2: the demo\'s past months delivered on time; a month recorded as delivered; each refusal changes nothing', async () => {
  const m = lastMonth();
  const deliveries = async () => (await get('/api/v1/reports/deliveries', 'leader')).json.items.length;
  const post = (body, who = 'clerk') => call(url, 'POST', '/api/v1/reports/deliveries', { token: tok[who], body });
  const tries = [
    [{ month: m, to: 'leader' }, 'leader', 403, 'role_required'],
    [{ month: month(), to: 'leader' }, 'clerk', 400, 'period_not_ended'],
    [{ month: m, to: 'leader', delivered_on: `${m}-01` }, 'clerk', 400, 'delivered_before_period_end'],
    [{ month: m, to: 'leader', delivered_on: '2099-01-01' }, 'clerk', 400, 'delivered_in_future'],
    [{ month: m, to: 'leader', delivered_on: '2026-02-30' }, 'clerk', 400, 'invalid_date'],
    // ORG-1's group is recorded in the demo: the recipient is a current member of it
    [{ month: m, to: 'staff' }, 'clerk', 400, 'recipient_not_in_group'],
    [{ month: m }, 'clerk', 400, 'recipient_required'],
    [{ month: '2026-13', to: 'leader' }, 'clerk', 400, 'invalid_period'],
  ];
  for (const [body, who, status, code] of tries) {
    const n0 = await deliveries();
    refused(await post(body, who), status, code, 'ORG-2');
    assert.equal(await deliveries(), n0, `${code}: nothing written`);
  }
  // The demo unit delivered each month from the one it was set up in, on time, and each
  // still matches: a second delivery is refused, and nothing changes.
  const list = (await get('/api/v1/reports/deliveries', 'leader')).json.items;
  const periods = list.map((x) => x.period).sort();
  assert.ok(periods.length >= 23, `the demo's past months delivered (${periods.length})`);
  for (const x of list) assert.match(x.delivered_on, /-0[1-5]$/, `${x.period}: delivered by the due day`);
  const shown = (await get(`/api/v1/reports/monthly?month=${periods[periods.length - 1]}`, 'leader')).json.delivery;
  assert.equal(shown.matches, true, 'the latest delivered report still matches what was delivered');
  let n0 = await deliveries();
  refused(await post({ month: periods[periods.length - 1], to: 'leader' }), 409, 'already_delivered', 'ORG-2');
  assert.equal(await deliveries(), n0);
  // The month before the unit was set up is the one left to record.
  const d = new Date(`${periods[0]}-15T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  const open = d.toISOString().slice(0, 7);
  n0 = await deliveries();
  const from = today();
  const before = await get(`/api/v1/reports/monthly?month=${open}`);
  assert.ok(!before.json.delivery, 'not delivered yet');
  const r = await post({ month: open, to: 'leader', note: '月报测试报送' });
  assert.equal(r.status, 201, r.text);
  assert.equal(await deliveries(), n0 + 1);
  assert.equal(r.json.period, open);
  assertUnitToday(r.json.delivered_on, from, 'delivered today');
  assert.equal(r.json.digest, before.json.digest, 'the digest of the report as it stood');
  assert.equal(r.json.alg, 'sm3');
  const after = await get(`/api/v1/reports/monthly?month=${open}`, 'leader');
  assert.equal(after.json.delivery.id, r.json.id);
  assert.equal(after.json.delivery.matches, true);
  const alerts = await get('/api/v1/alerts');
  assert.ok(!alerts.json.items.some((a) => a.code === 'monthly_report_missing'), 'no ORG-2 alert once delivered');
  refused(await post({ month: open, to: 'leader' }), 409, 'already_delivered', 'ORG-2');
});
