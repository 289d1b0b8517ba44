// desk.js — 保密员工作台: the clerk issues approved requests; the borrower
// confirms with their own password (REG-1, BORROW-1..4) and checks carriers back in; what is
// out is listed with its due date, overdue ones first (BORROW-2). The clerk
// also circulates a carrier to a reader through the desk (CIRC-1..5, never
// passed on laterally), carries out approved copies, extracts, makings,
// widenings of the scope, level changes and destructions (COPY-*, MAKE-*,
// CIRC-1, LEVEL-4/7, DESTROY-1..4 with the witnesses), and records a
// hand-over signed by both sides with its printable list (KEEP-2).
// Every rule is the server's: a refusal shows its rule ID and reason.
import { get, post, qs } from '../api.js';
import { t, term, vocab, fmtDateTime, fmtNum } from '../i18n.js';
import {
  h, pageHead, card, errorBox, emptyState, table, dialog, field, input, select, toast, levelBadge,
  statusBadge, marking, icon, notice, busy, clear, xlsxLink,
} from '../ui.js';
import { isClerk, session } from '../app.js';

const TABS = ['issue', 'out', 'circulate', 'execute', 'handover'];
const ISSUE_OPS = ['borrow', 'read', 'take_out'];
const EXEC_OPS = ['copy', 'extract', 'make', 'widen_scope', 'destroy', 'level_change'];
const DESTROY_METHODS = ['shred', 'incinerate', 'pulp', 'physical', 'degauss', 'centre'];
const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'];

// The result of the last action, shown once above the tab's list after it re-renders.
let flash = null;

const carrierLink = (id) => h('a', { href: `#/carrier/${id}` }, t('carrier.no', { id }));
const carrierLinks = (ids) => (ids || []).map((id, i) => [i ? '、' : '', carrierLink(id)]);

// People who may take part in desk business: active, not one of the three administrators.
function businessPeople(people) {
  return people.filter((p) => p.status === 'active' && !(p.roles || []).some((r) => ADMIN_ROLES.includes(r.role)));
}
const personLabel = (p) => (p.username ? `${p.name}（${p.username}）` : p.name);
const personOptions = (people) => people.map((p) => [String(p.id), personLabel(p)]);

// REG-1, CIRC-5 (issue 14): the holder confirms the receipt themselves — their own
// password typed on the clerk's screen (checked by the server as at login, never
// kept), or, for a holder without an account, by hand on the printed register.
// A name typed by the clerk is no signature. Returns the fields and their body part.
// The same for a meeting's participant (MEET-2) and each side of a hand-over (KEEP-2):
// `keys` names the body's fields, `labels` the field's label, hint and paper box.
export function receiptFields(who, keys = {}, labels = {}) {
  const pwKey = keys.password || 'holder_password', paperKey = keys.paper || 'signed_on_paper';
  const password = input(pwKey, { type: 'password', autocomplete: 'off', maxlength: 256 });
  const paper = h('input', { type: 'checkbox', name: paperKey });
  paper.addEventListener('change', () => {
    password.disabled = paper.checked;
    if (paper.checked) password.value = '';
  });
  const nodes = [
    field(labels.password || t('desk.holder_password'), password, { hint: labels.hint || t('desk.holder_password_hint', { who }) }),
    h('div', { class: 'field check' }, h('label', null, paper, ' ', labels.paper || t('desk.signed_on_paper'))),
  ];
  const apply = (b) => {
    if (paper.checked) b[paperKey] = true;
    else if (password.value) b[pwKey] = password.value;
    return b;
  };
  return { nodes, apply, clear: () => { password.value = ''; }, how: () => (paper.checked ? 'paper' : 'password') };
}

