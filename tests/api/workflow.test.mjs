// tests/api/workflow.test.mjs — the workflows end to end through the real
// server on the demo unit: borrow → approve → issue → check-in; copies,
// extracts, waste and destruction executed (DESTROY-2 refusals); level
// decisions by the classification authority only (LEVEL-4) with their history
// (LEVEL-7/8); hand-over and departure (KEEP-2), return to issuer (KEEP-3),
// volumes (LEVEL-5); the three administrators refused (SYS-1) and hidden
// carriers answered like missing ones (SYS-2). Every refusal asserts status,
// error.code and error.rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, q, unitDay, PW } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'staff', 'hulin', 'huangmin', 'leader', 'principal', 'classifier',
    'zhouwei', 'xujun', 'guoyang', 'sysadmin', 'secadmin', 'auditor'])
    tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });

// Registers an incoming carrier as the clerk; returns it.
async function register(fields) {
  const r = await post('/api/v1/carriers', {
    producer: '省教育厅', sender: '市教育局', pages: 4, place: '机要室保密柜（二号）', ...fields,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// Files a request as `who` and has each approver in `approvers` approve it.
async function approved(who, op, carrierIds, params, approvers) {
  const r = await post('/api/v1/requests', { op, carrier_ids: carrierIds, reason: '工作需要', params }, who);
  assert.equal(r.status, 201, r.text);
  for (const a of approvers) {
    const d = await post(`/api/v1/requests/${r.json.id}/approve`, { comment: '同意' }, a);
    assert.equal(d.status, 200, d.text);
  }
  const show = await get(`/api/v1/requests/${r.json.id}`);
  assert.equal(show.json.status.code, 'approved', show.text);
  return r.json.id;
}

let doc; // a 秘密 document in the scope of 基础教育科

test('BORROW-1: withdrawing says why; only the requester withdraws; a withdrawn request is not decided', async () => {
  const c = await register({ title: '关于撤回测试的通知', level: '秘密', doc_number: '教发〔2026〕77号',
    serial_number: 1, scope: ['基础教育科', 'clerk'] });
  const req = await post('/api/v1/requests', { op: 'borrow', carrier_ids: [c.id], reason: '备课' }, 'staff');
  assert.equal(req.status, 201, req.text);
  const id = req.json.id;
  refused(await post(`/api/v1/requests/${id}/withdraw`, {}, 'staff'), 400, 'required', null);
  refused(await post(`/api/v1/requests/${id}/withdraw`, { comment: '替他撤回' }, 'huangmin'), 403,
    'not_requester', 'BORROW-1');
  const w = await post(`/api/v1/requests/${id}/withdraw`, { comment: '已无需要' }, 'staff');
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.status.code, 'withdrawn');
  refused(await post(`/api/v1/requests/${id}/approve`, { comment: '同意' }, 'huangmin'), 409,
    'not_pending', 'BORROW-1');
});

test('BORROW-1/2, CIRC-2: borrow → approve (department head) → issue → check-in', async () => {
  doc = await register({ title: '关于2026年中考命题工作的通知', level: '秘密', doc_number: '教发〔2026〕31号',
    serial_number: 2, scope: ['基础教育科', 'clerk'] });
  const req = await post('/api/v1/requests', { op: 'borrow', carrier_ids: [doc.id], reason: '命题准备' }, 'staff');
  assert.equal(req.status, 201, req.text);
  assert.equal(req.json.status.code, 'pending');
  assert.equal(req.json.chain[0].code, 'dept_head');
  assert.equal(req.json.rule, 'BORROW-1');
  const ok = await post(`/api/v1/requests/${req.json.id}/approve`, { comment: '同意借阅' }, 'huangmin');
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status.code, 'approved');
  // BORROW-*: a borrowing is issued at the desk, not executed.
  refused(await post(`/api/v1/requests/${req.json.id}/execute`, {}), 409, 'not_executable', null);
  const loan = await post('/api/v1/desk/issue', { request_id: req.json.id, holder_password: PW });
  assert.equal(loan.status, 201, loan.text);
  assert.equal(loan.json.carrier_id, doc.id);
  assert.ok(loan.json.due_at, 'BORROW-2: a due date');
  assert.equal((await get(`/api/v1/carriers/${doc.id}`)).json.status.code, 'lent');
  const back = await post('/api/v1/desk/checkin', { carrier_id: doc.id });
  assert.equal(back.status, 200, back.text);
  const after = await get(`/api/v1/carriers/${doc.id}`);
  assert.equal(after.json.status.code, 'in_store');
  assert.deepEqual(after.json.history.map((e) => e.action).filter((a) => ['issue', 'checkin'].includes(a)),
    ['issue', 'checkin']);
  assert.equal((await get(`/api/v1/requests/${req.json.id}`)).json.status.code, 'executed');
});

let copies;

test('COPY-1/3/5, MAKE-2: an approved copy is executed on the copier; each copy is a new carrier', async () => {
  const id = await approved('staff', 'copy', [doc.id], { copies: 2 }, ['leader']);
  // MAKE-2: exactly the approved number of copies.
  refused(await post(`/api/v1/requests/${id}/execute`, { copier: '机要室复印机', copies: 3 }), 403,
    'extra_copies', 'MAKE-2');
  // A field another operation takes is refused for this one.
  refused(await post(`/api/v1/requests/${id}/execute`, { copier: 'X', copies: 2, witnesses: ['a'] }), 400,
    'unknown_field', null);
  const r = await post(`/api/v1/requests/${id}/execute`, { copier: '机要室复印机', copies: 2 });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.op, 'copy');
  assert.equal(r.json.count, 2);
  copies = r.json.carriers;
  for (const c of copies) {
    assert.equal(c.copy_of, doc.id);
    assert.equal(c.level.code, 'confidential');
    assert.equal(c.marking, doc.marking, 'COPY-3: the original\'s level and period');
    assert.equal(c.origin.code, 'copy');
  }
  assert.equal((await get(`/api/v1/requests/${id}`)).json.status.code, 'executed');
  // COPY-3: the ledger finds a carrier's copies (derived_from); a bad id is refused.
  const derived = await get(`/api/v1/carriers?derived_from=${doc.id}`);
  assert.equal(derived.status, 200, derived.text);
  assert.deepEqual(derived.json.items.map((c) => c.id).sort(), copies.map((c) => c.id).sort());
  assert.equal(derived.json.total, copies.length);
  refused(await get('/api/v1/carriers?derived_from=abc'), 400, 'invalid_filter', null);
  // Executed once only.
  const again = await post(`/api/v1/requests/${id}/execute`, { copier: '机要室复印机', copies: 2 });
  assert.equal(again.status, 409, again.text);
});

