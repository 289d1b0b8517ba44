// tests/api/letter.test.mjs — personal letters (领导亲启, REG-3) through the
// real server on the demo unit: the clerk logs the sealed envelope; the clerk
// or a colleague trying to open it is refused (403 REG-3, nothing changed,
// the refusal audited); the addressee opens it and declares classified
// contents; the contents of a sealed letter cannot be registered (409 REG-3);
// the registered contents are linked to the letter; who sees which letter
// (SYS-1 for administrators, 404 for anybody else); and the REG-3 alert at a
// fixed clock (BAOMI_NOW), present before registration and gone after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, relogin, refused, q } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'principal', 'leader', 'staff', 'sysadmin', 'auditor'])
    tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });


// The REG-3 alerts for `letterId` the clerk sees with the server's clock `days` after now.
async function letterAlertsLater(letterId, days) {
  const at = new Date(Date.now() + days * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const s = await startServer(unit.db, { env: { BAOMI_NOW: at }, logName: 'letter-later' + days });
  try {
    const t = await login(s.url, 'clerk');
    const r = await call(s.url, 'GET', '/api/v1/alerts', { token: t });
    assert.equal(r.status, 200, r.text);
    return r.json.items.filter((a) => a.rule === 'REG-3' && a.letter_id === letterId);
  } finally {
    assert.equal((await s.stop()).code, 0);
    await relogin(url, tok);
  }
}

const contents = (letter, extra = {}) => ({
  letter, title: '关于干部考察工作的函', level: '秘密', producer: '市委组织部', sender: '市委组织部',
  pages: 2, place: '机要室保密柜（二号）', scope: ['principal', 'clerk'], ...extra,
});

let letter; // for principal, logged sealed

test('REG-3: the clerk logs a sealed personal letter (201); others may not log one', async () => {
  const r = await post('/api/v1/letters', { sender: '市委组织部', addressee: 'principal', note: '领导亲启' });
  assert.equal(r.status, 201, r.text);
  letter = r.json;
  assert.equal(letter.status, 'sealed');
  assert.equal(letter.status_name, '未拆封');
  assert.equal(letter.status_name_en, 'sealed');
  assert.equal(letter.addressee_name, '赵立军');
  assert.equal(letter.classified, null);
  assert.deepEqual(letter.carrier_ids, []);
  assert.match(letter.received_on, /^\d{4}-\d{2}-\d{2}$/);

  refused(await post('/api/v1/letters', { sender: '某单位', addressee: 'principal' }, 'staff'), 403,
    'role_required', 'REG-3');
  refused(await post('/api/v1/letters', { sender: '某单位' }), 400, 'addressee_required', 'REG-3');
  refused(await post('/api/v1/letters', { sender: '某单位', addressee: 'principal', received_on: '2099-01-01' }),
    400, 'date_in_future', 'REG-2');
  refused(await post('/api/v1/letters', { sender: '某单位', addressee: 'principal', sealed: true }), 400,
    'unknown_field', null);
  const all = await get('/api/v1/letters');
  assert.equal(all.json.items.length, 1, 'REG-3: the refused logs wrote nothing');
});

test('REG-3: the clerk or a colleague may not open it (403); nothing changes, the refusal is audited', async () => {
  for (const who of ['clerk', 'leader']) {
    const r = await post(`/api/v1/letters/${letter.id}/open`, { classified: false }, who);
    refused(r, 403, 'not_addressee', 'REG-3');
    assert.match(r.json.error.message, /赵立军/);
    assert.match(r.json.error.message_en, /addressee/);
  }
  const still = await get(`/api/v1/letters/${letter.id}`);
  assert.equal(still.status, 200, still.text);
  assert.equal(still.json.status, 'sealed');
  assert.equal(still.json.opened_at, null);
  const audit = await get('/api/v1/audit/events' + q({ action: 'letter.open', outcome: 'refused', rule: 'REG-3' }),
    'auditor');
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.json.items.length, 2, audit.text);
  // classified is required: the opening says either way.
  refused(await post(`/api/v1/letters/${letter.id}/open`, { note: 'x' }, 'principal'), 400, 'required', null);
  refused(await post(`/api/v1/letters/${letter.id}/open`, { classified: 'yes' }, 'principal'), 400,
    'wrong_type', null);
});