async function issue(r, ctx) {
  const receipt = receiptFields(r.requester);
  const place = input('place');
  const body = h('div', { class: 'form one' },
    h('p', null, t('desk.issue_confirm', { id: r.id, op: vocab(r.op), who: r.requester })),
    ...receipt.nodes,
    r.op.code === 'read' ? field(t('desk.place'), place, { hint: t('desk.place_hint') }) : null);
  const ok = await dialog(t('desk.issue'), body, {
    ok: t('desk.issue'),
    onOk: async () => {
      const out = [];
      for (const id of r.carrier_ids || []) {
        const b = receipt.apply({ request_id: r.id, carrier_id: id });
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

function loansTable(items, ctx, caption) {
  return table([
    { label: t('carrier.id'), render: (l) => h('a', { href: `#/carrier/${l.carrier_id}` }, String(l.carrier_id)) },
    { label: t('carrier.title'), render: (l) => l.carrier_title, cls: 'title-cell' },
    { label: t('desk.kind'), render: (l) => t('loan.' + l.kind) },
    { label: t('desk.holder'), render: (l) => l.holder },
    { label: t('desk.issued_at'), render: (l) => fmtDateTime(l.issued_at), cls: 'nowrap' },
    { label: t('desk.due'), render: (l) => (l.due_at ? h('span', { class: l.overdue ? 'overdue' : null }, fmtDateTime(l.due_at), l.overdue ? ` · ${t('desk.overdue')}` : '') : '—'), cls: 'nowrap' },
    { label: t('common.actions'), render: (l) => h('button', { type: 'button', class: 'btn small primary', 'data-action': 'checkin', on: { click: () => checkin(l, ctx) } }, t('desk.checkin')) },
  ], items, { caption, rowAttrs: (l) => ({ 'data-carrier': l.carrier_id, class: l.overdue ? 'overdue' : null }) });
}

// ---- issue and out ----------------------------------------------------------

async function renderIssue(box, ctx) {
  const page = await get('/requests' + qs({ status: 'approved', limit: 100 }));
  const items = page.items.filter((r) => ISSUE_OPS.includes(r.op.code));
  if (!items.length) { box.appendChild(emptyState(t('desk.none_to_issue'))); return; }
  box.appendChild(table([
    { label: t('req.id'), render: (r) => h('a', { href: `#/requests/${r.id}` }, `#${r.id}`) },
    { label: t('req.op'), render: (r) => vocab(r.op) },
    { label: t('req.carriers'), render: (r) => carrierLinks(r.carrier_ids) },
    { label: t('carrier.level'), render: (r) => levelBadge(r.level) },
    { label: t('req.requester'), render: (r) => r.requester },
    { label: t('req.decided'), render: (r) => fmtDateTime(r.decided_at), cls: 'nowrap' },
    { label: t('common.actions'), render: (r) => h('button', { type: 'button', class: 'btn small primary', 'data-action': 'issue', on: { click: () => issue(r, ctx) } }, t('desk.issue')) },
  ], items, { caption: t('desk.tab_issue'), rowAttrs: (r) => ({ 'data-request': r.id }) }));
}

async function renderOut(box, ctx) {
  const out = await get('/desk/out');
  const items = [...(out.items || [])].sort((a, b) => Number(b.overdue) - Number(a.overdue));
  box.appendChild(h('p', { class: 'muted' }, t('desk.out_count', { n: fmtNum(items.length) }), ' ', xlsxLink('/desk/out', {}, 'baomi-desk-out')));
  if (!items.length) { box.appendChild(emptyState(t('desk.none_out'))); return; }
  box.appendChild(loansTable(items, ctx, t('desk.tab_out')));
}

// ---- circulation (CIRC-1..5) -------------------------------------------------

function loanCard(loan) {
  return h('div', { class: 'desk-result', 'data-testid': 'circ-result' },
    notice('ok', h('p', null, h('strong', null, t('desk.circ_done', { title: loan.carrier_title, who: loan.holder })))),
    h('dl', { class: 'kv' },
      h('dt', null, t('carrier.id')), h('dd', null, carrierLink(loan.carrier_id)),
      h('dt', null, t('desk.reader')), h('dd', { 'data-testid': 'circ-holder' }, loan.holder),
      h('dt', null, t('desk.receipt')), h('dd', { 'data-testid': 'circ-receipt' }, t('desk.receipt.' + (loan.receipt || 'typed'))),
      h('dt', null, t('desk.place')), h('dd', null, loan.place || '—'),
      h('dt', null, t('desk.issued_at')), h('dd', null, fmtDateTime(loan.issued_at)),
      h('dt', null, t('desk.due')), h('dd', null, loan.due_at ? fmtDateTime(loan.due_at) : '—')),
    h('p', { class: 'muted' }, t('desk.circ_return_hint')));
}

async function renderCirculate(box, ctx) {
  const [people, out] = await Promise.all([
    get('/people').then((r) => businessPeople(r.items || []), () => []),
    get('/desk/out'),
  ]);
  const carrier = input('carrier_id', { type: 'number', min: 1, inputmode: 'numeric', value: ctx.query.carrier || '' });
  const reader = select('reader', personOptions(people), { blank: t('desk.choose_person') });
  const place = input('place', { maxlength: 100 });
  const receipt = receiptFields(t('desk.the_reader'));
  const preview = h('div', { class: 'carrier-preview', 'aria-live': 'polite', 'data-testid': 'circ-preview' });
  const err = h('div', { 'data-testid': 'circ-error' });
  const btn = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'circulate' }, t('desk.circulate'));

  let seq = 0;
  async function lookup() {
    const id = carrier.value.trim();
    const mine = ++seq;
    clear(preview);
    if (!id) return;
    try {
      const c = await get(`/carriers/${encodeURIComponent(id)}`);
      if (mine !== seq) return;
      preview.appendChild(h('p', null, marking(c), ' ', h('strong', null, c.title), ' ', statusBadge(c.status)));
    } catch (e) {
      if (mine === seq) preview.appendChild(errorBox(e));
    }
  }
  carrier.addEventListener('change', lookup);

  const form = h('form', { class: 'form no-print', novalidate: true, 'data-testid': 'circulate-form' },
    h('p', { class: 'muted wide' }, t('desk.circ_intro')),
    field(t('desk.carrier_id'), carrier, { required: true }),
    field(t('desk.reader'), reader, { required: true, hint: t('desk.reader_hint') }),
    field(t('desk.place'), place, { hint: t('desk.place_hint') }),
    ...receipt.nodes,
    h('div', { class: 'wide' }, preview),
    h('div', { class: 'wide' }, err),
    h('div', { class: 'form-actions' }, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const loan = await busy(btn, err, () => {
      const b = receipt.apply({ carrier_id: carrier.value.trim(), reader: reader.value });
      if (place.value.trim()) b.place = place.value.trim();
      return post('/desk/circulate', b);
    });
    // The reader's password never stays on the clerk's screen.
    receipt.clear();
    if (loan) {
      toast(t('desk.circ_done', { title: loan.carrier_title, who: loan.holder }), 'ok');
      flash = { tab: 'circulate', node: loanCard(loan) };
      ctx.render();
    }
  });
  box.appendChild(form);
  if (ctx.query.carrier) lookup();

  const circulating = (out.items || []).filter((l) => l.kind === 'circulation');
  box.appendChild(h('h2', { class: 'sub-head' }, t('desk.circ_out')));
  if (!circulating.length) box.appendChild(emptyState(t('desk.circ_none')));
  else box.appendChild(loansTable(circulating, ctx, t('desk.circ_out')));
}

// ---- carrying out approved requests -----------------------------------------

// The request's parameters in words (copies, method, place, level …).
function paramsText(r) {
  const p = r.params || {};
  const parts = [];
  if (p.copies !== undefined) parts.push(t('desk.p_copies', { n: p.copies }));
  if (p.copier) parts.push(t('desk.p_copier', { v: p.copier }));
  if (p.method) parts.push(t('desk.p_method', { v: term('method', p.method) }));
  if (p.place) parts.push(t('desk.p_place', { v: p.place }));
  if (p.to_level) parts.push(t('desk.p_to_level', { v: term('level', p.to_level) }));
  if (p.add) parts.push(t('desk.p_add', { v: Array.isArray(p.add) ? p.add.join('、') : p.add }));
  if (p.title) parts.push(t('desk.p_title', { v: p.title }));
  if (p.doc_number) parts.push(t('desk.p_doc', { v: p.doc_number }));
  return parts.join('；');
}

async function carriersOf(r) {
  return Promise.all((r.carrier_ids || []).map((id) => get(`/carriers/${id}`).catch(() => ({ id, title: '—' }))));
}

function itemList(carriers) {
  return h('ol', { class: 'item-list', 'data-testid': 'exec-items' }, carriers.map((c) => h('li', { 'data-carrier': c.id },
    carrierLink(c.id), ' ', c.marking ? marking(c) : null, ' ', c.title,
    c.doc_number ? ` · ${c.doc_number}` : '', c.serial_number ? ` · ${t('desk.serial', { n: c.serial_number })}` : '')));
}

// The dialog body and the request body for each operation.
async function execForm(r) {
  const p = r.params || {};
  switch (r.op.code) {
    case 'copy': {
      const copier = input('copier', { value: p.copier || '', maxlength: 100 });
      const copies = input('copies', { type: 'number', min: 1, inputmode: 'numeric', value: p.copies ?? 1 });
      return {
        body: [itemList(await carriersOf(r)),
          field(t('desk.copier'), copier, { required: true, hint: t('desk.copier_hint') }),
          field(t('desk.copies'), copies, { required: true, hint: t('desk.copies_hint', { n: p.copies ?? 1 }) })],
        values: () => ({ copier: copier.value.trim(), copies: Number(copies.value) || copies.value }),
      };
    }
    case 'extract': {
      const title = input('title', { maxlength: 200 });
      const note = input('note', { maxlength: 200 });
      return {
        body: [itemList(await carriersOf(r)),
          field(t('desk.extract_title'), title, { hint: t('desk.extract_hint') }),
          field(t('desk.note'), note)],
        values: () => ({ title: title.value.trim() || undefined, note: note.value.trim() || undefined }),
      };
    }
    case 'make': {
      const places = await get('/places?retired=false').then((x) => x.items || [], () => []);
      const title = input('title', { value: p.title || '', maxlength: 200 });
      const doc = input('doc_number', { value: p.doc_number || '', maxlength: 64 });
      const pages = input('pages', { type: 'number', min: 0, inputmode: 'numeric' });
      const place = select('place', places.map((x) => [String(x.id), `${x.name}（${term('level', x.max_level)}）`]), { blank: t('desk.choose_place') });
      // MAKE-1: the approved distribution scope is the one made; shown, not changed here.
      const scope = input('scope', { value: Array.isArray(p.scope) ? p.scope.join('、') : (p.scope || ''), readonly: true });
      return {
        body: [h('p', null, t('desk.make_intro', { level: vocab(r.level), n: p.copies ?? 1 })),
          field(t('carrier.title'), title, { required: true }),
          field(t('desk.doc_number'), doc, { required: true, hint: t('desk.doc_number_hint') }),
          field(t('desk.pages'), pages),
          field(t('desk.store_place'), place, { required: true, hint: t('desk.store_place_hint') }),
          field(t('desk.scope'), scope, { hint: t('desk.scope_hint') })],
        values: () => {
          const b = {};
          if (title.value.trim()) b.title = title.value.trim();
          if (doc.value.trim()) b.doc_number = doc.value.trim();
          if (pages.value) b.pages = Number(pages.value);
          if (place.value) b.place = place.value;
          return b;
        },
      };
    }
    case 'widen_scope':
      return {
        body: [itemList(await carriersOf(r)), h('p', null, t('desk.widen_intro', { who: paramsText(r) || '—' }))],
        values: () => ({}),
      };
    case 'level_change': {
      const basis = input('basis', { value: p.basis || '', maxlength: 200 });
      return {
        body: [itemList(await carriersOf(r)),
          notice('info', h('p', null, t('desk.level_intro'))),
          field(t('desk.basis'), basis, { hint: t('desk.basis_hint') })],
        values: () => ({ basis: basis.value.trim() || undefined }),
      };
    }
    case 'destroy': {
      const [carriers, people] = await Promise.all([
        carriersOf(r),
        get('/people').then((x) => businessPeople(x.items || []), () => []),
      ]);
      const method = select('method', DESTROY_METHODS.map((m) => [m, term('method', m)]), { value: p.method || '', blank: t('desk.choose_method') });
      const place = input('place', { value: p.place || '', maxlength: 100 });
      // DESTROY-2, REG-1 (issue 14 point 5): each witness confirms the destruction themselves —
      // their own password typed here (checked by the server as at login, never kept), or, for a
      // witness without an account, by hand on the printed destruction register.
      const rows = people.map((x) => {
        const box = h('input', { type: 'checkbox', name: 'witness', value: String(x.id), 'data-username': x.username || '' });
        const pw = x.username ? input(`witness_password_${x.id}`, { type: 'password', autocomplete: 'off', maxlength: 256,
          'aria-label': t('desk.witness_password', { who: x.name }), 'data-witness-password': String(x.id) }) : null;
        const how = h('span', { class: 'witness-how', hidden: true },
          pw || h('span', { class: 'muted' }, t('desk.witness_paper')));
        box.addEventListener('change', () => {
          how.hidden = !box.checked;
          if (!box.checked && pw) pw.value = '';
        });
        const label = h('label', null, box, ' ', personLabel(x),
          x.id === r.requester_id ? h('span', { class: 'muted' }, ` · ${t('desk.requester_mark')}`) : null);
        return { x, box, pw, node: h('div', { class: 'witness-row', 'data-witness': String(x.id) }, label, ' ', how) };
      });
      const witnesses = h('fieldset', { class: 'witnesses', 'aria-describedby': 'witness-hint' },
        h('legend', null, t('desk.witnesses'), h('span', { class: 'req', 'aria-hidden': 'true' }, '*')),
        h('div', { class: 'check-list' }, rows.map((w) => w.node)),
        h('p', { class: 'hint', id: 'witness-hint' }, t('desk.witnesses_hint')));
      return {
        body: [h('p', null, t('desk.destroy_intro', { n: carriers.length })), itemList(carriers),
          field(t('desk.method'), method, { required: true, hint: t('desk.method_hint') }),
          field(t('desk.destroy_place'), place, { required: true, hint: t('desk.destroy_place_hint') }),
          witnesses],
        values: () => {
          const list = rows.filter((w) => w.box.checked).map((w) => {
            if (!w.pw) return { person: String(w.x.id), on_paper: true };
            const o = { person: String(w.x.id) };
            if (w.pw.value) o.password = w.pw.value;
            // A witness's password never stays on the clerk's screen.
            w.pw.value = '';
            return o;
          });
          return {
            witnesses: list,
            method: method.value || undefined,
            place: place.value.trim() || undefined,
          };
        },
      };
    }
    default:
      return null;
  }
}

// What the execution produced: new carriers, the destruction record, or the level changes.
function execResult(r, res, people) {
  const names = new Map((people || []).map((p) => [p.id, p.name]));
  const head = notice('ok', h('p', null, h('strong', null, t('desk.exec_done', { id: r.id, op: vocab(r.op) }))));
  let detail = null;
  if (res && res.destruction) {
    const d = res.destruction;
    detail = h('dl', { class: 'kv' },
      h('dt', null, t('desk.destruction_no')), h('dd', null, String(d.id)),
      h('dt', null, t('desk.method')), h('dd', null, vocab(d.method)),
      h('dt', null, t('desk.destroy_place')), h('dd', null, d.place),
      h('dt', null, t('desk.witnesses')), h('dd', { 'data-testid': 'exec-witnesses' }, (d.witness_ids || []).map((id, i) =>
        `${names.get(id) || `#${id}`}（${t(`desk.witness_how_${(d.witness_receipts || [])[i] || 'typed'}`)}）`).join('、')),
      h('dt', null, t('req.carriers')), h('dd', null, carrierLinks(d.carrier_ids)));
  } else if (res && res.changes) {
    detail = table([
      { label: t('carrier.id'), render: (c) => carrierLink(c.carrier_id) },
      { label: t('desk.old_marking'), render: (c) => h('s', null, c.old_marking) },
      { label: t('desk.new_marking'), render: (c) => c.new_marking },
      { label: t('desk.basis'), render: (c) => c.basis },
    ], res.changes, { caption: t('desk.exec_done', { id: r.id, op: vocab(r.op) }) });
  } else if (res && res.carriers) {
    detail = res.carriers.length ? table([
      { label: t('carrier.id'), render: (c) => carrierLink(c.id) },
      { label: t('carrier.title'), render: (c) => c.title, cls: 'title-cell' },
      { label: t('desk.marking'), render: (c) => marking(c) },
      { label: t('desk.serial_col'), render: (c) => (c.serial_number ?? '—') },
      { label: t('desk.store_place'), render: (c) => c.place || '—' },
    ], res.carriers, { caption: t('desk.exec_done', { id: r.id, op: vocab(r.op) }), rowAttrs: (c) => ({ 'data-carrier': c.id }) }) : null;
  }
  return h('div', { class: 'desk-result', 'data-testid': 'exec-result', 'data-op': r.op.code }, head, detail);
}

// Also used by the request page, where the classification authority carries
// out an approved level change (LEVEL-4): there no desk result is kept.
export async function execute(r, ctx, { onDesk = true } = {}) {
  let f;
  try { f = await execForm(r); } catch (e) { toast(e.message_zh || String(e), 'error'); return; }
  if (!f) return;
  const body = h('div', { class: 'form one exec-form', 'data-op': r.op.code },
    h('p', null, t('desk.exec_confirm', { id: r.id, op: vocab(r.op), who: r.requester })), ...f.body);
  const res = await dialog(t('desk.execute_op', { op: vocab(r.op) }), body, {
    ok: t('desk.execute'),
    onOk: () => post(`/requests/${r.id}/execute`, f.values()),
  });
  if (res) {
    const people = r.op.code === 'destroy' ? await get('/people').then((x) => x.items || [], () => []) : [];
    toast(t('desk.exec_done', { id: r.id, op: vocab(r.op) }), 'ok');
    if (onDesk) flash = { tab: 'execute', node: execResult(r, res, people) };
    ctx.render();
  }
}

async function renderExecute(box, ctx) {
  const page = await get('/requests' + qs({ status: 'approved', limit: 100 }));
  const items = page.items.filter((r) => EXEC_OPS.includes(r.op.code));
  box.appendChild(h('p', { class: 'muted' }, t('desk.exec_intro')));
  if (!items.length) { box.appendChild(emptyState(t('desk.none_to_execute'))); return; }
  box.appendChild(table([
    { label: t('req.id'), render: (r) => h('a', { href: `#/requests/${r.id}` }, `#${r.id}`) },
    { label: t('req.op'), render: (r) => vocab(r.op) },
    { label: t('req.carriers'), render: (r) => (r.carrier_ids && r.carrier_ids.length ? carrierLinks(r.carrier_ids) : '—') },
    { label: t('carrier.level'), render: (r) => levelBadge(r.level) },
    { label: t('req.requester'), render: (r) => r.requester },
    { label: t('desk.params'), render: (r) => paramsText(r) || '—', cls: 'title-cell' },
    { label: t('req.decided'), render: (r) => fmtDateTime(r.decided_at), cls: 'nowrap' },
    { label: t('common.actions'), render: (r) => h('button', { type: 'button', class: 'btn small primary', 'data-action': 'execute', on: { click: () => execute(r, ctx) } }, t('desk.execute')) },
  ], items, { caption: t('desk.tab_execute'), rowAttrs: (r) => ({ 'data-request': r.id, 'data-op': r.op.code }) }));
}

// ---- hand-over (KEEP-2) ----------------------------------------------------

function handoverSheet(res, sigs, at) {
  const unit = session.me && session.me.unit ? session.me.unit.name : '';
  const printBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'print-handover', on: { click: () => window.print() } }, icon('print'), t('desk.ho_print'));
  return h('div', { class: 'desk-result handover-sheet', 'data-testid': 'handover-sheet' },
    h('div', { class: 'no-print' }, notice('ok', h('p', null, h('strong', null, t('desk.ho_done', { n: res.count, from: res.from, to: res.to })))), printBtn,
      // KEEP-2: the list is kept; it reprints from the 移交登记簿.
      res.id ? h('a', { class: 'btn', href: `#/handovers/${res.id}`, 'data-action': 'open-handover' }, t('ho.open_list')) : null),
    h('h2', { class: 'sheet-title' }, t('desk.ho_sheet_title')),
    h('p', { class: 'muted sheet-meta' }, h('span', null, unit),
      h('span', null, t('desk.ho_from_to', { from: sigs.fromName, to: sigs.toName })),
      h('span', null, fmtDateTime(at)),
      h('span', null, t('desk.ho_count', { n: fmtNum(res.count) }))),
    res.items.length ? table([
      { label: t('desk.ho_no'), render: (c) => String(res.items.indexOf(c) + 1), num: true },
      { label: t('carrier.id'), render: (c) => carrierLink(c.id) },
      { label: t('carrier.title'), render: (c) => c.title, cls: 'title-cell' },
      { label: t('desk.marking'), render: (c) => marking(c) },
      { label: t('desk.doc_number'), render: (c) => [c.doc_number || '—', c.serial_number ? ` · ${t('desk.serial', { n: c.serial_number })}` : ''] },
      { label: t('desk.store_place'), render: (c) => c.place || '—' },
      { label: t('desk.ho_custodian'), render: (c) => c.custodian || '—' },
    ], res.items, { caption: t('desk.ho_sheet_title'), rowAttrs: (c) => ({ 'data-carrier': c.id }) }) : emptyState(t('desk.ho_nothing')),
    sigs.devices && sigs.devices.length ? table([
      { label: t('desk.ho_no'), render: (d) => String(res.items.length + sigs.devices.indexOf(d) + 1), num: true },
      { label: t('desk.ho_device'), render: (d) => d.number },
      { label: t('desk.ho_device_kind'), render: (d) => (document.documentElement.lang === 'en' ? term('dev.kind', d.kind) : d.kind_zh || term('dev.kind', d.kind)) },
      { label: t('carrier.level'), render: (d) => term('level', d.level) },
      { label: t('desk.store_place'), render: (d) => d.place || '—' },
    ], sigs.devices, { caption: t('desk.ho_devices_title'), rowAttrs: (d) => ({ 'data-device': d.id }) }) : null,
    res.left > 0 ? h('p', { 'data-testid': 'ho-left' }, t('desk.ho_left', { n: fmtNum(res.left), from: res.from })) : null,
    sigs.note ? h('p', null, t('desk.ho_note_label'), '：', sigs.note) : null,
    h('div', { class: 'sheet-foot handover-foot' },
      // KEEP-2, REG-1: how each side confirmed; the 签字 lines are left for the pen.
      h('span', null, t('desk.ho_sign_from'), '：', h('span', { class: 'sign-blank' }, ''),
        h('small', { 'data-testid': 'ho-sign-from' }, t('desk.ho_receipt_' + sigs.from))),
      h('span', null, t('desk.ho_sign_to'), '：', h('span', { class: 'sign-blank' }, ''),
        h('small', { 'data-testid': 'ho-sign-to' }, t('desk.ho_receipt_' + sigs.to))),
      h('span', null, t('desk.ho_sign_clerk'), '：', session.me ? session.me.user.name : '')));
}

async function renderHandover(box, ctx) {
  const people = await get('/people').then((r) => (r.items || []).filter((p) => !(p.roles || []).some((x) => ADMIN_ROLES.includes(x.role))), () => []);
  const active = people.filter((p) => p.status === 'active');
  const from = select('from', personOptions(people.filter((p) => p.status !== 'left')), { blank: t('desk.choose_person'), value: ctx.query.from || '' });
  const to = select('to', personOptions(active), { blank: t('desk.choose_person') });
  // KEEP-2, REG-1 (issue 14 point 5): each side confirms the list with their own password.
  const fromSig = receiptFields('', { password: 'from_password', paper: 'from_on_paper' },
    { password: t('desk.ho_from_password'), hint: t('desk.ho_password_hint'), paper: t('desk.ho_from_paper') });
  const toSig = receiptFields('', { password: 'to_password', paper: 'to_on_paper' },
    { password: t('desk.ho_to_password'), hint: t('desk.ho_password_hint'), paper: t('desk.ho_to_paper') });
  const note = input('note', { maxlength: 200 });
  const held = h('div', { class: 'held', 'aria-live': 'polite', 'data-testid': 'ho-held' });
  const err = h('div', { 'data-testid': 'handover-error' });
  const btn = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'handover' }, t('desk.ho_submit'));

  // KEEP-2 (issue 14 point 4): what the person keeps and the devices they hold,
  // each with a box; everything is ticked, and the clerk unticks what stays.
  let seq = 0;
  let heldCarriers = [], heldDevices = [];
  const pick = (kind, id) => h('input', { type: 'checkbox', name: `ho-${kind}`, value: String(id), checked: true,
    'aria-label': t('desk.ho_pick_one', { id }) });
  async function loadHeld() {
    const mine = ++seq;
    clear(held);
    heldCarriers = [];
    heldDevices = [];
    if (!from.value) return;
    try {
      const [page, devs] = await Promise.all([
        get('/carriers' + qs({ custodian: from.value, limit: 1000 })),
        get('/devices' + qs({ holder: from.value })).then((r) => (r.items || []).filter((d) => d.status !== 'scrapped' && String(d.holder_id) === from.value), () => []),
      ]);
      if (mine !== seq) return;
      const items = (page.items || []).filter((c) => !['destroyed', 'returned'].includes(c.status && c.status.code));
      heldCarriers = items;
      heldDevices = devs;
      held.appendChild(h('p', { class: 'muted', 'data-testid': 'ho-held-count' }, t('desk.ho_held', { n: fmtNum(items.length) }),
        devs.length ? t('desk.ho_held_devices', { n: fmtNum(devs.length) }) : ''));
      if (items.length || devs.length) {
        const all = h('input', { type: 'checkbox', name: 'ho-all', checked: true, 'aria-label': t('desk.ho_pick_all') });
        all.addEventListener('change', () => held.querySelectorAll('input[name=ho-carrier], input[name=ho-device]').forEach((b) => { b.checked = all.checked; }));
        held.appendChild(h('label', { class: 'check' }, all, ' ', t('desk.ho_pick_all')));
        held.appendChild(h('p', { class: 'hint' }, t('desk.ho_pick_hint')));
      }
      if (items.length) {
        held.appendChild(table([
          { label: t('desk.ho_pick'), render: (c) => pick('carrier', c.id) },
          { label: t('carrier.id'), render: (c) => carrierLink(c.id) },
          { label: t('carrier.title'), render: (c) => c.title, cls: 'title-cell' },
          { label: t('desk.marking'), render: (c) => marking(c) },
          { label: t('carrier.status'), render: (c) => statusBadge(c.status) },
          { label: t('desk.store_place'), render: (c) => c.place || '—' },
        ], items, { caption: t('desk.ho_held', { n: items.length }), rowAttrs: (c) => ({ 'data-carrier': c.id }) }));
      }
      if (devs.length) {
        held.appendChild(table([
          { label: t('desk.ho_pick'), render: (d) => pick('device', d.id) },
          { label: t('desk.ho_device'), render: (d) => h('a', { href: `#/devices/${d.id}` }, d.number) },
          { label: t('desk.ho_device_kind'), render: (d) => (document.documentElement.lang === 'en' ? term('dev.kind', d.kind) : d.kind_zh || term('dev.kind', d.kind)) },
          { label: t('carrier.level'), render: (d) => term('level', d.level) },
          { label: t('desk.store_place'), render: (d) => d.place || '—' },
        ], devs, { caption: t('desk.ho_held_devices', { n: devs.length }), rowAttrs: (d) => ({ 'data-device': d.id }) }));
      }
    } catch (e) {
      if (mine === seq) held.appendChild(errorBox(e));
    }
  }
  // The ticked items; null when everything is ticked (the whole hand-over, as before).
  function chosen() {
    const ids = (kind) => [...held.querySelectorAll(`input[name=ho-${kind}]:checked`)].map((b) => Number(b.value));
    const c = ids('carrier'), d = ids('device');
    if (c.length === heldCarriers.length && d.length === heldDevices.length) return null;
    return { carrier_ids: c, device_ids: d };
  }
  from.addEventListener('change', loadHeld);

  const form = h('form', { class: 'form no-print', novalidate: true, 'data-testid': 'handover-form' },
    h('p', { class: 'muted wide' }, t('desk.ho_intro')),
    field(t('desk.ho_from'), from, { required: true }),
    field(t('desk.ho_to'), to, { required: true, hint: t('desk.ho_to_hint') }),
    ...fromSig.nodes,
    ...toSig.nodes,
    field(t('desk.ho_note_label'), note, { wide: true, hint: t('desk.ho_note_hint') }),
    h('div', { class: 'wide' }, held),
    h('div', { class: 'wide' }, err),
    h('div', { class: 'form-actions' }, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fromName = people.find((p) => String(p.id) === from.value)?.name || '';
    const toName = people.find((p) => String(p.id) === to.value)?.name || '';
    const sigs = { from: fromSig.how(), to: toSig.how(), note: note.value.trim(), fromName, toName };
    const res = await busy(btn, err, () => {
      // KEEP-2, REG-1: both sides confirm the list themselves; the server checks each password
      // as at login, records how each side confirmed and never the password.
      const b = { from: from.value, to: to.value };
      fromSig.apply(b);
      toSig.apply(b);
      if (sigs.note) b.note = sigs.note;
      const choice = chosen();
      if (choice) Object.assign(b, choice);
      // The devices go on the same list (issue 10 point 3): those ticked.
      sigs.devices = choice ? heldDevices.filter((d) => choice.device_ids.includes(d.id)) : heldDevices;
      return post('/handovers', b);
    });
    fromSig.clear();
    toSig.clear();
    if (res) {
      res.from = fromName || res.from;
      res.to = toName || res.to;
      res.left = heldCarriers.length - res.count;
      toast(t('desk.ho_done', { n: res.count, from: res.from, to: res.to }), 'ok');
      flash = { tab: 'handover', node: handoverSheet(res, sigs, new Date().toISOString()) };
      ctx.render();
    }
  });
  box.appendChild(form);
  if (from.value) loadHeld();
}

export async function render(root, ctx) {
  root.appendChild(pageHead(t('desk.title'), t('desk.sub')));
  const tab = TABS.includes(ctx.query.tab) ? ctx.query.tab : 'issue';
  const tabs = h('div', { class: 'tabs', role: 'tablist' },
    TABS.map((k) => h('a', { href: `#/desk${qs({ tab: k })}`, role: 'tab', 'aria-selected': String(tab === k), class: tab === k ? 'active' : null, 'data-tab': k }, t('desk.tab_' + k))));
  root.appendChild(tabs);
  const box = h('section', { class: 'card', role: 'tabpanel', 'data-panel': tab });
  root.appendChild(box);
  if (!isClerk()) { box.appendChild(emptyState(t('desk.clerk_only'))); return; }
  if (flash && flash.tab === tab) box.appendChild(flash.node);
  flash = null;
  try {
    if (tab === 'issue') await renderIssue(box, ctx);
    else if (tab === 'out') await renderOut(box, ctx);
    else if (tab === 'circulate') await renderCirculate(box, ctx);
    else if (tab === 'execute') await renderExecute(box, ctx);
    else await renderHandover(box, ctx);
  } catch (err) {
    box.appendChild(errorBox(err));
  }
}
