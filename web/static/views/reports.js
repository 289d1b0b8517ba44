// reports.js — 保密工作报告 (ORG-2; issue 11 point 6): the monthly report to the
// leadership (what changed, what is overdue, what was found) and the yearly
// statistics, as the server counts them. Each figure is the unit's count; a click
// on it opens the records behind it (the drill-down, GET /reports/records), which
// lists only what the reader may see — the server withholds records about
// carriers outside the reader's clearance or scope (SYS-2) and says how many.
// The clerk records the month's report as delivered to the leadership (to whom,
// on which day); the report's SM3 digest is then fixed and shown, and the
// report says whether it still matches. CSV and Excel come from the server; the
// print view carries the unit, the period and the signature lines.
import { get, post, qs } from '../api.js';
import { t, term, isEn, fmtDate, fmtDateTime } from '../i18n.js';
import { h, icon, pageHead, card, field, input, select, errorBox, table, dialog, toast, xlsxLink } from '../ui.js';
import { has } from '../app.js';

const LEVELS = ['public', 'internal', 'confidential', 'secret', 'top_secret'];
const SECTIONS = ['standing', 'changed', 'overdue', 'found'];
const MAX_IDS = 40;

const lastMonth = () => {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};
const localToday = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const label = (f) => (document.documentElement.lang === 'en' ? f.label_en : f.label);

// The ids shown under a figure, and how many are withheld from this reader (SYS-2).
function idsCell(f) {
  const parts = f.ids.slice(0, MAX_IDS).map((id, i) => [i ? ' ' : '',
    f.link ? h('a', { href: `${f.link}${id}`, 'data-id': id }, `#${id}`) : h('span', { 'data-id': id }, `#${id}`)]);
  const more = f.ids.length > MAX_IDS ? ` … ${t('report.more', { n: f.ids.length - MAX_IDS })}` : '';
  const withheld = f.withheld ? h('span', { class: 'muted', 'data-withheld': f.withheld }, ` ${t('report.withheld', { n: f.withheld })}`) : '';
  if (!f.ids.length && !f.withheld) return '—';
  return h('span', { class: 'ids' }, ...parts.flat(), more, withheld);
}

// The words of a figure's breakdown (by_kind): each figure counts one
// vocabulary (a carrier's origin, a loan's kind, a device's kind …), named
// by the dictionary's table for it; the report's own splits (raised/lowered,
// a notice's state) by report.kind.*.
const KIND_TABLE = {
  'carriers.registered': 'origin', 'carriers.copied': 'origin',
  'loans.issued': 'loan', 'overdue.loans': 'loan',
  'found.incidents': 'incident.kind', 'overdue.incidents_open': 'incident.kind',
  'people.cleared': 'class', devices: 'dev.kind',
  'inspections.held': 'insp.kind', 'inspections.findings': 'insp.kind',
};
function kindName(f, code) {
  // The server's own words for the code when it sends them (a notice's state …).
  const w = f.by_kind_names && f.by_kind_names[code];
  if (w) return isEn() ? w.en : w.zh;
  const table = KIND_TABLE[f.key];
  const k = table ? `${table}.${code}` : `report.kind.${code}`;
  const s = t(k);
  return s === k ? t(`report.kind.${code}`) : s;
}

function breakdown(f) {
  const parts = [];
  if (f.by_level) for (const lv of LEVELS) if (f.by_level[lv]) parts.push(`${term('level', lv)} ${f.by_level[lv]}`);
  if (f.by_level && f.by_level.none) parts.push(`${t('report.kind.none')} ${f.by_level.none}`);
  if (f.by_kind) for (const [k, n] of Object.entries(f.by_kind)) parts.push(`${kindName(f, k)} ${n}`);
  if (f.hours !== undefined) parts.push(`${t('report.hours')} ${f.hours}`);
  return parts.join('，') || '—';
}

