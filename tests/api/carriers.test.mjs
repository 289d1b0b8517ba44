// tests/api/carriers.test.mjs — the ledger through the real server: every
// workflow end to end (register incoming, made with copies, move, list,
// search in Chinese, show with history), each refusal with its rule ID, and
// visibility (SYS-2): hidden carriers are 404 like missing ones and never
// counted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, q, approvedMake } from './lib.mjs';

let unit, srv, url, clerk, staff, leader;

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  clerk = await login(url, 'clerk');
  staff = await login(url, 'staff');
  leader = await login(url, 'leader');
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, token = clerk) => call(url, 'POST', path, { token, body });
const get = (path, token = clerk) => call(url, 'GET', path, { token });

const secret = {
  title: '关于做好2026年高考试题安全保密工作的通知', level: '机密', doc_number: '教发〔2026〕12号',
  serial_number: 3, pages: 12, producer: '省教育厅', sender: '市教育局',
  place: '机要室保密柜（一号）', scope: ['办公室', 'clerk'],
};

let registered;

test('REG-1: an incoming 机密 document registers, with the level maximum as its period', async () => {
  const r = await post('/api/v1/carriers', secret);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.level.code, 'secret');
  assert.equal(r.json.marking, '机密★20年');
  assert.equal(r.json.serial_number, 3);
  assert.equal(r.json.origin.code, 'incoming');
  assert.equal(r.json.scope.length, 2);
  registered = r.json;
});

test('issue 13 point 12: the answer to a create is the object a GET returns', async () => {
  const r = await post('/api/v1/carriers', { ...secret, doc_number: '教发〔2026〕99号', serial_number: 4 });
  assert.equal(r.status, 201, r.text);
  const show = await get(`/api/v1/carriers/${r.json.id}`);
  assert.equal(show.status, 200, show.text);
  const { history, ...read } = show.json;
  assert.ok(Array.isArray(history));
  // department, custodian and place are filled in both, not null in the create's answer
  assert.equal(typeof r.json.department, 'string', r.text);
  assert.equal(typeof r.json.custodian, 'string', r.text);
  assert.equal(r.json.place, secret.place);
  assert.deepEqual(r.json, read);
});

const madeCount = async (doc) => (await get('/api/v1/carriers' + q({ q: doc }))).json.total;

test('MAKE-2: made-here registration creates one carrier per serial copy', async () => {
  const id = await approvedMake(url, clerk, leader,
    { title: '保密自查自评报告', level: '秘密', doc_number: '本局发〔2026〕5号', copies: 3, scope: '基础教育科', period: 5 });
  // LEVEL-4: the period is the classifier's, in the request; given again at the desk it is the same.
  const r = await post('/api/v1/carriers/made', { request_id: id, place: '考试保密室', period: 5 });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.count, 3);
  assert.deepEqual(r.json.items.map((c) => c.serial_number), [1, 2, 3]);
  assert.ok(r.json.items.every((c) => c.marking === '秘密★5年' && c.origin.code === 'made'));
  const dept = (await get('/api/v1/departments')).json.items.find((x) => x.name === '基础教育科');
  assert.ok(r.json.items.every((c) => c.scope.length === 1 && c.scope[0].department_id === dept.id), 'the approved scope');
  assert.equal((await get(`/api/v1/requests/${id}`)).json.status.code, 'executed');
  // MAKE-1: a request is consumed once.
  refused(await post('/api/v1/carriers/made', { request_id: id, place: '考试保密室' }), 409, 'already_executed', 'MAKE-1');
  assert.equal(await madeCount('本局发〔2026〕5号'), 3, 'nothing more was made');
});

