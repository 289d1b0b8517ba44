// devices.js — 涉密设备与存储介质台账 (DEV-1..7): the register with filters,
// search, CSV export and a print view with signature lines; a device's page
// with its history, label (printed, and recorded as affixed: DEV-1, counted by
// INSP-4's self-assessment) and actions (raise the level, hand over, repair,
// password change, label affixed, scrap against an approved request); the
// registration form.
// The server decides every action: a refusal shows its rule ID and reason.
import { get, post, qs } from '../api.js';
import { t, term, fmtDateTime, isoDay, isEn } from '../i18n.js';
import {
  h, icon, pageHead, card, field, input, select, busy, toast, errorBox, emptyState, table,
  levelBadge, dialog, LEVELS, download, toCsv, xlsxLink,
} from '../ui.js';
import { isClerk } from '../app.js';
import { takeFound } from '../scan.js';

export const DEVICE_KINDS = ['computer', 'laptop', 'usb', 'removable_disk', 'optical_disc', 'printer', 'copier', 'fax', 'shredder'];
const DEVICE_STATUSES = ['in_use', 'repair', 'scrapped', 'missing'];
const OFFICE = new Set(['printer', 'copier', 'fax']);
const LOGIN = new Set(['computer', 'laptop']);

const kindName = (k) => t('dev.kind.' + k);
const statusBadge = (s) => h('span', { class: `badge dev-${s}`, 'data-status': s }, t('dev.status.' + s));

function csvOf(items) {
  const header = ['number', 'kind', 'model', 'serial', 'level', 'holder', 'operator', 'place', 'status', 'password']
    .map((k) => t('dev.f.' + k));
  return toCsv(header, items.map((d) => [d.number, kindName(d.kind), d.model, d.serial, term('level', d.level),
    d.holder, d.operator, d.place, t('dev.status.' + d.status), d.password_changed_on]));
}

async function listView(root, ctx) {
  const q = ctx.query;
  const kind = select('kind', DEVICE_KINDS.map((k) => [k, kindName(k)]), { value: q.kind, blank: t('common.all') });
  const status = select('status', DEVICE_STATUSES.map((s) => [s, t('dev.status.' + s)]), { value: q.status, blank: t('common.all') });
  const level = select('level', LEVELS.map((l) => [l, term('level', l)]), { value: q.level, blank: t('common.all') });
  const search = input('q', { value: q.q || '', type: 'search' });
  const apply = () => ctx.go('/devices', { kind: kind.value, status: status.value, level: level.value, q: search.value.trim() });
  for (const c of [kind, status, level]) c.addEventListener('change', apply);
  const form = h('form', { class: 'filters no-print', 'aria-label': t('dev.filters') },
    field(t('dev.f.kind'), kind), field(t('dev.f.status'), status), field(t('dev.f.level'), level),
    field(t('dev.search'), search),
    h('button', { type: 'submit', class: 'btn' }, t('dev.search')));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); apply(); });
  const exportBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'export' }, icon('download'), t('dev.export'));
  const printBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('dev.print'));
  // DEV-5 with REG-1: the repair register (涉密设备维修登记簿), the 验收人 and how they confirmed,
  // 验收人签字 blank for the pen.
  const repairs = xlsxLink('/device-repairs', {}, 'baomi-device-repairs', t('dev.repair_register'));
  repairs.setAttribute('data-action', 'repair-register');
  const actions = [exportBtn, xlsxLink('/devices', { kind: q.kind, status: q.status, level: q.level, q: q.q }, 'baomi-devices'), repairs, printBtn];
  if (isClerk()) actions.unshift(h('a', { class: 'btn primary', href: '#/devices/new', 'data-action': 'new-device' }, t('dev.new')));
  root.appendChild(pageHead(t('dev.title'), t('dev.sub'), ...actions));
  root.appendChild(card(null, form));
  const box = h('section', { class: 'card sheet' });
  root.appendChild(box);
  let res;
  try {
    res = await get('/devices' + qs({ kind: q.kind, status: q.status, level: q.level, q: q.q }));
  } catch (err) { box.appendChild(errorBox(err)); return; }
  exportBtn.addEventListener('click', () => download(`baomi-devices-${isoDay()}.csv`, csvOf(res.items)));
  box.appendChild(h('h2', { class: 'print-only' }, t('dev.title')));
  if (!res.items.length) { box.appendChild(emptyState(t('dev.none'))); return; }
  box.appendChild(table([
    { label: t('dev.f.number'), render: (d) => h('a', { href: `#/devices/${d.id}` }, d.number), cls: 'nowrap' },
    { label: t('dev.f.kind'), render: (d) => kindName(d.kind), cls: 'nowrap' },
    { label: t('dev.f.model'), render: (d) => [d.model || '—', h('br'), h('span', { class: 'muted' }, d.serial || '')] },
    { label: t('dev.f.level'), render: (d) => levelBadge(d.level) },
    { label: t('dev.f.holder'), render: (d) => d.holder || '—', cls: 'nowrap' },
    { label: t('dev.f.place'), render: (d) => d.place || '—' },
    { label: t('dev.f.password'), render: (d) => (LOGIN.has(d.kind)
      ? h('span', { class: d.password_due ? 'badge warn' : '', 'data-due': d.password_due ? 'yes' : 'no' },
        d.password_due ? t('dev.password_due') : (d.password_changed_on || '—'))
      : '—'), cls: 'nowrap' },
    { label: t('dev.f.status'), render: (d) => statusBadge(d.status) },
  ], res.items, { caption: t('dev.title'), rowAttrs: (d) => ({ 'data-device': d.id, 'data-number': d.number }) }));
  box.appendChild(h('div', { class: 'sheet-foot print-only' }, h('span', null, t('dev.sign_clerk')), h('span', null, t('dev.sign_checker'))));
}

