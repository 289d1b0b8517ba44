// sites.js — 保密要害部门部位登记 (SITE-1, issue 10 points 4 and 5): the
// register with filters, search, CSV export and a print view with signature
// lines; a site's page with its confirmation, responsible leader, staff and
// access lists, measures checklist, history and visit log, and the clerk's
// forms (list a person, record a measure check, sign a visitor in with an
// escort and out; register, edit and revoke an entry); the visit log's print
// view (来访登记簿). The server decides every action: a refusal stays in its
// dialog with its rule ID and reason.
import { get, post, qs } from '../api.js';
import { t, lang, fmtDate, fmtDateTime, isoDay } from '../i18n.js';
import {
  h, icon, pageHead, card, field, input, select, toast, errorBox, emptyState, table,
  dialog, download, toCsv, xlsxLink,
} from '../ui.js';
import { isClerk, session } from '../app.js';

const KINDS = ['department', 'place'];
const STATUSES = ['active', 'revoked'];
const HISTORY = ['add', 'edit', 'revoke', 'staff_add', 'staff_remove', 'access_add', 'access_remove',
  'measure', 'visit_in', 'visit_out'];
const EDIT_FIELDS = ['name', 'kind', 'department', 'place', 'location', 'confirmed_by', 'confirmed_on',
  'confirm_doc', 'leader', 'note'];

// The API's own zh/en name of a code ("kind_name"/"kind_name_en").
const named = (o, k) => (lang() === 'en' ? o[k + '_en'] : o[k]) || o[k] || '';
const kindName = (k) => t('site.kind.' + k);
const statusBadge = (s) => h('span', { class: `badge site-${s.status}`, 'data-status': s.status },
  s.status === 'revoked' ? t('site.status.revoked') : t('site.status.active'));
const where = (s) => [s.department_name, s.place_name, s.location].filter(Boolean).join(' · ') || '—';
const confirmation = (s) => [s.confirmed_by, s.confirm_doc, fmtDate(s.confirmed_on)].filter(Boolean).join('，');

function csvOf(items) {
  const header = ['name', 'kind', 'where', 'confirmed_by', 'confirm_doc', 'confirmed_on', 'leader', 'staff', 'access',
    'inside', 'status'].map((k) => t('site.f.' + k));
  return toCsv(header, items.map((s) => [s.name, kindName(s.kind), where(s), s.confirmed_by, s.confirm_doc,
    s.confirmed_on, s.leader_name, s.staff_count, s.access_count, s.visitors_inside,
    s.status === 'revoked' ? t('site.status.revoked') : t('site.status.active')]));
}

function sheetHead(title) {
  const unit = session.me && session.me.unit ? (session.me.unit.name || '') : '';
  return [h('h2', { class: 'sheet-title print-only' }, title),
    h('div', { class: 'sheet-meta print-only' }, h('span', null, unit), h('span', null, t('site.printed_on', { date: fmtDate(isoDay()) })))];
}

async function listView(root, ctx) {
  const q = ctx.query;
  const kind = select('kind', KINDS.map((k) => [k, kindName(k)]), { value: q.kind, blank: t('common.all') });
  const status = select('status', STATUSES.map((s) => [s, t('site.status.' + s)]), { value: q.status, blank: t('common.all') });
  const search = input('q', { value: q.q || '', type: 'search', maxlength: 100 });
  const apply = () => ctx.go('/sites', { kind: kind.value, status: status.value, q: search.value.trim() });
  for (const c of [kind, status]) c.addEventListener('change', apply);
  const form = h('form', { class: 'filters no-print', 'aria-label': t('site.filters') },
    field(t('site.f.kind'), kind), field(t('site.f.status'), status), field(t('site.search'), search),
    h('button', { type: 'submit', class: 'btn' }, t('site.search')));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); apply(); });
  const exportBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'export' }, icon('download'), t('site.export'));
  const printBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('site.print'));
  const addBtn = isClerk() ? h('button', { type: 'button', class: 'btn primary', 'data-action': 'site-add', on: { click: () => siteDialog(undefined, ctx) } }, t('site.add')) : null;
  const xlsx = xlsxLink('/sites', { kind: q.kind, status: q.status, q: q.q }, 'baomi-sites');
  root.appendChild(pageHead(t('site.title'), t('site.sub'), addBtn, exportBtn, xlsx, printBtn));
  root.appendChild(card(null, form));
  const box = h('section', { class: 'card sheet register-sheet', 'data-testid': 'site-register' });
  root.appendChild(box);
  let res;
  try {
    res = await get('/sites' + qs({ kind: q.kind, status: q.status, q: q.q }));
  } catch (err) { box.appendChild(errorBox(err)); return; }
  exportBtn.addEventListener('click', () => download(`baomi-sites-${isoDay()}.csv`, csvOf(res.items)));
  box.append(...sheetHead(t('site.title')));
  if (!res.items.length) { box.appendChild(emptyState(t('site.none'))); return; }
  box.appendChild(table([
    { label: t('site.f.name'), render: (s) => h('a', { href: `#/sites/${s.id}` }, s.name) },
    { label: t('site.f.kind'), render: (s) => kindName(s.kind), cls: 'nowrap' },
    { label: t('site.f.where'), render: where },
    { label: t('site.f.confirmation'), render: confirmation },
    { label: t('site.f.leader'), render: (s) => s.leader_name || '—', cls: 'nowrap' },
    { label: t('site.f.staff'), render: (s) => String(s.staff_count ?? 0), num: true },
    { label: t('site.f.access'), render: (s) => String(s.access_count ?? 0), num: true },
    { label: t('site.f.inside'), render: (s) => (s.visitors_inside ? h('span', { class: 'badge warn' }, String(s.visitors_inside)) : '0'), num: true },
    { label: t('site.f.status'), render: statusBadge },
  ], res.items, { caption: t('site.title'), rowAttrs: (s) => ({ 'data-site': s.id, 'data-name': s.name }) }));
  box.appendChild(h('div', { class: 'sheet-foot print-only' }, h('span', null, t('site.sign_clerk')), h('span', null, t('site.sign_leader'))));
}

