// tests/api/xlsx_lists.test.mjs — Excel out for the unit's other registers (issue 15
// point 2): the meetings, the key sites and their visits, the devices, the trainings,
// the inspections and rectification notices, the incidents and the people register,
// the 领导亲启 letters (REG-3) and the counts held, each with ?format=xlsx (and csv),
// and a count's result, the 涉密载体清查表. Every download is opened with python's standard
// library (tests/tools/xlsx_dump.py) and its title row, Chinese headers, a row's
// cells (the 密级 column where the register has one), the frozen header and the print
// setup are checked; a filter holds in the export, SYS-2 holds, json stays the default.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoUnit, startServer, call, login, q, closeBody, unitDay } from './lib.mjs';

const DUMP = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'xlsx_dump.py');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// A date `offset` days from the unit's day (UTC+8) when this file began: the fixtures of
// before() are compared by later tests (and `cases` is built before them), so a run that
// crosses midnight in Beijing (16:00 UTC) compares the very dates it sent.
const START = Date.now();
const day = (offset) => unitDay(offset, START);
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
let unit, srv, url, n = 0;
const tok = {};

async function post(path, body, who = 'clerk') {
  const r = await call(url, 'POST', path, { token: tok[who], body });
  assert.ok(r.status === 201 || r.status === 200, `${path}: ${r.status} ${r.text}`);
  return r.json;
}

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const who of ['clerk', 'staff', 'leader', 'principal', 'secadmin', 'sysadmin', 'auditor']) tok[who] = await login(url, who);
  const hour = 3600e3;
  await post('/api/v1/meetings', { title: 'XL表格会议', level: '机密', room: 'XL三楼会议室', organiser: 'leader',
    starts_at: iso(Date.now() - 5 * hour), ends_at: iso(Date.now() - 3 * hour) });
  const site = await post('/api/v1/sites', { name: 'XL要害部位', kind: 'place', location: 'XL楼一层',
    confirmed_by: '局保密委员会', confirmed_on: day(-30), confirm_doc: 'XL保委〔2026〕1号', leader: 'leader' });
  await post(`/api/v1/sites/${site.id}/members`, { person: 'inspector', list: 'staff' });
  await post(`/api/v1/sites/${site.id}/visits`, { visitor: 'XL维修工', organisation: 'XL公司', reason: '检修', escort: 'inspector' });
  await post('/api/v1/devices', { number: 'XL-U-001', kind: 'usb', level: '秘密', holder: 'hulin', place: 'XL信息中心' });
  await post('/api/v1/trainings', { held_on: day(-3), topic: 'XL保密法培训', hours: '2', trainer: 'XL张老师' });
  const ins = await post('/api/v1/inspections', { kind: 'regular', held_on: day(-1), scope: ['unit'],
    inspectors: ['clerk', 'leader'], summary: 'XL季度检查' });
  await post(`/api/v1/inspections/${ins.id}/findings`, { finding: 'XL二号柜未锁', department: '办公室',
    responsible: 'staff', deadline: day(10) });
  await post('/api/v1/incidents', { kind: 'leak', what: 'XL试题', level: '机密', harm: 'XL可能外泄' }, 'staff');
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