async function newView(root, ctx) {
  root.appendChild(h('div', { class: 'breadcrumb' }, h('a', { href: '#/devices' }, t('dev.title')), ' / ', t('dev.new')));
  root.appendChild(pageHead(t('dev.new'), t('dev.new_sub')));
  const c = {
    number: input('number', { maxlength: 200 }),
    kind: select('kind', DEVICE_KINDS.map((k) => [k, kindName(k)]), { value: ctx.query.kind || 'computer' }),
    level: select('level', LEVELS.map((l) => [l, term('level', l)]), { value: 'confidential' }),
    holder: input('holder', { maxlength: 200 }),
    model: input('model', { maxlength: 200 }),
    serial: input('serial', { maxlength: 200 }),
    place: input('place', { maxlength: 200 }),
    operator: input('operator', { maxlength: 200 }),
    password_changed_on: input('password_changed_on', { type: 'date' }),
  };
  const encrypted = h('input', { type: 'checkbox', name: 'encrypted' });
  const err = h('div', { class: 'wide', 'data-testid': 'device-error' });
  const submit = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'register-device' }, t('dev.register'));
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'device-form' }, err,
    field(t('dev.f.number'), c.number, { required: true }),
    field(t('dev.f.kind'), c.kind, { required: true }),
    field(t('dev.f.level'), c.level, { required: true, hint: t('dev.level_hint') }),
    field(t('dev.f.holder'), c.holder, { required: true, hint: t('dev.holder_hint') }),
    field(t('dev.f.model'), c.model), field(t('dev.f.serial'), c.serial), field(t('dev.f.place'), c.place),
    field(t('dev.f.operator'), c.operator, { hint: t('dev.operator_hint') }),
    field(t('dev.f.encrypted'), encrypted, { hint: t('dev.encrypted_hint') }),
    field(t('dev.f.password'), c.password_changed_on, { hint: t('dev.password_hint') }),
    h('div', { class: 'form-actions' }, submit, h('a', { class: 'btn', href: '#/devices' }, t('common.cancel'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    const body = { encrypted: encrypted.checked };
    for (const [k, el] of Object.entries(c)) if (el.value.trim()) body[k] = el.value.trim();
    if (!OFFICE.has(body.kind)) delete body.operator;
    if (!LOGIN.has(body.kind)) delete body.password_changed_on;
    const r = await busy(submit, err, () => post('/devices', body));
    if (r) { toast(t('dev.created_ok', { number: r.number }), 'ok'); ctx.go(`/devices/${r.id}`); }
  });
  root.appendChild(card(null, form));
  c.number.focus();
}

// One action dialog: `controls` [[name, label, control, hint]], `send` builds the request.
async function act(title, controls, send, ctx) {
  const els = {};
  const body = h('div', { class: 'form' }, controls.map(([name, label, control, hint]) => {
    els[name] = control;
    return field(label, control, { hint });
  }));
  const ok = await dialog(title, body, { ok: t('dev.save'), onOk: () => send(els) });
  if (ok) { toast(t('dev.saved'), 'ok'); ctx.render(); }
}

// The unit's people who may sign for a device: active, not the three administrators.
const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'];
async function signers() {
  const r = await get('/people').catch(() => ({ items: [] }));
  return (r.items || []).filter((p) => p.status === 'active' && !(p.roles || []).some((x) => ADMIN_ROLES.includes(x.role)));
}
const personLabel = (p) => (p.department ? `${p.name}（${p.department}）` : p.name);

