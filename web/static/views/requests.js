// requests.js — 我的申请 / 提出申请 / 申请详情: borrowing, reading, copying …
// The approval chain comes from the unit's policy (BORROW-1, COPY-1, …): the
// request shows each step, who decided and the rule that requires it.
import { get, post, qs } from '../api.js';
import { t, term, vocab, fmtDateTime, isoDay } from '../i18n.js';
import {
  h, pageHead, card, field, input, select, busy, toast, notice, errorBox, emptyState, table, pager,
  levelBadge, dialog,
} from '../ui.js';
import { session, has } from '../app.js';
import { execute } from './desk.js';

export const OPS = ['borrow', 'read', 'copy', 'extract', 'take_out', 'widen_scope', 'destroy', 'level_change', 'make', 'foreign', 'outside_reader'];
export const REQ_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'executed', 'expired'];

export function reqStatus(s) {
  const code = typeof s === 'string' ? s : s && s.code;
  return h('span', { class: `badge req-${code}`, 'data-status': code }, typeof s === 'string' ? term('reqstatus', s) : vocab(s));
}

// The approval chain as steps: done, current, waiting.
export function chainView(r) {
  const steps = r.chain || [];
  if (!steps.length) return h('p', { class: 'muted' }, t('req.no_chain'));
  return h('ol', { class: 'chain', 'aria-label': t('req.chain') }, steps.map((s, i) => {
    const state = s.done ? 'done' : r.status && r.status.code === 'pending' && i === r.step ? 'current' : 'waiting';
    const role = s.role ? vocab(s.role) : vocab(s);
    return h('li', { class: state, 'data-step': String(i + 1) }, h('span', { class: 'step-role' }, role), ' ',
      h('span', { class: 'muted' }, t('req.step_' + state)));
  }));
}

function carriersOf(r) {
  return (r.carrier_ids || []).map((id, i) => [i ? '、' : '', h('a', { href: `#/carrier/${id}` }, t('carrier.no', { id }))]);
}

export function requestColumns({ requester } = {}) {
  return [
    { label: t('req.id'), render: (r) => h('a', { href: `#/requests/${r.id}` }, `#${r.id}`), cls: 'nowrap' },
    { label: t('req.op'), render: (r) => vocab(r.op), cls: 'nowrap' },
    { label: t('req.carriers'), render: (r) => carriersOf(r) },
    { label: t('carrier.level'), render: (r) => levelBadge(r.level) },
    requester ? { label: t('req.requester'), render: (r) => r.requester, cls: 'nowrap' } : null,
    { label: t('req.reason'), render: (r) => r.reason, cls: 'title-cell' },
    { label: t('req.status'), render: (r) => reqStatus(r.status) },
    { label: t('req.created'), render: (r) => fmtDateTime(r.created_at), cls: 'nowrap' },
  ].filter(Boolean);
}

async function listView(root, ctx) {
  const q = ctx.query;
  const limit = Number(q.limit) || 20, offset = Number(q.offset) || 0;
  const status = select('status', REQ_STATUSES.map((s) => [s, term('reqstatus', s)]), { value: q.status, blank: t('common.all') });
  status.addEventListener('change', () => ctx.go('/requests', { status: status.value }));
  root.appendChild(pageHead(t('req.mine'), t('req.mine_sub'), h('a', { class: 'btn primary', href: '#/requests/new' }, t('nav.request_new'))));
  root.appendChild(card(null, h('div', { class: 'filters' }, field(t('req.status'), status))));
  const box = h('section', { class: 'card' });
  root.appendChild(box);
  let page;
  try {
    page = await get('/requests' + qs({ mine: 'true', status: q.status, limit, offset }));
  } catch (err) { box.appendChild(errorBox(err)); return; }
  if (!page.items.length) { box.appendChild(emptyState(t('req.none'), h('a', { href: '#/requests/new' }, t('nav.request_new')))); return; }
  box.append(table(requestColumns(), page.items, { caption: t('req.mine'), rowAttrs: (r) => ({ 'data-request': r.id }) }),
    pager(page.total ?? page.items.length, offset, limit, (o, l) => ctx.go('/requests', { ...q, offset: o, limit: l })));
}

