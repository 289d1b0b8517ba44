// tests/api/ledger.test.mjs — sending, counting, incidents, alerts and the
// registers through the real server on the demo unit: forbidden channels
// refused (SEND-1/2/3), receipts (SEND-4), envelopes (SEND-5); a count with a
// missing item opens an incident (INV-3/4) that closes only once reported
// (INC-1/4); alerts at a fixed clock (BAOMI_NOW: BORROW-2, BORROW-6); the
// registers as JSON and CSV (REG-1); the administrators refused (SYS-1) and
// hidden carriers left out (SYS-2). Every refusal asserts status, code, rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, relogin, refused, q, PW, closeBody } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'staff', 'hulin', 'huangmin', 'sysadmin', 'secadmin', 'auditor'])
    tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk', base = url) => call(base, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk', base = url) => call(base, 'GET', path, { token: tok[who] });


async function register(fields) {
  const r = await post('/api/v1/carriers', {
    producer: '省教育厅', sender: '市教育局', pages: 6, place: '机要室保密柜（二号）', ...fields,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// ---- sending ----------------------------------------------------------------------

test('SEND-1: a 秘密 carrier by ordinary mail is refused; nothing is sent', async () => {
  const c = await register({ title: '关于转发安全稳定工作意见的通知', level: '秘密', scope: ['办公室'] });
  for (const channel of ['mail', '普通邮寄', 'internet'])
    refused(await post('/api/v1/dispatches', { carrier_ids: [c.id], recipients: ['市一中'], channel }), 403,
      'channel_forbidden', 'SEND-1');
  assert.equal((await get(`/api/v1/carriers/${c.id}`)).json.status.code, 'in_store');
  assert.equal((await get('/api/v1/dispatches')).json.total, 0);
});

test('SEND-3: 绝密 never by fax, even encrypted; SEND-2: 机密 needs a named courier', async () => {
  const top = await register({ title: '高考试卷运送方案', level: '绝密', place: '机要室保密柜（一号）', scope: ['clerk'] });
  refused(await post('/api/v1/dispatches', { carrier_ids: [top.id], recipients: ['省考试院'], channel: 'encrypted_fax' }),
    403, 'channel_forbidden', 'SEND-3');
  const sec = await register({ title: '考点安全保卫方案', level: '机密', place: '机要室保密柜（一号）', scope: ['clerk'] });
  refused(await post('/api/v1/dispatches', { carrier_ids: [sec.id], recipients: ['市公安局'], channel: 'courier' }),
    403, 'courier_required', 'SEND-2');
  // SEND-4: one recipient per copy.
  refused(await post('/api/v1/dispatches', { carrier_ids: [sec.id], recipients: ['市公安局', '市一中'],
    channel: 'courier', courier: '钱卫东' }), 400, 'distribution_mismatch', 'SEND-4');
  refused(await post('/api/v1/dispatches', { carrier_ids: [sec.id], recipients: ['市公安局'], channel: 'pigeon',
    courier: '钱卫东' }), 400, 'invalid_channel', 'SEND-1');
});

test('SEND-4/5: sent by confidential courier, open until every receipt is signed; envelopes listed', async () => {
  const a = await register({ title: '中考考务工作手册', level: '秘密', serial_number: 1, doc_number: '本局发〔2026〕51号', scope: ['办公室'] });
  const b = await register({ title: '中考考务工作手册', level: '秘密', serial_number: 2, doc_number: '本局发〔2026〕52号', scope: ['办公室'] });
  const d = await post('/api/v1/dispatches', { carrier_ids: [a.id, b.id], recipients: ['市一中', '市二中'],
    channel: 'courier', courier: '钱卫东', note: '中考考务' });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.status, 'open');
  assert.equal(d.json.channel.code, 'courier');
  assert.equal(d.json.unsigned, 2);
  assert.equal((await get(`/api/v1/carriers/${a.id}`)).json.status.code, 'taken_out');
  const env = await get(`/api/v1/dispatches/${d.json.id}/envelope`);
  assert.equal(env.status, 200, env.text);
  assert.match(env.headers.get('content-type'), /^text\/plain/);
  assert.match(env.text, /收件 To:\s+市一中/);
  assert.match(env.text, /收件 To:\s+市二中/);
  assert.match(env.text, /秘密/);
  const open = await get('/api/v1/dispatches?open=true');
  assert.ok(open.json.items.some((x) => x.id === d.json.id));
  const s1 = await post(`/api/v1/dispatches/${d.json.id}/sign`, { carrier_id: a.id, signed_by: '市一中 王老师' });
  assert.equal(s1.status, 200, s1.text);
  assert.equal(s1.json.status, 'open');
  refused(await post(`/api/v1/dispatches/${d.json.id}/sign`, { carrier_id: a.id, signed_by: '再签' }), 409, null, 'SEND-4');
  const s2 = await post(`/api/v1/dispatches/${d.json.id}/sign`, { carrier_id: b.id, signed_by: '市二中 李老师' });
  assert.equal(s2.json.status, 'complete', s2.text);
  assert.equal(s2.json.unsigned, 0);
  assert.equal((await get(`/api/v1/carriers/${a.id}`)).json.status.code, 'returned');
  const one = await get(`/api/v1/dispatches/${d.json.id}`);
  assert.deepEqual(one.json.items.map((i) => i.signed_by), ['市一中 王老师', '市二中 李老师']);
  refused(await get('/api/v1/dispatches/999999'), 404, 'unknown_dispatch', 'SEND-4');
  // Sending is the clerk's.
  refused(await get('/api/v1/dispatches', 'staff'), 403, 'role_required', 'SEND-4');
});

// ---- counting and incidents ----------------------------------------------------------

let missingIncident;

test('INV-3/4: a count with a missing item lists it and opens an incident', async () => {
  const kept = [];
  for (const t of ['考务保密室钥匙登记簿', '监考人员名单', '考场编排表'])
    kept.push(await register({ title: t, level: '秘密', custodian: 'hulin', place: '基础教育科保密柜', scope: ['基础教育科'],
      keep_reason: '因工作需要个人保管', keep_approver: 'leader', keep_until: '2030-12-31' }));
  const s = await post('/api/v1/counts', { scope: 'custodian', scope_ref: 'hulin', reason: '国庆节前专项清查' });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.scope, 'custodian');
  assert.equal(s.json.closed_at, null);
  const preview = await get(`/api/v1/counts/${s.json.id}`);
  assert.equal(preview.status, 200, preview.text);
  assert.equal(preview.json.expected, 3);
  assert.equal(preview.json.missing.length, 3, 'nothing ticked yet');
  // Issue 13 point 10: the label's QR text is a carrier id here as in the CLI.
  refused(await post(`/api/v1/counts/${s.json.id}/ticks`, { carrier_id: 'baomi:carrier:x' }), 400, 'invalid_id');
  refused(await post(`/api/v1/counts/${s.json.id}/ticks`, { carrier_id: `baomi:box:${kept[0].id}` }), 400, 'invalid_id');
  for (const c of kept.slice(0, 2)) {
    const id = c === kept[0] ? `baomi:carrier:${c.id}` : c.id;
    const t = await post(`/api/v1/counts/${s.json.id}/ticks`, { carrier_id: id, incomplete: c === kept[1], note: '在柜' });
    assert.equal(t.status, 200, t.text);
    assert.equal(t.json.carrier_id, c.id);
  }
  const closed = await post(`/api/v1/counts/${s.json.id}/close`, await closeBody(url, tok.clerk, s.json.id));
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.accounted, false);
  assert.deepEqual(closed.json.found.map((l) => l.carrier_id).sort(), [kept[0].id, kept[1].id].sort());
  assert.deepEqual(closed.json.incomplete.map((l) => l.carrier_id), [kept[1].id]);
  assert.equal(closed.json.missing.length, 1);
  assert.equal(closed.json.missing[0].carrier_id, kept[2].id);
  missingIncident = closed.json.missing[0].incident_id;
  assert.ok(missingIncident > 0, 'INV-4: an incident opened');
  assert.equal((await get(`/api/v1/carriers/${kept[2].id}`)).json.status.code, 'missing');
  // Closed: the stored result, and no more ticks.
  const again = await get(`/api/v1/counts/${s.json.id}`);
  assert.equal(again.json.missing[0].incident_id, missingIncident);
  assert.ok(again.json.session.closed_at);
  refused(await post(`/api/v1/counts/${s.json.id}/ticks`, { carrier_id: kept[2].id }), 409, 'count_closed', 'INV-3');
  assert.ok((await get('/api/v1/counts')).json.items.some((x) => x.id === s.json.id));
});

