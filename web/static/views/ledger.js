// ledger.js — 台账: the carriers the person may see (SYS-2), with filters
// (存放地点 among them), Chinese search (any length, the server's n-gram
// index), sorting by the server on its indexed orders, a pager above and
// below, row selection with bulk actions (labels, 移存, a destruction
// request), and the export of every match as the server's CSV or workbook.
// The search box also takes a ledger number or a scanned label and opens the
// carrier. The filters live in the URL, so a filtered ledger can be
// bookmarked and the back button works (issue 14 point 10).
import { get, post, qs } from '../api.js';
import { t, fmtNum, fmtDateTime, isEn, term } from '../i18n.js';
import {
  h, table, pager, pageHead, card, emptyState, errorBox, loading, field, input, select, marking,
  statusBadge, vocabOptions, LEVELS, STATUSES, KINDS, ORIGINS, icon, xlsxLink, dialog, toast,
} from '../ui.js';
import { isClerk, isBusiness } from '../app.js';
import { lookup } from '../scan.js';

const FILTERS = ['q', 'level', 'status', 'kind', 'origin', 'department', 'custodian', 'place', 'from', 'to'];

// The orders the server keeps an index for (docs/openapi.yaml, GET /carriers `sort`).
export const SORTS = ['id', 'level', 'title', 'doc', 'kind', 'status', 'custodian', 'place', 'registered'];

async function directory() {
  const [deps, people, places] = await Promise.all([
    get('/departments').then((r) => r.items, () => []),
    get('/people').then((r) => r.items, () => []),
    get('/places').then((r) => r.items, () => []),
  ]);
  return { deps, people, places };
}

function columns(sortable, sel) {
  const s = (k) => sortable && SORTS.includes(k) && k;
  return [
    sel ? { label: h('input', { type: 'checkbox', 'data-action': 'select-page', 'aria-label': t('ledger.select_page'), on: { change: (ev) => sel.all(ev.target.checked) } }),
      render: (c) => h('input', { type: 'checkbox', 'data-select': c.id, 'aria-label': t('ledger.select_one', { id: c.id }), checked: sel.has(c.id), on: { change: (ev) => sel.one(c.id, ev.target.checked) } }), cls: 'select' } : null,
    { label: t('carrier.id'), sort: s('id'), render: (c) => h('a', { href: `#/carrier/${c.id}` }, String(c.id)), cls: 'nowrap' },
    // LEVEL-7/8: a decided carrier's registered marking, struck out, before the current one.
    { label: t('carrier.marking'), sort: s('level'), render: (c) => (c.original_marking
      ? h('span', null, h('s', { class: 'marking-old' }, isEn() ? c.original_marking_en || c.original_marking : c.original_marking), marking(c))
      : marking(c)) },
    { label: t('carrier.title'), sort: s('title'), cls: 'title-cell', render: (c) => h('a', { href: `#/carrier/${c.id}` }, c.title) },
    { label: t('carrier.doc_number'), sort: s('doc'), render: (c) => c.doc_number || '—', cls: 'nowrap' },
    { label: t('carrier.serial'), num: true, render: (c) => (c.serial_number ?? '—') },
    { label: t('carrier.kind'), sort: s('kind'), render: (c) => term('kind', c.kind && c.kind.code) || '—', cls: 'nowrap' },
    { label: t('carrier.status'), sort: s('status'), render: (c) => statusBadge(c.status) },
    { label: t('carrier.custodian'), sort: s('custodian'), render: (c) => c.custodian || '—', cls: 'nowrap' },
    { label: t('carrier.place'), sort: s('place'), render: (c) => c.place || '—' },
    // 登记时间 is when it was registered, not the day it was received.
    { label: t('carrier.registered'), sort: s('registered'), render: (c) => fmtDateTime(c.registered_at), cls: 'nowrap' },
  ].filter(Boolean);
}

// Labels of the chosen carriers, one per sheet row, for the printer.
function printLabels(ids) {
  const sheet = h('section', { class: 'label-batch', 'data-testid': 'label-batch' },
    ids.map((id) => h('figure', null, h('img', { src: `/api/v1/carriers/${id}/label.svg`, alt: t('carrier.label_alt', { id }), width: 320, height: 200 }))));
  document.getElementById('main').appendChild(sheet);
  document.body.classList.add('print-labels');
  const done = () => { document.body.classList.remove('print-labels'); sheet.remove(); window.removeEventListener('afterprint', done); };
  window.addEventListener('afterprint', done);
  // Print once the images are in.
  Promise.all([...sheet.querySelectorAll('img')].map((img) => (img.complete ? null : new Promise((r) => { img.onload = r; img.onerror = r; }))))
    .then(() => window.print());
}

