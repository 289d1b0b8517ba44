// counts.js — 清查: the secrecy clerk counts the unit, a department or a
// custodian (INV-1), ticks what is found — typed, or scanned from the label
// (`baomi:carrier:N`, a USB scanner types it and presses Enter) — and closes
// the count: the result lists found, missing (each with the incident it
// opened, INV-4), out on loan, unexpected and incomplete items, "件件有着落"
// when nothing is missing (INV-3); the result prints as a sheet. Devices are
// counted alongside (issue 10 point 3): a scanned `baomi:device:N` ticks
// one, the open count lists the scope's devices not yet found, and the sheet
// lists devices found, missing (on the count's incident) and unexpected.
// Issue 14 point 6, a count the clerk can trust: counting safe by safe, each
// 存放地点's progress and, for the one chosen, its carriers not yet found,
// shrinking with every scan; a repeated scan is warned (counted once, with the
// first tick's time) and a carrier kept elsewhere pointed out; and before the
// close a review names every carrier and device not found — each becomes
// 下落不明 on the incident the close opens, or on the open incident it already
// has — and the clerk ticks a confirmation; the close sends what was reviewed
// and the server refuses it when the count changed since (INV-4). Cancelling
// changes nothing.
// Every rule is the server's: a refusal shows its rule ID and reason.
import { get, post } from '../api.js';
import { t, term, fmtDateTime, fmtNum } from '../i18n.js';
import {
  h, pageHead, card, errorBox, emptyState, table, dialog, field, input, select, toast, notice, icon, busy, clear,
  xlsxLink,
} from '../ui.js';
import { isClerk, session } from '../app.js';
// A scanned label (`baomi:carrier:N`, `baomi:device:N`) or a typed number: the search box's reading.
import { carrierNumber as parseCarrier, deviceLabel as parseDevice } from '../scan.js';

const SCOPES = ['unit', 'department', 'custodian'];
const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'];

// Ticks of the open count shown on screen, newest first (session id → lines).
const recent = new Map();

const carrierLink = (id) => h('a', { href: `#/carrier/${id}` }, t('carrier.no', { id }));
const deviceLink = (l) => h('a', { href: `#/devices/${l.device_id}`, 'data-device': l.device_id }, l.number || t('count.device_no', { id: l.device_id }));

async function directory() {
  const [deps, people] = await Promise.all([
    get('/departments').then((r) => r.items || [], () => []),
    get('/people').then((r) => (r.items || []).filter((p) => !(p.roles || []).some((x) => ADMIN_ROLES.includes(x.role))), () => []),
  ]);
  return { deps, people };
}

function scopeText(s, dir) {
  if (s.scope === 'department') {
    const d = dir.deps.find((x) => x.id === s.scope_id);
    return t('count.scope_department_of', { name: d ? d.name : `#${s.scope_id}` });
  }
  if (s.scope === 'custodian') {
    const p = dir.people.find((x) => x.id === s.scope_id);
    return t('count.scope_custodian_of', { name: p ? p.name : `#${s.scope_id}` });
  }
  return t('count.scope_unit');
}

// A list's whole size: the server's `counts` (issue 17: the arrays may hold a page of it).
const size = (r, key) => (r.counts && typeof r.counts[key] === 'number' ? r.counts[key] : r[key].length);

function summaryText(r) {
  const parts = [
    t('count.sum_found', { n: fmtNum(size(r, 'found')), of: fmtNum(r.expected) }),
    t('count.sum_missing', { n: fmtNum(size(r, 'missing')) }),
  ];
  if (size(r, 'out')) parts.push(t('count.sum_out', { n: fmtNum(size(r, 'out')) }));
  if (size(r, 'unexpected')) parts.push(t('count.sum_unexpected', { n: fmtNum(size(r, 'unexpected')) }));
  if (size(r, 'incomplete')) parts.push(t('count.sum_incomplete', { n: fmtNum(size(r, 'incomplete')) }));
  const d = r.devices && r.devices.counts;
  if (d && d.expected + d.unexpected > 0) parts.push(t('count.sum_devices', { n: fmtNum(d.found), of: fmtNum(d.expected), missing: fmtNum(d.missing) }));
  return parts.join(' · ');
}