test('INV-3/4 (issue 17): a count gives each list\'s size and pages it; the close opens one incident listing the missing carriers', async () => {
  const s = await post('/api/v1/counts', { scope: 'custodian', scope_ref: 'guoyang', reason: '分页清查' });
  assert.equal(s.status, 201, s.text);
  const id = s.json.id;
  // What guoyang kept before is found: the carriers made here are the count's subject.
  const pre = await get(`/api/v1/counts/${id}?limit=10000`);
  assert.equal(pre.status, 200, pre.text);
  for (const l of pre.json.missing) assert.equal((await post(`/api/v1/counts/${id}/ticks`, { carrier_id: l.carrier_id })).status, 200);
  const prior = pre.json.counts.expected;
  const made = [];
  for (let i = 0; i < 5; i++)
    made.push(await register({ title: `人事档案${i}`, level: '秘密', custodian: 'guoyang', place: '基础教育科保密柜', scope: ['人事科'],
      keep_reason: '因工作需要个人保管', keep_approver: 'leader', keep_until: '2030-12-31' }));
  assert.equal((await post(`/api/v1/counts/${id}/ticks`, { carrier_id: made[0].id })).status, 200);

  // The preview: every list's size, two lines of each, and where each list goes on.
  const p = await get(`/api/v1/counts/${id}?limit=2`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.expected, prior + 5);
  assert.deepEqual(p.json.counts, { expected: prior + 5, found: prior + 1, missing: 4, out: 0, unexpected: 0, incomplete: 0 });
  assert.equal(p.json.accounted, false);
  assert.deepEqual(p.json.missing.map((l) => l.carrier_id), [made[1].id, made[2].id]);
  assert.equal(p.json.next.missing, made[2].id);
  assert.equal(p.json.next.out, null);
  const pages = async (list, limit) => {
    const ids = [];
    let after = 0;
    for (let guard = 0; guard < 20; guard++) {
      const r = await get(`/api/v1/counts/${id}?list=${list}&limit=${limit}&after=${after}`);
      assert.equal(r.status, 200, r.text);
      for (const other of ['found', 'missing', 'out', 'unexpected', 'incomplete'])
        if (other !== list) assert.equal(r.json[other].length, 0, `${other} is not asked for`);
      assert.ok(r.json[list].length <= limit);
      ids.push(...r.json[list]);
      if (r.json.next[list] === null) return ids;
      after = r.json.next[list];
    }
    assert.fail('paging did not end');
  };
  assert.deepEqual((await pages('missing', 3)).map((l) => l.carrier_id), made.slice(1).map((c) => c.id));
  refused(await get(`/api/v1/counts/${id}?list=lost`), 400, 'invalid_parameter');
  refused(await get(`/api/v1/counts/${id}?after=5`), 400, 'invalid_parameter');
  refused(await get(`/api/v1/counts/${id}?limit=0`), 400, 'invalid_parameter');
  refused(await get(`/api/v1/counts/${id}?limit=10001`), 400, 'invalid_parameter');

  // INV-4: the close flags each missing carrier and opens one incident for the count,
  // its INC-1 quantity the number of carriers its lines name.
  const closed = await post(`/api/v1/counts/${id}/close`, await closeBody(url, tok.clerk, id));
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.counts.missing, 4);
  assert.match(closed.json.digest, /^sm3:[0-9a-f]{64}$/);
  const lines = await pages('missing', 3);
  assert.deepEqual(lines.map((l) => l.carrier_id), made.slice(1).map((c) => c.id));
  assert.equal(new Set(lines.map((l) => l.incident_id)).size, 1, 'one incident for the count');
  const inc = await get(`/api/v1/incidents/${lines[0].incident_id}`);
  assert.equal(inc.status, 200, inc.text);
  assert.equal(inc.json.kind, 'missing');
  assert.equal(inc.json.carrier_id, null);
  assert.equal(inc.json.status, 'open');
  assert.equal(inc.json.detail.quantity, '4');
  assert.equal(inc.json.detail.rule, 'INV-4');
  for (const l of lines) {
    assert.equal(l.status, 'missing');
    assert.equal((await get(`/api/v1/carriers/${l.carrier_id}`)).json.status.code, 'missing');
  }
  const again = await get(`/api/v1/counts/${id}?limit=1`);
  assert.equal(again.json.digest, closed.json.digest);
  assert.deepEqual(again.json.counts, closed.json.counts);
  assert.equal(again.json.missing.length, 1);
  assert.equal(again.json.next.missing, made[1].id);
});

