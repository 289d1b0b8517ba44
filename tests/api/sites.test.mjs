// tests/api/sites.test.mjs — the register of key departments and places
// (保密要害部门部位, SITE-1; issue 10 point 4) through the real server on the
// demo unit: who reads the register (SYS-2 need-to-know: the clerk and the
// leadership all of it, anybody else only the entries they lead or are
// listed on, a 404 and a filtered list otherwise; SYS-1 the administrators
// none), and leaving, departure and disabling an account taking a person off
// every key site's staff and access lists in the same transaction, each
// removal in the site's history and the use case's audit event, while a
// refused leave changes nothing.
import assert from 'node:assert/strict';
import { test, before, after } from 'node:test';
import { demoUnit, startServer, call, login, refused, query, unitDay } from './lib.mjs';

let unit, srv, url, siteA, siteB;
const tok = {};

// A local date `n` days from today at the unit's offset (UTC+8 by default).
const day = unitDay;

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'leader', 'principal', 'staff', 'guoyang', 'inspector', 'linxue', 'secadmin', 'sysadmin']) {
    tok[u] = await login(url, u);
  }
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });
const sql = (s) => query(unit, s);
const pid = (u) => Number(sql(`SELECT id FROM person WHERE username = '${u}'`));
// Who is on which list now, as the store has it.
const lists = () => sql(`SELECT site_id || ':' || person_id || kind FROM site_member
  WHERE removed_at IS NULL ORDER BY site_id, person_id, kind`);
const listed = (u) => Number(sql(`SELECT count(*) FROM site_member WHERE person_id = ${pid(u)} AND removed_at IS NULL`));
const lastAudit = (action) => JSON.parse(sql(`SELECT detail FROM audit_event WHERE action = '${action}'
  AND outcome = 'ok' ORDER BY seq DESC LIMIT 1`) || '{}');

async function addSite(name, location) {
  const r = await post('/api/v1/sites', { name, kind: 'place', location, confirmed_by: '局保密委员会',
    confirmed_on: day(-30), confirm_doc: '保委〔2026〕9号', leader: 'leader' });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

async function member(site, person, list) {
  const r = await post(`/api/v1/sites/${site}/members`, { person, list });
  assert.equal(r.status, 200, r.text);
}

test('setting up: two key places, inspector works at A, staff may enter B', async () => {
  siteA = await addSite('测试要害部位甲', '测试楼一层');
  siteB = await addSite('测试要害部位乙', '测试楼二层');
  await member(siteA, 'inspector', 'staff');
  await member(siteB, 'staff', 'access');
  const v = await post(`/api/v1/sites/${siteA}/visits`, { visitor: '外来维修工', reason: '检修', escort: 'inspector' });
  assert.equal(v.status, 201, v.text);
});

test('SYS-2, SITE-1: the clerk and the leadership read the whole register', async () => {
  for (const who of ['clerk', 'leader', 'principal']) {
    const r = await get('/api/v1/sites', who);
    assert.equal(r.status, 200, r.text);
    const ids = r.json.items.map((s) => s.id);
    assert.ok(ids.includes(siteA) && ids.includes(siteB), `${who} sees both`);
    assert.equal((await get(`/api/v1/sites/${siteA}`, who)).status, 200);
  }
});

test('SYS-2, SITE-1: a plain staff member of the unit gets nothing', async () => {
  const r = await get('/api/v1/sites', 'guoyang');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items, [], 'the list is filtered to nothing');
  refused(await get(`/api/v1/sites/${siteA}`, 'guoyang'), 404, 'unknown_site');
  refused(await get(`/api/v1/sites/${siteA}/visits`, 'guoyang'), 404, 'unknown_site');
  const visits = await get('/api/v1/site-visits', 'guoyang');
  assert.equal(visits.status, 200, visits.text);
  assert.deepEqual(visits.json.items, [], 'no visit of a site they do not see');
});