// One action dialog: `controls` [[name, label, control, hint]], `send` builds the request.
async function act(title, controls, send, ctx) {
  const els = {};
  const body = h('div', { class: 'form' }, controls.map(([name, label, control, hint]) => {
    els[name] = control;
    return field(label, control, { hint });
  }));
  const ok = await dialog(title, body, { ok: t('site.save'), onOk: () => send(els) });
  if (ok) { toast(t('site.saved'), 'ok'); ctx.render(); }
  return ok;
}

const val = (el) => el.value.trim() || undefined;
const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'];

// The register form (SITE-1): what and where (an existing department or
// storage place, or a location), the confirmation (who, date, document) and
// the responsible leader. `s` is the entry being edited (undefined: a new one).
async function siteDialog(s, ctx) {
  const [deps, places, people] = await Promise.all([
    get('/departments').then((r) => r.items || [], () => []),
    get('/places').then((r) => r.items || [], () => []),
    get('/people').then((r) => r.items || [], () => []),
  ]);
  const cur = s || {};
  const inPost = people.filter((p) => p.status === 'active'
    && !(p.roles || []).some((r) => ADMIN_ROLES.includes(typeof r === 'string' ? r : r.role)));
  const pick = (name, rows, value, blank) => select(name, rows.map((r) => [String(r.id), r.name]),
    { value: value ? String(value) : '', blank });
  const els = {
    name: input('name', { maxlength: 100, value: cur.name || '' }),
    kind: select('kind', KINDS.map((k) => [k, kindName(k)]), { value: cur.kind || 'place' }),
    department: pick('department', deps, cur.department_id, t('site.none_linked')),
    place: pick('place', places, cur.place_id, t('site.none_linked')),
    location: input('location', { maxlength: 200, value: cur.location || '' }),
    confirmed_by: input('confirmed_by', { maxlength: 200, value: cur.confirmed_by || '' }),
    confirmed_on: input('confirmed_on', { type: 'date', value: cur.confirmed_on || '' }),
    confirm_doc: input('confirm_doc', { maxlength: 200, value: cur.confirm_doc || '' }),
    leader: pick('leader', inPost, cur.leader_id, t('site.choose')),
    note: input('note', { maxlength: 1000, value: cur.note || '' }),
  };
  const body = h('div', { class: 'form', 'data-testid': 'site-form' },
    field(t('site.f.name'), els.name, { required: true }),
    field(t('site.f.kind'), els.kind, { required: true, hint: t('site.kind_hint') }),
    field(t('site.f.department'), els.department),
    field(t('site.f.place_name'), els.place),
    field(t('site.f.location'), els.location, { hint: t('site.where_hint') }),
    field(t('site.f.confirmed_by'), els.confirmed_by, { required: true }),
    field(t('site.f.confirmed_on'), els.confirmed_on, { required: true }),
    field(t('site.f.confirm_doc'), els.confirm_doc),
    field(t('site.f.leader'), els.leader, { required: true }),
    field(t('site.c.note'), els.note));
  const send = () => {
    const b = {
      name: els.name.value.trim(), kind: els.kind.value, department: els.department.value,
      place: els.place.value, location: els.location.value.trim(), confirmed_by: els.confirmed_by.value.trim(),
      confirmed_on: els.confirmed_on.value, confirm_doc: els.confirm_doc.value.trim(),
      leader: els.leader.value, note: els.note.value.trim(),
    };
    // A new entry sends what was filled in; an edit sends every field (emptied: cleared), the leader when chosen.
    for (const k of Object.keys(b)) if (b[k] === '' && (!s || k === 'leader')) delete b[k];
    return s ? post(`/sites/${s.id}/edit`, b) : post('/sites', b);
  };
  const saved = await dialog(s ? t('site.edit') : t('site.add'), body, { ok: t('site.save'), onOk: send });
  if (!saved) return;
  toast(t('site.saved'), 'ok');
  if (s) ctx.render(); else ctx.go(`/sites/${saved.id}`);
}

