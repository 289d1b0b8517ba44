// tests/api/dash_alerts.test.mjs — issue 14 point 13, SYS-2: whom an alert reaches.
// Seeing a carrier is not enough to be told of it: the clerk gets the unit's
// alerts, the person concerned (the holder of a loan) theirs, the leadership
// what it must know (a loan so late it is handled as a loss), the
// classification authority the declassification review (LEVEL-6) — and staff
// who merely may see a carrier nothing they cannot act on. The count of
// GET /alerts is what its pages hold (the dashboard's "另有 N 条" relies on it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, relogin, PW } from './lib.mjs';

let unit, srv, url;
const tok = {};
const PEOPLE = ['clerk', 'leader', 'principal', 'classifier', 'staff', 'hulin', 'huangmin'];

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of PEOPLE) tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const get = (path, who, base = url, t = tok) => call(base, 'GET', path, { token: t[who] });
const post = (path, body, who) => call(url, 'POST', path, { token: tok[who], body });

// Every alert of `who` at server `base`, all pages; checks the count against the items.
async function alertsOf(who, base = url, t = tok) {
  const r = await get('/api/v1/alerts?limit=1000', who, base, t);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.length, r.json.total, `${who}: the total is what the list holds`);
  assert.equal(r.json.kinds.reduce((n, k) => n + k.count, 0), r.json.total, `${who}: the kinds add up`);
  return r.json.items;
}

test('SYS-2 (issue 14 point 13): staff who may see a carrier are not told of its declassification review or its handling; the classification authority and the clerk are', async () => {
  const clerk = await alertsOf('clerk');
  const review = clerk.filter((a) => a.rule === 'LEVEL-6');
  assert.ok(review.length > 0, 'the demo has carriers whose secrecy period has ended');
  // 胡琳 may open some of them (SYS-2) …
  const seen = [];
  for (const a of review) if ((await get(`/api/v1/carriers/${a.carrier_id}`, 'hulin')).status === 200) seen.push(a.carrier_id);
  assert.ok(seen.length > 0, 'hulin may see at least one carrier under review');
  // … but is told of none: neither the review (LEVEL-6) nor the handling (REG-5), registration
  // (REG-2), counts (INV-1/2), receipts (SEND-4) or the people register.
  for (const who of ['hulin', 'staff']) {
    const mine = await alertsOf(who);
    const unitWide = mine.filter((a) => /^(LEVEL-6|REG-2|REG-5|INV-[124]|SEND-4|PERSON-\d|INSP-[14]|ORG-[12])$/.test(a.rule));
    assert.deepEqual(unitWide, [], `${who} is told of nothing they cannot act on`);
  }
  // The classification authority reviews: LEVEL-6 about what he may see, and not REG-5.
  const cl = await alertsOf('classifier');
  assert.ok(cl.some((a) => a.rule === 'LEVEL-6'), 'the classification authority is told of the review');
  assert.ok(!cl.some((a) => a.rule === 'REG-5'), 'REG-5 handling is the clerk\'s');
  for (const a of cl) assert.ok(review.some((b) => b.carrier_id === a.carrier_id) || a.rule !== 'LEVEL-6');
  // The leadership is not told of reviews and handling either.
  for (const who of ['leader', 'principal']) {
    const l = await alertsOf(who);
    assert.ok(!l.some((a) => a.rule === 'LEVEL-6' || a.rule === 'REG-5'), `${who}: ${JSON.stringify(l.map((a) => a.rule))}`);
  }
});

test('BORROW-2, BORROW-6 (issue 14 point 13): an overdue loan is told to its holder and the clerk, not to a colleague who may see the carrier; handled as a loss, to the leadership too', async () => {
  const c = await post('/api/v1/carriers', {
    title: '学籍核对工作底稿（提醒对象）', level: '秘密', scope: ['基础教育科', 'clerk', 'leader'],
    producer: '省教育厅', sender: '市教育局', pages: 6, place: '机要室保密柜（二号）',
  }, 'clerk');
  assert.equal(c.status, 201, c.text);
  assert.equal((await get(`/api/v1/carriers/${c.json.id}`, 'hulin')).status, 200, 'hulin may see it (scope 基础教育科)');
  const req = await post('/api/v1/requests', { op: 'borrow', carrier_ids: [c.json.id], reason: '核对学籍' }, 'staff');
  assert.equal(req.status, 201, req.text);
  assert.equal((await post(`/api/v1/requests/${req.json.id}/approve`, { comment: '同意' }, 'huangmin')).status, 200);
  const l = await post('/api/v1/desk/issue', { request_id: req.json.id, holder_password: PW }, 'clerk');
  assert.equal(l.status, 201, l.text);
  const due = Date.parse(l.json.due_at);

  // The alerts of each person at a server whose clock is `days` past the due date.
  const at = async (days) => {
    const iso = new Date(due + days * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
    const s = await startServer(unit.db, { env: { BAOMI_NOW: iso }, logName: 'dash-later' + days });
    const t = {};
    const out = {};
    try {
      for (const u of ['clerk', 'staff', 'hulin', 'leader']) {
        t[u] = await login(s.url, u);
        out[u] = (await alertsOf(u, s.url, t)).filter((a) => a.loan_id === l.json.id);
      }
    } finally {
      assert.equal((await s.stop()).code, 0);
      await relogin(url, tok);
    }
    return out;
  };
  const late = await at(3);
  assert.deepEqual(late.clerk.map((a) => a.rule), ['BORROW-2'], 'the clerk');
  assert.deepEqual(late.staff.map((a) => a.rule), ['BORROW-2'], 'the holder');
  assert.deepEqual(late.hulin, [], 'a colleague in the scope is not told of another\'s loan');
  assert.deepEqual(late.leader, [], 'the leadership is not told of an ordinary overdue loan');
  const lost = await at(100);
  for (const who of ['clerk', 'staff', 'leader'])
    assert.ok(lost[who].some((a) => a.rule === 'BORROW-6' && a.incident_candidate), `${who}: ${JSON.stringify(lost[who])}`);
  assert.deepEqual(lost.hulin, [], 'still nothing to the colleague');
});