test('MAKE-1 (issue 13): nothing is made without an approved make request', async () => {
  const before = (await get('/api/v1/carriers')).json.total;
  // The side door: 秘密, two copies, no make request behind it.
  refused(await post('/api/v1/carriers/made', {
    title: '旁门文件', level: '秘密', doc_number: '旁发〔2026〕1号', copies: 2, place: '考试保密室', scope: ['基础教育科'],
  }), 403, 'make_request_required', 'MAKE-1');
  refused(await post('/api/v1/carriers/made', {
    title: '旁门文件', level: '机密', doc_number: '旁发〔2026〕2号', copies: 2, place: '机要室保密柜（一号）', scope: ['办公室'],
  }), 403, 'make_request_required', 'MAKE-1');
  // A request not yet approved makes nothing.
  const pending = await post('/api/v1/requests', { op: 'make', carrier_ids: [], reason: '起草',
    params: { title: '未批文件', level: '秘密', copies: 1, doc_number: '旁发〔2026〕3号', scope: '办公室',
      classifier: 'classifier', basis: '本局保密事项一览表第1项' } });
  assert.equal(pending.status, 201, pending.text);
  refused(await post('/api/v1/carriers/made', { request_id: pending.json.id, place: '考试保密室' }), 403, 'not_approved', 'MAKE-1');
  // A classified make request names its distribution scope for the leader to approve.
  refused(await post('/api/v1/requests', { op: 'make', carrier_ids: [], reason: '起草',
    params: { title: '无范围', level: '秘密', copies: 1 } }), 400, 'scope_required', 'MAKE-1');
  // The executed scope is the approved one; none where the request named none.
  const ok = await approvedMake(url, clerk, leader,
    { title: '范围文件', level: '秘密', doc_number: '旁发〔2026〕4号', copies: 1, scope: '办公室' });
  refused(await post('/api/v1/carriers/made', { request_id: ok, place: '考试保密室', scope: ['基础教育科'] }),
    403, 'scope_not_approved', 'MAKE-1');
  refused(await post('/api/v1/carriers/made', { request_id: ok, place: '机要室保密柜（一号）', level: '机密' }),
    403, 'level_not_approved', 'MAKE-1');
  refused(await post('/api/v1/carriers/made', { request_id: ok, place: '考试保密室', copies: 2 }),
    403, 'extra_copies', 'MAKE-2');
  const bare = await approvedMake(url, clerk, leader,
    { title: '内部通报', level: '内部', doc_number: '旁发〔2026〕5号', copies: 1 });
  refused(await post('/api/v1/carriers/made', { request_id: bare, place: '考试保密室', scope: ['财务科'] }),
    403, 'scope_not_approved', 'MAKE-1');
  refused(await post('/api/v1/carriers/made', { request_id: 'x', place: '考试保密室' }), 400, 'invalid_id');
  assert.equal((await get('/api/v1/carriers')).json.total, before, 'nothing was written');
  assert.equal((await get(`/api/v1/requests/${ok}`)).json.status.code, 'approved', 'the request is still to be carried out');
});

test('KEEP-1: a move to another safe is registered in the history', async () => {
  const r = await post(`/api/v1/carriers/${registered.id}/move`, { place: '机要室保密柜（二号）', reason: '调整存放' });
  assert.equal(r.status, 200, r.text);
  const show = await get(`/api/v1/carriers/${registered.id}`);
  assert.equal(show.status, 200);
  assert.equal(show.json.place, '机要室保密柜（二号）');
  assert.deepEqual(show.json.history.map((e) => e.action), ['register', 'move']);
  assert.equal(show.json.history[1].detail.reason, '调整存放');
});

test('the ledger lists with filters and paging', async () => {
  const all = await get('/api/v1/carriers?limit=10');
  assert.equal(all.status, 200, all.text);
  assert.equal(all.json.items.length, 10);
  assert.equal(all.json.limit, 10);
  assert.ok(all.json.total > 100);
  const page2 = await get('/api/v1/carriers?limit=10&offset=10');
  assert.equal(page2.json.total, all.json.total);
  assert.equal(new Set([...all.json.items, ...page2.json.items].map((c) => c.id)).size, 20);
  const secretOnes = await get('/api/v1/carriers' + q({ level: '机密', limit: 1000 }));
  assert.ok(secretOnes.json.total > 0);
  assert.ok(secretOnes.json.items.every((c) => c.level.code === 'secret'));
  const made = await get('/api/v1/carriers' + q({ origin: 'made', kind: 'paper', status: 'in_store', limit: 1000 }));
  assert.ok(made.json.items.every((c) => c.origin.code === 'made' && c.kind.code === 'paper'));
  const inSafe = await get('/api/v1/carriers' + q({ place: '机要室保密柜（二号）', limit: 1000 }));
  assert.ok(inSafe.json.items.some((c) => c.id === registered.id));
  const me = (await get('/api/v1/me')).json.user;
  const mine = await get('/api/v1/carriers' + q({ custodian: 'clerk', sort: '-registered', limit: 50 }));
  assert.ok(mine.json.items.length > 1);
  assert.ok(mine.json.items.every((c) => c.custodian_id === me.id));
  const times = mine.json.items.map((c) => c.registered_at);
  assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
  refused(await get('/api/v1/carriers?sort=nonsense'), 400, 'invalid_sort');
  const dated = await get('/api/v1/carriers' + q({ from: '2000-01-01', to: '2999-12-31', limit: 1 }));
  assert.equal(dated.json.total, all.json.total);
});