// ---- the list and starting a count ------------------------------------------

function startForm(dir, ctx) {
  const scope = select('scope', SCOPES.map((s) => [s, t('count.scope_' + s)]), { value: 'unit' });
  const dept = select('department', dir.deps.map((d) => [String(d.id), d.name]), { blank: t('count.choose_department') });
  const person = select('custodian', dir.people.filter((p) => p.status !== 'left').map((p) => [String(p.id), p.username ? `${p.name}（${p.username}）` : p.name]), { blank: t('count.choose_custodian') });
  const reason = input('reason', { maxlength: 200 });
  const deptField = field(t('count.department'), dept, { required: true });
  const personField = field(t('count.custodian'), person, { required: true });
  const sync = () => {
    deptField.hidden = scope.value !== 'department';
    personField.hidden = scope.value !== 'custodian';
  };
  scope.addEventListener('change', sync);
  sync();
  const err = h('div', { 'data-testid': 'start-error' });
  const btn = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'start-count' }, t('count.start'));
  const form = h('form', { class: 'form no-print', novalidate: true, 'data-testid': 'start-form', 'aria-label': t('count.start_title') },
    h('p', { class: 'muted wide' }, t('count.start_intro')),
    field(t('count.scope'), scope, { required: true }),
    deptField, personField,
    field(t('count.reason'), reason, { hint: t('count.reason_hint') }),
    h('div', { class: 'wide' }, err),
    h('div', { class: 'form-actions' }, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const s = await busy(btn, err, () => {
      const b = { scope: scope.value };
      if (scope.value === 'department') b.scope_ref = dept.value;
      if (scope.value === 'custodian') b.scope_ref = person.value;
      if (reason.value.trim()) b.reason = reason.value.trim();
      return post('/counts', b);
    });
    if (s) {
      toast(t('count.started', { id: s.id }), 'ok');
      ctx.go('/counts', { id: s.id });
    }
  });
  return form;
}

async function renderList(root, ctx, dir) {
  root.appendChild(card(t('count.start_title'), startForm(dir, ctx)));
  const box = card(t('count.sessions'));
  root.appendChild(box);
  const page = await get('/counts');
  const items = [...(page.items || [])].sort((a, b) => (Number(!!a.closed_at) - Number(!!b.closed_at)) || (b.id - a.id));
  if (!items.length) { box.appendChild(emptyState(t('count.none'))); return; }
  // The result of each closed count (the last 50), for its summary.
  const results = new Map();
  await Promise.all(items.filter((s) => s.closed_at).slice(0, 50).map((s) => get(`/counts/${s.id}`).then((r) => results.set(s.id, r), () => null)));
  box.appendChild(table([
    { label: t('count.id'), render: (s) => h('a', { href: `#/counts?id=${s.id}` }, `#${s.id}`), cls: 'nowrap' },
    { label: t('count.scope'), render: (s) => scopeText(s, dir) },
    { label: t('count.started_at'), render: (s) => fmtDateTime(s.started_at), cls: 'nowrap' },
    { label: t('count.started_by'), render: (s) => s.started_by_name || '—' },
    { label: t('count.status'), render: (s) => h('span', { class: `badge count-${s.closed_at ? 'closed' : 'open'}` }, t(s.closed_at ? 'count.closed' : 'count.open')) },
    {
      label: t('count.result'),
      render: (s) => {
        if (!s.closed_at) return h('a', { href: `#/counts?id=${s.id}`, class: 'btn small primary', 'data-action': 'continue' }, t('count.continue'));
        const r = results.get(s.id);
        if (!r) return '—';
        return [r.accounted ? h('strong', { class: 'accounted' }, t('count.accounted'), ' · ') : null, summaryText(r)];
      },
    },
  ], items, { caption: t('count.sessions'), rowAttrs: (s) => ({ 'data-count': s.id, 'data-status': s.closed_at ? 'closed' : 'open' }) }));
}

// ---- an open count: ticking ---------------------------------------------------

