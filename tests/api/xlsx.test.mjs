// tests/api/xlsx.test.mjs — Excel out over the API (issue 15 point 2):
// ?format=xlsx on a register, the ledger as filtered, the roster and the 奖惩
// register. Each download is checked for its Content-Type and file name, then
// opened with python's standard library (tests/tools/xlsx_dump.py: zipfile and
// xml.etree) for its title row, headers, a cell, the frozen header and the
// print setup. CSV stays; an unknown format is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoUnit, startServer, call, login, q } from './lib.mjs';

const DUMP = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'xlsx_dump.py');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let unit, srv, url, clerk, staff, secret, inner, n = 0;

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  clerk = await login(url, 'clerk');
  staff = await login(url, 'staff');
  const secadmin = await login(url, 'secadmin');
  const pl = await call(url, 'POST', '/api/v1/places', {
    token: secadmin, body: { name: 'Excel测试保密柜', kind: 'safe', max_level: '绝密' },
  });
  assert.equal(pl.status, 201, pl.text);
  const mk = async (body) => {
    const r = await call(url, 'POST', '/api/v1/carriers', { token: clerk, body });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  secret = await mk({ title: 'Excel导出测试绝密件', level: '绝密', doc_number: '测〔2026〕9号', scope: ['clerk'], place: 'Excel测试保密柜' });
  inner = await mk({ title: 'Excel导出测试内部件', level: '内部', place: 'Excel测试保密柜' });
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

// Downloads `path` as `who`, checks it is an .xlsx attachment named like `name`, and
// returns what xlsx_dump.py reads in it.
async function workbook(path, token, name) {
  const res = await fetch(url + path, { headers: { Authorization: `Bearer ${token}` } });
  const body = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, 200, body.toString());
  assert.equal(res.headers.get('content-type'), XLSX);
  assert.match(res.headers.get('content-disposition'), new RegExp(`^attachment; filename="${name}\\.xlsx"$`));
  assert.equal(body.subarray(0, 2).toString(), 'PK', 'a zip file');
  const file = join(unit.dir, `dl${++n}.xlsx`);
  writeFileSync(file, body);
  return JSON.parse(execFileSync('python3', [DUMP, file], { encoding: 'utf8' }));
}

function laidOut(x, title) {
  assert.match(x.rows[0][0], new RegExp(`${title}.*导出日期：\\d{4}-\\d{2}-\\d{2}$`), 'title row');
  assert.match(x.merged[0], /^A1:[A-Z]+1$/, 'title merged across the columns');
  assert.deepEqual(x.freeze && [x.freeze.ySplit, x.freeze.state], ['2', 'frozen'], 'header frozen');
  assert.ok(x.landscape, 'landscape');
  assert.equal(x.paper, '9', 'A4');
  assert.ok(x.fit_to_page && x.fit_width === '1', 'one page wide');
  assert.match(x.print_titles, /\$1:\$2$/, 'header repeated on every page');
  assert.match(x.rows.at(-1)[0], /制表人（签字）.*审核人（签字）/, 'signature row');
  assert.ok(x.widths.length === x.rows[1].length && x.widths.every((w) => w >= 6), 'column widths');
}

test('a register as .xlsx: title row, Chinese headers, the 密级 cell, frozen header, print setup', async () => {
  const x = await workbook('/api/v1/registers/incoming' + q({ format: 'xlsx' }), clerk, 'baomi-register-incoming-classified');
  laidOut(x, '收文登记簿（涉密载体）');
  assert.equal(x.sheet, '收文登记簿（涉密载体）');
  const lv = x.rows[1].indexOf('密级');
  assert.ok(lv >= 0 && x.rows[1].includes('标题'), x.rows[1].join(','));
  const row = x.rows.find((r) => r.includes('Excel导出测试绝密件'));
  assert.ok(row, 'the carrier is listed');
  assert.match(row[lv], /^绝密/);
  assert.ok(row.includes('测〔2026〕9号'));
  const csv = await call(url, 'GET', '/api/v1/registers/incoming?format=csv', { token: clerk });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.text, /Excel导出测试绝密件/);
});

test('the ledger as filtered: every match, not one page; SYS-2 holds in the export', async () => {
  const x = await workbook('/api/v1/carriers' + q({ q: 'Excel导出测试', limit: 1, format: 'xlsx' }), clerk, 'baomi-ledger');
  laidOut(x, '涉密载体台账');
  assert.deepEqual(x.rows[1].slice(0, 6), ['序号', '编号', '密级', '载体形式', '文号', '标题']);
  const titles = x.rows.slice(2, -2).map((r) => r[5]).sort();
  assert.deepEqual(titles, ['Excel导出测试内部件', 'Excel导出测试绝密件'].sort());
  const one = x.rows.find((r) => r[5] === 'Excel导出测试绝密件');
  assert.equal(one[1], String(secret));
  assert.match(one[2], /^绝密/);
  const lv = await workbook('/api/v1/carriers' + q({ q: 'Excel导出测试', level: '内部', format: 'xlsx' }), clerk, 'baomi-ledger');
  assert.deepEqual(lv.rows.slice(2, -2).map((r) => r[1]), [String(inner)], 'the level filter holds');
  const s = await workbook('/api/v1/carriers' + q({ q: 'Excel导出测试', format: 'xlsx' }), staff, 'baomi-ledger');
  assert.deepEqual(s.rows.slice(2, -2).map((r) => r[5]), ['Excel导出测试内部件'], 'SYS-2: staff gets only what staff may see');
  const csv = await call(url, 'GET', '/api/v1/carriers' + q({ q: 'Excel导出测试', format: 'csv' }), { token: clerk });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-disposition'), /filename="baomi-ledger\.csv"/);
  assert.match(csv.text, /序号,编号,密级,载体形式,文号,标题/);
  const bad = await call(url, 'GET', '/api/v1/carriers?format=pdf', { token: clerk });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'invalid_parameter');
  assert.match(bad.json.error.message_en, /json, csv, xlsx/);
});

test('the roster and the 奖惩 register as .xlsx', async () => {
  const r = await workbook('/api/v1/people/roster?format=xlsx', clerk, 'baomi-roster');
  laidOut(r, '涉密人员花名册');
  assert.deepEqual(r.rows[1].slice(0, 5), ['序号', '姓名', '部门', '岗位', '涉密类别']);
  const m = await workbook('/api/v1/merits?format=xlsx', clerk, 'baomi-merits');
  laidOut(m, '保密奖惩登记簿');
  assert.ok(m.rows[1].includes('密级'));
});
