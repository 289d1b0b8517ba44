// selfcheck.js — 保密自查自评 (INSP-4; issue 11 point 5): the unit's yearly
// self-assessments; one with its checklist compiled from the unit's records,
// each item's evidence (count and the ids behind it), the clerk's answers
// (符合 / 不符合 — a finding with department, responsible person and deadline,
// INSP-2 — / 不适用), the signatures of the clerk and the leader in charge,
// and a print view with signature lines. The server decides every action: a
// refusal shows its rule ID and reason.
import { get, post } from '../api.js';
import { t, isoDay } from '../i18n.js';
import { h, pageHead, card, field, input, select, toast, errorBox, emptyState, table, dialog, xlsxLink } from '../ui.js';
import { has } from '../app.js';

const ANSWERS = ['yes', 'no', 'na'];
const statusBadge = (a) => h('span', { class: `badge sa-${a.status}`, 'data-status': a.status }, t('sa.status.' + a.status));
const answerText = (i) => (i.answer ? t('sa.answer.' + i.answer) : '—');
const title = (i) => (document.documentElement.lang === 'en' ? i.title_en : i.title_zh);

// The evidence: the count and links to the records behind it.
function evidence(i) {
  const ev = i.evidence || {};
  if (!i.evidence_count) return h('span', { class: 'muted' }, t('sa.no_evidence'));
  const base = { person: '#/people/', incident: '#/incidents/', carrier: '#/carrier/', device: '#/devices/', rectification: '#/rectifications/' }[ev.table];
  // INSP-2: the notices past their deadline; DEV-1: the labels out of date.
  const overdue = new Set(ev.overdue || []), outdated = new Set(ev.outdated || []);
  const ids = (ev.ids || []).map((id) => [base ? h('a', { href: base + id }, `#${id}`) : `#${id}`,
    overdue.has(id) ? [' ', h('span', { class: 'badge overdue', 'data-overdue': id }, t('sa.overdue'))] : null,
    outdated.has(id) ? [' ', h('span', { class: 'badge warn', 'data-outdated': id }, t('sa.outdated'))] : null]);
  const parts = [h('strong', null, String(i.evidence_count)), ' '];
  ids.forEach((a, k) => parts.push(k ? ', ' : '', a));
  if (ev.truncated) parts.push(' …');
  if (ev.overdue_count) parts.push(h('br'), h('span', { class: 'muted', 'data-testid': 'overdue-count' }, t('sa.overdue_count', { n: ev.overdue_count })));
  return h('span', { 'data-evidence': i.item }, parts);
}

async function answerDialog(sa, i, ctx) {
  const answer = select('answer', ANSWERS.map((a) => [a, t('sa.answer.' + a)]), { value: i.answer || (i.evidence_count ? 'no' : 'yes') });
  const note = h('textarea', { name: 'note', rows: 2, maxlength: 2000 }, i.note || '');
  const department = input('department', { maxlength: 200 });
  const responsible = input('responsible', { maxlength: 200 });
  const deadline = input('deadline', { type: 'date', value: isoDay() });
  const ok = await dialog(t('sa.answer_title', { n: i.position }), h('div', { class: 'form', 'data-testid': 'sa-answer-form' },
    h('p', null, title(i), ' (', i.rule, ')'),
    field(t('sa.f.evidence'), evidence(i)),
    field(t('sa.f.answer'), answer, { required: true }),
    field(t('sa.f.note'), note, { wide: true, hint: t('sa.note_hint') }),
    field(t('sa.f.department'), department, { hint: t('sa.finding_hint') }),
    field(t('sa.f.responsible'), responsible),
    field(t('sa.f.deadline'), deadline)), {
    ok: t('sa.save'),
    onOk: () => post(`/self-assessments/${sa.id}/answers`, {
      item: i.item, answer: answer.value, note: note.value.trim() || undefined,
      ...(answer.value === 'no' ? { department: department.value.trim() || undefined, responsible: responsible.value.trim() || undefined, deadline: deadline.value || undefined } : {}),
    }),
  });
  if (ok) { toast(t('sa.saved'), 'ok'); ctx.render(); }
}

// A refusal of start or sign: shown with its rule ID where the page reports errors.
function refusal(slot, err) {
  slot.replaceChildren(errorBox(err));
  slot.scrollIntoView({ block: 'nearest' });
}

async function sign(sa, as, ctx, slot) {
  try {
    await post(`/self-assessments/${sa.id}/sign`, { as });
    toast(t('sa.signed_ok'), 'ok');
    ctx.render();
  } catch (err) { refusal(slot, err); }
}

