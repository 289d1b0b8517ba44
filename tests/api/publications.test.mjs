// tests/api/publications.test.mjs — issue 11 point 2 through the real server:
// publication review (信息公开保密审查, PUB-1, PUB-2). A publication is filed
// (POST /publications, or POST /requests op `publish`) with its channel,
// title, text or attachment, department, publisher (谁发布谁负责) and named
// reviewers; each reviewer records an opinion (POST /publications/{id}/review);
// the leader approves only after every review with none objecting; the named
// publisher records the release (POST /publications/{id}/release, or
// POST /requests/{id}/execute), never before approval. A carrier above 非密 is
// never attached (PUB-2). Every refusal names its rule and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused } from './lib.mjs';

let unit, srv, url, pub, secret, internal;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'staff', 'hulin', 'leader', 'guoyang']) tok[u] = await login(url, u);
  // The leader approves its publication: inside its scope (SYS-2).
  pub = await register({ title: '招生政策解读（公开稿）', level: '非密', doc_number: '教基〔2026〕31号', place: '档案室文件柜',
    scope: ['基础教育科', 'clerk', 'leader'] });
  secret = await register({ title: '招生考试命题安排', level: '秘密', doc_number: '教基〔2026〕32号', serial_number: 1 });
  internal = await register({ title: '内部工作安排', level: '内部', doc_number: '教基〔2026〕33号', place: '档案室文件柜' });
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'staff') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });

