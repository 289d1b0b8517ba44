// carrier.js — one carrier: its marking (LEVEL-8; a changed level shows the
// old marking struck out, LEVEL-7), custodian and place (KEEP-1), the full
// history, links to what it was copied or extracted from and its volume,
// and the printable label whose QR code the server draws (MAKE-4, INV-3).
import { get, post } from '../api.js';
import { t, term, vocab, fmtDate, fmtDateTime, isEn } from '../i18n.js';
import {
  h, pageHead, card, errorBox, emptyState, marking, levelBadge, statusBadge, icon, dialog, field, select,
  input, toast,
} from '../ui.js';
import { isBusiness, isClerk } from '../app.js';
import { keepingFields } from '../keeping.js';
import { takeFound } from '../scan.js';

const OPS = ['borrow', 'read', 'copy', 'extract', 'take_out', 'widen_scope', 'destroy', 'level_change'];

function period(c) {
  const p = c.period || {};
  if (p.kind === 'years') return t('period.years', { n: p.years });
  if (p.kind === 'until') return t('period.until', { date: fmtDate(p.until) });
  if (p.kind === 'event') return t('period.event', { event: p.event, date: fmtDate(p.review_date) });
  return t('period.none');
}

function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v)]));
}

// A history line's details, with ids turned into names where we know them.
// Keys of a history detail that hold a person's id (others, like loan_id, are not).
const PERSON_KEYS = new Set(['custodian_id', 'from_custodian_id', 'to_custodian_id', 'holder_id', 'person_id',
  'from_person_id', 'to_person_id', 'reader_id', 'signed_by', 'issued_by', 'received_by', 'keep_approver_id', 'classifier_id']);

// Keys kept with an event for the machine (links, hashes) and not shown.
export const HIDDEN_DETAIL = new Set(['late_registration', 'letter_id', 'import_sm3', 'import_row', 'import_file']);

export function detailText(d, names) {
  const parts = [];
  for (const [k, v] of Object.entries(d || {})) {
    if (v === null || v === undefined || v === '' || typeof v === 'object') continue;
    if (k === 'holder_id' && d.holder) continue;
    // Sentences rather than "key: value" (issue 14 point 8).
    if (k === 'step') { parts.push(t('detail.step_n', { n: v })); continue; }
    if (k === 'late_days') { parts.push(t('detail.late_days_n', { n: v })); continue; }
    if (k === 'late_registration' && v && d.late_days === undefined) { parts.push(t('detail.late')); continue; }
    if (HIDDEN_DETAIL.has(k)) continue;
    let val = v;
    if ((k === 'place_id' || k === 'from_place_id' || k === 'to_place_id') && names.places[v]) val = names.places[v];
    else if (PERSON_KEYS.has(k) && names.people[v]) val = names.people[v];
    else if (k === 'holder' && names.users && names.users[v]) val = names.users[v];
    else if (k === 'level' || k === 'from_level' || k === 'to_level') val = term('level', v);
    else if (k === 'kind') val = term('kind', v) !== v ? term('kind', v) : term('loan', v);
    else if (k === 'op') val = term('op', v);
    else if (k === 'receipt') val = term('desk.receipt', v);
    else if (k === 'role') val = term('role', v);
    else if (k === 'status') val = term('reqstatus', v);
    else if (k === 'request_id') val = `#${v}`;
    else if (k === 'meeting_id') val = `#${v}`;
    else if (PERSON_KEYS.has(k)) val = t('reqp.person_no', { id: v });
    else if (/_at$/.test(k)) val = fmtDateTime(v);
    else if (/_(until|on)$/.test(k) && /^\d{4}-\d{2}-\d{2}$/.test(v)) val = fmtDate(v);
    else if (typeof v === 'boolean') val = v ? t('common.yes') : t('common.no');
    const key = k === 'kind' && term('kind', v) !== v ? 'detail.kind_carrier' : 'detail.' + k;
    const label = t(key);
    // A field without a name in the dictionary is not shown as a raw key;
    // tests/e2e/uiwords_terms.test.mjs fails when the demo's history has one.
    if (label === key) continue;
    parts.push(`${label}${isEn() ? ': ' : '：'}${val}`);
  }
  return parts.join('；');
}

