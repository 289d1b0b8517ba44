// inbox.js — 待我审批: requests waiting for the caller's decision, as a leader
// reads them on a phone (issue 14 point 3): each row says what is asked —
// the carriers' titles, 文号 and levels, who asks, why, what exactly (the
// trip's purpose, the new level …) and by when it must be decided
// (approval.max_pending_days, SYS-5). 同意 is one tap with a stock comment
// (同意 / 不同意, editable); several rows are approved at once. Every
// decision carries its comment; nobody approves their own request (the
// server refuses it with the rule that requires the approval, e.g. BORROW-1).
// Above them, the trips abroad whose next approval is the caller's (PERSON-8,
// person.trip_approver.<class>): 同意 approves; a refusal shows its rule in place.
import { get, post, qs } from '../api.js';
import { t, term, vocab, fmtNum, fmtDate } from '../i18n.js';
import { h, pageHead, errorBox, emptyState, table, pager, toast, levelBadge, input } from '../ui.js';
import { chainView } from './requests.js';
import { has } from '../app.js';

// The day a pending request lapses: filed + approval.max_pending_days.
function dueOf(r, days) {
  const d = new Date(r.created_at);
  if (Number.isNaN(d.getTime())) return null;
  d.setDate(d.getDate() + days);
  return d;
}

// The request's details in words (the params the form sent).
function asked(r, names) {
  const p = r.params || {};
  const out = [];
  const add = (key, v) => { if (v !== undefined && v !== null && v !== '') out.push(`${t(key)}：${v}`); };
  add('req.purpose', p.purpose);
  add('req.destination', p.destination);
  add('req.return_date', p.return_date ? fmtDate(p.return_date) : '');
  if (p.abroad) out.push(t('req.abroad'));
  if (p.public_place) out.push(t('req.public_place'));
  if (p.take_away) out.push(t('req.take_away'));
  add('req.copies', p.copies);
  add('req.to_level', p.to_level ? term('level', p.to_level) : '');
  add('req.basis', p.basis);
  add('req.make_title', p.title);
  add('req.recipient', p.recipient);
  add('req.reader', p.reader);
  add('req.organisation', p.organisation);
  if (Array.isArray(p.add_person_ids) || Array.isArray(p.add_department_ids)) {
    const who = [...(p.add_person_ids || []).map((id) => names.people[id] || `#${id}`),
      ...(p.add_department_ids || []).map((id) => names.depts[id] || `#${id}`)];
    add('req.add', who.join('、'));
  }
  return out.join('；');
}

