// registers.js — 登记簿 (REG-1): the classic paper registers (收文, 发文, 借阅,
// 复制, 携带外出, 销毁) for a date range, printable (print.css) and as CSV
// from the server (GET /registers/{kind}?format=csv).
import { get, qs } from '../api.js';
import { t, isEn, fmtNum } from '../i18n.js';
import { h, pageHead, card, field, input, select, errorBox, emptyState, table, icon, notice, xlsxLink } from '../ui.js';

export const REGISTER_KINDS = ['incoming', 'dispatch', 'borrow', 'copy', 'take-out', 'destroy'];

export async function render(root, ctx) {
  const kind = REGISTER_KINDS.includes(ctx.params.kind) ? ctx.params.kind : 'incoming';
  const q = ctx.query;
  const range = { from: q.from, to: q.to };
  const kindSel = select('kind', REGISTER_KINDS.map((k) => [k, t('regs.kind.' + k)]), { value: kind });
  const from = input('from', { type: 'date', value: q.from || '' });
  const to = input('to', { type: 'date', value: q.to || '' });
  const csvHref = `/api/v1/registers/${encodeURIComponent(kind)}${qs({ ...range, format: 'csv' })}`;
  const printBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('regs.print'));
  const csvLink = h('a', { class: 'btn', href: csvHref, download: `baomi-${kind}.csv`, 'data-action': 'csv' }, icon('download'), t('regs.csv'));
  const xlsx = xlsxLink(`/registers/${encodeURIComponent(kind)}`, range, `baomi-register-${kind}`);
  root.appendChild(pageHead(t('regs.title'), t('regs.sub'), printBtn, csvLink, xlsx));
  const form = h('form', { class: 'filters no-print', 'aria-label': t('regs.filters') },
    field(t('regs.kind'), kindSel), field(t('ledger.from'), from), field(t('ledger.to'), to),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'btn primary' }, t('ledger.apply'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.go(`/registers/${kindSel.value}`, { from: from.value, to: to.value });
  });
  kindSel.addEventListener('change', () => form.requestSubmit());
  root.appendChild(card(null, form));

  const box = h('section', { class: 'card register-sheet', 'aria-labelledby': 'register-title' });
  root.appendChild(box);
  let reg;
  try {
    reg = await get(`/registers/${encodeURIComponent(kind)}${qs(range)}`);
  } catch (err) {
    printBtn.disabled = true;
    for (const a of [csvLink, xlsx]) {
      a.setAttribute('aria-disabled', 'true');
      a.classList.add('disabled');
      a.removeAttribute('href');
    }
    if (err.status === 404 && !err.rule && err.code === 'not_found') {
      box.appendChild(notice('warn', t('regs.unavailable')));
    } else {
      box.appendChild(errorBox(err));
    }
    return;
  }
  const title = isEn() ? reg.title_en || reg.title : reg.title;
  const period = reg.from || reg.to ? t('regs.period', { from: reg.from || '…', to: reg.to || '…' }) : t('regs.all_dates');
  box.appendChild(h('h2', { id: 'register-title', class: 'sheet-title' }, title));
  box.appendChild(h('p', { class: 'muted sheet-meta' }, h('span', null, ctx.session.me.unit ? ctx.session.me.unit.name : ''),
    h('span', null, period), h('span', null, t('regs.rows', { n: fmtNum(reg.count ?? reg.rows.length) }))));
  if (!reg.rows.length) { box.appendChild(emptyState(t('regs.empty'))); return; }
  // LEVEL-7/8: a decided carrier's 密级 cell strikes its registered marking out.
  const levelCell = (row) => (row.level_struck
    ? h('span', { 'data-testid': 'level-struck' }, h('span', { class: 'marking' }, row.level_struck.marking), ' ',
      h('s', { class: 'marking-old' }, row.level_struck.original), row.level_struck.note ? ` ${row.level_struck.note}` : '')
    : row.level ?? '');
  const cols = reg.columns.map((c) => ({ label: isEn() ? c.en : c.zh, render: c.key === 'level' ? levelCell : (row) => row[c.key] ?? '' }));
  box.appendChild(table(cols, reg.rows, { caption: title }));
  box.appendChild(h('div', { class: 'sheet-foot print-only' }, h('span', null, t('regs.sign_clerk')), h('span', null, t('regs.sign_checker'))));
}