function tickedList(lines) {
  if (!lines.length) return emptyState(t('count.nothing_ticked'));
  return table([
    { label: t('carrier.id'), render: (l) => (l.device_id ? deviceLink(l) : carrierLink(l.carrier_id)), cls: 'nowrap' },
    { label: t('carrier.title'), render: (l) => (l.device_id ? [t('count.device_one'), ' ', l.kind_zh ? t('dev.kind.' + l.kind) : ''] : l.title || '—'), cls: 'title-cell' },
    { label: t('count.marking'), render: (l) => (l.device_id ? l.level_zh && term('level', l.level) : l.marking) || '—' },
    { label: t('count.state'), render: (l) => (l.unexpected ? h('span', { class: 'overdue' }, t('count.unexpected_one')) : l.incomplete ? t('count.incomplete_one') : t('count.found_one')) },
  ], lines, { caption: t('count.ticked'), rowAttrs: (l) => (l.device_id ? { 'data-device': l.device_id } : { 'data-carrier': l.carrier_id }) });
}

// The scope's devices and how they were counted (issue 10 point 3).
function deviceTable(lines, caption, extra = []) {
  return table([
    { label: t('dev.f.number'), render: deviceLink, cls: 'nowrap' },
    { label: t('dev.f.kind'), render: (l) => (l.kind ? t('dev.kind.' + l.kind) : '—') },
    { label: t('dev.f.level'), render: (l) => (l.level ? term('level', l.level) : '—') },
    { label: t('dev.f.holder'), render: (l) => l.holder || '—' },
    ...extra,
  ], lines, { caption, rowAttrs: (l) => ({ 'data-device': l.device_id }) });
}

function pendingDevices(r) {
  const lines = (r.devices && r.devices.missing) || [];
  return h('section', { class: 'count-part', 'data-part': 'devices-pending' },
    h('h2', { class: 'sub-head' }, t('count.devices_pending', { n: fmtNum(lines.length) })),
    lines.length ? deviceTable(lines, t('count.devices_pending', { n: lines.length })) : h('p', { class: 'muted' }, t('count.part_none')));
}

// ---- counting safe by safe (issue 14 point 6) ---------------------------------

const placeName = (p) => (p.place_id ? p.place : t('count.place_none'));
const placeParam = (id) => (id === 0 ? 'none' : String(id));

// Each 存放地点's progress; choosing one lists what is not yet found there, a page at a time.
function placesPanel(s, state, onChoose) {
  const wrap = h('section', { class: 'count-part', 'data-part': 'places', 'data-testid': 'count-places' });
  const draw = () => {
    clear(wrap);
    wrap.appendChild(h('h2', { class: 'sub-head' }, t('count.places_title')));
    if (!state.places.length) { wrap.appendChild(h('p', { class: 'muted' }, t('count.part_none'))); return; }
    wrap.appendChild(table([
      { label: t('count.place'), render: (p) => placeName(p) },
      { label: t('count.place_progress'), render: (p) => t('count.place_found_of', { n: fmtNum(p.found), of: fmtNum(p.expected) }), cls: 'nowrap' },
      { label: t('count.place_pending'), render: (p) => fmtNum(p.missing), num: true },
      { label: t('count.place_out'), render: (p) => fmtNum(p.out), num: true },
      {
        label: '',
        render: (p) => h('button', {
          type: 'button', class: `btn small${state.place === p.place_id ? ' primary' : ''}`, 'data-action': 'choose-place', 'data-place': p.place_id,
          'aria-pressed': String(state.place === p.place_id), on: { click: () => onChoose(state.place === p.place_id ? null : p.place_id) },
        }, t(state.place === p.place_id ? 'count.place_all' : 'count.place_choose')),
      },
    ], state.places, { caption: t('count.places_title'), rowAttrs: (p) => ({ 'data-place': p.place_id, 'data-pending': p.missing }) }));
  };
  draw();
  return { el: wrap, draw };
}