test('INC-1/4: the incident of a missing item closes only once reported and investigated', async () => {
  const inc = await get(`/api/v1/incidents/${missingIncident}`);
  assert.equal(inc.status, 200, inc.text);
  assert.equal(inc.json.kind, 'missing');
  assert.equal(inc.json.status, 'open');
  refused(await post(`/api/v1/incidents/${missingIncident}/close`, { note: '结案' }), 403, 'report_incomplete', 'INC-1');
  const rep = await post(`/api/v1/incidents/${missingIncident}/report`, {
    harm: '可能泄露考场编排', circumstances: '清查时未在柜中', responsible: '胡琳', remedies: '全面查找，调整考场编排',
  });
  assert.equal(rep.status, 200, rep.text);
  refused(await post(`/api/v1/incidents/${missingIncident}/close`, {}), 403, 'findings_required', 'INC-4');
  const f = await post(`/api/v1/incidents/${missingIncident}/findings`, { findings: '误放于考务办公室，已找回' });
  assert.equal(f.status, 200, f.text);
  const c = await post(`/api/v1/incidents/${missingIncident}/close`, { note: '结案' });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.status, 'closed');
  assert.ok((await get('/api/v1/incidents?status=closed')).json.items.some((i) => i.id === missingIncident));
  refused(await get('/api/v1/incidents?status=gone'), 400, 'invalid_status', 'INC-1');
});