async function revokeDialog(s, ctx) {
  const reason = input('reason', { maxlength: 1000 });
  const ok = await dialog(t('site.revoke'), h('div', { class: 'form one' },
    h('p', null, t('site.revoke_q', { name: s.name })),
    field(t('site.revoke_reason'), reason, { required: true })),
  { ok: t('site.revoke'), okClass: 'danger', onOk: () => post(`/sites/${s.id}/revoke`, { reason: reason.value.trim() }) });
  if (ok) { toast(t('site.saved'), 'ok'); ctx.render(); }
}

function actions(s, ctx) {
  if (!isClerk() || s.status === 'revoked') return [];
  const listSel = () => select('list', [['staff', t('site.list.staff')], ['access', t('site.list.access')]], { value: 'staff' });
  return [
    h('button', { type: 'button', class: 'btn', 'data-action': 'site-edit', on: { click: () => siteDialog(s, ctx) } }, t('site.edit')),
    h('button', { type: 'button', class: 'btn danger', 'data-action': 'site-revoke', on: { click: () => revokeDialog(s, ctx) } }, t('site.revoke')),
    h('button', { type: 'button', class: 'btn primary', 'data-action': 'visit-in', on: { click: () => act(t('site.visit_in'), [
      ['visitor', t('site.v.visitor'), input('visitor', { maxlength: 100 }), t('site.visitor_hint')],
      ['person', t('site.v.person'), input('person', { maxlength: 100 }), t('site.person_hint')],
      ['organisation', t('site.v.organisation'), input('organisation', { maxlength: 200 })],
      ['reason', t('site.v.reason'), input('reason', { maxlength: 200 })],
      ['escort', t('site.v.escort'), input('escort', { maxlength: 100 }), t('site.escort_hint')],
    ], (e) => post(`/sites/${s.id}/visits`, {
      visitor: val(e.visitor), person: val(e.person), organisation: val(e.organisation),
      reason: e.reason.value.trim(), escort: val(e.escort),
    }), ctx) } }, t('site.visit_in')),
    h('button', { type: 'button', class: 'btn', 'data-action': 'member', on: { click: () => act(t('site.member_add'), [
      ['person', t('site.m.person'), input('person', { maxlength: 100 }), t('site.member_hint')],
      ['list', t('site.m.list'), listSel()],
    ], (e) => post(`/sites/${s.id}/members`, { person: e.person.value.trim(), list: e.list.value }), ctx) } }, t('site.member_add')),
    h('button', { type: 'button', class: 'btn', 'data-action': 'measure', on: { click: () => {
      const present = h('input', { type: 'checkbox', name: 'present', checked: true });
      return act(t('site.measure_check'), [
        // The server's words for the measures (its checklist names every one), not a second list.
        ['measure', t('site.c.measure'), select('measure', (s.checklist || []).map((c) => [c.measure, named(c, 'measure_name')]))],
        ['present', t('site.c.present'), present, t('site.present_hint')],
        ['checked_on', t('site.c.checked_on'), input('checked_on', { type: 'date', value: isoDay() })],
        ['note', t('site.c.note'), input('note', { maxlength: 1000 })],
      ], (e) => post(`/sites/${s.id}/measures`, { measure: e.measure.value, present: e.present.checked,
        checked_on: val(e.checked_on), note: val(e.note) }), ctx);
    } } }, t('site.measure_check')),
  ];
}

function historyDetail(e) {
  if (e.action === 'edit' && e.detail) {
    try {
      const d = JSON.parse(e.detail);
      return Object.entries(d).filter(([k]) => EDIT_FIELDS.includes(k))
        .map(([k, v]) => `${t('site.e.' + k)}：${v}`).join('；');
    } catch { /* plain text */ }
  }
  return e.detail || '';
}

