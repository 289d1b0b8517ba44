// tests/api/audit_viewer.test.mjs — the audit list as an auditor reads it (issue 14
// point 12, issue 15 point 2): people by name, actions, objects and details in words
// from the one catalogue, a date range in the unit's days (UTC+8), business events
// separable from reads (kind), and the filtered list as CSV and .xlsx with the chain
// position and hash of each row. Only the audit administrator reads it (SYS-1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoUnit, startServer, call, login, refused, q } from './lib.mjs';

const DUMP = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'xlsx_dump.py');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const localDay = (at) => new Date(Date.parse(at) + 8 * 3600e3).toISOString().slice(0, 10);
let unit, srv, url;
const tok = {};

const get = async (path, who = 'auditor') => {
  const r = await call(url, 'GET', path, { token: tok[who] });
  assert.equal(r.status, 200, `${path}: ${r.status} ${r.text}`);
  return r.json;
};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const who of ['auditor', 'clerk', 'staff']) tok[who] = await login(url, who);
  // A read by the clerk: an audited carrier.list.
  assert.equal((await call(url, 'GET', '/api/v1/carriers?limit=5', { token: tok.clerk })).status, 200);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

test('kind=business hides the reads, kind=read keeps only them; together they are the chain', async () => {
  const all = await get('/api/v1/audit/events?limit=1');
  const biz = await get('/api/v1/audit/events?kind=business&limit=1000');
  const reads = await get('/api/v1/audit/events?kind=read&limit=1000');
  assert.ok(biz.items.length > 50 && reads.items.length >= 2);
  assert.ok(biz.items.every((e) => e.kind === 'business'), 'no read among the business events');
  assert.ok(!biz.items.some((e) => ['carrier.list', 'audit.list'].includes(e.action)));
  assert.ok(reads.items.every((e) => e.kind === 'read'));
  assert.ok(reads.items.some((e) => e.action === 'carrier.list' && e.actor === 'clerk'), 'the clerk\'s search is a read');
  assert.ok(biz.items.some((e) => e.action === 'login') && biz.items.some((e) => e.action === 'carrier.register_incoming'));
  // The two list calls before the last one added two audit.list reads.
  assert.equal(all.total, biz.total + reads.total - 2);
  // With another filter: the clerk's business events only.
  const clerk = await get('/api/v1/audit/events?kind=business&actor=clerk&limit=1000');
  assert.ok(clerk.total > 0 && clerk.items.every((e) => e.actor === 'clerk' && e.kind === 'business'));
  refused(await call(url, 'GET', '/api/v1/audit/events?kind=everything', { token: tok.auditor }), 400, 'invalid_parameter');
});

test('people by name, actions, objects and details in words (zh and en), never a raw key', async () => {
  const page = await get('/api/v1/audit/events?actor=clerk&limit=1000');
  const login = page.items.find((e) => e.action === 'login');
  assert.equal(login.actor_name, '陈静');
  assert.deepEqual(login.action_name, { code: 'login', zh: '登录', en: 'logged in' });
  const reg = (await get('/api/v1/audit/events?action=carrier.register_incoming&limit=1')).items[0];
  assert.equal(reg.action_name.zh, '收文登记');
  assert.match(reg.object_name.zh, /^载体 #\d+$/);
  assert.match(reg.summary.zh, /标题：.+；密级：(秘密|机密|绝密|内部|非密)/);
  assert.match(reg.summary.en, /title: .+; level: /);
  assert.doesNotMatch(reg.summary.zh, /bound_rows|[0-9a-f]{64}/, 'no hashes in the words');
  const biz = await get('/api/v1/audit/events?kind=business&limit=1000');
  for (const e of biz.items) {
    assert.ok(!/^[a-z_]+\.[a-z_]+$/.test(e.action_name.zh), `${e.action} has Chinese words: ${e.action_name.zh}`);
    assert.doesNotMatch(e.object_name.zh, /^[a-z_]+(:\d+)?$/, `${e.object} in words`);
  }
});

test('a date range is the unit\'s days (UTC+8), both ends inclusive', async () => {
  const all = await get('/api/v1/audit/events?limit=1000&order=asc');
  const day = localDay(all.items.find((e) => e.action === 'carrier.register_incoming').at);
  const inDay = all.items.filter((e) => localDay(e.at) === day);
  const r = await get('/api/v1/audit/events' + q({ from: day, to: day, limit: 1000 }));
  assert.equal(r.total, inDay.length);
  assert.deepEqual(r.items.map((e) => e.seq).sort((a, b) => a - b), inDay.map((e) => e.seq));
  const biz = await get('/api/v1/audit/events' + q({ from: day, to: day, kind: 'business', limit: 1000 }));
  assert.ok(biz.items.every((e) => localDay(e.at) === day && e.kind === 'business'));
});

test('SYS-1: only the audit administrator reads the list or exports it', async () => {
  for (const who of ['staff', 'clerk'])
    for (const fmt of ['', '&format=csv', '&format=xlsx'])
      refused(await call(url, 'GET', `/api/v1/audit/events?kind=business${fmt}`, { token: tok[who] }), 403, 'auditor_required', 'SYS-1');
  const refusals = await get('/api/v1/audit/events?action=audit.list&outcome=refused&limit=10');
  assert.ok(refusals.items.some((e) => e.actor === 'staff' && e.rule === 'SYS-1'), 'the refusal is on the chain');
  // SYS-3: the refusal's reason is kept in both languages, and the viewer's words show each.
  const e = refusals.items.find((x) => x.actor === 'staff' && x.rule === 'SYS-1');
  const d = e.detail;
  assert.ok(d.reason && d.reason_zh, 'reason (en) and reason_zh are in the detail');
  assert.match(d.reason_zh, /[\u4e00-\u9fff]/, 'the zh reason is Chinese');
  assert.ok(e.summary.zh.includes(d.reason_zh) && !e.summary.zh.includes(d.reason), `zh words show the zh reason: ${e.summary.zh}`);
  assert.ok(e.summary.en.includes(d.reason), `en words show the en reason: ${e.summary.en}`);
});

async function download(path) {
  const res = await fetch(url + path, { headers: { Authorization: `Bearer ${tok.auditor}` } });
  const body = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, 200, body.toString());
  return { res, body };
}

