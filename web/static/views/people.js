// people.js — 涉密人员 (PERSON-1..8, issue 10 points 1, 2 and 5): the register
// with filters, search and CSV export; a person's record with its history,
// trainings, trips and the lifecycle step forms (vetting, post, commitment,
// clearance, statement, trip, exit commitment, leaving); the 花名册 of core
// and important personnel as a print view with signature lines (A4
// landscape, print.css); training sessions and a session's attendance.
// The server decides every step: a refusal shows its rule ID and reason.
import { get, post, qs } from '../api.js';
import { t, isEn, fmtDateTime, isoDay } from '../i18n.js';
import {
  h, icon, pageHead, card, field, input, select, toast, errorBox, emptyState, table, dialog, download, toCsv,
  xlsxLink,
} from '../ui.js';
import { has, isClerk } from '../app.js';
import { personMerits } from './merits.js';

const STAGES = ['account', 'candidate', 'refused', 'vetted', 'trained', 'committed', 'cleared', 'leaving', 'decl', 'ended'];
const CLASSES = ['core', 'important', 'general', 'none'];

const className = (c) => t('people.class.' + (CLASSES.includes(c) ? c : 'none'));
const stageName = (p) => (isEn() ? p.stage_en : p.stage_zh) || t('people.stage.' + p.stage);
const stageBadge = (p) => h('span', { class: `badge stage-${p.stage}${p.stage === 'decl' ? ' warn' : ''}`, 'data-stage': p.stage }, stageName(p));
const dash = (v) => (v === null || v === undefined || v === '' ? '—' : v);
const hours = (n) => (n === null || n === undefined ? '—' : String(n));
const blockedText = (b) => (b ? `${b.rule} ${isEn() ? b.en : b.zh}` : '');
const canStep = () => has('secadmin');

function blockedBadge(b) {
  if (!b) return '—';
  return h('span', { class: 'badge warn', 'data-rule': b.rule, title: isEn() ? b.en : b.zh }, b.rule, ' ', isEn() ? b.en : b.zh);
}

function csvOf(items) {
  const header = ['name', 'department', 'class', 'stage', 'post', 'vetted_on', 'commitment_on', 'statement_until', 'year_hours', 'decl_until', 'blocked']
    .map((k) => t('people.f.' + k));
  return toCsv(header, items.map((p) => [p.name, p.department, className(p.class), stageName(p), p.post, p.vetted_on,
    p.commitment_on, p.statement_until, p.year_hours, p.decl_until, blockedText(p.blocked)]));
}