// The chosen place's carriers not yet found, paged by the server (?list=missing&place=).
// Built apart and put in `box` once read, so that a tick and a choice made at once never
// show one list twice; `current()` false: a later refresh has taken over.
async function pendingAtPlace(s, place, box, current = () => true) {
  if (place === null || place === undefined) { clear(box); return; }
  const list = h('div');
  const head = h('h2', { class: 'sub-head', 'data-testid': 'place-head' });
  const more = h('button', { type: 'button', class: 'btn small', 'data-action': 'more-pending' }, t('count.more'));
  const rows = [];
  let after = 0;
  const load = async () => {
    const r = await get(`/counts/${s.id}?list=missing&limit=50&place=${placeParam(place)}&after=${after}`);
    if (!current()) return;
    const p = r.place || { place_id: place, place: null, expected: 0, found: 0, missing: 0 };
    head.textContent = t('count.place_head', { place: placeName(p), n: fmtNum(p.found), of: fmtNum(p.expected), pending: fmtNum(p.missing) });
    rows.push(...r.missing);
    after = r.next.missing;
    clear(list);
    list.appendChild(rows.length ? table([
      { label: t('carrier.id'), render: (l) => carrierLink(l.carrier_id), cls: 'nowrap' },
      { label: t('carrier.title'), render: (l) => l.title || '—', cls: 'title-cell' },
      { label: t('count.marking'), render: (l) => l.marking || '—' },
      { label: t('count.number'), render: (l) => l.number || '—' },
    ], rows, { caption: t('count.place_pending'), rowAttrs: (l) => ({ 'data-carrier': l.carrier_id }) }) : emptyState(t('count.place_done')));
    more.hidden = after === null;
  };
  more.addEventListener('click', () => load().catch((e) => box.appendChild(errorBox(e))));
  await load();
  if (!current()) return;
  clear(box);
  box.append(head, list, h('div', { class: 'form-actions no-print' }, more));
}

// What the close does to a line not found (INV-4): recorded as 下落不明 and put on the
// incident the close opens, or — one already on an open incident — named on that one,
// no second incident opened.
function fate(l) {
  if (!l.incident_id) return h('span', { 'data-fate': 'new' }, t('count.fate_new'));
  return h('span', { 'data-fate': 'open', 'data-incident': l.incident_id },
    t(l.status === 'missing' ? 'count.fate_open_missing' : 'count.fate_open', { id: l.incident_id }));
}

// Before closing (issue 14 point 6, INV-4): every carrier and device not found, each of
// which becomes 下落不明 — on the incident the close opens, or on the open incident it
// already has — the carriers paged from the server with their total, the devices all (the
// count lists them unpaged). The clerk ticks the confirmation, and the close sends what
// was reviewed (`review`: the number and its token); the server refuses it (INV-4) when
// the count changed since. Cancelling changes nothing.
async function reviewBeforeClose(s) {
  const first = await get(`/counts/${s.id}?list=missing&limit=50&review=true`);
  const total = first.review.carriers;
  const rv = first.review;
  const devLines = (first.devices && first.devices.missing) || [];
  const rows = [...first.missing];
  let after = first.next.missing;
  const list = h('div', { class: 'review-list', 'data-testid': 'review-list' });
  const shown = h('p', { class: 'muted', 'data-testid': 'review-shown' });
  const moreErr = h('div');
  const more = h('button', { type: 'button', class: 'btn small', 'data-action': 'review-more' }, t('count.more'));
  const drawList = () => {
    clear(list);
    if (rows.length) {
      list.appendChild(table([
        { label: t('carrier.id'), render: (l) => carrierLink(l.carrier_id), cls: 'nowrap' },
        { label: t('carrier.title'), render: (l) => l.title || '—', cls: 'title-cell' },
        { label: t('count.number'), render: (l) => l.number || '—' },
        { label: t('count.place'), render: (l) => l.place || t('count.place_none') },
        { label: t('count.fate'), render: fate },
      ], rows, { caption: t('count.review_caption'), rowAttrs: (l) => ({ 'data-carrier': l.carrier_id }) }));
    }
    more.hidden = after === null;
    shown.textContent = t('count.review_shown', { n: fmtNum(rows.length), of: fmtNum(total) });
  };
  more.addEventListener('click', async () => {
    const r = await busy(more, moreErr, () => get(`/counts/${s.id}?list=missing&limit=50&after=${after}`));
    if (!r) return;
    rows.push(...r.missing);
    after = r.next.missing;
    drawList();
  });
  const confirm = h('input', { type: 'checkbox', name: 'confirm_missing', id: 'review-confirm' });
  const nothing = rv.confirm_missing === 0;
  const body = h('div', { 'data-testid': 'close-review' },
    nothing
      ? notice('ok', h('p', { 'data-testid': 'review-accounted' }, t('count.review_accounted')))
      : [
        total ? h('p', { 'data-testid': 'review-total' }, h('strong', null, t('count.review_total', { n: fmtNum(total) }))) : null,
        total ? [list, shown, moreErr, h('div', { class: 'form-actions' }, more)] : null,
        devLines.length ? [
          h('p', { 'data-testid': 'review-devices' }, h('strong', null, t('count.review_devices', { n: fmtNum(devLines.length) }))),
          h('div', { 'data-testid': 'review-device-list' }, deviceTable(devLines, t('count.review_dev_caption'), [{ label: t('count.fate'), render: fate }])),
        ] : null,
        notice('warn', h('p', { 'data-testid': 'review-incident' }, incidentText(rv))),
        h('div', { class: 'field check' }, h('label', { for: 'review-confirm' }, confirm, ' ', t('count.review_confirm'))),
      ]);
  drawList();
  return { body, nothing, confirm, review: rv };
}

