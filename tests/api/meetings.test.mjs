// tests/api/meetings.test.mjs — classified meetings (涉密会议, MEET-1, MEET-2;
// issue 11 point 1) through the real server on the demo unit: recording a
// meeting (level, one place, time, organiser), the participants as its scope
// (PERSON-1/2/3/7), the measures without which a 秘密-or-above meeting is not
// held, documents issued to participants who confirm with their own password (loans of kind
// "meeting", the carrier's own rules kept: BORROW-4, SYS-2) and taken back
// (who, when), the alert for a document not back to the clerk and the holder
// (MEET-2); every refusal with its status, code and rule, and nothing changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, PW } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'leader', 'staff', 'hulin', 'secadmin']) tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });

// Every meeting with its record, and what is out on loan: a refusal leaves it as it was.
async function state() {
  const list = await get('/api/v1/meetings');
  assert.equal(list.status, 200, list.text);
  const records = [];
  for (const m of list.json.items) records.push((await get(`/api/v1/meetings/${m.id}`)).json);
  const out = await get('/api/v1/desk/out');
  assert.equal(out.status, 200, out.text);
  return JSON.stringify([records, out.json]);
}

async function refusedUnchanged(attempt, status, code, rule) {
  const before = await state();
  refused(await attempt(), status, code, rule);
  assert.equal(await state(), before, `${code}: nothing changed`);
}