test('CSV of the filtered list: Chinese headers, words, the chain position and hash of each row', async () => {
  const json = await get('/api/v1/audit/events?kind=business&actor=clerk&limit=1000&order=asc');
  const { res, body } = await download('/api/v1/audit/events?kind=business&actor=clerk&format=csv');
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="baomi-audit-list.csv"');
  const lines = body.toString('utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
  assert.equal(lines[0], '序号,时间,操作人,账户,操作,类别,对象,结果,条款,详细情况,链序号,本条哈希,前条哈希,原始记录');
  assert.equal(lines.length - 1, json.total, 'every event the filter keeps, not one page');
  const first = json.items[0];
  assert.ok(lines[1].startsWith(`1,`) && lines[1].includes(`,陈静,clerk,${first.action_name.zh},业务,`));
  assert.ok(lines[1].includes(`,${first.seq},${first.hash},${first.prev_hash},`), 'seq and hashes tie the row to the chain');
});

test('.xlsx of the filtered list: title with unit and range, frozen header, widths, cells', async () => {
  const all = await get('/api/v1/audit/events?limit=1000&order=asc');
  const day = localDay(all.items.find((e) => e.action === 'carrier.register_incoming').at);
  const json = await get('/api/v1/audit/events' + q({ from: day, to: day, kind: 'business', limit: 1000, order: 'asc' }));
  const { res, body } = await download('/api/v1/audit/events' + q({ from: day, to: day, kind: 'business', format: 'xlsx' }));
  assert.equal(res.headers.get('content-type'), XLSX);
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="baomi-audit-list.xlsx"');
  const file = join(unit.dir, 'audit.xlsx');
  writeFileSync(file, body);
  const x = JSON.parse(execFileSync('python3', [DUMP, file], { encoding: 'utf8' }));
  assert.equal(x.sheet, '审计日志');
  assert.match(x.rows[0][0], new RegExp(`局.*审计日志（${day} 至 ${day}）.*导出日期：\\d{4}-\\d{2}-\\d{2}$`));
  assert.deepEqual(x.rows[1], ['序号', '时间', '操作人', '账户', '操作', '类别', '对象', '结果', '条款', '详细情况', '链序号', '本条哈希', '前条哈希', '原始记录']);
  assert.deepEqual([x.freeze.ySplit, x.freeze.state], ['2', 'frozen']);
  assert.ok(x.landscape && /\$1:\$2$/.test(x.print_titles));
  assert.ok(x.widths.length === 14 && x.widths.every((w) => w >= 6) && x.widths[9] > 20, 'widths sized to the text');
  const rows = x.rows.slice(2, -2);
  assert.equal(rows.length, json.total);
  const e = json.items[0];
  const row = rows[0];
  assert.equal(row[0], '1');
  assert.equal(row[1].slice(0, 10), day, 'the time in the unit\'s zone');
  assert.equal(row[2], e.actor_name || '系统');
  assert.equal(row[4], e.action_name.zh);
  assert.equal(row[5], '业务');
  assert.equal(row[9], e.summary.zh);
  assert.deepEqual([row[10], row[11], row[12]], [String(e.seq), e.hash, e.prev_hash]);
  assert.match(x.rows.at(-1)[0], /审计人（签字）/);
});
