// tests/api/xlsx_more.test.mjs — Excel out for the last lists (issue 15 point 2): the
// training hours per person (PERSON-6), the year's self-assessment and its checklist
// (INSP-4), the reports delivered (ORG-2), what is out at the desk (KEEP-6) and the
// requests as filtered, each with ?format=xlsx (and csv). Every download is opened with
// python's standard library (tests/tools/xlsx_dump.py): the title row with the unit and
// date, the Chinese headers, a row's cells against the JSON list, the frozen and repeated
// header, landscape, the signature row. Each export reads what the list reads (SYS-2), is
// refused where the list is (the rule named), and is an audited read like the list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoUnit, startServer, call, login, q } from './lib.mjs';

const DUMP = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'xlsx_dump.py');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let unit, srv, url, n = 0;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const who of ['clerk', 'staff', 'leader', 'principal', 'secadmin', 'sysadmin', 'auditor']) tok[who] = await login(url, who);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

async function workbook(path, who, name) {
  const get = () => fetch(url + path, { headers: { Authorization: `Bearer ${tok[who]}` } });
  const res = await get().catch((e) => (e.cause && e.cause.code === 'UND_ERR_SOCKET' ? get() : Promise.reject(e)));
  const body = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, 200, body.toString());
  assert.equal(res.headers.get('content-type'), XLSX);
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="${name}.xlsx"`);
  const file = join(unit.dir, `xm${++n}.xlsx`);
  writeFileSync(file, body);
  return JSON.parse(execFileSync('python3', [DUMP, file], { encoding: 'utf8' }));
}

// The layout every register shares; the data rows as objects keyed by header.
function laidOut(x, title, signature = /制表人（签字）.*审核人（签字）/) {
  assert.equal(x.sheet, title);
  assert.match(x.rows[0][0], new RegExp(`${title}.*导出日期：\\d{4}-\\d{2}-\\d{2}$`), 'title row');
  assert.match(x.rows[0][0], /XX市教育局|单位|局/, 'the unit in the title row');
  assert.deepEqual(x.freeze && [x.freeze.ySplit, x.freeze.state], ['2', 'frozen'], 'header frozen');
  assert.ok(x.landscape, 'landscape');
  assert.match(x.print_titles, /\$1:\$2$/, 'header repeated on every page');
  assert.match(x.rows.at(-1)[0], signature, 'signature row');
  assert.ok(x.widths.length === x.rows[1].length && x.widths.every((w) => w >= 6), 'column widths');
  assert.equal(x.rows[1][0], '序号');
  const head = x.rows[1];
  const rows = x.rows.slice(2, -2).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
  assert.deepEqual(rows.map((r) => r['序号']), rows.map((_, i) => String(i + 1)), '序号 1, 2, …');
  return rows;
}

async function csvOf(path, who, name, head) {
  const csv = await call(url, 'GET', path, { token: tok[who] });
  assert.equal(csv.status, 200, csv.text);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.equal(csv.headers.get('content-disposition'), `attachment; filename="${name}.csv"`);
  assert.ok(csv.text.replace(/^\uFEFF/, '').startsWith(head.join(',')), csv.text.slice(0, 200));
  return csv.text;
}

// The audited reads of `action` so far (an export is one like the list).
async function audited(action) {
  const ev = await call(url, 'GET', '/api/v1/audit/events' + q({ action, kind: 'read', limit: 1000 }), { token: tok.auditor });
  assert.equal(ev.status, 200, ev.text);
  return ev.json.items;
}

async function refused(path, who, rule) {
  const r = await call(url, 'GET', path, { token: tok[who] });
  assert.equal(r.status, 403, `${who} ${path}: ${r.text}`);
  assert.equal(r.json.error.rule, rule, `${who} ${path}: ${r.text}`);
}

test('PERSON-6: the 保密教育培训学时统计表 (GET /trainings/summary?format=xlsx) — each person\'s hours, the year\'s requirement', async () => {
  const j = (await call(url, 'GET', '/api/v1/trainings/summary', { token: tok.clerk })).json;
  const x = await workbook('/api/v1/trainings/summary?format=xlsx', 'clerk', 'baomi-training-hours');
  const rows = laidOut(x, '保密教育培训学时统计表');
  assert.deepEqual(x.rows[1], ['序号', '编号', '姓名', '部门', '涉密等级', '本年学时', '学时不足']);
  assert.match(x.rows[0][0], new RegExp(`${j.year} 年度，应修 ${j.required_hours}(\\.0)? 学时，学时不足 ${j.short_people} 人`));
  assert.deepEqual(rows.map((r) => r['编号']), j.people.map((p) => String(p.id)), 'one row per person, the list\'s order');
  for (const p of j.people) {
    const r = rows.find((y) => y['编号'] === String(p.id));
    assert.deepEqual([r['姓名'], r['部门'], r['本年学时'], r['学时不足']], [p.name, p.department ?? '', String(p.hours), p.short ? '是' : '否']);
    assert.match(r['涉密等级'], /^(核心|重要|一般|非涉密)/, 'the class in words, not its code');
  }
  assert.equal(rows.filter((r) => r['学时不足'] === '是').length, j.short_people);
  // The year filter holds; CSV stays; a bad year or format is 400.
  const old = await workbook('/api/v1/trainings/summary?year=2001&format=xlsx', 'clerk', 'baomi-training-hours');
  assert.match(old.rows[0][0], /2001 年度/);
  await csvOf('/api/v1/trainings/summary?format=csv', 'clerk', 'baomi-training-hours', ['序号', '编号', '姓名', '部门', '涉密等级', '本年学时', '学时不足']);
  assert.equal((await call(url, 'GET', '/api/v1/trainings/summary?format=pdf', { token: tok.clerk })).status, 400);
  assert.equal((await call(url, 'GET', '/api/v1/trainings/summary?year=x&format=xlsx', { token: tok.clerk })).status, 400);
  // Refused where the list is: staff and the leader do not keep the people register (PERSON-2).
  await refused('/api/v1/trainings/summary?format=xlsx', 'staff', 'PERSON-2');
  await refused('/api/v1/trainings/summary?format=csv', 'auditor', 'PERSON-2');
});

test('INSP-4: the self-assessments and a year\'s checklist as .xlsx — answers, evidence, notices, the signatures', async () => {
  const list = (await call(url, 'GET', '/api/v1/self-assessments', { token: tok.clerk })).json.items;
  assert.ok(list.length >= 1, 'the demo\'s self-assessment');
  const reg = laidOut(await workbook('/api/v1/self-assessments?format=xlsx', 'leader', 'baomi-self-assessments'), '保密自查自评登记表');
  assert.deepEqual(reg.map((r) => r['编号']), list.map((a) => String(a.id)));
  const first = reg.find((r) => r['编号'] === String(list[0].id));
  assert.deepEqual([first['年度'], first['检查项目'], first['已答复'], first['不符合项']],
    [String(list[0].year), String(list[0].items_total), String(list[0].items_answered), String(list[0].findings)]);
  assert.match(first['状态'], /^(进行中|保密员已签字|已签字归档)$/, 'the state in words');
  const sa = (await call(url, 'GET', `/api/v1/self-assessments/${list[0].id}`, { token: tok.clerk })).json;
  const x = await workbook(`/api/v1/self-assessments/${sa.id}?format=xlsx`, 'clerk', 'baomi-self-assessment');
  const rows = laidOut(x, '保密自查自评表', /保密员（签字）.*分管领导（签字）/);
  assert.deepEqual(x.rows[1], ['序号', '检查项目', '依据', '相关记录数', '相关记录编号', '自评结果', '说明', '整改部门', '整改期限',
    '整改通知编号', '答复人', '答复时间']);
  assert.match(x.rows[0][0], new RegExp(`${sa.year} 年度；已答复 ${sa.items_answered}/${sa.items_total} 项，不符合 ${sa.findings} 项；保密员签字：`));
  assert.equal(rows.length, sa.items.length, 'every item of the checklist');
  const words = { yes: '符合', no: '不符合', na: '不适用' };
  sa.items.forEach((it, i) => {
    const r = rows[i];
    assert.deepEqual([r['检查项目'], r['依据'], r['相关记录数'], r['自评结果'], r['说明']],
      [it.title_zh, it.rule, String(it.evidence_count), it.answer ? words[it.answer] : '', it.note ?? ''], `item ${it.position}`);
    assert.equal(r['相关记录编号'], it.evidence.ids.join('、'), `item ${it.position}: the records it rests on`);
    if (it.answer === 'no') assert.equal(r['整改通知编号'], String(it.rectification_id), 'INSP-2: the 不符合\'s notice');
  });
  assert.ok(sa.items.some((it) => it.answer === 'no'), 'the demo has a 不符合');
  await csvOf(`/api/v1/self-assessments/${sa.id}?format=csv`, 'principal', 'baomi-self-assessment', ['序号', '检查项目', '依据', '相关记录数']);
  await csvOf('/api/v1/self-assessments?format=csv', 'clerk', 'baomi-self-assessments', ['序号', '编号', '年度', '状态']);
  // Refused where the list is: staff (INSP-4), administrators (SYS-1); unknown is 404.
  await refused(`/api/v1/self-assessments/${sa.id}?format=xlsx`, 'staff', 'INSP-4');
  await refused('/api/v1/self-assessments?format=xlsx', 'staff', 'INSP-4');
  await refused(`/api/v1/self-assessments/${sa.id}?format=csv`, 'auditor', 'SYS-1');
  assert.equal((await call(url, 'GET', '/api/v1/self-assessments/99999?format=xlsx', { token: tok.clerk })).status, 404);
  assert.equal((await call(url, 'GET', `/api/v1/self-assessments/${sa.id}?format=pdf`, { token: tok.clerk })).status, 400);
});

test('ORG-2: the 保密工作报告报送登记表 (GET /reports/deliveries?format=xlsx) — every delivery, its digest', async () => {
  const j = (await call(url, 'GET', '/api/v1/reports/deliveries', { token: tok.leader })).json.items;
  assert.ok(j.length >= 1, 'the demo\'s deliveries');
  const x = await workbook('/api/v1/reports/deliveries?format=xlsx', 'leader', 'baomi-report-deliveries');
  const rows = laidOut(x, '保密工作报告报送登记表');
  assert.deepEqual(x.rows[1], ['序号', '编号', '报告', '报告期', '报送日期', '报送对象', '报送人', '报告摘要（SM3）', '备注', '登记时间']);
  assert.deepEqual(rows.map((r) => r['编号']), j.map((d) => String(d.id)));
  for (const d of j) {
    const r = rows.find((y) => y['编号'] === String(d.id));
    assert.deepEqual([r['报告'], r['报告期'], r['报送日期'], r['报送对象'], r['报送人'], r['报告摘要（SM3）'], r['备注']],
      [d.kind === 'monthly' ? '保密工作月报' : '保密工作年度统计', d.period, d.delivered_on, d.to_name, d.by_name, d.digest, d.note ?? '']);
  }
  await csvOf('/api/v1/reports/deliveries?format=csv', 'clerk', 'baomi-report-deliveries', ['序号', '编号', '报告', '报告期']);
  await refused('/api/v1/reports/deliveries?format=xlsx', 'staff', 'ORG-2');
  await refused('/api/v1/reports/deliveries?format=csv', 'sysadmin', 'SYS-1');
});

test('KEEP-6: the 涉密载体在外登记表 (GET /desk/out?format=xlsx) — the clerk every loan out, others their own; audited as the list', async () => {
  const j = (await call(url, 'GET', '/api/v1/desk/out', { token: tok.clerk })).json.items;
  assert.ok(j.length >= 1, 'the demo has a carrier out');
  const before = (await audited('desk.out')).length;
  const x = await workbook('/api/v1/desk/out?format=xlsx', 'clerk', 'baomi-desk-out');
  const rows = laidOut(x, '涉密载体在外登记表');
  assert.deepEqual(x.rows[1], ['序号', '载体编号', '标题', '密级', '方式', '持有人', '借出时间', '应还时间', '地点', '去向', '事由',
    '审批单编号', '逾期']);
  assert.deepEqual(rows.map((r) => r['载体编号']), j.map((l) => String(l.carrier_id)));
  const levels = { public: '非密', internal: '内部', confidential: '秘密', secret: '机密', top_secret: '绝密' };
  const kinds = { borrow: '借阅', read_on_site: '查阅', take_out: '携带外出', circulation: '传阅', meeting: '会议分发' };
  j.forEach((l, i) => {
    const r = rows[i];
    assert.deepEqual([r['标题'], r['持有人'], r['应还时间'], r['逾期']], [l.carrier_title, l.holder, l.due_at ?? '', l.overdue ? '是' : '否']);
    assert.equal(r['密级'], levels[l.level], 'the level in words');
    assert.match(r['密级'], /^(非密|内部|秘密|机密|绝密)$/);
    assert.equal(r['方式'], kinds[l.kind], 'the kind in words');
  });
  assert.equal((await audited('desk.out')).length, before + 1, 'the export is an audited read like the list');
  // SYS-2 (KEEP-6): a holder's file holds their own loans only, the same rows as their list.
  for (const who of ['staff', 'leader']) {
    const mine = laidOut(await workbook('/api/v1/desk/out?format=xlsx', who, 'baomi-desk-out'), '涉密载体在外登记表');
    const mj = (await call(url, 'GET', '/api/v1/desk/out', { token: tok[who] })).json.items;
    assert.deepEqual(mine.map((r) => r['载体编号']), mj.map((l) => String(l.carrier_id)), `${who}: their own`);
  }
  await csvOf('/api/v1/desk/out?format=csv', 'clerk', 'baomi-desk-out', ['序号', '载体编号', '标题', '密级']);
  await refused('/api/v1/desk/out?format=xlsx', 'secadmin', 'SYS-1');
  assert.equal((await call(url, 'GET', '/api/v1/desk/out?format=pdf', { token: tok.clerk })).status, 400);
});

test('the 审批事项登记表 (GET /requests?format=xlsx): every request the filter keeps, not one page; SYS-2 and SYS-1', async () => {
  const all = (await call(url, 'GET', '/api/v1/requests?limit=1000', { token: tok.clerk })).json;
  const x = await workbook('/api/v1/requests?format=xlsx', 'clerk', 'baomi-requests');
  const rows = laidOut(x, '审批事项登记表');
  assert.deepEqual(x.rows[1], ['序号', '编号', '事项', '申请人', '密级', '事由', '依据', '载体编号', '审批环节', '状态', '提交时间',
    '审批时间', '办理时间']);
  assert.equal(rows.length, all.total, 'every request, not the first page');
  assert.deepEqual(rows.map((r) => r['编号']), all.items.map((r) => String(r.id)));
  for (const it of all.items) {
    const r = rows.find((y) => y['编号'] === String(it.id));
    assert.deepEqual([r['事项'], r['申请人'], r['密级'], r['事由'], r['依据'], r['状态'], r['载体编号']],
      [it.op.zh, it.requester, it.level.zh, it.reason ?? '', it.rule ?? '', it.status.zh, it.carrier_ids.join('、')]);
    assert.equal(r['审批环节'], it.chain.map((c) => `${c.zh}（${c.done ? '已审批' : '待审批'}）`).join('→'));
  }
  // The filter holds and is named in the title row; a page asked for is that page.
  const ex = await workbook('/api/v1/requests' + q({ status: 'executed', op: 'make', format: 'xlsx' }), 'clerk', 'baomi-requests');
  assert.match(ex.rows[0][0], /状态：已办理；事项：制作/);
  const exRows = laidOut(ex, '审批事项登记表');
  const exJson = (await call(url, 'GET', '/api/v1/requests' + q({ status: 'executed', op: 'make', limit: 1000 }), { token: tok.clerk })).json.items;
  assert.ok(exRows.length >= 1 && exRows.every((r) => r['状态'] === '已办理' && r['事项'] === '制作'));
  assert.deepEqual(exRows.map((r) => r['编号']), exJson.map((r) => String(r.id)));
  const page = laidOut(await workbook('/api/v1/requests?limit=2&offset=1&format=xlsx', 'clerk', 'baomi-requests'), '审批事项登记表');
  assert.deepEqual(page.map((r) => r['编号']), all.items.slice(1, 3).map((r) => String(r.id)));
  // SYS-2: staff export their own requests only, as their list shows.
  const staffRows = laidOut(await workbook('/api/v1/requests?format=xlsx', 'staff', 'baomi-requests'), '审批事项登记表');
  const staffJson = (await call(url, 'GET', '/api/v1/requests?limit=1000', { token: tok.staff })).json.items;
  assert.deepEqual(staffRows.map((r) => r['编号']), staffJson.map((r) => String(r.id)));
  assert.ok(staffRows.length < rows.length, 'not the clerk\'s register');
  await csvOf('/api/v1/requests?format=csv&mine=true', 'clerk', 'baomi-requests', ['序号', '编号', '事项', '申请人', '密级']);
  await refused('/api/v1/requests?format=xlsx', 'sysadmin', 'SYS-1');
  await refused('/api/v1/requests?format=csv', 'auditor', 'SYS-1');
  assert.equal((await call(url, 'GET', '/api/v1/requests?format=pdf', { token: tok.clerk })).status, 400);
  assert.equal((await call(url, 'GET', '/api/v1/requests?status=nope&format=xlsx', { token: tok.clerk })).status, 400);
});
