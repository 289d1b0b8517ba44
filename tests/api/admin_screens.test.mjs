// tests/api/admin_screens.test.mjs — what the administrators' screens stand on
// (issue 14 point 14): the locked accounts with since/until/failures and their
// unlock by the system administrator only (SYS-1, SYS-4), audited; and the
// policy's catalogue of settings served for the editor (SYS-5), the same table
// the import validates with.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, PW } from './lib.mjs';

let unit, srv, url, tok = {}, people;

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['sysadmin', 'secadmin', 'auditor', 'clerk'])
    tok[u] = await login(url, u);
  people = (await call(url, 'GET', '/api/v1/people', { token: tok.sysadmin })).json.items;
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const id = (username) => people.find((p) => p.username === username).id;

async function lockOut(username) {
  for (let i = 0; i < 5; i++) {
    const r = await call(url, 'POST', '/api/v1/session', { body: { username, password: `wrong${i}` } });
    refused(r, 403, 'bad_credentials', 'SYS-4');
  }
  refused(await call(url, 'POST', '/api/v1/session', { body: { username, password: PW } }), 423, 'account_locked', 'SYS-4');
}

test('SYS-4: the system administrator sees a locked account: since, failures, until', async () => {
  const before = await call(url, 'GET', '/api/v1/accounts/locks', { token: tok.sysadmin });
  assert.equal(before.status, 200, before.text);
  assert.ok(!before.json.items.some((l) => l.username === 'staff'), before.text);
  await lockOut('staff');
  const r = await call(url, 'GET', '/api/v1/accounts/locks', { token: tok.sysadmin });
  assert.equal(r.status, 200, r.text);
  const l = r.json.items.find((x) => x.username === 'staff');
  assert.ok(l, r.text);
  assert.equal(l.person_id, id('staff'));
  assert.equal(l.failures, 5);
  assert.ok(Date.parse(l.locked_until) > Date.parse(l.locked_since), r.text);
  // auth.lockout_minutes (demo: the catalogue's default) between the two
  const pol = (await call(url, 'GET', '/api/v1/policy/schema', { token: tok.sysadmin })).json.items;
  const minutes = Number(pol.find((k) => k.key === 'auth.lockout_minutes').value);
  assert.equal(Date.parse(l.locked_until) - Date.parse(l.locked_since), minutes * 60000);
});

test('SYS-1: only the system administrator lists locks and unlocks; a refusal changes nothing', async () => {
  for (const u of ['secadmin', 'auditor', 'clerk']) {
    refused(await call(url, 'GET', '/api/v1/accounts/locks', { token: tok[u] }), 403, undefined, 'SYS-1');
    refused(await call(url, 'POST', `/api/v1/accounts/${id('staff')}/unlock`, { token: tok[u], body: {} }), 403, undefined, 'SYS-1');
  }
  const still = await call(url, 'GET', '/api/v1/accounts/locks', { token: tok.sysadmin });
  assert.ok(still.json.items.some((l) => l.username === 'staff'), still.text);
  refused(await call(url, 'POST', '/api/v1/session', { body: { username: 'staff', password: PW } }), 423, 'account_locked', 'SYS-4');
});

test('SYS-4: unlock lifts the lock at once, is audited, and a second unlock is refused', async () => {
  const r = await call(url, 'POST', `/api/v1/accounts/${id('staff')}/unlock`, { token: tok.sysadmin, body: {} });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.person.username, 'staff');
  assert.equal(r.json.unlocked.failures, 5);
  const locks = await call(url, 'GET', '/api/v1/accounts/locks', { token: tok.sysadmin });
  assert.ok(!locks.json.items.some((l) => l.username === 'staff'), locks.text);
  await login(url, 'staff');
  refused(await call(url, 'POST', `/api/v1/accounts/${id('staff')}/unlock`, { token: tok.sysadmin, body: {} }),
    409, 'not_locked', 'SYS-4');
  const ev = await call(url, 'GET', '/api/v1/audit/events?action=account.unlock', { token: tok.auditor });
  assert.equal(ev.status, 200, ev.text);
  const ok = ev.json.items.filter((e) => e.object === `person:${id('staff')}` && e.outcome === 'ok');
  assert.equal(ok.length, 1, ev.text);
  assert.equal(ok[0].actor, 'sysadmin');
  assert.match(JSON.stringify(ok[0].detail), /locked_until/);
  assert.ok(ev.json.items.some((e) => e.outcome === 'refused' && e.rule === 'SYS-1'), 'the refusals are on record');
  assert.ok(ev.json.items.some((e) => e.outcome === 'refused' && e.rule === 'SYS-4'), 'the second unlock is on record');
});