test('REG-3: the contents of a sealed letter cannot be registered (409)', async () => {
  const before = (await get('/api/v1/carriers' + q({ limit: 1 }))).json.total;
  refused(await post('/api/v1/carriers', contents(letter.id)), 409, 'letter_sealed', 'REG-3');
  assert.equal((await get('/api/v1/carriers' + q({ limit: 1 }))).json.total, before, 'no carrier written');
});

test('REG-3: the addressee opens it, classified; a letter is opened once', async () => {
  const r = await post(`/api/v1/letters/${letter.id}/open`, { classified: true, note: '内有秘密级文件一份' },
    'principal');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'to_register');
  assert.equal(r.json.status_name, '待登记');
  assert.equal(r.json.classified, true);
  assert.equal(r.json.open_note, '内有秘密级文件一份');
  assert.ok(r.json.opened_at);
  refused(await post(`/api/v1/letters/${letter.id}/open`, { classified: false }, 'principal'), 409,
    'letter_opened', 'REG-3');
  const mine = await get('/api/v1/letters' + q({ status: 'to_register' }), 'principal');
  assert.deepEqual(mine.json.items.map((l) => l.id), [letter.id]);
});

test('REG-3: who sees a letter: clerk and addressee; anybody else 404; administrators 403 SYS-1', async () => {
  assert.equal((await get(`/api/v1/letters/${letter.id}`, 'principal')).status, 200);
  refused(await get(`/api/v1/letters/${letter.id}`, 'staff'), 404, 'unknown_letter', null);
  refused(await get(`/api/v1/letters/${letter.id}`, 'leader'), 404, 'unknown_letter', null);
  refused(await get('/api/v1/letters/999999'), 404, 'unknown_letter', null);
  refused(await get('/api/v1/letters/abc'), 404, 'unknown_letter', null);
  assert.deepEqual((await get('/api/v1/letters', 'staff')).json.items, []);
  for (const admin of ['sysadmin', 'auditor']) {
    refused(await get('/api/v1/letters', admin), 403, null, 'SYS-1');
    refused(await get(`/api/v1/letters/${letter.id}`, admin), 403, null, 'SYS-1');
  }
  refused(await post('/api/v1/letters', { sender: 'x', addressee: 'principal' }, 'sysadmin'), 403, null, 'SYS-1');
  refused(await get('/api/v1/letters' + q({ status: 'lost' })), 400, 'invalid_status', null);
  refused(await get('/api/v1/letters' + q({ state: 'sealed' })), 400, 'unknown_parameter', null);
});

test('REG-3: an opened letter not handed back raises an alert (BAOMI_NOW); registering the contents links them and clears it', async () => {
  const pending = await letterAlertsLater(letter.id, 3);
  assert.equal(pending.length, 1, JSON.stringify(pending));
  assert.equal(pending[0].code, 'letter_not_handed_back');
  assert.ok(pending[0].message && pending[0].message_en);

  const r = await post('/api/v1/carriers', contents(String(letter.id)));
  assert.equal(r.status, 201, r.text);
  const c = await get(`/api/v1/carriers/${r.json.id}`);
  const reg = c.json.history.find((e) => e.action === 'register');
  assert.ok(reg, c.text);
  assert.equal(reg.detail.letter_id, letter.id, 'REG-3: the carrier history names the letter');

  const l = await get(`/api/v1/letters/${letter.id}`);
  assert.equal(l.json.status, 'registered');
  assert.equal(l.json.status_name_en, 'registered');
  assert.deepEqual(l.json.carrier_ids, [r.json.id]);
  assert.ok(l.json.registered_at);

  assert.deepEqual(await letterAlertsLater(letter.id, 3), [], 'the alert is gone once registered');
});

test('REG-3: a letter with nothing classified closes; its contents are not registered', async () => {
  const r = await post('/api/v1/letters', { sender: '同学', addressee: 'leader', received_on: '2026-01-05' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.received_on, '2026-01-05');
  const o = await post(`/api/v1/letters/${r.json.id}/open`, { classified: false }, 'leader');
  assert.equal(o.status, 200, o.text);
  assert.equal(o.json.status, 'closed');
  assert.equal(o.json.classified, false);
  refused(await post('/api/v1/carriers', contents(r.json.id)), 409, 'letter_not_classified', 'REG-3');
  const closed = await get('/api/v1/letters' + q({ status: 'closed' }));
  assert.deepEqual(closed.json.items.map((l) => l.id), [r.json.id]);
  assert.equal((await get('/api/v1/letters')).json.items.length, 2);
  assert.equal((await get('/api/v1/letters', 'leader')).json.items.length, 1);
});
