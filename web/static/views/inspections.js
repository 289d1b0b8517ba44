// inspections.js — 保密检查 and 整改通知书 (INSP-1, INSP-2; issue 11 point 5):
// the inspections with the calendar's next regular one, the form recording an
// inspection held (kind, day, scope, inspectors chosen by name, checklist
// answers, summary), one inspection with its checklist and the notices issued
// on its findings, the rectification notices by deadline (overdue marked), a
// notice's page with its history (every report, close and reopen with who,
// when and what) and report back / close / reopen, and its print view with
// the signature lines. The server decides every action: a refusal shows its
// rule ID and reason.
import { get, post } from '../api.js';
import { t, lang, isoDay, fmtDateTime } from '../i18n.js';
import { h, pageHead, card, field, input, select, toast, errorBox, emptyState, table, dialog, busy, xlsxLink } from '../ui.js';
import { has, session } from '../app.js';
import { peoplePicker } from './requests.js';

const en = () => lang() === 'en';
const keeper = () => has('clerk', 'leader', 'principal');
const kindName = (i) => (en() ? i.kind_name_en : i.kind_name) || i.kind;
const answerText = (a) => (a ? t('insp.answer.' + a) : '—');
const unitName = () => (session.me && session.me.unit ? session.me.unit.name : '');

function statusBadge(r) {
  const parts = [h('span', { class: `badge rect-${r.status}`, 'data-status': r.status }, (en() ? r.status_name_en : r.status_name) || r.status)];
  if (r.overdue) parts.push(' ', h('span', { class: 'badge overdue', 'data-testid': 'overdue' }, t('insp.overdue')));
  return h('span', null, parts);
}

const rectColumns = () => [
  { label: t('insp.f.notice_no'), render: (r) => h('a', { href: `#/rectifications/${r.id}` }, t('insp.notice_no', { id: r.id })), cls: 'nowrap' },
  { label: t('insp.f.finding'), render: (r) => r.finding },
  { label: t('insp.f.department'), render: (r) => r.department_name || '—' },
  { label: t('insp.f.responsible'), render: (r) => r.responsible_name || '—' },
  { label: t('insp.f.deadline'), render: (r) => r.deadline, cls: 'nowrap' },
  { label: t('insp.f.status'), render: statusBadge },
];
const rectAttrs = (r) => ({ 'data-rect': r.id, 'data-overdue': r.overdue ? '1' : '0' });

async function findingDialog(insp, ctx) {
  const finding = h('textarea', { name: 'finding', rows: 3, maxlength: 4000 });
  const department = input('department', { maxlength: 200 });
  const responsible = input('responsible', { maxlength: 200 });
  const deadline = input('deadline', { type: 'date' });
  const ok = await dialog(t('insp.finding_title'), h('div', { class: 'form', 'data-testid': 'finding-form' },
    field(t('insp.f.finding'), finding, { wide: true, required: true }),
    field(t('insp.f.department'), department, { required: true }),
    field(t('insp.f.responsible'), responsible, { required: true }),
    field(t('insp.f.deadline'), deadline, { hint: t('insp.deadline_hint') })), {
    ok: t('insp.issue'),
    onOk: () => post(`/inspections/${insp.id}/findings`, {
      finding: finding.value.trim(), department: department.value.trim(), responsible: responsible.value.trim(),
      deadline: deadline.value || undefined,
    }),
  });
  if (ok) { toast(t('insp.issued'), 'ok'); ctx.render(); }
}

