// tests/api/inspections.test.mjs — inspections (保密检查, INSP-1) and
// rectification notices (整改通知书, INSP-2) through the real server on the
// demo unit (issue 11 point 5): an inspection recorded with its scope,
// inspectors and checklist, a finding made a notice, the report back, the
// follow-up reopening and closing it. Every refusal names its rule and leaves
// the inspections and the notices as they were. The test makes its own
// records; it reads no demo inspection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, unitDay } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'leader', 'staff', 'sysadmin', 'secadmin']) tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });
// The unit's day (UTC+8) `offset` days on, at the moment of the call: the refusals of a date
// in the future or the past are asked against the server's day now. A date sent is compared
// as sent (the variable), never computed again: the run may cross midnight in Beijing.
const day = unitDay;

// Every inspection and every notice with its history (a refusal changes none of them).
async function state() {
  const i = await get('/api/v1/inspections');
  const r = await get('/api/v1/rectifications');
  assert.equal(i.status, 200, i.text);
  assert.equal(r.status, 200, r.text);
  const hist = [];
  for (const x of r.json.items) {
    const one = await get(`/api/v1/rectifications/${x.id}`);
    assert.equal(one.status, 200, one.text);
    hist.push(one.json);
  }
  return JSON.stringify([i.json.total, i.json.items, r.json.total, hist]);
}

async function refusedUnchanged(attempt, status, code, rule) {
  const before = await state();
  refused(await attempt(), status, code, rule);
  assert.equal(await state(), before, `${code}: nothing changed`);
}

const inspection = {
  kind: 'regular',
  held_on: day(-1),
  scope: ['unit'],
  inspectors: ['clerk', 'leader'],
  checklist: [
    { item: '台账与实物相符', answer: 'yes' },
    { item: '保密柜上锁', answer: 'no', note: '二号柜未锁' },
  ],
  summary: '本季度保密检查',
};

test('INSP-1: an inspection is recorded once held, by people of the unit, within the unit', async () => {
  const I = (body, who) => () => post('/api/v1/inspections', { ...inspection, ...body }, who);
  await refusedUnchanged(I({ held_on: day(1) }), 400, 'inspection_in_future', 'INSP-1');
  await refusedUnchanged(I({ inspectors: ['clerk', 'no-such-person'] }), 400, 'inspector_not_of_unit', 'INSP-1');
  await refusedUnchanged(I({ scope: ['外单位'] }), 400, 'department_not_of_unit', 'INSP-1');
  await refusedUnchanged(I({ kind: 'yearly' }), 400, 'inspection_kind_invalid', 'INSP-1');
  await refusedUnchanged(I({ held_on: '' }), 400, 'inspection_date_required', 'INSP-1');
  await refusedUnchanged(I({ scope: [] }), 400, 'inspection_scope_required', 'INSP-1');
  await refusedUnchanged(I({ inspectors: [] }), 400, 'inspectors_required', 'INSP-1');
  await refusedUnchanged(I({ checklist: [{ item: '台账', answer: 'maybe' }] }), 400, 'checklist_answer_invalid', 'INSP-1');
  await refusedUnchanged(I({}, 'staff'), 403, 'role_required', 'INSP-1');
  await refusedUnchanged(I({}, 'sysadmin'), 403, 'admin_no_business', 'SYS-1');
  await refusedUnchanged(I({}, 'secadmin'), 403, 'admin_no_business', 'SYS-1');

  const before = (await get('/api/v1/inspections')).json.total;
  const r = await I({})();
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.kind, 'regular');
  assert.equal(r.json.held_on, inspection.held_on);
  assert.equal(r.json.whole_unit, true);
  assert.equal(r.json.inspector_ids.length, 2);
  assert.equal(r.json.checklist.length, 2);
  assert.equal(r.json.summary, '本季度保密检查');
  assert.deepEqual(r.json.rectifications, []);
  const spot = await post('/api/v1/inspections', { kind: 'spot', held_on: day(0), scope: ['办公室'], inspectors: ['leader'] }, 'leader');
  assert.equal(spot.status, 201, spot.text);
  assert.equal(spot.json.whole_unit, false);
  assert.deepEqual(spot.json.department_names, ['办公室']);
  const list = await get('/api/v1/inspections');
  assert.equal(list.json.total, before + 2);
  assert.ok(list.json.items.some((x) => x.id === r.json.id));
  const cal = await get('/api/v1/inspections/calendar');
  assert.equal(cal.status, 200, cal.text);
  assert.equal(cal.json.last_regular, inspection.held_on, 'the calendar runs from the last regular inspection');
  refused(await get('/api/v1/inspections', 'sysadmin'), 403, 'admin_no_business', 'SYS-1');
});