test('Chinese search: two-character queries 机密 and 通知, and longer ones', async () => {
  for (const word of ['机密', '通知', '高考试题']) {
    const r = await get('/api/v1/carriers' + q({ q: word, limit: 1000 }));
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.total > 0, `${word} finds something`);
    assert.ok(r.json.items.every((c) => c.title.includes(word) || (c.doc_number || '').includes(word)), word);
  }
  const r = await get('/api/v1/carriers' + q({ q: '教发〔2026〕12号' }));
  assert.ok(r.json.items.some((c) => c.id === registered.id), 'finds by document number');
});

test('SYS-2: staff see fewer carriers; totals count only what they may see', async () => {
  const c = await get('/api/v1/carriers?limit=1');
  const s = await get('/api/v1/carriers?limit=1000', staff);
  assert.equal(s.status, 200);
  assert.ok(s.json.total < c.json.total, `${s.json.total} < ${c.json.total}`);
  assert.equal(s.json.items.length, s.json.total);
  assert.ok(s.json.items.every((x) => ['public', 'internal', 'confidential'].includes(x.level.code)));
  const search = await get('/api/v1/carriers' + q({ q: '高考试题', limit: 1000 }), staff);
  assert.ok(!search.json.items.some((x) => x.id === registered.id), 'search hides it too');
});

test('SYS-2: a hidden carrier answers 404 exactly like a missing one', async () => {
  const hidden = await get(`/api/v1/carriers/${registered.id}`, staff);
  const missing = await get('/api/v1/carriers/999999', staff);
  refused(hidden, 404, 'unknown_carrier', 'SYS-2');
  refused(missing, 404, 'unknown_carrier', 'SYS-2');
  const strip = (r) => JSON.stringify(r.json).replaceAll(String(registered.id), 'N').replaceAll('999999', 'N');
  assert.equal(strip(hidden), strip(missing));
  refused(await get('/api/v1/carriers/abc', staff), 404, 'unknown_carrier');
  // Moving it is refused the same way (staff are not clerks; the role check comes first).
  refused(await post(`/api/v1/carriers/${registered.id}/move`, { place: '考试保密室' }, staff), 403, 'role_required', 'KEEP-1');
});

test('LEVEL-1: an unknown level is refused', async () => {
  refused(await post('/api/v1/carriers', { ...secret, level: '顶级', serial_number: 90 }), 400, 'invalid_level', 'LEVEL-1');
  refused(await get('/api/v1/carriers?level=顶级'), 400, 'invalid_filter');
});

test('LEVEL-2: a classified carrier needs a knowledge scope', async () => {
  const { scope, ...noScope } = secret;
  refused(await post('/api/v1/carriers', { ...noScope, serial_number: 91 }), 400, 'scope_required', 'LEVEL-2');
});

test('LEVEL-3: a period beyond the level maximum is refused', async () => {
  refused(await post('/api/v1/carriers', { ...secret, level: '秘密', period: 11, place: '考试保密室', serial_number: 92 }), 400, 'period_too_long', 'LEVEL-3');
  refused(await post('/api/v1/carriers', { ...secret, period_event: '考试结束后', serial_number: 93 }), 400, 'review_date_required', 'LEVEL-3');
});

test('KEEP-1: a place that may not hold the level is refused, on register and on move', async () => {
  refused(await post('/api/v1/carriers', { ...secret, place: '考试保密室', serial_number: 94 }), 403, 'place_level_too_low', 'KEEP-1');
  refused(await post(`/api/v1/carriers/${registered.id}/move`, { place: '档案室文件柜' }), 403, 'place_level_too_low', 'KEEP-1');
  refused(await post(`/api/v1/carriers/${registered.id}/move`, {}), 400, 'nothing_to_move', 'KEEP-1');
});

test('PERSON-1: a custodian not cleared for the level is refused', async () => {
  refused(await post('/api/v1/carriers', { ...secret, custodian: 'staff', serial_number: 95 }), 403, 'custodian_not_cleared', 'PERSON-1');
});

test('REG-1 / MAKE-2: duplicate serial copy numbers are refused', async () => {
  refused(await post('/api/v1/carriers', secret), 409, 'duplicate_serial', 'REG-1');
  const again = await approvedMake(url, clerk, leader,
    { title: '保密自查自评报告', level: '秘密', doc_number: '本局发〔2026〕5号', copies: 2, scope: '基础教育科' });
  refused(await post('/api/v1/carriers/made', { request_id: again, place: '考试保密室' }), 409, 'duplicate_serial', 'MAKE-2');
});

test('KEEP-5: staff do not register carriers', async () => {
  refused(await post('/api/v1/carriers', { title: '某文件', level: '内部' }, staff), 403, 'role_required', 'KEEP-5');
});