async function listView(root, ctx) {
  const q = ctx.query;
  const cls = select('class', CLASSES.map((c) => [c, className(c)]), { value: q.class, blank: t('common.all') });
  const stage = select('stage', STAGES.map((s) => [s, t('people.stage.' + s)]), { value: q.stage, blank: t('common.all') });
  const dept = input('department', { value: q.department || '' });
  const search = input('q', { value: q.q || '', type: 'search' });
  const apply = () => ctx.go('/people', { class: cls.value, stage: stage.value, department: dept.value.trim(), q: search.value.trim() });
  for (const c of [cls, stage]) c.addEventListener('change', apply);
  const form = h('form', { class: 'filters no-print', 'aria-label': t('people.filters') },
    field(t('people.f.class'), cls), field(t('people.f.stage'), stage), field(t('people.f.department'), dept),
    field(t('people.search'), search),
    h('button', { type: 'submit', class: 'btn' }, t('people.search')));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); apply(); });
  const exportBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'export' }, icon('download'), t('people.export'));
  root.appendChild(pageHead(t('people.title'), t('people.sub'),
    h('a', { class: 'btn', href: '#/people/roster', 'data-action': 'roster' }, icon('print'), t('people.roster')),
    h('a', { class: 'btn', href: '#/trainings', 'data-action': 'trainings' }, t('train.title')),
    exportBtn,
    xlsxLink('/people/register', { class: q.class, stage: q.stage, department: q.department, q: q.q }, 'baomi-people')));
  root.appendChild(card(null, form));
  const box = h('section', { class: 'card sheet' });
  root.appendChild(box);
  let res;
  try {
    res = await get('/people/register' + qs({ class: q.class, stage: q.stage, department: q.department, q: q.q }));
  } catch (err) { box.appendChild(errorBox(err)); return; }
  exportBtn.addEventListener('click', () => download(`baomi-people-${isoDay()}.csv`, csvOf(res.items)));
  if (!res.items.length) { box.appendChild(emptyState(t('people.none'))); return; }
  box.appendChild(table([
    { label: t('people.f.name'), render: (p) => h('a', { href: `#/people/${p.id}` }, p.name), cls: 'nowrap' },
    { label: t('people.f.department'), render: (p) => dash(p.department), cls: 'nowrap' },
    { label: t('people.f.class'), render: (p) => className(p.class), cls: 'nowrap' },
    { label: t('people.f.stage'), render: stageBadge },
    { label: t('people.f.post'), render: (p) => dash(p.post) },
    { label: t('people.f.year_hours'), render: (p) => hours(p.year_hours), cls: 'nowrap' },
    { label: t('people.f.statement_until'), render: (p) => dash(p.statement_until), cls: 'nowrap' },
    { label: t('people.f.blocked'), render: (p) => blockedBadge(p.blocked) },
  ], res.items, { caption: t('people.title'), rowAttrs: (p) => ({ 'data-person': p.id, 'data-stage': p.stage }) }));
}

// One step dialog: `controls` [[name, label, control, hint]], `send` posts it.
async function step(title, action, controls, send, ctx) {
  const els = {};
  const body = h('div', { class: 'form', 'data-step': action }, controls.map(([name, label, control, hint]) => {
    els[name] = control;
    return field(label, control, { hint });
  }));
  const ok = await dialog(title, body, { ok: t('people.save'), onOk: () => send(els) });
  if (ok) { toast(t('people.saved'), 'ok'); ctx.render(); }
}

const dateInput = (name = 'on') => input(name, { type: 'date', value: isoDay() });

function stepButtons(p, ctx) {
  if (!canStep() || p.stage === 'ended') return [];
  const b = (action, label, controls, send) => h('button', {
    type: 'button', class: 'btn', 'data-action': action, on: { click: () => step(label, action, controls, send, ctx) },
  }, label);
  const on = (path) => (e) => post(`/people/${p.id}/${path}`, { on: e.on.value });
  return [
    b('vet', t('people.step.vet'), [
      ['on', t('people.f.date'), dateInput()],
      ['result', t('people.f.result'), select('result', [['pass', t('people.result.pass')], ['fail', t('people.result.fail')]], { value: 'pass' })],
      ['note', t('people.f.note'), input('note')],
    ], (e) => post(`/people/${p.id}/vet`, { on: e.on.value, result: e.result.value, note: e.note.value.trim() || undefined })),
    b('post', t('people.step.post'), [['post', t('people.f.post'), input('post', { value: p.post || '' })]],
      (e) => post(`/people/${p.id}/post`, { post: e.post.value.trim() })),
    b('commit', t('people.step.commit'), [['on', t('people.f.date'), dateInput()]], on('commit')),
    b('clear', t('people.step.clear'), [
      ['on', t('people.f.date'), dateInput()],
      ['class', t('people.f.class'), select('class', ['core', 'important', 'general'].map((c) => [c, className(c)]),
        { value: ['core', 'important', 'general'].includes(p.class) ? p.class : 'general' }), t('people.clear_hint')],
    ], (e) => post(`/people/${p.id}/clear`, { on: e.on.value, class: e.class.value })),
    b('statement', t('people.step.statement'), [['on', t('people.f.date'), dateInput()]], on('statement')),
    b('trip', t('people.step.trip'), [
      ['destination', t('people.f.destination'), input('destination')],
      ['purpose', t('people.f.purpose'), input('purpose')],
      ['depart_on', t('people.f.depart_on'), input('depart_on', { type: 'date' })],
      ['return_on', t('people.f.return_on'), input('return_on', { type: 'date' })],
      ['briefed_on', t('people.f.briefed_on'), input('briefed_on', { type: 'date' }), `${t('people.briefed_hint')} ${t('people.trip_hint')}`],
    ], (e) => post(`/people/${p.id}/trips`, Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v.value.trim() || undefined])))),
    b('exit-commit', t('people.step.exit_commit'), [['on', t('people.f.date'), dateInput()]], on('exit-commit')),
    b('leave', t('people.step.leave'), [
      ['on', t('people.f.date'), dateInput()],
      ['moving', t('people.f.leave_kind'), select('moving', [['true', t('people.leave.moved')], ['false', t('people.leave.left')]], { value: 'true' }), t('people.leave_hint')],
    ], (e) => post(`/people/${p.id}/leave`, { on: e.on.value, moving: e.moving.value === 'true' })),
  ];
}

