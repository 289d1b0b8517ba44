// desk.test.mjs — the secrecy clerk's desk beyond issuing and checking in:
// circulation through the clerk, the reader confirming with their own password (CIRC-1..5,
// CIRC-2 refuses passing an item on before it is back), carrying out approved
// copies and destructions (COPY-1/3/5, MAKE-2, DESTROY-1..4: one witness, or
// the requester as witness, is refused with DESTROY-2; each witness confirms with
// their own password, DESTROY-2 with REG-1), and a hand-over
// signed by both sides whose list is printable (KEEP-2). State is prepared
// through the API; every step is checked on the page and in the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, login, shot, settled, assertNoHorizontalScroll, assertLabelled,
} from './lib.mjs';
import { call, login as apiLogin, PW } from '../api/lib.mjs';

let env, page;
const tok = {};
const people = {};

const post = (path, body, who = 'clerk') => call(env.url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(env.url, 'GET', path, { token: tok[who] });

async function register(fields) {
  const r = await post('/api/v1/carriers', {
    producer: '省教育厅', sender: '市教育局', pages: 4, place: '机要室保密柜（二号）', ...fields,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function approved(who, op, carrierIds, params, approvers) {
  const r = await post('/api/v1/requests', { op, carrier_ids: carrierIds, reason: '工作需要', params }, who);
  assert.equal(r.status, 201, r.text);
  for (const a of approvers) {
    const d = await post(`/api/v1/requests/${r.json.id}/approve`, { comment: '同意' }, a);
    assert.equal(d.status, 200, d.text);
  }
  assert.equal((await get(`/api/v1/requests/${r.json.id}`)).json.status.code, 'approved');
  return r.json.id;
}

const status = async (id) => (await get(`/api/v1/carriers/${id}`)).json.status.code;

before(async () => {
  env = await setup();
  for (const u of ['clerk', 'staff', 'leader', 'classifier']) tok[u] = await apiLogin(env.url, u);
  for (const p of (await get('/api/v1/people')).json.items) if (p.username) people[p.username] = p;
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

async function openTab(tab) {
  const same = page.url().endsWith(`#/desk?tab=${tab}`);
  await page.goto(`/#/desk?tab=${tab}`);
  if (same) await page.reload();
  await page.locator(`section[data-panel=${tab}]`).waitFor();
  await settled(page);
}

test('CIRC-1..5: the clerk circulates a carrier to a reader against the signature and checks it back in', async () => {
  const c = await register({ title: '关于期末考试安排的通知（传阅）', level: '秘密', doc_number: '教发〔2026〕90号',
    serial_number: 1, scope: ['基础教育科', 'clerk'] });
  await openTab('circulate');
  await page.locator('[data-testid=circulate-form]').waitFor();
  await assertLabelled(page, 'circulation form');
  await page.locator('input[name=carrier_id]').fill(String(c.id));
  await page.locator('input[name=carrier_id]').press('Tab');
  await page.locator('[data-testid=circ-preview]').getByText(c.title).waitFor();
  await page.locator('select[name=reader]').selectOption(String(people.staff.id));
  await page.locator('input[name=place]').fill('机要室阅文室');
  // CIRC-5: the reader confirms with their own password; without it the desk refuses with the rule ID.
  await page.locator('[data-action=circulate]').click();
  const err = page.locator('[data-testid=circ-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'CIRC-5');
  assert.match(await err.innerText(), /^(?=[\s\S]*CIRC-5)[\s\S]*本人确认/);
  assert.equal(await status(c.id), 'in_store', 'nothing handed out');
  assert.equal(await page.locator('input[name=signature]').count(), 0, 'no typed name stands for a signature');
  await page.locator('input[name=holder_password]').fill(PW);
  await page.locator('[data-action=circulate]').click();
  const res = page.locator('[data-testid=circ-result]');
  await res.waitFor();
  assert.equal(await res.locator('[data-testid=circ-holder]').innerText(), people.staff.name);
  assert.match(await res.innerText(), /机要室阅文室/);
  assert.equal(await status(c.id), 'circulating');
  const row = page.locator(`tr[data-carrier="${c.id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(people.staff.name));
  assert.match(await row.innerText(), /传阅/);
  await assertNoHorizontalScroll(page, 'desk circulation');
  await shot(page, '30-desk-circulate');

  // CIRC-2: no lateral passing — the next reader gets it only after it is back.
  await page.locator('input[name=carrier_id]').fill(String(c.id));
  await page.locator('select[name=reader]').selectOption(String(people.hulin.id));
  await page.locator('input[name=holder_password]').fill(PW);
  await page.locator('[data-action=circulate]').click();
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'CIRC-2');

  await row.locator('[data-action=checkin]').click();
  await page.locator('dialog button[type=submit]').click();
  await page.locator('dialog').waitFor({ state: 'detached' });
  await page.locator(`tr[data-carrier="${c.id}"]`).waitFor({ state: 'detached' });
  assert.equal(await status(c.id), 'in_store');
  const hist = (await get(`/api/v1/carriers/${c.id}`)).json.history.map((e) => e.action);
  assert.deepEqual(hist.filter((a) => ['circulate', 'checkin'].includes(a)), ['circulate', 'checkin']);
});

test('COPY-1/3/5, MAKE-2: an approved copy is executed at the desk; the copies are new carriers', async () => {
  const src = await register({ title: '关于教材征订工作的通知', level: '秘密', doc_number: '教发〔2026〕91号',
    serial_number: 1, scope: ['基础教育科', 'clerk'] });
  const id = await approved('staff', 'copy', [src.id], { copies: 2 }, ['leader']);
  await openTab('execute');
  const row = page.locator(`tr[data-request="${id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /复制/);
  assert.match(await row.innerText(), /2 份/);
  await row.locator('[data-action=execute]').click();
  const dlg = page.locator('dialog');
  await dlg.locator('[data-testid=exec-items]').getByText(src.title).waitFor();
  await assertLabelled(page, 'copy dialog');
  await dlg.locator('input[name=copier]').fill('机要室复印机');
  // MAKE-2: a count other than the approved one is refused.
  await dlg.locator('input[name=copies]').fill('3');
  await dlg.locator('button[type=submit]').click();
  await dlg.locator('.alert.error[data-rule="MAKE-2"]').waitFor();
  await dlg.locator('input[name=copies]').fill('2');
  await dlg.locator('button[type=submit]').click();
  await dlg.waitFor({ state: 'detached' });
  const res = page.locator('[data-testid=exec-result][data-op=copy]');
  await res.waitFor();
  assert.equal(await res.locator('tr[data-carrier]').count(), 2);
  const req = (await get(`/api/v1/requests/${id}`)).json;
  assert.equal(req.status.code, 'executed');
  const copyIds = await res.locator('tr[data-carrier]').evaluateAll((els) => els.map((e) => Number(e.dataset.carrier)));
  for (const cid of copyIds) {
    const c = (await get(`/api/v1/carriers/${cid}`)).json;
    assert.equal(c.copy_of, src.id);
    assert.equal(c.origin.code, 'copy');
  }
  assert.equal(await page.locator(`tr[data-request="${id}"]`).count(), 0, 'executed requests leave the list');
  // COPY-3: the source's page lists its copies (the ledger's derived_from filter).
  const listed = await get(`/api/v1/carriers?derived_from=${src.id}`);
  assert.deepEqual(listed.json.items.map((c) => c.id).sort(), [...copyIds].sort());
  await page.goto(`/#/carrier/${src.id}`);
  const derived = page.locator('[data-testid=derived]');
  await derived.waitFor();
  assert.deepEqual((await derived.locator('li[data-carrier]').evaluateAll((els) => els.map((e) => Number(e.dataset.carrier)))).sort(), [...copyIds].sort());
  assert.match(await derived.innerText(), /复制件/);
  await assertNoHorizontalScroll(page, 'carrier with copies');
});

test('DESTROY-1..4: the clerk destroys with two witnesses; one witness or the requester as witness shows DESTROY-2', async () => {
  const c = await register({ title: '作废的命题草稿', level: '秘密', scope: ['基础教育科', 'clerk'] });
  const id = await approved('staff', 'destroy', [c.id], { method: 'shred', place: '市保密局销毁中心' }, ['leader']);
  await openTab('execute');
  const row = page.locator(`tr[data-request="${id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /销毁/);
  assert.match(await row.innerText(), /粉碎/);
  await assertNoHorizontalScroll(page, 'desk execute');
  await shot(page, '31-desk-execute');
  await row.locator('[data-action=execute]').click();
  const dlg = page.locator('dialog');
  await dlg.locator('[data-testid=exec-items]').getByText(c.title).waitFor();
  await assertLabelled(page, 'destroy dialog');
  assert.equal(await dlg.locator('select[name=method]').inputValue(), 'shred', 'the approved method is proposed');
  assert.equal(await dlg.locator('input[name=place]').inputValue(), '市保密局销毁中心');
  const witness = (u) => dlg.locator(`input[name=witness][data-username="${u}"]`);
  // One witness only.
  await witness('zhouwei').check();
  await dlg.locator('button[type=submit]').click();
  const err = dlg.locator('.alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'DESTROY-2');
  assert.equal(await err.getAttribute('data-code'), 'witnesses_required');
  assert.match(await err.innerText(), /DESTROY-2/);
  await shot(page, '32-desk-destroy-refused-DESTROY-2');
  // The requester as the second witness.
  await witness('staff').check();
  await dlg.locator('button[type=submit]').click();
  await dlg.locator('.alert.error[data-code=requester_witness]').waitFor();
  assert.equal(await dlg.locator('.alert.error').getAttribute('data-rule'), 'DESTROY-2');
  assert.equal(await status(c.id), 'in_store', 'nothing destroyed yet');
  // Two witnesses, neither the requester.
  await witness('staff').uncheck();
  await witness('xujun').check();
  // DESTROY-2, REG-1 (issue 14 point 5): ticking a witness asks for their own password; a
  // witness only ticked by the clerk has not confirmed.
  const pw = (u) => dlg.locator(`[data-witness="${people[u].id}"] input[type=password]`);
  assert.ok(await pw('zhouwei').isVisible(), 'a ticked witness has a password field');
  assert.ok(!(await dlg.locator(`[data-witness="${people.staff.id}"] input[type=password]`).isVisible()),
    'an unticked person has none');
  await dlg.locator('button[type=submit]').click();
  await dlg.locator('.alert.error[data-code=holder_confirmation_required]').waitFor();
  assert.equal(await dlg.locator('.alert.error').getAttribute('data-rule'), 'DESTROY-2');
  assert.match(await dlg.locator('.alert.error').innerText(), /监销人“/);
  // A wrong password is refused, and the passwords do not stay on the screen.
  await pw('zhouwei').fill(PW);
  await pw('xujun').fill('Wrong@2026pass');
  await dlg.locator('button[type=submit]').click();
  await dlg.locator('.alert.error[data-code=holder_password_wrong]').waitFor();
  assert.match(await dlg.locator('.alert.error').innerText(), new RegExp(`监销人“${people.xujun.name}”的口令不正确`));
  assert.equal(await pw('zhouwei').inputValue(), '', 'the password was cleared');
  assert.equal(await status(c.id), 'in_store', 'nothing destroyed yet');
  await shot(page, '32b-desk-destroy-witness-password-wrong');
  // Each witness types their own password on the clerk's screen.
  await pw('zhouwei').fill(PW);
  await pw('xujun').fill(PW);
  await dlg.locator('button[type=submit]').click();
  await dlg.waitFor({ state: 'detached' });
  await settled(page);
  const res = page.locator('[data-testid=exec-result][data-op=destroy]');
  await res.waitFor();
  const names = await res.locator('[data-testid=exec-witnesses]').innerText();
  assert.match(names, new RegExp(`${people.zhouwei.name}（本人口令确认）`));
  assert.match(names, new RegExp(`${people.xujun.name}（本人口令确认）`));
  assert.match(await res.innerText(), /粉碎/);
  await shot(page, '33-desk-destroyed');
  // DESTROY-4: still in the ledger, destroyed, with the record.
  assert.equal(await status(c.id), 'destroyed');
  assert.equal((await get(`/api/v1/requests/${id}`)).json.status.code, 'executed');
});

test('DESTROY-2 in English: the refusal names the rule and gives the reason in the current language', async () => {
  const c = await register({ title: '作废的校样（英文界面）', level: '秘密', scope: ['基础教育科', 'clerk'] });
  const id = await approved('staff', 'destroy', [c.id], { method: 'shred', place: '市保密局销毁中心' }, ['leader']);
  const en = await env.page({ lang: 'en' });
  try {
    await login(en, 'clerk');
    await en.goto('/#/desk?tab=execute');
    const row = en.locator(`tr[data-request="${id}"]`);
    await row.waitFor();
    assert.match(await en.locator('[data-tab=execute]').innerText(), /Execute/);
    await row.locator('[data-action=execute]').click();
    const dlg = en.locator('dialog');
    await dlg.locator('legend').getByText('Witnesses').waitFor();
    await dlg.locator('input[name=witness][data-username=zhouwei]').check();
    await dlg.locator('input[name=witness][data-username=staff]').check();
    await dlg.locator('button[type=submit]').click();
    const err = dlg.locator('.alert.error');
    await err.waitFor();
    assert.equal(await err.getAttribute('data-rule'), 'DESTROY-2');
    assert.match(await err.innerText(), /^(?=[\s\S]*DESTROY-2)[\s\S]*requester may not be/);
    await assertNoHorizontalScroll(en, 'desk execute (English)');
    await shot(en, '35-desk-destroy-refused-en');
    assert.equal(await status(c.id), 'in_store');
    assert.deepEqual(en.errors, [], 'no script errors in the English page');
  } finally {
    await en.context().close();
  }
});

test('COPY-4, CIRC-1, MAKE-1/2, LEVEL-4: extract, widening, making and level change from the execute tab', async () => {
  const src = await register({ title: '关于招生计划的通知（摘录源）', level: '秘密', doc_number: '教发〔2026〕92号',
    serial_number: 1, scope: ['基础教育科', 'clerk'] });
  const ext = await approved('staff', 'extract', [src.id], { copies: 1 }, ['leader']);
  const fin = await register({ title: '财务检查工作方案（扩大范围）', level: '秘密', scope: ['财务科'] });
  const wid = await approved('clerk', 'widen_scope', [fin.id], { add: 'guoyang' }, ['leader']);
  const mk = await approved('staff', 'make', [], { title: '2026年招生工作要点', level: '秘密', copies: 2, doc_number: '本局发〔2026〕41号', scope: '办公室', classifier: 'classifier', basis: '本局保密事项一览表第1项' }, ['leader']);
  await openTab('execute');
  const run = async (id, fill) => {
    await page.locator(`tr[data-request="${id}"] [data-action=execute]`).click();
    const dlg = page.locator('dialog');
    await dlg.locator('.exec-form').waitFor();
    await assertLabelled(page, `execute dialog #${id}`);
    if (fill) await fill(dlg);
    await dlg.locator('button[type=submit]').click();
    await dlg.waitFor({ state: 'detached' });
    await page.locator('[data-testid=exec-result]').waitFor();
    assert.equal((await get(`/api/v1/requests/${id}`)).json.status.code, 'executed');
  };
  // COPY-4: the extract is a new carrier with the source's level.
  await run(ext, (dlg) => dlg.locator('input[name=title]').fill('招生计划要点摘录'));
  const exRow = page.locator('[data-testid=exec-result] tr[data-carrier]');
  assert.equal(await exRow.count(), 1);
  assert.match(await exRow.innerText(), /招生计划要点摘录[\s\S]*秘密/);
  const exId = Number(await exRow.getAttribute('data-carrier'));
  assert.equal((await get(`/api/v1/carriers/${exId}`)).json.extract_of, src.id);
  // CIRC-1: the approved person is added to the scope.
  await run(wid);
  assert.ok((await get(`/api/v1/carriers/${fin.id}`)).json.scope.some((x) => x.person_id === people.guoyang.id));
  // MAKE-1/2: the approved copies are registered with serial numbers.
  await run(mk, async (dlg) => {
    assert.equal(await dlg.locator('input[name=doc_number]').inputValue(), '本局发〔2026〕41号');
    const place = (await get('/api/v1/places')).json.items.find((x) => x.name === '机要室保密柜（二号）');
    await dlg.locator('select[name=place]').selectOption(String(place.id));
    assert.equal(await dlg.locator('input[name=scope]').inputValue(), '办公室', 'MAKE-1: the approved scope, shown');
  });
  const made = page.locator('[data-testid=exec-result][data-op=make] tr[data-carrier]');
  assert.equal(await made.count(), 2);
  assert.match(await made.first().innerText(), /2026年招生工作要点/);
  // LEVEL-4: only a classification authority carries out a level change; the clerk is refused.
  const lvl = await approved('staff', 'level_change', [src.id], { to_level: '内部', basis: '本局保密事项一览表第3项' }, ['classifier']);
  await openTab('execute');
  await page.locator(`tr[data-request="${lvl}"] [data-action=execute]`).click();
  const dlg = page.locator('dialog');
  assert.equal(await dlg.locator('input[name=basis]').inputValue(), '本局保密事项一览表第3项');
  await dlg.locator('button[type=submit]').click();
  await dlg.locator('.alert.error[data-rule="LEVEL-4"]').waitFor();
  await dlg.locator('.dlg-foot .btn:not([type=submit])').click();
  await dlg.waitFor({ state: 'detached' });
  assert.equal((await get(`/api/v1/requests/${lvl}`)).json.status.code, 'approved', 'not carried out');
  // LEVEL-4: the classification authority carries it out from the request's page.
  const cls = await env.page();
  await login(cls, 'classifier');
  await cls.goto(`/#/requests/${lvl}`);
  await cls.locator('[data-action=execute]').click();
  const cdlg = cls.locator('dialog');
  assert.equal(await cdlg.locator('input[name=basis]').inputValue(), '本局保密事项一览表第3项');
  await cdlg.locator('button[type=submit]').click();
  await cdlg.waitFor({ state: 'detached' });
  await cls.locator('[data-action=execute]').waitFor({ state: 'detached' });
  assert.equal((await get(`/api/v1/requests/${lvl}`)).json.status.code, 'executed');
  const changed = (await get(`/api/v1/carriers/${src.id}`)).json;
  assert.equal(changed.level.code, 'internal', 'the new level is in the ledger');
  await shot(cls, '37-level-change-executed');
  assert.deepEqual(cls.errors, [], 'no script errors on the classifier\'s page');
  await cls.context().close();
});

test('KEEP-2: a hand-over lists everything the person holds, both sides sign, the custodian changes', async () => {
  // KEEP-6: personal keeping records why, who approved and until when.
  const keep = { custodian: 'guoyang', place: '人事科保密柜', keep_reason: '人事调配工作需要', keep_approver: 'wufang',
    keep_until: new Date(Date.now() + 90 * 86400e3).toISOString().slice(0, 10) };
  const a = await register({ title: '人事调配方案（移交测试）', level: '秘密', scope: ['人事科'], ...keep });
  const b = await register({ title: '干部考察材料（移交测试）', level: '秘密', scope: ['人事科'], ...keep });
  await openTab('handover');
  await page.locator('[data-testid=handover-form]').waitFor();
  await assertLabelled(page, 'hand-over form');
  await page.locator('select[name=from]').selectOption(String(people.guoyang.id));
  const held = page.locator('[data-testid=ho-held]');
  await held.locator(`tr[data-carrier="${a.id}"]`).waitFor();
  await held.locator(`tr[data-carrier="${b.id}"]`).waitFor();
  const heldIds = await held.locator('tr[data-carrier]').evaluateAll((els) => els.map((e) => Number(e.dataset.carrier)));
  await page.locator('select[name=to]').selectOption(String(people.wufang.id));
  // KEEP-2, REG-1: both sides confirm themselves, with their own password.
  await page.locator('[data-action=handover]').click();
  await page.locator('[data-testid=handover-error] .alert.error[data-rule="KEEP-2"][data-code="holder_confirmation_required"]').waitFor();
  assert.equal((await get(`/api/v1/carriers/${a.id}`)).json.custodian, people.guoyang.name, 'nothing handed over');
  await page.locator('input[name=from_password]').fill(PW);
  await page.locator('input[name=to_password]').fill(PW);
  await page.locator('input[name=note]').fill('调岗移交');
  await assertNoHorizontalScroll(page, 'desk hand-over');
  await page.locator('[data-action=handover]').click();
  const sheet = page.locator('[data-testid=handover-sheet]');
  await sheet.waitFor();
  const listed = await sheet.locator('tr[data-carrier]').evaluateAll((els) => els.map((e) => Number(e.dataset.carrier)));
  assert.deepEqual([...listed].sort((x, y) => x - y), [...heldIds].sort((x, y) => x - y), 'the list is what was held');
  assert.ok(listed.includes(a.id) && listed.includes(b.id));
  const text = await sheet.innerText();
  assert.match(text, /涉密载体移交清单/);
  assert.match(text, new RegExp(`${people.guoyang.name} → ${people.wufang.name}`));
  assert.match(await sheet.locator('[data-testid=ho-sign-from]').innerText(), /本人口令确认/);
  assert.match(await sheet.locator('[data-testid=ho-sign-to]').innerText(), /本人口令确认/);
  for (const row of await sheet.locator('tbody tr').all()) assert.match(await row.innerText(), new RegExp(people.wufang.name));
  await sheet.locator('[data-action=print-handover]').waitFor();
  await assertNoHorizontalScroll(page, 'hand-over list');
  await shot(page, '34-desk-handover');
  // The list prints as the paper form: the form and the buttons stay on screen.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('[data-testid=handover-form]').isVisible(), false);
  assert.equal(await sheet.locator('[data-action=print-handover]').isVisible(), false);
  assert.equal(await sheet.locator('.sheet-title').isVisible(), true);
  await shot(page, '36-desk-handover-print');
  await page.emulateMedia({ media: 'screen' });
  for (const id of listed) assert.equal((await get(`/api/v1/carriers/${id}`)).json.custodian, people.wufang.name);
  // Nothing is left with the person who handed over.
  const left = (await get(`/api/v1/carriers?custodian=${people.guoyang.id}&limit=1000`)).json.items
    .filter((x) => !['destroyed', 'returned'].includes(x.status.code));
  assert.deepEqual(left, []);
});