test('INC-1: anybody handling carriers may report a leak of a carrier they see', async () => {
  const c = await register({ title: '教师招聘面试题', level: '秘密', scope: ['基础教育科'] });
  const r = await post('/api/v1/incidents', { kind: 'leak', carrier_id: c.id, harm: '试题可能外泄' }, 'staff');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.kind, 'leak');
  assert.equal(r.json.carrier_id, c.id);
  refused(await post('/api/v1/incidents', { kind: 'sabotage', what: 'x' }, 'staff'), 400, 'invalid_kind', 'INC-1');
});

// ---- alerts at a fixed clock --------------------------------------------------------

let loan;

test('BORROW-2, BORROW-6: alerts at a fixed clock (BAOMI_NOW) show an overdue loan, then a loss candidate', async () => {
  const c = await register({ title: '学籍管理系统账号清单', level: '秘密', scope: ['基础教育科', 'clerk'] });
  const req = await post('/api/v1/requests', { op: 'borrow', carrier_ids: [c.id], reason: '核对学籍' }, 'staff');
  assert.equal(req.status, 201, req.text);
  assert.equal((await post(`/api/v1/requests/${req.json.id}/approve`, { comment: '同意' }, 'huangmin')).status, 200);
  const l = await post('/api/v1/desk/issue', { request_id: req.json.id, holder_password: PW });
  assert.equal(l.status, 201, l.text);
  loan = l.json;
  const now = await get('/api/v1/alerts');
  assert.equal(now.status, 200, now.text);
  assert.ok(!now.json.items.some((a) => a.loan_id === loan.id), 'not yet due');
  for (const a of now.json.items) {
    assert.match(a.rule, /^[A-Z]+-\d+$/);
    assert.ok(['high', 'medium', 'low'].includes(a.urgency), a.urgency);
    assert.ok(a.message && a.message_en);
  }

  const due = Date.parse(loan.due_at);
  const later = async (days) => {
    const at = new Date(due + days * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
    const s = await startServer(unit.db, { env: { BAOMI_NOW: at }, logName: 'later' + days });
    try {
      const t = await login(s.url, 'clerk');
      const r = await call(s.url, 'GET', '/api/v1/alerts', { token: t });
      assert.equal(r.status, 200, r.text);
      return r.json.items;
    } finally {
      assert.equal((await s.stop()).code, 0);
      await relogin(url, tok);
    await relogin(url, tok);
    }
  };
  const overdue = (await later(3)).filter((a) => a.loan_id === loan.id);
  assert.equal(overdue.length, 1, JSON.stringify(overdue));
  assert.equal(overdue[0].rule, 'BORROW-2');
  assert.equal(overdue[0].carrier_id, c.id);
  assert.ok(overdue[0].days_overdue >= 2 && overdue[0].days_overdue <= 4, JSON.stringify(overdue[0]));
  assert.equal(overdue[0].incident_candidate, false);
  const lost = (await later(100)).filter((a) => a.loan_id === loan.id);
  assert.ok(lost.some((a) => a.rule === 'BORROW-6' && a.incident_candidate === true), JSON.stringify(lost));
});

test('SYS-2: alerts name only carriers the caller may see', async () => {
  const hidden = await register({ title: '人事任免酝酿名单', level: '秘密', scope: ['人事科'], received_on: '2020-01-06' });
  const clerkAlerts = (await get('/api/v1/alerts')).json.items;
  assert.ok(clerkAlerts.some((a) => a.carrier_id === hidden.id), 'REG-2: late registration flagged for the clerk');
  const staffAlerts = await get('/api/v1/alerts', 'staff');
  assert.equal(staffAlerts.status, 200, staffAlerts.text);
  assert.ok(!staffAlerts.json.items.some((a) => a.carrier_id === hidden.id));
  assert.ok(staffAlerts.json.total < clerkAlerts.length);
});

test('issue 17: alerts come a page at a time, with per-kind counts that add up to the total', async () => {
  const all = await get('/api/v1/alerts?limit=1000');
  assert.equal(all.status, 200, all.text);
  const { items, total, kinds, by_urgency: byUrgency } = all.json;
  assert.ok(total >= 3, `the demo unit has a few alerts: ${total}`);
  assert.equal(items.length, total);
  assert.equal(kinds.reduce((n, k) => n + k.count, 0), total);
  assert.equal(byUrgency.high + byUrgency.medium + byUrgency.low, total);
  for (const k of kinds) {
    assert.match(k.rule, /^[A-Z]+-\d+$/);
    assert.equal(items.filter((a) => a.code === k.code && a.rule === k.rule && a.urgency === k.urgency).length, k.count, k.code);
  }
  // Pages of two, one after the other, are the whole list in the same order.
  const paged = [];
  for (let offset = 0; offset !== null;) {
    const r = await get(`/api/v1/alerts?limit=2&offset=${offset}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.total, total);
    assert.ok(r.json.items.length <= 2);
    paged.push(...r.json.items);
    offset = r.json.next_offset;
  }
  assert.deepEqual(paged, items);
  // Most urgent first.
  const rank = { high: 0, medium: 1, low: 2 };
  const u = items.map((a) => rank[a.urgency]);
  assert.deepEqual(u, [...u].sort((a, b) => a - b));
  // kind= and urgency= narrow the page and its total, not the summary.
  const k = kinds[0];
  const one = await get(`/api/v1/alerts?kind=${k.code}`);
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.total, kinds.filter((x) => x.code === k.code).reduce((n, x) => n + x.count, 0));
  assert.ok(one.json.items.every((a) => a.code === k.code));
  assert.deepEqual(one.json.kinds, kinds);
  const low = await get('/api/v1/alerts?urgency=low&limit=1');
  assert.equal(low.json.total, byUrgency.low);
  assert.ok(low.json.items.every((a) => a.urgency === 'low'));
  refused(await get('/api/v1/alerts?urgency=urgent'), 400, 'invalid_parameter');
  refused(await get('/api/v1/alerts?limit=0'), 400, 'invalid_parameter');
});

// ---- registers ----------------------------------------------------------------------

test('REG-1: the borrow register as JSON lists the borrowing with its columns', async () => {
  const r = await get('/api/v1/registers/borrow');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(r.json.register, 'borrow');
  assert.ok(r.json.title.includes('借阅'), r.json.title);
  assert.ok(Array.isArray(r.json.columns) && r.json.columns.length >= 5);
  assert.ok(r.json.rows.some((row) => JSON.stringify(row).includes('学籍管理系统账号清单')));
  const zh = await get('/api/v1/registers/' + encodeURIComponent('借阅登记簿'));
  assert.equal(zh.status, 200, zh.text);
  assert.equal(zh.json.rows.length, r.json.rows.length);
});

test('REG-1: a register as CSV is a download with a filename, BOM and CRLF', async () => {
  for (const kind of ['incoming', 'dispatch', 'borrow', 'copy', 'take-out', 'destroy']) {
    const r = await get(`/api/v1/registers/${kind}?format=csv`);
    assert.equal(r.status, 200, `${kind}: ${r.text}`);
    assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
    assert.equal(r.headers.get('content-disposition'), `attachment; filename="baomi-register-${kind}-classified.csv"`);
    // fetch's text() drops a BOM; read the bytes.
    const raw = new Uint8Array(await (await fetch(`${url}/api/v1/registers/${kind}?format=csv`,
      { headers: { Authorization: `Bearer ${tok.clerk}` } })).arrayBuffer());
    assert.deepEqual([...raw.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    assert.ok(r.text.includes('\r\n'), 'CRLF');
  }
  const d = await get('/api/v1/registers/dispatch?format=csv');
  assert.ok(d.text.includes('中考考务工作手册'));
  const json = await get('/api/v1/registers/dispatch?format=json');
  assert.equal(json.json.register, 'dispatch');
});

test('REG-1, REG-4: classified and ordinary items in separate books, each numbered 1, 2, 3 … for good', async () => {
  const cl = await get('/api/v1/registers/incoming');
  const od = await get('/api/v1/registers/incoming?book=ordinary');
  assert.equal(cl.status, 200, cl.text);
  assert.equal(od.status, 200, od.text);
  assert.deepEqual([cl.json.book, cl.json.title, od.json.book, od.json.title],
    ['classified', '收文登记簿（涉密载体）', 'ordinary', '收文登记簿（普通文件）']);
  assert.ok(cl.json.rows.length > 0 && od.json.rows.length > 0);
  assert.ok(cl.json.rows.every((r) => /秘密|机密|绝密/.test(r.level)), 'the classified book: 秘密 and above');
  assert.ok(od.json.rows.every((r) => /^(非密|内部)/.test(r.level)), 'the ordinary book: 非密 and 内部');
  const ids = new Set(cl.json.rows.map((r) => r.carrier_id));
  assert.ok(od.json.rows.every((r) => !ids.has(r.carrier_id)), 'no item in both');
  for (const b of [cl, od]) {
    assert.deepEqual(b.json.rows.map((r) => Number(r.seq)), b.json.rows.map((_, i) => i + 1), '登记序号 1, 2, 3 … without a gap');
    assert.equal(b.json.columns[0].zh, '登记序号');
    assert.ok(b.json.columns.some((c) => c.key === 'carrier_id'), 'beside the ledger id, not instead of it');
  }
  // A new ordinary item takes the next number of its book; the classified book is unchanged.
  const c = await call(url, 'POST', '/api/v1/carriers', { token: tok.clerk, body: { title: 'REG4序号测试内部通知', level: '内部', place: '档案室文件柜' } });
  if (c.status === 201) {
    const od2 = await get('/api/v1/registers/incoming?book=ordinary');
    const row = od2.json.rows.find((r) => r.carrier_id === String(c.json.id));
    assert.equal(Number(row.seq), od.json.rows.length + 1);
    assert.deepEqual(od2.json.rows.slice(0, -1), od.json.rows, 'the earlier rows keep their numbers');
    assert.deepEqual((await get('/api/v1/registers/incoming')).json.rows, cl.json.rows);
  } else {
    assert.fail(`the 内部 item is registered: ${c.status} ${c.text}`);
  }
  // Exports: each book its own file.
  const csv = await get('/api/v1/registers/incoming?book=ordinary&format=csv');
  assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="baomi-register-incoming-ordinary.csv"');
  assert.match(csv.text, /^\uFEFF?登记序号,编号,/);
  assert.ok(csv.text.includes('REG4序号测试内部通知'));
  assert.ok(!csv.text.includes('秘密★') && !csv.text.includes('机密★') && !csv.text.includes('绝密★'), 'no classified row in the ordinary CSV');
  refused(await get('/api/v1/registers/incoming?book=all'), 400, 'invalid_register_book', 'REG-4');
});

test('REG-1: unknown registers, formats, dates and parameters are refused', async () => {
  refused(await get('/api/v1/registers/secret-diary'), 400, 'invalid_register', 'REG-1');
  refused(await get('/api/v1/registers/borrow?format=xml'), 400, 'invalid_parameter', null);
  refused(await get('/api/v1/registers/borrow?from=2026-13-01'), 400, 'invalid_date', 'REG-1');
  refused(await get('/api/v1/registers/borrow?from=2026-12-01&to=2026-01-01'), 400, 'invalid_range', 'REG-1');
  refused(await get('/api/v1/registers/borrow?sort=id'), 400, 'unknown_parameter', null);
});

test('SYS-2: a register shows only rows about carriers the caller may see', async () => {
  const title = '干部考察材料（仅限人事科）';
  await register({ title, level: '秘密', scope: ['人事科'] });
  const clerk = await get('/api/v1/registers/incoming' + q({ format: 'json' }));
  const staff = await get('/api/v1/registers/incoming' + q({ format: 'json' }), 'staff');
  assert.equal(staff.status, 200, staff.text);
  assert.ok(clerk.json.rows.some((row) => JSON.stringify(row).includes(title)));
  assert.ok(!staff.json.rows.some((row) => JSON.stringify(row).includes(title)));
  assert.ok(staff.json.rows.length < clerk.json.rows.length);
  const csv = await get('/api/v1/registers/incoming?format=csv', 'staff');
  assert.ok(!csv.text.includes(title));
});

// ---- the three administrators -----------------------------------------------------

test('SYS-1: none of the three administrators sends, counts, reads alerts, incidents or registers', async () => {
  for (const admin of ['sysadmin', 'secadmin', 'auditor']) {
    const checks = [
      await post('/api/v1/dispatches', { carrier_ids: [1], recipients: ['x'], channel: 'courier' }, admin),
      await get('/api/v1/dispatches', admin),
      await post('/api/v1/counts', { scope: 'unit' }, admin),
      await get('/api/v1/counts', admin),
      ...(admin === 'auditor' ? [] : [await get('/api/v1/alerts', admin)]),
      await get('/api/v1/incidents', admin),
      await post('/api/v1/incidents', { kind: 'other', what: '测试' }, admin),
      await get('/api/v1/registers/incoming', admin),
      await get('/api/v1/registers/borrow?format=csv', admin),
    ];
    for (const r of checks)
      refused(r, 403, 'admin_no_business', 'SYS-1');
  }
  // The audit administrator's alerts are the SYS-1 feed about the administrators, no carrier.
  const a = await get('/api/v1/alerts', 'auditor');
  assert.equal(a.status, 200, a.text);
  assert.ok(a.json.items.every((x) => x.rule === 'SYS-1' && x.carrier_id === null), a.text);
});

// ---- dates are the unit's local dates ---------------------------------------------------

test('KEEP-6, REG-1, SYS-3: the ledger, the register and the audit list agree on local dates (BAOMI_NOW)', async () => {
  // 07:30 in Beijing on 12-02 is 23:30Z on 12-01: the carrier is 12-02's everywhere.
  const at = '2030-12-01T23:30:00Z';
  const s = await startServer(unit.db, { env: { BAOMI_NOW: at }, logName: 'early' });
  let c;
  try {
    // PERSON-7: four years on, the clerk (a custodian) has renewed her
    // responsibility statement; the demo's of 2026 has lapsed by then.
    const sa = await login(s.url, 'secadmin');
    const people = (await call(s.url, 'GET', '/api/v1/people', { token: sa })).json.items;
    const clerk = people.find((p) => p.username === 'clerk');
    const st = await call(s.url, 'POST', `/api/v1/people/${clerk.id}/statement`, { token: sa, body: { on: '2030-11-28' } });
    assert.equal(st.status, 200, st.text);
    const t = await login(s.url, 'clerk');
    const r = await call(s.url, 'POST', '/api/v1/carriers', { token: t, body: {
      title: '早班收到的通知', level: '秘密', producer: '市保密局', sender: '市保密局', pages: 2,
      received_on: '2030-12-02', place: '机要室保密柜（二号）', scope: ['办公室'] } });
    assert.equal(r.status, 201, r.text);
    c = r.json;
  } finally {
    assert.equal((await s.stop()).code, 0);
    await relogin(url, tok);
  }
  assert.equal(c.registered_at, at);
  const given = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const ledger = async (from, to) => {
    const r = await get('/api/v1/carriers' + q(given({ from, to, limit: 1000 })));
    assert.equal(r.status, 200, r.text);
    return r.json.items.map((x) => x.id);
  };
  const register = async (from, to) => {
    const r = await get('/api/v1/registers/incoming' + q({ from, to, format: 'json' }));
    assert.equal(r.status, 200, r.text);
    return r.json.rows.filter((row) => row.carrier_id === String(c.id));
  };
  const audit = async (from, to) => {
    const r = await get('/api/v1/audit/events' + q({ from, to, action: 'carrier.register', limit: 1000 }), 'auditor');
    assert.equal(r.status, 200, r.text);
    return r.json.items.filter((e) => e.at === at);
  };
  assert.ok((await ledger('2030-12-02', '2030-12-02')).includes(c.id));
  const rows = await register('2030-12-02', '2030-12-02');
  assert.equal(rows.length, 1);
  assert.equal(rows[0].registered_at, '2030-12-02 07:30');
  assert.equal((await audit('2030-12-02', '2030-12-02')).length, 1);
  assert.ok(!(await ledger('2030-12-01', '2030-12-01')).includes(c.id));
  assert.equal((await register('2030-12-01', '2030-12-01')).length, 0);
  assert.equal((await audit('2030-12-01', '2030-12-01')).length, 0);
  assert.ok(!(await ledger(undefined, '2030-12-01')).includes(c.id));
  assert.ok((await ledger('2030-12-02', undefined)).includes(c.id));
});

test('BORROW-2: from October the alert list says next year\'s holidays are not entered (BAOMI_NOW)', async () => {
  const calendar = async (at) => {
    const s = await startServer(unit.db, { env: { BAOMI_NOW: at }, logName: 'calendar' + at.slice(0, 10) });
    try {
      const clerk = await call(s.url, 'GET', '/api/v1/alerts', { token: await login(s.url, 'clerk') });
      const staff = await call(s.url, 'GET', '/api/v1/alerts', { token: await login(s.url, 'staff') });
      assert.equal(clerk.status, 200, clerk.text);
      assert.equal(staff.status, 200, staff.text);
      assert.ok(!staff.json.items.some((a) => a.code === 'calendar_next_year_missing'), 'staff keep no calendar');
      return clerk.json.items.filter((a) => a.code === 'calendar_next_year_missing');
    } finally {
      assert.equal((await s.stop()).code, 0);
      await relogin(url, tok);
    await relogin(url, tok);
    }
  };
  assert.deepEqual(await calendar('2026-09-30T02:00:00Z'), []);
  const [a, ...more] = await calendar('2026-10-08T02:00:00Z');
  assert.equal(more.length, 0);
  assert.equal(a.rule, 'BORROW-2');
  assert.equal(a.urgency, 'low');
  assert.equal(a.due, '2027-01-01');
  assert.equal(a.carrier_id, null);
  assert.match(a.message_en, /next year's holidays are not entered/);
  assert.match(a.message, /2027 年的节假日/);
});
