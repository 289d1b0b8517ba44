// tests/api/duty.test.mjs — the unit's responsibility system (保密工作责任制,
// ORG-1) through the real server on the demo unit: the leadership group
// (保密工作领导小组) with its head and its leader in charge and each
// department's responsible leader and secrecy clerk as anyone of the unit
// reads them; a place ended and a member appointed again by the secrecy
// clerk; a department's line changed (the line before ends that day); every
// refusal by its code and rule ORG-1 (the administrators with the SYS-1
// reason) and each one changing nothing; the history, one line per change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, unitDay } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'leader', 'principal', 'staff', 'secadmin', 'sysadmin']) tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });
const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
// The server's today (Asia/Shanghai) and a day `n` days from it.
const day = unitDay;

// Everything the responsibility system holds: a refusal leaves it as it was.
async function state() {
  const r = await get('/api/v1/duty/history');
  assert.equal(r.status, 200, r.text);
  const { members, former, lines, events } = r.json;
  return JSON.stringify({ members, former, lines, events });
}

// POSTs `body` to `path` as `who`, expects the refusal (status, code, ORG-1) and nothing changed.
async function refusedDuty(path, body, who, status, code) {
  const s = await state();
  const r = await post(path, body, who);
  refused(r, status, code, 'ORG-1');
  assert.equal(await state(), s, `${code}: nothing changed`);
  return r;
}

test('ORG-1: anyone of the unit reads the group and each department\'s leader and clerk', async () => {
  const r = await get('/api/v1/duty', 'staff');
  assert.equal(r.status, 200, r.text);
  const v = r.json;
  assert.equal(v.members.length, 7, 'the demo group: head, deputy in charge, five members');
  assert.deepEqual(v.members.map((m) => m.role), ['head', 'deputy', 'member', 'member', 'member', 'member', 'member']);
  const head = v.members[0], deputy = v.members[1];
  assert.equal(head.person, '赵立军');
  assert.deepEqual(head.role_name, { zh: '组长', en: 'head' });
  assert.equal(deputy.person, '刘志强');
  assert.equal(deputy.in_charge, true);
  assert.equal(v.members.filter((m) => m.in_charge).length, 1, 'one leader in charge');
  for (const m of v.members) {
    assert.equal(m.ended_on, null);
    assert.equal(m.statement.state, 'valid', `${m.person}'s statement`);
    assert.match(m.document, /^示教体〔\d{4}〕3号$/);
  }
  assert.equal(v.departments.length, 6);
  for (const d of v.departments) {
    assert.ok(d.duty, `${d.department} has its line`);
    assert.ok(d.duty.leader && d.duty.clerk && d.duty.leader_active && d.duty.clerk_active);
  }
  const office = v.departments.find((d) => d.department === '办公室');
  assert.equal(office.duty.leader, '周伟');
  assert.equal(office.duty.clerk, '陈静');
  assert.deepEqual(v.alerts, [], 'the demo\'s responsibility system has no gap');
  assert.equal(v.former, undefined, 'the history only on /duty/history');
  const h = await get('/api/v1/duty/history', 'leader');
  assert.equal(h.status, 200, h.text);
  assert.deepEqual(h.json.former, []);
  assert.equal(h.json.lines.length, 6);
  assert.deepEqual(h.json.events.map((e) => e.action), [...Array(7).fill('member.add'), ...Array(6).fill('department.set')]);
  assert.ok(h.json.events.every((e) => e.actor === '陈静'), 'recorded by the secrecy clerk');
  refused(await get('/api/v1/duty?x=1'), 400, 'unknown_parameter');
});

test('ORG-1: only the secrecy clerk records it; the administrators are refused with the SYS-1 reason', async () => {
  const g = { person: 'staff', role: 'member', appointed_on: day(), document: '测保〔2026〕1号' };
  await refusedDuty('/api/v1/duty/members', g, 'staff', 403, 'role_required');
  await refusedDuty('/api/v1/duty/members', g, 'leader', 403, 'role_required');
  await refusedDuty('/api/v1/duty/members', g, 'secadmin', 403, 'admin_no_business');
  await refusedDuty('/api/v1/duty/departments', { department: '办公室', leader: 'leader', clerk: 'clerk' }, 'sysadmin', 403, 'admin_no_business');
  const v = (await get('/api/v1/duty')).json;
  await refusedDuty(`/api/v1/duty/members/${v.members[6].id}/end`, {}, 'principal', 403, 'role_required');
});

test('ORG-1: an appointment\'s refusals, each changing nothing', async () => {
  const G = { appointed_on: day(), document: '测保〔2026〕2号' };
  const path = '/api/v1/duty/members';
  await refusedDuty(path, { ...G, person: 'staff', role: 'chairman' }, 'clerk', 400, 'duty_role_invalid');
  await refusedDuty(path, { ...G, person: '无此人', role: 'member' }, 'clerk', 400, 'duty_person_inactive');
  await refusedDuty(path, { ...G, role: 'member' }, 'clerk', 400, 'duty_person_inactive');
  await refusedDuty(path, { ...G, person: 'clerk', role: 'member' }, 'clerk', 409, 'duty_already_member');
  await refusedDuty(path, { ...G, person: 'staff', role: 'head' }, 'clerk', 403, 'duty_head_not_leader');
  await refusedDuty(path, { ...G, person: 'staff', role: 'member', in_charge: true }, 'clerk', 403, 'duty_in_charge_not_leader');
  await refusedDuty(path, { person: 'staff', role: 'member', appointed_on: '年初', document: '1号' }, 'clerk', 400, 'duty_date_required');
  await refusedDuty(path, { person: 'staff', role: 'member', appointed_on: day(2), document: '1号' }, 'clerk', 400, 'duty_date_in_future');
  await refusedDuty(path, { person: 'staff', role: 'member', appointed_on: day() }, 'clerk', 400, 'duty_document_required');
  const s = await state();
  refused(await post(path, { ...G, person: 'staff', role: 'member', chair: true }), 400, 'unknown_field');
  refused(await post(path, { ...G, person: 'staff', role: 'member', in_charge: 'yes' }), 400, 'wrong_type');
  assert.equal(await state(), s);
});

