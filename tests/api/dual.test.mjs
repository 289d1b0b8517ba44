// tests/api/dual.test.mjs — SYS-1 (issue 9, point 1) through the real server:
// no one of the three administrators alone ends up with a working login as
// anybody else or as a new administrator. Resets and first logins are filed
// by the system administrator and approved by the security administrator,
// each seeing only their half of the temporary secret; the owner is told at
// the next login who reset the account and when, and the last logins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, PW, approveFiling } from './lib.mjs';

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
const session = (username, password) => call(url, 'POST', '/api/v1/session', { body: { username, password } });
const filings = async () => (await call(url, 'GET', '/api/v1/account-filings', { token: tok.auditor })).json.items;

test('SYS-1: the system administrator resets the clerk and cannot log in as the clerk', async () => {
  const filed = await call(url, 'POST', `/api/v1/accounts/${id('clerk')}/reset-password`, { token: tok.sysadmin });
  assert.equal(filed.status, 202, filed.text);
  assert.match(filed.json.filing.half_secret, /^.{8}$/);
  assert.equal(filed.json.temporary_password, undefined);
  // His half alone is no password; the clerk's own still works.
  refused(await session('clerk', filed.json.filing.half_secret), 403, 'bad_credentials', 'SYS-4');
  assert.equal((await session('clerk', PW)).status, 201);
  // He cannot approve his own filing, nor can the auditor.
  refused(await call(url, 'POST', `/api/v1/account-filings/${filed.json.filing.id}/approve`, { token: tok.sysadmin }),
    403, 'approval_by_secadmin', 'SYS-1');
  refused(await call(url, 'POST', `/api/v1/account-filings/${filed.json.filing.id}/approve`, { token: tok.auditor }),
    403, 'approval_by_secadmin', 'SYS-1');
  // A refusal changes nothing.
  const no = await call(url, 'POST', `/api/v1/account-filings/${filed.json.filing.id}/refuse`, {
    token: tok.secadmin, body: { reason: '本人未申请' },
  });
  assert.equal(no.status, 200, no.text);
  assert.equal((await session('clerk', PW)).status, 201);
  refused(await call(url, 'POST', `/api/v1/account-filings/${filed.json.filing.id}/approve`, { token: tok.secadmin }),
    409, 'filing_decided', 'SYS-1');
  const f = (await filings()).find((x) => x.id === filed.json.filing.id);
  assert.equal(f.status, 'refused');
  assert.equal(f.reason, '本人未申请');
});

test('SYS-1: the security administrator cannot file; nobody files or approves their own', async () => {
  refused(await call(url, 'POST', `/api/v1/accounts/${id('clerk')}/reset-password`, { token: tok.secadmin }),
    403, 'role_required', 'SYS-1');
  refused(await call(url, 'POST', `/api/v1/accounts/${id('sysadmin')}/reset-password`, { token: tok.sysadmin }),
    403, 'filing_self', 'SYS-1');
  const filed = await call(url, 'POST', `/api/v1/accounts/${id('secadmin')}/reset-password`, { token: tok.sysadmin });
  assert.equal(filed.status, 202, filed.text);
  refused(await call(url, 'POST', `/api/v1/account-filings/${filed.json.filing.id}/approve`, { token: tok.secadmin }),
    403, 'approve_self', 'SYS-1');
  // The filing stays pending; a second one for the same account is refused.
  refused(await call(url, 'POST', `/api/v1/accounts/${id('secadmin')}/reset-password`, { token: tok.sysadmin }),
    409, 'filing_pending', 'SYS-1');
  assert.equal((await session('secadmin', PW)).status, 201);
  // Only the administrators read the filings.
  refused(await call(url, 'GET', '/api/v1/account-filings', { token: tok.clerk }), 403, 'filings_for_admins', 'SYS-1');
});

