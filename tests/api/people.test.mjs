// tests/api/people.test.mjs — issue 10 points 1-2 through the real server: the
// register of cleared people and training. A new person is walked from
// vetting through training, commitment and clearance to leaving and the
// 脱密期; each refusal names its rule (PERSON-2/3/4/6/8, KEEP-2) and leaves
// the register as it was.
import assert from 'node:assert/strict';
import { test, before, after } from 'node:test';
import { demoUnit, startServer, call, login, refused, query, unitDay } from './lib.mjs';

let unit, srv, url, clerk, staff, secadmin, sysadmin, pid;

// A local date `n` days from the instant `at` (default: now) at the unit's offset (UTC+8 by default).
const day = unitDay;

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  clerk = await login(url, 'clerk');
  staff = await login(url, 'staff');
  secadmin = await login(url, 'secadmin');
  sysadmin = await login(url, 'sysadmin');
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, token = secadmin) => call(url, 'POST', path, { token, body });
const get = (path, token = secadmin) => call(url, 'GET', path, { token });
const sql = (s) => query(unit, s);
// The register's state: every person's register columns, history, training, trips, departures.
const state = () => [
  sql(`SELECT person_class || coalesce(vetted_on,'') || coalesce(cleared_on,'')
    || coalesce(commitment_signed_on,'') || coalesce(statement_on,'') || coalesce(exit_commitment_on,'')
    || coalesce(left_on,'') || coalesce(decl_until,'') || status || coalesce(post,'') FROM person ORDER BY id`),
  sql(`SELECT (SELECT count(*) FROM person_event) || '/' || (SELECT count(*) FROM training_session)
    || '/' || (SELECT count(*) FROM training_attendance) || '/' || (SELECT count(*) FROM person_trip)
    || '/' || (SELECT count(*) FROM departure)`),
  sql(`SELECT approvals || ':' || approved_by || ':' || coalesce(departed_on, '') || ':' || coalesce(reported_on, '')
    FROM person_trip ORDER BY id`),
].join('/');
// A carrier's custodian set behind the chain, to stage a holding: on PostgreSQL a session
// writes a table the chain binds only when it notes what it writes (bm_touched), as baomi's do.
const behind = (s) => sql(`CREATE TEMP TABLE bm_touched (tbl TEXT, id BIGINT, PRIMARY KEY (tbl, id)); ${s}`);

async function refusedUnchanged(promise, status, code, rule) {
  const before = state();
  refused(await promise, status, code, rule);
  assert.equal(state(), before, 'nothing changed');
}

test('a new person is added without class (the account path)', async () => {
  const r = await post('/api/v1/people', { name: '冯新员', department: '办公室' }, sysadmin);
  assert.equal(r.status, 201, r.text);
  pid = r.json.id;
  const v = await get(`/api/v1/people/${pid}/record`);
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.stage, 'account');
  assert.equal(v.json.blocked, null);
});

test('the register: read by the clerk, refused to staff (PERSON-2)', async () => {
  const r = await get('/api/v1/people/register?stage=account', clerk);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.some((p) => p.id === pid));
  assert.ok(r.json.items.every((p) => p.stage === 'account'));
  refused(await get('/api/v1/people/register', staff), 403, 'role_required', 'PERSON-2');
  refused(await get('/api/v1/people/register?bogus=1', clerk), 400, 'unknown_parameter');
});

test('PERSON-2: vetting by the security administrator only, never dated ahead', async () => {
  await refusedUnchanged(post(`/api/v1/people/${pid}/vet`, { on: day(-5), result: 'pass' }, clerk), 403, 'role_required', 'PERSON-2');
  await refusedUnchanged(post(`/api/v1/people/${pid}/vet`, { on: day(3), result: 'pass' }), 400, 'date_in_future', 'PERSON-2');
  const r = await post(`/api/v1/people/${pid}/vet`, { on: day(-5), result: 'pass', note: '政审合格' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.stage, 'vetted');
});

test('PERSON-2: no clearance before training and commitment', async () => {
  await refusedUnchanged(post(`/api/v1/people/${pid}/clear`, { on: day(-1), class: 'general' }), 403, 'not_trained', 'PERSON-2');
});

test('PERSON-6: a session, attendance, a signed sheet', async () => {
  await refusedUnchanged(post('/api/v1/trainings', { held_on: day(-4), topic: '保密法', hours: '0', trainer: '张' }, clerk),
    400, 'invalid_hours', 'PERSON-6');
  await refusedUnchanged(post('/api/v1/trainings', { held_on: day(-4), topic: '保密法', hours: '2', trainer: '张' }, secadmin),
    403, 'admin_no_business', 'SYS-1');
  const held = day(-4);
  const t = await post('/api/v1/trainings', { held_on: held, topic: '保密法', hours: '2', trainer: '张' }, clerk);
  assert.equal(t.status, 201, t.text);
  const a = await post(`/api/v1/trainings/${t.json.id}/attend`, { person: pid }, clerk);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.attendee_count, 1);
  await refusedUnchanged(post(`/api/v1/trainings/${t.json.id}/attend`, { person: pid }, clerk), 409, 'already_attended', 'PERSON-6');
  assert.equal((await post(`/api/v1/trainings/${t.json.id}/sign`, {}, clerk)).status, 200);
  await refusedUnchanged(post(`/api/v1/trainings/${t.json.id}/attend`, { person: 'clerk' }, clerk), 409, 'training_signed', 'PERSON-6');
  const v = await get(`/api/v1/people/${pid}/record`);
  assert.equal(v.json.stage, 'trained');
  assert.equal(v.json.year_hours >= 2 || v.json.recent_hours >= 2, true);
  // The year of the session (held four days ago): from 1 to 4 January it is last year, and the
  // summary's default year, this one, would have none of it.
  const s = await get(`/api/v1/trainings/summary?year=${held.slice(0, 4)}`, clerk);
  assert.equal(s.status, 200, s.text);
  assert.ok(s.json.sessions >= 1);
});