test('SYS-2, SITE-1: a person listed on a site sees that site and its lists, not the other', async () => {
  const r = await get('/api/v1/sites', 'inspector');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((s) => s.id), [siteA]);
  const a = await get(`/api/v1/sites/${siteA}`, 'inspector');
  assert.equal(a.status, 200, a.text);
  assert.ok(a.json.members.some((m) => m.name === '高志远' && m.list === 'staff'));
  refused(await get(`/api/v1/sites/${siteB}`, 'inspector'), 404, 'unknown_site');
  const visits = await get('/api/v1/site-visits', 'inspector');
  assert.ok(visits.json.items.length >= 1 && visits.json.items.every((v) => v.site_id === siteA));
  const b = await get('/api/v1/sites', 'staff');
  assert.deepEqual(b.json.items.map((s) => s.id), [siteB], 'on the access list of B only');
});

test('SYS-1: the administrators read no part of the register', async () => {
  refused(await get('/api/v1/sites', 'secadmin'), 403, 'admin_no_business', 'SYS-1');
  refused(await get(`/api/v1/sites/${siteA}`, 'sysadmin'), 403, 'admin_no_business', 'SYS-1');
});

test('SITE-1, PERSON-4: a refused leave leaves the lists; leaving takes the person off every list', async () => {
  await member(siteA, 'guoyang', 'access');
  await member(siteB, 'guoyang', 'access');
  const g = pid('guoyang');
  assert.equal(listed('guoyang'), 2);
  const before = lists();
  const events = sql('SELECT count(*) FROM site_event');
  refused(await post(`/api/v1/people/${g}/leave`, { on: day(0) }, 'secadmin'), 403, 'no_exit_commitment', 'PERSON-4');
  assert.equal(lists(), before, 'a refused leave changes no list');
  assert.equal(sql('SELECT count(*) FROM site_event'), events, 'nor any history');
  assert.equal((await post(`/api/v1/people/${g}/exit-commit`, { on: day(0) }, 'secadmin')).status, 200);
  const r = await post(`/api/v1/people/${g}/leave`, { on: day(0) }, 'secadmin');
  assert.equal(r.status, 200, r.text);
  assert.equal(listed('guoyang'), 0, 'off both access lists');
  for (const id of [siteA, siteB]) {
    const s = await get(`/api/v1/sites/${id}`);
    assert.ok(!s.json.members.some((m) => m.person_id === g), 'not listed on the record');
    const h = s.json.history.at(-1);
    assert.equal(h.action, 'access_remove');
    assert.equal(h.detail, '郭洋（离岗）');
  }
  const audit = lastAudit('person.leave');
  assert.deepEqual(audit.key_sites_left.map((x) => [x.site_id, x.list]).sort(), [[siteA, 'access'], [siteB, 'access']]);
});

test('SITE-1: disabling an account takes the person off every list, audited', async () => {
  await member(siteA, 'linxue', 'access');
  const l = pid('linxue');
  const r = await post(`/api/v1/accounts/${l}/disable`, {}, 'sysadmin');
  assert.equal(r.status, 200, r.text);
  assert.equal(listed('linxue'), 0);
  const s = await get(`/api/v1/sites/${siteA}`);
  assert.equal(s.json.history.at(-1).detail, '林雪（账户停用）');
  assert.deepEqual(lastAudit('account.disable').key_sites_left.map((x) => x.site_id), [siteA]);
});

test('SITE-1: a departure takes the person off the staff list, audited', async () => {
  const i = pid('inspector');
  const r = await post(`/api/v1/people/${i}/depart`, { left_on: day(0) }, 'secadmin');
  assert.equal(r.status, 200, r.text);
  assert.equal(listed('inspector'), 0);
  const s = await get(`/api/v1/sites/${siteA}`);
  assert.equal(s.json.history.at(-1).action, 'staff_remove');
  assert.equal(s.json.history.at(-1).detail, '高志远（离岗）');
  assert.deepEqual(lastAudit('person.depart').key_sites_left.map((x) => [x.site_id, x.list]), [[siteA, 'staff']]);
});