// 移存 of every chosen carrier to one place (KEEP-1): each move is its own
// audited use case; a refusal is shown with its rule and the others go on.
async function moveMany(ids, places, ctx) {
  const place = select('place', places.map((p) => [String(p.id), `${p.name}（${term('level', p.max_level)}）`]), { blank: t('reg.place_pick') });
  const reason = input('reason');
  const results = h('ul', { class: 'bulk-results', 'data-testid': 'move-results' });
  let ran = false;
  await dialog(t('ledger.bulk_move_title', { n: ids.length }), h('div', { class: 'form one' },
    field(t('carrier.place'), place, { required: true, hint: t('carrier.move_hint') }),
    field(t('common.reason'), reason, { required: true }), results), {
    ok: t('carrier.move'),
    onOk: async () => {
      if (ran) return true;
      if (!place.value || !reason.value.trim()) {
        throw Object.assign(new Error('missing'), { message_zh: t('common.required_missing'), message_en: t('common.required_missing') });
      }
      ran = true;
      let ok = 0;
      for (const id of ids) {
        try {
          await post(`/carriers/${id}/move`, { place: place.value, reason: reason.value.trim() });
          ok += 1;
          results.appendChild(h('li', { 'data-carrier': id, class: 'ok' }, t('ledger.bulk_moved_one', { id })));
        } catch (e) {
          results.appendChild(h('li', { 'data-carrier': id, class: 'refused' }, errorBox(e, { prefix: t('carrier.no', { id }) })));
        }
      }
      toast(t('ledger.bulk_moved', { n: ok, of: ids.length }), ok === ids.length ? 'ok' : '');
      if (ok === ids.length) return true;
      return undefined; // keep the dialog open on the refusals
    },
  });
  ctx.render();
}