// DEV-5 with REG-1 (issue 14 point 5): the 验收人 is a person of the unit who accepts the
// repaired device themselves — their own password typed here on the clerk's screen (checked
// by the server as at login, never kept, cleared after every try), or, without an account,
// by hand on the printed register. A name typed by the clerk is no acceptance.
async function repairEnd(d, ctx) {
  const people = await signers();
  const who = select('checked_by', people.map((p) => [String(p.id), personLabel(p)]), { blank: t('dev.choose_person') });
  const pw = input('checked_by_password', { type: 'password', autocomplete: 'off', maxlength: 256 });
  const paper = h('p', { class: 'muted', hidden: true }, t('dev.acceptor_paper'));
  const pwField = field(t('dev.acceptor_password'), pw, { hint: t('dev.acceptor_password_hint') });
  const result = input('result');
  const chosen = () => people.find((p) => String(p.id) === who.value);
  const sync = () => {
    const p = chosen();
    const account = !p || !!p.username;
    pwField.hidden = !account;
    paper.hidden = account;
    pw.value = '';
  };
  who.addEventListener('change', sync);
  const body = h('div', { class: 'form', 'data-testid': 'repair-end-form' },
    field(t('dev.checked_by'), who, { required: true, hint: t('dev.checked_by_hint') }), pwField, paper,
    field(t('dev.result'), result));
  const ok = await dialog(t('dev.repair_end'), body, {
    ok: t('dev.save'),
    onOk: () => {
      const p = chosen();
      const req = { checked_by: who.value || undefined, result: result.value.trim() || undefined };
      if (p && !p.username) req.checked_by_on_paper = true;
      else if (pw.value) req.checked_by_password = pw.value;
      // The 验收人's password never stays on the clerk's screen.
      pw.value = '';
      return post(`/devices/${d.id}/repairs/end`, req);
    },
  });
  if (ok) { toast(t('dev.saved'), 'ok'); ctx.render(); }
}

// DEV-6 as DESTROY-2 with REG-1: the scrapping's witnesses confirm exactly as a destruction's
// at the desk: each ticked witness types their own password here (cleared after every try);
// one without an account signs the printed register by hand.
async function scrap(d, ctx) {
  const people = await signers();
  const request = input('request_id', { inputmode: 'numeric' });
  const rows = people.map((x) => {
    const box = h('input', { type: 'checkbox', name: 'witness', value: String(x.id), 'data-username': x.username || '' });
    const pw = x.username ? input(`witness_password_${x.id}`, { type: 'password', autocomplete: 'off', maxlength: 256,
      placeholder: t('dev.own_password'), 'aria-label': t('desk.witness_password', { who: x.name }), 'data-witness-password': String(x.id) }) : null;
    const how = h('span', { class: 'witness-how', hidden: true }, pw || h('span', { class: 'muted' }, t('dev.witness_paper')));
    box.addEventListener('change', () => {
      how.hidden = !box.checked;
      if (!box.checked && pw) pw.value = '';
    });
    return { x, box, pw, node: h('div', { class: 'witness-row', 'data-witness': String(x.id) }, h('label', null, box, ' ', personLabel(x)), ' ', how) };
  });
  const witnesses = h('fieldset', { class: 'witnesses one-col', 'aria-describedby': 'dev-witness-hint' },
    h('legend', null, t('dev.witnesses'), h('span', { class: 'req', 'aria-hidden': 'true' }, '*')),
    h('div', { class: 'check-list' }, rows.map((w) => w.node)),
    h('p', { class: 'hint', id: 'dev-witness-hint' }, t('dev.witnesses_hint')));
  // The witnesses take the dialog's whole width: each name with its password field on one line.
  const body = h('div', { 'data-testid': 'scrap-form' },
    h('div', { class: 'form' }, field(t('dev.request_id'), request, { required: true, hint: t('dev.request_hint', { id: d.id }) })),
    witnesses);
  const ok = await dialog(t('dev.scrap'), body, {
    ok: t('dev.save'),
    okClass: 'danger',
    onOk: () => {
      const list = rows.filter((w) => w.box.checked).map((w) => {
        if (!w.pw) return { person: String(w.x.id), on_paper: true };
        const o = { person: String(w.x.id) };
        if (w.pw.value) o.password = w.pw.value;
        // A witness's password never stays on the clerk's screen.
        w.pw.value = '';
        return o;
      });
      const v = request.value.trim();
      return post(`/devices/${d.id}/scrap`, { request_id: Number(v) || v || undefined, witnesses: list });
    },
  });
  if (ok) { toast(t('dev.saved'), 'ok'); ctx.render(); }
}

