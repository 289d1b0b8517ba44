// tests/api/handover_register.test.mjs — the 移交登记簿 and the kept hand-over
// lists (KEEP-2, REG-1, REG-4; issue 14 point 5) through the real server on the
// demo unit. The clerk hands one carrier over; GET /handovers lists it newest
// first with both sides' confirmation, filtered by person and period;
// GET /handovers/{id} gives exactly the items handed over, still after the
// carrier has moved on; /registers/handover is the printed book (its 登记序号,
// blank 签字 columns, CSV and xlsx cells). Administrators are refused with
// SYS-1, an unknown list is unknown_handover, nothing changes, and every read
// is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoUnit, startServer, call, login, refused, PW, q } from './lib.mjs';

const DUMP = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'xlsx_dump.py');
let unit, srv, url;
const tok = {};
let from, carrier, handed, made; // the person handing over, the carrier, the POST's reply, its id

const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });
const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'staff', 'leader', 'auditor', 'secadmin', 'sysadmin']) tok[u] = await login(url, u);
  const people = (await get('/api/v1/people')).json.items;
  const clerks = new Set(people.filter((p) => (p.roles || []).some((r) => r.role === 'clerk')).map((p) => p.id));
  const all = (await get('/api/v1/carriers?limit=1000')).json.items.filter((c) => c.status.code === 'in_store');
  const kept = all.find((c) => c.custodian_id && !clerks.has(c.custodian_id) && c.doc_number &&
    people.find((p) => p.id === c.custodian_id && p.username));
  assert.ok(kept, 'a person with an account keeps a carrier with a 文号 in the demo');
  from = people.find((p) => p.id === kept.custodian_id);
  carrier = (await get(`/api/v1/carriers/${kept.id}`)).json;
  const r = await post('/api/v1/handovers', { from: String(from.id), to: 'clerk', from_password: PW, to_password: PW,
    carrier_ids: [carrier.id], note: '调岗移交' });
  assert.equal(r.status, 201, r.text);
  handed = r.json;
  made = r.json.id;
  assert.ok(Number.isInteger(made) && made > 0, 'the reply names the list kept');
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

