// publications.js — 信息公开保密审查 (PUB-1, PUB-2): the register of
// publications, a publication's page with its reviews, approvals and release,
// the filing form, and the print view of the 信息公开保密审查单 with signature
// lines. A publication is a `publish` request of the workflow: the leader
// approves it in the inbox (or here); the server decides every step and a
// refusal shows its rule ID and reason.
import { get, post, qs } from '../api.js';
import { t, fmtDateTime } from '../i18n.js';
import { h, pageHead, card, field, input, select, busy, toast, errorBox, emptyState, table, icon, xlsxLink } from '../ui.js';
import { session, isApprover } from '../app.js';
import { reqStatus, REQ_STATUSES } from './requests.js';
import { term } from '../i18n.js';

const CHANNELS = ['website', 'press', 'social', 'article'];
const chan = (c) => t('pub.channel.' + c);
const list = (s) => s.split(/[,，、\s]+/).map((x) => x.trim()).filter(Boolean);

async function listView(root, ctx) {
  const q = ctx.query;
  const status = select('status', REQ_STATUSES.map((s) => [s, term('reqstatus', s)]), { value: q.status, blank: t('common.all') });
  status.addEventListener('change', () => ctx.go('/publications', { status: status.value }));
  root.appendChild(pageHead(t('pub.title'), t('pub.sub'),
    h('a', { class: 'btn primary', href: '#/publications/new', 'data-action': 'new-publication' }, t('pub.new')),
    // issue 15: 信息公开保密审查登记表 as the server writes it, filtered as shown
    xlsxLink('/publications', { status: q.status }, 'baomi-publications')));
  root.appendChild(card(null, h('div', { class: 'filters' }, field(t('req.status'), status))));
  const box = h('section', { class: 'card' });
  root.appendChild(box);
  let res;
  try {
    res = await get('/publications' + qs({ status: q.status }));
  } catch (err) { box.appendChild(errorBox(err)); return; }
  if (!res.items.length) { box.appendChild(emptyState(t('pub.none'))); return; }
  box.appendChild(table([
    { label: t('req.id'), render: (r) => h('a', { href: `#/publications/${r.id}` }, `#${r.id}`), cls: 'nowrap' },
    { label: t('pub.f.title'), render: (r) => r.params.title, cls: 'title-cell' },
    { label: t('pub.f.channel'), render: (r) => chan(r.params.channel), cls: 'nowrap' },
    { label: t('pub.f.publisher'), render: (r) => r.params.publisher, cls: 'nowrap' },
    { label: t('pub.f.reviews'), render: (r) => `${(r.params.reviews || []).length}/${(r.params.reviewers || []).length}`, cls: 'nowrap' },
    { label: t('req.status'), render: (r) => reqStatus(r.status) },
    { label: t('req.created'), render: (r) => fmtDateTime(r.created_at), cls: 'nowrap' },
  ], res.items, { caption: t('pub.title'), rowAttrs: (r) => ({ 'data-publication': r.id }) }));
}

async function newView(root, ctx) {
  root.appendChild(h('div', { class: 'breadcrumb' }, h('a', { href: '#/publications' }, t('pub.title')), ' / ', t('pub.new')));
  root.appendChild(pageHead(t('pub.new'), t('pub.new_sub')));
  const c = {
    channel: select('channel', CHANNELS.map((x) => [x, chan(x)]), { value: 'website' }),
    title: input('title', { maxlength: 200 }),
    text: h('textarea', { name: 'text', rows: 6, maxlength: 20000 }),
    attachment: input('attachment', { maxlength: 200 }),
    carriers: input('carriers', { inputmode: 'numeric', placeholder: t('req.carriers_ph') }),
    department: input('department', { maxlength: 200 }),
    publisher: input('publisher', { maxlength: 200, value: session.me ? session.me.user.username : '' }),
    reviewers: input('reviewers', { maxlength: 500 }),
    reason: h('textarea', { name: 'reason', rows: 2, maxlength: 500 }),
  };
  const err = h('div', { 'data-testid': 'publication-error' });
  const submit = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'submit-publication' }, t('pub.submit'));
  const form = h('form', { class: 'form', novalidate: true },
    err,
    field(t('pub.f.channel'), c.channel, { required: true }),
    field(t('pub.f.title'), c.title, { required: true }),
    field(t('pub.f.text'), c.text, { wide: true, hint: t('pub.text_hint') }),
    field(t('pub.f.attachment'), c.attachment),
    field(t('pub.f.carriers'), c.carriers, { hint: t('pub.carriers_hint') }),
    field(t('pub.f.department'), c.department, { required: true }),
    field(t('pub.f.publisher'), c.publisher, { required: true, hint: t('pub.publisher_hint') }),
    field(t('pub.f.reviewers'), c.reviewers, { required: true, hint: t('pub.reviewers_hint') }),
    field(t('req.reason'), c.reason, { required: true, wide: true }),
    h('div', { class: 'form-actions' }, submit, h('a', { class: 'btn', href: '#/publications' }, t('common.cancel'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    const body = { channel: c.channel.value, reason: c.reason.value.trim() };
    for (const k of ['title', 'text', 'attachment', 'department', 'publisher']) if (c[k].value.trim()) body[k] = c[k].value.trim();
    const ids = list(c.carriers.value).map(Number);
    if (ids.length) body.carrier_ids = ids;
    body.reviewers = list(c.reviewers.value);
    const r = await busy(submit, err, () => post('/publications', body));
    if (r) { toast(t('pub.filed', { id: r.id }), 'ok'); ctx.go(`/publications/${r.id}`); }
  });
  root.appendChild(card(null, form));
  c.title.focus();
}

function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v)]));
}