async function register(fields) {
  const r = await post('/api/v1/carriers', {
    producer: '市教育局', sender: '市教育局', pages: 2, place: '机要室保密柜（二号）',
    scope: ['基础教育科', 'clerk'], ...fields,
  }, 'clerk');
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const FORM = {
  channel: 'website', title: '2026年招生政策解读', text: '今年我市义务教育招生……',
  department: '基础教育科', publisher: 'staff', reviewers: ['clerk', 'hulin'], reason: '门户网站发布',
};

// What a refusal must leave as it was: the publications and their params, the carrier's history.
async function snapshot() {
  const l = await get('/api/v1/publications');
  assert.equal(l.status, 200, l.text);
  const c = await get(`/api/v1/carriers/${pub.id}`);
  return { items: l.json.items.map((p) => [p.id, p.status.code, JSON.stringify(p.params)]),
    history: c.json.history.length };
}

test('PUB-1: filing names the channel, the content, the publisher and the reviewers; nothing is filed otherwise', async () => {
  const before = await snapshot();
  const { text, ...noText } = FORM;
  assert.ok(text);
  refused(await post('/api/v1/publications', noText), 400, 'pub_content_required', 'PUB-1');
  refused(await post('/api/v1/publications', { ...FORM, reviewers: [] }), 400, 'pub_reviewers_required', 'PUB-1');
  refused(await post('/api/v1/publications', { ...FORM, channel: 'radio' }), 400, 'pub_channel_unknown', 'PUB-1');
  refused(await post('/api/v1/publications', { ...FORM, publisher: undefined }), 400, 'invalid_param', 'PUB-1');
  refused(await post('/api/v1/publications', { ...FORM, reviewers: ['staff'] }), 403, 'pub_self_review', 'PUB-1');
  refused(await post('/api/v1/publications', { ...FORM, reviewers: ['clerk', 'clerk'] }), 400, 'pub_reviewer_twice', 'PUB-1');
  refused(await post('/api/v1/publications', { ...FORM, publisher: 'nobody-here' }), 404, undefined, 'PUB-1');
  assert.deepEqual(await snapshot(), before);
});

test('PUB-2: a carrier above 非密 is never attached, by either route; nothing is filed', async () => {
  const before = await snapshot();
  const r = await post('/api/v1/publications', { ...FORM, carrier_ids: [pub.id, secret.id] });
  refused(r, 403, 'classified_attachment', 'PUB-2');
  assert.match(r.json.error.message, /秘密/);
  refused(await post('/api/v1/publications', { ...FORM, carrier_ids: [internal.id] }), 403, 'classified_attachment', 'PUB-2');
  refused(await post('/api/v1/requests', { op: 'publish', reason: '发布', carrier_ids: [secret.id],
    params: { ...FORM, reason: undefined } }), 403, 'classified_attachment', 'PUB-2');
  assert.deepEqual(await snapshot(), before);
});

let id;

test('PUB-1: reviewed by the named reviewers, then approved, then released by the publisher', async () => {
  const f = await post('/api/v1/publications', { ...FORM, carrier_ids: [pub.id] });
  assert.equal(f.status, 201, f.text);
  id = f.json.id;
  assert.equal(f.json.op.code, 'publish');
  assert.equal(f.json.rule, 'PUB-1');
  assert.equal(f.json.status.code, 'pending');
  assert.equal(f.json.params.publisher, '杨帆');
  assert.equal(f.json.params.department, '基础教育科');
  assert.deepEqual(f.json.params.reviewers, ['陈静', '胡琳']);
  assert.equal(f.json.params.reviews, undefined);

  let before = await snapshot();
  refused(await post(`/api/v1/publications/${id}/release`, { where: 'https://jyj.example.gov.cn/1' }), 403, 'not_approved', 'PUB-1');
  refused(await post(`/api/v1/requests/${id}/execute`, { where: 'https://jyj.example.gov.cn/1' }), 403, 'not_approved', 'PUB-1');
  refused(await post(`/api/v1/requests/${id}/approve`, { comment: '同意' }, 'leader'), 403, 'reviews_pending', 'PUB-1');
  refused(await post(`/api/v1/publications/${id}/review`, { passed: true, opinion: '无' }, 'guoyang'), 403, 'not_named_reviewer', 'PUB-1');
  refused(await post(`/api/v1/publications/${id}/review`, { passed: true, opinion: '' }, 'clerk'), 400, undefined, 'PUB-1');
  assert.deepEqual(await snapshot(), before);

  // A reviewer who is not the clerk reads the publication they review.
  assert.equal((await get(`/api/v1/requests/${id}`, 'hulin')).status, 200);
  assert.equal((await get(`/api/v1/requests/${id}`, 'guoyang')).status, 404);

  let r = await post(`/api/v1/publications/${id}/review`, { passed: true, opinion: '经审查无涉密内容' }, 'clerk');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.params.reviews.length, 1);
  assert.equal(r.json.params.reviews[0].reviewer, '陈静');
  assert.equal(r.json.params.reviews[0].passed, true);
  assert.match(r.json.params.reviews[0].at, /^\d{4}-\d\d-\d\dT/);
  before = await snapshot();
  refused(await post(`/api/v1/publications/${id}/review`, { passed: true, opinion: '再审' }, 'clerk'), 409, 'already_reviewed', 'PUB-1');
  refused(await post(`/api/v1/requests/${id}/approve`, { comment: '同意' }, 'leader'), 403, 'reviews_pending', 'PUB-1');
  assert.deepEqual(await snapshot(), before);
  r = await post(`/api/v1/publications/${id}/review`, { passed: true, opinion: '同意公开' }, 'hulin');
  assert.equal(r.status, 200, r.text);
  r = await post(`/api/v1/requests/${id}/approve`, { comment: '同意发布' }, 'leader');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status.code, 'approved');

  before = await snapshot();
  refused(await post(`/api/v1/publications/${id}/release`, { where: 'https://jyj.example.gov.cn/1' }, 'clerk'), 403, 'not_publisher', 'PUB-1');
  refused(await post(`/api/v1/publications/${id}/release`, {}), 400, undefined, undefined);
  assert.deepEqual(await snapshot(), before);
  r = await post(`/api/v1/publications/${id}/release`, { where: 'https://jyj.example.gov.cn/1' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status.code, 'executed');
  assert.equal(r.json.params.release.by, '杨帆');
  assert.equal(r.json.params.release.where, 'https://jyj.example.gov.cn/1');
  assert.match(r.json.params.release.at, /^\d{4}-\d\d-\d\dT/);
  const c = await get(`/api/v1/carriers/${pub.id}`);
  assert.deepEqual(c.json.history.slice(-1).map((h) => h.action), ['publish']);
  before = await snapshot();
  refused(await post(`/api/v1/publications/${id}/release`, { where: '再发一次' }), 409, 'already_executed', 'PUB-1');
  assert.deepEqual(await snapshot(), before);
});

