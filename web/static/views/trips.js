// trips.js — 出国（境）登记 (PERSON-8, issue 15 point 2): the register of
// every trip abroad of the unit's people, newest first, with its state —
// awaiting approval, approved, departed, reported back, or departed and not
// reported back in time (PERSON-8's alert) — filtered by person, department,
// the period abroad and the state; 导出 Excel and CSV give exactly the view
// as filtered (GET /people/trips/register?format=xlsx|csv, the server's
// 涉密人员出国（境）登记表). Read by the people register's readers (the
// security administrator and the clerk); the server refuses anyone else.
import { get, qs } from '../api.js';
import { t, fmtDate, fmtNum } from '../i18n.js';
import { h, icon, pageHead, card, field, input, select, errorBox, emptyState, table, xlsxLink } from '../ui.js';

export const TRIP_STATES = ['pending', 'approved', 'departed', 'reported', 'unreported'];
const CLASSES = ['core', 'important', 'general'];

const dash = (v) => (v === null || v === undefined || v === '' ? '—' : v);
const day = (v) => (v ? fmtDate(v) : '—');
const className = (c) => t('people.class.' + (CLASSES.includes(c) ? c : 'none'));

// The filter as the URL and the server take it (empty values dropped by qs/xlsxLink).
function filterOf(q) {
  return {
    person: q.person || undefined,
    department: q.department || undefined,
    from: /^\d{4}-\d{2}-\d{2}$/.test(q.from || '') ? q.from : undefined,
    to: /^\d{4}-\d{2}-\d{2}$/.test(q.to || '') ? q.to : undefined,
    status: TRIP_STATES.includes(q.status) ? q.status : undefined,
  };
}

// The state in words: a late report back is the alert, whatever else is true.
function stateCell(x) {
  if (x.unreported) {
    return h('span', { class: 'badge overdue', 'data-state': 'unreported', title: t('trips.unreported_hint', { due: day(x.report_due) }) },
      t('trips.state.unreported'));
  }
  const cls = x.status === 'reported' ? 'ok' : x.status === 'pending' ? 'warn' : '';
  return h('span', { class: `badge ${cls}`.trim(), 'data-state': x.status }, t('trips.state.' + x.status));
}

// Who approved, or whose approval is awaited.
function approvalCell(x) {
  if (x.status === 'pending' && x.next_approver) return t('people.trip.pending', { role: t('role.' + x.next_approver) });
  return dash(x.approved_by);
}

function reportCell(x) {
  if (x.reported_on) return [day(x.reported_on), x.report_note ? h('div', { class: 'muted small' }, x.report_note) : null];
  if (x.report_due) return t('trips.due', { due: day(x.report_due) });
  return '—';
}

export async function render(root, ctx) {
  const f = filterOf(ctx.query);
  const person = input('person', { value: f.person || '', placeholder: t('trips.person_ph') });
  const dept = input('department', { value: f.department || '' });
  const from = input('from', { type: 'date', value: f.from || '' });
  const to = input('to', { type: 'date', value: f.to || '' });
  const status = select('status', TRIP_STATES.map((s) => [s, t('trips.state.' + s)]), { value: f.status, blank: t('common.all') });
  const apply = () => ctx.go('/trips', {
    person: person.value.trim(), department: dept.value.trim(), from: from.value, to: to.value, status: status.value,
  });
  status.addEventListener('change', apply);
  const form = h('form', { class: 'filters no-print', 'aria-label': t('trips.filters') },
    field(t('trips.f.person'), person), field(t('people.f.department'), dept),
    field(t('trips.f.from'), from), field(t('ledger.to'), to), field(t('trips.f.status'), status),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'btn primary' }, t('ledger.apply'))));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); apply(); });

  const csv = h('a', {
    class: 'btn', href: `/api/v1/people/trips/register${qs({ ...f, format: 'csv' })}`, download: 'baomi-trips.csv', 'data-action': 'csv',
  }, icon('download'), t('regs.csv'));
  const xlsx = xlsxLink('/people/trips/register', f, 'baomi-trips');
  root.appendChild(pageHead(t('trips.title'), t('trips.sub'), csv, xlsx));
  root.appendChild(card(null, form));

  const box = h('section', { class: 'card sheet', 'data-testid': 'trips' });
  root.appendChild(box);
  let res;
  try {
    res = await get('/people/trips/register' + qs(f));
  } catch (err) {
    for (const a of [csv, xlsx]) {
      a.setAttribute('aria-disabled', 'true');
      a.classList.add('disabled');
      a.removeAttribute('href');
    }
    box.appendChild(errorBox(err));
    return;
  }
  box.appendChild(h('p', { class: 'muted', 'data-testid': 'trips-count' }, t('trips.count', { n: fmtNum(res.total ?? res.items.length) })));
  if (!res.items.length) { box.appendChild(emptyState(t('trips.none'))); return; }
  box.appendChild(table([
    { label: t('people.f.name'), render: (x) => h('a', { href: `#/people/${x.person_id}` }, x.person_name), cls: 'nowrap' },
    { label: t('people.f.department'), render: (x) => dash(x.department), cls: 'nowrap' },
    { label: t('trips.f.class'), render: (x) => className(x.person_class), cls: 'nowrap' },
    { label: t('people.f.destination'), render: (x) => dash(x.destination) },
    { label: t('people.f.purpose'), render: (x) => dash(x.purpose) },
    { label: t('people.f.depart_on'), render: (x) => day(x.depart_on), cls: 'nowrap' },
    { label: t('people.f.return_on'), render: (x) => day(x.return_on), cls: 'nowrap' },
    { label: t('people.f.briefed_on'), render: (x) => day(x.briefed_on), cls: 'nowrap' },
    { label: t('trips.f.approval'), render: approvalCell },
    { label: t('trips.f.status'), render: stateCell, cls: 'nowrap' },
    { label: t('trips.f.departed_on'), render: (x) => day(x.departed_on), cls: 'nowrap' },
    { label: t('trips.f.report'), render: reportCell },
  ], res.items, { caption: t('trips.title'), rowAttrs: (x) => ({ 'data-trip': x.id, 'data-state': x.unreported ? 'unreported' : x.status }) }));
}
