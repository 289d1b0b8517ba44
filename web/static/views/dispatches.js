// dispatches.js — 发文 (SEND-1..5, FOREIGN-1): the clerk's register of
// dispatches (those with receipts outstanding first to hand), the form of a
// new dispatch (carriers chosen from the ledger, one recipient per copy,
// the channel, the named courier and escorts), a dispatch's page where each
// recipient's receipt (回执) is recorded as it comes back, and the print
// views of the envelopes (level, number, sender, receiver, contents; SEND-5)
// and of the per-recipient receipts with lines for the signature and date.
// Every rule is the server's: a refusal shows its rule ID and reason.
import { get, post, qs } from '../api.js';
import { t, term, vocab, fmtDateTime, fmtNum } from '../i18n.js';
import {
  h, pageHead, card, field, input, select, toast, errorBox, emptyState, table, icon, dialog, busy, clear,
  levelBadge, marking, LEVELS,
} from '../ui.js';
import { isClerk, session } from '../app.js';

const CHANNELS = ['courier', 'dedicated', 'mail', 'express', 'fax', 'encrypted_fax', 'phone', 'internet'];
const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'];
const unitName = () => (session.me && session.me.unit ? session.me.unit.name : '');
const carrierLink = (id) => h('a', { href: `#/carrier/${id}` }, t('carrier.no', { id }));
const levelRank = (code) => LEVELS.indexOf(code);

// The recipients in the order of the list, each with its items (SEND-4/5).
function byRecipient(d) {
  const groups = [];
  for (const it of d.items) {
    let g = groups.find((x) => x.recipient === it.recipient);
    if (!g) groups.push(g = { recipient: it.recipient, items: [] });
    g.items.push(it);
  }
  return groups;
}

function statusText(d) {
  return d.status === 'complete' ? t('dsp.status_complete') : t('dsp.status_open', { n: d.unsigned });
}

// ---- the register ----------------------------------------------------------

async function listView(root, ctx) {
  const open = h('input', { type: 'checkbox', name: 'open', checked: ctx.query.open === 'true' });
  open.addEventListener('change', () => ctx.go('/dispatches', { open: open.checked ? 'true' : '' }));
  root.appendChild(pageHead(t('dsp.title'), t('dsp.sub'),
    isClerk() ? h('a', { class: 'btn primary', href: '#/dispatches/new', 'data-action': 'dispatch-new' }, t('dsp.new')) : null));
  root.appendChild(card(null, h('div', { class: 'filters' }, h('label', { class: 'check' }, open, ' ', t('dsp.only_open')))));
  const box = h('section', { class: 'card' });
  root.appendChild(box);
  let res;
  try {
    res = await get('/dispatches' + qs({ open: ctx.query.open }));
  } catch (err) { box.appendChild(errorBox(err)); return; }
  // The newest first: the clerk works on today's dispatches.
  const items = [...res.items].reverse();
  if (!items.length) { box.appendChild(emptyState(t('dsp.none'))); return; }
  box.appendChild(table([
    { label: t('dsp.f.no'), render: (d) => h('a', { href: `#/dispatches/${d.id}` }, t('dsp.no', { id: d.id })), cls: 'nowrap' },
    { label: t('dsp.f.sent_at'), render: (d) => fmtDateTime(d.created_at), cls: 'nowrap' },
    { label: t('dsp.f.recipients'), render: (d) => byRecipient(d).map((g) => g.recipient).join('、'), cls: 'title-cell' },
    { label: t('dsp.f.copies'), render: (d) => fmtNum(d.items.length), num: true },
    { label: t('dsp.f.channel'), render: (d) => vocab(d.channel), cls: 'nowrap' },
    { label: t('dsp.f.courier'), render: (d) => d.courier || '—' },
    { label: t('dsp.f.receipts'), render: (d) => h('span', { class: d.unsigned ? 'overdue' : null }, statusText(d)), cls: 'nowrap' },
  ], items, { caption: t('dsp.title'), rowAttrs: (d) => ({ 'data-dispatch': d.id, 'data-status': d.status }) }));
}

// ---- a new dispatch --------------------------------------------------------

