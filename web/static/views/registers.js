// registers.js — 登记簿 (REG-1): the classic paper registers (收文, 发文, 借阅,
// 复制, 携带外出, 销毁, 移交) for a date range, printable (print.css) and as CSV
// from the server (GET /registers/{kind}?format=csv). REG-4: classified and
// ordinary items are separate books, asked for by `book`; each row carries its
// running 登记序号 in its book beside the record's own number. Printed, every
// page carries the unit, the register and "page N of M" (CSS page margin
// boxes); an empty register prints its headers over blank ruled rows, a form.
import { get, qs } from '../api.js';
import { t, isEn, fmtNum } from '../i18n.js';
import { h, pageHead, card, field, input, select, errorBox, emptyState, table, icon, notice, xlsxLink } from '../ui.js';

export const REGISTER_KINDS = ['incoming', 'dispatch', 'borrow', 'copy', 'take-out', 'destroy', 'handover'];
export const REGISTER_BOOKS = ['classified', 'ordinary'];

// Columns whose text is one token (a date, a time, a 文号, a number): never broken.
const NOWRAP = new Set(['seq', 'carrier_id', 'dispatch_id', 'loan_id', 'destruction_id', 'handover_id', 'request_id', 'received_on',
  'registered_at', 'date', 'issued_at', 'due_at', 'returned_at', 'signed_at', 'doc_number', 'serial_number', 'pages', 'copies']);
// Blank ruled rows of an empty register printed as a form.
const BLANK_ROWS = 10;

// A CSS string literal.
const cssString = (s) => `"${String(s).replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r]+/g, ' ')}"`;
// "第 {page} 页 / 共 {pages} 页" as CSS content with the page counters.
function pageContent(text) {
  return text.split(/(\{pages?\})/).filter(Boolean)
    .map((p) => (p === '{page}' ? 'counter(page)' : p === '{pages}' ? 'counter(pages)' : cssString(p))).join(' ');
}

// Every printed page of the register: the unit and the register's title at
// the top, "page N of M" at the foot (CSS page margin boxes). A constructed
// sheet (the page's CSP allows no inline style), dropped when the view is left.
let boxes = null;
function pageBoxes(text) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets.filter((x) => x !== boxes), sheet];
  boxes = sheet;
  window.addEventListener('hashchange', () => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((x) => x !== sheet);
    if (boxes === sheet) boxes = null;
  }, { once: true });
}

export async function render(root, ctx) {
  const kind = REGISTER_KINDS.includes(ctx.params.kind) ? ctx.params.kind : 'incoming';
  const q = ctx.query;
  const book = REGISTER_BOOKS.includes(q.book) ? q.book : 'classified';
  const range = { book, from: q.from, to: q.to };
  const kindSel = select('kind', REGISTER_KINDS.map((k) => [k, t('regs.kind.' + k)]), { value: kind });
  const bookSel = select('book', REGISTER_BOOKS.map((b) => [b, t('regs.book.' + b)]), { value: book });
  const from = input('from', { type: 'date', value: q.from || '' });
  const to = input('to', { type: 'date', value: q.to || '' });
  const csvHref = `/api/v1/registers/${encodeURIComponent(kind)}${qs({ ...range, format: 'csv' })}`;
  const printBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('regs.print'));
  const csvLink = h('a', { class: 'btn', href: csvHref, download: `baomi-register-${kind}-${book}.csv`, 'data-action': 'csv' }, icon('download'), t('regs.csv'));
  const xlsx = xlsxLink(`/registers/${encodeURIComponent(kind)}`, range, `baomi-register-${kind}-${book}`);
  root.appendChild(pageHead(t('regs.title'), t('regs.sub'), printBtn, csvLink, xlsx));
  const form = h('form', { class: 'filters no-print', 'aria-label': t('regs.filters') },
    field(t('regs.kind'), kindSel), field(t('regs.book'), bookSel), field(t('ledger.from'), from), field(t('ledger.to'), to),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'btn primary' }, t('ledger.apply'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.go(`/registers/${kindSel.value}`, { book: bookSel.value, from: from.value, to: to.value });
  });
  kindSel.addEventListener('change', () => form.requestSubmit());
  bookSel.addEventListener('change', () => form.requestSubmit());
  root.appendChild(card(null, form, h('p', { class: 'muted small no-print', 'data-testid': 'book-note' }, t('regs.book_note'))));

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
  const unit = ctx.session.me.unit ? ctx.session.me.unit.name : '';
  pageBoxes(`@page {
  @top-left { content: ${cssString(unit)}; font-size: 9pt; }
  @top-right { content: ${cssString(title)}; font-size: 9pt; }
  @bottom-center { content: ${pageContent(t('regs.page_of'))}; font-size: 9pt; }
}`);
  box.appendChild(h('h2', { id: 'register-title', class: 'sheet-title' }, title));
  box.appendChild(h('p', { class: 'muted sheet-meta' }, h('span', null, unit),
    h('span', null, period), h('span', null, t('regs.rows', { n: fmtNum(reg.count ?? reg.rows.length) }))));
  // LEVEL-7/8: a decided carrier's 密级 cell strikes its registered marking out.
  const levelCell = (row) => (row.level_struck
    ? h('span', { 'data-testid': 'level-struck' }, h('span', { class: 'marking' }, row.level_struck.marking), ' ',
      h('s', { class: 'marking-old' }, row.level_struck.original), row.level_struck.note ? ` ${row.level_struck.note}` : '')
    : row.level ?? '');
  const cols = reg.columns.map((c) => ({
    label: isEn() ? c.en : c.zh,
    cls: [`col-${c.key}`, NOWRAP.has(c.key) && 'nowrap'].filter(Boolean).join(' '),
    // KEEP-2: a hand-over's number opens its kept list (#/handovers/:id), to reprint.
    render: c.key === 'level' ? levelCell
      : c.key === 'handover_id' ? (row) => (row.handover_id ? h('a', { href: `#/handovers/${row.handover_id}`, 'data-action': 'open-handover' }, row.handover_id) : '')
        : (row) => row[c.key] ?? '',
  }));
  if (!reg.rows.length) {
    // An empty register prints as a blank form: its headers over ruled rows for the pen.
    box.appendChild(h('div', { class: 'no-print' }, emptyState(t('regs.blank_form'))));
    const form = table(cols.map((c) => ({ ...c, render: () => '' })), Array.from({ length: BLANK_ROWS }, () => ({})),
      { caption: title, rowAttrs: () => ({ class: 'blank-row' }) });
    form.classList.add('print-only', 'blank-form');
    form.setAttribute('data-testid', 'blank-form');
    box.appendChild(form);
  } else {
    box.appendChild(table(cols, reg.rows, { caption: title }));
  }
  box.appendChild(h('div', { class: 'sheet-foot print-only' }, h('span', null, t('regs.sign_clerk')), h('span', null, t('regs.sign_checker'))));
}