function eventValue(e, v) {
  if (v === null || v === undefined) return '—';
  if (e.kind === 'class') return className(v);
  if (e.kind === 'vetting') return t('people.result.' + (v === 'pass' ? 'pass' : 'fail'));
  if (e.kind === 'leave') return t('people.leave.' + (v === 'left' ? 'left' : 'moved'));
  return v;
}

// PERSON-8: a trip is pending (approved by the roles its traveller's class
// names), approved, departed, then reported back. An approver holding the
// next role approves here; the security administrator records the departure
// of an approved trip and the report back of a departed one.
function tripStatus(x, ctx) {
  const btn = (action, label, onClick) => h('button', { type: 'button', class: 'btn small', 'data-action': action, on: { click: onClick } }, label);
  const by = x.approved_by || '—';
  const text = x.reported_on ? t('people.trip.reported', { on: x.reported_on })
    : x.departed_on ? t('people.trip.departed', { on: x.departed_on, by })
      : x.next_approver ? t('people.trip.pending', { role: t('role.' + x.next_approver) })
        : t('people.trip.approved', { by });
  let action = null;
  if (x.status === 'pending' && x.next_approver && has(x.next_approver)) {
    action = btn('approve', t('people.step.approve'), () => step(t('people.step.approve'), 'approve', [],
      () => post(`/people/trips/${x.id}/approve`, {}), ctx));
  } else if (x.status === 'approved' && canStep()) {
    action = btn('depart', t('people.step.depart'), () => step(t('people.step.depart'), 'depart',
      [['on', t('people.f.date'), dateInput()]], (e) => post(`/people/trips/${x.id}/depart`, { on: e.on.value }), ctx));
  } else if (x.status === 'departed' && canStep()) {
    action = btn('report', t('people.step.report'), () => step(t('people.step.report'), 'report',
      [['on', t('people.f.date'), dateInput()], ['note', t('people.f.note'), input('note')]],
      (e) => post(`/people/trips/${x.id}/report`, { on: e.on.value, note: e.note.value.trim() || undefined }), ctx));
  }
  return h('span', { 'data-trip-status': x.status }, text, action ? ' ' : null, action);
}