async function renderInspection(root, ctx, id) {
  let insp;
  try { insp = await get(`/inspections/${id}`); } catch (err) { root.appendChild(errorBox(err)); return; }
  const actions = [];
  if (keeper()) actions.push(h('button', { type: 'button', class: 'btn primary', 'data-action': 'finding', on: { click: () => findingDialog(insp, ctx) } }, t('insp.issue_btn')));
  root.appendChild(pageHead(t('insp.title_one', { id: insp.id, day: insp.held_on }), kindName(insp), ...actions));
  const box = h('section', { class: 'card sheet', 'data-testid': 'inspection-sheet' });
  root.appendChild(box);
  box.appendChild(h('dl', { class: 'facts' },
    h('dt', null, t('insp.f.kind')), h('dd', null, kindName(insp)),
    h('dt', null, t('insp.f.held_on')), h('dd', null, insp.held_on),
    h('dt', null, t('insp.f.scope')), h('dd', null, insp.whole_unit ? t('insp.whole_unit') : (insp.department_names || []).join('、') || '—'),
    h('dt', null, t('insp.f.inspectors')), h('dd', null, (insp.inspector_names || []).join('、') || '—'),
    h('dt', null, t('insp.f.summary')), h('dd', null, insp.summary || '—')));
  box.appendChild(h('h3', null, t('insp.checklist')));
  const lines = insp.checklist || [];
  box.appendChild(lines.length ? table([
    { label: '#', render: (l) => String(lines.indexOf(l) + 1), cls: 'nowrap' },
    { label: t('insp.f.item'), render: (l) => l.item },
    { label: t('insp.f.answer'), render: (l) => answerText(l.answer), cls: 'nowrap' },
    { label: t('insp.f.note'), render: (l) => l.note || '—' },
  ], lines, { caption: t('insp.checklist'), rowAttrs: (l) => ({ 'data-item': l.item, 'data-answer': l.answer || '' }) }) : emptyState(t('insp.no_checklist')));
  box.appendChild(h('h3', null, t('insp.notices')));
  const rects = insp.rectifications || [];
  box.appendChild(rects.length ? table(rectColumns(), rects, { caption: t('insp.notices'), rowAttrs: rectAttrs }) : emptyState(t('insp.no_notices')));
}

async function act(r, what, ctx) {
  const text = h('textarea', { name: 'text', rows: 3, maxlength: 4000 });
  const deadline = input('deadline', { type: 'date' });
  const body = what === 'report' ? () => ({ text: text.value.trim() })
    : what === 'reopen' ? () => ({ note: text.value.trim(), deadline: deadline.value || undefined })
      : () => ({ note: text.value.trim() });
  const ok = await dialog(t('insp.' + what + '_title'), h('div', { class: 'form', 'data-testid': what + '-form' },
    field(t(what === 'report' ? 'insp.f.report' : 'insp.f.follow_up'), text, { wide: true, required: true }),
    ...(what === 'reopen' ? [field(t('insp.f.new_deadline'), deadline, { required: true })] : [])), {
    ok: t('insp.' + what + '_btn'),
    onOk: () => post(`/rectifications/${r.id}/${what}`, body()),
  });
  if (ok) { toast(t('insp.saved'), 'ok'); ctx.render(); }
}

async function renderNotice(root, ctx, id) {
  let r;
  try { r = await get(`/rectifications/${id}`); } catch (err) { root.appendChild(errorBox(err)); return; }
  const btn = (what, cls = 'btn') => h('button', { type: 'button', class: cls, 'data-action': what, on: { click: () => act(r, what, ctx) } }, t('insp.' + what + '_btn'));
  const actions = [];
  if (r.status === 'open') actions.push(btn('report', 'btn primary'));
  if (r.status === 'reported' && keeper()) actions.push(btn('close', 'btn primary'), btn('reopen'));
  actions.push(h('button', { type: 'button', class: 'btn', 'data-action': 'print', on: { click: () => window.print() } }, t('insp.print')));
  root.appendChild(pageHead(t('insp.notice_title'), t('insp.notice_no', { id: r.id }), ...actions));
  const box = h('section', { class: 'card sheet', 'data-testid': 'notice-sheet' });
  root.appendChild(box);
  box.appendChild(h('h2', { class: 'print-only', 'data-testid': 'print-title' }, t('insp.notice_title')));
  box.appendChild(h('p', { class: 'sheet-meta' }, h('span', { 'data-testid': 'unit' }, unitName()), '　',
    h('span', { 'data-testid': 'notice-no' }, t('insp.notice_no', { id: r.id }))));
  box.appendChild(h('dl', { class: 'facts' },
    h('dt', null, t('insp.f.status')), h('dd', null, statusBadge(r)),
    h('dt', null, t('insp.f.inspection')), h('dd', null, r.inspection_id ? h('a', { href: `#/inspections/${r.inspection_id}` }, `#${r.inspection_id}`) : '—'),
    h('dt', null, t('insp.f.finding')), h('dd', { 'data-testid': 'finding' }, r.finding),
    h('dt', null, t('insp.f.department')), h('dd', { 'data-testid': 'department' }, r.department_name || '—'),
    h('dt', null, t('insp.f.responsible')), h('dd', { 'data-testid': 'responsible' }, r.responsible_name || '—'),
    h('dt', null, t('insp.f.deadline')), h('dd', { 'data-testid': 'deadline' }, r.deadline),
    h('dt', null, t('insp.f.report')), h('dd', null, r.report || '—'),
    h('dt', null, t('insp.f.follow_up')), h('dd', null, r.follow_up || '—')));
  const hist = r.history || [];
  box.appendChild(h('h3', null, t('insp.history')));
  box.appendChild(hist.length ? table([
    { label: t('insp.f.at'), render: (e) => fmtDateTime(e.at), cls: 'nowrap' },
    { label: t('insp.f.actor'), render: (e) => e.actor_name || '—', cls: 'nowrap' },
    { label: t('insp.f.action'), render: (e) => t('insp.action.' + e.action), cls: 'nowrap' },
    { label: t('insp.f.text'), render: (e) => e.detail || '—' },
  ], hist, { caption: t('insp.history'), rowAttrs: (e) => ({ 'data-event': e.action }) }) : emptyState(t('insp.no_history')));
  box.appendChild(h('div', { class: 'sheet-foot', 'data-testid': 'signatures' },
    h('span', null, t('insp.sign_inspector')),
    h('span', null, t('insp.sign_responsible')),
    h('span', null, t('insp.sign_date'))));
}

