// levels.js — 密级变更 for the classification authority (定密责任人; LEVEL-4,
// LEVEL-7, LEVEL-9): the approved level changes waiting for their decision,
// each with the carriers, the level asked for, the catalogue entry, the
// requester and the reason, carried out here with the basis (the desk's own
// dialog); and the changes carried out, with the carriers' markings as they
// now read. The clerk sees the same list without the button: the decision
// is the classification authority's (LEVEL-4), and the server says so.
import { get, qs } from '../api.js';
import { t, term, fmtDateTime } from '../i18n.js';
import { h, pageHead, card, errorBox, emptyState, table, levelBadge } from '../ui.js';
import { has } from '../app.js';
import { execute } from './desk.js';

const carriersCell = (r) => (r.carriers && r.carriers.length ? r.carriers : (r.carrier_ids || []).map((id) => ({ id })))
  .map((c, i) => [i ? h('br') : null, h('a', { href: `#/carrier/${c.id}` }, t('carrier.no', { id: c.id })),
    c.title ? ` ${c.title}` : '', c.doc_number ? ` · ${c.doc_number}` : '']);

function periodText(p) {
  if (p.period_event) return p.period_event;
  if (p.period) return /^\d+$/.test(String(p.period)) ? t('lvl.years', { n: p.period }) : String(p.period);
  return '—';
}

export async function render(root, ctx) {
  root.appendChild(pageHead(t('lvl.title'), t('lvl.sub')));
  const classifier = has('classifier');
  const pendingBox = h('section', { class: 'card', 'data-testid': 'lvl-pending' }, h('h2', null, t('lvl.pending')));
  const doneBox = h('section', { class: 'card', 'data-testid': 'lvl-done' }, h('h2', null, t('lvl.done')));
  root.appendChild(pendingBox);
  root.appendChild(doneBox);
  let pending, done;
  try {
    [pending, done] = await Promise.all(['approved', 'executed'].map((s) => get('/requests' + qs({ op: 'level_change', status: s, limit: 200 }))));
  } catch (err) { pendingBox.appendChild(errorBox(err)); return; }
  if (!classifier) pendingBox.appendChild(h('p', { class: 'muted' }, t('lvl.classifier_only')));
  if (!pending.items.length) pendingBox.appendChild(emptyState(t('lvl.none_pending')));
  else {
    pendingBox.appendChild(table([
      { label: t('req.id'), render: (r) => h('a', { href: `#/requests/${r.id}` }, `#${r.id}`), cls: 'nowrap' },
      { label: t('req.carriers'), render: carriersCell, cls: 'title-cell' },
      { label: t('lvl.f.from'), render: (r) => levelBadge(r.level) },
      { label: t('lvl.f.to'), render: (r) => (r.params && r.params.to_level ? levelBadge(r.params.to_level) : '—') },
      { label: t('lvl.f.period'), render: (r) => periodText(r.params || {}) },
      { label: t('lvl.f.basis'), render: (r) => (r.params && r.params.basis) || '—' },
      { label: t('req.requester'), render: (r) => r.requester, cls: 'nowrap' },
      { label: t('common.reason'), render: (r) => r.reason || '—' },
      { label: t('lvl.f.approved'), render: (r) => fmtDateTime(r.updated_at), cls: 'nowrap' },
      { label: t('common.actions'), render: (r) => (classifier
        ? h('button', { type: 'button', class: 'btn small primary', 'data-action': 'lvl-execute', on: { click: () => execute(r, ctx, { onDesk: false }) } }, t('lvl.execute'))
        : t('lvl.waiting')) },
    ], pending.items, { caption: t('lvl.pending'), rowAttrs: (r) => ({ 'data-request': r.id }) }));
  }
  // The newest decisions first.
  const items = [...done.items].sort((a, b) => String(b.updated_at).localeCompare(String(a.updated_at)));
  if (!items.length) { doneBox.appendChild(emptyState(t('lvl.none_done'))); return; }
  const now = {};
  await Promise.all(items.flatMap((r) => r.carrier_ids || []).map(async (id) => {
    now[id] = await get(`/carriers/${id}`).catch(() => null);
  }));
  doneBox.appendChild(table([
    { label: t('req.id'), render: (r) => h('a', { href: `#/requests/${r.id}` }, `#${r.id}`), cls: 'nowrap' },
    { label: t('req.carriers'), render: carriersCell, cls: 'title-cell' },
    { label: t('lvl.f.change'), render: (r) => [term('level', r.level && r.level.code), ' → ', term('level', r.params && r.params.to_level)], cls: 'nowrap' },
    { label: t('lvl.f.marking'), render: (r) => (r.carrier_ids || []).map((id, i) => {
      const c = now[id];
      // SYS-2: a carrier outside the authority's scope stays unseen.
      if (!c) return [i ? h('br') : null, '—'];
      return [i ? h('br') : null, h('span', { class: 'marking' }, c.marking),
        c.original_marking ? [' ', h('s', { class: 'marking-old' }, c.original_marking)] : null];
    }) },
    { label: t('lvl.f.basis'), render: (r) => (r.params && r.params.basis) || '—' },
    { label: t('req.requester'), render: (r) => r.requester, cls: 'nowrap' },
    { label: t('lvl.f.executed'), render: (r) => fmtDateTime(r.updated_at), cls: 'nowrap' },
  ], items, { caption: t('lvl.done'), rowAttrs: (r) => ({ 'data-request': r.id }) }));
}
