// meetings.js — 涉密会议 (MEET-1, MEET-2): the register of classified
// meetings with filters and the clerk's form for a new meeting, a meeting's
// page (level, place, time, measures, participants, documents issued and
// returned, history) with the clerk's forms for each step (change the
// meeting, add or take off a participant, measures, open, issue, take back,
// close), and the print view of the 会议文件签收登记表 with a
// blank column for the participant's signature. The server decides every
// step; a refusal shows its rule ID and reason in the dialog.
import { get, post, qs } from '../api.js';
import { t, term, fmtDateTime } from '../i18n.js';
import { h, pageHead, card, field, input, select, toast, errorBox, emptyState, table, icon, levelBadge, dialog, LEVELS, xlsxLink } from '../ui.js';
import { isClerk } from '../app.js';
import { receiptFields } from './desk.js';

const STATUSES = ['planned', 'open', 'closed'];
const name = (o, k) => (document.documentElement.lang === 'en' ? o[k + '_en'] : o[k]) || o[k];

async function listView(root, ctx) {
  const q = ctx.query;
  const status = select('status', STATUSES.map((s) => [s, t('meet.status.' + s)]), { value: q.status, blank: t('common.all') });
  const level = select('level', LEVELS.map((l) => [l, term('level', l)]), { value: q.level, blank: t('common.all') });
  const out = h('input', { type: 'checkbox', name: 'out', checked: q.out === 'true' });
  const search = input('q', { value: q.q || '', maxlength: 100 });
  const form = h('form', { class: 'filters' },
    field(t('meet.f.status'), status), field(t('meet.f.level'), level), field(t('meet.f.search'), search),
    h('label', { class: 'check' }, out, ' ', t('meet.f.out')),
    h('button', { type: 'submit', class: 'btn' }, t('meet.filter')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.go('/meetings', { status: status.value, level: level.value, q: search.value.trim(), out: out.checked ? 'true' : '' });
  });
  root.appendChild(pageHead(t('meet.title'), t('meet.sub'), isClerk()
    ? h('button', { type: 'button', class: 'btn primary', 'data-action': 'meeting-new', on: { click: () => newMeeting(ctx) } }, t('meet.new'))
    : null, xlsxLink('/meetings', { status: q.status, level: q.level, q: q.q, out: q.out }, 'baomi-meetings')));
  root.appendChild(card(null, form));
  const box = h('section', { class: 'card' });
  root.appendChild(box);
  let res;
  try {
    res = await get('/meetings' + qs({ status: q.status, level: q.level, q: q.q, out: q.out }));
  } catch (err) { box.appendChild(errorBox(err)); return; }
  if (!res.items.length) { box.appendChild(emptyState(t('meet.none'))); return; }
  box.appendChild(table([
    { label: '#', render: (m) => h('a', { href: `#/meetings/${m.id}` }, `#${m.id}`), cls: 'nowrap' },
    { label: t('meet.f.title'), render: (m) => h('a', { href: `#/meetings/${m.id}` }, m.title), cls: 'title-cell' },
    { label: t('meet.f.level'), render: (m) => levelBadge(m.level) },
    { label: t('meet.f.place'), render: (m) => m.place },
    { label: t('meet.f.starts'), render: (m) => fmtDateTime(m.starts_at), cls: 'nowrap' },
    { label: t('meet.f.status'), render: (m) => t('meet.status.' + m.status), cls: 'nowrap' },
    { label: t('meet.f.participants'), render: (m) => String(m.participant_count), cls: 'nowrap' },
    { label: t('meet.f.out'), render: (m) => (m.documents_out ? h('strong', { class: 'overdue' }, String(m.documents_out)) : '0'), cls: 'nowrap' },
  ], res.items, { caption: t('meet.title'), rowAttrs: (m) => ({ 'data-meeting': m.id }) }));
}

