// desk.js — 发放与归还: the clerk issues approved requests against the
// borrower's signature (BORROW-1..4) and checks carriers back in; what is
// out is listed with its due date, overdue ones first (BORROW-2).
import { get, post, qs } from '../api.js';
import { t, vocab, fmtDateTime, fmtNum } from '../i18n.js';
import {
  h, pageHead, card, errorBox, emptyState, table, dialog, field, input, toast, levelBadge,
} from '../ui.js';
import { isClerk } from '../app.js';

async function issue(r, ctx) {
  const signature = input('signature', { value: '', autocomplete: 'off' });
  const place = input('place');
  const body = h('div', { class: 'form one' },
    h('p', null, t('desk.issue_confirm', { id: r.id, op: vocab(r.op), who: r.requester })),
    field(t('desk.signature'), signature, { required: true, hint: t('desk.signature_hint', { who: r.requester }) }),
    r.op.code === 'read' ? field(t('desk.place'), place, { hint: t('desk.place_hint') }) : null);
  const ok = await dialog(t('desk.issue'), body, {
    ok: t('desk.issue'),
    onOk: async () => {
      const out = [];
      for (const id of r.carrier_ids || []) {
        const b = { request_id: r.id, carrier_id: id };
        if (signature.value.trim()) b.signature = signature.value.trim();
        if (place.value.trim()) b.place = place.value.trim();
        out.push(await post('/desk/issue', b));
      }
      return out;
    },
  });
  if (ok) { toast(t('desk.issued', { n: ok.length }), 'ok'); ctx.render(); }
}

async function checkin(loan, ctx) {
  const incomplete = h('input', { type: 'checkbox', name: 'incomplete' });
  const note = input('note');
  const body = h('div', { class: 'form one' },
    h('p', null, t('desk.checkin_confirm', { title: loan.carrier_title, who: loan.holder })),
    h('div', { class: 'field check' }, h('label', null, incomplete, ' ', t('desk.incomplete'))),
    field(t('desk.note'), note));
  const ok = await dialog(t('desk.checkin'), body, {
    ok: t('desk.checkin'),
    onOk: () => post('/desk/checkin', { carrier_id: loan.carrier_id, incomplete: incomplete.checked, note: note.value.trim() || undefined }),
  });
  if (ok) { toast(t('desk.checked_in'), 'ok'); ctx.render(); }
}

export async function render(root, ctx) {
  root.appendChild(pageHead(t('desk.title'), t('desk.sub')));
  const tab = ctx.query.tab === 'out' ? 'out' : 'issue';
  const tabs = h('div', { class: 'tabs', role: 'tablist' },
    ['issue', 'out'].map((k) => h('a', { href: `#/desk${qs({ tab: k })}`, role: 'tab', 'aria-selected': String(tab === k), class: tab === k ? 'active' : null, 'data-tab': k }, t('desk.tab_' + k))));
  root.appendChild(tabs);
  const box = h('section', { class: 'card', role: 'tabpanel' });
  root.appendChild(box);
  if (!isClerk()) { box.appendChild(emptyState(t('desk.clerk_only'))); return; }
  try {
    if (tab === 'issue') {
      const page = await get('/requests' + qs({ status: 'approved', limit: 100 }));
      const items = page.items.filter((r) => ['borrow', 'read', 'take_out'].includes(r.op.code));
      if (!items.length) { box.appendChild(emptyState(t('desk.none_to_issue'))); return; }
      box.appendChild(table([
        { label: t('req.id'), render: (r) => h('a', { href: `#/requests/${r.id}` }, `#${r.id}`) },
        { label: t('req.op'), render: (r) => vocab(r.op) },
        { label: t('req.carriers'), render: (r) => (r.carrier_ids || []).map((id, i) => [i ? '、' : '', h('a', { href: `#/carrier/${id}` }, t('carrier.no', { id }))]) },
        { label: t('carrier.level'), render: (r) => levelBadge(r.level) },
        { label: t('req.requester'), render: (r) => r.requester },
        { label: t('req.decided'), render: (r) => fmtDateTime(r.decided_at), cls: 'nowrap' },
        { label: t('common.actions'), render: (r) => h('button', { type: 'button', class: 'btn small primary', 'data-action': 'issue', on: { click: () => issue(r, ctx) } }, t('desk.issue')) },
      ], items, { caption: t('desk.tab_issue'), rowAttrs: (r) => ({ 'data-request': r.id }) }));
    } else {
      const out = await get('/desk/out');
      const items = [...(out.items || [])].sort((a, b) => Number(b.overdue) - Number(a.overdue));
      box.appendChild(h('p', { class: 'muted' }, t('desk.out_count', { n: fmtNum(items.length) })));
      if (!items.length) { box.appendChild(emptyState(t('desk.none_out'))); return; }
      box.appendChild(table([
        { label: t('carrier.id'), render: (l) => h('a', { href: `#/carrier/${l.carrier_id}` }, String(l.carrier_id)) },
        { label: t('carrier.title'), render: (l) => l.carrier_title, cls: 'title-cell' },
        { label: t('desk.kind'), render: (l) => t('loan.' + l.kind) },
        { label: t('desk.holder'), render: (l) => l.holder },
        { label: t('desk.issued_at'), render: (l) => fmtDateTime(l.issued_at), cls: 'nowrap' },
        { label: t('desk.due'), render: (l) => (l.due_at ? h('span', { class: l.overdue ? 'overdue' : null }, fmtDateTime(l.due_at), l.overdue ? ` · ${t('desk.overdue')}` : '') : '—'), cls: 'nowrap' },
        { label: t('common.actions'), render: (l) => h('button', { type: 'button', class: 'btn small primary', 'data-action': 'checkin', on: { click: () => checkin(l, ctx) } }, t('desk.checkin')) },
      ], items, { caption: t('desk.tab_out'), rowAttrs: (l) => ({ 'data-carrier': l.carrier_id, class: l.overdue ? 'overdue' : null }) }));
    }
  } catch (err) {
    box.appendChild(errorBox(err));
  }
}
