// handovers.js — 移交登记簿 and one kept 涉密载体移交清单 (KEEP-2, REG-1, REG-4;
// issue 14 point 5). #/handovers lists every hand-over of the unit, newest
// first, filtered by person and period (GET /handovers); its printed book is
// the register #/registers/handover. #/handovers/:id reprints one list exactly
// as it was handed over — from what the server stored at the hand-over, never
// from the carriers as they are now — with how each side confirmed and the
// 签字 lines left blank for the pen.
import { get, qs } from '../api.js';
import { t, isEn, fmtDate, fmtDateTime, fmtNum } from '../i18n.js';
import { h, pageHead, card, field, input, select, errorBox, emptyState, table, icon, notice } from '../ui.js';

const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'];

// KEEP-2, REG-1: how one side confirmed, in words.
export function receiptWords(code, at) {
  if (code === 'password') return t('ho.receipt.password', { at: fmtDateTime(at) });
  if (code === 'paper') return t('ho.receipt.paper');
  return t('ho.receipt.typed');
}

const levelWord = (l) => (l ? (isEn() ? l.en : l.zh) : '—');

export async function render(root, ctx) {
  if (ctx.params.id) return renderOne(root, ctx);
  const q = ctx.query;
  const people = await get('/people').then((r) => (r.items || []).filter((p) => !(p.roles || []).some((x) => ADMIN_ROLES.includes(x.role))), () => []);
  const person = select('person', people.map((p) => [String(p.id), p.name]), { value: q.person || '', blank: t('ho.anyone') });
  const from = input('from', { type: 'date', value: q.from || '' });
  const to = input('to', { type: 'date', value: q.to || '' });
  const book = h('a', { class: 'btn', href: '#/registers/handover', 'data-action': 'register' }, icon('print'), t('ho.print_book'));
  root.appendChild(pageHead(t('ho.title'), t('ho.sub'), book));
  const form = h('form', { class: 'filters no-print', 'aria-label': t('ho.filters') },
    field(t('ho.person'), person), field(t('ledger.from'), from), field(t('ledger.to'), to),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'btn primary' }, t('ledger.apply'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.go('/handovers', { person: person.value, from: from.value, to: to.value });
  });
  root.appendChild(card(null, form));
  const box = h('section', { class: 'card', 'data-testid': 'handover-list' });
  root.appendChild(box);
  let r;
  try {
    r = await get('/handovers' + qs({ person: q.person, from: q.from, to: q.to }));
  } catch (err) {
    box.appendChild(errorBox(err));
    return;
  }
  if (!r.items.length) {
    box.appendChild(emptyState(t('ho.none')));
    return;
  }
  box.appendChild(table([
    { label: t('ho.no'), render: (x) => h('a', { href: `#/handovers/${x.id}`, 'data-action': 'open-handover' }, t('ho.no_n', { id: x.id })), cls: 'nowrap' },
    { label: t('ho.at'), render: (x) => fmtDateTime(x.at), cls: 'nowrap' },
    { label: t('ho.from'), render: (x) => x.from_name },
    { label: t('ho.to'), render: (x) => x.to_name },
    { label: t('ho.carriers'), render: (x) => fmtNum(x.carriers), num: true },
    { label: t('ho.devices'), render: (x) => fmtNum(x.devices), num: true },
    { label: t('ho.from_receipt'), render: (x) => receiptWords(x.from_receipt, x.at) },
    { label: t('ho.to_receipt'), render: (x) => receiptWords(x.to_receipt, x.at) },
    { label: t('ho.clerk'), render: (x) => x.recorded_by_name },
    { label: t('ho.note'), render: (x) => x.note || '' },
  ], r.items, { caption: t('ho.title'), rowAttrs: (x) => ({ 'data-handover': x.id }) }));
}