async function detailView(root, ctx) {
  let r;
  try {
    r = await get(`/requests/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) { root.appendChild(pageHead(t('pub.detail'))); root.appendChild(errorBox(err)); return; }
  const p = r.params || {};
  const me = session.me && session.me.user.id;
  const err = h('div', { 'data-testid': 'publication-error' });
  const actions = [];
  const act = (name, label, fn) => {
    const b = h('button', { type: 'button', class: 'btn', 'data-action': name }, label);
    b.addEventListener('click', async () => { const ok = await busy(b, err, fn); if (ok) { toast(t('pub.done'), 'ok'); ctx.render(); } });
    actions.push(b);
  };
  const opinion = h('textarea', { name: 'opinion', rows: 2, maxlength: 500 });
  const where = input('where', { maxlength: 200 });
  const comment = h('textarea', { name: 'comment', rows: 2, maxlength: 500 });
  const pending = r.status.code === 'pending';
  const reviewed = (p.reviews || []).some((x) => x.reviewer_id === me);
  const forms = [];
  if (pending && (p.reviewer_ids || []).includes(me) && !reviewed) {
    forms.push(card(t('pub.review'), h('div', { class: 'form one' }, field(t('pub.f.opinion'), opinion, { required: true }))));
    act('review-pass', t('pub.pass'), () => post(`/publications/${r.id}/review`, { passed: true, opinion: opinion.value.trim() }));
    act('review-object', t('pub.object'), () => post(`/publications/${r.id}/review`, { passed: false, opinion: opinion.value.trim() }));
  }
  if (pending && isApprover() && r.requester_id !== me) {
    forms.push(card(t('pub.decide'), h('div', { class: 'form one' }, field(t('pub.comment'), comment, { required: true }))));
    act('approve', t('pub.approve'), () => post(`/requests/${r.id}/approve`, { comment: comment.value.trim() }));
    act('reject', t('pub.reject'), () => post(`/requests/${r.id}/reject`, { comment: comment.value.trim() }));
  }
  if (r.status.code === 'approved' && p.publisher_id === me) {
    forms.push(card(t('pub.release'), h('div', { class: 'form one' }, field(t('pub.f.where'), where, { required: true }))));
    act('release', t('pub.release'), () => post(`/publications/${r.id}/release`, { where: where.value.trim() }));
  }
  actions.push(h('button', { type: 'button', class: 'btn', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('pub.print')));
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/publications' }, t('pub.title')), ' / ', `#${r.id}`));
  root.appendChild(pageHead(t('pub.detail_title', { id: r.id }), null, ...actions));
  root.appendChild(err);
  forms.forEach((f) => root.appendChild(h('div', { class: 'no-print' }, f)));
  // The 信息公开保密审查单: the request, each review, the approval and the release, with signatures.
  const sheet = h('section', { class: 'card sheet', 'data-testid': 'publication-sheet' },
    h('h2', { class: 'sheet-title' }, t('pub.sheet_title')),
    kv([
      [t('req.status'), reqStatus(r.status)],
      [t('pub.f.title'), p.title],
      [t('pub.f.channel'), chan(p.channel)],
      [t('pub.f.department'), p.department],
      [t('pub.f.publisher'), p.publisher],
      [t('req.requester'), r.requester],
      [t('req.reason'), r.reason],
      [t('pub.f.text'), p.text ? h('div', { class: 'pre' }, p.text) : null],
      [t('pub.f.attachment'), p.attachment],
      [t('pub.f.carriers'), (r.carrier_ids || []).map((id, i) => [i ? '、' : '', h('a', { href: `#/carrier/${id}` }, `#${id}`)])],
      [t('pub.f.reviewers'), (p.reviewers || []).join('、')],
      [t('req.rule'), h('span', { class: 'rule-id' }, r.rule)],
      [t('req.created'), fmtDateTime(r.created_at)],
    ]),
    h('h3', null, t('pub.reviews')),
    (p.reviews || []).length
      ? h('ul', { class: 'decisions', 'data-testid': 'reviews' }, p.reviews.map((x) => h('li', { 'data-passed': String(x.passed) },
        h('strong', null, x.reviewer), ' · ', x.passed ? t('pub.passed') : t('pub.objected'), ' · ', fmtDateTime(x.at), h('p', null, x.opinion))))
      : emptyState(t('pub.no_reviews')),
    h('h3', null, t('req.approvals')),
    (r.approvals || []).length
      ? h('ul', { class: 'decisions' }, r.approvals.map((a) => h('li', { 'data-decision': a.decision },
        h('strong', null, a.approver), ' · ', t('req.decision.' + a.decision), ' · ', fmtDateTime(a.at), a.comment ? h('p', null, a.comment) : null)))
      : emptyState(t('req.no_decisions')),
    h('h3', null, t('pub.release')),
    p.release
      ? kv([[t('pub.released_by'), p.release.by], [t('pub.released_at'), fmtDateTime(p.release.at)], [t('pub.f.where'), p.release.where]])
      : emptyState(t('pub.not_released')),
    h('div', { class: 'sheet-foot' }, h('span', null, t('pub.sign_requester')), h('span', null, t('pub.sign_reviewers')),
      h('span', null, t('pub.sign_leader')), h('span', null, t('pub.sign_publisher'))));
  root.appendChild(sheet);
}

export async function render(root, ctx) {
  if (ctx.path === '/publications/new') return newView(root, ctx);
  if (ctx.params.id) return detailView(root, ctx);
  return listView(root, ctx);
}