function actions(d, ctx) {
  if (!isClerk() || d.status === 'scrapped') return [];
  const out = [
    h('button', { type: 'button', class: 'btn', 'data-action': 'raise', on: { click: () => act(t('dev.raise'), [
      ['level', t('dev.f.level'), select('level', LEVELS.map((l) => [l, term('level', l)]), { value: d.level }), t('dev.raise_hint')],
      ['reason', t('dev.reason'), input('reason')],
    ], (e) => post(`/devices/${d.id}/level`, { level: e.level.value, reason: e.reason.value.trim() || undefined }), ctx) } }, t('dev.raise')),
    h('button', { type: 'button', class: 'btn', 'data-action': 'assign', on: { click: () => act(t('dev.assign'), [
      ['holder', t('dev.f.holder'), input('holder'), t('dev.holder_hint')],
      ['place', t('dev.f.place'), input('place')],
      ...(OFFICE.has(d.kind) ? [['operator', t('dev.f.operator'), input('operator')]] : []),
    ], (e) => post(`/devices/${d.id}/assign`, Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v.value.trim() || undefined]))), ctx) } }, t('dev.assign')),
    d.status === 'repair' ? null : h('button', { type: 'button', class: 'btn', 'data-action': 'repair', on: { click: () => act(t('dev.repair'), [
      ['supervisor', t('dev.supervisor'), input('supervisor'), t('dev.supervisor_hint')],
      ['technician', t('dev.technician'), input('technician')],
      ['company', t('dev.company'), input('company')],
      ['storage', t('dev.storage'), select('storage', ['removed', 'degaussed', 'none'].map((s) => [s, t('dev.storage.' + s)]), { value: 'removed' }), t('dev.storage_hint')],
      ['fault', t('dev.fault'), input('fault')],
    ], (e) => post(`/devices/${d.id}/repairs`, Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v.value.trim() || undefined]))), ctx) } }, t('dev.repair')),
    // DEV-5, two steps: a device under repair is ended, checked, instead of repaired again.
    ...(d.status === 'repair' ? [h('button', { type: 'button', class: 'btn', 'data-action': 'repair-end', on: { click: () => repairEnd(d, ctx) } }, t('dev.repair_end'))] : []),
    h('button', { type: 'button', class: 'btn danger', 'data-action': 'scrap', on: { click: () => scrap(d, ctx) } }, t('dev.scrap')),
  ];
  // DEV-1: the printed label is on the device; again after a level or holder change.
  if (d.label_affixed && d.label_affixed.state !== 'current') {
    out.splice(2, 0, h('button', { type: 'button', class: 'btn', 'data-action': 'label-affixed', on: { click: () => act(t('dev.label_affixed'), [
      ['date', t('dev.date'), input('date', { type: 'date', value: isoDay() }), t('dev.label_affixed_hint')],
    ], (e) => post(`/devices/${d.id}/label/affixed`, { date: e.date.value || undefined }), ctx) } }, t('dev.label_affixed')));
  }
  if (LOGIN.has(d.kind)) {
    out.splice(3, 0, h('button', { type: 'button', class: 'btn', 'data-action': 'password', on: { click: () => act(t('dev.password'), [
      ['date', t('dev.date'), input('date', { type: 'date', value: isoDay() })],
    ], (e) => post(`/devices/${d.id}/password`, { date: e.date.value || undefined }), ctx) } }, t('dev.password')));
  }
  return out.filter(Boolean);
}

// DEV-1: the label as recorded: affixed (when, who), out of date, or never recorded.
function labelState(d) {
  const l = d.label_affixed || { state: 'none' };
  const cls = l.state === 'current' ? 'badge ok' : 'badge warn';
  return h('span', { 'data-testid': 'label-state', 'data-state': l.state },
    h('span', { class: cls }, t('dev.label_state.' + l.state)),
    l.affixed_on ? [' ', t('dev.label_affixed_by', { on: l.affixed_on, who: l.affixed_by_name || '—' })] : null);
}