// A datetime-local value ("2026-12-01T08:30", the browser's zone) and an instant, both ways.
const instant = (local) => new Date(local).toISOString().replace(/\.\d{3}Z$/, 'Z');
function localValue(at) {
  if (!at) return '';
  const d = new Date(at);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

// The meeting's fields (MEET-1), filled from `m` when changing it. `values()`
// gives what differs from `m` (everything given, for a new meeting).
function meetingControls(m) {
  const c = {
    title: input('title', { maxlength: 200, value: m ? m.title : '' }),
    level: select('level', LEVELS.filter((l) => l !== 'public').map((l) => [l, term('level', l)]), { value: m ? m.level : 'secret' }),
    room: input('room', { maxlength: 200, value: m && !m.site_id ? m.place || '' : '' }),
    site: input('site', { maxlength: 100, value: m && m.site_id ? String(m.site_id) : '' }),
    starts_at: input('starts_at', { type: 'datetime-local', value: localValue(m && m.starts_at) }),
    ends_at: input('ends_at', { type: 'datetime-local', value: localValue(m && m.ends_at) }),
    organiser: input('organiser', { maxlength: 100, value: m ? String(m.organiser_id || '') : '' }),
    note: input('note', { maxlength: 1000, value: m ? m.note || '' : '' }),
  };
  const first = Object.fromEntries(Object.entries(c).map(([k, el]) => [k, el.value]));
  const controls = [
    m ? h('p', { class: 'muted' }, t('meet.edit_hint')) : null,
    field(t('meet.f.title'), c.title, { required: true }),
    field(t('meet.f.level'), c.level, { required: true }),
    field(t('meet.f.room'), c.room, { hint: t('meet.place_hint') }),
    field(t('meet.f.site'), c.site),
    field(t('meet.f.starts'), c.starts_at, { required: true }),
    field(t('meet.f.ends'), c.ends_at, { required: true }),
    field(t('meet.f.organiser'), c.organiser, { required: true, hint: t('meet.organiser_hint') }),
    field(t('meet.f.note'), c.note),
  ];
  const values = () => {
    const out = {};
    for (const [k, el] of Object.entries(c)) {
      const v = el.value.trim();
      if (m && v === first[k].trim()) continue;
      if (!m && v === '') continue;
      out[k] = k === 'starts_at' || k === 'ends_at' ? (v ? instant(v) : '') : v;
    }
    return out;
  };
  return { controls, values };
}

// MEET-1: the clerk records a meeting; the server checks level, place, time and organiser.
async function newMeeting(ctx) {
  const f = meetingControls(null);
  const r = await dialog(t('meet.new'), h('div', { class: 'form one', 'data-testid': 'meeting-form' }, f.controls),
    { onOk: () => post('/meetings', f.values()) });
  if (r && r.id) { toast(t('meet.created', { id: r.id }), 'ok'); ctx.go(`/meetings/${r.id}`); }
}

function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v)]));
}

// A step in a dialog: `controls` its fields, `send` posts them; the refusal stays in the dialog.
async function step(ctx, title, controls, send) {
  const ok = await dialog(title, h('div', { class: 'form one' }, controls), { onOk: send });
  if (ok) { toast(t('meet.done'), 'ok'); ctx.render(); }
}

function actions(m, ctx) {
  if (!isClerk() || m.status === 'closed') return [];
  const id = m.id;
  const btn = (action, label, fn) => h('button', { type: 'button', class: 'btn', 'data-action': action, on: { click: fn } }, label);
  const list = [];
  list.push(btn('meeting-edit', t('meet.edit'), () => {
    const f = meetingControls(m);
    step(ctx, t('meet.edit'), h('div', { 'data-testid': 'meeting-form' }, f.controls), () => {
      const body = f.values();
      if (!Object.keys(body).length) throw new Error(t('meet.nothing_changed'));
      return post(`/meetings/${id}/edit`, body);
    });
  }));
  list.push(btn('meeting-participant', t('meet.add_participant'), () => {
    const person = input('person', { maxlength: 100 });
    step(ctx, t('meet.add_participant'), field(t('meet.f.person'), person, { required: true, hint: t('meet.person_hint') }),
      () => post(`/meetings/${id}/participants`, { person: person.value.trim() }));
  }));
  list.push(btn('meeting-measures', t('meet.measures'), () => {
    const boxes = m.measures.map((x) => h('input', { type: 'checkbox', name: x.measure, checked: x.taken }));
    step(ctx, t('meet.measures'), m.measures.map((x, i) => h('label', { class: 'check' }, boxes[i], ' ', name(x, 'measure_name'))),
      () => post(`/meetings/${id}/measures`, Object.fromEntries(m.measures.map((x, i) => [x.measure, boxes[i].checked]))));
  }));
  if (m.status === 'planned') {
    list.push(btn('meeting-open', t('meet.open'), () => step(ctx, t('meet.open'), h('p', null, t('meet.open_q', { title: m.title })),
      () => post(`/meetings/${id}/open`, {}))));
  }
  if (m.status === 'open') {
    list.push(btn('meeting-issue', t('meet.issue'), () => {
      const carrier = input('carrier_id', { inputmode: 'numeric' });
      const holder = select('holder', m.participants.map((p) => [String(p.person_id), p.name]));
      // MEET-2, REG-1 (issue 14 point 5): the participant confirms with their own password on this screen.
      const receipt = receiptFields('', {}, { password: t('meet.f.holder_password'), hint: t('meet.holder_password_hint'),
        paper: t('meet.signed_on_paper') });
      step(ctx, t('meet.issue'), [field(t('meet.f.carrier'), carrier, { required: true }), field(t('meet.f.holder'), holder, { required: true }),
        ...receipt.nodes],
      () => post(`/meetings/${id}/documents`, receipt.apply({ carrier_id: Number(carrier.value), holder: holder.value })).finally(receipt.clear));
    }));
    list.push(btn('meeting-close', t('meet.close'), () => step(ctx, t('meet.close'), h('p', null, t('meet.close_q', { title: m.title })),
      () => post(`/meetings/${id}/close`, {}))));
  }
  return list;
}