async function newView(root, ctx) {
  root.appendChild(h('div', { class: 'breadcrumb' }, h('a', { href: '#/dispatches' }, t('dsp.title')), ' / ', t('dsp.new')));
  root.appendChild(pageHead(t('dsp.new'), t('dsp.new_sub')));
  if (!isClerk()) { root.appendChild(emptyState(t('desk.clerk_only'))); return; }
  const [people, past, foreign] = await Promise.all([
    get('/people').then((r) => (r.items || []).filter((p) => p.status === 'active' && !(p.roles || []).some((x) => ADMIN_ROLES.includes(x.role))), () => []),
    get('/dispatches').then((r) => r.items || [], () => []),
    get('/requests' + qs({ status: 'approved', limit: 100 })).then((r) => (r.items || []).filter((x) => x.op && x.op.code === 'foreign'), () => []),
  ]);
  // Recipients written before come back as suggestions; couriers are the unit's people.
  const recipientsList = h('datalist', { id: 'dsp-recipients' },
    [...new Set(past.flatMap((d) => d.items.map((i) => i.recipient)))].map((r) => h('option', { value: r })));
  const peopleList = h('datalist', { id: 'dsp-people' }, people.map((p) => h('option', { value: p.name })));

  const chosen = []; // carriers, in the order of the distribution list
  const chosenBox = h('div', { 'data-testid': 'dsp-chosen' });
  const q = input('q', { maxlength: 100, placeholder: t('dsp.search_hint') });
  const found = h('div', { 'data-testid': 'dsp-found' });
  const searchBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'dsp-search' }, icon('search'), t('dsp.search'));

  function drawChosen() {
    const keep = Object.fromEntries(chosen.map((c) => [c.id, chosenBox.querySelector(`[name="recipient-${c.id}"]`)?.value || '']));
    clear(chosenBox);
    if (!chosen.length) { chosenBox.appendChild(h('p', { class: 'muted' }, t('dsp.none_chosen'))); return; }
    chosenBox.appendChild(table([
      { label: t('dsp.f.seq'), render: (c) => String(chosen.indexOf(c) + 1), num: true },
      { label: t('carrier.id'), render: (c) => carrierLink(c.id), cls: 'nowrap' },
      { label: t('carrier.title'), render: (c) => c.title, cls: 'title-cell' },
      { label: t('desk.marking'), render: (c) => marking(c) },
      { label: t('desk.doc_number'), render: (c) => [c.doc_number || '—', c.serial_number ? ` · ${t('desk.serial', { n: c.serial_number })}` : ''] },
      { label: t('dsp.f.recipient'), render: (c) => {
        const el = input(`recipient-${c.id}`, { maxlength: 100, list: 'dsp-recipients', value: keep[c.id] || '', 'aria-label': t('dsp.recipient_for', { title: c.title }) });
        return el;
      } },
      { label: '', render: (c) => h('button', { type: 'button', class: 'btn small', 'data-action': 'dsp-remove', on: { click: () => { chosen.splice(chosen.indexOf(c), 1); drawChosen(); drawFound(); } } }, t('dsp.remove')) },
    ], chosen, { caption: t('dsp.chosen'), rowAttrs: (c) => ({ 'data-carrier': c.id }) }));
  }

  let results = [];
  function drawFound() {
    clear(found);
    if (!results.length) { found.appendChild(h('p', { class: 'muted' }, t('dsp.nothing_found'))); return; }
    found.appendChild(table([
      { label: t('carrier.id'), render: (c) => carrierLink(c.id), cls: 'nowrap' },
      { label: t('carrier.title'), render: (c) => c.title, cls: 'title-cell' },
      { label: t('desk.marking'), render: (c) => marking(c) },
      { label: t('desk.doc_number'), render: (c) => [c.doc_number || '—', c.serial_number ? ` · ${t('desk.serial', { n: c.serial_number })}` : ''] },
      { label: t('desk.store_place'), render: (c) => c.place || '—' },
      { label: '', render: (c) => (chosen.some((x) => x.id === c.id) ? t('dsp.added')
        : h('button', { type: 'button', class: 'btn small primary', 'data-action': 'dsp-add', on: { click: () => { chosen.push(c); drawChosen(); drawFound(); } } }, t('dsp.add'))) },
    ], results, { caption: t('dsp.found'), rowAttrs: (c) => ({ 'data-carrier': c.id }) }));
  }

  async function search() {
    await busy(searchBtn, found, async () => {
      // Only what is in store can be sent.
      const page = await get('/carriers' + qs({ status: 'in_store', q: q.value.trim(), limit: 50 }));
      results = page.items || [];
      drawFound();
    });
  }
  searchBtn.addEventListener('click', search);
  q.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); search(); } });

  const channel = select('channel', CHANNELS.map((c) => [c, term('channel', c)]), { blank: t('dsp.choose_channel') });
  const courier = input('courier', { maxlength: 100, list: 'dsp-people' });
  const escorts = input('escorts', { maxlength: 200, list: 'dsp-people' });
  const note = input('note', { maxlength: 500 });
  const foreignParty = h('input', { type: 'checkbox', name: 'foreign_party' });
  const request = select('request_id', foreign.map((r) => [String(r.id), t('dsp.foreign_request', { id: r.id, who: r.requester })]), { blank: t('dsp.no_request') });
  const err = h('div', { 'data-testid': 'dsp-error' });
  const btn = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'dsp-submit' }, t('dsp.submit'));

  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'dsp-form' },
    h('p', { class: 'muted wide' }, t('dsp.intro')),
    field(t('dsp.f.channel'), channel, { required: true, hint: t('dsp.channel_hint') }),
    field(t('dsp.f.courier'), courier, { hint: t('dsp.courier_hint') }),
    field(t('dsp.f.escorts'), escorts, { hint: t('dsp.escorts_hint') }),
    field(t('dsp.f.note'), note),
    h('div', { class: 'field check' }, h('label', null, foreignParty, ' ', t('dsp.f.foreign'))),
    foreign.length ? field(t('dsp.f.request'), request, { hint: t('dsp.request_hint') }) : null,
    h('div', { class: 'wide' }, err),
    h('div', { class: 'form-actions' }, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const res = await busy(btn, err, () => {
      const b = { channel: channel.value };
      if (chosen.length) {
        b.carrier_ids = chosen.map((c) => c.id);
        b.recipients = chosen.map((c) => (chosenBox.querySelector(`[name="recipient-${c.id}"]`)?.value || '').trim());
      }
      if (courier.value.trim()) b.courier = courier.value.trim();
      const esc = escorts.value.split(/[,，、;；\s]+/).map((s) => s.trim()).filter(Boolean);
      if (esc.length) b.escorts = esc;
      if (note.value.trim()) b.note = note.value.trim();
      if (foreignParty.checked) b.foreign_party = true;
      if (request.value) b.request_id = Number(request.value);
      return post('/dispatches', b);
    });
    if (res && res.id) {
      toast(t('dsp.created', { id: res.id }), 'ok');
      ctx.go(`/dispatches/${res.id}`);
    }
  });

  root.appendChild(card(t('dsp.pick'), h('div', { class: 'toolbar' }, field(t('dsp.search'), q), searchBtn), found));
  root.appendChild(card(t('dsp.chosen'), chosenBox, recipientsList, peopleList));
  root.appendChild(card(t('dsp.how'), form));
  drawChosen();
  search();
}

