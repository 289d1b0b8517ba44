// audit.js — 审计日志 (SYS-3): the audit administrator reads the hash-chained
// log, filters it, verifies the chain and exports it.
import { get, qs } from '../api.js';
import { t, fmtDateTime, fmtNum, vocab, lang } from '../i18n.js';
import { h, pageHead, card, field, input, select, errorBox, emptyState, table, pager, busy, notice, download, icon, xlsxLink } from '../ui.js';

export async function render(root, ctx) {
  const q = ctx.query;
  const limit = Number(q.limit) || 50, offset = Number(q.offset) || 0;
  const verifySlot = h('div', { 'data-testid': 'verify-result' });
  const verifyBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'verify' }, icon('ok'), t('audit.verify'));
  const exportBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'export' }, icon('download'), t('audit.export'));
  root.appendChild(pageHead(t('audit.title'), t('audit.sub'), verifyBtn, exportBtn));
  root.appendChild(verifySlot);
  verifyBtn.addEventListener('click', () => busy(verifyBtn, verifySlot, async () => {
    const r = await get('/audit/verify');
    verifySlot.replaceChildren(r.intact
      ? notice('ok', t('audit.intact', { n: fmtNum(r.count), hash: (r.last_hash || '').slice(0, 16) }))
      : notice('error', t('audit.broken', { seq: r.first_bad ?? r.broken_at ?? '?' })));
  }));
  exportBtn.addEventListener('click', () => busy(exportBtn, verifySlot, async () => {
    const res = await fetch('/api/v1/audit/export', { credentials: 'same-origin', headers: { 'X-Requested-With': 'baomi' } });
    if (!res.ok) throw Object.assign(new Error('export'), { code: 'http_' + res.status, message_zh: t('audit.export_failed'), message_en: t('audit.export_failed') });
    download('baomi-audit.jsonl', await res.text(), 'application/x-ndjson');
  }));
  const f = {
    from: input('from', { type: 'date', value: q.from || '' }),
    to: input('to', { type: 'date', value: q.to || '' }),
    actor: input('actor', { value: q.actor || '', placeholder: t('audit.actor_hint') }),
    outcome: select('outcome', [['ok', t('audit.outcome.ok')], ['refused', t('audit.outcome.refused')], ['failed', t('audit.outcome.failed')]], { value: q.outcome, blank: t('common.all') }),
    rule: input('rule', { value: q.rule || '' }),
    action: input('action', { value: q.action || '', placeholder: 'carrier.' }),
  };
  const hideReads = h('input', { type: 'checkbox', name: 'hide_reads', id: 'audit-hide-reads', checked: q.kind === 'business' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('audit.filters') },
    field(t('audit.from'), f.from), field(t('audit.to'), f.to),
    field(t('audit.actor'), f.actor), field(t('audit.outcome'), f.outcome), field(t('audit.rule'), f.rule),
    field(t('audit.action_code'), f.action),
    h('label', { class: 'check', for: 'audit-hide-reads' }, hideReads, ' ', t('audit.hide_reads')),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'btn primary' }, t('ledger.apply'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next = {};
    for (const [k, el] of Object.entries(f)) next[k] = el.value.trim();
    if (hideReads.checked) next.kind = 'business';
    ctx.go('/admin/audit', next);
  });
  hideReads.addEventListener('change', () => form.requestSubmit());
  root.appendChild(card(null, form));
  const filters = { actor: q.actor, action: q.action, outcome: q.outcome, rule: q.rule, from: q.from, to: q.to, kind: q.kind };
  const box = h('section', { class: 'card' });
  root.appendChild(box);
  let page;
  try {
    page = await get('/audit/events' + qs({ ...filters, limit, offset }));
  } catch (err) { box.appendChild(errorBox(err)); return; }
  const csv = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) csv.set(k, v);
  csv.set('format', 'csv');
  box.append(h('div', { class: 'buttons', 'data-testid': 'audit-exports' },
    xlsxLink('/audit/events', filters, 'baomi-audit-list'),
    h('a', { class: 'btn', href: `/api/v1/audit/events?${csv}`, download: 'baomi-audit-list.csv', 'data-action': 'csv' }, icon('download'), t('audit.csv'))));
  if (!page.items.length) { box.appendChild(emptyState(t('audit.none'))); return; }
  const words = (v) => (v ? (lang() === 'en' ? v.en : v.zh) : '');
  box.append(table([
    { label: t('audit.seq'), render: (e) => String(e.seq), num: true },
    { label: t('audit.at'), render: (e) => fmtDateTime(e.at), cls: 'nowrap' },
    { label: t('audit.actor'), render: (e) => (e.actor === '-' ? t('audit.system')
      : h('span', { class: 'actor' }, e.actor_name || e.actor, e.actor_name ? h('small', { class: 'muted' }, ` (${e.actor})`) : '')) },
    { label: t('audit.action'), render: (e) => h('span', { title: e.action, 'data-kind': e.kind }, vocab(e.action_name) || e.action) },
    { label: t('audit.object'), render: (e) => words(e.object_name) },
    { label: t('audit.outcome'), render: (e) => h('span', { class: `badge outcome-${e.outcome}` }, t('audit.outcome.' + e.outcome)) },
    { label: t('audit.rule'), render: (e) => (e.rule ? h('span', { class: 'rule-id' }, e.rule) : '') },
    { label: t('audit.detail'), render: (e) => words(e.summary) },
  ], page.items, { caption: t('audit.title') }),
  pager(page.total ?? page.items.length, offset, limit, (o, l) => ctx.go('/admin/audit', { ...q, offset: o, limit: l })));
}
