// tests/api/clerk_levels.test.mjs — the classification authority's list of
// level changes (LEVEL-4, issue 14 point 4) through the real server on the
// demo unit: a level change hulin filed and the authority approved is listed
// to the classification authority under op=level_change (approved, then
// executed), but not their other operations' requests of other people; a
// leader who is no classification authority, and hulin's colleague, see
// only their own; the clerk sees every request as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login } from './lib.mjs';

let unit, srv, url, req, borrow;
const tok = {};
const as = (who, method, path, body) => call(url, method, path, { token: tok[who], body });
const ids = async (who, query) => {
  const r = await as(who, 'GET', '/api/v1/requests?' + query);
  assert.equal(r.status, 200, r.text);
  return r.json.items.map((x) => x.id);
};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'hulin', 'classifier', 'leader', 'staff']) tok[u] = await login(url, u);
  const c = await as('clerk', 'POST', '/api/v1/carriers', { title: '定密清单测试件', level: '机密', period: 10, place: '机要室保密柜（一号）', scope: ['办公室', 'clerk', 'hulin'] });
  assert.equal(c.status, 201, c.text);
  const r = await as('hulin', 'POST', '/api/v1/requests', { op: 'level_change', carrier_ids: [c.json.id], reason: '定期审核', params: { to_level: 'internal', basis: '本局保密事项一览表第3项' } });
  assert.equal(r.status, 201, r.text);
  req = r.json.id;
  const b = await as('hulin', 'POST', '/api/v1/requests', { op: 'borrow', carrier_ids: [c.json.id], reason: '备考', params: { days: 3 } });
  assert.equal(b.status, 201, b.text);
  borrow = b.json.id;
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

test('LEVEL-4: the classification authority lists every level change, pending, approved and executed', async () => {
  assert.ok((await ids('classifier', 'op=level_change')).includes(req), 'listed while pending');
  const a = await as('classifier', 'POST', `/api/v1/requests/${req}/approve`, { comment: '同意' });
  assert.equal(a.json.status.code, 'approved', a.text);
  assert.deepEqual(await ids('classifier', 'op=level_change&status=approved'), [req]);
  const x = await as('classifier', 'POST', `/api/v1/requests/${req}/execute`, {});
  assert.equal(x.status, 200, x.text);
  assert.ok((await ids('classifier', 'op=level_change&status=executed')).includes(req));
  assert.deepEqual(await ids('classifier', 'op=level_change&status=approved'), []);
});

test('SYS-2: other operations stay each person\'s own; nobody else lists others\' level changes', async () => {
  assert.ok(!(await ids('classifier', '')).includes(req), 'without op=level_change: the authority\'s own only');
  assert.ok(!(await ids('classifier', 'op=borrow')).includes(borrow), 'not others\' borrowing');
  assert.ok(!(await ids('leader', 'op=level_change')).includes(req), 'a leader who is no classification authority');
  assert.ok(!(await ids('staff', 'op=level_change')).includes(req), 'a colleague');
  assert.ok((await ids('hulin', 'op=level_change')).includes(req), 'the requester');
  const all = await ids('clerk', 'limit=1000');
  assert.ok(all.includes(req) && all.includes(borrow), 'the clerk\'s register');
  assert.deepEqual(await ids('classifier', 'op=level_change&mine=true'), [], 'mine=true stays the caller\'s own');
});