test('INSP-2: a finding becomes a notice, reported back, followed up, closed once', async () => {
  const ins = await post('/api/v1/inspections', { ...inspection, held_on: day(0) });
  assert.equal(ins.status, 201, ins.text);
  const id = ins.json.id;
  const finding = { finding: '二号柜未锁', department: '办公室', responsible: 'staff', deadline: day(10) };
  const F = (body, who) => () => post(`/api/v1/inspections/${id}/findings`, { ...finding, ...body }, who);
  await refusedUnchanged(F({ deadline: day(-1) }), 400, 'deadline_in_past', 'INSP-2');
  await refusedUnchanged(F({ deadline: 'soon' }), 400, 'deadline_invalid', 'INSP-2');
  await refusedUnchanged(F({ department: '外单位' }), 400, 'department_not_of_unit', 'INSP-2');
  await refusedUnchanged(F({ responsible: 'no-such-person' }), 400, 'responsible_not_of_unit', 'INSP-2');
  await refusedUnchanged(F({ finding: '' }), 400, 'finding_required', 'INSP-2');
  await refusedUnchanged(F({}, 'staff'), 403, 'role_required', 'INSP-2');
  await refusedUnchanged(F({}, 'sysadmin'), 403, 'admin_no_business', 'SYS-1');
  await refusedUnchanged(() => post('/api/v1/inspections/999999/findings', finding), 404, 'unknown_inspection', null);

  const n = await F({})();
  assert.equal(n.status, 201, n.text);
  assert.equal(n.json.status, 'open');
  assert.equal(n.json.deadline, finding.deadline);
  assert.equal(n.json.inspection_id, id);
  assert.equal(n.json.department_name, '办公室');
  assert.equal(n.json.overdue, false);
  const rid = n.json.id;
  const shown = await get(`/api/v1/inspections/${id}`);
  assert.deepEqual(shown.json.rectifications.map((x) => x.id), [rid]);

  const R = (body, who) => () => post(`/api/v1/rectifications/${rid}/report`, body, who);
  const C = (body, who) => () => post(`/api/v1/rectifications/${rid}/close`, body, who);
  const O = (body, who) => () => post(`/api/v1/rectifications/${rid}/reopen`, body, who);
  await refusedUnchanged(C({ note: '复查' }), 409, 'follow_up_before_report', 'INSP-2');
  await refusedUnchanged(O({ note: '复查', deadline: day(5) }), 409, 'follow_up_before_report', 'INSP-2');
  await refusedUnchanged(R({ text: '已整改' }, 'secadmin'), 403, 'admin_no_business', 'SYS-1');
  await refusedUnchanged(R({}, 'staff'), 400, 'report_required', 'INSP-2');

  const rep = await R({ text: '已更换密码并上锁' }, 'staff')();
  assert.equal(rep.status, 200, rep.text);
  assert.equal(rep.json.status, 'reported');
  assert.equal(rep.json.report, '已更换密码并上锁');
  await refusedUnchanged(R({ text: '再报' }, 'staff'), 409, 'rectification_reported', 'INSP-2');
  await refusedUnchanged(C({ note: '自查合格' }, 'staff'), 403, 'role_required', 'INSP-2');
  await refusedUnchanged(C({}), 400, 'follow_up_required', 'INSP-2');
  await refusedUnchanged(O({ note: '仍未上锁', deadline: day(-1) }), 400, 'deadline_in_past', 'INSP-2');
  await refusedUnchanged(C({ note: '复查合格' }, 'sysadmin'), 403, 'admin_no_business', 'SYS-1');

  const again = day(5);
  const re = await O({ note: '仍未上锁', deadline: again })();
  assert.equal(re.status, 200, re.text);
  assert.equal(re.json.status, 'open');
  assert.equal(re.json.deadline, again);
  assert.equal(re.json.reopened, 1);
  assert.equal((await R({ text: '已上锁' }, 'staff')()).status, 200);
  const closed = await C({ note: '复查合格' }, 'leader')();
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.status, 'closed');
  assert.equal(closed.json.follow_up, '复查合格');
  assert.deepEqual(closed.json.history.map((h) => h.action), ['open', 'report', 'reopen', 'report', 'close']);

  await refusedUnchanged(C({ note: '再次销号' }), 409, 'rectification_closed', 'INSP-2');
  await refusedUnchanged(O({ note: '再开', deadline: day(5) }), 409, 'rectification_closed', 'INSP-2');
  await refusedUnchanged(R({ text: '又报' }, 'staff'), 409, 'rectification_closed', 'INSP-2');
  const mine = await get('/api/v1/rectifications?status=closed', 'staff');
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.json.items.some((x) => x.id === rid), 'the person answering for it sees the notice');
  refused(await get('/api/v1/rectifications', 'sysadmin'), 403, 'admin_no_business', 'SYS-1');
});