// MEET-1/2: a participant taken off the list (never the organiser nor one holding a document: the server says).
function removeButton(m, p, ctx) {
  if (!isClerk() || m.status === 'closed') return '';
  return h('button', { type: 'button', class: 'btn small', 'data-action': 'meeting-remove', on: { click: () =>
    step(ctx, t('meet.remove_participant'), h('p', null, t('meet.remove_q', { name: p.name })),
      () => post(`/meetings/${m.id}/participants/remove`, { person: String(p.person_id) })) } }, t('meet.remove_participant'));
}

function returnButton(m, d, ctx) {
  if (!isClerk() || d.returned_at) return null;
  return h('button', { type: 'button', class: 'btn small', 'data-action': 'meeting-return', on: { click: () => {
    const note = input('note', { maxlength: 200 });
    step(ctx, t('meet.return'), [h('p', null, t('meet.return_q', { title: d.title, holder: d.holder_name })), field(t('meet.f.note'), note)],
      () => post(`/meetings/${m.id}/returns`, { carrier_id: d.carrier_id, note: note.value.trim() || undefined }));
  } } }, t('meet.return'));
}

function documentsTable(m, ctx, printing) {
  if (!m.documents.length) return emptyState(t('meet.no_documents'));
  const cols = [
    { label: t('meet.f.carrier'), render: (d) => (printing ? `#${d.carrier_id}` : h('a', { href: `#/carrier/${d.carrier_id}` }, `#${d.carrier_id}`)), cls: 'nowrap' },
    { label: t('meet.f.doc_title'), render: (d) => [d.title, d.doc_number ? ` ${d.doc_number}` : ''], cls: 'title-cell' },
    { label: t('meet.f.level'), render: (d) => term('level', d.level) },
    { label: t('meet.f.holder'), render: (d) => d.holder_name, cls: 'nowrap' },
    { label: t('meet.f.issued'), render: (d) => fmtDateTime(d.issued_at), cls: 'nowrap' },
    { label: t('meet.f.due'), render: (d) => fmtDateTime(d.due_at), cls: 'nowrap' },
    { label: t('meet.f.returned'), render: (d) => (d.returned_at ? fmtDateTime(d.returned_at)
      : h('span', { class: d.overdue ? 'overdue' : '' }, d.overdue ? t('meet.overdue') : t('meet.out'))), cls: 'nowrap' },
  ];
  // REG-1, MEET-2: how the participant confirmed; a name typed before issue 14 is no signature.
  cols.push({ label: t('meet.f.receipt'), render: (d) => t('meet.receipt.' + (d.receipt || 'typed')), cls: 'nowrap' });
  if (printing) {
    cols.push({ label: t('meet.f.sign_issue'), render: () => h('span', { class: 'sign-blank' }, '') });
    cols.push({ label: t('meet.f.sign_return'), render: () => h('span', { class: 'sign-blank' }, '') });
  } else {
    cols.push({ label: '', render: (d) => returnButton(m, d, ctx) });
  }
  return table(cols, m.documents, { caption: t('meet.documents'), rowAttrs: (d) => ({ 'data-carrier': d.carrier_id, 'data-returned': String(!!d.returned_at) }) });
}