async function workbook(path, who, name) {
  const get = () => fetch(url + path, { headers: { Authorization: `Bearer ${tok[who]}` } });
  // A GET on a kept-alive socket the server closed while idle (slow python dumps under
  // ASan on a loaded machine) fails with UND_ERR_SOCKET before any answer: asked again once.
  const res = await get().catch((e) => (e.cause && e.cause.code === 'UND_ERR_SOCKET' ? get() : Promise.reject(e)));
  const body = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, 200, body.toString());
  assert.equal(res.headers.get('content-type'), XLSX);
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="${name}.xlsx"`);
  const file = join(unit.dir, `xl${++n}.xlsx`);
  writeFileSync(file, body);
  return JSON.parse(execFileSync('python3', [DUMP, file], { encoding: 'utf8' }));
}

// The layout every register shares; returns the data rows as objects keyed by header.
function laidOut(x, title) {
  assert.equal(x.sheet, title);
  assert.match(x.rows[0][0], new RegExp(`${title}.*导出日期：\\d{4}-\\d{2}-\\d{2}$`), 'title row');
  assert.match(x.rows[0][0], /XX市教育局|单位|局/, 'the unit in the title row');
  assert.deepEqual(x.freeze && [x.freeze.ySplit, x.freeze.state], ['2', 'frozen'], 'header frozen');
  assert.ok(x.landscape, 'landscape');
  assert.match(x.print_titles, /\$1:\$2$/, 'header repeated on every page');
  assert.match(x.rows.at(-1)[0], /制表人（签字）.*审核人（签字）/, 'signature row');
  assert.ok(x.widths.length === x.rows[1].length && x.widths.every((w) => w >= 6), 'column widths');
  assert.equal(x.rows[1][0], '序号');
  const head = x.rows[1];
  return x.rows.slice(2, -2).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

const cases = [
  ['/api/v1/meetings', 'meetings', '涉密会议登记簿', { 会议名称: 'XL表格会议', 密级: '机密', 地点: 'XL三楼会议室', 状态: /./ }],
  ['/api/v1/sites', 'sites', '要害部门部位登记表', { 名称: 'XL要害部位', 位置: 'XL楼一层', 确定文件: 'XL保委〔2026〕1号', 状态: '有效' }],
  ['/api/v1/site-visits', 'site-visits', '要害部门部位出入登记簿', { 要害部门部位: 'XL要害部位', 来访人员: 'XL维修工', 来访单位: 'XL公司', 事由: '检修' }],
  ['/api/v1/devices', 'devices', '涉密设备台账', { 编号: 'XL-U-001', 密级: '秘密', 放置地点: 'XL信息中心', 状态: '在用' }],
  ['/api/v1/trainings', 'trainings', '保密教育培训登记表', { 主题: 'XL保密法培训', 学时: '2', 授课人: 'XL张老师' }],
  ['/api/v1/inspections', 'inspections', '保密检查登记表', { 检查情况: 'XL季度检查', 全单位: '是', 发现问题: '1' }],
  ['/api/v1/rectifications', 'rectifications', '整改通知登记表', { 存在问题: 'XL二号柜未锁', 责任部门: '办公室', 整改期限: day(10), 逾期: '否' }],
  ['/api/v1/incidents', 'incidents', '失泄密事件登记表', { 事件情况: 'XL试题', 类别: '泄密', 密级: '机密', 状态: '处理中' }],
  ['/api/v1/people/register', 'people', '涉密人员登记表', { 姓名: /./, 涉密等级: /核心|重要|一般/ }],
  // The demo's publication approved and released (PUB-1): both reviews, where it went.
  ['/api/v1/publications', 'publications', '信息公开保密审查登记表', { 标题: '秋季学期义务教育阶段招生工作问答',
    发布渠道: '门户网站', 承办部门: '基础教育科', 发布人: '杨帆', 审查人: '陈静、胡琳',
    审查意见: /^陈静（通过）：经审查不涉及国家秘密和工作秘密，同意公开；胡琳（通过）：未涉及考试工作敏感内容，同意$/,
    状态: '已办理', 发布位置: '市教育局门户网站·政务公开·招生考试栏目', 发布时间: /^\d{4}-\d{2}-\d{2}T/ }],
];

for (const [path, name, title, want] of cases) {
  test(`${title} as .xlsx (${path}?format=xlsx): title row, headers, the row's cells, print setup`, async () => {
    const rows = laidOut(await workbook(path + '?format=xlsx', 'clerk', `baomi-${name}`), title);
    const key = Object.keys(want)[0];
    const row = rows.find((r) => (want[key] instanceof RegExp ? want[key].test(r[key]) : r[key] === want[key]));
    assert.ok(row, `a row with ${key} = ${want[key]}: ${JSON.stringify(rows.slice(0, 3))}`);
    for (const [k, v] of Object.entries(want)) {
      assert.ok(k in row, `a column ${k}`);
      if (v instanceof RegExp) assert.match(row[k], v, k);
      else assert.equal(row[k], v, k);
    }
    assert.deepEqual(rows.map((r) => r['序号']), rows.map((_, i) => String(i + 1)), '序号 1, 2, …');
    // The same rows as the JSON list, in its order.
    const j = await call(url, 'GET', path, { token: tok.clerk });
    assert.equal(j.status, 200);
    assert.equal(rows.length, j.json.items.length, 'one row per item');
    // CSV stays: the same headers, UTF-8 with a BOM.
    const csv = await call(url, 'GET', path + '?format=csv', { token: tok.clerk });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.equal(csv.headers.get('content-disposition'), `attachment; filename="baomi-${name}.csv"`);
    assert.match(csv.text, new RegExp(`^\\uFEFF?序号,`));
    assert.ok(csv.text.includes(String(want[key] instanceof RegExp ? '' : want[key])));
    const bad = await call(url, 'GET', path + '?format=pdf', { token: tok.clerk });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'invalid_parameter');
  });
}