test('COPY-4: an approved extract becomes a carrier with the source\'s level', async () => {
  const id = await approved('staff', 'extract', [doc.id], { copies: 1 }, ['leader']);
  const r = await post(`/api/v1/requests/${id}/execute`, { title: '命题工作要点摘录' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.carriers.length, 1);
  assert.equal(r.json.carriers[0].extract_of, doc.id);
  assert.equal(r.json.carriers[0].level.code, 'confidential');
  assert.equal(r.json.carriers[0].title, '命题工作要点摘录');
});

test('DESTROY-2: one witness, or the requester as witness, is refused; two others destroy (DESTROY-1/3/4)', async () => {
  const target = copies[0];
  const id = await approved('staff', 'destroy', [target.id], { method: 'shred', place: '市保密局销毁中心' }, ['leader']);
  refused(await post(`/api/v1/requests/${id}/execute`, { witnesses: ['zhouwei'] }), 403,
    'witnesses_required', 'DESTROY-2');
  refused(await post(`/api/v1/requests/${id}/execute`, { witnesses: ['zhouwei', 'staff'] }), 403,
    'requester_witness', 'DESTROY-2');
  // DESTROY-3: formatting is not irrecoverable.
  refused(await post(`/api/v1/requests/${id}/execute`, { witnesses: ['zhouwei', 'xujun'], method: 'format' }), 403,
    'method_recoverable', 'DESTROY-3');
  // DESTROY-2, REG-1 (issue 14 point 5): listed witnesses did not confirm; each types their own password.
  refused(await post(`/api/v1/requests/${id}/execute`, { witnesses: ['zhouwei', 'xujun'] }), 400,
    'holder_confirmation_required', 'DESTROY-2');
  assert.equal((await get(`/api/v1/carriers/${target.id}`)).json.status.code, 'in_store', 'nothing changed');
  const r = await post(`/api/v1/requests/${id}/execute`, { witnesses: [{ person: 'zhouwei', password: PW }, { person: 'xujun', password: PW }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.op, 'destroy');
  assert.equal(r.json.destruction.method.code, 'shred');
  assert.equal(r.json.destruction.place, '市保密局销毁中心');
  assert.equal(r.json.destruction.witness_ids.length, 2);
  assert.deepEqual(r.json.destruction.carrier_ids, [target.id]);
  // DESTROY-4: still in the ledger, status destroyed.
  const show = await get(`/api/v1/carriers/${target.id}`);
  assert.equal(show.status, 200);
  assert.equal(show.json.status.code, 'destroyed');
  // DESTROY-2, REG-1 (issue 14 point 5): the destruction register names the witnesses from
  // the record, says how each confirmed and leaves 监销人签字 for their pens.
  const reg = await get('/api/v1/registers/destroy');
  assert.equal(reg.status, 200, reg.text);
  const keys = reg.json.columns.map((c) => c.key);
  assert.deepEqual(reg.json.columns.slice(-3).map((c) => c.zh), ['监销人', '监销人确认', '监销人签字']);
  const row = reg.json.rows.find((x) => (Array.isArray(x) ? x[keys.indexOf('carrier_id')] : x.carrier_id) == target.id);
  assert.ok(row, 'the destruction is on the register: ' + JSON.stringify(reg.json.rows));
  const cell = (k) => (Array.isArray(row) ? row[keys.indexOf(k)] : row[k]);
  assert.ok(cell('witnesses'), 'the witnesses are named');
  assert.ok(!cell('witness_signature'), `监销人签字 blank for the pen, got ${cell('witness_signature')}`);
});

test('LEVEL-4: a direct level decision by anybody but a classification authority is refused', async () => {
  const body = { to_level: '内部', basis: '本局保密事项一览表第3项', reason: '考试结束后不再属于国家秘密' };
  for (const who of ['staff', 'hulin', 'clerk'])
    refused(await post(`/api/v1/carriers/${doc.id}/level`, body, who), 403,
      'not_classification_authority', 'LEVEL-4');
  // LEVEL-9: the basis is required.
  refused(await post(`/api/v1/carriers/${doc.id}/level`, { to_level: '内部', reason: 'x' }, 'classifier'), 400,
    'required', null);
  assert.equal((await get(`/api/v1/carriers/${doc.id}/levels`)).json.total, 0);
});

test('LEVEL-4/7/8: the classification authority changes a level; history keeps the old marking', async () => {
  const r = await post(`/api/v1/carriers/${doc.id}/level`, {
    to_level: '机密', period: 10, basis: '本局保密事项一览表第1项', reason: '涉及中考试题',
  }, 'classifier');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.changes.length, 1);
  const ch = r.json.changes[0];
  assert.equal(ch.old_marking, doc.marking);
  assert.equal(ch.old_marking_struck, true);
  assert.equal(ch.new_marking, '机密★10年');
  assert.equal(ch.basis, '本局保密事项一览表第1项');
  assert.equal(r.json.carriers[0].level.code, 'secret');
  assert.equal(r.json.carriers[0].original_level.code, 'confidential');
  // LEVEL-7: its copies and extracts are listed for review, not changed.
  assert.ok(r.json.linked.length >= 2, r.text);
  const hist = await get(`/api/v1/carriers/${doc.id}/levels`);
  assert.equal(hist.status, 200, hist.text);
  assert.equal(hist.json.total, 1);
  assert.equal(hist.json.items[0].new_marking, '机密★10年');
});

test('LEVEL-4: a level-change request is executed only by the classification authority', async () => {
  // hulin (important) is cleared for the now 机密 document; staff (general) no longer sees it.
  const id = await approved('hulin', 'level_change', [doc.id],
    { to_level: '秘密', period: '5', basis: '本局保密事项一览表第2项' }, ['classifier']);
  refused(await post(`/api/v1/requests/${id}/execute`, {}), 403, 'not_classification_authority', 'LEVEL-4');
  const r = await post(`/api/v1/requests/${id}/execute`, {}, 'classifier');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.op, 'level_change');
  assert.equal(r.json.changes[0].new_marking, '秘密★5年');
  assert.equal(r.json.changes[0].request_id, id);
  const hist = await get(`/api/v1/carriers/${doc.id}/levels`);
  assert.deepEqual(hist.json.items.map((c) => c.new_marking), ['机密★10年', '秘密★5年']);
});

test('CIRC-1: an approved widening of the scope adds the person', async () => {
  const c = await register({ title: '财务检查工作方案', level: '秘密', scope: ['财务科'] });
  const id = await approved('clerk', 'widen_scope', [c.id], { add: 'guoyang' }, ['leader']);
  assert.equal((await get(`/api/v1/carriers/${c.id}`, 'guoyang')).status, 404, 'not yet in scope');
  const r = await post(`/api/v1/requests/${id}/execute`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.op, 'widen_scope');
  assert.equal((await get(`/api/v1/carriers/${c.id}`, 'guoyang')).status, 200, 'now visible');
});

test('MAKE-1/2/3: an approved make registers the copies; waste is registered for destruction', async () => {
  const id = await approved('zhouwei', 'make', [],
    { title: '2026年保密工作要点', level: '秘密', copies: 2, doc_number: '本局发〔2026〕40号', scope: '办公室',
      classifier: 'classifier', basis: '本局保密事项一览表第1项' }, ['leader']);
  refused(await post(`/api/v1/requests/${id}/execute`, { copies: 3, place: '机要室保密柜（二号）' }), 403,
    'extra_copies', 'MAKE-2');
  refused(await post(`/api/v1/requests/${id}/execute`, { place: '机要室保密柜（二号）', scope: ['办公室', '财务科'] }), 403,
    'scope_not_approved', 'MAKE-1');
  const r = await post(`/api/v1/requests/${id}/execute`, { place: '机要室保密柜（二号）' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.carriers.map((c) => c.serial_number), [1, 2]);
  assert.ok(r.json.carriers.every((c) => c.origin.code === 'made' && c.level.code === 'confidential'));
  const waste = await post('/api/v1/carriers/waste', { request_id: id, description: '校样', count: 2 });
  assert.equal(waste.status, 201, waste.text);
  assert.equal(waste.json.count, 2);
  assert.ok(waste.json.items.every((c) => c.level.code === 'confidential' && /waste|废/.test(c.note)));
  refused(await post('/api/v1/carriers/waste', { doc_number: '不存在〔2026〕1号', description: '废页', count: 1 }),
    404, 'unknown_document', 'MAKE-3');
});

test('LEVEL-5: a volume takes the highest level of its parts; a lower one is refused', async () => {
  const a = await register({ title: '案卷材料一', level: '秘密', scope: ['办公室'] });
  const b = await register({ title: '案卷材料二', level: '内部', scope: ['办公室'] });
  refused(await post('/api/v1/volumes', { parts: [a.id, b.id], title: '2026年考务案卷', level: '内部', kind: 'paper' }),
    403, 'volume_level_too_low', 'LEVEL-5');
  // LEVEL-4 (issue 13.6): above its parts' highest level is a classification authority's decision.
  refused(await post('/api/v1/volumes', { parts: [b.id], title: '2026年考务案卷', level: '秘密', kind: 'paper' }),
    403, 'level_set_by_authority', 'LEVEL-4');
  assert.equal((await get(`/api/v1/carriers/${b.id}`)).json.volume_id, null, 'nothing changed');
  const vol = await post('/api/v1/volumes', { parts: [a.id], title: '2026年考务案卷', level: '秘密', kind: 'paper' });
  assert.equal(vol.status, 201, vol.text);
  assert.equal(vol.json.origin.code, 'volume');
  const add = await post(`/api/v1/volumes/${vol.json.id}/items`, { part_id: b.id });
  assert.equal(add.status, 200, add.text);
  assert.equal((await get(`/api/v1/carriers/${b.id}`)).json.volume_id, vol.json.id);
  const top = await register({ title: '绝密材料', level: '绝密', place: '机要室保密柜（一号）', scope: ['clerk'] });
  refused(await post(`/api/v1/volumes/${vol.json.id}/items`, { part_id: top.id }), 403, 'volume_level_too_low',
    'LEVEL-5');
  assert.equal((await get(`/api/v1/carriers/${top.id}`)).json.volume_id, null, 'nothing changed');
});

test('KEEP-3: returned to the issuer; an unknown id is refused whole', async () => {
  const c = await register({ title: '会议材料（会后清退）', level: '秘密', scope: ['办公室'] });
  const r = await post('/api/v1/returns', { carrier_ids: [c.id], note: '按要求清退省教育厅' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.returned, [c.id]);
  assert.equal((await get(`/api/v1/carriers/${c.id}`)).json.status.code, 'returned');
  refused(await post('/api/v1/returns', {}), 400, 'required', null);
});

test('KEEP-2, PERSON-4: departure is refused while items are held; after the hand-over it is recorded', async () => {
  const c = await register({ title: '人事档案核查材料', level: '秘密', scope: ['人事科'], custodian: 'guoyang',
    place: '人事科保密柜', keep_reason: '因工作需要个人保管', keep_approver: 'leader', keep_until: '2030-12-31' });
  const day = unitDay(); // the unit's day (UTC+8): at 16:00-24:00 UTC the UTC date is its yesterday
  refused(await post(`/api/v1/people/${await personId('guoyang')}/depart`, { left_on: day }, 'secadmin'), 403,
    'carriers_held', 'KEEP-2');
  // KEEP-2, REG-1: both sides confirm the list themselves; a typed name is no signature.
  refused(await post('/api/v1/handovers', { from: 'guoyang', to: 'wufang', from_password: PW }), 400,
    'holder_confirmation_required', 'KEEP-2');
  refused(await post('/api/v1/handovers', { from: 'guoyang', to: 'wufang', from_password: PW, to_signature: '吴芳' }), 400,
    'typed_signature', 'KEEP-2');
  const h = await post('/api/v1/handovers', { from: 'guoyang', to: 'wufang', from_password: PW, to_password: PW,
    note: '调岗移交' });
  assert.equal(h.status, 201, h.text);
  assert.ok(h.json.items.some((x) => x.id === c.id));
  assert.ok(h.json.items.every((x) => x.custodian === '吴芳'));
  const dep = await post(`/api/v1/people/${await personId('guoyang')}/depart`, { left_on: day }, 'secadmin');
  assert.equal(dep.status, 200, dep.text);
  assert.equal(dep.json.left_on, day);
  assert.ok(dep.json.decl_until > day, 'PERSON-4: a declassification period');
  // The person's sessions ended.
  assert.equal((await get('/api/v1/me', 'guoyang')).status, 401);
});

async function personId(username) {
  const r = await get('/api/v1/people');
  return r.json.items.find((p) => p.username === username).id;
}

test('SYS-1: none of the three administrators may execute, decide levels or hand over', async () => {
  for (const admin of ['sysadmin', 'secadmin', 'auditor']) {
    refused(await post(`/api/v1/carriers/${doc.id}/level`, { to_level: '内部', basis: 'x', reason: 'y' }, admin),
      403, 'admin_no_business', 'SYS-1');
    refused(await get(`/api/v1/carriers/${doc.id}/levels`, admin), 403, 'admin_no_business', 'SYS-1');
    refused(await post('/api/v1/requests/1/execute', {}, admin), 403, 'admin_no_business', 'SYS-1');
    refused(await post('/api/v1/handovers', { from: 'staff', to: 'hulin', from_password: PW, to_password: PW }, admin),
      403, 'admin_no_business', 'SYS-1');
    refused(await post('/api/v1/returns', { carrier_ids: [doc.id] }, admin), 403, 'admin_no_business', 'SYS-1');
    refused(await post('/api/v1/volumes', { parts: [doc.id], title: 't', level: '秘密' }, admin), 403,
      'admin_no_business', 'SYS-1');
    refused(await post('/api/v1/carriers/waste', { doc_number: '本局发〔2026〕40号', description: 'x', count: 1 }, admin),
      403, 'admin_no_business', 'SYS-1');
    refused(await post('/api/v1/requests', { op: 'borrow', carrier_ids: [doc.id], reason: 'x' }, admin), 403,
      'admin_no_business', 'SYS-1');
    refused(await post('/api/v1/desk/issue', { request_id: 1 }, admin), 403, 'admin_no_business', 'SYS-1');
    refused(await post('/api/v1/desk/checkin', { carrier_id: doc.id }, admin), 403, 'admin_no_business', 'SYS-1');
  }
});

test('SYS-2: a carrier outside the scope answers 404 exactly like a missing one, and is not counted', async () => {
  const hidden = await register({ title: '纪检案件线索材料（仅限办公室）', level: '秘密', scope: ['办公室'] });
  const missingId = 999999;
  for (const path of ['', '/levels']) {
    const h = await get(`/api/v1/carriers/${hidden.id}${path}`, 'staff');
    const m = await get(`/api/v1/carriers/${missingId}${path}`, 'staff');
    refused(h, 404, m.json.error.code, m.json.error.rule);
    assert.equal(h.json.error.message.replace(String(hidden.id), 'N'), m.json.error.message.replace(String(missingId), 'N'));
    assert.equal(h.json.error.message_en.replace(String(hidden.id), 'N'), m.json.error.message_en.replace(String(missingId), 'N'));
  }
  const lv = await post(`/api/v1/carriers/${hidden.id}/level`, { to_level: '内部', basis: 'x', reason: 'y' }, 'staff');
  const lm = await post(`/api/v1/carriers/${missingId}/level`, { to_level: '内部', basis: 'x', reason: 'y' }, 'staff');
  // A non-authority's LEVEL-4 refusal would tell existing ids from missing ones: both are 404.
  refused(lv, 404, 'unknown_carrier', 'SYS-2');
  refused(lm, 404, 'unknown_carrier', 'SYS-2');
  assert.equal(lv.json.error.message_en.replace(String(hidden.id), 'N'), lm.json.error.message_en.replace(String(missingId), 'N'));
  const byClerk = await get('/api/v1/carriers' + q({ q: '纪检案件线索材料' }));
  const byStaff = await get('/api/v1/carriers' + q({ q: '纪检案件线索材料' }), 'staff');
  assert.equal(byClerk.json.total, 1);
  assert.equal(byStaff.json.total, 0);
  assert.equal(byStaff.json.items.length, 0);
});