// What the close opens (INV-4): one incident for the lines on none; the others keep theirs.
function incidentText(rv) {
  const all = rv.confirm_missing;
  if (!rv.on_open_incident) return t('count.review_incident', { n: fmtNum(all) });
  if (!rv.on_new_incident) return t('count.review_incident_none', { n: fmtNum(all) });
  return t('count.review_incident_some', { n: fmtNum(rv.on_new_incident), m: fmtNum(rv.on_open_incident) });
}

async function renderOpen(box, s, ctx, preview) {
  if (!recent.has(s.id)) {
    const inc = new Set(preview.incomplete.map((l) => l.carrier_id));
    const dev = preview.devices || { found: [], unexpected: [] };
    recent.set(s.id, [
      ...dev.unexpected.map((l) => ({ ...l, unexpected: true })),
      ...preview.unexpected.map((l) => ({ ...l, unexpected: true })),
      ...dev.found,
      ...preview.found.map((l) => ({ ...l, incomplete: inc.has(l.carrier_id) })),
    ]);
  }
  const pending = h('div', { 'data-testid': 'devices-pending' }, pendingDevices(preview));
  const devExpected = () => (preview.devices ? preview.devices.counts.expected : 0);
  const lines = recent.get(s.id);
  const carrier = input('carrier', { autofocus: true, inputmode: 'text', spellcheck: 'false', 'data-testid': 'tick-input' });
  const incomplete = h('input', { type: 'checkbox', name: 'incomplete', id: 'tick-incomplete' });
  const err = h('div', { 'data-testid': 'tick-error', 'aria-live': 'assertive' });
  const progress = h('p', { class: 'muted', 'data-testid': 'tick-progress', 'aria-live': 'polite' });
  const list = h('div', { 'data-testid': 'ticked' });
  const btn = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'tick' }, t('count.tick'));
  const warn = h('div', { 'data-testid': 'tick-warning', 'aria-live': 'assertive' });
  const state = { places: [], place: null };
  const atPlace = h('div', { 'data-testid': 'place-pending' });
  let seq = 0;
  const refreshPlaces = async () => {
    const mine = ++seq;
    const items = (await get(`/counts/${s.id}/places`)).items;
    if (mine !== seq) return;
    state.places = items;
    panel.draw();
    await pendingAtPlace(s, state.place, atPlace, () => mine === seq);
  };
  const panel = placesPanel(s, state, (place) => {
    state.place = place;
    refreshPlaces().catch((e) => atPlace.appendChild(errorBox(e)));
    carrier.focus();
  });
  let last = null;
  const show = () => {
    progress.textContent = (last ? t('count.ticked_one', { id: last }) + ' · ' : '') + t('count.progress', { n: fmtNum(lines.filter((l) => !l.unexpected && !l.device_id).length), of: fmtNum(preview.expected) })
      + (devExpected() ? ' · ' + t('count.progress_devices', { n: fmtNum(lines.filter((l) => !l.unexpected && l.device_id).length), of: fmtNum(devExpected()) }) : '');
    clear(list);
    list.appendChild(tickedList(lines));
  };
  const form = h('form', { class: 'form no-print', novalidate: true, 'data-testid': 'tick-form', 'aria-label': t('count.tick') },
    h('p', { class: 'muted wide' }, t('count.tick_intro')),
    field(t('count.carrier'), carrier, { required: true, hint: t('count.carrier_hint') }),
    h('div', { class: 'field check' }, h('label', { for: 'tick-incomplete' }, incomplete, ' ', t('count.incomplete_label'))),
    h('div', { class: 'wide' }, err, warn),
    h('div', { class: 'form-actions' }, btn));
  // A scanner types the next label and Enter while the last scan's answer is
  // still on the way (a loaded server): the box is freed at submit and the
  // scans are sent one after another, so none is dropped (a disabled button
  // refused the Enter) and none is wiped (the last answer emptied the box).
  let queue = Promise.resolve();
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const raw = carrier.value.trim();
    if (!raw) { carrier.focus(); return; }
    const inc = incomplete.checked;
    carrier.value = '';
    incomplete.checked = false;
    queue = queue.catch(() => {}).then(() => scan(raw, inc)); // one failed scan never stops the next
  });
  const scan = async (raw, inc) => {
    const devId = parseDevice(raw);
    const id = devId ? null : parseCarrier(raw);
    clear(warn);
    const done = await busy(null, err, async () => {
      // A device's label goes to the server as scanned; it ticks the device.
      const tk = await post(`/counts/${s.id}/ticks`, devId ? { carrier_id: `baomi:device:${devId}` } : { carrier_id: id ? String(id) : raw, incomplete: inc });
      // Issue 14 point 6: a repeated scan counts nothing twice and says so; an item of
      // another 存放地点 than the one being counted is pointed out.
      // A device's repeat is told like a carrier's (its answer has repeat and
      // first_ticked_at), the device named by its number when the count lists it.
      const known = devId && [...lines, ...(preview.devices ? [...preview.devices.found, ...preview.devices.missing] : [])]
        .find((l) => l.device_id === devId && l.number);
      const name = devId ? (known ? t('count.device_named', { number: known.number }) : t('count.device_no', { id: devId }))
        : tk.title ? t('count.item_named', { id: tk.carrier_id, title: tk.title }) : t('carrier.no', { id: tk.carrier_id });
      if (tk.repeat) warn.appendChild(notice('warn', h('p', { 'data-testid': 'repeat-warning' }, t('count.repeat_warning', { item: name, at: fmtDateTime(tk.first_ticked_at) }))));
      if (!devId && state.place !== null && tk.title && (tk.place_id || 0) !== state.place) {
        warn.appendChild(notice('warn', h('p', { 'data-testid': 'place-warning' }, t('count.other_place', { item: name, place: tk.place || t('count.place_none') }))));
      }
      // INV-3: the server says what the tick is — found in the count's scope, or unexpected
      // (elsewhere in the ledger, or not in the ledger at all).
      const r = await get(`/counts/${s.id}`);
      r.tick = tk;
      return r;
    });
    if (done && devId) {
      const dev = done.devices || { found: [], unexpected: [] };
      const unexp = dev.unexpected.find((l) => l.device_id === devId);
      const line = unexp ? { ...unexp, unexpected: true } : (dev.found.find((l) => l.device_id === devId) || { device_id: devId });
      const i = lines.findIndex((l) => l.device_id === devId);
      if (i >= 0) lines.splice(i, 1);
      lines.unshift(line);
      last = raw;
      preview.devices = done.devices;
      clear(pending);
      pending.appendChild(pendingDevices(done));
      show();
    } else if (done) {
      const unexp = (done.unexpected || []).find((l) => l.carrier_id === id);
      const found = (done.found || []).find((l) => l.carrier_id === id);
      // A rescan keeps 附件不全 (the server's state of the tick, not the box).
      const line = unexp ? { ...unexp, unexpected: true } : { ...(found || { carrier_id: id }), incomplete: !!done.tick.incomplete };
      const i = lines.findIndex((l) => !l.device_id && l.carrier_id === id);
      if (i >= 0) lines.splice(i, 1);
      lines.unshift(line);
      last = id;
      show();
      await refreshPlaces().catch((e) => atPlace.appendChild(errorBox(e)));
    } else {
      // Refused: the scan is back in the box to be corrected, unless the next one is there.
      if (!carrier.value) { carrier.value = raw; incomplete.checked = inc; }
      carrier.select();
    }
    carrier.focus();
  };
  const closeBtn = h('button', { type: 'button', class: 'btn danger', 'data-action': 'close-count' }, t('count.close'));
  closeBtn.addEventListener('click', async () => {
    // The review (issue 14 point 6): every carrier that will be 下落不明, and the incident.
    let review;
    try { review = await reviewBeforeClose(s); } catch (e) { err.appendChild(errorBox(e)); return; }
    const res = await dialog(t('count.review_title'), review.body, {
      ok: t('count.close'),
      okClass: 'danger',
      onOk: () => {
        if (!review.nothing && !review.confirm.checked) throw new Error(t('count.review_unconfirmed'));
        // INV-4: the server closes only what was reviewed.
        return post(`/counts/${s.id}/close`, { confirm_missing: review.review.confirm_missing, confirm_token: review.review.confirm_token });
      },
    });
    if (res) {
      recent.delete(s.id);
      toast(res.accounted ? t('count.accounted') : t('count.closed_missing', { n: size(res, 'missing') }), res.accounted ? 'ok' : '');
      ctx.render();
    }
  });
  box.appendChild(form);
  box.appendChild(panel.el);
  box.appendChild(atPlace);
  box.appendChild(h('h2', { class: 'sub-head' }, t('count.ticked')));
  box.appendChild(progress);
  box.appendChild(list);
  box.appendChild(pending);
  box.appendChild(h('div', { class: 'form-actions no-print' }, closeBtn));
  show();
  await refreshPlaces();
  carrier.focus();
}