test('PUB-1: an objection stops the approval; the leader rejects; nothing is released', async () => {
  const f = await post('/api/v1/requests', { op: 'publish', reason: '接受采访',
    params: { channel: 'press', title: '采访稿', attachment: '采访提纲一份', department: '基础教育科',
      publisher: 'staff', reviewers: 'clerk' } });
  assert.equal(f.status, 201, f.text);
  const rid = f.json.id;
  let r = await post(`/api/v1/publications/${rid}/review`, { passed: false, opinion: '涉及考试工作安排，不宜公开' }, 'clerk');
  assert.equal(r.status, 200, r.text);
  const before = await snapshot();
  refused(await post(`/api/v1/requests/${rid}/approve`, { comment: '同意' }, 'leader'), 403, 'review_objection', 'PUB-1');
  assert.deepEqual(await snapshot(), before);
  r = await post(`/api/v1/requests/${rid}/reject`, { comment: '按审查意见退回' }, 'leader');
  assert.equal(r.json.status.code, 'rejected');
  refused(await post(`/api/v1/publications/${rid}/release`, { where: '报社' }), 403, 'not_approved', 'PUB-1');
  refused(await post(`/api/v1/publications/${rid}/review`, { passed: true, opinion: '改' }, 'clerk'), 409, 'pub_not_in_review', 'PUB-1');
});

test('SYS-2: the leader approves only what they may see; a refusal changes nothing', async () => {
  // A 非密 carrier whose scope names only the publisher: the leader is outside it.
  const own = await register({ title: '本人起草的公开稿', level: '非密', doc_number: '教基〔2026〕34号',
    place: '档案室文件柜', scope: ['staff'] });
  const f = await post('/api/v1/publications', { ...FORM, title: '起草稿发布', carrier_ids: [own.id] });
  assert.equal(f.status, 201, f.text);
  const rid = f.json.id;
  for (const who of ['clerk', 'hulin']) {
    const r = await post(`/api/v1/publications/${rid}/review`, { passed: true, opinion: '无涉密内容' }, who);
    assert.equal(r.status, 200, r.text);
  }
  const before = await snapshot();
  const c0 = await get(`/api/v1/carriers/${own.id}`);
  const r = await post(`/api/v1/requests/${rid}/approve`, { comment: '同意' }, 'leader');
  refused(r, 403, 'approver_outside_scope', 'SYS-2');
  assert.match(r.json.error.message, new RegExp(`${own.id}`));
  assert.deepEqual(await snapshot(), before);
  const c1 = await get(`/api/v1/carriers/${own.id}`);
  assert.equal(c1.json.history.length, c0.json.history.length);
  const p = await get(`/api/v1/requests/${rid}`);
  assert.equal(p.json.status.code, 'pending');
  assert.equal(p.json.step, 0);
});

test('the register: the clerk sees every publication, a reviewer those they review', async () => {
  const all = await get('/api/v1/publications');
  assert.equal(all.status, 200);
  assert.ok(all.json.items.length >= 2);
  assert.ok(all.json.items.every((p) => p.op.code === 'publish'));
  // hulin sees the publications naming them as reviewer (the demo's too), not the others.
  const mine = await get('/api/v1/publications', 'hulin');
  assert.ok(mine.json.items.some((p) => p.id === id));
  assert.ok(mine.json.items.every((p) => p.params.reviewers.includes('胡琳')), 'only those hulin reviews');
  assert.ok(mine.json.items.length < all.json.items.length);
  const executed = await get('/api/v1/publications?status=executed');
  assert.ok(executed.json.items.some((p) => p.id === id));
  assert.ok(executed.json.items.every((p) => p.status.code === 'executed'));
  // The audit chain holds each step.
  const ev = await call(url, 'GET', '/api/v1/audit/events?limit=1000', { token: await login(url, 'auditor') });
  const actions = ev.json.items.map((e) => e.action);
  for (const a of ['publication.review', 'publication.release']) assert.ok(actions.includes(a), a);
});
