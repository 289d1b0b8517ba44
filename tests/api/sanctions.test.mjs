// tests/api/sanctions.test.mjs — incidents carried to their end through the
// real server on the demo unit (issue 11 point 4): the 24-hour alert counted
// from the discovery and cleared by the report to the higher authority
// (INC-1); sanctions per person by the level involved, outside the range only
// with the factors recorded (INC-2); rewards and the register per person,
// unit, year and as CSV (INSP-3). Every refusal with its rule, and nothing
// changed. The test makes its own incidents; it reads no demo record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, unitDay } from './lib.mjs';

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

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
// The unit's day (UTC+8), as the clerk dates a decision: from 16:00 to 24:00 UTC the UTC date
// is its yesterday (and on 31 December its last year).
const today = () => unitDay();

// The incident and the whole register (to prove a refusal changed nothing).
async function state(id) {
  const i = await get(`/api/v1/incidents/${id}`);
  const m = await get('/api/v1/merits');
  assert.equal(i.status, 200, i.text);
  assert.equal(m.status, 200, m.text);
  return JSON.stringify([i.json, m.json.items]);
}

async function refusedUnchanged(id, attempt, status, code, rule) {
  const before = await state(id);
  refused(await attempt(), status, code, rule);
  assert.equal(await state(id), before, `${code}: nothing changed`);
}