test('a filter holds in the export: meetings by period, devices by status, trainings by year', async () => {
  const m = laidOut(await workbook('/api/v1/meetings' + q({ from: day(-400), to: day(-300), format: 'xlsx' }), 'clerk', 'baomi-meetings'), '涉密会议登记簿');
  assert.deepEqual(m, [], 'no meeting in that period');
  const x = await workbook('/api/v1/meetings' + q({ from: day(-1), to: day(1), format: 'xlsx' }), 'clerk', 'baomi-meetings');
  assert.match(x.rows[0][0], new RegExp(`${day(-1)} 至 ${day(1)}`), 'the period in the title row');
  const d = laidOut(await workbook('/api/v1/devices' + q({ status: 'scrapped', format: 'xlsx' }), 'clerk', 'baomi-devices'), '涉密设备台账');
  assert.ok(!d.some((r) => r['编号'] === 'XL-U-001'), 'an in-use device is not in the scrapped list');
  const t = await workbook('/api/v1/trainings' + q({ year: 2001, format: 'xlsx' }), 'clerk', 'baomi-trainings');
  assert.match(t.rows[0][0], /2001 年度/);
  assert.deepEqual(laidOut(t, '保密教育培训登记表'), []);
});

test('SYS-2 in the export: staff get the incidents they reported, not others', async () => {
  await post('/api/v1/incidents', { kind: 'other', what: 'XL领导报告的事件' }, 'leader');
  const clerkRows = laidOut(await workbook('/api/v1/incidents?format=xlsx', 'clerk', 'baomi-incidents'), '失泄密事件登记表');
  const staffRows = laidOut(await workbook('/api/v1/incidents?format=xlsx', 'staff', 'baomi-incidents'), '失泄密事件登记表');
  const staffJson = await call(url, 'GET', '/api/v1/incidents', { token: tok.staff });
  assert.deepEqual(staffRows.map((r) => r['编号']), staffJson.json.items.map((i) => String(i.id)));
  assert.ok(!staffRows.some((r) => r['事件情况'] === 'XL领导报告的事件'), 'staff do not see the leader\'s report');
  assert.ok(clerkRows.length >= staffRows.length);
});

test('PUB-1 in the export: the demo\'s refused publication with its objection; a filter and SYS-2 kept', async () => {
  const rows = laidOut(await workbook('/api/v1/publications?status=rejected&format=xlsx', 'clerk', 'baomi-publications'), '信息公开保密审查登记表');
  const j = await call(url, 'GET', '/api/v1/publications?status=rejected', { token: tok.clerk });
  assert.deepEqual(rows.map((r) => r['编号']), j.json.items.map((i) => String(i.id)), 'the rows of the filtered list');
  const r = rows.find((x) => x['标题'] === '市教育局接受日报专访稿');
  assert.ok(r, 'the refused one');
  assert.equal(r['发布渠道'], '新闻媒体');
  assert.equal(r['附件'], '专访问答提纲一份（含考试组织工作情况）');
  assert.match(r['审查意见'], /^陈静（不通过）：第三问涉及考试命题和保管安排/);
  assert.equal(r['状态'], '未批准');
  assert.equal(r['发布位置'], '');
  // Others see the publications they filed, review, publish or approve: the same in the file.
  for (const who of ['staff', 'leader']) {
    const x = laidOut(await workbook('/api/v1/publications?format=xlsx', who, 'baomi-publications'), '信息公开保密审查登记表');
    const mine = await call(url, 'GET', '/api/v1/publications', { token: tok[who] });
    assert.deepEqual(x.map((y) => y['编号']), mine.json.items.map((i) => String(i.id)), `${who}: the rows they may see`);
  }
});