async function personView(root, ctx) {
  let p;
  try {
    p = await get(`/people/${encodeURIComponent(ctx.params.id)}/record`);
  } catch (err) { root.appendChild(errorBox(err)); return; }
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/people' }, t('people.title')), ' / ', p.name));
  const print = h('button', { type: 'button', class: 'btn', on: { click: () => window.print() } }, icon('print'), t('people.print'));
  root.appendChild(pageHead(`${p.name} · ${className(p.class)}`, stageName(p), ...stepButtons(p, ctx), print));
  if (p.blocked) {
    root.appendChild(h('div', { class: 'alert warn', role: 'status', 'data-testid': 'person-blocked', 'data-rule': p.blocked.rule },
      icon('error'), h('div', null, h('p', null, h('span', { class: 'rule' }, p.blocked.rule), isEn() ? p.blocked.en : p.blocked.zh))));
  }
  const row = (k, v) => [h('dt', null, t('people.f.' + k)), h('dd', null, v ?? '—')];
  root.appendChild(card(null, h('dl', { class: 'facts sheet', 'data-testid': 'person-facts' },
    row('name', p.name), row('department', dash(p.department)), row('class', className(p.class)),
    row('stage', stageBadge(p)), row('post', dash(p.post)),
    row('temporary', p.temporary ? t('common.yes') : t('common.no')),
    row('vetted_on', p.vetted_on ? `${p.vetted_on} ${t('people.result.' + (p.vetting_result === 'pass' ? 'pass' : 'fail'))}${p.vetting_note ? '（' + p.vetting_note + '）' : ''}` : '—'),
    row('commitment_on', dash(p.commitment_on)), row('cleared_on', dash(p.cleared_on)),
    row('statement_until', p.statement_on ? `${p.statement_on} — ${dash(p.statement_until)}` : '—'),
    row('year_hours', `${hours(p.year_hours)}（${t('people.recent_hours', { n: hours(p.recent_hours) })}）`),
    row('exit_commitment_on', dash(p.exit_commitment_on)),
    row('left_on', p.left_on ? `${p.left_on} ${t('people.leave.' + (p.leave_kind === 'left' ? 'left' : 'moved'))}` : '—'),
    row('decl_until', dash(p.decl_until)),
    row('holds', t('people.holds', { kept: p.holds_kept ?? 0, loan: p.holds_on_loan ?? 0 })))));
  root.appendChild(card(t('people.history'), (p.history || []).length ? table([
    { label: t('people.at'), render: (e) => fmtDateTime(e.at), cls: 'nowrap' },
    { label: t('people.event'), render: (e) => t('people.event.' + e.kind), cls: 'nowrap' },
    { label: t('people.change'), render: (e) => (e.from ? `${eventValue(e, e.from)} → ${eventValue(e, e.to)}` : eventValue(e, e.to)) },
    { label: t('people.f.note'), render: (e) => dash(e.note) },
    { label: t('people.actor'), render: (e) => dash(e.actor), cls: 'nowrap' },
  ], p.history, { caption: t('people.history'), rowAttrs: (e) => ({ 'data-kind': e.kind }) }) : emptyState(t('people.no_history'))));
  root.appendChild(card(t('people.trainings'), (p.trainings || []).length ? table([
    { label: t('train.f.held_on'), render: (s) => h('a', { href: `#/trainings/${s.id}` }, s.held_on), cls: 'nowrap' },
    { label: t('train.f.topic'), render: (s) => s.topic },
    { label: t('train.f.hours'), render: (s) => hours(s.hours), cls: 'nowrap' },
    { label: t('train.f.trainer'), render: (s) => s.trainer, cls: 'nowrap' },
  ], p.trainings, { caption: t('people.trainings') }) : emptyState(t('train.none'))));
  root.appendChild(card(t('people.trips'), (p.trips || []).length ? table([
    { label: t('people.f.destination'), render: (x) => dash(x.destination) },
    { label: t('people.f.depart_on'), render: (x) => dash(x.depart_on), cls: 'nowrap' },
    { label: t('people.f.return_on'), render: (x) => dash(x.return_on), cls: 'nowrap' },
    { label: t('people.f.trip_status'), render: (x) => tripStatus(x, ctx) },
  ], p.trips, { caption: t('people.trips'), rowAttrs: (x) => ({ 'data-trip': x.id }) }) : emptyState(t('people.no_trips'))));
  const merits = await personMerits(p.id); // INSP-3: their rewards and sanctions
  if (merits) root.appendChild(merits);
}

