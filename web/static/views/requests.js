// requests.js — 我的申请 / 提出申请 / 申请详情: borrowing, reading, copying …
// The approval chain comes from the unit's policy (BORROW-1, COPY-1, …): the
// request shows each step, who decided and the rule that requires it.
import { get, post, qs } from '../api.js';
import { t, term, vocab, fmtDate, fmtDateTime, isoDay } from '../i18n.js';
import {
  h, pageHead, card, field, input, select, busy, toast, notice, errorBox, emptyState, table, pager,
  levelBadge, dialog, LEVELS, xlsxLink,
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
  root.appendChild(pageHead(t('req.mine'), t('req.mine_sub'), xlsxLink('/requests', { mine: 'true', status: q.status }, 'baomi-requests'),
    h('a', { class: 'btn primary', href: '#/requests/new' }, t('nav.request_new'))));
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

// An outside approval record (FOREIGN-1, COPY-2, CARRY-3): who approved, their
// document number and date. Sent only when something is filled in, so that an
// incomplete record is refused by the server with its rule.
function approvalRecord(prefix, legend) {
  const by = input(`${prefix}.by`);
  const document = input(`${prefix}.document`);
  const date = input(`${prefix}.date`, { type: 'date', max: isoDay() });
  const el = h('fieldset', { class: 'wide approval-record', 'data-record': prefix }, h('legend', null, legend),
    h('div', { class: 'form-extra' },
      field(t('req.rec_by'), by), field(t('req.rec_document'), document), field(t('req.rec_date'), date)));
  const value = () => {
    const r = {};
    if (by.value.trim()) r.by = by.value.trim();
    if (document.value.trim()) r.document = document.value.trim();
    if (date.value) r.date = date.value;
    return Object.keys(r).length ? r : undefined;
  };
  return { el, value };
}

// People (and departments) chosen by searching their names: the chosen ones
// as removable chips, sent as "person:ID,dept:ID" (CIRC-1, MAKE-1).
export function peoplePicker(name, label, { departments = true, hint } = {}) {
  let people = null, depts = [];
  const chosen = [];
  const search = input(name + '_search', { type: 'search', placeholder: t('req.pick_ph'), role: 'combobox', 'aria-expanded': 'false' });
  const results = h('ul', { class: 'pick-results', role: 'listbox', 'aria-label': t('req.pick_results') });
  const chips = h('ul', { class: 'chips', 'data-testid': name + '-chosen', 'aria-label': t('req.pick_chosen') });
  const load = async () => {
    if (people) return;
    const [p, d] = await Promise.all([
      get('/people').then((r) => r.items, () => []),
      departments ? get('/departments').then((r) => r.items, () => []) : [],
    ]);
    people = p.filter((x) => x.status !== 'left' && x.status !== 'departed');
    depts = d;
  };
  const drawChips = () => chips.replaceChildren(...chosen.map((c, i) => h('li', { 'data-pick': `${c.kind}:${c.id}` },
    c.kind === 'dept' ? t('req.pick_dept', { name: c.name }) : c.name,
    h('button', { type: 'button', class: 'linkish', 'aria-label': t('req.pick_remove', { name: c.name }),
      on: { click: () => { chosen.splice(i, 1); drawChips(); } } }, '×'))));
  const choose = (c) => {
    if (!chosen.some((x) => x.kind === c.kind && x.id === c.id)) chosen.push(c);
    drawChips();
    search.value = '';
    results.replaceChildren();
    search.setAttribute('aria-expanded', 'false');
    search.focus();
  };
  const show = async () => {
    await load();
    const q = search.value.trim();
    if (!q) { results.replaceChildren(); search.setAttribute('aria-expanded', 'false'); return; }
    const hit = (s) => s && s.includes(q);
    const opts = [
      ...people.filter((p) => hit(p.name) || hit(p.username)).slice(0, 8).map((p) => ({ kind: 'person', id: p.id, name: p.name, sub: p.username || '' })),
      ...depts.filter((d) => hit(d.name)).slice(0, 4).map((d) => ({ kind: 'dept', id: d.id, name: d.name, sub: t('req.pick_dept_sub') })),
    ];
    results.replaceChildren(...(opts.length ? opts.map((o) => h('li', { role: 'option' },
      h('button', { type: 'button', class: 'pick-option', 'data-pick': `${o.kind}:${o.id}`, on: { click: () => choose(o) } },
        o.name, ' ', h('small', { class: 'muted' }, o.sub)))) : [h('li', { class: 'muted' }, t('req.pick_none'))]));
    search.setAttribute('aria-expanded', 'true');
  };
  search.addEventListener('input', show);
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      const first = results.querySelector('button.pick-option');
      if (first) first.click();
    }
  });
  const el = h('div', { class: 'field wide picker', 'data-picker': name },
    h('label', { for: name + '-search' }, label), search, hint ? h('span', { class: 'hint' }, hint) : null, results, chips);
  search.id = name + '-search';
  return { el, value: () => chosen.map((c) => `${c.kind}:${c.id}`).join(','), focus: () => search.focus() };
}