// Issue 15 point 2: a count's result as the 涉密载体清查表 (GET /counts/{id}?format=xlsx|csv):
// every line of every list and the scope's devices, the same as the JSON result.
test('the 涉密载体清查表 of a count (GET /counts/{id}?format=xlsx): every line, the tally, the devices', async () => {
  await post('/api/v1/devices', { number: 'XL-CNT-U1', kind: 'usb', level: '秘密', holder: 'clerk', place: 'XL保密室' });
  const s = await post('/api/v1/counts', { scope: 'custodian', scope_ref: 'clerk', reason: 'XL表格清查' });
  const id = s.id ?? s.session.id;
  const pre = await call(url, 'GET', `/api/v1/counts/${id}?limit=10000`, { token: tok.clerk });
  assert.equal(pre.status, 200);
  const first = pre.json.missing[0];
  assert.ok(first, 'the clerk keeps carriers');
  await post(`/api/v1/counts/${id}/ticks`, { carrier_id: `baomi:carrier:${first.carrier_id}`, incomplete: true, note: 'XL缺附件' });
  await post(`/api/v1/counts/${id}/ticks`, { carrier_id: '987654' });
  const open = await workbook(`/api/v1/counts/${id}?format=xlsx`, 'clerk', `baomi-count-${id}`);
  assert.match(open.rows[0][0], /进行中，预览/, 'an open count\'s sheet says it is a preview');
  await post(`/api/v1/counts/${id}/close`, await closeBody(url, tok.clerk, id));
  const x = await workbook(`/api/v1/counts/${id}?format=xlsx&limit=1`, 'clerk', `baomi-count-${id}`);
  const rows = laidOut(x, '涉密载体清查表');
  assert.deepEqual(x.rows[1], ['序号', '清查结果', '编号', '密级', '文号/份号', '标题', '存放地点', '状态', '去向/说明', '点验备注', '事件编号']);
  const j = (await call(url, 'GET', `/api/v1/counts/${id}?limit=10000`, { token: tok.clerk })).json;
  assert.doesNotMatch(x.rows[0][0], /预览/);
  assert.match(x.rows[0][0], new RegExp(`清查范围：保管人：[^；]+；.*应有 ${j.counts.expected}，在库 ${j.counts.found}，在外 ${j.counts.out}，下落不明 ${j.counts.missing}，账外 ${j.counts.unexpected}，附件不全 1`));
  const carriers = rows.filter((r) => !r['清查结果'].startsWith('设备'));
  assert.equal(carriers.length, j.found.length + j.out.length + j.missing.length + j.unexpected.length, 'every line, whatever the limit');
  const ticked = rows.find((r) => r['编号'] === String(first.carrier_id));
  assert.equal(ticked['清查结果'], '在库（附件不全）');
  assert.equal(ticked['标题'], first.title);
  assert.equal(ticked['点验备注'], 'XL缺附件');
  if (first.marking) assert.equal(ticked['密级'], first.marking);
  const missing = rows.filter((r) => r['清查结果'] === '下落不明');
  assert.deepEqual(missing.map((r) => r['编号']), j.missing.map((l) => String(l.carrier_id)));
  assert.ok(missing.every((r) => /^\d+$/.test(r['事件编号'])), 'INV-4: each missing carrier names its incident');
  assert.ok(rows.some((r) => r['清查结果'] === '账外' && r['编号'] === '987654' && r['标题'] === '（台账无此编号）'));
  const devices = rows.filter((r) => r['清查结果'].startsWith('设备'));
  assert.equal(devices.length, j.devices.found.length + j.devices.missing.length + j.devices.unexpected.length, 'the scope\'s devices');
  assert.ok(devices.some((r) => r['编号'] === 'XL-CNT-U1' && r['清查结果'] === '设备下落不明' && r['密级'] === '秘密'));
  assert.deepEqual(rows.map((r) => r['序号']), rows.map((_, i) => String(i + 1)));
  assert.match(x.rows.at(-2)[0], new RegExp(`^共 ${rows.length} 条`));
  // CSV stays; staff are refused (INV-3) and an unknown count is not found.
  const csv = await call(url, 'GET', `/api/v1/counts/${id}?format=csv`, { token: tok.clerk });
  assert.equal(csv.status, 200);
  assert.equal(csv.headers.get('content-disposition'), `attachment; filename="baomi-count-${id}.csv"`);
  assert.match(csv.text, /^\uFEFF?序号,清查结果,编号,密级/);
  assert.ok(csv.text.includes('XL缺附件'));
  const denied = await call(url, 'GET', `/api/v1/counts/${id}?format=xlsx`, { token: tok.staff });
  assert.equal(denied.status, 403);
  assert.equal(denied.json.error.rule, 'INV-3');
  assert.equal((await call(url, 'GET', '/api/v1/counts/999999?format=xlsx', { token: tok.clerk })).status, 404);
  assert.equal((await call(url, 'GET', `/api/v1/counts/${id}?format=pdf`, { token: tok.clerk })).status, 400);
  // The export is audited as count.export.
  const ev = await call(url, 'GET', '/api/v1/audit/events' + q({ action: 'count.export', limit: 10 }), { token: tok.auditor });
  assert.equal(ev.status, 200, ev.text);
  const mine = ev.json.items.filter((e) => e.object === `count:${id}`);
  assert.equal(mine.filter((e) => e.outcome === 'ok').length, 3, `count.export audited: ${ev.text.slice(0, 400)}`);
  assert.ok(mine.some((e) => e.outcome === 'refused' && e.rule === 'INV-3'), 'the refusal is on record');
});