// ---- a closed count: the result sheet ----------------------------------------

function linesTable(lines, caption, extra) {
  return table([
    { label: t('count.no'), render: (l) => String(lines.indexOf(l) + 1), num: true },
    { label: t('carrier.id'), render: (l) => carrierLink(l.carrier_id), cls: 'nowrap' },
    { label: t('carrier.title'), render: (l) => l.title || '—', cls: 'title-cell' },
    { label: t('count.marking'), render: (l) => l.marking || '—' },
    { label: t('count.number'), render: (l) => l.number || '—' },
    ...extra,
  ], lines, { caption, rowAttrs: (l) => ({ 'data-carrier': l.carrier_id }) });
}

function section(key, lines, extra = [], total = lines.length) {
  return h('section', { class: 'count-part', 'data-part': key },
    h('h2', { class: 'sub-head' }, t('count.part_' + key, { n: fmtNum(total) })),
    lines.length ? linesTable(lines, t('count.part_' + key, { n: lines.length }), extra) : h('p', { class: 'muted' }, t('count.part_none')));
}

// The devices of the sheet: missing (each on the count's incident), unexpected and found.
function deviceSections(r, note) {
  const d = r.devices;
  if (!d || d.counts.expected + d.counts.unexpected === 0) return null;
  const incident = { label: t('count.incident'), render: (l) => (l.incident_id ? h('a', { href: `#/incidents/${l.incident_id}`, 'data-incident': l.incident_id }, t('count.incident_no', { id: l.incident_id })) : '—'), cls: 'nowrap' };
  const where = { label: t('count.where'), render: (l) => l.where || '—' };
  const part = (key, lines, extra) => h('section', { class: 'count-part', 'data-part': 'devices-' + key },
    h('h2', { class: 'sub-head' }, t('count.dev_part_' + key, { n: fmtNum(lines.length) })),
    lines.length ? deviceTable(lines, t('count.dev_part_' + key, { n: lines.length }), extra) : h('p', { class: 'muted' }, t('count.part_none')));
  return [part('missing', d.missing, [incident]), part('unexpected', d.unexpected, [where, note]), part('found', d.found, [note])];
}