// One request as a row of the inbox: what is asked, and the decision (the
// dashboard shows the first few the same way, issue 14 point 13).
export function requestItem(r, ctx, { carriers, names, days, onDone }) {
  const comment = input('comment', { maxlength: 1000, placeholder: t('inbox.stock_ph'), 'aria-label': t('inbox.comment') });
  const err = h('div', { class: 'item-error' });
  const pick = h('input', { type: 'checkbox', name: 'pick', value: String(r.id), 'aria-label': t('inbox.pick', { id: r.id }) });
  const due = dueOf(r, days);
  const decide = async (what, btn) => {
    const text = comment.value.trim() || t(what === 'approve' ? 'inbox.stock_approve' : 'inbox.stock_reject');
    btn.disabled = true;
    err.replaceChildren();
    try {
      const done = await post(`/requests/${r.id}/${what}`, { comment: text });
      toast(t(what === 'approve' ? 'inbox.approved' : 'inbox.rejected'), 'ok');
      // LEVEL-4: a level change the classification authority just approved in
      // full is carried out by them, from the request's page.
      if (what === 'approve' && r.op.code === 'level_change' && done.status && done.status.code === 'approved' && has('classifier')) {
        ctx.go(`/requests/${r.id}`);
        return;
      }
      onDone(item);
    } catch (e) {
      btn.disabled = false;
      err.appendChild(errorBox(e));
    }
  };
  const stock = (key) => h('button', { type: 'button', class: 'btn small stock', 'data-stock': key,
    on: { click: () => { comment.value = t(key); comment.focus(); } } }, t(key));
  const approveBtn = h('button', { type: 'button', class: 'btn approve', 'data-action': 'approve' }, t('inbox.approve'));
  const rejectBtn = h('button', { type: 'button', class: 'btn danger', 'data-action': 'reject' }, t('inbox.reject'));
  approveBtn.addEventListener('click', () => decide('approve', approveBtn));
  rejectBtn.addEventListener('click', () => decide('reject', rejectBtn));
  const what = asked(r, names);
  const item = h('li', { class: 'inbox-item', 'data-request': r.id },
    h('header', null,
      h('label', { class: 'pick' }, pick),
      h('h3', null, h('a', { href: `#/requests/${r.id}` }, vocab(r.op), ' · ', t('inbox.req_no', { id: r.id }))),
      levelBadge(r.level),
      due ? h('span', { class: 'due', 'data-testid': 'due' }, t('inbox.due', { date: fmtDate(due.toISOString()) })) : null),
    (r.carrier_ids || []).length ? h('ul', { class: 'asked-carriers' }, r.carrier_ids.map((id) => {
      const c = carriers[id];
      return h('li', { 'data-carrier': id },
        c ? [h('a', { href: `#/carrier/${id}`, class: 'c-title' }, c.title), ' ', c.doc_number ? h('span', { class: 'doc-no' }, c.doc_number) : null, ' ', levelBadge(c.level)]
          : h('a', { href: `#/carrier/${id}` }, t('carrier.no', { id })));
    })) : null,
    h('dl', { class: 'kv' },
      h('dt', null, t('req.requester')), h('dd', { 'data-testid': 'requester' }, r.requester || '—'),
      h('dt', null, t('req.reason')), h('dd', { 'data-testid': 'reason' }, r.reason || '—'),
      what ? [h('dt', null, t('req.params')), h('dd', { 'data-testid': 'asked' }, what)] : null,
      h('dt', null, t('req.chain')), h('dd', null, chainView(r))),
    err,
    h('div', { class: 'decide-row' },
      h('div', { class: 'stock-comments' }, stock('inbox.stock_approve'), stock('inbox.stock_reject')),
      comment, approveBtn, rejectBtn));
  return item;
}

// What the rows of `items` need besides themselves: their carriers (title,
// 文号, level — also those the approver may not open), the names of people and
// departments a widening adds, and approval.max_pending_days (SYS-5).
export async function requestFacts(items) {
  const widen = items.some((r) => r.params && (r.params.add_person_ids || r.params.add_department_ids));
  const carriers = Object.fromEntries(items.flatMap((r) => r.carriers || []).map((c) => [c.id, c]));
  const [policy, people, depts] = await Promise.all([
    get('/policy').catch(() => null),
    widen ? get('/people').then((x) => x.items, () => []) : [],
    widen ? get('/departments').then((x) => x.items, () => []) : [],
  ]);
  const m = policy && typeof policy.text === 'string' ? policy.text.match(/approval\.max_pending_days\s*=\s*(\d+)/) : null;
  const days = m ? Number(m[1]) : 7;
  const names = { people: Object.fromEntries(people.map((p) => [p.id, p.name])), depts: Object.fromEntries(depts.map((d) => [d.id, d.name])) };
  return { carriers, names, days };
}