// Issue 15 point 2, REG-3: the 领导亲启信件登记簿 (GET /letters?format=xlsx|csv): the clerk's
// every letter, an addressee only their own (SYS-2), the 密级 of the registered contents.
test('the 领导亲启信件登记簿 (GET /letters?format=xlsx): the rows each reader may see, the contents\' level', async () => {
  const sealed = await post('/api/v1/letters', { sender: 'XL市委办公室', addressee: 'principal', note: 'XL待拆' });
  const kept = await post('/api/v1/letters', { sender: 'XL市委组织部', addressee: 'leader' });
  const plain = await post('/api/v1/letters', { sender: 'XL老同学', addressee: 'principal' });
  await post(`/api/v1/letters/${kept.id}/open`, { classified: true, note: 'XL内有机密级文件' }, 'leader');
  await post(`/api/v1/letters/${plain.id}/open`, { classified: false }, 'principal');
  const c = await post('/api/v1/carriers', { letter: kept.id, title: 'XL干部考察材料', level: '机密', producer: 'XL市委组织部',
    sender: 'XL市委组织部', pages: 3, place: '机要室保密柜（二号）', scope: ['leader', 'clerk'] });
  const x = await workbook('/api/v1/letters?format=xlsx', 'clerk', 'baomi-letters');
  const rows = laidOut(x, '领导亲启信件登记簿');
  assert.deepEqual(x.rows[1], ['序号', '编号', '收到日期', '来信方', '收信人', '密级', '登记人', '登记时间', '状态', '拆封时间',
    '有涉密内容', '拆封说明', '内容登记时间', '载体编号', '备注']);
  const by = (id) => rows.find((r) => r['编号'] === String(id));
  assert.deepEqual([by(sealed.id)['来信方'], by(sealed.id)['收信人'], by(sealed.id)['密级'], by(sealed.id)['状态'], by(sealed.id)['备注']],
    ['XL市委办公室', '赵立军', '未拆封', '未拆封', 'XL待拆']);
  assert.equal(by(sealed.id)['有涉密内容'], '', 'a sealed letter says nothing of its contents');
  assert.deepEqual([by(kept.id)['密级'], by(kept.id)['状态'], by(kept.id)['载体编号'], by(kept.id)['有涉密内容'], by(kept.id)['拆封说明']],
    ['机密', '已登记', String(c.id), '是', 'XL内有机密级文件']);
  assert.match(by(kept.id)['内容登记时间'], /^\d{4}-\d{2}-\d{2}T/);
  assert.deepEqual([by(plain.id)['密级'], by(plain.id)['有涉密内容']], ['非密', '否']);
  const all = (await call(url, 'GET', '/api/v1/letters', { token: tok.clerk })).json.items;
  assert.deepEqual(rows.map((r) => r['编号']), all.map((l) => String(l.id)), 'the clerk: every letter, the list\'s order');
  // SYS-2 (REG-3): an addressee's file holds their own letters only; staff get an empty register.
  const mine = laidOut(await workbook('/api/v1/letters?format=xlsx', 'principal', 'baomi-letters'), '领导亲启信件登记簿');
  const mineJson = (await call(url, 'GET', '/api/v1/letters', { token: tok.principal })).json.items;
  assert.deepEqual(mine.map((r) => r['编号']), mineJson.map((l) => String(l.id)));
  assert.ok(mine.some((r) => r['编号'] === String(sealed.id)) && !mine.some((r) => r['编号'] === String(kept.id)), 'not the leader\'s letter');
  const leaders = laidOut(await workbook('/api/v1/letters?format=xlsx', 'leader', 'baomi-letters'), '领导亲启信件登记簿');
  assert.deepEqual(leaders.map((r) => r['编号']), [String(kept.id)]);
  assert.deepEqual(laidOut(await workbook('/api/v1/letters?format=xlsx', 'staff', 'baomi-letters'), '领导亲启信件登记簿'), []);
  // The filter holds; CSV stays; administrators are refused (SYS-1); a bad format is 400.
  const opened = laidOut(await workbook('/api/v1/letters?status=registered&format=xlsx', 'clerk', 'baomi-letters'), '领导亲启信件登记簿');
  assert.ok(opened.length >= 1 && opened.every((r) => r['状态'] === '已登记'));
  const csv = await call(url, 'GET', '/api/v1/letters?format=csv', { token: tok.clerk });
  assert.equal(csv.status, 200);
  assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="baomi-letters.csv"');
  assert.match(csv.text, /^\uFEFF?序号,编号,收到日期,来信方,收信人,密级/);
  assert.ok(csv.text.includes('XL市委办公室'));
  const admin = await call(url, 'GET', '/api/v1/letters?format=xlsx', { token: tok.sysadmin });
  assert.equal(admin.status, 403);
  assert.equal(admin.json.error.rule, 'SYS-1');
  assert.equal((await call(url, 'GET', '/api/v1/letters?format=pdf', { token: tok.clerk })).status, 400);
});