test('PERSON-2/3: commitment, then cleared; a temporary hire never', async () => {
  await refusedUnchanged(post(`/api/v1/people/${pid}/clear`, { on: day(-1), class: 'general' }), 403, 'no_commitment', 'PERSON-2');
  assert.equal((await post(`/api/v1/people/${pid}/commit`, { on: day(-2) })).status, 200);
  const temp = await post('/api/v1/people', { name: '褚临时', department: '办公室', temporary: true }, sysadmin);
  assert.equal(temp.status, 201, temp.text);
  await refusedUnchanged(post(`/api/v1/people/${temp.json.id}/clear`, { on: day(-1), class: 'general' }), 403, 'temporary_hire', 'PERSON-3');
  const r = await post(`/api/v1/people/${pid}/clear`, { on: day(-1), class: 'important' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.stage, 'cleared');
  assert.equal(r.json.class, 'important');
  await refusedUnchanged(post(`/api/v1/people/${pid}/clear`, { on: day(-1), class: 'core' }), 409, 'already_cleared', 'PERSON-2');
  assert.equal((await post(`/api/v1/people/${pid}/statement`, { on: day(-1) })).status, 200);
  const roster = await call(url, 'GET', '/api/v1/people/roster?format=csv', { token: clerk });
  assert.equal(roster.status, 200);
  assert.match(roster.text, /冯新员/);
});

test('PERSON-8: a trip is briefed, approved by class, departs, and is reported back', async () => {
  // The trip's dates from one moment: compared later and with each other, they must not move
  // if the run crosses midnight in Beijing; only the refusal of a day ahead asks the live day.
  const t0 = Date.now();
  const on = (n) => day(n, t0);
  const leader = await login(url, 'leader');
  const principal = await login(url, 'principal');
  await refusedUnchanged(post(`/api/v1/people/${pid}/trips`, { destination: '新加坡', depart_on: on(1), return_on: on(8), briefed_on: on(2) }),
    403, 'not_briefed', 'PERSON-8');
  const t = await post(`/api/v1/people/${pid}/trips`, { destination: '新加坡', depart_on: on(-3), return_on: on(-1), briefed_on: on(-4) });
  assert.equal(t.status, 201, t.text);
  // The person was cleared important: person.trip_approver.important names the supervising leader.
  assert.equal(t.json.status, 'pending');
  assert.equal(t.json.next_approver, 'leader');
  assert.equal(t.json.approvals_needed, 1);
  assert.equal(t.json.approved_by, null);
  const id = t.json.id;
  await refusedUnchanged(post(`/api/v1/people/trips/${id}/depart`, { on: on(-3) }), 403, 'trip_not_approved', 'PERSON-8');
  // PERSON-8: the trips waiting for approval: the leader (its approver) sees it with the
  // traveller's class, the register's readers too; the principal (not its approver) and staff not.
  const pending = async (token, q = '?status=pending') => {
    const r = await get('/api/v1/people/trips' + q, token);
    assert.equal(r.status, 200, r.text);
    return r.json.items;
  };
  const mine = (await pending(leader)).find((x) => x.id === id);
  assert.ok(mine, 'the leader sees the trip to approve');
  assert.equal(mine.person_class, 'important');
  assert.equal(mine.destination, '新加坡');
  assert.equal(mine.briefed_on, on(-4));
  assert.equal(mine.next_approver, 'leader');
  assert.ok((await pending(secadmin)).some((x) => x.id === id));
  assert.ok((await pending(clerk, '')).some((x) => x.id === id));
  assert.ok(!(await pending(principal)).some((x) => x.id === id));
  assert.deepEqual(await pending(staff), []);
  const bad = await get('/api/v1/people/trips?status=done', leader);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'invalid_parameter');
  await refusedUnchanged(post(`/api/v1/people/trips/${id}/report`, { on: on(0) }), 409, 'trip_not_departed', 'PERSON-8');
  await refusedUnchanged(post(`/api/v1/people/trips/${id}/approve`, {}, principal), 403, 'trip_approver_role', 'PERSON-8');
  await refusedUnchanged(post(`/api/v1/people/trips/${id}/approve`, {}, clerk), 403, 'trip_approver_role', 'PERSON-8');
  await refusedUnchanged(post(`/api/v1/people/trips/${id}/approve`, {}), 403, 'trip_approver_role', 'PERSON-8');
  const a = await post(`/api/v1/people/trips/${id}/approve`, {}, leader);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.status, 'approved');
  assert.equal(a.json.approved_by, '刘志强');
  assert.equal(a.json.next_approver, null);
  await refusedUnchanged(post(`/api/v1/people/trips/${id}/approve`, {}, leader), 409, 'trip_approved', 'PERSON-8');
  assert.ok(!(await pending(leader)).some((x) => x.id === id), 'approved: no longer waiting');
  await refusedUnchanged(post(`/api/v1/people/trips/${id}/depart`, { on: on(-5) }), 403, 'not_briefed', 'PERSON-8');
  await refusedUnchanged(post(`/api/v1/people/trips/${id}/depart`, { on: day(2) }), 400, 'date_in_future', 'PERSON-8');
  await refusedUnchanged(post(`/api/v1/people/trips/${id}/depart`, { on: on(-3) }, clerk), 403, 'role_required', 'PERSON-2');
  const d = await post(`/api/v1/people/trips/${id}/depart`, { on: on(-3) });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.status, 'departed');
  assert.equal(d.json.departed_on, on(-3));
  await refusedUnchanged(post(`/api/v1/people/trips/${id}/depart`, { on: on(-2) }), 409, 'trip_departed', 'PERSON-8');
  await refusedUnchanged(post(`/api/v1/people/trips/${id}/report`, { on: on(-10) }), 400, 'report_before_departure', 'PERSON-8');
  assert.equal((await post(`/api/v1/people/trips/${id}/report`, { on: on(0) })).status, 200);
  await refusedUnchanged(post(`/api/v1/people/trips/${id}/report`, { on: on(0) }), 409, 'trip_reported');
  const rec = (await get(`/api/v1/people/${pid}/record`)).json;
  assert.equal(rec.trips.find((x) => x.id === id).status, 'reported');
});

