// count_confirm.test.mjs — INV-4, issue 14 point 6: nobody closes a count without
// having seen what becomes 下落不明. GET /counts/{id}?review=true gives what the close
// must confirm (the number of carriers and devices that go missing, how many of them
// are already on an open incident, and a token of the count's state); POST
// /counts/{id}/close without that confirmation, or with one a tick or a new carrier
// has made stale, is refused (409, INV-4) and changes nothing but the audited
// refusal; the review's own confirmation closes it, and a carrier already on an open
// incident is named on that one, no second incident opened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'auditor']) tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });

async function register(title) {
  const r = await post('/api/v1/carriers', {
    title, level: '秘密', custodian: 'hulin', place: '基础教育科保密柜', scope: ['基础教育科'],
    producer: '省教育厅', sender: '市教育局', pages: 4,
    keep_reason: '因工作需要个人保管', keep_approver: 'leader', keep_until: '2030-12-31',
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const review = async (id) => {
  const r = await get(`/api/v1/counts/${id}?list=missing&limit=10000&review=true`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};

// What a refusal must leave as it was: the count, the carriers, the incidents and the
// business events of the audit chain but the refusal itself.
async function snapshot(id, carriers) {
  const c = await get(`/api/v1/counts/${id}`);
  const statuses = [];
  for (const x of carriers) statuses.push((await get(`/api/v1/carriers/${x.id}`)).json.status);
  const ev = await get('/api/v1/audit/events?kind=business&limit=1', 'auditor');
  assert.equal(ev.status, 200, ev.text);
  return {
    closed_at: c.json.session.closed_at, counts: c.json.counts, statuses,
    incidents: (await get('/api/v1/incidents')).json.total, business: ev.json.total, last: ev.json.items[0],
  };
}

async function refusedUnchanged(id, carriers, body, code) {
  const was = await snapshot(id, carriers);
  const r = await post(`/api/v1/counts/${id}/close`, body);
  refused(r, 409, code, 'INV-4');
  const now = await snapshot(id, carriers);
  assert.equal(now.closed_at, null, 'still open');
  assert.deepEqual(now.counts, was.counts, 'the count as it was');
  assert.deepEqual(now.statuses, was.statuses, 'no carrier changed');
  assert.equal(now.incidents, was.incidents, 'no incident opened');
  assert.equal(now.business, was.business + 1, 'the refusal alone is recorded (SYS-3)');
  assert.equal(now.last.action, 'count.close');
  assert.equal(now.last.outcome, 'refused');
  assert.equal(now.last.rule, 'INV-4');
  return r;
}

test('INV-4: the close confirms the review; without it or stale it is refused and changes nothing', async () => {
  const kept = [];
  for (const t of ['清点确认甲', '清点确认乙', '清点确认丙']) kept.push(await register(t));
  const s = await post('/api/v1/counts', { scope: 'custodian', scope_ref: 'hulin', reason: '结束前核对' });
  assert.equal(s.status, 201, s.text);
  const id = s.json.id;
  // hulin's other carriers are found: kept[1] and kept[2] are what goes missing.
  const first = await review(id);
  for (const l of first.missing) {
    if (l.carrier_id === kept[1].id || l.carrier_id === kept[2].id) continue;
    assert.equal((await post(`/api/v1/counts/${id}/ticks`, { carrier_id: l.carrier_id })).status, 200);
  }
  const rv = await review(id);
  const devices = rv.devices.counts.missing;
  assert.deepEqual(rv.missing.map((l) => l.carrier_id), [kept[1].id, kept[2].id]);
  assert.deepEqual(rv.review, {
    carriers: 2, devices, on_open_incident: 0, on_new_incident: 2 + devices,
    confirm_missing: 2 + devices, confirm_token: rv.review.confirm_token,
  });
  assert.match(rv.review.confirm_token, /^[0-9a-f]{16}$/);
  assert.equal((await get(`/api/v1/counts/${id}`)).json.review, undefined, 'only when asked');
  refused(await get(`/api/v1/counts/${id}?review=yes`), 400, 'invalid_parameter');

  // Nothing confirmed: refused, named INV-4, in both languages.
  const r = await refusedUnchanged(id, kept, {}, 'count_unconfirmed');
  assert.match(r.json.error.message, /下落不明/);
  assert.match(r.json.error.message_en, /missing/);
  // A wrong number, a wrong token, only one of the two: stale.
  const { confirm_missing: n, confirm_token: token } = rv.review;
  await refusedUnchanged(id, kept, { confirm_missing: n - 1, confirm_token: token }, 'count_confirm_stale');
  await refusedUnchanged(id, kept, { confirm_missing: n, confirm_token: '0000000000000000' }, 'count_confirm_stale');
  await refusedUnchanged(id, kept, { confirm_missing: n }, 'count_confirm_stale');
  refused(await post(`/api/v1/counts/${id}/close`, { confirm_missing: -1, confirm_token: token }), 400);
  refused(await post(`/api/v1/counts/${id}/close`, { confirm_missing: 'x', confirm_token: token }), 400);

  // A tick since the review makes it stale, though the count of missing carriers is right.
  assert.equal((await post(`/api/v1/counts/${id}/ticks`, { carrier_id: 987654 })).status, 200);
  const stale = await refusedUnchanged(id, kept, { confirm_missing: n, confirm_token: token }, 'count_confirm_stale');
  assert.match(stale.json.error.message, /重新核对/);
  // So does a new carrier in the count's scope.
  const rv2 = await review(id);
  assert.equal(rv2.review.confirm_missing, n);
  assert.notEqual(rv2.review.confirm_token, token);
  const late = await register('清点确认丁');
  await refusedUnchanged(id, [...kept, late], { confirm_missing: n, confirm_token: rv2.review.confirm_token }, 'count_confirm_stale');

  // Issue 14 point 6: a carrier already on an open incident is named so, and keeps it.
  const inc = await post('/api/v1/incidents', { kind: 'missing', carrier_id: kept[2].id, circumstances: '清查前已发现不在柜中' });
  assert.equal(inc.status, 201, inc.text);
  const rv3 = await review(id);
  assert.deepEqual(rv3.missing.map((l) => [l.carrier_id, l.incident_id ?? 0]), [[kept[1].id, 0], [kept[2].id, inc.json.id], [late.id, 0]]);
  assert.equal(rv3.review.carriers, 3);
  assert.equal(rv3.review.on_open_incident, 1);
  assert.equal(rv3.review.on_new_incident, 2 + devices);

  // The review's own confirmation closes it: two new 下落不明 on one new incident, kept[2] on its own.
  const incidents = (await get('/api/v1/incidents')).json.total;
  const closed = await post(`/api/v1/counts/${id}/close`, { confirm_missing: rv3.review.confirm_missing, confirm_token: rv3.review.confirm_token });
  assert.equal(closed.status, 200, closed.text);
  assert.notEqual(closed.json.session.closed_at, null);
  const byId = new Map(closed.json.missing.map((l) => [l.carrier_id, l.incident_id]));
  assert.equal(byId.get(kept[2].id), inc.json.id, 'named on its open incident');
  assert.ok(byId.get(kept[1].id) > inc.json.id && byId.get(kept[1].id) === byId.get(late.id), 'the others on the new one');
  assert.equal((await get('/api/v1/incidents')).json.total, incidents + 1, 'one incident opened, not two');
  const opened = await get(`/api/v1/incidents/${byId.get(kept[1].id)}`);
  assert.equal(opened.json.detail.quantity, String(2 + devices));
  for (const c of [kept[1], kept[2], late]) assert.equal((await get(`/api/v1/carriers/${c.id}`)).json.status.code, 'missing');
  const ev = await get('/api/v1/audit/events?kind=business&action=count.close&limit=1', 'auditor');
  const detail = typeof ev.json.items[0].detail === 'string' ? JSON.parse(ev.json.items[0].detail) : ev.json.items[0].detail;
  assert.deepEqual(detail.confirmed, { missing: rv3.review.confirm_missing, token: rv3.review.confirm_token }, 'the close keeps what was confirmed');
  refused(await post(`/api/v1/counts/${id}/close`, {}), 409, 'count_closed', 'INV-3');
});
