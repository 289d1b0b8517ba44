// inbox.js — 待我审批: requests waiting for the caller's decision. Every
// decision carries a comment; nobody approves their own request (the server
// refuses it with the rule that requires the approval, e.g. BORROW-1).
// Above them, the trips abroad whose next approval is the caller's (PERSON-8,
// person.trip_approver.<class>): 同意 approves; a refusal shows its rule in place.
import { get, post, qs } from '../api.js';
import { t, vocab, fmtNum } from '../i18n.js';
import { h, pageHead, errorBox, emptyState, table, pager, dialog, field, toast } from '../ui.js';
import { requestColumns, chainView } from './requests.js';
import { has } from '../app.js';

async function decide(r, what, ctx) {
  const comment = h('textarea', { name: 'comment', rows: 3, maxlength: 1000 });
  const body = h('div', { class: 'form one' },
    h('p', null, t('inbox.confirm_' + what, { id: r.id, op: vocab(r.op), who: r.requester })),
    chainView(r),
    field(t('inbox.comment'), comment, { required: true, hint: t('inbox.comment_hint') }));
  const done = await dialog(t('inbox.' + what), body, {
    ok: t('inbox.' + what), okClass: what === 'approve' ? 'primary' : 'danger',
    onOk: () => {
      if (!comment.value.trim()) {
        comment.setAttribute('aria-invalid', 'true');
        comment.focus();
        throw Object.assign(new Error('comment'), { message_zh: t('inbox.comment_missing'), message_en: t('inbox.comment_missing') });
      }
      return post(`/requests/${r.id}/${what}`, { comment: comment.value.trim() });
    },
  });
  if (done) {
    toast(t(what === 'approve' ? 'inbox.approved' : 'inbox.rejected'), 'ok');
    ctx.refreshBadges();
    // LEVEL-4: a level change the classification authority just approved in
    // full is carried out by them, from the request's page.
    if (what === 'approve' && r.op.code === 'level_change' && done.status && done.status.code === 'approved' && has('classifier')) {
      ctx.go(`/requests/${r.id}`);
      return;
    }
    ctx.render();
  }
}

export async function render(root, ctx) {
  const q = ctx.query;
  const limit = Number(q.limit) || 20, offset = Number(q.offset) || 0;
  root.appendChild(pageHead(t('inbox.title'), t('inbox.sub')));
  await tripSection(root, ctx);
  const box = h('section', { class: 'card', 'aria-labelledby': 'page-title' });
  root.appendChild(box);
  let page;
  try {
    page = await get('/requests' + qs({ inbox: 'true', limit, offset }));
  } catch (err) { box.appendChild(errorBox(err)); return; }
  if (!page.items.length) { box.appendChild(emptyState(t('inbox.none'))); return; }
  const cols = [...requestColumns({ requester: true }), {
    label: t('common.actions'), cls: 'nowrap', render: (r) => [
      h('button', { type: 'button', class: 'btn small primary', 'data-action': 'approve', on: { click: () => decide(r, 'approve', ctx) } }, t('inbox.approve')), ' ',
      h('button', { type: 'button', class: 'btn small', 'data-action': 'reject', on: { click: () => decide(r, 'reject', ctx) } }, t('inbox.reject'))],
  }];
  box.append(h('p', { class: 'muted' }, t('inbox.count', { n: fmtNum(page.total ?? page.items.length) })),
    table(cols, page.items, { caption: t('inbox.title'), rowAttrs: (r) => ({ 'data-request': r.id }) }),
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
