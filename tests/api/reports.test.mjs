// tests/api/reports.test.mjs — the unit's reports to its leadership (ORG-2)
// through the real server on the demo unit: the monthly report and the yearly
// statistics, each figure with the records behind it (a carrier registered
// now appears in this month's figures under its id, and every id listed
// leads to a record of the period), CSV, and the refusals with their rules.
// The test makes its own carrier; it asserts no demo figure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused } from './lib.mjs';

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
  const line = text.split('\r\n').find((l) => l.startsWith(`${y},standing,涉密人员（按类别）`));
  assert.ok(line, 'the people line');
  assert.ok(line.endsWith(`,person,${people.ids.join(' ')}`), line);
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
