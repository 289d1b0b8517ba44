// custody.js — the clerk's custody registers without approval: 清退 (KEEP-3,
// incoming carriers returned to their issuer, with the printable 清退清单
// both sides sign), 废件 (MAKE-3, drafts, proofs and misprints of a made
// document registered for destruction) and 组卷 (LEVEL-5, KEEP-4, a volume
// over its parts at their highest level, or a part added to a volume).
// Carriers are picked from a ledger search, never typed; every rule is the
// server's and a refusal shows its rule ID and reason in the form.
import { get, post, qs } from '../api.js';
import { t, term, fmtDateTime, fmtNum } from '../i18n.js';
import {
  h, pageHead, card, field, input, select, toast, emptyState, table, icon, busy, clear, notice, marking, statusBadge,
  KINDS, LEVELS,
} from '../ui.js';
import { isClerk, session } from '../app.js';

const carrierLink = (id) => h('a', { href: `#/carrier/${id}` }, t('carrier.no', { id }));
const numberText = (c) => [c.doc_number || '—', c.serial_number ? ` · ${t('desk.serial', { n: c.serial_number })}` : ''];
const unitName = () => (session.me && session.me.unit ? session.me.unit.name : '');

// A ledger search with a box per row. `query` adds filters to the search,
// `keep(c)` which rows may be listed; `single` makes the boxes radio buttons.
function picker(name, { query = {}, keep = () => true, single = false } = {}) {
  const q = input(`${name}-q`, { maxlength: 100, placeholder: t('cus.search_hint') });
  const btn = h('button', { type: 'button', class: 'btn', 'data-action': `${name}-search` }, icon('search'), t('cus.search'));
  const box = h('div', { 'data-testid': `${name}-found` });
  let rows = [];
  const chosen = new Map();
  function draw() {
    clear(box);
    if (!rows.length) { box.appendChild(h('p', { class: 'muted' }, t('cus.nothing_found'))); return; }
    box.appendChild(table([
      { label: t('cus.pick'), render: (c) => {
        const b = h('input', { type: single ? 'radio' : 'checkbox', name, value: String(c.id), checked: chosen.has(c.id), 'aria-label': t('cus.pick_one', { id: c.id }) });
        b.addEventListener('change', () => {
          if (single) chosen.clear();
          if (b.checked) chosen.set(c.id, c); else chosen.delete(c.id);
        });
        return b;
      } },
      { label: t('carrier.id'), render: (c) => carrierLink(c.id), cls: 'nowrap' },
      { label: t('carrier.title'), render: (c) => c.title, cls: 'title-cell' },
      { label: t('desk.marking'), render: (c) => marking(c) },
      { label: t('desk.doc_number'), render: numberText },
      { label: t('cus.f.sender'), render: (c) => c.sender || c.producer || '—' },
      { label: t('carrier.status'), render: (c) => statusBadge(c.status) },
    ], rows, { caption: t('cus.found'), rowAttrs: (c) => ({ 'data-carrier': c.id }) }));
  }
  async function search() {
    await busy(btn, box, async () => {
      const page = await get('/carriers' + qs({ ...query, q: q.value.trim(), limit: 100 }));
      rows = (page.items || []).filter(keep);
      draw();
    });
  }
  btn.addEventListener('click', search);
  q.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); search(); } });
  const el = h('div', { class: 'picker' }, h('div', { class: 'toolbar' }, field(t('cus.search'), q), btn), box);
  return { el, search, chosen: () => [...chosen.values()], reset: () => { chosen.clear(); draw(); } };
}

// ---- 清退 (KEEP-3) ---------------------------------------------------------