function visitTable(items, { sign = false, clerk = false, ctx } = {}) {
  const cols = [
    { label: t('site.v.visitor'), render: (v) => v.visitor, cls: 'nowrap' },
    { label: t('site.v.organisation'), render: (v) => v.organisation || '—' },
    { label: t('site.v.reason'), render: (v) => v.reason },
    { label: t('site.v.escort'), render: (v) => v.escort_name || '—', cls: 'nowrap' },
    { label: t('site.v.time_in'), render: (v) => fmtDateTime(v.time_in), cls: 'nowrap' },
    { label: t('site.v.time_out'), render: (v) => (v.time_out ? fmtDateTime(v.time_out)
      : [h('span', { class: 'badge warn no-print' }, t('site.inside')), clerk ? h('button', {
        type: 'button', class: 'btn small', 'data-action': 'visit-out',
        on: { click: () => signOut(v, ctx) } }, t('site.visit_out')) : null]), cls: 'nowrap' },
  ];
  if (sign) cols.push({ label: t('site.v.escort_sign'), render: () => '', cls: 'sign' });
  return table(cols, items, { caption: t('site.visits'), rowAttrs: (v) => ({ 'data-visit': v.id, 'data-open': v.time_out ? 'no' : 'yes' }) });
}

async function signOut(v, ctx) {
  const when = input('time_out', { type: 'datetime-local' });
  const ok = await dialog(t('site.visit_out'), h('div', { class: 'form' },
    h('p', null, t('site.visit_out_q', { visitor: v.visitor })),
    field(t('site.v.time_out'), when, { hint: t('site.time_out_hint') })),
  { ok: t('site.visit_out'), onOk: () => post(`/site-visits/${v.id}/out`,
    when.value ? { time_out: new Date(when.value).toISOString().replace(/\.\d{3}Z$/, 'Z') } : {}) });
  if (ok) { toast(t('site.saved'), 'ok'); ctx.render(); }
}