async function newView(root, ctx) {
  const q = ctx.query;
  root.appendChild(pageHead(t('req.new_title'), t('req.new_sub')));
  const op = select('op', OPS.map((o) => [o, term('op', o)]), { value: OPS.includes(q.op) ? q.op : 'borrow' });
  const carrier = input('carrier', { value: q.carrier || '', inputmode: 'numeric', placeholder: t('req.carriers_ph') });
  const carrierField = field(t('req.carriers'), carrier, { required: true, hint: t('req.carriers_hint') });
  const reason = h('textarea', { name: 'reason', rows: 3, maxlength: 1000 });
  // Operation details the server reads from `params` (docs/openapi.yaml
  // RequestParams); what is left empty is not sent, so that a missing detail
  // is refused by the server with the rule that needs it.
  const F = {
    copies: input('copies', { type: 'number', min: 1, inputmode: 'numeric' }),
    destination: input('destination'),
    purpose: input('purpose'),
    returnDate: input('return_date', { type: 'date', min: isoDay() }),
    takeAway: h('input', { type: 'checkbox', name: 'take_away' }),
    abroad: h('input', { type: 'checkbox', name: 'abroad' }),
    publicPlace: h('input', { type: 'checkbox', name: 'public_place' }),
    toLevel: select('to_level', LEVELS.map((l) => [l, term('level', l)]), { blank: t('req.choose') }),
    basis: input('basis', { placeholder: t('req.basis_ph') }),
    period: input('period', { type: 'number', min: 1, max: 30, inputmode: 'numeric' }),
    recipient: input('recipient'),
    reader: input('reader'),
    organisation: input('organisation'),
    letter: h('input', { type: 'checkbox', name: 'introduction_letter' }),
    title: input('title', { maxlength: 200 }),
    level: select('level', LEVELS.map((l) => [l, term('level', l)]), { blank: t('req.choose') }),
    docNumber: input('doc_number'),
    classifier: input('classifier', { placeholder: t('req.classifier_ph') }),
  };
  const check = (el, label) => h('div', { class: 'field check' }, h('label', null, el, ' ', label));
  const higher = approvalRecord('higher_approval', t('req.higher_approval'));
  const originator = approvalRecord('originator_approval', t('req.originator_approval'));
  const widen = peoplePicker('add', t('req.add'), { hint: t('req.add_hint') });
  const scope = peoplePicker('scope', t('req.scope'), { hint: t('req.scope_hint') });
  const extra = {
    borrow: () => [check(F.takeAway, t('req.take_away'))],
    copy: () => [field(t('req.copies'), F.copies), originator.el],
    extract: () => [field(t('req.copies'), F.copies), originator.el],
    take_out: () => [field(t('req.destination'), F.destination, { required: true }), field(t('req.purpose'), F.purpose, { required: true }),
      field(t('req.return_date'), F.returnDate, { required: true }),
      check(F.abroad, t('req.abroad')), check(F.publicPlace, t('req.public_place')), higher.el],
    widen_scope: () => [widen.el],
    level_change: () => [field(t('req.to_level'), F.toLevel, { required: true }), field(t('req.basis'), F.basis, { required: true }),
      field(t('req.period'), F.period, { hint: t('req.period_hint') })],
    make: () => [field(t('req.make_title'), F.title, { required: true, wide: true }), field(t('carrier.level'), F.level, { required: true }),
      field(t('req.copies'), F.copies, { required: true }), field(t('carrier.doc_number'), F.docNumber), field(t('req.period'), F.period, { hint: t('req.period_hint') }),
      scope.el, field(t('req.classifier'), F.classifier, { hint: t('req.classifier_hint') }), field(t('req.basis'), F.basis)],
    foreign: () => [field(t('req.recipient'), F.recipient, { required: true }), higher.el],
    outside_reader: () => [field(t('req.reader'), F.reader, { required: true, hint: t('req.reader_hint') }), field(t('req.organisation'), F.organisation),
      check(F.letter, t('req.introduction_letter'))],
  };
  const extraBox = h('div', { class: 'form-extra', 'data-testid': 'request-extra' });
  const showExtra = () => {
    extraBox.replaceChildren(...(extra[op.value] ? extra[op.value]() : []));
    carrierField.hidden = op.value === 'make';
  };
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
    carrierField,
    extraBox,
    field(t('req.reason'), reason, { required: true, wide: true }),
    h('div', { class: 'form-actions' }, submit, h('a', { class: 'btn', href: '#/requests' }, t('common.cancel'))));
  const txt = (el) => el.value.trim() || undefined;
  const paramsOf = (o) => {
    const p = {};
    const set = (k, v) => { if (v !== undefined && v !== '' && v !== false) p[k] = v; };
    const num = (el) => (el.value ? Number(el.value) : undefined);
    if (o === 'borrow') set('take_away', F.takeAway.checked);
    if (o === 'copy' || o === 'extract') { set('copies', num(F.copies)); set('originator_approval', originator.value()); }
    if (o === 'take_out') {
      set('destination', txt(F.destination)); set('purpose', txt(F.purpose)); set('return_date', F.returnDate.value);
      set('abroad', F.abroad.checked); set('public_place', F.publicPlace.checked); set('higher_approval', higher.value());
    }
    if (o === 'widen_scope') set('add', widen.value());
    if (o === 'level_change') { set('to_level', F.toLevel.value); set('basis', txt(F.basis)); set('period', F.period.value); }
    if (o === 'make') {
      set('title', txt(F.title)); set('level', F.level.value); set('copies', num(F.copies)); set('doc_number', txt(F.docNumber));
      set('period', F.period.value); set('scope', scope.value()); set('classifier', txt(F.classifier)); set('basis', txt(F.basis));
    }
    if (o === 'foreign') { set('recipient', txt(F.recipient)); set('higher_approval', higher.value()); }
    if (o === 'outside_reader') { set('reader', txt(F.reader)); set('organisation', txt(F.organisation)); set('introduction_letter', F.letter.checked); }
    return p;
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    const make = op.value === 'make';
    const ids = make ? [] : carrier.value.split(/[,，、\s]+/).filter(Boolean).map(Number);
    const bad = [];
    if (!make && (!ids.length || ids.some((n) => !Number.isInteger(n) || n < 1))) bad.push(carrier);
    if (!reason.value.trim()) bad.push(reason);
    [carrier, reason].forEach((el) => el.removeAttribute('aria-invalid'));
    if (bad.length) {
      bad.forEach((el) => el.setAttribute('aria-invalid', 'true'));
      err.appendChild(notice('error', t('common.required_missing')));
      bad[0].focus();
      return;
    }
    const body = { op: op.value, carrier_ids: ids, reason: reason.value.trim() };
    const params = paramsOf(op.value);
    if (Object.keys(params).length) body.params = params;
    const r = await busy(submit, err, () => post('/requests', body));
    if (r) { toast(t('req.created_ok', { id: r.id }), 'ok'); ctx.go(`/requests/${r.id}`); }
  });
  root.appendChild(card(null, form));
  (q.carrier ? reason : carrier).focus();
}

