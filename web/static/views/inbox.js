// inbox.js — 待我审批: requests waiting for the caller's decision. Every
// decision carries a comment; nobody approves their own request (the server
// refuses it with the rule that requires the approval, e.g. BORROW-1).
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