// Issue 15 point 2, INV-1..4: the register of counts (GET /counts?format=xlsx|csv), each with
// its closed result's figures, the same rows as the JSON list.
test('the 涉密载体清查登记表 (GET /counts?format=xlsx): every count, its scope and figures', async () => {
  const done = await post('/api/v1/counts', { scope: 'custodian', scope_ref: 'clerk', reason: 'XL登记表已结束' });
  await post(`/api/v1/counts/${done.id}/close`, await closeBody(url, tok.clerk, done.id));
  const s = await post('/api/v1/counts', { scope: 'unit', reason: 'XL登记表清查' });
  const x = await workbook('/api/v1/counts?format=xlsx', 'clerk', 'baomi-counts');
  const rows = laidOut(x, '涉密载体清查登记表');
  assert.deepEqual(x.rows[1], ['序号', '编号', '清查范围', '范围', '事由', '发起人', '开始时间', '结束时间', '状态', '应有', '找到',
    '下落不明', '在外', '附件不全', '账外', '件件有着落', '事件编号']);
  const j = (await call(url, 'GET', '/api/v1/counts', { token: tok.clerk })).json.items;
  assert.deepEqual(rows.map((r) => r['编号']), j.map((c) => String(c.id)), 'one row per count, in the list\'s order');
  const open = rows.find((r) => r['编号'] === String(s.id));
  assert.deepEqual([open['清查范围'], open['范围'], open['事由'], open['状态'], open['结束时间'], open['下落不明']],
    ['全单位', '全单位', 'XL登记表清查', '进行中', '', '']);
  const closed = j.filter((c) => c.closed_at);
  assert.ok(closed.some((c) => c.id === done.id), 'the closed count');
  for (const c of closed) {
    const r = rows.find((y) => y['编号'] === String(c.id));
    const res = (await call(url, 'GET', `/api/v1/counts/${c.id}?limit=1`, { token: tok.clerk })).json;
    assert.equal(r['状态'], '已结束');
    assert.deepEqual([r['应有'], r['找到'], r['下落不明'], r['在外'], r['附件不全'], r['账外']],
      [res.counts.expected, res.counts.found, res.counts.missing, res.counts.out, res.counts.incomplete, res.counts.unexpected].map(String),
      `count ${c.id}: the stored figures`);
    assert.equal(r['件件有着落'], res.accounted ? '是' : '否');
    if (c.scope === 'custodian') assert.match(r['范围'], /^保管人：/);
  }
  const csv = await call(url, 'GET', '/api/v1/counts?format=csv', { token: tok.clerk });
  assert.equal(csv.status, 200);
  assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="baomi-counts.csv"');
  assert.match(csv.text, /^\uFEFF?序号,编号,清查范围,范围,事由/);
  const denied = await call(url, 'GET', '/api/v1/counts?format=xlsx', { token: tok.staff });
  assert.equal(denied.status, 403);
  assert.ok(denied.json.error.rule, denied.text);
  assert.equal((await call(url, 'GET', '/api/v1/counts?format=pdf', { token: tok.clerk })).status, 400);
});
