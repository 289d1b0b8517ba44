// ledger.js — 台账: the carriers the person may see (SYS-2), with filters,
// Chinese search (any length, the server's FTS/LIKE), sorting, paging and a
// CSV export built in the browser from the same query. The filters live in
// the URL, so a filtered ledger can be bookmarked and the back button works.
import { get, qs, getAll } from '../api.js';
import { t, vocab, fmtNum, fmtDate, isEn, isoDay } from '../i18n.js';
import {
  h, table, pager, pageHead, card, emptyState, errorBox, loading, field, input, select, marking,
  statusBadge, vocabOptions, LEVELS, STATUSES, KINDS, ORIGINS, download, toCsv, icon, busy, xlsxLink,
} from '../ui.js';
import { isClerk } from '../app.js';

const FILTERS = ['q', 'level', 'status', 'kind', 'origin', 'department', 'custodian', 'from', 'to'];

async function directory() {
  const [deps, people] = await Promise.all([
    get('/departments').then((r) => r.items, () => []),
    get('/people').then((r) => r.items, () => []),
  ]);
  return { deps, people };
}

function columns(sortable) {
  return [
    { label: t('carrier.id'), sort: sortable && 'id', render: (c) => h('a', { href: `#/carrier/${c.id}` }, String(c.id)), cls: 'nowrap' },
    // LEVEL-7/8: a decided carrier's registered marking, struck out, before the current one.
    { label: t('carrier.marking'), sort: sortable && 'level', render: (c) => (c.original_marking
      ? h('span', null, h('s', { class: 'marking-old' }, isEn() ? c.original_marking_en || c.original_marking : c.original_marking), marking(c))
      : marking(c)) },
    { label: t('carrier.title'), sort: sortable && 'title', cls: 'title-cell', render: (c) => h('a', { href: `#/carrier/${c.id}` }, c.title) },
    { label: t('carrier.doc_number'), render: (c) => c.doc_number || '—', cls: 'nowrap' },
    { label: t('carrier.serial'), num: true, render: (c) => (c.serial_number ?? '—') },
    { label: t('carrier.kind'), render: (c) => vocab(c.kind), cls: 'nowrap' },
    { label: t('carrier.status'), sort: sortable && 'status', render: (c) => statusBadge(c.status) },
    { label: t('carrier.custodian'), render: (c) => c.custodian || '—', cls: 'nowrap' },
    { label: t('carrier.place'), render: (c) => c.place || '—' },
    { label: t('carrier.registered'), sort: sortable && 'registered', render: (c) => fmtDate(c.received_on || c.registered_at), cls: 'nowrap' },
  ];
}

function csvOf(items) {
  const header = ['id', 'marking', 'title', 'doc_number', 'serial', 'level', 'kind', 'origin', 'status', 'custodian', 'place', 'department', 'registered']
    .map((k) => t('csv.' + k));
  const rows = items.map((c) => [c.id, isEn() ? (c.marking_text_en || c.marking_en) : (c.marking_text || c.marking), c.title, c.doc_number, c.serial_number,
    vocab(c.level), vocab(c.kind), vocab(c.origin), vocab(c.status), c.custodian, c.place, c.department,
    c.received_on || (c.registered_at || '').slice(0, 10)]);
  return toCsv(header, rows);
}