test('KEEP-2, PERSON-4: leaving refused while held and without the exit commitment; then the 脱密期', async () => {
  const c = await post('/api/v1/carriers', { title: '人员离岗测试件', level: '秘密', place: '考试保密室', scope: ['办公室', `person:${pid}`] }, clerk);
  assert.equal(c.status, 201, c.text);
  behind(`UPDATE carrier SET custodian_id = ${pid} WHERE id = ${c.json.id}`);
  await refusedUnchanged(post(`/api/v1/people/${pid}/leave`, { on: day(0) }), 403, 'items_held', 'KEEP-2');
  behind(`UPDATE carrier SET custodian_id = NULL WHERE id = ${c.json.id}`);
  await refusedUnchanged(post(`/api/v1/people/${pid}/leave`, { on: day(0) }), 403, 'no_exit_commitment', 'PERSON-4');
  assert.equal((await post(`/api/v1/people/${pid}/exit-commit`, { on: day(0) })).status, 200);
  const r = await post(`/api/v1/people/${pid}/leave`, { on: day(0), moving: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.stage, 'decl');
  assert.equal(r.json.blocked.rule, 'PERSON-7');
  assert.equal(r.json.blocked.code, 'declassification_period');
  const before = state();
  const n = await post('/api/v1/carriers', { title: '脱密期件', level: '秘密', place: '考试保密室', scope: ['办公室', `person:${pid}`] }, clerk);
  refused(n, 403, 'declassification_period', 'PERSON-7');
  assert.equal(state(), before);
  const hist = await get(`/api/v1/people/${pid}/record`);
  assert.deepEqual(hist.json.history.map((e) => e.kind),
    ['vetting', 'commitment', 'clearance', 'class', 'statement', 'trip', 'trip_approve', 'trip_depart', 'trip_report', 'exit_commitment', 'leave']);
});
