// tests/api/admins.test.mjs — 三员分立 (SYS-1) through the real server: each
// administrator trying what belongs to another (or to the business) gets 403
// naming SYS-1; the audit administrator verifies and exports the chain,
// which holds the other administrators' actions (SYS-3); the security
// administrator changes the policy (SYS-5).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused } from './lib.mjs';

let unit, srv, url, tok = {}, people;

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['sysadmin', 'secadmin', 'auditor', 'clerk', 'staff'])
    tok[u] = await login(url, u);
  people = (await call(url, 'GET', '/api/v1/people', { token: tok.sysadmin })).json.items;
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const id = (username) => people.find((p) => p.username === username).id;

const incoming = {
  title: '关于三员分立检查的通知', level: '秘密', doc_number: '测〔2026〕1号', serial_number: 1,
  place: '考试保密室', scope: ['基础教育科'],
};

test('SYS-1: the system administrator sees no carrier', async () => {
  refused(await call(url, 'GET', '/api/v1/carriers', { token: tok.sysadmin }), 403, 'admin_no_business', 'SYS-1');
  refused(await call(url, 'GET', '/api/v1/carriers/1', { token: tok.sysadmin }), 403, 'admin_no_business', 'SYS-1');
});

test('SYS-1: the security administrator registers no carrier', async () => {
  refused(await call(url, 'POST', '/api/v1/carriers', { token: tok.secadmin, body: incoming }), 403, 'admin_no_business', 'SYS-1');
});

test('SYS-1: the audit administrator sees no carrier', async () => {
  refused(await call(url, 'GET', '/api/v1/carriers', { token: tok.auditor }), 403, 'admin_no_business', 'SYS-1');
});

test('SYS-1: the system administrator grants no class and no business role', async () => {
  const r = await call(url, 'POST', `/api/v1/people/${id('staff')}/grant`, { token: tok.sysadmin, body: { class: 'core' } });
  refused(r, 403, 'role_required', 'SYS-1');
  const a = await call(url, 'POST', '/api/v1/accounts', {
    token: tok.sysadmin, body: { username: 'clerk2', name: '第二保密员', role: 'clerk' },
  });
  refused(a, 403, 'roles_by_secadmin', 'SYS-1');
  const s = await call(url, 'POST', '/api/v1/accounts', {
    token: tok.sysadmin, body: { username: 'sysadmin2', name: '第二系统管理员', role: 'sysadmin' },
  });
  refused(s, 403, 'roles_by_secadmin', 'SYS-1');
  // There is no field for a class at all.
  refused(await call(url, 'POST', '/api/v1/accounts', {
    token: tok.sysadmin, body: { username: 'x1', name: '某人', class: 'core' },
  }), 400, 'unknown_field');
});

test('SYS-1: only the system administrator manages accounts', async () => {
  refused(await call(url, 'POST', '/api/v1/accounts', { token: tok.secadmin, body: { username: 'y1', name: '某人' } }), 403, 'role_required', 'SYS-1');
  refused(await call(url, 'POST', '/api/v1/accounts', { token: tok.clerk, body: { username: 'y2', name: '某人' } }), 403, 'role_required', 'SYS-1');
  refused(await call(url, 'POST', `/api/v1/accounts/${id('staff')}/disable`, { token: tok.auditor }), 403, 'role_required', 'SYS-1');
  refused(await call(url, 'POST', `/api/v1/accounts/${id('staff')}/reset-password`, { token: tok.secadmin }), 403, 'role_required', 'SYS-1');
  refused(await call(url, 'POST', '/api/v1/departments', { token: tok.secadmin, body: { name: '新科室' } }), 403, 'role_required', 'SYS-1');
});

test('SYS-1: the security administrator grants; an admin role alone, and not to an admin', async () => {
  const ok = await call(url, 'POST', `/api/v1/people/${id('guoyang')}/grant`, {
    token: tok.secadmin, body: { class: 'important', roles: ['staff'], commitment_signed_on: '2026-01-05' },
  });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.class, 'important');
  // An administrator role goes with no class (guoyang now holds one).
  refused(await call(url, 'POST', `/api/v1/people/${id('guoyang')}/grant`, {
    token: tok.secadmin, body: { roles: ['auditor'] },
  }), 403, 'one_admin_role', 'SYS-1');
  // Nobody grants themselves.
  refused(await call(url, 'POST', `/api/v1/people/${id('secadmin')}/grant`, {
    token: tok.secadmin, body: { roles: ['secadmin'] },
  }), 403, null, 'SYS-1');
  refused(await call(url, 'POST', `/api/v1/people/${id('auditor')}/grant`, {
    token: tok.secadmin, body: { roles: ['clerk'] },
  }), 403, 'admin_no_business', 'SYS-1');
  refused(await call(url, 'POST', `/api/v1/people/${id('secadmin')}/grant`, {
    token: tok.secadmin, body: { class: 'core' },
  }), 403, 'admin_no_business', 'SYS-1');
  refused(await call(url, 'POST', `/api/v1/people/${id('staff')}/grant`, {
    token: tok.clerk, body: { class: 'core' },
  }), 403, 'role_required', 'SYS-1');
});