// What a request's `params` say, in words: one [label, value] per detail,
// labelled as on the form that filed it; people and departments by name.
const PARAM_LABELS = {
  copies: 'req.copies', destination: 'req.destination', purpose: 'req.purpose', return_date: 'req.return_date',
  take_away: 'req.take_away', abroad: 'req.abroad', public_place: 'req.public_place',
  higher_approval: 'reqp.higher_approval', originator_approval: 'reqp.originator_approval', add: 'req.add',
  to_level: 'req.to_level', basis: 'req.basis', period: 'reqp.period', title: 'req.make_title', level: 'carrier.level',
  doc_number: 'carrier.doc_number', scope: 'req.scope', classifier: 'req.classifier', recipient: 'req.recipient',
  reader: 'req.reader', organisation: 'req.organisation', introduction_letter: 'req.introduction_letter',
  device_id: 'reqp.device_id', method: 'desk.method', place: 'reqp.place', copier: 'desk.copier',
  // 信息公开 (PUB-1): the request the publication is filed as.
  attachment: 'pub.f.attachment', channel: 'pub.f.channel', department: 'pub.f.department', publisher: 'pub.f.publisher',
  reviewers: 'pub.f.reviewers', reviews: 'pub.reviews', text: 'pub.f.text', release: 'pub.release',
  withdraw_comment: 'req.withdraw_reason', kind: 'carrier.kind', period_event: 'reqp.period_event', review_date: 'reg.review_date', add_person_ids: 'req.add', add_department_ids: 'req.add',
  classifier_id: 'req.classifier', reader_id: 'req.reader',
};
// The server keeps, beside what the form said, the ids it resolved: shown
// only when the words they were resolved from are not there.
const RESOLVED_FROM = {
  add_person_ids: 'add', add_department_ids: 'add', classifier_id: 'classifier', reader_id: 'reader',
  department_id: 'department', publisher_id: 'publisher', reviewer_ids: 'reviewers',
};