test('nothing refused was written: the ledger total is what the successes added', async () => {
  // The demo numbers its own 文号 by the day it is built, so one of its carriers may share
  // this one: count the carriers registered here (the test's title), not the number alone.
  const r = await get('/api/v1/carriers' + q({ q: '教发〔2026〕12号', limit: 1000 }));
  assert.equal(r.json.items.filter((c) => c.title === secret.title).length, 1);
  const made = await get('/api/v1/carriers' + q({ q: '本局发〔2026〕5号' }));
  assert.equal(made.json.total, 3);
});

test('the directory: departments, people and places are listed for a logged-in person', async () => {
  const d = await get('/api/v1/departments', staff);
  assert.ok(d.json.items.some((x) => x.name === '办公室'));
  const p = await get('/api/v1/people', staff);
  assert.ok(p.json.items.some((x) => x.username === 'clerk'));
  assert.ok(p.json.items.every((x) => !('password_hash' in x)));
  const pl = await get('/api/v1/places', staff);
  assert.ok(pl.json.items.some((x) => x.name === '机要室保密柜（一号）' && x.max_level === 'top_secret'));
});

// ---- GET /api/v1/carriers/stats: the dashboard's counts in one read --------------

// The list's total under a filter, as the dashboard used to count it.
const listTotal = async (params, token = clerk) => {
  const r = await get('/api/v1/carriers' + q({ ...params, limit: 1 }), token);
  assert.equal(r.status, 200, r.text);
  return r.json.total;
};

test('KEEP-6: the stats total equals the list total, and every level and status count equals its filtered list', async () => {
  const r = await get('/api/v1/carriers/stats');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.total, await listTotal({}));
  assert.ok(r.json.total > 100);
  const levels = Object.entries(r.json.by_level);
  const statuses = Object.entries(r.json.by_status);
  assert.deepEqual(levels.map(([k]) => k).sort(), ['confidential', 'internal', 'public', 'secret', 'top_secret']);
  assert.equal(levels.reduce((n, [, v]) => n + v, 0), r.json.total);
  assert.equal(statuses.reduce((n, [, v]) => n + v, 0), r.json.total);
  for (const [level, n] of levels) assert.equal(n, await listTotal({ level }), level);
  for (const [status, n] of statuses) assert.equal(n, await listTotal({ status }), status);
});

test('SYS-2: a staff member\'s stats count only what the list shows them', async () => {
  const all = await get('/api/v1/carriers/stats');
  const s = await get('/api/v1/carriers/stats', staff);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.total, await listTotal({}, staff));
  assert.ok(s.json.total < all.json.total, `${s.json.total} < ${all.json.total}`);
  assert.equal(s.json.by_level.secret, 0);
  assert.equal(s.json.by_level.top_secret, 0);
  for (const [level, n] of Object.entries(s.json.by_level)) assert.equal(n, await listTotal({ level }, staff), level);
});

test('SYS-1: the three administrators get no carrier counts', async () => {
  for (const admin of ['sysadmin', 'secadmin', 'auditor'])
    refused(await get('/api/v1/carriers/stats', await login(url, admin)), 403, 'admin_no_business', 'SYS-1');
  refused(await call(url, 'GET', '/api/v1/carriers/stats'), 401, 'login_required', 'SYS-4');
});

test('KEEP-6: personal keeping needs why, who approved and until when; the carrier shows them', async () => {
  const item = { ...secret, level: '秘密', place: '考试保密室', serial_number: 60, custodian: 'huangmin' };
  const r = await post('/api/v1/carriers', item);
  refused(r, 400, 'keeping_terms_required', 'KEEP-6');
  assert.match(r.json.error.message, /保管理由、批准人、保管期限/);
  refused(await post('/api/v1/carriers', { ...item, keep_reason: '考务', keep_approver: 'leader', keep_until: '2000-01-01' }),
    400, 'keeping_until_past', 'KEEP-6');
  const ok = await post('/api/v1/carriers', { ...item, keep_reason: '考务工作需要', keep_approver: 'leader', keep_until: '2099-12-31' });
  assert.equal(ok.status, 201, ok.text);
  const show = await get(`/api/v1/carriers/${ok.json.id}`);
  assert.equal(show.json.keeping.reason, '考务工作需要');
  assert.equal(show.json.keeping.until, '2099-12-31');
  assert.equal(show.json.keeping.approver, '刘志强');
  assert.equal(show.json.history[0].detail.keep_until, '2099-12-31');
  refused(await post(`/api/v1/carriers/${ok.json.id}/move`, { custodian: 'zhouwei' }), 400, 'keeping_terms_required', 'KEEP-6');
  const back = await post(`/api/v1/carriers/${ok.json.id}/move`, { custodian: 'clerk', reason: '交回' });
  assert.equal(back.status, 200, back.text);
  assert.equal((await get(`/api/v1/carriers/${ok.json.id}`)).json.keeping, null);
});