export async function render(root, ctx) {
  const q = ctx.query;
  const limit = Number(q.limit) || 20, offset = Number(q.offset) || 0;
  root.appendChild(pageHead(t('inbox.title'), t('inbox.sub')));
  await tripSection(root, ctx);
  const box = h('section', { class: 'card', 'aria-labelledby': 'page-title', 'data-section': 'requests' });
  root.appendChild(box);
  let page;
  try {
    page = await get('/requests' + qs({ inbox: 'true', limit, offset }));
  } catch (err) { box.appendChild(errorBox(err)); return; }
  if (!page.items.length) { box.appendChild(emptyState(t('inbox.none'))); return; }
  const { carriers, names, days } = await requestFacts(page.items);
  const list = h('ul', { class: 'inbox-list' });
  const count = h('p', { class: 'muted', 'data-testid': 'inbox-count' }, t('inbox.count', { n: fmtNum(page.total ?? page.items.length) }));
  let left = page.items.length;
  const onDone = (item) => {
    item.remove();
    left -= 1;
    ctx.refreshBadges();
    if (!left) ctx.render();
  };
  const opts = { carriers, names, days, onDone };
  list.append(...page.items.map((r) => requestItem(r, ctx, opts)));

  // Batch approval: the rows ticked, one comment for all; a refusal stays on its row.
  const all = h('input', { type: 'checkbox', name: 'pick_all', 'aria-label': t('inbox.pick_all') });
  const batchComment = input('batch_comment', { maxlength: 1000, placeholder: t('inbox.stock_approve'), 'aria-label': t('inbox.batch_comment') });
  const batchBtn = h('button', { type: 'button', class: 'btn approve', 'data-action': 'approve-selected', disabled: true }, t('inbox.approve_selected', { n: 0 }));
  const picked = () => [...list.querySelectorAll('input[name=pick]:checked')];
  const sync = () => {
    const n = picked().length;
    batchBtn.disabled = !n;
    batchBtn.textContent = t('inbox.approve_selected', { n });
  };
  list.addEventListener('change', sync);
  all.addEventListener('change', () => { list.querySelectorAll('input[name=pick]').forEach((c) => { c.checked = all.checked; }); sync(); });
  batchBtn.addEventListener('click', async () => {
    const text = batchComment.value.trim() || t('inbox.stock_approve');
    batchBtn.disabled = true;
    let ok = 0;
    for (const c of picked()) {
      const item = c.closest('[data-request]');
      const err = item.querySelector('.item-error');
      err.replaceChildren();
      try {
        await post(`/requests/${c.value}/approve`, { comment: text });
        ok += 1;
        item.remove();
        left -= 1;
      } catch (e) {
        c.checked = false;
        err.appendChild(errorBox(e));
      }
    }
    toast(t('inbox.batch_done', { n: ok }), 'ok');
    ctx.refreshBadges();
    if (!left) { ctx.render(); return; }
    sync();
  });
  box.append(count,
    h('div', { class: 'toolbar batch' }, h('label', { class: 'checkbox' }, all, t('inbox.pick_all')), batchComment, batchBtn),
    list,
    pager(page.total ?? page.items.length, offset, limit, (o, l) => ctx.go('/inbox', { offset: o, limit: l })));
}

const CLASSES = ['core', 'important', 'general'];

// PERSON-8: the pending trips the caller may approve (the server decides which).
async function tripSection(root, ctx) {
  let trips;
  try {
    trips = (await get('/people/trips' + qs({ status: 'pending' }))).items;
  } catch (err) { root.appendChild(errorBox(err)); return; }
  const mine = trips.filter((x) => x.next_approver && has(x.next_approver));
  if (!mine.length) return;
  const box = h('section', { class: 'card', 'data-section': 'trips' }, h('h2', null, t('inbox.trips')));
  const approve = (x, cell, btn) => async () => {
    btn.disabled = true;
    cell.querySelectorAll('.alert').forEach((e) => e.remove());
    try {
      await post(`/people/trips/${x.id}/approve`, {});
      toast(t('inbox.trip_approved'), 'ok');
      ctx.refreshBadges();
      ctx.render();
    } catch (err) {
      btn.disabled = false;
      cell.appendChild(errorBox(err));
    }
  };
  box.appendChild(table([
    { label: t('inbox.trip_traveller'), render: (x) => x.person_name || '—' },
    { label: t('people.f.class'), render: (x) => t('people.class.' + (CLASSES.includes(x.person_class) ? x.person_class : 'none')), cls: 'nowrap' },
    { label: t('people.f.destination'), render: (x) => x.destination || '—' },
    { label: t('people.f.depart_on'), render: (x) => x.depart_on || '—', cls: 'nowrap' },
    { label: t('people.f.return_on'), render: (x) => x.return_on || '—', cls: 'nowrap' },
    { label: t('people.f.purpose'), render: (x) => x.purpose || '—' },
    { label: t('people.f.briefed_on'), render: (x) => x.briefed_on || '—', cls: 'nowrap' },
    {
      label: t('common.actions'), render: (x) => {
        const cell = h('div');
        const btn = h('button', { type: 'button', class: 'btn small primary', 'data-action': 'approve-trip' }, t('inbox.trip_approve'));
        btn.addEventListener('click', approve(x, cell, btn));
        cell.appendChild(btn);
        return cell;
      },
    },
  ], mine, { caption: t('inbox.trips'), rowAttrs: (x) => ({ 'data-trip': x.id }) }));
  root.appendChild(box);
}