function resultSheet(r, s, dir) {
  const unit = session.me && session.me.unit ? session.me.unit.name : '';
  const where = { label: t('count.where'), render: (l) => l.where || '—' };
  const note = { label: t('count.note'), render: (l) => l.note || '—' };
  return h('div', { class: 'count-sheet', 'data-testid': 'count-result' },
    h('h2', { class: 'sheet-title' }, t('count.sheet_title')),
    h('p', { class: 'muted sheet-meta' },
      h('span', null, unit),
      h('span', null, scopeText(s, dir)),
      h('span', null, t('count.sheet_period', { from: fmtDateTime(s.started_at), to: fmtDateTime(s.closed_at) }))),
    r.accounted
      ? notice('ok', h('p', { 'data-testid': 'accounted' }, h('strong', null, t('count.accounted')), ' ', t('count.accounted_hint')))
      : notice('warn', h('p', { 'data-testid': 'not-accounted' }, h('strong', null, t('count.missing_alert', { n: fmtNum(size(r, 'missing')) })), ' ', t('count.missing_hint'))),
    h('p', { 'data-testid': 'count-summary' }, summaryText(r)),
    section('missing', r.missing, [
      { label: t('count.incident'), render: (l) => (l.incident_id ? h('a', { href: `#/incidents/${l.incident_id}`, 'data-incident': l.incident_id }, t('count.incident_no', { id: l.incident_id })) : '—'), cls: 'nowrap' },
    ], size(r, 'missing')),
    section('out', r.out, [where], size(r, 'out')),
    section('unexpected', r.unexpected, [where, note], size(r, 'unexpected')),
    section('incomplete', r.incomplete, [note], size(r, 'incomplete')),
    section('found', r.found, [note], size(r, 'found')),
    deviceSections(r, note),
    h('div', { class: 'sheet-foot print-only' },
      h('span', null, t('count.sign_counter'), '：', s.started_by_name || ''),
      h('span', null, t('count.sign_checker'), '：')));
}