test('SYS-4: unlocking an unknown account or a person without one is refused', async () => {
  refused(await call(url, 'POST', '/api/v1/accounts/999999/unlock', { token: tok.sysadmin, body: {} }), 404);
  refused(await call(url, 'POST', `/api/v1/accounts/${id('staff')}/unlock`, { token: tok.sysadmin, body: { x: 1 } }), 400, 'unknown_field');
});

test('SYS-5: the policy schema is the catalogue the import validates, with words, units, ranges and rules', async () => {
  const r = await call(url, 'GET', '/api/v1/policy/schema', { token: tok.clerk });
  assert.equal(r.status, 200, r.text);
  const items = r.json.items;
  const text = (await call(url, 'GET', '/api/v1/policy', { token: tok.clerk })).json.text;
  // every key of the text form, in the same order, with the same value
  const lines = text.split('\n').filter((l) => /^[a-z]/.test(l)).map((l) => l.split('=').map((s) => s.trim()));
  assert.deepEqual(items.map((k) => k.key), lines.map((l) => l[0]));
  for (const [k, v] of lines) assert.equal(items.find((i) => i.key === k).value, v.replace(/\s+#.*$/, ''), k);
  const lockMin = items.find((k) => k.key === 'auth.session_idle_minutes');
  assert.equal(lockMin.type, 'int');
  assert.equal(lockMin.rule, 'SYS-4');
  assert.equal(lockMin.unit_zh, '分钟');
  assert.ok(lockMin.min >= 1 && lockMin.max > lockMin.min);
  assert.ok(lockMin.article > 0 && lockMin.chapter_zh.length > 0 && lockMin.zh.includes('%s'));
  assert.equal(items.find((k) => k.key === 'borrow.term_days.secret').unit_zh, '个工作日');
  assert.equal(items.find((k) => k.key === 'auth.lockout_failures').unit_zh, '次');
  assert.equal(items.find((k) => k.key === 'auth.session_max_hours').unit_zh, '小时');
  const send = items.find((k) => k.key === 'send.forbidden.top_secret');
  assert.equal(send.type, 'set');
  assert.ok(send.choices.find((c) => c.code === 'fax').required, 'SEND-3 floor is marked');
  assert.ok(send.choices.every((c) => c.zh && c.en));
  // a yes/no setting has a name of its own in both languages (its clause is the value's words)
  const bools = items.filter((k) => k.type === 'bool');
  assert.ok(bools.length >= 2);
  for (const b of bools) assert.ok(b.label_zh && b.label_en && b.rule && b.words, `${b.key} is named, with its rule and words`);
  assert.equal(items.find((k) => k.key === 'inventory.year_end').label_zh, '年终全面清查');
  assert.equal(items.find((k) => k.key === 'training.lapse_blocks').rule, 'PERSON-7');
  assert.ok(!items.some((k) => k.type !== 'bool' && k.label_zh), 'only yes/no settings carry a label');
  const chain = items.find((k) => k.type === 'roles');
  assert.ok(!chain.choices.some((c) => ['sysadmin', 'secadmin', 'auditor'].includes(c.code)), 'no administrator approves (SYS-1)');
  // a value past the catalogue's max is refused by the import with the key's rule
  const r2 = await call(url, 'POST', '/api/v1/policy', {
    token: tok.secadmin, body: { text: `auth.session_idle_minutes = ${lockMin.max + 1}\n`, comment: '越界' },
  });
  refused(r2, 400, 'policy_out_of_range', 'SYS-4');
  // the schema answers without a session only with 401
  refused(await call(url, 'GET', '/api/v1/policy/schema'), 401, 'login_required', 'SYS-4');
});

test('SYS-5: every setting the editor shows has its clause, chapter and rule in zh and en, and every number its unit', async () => {
  const items = (await call(url, 'GET', '/api/v1/policy/schema', { token: tok.secadmin })).json.items;
  assert.ok(items.length > 100, `${items.length} settings`);
  const rules = new Set();
  for (const k of items) {
    assert.ok(k.zh.includes('%s') && k.en.includes('%s'), `${k.key}: a clause in zh and en`);
    assert.ok(k.zh !== '%s' || k.lead_zh || k.type === 'bool', `${k.key}: named by its clause or its article`);
    assert.ok(k.chapter_zh && k.chapter_en && k.article > 0, `${k.key}: chapter and article`);
    assert.match(k.rule, /^[A-Z]+-\d+$/, `${k.key}: the rule it serves`);
    rules.add(k.rule);
    if (k.type === 'int') {
      assert.ok(k.unit_zh && k.unit_en, `${k.key}: a unit`);
      assert.ok(k.min <= Number(k.default) && Number(k.default) <= k.max, `${k.key}: default within the range`);
      assert.ok(k.min <= Number(k.value) && Number(k.value) <= k.max, `${k.key}: value within the range`);
    } else if (k.type === 'bool') {
      assert.ok(k.words.true_zh && k.words.false_zh && k.words.true_en && k.words.false_en, `${k.key}: words for yes and no`);
    } else if (k.type !== 'dates') {
      assert.ok(k.choices.length > 0 && k.choices.every((c) => c.zh && c.en), `${k.key}: words for every choice`);
    }
  }
  // BORROW-2 terms are working days, not calendar days
  const term = items.find((k) => k.key === 'borrow.term_days.secret');
  assert.equal(term.unit_zh, '个工作日');
  assert.equal(term.unit_en, 'working days');
  // every rule served is one the printed regulation cites
  const reg = (await call(url, 'GET', '/api/v1/policy', { token: tok.secadmin })).json.regulation;
  for (const r of rules) assert.ok(reg.includes(r), `${r} is cited by the regulation`);
});

test('SYS-5, SYS-1: only the security administrator saves a version, in force at once; a refusal changes nothing', async () => {
  const schema = async () => (await call(url, 'GET', '/api/v1/policy/schema', { token: tok.secadmin })).json;
  const before = await schema();
  const text = 'borrow.term_days.secret = 6\n';
  for (const who of ['sysadmin', 'auditor', 'clerk'])
    refused(await call(url, 'POST', '/api/v1/policy', { token: tok[who], body: { text, comment: '越权修订' } }), 403, undefined, 'SYS-5');
  refused(await call(url, 'POST', '/api/v1/policy', { token: tok.secadmin, body: { text: 'borrow.term_days.secret = 61\n', comment: '越界' } }),
    400, 'policy_out_of_range', 'BORROW-2');
  refused(await call(url, 'POST', '/api/v1/policy', { token: tok.secadmin, body: { text, comment: '' } }), 400);
  const same = await schema();
  assert.equal(same.version, before.version, 'no version from a refusal');
  assert.deepEqual(same.items.map((k) => k.value), before.items.map((k) => k.value), 'no setting changed');
  // SYS-5 asks no second approval: the version answers at once and is the policy
  const r = await call(url, 'POST', '/api/v1/policy', { token: tok.secadmin, body: { text, comment: '机密级借阅 6 个工作日' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.version, before.version + 1);
  const after = await schema();
  assert.equal(after.version, before.version + 1);
  assert.equal(after.items.find((k) => k.key === 'borrow.term_days.secret').value, '6');
  const ev = await call(url, 'GET', '/api/v1/audit/events?action=policy.import', { token: tok.auditor });
  assert.ok(ev.json.items.some((e) => e.object === `policy:${after.version}` && e.outcome === 'ok' && e.actor === 'secadmin'), ev.text);
  assert.ok(ev.json.items.some((e) => e.outcome === 'refused' && e.rule === 'SYS-5'), 'the refusals are on record');
});