function timeline(events, names) {
  if (!events.length) return emptyState(t('carrier.no_history'));
  return h('ol', { class: 'timeline', 'data-testid': 'history' },
    events.map((e) => {
      const label = t('event.' + e.action);
      return h('li', { 'data-action': e.action },
        h('div', { class: 'when' }, fmtDateTime(e.at), ' · ', names.people[e.actor_id] || (e.actor_id ? `#${e.actor_id}` : t('common.system'))),
        h('div', { class: 'what' }, label === 'event.' + e.action ? e.action : label),
        h('div', { class: 'detail' }, detailText(e.detail, names),
          // KEEP-2: a hand-over line opens the list kept then, to reprint.
          e.action === 'handover' && e.detail && e.detail.handover_id
            ? [' ', h('a', { href: `#/handovers/${e.detail.handover_id}`, 'data-action': 'open-handover' }, t('ho.open_list'))] : null));
    }));
}

async function moveDialog(c, ctx) {
  const [places, people] = await Promise.all([
    get('/places?retired=false').then((r) => r.items, () => []),
    get('/people').then((r) => r.items || [], () => []),
  ]);
  const place = select('place', places.map((p) => [String(p.id), `${p.name}（${term('level', p.max_level)}）`]), { value: String(c.place_id || '') });
  const reason = input('reason');
  // KEEP-6: another custodian, with the terms of personal keeping when not a clerk.
  const keep = keepingFields(people, { current: c.custodian_id });
  const ok = await dialog(t('carrier.move'), h('div', { class: 'form one' },
    field(t('carrier.place'), place, { required: true, hint: t('carrier.move_hint') }),
    keep.el,
    field(t('common.reason'), reason, { required: true })), {
    ok: t('carrier.move'),
    onOk: () => post(`/carriers/${c.id}/move`, { place: place.value, reason: reason.value.trim() || undefined, ...keep.values() }),
  });
  if (ok) { toast(t('carrier.moved'), 'ok'); ctx.render(); }
}