async function rosterView(root) {
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/people' }, t('people.title')), ' / ', t('people.roster')));
  let res;
  try {
    res = await get('/people/roster');
  } catch (err) { root.appendChild(errorBox(err)); return; }
  const exportBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'export',
    on: { click: () => download(`baomi-roster-${isoDay()}.csv`, csvOf(res.items)) } }, icon('download'), t('people.export'));
  const print = h('button', { type: 'button', class: 'btn primary', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('people.print'));
  root.appendChild(pageHead(t('people.roster'), t('people.roster_sub'), exportBtn, xlsxLink('/people/roster', {}, 'baomi-roster'), print));
  const box = h('section', { class: 'card sheet roster', 'data-testid': 'roster' });
  root.appendChild(box);
  box.appendChild(h('h2', { class: 'sheet-title' }, t('people.roster_title', { year: isoDay().slice(0, 4) })));
  if (!res.items.length) box.appendChild(emptyState(t('people.none')));
  else {
    box.appendChild(table([
      { label: t('people.no'), render: (p) => String(res.items.indexOf(p) + 1), cls: 'nowrap' },
      { label: t('people.f.name'), render: (p) => p.name, cls: 'nowrap' },
      { label: t('people.f.department'), render: (p) => dash(p.department), cls: 'nowrap' },
      { label: t('people.f.post'), render: (p) => dash(p.post) },
      { label: t('people.f.class'), render: (p) => className(p.class), cls: 'nowrap' },
      { label: t('people.f.vetted_on'), render: (p) => dash(p.vetted_on), cls: 'nowrap' },
      { label: t('people.f.commitment_on'), render: (p) => dash(p.commitment_on), cls: 'nowrap' },
      { label: t('people.f.statement_until'), render: (p) => dash(p.statement_until), cls: 'nowrap' },
      { label: t('people.f.year_hours'), render: (p) => hours(p.year_hours), cls: 'nowrap' },
      { label: t('people.f.stage'), render: (p) => stageName(p) },
    ], res.items, { caption: t('people.roster'), rowAttrs: (p) => ({ 'data-person': p.id }) }));
  }
  box.appendChild(h('div', { class: 'sheet-foot signatures', 'data-testid': 'signatures' },
    h('span', null, t('people.sign_filler')), h('span', null, t('people.sign_checker')),
    h('span', null, t('people.sign_seal')), h('span', null, t('people.sign_date'))));
}

async function trainingsView(root, ctx) {
  const year = /^\d{4}$/.test(ctx.query.year || '') ? ctx.query.year : isoDay().slice(0, 4);
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/people' }, t('people.title')), ' / ', t('train.title')));
  const actions = [];
  if (isClerk()) {
    actions.push(h('button', { type: 'button', class: 'btn primary', 'data-action': 'new-training', on: { click: async () => {
      const c = { held_on: dateInput('held_on'), topic: input('topic'), hours: input('hours', { inputmode: 'decimal' }), trainer: input('trainer') };
      const body = h('div', { class: 'form' }, Object.entries(c).map(([k, el]) => field(t('train.f.' + k), el, { required: true })));
      const r = await dialog(t('train.new'), body, { ok: t('people.save'), onOk: () => post('/trainings',
        Object.fromEntries(Object.entries(c).map(([k, el]) => [k, el.value.trim()]))) });
      if (r) { toast(t('people.saved'), 'ok'); ctx.go(`/trainings/${r.id}`); }
    } } }, t('train.new')));
  }
  actions.push(xlsxLink('/trainings', { year }, 'baomi-trainings'),
    xlsxLink('/trainings/summary', { year }, 'baomi-training-hours', t('train.xlsx_hours')));
  root.appendChild(pageHead(t('train.title'), t('train.sub', { year }), ...actions));
  let res, sum;
  try {
    [res, sum] = await Promise.all([get('/trainings' + qs({ year })), get('/trainings/summary' + qs({ year }))]);
  } catch (err) { root.appendChild(errorBox(err)); return; }
  root.appendChild(card(null, h('p', { 'data-testid': 'training-summary' }, t('train.summary', {
    sessions: sum.sessions, hours: hours(sum.session_hours), required: hours(sum.required_hours), short: sum.short_people }))));
  root.appendChild(card(t('train.sessions'), res.items.length ? table([
    { label: t('train.f.held_on'), render: (s) => h('a', { href: `#/trainings/${s.id}` }, s.held_on), cls: 'nowrap' },
    { label: t('train.f.topic'), render: (s) => s.topic },
    { label: t('train.f.hours'), render: (s) => hours(s.hours), cls: 'nowrap' },
    { label: t('train.f.trainer'), render: (s) => s.trainer, cls: 'nowrap' },
    { label: t('train.attendees'), render: (s) => String(s.attendee_count ?? 0), cls: 'nowrap' },
    { label: t('train.signed'), render: (s) => (s.signed ? t('train.signed_yes') : t('train.signed_no')), cls: 'nowrap' },
  ], res.items, { caption: t('train.sessions'), rowAttrs: (s) => ({ 'data-training': s.id }) }) : emptyState(t('train.none'))));
  const short = (sum.people || []).filter((x) => x.short);
  if (short.length) {
    root.appendChild(card(t('train.short'), table([
      { label: t('people.f.name'), render: (x) => h('a', { href: `#/people/${x.id}` }, x.name), cls: 'nowrap' },
      { label: t('people.f.department'), render: (x) => dash(x.department) },
      { label: t('people.f.class'), render: (x) => className(x.class) },
      { label: t('people.f.year_hours'), render: (x) => hours(x.hours) },
    ], short, { caption: t('train.short') })));
  }
}