function returnSheet(items, note, at) {
  return h('section', { class: 'card sheet cus-sheet', 'data-testid': 'return-sheet' },
    h('div', { class: 'no-print' }, notice('ok', h('p', null, h('strong', null, t('cus.ret_done', { n: items.length })))),
      h('button', { type: 'button', class: 'btn', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('cus.ret_print'))),
    h('h2', { class: 'sheet-title' }, t('cus.ret_sheet_title')),
    h('p', { class: 'sheet-meta' }, h('span', null, unitName()), h('span', null, fmtDateTime(at)), h('span', null, t('cus.ret_count', { n: fmtNum(items.length) }))),
    table([
      { label: t('dsp.f.seq'), render: (c) => String(items.indexOf(c) + 1), num: true },
      { label: t('cus.f.sender'), render: (c) => c.sender || '—' },
      { label: t('desk.doc_number'), render: numberText },
      { label: t('carrier.title'), render: (c) => c.title, cls: 'title-cell' },
      { label: t('desk.marking'), render: (c) => marking(c) },
      { label: t('dsp.f.pages'), render: (c) => (c.pages ? fmtNum(c.pages) : '—'), num: true },
    ], items, { caption: t('cus.ret_sheet_title'), rowAttrs: (c) => ({ 'data-carrier': c.id }) }),
    note ? h('p', null, t('dsp.f.note'), '：', note) : null,
    h('div', { class: 'sheet-foot' },
      h('span', null, t('cus.ret_sign_clerk')), h('span', null, t('cus.ret_sign_receiver')), h('span', null, t('dsp.receipt_date'))));
}

async function returnsView(root, ctx) {
  root.appendChild(pageHead(t('cus.ret_title'), t('cus.ret_sub')));
  const result = h('div');
  root.appendChild(result);
  // Incoming carriers still held here: in store, or out (then the server says KEEP-3).
  const pick = picker('ret', { query: { origin: 'incoming' }, keep: (c) => ['in_store', 'lent', 'taken_out', 'circulating'].includes(c.status.code) });
  const note = input('note', { maxlength: 500 });
  const err = h('div', { 'data-testid': 'ret-error' });
  const btn = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'ret-submit' }, t('cus.ret_submit'));
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'ret-form' },
    h('p', { class: 'muted wide' }, t('cus.ret_intro')),
    field(t('dsp.f.note'), note, { wide: true, hint: t('cus.ret_note_hint') }),
    h('div', { class: 'wide' }, err),
    h('div', { class: 'form-actions' }, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const items = pick.chosen();
    const r = await busy(btn, err, () => post('/returns', { carrier_ids: items.map((c) => c.id), note: note.value.trim() || undefined }));
    if (r) {
      toast(t('cus.ret_done', { n: r.returned.length }), 'ok');
      clear(result).appendChild(returnSheet(items, note.value.trim(), new Date().toISOString()));
      note.value = '';
      pick.reset();
      pick.search();
    }
  });
  root.appendChild(card(t('cus.ret_pick'), h('div', { class: 'no-print' }, pick.el)));
  root.appendChild(card(null, h('div', { class: 'no-print' }, form)));
  if (isClerk()) pick.search();
}

// ---- 废件 (MAKE-3) ---------------------------------------------------------

async function wasteView(root, ctx) {
  root.appendChild(pageHead(t('cus.waste_title'), t('cus.waste_sub')));
  const result = h('div');
  root.appendChild(result);
  const [made, reqs] = await Promise.all([
    get('/carriers' + qs({ origin: 'made', limit: 1000 })).then((r) => r.items || [], () => []),
    Promise.all(['approved', 'executed'].map((s) => get('/requests' + qs({ op: 'make', status: s, limit: 100 })).then((r) => r.items || [], () => []))).then((a) => a.flat()),
  ]);
  // The document the waste belongs to: a make request, or a made document by its number.
  const docs = [...new Map(made.filter((c) => c.doc_number).map((c) => [c.doc_number, c])).values()];
  const doc = h('select', { name: 'document' },
    h('option', { value: '' }, t('cus.waste_choose')),
    reqs.length ? h('optgroup', { label: t('cus.waste_requests') }, reqs.map((r) => h('option', { value: `req:${r.id}` },
      t('cus.waste_request', { id: r.id, title: (r.params && r.params.title) || r.title || '', who: r.requester })))) : null,
    docs.length ? h('optgroup', { label: t('cus.waste_documents') }, docs.map((c) => h('option', { value: `doc:${c.doc_number}` },
      `${c.doc_number} ${c.title}`))) : null);
  const kinds = ['draft', 'proof', 'misprint', 'spare'];
  const description = select('description', kinds.map((k) => [t('cus.waste_kind.' + k), t('cus.waste_kind.' + k)]), { value: t('cus.waste_kind.proof') });
  const count = input('count', { type: 'number', min: 1, value: '1', inputmode: 'numeric' });
  const err = h('div', { 'data-testid': 'waste-error' });
  const btn = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'waste-submit' }, t('cus.waste_submit'));
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'waste-form' },
    h('p', { class: 'muted wide' }, t('cus.waste_intro')),
    field(t('cus.f.document'), doc, { required: true, wide: true }),
    field(t('cus.f.description'), description, { required: true }),
    field(t('cus.f.count'), count, { required: true, hint: t('cus.count_hint') }),
    h('div', { class: 'wide' }, err),
    h('div', { class: 'form-actions' }, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const r = await busy(btn, err, () => {
      const b = { description: description.value, count: Number(count.value) };
      if (doc.value.startsWith('req:')) b.request_id = Number(doc.value.slice(4));
      else if (doc.value.startsWith('doc:')) b.doc_number = doc.value.slice(4);
      return post('/carriers/waste', b);
    });
    if (r) {
      toast(t('cus.waste_done', { n: r.count }), 'ok');
      clear(result).appendChild(card(t('cus.waste_done', { n: r.count }), h('div', { 'data-testid': 'waste-result' },
        h('p', { class: 'muted' }, t('cus.waste_next')),
        table([
          { label: t('carrier.id'), render: (c) => carrierLink(c.id), cls: 'nowrap' },
          { label: t('carrier.title'), render: (c) => c.title, cls: 'title-cell' },
          { label: t('desk.marking'), render: (c) => marking(c) },
          { label: t('desk.doc_number'), render: numberText },
          { label: t('desk.store_place'), render: (c) => c.place || '—' },
        ], r.items, { caption: t('cus.waste_title'), rowAttrs: (c) => ({ 'data-carrier': c.id }) }))));
    }
  });
  root.appendChild(card(null, form));
}