async function directoryNames() {
  const [people, deps] = await Promise.all([
    get('/people').then((r) => r.items, () => []),
    get('/departments').then((r) => r.items, () => []),
  ]);
  return {
    people: new Map(people.map((p) => [String(p.id), p.name])),
    deps: new Map(deps.map((d) => [String(d.id), d.name])),
    // A person named by login name ("person:leader", a classifier): the name.
    users: new Map(people.filter((p) => p.username).map((p) => [p.username, p.name])),
  };
}

export function paramsInWords(params, names = { people: new Map(), deps: new Map(), users: new Map() }, op = null) {
  const users = names.users || new Map();
  // "person:12", "dept:3" (ids), "person:leader", "dept:基础教育科" (as typed), a login name.
  const who = (v) => (Array.isArray(v) ? v : String(v).split(/[,，、]/)).map((s) => String(s).trim()).filter(Boolean).map((s) => {
    const m = /^(person|people|dept|department):(.+)$/.exec(s);
    if (!m) return users.get(s) || s;
    const byId = /^\d+$/.test(m[2]);
    if (m[1].startsWith('dept')) return t('req.pick_dept', { name: byId ? names.deps.get(m[2]) || t('reqp.dept_no', { id: m[2] }) : m[2] });
    return byId ? names.people.get(m[2]) || t('reqp.person_no', { id: m[2] }) : users.get(m[2]) || m[2];
  }).join('、');
  const record = (o) => [o.by, o.document, o.date ? fmtDate(o.date) : null].filter(Boolean).join('，');
  const ids = (v, kind) => (Array.isArray(v) ? v : [v]).map((id) => `${kind}:${id}`);
  return Object.entries(params || {}).filter(([k, v]) => !(RESOLVED_FROM[k] && params[RESOLVED_FROM[k]] !== undefined)
    && !(Array.isArray(v) && !v.length)).map(([k, v]) => {
    let val;
    if (typeof v === 'boolean') val = v ? t('common.yes') : t('common.no');
    else if (k === 'add_person_ids' || k === 'classifier_id' || k === 'reader_id') val = who(ids(v, 'person'));
    else if (k === 'add_department_ids') val = who(ids(v, 'dept'));
    else if (k === 'level' || k === 'to_level') val = term('level', v);
    else if (k === 'method') val = term('method', v);
    else if (k === 'kind') val = term('kind', v);
    else if (k === 'channel') val = op === 'publish' ? term('pub.channel', v) : term('channel', v);
    // A publication's reviews and its release: who said what, when.
    else if (k === 'reviews' && Array.isArray(v)) val = v.map((x) => [x.reviewer || x.by, x.passed === undefined ? null : t(x.passed ? 'pub.passed' : 'pub.objected'), x.opinion, x.at ? fmtDateTime(x.at) : null].filter(Boolean).join('，')).join('；');
    else if (k === 'release' && v && typeof v === 'object') val = [v.by, v.where, v.at ? fmtDateTime(v.at) : null].filter(Boolean).join('，');
    else if (k === 'add' || k === 'scope' || k === 'classifier' || k === 'reader') val = who(v);
    else if (k === 'period') val = /^\d+$/.test(String(v)) ? t('period.years', { n: v }) : String(v);
    else if (k === 'copies') val = t('desk.p_copies', { n: v });
    else if (/date$/.test(k)) val = fmtDate(v);
    else if (v && typeof v === 'object' && !Array.isArray(v)) val = record(v);
    else if (Array.isArray(v)) val = v.join('、');
    else val = String(v);
    const label = k === 'title' && op === 'publish' ? 'pub.f.title' : PARAM_LABELS[k];
    return [label ? t(label) : t('reqp.other'), val, k];
  });
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
  const words = paramsInWords(r.params, Object.keys(r.params || {}).some((k) => /^(add|scope|classifier|reader)|_ids?$/.test(k)) ? await directoryNames() : undefined, r.op && r.op.code);
  const params = words.length ? h('dl', { class: 'kv params', 'data-testid': 'request-params' },
    words.map(([k, v, key]) => [h('dt', null, k), h('dd', { 'data-param': key }, v)])) : null;
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