function facts(m) {
  return kv([
    [t('meet.f.status'), t('meet.status.' + m.status)],
    [t('meet.f.level'), levelBadge(m.level)],
    [t('meet.f.place'), m.site_id ? [m.place, ' ', t('meet.key_site')] : m.place],
    [t('meet.f.time'), `${fmtDateTime(m.starts_at)} – ${fmtDateTime(m.ends_at)}`],
    [t('meet.f.organiser'), m.organiser_name],
    [t('meet.f.note'), m.note],
  ]);
}

async function load(root, ctx) {
  try {
    return await get(`/meetings/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) { root.appendChild(pageHead(t('meet.title'))); root.appendChild(errorBox(err)); return null; }
}

async function detailView(root, ctx) {
  const m = await load(root, ctx);
  if (!m) return;
  root.appendChild(h('div', { class: 'breadcrumb' }, h('a', { href: '#/meetings' }, t('meet.title')), ' / ', `#${m.id}`));
  root.appendChild(pageHead(m.title, t('meet.detail_sub'), ...actions(m, ctx),
    h('a', { class: 'btn', href: `#/meetings/${m.id}/sheet`, 'data-action': 'meeting-sheet' }, icon('print'), t('meet.sheet'))));
  root.appendChild(card(t('meet.facts'), h('div', { 'data-testid': 'meeting-facts' }, facts(m))));
  root.appendChild(card(t('meet.measures'), h('ul', { class: 'checklist', 'data-testid': 'meeting-measures' },
    m.measures.map((x) => h('li', { 'data-measure': x.measure, 'data-taken': String(x.taken) },
      x.taken ? '✓ ' : '✗ ', name(x, 'measure_name'), ' · ', x.taken ? t('meet.taken') : t('meet.not_taken')))),
  m.measures_at ? h('p', { class: 'muted' }, t('meet.measures_at', { at: fmtDateTime(m.measures_at) })) : null));
  root.appendChild(card(t('meet.participants'), table([
    { label: t('meet.f.person'), render: (p) => p.name },
    { label: t('meet.f.department'), render: (p) => p.department_name },
    { label: t('meet.f.class'), render: (p) => name(p, 'class_name') },
    { label: '', render: (p) => (p.organiser ? t('meet.f.organiser') : removeButton(m, p, ctx)) },
  ], m.participants, { caption: t('meet.participants'), rowAttrs: (p) => ({ 'data-person': p.person_id }) })));
  root.appendChild(card(t('meet.documents'), h('div', { 'data-testid': 'meeting-documents' }, documentsTable(m, ctx, false))));
  root.appendChild(card(t('meet.history'), m.history.length
    ? h('ul', { class: 'decisions', 'data-testid': 'meeting-history' }, m.history.map((e) => h('li', { 'data-action': e.action },
      h('strong', null, t('meet.action.' + e.action)), ' · ', e.actor_name || '', ' · ', fmtDateTime(e.at), e.detail ? h('p', null, e.detail) : null)))
    : emptyState(t('meet.no_history'))));
}

// The 会议文件签收登记表: every document, who received it, due and back, with blank signature columns.
async function sheetView(root, ctx) {
  const m = await load(root, ctx);
  if (!m) return;
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/meetings' }, t('meet.title')), ' / ',
    h('a', { href: `#/meetings/${m.id}` }, `#${m.id}`), ' / ', t('meet.sheet')));
  root.appendChild(h('div', { class: 'no-print' }, pageHead(t('meet.sheet'), null,
    h('button', { type: 'button', class: 'btn primary', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('meet.print')))));
  root.appendChild(h('section', { class: 'card sheet', 'data-testid': 'meeting-sheet' },
    h('h2', { class: 'sheet-title' }, t('meet.sheet_title')),
    h('p', { class: 'sheet-marking' }, term('level', m.level)),
    facts(m),
    documentsTable(m, ctx, true),
    h('div', { class: 'sheet-foot' }, h('span', null, t('meet.sign_clerk')), h('span', null, t('meet.sign_organiser')))));
}

export async function render(root, ctx) {
  if (ctx.path.endsWith('/sheet')) return sheetView(root, ctx);
  if (ctx.params.id) return detailView(root, ctx);
  return listView(root, ctx);
}
