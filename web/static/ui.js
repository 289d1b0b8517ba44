// ui.js — small DOM helpers shared by the views. Elements are built with h(),
// never from HTML strings holding data, so nothing the server returns can
// become markup; the CSP forbids inline script and style anyway.
import { t, term, vocab, errMessage, fmtNum, ruleSource, articleNumber } from './i18n.js';

// h('a', {href, class, on: {click}}, child, …): an element. Children may be
// strings, numbers, nodes, arrays, or null/false (skipped).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'on') {
        for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
      } else if (k === 'class') {
        el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
      } else if (k === 'dataset') {
        Object.assign(el.dataset, v);
      } else if (k === 'value' && (tag === 'input' || tag === 'textarea' || tag === 'select')) {
        el.value = v;
      } else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'required' || k === 'multiple') {
        el[k] = Boolean(v);
      } else if (v === true) {
        el.setAttribute(k, '');
      } else {
        el.setAttribute(k, String(v));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Icons: a few line drawings, inline (no icon font, nothing fetched).
const ICONS = {
  home: 'M3 11l9-8 9 8M5 10v10h5v-6h4v6h5V10',
  ledger: 'M4 4h13l3 3v13H4zM8 9h8M8 13h8M8 17h5',
  register: 'M12 4v16M4 12h16',
  request: 'M5 4h10l4 4v12H5zM9 12h6M9 16h4M15 4v4h4',
  mine: 'M12 12a4 4 0 100-8 4 4 0 000 8zM4 21c1.5-4 4.5-6 8-6s6.5 2 8 6',
  inbox: 'M3 13l3-8h12l3 8v6H3zM3 13h5l1 3h6l1-3h5',
  desk: 'M3 8h18v4H3zM5 12v8M19 12v8M8 8V5h8v3',
  registers: 'M6 3h12v18H6zM9 7h6M9 11h6M9 15h3',
  policy: 'M12 3l8 3v6c0 5-3.5 8.5-8 9.5C7.5 20.5 4 17 4 12V6z',
  accounts: 'M9 11a3.5 3.5 0 100-7 3.5 3.5 0 000 7zM2 20c1-3.5 3.8-5.5 7-5.5s6 2 7 5.5M17 8h5M19.5 5.5v5',
  grants: 'M7 11V8a5 5 0 0110 0v3M5 11h14v10H5zM12 15v2',
  audit: 'M4 4h16v16H4zM8 9l2.5 2.5L16 6M8 15h8',
  lock: 'M7 11V8a5 5 0 0110 0v3M5 11h14v10H5z',
  error: 'M12 3l10 18H2zM12 10v5M12 18v.5',
  info: 'M12 3a9 9 0 100 18 9 9 0 000-18zM12 11v6M12 7.5v.5',
  ok: 'M4 12l5 5L20 6',
  empty: 'M3 7l9-4 9 4v10l-9 4-9-4zM3 7l9 4 9-4M12 11v10',
  print: 'M6 9V3h12v6M6 18H3v-7h18v7h-3M6 14h12v7H6z',
  download: 'M12 3v12M7 10l5 5 5-5M4 20h16',
  search: 'M11 4a7 7 0 100 14 7 7 0 000-14zM20 20l-4-4',
  logout: 'M15 4h4v16h-4M10 8l-4 4 4 4M6 12h11',
  key: 'M8 14a4 4 0 110-8 4 4 0 010 8zM11 10h10M17 10v4M20 10v3',
  menu: 'M4 6h16M4 12h16M4 18h16',
};

export function icon(name) {
  const span = document.createElement('span');
  span.className = 'icon';
  span.setAttribute('aria-hidden', 'true');
  // A constant path from the table above: no data reaches this markup.
  span.innerHTML = `<svg viewBox="0 0 24 24" focusable="false"><path d="${ICONS[name] || ICONS.info}"/></svg>`;
  return span.firstChild;
}

// The refusal of an API call: the reason in the current language, then the
// article of the unit's 保密工作制度 that says so (the API's error.article) in
// words, with the rule ID small for reference; its tooltip names the
// regulations the rule comes from. The machine code stays in data-code only.
export function errorBox(err, { prefix } = {}) {
  const rule = err && err.rule;
  const src = rule ? ruleSource(rule) : '';
  return h('div', { class: 'alert error', role: 'alert', 'data-code': err && err.code, 'data-rule': rule || '' },
    icon('error'),
    h('div', null,
      prefix ? h('p', null, h('strong', null, prefix)) : null,
      h('p', { class: 'reason' }, errMessage(err)),
      rule ? h('p', { class: 'cite', 'data-article': err.article || '' },
        err.article ? t('error.rule_article', { article: articleNumber(err.article) }) : t('error.rule_plain'),
        ' ', h('small', { class: 'rule', title: src ? `${t('error.rule_title')}；${t('error.rule_source', { source: src })}` : t('error.rule_title') }, rule))
        : null));
}

export function notice(kind, ...children) {
  return h('div', { class: `alert ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    icon(kind === 'warn' ? 'error' : kind === 'ok' ? 'ok' : 'info'), h('div', null, ...children));
}

export function emptyState(text, action) {
  return h('div', { class: 'empty' }, icon('empty'), h('p', null, text), action || null);
}

export function loading() {
  return h('div', { class: 'loading', role: 'status' }, t('common.loading'));
}

export function toast(text, kind = '') {
  const box = document.getElementById('toasts');
  const el = h('div', { class: `toast ${kind}` }, text);
  box.appendChild(el);
  setTimeout(() => el.remove(), 4500);
}

export function levelBadge(level) {
  if (!level) return null;
  const code = typeof level === 'string' ? level : level.code;
  return h('span', { class: `badge level-${code}` }, typeof level === 'string' ? term('level', code) : vocab(level));
}

export function statusBadge(status) {
  if (!status) return null;
  const code = typeof status === 'string' ? status : status.code;
  return h('span', { class: `badge status-${code}` }, typeof status === 'string' ? term('status', code) : vocab(status));
}

export function requestBadge(status) {
  return h('span', { class: `badge req-${status}` }, term('reqstatus', status));
}

// The carrier's marking (LEVEL-8) in the current language.
export function marking(c) {
  return h('span', { class: 'marking' }, (document.documentElement.lang === 'en' ? c.marking_en : c.marking) || vocab(c.level));
}

// A labelled form field. `control` is an input/select/textarea; it gets an id.
let fieldSeq = 0;
export function field(label, control, { hint, required, wide, id } = {}) {
  const cid = id || control.id || `f${++fieldSeq}`;
  control.id = cid;
  if (required) control.required = true;
  const hintEl = hint ? h('span', { class: 'hint', id: cid + '-hint' }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: ['field', wide && 'wide'] },
    h('label', { for: cid }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null),
    control, hintEl);
}

export function input(name, attrs = {}) {
  return h('input', { type: 'text', name, autocomplete: 'off', ...attrs });
}

// <select> from [[value, label], …]; `blank` adds an empty first option.
export function select(name, options, { value = '', blank } = {}) {
  const s = h('select', { name },
    blank !== undefined ? h('option', { value: '' }, blank) : null,
    options.map(([v, l]) => h('option', { value: v }, l)));
  s.value = value ?? '';
  return s;
}

export function vocabOptions(kind, codes) {
  return codes.map((c) => [c, term(kind, c)]);
}

export const LEVELS = ['public', 'internal', 'confidential', 'secret', 'top_secret'];
export const STATUSES = ['in_store', 'lent', 'taken_out', 'circulating', 'returned', 'destroyed', 'missing'];
export const KINDS = ['paper', 'usb', 'removable_disk', 'optical_disc', 'hard_disk', 'other'];
export const ORIGINS = ['incoming', 'made', 'copy', 'extract', 'volume'];
export const URGENCIES = ['normal', 'urgent', 'extra_urgent'];

// The values of a form's named controls (checkboxes as booleans, empty → omitted).
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'checkbox') out[el.name] = el.checked;
    else if (el.value.trim() !== '') out[el.name] = el.value.trim();
  }
  return out;
}

// Runs `fn` with the button disabled; shows an API refusal in `errSlot`.
export async function busy(button, errSlot, fn) {
  if (errSlot) clear(errSlot);
  if (button) button.disabled = true;
  try {
    return await fn();
  } catch (err) {
    if (errSlot) {
      errSlot.appendChild(errorBox(err));
      errSlot.scrollIntoView({ block: 'nearest' });
      const f = errSlot.querySelector('.alert');
      if (f) f.setAttribute('tabindex', '-1'), f.focus();
    } else {
      toast(errMessage(err), 'error');
    }
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

// A data table: columns [{key, label, render(row), sort, num, cls}], rows.
// `sort` = {key, dir, onSort(key)} makes headers with a sort key buttons.
export function table(columns, rows, { sort, caption, rowAttrs } = {}) {
  const thead = h('thead', null, h('tr', null, columns.map((c) => {
    let ariaSort;
    if (sort && c.sort && sort.key === c.sort) ariaSort = sort.dir === 'desc' ? 'descending' : 'ascending';
    const content = sort && c.sort
      ? h('button', { type: 'button', class: 'sort', on: { click: () => sort.onSort(c.sort) } },
        c.label, h('span', { class: 'arrow', 'aria-hidden': 'true' }, ariaSort === 'descending' ? '▼' : ariaSort === 'ascending' ? '▲' : '↕'))
      : c.label;
    return h('th', { scope: 'col', class: [c.num && 'num', c.cls], 'aria-sort': ariaSort }, content);
  })));
  const tbody = h('tbody', null, rows.map((r) => h('tr', rowAttrs ? rowAttrs(r) : null,
    columns.map((c) => h('td', { class: [c.num && 'num', c.cls] }, c.render ? c.render(r) : r[c.key])))));
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'data' }, caption ? h('caption', { class: 'visually-hidden' }, caption) : null, thead, tbody));
}

// Paging: total, offset, limit; onPage(offset, limit). A page may show two
// (above and below its table): each has its own ids.
let pagerSeq = 0;
export function pager(total, offset, limit, onPage) {
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  const sid = pagerSeq++ ? `page-size-${pagerSeq}` : 'page-size';
  const size = select('page-size', [[20, '20'], [50, '50'], [100, '100']], { value: String(limit) });
  size.id = sid;
  size.setAttribute('aria-label', t('pager.size'));
  size.addEventListener('change', () => onPage(0, Number(size.value)));
  return h('nav', { class: 'pager', 'aria-label': t('pager.label') },
    h('span', { class: 'info' }, t('pager.info', { total: fmtNum(total), page: fmtNum(page), pages: fmtNum(pages) })),
    h('label', { class: 'visually-hidden', for: sid }, t('pager.size')),
    size,
    h('button', { type: 'button', class: 'btn small', disabled: page <= 1, on: { click: () => onPage(Math.max(0, offset - limit), limit) } }, t('pager.prev')),
    h('button', { type: 'button', class: 'btn small', disabled: page >= pages, on: { click: () => onPage(offset + limit, limit) } }, t('pager.next')));
}

// A modal dialog (native <dialog>: focus is trapped and Esc closes it).
// Resolves with the value `onOk` returns, or null when cancelled.
export function dialog(title, body, { ok = t('common.ok'), okClass = 'primary', onOk } = {}) {
  return new Promise((resolve) => {
    const err = h('div');
    const okBtn = h('button', { type: 'submit', class: `btn ${okClass}` }, ok);
    const form = h('form', { method: 'dialog', novalidate: true },
      h('div', { class: 'dlg-head', id: 'dlg-title' }, title),
      h('div', { class: 'dlg-body' }, err, body),
      h('div', { class: 'dlg-foot' },
        h('button', { type: 'button', class: 'btn', on: { click: () => { dlg.close(); } } }, t('common.cancel')),
        okBtn));
    const dlg = h('dialog', { 'aria-labelledby': 'dlg-title' }, form);
    let result = null;
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const r = await busy(okBtn, err, async () => (onOk ? onOk(form) : true));
      if (r !== undefined) { result = r; dlg.close(); }
    });
    dlg.addEventListener('close', () => { dlg.remove(); resolve(result); });
    document.body.appendChild(dlg);
    dlg.showModal();
  });
}

// Downloads text as a file (CSV export is built in the browser).
export function download(name, text, type = 'text/csv;charset=utf-8') {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The server's Excel workbook of a list (issue 15): a link to GET /api/v1{path}?…&format=xlsx,
// the list's filters in `params` (empty ones left out), downloaded as `name`.xlsx. The
// workbook is laid out by the server (title row with the unit and date, Chinese headers,
// frozen header, 密级 column, landscape print setup, signature row).
export function xlsxLink(path, params, name, label = t('common.xlsx')) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  p.set('format', 'xlsx');
  return h('a', { class: 'btn', href: `/api/v1${path}?${p}`, download: `${name}.xlsx`, 'data-action': 'xlsx' },
    icon('download'), label);
}

// CSV with a BOM so that spreadsheet programs read the Chinese correctly.
export function toCsv(header, rows) {
  const cell = (v) => {
    const s = v === null || v === undefined ? '' : String(v);
    // A leading =, +, - or @ would be a formula in a spreadsheet: neutralise it.
    const safe = /^[=+\-@]/.test(s) ? "'" + s : s;
    return /[",\r\n]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
  };
  return '\ufeff' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function pageHead(title, sub, ...actions) {
  return h('div', { class: 'page-head' },
    h('div', null, h('h1', { id: 'page-title' }, title), sub ? h('p', { class: 'sub' }, sub) : null),
    actions.length ? h('div', { class: 'actions' }, ...actions) : null);
}

export function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', null, title) : null, ...children);
}