// ---- one dispatch ----------------------------------------------------------

async function load(root, ctx) {
  try {
    const d = await get(`/dispatches/${encodeURIComponent(ctx.params.id)}`);
    // The carriers' titles, markings and numbers for the receipts and envelopes.
    const carriers = {};
    await Promise.all(d.items.map(async (it) => {
      carriers[it.carrier_id] = await get(`/carriers/${it.carrier_id}`).catch(() => ({ id: it.carrier_id, title: '', marking: '' }));
    }));
    return { d, carriers };
  } catch (err) { root.appendChild(pageHead(t('dsp.title'))); root.appendChild(errorBox(err)); return null; }
}

function facts(d) {
  const pairs = [
    [t('dsp.f.no'), t('dsp.no', { id: d.id })],
    [t('dsp.f.sent_at'), fmtDateTime(d.created_at)],
    [t('dsp.f.sender'), [unitName(), d.created_by_name ? `（${d.created_by_name}）` : '']],
    [t('dsp.f.channel'), vocab(d.channel)],
    [t('dsp.f.courier'), d.courier],
    [t('dsp.f.escorts'), (d.escorts || []).join('、')],
    [t('dsp.f.foreign'), d.foreign_party ? t('common.yes') : t('common.no')],
    [t('dsp.f.request'), d.request_id ? h('a', { href: `#/requests/${d.request_id}` }, `#${d.request_id}`) : null],
    [t('dsp.f.receipts'), statusText(d)],
    [t('dsp.f.note'), d.note],
  ];
  return h('dl', { class: 'kv' }, pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v)]));
}