// The checklist most inspections start from (INSP-1): the clerk answers each
// line, adds or removes lines; a 不符合 is then issued as a notice (INSP-2).
const CHECK_ITEMS = ['insp.check.ledger', 'insp.check.safes', 'insp.check.offline', 'insp.check.commitments', 'insp.check.labels'];
const KINDS = ['regular', 'spot', 'special'];

// A line's answer, read at submit time. Not an expando on the <li>: an <li>'s
// `value` is its ordinal number and would swallow a function.
const lineOf = new WeakMap();

function checkLine(item = '') {
  const text = input('check_item', { value: item, maxlength: 200, 'aria-label': t('insp.f.item') });
  const answer = select('check_answer', ['yes', 'no', 'na'].map((a) => [a, t('insp.answer.' + a)]), { value: 'yes' });
  const note = input('check_note', { maxlength: 1000, 'aria-label': t('insp.f.note'), placeholder: t('insp.note_ph') });
  const row = h('li', { class: 'check-line', 'data-check-line': '' }, text, answer, note,
    h('button', { type: 'button', class: 'linkish', 'data-action': 'remove-line', 'aria-label': t('insp.remove_line'), on: { click: () => row.remove() } }, '×'));
  lineOf.set(row, () => ({ item: text.value.trim(), answer: answer.value, note: note.value.trim() || undefined }));
  return row;
}