test('SYS-1: both halves log in once, must change, and the owner is told who and when', async () => {
  await session('staff', 'wrong-password');
  const filed = await call(url, 'POST', `/api/v1/accounts/${id('staff')}/reset-password`, { token: tok.sysadmin });
  assert.equal(filed.status, 202, filed.text);
  const secret = await approveFiling(url, filed, tok.secadmin);
  // Instants have whole seconds, and a reset approved in the same second as
  // the last login is told again (session.c): the first login comes a second
  // after the approval, or the second login would be told of it again.
  await new Promise((r) => setTimeout(r, 1100));
  const a = secret.slice(0, 8), b = secret.slice(8);
  refused(await session('staff', PW), 403, 'bad_credentials', 'SYS-4');
  refused(await session('staff', a), 403, 'bad_credentials', 'SYS-4');
  refused(await session('staff', b), 403, 'bad_credentials', 'SYS-4');
  refused(await session('staff', b + a), 403, 'bad_credentials', 'SYS-4');
  const s = await session('staff', secret);
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.must_change_password, true);
  const n = s.json.notice;
  assert.equal(n.reset.kind, 'reset');
  assert.equal(n.reset.since_last_login, true);
  assert.equal(n.reset.filed_by, people.find((p) => p.username === 'sysadmin').name);
  assert.equal(n.reset.approved_by, people.find((p) => p.username === 'secadmin').name);
  assert.match(n.reset.at, /^\d{4}-\d\d-\d\dT/);
  assert.match(n.last_failed_login_at, /^\d{4}-\d\d-\d\dT/);
  refused(await call(url, 'GET', '/api/v1/carriers', { token: s.json.token }), 403, 'password_change_required', 'SYS-4');
  const ch = await call(url, 'POST', '/api/v1/session/password', {
    token: s.json.token, body: { old_password: secret, new_password: 'Staff#New2026pw' },
  });
  assert.equal(ch.status, 200, ch.text);
  const again = await session('staff', 'Staff#New2026pw');
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.notice.reset.since_last_login, false);
  assert.match(again.json.notice.last_login_at, /^\d{4}-\d\d-\d\dT/);
  refused(await session('staff', secret), 403, 'bad_credentials', 'SYS-4');
});

test('SYS-1: the system administrator creates an auditor account and cannot use it', async () => {
  refused(await call(url, 'POST', '/api/v1/accounts', {
    token: tok.sysadmin, body: { username: 'fakeaud', name: '假审计', role: 'auditor' },
  }), 403, 'roles_by_secadmin', 'SYS-1');
  refused(await call(url, 'POST', '/api/v1/accounts', {
    token: tok.sysadmin, body: { username: 'fakeaud', name: '假审计', password: 'Chosen#Pass2026' },
  }), 403, 'sysadmin_no_password', 'SYS-1');
  const made = await call(url, 'POST', '/api/v1/accounts', {
    token: tok.sysadmin, body: { username: 'fakeaud', name: '假审计' },
  });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual(made.json.person.roles, []);
  refused(await session('fakeaud', made.json.filing.half_secret), 403, 'bad_credentials', 'SYS-4');
  refused(await session('fakeaud', 'Chosen#Pass2026'), 403, 'bad_credentials', 'SYS-4');
  refused(await call(url, 'POST', `/api/v1/people/${made.json.person.id}/grant`, {
    token: tok.sysadmin, body: { roles: ['auditor'] },
  }), 403, 'role_required', 'SYS-1');
  // The audit administrator sees it pending, and every decision above.
  const all = await filings();
  assert.ok(all.some((x) => x.kind === 'create' && x.username === 'fakeaud' && x.status === 'pending'));
  assert.ok(all.some((x) => x.status === 'approved' && x.username === 'staff'));
});