// SEND-4: the recipient's receipt, recorded by the clerk as it comes back.
async function sign(d, it, c, ctx) {
  const who = input('signed_by', { maxlength: 100 });
  const ok = await dialog(t('dsp.sign'), h('div', { class: 'form one' },
    h('p', null, t('dsp.sign_q', { title: c.title || `#${it.carrier_id}`, recipient: it.recipient })),
    field(t('dsp.f.signed_by'), who, { required: true, hint: t('dsp.signed_by_hint') })),
  { ok: t('dsp.sign'), onOk: () => post(`/dispatches/${d.id}/sign`, { carrier_id: it.carrier_id, signed_by: who.value.trim() }) });
  if (ok) { toast(t('dsp.signed', { recipient: it.recipient }), 'ok'); ctx.render(); }
}

async function detailView(root, ctx) {
  const l = await load(root, ctx);
  if (!l) return;
  const { d, carriers } = l;
  root.appendChild(h('div', { class: 'breadcrumb' }, h('a', { href: '#/dispatches' }, t('dsp.title')), ' / ', t('dsp.no', { id: d.id })));
  root.appendChild(pageHead(t('dsp.no', { id: d.id }), t('dsp.detail_sub'),
    h('a', { class: 'btn', href: `#/dispatches/${d.id}/envelopes`, 'data-action': 'dsp-envelopes' }, icon('print'), t('dsp.envelopes')),
    h('a', { class: 'btn', href: `#/dispatches/${d.id}/receipts`, 'data-action': 'dsp-receipts' }, icon('print'), t('dsp.receipts'))));
  root.appendChild(card(t('dsp.facts'), h('div', { 'data-testid': 'dsp-facts' }, facts(d))));
  root.appendChild(card(t('dsp.items'), table([
    { label: t('dsp.f.seq'), render: (it) => String(d.items.indexOf(it) + 1), num: true },
    { label: t('carrier.id'), render: (it) => carrierLink(it.carrier_id), cls: 'nowrap' },
    { label: t('carrier.title'), render: (it) => carriers[it.carrier_id].title, cls: 'title-cell' },
    { label: t('desk.marking'), render: (it) => marking(carriers[it.carrier_id]) },
    { label: t('dsp.f.recipient'), render: (it) => it.recipient },
    { label: t('dsp.f.signed_by'), render: (it) => it.signed_by || '—' },
    { label: t('dsp.f.signed_at'), render: (it) => (it.signed_at ? fmtDateTime(it.signed_at) : h('span', { class: 'overdue' }, t('dsp.unsigned'))), cls: 'nowrap' },
    { label: '', render: (it) => (!it.signed_at && isClerk()
      ? h('button', { type: 'button', class: 'btn small primary', 'data-action': 'dsp-sign', on: { click: () => sign(d, it, carriers[it.carrier_id], ctx) } }, t('dsp.sign'))
      : '') },
  ], d.items, { caption: t('dsp.items'), rowAttrs: (it) => ({ 'data-carrier': it.carrier_id, 'data-signed': String(Boolean(it.signed_at)) }) })));
}

// The contents of one envelope or receipt: what goes to that recipient.
function contentsTable(g, carriers, { sign: withSign } = {}) {
  const cols = [
    { label: t('dsp.f.seq'), render: (it) => String(g.items.indexOf(it) + 1), num: true },
    { label: t('desk.doc_number'), render: (it) => carriers[it.carrier_id].doc_number || '—', cls: 'nowrap' },
    { label: t('carrier.title'), render: (it) => carriers[it.carrier_id].title, cls: 'title-cell' },
    { label: t('desk.marking'), render: (it) => marking(carriers[it.carrier_id]) },
    { label: t('desk.serial_col'), render: (it) => carriers[it.carrier_id].serial_number ?? '—', cls: 'nowrap' },
    { label: t('dsp.f.pages'), render: (it) => (carriers[it.carrier_id].pages ? fmtNum(carriers[it.carrier_id].pages) : '—'), num: true },
  ];
  if (withSign) cols.push({ label: t('dsp.f.received'), render: () => '', cls: 'sign' });
  return table(cols, g.items, { caption: g.recipient, rowAttrs: (it) => ({ 'data-carrier': it.carrier_id }) });
}