async function renderSession(root, ctx, dir, id) {
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/counts' }, t('count.title')), ' / ', `#${id}`));
  const r = await get(`/counts/${encodeURIComponent(id)}`);
  const s = r.session;
  const box = h('section', { class: 'card', 'data-count': s.id, 'data-status': s.closed_at ? 'closed' : 'open' });
  root.appendChild(box);
  box.appendChild(h('dl', { class: 'kv two no-print' },
    h('dt', null, t('count.scope')), h('dd', { 'data-testid': 'count-scope' }, scopeText(s, dir)),
    h('dt', null, t('count.status')), h('dd', { 'data-testid': 'count-status' }, t(s.closed_at ? 'count.closed' : 'count.open')),
    h('dt', null, t('count.started_at')), h('dd', null, fmtDateTime(s.started_at)),
    h('dt', null, t('count.started_by')), h('dd', null, s.started_by_name || '—'),
    s.reason ? [h('dt', null, t('count.reason')), h('dd', null, s.reason)] : null));
  if (s.closed_at) box.appendChild(resultSheet(r, s, dir));
  else await renderOpen(box, s, ctx, r);
}

export async function render(root, ctx) {
  const id = ctx.query.id;
  const printBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('count.print'));
  // Issue 15: the 清查表 as an Excel workbook laid out by the server (every line, every device).
  // Without a count: the register of every count with its figures (GET /counts?format=xlsx).
  const xlsx = id ? xlsxLink(`/counts/${encodeURIComponent(id)}`, {}, `baomi-count-${id}`)
    : xlsxLink('/counts', {}, 'baomi-counts', t('count.xlsx_list'));
  root.appendChild(pageHead(t('count.title'), t('count.sub'), ...(id ? [xlsx, printBtn] : isClerk() ? [xlsx] : [])));
  if (!isClerk()) { root.appendChild(card(null, emptyState(t('count.clerk_only')))); return; }
  const dir = await directory();
  try {
    if (id) await renderSession(root, ctx, dir, id);
    else await renderList(root, ctx, dir);
  } catch (err) {
    root.appendChild(errorBox(err));
  }
}
