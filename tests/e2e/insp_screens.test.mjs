// insp_screens.test.mjs — issue 11 point 5 on the screens, end to end on the
// demo unit: the self-assessment (INSP-4) started, answered 符合 / 不符合 /
// 不适用 with the server's refusals shown by rule ID (a 不符合 opening its
// 整改通知书, INSP-2), signed by the clerk and the leader in charge; the form
// recording an inspection held (INSP-1: kind, day, scope, inspectors chosen
// by name, checklist answers), refused without inspectors; a notice's history
// on its page (issued, reported, reopened, reported, closed: who, when,
// what); and the INC-1 report to the higher authority recorded, then amended
// with its reason, the one replaced kept. Each refusal is shown with its rule
// and changes nothing (read back through the API).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled } from './lib.mjs';
import { call, login as apiLogin, unitDay } from '../api/lib.mjs';

let env, tok;
const pages = [];
const api = async (method, path, body) => {
  const r = await call(env.url, method, path, { token: tok, body });
  assert.ok(r.status < 300, `${method} ${path}: ${r.text}`);
  return r.json;
};
// A day `n` days ahead of the unit's (UTC+8), as the date inputs take it.
const ahead = (n) => unitDay(n);

before(async () => {
  env = await setup();
  tok = await apiLogin(env.url, 'clerk');
});
// The server and the browser are stopped before anything is asserted: an
// assertion thrown first would leave them running and the run would never end.
after(async () => {
  const st = env ? await env.close() : null;
  for (const p of pages) assert.deepEqual(p.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

// One page per person for the whole file: SYS-4 keeps at most 3 sessions per
// account, and a fourth clerk login would end the API's own (the oldest).
const pageOf = new Map();
async function newPage(who) {
  if (pageOf.has(who)) return pageOf.get(who);
  const page = await env.page();
  pages.push(page);
  await login(page, who);
  pageOf.set(who, page);
  return page;
}

// The dialog's refusal: rule and code shown; the dialog stays open.
async function dialogRefused(page, rule, code) {
  const box = page.locator(`dialog .alert.error[data-code="${code}"]`);
  await box.waitFor();
  assert.equal(await box.getAttribute('data-rule'), rule, `${code} names ${rule}`);
  assert.match(await box.innerText(), new RegExp(rule));
}

async function submitDialog(page) {
  await page.locator('dialog button[type=submit]').click();
}

async function dialogDone(page) {
  await page.locator('dialog').waitFor({ state: 'detached' });
  await settled(page);
}

test('INSP-4: the self-assessment on screen: started, answered on the evidence with the refusals shown, a 不符合 opening its notice, signed by both', async () => {
  const page = await newPage('clerk');
  const demoYear = (await api('GET', '/api/v1/self-assessments')).items.find((a) => a.status === 'open');
  assert.ok(demoYear, 'the demo holds a self-assessment in progress');
  await page.goto('/#/self-assessments');
  await page.locator(`tr[data-sa="${demoYear.id}"] [data-status=open]`).waitFor();

  // INSP-4: one a year — the demo's year is refused with its rule, nothing started.
  const before = JSON.stringify(await api('GET', '/api/v1/self-assessments'));
  await page.locator('input[name=year]').fill(String(demoYear.year));
  await page.locator('[data-action=start]').click();
  const err = page.locator('[data-testid=sa-error] .alert.error[data-code=self_assessment_exists]');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'INSP-4');
  assert.equal(JSON.stringify(await api('GET', '/api/v1/self-assessments')), before, 'nothing started');

  await page.locator('input[name=year]').fill('2025');
  await page.locator('[data-action=start]').click();
  await page.locator('[data-testid=sa-sheet]').waitFor();
  await settled(page);
  const id = Number(/#\/self-assessments\/(\d+)/.exec(page.url())[1]);
  let sa = await api('GET', `/api/v1/self-assessments/${id}`);
  assert.equal(sa.year, 2025);
  assert.equal(await page.locator('[data-testid=sa-sheet] tbody tr').count(), sa.items.length);
  for (const code of ['device_label', 'rectification']) assert.equal(await page.locator(`tr[data-item=${code}]`).count(), 1, code);
  // INSP-2 evidence: the demo's overdue notice is marked on the rectification item.
  assert.ok(await page.locator('tr[data-item=rectification] [data-overdue]').count() >= 1, 'overdue notices called out');
  await shot(page, 'selfcheck-compiled');

  // INSP-4: not signed before every item is answered.
  await page.locator('[data-action=sign-clerk]').click();
  const signErr = page.locator('[data-testid=sa-error] .alert.error[data-code=items_unanswered]');
  await signErr.waitFor();
  assert.equal(await signErr.getAttribute('data-rule'), 'INSP-4');

  // The laptop's label is not recorded: 符合 needs a note, 不适用 a note, 不符合 a department.
  const label = sa.items.find((i) => i.item === 'device_label');
  assert.ok(label.evidence_count >= 1, 'the demo laptop is unlabelled');
  const unchanged = JSON.stringify(sa);
  await page.locator('[data-action=answer][data-item=device_label]').click();
  await page.locator('[data-testid=sa-answer-form]').waitFor();
  await page.locator('dialog select[name=answer]').selectOption('yes');
  await submitDialog(page);
  await dialogRefused(page, 'INSP-4', 'evidence_contradicts');
  await page.locator('dialog select[name=answer]').selectOption('na');
  await submitDialog(page);
  await dialogRefused(page, 'INSP-4', 'note_required');
  await page.locator('dialog select[name=answer]').selectOption('no');
  await page.locator('dialog input[name=deadline]').fill(ahead(30));
  await submitDialog(page);
  await dialogRefused(page, 'INSP-2', 'department_required');
  assert.equal(JSON.stringify(await api('GET', `/api/v1/self-assessments/${id}`)), unchanged, 'the refusals changed nothing');
  await page.locator('dialog textarea[name=note]').fill('一台便携机标识未粘贴');
  await page.locator('dialog input[name=department]').fill('信息中心');
  await page.locator('dialog input[name=responsible]').fill('majie');
  await submitDialog(page);
  await dialogDone(page);
  const row = page.locator('tr[data-item=device_label]');
  assert.equal(await row.getAttribute('data-answer'), 'no');
  const rectLink = row.locator('a[data-rect]');
  assert.equal(await rectLink.count(), 1, 'the finding links its notice');

  // Every other item: 符合 where the records show nothing, else 不适用 with a note.
  sa = await api('GET', `/api/v1/self-assessments/${id}`);
  for (const i of sa.items.filter((x) => !x.answer)) {
    await page.locator(`[data-action=answer][data-item=${i.item}]`).click();
    await page.locator('[data-testid=sa-answer-form]').waitFor();
    if (i.evidence_count === 0) {
      await page.locator('dialog select[name=answer]').selectOption('yes');
    } else {
      await page.locator('dialog select[name=answer]').selectOption('na');
      await page.locator('dialog textarea[name=note]').fill('往年度，不适用（测试）');
    }
    await submitDialog(page);
    await dialogDone(page);
    assert.notEqual(await page.locator(`tr[data-item=${i.item}]`).getAttribute('data-answer'), '', i.item);
  }

  // The notice the finding opened: its page and its first line of history.
  const rid = await page.locator('tr[data-item=device_label] a[data-rect]').getAttribute('data-rect');
  await page.locator('tr[data-item=device_label] a[data-rect]').click();
  await page.locator('[data-testid=notice-sheet]').waitFor();
  await settled(page);
  assert.match(await page.locator('[data-testid=finding]').innerText(), /2025年保密自查自评：涉密设备均已粘贴密级标识/);
  assert.equal(await page.locator('[data-testid=notice-sheet] tr[data-event=open]').count(), 1);
  assert.equal((await api('GET', `/api/v1/rectifications/${rid}`)).source, `self_assessment:${id}`);

  await page.goto(`/#/self-assessments/${id}`);
  await page.locator('[data-action=sign-clerk]').click();
  await page.locator('[data-testid=sa-sheet] [data-status=clerk_signed]').waitFor();
  assert.equal(await page.locator('[data-action=answer]').count(), 0, 'answers are final once the clerk signed');

  const lead = await newPage('leader');
  await lead.goto(`/#/self-assessments/${id}`);
  await lead.locator('[data-action=sign-leader]').click();
  await lead.locator('[data-testid=sa-sheet] [data-status=signed]').waitFor();
  const sig = await lead.locator('[data-testid=signatures]').innerText();
  assert.match(sig, /陈静/);
  assert.match(sig, /刘志强/);
  await shot(lead, 'selfcheck-signed');
  assert.equal((await api('GET', `/api/v1/self-assessments/${id}`)).status, 'signed');
});

let inspection;

test('INSP-1: an inspection recorded from the form: kind, day, scope, inspectors by name, answers; refused without inspectors', async () => {
  const page = await newPage('clerk');
  const people = (await api('GET', '/api/v1/people')).items;
  const who = (u) => people.find((p) => p.username === u);
  const depts = (await api('GET', '/api/v1/departments')).items;
  const finance = depts.find((d) => d.name === '财务科');
  await page.goto('/#/inspections');
  await page.locator('[data-action=new-inspection]').click();
  await page.locator('[data-testid=inspection-form]').waitFor();
  await settled(page);
  await page.locator('select[name=kind]').selectOption('spot');
  await page.locator('input[name=whole_unit]').uncheck();
  await page.locator('input[data-dept="财务科"]').check();
  const second = page.locator('[data-check-line]').nth(1);
  await second.locator('select[name=check_answer]').selectOption('no');
  await second.locator('input[name=check_note]').fill('财务科保密柜未上锁');
  await page.locator('[data-action=add-line]').click();
  await page.locator('[data-check-line]').last().locator('input[name=check_item]').fill('涉密会议手机统一存放');
  await page.locator('[data-check-line]').last().locator('select[name=check_answer]').selectOption('na');

  // INSP-1: who inspected is recorded.
  const before = JSON.stringify(await api('GET', '/api/v1/inspections'));
  await page.locator('[data-action=record-inspection]').click();
  const err = page.locator('[data-testid=inspection-form] .alert.error[data-code=inspectors_required]');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'INSP-1');
  assert.equal(JSON.stringify(await api('GET', '/api/v1/inspections')), before, 'nothing recorded');

  for (const u of ['clerk', 'leader']) {
    await page.locator('#inspectors-search').fill(who(u).name.slice(0, 2));
    await page.locator(`button.pick-option[data-pick="person:${who(u).id}"]`).click();
  }
  assert.equal(await page.locator('[data-testid=inspectors-chosen] li').count(), 2);
  await page.locator('textarea[name=summary]').fill('财务科专项抽查');
  await page.locator('[data-action=record-inspection]').click();
  await page.locator('[data-testid=inspection-sheet]').waitFor();
  await settled(page);
  const id = Number(/#\/inspections\/(\d+)/.exec(page.url())[1]);
  inspection = await api('GET', `/api/v1/inspections/${id}`);
  assert.equal(inspection.kind, 'spot');
  assert.equal(inspection.whole_unit, false);
  assert.deepEqual(inspection.department_ids, [finance.id]);
  assert.deepEqual(inspection.inspector_ids, [who('clerk').id, who('leader').id]);
  assert.equal(inspection.checklist.length, 6);
  assert.deepEqual(inspection.checklist.map((l) => l.answer), ['yes', 'no', 'yes', 'yes', 'yes', 'na']);
  assert.equal(inspection.checklist[1].note, '财务科保密柜未上锁');
  const sheet = await page.locator('[data-testid=inspection-sheet]').innerText();
  for (const s of [/抽查/, /财务科/, /陈静、刘志强/, /财务科专项抽查/]) assert.match(sheet, s);
  assert.equal(await page.locator('[data-testid=inspection-sheet] tr[data-answer=no]').count(), 1);
  await shot(page, 'inspection-recorded');
});

test('INSP-2: a notice\'s page shows its history: issued, reported, reopened, reported, closed — who, when, what', async () => {
  assert.ok(inspection, 'the inspection of the previous test');
  const page = await newPage('clerk');
  await page.goto(`/#/inspections/${inspection.id}`);
  await page.locator('[data-action=finding]').click();
  await page.locator('dialog textarea[name=finding]').fill('财务科保密柜未上锁');
  await page.locator('dialog input[name=department]').fill('财务科');
  await page.locator('dialog input[name=responsible]').fill('zhengqiang');
  await page.locator('dialog input[name=deadline]').fill(ahead(14));
  await submitDialog(page);
  await dialogDone(page);
  await page.locator('[data-testid=inspection-sheet] tr[data-rect] a').first().click();
  await page.locator('[data-testid=notice-sheet]').waitFor();
  await settled(page);
  const rid = Number(/#\/rectifications\/(\d+)/.exec(page.url())[1]);

  const step = async (what, text, deadline) => {
    await page.locator(`[data-action=${what}]`).click();
    await page.locator(`dialog [data-testid=${what}-form] textarea[name=text]`).fill(text);
    if (deadline) await page.locator('dialog input[name=deadline]').fill(deadline);
    await submitDialog(page);
    await dialogDone(page);
  };
  await step('report', '已上锁并更换密码');
  // INSP-2: a reopening sets a new deadline.
  const before = JSON.stringify(await api('GET', `/api/v1/rectifications/${rid}`));
  await page.locator('[data-action=reopen]').click();
  await page.locator('dialog textarea[name=text]').fill('复查仍未更换密码');
  await submitDialog(page);
  await dialogRefused(page, 'INSP-2', 'deadline_invalid');
  await page.locator('dialog button[type=button]').click();
  await page.locator('dialog').waitFor({ state: 'detached' });
  assert.equal(JSON.stringify(await api('GET', `/api/v1/rectifications/${rid}`)), before, 'the refusal changed nothing');
  const again = ahead(21); // typed, then looked for on the sheet as typed
  await step('reopen', '复查仍未更换密码', again);
  await step('report', '密码已更换');
  await step('close', '复查合格');

  const rows = page.locator('[data-testid=notice-sheet] tr[data-event]');
  assert.deepEqual(await rows.evaluateAll((tr) => tr.map((r) => r.dataset.event)), ['open', 'report', 'reopen', 'report', 'close']);
  const text = await page.locator('[data-testid=notice-sheet]').innerText();
  for (const s of [/已上锁并更换密码/, /复查仍未更换密码/, /密码已更换/, /复查合格/, new RegExp(again), /陈静/]) assert.match(text, s);
  const hist = (await api('GET', `/api/v1/rectifications/${rid}`)).history;
  assert.equal(hist.length, 5);
  assert.equal(await page.locator('[data-testid=notice-sheet] [data-status=closed]').count(), 1);
  await shot(page, 'rectification-history');
});

test('INC-1: the report to the higher authority recorded on screen, then amended with its reason, the one replaced kept', async () => {
  const inc = await api('POST', '/api/v1/incidents', { kind: 'leak', what: '机密文件一份（测试）', level: '机密' });
  const page = await newPage('clerk');
  await page.goto(`/#/incidents/${inc.id}`);
  await page.locator('[data-testid=notice-due]').waitFor();
  await page.locator('[data-action=record-notice]').click();
  await page.locator('dialog input[name=to]').fill('市国家保密局');
  await page.locator('dialog input[name=document]').fill('教保〔2026〕1号');
  await submitDialog(page);
  await dialogDone(page);
  assert.match(await page.locator('[data-testid=notice]').innerText(), /市国家保密局 · 教保〔2026〕1号/);
  assert.equal(await page.locator('[data-action=record-notice]').count(), 0, 'recorded once');

  const read = async () => JSON.stringify((await api('GET', `/api/v1/incidents/${inc.id}`)).detail);
  const before = await read();
  await page.locator('[data-action=amend-notice]').click();
  await page.locator('[data-testid=amend-form]').waitFor();
  assert.equal(await page.locator('dialog input[name=document]').inputValue(), '教保〔2026〕1号', 'prefilled with the report recorded');
  await submitDialog(page);
  await dialogRefused(page, 'INC-1', 'amend_reason_required');
  await page.locator('dialog textarea[name=reason]').fill('文号登记有误');
  await submitDialog(page);
  await dialogRefused(page, 'INC-1', 'notice_unchanged');
  assert.equal(await read(), before, 'the refusals changed nothing');
  await page.locator('dialog input[name=document]').fill('教保〔2026〕2号');
  await submitDialog(page);
  await dialogDone(page);
  assert.match(await page.locator('[data-testid=notice]').innerText(), /教保〔2026〕2号/);
  assert.equal(await page.locator('[data-testid=notice-reason]').innerText(), '文号登记有误');
  const was = await page.locator('[data-testid=notice-history]').innerText();
  assert.match(was, /教保〔2026〕1号/);
  assert.match(was, /文号登记有误/);
  const d = (await api('GET', `/api/v1/incidents/${inc.id}`)).detail;
  assert.equal(d.notice.document, '教保〔2026〕2号');
  assert.equal(d.notice_history.length, 1);
  assert.equal(d.notice_history[0].document, '教保〔2026〕1号');
  assert.equal(await page.locator('[data-testid=incident-history] [data-event=notice_amend]').count(), 1);
  await shot(page, 'incident-notice-amended');
});