test('SYS-1: no account holds two administrator roles', async () => {
  // The system administrator creates an account with no role (issue 9)…
  refused(await call(url, 'POST', '/api/v1/accounts', {
    token: tok.sysadmin, body: { username: 'auditor2', name: '第二审计员', role: 'auditor' },
  }), 403, 'roles_by_secadmin', 'SYS-1');
  const a = await call(url, 'POST', '/api/v1/accounts', {
    token: tok.sysadmin, body: { username: 'auditor2', name: '第二审计员' },
  });
  assert.equal(a.status, 201, a.text);
  assert.deepEqual(a.json.person.roles, []);
  // …no account takes two administrator roles…
  refused(await call(url, 'POST', `/api/v1/people/${a.json.person.id}/grant`, {
    token: tok.secadmin, body: { roles: ['auditor', 'secadmin'] },
  }), 403, 'one_admin_role', 'SYS-1');
  // …and while one active auditor (and one of each administrator) holds the
  // role, a second is refused (三员, SYS-1): nothing changes.
  for (const role of ['auditor', 'secadmin', 'sysadmin'])
    refused(await call(url, 'POST', `/api/v1/people/${a.json.person.id}/grant`, {
      token: tok.secadmin, body: { roles: [role] },
    }), 409, 'admin_role_held', 'SYS-1');
  const after = (await call(url, 'GET', '/api/v1/people', { token: tok.sysadmin })).json.items
    .find((p) => p.id === a.json.person.id);
  assert.deepEqual(after.roles, []);
  const ev = await call(url, 'GET', '/api/v1/audit/events?action=person.grant', { token: tok.auditor });
  assert.ok(!ev.json.items.some((e) => e.object === `person:${a.json.person.id}` && e.outcome === 'ok'), ev.text);
  assert.ok(ev.json.items.some((e) => e.object === `person:${a.json.person.id}` && e.outcome === 'refused' && e.rule === 'SYS-1'), ev.text);
});

test('SYS-1: the security administrator registers places; others may not', async () => {
  const ok = await call(url, 'POST', '/api/v1/places', {
    token: tok.secadmin, body: { name: '新保密柜', kind: 'safe', max_level: '机密' },
  });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.max_level, 'secret');
  refused(await call(url, 'POST', '/api/v1/places', {
    token: tok.sysadmin, body: { name: '另一个柜', max_level: '秘密' },
  }), 403, 'role_required', 'SYS-1');
});

test('SYS-5: the security administrator changes the policy; the system administrator may not', async () => {
  const cur = await call(url, 'GET', '/api/v1/policy', { token: tok.clerk });
  assert.equal(cur.status, 200, cur.text);
  assert.match(cur.json.text, /auth\.lockout_failures/);
  refused(await call(url, 'POST', '/api/v1/policy', {
    token: tok.sysadmin, body: { text: 'auth.lockout_failures = 6\n', comment: 'x' },
  }), 403, null, 'SYS-5');
  const ok = await call(url, 'POST', '/api/v1/policy', {
    token: tok.secadmin, body: { text: 'auth.lockout_failures = 6\n', comment: '放宽锁定次数' },
  });
  assert.equal(ok.status, 201, ok.text);
  const hist = await call(url, 'GET', '/api/v1/policy/history', { token: tok.auditor });
  assert.equal(hist.status, 200);
  assert.ok(hist.json.items.some((v) => v.version === ok.json.version && v.comment === '放宽锁定次数'));
});

test('SYS-5: a new policy version takes effect on the next request (parsed once per version)', async () => {
  const before = await call(url, 'GET', '/api/v1/me', { token: tok.staff });
  assert.equal(before.status, 200, before.text);
  const ok = await call(url, 'POST', '/api/v1/policy', {
    token: tok.secadmin,
    body: { text: 'auth.lockout_failures = 6\nauth.session_idle_minutes = 7\n', comment: '会话空闲 7 分钟' },
  });
  assert.equal(ok.status, 201, ok.text);
  assert.ok(ok.json.version > before.json.policy_version);
  // Whichever pooled connection answers, the next requests use the new version.
  for (let i = 0; i < 8; i++) {
    const health = await call(url, 'GET', '/api/v1/health');
    const me = await call(url, 'GET', '/api/v1/me', { token: tok.staff });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.policy_version, ok.json.version);
    const idleMs = Date.parse(me.json.expires_at) - Date.parse(health.json.time);
    assert.ok(Math.abs(idleMs - 7 * 60000) <= 2000, `idle limit ${idleMs} ms, not the new 7 minutes`);
  }
});