// The drill-down: the records behind figure `f` that the reader may see.
async function drill(params, f) {
  let r;
  try {
    r = await get('/reports/records' + qs({ ...params, figure: f.key }));
  } catch (err) {
    await dialog(label(f), errorBox(err), { ok: t('report.close') });
    return;
  }
  const rows = r.records;
  const body = h('div', { 'data-testid': 'drill', 'data-figure': f.key },
    h('p', { class: 'muted' }, t('report.drill_count', { n: r.figure.count, shown: rows.length })),
    rows.length ? table([
      { label: t('report.r.id'), render: (x) => (r.figure.link ? h('a', { href: `${r.figure.link}${x.id}`, 'data-id': x.id }, `#${x.id}`) : h('span', { 'data-id': x.id }, `#${x.id}`)) },
      { label: t('report.r.label'), render: (x) => x.label || '—' },
      { label: t('report.r.level'), render: (x) => (x.level ? term('level', x.level) : '—') },
      { label: t('report.r.kind'), render: (x) => (x.kind ? kindName(f, x.kind) : '—') },
      { label: t('report.r.day'), render: (x) => (x.day ? fmtDate(x.day.slice(0, 10)) : '—') },
      { label: t('report.r.due'), render: (x) => (x.due ? fmtDate(x.due.slice(0, 10)) : '—') },
    ], rows, { caption: label(f) }) : h('p', null, t('report.drill_none')),
    r.withheld ? h('p', { class: 'notice warn', 'data-testid': 'withheld' },
      `[${r.rule}] ${document.documentElement.lang === 'en' ? r.note_en : r.note}（${t('report.withheld', { n: r.withheld })}）`) : '');
  await dialog(`${r.period} ${label(f)}`, body, { ok: t('report.close') });
}

// Whom the month's report may go to (ORG-2): once the leadership group is
// recorded (ORG-1), its current members, the leader in charge of secrecy work
// first, then the head, the deputy heads and the members; without a group,
// the unit's leaders and principal (by role), as the server checks.
const ROLE_ORDER = ['head', 'deputy', 'member'];
async function recipients() {
  let group = [];
  try { group = ((await get('/duty')).members || []).filter((m) => m.active && !m.ended_on); } catch { group = []; }
  if (group.length) {
    group.sort((a, b) => Number(b.in_charge) - Number(a.in_charge) || ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.id - b.id);
    const en = document.documentElement.lang === 'en';
    const role = (m) => {
      const r = ROLE_ORDER.includes(m.role) ? t('duty.role.' + m.role) : (m.role_name && (en ? m.role_name.en : m.role_name.zh)) || '—';
      return m.in_charge ? t('duty.role_in_charge', { role: r }) : r;
    };
    return {
      group: true,
      options: group.map((m) => [String(m.person_id), t('report.deliver_member', { name: m.person, role: role(m) })]),
      first: String(group[0].person_id),
    };
  }
  let people = [];
  try { people = (await get('/people')).items || []; } catch { people = []; }
  const leaders = people.filter((p) => (p.roles || []).some((x) => x.role === 'leader' || x.role === 'principal'));
  return { group: false, options: leaders.map((p) => [p.username || String(p.id), p.name]), first: '' };
}

// The clerk records the month's report as delivered to a member of the leadership.
async function deliver(r, onDone) {
  const offer = await recipients();
  const to = select('to', offer.options, { blank: t(offer.group ? 'report.deliver_group_pick' : 'report.deliver_to_pick'), value: offer.first });
  to.dataset.offer = offer.group ? 'group' : 'role';
  const on = input('delivered_on', { type: 'date', value: localToday(), max: localToday() });
  const note = input('note', { maxlength: 500 });
  const body = h('div', null,
    h('p', { class: 'muted' }, t('report.deliver_hint', { period: r.period, digest: r.digest.slice(0, 16) })),
    offer.group ? h('p', { class: 'muted', 'data-testid': 'deliver-group' }, t('report.deliver_group_hint')) : null,
    field(t(offer.group ? 'report.deliver_to_group' : 'report.deliver_to'), to, { required: true }), field(t('report.deliver_on'), on), field(t('report.deliver_note'), note));
  const done = await dialog(t('report.deliver_title', { period: r.period }), body, {
    ok: t('report.deliver'),
    onOk: () => post('/reports/deliveries', { month: r.period, to: to.value || undefined, delivered_on: on.value || undefined, note: note.value.trim() || undefined }),
  });
  if (done) {
    toast(t('report.delivered_toast', { period: r.period }), 'ok');
    onDone();
  }
}

function deliveryLine(r) {
  if (r.kind !== 'monthly') return '';
  const d = r.delivery;
  if (!d) return h('p', { class: 'muted', 'data-testid': 'delivery', 'data-delivered': 'no' }, t('report.not_delivered', { due: fmtDate(r.due_on) }));
  return h('p', { 'data-testid': 'delivery', 'data-delivered': 'yes', 'data-digest': d.digest },
    t('report.delivered_line', { on: fmtDate(d.delivered_on), to: d.to_name || `#${d.to}`, by: d.by_name || `#${d.by}` }),
    ' ', h('code', { title: d.digest }, `SM3 ${d.digest.slice(0, 16)}…`), ' ',
    d.matches ? h('span', { class: 'muted' }, t('report.matches')) : h('strong', { class: 'warn' }, t('report.changed_since')));
}