export async function render(root, ctx) {
  const id = ctx.params.id;
  let c;
  try {
    // The search that opened this page has just read it (scan.js): one read, one audit record.
    c = takeFound(`/carriers/${id}`) || await get(`/carriers/${encodeURIComponent(id)}`);
  } catch (err) {
    root.appendChild(pageHead(t('carrier.title_page')));
    root.appendChild(errorBox(err));
    root.appendChild(h('p', null, h('a', { href: '#/ledger' }, t('carrier.back'))));
    return;
  }
  const [people, places, deps, derived] = await Promise.all([
    get('/people').then((r) => r.items, () => []),
    get('/places?retired=false').then((r) => r.items, () => []),
    get('/departments?retired=false').then((r) => r.items, () => []),
    // Its copies, extracts and (for a volume) parts, as far as the viewer may see them.
    get(`/carriers?derived_from=${c.id}&limit=200`).then((r) => r.items, () => []),
  ]);
  const names = {
    people: Object.fromEntries(people.map((p) => [p.id, p.name])),
    // A holder recorded by login name (a loan's "holder"): the person's name.
    users: Object.fromEntries(people.filter((p) => p.username).map((p) => [p.username, p.name])),
    places: Object.fromEntries(places.map((p) => [p.id, p.name])),
    deps: Object.fromEntries(deps.map((d) => [d.id, d.name])),
  };

  // LEVEL-7/8: after a level decision the registered marking is shown struck
  // out beside the current one (解密 once declassified), with the decision's date.
  const original = isEn() ? (c.original_marking_en || c.original_marking) : c.original_marking;
  const note = isEn() ? (c.marking_note_en || c.marking_note) : c.marking_note;
  const struck = (tag) => h(tag, { class: 'marking-old', 'data-testid': 'original-marking', title: t('carrier.original_marking') }, h('s', null, original));
  const actions = [];
  if (isClerk()) actions.push(h('button', { type: 'button', class: 'btn', 'data-action': 'move', on: { click: () => moveDialog(c, ctx) } }, t('carrier.move')));
  actions.push(h('button', { type: 'button', class: 'btn', 'data-action': 'print-label', on: { click: () => printLabel() } }, icon('print'), t('carrier.print_label')));

  root.appendChild(h('div', { class: 'breadcrumb' }, h('a', { href: '#/ledger' }, t('nav.ledger')), ' / ', t('carrier.no', { id: c.id })));
  root.appendChild(h('div', { class: 'page-head' },
    h('div', { class: 'carrier-head' },
      h('div', null,
        original ? struck('div') : null,
        marking(c),
        note ? h('div', { class: 'marking-note', 'data-testid': 'marking-note' }, note) : null),
      h('div', null,
        h('h1', { id: 'page-title' }, c.title),
        h('p', { class: 'sub' }, levelBadge(c.level), ' ', statusBadge(c.status), ' ', c.doc_number || '', c.serial_number ? ` · ${t('carrier.serial_n', { n: c.serial_number })}` : ''))),
    h('div', { class: 'actions' }, ...actions)));

  const scope = (c.scope || []).map((s) => (s.person_id ? names.people[s.person_id] || `#${s.person_id}` : names.deps[s.department_id] || `#${s.department_id}`));
  const links = [];
  if (c.copy_of) links.push([t('carrier.copy_of'), h('a', { href: `#/carrier/${c.copy_of}`, 'data-link': 'copy_of' }, t('carrier.no', { id: c.copy_of }))]);
  if (c.extract_of) links.push([t('carrier.extract_of'), h('a', { href: `#/carrier/${c.extract_of}`, 'data-link': 'extract_of' }, t('carrier.no', { id: c.extract_of }))]);
  if (c.volume_id) links.push([t('carrier.volume'), h('a', { href: `#/carrier/${c.volume_id}`, 'data-link': 'volume' }, t('carrier.no', { id: c.volume_id }))]);

  const custody = card(t('carrier.custody'), kv([
    [t('carrier.custodian'), c.custodian],
    // KEEP-6: a person (not the clerk) keeping it says why, who approved, until when.
    c.keeping ? [t('carrier.keeping'), h('span', { 'data-testid': 'keeping' }, t('carrier.keeping_text', {
      reason: c.keeping.reason, who: c.keeping.approver || `#${c.keeping.approver_id}`, until: fmtDate(c.keeping.until) }))] : null,
    [t('carrier.place'), c.place],
    [t('carrier.department'), c.department],
    [t('carrier.status'), statusBadge(c.status)],
  ]));
  const details = card(t('carrier.details'), kv([
    [t('carrier.marking'), marking(c)],
    original ? [t('carrier.original_marking'), h('span', null, struck('span'), note ? ` ${note}` : '')] : null,
    [t('carrier.period'), period(c)],
    [t('carrier.doc_number'), c.doc_number],
    [t('carrier.serial'), c.serial_number],
    [t('carrier.kind'), vocab(c.kind)],
    [t('carrier.origin'), vocab(c.origin)],
    [t('carrier.urgency'), vocab(c.urgency)],
    [t('carrier.pages'), c.pages || null],
    [t('carrier.copies'), c.copies],
    [t('carrier.producer'), c.producer],
    [t('carrier.sender'), c.sender],
    [t('carrier.received_on'), c.received_on ? fmtDate(c.received_on) : null],
    [t('carrier.registered'), fmtDateTime(c.registered_at)],
    [t('carrier.scope'), scope.length ? scope.join('、') : t('carrier.scope_unit')],
    ...links,
    [t('carrier.note'), c.note],
  ]));

  const reqLinks = isBusiness() && !['destroyed', 'returned'].includes(c.status.code)
    ? card(t('carrier.request'), h('div', { class: 'toolbar' }, OPS.map((op) => h('a', {
      class: 'btn small', href: `#/requests/new?op=${op}&carrier=${c.id}`, 'data-op': op,
    }, term('op', op)))))
    : null;

  const label = h('section', { class: 'card label-sheet' },
    h('h2', null, t('carrier.label')),
    h('div', { class: 'label-preview' }, h('img', {
      src: `/api/v1/carriers/${c.id}/label.svg`, alt: t('carrier.label_alt', { id: c.id }), width: 320, height: 200,
    })),
    h('p', { class: 'muted no-print' }, t('carrier.label_hint', { code: `baomi:carrier:${c.id}` })));

  const relation = (d) => (d.copy_of === c.id ? t('carrier.rel_copy') : d.extract_of === c.id ? t('carrier.rel_extract') : t('carrier.rel_part'));
  const derivedCard = derived.length ? card(t('carrier.derived', { n: derived.length }), h('ul', { class: 'derived', 'data-testid': 'derived' },
    derived.map((d) => h('li', { 'data-carrier': d.id },
      h('a', { href: `#/carrier/${d.id}` }, t('carrier.no', { id: d.id })), ' ', relation(d), ' · ', d.title,
      d.serial_number ? ` · ${t('carrier.serial_n', { n: d.serial_number })}` : '', ' ', statusBadge(d.status))))) : null;

  root.appendChild(h('div', { class: 'grid side' },
    h('div', null, details, derivedCard, card(t('carrier.history'), timeline(c.history || [], names))),
    h('div', null, custody, reqLinks, label)));
}

function printLabel() {
  document.body.classList.add('print-label');
  const done = () => { document.body.classList.remove('print-label'); window.removeEventListener('afterprint', done); };
  window.addEventListener('afterprint', done);
  window.print();
}