async function renderOne(root, ctx, id) {
  let sa;
  try { sa = await get(`/self-assessments/${id}`); } catch (err) { root.appendChild(errorBox(err)); return; }
  const clerk = has('clerk'), leader = has('leader', 'principal');
  const slot = h('div', { 'data-testid': 'sa-error' });
  const actions = [xlsxLink(`/self-assessments/${sa.id}`, {}, 'baomi-self-assessment'),
    h('button', { type: 'button', class: 'btn', 'data-action': 'print', on: { click: () => window.print() } }, t('sa.print'))];
  if (clerk && sa.status === 'open') actions.unshift(h('button', { type: 'button', class: 'btn primary', 'data-action': 'sign-clerk', on: { click: () => sign(sa, 'clerk', ctx, slot) } }, t('sa.sign_clerk_btn')));
  if (leader && sa.status === 'clerk_signed') actions.unshift(h('button', { type: 'button', class: 'btn primary', 'data-action': 'sign-leader', on: { click: () => sign(sa, 'leader', ctx, slot) } }, t('sa.sign_leader_btn')));
  root.appendChild(pageHead(t('sa.title_year', { year: sa.year }), t('sa.sub'), ...actions));
  root.appendChild(slot);
  const box = h('section', { class: 'card sheet', 'data-testid': 'sa-sheet' });
  root.appendChild(box);
  box.appendChild(h('h2', { class: 'print-only' }, t('sa.title_year', { year: sa.year })));
  box.appendChild(h('p', null, statusBadge(sa), ' ', t('sa.progress', { answered: sa.items_answered, total: sa.items_total, findings: sa.findings })));
  box.appendChild(table([
    { label: '#', render: (i) => String(i.position), cls: 'nowrap' },
    { label: t('sa.f.item'), render: (i) => [title(i), h('br'), h('span', { class: 'muted' }, i.rule)] },
    { label: t('sa.f.evidence'), render: evidence },
    { label: t('sa.f.answer'), render: answerText, cls: 'nowrap' },
    { label: t('sa.f.note'), render: (i) => i.note || '—' },
    { label: t('sa.f.rectification'), render: (i) => (i.answer === 'no' ? [`${i.department || '—'} ${i.deadline || ''}`,
      i.rectification_id ? [h('br'), h('a', { href: `#/rectifications/${i.rectification_id}`, 'data-rect': i.rectification_id }, t('insp.notice_no', { id: i.rectification_id }))] : null] : '—') },
    ...(clerk && sa.status === 'open' ? [{ label: '', cls: 'no-print', render: (i) => h('button', { type: 'button', class: 'btn', 'data-action': 'answer', 'data-item': i.item, on: { click: () => answerDialog(sa, i, ctx) } }, t('sa.answer_btn')) }] : []),
  ], sa.items, { caption: t('sa.title_year', { year: sa.year }), rowAttrs: (i) => ({ 'data-item': i.item, 'data-answer': i.answer || '' }) }));
  box.appendChild(h('div', { class: 'sheet-foot', 'data-testid': 'signatures' },
    h('span', null, t('sa.sign_clerk'), ' ', sa.clerk_name ? `${sa.clerk_name} ${sa.clerk_signed_at}` : ''),
    h('span', null, t('sa.sign_leader'), ' ', sa.leader_name ? `${sa.leader_name} ${sa.leader_signed_at}` : '')));
}

export async function render(root, ctx) {
  if (ctx.params && ctx.params.id) return renderOne(root, ctx, ctx.params.id);
  const actions = [];
  const slot = h('div', { 'data-testid': 'sa-error' });
  if (has('clerk')) {
    const year = input('year', { value: String(new Date().getFullYear()), inputmode: 'numeric', maxlength: 4, 'aria-label': t('sa.f.year') });
    actions.push(year, h('button', { type: 'button', class: 'btn primary', 'data-action': 'start', on: { click: async () => {
      try {
        const sa = await post('/self-assessments', { year: Number(year.value) });
        toast(t('sa.started'), 'ok');
        ctx.go(`/self-assessments/${sa.id}`);
      } catch (err) { refusal(slot, err); }
    } } }, t('sa.start')));
  }
  actions.push(xlsxLink('/self-assessments', {}, 'baomi-self-assessments', t('sa.xlsx_list')));
  root.appendChild(pageHead(t('sa.title'), t('sa.sub'), ...actions));
  root.appendChild(slot);
  let res;
  try { res = await get('/self-assessments'); } catch (err) { root.appendChild(errorBox(err)); return; }
  if (!res.items.length) { root.appendChild(card(null, emptyState(t('sa.none')))); return; }
  root.appendChild(card(null, table([
    { label: t('sa.f.year'), render: (a) => h('a', { href: `#/self-assessments/${a.id}` }, String(a.year)) },
    { label: t('sa.f.status'), render: statusBadge },
    { label: t('sa.f.progress'), render: (a) => `${a.items_answered}/${a.items_total}` },
    { label: t('sa.f.findings'), render: (a) => String(a.findings) },
  ], res.items, { caption: t('sa.title'), rowAttrs: (a) => ({ 'data-sa': a.id }) })));
}