// SYS-1 (issue 9 point 1): every reset, approval and change of an administrator is
// raised to the audit administrator, to nobody else, until acknowledged.
test('SYS-1: the auditor is alerted of filings, approvals, refusals and administrator role changes', async () => {
  const alerts = async (who = 'auditor') => call(url, 'GET', '/api/v1/alerts', { token: tok[who] });
  // A filing, refused; a filing, approved; an administrator role granted.
  const a = await call(url, 'POST', `/api/v1/accounts/${id('auditor')}/reset-password`, { token: tok.sysadmin });
  assert.equal(a.status, 202, a.text);
  const refusedFiling = await call(url, 'POST', `/api/v1/account-filings/${a.json.filing.id}/refuse`, { token: tok.secadmin });
  assert.equal(refusedFiling.status, 200, refusedFiling.text);
  const b = await call(url, 'POST', `/api/v1/accounts/${id('clerk')}/reset-password`, { token: tok.sysadmin });
  assert.equal(b.status, 202, b.text);
  const ok = await call(url, 'POST', `/api/v1/account-filings/${b.json.filing.id}/approve`, { token: tok.secadmin });
  assert.equal(ok.status, 200, ok.text);
  // An administrator role granted by the security administrator (to the account made above).
  const all = (await call(url, 'GET', '/api/v1/people', { token: tok.sysadmin })).json.items;
  const fake = all.find((p) => p.username === 'fakeaud');
  assert.ok(fake, 'the account made above');
  // 三员: one active auditor already; a second is refused (SYS-1) and nothing changes…
  refused(await call(url, 'POST', `/api/v1/people/${fake.id}/grant`, { token: tok.secadmin, body: { roles: ['auditor'] } }),
    409, 'admin_role_held', 'SYS-1');
  const still = (await call(url, 'GET', '/api/v1/people', { token: tok.sysadmin })).json.items.find((p) => p.id === fake.id);
  assert.deepEqual(still.roles, []);
  const held = await call(url, 'GET', `/api/v1/audit/events?action=person.grant&outcome=refused&rule=SYS-1`, { token: tok.auditor });
  assert.ok(held.json.items.some((e) => e.object === `person:${fake.id}`), held.text);
  // …unless the policy (SYS-5, the security administrator's) allows two.
  const pol = await call(url, 'POST', '/api/v1/policy', {
    token: tok.secadmin, body: { text: 'auth.admin_holders_max = 2\n', comment: '设两名安全审计员' },
  });
  assert.equal(pol.status, 201, pol.text);
  const g = await call(url, 'POST', `/api/v1/people/${fake.id}/grant`, { token: tok.secadmin, body: { roles: ['auditor'] } });
  assert.equal(g.status, 200, g.text);
  const list = await alerts();
  assert.equal(list.status, 200, list.text);
  const items = list.json.items;
  assert.ok(items.length > 0 && items.every((x) => x.rule === 'SYS-1' && x.carrier_id === null), list.text);
  const find = (code, filing) => items.find((x) => x.code === code && x.filing_id === filing);
  assert.ok(find('account_filed', a.json.filing.id), 'the filing');
  assert.ok(find('account_refused', a.json.filing.id), 'the refusal');
  assert.ok(find('account_filed', b.json.filing.id), 'the second filing');
  const approved = find('account_approved', b.json.filing.id);
  assert.ok(approved, 'the approval');
  assert.equal(approved.person_id, id('clerk'));
  assert.equal(approved.urgency, 'high');
  const roles = items.find((x) => x.code === 'admin_roles_changed' && x.person_id === fake.id);
  assert.ok(roles, 'the role grant to an administrator');
  // The roles in words in either language, never the codes.
  assert.match(roles.message_en, /: none → audit administrator$/);
  assert.match(roles.message, /：无 → 安全审计员$/);
  // Nobody else is told: the other administrators are refused (the clerk: t_dual.sh).
  refused(await alerts('sysadmin'), 403, 'admin_no_business', 'SYS-1');
  refused(await alerts('secadmin'), 403, 'admin_no_business', 'SYS-1');
  // Only the auditor acknowledges; acknowledged, the alert is gone; twice is 404.
  refused(await call(url, 'POST', `/api/v1/alerts/admin/${approved.admin_alert_id}/ack`, { token: tok.secadmin }),
    403, 'admin_alerts_for_auditor', 'SYS-1');
  const ack = await call(url, 'POST', `/api/v1/alerts/admin/${approved.admin_alert_id}/ack`, { token: tok.auditor });
  assert.equal(ack.status, 200, ack.text);
  assert.equal(ack.json.acknowledged, true);
  assert.ok(!(await alerts()).json.items.some((x) => x.admin_alert_id === approved.admin_alert_id));
  assert.equal((await call(url, 'POST', `/api/v1/alerts/admin/${approved.admin_alert_id}/ack`, { token: tok.auditor })).status, 404);
  const audit = await call(url, 'GET', '/api/v1/audit/events?action=alert.ack', { token: tok.auditor });
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.some((e) => e.object === `admin_alert:${approved.admin_alert_id}` && e.outcome === 'ok'), audit.text);
});