async function renderOne(root, ctx) {
  const id = ctx.params.id;
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/handovers' }, t('ho.title')), ' / ', t('ho.no_n', { id })));
  let x;
  try {
    x = await get(`/handovers/${encodeURIComponent(id)}`);
  } catch (err) {
    root.appendChild(errorBox(err));
    return;
  }
  const unit = ctx.session.me.unit ? ctx.session.me.unit.name : '';
  const printBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'print-handover', on: { click: () => window.print() } }, icon('print'), t('desk.ho_print'));
  root.appendChild(pageHead(t('ho.sheet_title_n', { id: x.id }), t('ho.sheet_sub'), printBtn));
  const seq = [x.seq.classified && t('ho.seq_classified', { n: x.seq.classified }), x.seq.ordinary && t('ho.seq_ordinary', { n: x.seq.ordinary })].filter(Boolean).join(isEn() ? '; ' : '；');
  const n = x.items.length + x.device_items.length;
  const sheet = h('section', { class: 'card handover-sheet ho-reprint', 'data-testid': 'handover-reprint' },
    h('h2', { class: 'sheet-title' }, t('desk.ho_sheet_title')),
    h('p', { class: 'muted sheet-meta' }, h('span', null, unit),
      h('span', null, t('desk.ho_from_to', { from: x.from_name, to: x.to_name })),
      h('span', null, fmtDateTime(x.at)),
      h('span', null, seq),
      h('span', null, t('ho.count', { n: fmtNum(x.items.length), d: fmtNum(x.device_items.length) }))),
    x.items_recorded ? null : notice('info', h('p', { 'data-testid': 'ho-legacy' }, t('ho.legacy'))),
    x.items.length ? table([
      { label: t('desk.ho_no'), render: (c) => String(x.items.indexOf(c) + 1), num: true },
      { label: t('ho.carrier_no'), render: (c) => h('a', { href: `#/carrier/${c.carrier_id}` }, String(c.carrier_id)), cls: 'nowrap' },
      { label: t('desk.doc_number'), render: (c) => c.doc_number || '—', cls: 'nowrap' },
      { label: t('ho.serial'), render: (c) => (c.serial_number ? String(c.serial_number) : '—'), num: true },
      { label: t('carrier.title'), render: (c) => c.title || t('ho.not_recorded'), cls: 'title-cell' },
      { label: t('carrier.level'), render: (c) => (c.marking ? h('span', { class: 'marking' }, c.marking) : levelWord(c.level)) },
    ], x.items, { caption: t('desk.ho_sheet_title'), rowAttrs: (c) => ({ 'data-carrier': c.carrier_id }) }) : null,
    x.device_items.length ? table([
      { label: t('desk.ho_no'), render: (d) => String(x.items.length + x.device_items.indexOf(d) + 1), num: true },
      { label: t('desk.ho_device'), render: (d) => d.number, cls: 'nowrap' },
      { label: t('desk.ho_device_kind'), render: (d) => (isEn() ? d.kind.en : d.kind.zh) },
      { label: t('ho.model'), render: (d) => d.model || '—' },
      { label: t('carrier.level'), render: (d) => levelWord(d.level) },
    ], x.device_items, { caption: t('desk.ho_devices_title'), rowAttrs: (d) => ({ 'data-device': d.device_id }) }) : null,
    n ? null : emptyState(t('ho.empty_list')),
    x.hidden ? h('p', { class: 'muted' }, t('ho.hidden', { n: fmtNum(x.hidden) })) : null,
    x.note ? h('p', null, t('desk.ho_note_label'), isEn() ? ': ' : '：', x.note) : null,
    h('div', { class: 'sheet-foot handover-foot' },
      // KEEP-2, REG-1: how each side confirmed; the 签字 lines are left for the pen.
      h('span', null, t('desk.ho_sign_from'), isEn() ? ': ' : '：', h('span', { class: 'sign-blank' }, ''),
        h('small', { 'data-testid': 'ho-sign-from' }, receiptWords(x.from_receipt, x.at))),
      h('span', null, t('desk.ho_sign_to'), isEn() ? ': ' : '：', h('span', { class: 'sign-blank' }, ''),
        h('small', { 'data-testid': 'ho-sign-to' }, receiptWords(x.to_receipt, x.at))),
      h('span', null, t('desk.ho_sign_clerk'), isEn() ? ': ' : '：', x.recorded_by_name)),
    h('p', { class: 'muted small' }, t('ho.reprinted', { at: fmtDate(new Date().toISOString()) })));
  root.appendChild(sheet);
}
