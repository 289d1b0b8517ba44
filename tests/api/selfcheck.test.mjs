// tests/api/selfcheck.test.mjs — the yearly self-assessment (保密自查自评,
// INSP-4) through the real server on the demo unit (issue 11 point 5): started
// once a year by the clerk, its checklist compiled from the unit's records
// with counts and ids (an incident the test opens is among the evidence), the
// answers on the evidence (a 不符合 is a finding with department, responsible
// person and deadline, INSP-2), the clerk's then the leader's signature, and
// kept as signed. Every refusal with its rule ID, and nothing changed. It
// assesses a past year (2025) so that the demo's own is left alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused } from './lib.mjs';

let unit, srv, url;
const tok = {};
const YEAR = 2025;

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

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });

async function list() {
  const r = await get('/api/v1/self-assessments');
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

async function state(id) {
  const one = id ? await get(`/api/v1/self-assessments/${id}`) : null;
  return JSON.stringify([await list(), one && one.json]);
}

async function refusedUnchanged(id, attempt, status, code, rule) {
  const before = await state(id);
  refused(await attempt(), status, code, rule);
  assert.equal(await state(id), before, `${code}: nothing changed`);
}

test('INSP-4: started once a year by the clerk, compiled with its evidence, answered, signed and kept', async () => {
  // An incident still open: the checklist must name it.
  const inc = await post('/api/v1/incidents', { kind: 'leak', what: '机密文件一份', level: '机密' });
  assert.equal(inc.status, 201, inc.text);

  await refusedUnchanged(0, () => post('/api/v1/self-assessments', { year: 2099 }), 400, 'year_in_future', 'INSP-4');
  await refusedUnchanged(0, () => post('/api/v1/self-assessments', { year: YEAR }, 'staff'), 403, 'role_required', 'INSP-4');
  await refusedUnchanged(0, () => post('/api/v1/self-assessments', { year: YEAR }, 'secadmin'), 403, undefined, 'SYS-1');

  const r = await post('/api/v1/self-assessments', { year: YEAR });
  assert.equal(r.status, 201, r.text);
  const sa = r.json;
  assert.equal(sa.year, YEAR);
  assert.equal(sa.status, 'open');
  assert.deepEqual(sa.items.map((i) => i.item),
    ['commitment', 'training', 'statement', 'count', 'device', 'device_label', 'loan', 'incident', 'rectification']);
  for (const i of sa.items) {
    assert.equal(typeof i.evidence_count, 'number');
    assert.ok(Array.isArray(i.evidence.ids));
    if (!i.evidence.truncated) assert.equal(i.evidence.ids.length, i.evidence_count, i.item);
    assert.ok(i.title_zh && i.title_en && i.rule);
  }
  const incident = sa.items.find((i) => i.item === 'incident');
  assert.equal(incident.rule, 'INC-4');
  assert.equal(incident.evidence.table, 'incident');
  assert.ok(incident.evidence.ids.includes(inc.json.id), 'the open incident is evidence');

  // DEV-1: the demo records every device's label but the laptop's; every device has its person.
  const devices = (await get('/api/v1/devices')).json.items;
  const laptop = devices.find((d) => d.number === 'BJB-2026-001');
  const label = sa.items.find((i) => i.item === 'device_label');
  assert.equal(label.rule, 'DEV-1');
  assert.equal(label.evidence.table, 'device');
  assert.deepEqual(label.evidence.ids, [laptop.id]);
  assert.deepEqual(label.evidence.never, [laptop.id]);
  assert.deepEqual(label.evidence.outdated, []);
  assert.equal(sa.items.find((i) => i.item === 'device').evidence_count, 0);
  // INSP-2: the demo inspection's notice, open and past its deadline, called out.
  const notices = (await get('/api/v1/rectifications')).json.items.filter((n) => n.status !== 'closed');
  assert.ok(notices.length > 0, 'the demo has an open rectification');
  const rect = sa.items.find((i) => i.item === 'rectification');
  assert.equal(rect.rule, 'INSP-2');
  assert.equal(rect.evidence.table, 'rectification');
  assert.deepEqual([...rect.evidence.ids].sort(), notices.map((n) => n.id).sort());
  assert.deepEqual([...rect.evidence.overdue].sort(), notices.filter((n) => n.overdue).map((n) => n.id).sort());
  assert.equal(rect.evidence.overdue_count, notices.filter((n) => n.overdue).length);
  assert.ok(rect.evidence.overdue_count > 0, 'the demo notice is overdue');

  await refusedUnchanged(sa.id, () => post('/api/v1/self-assessments', { year: YEAR }), 409, 'self_assessment_exists', 'INSP-4');
  refused(await get(`/api/v1/self-assessments/${sa.id}`, 'staff'), 403, 'role_required', 'INSP-4');
  refused(await get('/api/v1/self-assessments/999999'), 404, 'unknown_self_assessment');
  assert.equal((await get(`/api/v1/self-assessments/${sa.id}`, 'leader')).status, 200);

  const answer = (body, who) => post(`/api/v1/self-assessments/${sa.id}/answers`, body, who);
  await refusedUnchanged(sa.id, () => answer({ item: 'incident', answer: 'yes' }), 400, 'evidence_contradicts', 'INSP-4');
  await refusedUnchanged(sa.id, () => answer({ item: 'incident', answer: 'na' }), 400, 'note_required', 'INSP-4');
  await refusedUnchanged(sa.id, () => answer({ item: 'incident', answer: 'no', deadline: '2099-01-01' }), 400, 'department_required', 'INSP-2');
  const depts = await get('/api/v1/departments');
  assert.equal(depts.status, 200, depts.text);
  const dept = depts.json.items[0];
  await refusedUnchanged(sa.id, () => answer({ item: 'incident', answer: 'no', department: dept.id, deadline: '2099-01-01' }), 400, 'responsible_required', 'INSP-2');
  await refusedUnchanged(sa.id, () => answer({ item: 'incident', answer: 'no', department: dept.id, responsible: 'clerk', deadline: '2000-01-01' }), 400, 'deadline_past', 'INSP-2');
  await refusedUnchanged(sa.id, () => answer({ item: 'incident', answer: 'yes', note: 'x' }, 'leader'), 403, 'role_required', 'INSP-4');
  await refusedUnchanged(sa.id, () => post(`/api/v1/self-assessments/${sa.id}/sign`, {}), 409, 'items_unanswered', 'INSP-4');
  await refusedUnchanged(sa.id, () => post(`/api/v1/self-assessments/${sa.id}/sign`, { as: 'leader' }, 'leader'), 409, 'clerk_signature_first', 'INSP-4');

  let a = await answer({ item: 'incident', answer: 'no', note: '事件尚在调查', department: dept.id, responsible: 'clerk', deadline: '2099-01-01' });
  assert.equal(a.status, 200, a.text);
  const finding = a.json.items.find((i) => i.item === 'incident');
  assert.equal(finding.answer, 'no');
  assert.equal(finding.department_id, dept.id);
  assert.equal(finding.deadline, '2099-01-01');
  assert.equal(a.json.findings, 1);
  for (const i of sa.items.filter((x) => x.item !== 'incident')) {
    a = await answer({ item: i.id, answer: 'na', note: '测试' });
    assert.equal(a.status, 200, a.text);
  }
  assert.equal(a.json.items_answered, 9);

  a = await post(`/api/v1/self-assessments/${sa.id}/sign`, {});
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.status, 'clerk_signed');
  await refusedUnchanged(sa.id, () => answer({ item: 'device', answer: 'na', note: '改' }), 409, 'self_assessment_signed', 'INSP-4');
  await refusedUnchanged(sa.id, () => post(`/api/v1/self-assessments/${sa.id}/sign`, { as: 'leader' }), 403, 'leader_required', 'INSP-4');
  a = await post(`/api/v1/self-assessments/${sa.id}/sign`, { as: 'leader' }, 'leader');
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.status, 'signed');
  assert.ok(a.json.leader_signed_at && a.json.clerk_signed_at);
  await refusedUnchanged(sa.id, () => post(`/api/v1/self-assessments/${sa.id}/sign`, {}, 'leader'), 409, 'self_assessment_signed', 'INSP-4');
  assert.ok((await list()).some((x) => x.id === sa.id && x.status === 'signed'));
});