export async function render(root, ctx) {
  const q = ctx.query;
  const limit = Number(q.limit) || 50;
  const offset = Number(q.offset) || 0;
  const sort = q.sort || '-registered';
  const params = {};
  for (const k of FILTERS) if (q[k]) params[k] = q[k];

  // Every match as the server writes it (the same columns as the workbook).
  const csvParams = new URLSearchParams({ ...params, sort, format: 'csv' });
  const exportBtn = h('a', { class: 'btn', href: `/api/v1/carriers?${csvParams}`, download: 'baomi-ledger.csv', 'data-action': 'export' }, icon('download'), t('ledger.export'));
  const xlsx = xlsxLink('/carriers', { ...params, sort }, 'baomi-ledger');
  const actions = [exportBtn, xlsx];
  if (isClerk()) actions.unshift(h('a', { class: 'btn primary', href: '#/register' }, icon('register'), t('nav.register')));
  root.appendChild(pageHead(t('ledger.title'), t('ledger.sub'), ...actions));

  const { deps, people, places } = await directory();
  const f = {
    q: input('q', { type: 'search', value: q.q || '', placeholder: t('ledger.search_ph') }),
    level: select('level', vocabOptions('level', LEVELS), { value: q.level, blank: t('common.all') }),
    status: select('status', vocabOptions('status', STATUSES), { value: q.status, blank: t('common.all') }),
    kind: select('kind', vocabOptions('kind', KINDS), { value: q.kind, blank: t('common.all') }),
    origin: select('origin', vocabOptions('origin', ORIGINS), { value: q.origin, blank: t('common.all') }),
    department: select('department', deps.map((d) => [String(d.id), d.name]), { value: q.department, blank: t('common.all') }),
    custodian: select('custodian', people.filter((p) => p.class !== 'none').map((p) => [String(p.id), p.name]), { value: q.custodian, blank: t('common.all') }),
    place: select('place', places.map((p) => [String(p.id), p.name]), { value: q.place, blank: t('common.all') }),
    from: input('from', { type: 'date', value: q.from || '' }),
    to: input('to', { type: 'date', value: q.to || '' }),
  };
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('ledger.filters') },
    h('div', { class: 'search' }, field(t('ledger.search'), f.q, { hint: t('ledger.search_hint') })),
    field(t('carrier.level'), f.level),
    field(t('carrier.status'), f.status),
    field(t('carrier.kind'), f.kind),
    field(t('carrier.origin'), f.origin),
    field(t('carrier.department'), f.department),
    field(t('carrier.custodian'), f.custodian),
    field(t('carrier.place'), f.place),
    field(t('ledger.from'), f.from),
    field(t('ledger.to'), f.to),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', class: 'btn primary' }, icon('search'), t('ledger.apply')),
      h('button', { type: 'button', class: 'btn', on: { click: () => ctx.go('/ledger') } }, t('ledger.reset'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    // A ledger number or a scanned label opens the carrier, as the search box
    // in the top bar does (scan.js); when there is none the reader may see,
    // the text is searched.
    const hit = await lookup(f.q.value).catch(() => null);
    if (hit && hit.route) { ctx.go(hit.route); return; }
    const next = { sort: q.sort, limit: q.limit };
    for (const k of FILTERS) next[k] = f[k].value.trim();
    ctx.go('/ledger', next);
  });
  // Selects apply at once; text and dates on Enter or the button.
  for (const k of ['level', 'status', 'kind', 'origin', 'department', 'custodian', 'place']) f[k].addEventListener('change', () => form.requestSubmit());
  root.appendChild(card(null, form));

  const results = h('section', { class: 'card', 'aria-labelledby': 'page-title', 'aria-busy': 'true' }, loading());
  root.appendChild(results);

  let page;
  try {
    page = await get('/carriers' + qs({ ...params, sort, limit, offset }));
  } catch (err) {
    results.replaceChildren(errorBox(err));
    results.removeAttribute('aria-busy');
    exportBtn.hidden = true;
    return;
  }
  results.removeAttribute('aria-busy');
  const onSort = (key) => {
    const dir = sort === key ? '-' + key : sort === '-' + key ? key : (key === 'registered' || key === 'id' ? '-' + key : key);
    ctx.go('/ledger', { ...q, sort: dir, offset: 0 });
  };
  const sortKey = sort.replace(/^-/, '');
  const active = FILTERS.filter((k) => q[k]).length;

  // Row selection (this page) and what can be done with the rows chosen.
  const chosen = new Set();
  const count = h('span', { class: 'count', 'data-testid': 'selected-count' });
  const bulk = {
    labels: h('button', { type: 'button', class: 'btn small', 'data-action': 'bulk-labels', on: { click: () => printLabels([...chosen]) } }, icon('print'), t('ledger.bulk_labels')),
    move: isClerk() ? h('button', { type: 'button', class: 'btn small', 'data-action': 'bulk-move', on: { click: () => moveMany([...chosen], places.filter((p) => !p.retired), ctx) } }, t('ledger.bulk_move')) : null,
    destroy: isBusiness() ? h('button', { type: 'button', class: 'btn small', 'data-action': 'bulk-destroy', on: { click: () => ctx.go('/requests/new', { op: 'destroy', carrier: [...chosen].join(',') }) } }, t('ledger.bulk_destroy')) : null,
  };
  const bulkBar = h('div', { class: 'toolbar bulk', 'data-testid': 'bulk-bar', hidden: true }, count, bulk.labels, bulk.move, bulk.destroy);
  const sync = () => {
    bulkBar.hidden = chosen.size === 0;
    count.textContent = t('ledger.selected', { n: chosen.size });
    for (const box of results.querySelectorAll('input[data-select]')) box.checked = chosen.has(Number(box.dataset.select));
    const all = results.querySelector('input[data-action=select-page]');
    if (all) { all.checked = chosen.size === page.items.length; all.indeterminate = chosen.size > 0 && chosen.size < page.items.length; }
  };
  const sel = {
    has: (id) => chosen.has(id),
    one: (id, on) => { if (on) chosen.add(id); else chosen.delete(id); sync(); },
    all: (on) => { chosen.clear(); if (on) page.items.forEach((c) => chosen.add(c.id)); sync(); },
  };

  const toolbar = h('div', { class: 'toolbar' },
    h('span', { class: 'count', 'data-testid': 'ledger-count' }, t('ledger.count', { n: fmtNum(page.total) })),
    active ? h('span', { class: 'badge' }, t('ledger.filtered', { n: active })) : null);
  if (!page.items.length) {
    results.replaceChildren(toolbar, emptyState(active ? t('ledger.empty_filtered') : t('ledger.empty')));
  } else {
    const go = (o, l) => ctx.go('/ledger', { ...q, offset: o, limit: l });
    results.replaceChildren(toolbar,
      h('div', { class: 'pager-top', 'data-testid': 'pager-top' }, pager(page.total, offset, limit, go)),
      bulkBar,
      table(columns(true, sel), page.items, { sort: { key: sortKey, dir: sort.startsWith('-') ? 'desc' : 'asc', onSort }, caption: t('ledger.title'), rowAttrs: (c) => ({ 'data-carrier': c.id }) }),
      pager(page.total, offset, limit, go));
    sync();
  }
}