async function carrier(title, level, scope = ['clerk']) {
  const r = await post('/api/v1/carriers', { title, level, producer: '市教育局', pages: 2,
    place: '机要室保密柜（一号）', scope });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

// A meeting that ended an hour ago (documents due back are overdue at once for 绝密).
const hour = 3600 * 1000;
const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const T = { starts_at: iso(Date.now() - 5 * hour), ends_at: iso(Date.now() - 3 * hour) };
const M = { title: '接口：保密工作会议', level: '机密', room: '三楼会议室', organiser: 'leader', ...T };
let meeting, doc, top, low;

test('MEET-1: recording refusals change nothing', async () => {
  const p = (body, who) => () => post('/api/v1/meetings', body, who);
  await refusedUnchanged(p(M, 'staff'), 403, 'role_required', 'MEET-1');
  await refusedUnchanged(p({ ...M, room: undefined }), 400, 'meeting_place_required', 'MEET-1');
  await refusedUnchanged(p({ ...M, level: '非密' }), 400, 'meeting_level_invalid', 'MEET-1');
  await refusedUnchanged(p({ ...M, ends_at: undefined }), 400, 'meeting_time_required', 'MEET-1');
  await refusedUnchanged(p({ ...M, ends_at: M.starts_at }), 400, 'meeting_ends_before_start', 'MEET-1');
  await refusedUnchanged(p({ ...M, organiser: undefined }), 400, 'meeting_organiser_required', 'MEET-1');
  await refusedUnchanged(p({ ...M, organiser: 'staff' }), 403, 'clearance_too_low', 'PERSON-1');
  await refusedUnchanged(p({ ...M, starts_at: 'tomorrow' }), 400, 'invalid_time', null);
  await refusedUnchanged(p({ ...M, site: '没有这个地方', room: undefined }), 404, 'unknown_site', null);
  await refusedUnchanged(p(M, 'secadmin'), 403, undefined, 'SYS-1');
});

test('MEET-1: the clerk records a meeting; the organiser is its first participant', async () => {
  const r = await post('/api/v1/meetings', M);
  assert.equal(r.status, 201, r.text);
  meeting = r.json.id;
  assert.equal(r.json.status, 'planned');
  assert.equal(r.json.level, 'secret');
  assert.equal(r.json.place, '三楼会议室');
  assert.deepEqual(r.json.participants.map((p) => p.organiser), [true]);
  assert.equal(r.json.history[0].action, 'add');
});

test('MEET-1, PERSON-1: the participants are the scope, each cleared for the level', async () => {
  const add = (person, who) => () => post(`/api/v1/meetings/${meeting}/participants`, { person }, who);
  await refusedUnchanged(add('staff'), 403, 'clearance_too_low', 'PERSON-1');
  await refusedUnchanged(add('hulin', 'staff'), 403, 'role_required', 'MEET-1');
  const r = await post(`/api/v1/meetings/${meeting}/participants`, { person: 'hulin' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.participants.length, 2);
  await refusedUnchanged(add('hulin'), 409, 'already_listed', null);
  await refusedUnchanged(() => post(`/api/v1/meetings/${meeting}/participants/remove`, { person: 'leader' }),
    409, 'meeting_organiser', 'MEET-1');
  await refusedUnchanged(() => post(`/api/v1/meetings/${meeting}/participants/remove`, { person: 'staff' }),
    404, 'not_participant', null);
});

test('MEET-1: a 机密 meeting is not held without every measure', async () => {
  const open = () => post(`/api/v1/meetings/${meeting}/open`, {});
  await refusedUnchanged(open, 403, 'meeting_measures_missing', 'MEET-1');
  let r = await post(`/api/v1/meetings/${meeting}/measures`, { no_wireless: true, phones_collected: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.no_wireless && r.json.phones_collected && !r.json.room_checked, true);
  await refusedUnchanged(open, 403, 'meeting_measures_missing', 'MEET-1');
  assert.match((await open()).json.error.message_en, /room checked/);
  await refusedUnchanged(() => post(`/api/v1/meetings/${meeting}/measures`, {}), 400, 'required', null);
  await refusedUnchanged(() => post(`/api/v1/meetings/${meeting}/measures`, { room_checked: true }, 'staff'),
    403, 'role_required', 'MEET-1');
  await refusedUnchanged(() => post(`/api/v1/meetings/${meeting}/close`, {}), 409, 'meeting_not_open', 'MEET-1');
  r = await post(`/api/v1/meetings/${meeting}/measures`, { room_checked: true });
  assert.equal(r.status, 200, r.text);
  r = await open();
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'open');
  await refusedUnchanged(open, 409, 'meeting_not_planned', 'MEET-1');
  await refusedUnchanged(() => post(`/api/v1/meetings/${meeting}/edit`, { room: '地下室' }),
    409, 'meeting_already_open', 'MEET-1');
});

test('MEET-2: documents issued to participants on their own password, within the carrier\'s rules', async () => {
  // Each document's own knowledge scope names who may get it (CIRC-1).
  doc = await carrier('接口：会议材料（机密）', '机密', ['clerk', 'hulin']);
  top = await carrier('接口：会议材料（绝密）', '绝密');
  low = await carrier('接口：会议材料（秘密）', '秘密', ['clerk', 'leader']);
  const narrow = await carrier('接口：会议材料（仅保密员）', '机密');
  const issue = (body, who) => () => post(`/api/v1/meetings/${meeting}/documents`, body, who);
  // CIRC-1: the participant list is the meeting's scope, not the document's.
  await refusedUnchanged(issue({ carrier_id: narrow, holder: 'hulin', holder_password: PW }), 403, 'outside_scope', 'CIRC-1');
  await refusedUnchanged(issue({ carrier_id: low, holder: 'hulin', holder_password: PW }), 403, 'outside_scope', 'CIRC-1');
  await refusedUnchanged(issue({ carrier_id: doc, holder: 'staff', holder_password: PW }), 403, 'meeting_not_participant', 'MEET-2');
  await refusedUnchanged(issue({ carrier_id: top, holder: 'leader', holder_password: PW }), 403, 'meeting_document_above_level', 'MEET-2');
  // MEET-2, REG-1 (issue 14 point 5): the participant confirms themselves; a typed name is no signature.
  await refusedUnchanged(issue({ carrier_id: doc, holder: 'hulin' }), 400, 'holder_confirmation_required', 'MEET-2');
  await refusedUnchanged(issue({ carrier_id: doc, holder: 'hulin', signature: '胡琳' }), 400, 'typed_signature', 'MEET-2');
  await refusedUnchanged(issue({ carrier_id: doc, holder: 'hulin', signed_on_paper: true }), 400, 'holder_password_required', 'MEET-2');
  await refusedUnchanged(issue({ carrier_id: doc, holder: 'hulin', holder_password: 'Wrong@2026pass' }), 403, 'holder_password_wrong', 'MEET-2');
  await refusedUnchanged(issue({ carrier_id: doc, holder: 'hulin', holder_password: PW }, 'staff'), 403, 'role_required', 'MEET-1');
  await refusedUnchanged(issue({ carrier_id: 999999, holder: 'hulin', holder_password: PW }), 404, undefined, undefined);
  let r = await issue({ carrier_id: doc, holder: 'hulin', holder_password: PW })();
  assert.equal(r.status, 201, r.text);
  const d = r.json.documents.find((x) => x.carrier_id === doc);
  assert.equal(d.holder_name, '胡琳');
  assert.equal(d.receipt, 'password', 'the participant confirmed with their own password');
  assert.equal(d.signature, null, 'no typed name stands for a signature');
  // MEET-2: below 绝密, meeting.recall_hours (2) after the end
  assert.equal(Date.parse(d.due_at), Date.parse(T.ends_at) + 2 * hour);
  assert.equal(d.returned_at, null);
  await refusedUnchanged(issue({ carrier_id: doc, holder: 'leader', holder_password: PW }), 403, 'not_in_store', 'BORROW-4');
  r = await issue({ carrier_id: low, holder: 'leader', holder_password: PW })();
  assert.equal(r.status, 201, r.text);
  const out = await get('/api/v1/desk/out');
  assert.ok(out.json.items.some((l) => l.carrier_id === doc && l.kind === 'meeting'), out.text);
  await refusedUnchanged(() => post(`/api/v1/meetings/${meeting}/participants/remove`, { person: 'hulin' }),
    409, 'meeting_document_held', 'MEET-2');
});

test('MEET-2: a document not back is an alert for the clerk and the holder', async () => {
  const clerk = await get('/api/v1/alerts');
  assert.equal(clerk.status, 200, clerk.text);
  const mine = (a) => a.carrier_id === doc && a.rule === 'MEET-2' && a.code === 'meeting_overdue';
  assert.ok(clerk.json.items.some(mine), 'the clerk is alerted');
  const holder = await get('/api/v1/alerts', 'hulin');
  assert.ok(holder.json.items.some(mine), 'the holder is alerted');
  const other = await get('/api/v1/alerts', 'staff');
  assert.ok(!other.json.items.some((a) => a.carrier_id === doc), 'nobody else');
});

test('MEET-2: a document comes back once, recording who received it and when', async () => {
  const back = (body, who) => () => post(`/api/v1/meetings/${meeting}/returns`, body, who);
  await refusedUnchanged(back({ carrier_id: top }), 409, 'meeting_document_back', 'MEET-2');
  await refusedUnchanged(back({ carrier_id: low }, 'staff'), 403, 'role_required', 'MEET-1');
  const r = await back({ carrier_id: low, note: '完好' })();
  assert.equal(r.status, 200, r.text);
  const d = r.json.documents.find((x) => x.carrier_id === low);
  assert.ok(d.returned_at);
  assert.equal(d.received_by_name, r.json.history.at(-1).actor_name);
  assert.equal(r.json.history.at(-1).action, 'return');
  await refusedUnchanged(back({ carrier_id: low }), 409, 'meeting_document_back', 'MEET-2');
  const c = await get(`/api/v1/carriers/${low}`);
  assert.equal(c.json.status.code, 'in_store', c.text);
});

test('MEET-1: the meeting closes with a document out; a closed meeting never changes', async () => {
  let r = await post(`/api/v1/meetings/${meeting}/close`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'closed');
  assert.equal(r.json.documents_out, 1);
  await refusedUnchanged(() => post(`/api/v1/meetings/${meeting}/participants`, { person: 'clerk' }),
    409, 'meeting_closed', 'MEET-1');
  await refusedUnchanged(() => post(`/api/v1/meetings/${meeting}/close`, {}), 409, 'meeting_not_open', 'MEET-1');
  r = await get('/api/v1/meetings?out=1');
  assert.ok(r.json.items.some((m) => m.id === meeting), r.text);
  r = await get('/api/v1/meetings?status=planned');
  assert.ok(!r.json.items.some((m) => m.id === meeting), r.text);
  refused(await get('/api/v1/meetings?status=maybe'), 400, 'invalid_status', null);
});

test('MEET-1: the clerk reads every meeting, a participant theirs, anybody else none', async () => {
  const r = await get(`/api/v1/meetings/${meeting}`, 'hulin');
  assert.equal(r.status, 200, r.text);
  refused(await get(`/api/v1/meetings/${meeting}`, 'staff'), 404, 'unknown_meeting', null);
  const list = await get('/api/v1/meetings', 'staff');
  assert.ok(!list.json.items.some((m) => m.id === meeting));
  refused(await get('/api/v1/meetings', 'secadmin'), 403, undefined, 'SYS-1');
});