function sheet(r, params) {
  const title = r.kind === 'yearly' ? t('report.title_yearly', { period: r.period }) : t('report.title_monthly', { period: r.period });
  const box = h('section', { class: 'card sheet', 'data-testid': 'report-sheet', 'data-period': r.period });
  box.appendChild(h('h2', null, `${r.unit} ${title}`));
  box.appendChild(h('p', { class: 'muted' }, t('report.period_line', { from: fmtDate(r.from), to: fmtDate(r.to), as_of: fmtDateTime(r.as_of) }),
    r.due_on ? ` ${t('report.due_line', { due: fmtDate(r.due_on) })}` : ''));
  box.appendChild(deliveryLine(r));
  if (r.withheld) box.appendChild(h('p', { class: 'muted no-print' }, t('report.withheld_all', { n: r.withheld })));
  for (const s of SECTIONS) {
    const figs = r.figures.filter((f) => f.section === s);
    if (!figs.length) continue;
    box.appendChild(h('h3', null, t('report.section.' + s)));
    box.appendChild(table([
      { label: t('report.f.item'), render: label },
      {
        label: t('report.f.count'), cls: 'num',
        render: (f) => h('button', { type: 'button', class: 'linkish', 'data-count': f.count, 'data-action': 'drill', title: t('report.drill'), on: { click: () => drill(params, f) } }, String(f.count)),
      },
      { label: t('report.f.breakdown'), render: breakdown },
      { label: t('report.f.records'), render: idsCell },
    ], figs, { caption: t('report.section.' + s), rowAttrs: (f) => ({ 'data-figure': f.key }) }));
  }
  box.appendChild(h('p', { class: 'muted sheet-digest' }, `SM3 ${r.digest}`));
  box.appendChild(h('div', { class: 'sheet-foot print-only', 'data-testid': 'signatures' },
    h('span', null, t('report.sign_clerk')), h('span', null, t('report.sign_leader'))));
  return box;
}

export async function render(root, ctx) {
  const q = ctx.query;
  const kindNow = q.year ? 'yearly' : 'monthly';
  const kind = select('kind', [['monthly', t('report.monthly')], ['yearly', t('report.yearly')]], { value: kindNow });
  const month = input('month', { type: 'month', value: q.month || lastMonth() });
  const year = input('year', { value: q.year || String(new Date().getFullYear()), inputmode: 'numeric', maxlength: 4 });
  const apply = () => ctx.go('/reports', kind.value === 'yearly' ? { year: year.value.trim() } : { month: month.value });
  const form = h('form', { class: 'filters no-print', 'aria-label': t('report.filters') },
    field(t('report.kind'), kind), field(t('report.month'), month), field(t('report.year'), year),
    h('button', { type: 'submit', class: 'btn' }, t('report.make')));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); apply(); });
  const params = kindNow === 'yearly' ? { year: year.value } : { month: month.value };
  const path = `/reports/${kindNow}`;
  const name = `baomi-report-${params.year || params.month}`;
  const csv = h('a', { class: 'btn', 'data-action': 'export', href: `/api/v1${path}${qs({ ...params, format: 'csv' })}`, download: `${name}.csv` }, icon('download'), t('report.export'));
  const xlsx = xlsxLink(path, params, name);
  const printBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('report.print'));
  const actions = [csv, xlsx, printBtn];
  // ORG-2: the register of the reports delivered to the leadership, for those who read it.
  if (has('clerk', 'leader', 'principal')) actions.push(xlsxLink('/reports/deliveries', {}, 'baomi-report-deliveries', t('report.xlsx_deliveries')));
  let r;
  try {
    r = await get(path + qs(params));
  } catch (err) {
    root.appendChild(pageHead(t('report.title'), t('report.sub'), ...actions));
    root.appendChild(card(null, form));
    root.appendChild(errorBox(err));
    return;
  }
  // The month is over and its delivery not yet recorded: the clerk records it.
  if (r.kind === 'monthly' && !r.delivery && has('clerk') && r.to < localToday()) {
    actions.unshift(h('button', { type: 'button', class: 'btn primary', 'data-action': 'deliver', on: { click: () => deliver(r, () => { root.replaceChildren(); render(root, ctx); }) } },
      icon('check'), t('report.deliver')));
  }
  root.appendChild(pageHead(t('report.title'), t('report.sub'), ...actions));
  root.appendChild(card(null, form));
  root.appendChild(sheet(r, params));
}