test('ORG-1: a place ended, the head and the leader in charge kept one each, the member appointed again', async () => {
  const v = (await get('/api/v1/duty')).json;
  const deputy = v.members.find((m) => m.in_charge);
  const end = (id) => `/api/v1/duty/members/${id}/end`;
  const today = day(); // sent and compared as sent: the run may cross midnight in Beijing
  await refusedDuty(end(deputy.id), { on: '2000-01-01' }, 'clerk', 400, 'duty_end_date_invalid');
  await refusedDuty(end(deputy.id), { on: day(2) }, 'clerk', 400, 'duty_end_date_invalid');
  const s = await state();
  refused(await post(end(999999), {}), 404, 'unknown_duty_member');
  refused(await post('/api/v1/duty/members/x/end', {}), 404, 'unknown_duty_member');
  assert.equal(await state(), s);
  const r = await post(end(deputy.id), { on: today, document: '测保〔2026〕9号' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.id, deputy.id);
  assert.equal(r.json.ended_on, today);
  assert.equal(r.json.end_document, '测保〔2026〕9号');
  await refusedDuty(end(deputy.id), {}, 'clerk', 409, 'duty_member_ended');
  const gap = (await get('/api/v1/duty', 'leader')).json;
  assert.ok(gap.alerts.some((a) => a.rule === 'ORG-1' && a.code === 'duty_in_charge_missing'), 'no leader in charge is a gap');
  assert.equal(gap.members.length, 6);
  const G = { appointed_on: today, document: '测保〔2026〕10号' };
  await refusedDuty('/api/v1/duty/members', { ...G, person: 'leader', role: 'head' }, 'clerk', 409, 'duty_head_taken');
  const a = await post('/api/v1/duty/members', { ...G, person: 'leader', role: 'deputy', in_charge: true });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.person, '刘志强');
  assert.equal(a.json.role, 'deputy');
  assert.equal(a.json.in_charge, true);
  assert.equal(a.json.appointed_on, today);
  assert.equal(a.json.ended_on, null);
  assert.ok(a.json.id > deputy.id);
  const h = (await get('/api/v1/duty/history')).json;
  assert.deepEqual(h.alerts, []);
  assert.equal(h.former.length, 1);
  assert.equal(h.former[0].id, deputy.id);
  assert.deepEqual(h.events.slice(-2).map((e) => [e.action, e.member_id]), [['member.end', deputy.id], ['member.add', a.json.id]]);
});

test('ORG-1: a department\'s line: refusals changing nothing, then a change ending the line before', async () => {
  const path = '/api/v1/duty/departments';
  const L = { department: '办公室', leader: 'zhouwei', clerk: 'liuxiao' };
  await refusedDuty(path, { ...L, department: '无此科' }, 'clerk', 400, 'department_not_of_unit');
  await refusedDuty(path, { ...L, department: undefined }, 'clerk', 400, 'department_not_of_unit');
  await refusedDuty(path, { ...L, leader: '无此人' }, 'clerk', 400, 'duty_leader_inactive');
  await refusedDuty(path, { ...L, clerk: '无此人' }, 'clerk', 400, 'duty_clerk_inactive');
  await refusedDuty(path, { ...L, clerk: 'hulin' }, 'clerk', 400, 'duty_clerk_not_of_department');
  await refusedDuty(path, { ...L, since: day(2) }, 'clerk', 400, 'duty_since_invalid');
  await refusedDuty(path, { ...L, since: '2000-01-01' }, 'clerk', 400, 'duty_since_invalid');
  await refusedDuty(path, { ...L, clerk: 'clerk' }, 'clerk', 409, 'duty_unchanged');
  const before = (await get('/api/v1/duty/history')).json;
  const old = before.departments.find((d) => d.department === '办公室').duty;
  const today = day(); // sent and compared as sent: the run may cross midnight in Beijing
  const r = await post(path, { ...L, since: today, document: '测保〔2026〕11号' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.department, '办公室');
  assert.equal(r.json.leader, '周伟');
  assert.equal(r.json.clerk, '刘晓');
  assert.equal(r.json.clerk_active, true);
  assert.equal(r.json.since, today);
  assert.equal(r.json.document, '测保〔2026〕11号');
  const h = (await get('/api/v1/duty/history', 'staff')).json;
  assert.equal(h.departments.find((d) => d.department === '办公室').duty.clerk, '刘晓');
  const ended = h.lines.find((l) => l.id === old.id);
  assert.equal(ended.ended_on, today, 'the line before ends the day the new one starts');
  assert.equal(h.lines.length, before.lines.length + 1);
  assert.equal(h.events.at(-1).action, 'department.set');
  assert.equal(h.events.at(-1).detail.replaces, old.id);
});