// SEND-5: the highest level of what an envelope holds is marked on it.
function topLevel(g, carriers) {
  let top = 'public';
  for (const it of g.items) {
    const lv = carriers[it.carrier_id].level;
    const code = lv && (lv.code || lv);
    if (levelRank(code) > levelRank(top)) top = code;
  }
  return top;
}

async function printView(root, ctx, what) {
  const l = await load(root, ctx);
  if (!l) return;
  const { d, carriers } = l;
  const groups = byRecipient(d);
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/dispatches' }, t('dsp.title')), ' / ',
    h('a', { href: `#/dispatches/${d.id}` }, t('dsp.no', { id: d.id })), ' / ', t(what === 'envelopes' ? 'dsp.envelopes' : 'dsp.receipts')));
  root.appendChild(h('div', { class: 'no-print' }, pageHead(t(what === 'envelopes' ? 'dsp.envelopes' : 'dsp.receipts'), t(what === 'envelopes' ? 'dsp.envelopes_sub' : 'dsp.receipts_sub'),
    h('button', { type: 'button', class: 'btn primary', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('dsp.print')))));
  const sheets = groups.map((g, i) => {
    const top = topLevel(g, carriers);
    const number = `${d.id}-${i + 1}`;
    if (what === 'envelopes') {
      return h('section', { class: 'card dsp-envelope', 'data-testid': 'dsp-envelope', 'data-recipient': g.recipient },
        h('div', { class: 'env-head' },
          h('span', { class: 'env-level', 'data-testid': 'env-level' }, term('level', top)),
          h('span', { class: 'env-no' }, t('dsp.env_no'), '：', number)),
        h('p', { class: 'env-to' }, h('span', { class: 'env-label' }, t('dsp.env_to')), h('strong', { 'data-testid': 'env-to' }, g.recipient)),
        h('p', { class: 'env-from' }, h('span', { class: 'env-label' }, t('dsp.env_from')), unitName(), d.created_by_name ? `（${d.created_by_name}）` : ''),
        h('p', { class: 'env-meta' }, t('dsp.f.channel'), '：', vocab(d.channel), d.courier ? ['　', t('dsp.f.courier'), '：', d.courier] : null,
          '　', t('dsp.f.sent_at'), '：', fmtDateTime(d.created_at)),
        h('p', { class: 'env-contents' }, t('dsp.env_contents', { n: g.items.length })),
        contentsTable(g, carriers));
    }
    return h('section', { class: 'card sheet dsp-receipt', 'data-testid': 'dsp-receipt', 'data-recipient': g.recipient },
      h('p', { class: 'sheet-marking' }, term('level', top)),
      h('h2', { class: 'sheet-title' }, t('dsp.receipt_title')),
      h('p', { class: 'sheet-meta' },
        h('span', null, t('dsp.f.no'), '：', number),
        h('span', null, t('dsp.f.sender'), '：', unitName()),
        h('span', null, t('dsp.f.sent_at'), '：', fmtDateTime(d.created_at))),
      h('p', null, t('dsp.receipt_to'), h('strong', null, g.recipient)),
      contentsTable(g, carriers, { sign: true }),
      h('p', { class: 'hint' }, t('dsp.receipt_hint', { unit: unitName() })),
      h('div', { class: 'sheet-foot' },
        h('span', null, t('dsp.receipt_signer')),
        h('span', null, t('dsp.receipt_date')),
        h('span', null, t('dsp.receipt_seal'))));
  });
  root.appendChild(h('div', { class: `dsp-print dsp-${what}`, 'data-testid': `dsp-${what}` }, sheets));
}

export async function render(root, ctx) {
  if (ctx.path === '/dispatches/new') return newView(root, ctx);
  if (ctx.path.endsWith('/envelopes')) return printView(root, ctx, 'envelopes');
  if (ctx.path.endsWith('/receipts')) return printView(root, ctx, 'receipts');
  if (ctx.params.id) return detailView(root, ctx);
  return listView(root, ctx);
}