export async function render(root, ctx) {
  const q = ctx.query;
  const limit = Number(q.limit) || 50;
  const offset = Number(q.offset) || 0;
  const sort = q.sort || '-registered';
  const params = {};
  for (const k of FILTERS) if (q[k]) params[k] = q[k];

  const exportBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'export' }, icon('download'), t('ledger.export'));
  // The ledger as filtered, every match (not the page on screen), as the server's workbook.
  const xlsx = xlsxLink('/carriers', { ...params, sort }, 'baomi-ledger');
  const actions = [exportBtn, xlsx];
  if (isClerk()) actions.unshift(h('a', { class: 'btn primary', href: '#/register' }, icon('register'), t('nav.register')));
  root.appendChild(pageHead(t('ledger.title'), t('ledger.sub'), ...actions));

  const { deps, people } = await directory();
  const f = {
    q: input('q', { type: 'search', value: q.q || '', placeholder: t('ledger.search_ph') }),
    level: select('level', vocabOptions('level', LEVELS), { value: q.level, blank: t('common.all') }),
    status: select('status', vocabOptions('status', STATUSES), { value: q.status, blank: t('common.all') }),
    kind: select('kind', vocabOptions('kind', KINDS), { value: q.kind, blank: t('common.all') }),
    origin: select('origin', vocabOptions('origin', ORIGINS), { value: q.origin, blank: t('common.all') }),
    department: select('department', deps.map((d) => [String(d.id), d.name]), { value: q.department, blank: t('common.all') }),
    custodian: select('custodian', people.filter((p) => p.class !== 'none').map((p) => [String(p.id), p.name]), { value: q.custodian, blank: t('common.all') }),
    from: input('from', { type: 'date', value: q.from || '', max: isoDay() }),
    to: input('to', { type: 'date', value: q.to || '', max: isoDay() }),
  };
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('ledger.filters') },
    h('div', { class: 'search' }, field(t('ledger.search'), f.q)),
    field(t('carrier.level'), f.level),
    field(t('carrier.status'), f.status),
    field(t('carrier.kind'), f.kind),
    field(t('carrier.origin'), f.origin),
    field(t('carrier.department'), f.department),
    field(t('carrier.custodian'), f.custodian),
    field(t('ledger.from'), f.from),
    field(t('ledger.to'), f.to),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', class: 'btn primary' }, icon('search'), t('ledger.apply')),
      h('button', { type: 'button', class: 'btn', on: { click: () => ctx.go('/ledger') } }, t('ledger.reset'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next = { sort: q.sort, limit: q.limit };
    for (const k of FILTERS) next[k] = f[k].value.trim();
    ctx.go('/ledger', next);
  });
  // Selects apply at once; text and dates on Enter or the button.
  for (const k of ['level', 'status', 'kind', 'origin', 'department', 'custodian']) f[k].addEventListener('change', () => form.requestSubmit());
  root.appendChild(card(null, form));

  const results = h('section', { class: 'card', 'aria-labelledby': 'page-title', 'aria-busy': 'true' }, loading());
  root.appendChild(results);

  let page;
  try {
    page = await get('/carriers' + qs({ ...params, sort, limit, offset }));
  } catch (err) {
    results.replaceChildren(errorBox(err));
    results.removeAttribute('aria-busy');
    exportBtn.disabled = true;
    return;
  }
  results.removeAttribute('aria-busy');
  const onSort = (key) => {
    const dir = sort === key ? '-' + key : sort === '-' + key ? key : (key === 'registered' || key === 'id' ? '-' + key : key);
    // The server offers "status" ascending only.
    ctx.go('/ledger', { ...q, sort: key === 'status' ? 'status' : dir, offset: 0 });
  };
  const sortKey = sort.replace(/^-/, '');
  const active = FILTERS.filter((k) => q[k]).length;
  const toolbar = h('div', { class: 'toolbar' },
    h('span', { class: 'count', 'data-testid': 'ledger-count' }, t('ledger.count', { n: fmtNum(page.total) })),
    active ? h('span', { class: 'badge' }, t('ledger.filtered', { n: active })) : null);
  if (!page.items.length) {
    results.replaceChildren(toolbar, emptyState(active ? t('ledger.empty_filtered') : t('ledger.empty')));
  } else {
    results.replaceChildren(toolbar,
      table(columns(true), page.items, { sort: { key: sortKey, dir: sort.startsWith('-') ? 'desc' : 'asc', onSort }, caption: t('ledger.title') }),
      pager(page.total, offset, limit, (o, l) => ctx.go('/ledger', { ...q, offset: o, limit: l })));
  }

  exportBtn.addEventListener('click', () => busy(exportBtn, null, async () => {
    const items = await getAll('/carriers', { ...params, sort });
    download(`baomi-ledger-${isoDay()}.csv`, csvOf(items));
  }));
}