test('SYS-5: the policy in force reads as the unit\'s regulations in words, Chinese or English', async () => {
  const zh = await call(url, 'GET', '/api/v1/policy', { token: tok.staff });
  assert.equal(zh.status, 200, zh.text);
  assert.equal(zh.json.lang, 'zh');
  assert.match(zh.json.regulation, /^.*保密工作制度\n/);
  assert.match(zh.json.regulation, /第一条　.*（LEVEL-1）/);
  assert.match(zh.json.regulation, /（SYS-4/, 'the password rules are among the articles');
  // The article on lockouts says what the settings say, in words.
  const failures = Number(zh.json.text.match(/^auth\.lockout_failures = (\d+)/m)[1]);
  assert.ok(zh.json.regulation.includes(String(failures)), 'the printed rules follow the version in force');
  const en = await call(url, 'GET', '/api/v1/policy?lang=en', { token: tok.staff });
  assert.equal(en.status, 200, en.text);
  assert.equal(en.json.lang, 'en');
  assert.equal(en.json.version, zh.json.version);
  assert.match(en.json.regulation, /\(LEVEL-1\)/);
  assert.doesNotMatch(en.json.regulation, /第一条/);
  const bad = await call(url, 'GET', '/api/v1/policy?lang=fr', { token: tok.staff });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.code, 'invalid_lang');
  assert.equal((await call(url, 'GET', '/api/v1/policy')).status, 401);
});

test('SYS-1: only the audit administrator reads, verifies and exports the audit log', async () => {
  refused(await call(url, 'GET', '/api/v1/audit/verify', { token: tok.clerk }), 403, 'auditor_required', 'SYS-1');
  refused(await call(url, 'GET', '/api/v1/audit/verify', { token: tok.sysadmin }), 403, 'auditor_required', 'SYS-1');
  refused(await call(url, 'GET', '/api/v1/audit/export', { token: tok.secadmin }), 403, 'auditor_required', 'SYS-1');
  refused(await call(url, 'GET', '/api/v1/audit/events', { token: tok.staff }), 403, 'auditor_required', 'SYS-1');
});

test('SYS-3: the auditor verifies the chain', async () => {
  const r = await call(url, 'GET', '/api/v1/audit/verify', { token: tok.auditor });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.intact, true);
  assert.equal(r.json.alg, 'sm3');
  assert.ok(r.json.count > 100);
  assert.match(r.json.last_hash, /^[0-9a-f]{64}$/);
});

test('SYS-3: the export holds the administrators\' own actions and the refusals', async () => {
  const r = await call(url, 'GET', '/api/v1/audit/export', { token: tok.auditor });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /application\/x-ndjson/);
  const events = r.text.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(events.length > 100);
  events.forEach((e, i) => assert.equal(e.seq, i + 1, 'no gaps'));
  for (let i = 1; i < events.length; i++) assert.equal(events[i].prev_hash, events[i - 1].hash);
  const has = (pred, what) => assert.ok(events.some(pred), what);
  has((e) => e.actor === 'sysadmin' && e.action === 'person.add' && e.outcome === 'ok', 'sysadmin created accounts');
  has((e) => e.actor === 'secadmin' && e.action === 'person.grant' && e.outcome === 'ok', 'secadmin granted');
  has((e) => e.actor === 'secadmin' && e.action === 'policy.import' && e.outcome === 'ok', 'secadmin changed the policy');
  has((e) => e.actor === 'sysadmin' && e.outcome === 'refused' && e.rule === 'SYS-1', 'sysadmin refusals');
  has((e) => e.actor === 'auditor' && e.action === 'audit.verify', 'the auditor\'s own verification');
  has((e) => e.action === 'login' && JSON.parse(e.detail).channel === 'api', 'API logins');
  // The export was taken inside the chain: verifying again still holds.
  const v = await call(url, 'GET', '/api/v1/audit/verify', { token: tok.auditor });
  assert.equal(v.json.intact, true);
});

test('SYS-3: the auditor pages and filters the events', async () => {
  const all = await call(url, 'GET', '/api/v1/audit/events?limit=5', { token: tok.auditor });
  assert.equal(all.status, 200, all.text);
  assert.equal(all.json.items.length, 5);
  assert.ok(all.json.total > 5);
  assert.ok(all.json.items[0].seq > all.json.items[4].seq, 'newest first');
  const asc = await call(url, 'GET', '/api/v1/audit/events?order=asc&limit=3&offset=1', { token: tok.auditor });
  assert.deepEqual(asc.json.items.map((e) => e.seq), [2, 3, 4]);
  const sys = await call(url, 'GET', '/api/v1/audit/events?actor=sysadmin&outcome=refused&limit=100', { token: tok.auditor });
  assert.ok(sys.json.total >= 3);
  assert.ok(sys.json.items.every((e) => e.actor === 'sysadmin' && e.outcome === 'refused'));
  const carriers = await call(url, 'GET', '/api/v1/audit/events?action=carrier.&limit=1000', { token: tok.auditor });
  assert.ok(carriers.json.items.every((e) => e.action.startsWith('carrier.')));
  refused(await call(url, 'GET', '/api/v1/audit/events?limit=0', { token: tok.auditor }), 400, 'invalid_parameter');
  refused(await call(url, 'GET', '/api/v1/audit/events?who=x', { token: tok.auditor }), 400, 'unknown_parameter');
});