// ---- 组卷 (LEVEL-5, KEEP-4) -------------------------------------------------

async function volumesView(root, ctx) {
  root.appendChild(pageHead(t('cus.vol_title'), t('cus.vol_sub')));
  const places = await get('/places?retired=false').then((r) => r.items || [], () => []);
  const pick = picker('vol', { query: { status: 'in_store' }, keep: (c) => !c.volume_id && c.origin?.code !== 'volume' });
  const c = {
    title: input('title', { maxlength: 200 }),
    doc_number: input('doc_number', { maxlength: 64 }),
    kind: select('kind', KINDS.map((k) => [k, term('kind', k)]), { value: 'paper' }),
    level: select('level', LEVELS.map((l) => [l, term('level', l)]), { blank: t('cus.vol_level_auto') }),
    place: select('place', places.map((p) => [String(p.id), p.name]), { blank: t('cus.vol_place_auto') }),
    note: input('note', { maxlength: 500 }),
  };
  const err = h('div', { 'data-testid': 'vol-error' });
  const btn = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'vol-submit' }, t('cus.vol_submit'));
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'vol-form' },
    h('p', { class: 'muted wide' }, t('cus.vol_intro')),
    field(t('carrier.title'), c.title, { required: true }),
    field(t('desk.doc_number'), c.doc_number),
    field(t('cus.f.kind'), c.kind),
    field(t('carrier.level'), c.level, { hint: t('cus.vol_level_hint') }),
    field(t('desk.store_place'), c.place),
    field(t('dsp.f.note'), c.note),
    h('div', { class: 'wide' }, err),
    h('div', { class: 'form-actions' }, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const r = await busy(btn, err, () => {
      const parts = pick.chosen();
      const b = { parts: parts.map((x) => x.id) };
      for (const [k, el] of Object.entries(c)) if (el.value.trim()) b[k] = k === 'place' ? Number(el.value) : el.value.trim();
      // LEVEL-5: unless the clerk chose one, the highest level of the parts.
      if (!b.level && parts.length) b.level = parts.map((x) => x.level.code).sort((x, y) => LEVELS.indexOf(y) - LEVELS.indexOf(x))[0];
      return post('/volumes', b);
    });
    if (r && r.id) { toast(t('cus.vol_done', { id: r.id }), 'ok'); ctx.go(`/carrier/${r.id}`); }
  });
  root.appendChild(card(t('cus.vol_parts'), pick.el));
  root.appendChild(card(t('cus.vol_new'), form));

  // A part added to a volume already registered (LEVEL-5: not above its level).
  const vols = await get('/carriers' + qs({ origin: 'volume', limit: 200 })).then((r) => (r.items || []).filter((v) => !['destroyed', 'returned'].includes(v.status.code)), () => []);
  if (!vols.length) return;
  const vol = select('volume', vols.map((v) => [String(v.id), `${t('carrier.no', { id: v.id })} ${v.title}（${v.marking || term('level', v.level.code)}）`]), { blank: t('cus.vol_choose') });
  const part = picker('part', { query: { status: 'in_store' }, keep: (x) => !x.volume_id && x.origin?.code !== 'volume', single: true });
  const err2 = h('div', { 'data-testid': 'vol-add-error' });
  const btn2 = h('button', { type: 'submit', class: 'btn', 'data-action': 'vol-add' }, t('cus.vol_add'));
  const form2 = h('form', { class: 'form', novalidate: true, 'data-testid': 'vol-add-form' },
    field(t('cus.f.volume'), vol, { required: true, wide: true }),
    h('div', { class: 'wide' }, part.el),
    h('div', { class: 'wide' }, err2),
    h('div', { class: 'form-actions' }, btn2));
  form2.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const p = part.chosen()[0];
    const r = await busy(btn2, err2, () => post(`/volumes/${encodeURIComponent(vol.value)}/items`, { part_id: p ? p.id : undefined }));
    if (r) { toast(t('cus.vol_added', { part: r.part_id, id: r.volume_id }), 'ok'); ctx.go(`/carrier/${r.volume_id}`); }
  });
  root.appendChild(card(t('cus.vol_add_title'), form2));
}

export async function render(root, ctx) {
  if (!isClerk()) { root.appendChild(pageHead(t('cus.ret_title'))); root.appendChild(emptyState(t('desk.clerk_only'))); return undefined; }
  if (ctx.path === '/waste') return wasteView(root, ctx);
  if (ctx.path === '/volumes') return volumesView(root, ctx);
  return returnsView(root, ctx);
}