async function incident(body) {
  const r = await post('/api/v1/incidents', { kind: 'leak', ...body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function inc1Alert(id) {
  const r = await get('/api/v1/alerts?limit=1000');
  assert.equal(r.status, 200, r.text);
  return r.json.items.find((a) => a.rule === 'INC-1' && a.incident_id === id);
}

test('INC-1: the 24 hours count from the discovery; the report to the higher authority clears the alert', async () => {
  const discovered = iso(Date.now() - 25 * 3600 * 1000);
  const refuse = (body, status, code) => refused(body, status, code, 'INC-1');
  refuse(await post('/api/v1/incidents', { kind: 'leak', what: '文件', discovered_at: iso(Date.now() + 3600 * 1000) }), 400, 'discovered_in_future');
  refuse(await post('/api/v1/incidents', { kind: 'leak', what: '文件', discovered_at: '昨天' }), 400, 'discovered_invalid');
  const i = await incident({ what: '机密会议纪要一份', level: '机密', discovered_at: discovered });
  assert.equal(i.detail.discovered_at, discovered);
  // Typed in just now, discovered 25 hours ago: already late.
  const a = await inc1Alert(i.id);
  assert.ok(a, 'an INC-1 alert');
  assert.equal(a.code, 'report_overdue');
  assert.equal(a.urgency, 'high');
  assert.match(a.message_en, /INC-1/);

  const sent = iso(Date.now() - 2 * 3600 * 1000);
  await refusedUnchanged(i.id, () => post(`/api/v1/incidents/${i.id}/notice`, { document: '保发〔2026〕1号' }), 400, 'notice_to_required', 'INC-1');
  await refusedUnchanged(i.id, () => post(`/api/v1/incidents/${i.id}/notice`, { to: '市国家保密局' }), 400, 'notice_document_required', 'INC-1');
  await refusedUnchanged(i.id, () => post(`/api/v1/incidents/${i.id}/notice`, { to: '市国家保密局', document: '1号', sent_at: iso(Date.now() - 26 * 3600 * 1000) }), 400, 'notice_before_discovery', 'INC-1');
  await refusedUnchanged(i.id, () => post(`/api/v1/incidents/${i.id}/notice`, { to: '市国家保密局', document: '1号', sent_at: iso(Date.now() + 3600 * 1000) }), 400, 'notice_in_future', 'INC-1');
  await refusedUnchanged(i.id, () => post(`/api/v1/incidents/${i.id}/notice`, { to: '市国家保密局', document: '1号', sent_at: 'soon' }), 400, 'notice_time_invalid', 'INC-1');
  await refusedUnchanged(i.id, () => post(`/api/v1/incidents/${i.id}/notice`, { to: '市国家保密局', document: '1号' }, 'staff'), 403, 'role_required', 'INC-1');
  await refusedUnchanged(i.id, () => post(`/api/v1/incidents/${i.id}/notice`, { to: '市国家保密局', document: '1号' }, 'secadmin'), 403, 'admin_no_business', 'SYS-1');
  assert.ok(await inc1Alert(i.id), 'still alerting after the refusals');

  const r = await post(`/api/v1/incidents/${i.id}/notice`, { to: '市国家保密局', document: '保发〔2026〕1号', sent_at: sent }, 'leader');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.detail.notice.sent_at, sent);
  assert.equal(r.json.detail.notice.to, '市国家保密局');
  assert.equal(r.json.detail.notice.document, '保发〔2026〕1号');
  assert.equal(await inc1Alert(i.id), undefined, 'the report clears the alert');
  await refusedUnchanged(i.id, () => post(`/api/v1/incidents/${i.id}/notice`, { to: '市国家保密局', document: '2号' }), 409, 'notice_recorded', 'INC-1');

  // INC-1: the report recorded is amended with a reason, the original kept.
  const amend = (body, who) => () => post(`/api/v1/incidents/${i.id}/notice/amend`, body, who);
  await refusedUnchanged(i.id, amend({ document: '保发〔2026〕2号' }), 400, 'amend_reason_required', 'INC-1');
  await refusedUnchanged(i.id, amend({ document: '保发〔2026〕1号', reason: '核对' }), 400, 'notice_unchanged', 'INC-1');
  await refusedUnchanged(i.id, amend({ sent_at: iso(Date.now() + 3600 * 1000), reason: '改时间' }), 400, 'notice_in_future', 'INC-1');
  await refusedUnchanged(i.id, amend({ document: '保发〔2026〕2号', reason: '文号有误' }, 'staff'), 403, 'role_required', 'INC-1');
  await refusedUnchanged(i.id, amend({ document: '保发〔2026〕2号', reason: '文号有误' }, 'secadmin'), 403, 'admin_no_business', 'SYS-1');
  const am = await post(`/api/v1/incidents/${i.id}/notice/amend`, { to: '省国家保密局', reason: '报告对象登记有误' }, 'leader');
  assert.equal(am.status, 200, am.text);
  assert.equal(am.json.detail.notice.to, '省国家保密局');
  assert.equal(am.json.detail.notice.document, '保发〔2026〕1号', 'what is not amended stays');
  assert.equal(am.json.detail.notice.sent_at, sent);
  assert.equal(am.json.detail.notice.amended, true);
  assert.equal(am.json.detail.notice.reason, '报告对象登记有误');
  assert.equal(am.json.detail.notice_history.length, 1);
  assert.equal(am.json.detail.notice_history[0].to, '市国家保密局');
  assert.equal(am.json.detail.notice_history[0].replaced_because, '报告对象登记有误');
  assert.equal(await inc1Alert(i.id), undefined, 'still no alert after the amendment');
  const ev = await call(url, 'GET', '/api/v1/audit/events?limit=1000', { token: await login(url, 'auditor') });
  const e = ev.json.items.find((x) => x.action === 'incident.notice_amend' && x.object === `incident:${i.id}` && x.outcome === 'ok');
  assert.ok(e, 'the amendment is audited');
  const fresh = await incident({ what: '内部资料一份', level: '秘密' });
  await refusedUnchanged(fresh.id, () => post(`/api/v1/incidents/${fresh.id}/notice/amend`, { to: '市国家保密局', document: '1号', reason: '补记' }), 409, 'notice_not_recorded', 'INC-1');
});

test('INC-2: sanctions by the level involved; outside the range only with the factors', async () => {
  const i = await incident({ what: '绝密文件一份', level: '绝密' });
  const base = { person: 'staff', decided_by: '单位保密委员会', decided_on: today(), document: '保委〔2026〕7号', reason: '携带绝密文件外出' };
  const S = (body, who) => post(`/api/v1/incidents/${i.id}/sanctions`, { ...base, ...body }, who);
  await refusedUnchanged(i.id, () => S({ measure: 'major_demerit' }), 403, 'sanction_findings_required', 'INC-2');
  assert.equal((await post(`/api/v1/incidents/${i.id}/findings`, { findings: '违规携带外出' })).status, 200);
  await refusedUnchanged(i.id, () => S({ measure: 'warning' }), 403, 'sanction_below_range', 'INC-2');
  await refusedUnchanged(i.id, () => S({ measure: 'demerit', factor: 'aggravating', factor_text: '情节' }), 403, 'sanction_below_range', 'INC-2');
  await refusedUnchanged(i.id, () => S({ measure: 'demerit', factor: 'mitigating' }), 400, 'factors_text_required', 'INC-2');
  await refusedUnchanged(i.id, () => S({ measure: 'fine' }), 400, 'invalid_sanction', 'INC-2');
  await refusedUnchanged(i.id, () => S({ measure: 'demerit', factor: 'maybe', factor_text: 'x' }), 400, 'invalid_factor', 'INC-2');
  await refusedUnchanged(i.id, () => S({ measure: 'dismissal', person: '没有这个人' }), 404, 'unknown_person', null);
  await refusedUnchanged(i.id, () => S({ measure: 'dismissal', decided_by: '' }), 400, 'decided_by_required', 'INC-2');
  await refusedUnchanged(i.id, () => S({ measure: 'dismissal', decided_on: '' }), 400, 'decided_on_required', 'INC-2');
  await refusedUnchanged(i.id, () => S({ measure: 'dismissal', decided_on: '2099-01-01' }), 400, 'decided_in_future', 'INC-2');
  await refusedUnchanged(i.id, () => S({ measure: 'dismissal', document: '' }), 400, 'document_required', 'INC-2');
  await refusedUnchanged(i.id, () => S({ measure: 'dismissal' }, 'staff'), 403, 'role_required', 'INC-2');
  await refusedUnchanged(i.id, () => S({ measure: 'dismissal' }, 'secadmin'), 403, 'admin_no_business', 'SYS-1');
  refused(await post('/api/v1/incidents/999999/sanctions', { ...base, measure: 'dismissal' }), 404, 'unknown_incident', null);

  const lvl = await incident({ what: '无密级的事件' });
  assert.equal((await post(`/api/v1/incidents/${lvl.id}/findings`, { findings: '结论' })).status, 200);
  await refusedUnchanged(lvl.id, () => post(`/api/v1/incidents/${lvl.id}/sanctions`, { ...base, measure: 'warning' }), 403, 'sanction_level_unknown', 'INC-2');

  const ok = await S({ measure: 'major_demerit' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.level, 'top_secret');
  assert.equal(ok.json.measure_name.zh, '记大过');
  assert.equal(ok.json.incident_id, i.id);
  const light = await S({ measure: 'warning', factor: 'mitigating', factor_text: '主动报告，积极补救', person: 'leader' }, 'leader');
  assert.equal(light.status, 201, light.text);
  assert.equal(light.json.factor, 'mitigating');
  assert.equal(light.json.factor_name.zh, '从轻情节');
  const mine = await get(`/api/v1/merits?incident=${i.id}`);
  assert.deepEqual(mine.json.items.map((m) => m.measure), ['major_demerit', 'warning']);
});

test('INSP-3: rewards, and the register per person, unit-wide, by year and as CSV', async () => {
  const base = { person: 'staff', decided_by: '单位保密委员会', decided_on: today(), document: '保委〔2026〕8号', reason: '保密工作成绩突出' };
  const R = (body, who) => post('/api/v1/rewards', { ...base, ...body }, who);
  const unchanged = async (attempt, status, code, rule) => {
    const before = JSON.stringify((await get('/api/v1/merits')).json.items);
    refused(await attempt(), status, code, rule);
    assert.equal(JSON.stringify((await get('/api/v1/merits')).json.items), before, `${code}: nothing changed`);
  };
  await unchanged(() => R({ measure: 'bonus' }), 400, 'invalid_reward', 'INSP-3');
  await unchanged(() => R({ measure: 'award', reason: '' }), 400, 'reason_required', 'INSP-3');
  await unchanged(() => R({ measure: 'award', document: '' }), 400, 'document_required', 'INSP-3');
  await unchanged(() => R({ measure: 'award', person: '99999' }), 404, 'unknown_person', null);
  await unchanged(() => R({ measure: 'award' }, 'staff'), 403, 'role_required', 'INSP-3');
  await unchanged(() => R({ measure: 'award' }, 'secadmin'), 403, 'admin_no_business', 'SYS-1');
  const r = await R({ measure: 'commendation' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.kind, 'reward');
  assert.equal(r.json.measure_name.zh, '表彰');
  const old = await R({ measure: 'award', decided_on: '2025-06-30', document: '保委〔2025〕3号' });
  assert.equal(old.status, 201, old.text);

  const year = base.decided_on.slice(0, 4); // the year of the reward recorded above, even if midnight passed since
  const mineNow = await get(`/api/v1/merits?person=staff&year=${year}`);
  assert.equal(mineNow.status, 200, mineNow.text);
  assert.ok(mineNow.json.items.every((m) => m.person_id === r.json.person_id && m.decided_on.startsWith(year)));
  assert.ok(mineNow.json.items.some((m) => m.id === r.json.id));
  assert.ok(!mineNow.json.items.some((m) => m.id === old.json.id));
  const last = await get('/api/v1/merits?year=2025&kind=reward');
  assert.ok(last.json.items.some((m) => m.id === old.json.id));
  assert.ok(last.json.items.every((m) => m.kind === 'reward' && m.decided_on.startsWith('2025')));
  const csv = await get(`/api/v1/merits?year=${year}&format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.match(csv.text, /决定日期,姓名,部门,奖惩/);
  assert.match(csv.text, /表彰/);
  // The security administrator reads it for the people's record pages; a staff member does not.
  assert.equal((await get('/api/v1/merits?person=staff', 'secadmin')).status, 200);
  refused(await get('/api/v1/merits', 'staff'), 403, 'role_required', 'INSP-3');
  refused(await get('/api/v1/merits?kind=other'), 400, 'invalid_kind', null);
  refused(await get('/api/v1/merits?year=20x6'), 400, 'not_a_number', null);
});