async function renderNew(root, ctx) {
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/inspections' }, t('insp.title')), ' / ', t('insp.new_title')));
  root.appendChild(pageHead(t('insp.new_title'), t('insp.new_sub')));
  let depts = [];
  try { depts = (await get('/departments')).items || []; } catch (err) { root.appendChild(errorBox(err)); return; }
  const kind = select('kind', KINDS.map((k) => [k, t('insp.kind.' + k)]), { value: 'regular' });
  const held = input('held_on', { type: 'date', value: isoDay() });
  const whole = h('input', { type: 'checkbox', name: 'whole_unit', checked: true });
  const boxes = depts.map((d) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'scope_dept', value: String(d.id), 'data-dept': d.name }), ' ', d.name));
  const deptList = h('div', { class: 'checks', 'data-testid': 'scope-departments', hidden: true }, boxes);
  whole.addEventListener('change', () => { deptList.hidden = whole.checked; });
  const inspectors = peoplePicker('inspectors', t('insp.f.inspectors'), { departments: false, hint: t('insp.inspectors_hint') });
  const lines = h('ol', { class: 'check-lines', 'data-testid': 'check-lines' }, CHECK_ITEMS.map((k) => checkLine(t(k))));
  const addLine = h('button', { type: 'button', class: 'btn', 'data-action': 'add-line', on: { click: () => { const l = checkLine(); lines.appendChild(l); l.querySelector('input').focus(); } } }, t('insp.add_line'));
  const summary = h('textarea', { name: 'summary', rows: 3, maxlength: 4000 });
  const err = h('div');
  const submit = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'record-inspection' }, t('insp.record'));
  const form = h('form', { class: 'form', 'data-testid': 'inspection-form', novalidate: true },
    err,
    field(t('insp.f.kind'), kind, { required: true }),
    field(t('insp.f.held_on'), held, { required: true }),
    h('div', { class: 'field wide' }, h('span', { class: 'label' }, t('insp.f.scope')),
      h('label', { class: 'check' }, whole, ' ', t('insp.whole_unit')), deptList),
    inspectors.el,
    h('div', { class: 'field wide' }, h('span', { class: 'label' }, t('insp.checklist')), lines, addLine),
    field(t('insp.f.summary'), summary, { wide: true }),
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {
      kind: kind.value,
      held_on: held.value || undefined,
      scope: whole.checked ? ['unit'] : boxes.map((b) => b.querySelector('input')).filter((c) => c.checked).map((c) => c.value),
      inspectors: inspectors.value().split(',').filter(Boolean).map((v) => v.replace(/^person:/, '')),
      checklist: [...lines.querySelectorAll('[data-check-line]')].map((l) => lineOf.get(l)()).filter((l) => l.item),
      summary: summary.value.trim() || undefined,
    };
    const r = await busy(submit, err, () => post('/inspections', body));
    if (r) { toast(t('insp.recorded'), 'ok'); ctx.go(`/inspections/${r.id}`); }
  });
  root.appendChild(card(null, form));
}

async function renderCalendar(root) {
  try {
    const c = await get('/inspections/calendar');
    root.appendChild(h('p', { class: c.alert ? 'alert warn' : 'muted', 'data-testid': 'calendar' },
      t('insp.next_due', { due: c.due, last: c.last_regular || '—' }),
      c.alert ? [' ', (en() ? c.reason_en : c.reason) || ''] : ''));
  } catch (err) { root.appendChild(errorBox(err)); }
}

async function renderList(root, ctx) {
  const overdue = ctx.query && ctx.query.overdue === '1';
  root.appendChild(pageHead(t('insp.title'), t('insp.sub'),
    keeper() ? h('a', { class: 'btn primary', href: '#/inspections/new', 'data-action': 'new-inspection' }, t('insp.new_btn')) : null,
    keeper() ? xlsxLink('/inspections', {}, 'baomi-inspections', t('insp.xlsx_list')) : null,
    xlsxLink('/rectifications', { overdue: overdue ? '1' : '' }, 'baomi-rectifications', t('insp.xlsx_notices'))));
  if (keeper()) {
    await renderCalendar(root);
    let res;
    try { res = await get('/inspections'); } catch (err) { root.appendChild(errorBox(err)); return; }
    root.appendChild(card(t('insp.list'), res.items.length ? table([
      { label: t('insp.f.held_on'), render: (i) => h('a', { href: `#/inspections/${i.id}` }, i.held_on), cls: 'nowrap' },
      { label: t('insp.f.kind'), render: kindName },
      { label: t('insp.f.scope'), render: (i) => (i.whole_unit ? t('insp.whole_unit') : t('insp.departments', { n: (i.department_ids || []).length })) },
      { label: t('insp.f.findings'), render: (i) => `${i.finding_count} / ${i.open_count}` },
    ], res.items, { caption: t('insp.list'), rowAttrs: (i) => ({ 'data-insp': i.id }) }) : emptyState(t('insp.none'))));
  }
  let rs;
  try { rs = await get('/rectifications' + (overdue ? '?overdue=1' : '')); } catch (err) { root.appendChild(errorBox(err)); return; }
  root.appendChild(card(t('insp.notices'), rs.items.length ? table(rectColumns(), rs.items, { caption: t('insp.notices'), rowAttrs: rectAttrs }) : emptyState(t('insp.no_notices'))));
}

export async function render(root, ctx) {
  if (ctx.params && ctx.params.rid) return renderNotice(root, ctx, ctx.params.rid);
  if (ctx.params && ctx.params.id === 'new') return renderNew(root, ctx);
  if (ctx.params && ctx.params.id) return renderInspection(root, ctx, ctx.params.id);
  return renderList(root, ctx);
}
