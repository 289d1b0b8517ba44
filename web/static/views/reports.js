// reports.js — 保密工作报告 (ORG-2; issue 11 point 6): the monthly report to the
// leadership (what changed, what is overdue, what was found) and the yearly
// statistics, as the server counts them. Each figure shows the records behind
// it (their ids, linked where the UI has a page for them); the CSV comes from
// the server; the print view carries the unit, the period and the signature
// lines of the clerk and the leader. The server decides who may read them.
import { get, qs } from '../api.js';
import { t, term } from '../i18n.js';
import { h, icon, pageHead, card, field, input, select, errorBox, table } from '../ui.js';

const LEVELS = ['public', 'internal', 'confidential', 'secret', 'top_secret'];
const SECTIONS = ['standing', 'changed', 'overdue', 'found'];
const MAX_IDS = 40;

const lastMonth = () => {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};

// The ids of a figure, each a link to its record when there is a page for it.
function idsCell(f) {
  if (!f.ids.length) return '—';
  const shown = f.ids.slice(0, MAX_IDS).map((id, i) => [i ? ' ' : '',
    f.link ? h('a', { href: `${f.link}${id}`, 'data-id': id }, `#${id}`) : h('span', { 'data-id': id }, `#${id}`)]);
  const more = f.ids.length > MAX_IDS ? ` … ${t('report.more', { n: f.ids.length - MAX_IDS })}` : '';
  return h('span', { class: 'ids', title: `${f.table}` }, ...shown.flat(), more);
}

function breakdown(f) {
  const parts = [];
  if (f.by_level) for (const lv of LEVELS) if (f.by_level[lv]) parts.push(`${term('level', lv)} ${f.by_level[lv]}`);
  if (f.by_kind) for (const [k, n] of Object.entries(f.by_kind)) parts.push(`${k} ${n}`);
  if (f.hours !== undefined) parts.push(`${t('report.hours')} ${f.hours}`);
  return parts.join('，') || '—';
}

function sheet(r) {
  const title = r.kind === 'yearly' ? t('report.title_yearly', { period: r.period }) : t('report.title_monthly', { period: r.period });
  const box = h('section', { class: 'card sheet', 'data-testid': 'report-sheet', 'data-period': r.period });
  box.appendChild(h('h2', null, `${r.unit} ${title}`));
  box.appendChild(h('p', { class: 'muted' }, t('report.period_line', { from: r.from, to: r.to, as_of: r.as_of }),
    r.due_on ? ` ${t('report.due_line', { due: r.due_on })}` : ''));
  for (const s of SECTIONS) {
    const figs = r.figures.filter((f) => f.section === s);
    if (!figs.length) continue;
    box.appendChild(h('h3', null, t('report.section.' + s)));
    box.appendChild(table([
      { label: t('report.f.item'), render: (f) => (document.documentElement.lang === 'en' ? f.label_en : f.label) },
      { label: t('report.f.count'), render: (f) => h('strong', { 'data-count': f.count }, String(f.count)), cls: 'num' },
      { label: t('report.f.breakdown'), render: breakdown },
      { label: t('report.f.records'), render: idsCell },
    ], figs, { caption: t('report.section.' + s), rowAttrs: (f) => ({ 'data-figure': f.key }) }));
  }
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
  const csv = h('a', { class: 'btn', 'data-action': 'export', href: `/api/v1${path}${qs({ ...params, format: 'csv' })}`, download: `baomi-report-${params.year || params.month}.csv` }, icon('download'), t('report.export'));
  const printBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('report.print'));
  root.appendChild(pageHead(t('report.title'), t('report.sub'), csv, printBtn));
  root.appendChild(card(null, form));
  let r;
  try {
    r = await get(path + qs(params));
  } catch (err) { root.appendChild(errorBox(err)); return; }
  root.appendChild(sheet(r));
}