test('KEEP-2, REG-1: GET /handovers lists every hand-over newest first, with how each side confirmed', async () => {
  const r = await get('/api/v1/handovers');
  assert.equal(r.status, 200, r.text);
  const ids = r.json.items.map((h) => h.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  const h = r.json.items.find((x) => x.id === made);
  assert.ok(h, 'the new hand-over is listed');
  assert.equal(ids[0], made);
  assert.equal(h.from_person_id, from.id);
  assert.equal(h.from_name, from.name);
  assert.equal(h.carriers, 1);
  assert.equal(h.devices, 0);
  assert.equal(h.note, '调岗移交');
  assert.equal(h.from_receipt, 'password');
  assert.equal(h.to_receipt, 'password');
  assert.match(h.from_receipt_text, /^本人口令确认 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  assert.match(h.date, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(h.seq.classified || h.seq.ordinary, 'numbered in its book (REG-4)');
  assert.equal(h.items, undefined, 'the list has no items; the one hand-over has');
  // Filters: by either side, and by period.
  const mine = await get('/api/v1/handovers' + q({ person: String(from.id) }));
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.json.items.length >= 1 && mine.json.items.every((x) => x.from_person_id === from.id || x.to_person_id === from.id));
  const none = await get('/api/v1/handovers' + q({ from: '2000-01-01', to: '2000-12-31' }));
  assert.equal(none.json.count, 0, 'nothing in a period long past');
  const that = await get('/api/v1/handovers' + q({ from: h.date, to: h.date }));
  assert.ok(that.json.items.some((x) => x.id === made), 'the day of the hand-over holds it');
  refused(await get('/api/v1/handovers' + q({ from: '2026-13-01' })), 400, 'invalid_date', 'REG-1');
  refused(await get('/api/v1/handovers' + q({ from: '2026-12-01', to: '2026-01-01' })), 400, 'invalid_range', 'REG-1');
  const unknown = await get('/api/v1/handovers' + q({ person: '无此人' }));
  assert.equal(unknown.status, 404, unknown.text);
});

test('KEEP-2: GET /handovers/{id} lists exactly what was handed over, still after the carrier moved on', async () => {
  const before = await get(`/api/v1/handovers/${made}`);
  assert.equal(before.status, 200, before.text);
  const want = handed.items.map((c) => ({ carrier_id: c.id, title: c.title, doc_number: c.doc_number ?? null,
    serial_number: c.serial_number || null, level: c.level.code }));
  const got = (o) => o.items.map((i) => ({ carrier_id: i.carrier_id, title: i.title, doc_number: i.doc_number,
    serial_number: i.serial_number, level: i.level.code }));
  assert.deepEqual(got(before.json), want, 'the items as the POST handed them over');
  assert.ok(before.json.items_recorded, 'recorded at the hand-over (migration 47)');
  assert.ok(before.json.items[0].marking.startsWith(carrier.level.zh), before.json.items[0].marking);
  assert.equal(before.json.from_name, from.name);
  assert.ok(before.json.whole, 'the clerk reads the whole list');
  assert.ok(Array.isArray(before.json.device_items));
  // The carrier moves on to another keeper: the kept list does not change.
  const mv = await post(`/api/v1/carriers/${carrier.id}/move`, { custodian: 'clerk', reason: '交回保密室' });
  assert.ok([200, 201].includes(mv.status), mv.text);
  const after = await get(`/api/v1/handovers/${made}`);
  assert.deepEqual(got(after.json), want, 'the list reprints as handed over');
  const now = (await get(`/api/v1/carriers/${carrier.id}`)).json;
  assert.notEqual(now.custodian_id, from.id, 'the carrier is no longer with the person who handed it over');
});

test('SYS-1, SYS-2: administrators are refused, an unknown list does not exist; nothing changes; the reads are audited', async () => {
  const count = async () => (await get('/api/v1/handovers')).json.count;
  const n = await count();
  for (const who of ['secadmin', 'sysadmin', 'auditor']) {
    refused(await get('/api/v1/handovers', who), 403, 'admin_no_business', 'SYS-1');
    refused(await get(`/api/v1/handovers/${made}`, who), 403, 'admin_no_business', 'SYS-1');
    refused(await get('/api/v1/registers/handover', who), 403, 'admin_no_business', 'SYS-1');
  }
  refused(await get('/api/v1/handovers/999999'), 404, 'unknown_handover', 'SYS-2');
  assert.equal(await count(), n, 'nothing changed');
  const ev = await get('/api/v1/audit/events' + q({ action: 'handover.show', limit: 100 }), 'auditor');
  assert.equal(ev.status, 200, ev.text);
  const ok = ev.json.items.filter((e) => (e.outcome?.code ?? e.outcome) === 'ok');
  assert.ok(ok.length >= 2, 'each read of the list is audited');
  assert.ok(ok.some((e) => JSON.stringify(e).includes(`handover:${made}`)), 'naming the list');
  assert.ok(ev.json.items.some((e) => (e.outcome?.code ?? e.outcome) !== 'ok' && e.rule === 'SYS-1'), 'the refusals too');
  const lists = await get('/api/v1/audit/events' + q({ action: 'handover.list', limit: 100 }), 'auditor');
  assert.ok(lists.json.items.length >= 3, 'the register reads are audited');
});

test('REG-1, REG-4: /registers/handover is the printed book: 登记序号, both confirmations, 签字 blank; CSV and xlsx', async () => {
  const list = (await get(`/api/v1/handovers/${made}`)).json;
  const book = list.seq.classified ? 'classified' : 'ordinary';
  const r = await get('/api/v1/registers/handover' + q({ book }));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.register, 'handover');
  assert.match(r.json.title, /^移交登记簿（(涉密载体|普通文件)）$/);
  assert.deepEqual(r.json.columns.map((c) => c.zh), ['登记序号', '移交单号', '移交时间', '移交人', '接收人', '载体数', '设备数',
    '移交人确认', '接收人确认', '监交人', '移交人签字', '接收人签字', '备注']);
  const row = r.json.rows.find((x) => x.handover_id === String(made));
  assert.ok(row, 'the hand-over is a row of its book');
  assert.equal(row.seq, String(list.seq[book]));
  assert.equal(row.from, from.name);
  assert.match(row.from_receipt, /^本人口令确认 /);
  assert.equal(row.from_signature, null, '签字 left for the pen');
  assert.equal(row.to_signature, null);
  const seqs = r.json.rows.map((x) => Number(x.seq));
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in the order of the book');
  const csv = await get('/api/v1/registers/handover' + q({ book, format: 'csv' }));
  assert.equal(csv.status, 200);
  assert.ok(csv.text.replace(/^\uFEFF/, '').startsWith('登记序号,移交单号,移交时间,移交人,接收人'), csv.text.slice(0, 100));
  const res = await fetch(url + '/api/v1/registers/handover' + q({ book, format: 'xlsx' }), { headers: { Authorization: `Bearer ${tok.clerk}` } });
  assert.equal(res.status, 200);
  const file = join(unit.dir, 'handover.xlsx');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const x = JSON.parse(execFileSync('python3', [DUMP, file], { encoding: 'utf8' }));
  const head = x.rows.findIndex((cells) => cells.includes('移交单号'));
  assert.ok(head >= 0, 'the header row');
  const cells = x.rows.slice(head + 1).find((c) => c.includes(String(made)));
  assert.ok(cells, 'the row in the workbook');
  const at = (name) => cells[x.rows[head].indexOf(name)];
  assert.equal(at('移交人'), from.name);
  assert.equal(at('载体数'), '1');
  assert.match(at('接收人确认'), /^本人口令确认 /);
  assert.ok(!at('移交人签字'), '签字 blank in the workbook too');
});