async function siteView(root, ctx) {
  let s;
  try {
    s = await get(`/sites/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) { root.appendChild(errorBox(err)); return; }
  const clerk = isClerk() && s.status !== 'revoked';
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/sites' }, t('site.title')), ' / ', s.name));
  const printLog = h('a', { class: 'btn', href: `#/sites/${s.id}/visits`, 'data-action': 'visit-log' }, icon('print'), t('site.visit_log'));
  root.appendChild(pageHead(`${s.name} · ${kindName(s.kind)}`, s.note, ...actions(s, ctx), printLog));
  const row = (k, v) => [h('dt', null, t('site.f.' + k)), h('dd', null, v === undefined || v === null || v === '' ? '—' : v)];
  root.appendChild(card(t('site.facts'), h('dl', { class: 'kv two', 'data-testid': 'site-facts' },
    row('name', s.name), row('kind', kindName(s.kind)), row('status', statusBadge(s)),
    row('department', s.department_name), row('place_name', s.place_name), row('location', s.location),
    row('confirmed_by', s.confirmed_by), row('confirm_doc', s.confirm_doc), row('confirmed_on', fmtDate(s.confirmed_on)),
    row('leader', s.leader_name),
    s.status === 'revoked' ? row('revoked', [fmtDateTime(s.revoked_at), s.revoke_reason ? `（${s.revoke_reason}）` : '']) : null)));

  const members = (list) => (s.members || []).filter((m) => m.list === list);
  const memberTable = (list) => {
    const rows = members(list);
    if (!rows.length) return emptyState(t('site.nobody'));
    return table([
      { label: t('site.m.person'), render: (m) => m.name, cls: 'nowrap' },
      { label: t('site.m.class'), render: (m) => named(m, 'class_name') },
      { label: t('site.m.added_at'), render: (m) => fmtDateTime(m.added_at), cls: 'nowrap' },
      ...(clerk ? [{ label: '', render: (m) => h('button', { type: 'button', class: 'btn small', 'data-action': 'member-remove',
        on: { click: async () => {
          const ok = await dialog(t('site.member_remove'), h('p', null, t('site.member_remove_q', { name: m.name, list: t('site.list.' + list) })),
            { ok: t('site.member_remove'), okClass: 'danger', onOk: () => post(`/sites/${s.id}/members/remove`, { person: m.person_id, list }) });
          if (ok) { toast(t('site.saved'), 'ok'); ctx.render(); }
        } } }, t('site.member_remove')) }] : []),
    ], rows, { caption: t('site.list.' + list), rowAttrs: (m) => ({ 'data-person': m.person_id, 'data-list': list }) });
  };
  root.appendChild(h('div', { class: 'grid cols-2' },
    h('section', { class: 'card', 'data-testid': 'site-staff' }, h('h2', null, t('site.list.staff')), h('p', { class: 'muted' }, t('site.staff_hint')), memberTable('staff')),
    h('section', { class: 'card', 'data-testid': 'site-access' }, h('h2', null, t('site.list.access')), memberTable('access'))));

  root.appendChild(card(t('site.checklist'), table([
    { label: t('site.c.measure'), render: (c) => named(c, 'measure_name') },
    { label: t('site.c.present'), render: (c) => (c.present === null || c.present === undefined
      ? h('span', { class: 'badge warn' }, t('site.never_checked'))
      : c.present ? h('span', { class: 'badge ok' }, t('site.present')) : h('span', { class: 'badge warn' }, t('site.missing'))) },
    { label: t('site.c.checked_on'), render: (c) => (c.checked_on ? fmtDate(c.checked_on) : '—'), cls: 'nowrap' },
  ], s.checklist || [], { caption: t('site.checklist'), rowAttrs: (c) => ({ 'data-measure': c.measure }) }),
  (s.measures || []).length ? h('details', null, h('summary', null, t('site.checks', { n: s.measures.length })), table([
    { label: t('site.c.checked_on'), render: (m) => fmtDate(m.checked_on), cls: 'nowrap' },
    { label: t('site.c.measure'), render: (m) => named(m, 'measure_name') },
    { label: t('site.c.present'), render: (m) => (m.present ? t('site.present') : t('site.missing')) },
    { label: t('site.c.by'), render: (m) => m.checked_by_name || '—', cls: 'nowrap' },
    { label: t('site.c.note'), render: (m) => m.note || '—' },
  ], s.measures, { caption: t('site.checks', { n: s.measures.length }) })) : null));

  const visits = s.visits || [];
  root.appendChild(h('section', { class: 'card', 'data-testid': 'site-visits' }, h('h2', null, t('site.visits')),
    visits.length ? visitTable(visits, { clerk, ctx }) : emptyState(t('site.no_visits'))));

  root.appendChild(card(t('site.history'), table([
    { label: t('site.h.at'), render: (e) => fmtDateTime(e.at), cls: 'nowrap' },
    { label: t('site.h.action'), render: (e) => (HISTORY.includes(e.action) ? t('site.action.' + e.action) : t('site.action.other')), cls: 'nowrap' },
    { label: t('site.h.actor'), render: (e) => e.actor_name || '—', cls: 'nowrap' },
    { label: t('site.h.detail'), render: historyDetail },
  ], s.history || [], { caption: t('site.history'), rowAttrs: (e) => ({ 'data-event': e.action }) })));
}

// 来访登记簿: the visit log as the paper form, with a blank column for the escort's signature.
async function visitLogView(root, ctx) {
  let s, res;
  try {
    s = await get(`/sites/${encodeURIComponent(ctx.params.id)}`);
    res = await get(`/sites/${encodeURIComponent(ctx.params.id)}/visits`);
  } catch (err) { root.appendChild(errorBox(err)); return; }
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/sites' }, t('site.title')), ' / ',
    h('a', { href: `#/sites/${s.id}` }, s.name), ' / ', t('site.visit_log')));
  root.appendChild(pageHead(t('site.visit_log_of', { name: s.name }), t('site.visit_log_sub'),
    xlsxLink(`/sites/${s.id}/visits`, {}, 'baomi-site-visits'),
    h('button', { type: 'button', class: 'btn primary', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('site.print'))));
  const sheet = h('section', { class: 'card sheet register-sheet', 'data-testid': 'visit-log' },
    h('h2', { class: 'sheet-title' }, t('site.visit_log_of', { name: s.name })),
    h('div', { class: 'sheet-meta' }, h('span', null, `${kindName(s.kind)}：${where(s)}`),
      h('span', null, `${t('site.f.leader')}：${s.leader_name || '—'}`)),
    res.items.length ? visitTable(res.items, { sign: true }) : emptyState(t('site.no_visits')),
    h('div', { class: 'sheet-foot' }, h('span', null, t('site.sign_clerk')), h('span', null, t('site.sign_leader'))));
  root.appendChild(sheet);
}

export async function render(root, ctx) {
  if (ctx.params.id && ctx.path.endsWith('/visits')) return visitLogView(root, ctx);
  if (ctx.params.id) return siteView(root, ctx);
  return listView(root, ctx);
}