async function newView(root, ctx) {
  const q = ctx.query;
  root.appendChild(pageHead(t('req.new_title'), t('req.new_sub')));
  const op = select('op', OPS.map((o) => [o, term('op', o)]), { value: q.op || 'borrow' });
  const carrier = input('carrier', { value: q.carrier || '', inputmode: 'numeric', placeholder: t('req.carriers_ph') });
  const reason = h('textarea', { name: 'reason', rows: 3, maxlength: 1000 });
  // Operation details the server reads from `params` (the rest are its defaults).
  const copies = input('copies', { type: 'number', min: 1, inputmode: 'numeric' });
  const destination = input('destination');
  const returnDate = input('return_date', { type: 'date', min: isoDay() });
  const takeAway = h('input', { type: 'checkbox', name: 'take_away' });
  const extra = {
    borrow: [h('div', { class: 'field check' }, h('label', null, takeAway, ' ', t('req.take_away')))],
    copy: [field(t('req.copies'), copies)],
    extract: [field(t('req.copies'), copies)],
    take_out: [field(t('req.destination'), destination, { required: true }), field(t('req.return_date'), returnDate, { required: true })],
  };
  const extraBox = h('div', { class: 'form-extra' });
  const showExtra = () => extraBox.replaceChildren(...(extra[op.value] || []));
  op.addEventListener('change', showExtra);
  showExtra();
  const err = h('div', { 'data-testid': 'request-error' });
  const submit = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'submit-request' }, t('req.submit'));
  let preview = h('div');
  if (q.carrier && /^\d+$/.test(q.carrier)) {
    try {
      const c = await get(`/carriers/${q.carrier}`);
      preview = notice('info', levelBadge(c.level), ' ', h('strong', null, c.title), ' ', c.doc_number || '');
    } catch (e) { preview = errorBox(e); }
  }
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'page-title' },
    err, preview,
    field(t('req.op'), op, { required: true }),
    field(t('req.carriers'), carrier, { required: true, hint: t('req.carriers_hint') }),
    extraBox,
    field(t('req.reason'), reason, { required: true, wide: true }),
    h('div', { class: 'form-actions' }, submit, h('a', { class: 'btn', href: '#/requests' }, t('common.cancel'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    const ids = carrier.value.split(/[,，、\s]+/).filter(Boolean).map(Number);
    const bad = [];
    if (!ids.length || ids.some((n) => !Number.isInteger(n) || n < 1)) bad.push(carrier);
    if (!reason.value.trim()) bad.push(reason);
    [carrier, reason].forEach((el) => el.removeAttribute('aria-invalid'));
    if (bad.length) {
      bad.forEach((el) => el.setAttribute('aria-invalid', 'true'));
      err.appendChild(notice('error', t('common.required_missing')));
      bad[0].focus();
      return;
    }
    const body = { op: op.value, carrier_ids: ids, reason: reason.value.trim() };
    const params = {};
    if (op.value === 'borrow' && takeAway.checked) params.take_away = true;
    if ((op.value === 'copy' || op.value === 'extract') && copies.value) params.copies = Number(copies.value);
    if (op.value === 'take_out') {
      if (destination.value.trim()) params.destination = destination.value.trim();
      if (returnDate.value) params.return_date = returnDate.value;
    }
    if (Object.keys(params).length) body.params = params;
    const r = await busy(submit, err, () => post('/requests', body));
    if (r) { toast(t('req.created_ok', { id: r.id }), 'ok'); ctx.go(`/requests/${r.id}`); }
  });
  root.appendChild(card(null, form));
  (q.carrier ? reason : carrier).focus();
}

async function detailView(root, ctx) {
  let r;
  try {
    r = await get(`/requests/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) {
    root.appendChild(pageHead(t('req.detail')));
    root.appendChild(errorBox(err));
    return;
  }
  const mine = session.me && r.requester_id === session.me.user.id;
  const actions = [];
  if (mine && (r.status.code === 'pending' || r.status.code === 'approved')) {
    actions.push(h('button', { type: 'button', class: 'btn', 'data-action': 'withdraw', on: { click: async () => {
      // The withdrawal is recorded with its reason, like every decision.
      const comment = h('textarea', { name: 'comment', rows: 3, maxlength: 500 });
      const body = h('div', { class: 'form one' }, h('p', null, t('req.withdraw_confirm')),
        field(t('req.withdraw_reason'), comment, { required: true }));
      const ok = await dialog(t('req.withdraw'), body, {
        ok: t('req.withdraw'),
        onOk: () => {
          if (!comment.value.trim()) {
            comment.setAttribute('aria-invalid', 'true');
            comment.focus();
            throw Object.assign(new Error('comment'), { message_zh: t('req.withdraw_reason_missing'), message_en: t('req.withdraw_reason_missing') });
          }
          return post(`/requests/${r.id}/withdraw`, { comment: comment.value.trim() });
        },
      });
      if (ok) { toast(t('req.withdrawn'), 'ok'); ctx.render(); }
    } } }, t('req.withdraw')));
  }
  // LEVEL-4: an approved level change is carried out by a classification
  // authority, who is not at the clerk's desk: the button is here.
  if (r.op.code === 'level_change' && r.status.code === 'approved' && has('classifier')) {
    actions.push(h('button', { type: 'button', class: 'btn primary', 'data-action': 'execute', on: { click: () => execute(r, ctx, { onDesk: false }) } },
      t('desk.execute_op', { op: vocab(r.op) })));
  }
  root.appendChild(h('div', { class: 'breadcrumb' }, h('a', { href: mine ? '#/requests' : '#/inbox' }, t(mine ? 'nav.requests' : 'nav.inbox')), ' / ', `#${r.id}`));
  root.appendChild(pageHead(t('req.detail_title', { id: r.id, op: vocab(r.op) }), null, ...actions));
  const kv = (pairs) => h('dl', { class: 'kv' }, pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v)]));
  const params = Object.entries(r.params || {}).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('；');
  root.appendChild(h('div', { class: 'grid side' },
    card(t('req.details'), kv([
      [t('req.status'), reqStatus(r.status)],
      [t('req.op'), vocab(r.op)],
      [t('req.carriers'), carriersOf(r)],
      [t('carrier.level'), levelBadge(r.level)],
      [t('req.requester'), r.requester],
      [t('req.reason'), r.reason],
      [t('req.params'), params],
      [t('req.rule'), r.rule ? h('span', { class: 'rule-id' }, r.rule) : null],
      [t('req.created'), fmtDateTime(r.created_at)],
      [t('req.decided'), r.decided_at ? fmtDateTime(r.decided_at) : null],
    ])),
    h('div', null,
      card(t('req.chain'), chainView(r)),
      card(t('req.approvals'), (r.approvals || []).length
        ? h('ul', { class: 'decisions' }, r.approvals.map((a) => h('li', { 'data-decision': a.decision },
          h('strong', null, a.approver), ' · ', vocab(a.role), ' · ', t('req.decision.' + a.decision), ' · ', fmtDateTime(a.at),
          a.comment ? h('p', null, a.comment) : null)))
        : emptyState(t('req.no_decisions'))))));
}

export async function render(root, ctx) {
  if (ctx.path === '/requests/new') return newView(root, ctx);
  if (ctx.params.id) return detailView(root, ctx);
  return listView(root, ctx);
}
