// xlsx.test.mjs — Excel out on the screens (issue 15 point 2): every register screen
// has an "导出 Excel" button next to its CSV export; the clerk clicks it and gets the
// server's workbook (title row, Chinese headers) as an .xlsx download, opened here with
// python's standard library (tests/tools/xlsx_dump.py). The button carries the screen's
// filters: the ledger and the key-site register filtered on screen export only the
// matching rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup, login, settled } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

const DUMP = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'xlsx_dump.py');
let env, page;

before(async () => {
  env = await setup();
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

// Opens `hash`, clicks the Excel button (the one labelled `label` when given) and
// returns the download's name and what the workbook holds.
async function download(hash, label) {
  await page.goto('/' + hash);
  const btn = label ? page.locator('a[data-action=xlsx]', { hasText: label }) : page.locator('a[data-action=xlsx]');
  await btn.first().waitFor();
  await settled(page);
  assert.match(await btn.first().innerText(), label ? new RegExp(label) : /导出 Excel/);
  const [dl] = await Promise.all([page.waitForEvent('download'), btn.first().click()]);
  const x = JSON.parse(execFileSync('python3', [DUMP, await dl.path()], { encoding: 'utf8' }));
  return { name: dl.suggestedFilename(), x };
}

const screens = [
  ['#/ledger', 'baomi-ledger.xlsx', '涉密载体台账', '密级'],
  ['#/registers/incoming', 'baomi-register-incoming-classified.xlsx', '收文登记簿（涉密载体）', '密级'],
  ['#/people', 'baomi-people.xlsx', '涉密人员登记表', '姓名'],
  ['#/people/roster', 'baomi-roster.xlsx', '涉密人员花名册', '姓名'],
  ['#/trainings', 'baomi-trainings.xlsx', '保密教育培训登记表', '主题'],
  ['#/merits', 'baomi-merits.xlsx', '保密奖惩登记簿', '密级'],
  ['#/sites', 'baomi-sites.xlsx', '要害部门部位登记表', '名称'],
  ['#/meetings', 'baomi-meetings.xlsx', '涉密会议登记簿', '密级'],
  ['#/devices', 'baomi-devices.xlsx', '涉密设备台账', '密级'],
  ['#/incidents', 'baomi-incidents.xlsx', '失泄密事件登记表', '密级'],
];

// The last lists with an Excel button (issue 15 point 2): the hours per person, the
// self-assessments and a year's checklist, the reports delivered, what is out at the
// desk and one's requests; a button with its own label where the screen has two.
const more = [
  ['#/trainings', '导出学时统计表', 'baomi-training-hours.xlsx', '保密教育培训学时统计表', '本年学时'],
  ['#/self-assessments', '导出自查自评登记表', 'baomi-self-assessments.xlsx', '保密自查自评登记表', '不符合项'],
  ['#/self-assessments/1', null, 'baomi-self-assessment.xlsx', '保密自查自评表', '自评结果'],
  ['#/reports', '导出报送登记表', 'baomi-report-deliveries.xlsx', '保密工作报告报送登记表', '报告摘要（SM3）'],
  ['#/desk?tab=out', null, 'baomi-desk-out.xlsx', '涉密载体在外登记表', '密级'],
  ['#/requests', null, 'baomi-requests.xlsx', '审批事项登记表', '密级'],
];

for (const [hash, label, file, title, column] of more) {
  test(`${hash}: the Excel button downloads ${file} (${title})`, async () => {
    const { name, x } = await download(hash, label);
    assert.equal(name, file);
    assert.equal(x.sheet, title);
    assert.match(x.rows[0][0], new RegExp(`${title}.*导出日期：\\d{4}-\\d{2}-\\d{2}$`), 'title row with the date');
    assert.equal(x.rows[1][0], '序号');
    assert.ok(x.rows[1].includes(column), `a ${column} column: ${x.rows[1].join(',')}`);
    assert.deepEqual([x.freeze.ySplit, x.landscape], ['2', true], 'frozen header, landscape');
    assert.match(x.rows.at(-1)[0], /（签字）/, 'signature row');
  });
}

for (const [hash, file, title, column] of screens) {
  test(`${hash}: the Excel button downloads ${file} (${title})`, async () => {
    const { name, x } = await download(hash);
    assert.equal(name, file);
    assert.equal(x.sheet, title);
    assert.match(x.rows[0][0], new RegExp(`${title}.*导出日期：\\d{4}-\\d{2}-\\d{2}$`), 'title row with the date');
    assert.match(x.rows[1][0], /^(序号|编号|登记序号)$/);
    assert.ok(x.rows[1].includes(column), `a ${column} column: ${x.rows[1].join(',')}`);
    assert.deepEqual([x.freeze.ySplit, x.landscape], ['2', true], 'frozen header, landscape');
    assert.match(x.rows.at(-1)[0], /制表人（签字）/, 'signature row');
  });
}

test('inspections: the inspections and the rectification notices, each its own button', async () => {
  const a = await download('#/inspections', '检查登记表');
  assert.equal(a.name, 'baomi-inspections.xlsx');
  assert.equal(a.x.sheet, '保密检查登记表');
  const b = await download('#/inspections', '整改通知登记表');
  assert.equal(b.name, 'baomi-rectifications.xlsx');
  assert.equal(b.x.sheet, '整改通知登记表');
});

test('the filters on screen go into the workbook: the key-site register and the ledger', async () => {
  const s = await download('#/sites?q=机要室');
  const names = s.x.rows.slice(2, -2).map((r) => r[s.x.rows[1].indexOf('名称')]);
  assert.ok(names.length >= 1 && names.every((n) => n.includes('机要室')), names.join(','));
  const all = await download('#/ledger');
  const inner = await download('#/ledger?level=内部');
  const lv = inner.x.rows[1].indexOf('密级');
  const rows = inner.x.rows.slice(2, -2);
  assert.ok(rows.length >= 1 && rows.length < all.x.rows.length - 4, 'fewer rows than the whole ledger');
  assert.ok(rows.every((r) => r[lv].startsWith('内部')), 'only 内部 carriers');
});

test('a site\'s visit log has its Excel button', async () => {
  await page.goto('/#/sites?q=机要室');
  const row = page.locator('tr[data-name="机要室"]');
  await row.waitFor();
  const id = await row.getAttribute('data-site');
  const v = await download(`#/sites/${id}/visits`);
  assert.equal(v.name, 'baomi-site-visits.xlsx');
  assert.equal(v.x.sheet, '要害部门部位出入登记簿');
});

test('a closed count has its Excel button: the 涉密载体清查表', async () => {
  // A count of one department, closed through the API (the count screen's own test ticks on screen).
  const tok = await apiLogin(env.url, 'clerk');
  const s = await call(env.url, 'POST', '/api/v1/counts', { token: tok, body: { scope: 'department', scope_ref: '安全保卫科', reason: 'Excel 清查表' } });
  assert.equal(s.status, 201, s.text);
  const id = s.json.id ?? s.json.session.id;
  const rv = (await call(env.url, 'GET', `/api/v1/counts/${id}?limit=1&review=true`, { token: tok })).json.review;
  const body = { confirm_missing: rv.confirm_missing, confirm_token: rv.confirm_token }; // INV-4: as reviewed
  assert.equal((await call(env.url, 'POST', `/api/v1/counts/${id}/close`, { token: tok, body })).status, 200);
  const c = await download(`#/counts?id=${id}`);
  assert.equal(c.name, `baomi-count-${id}.xlsx`);
  assert.equal(c.x.sheet, '涉密载体清查表');
  assert.match(c.x.rows[0][0], /涉密载体清查表.*清查范围：部门：安全保卫科.*应有 \d+/);
  assert.deepEqual(c.x.rows[1].slice(0, 4), ['序号', '清查结果', '编号', '密级']);
  assert.ok(c.x.rows.slice(2, -2).some((r) => r[1] === '下落不明'), 'nothing ticked: the carriers are 下落不明');
  assert.match(c.x.rows.at(-1)[0], /制表人（签字）/, 'signature row');
});