// A history line's details in words (issue 14 point 8): each field by its
// name, codes by their terms, people by number; a field without a name in
// the dictionary (an internal id list) is not shown as a raw key.
function historyDetail(e) {
  const val = (k, v) => {
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (k === 'level' || k === 'to_level' || k === 'from' || k === 'to') return term('level', v);
    if (k === 'kind') return kindName(v);
    if (k === 'storage') return t('dev.storage.' + v);
    if (k === 'was') return t('dev.label_state.' + v);
    if (k === 'method') return term('method', v);
    if (/_id$/.test(k)) return k === 'request_id' ? `#${v}` : t('reqp.person_no', { id: v });
    return String(v);
  };
  const parts = Object.entries(e.detail || {}).filter(([k, v]) => v !== null && v !== '' && !Array.isArray(v) && typeof v !== 'object'
    && t('devd.' + k) !== 'devd.' + k && k !== 'checked_by_receipt' && !(k === 'witnesses' && e.detail.witness_names)).map(([k, v]) => `${t('devd.' + k)}${isEn() ? ': ' : '：'}${val(k, v)}`);
  return parts.concat(confirmations(e)).join('；');
}

// REG-1 (issue 14 point 5): how the 验收人 and the witnesses confirmed, as the history keeps it.
// A repair ended or a device scrapped before kept only names the clerk typed: shown as typed,
// never as a signature.
function confirmations(e) {
  const det = e.detail || {};
  const how = (r) => t(`desk.witness_how_${r || 'typed'}`);
  const sep = isEn() ? ': ' : '：';
  if (e.action === 'device.repair_end' && det.checked_by) return [`${t('devd.checked_by_receipt')}${sep}${how(det.checked_by_receipt)}`];
  if (e.action === 'device.scrap' && Array.isArray(det.witness_names)) {
    return [`${t('devd.witnesses')}${sep}${det.witness_names.map((n, i) => `${n}（${how((det.witness_receipts || [])[i])}）`).join('、')}`];
  }
  if (e.action === 'device.scrap' && det.witnesses) return [`${t('devd.witness_receipts')}${sep}${how('typed')}`];
  return [];
}

async function deviceView(root, ctx) {
  let d;
  try {
    // A scanned label in the search box has just read it (scan.js): one read, one audit record.
    d = takeFound(`/devices/${ctx.params.id}`) || await get(`/devices/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) { root.appendChild(errorBox(err)); return; }
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/devices' }, t('dev.title')), ' / ', d.number));
  const label = h('a', { class: 'btn', href: `/api/v1/devices/${d.id}/label.svg`, target: '_blank', 'data-action': 'label' }, icon('print'), t('dev.label'));
  const print = h('button', { type: 'button', class: 'btn', on: { click: () => window.print() } }, icon('print'), t('dev.print'));
  root.appendChild(pageHead(`${d.number} · ${kindName(d.kind)}`, d.label, ...actions(d, ctx), label, print));
  const row = (k, v) => [h('dt', null, t('dev.f.' + k)), h('dd', null, v ?? '—')];
  root.appendChild(card(null, h('dl', { class: 'facts sheet', 'data-testid': 'device-facts' },
    row('number', d.number), row('kind', kindName(d.kind)), row('level', levelBadge(d.level)),
    row('status', statusBadge(d.status)), row('holder', d.holder), row('place', d.place),
    row('model', d.model), row('serial', d.serial),
    OFFICE.has(d.kind) ? row('operator', d.operator) : null,
    d.kind === 'fax' ? row('encrypted', d.encrypted ? t('common.yes') : t('common.no')) : null,
    LOGIN.has(d.kind) ? row('password', [d.password_changed_on || '—', d.password_due ? [' ', h('span', { class: 'badge warn' }, t('dev.password_due'))] : null]) : null,
    row('label_affixed', labelState(d)),
    d.carrier_id ? row('carrier', h('a', { href: `#/carrier/${d.carrier_id}` }, t('carrier.no', { id: d.carrier_id }))) : null)));
  const hist = card(t('dev.history'), table([
    { label: t('dev.at'), render: (e) => fmtDateTime(e.at), cls: 'nowrap' },
    { label: t('dev.action'), render: (e) => t('dev.action.' + e.action.replace('device.', '')), cls: 'nowrap' },
    { label: t('dev.actor'), render: (e) => e.actor || '—', cls: 'nowrap' },
    { label: t('dev.detail'), render: historyDetail },
  ], d.history, { caption: t('dev.history'), rowAttrs: (e) => ({ 'data-action': e.action }) }));
  root.appendChild(hist);
  root.appendChild(h('div', { class: 'sheet-foot print-only' }, h('span', null, t('dev.sign_holder')), h('span', null, t('dev.sign_clerk'))));
}

export async function render(root, ctx) {
  if (ctx.params.id === 'new' || ctx.path === '/devices/new') return newView(root, ctx);
  if (ctx.params.id) return deviceView(root, ctx);
  return listView(root, ctx);
}