async function trainingView(root, ctx) {
  let s;
  try {
    s = await get(`/trainings/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) { root.appendChild(errorBox(err)); return; }
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/trainings' }, t('train.title')), ' / ', s.topic));
  const actions = [];
  if (isClerk() && !s.signed) {
    actions.push(h('button', { type: 'button', class: 'btn', 'data-action': 'attend', on: { click: () => step(t('train.attend'), 'attend',
      [['person', t('train.person'), input('person'), t('train.person_hint')]],
      (e) => post(`/trainings/${s.id}/attend`, { person: e.person.value.trim() }), ctx) } }, t('train.attend')));
    actions.push(h('button', { type: 'button', class: 'btn primary', 'data-action': 'sign', on: { click: () => step(t('train.sign'), 'sign',
      [], () => post(`/trainings/${s.id}/sign`, {}), ctx) } }, t('train.sign')));
  }
  actions.push(h('button', { type: 'button', class: 'btn', on: { click: () => window.print() } }, icon('print'), t('people.print')));
  root.appendChild(pageHead(s.topic, `${s.held_on} · ${t('train.hours_n', { n: hours(s.hours) })} · ${s.trainer}`, ...actions));
  root.appendChild(card(null, h('p', { 'data-testid': 'training-state' }, s.signed
    ? t('train.signed_at', { at: fmtDateTime(s.signed_at) }) : t('train.signed_no'))));
  root.appendChild(card(t('train.attendance', { n: (s.attendees || []).length }), (s.attendees || []).length ? table([
    { label: t('people.no'), render: (a) => String(s.attendees.indexOf(a) + 1), cls: 'nowrap' },
    { label: t('people.f.name'), render: (a) => h('a', { href: `#/people/${a.id}` }, a.name) },
  ], s.attendees, { caption: t('train.attendance', { n: s.attendees.length }), rowAttrs: (a) => ({ 'data-person': a.id }) }) : emptyState(t('train.no_attendees'))));
  root.appendChild(h('div', { class: 'sheet-foot print-only' }, h('span', null, t('people.sign_filler')), h('span', null, t('people.sign_date'))));
}

export async function render(root, ctx) {
  if (ctx.path.startsWith('/trainings')) return ctx.params.id ? trainingView(root, ctx) : trainingsView(root, ctx);
  if (ctx.path === '/people/roster') return rosterView(root, ctx);
  if (ctx.params.id) return personView(root, ctx);
  return listView(root, ctx);
}
