// departures.js — 离岗 (KEEP-2, PERSON-4): before a person leaves, what they
// still keep, hold on loan or are responsible for is listed with the way to
// clear it (the hand-over and the check-in at the desk, for the clerk); the
// security administrator records the departure once nothing is held, and
// the 脱密期 it starts is shown. A departure refused while anything is held
// shows its rule and changes nothing. The 离岗保密清退单 prints with lines
// for the person's, the clerk's and the department head's signatures.
import { get, post, qs } from '../api.js';
import { t, term, fmtDate, fmtNum } from '../i18n.js';
import {
  h, pageHead, card, field, input, select, toast, errorBox, emptyState, table, icon, busy, notice, marking, statusBadge,
} from '../ui.js';
import { has, isClerk, session } from '../app.js';

const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'];
const today = () => new Date().toLocaleDateString('sv-SE');
const dash = (v) => (v === null || v === undefined || v === '' ? '—' : v);

async function people() {
  const r = await get('/people');
  return (r.items || []).filter((p) => !(p.roles || []).some((x) => ADMIN_ROLES.includes(x.role)));
}

function chooser(list, ctx, value) {
  const who = select('person', list.filter((p) => p.status !== 'left' || String(p.id) === value)
    .map((p) => [String(p.id), p.username ? `${p.name}（${p.username}）` : p.name]), { blank: t('dep.choose'), value });
  who.addEventListener('change', () => (who.value ? ctx.go(`/departures/${who.value}`) : ctx.go('/departures')));
  return card(null, h('div', { class: 'filters no-print' }, field(t('dep.person'), who)));
}

async function listView(root, ctx) {
  root.appendChild(pageHead(t('dep.title'), t('dep.sub')));
  root.appendChild(chooser(await people(), ctx, ''));
  root.appendChild(emptyState(t('dep.pick_first')));
}

// What the person holds, item by item, for the clerk (who sees the ledger).
async function heldLists(pid) {
  if (!isClerk()) return null;
  const [kept, out, devices] = await Promise.all([
    get('/carriers' + qs({ custodian: pid, limit: 1000 })).then((r) => (r.items || []).filter((c) => !['destroyed', 'returned'].includes(c.status.code))),
    get('/desk/out').then((r) => (r.items || []).filter((l) => String(l.holder_id) === String(pid))),
    get('/devices' + qs({ holder: pid })).then((r) => (r.items || []).filter((d) => d.status !== 'scrapped' && String(d.holder_id) === String(pid)), () => []),
  ]);
  return { kept, out, devices };
}

async function personView(root, ctx) {
  const pid = ctx.params.id;
  const [list, p] = await Promise.all([people(), get(`/people/${encodeURIComponent(pid)}/record`)]);
  const held = await heldLists(p.id);
  const n = {
    kept: held ? held.kept.length : p.holds_kept ?? 0,
    out: held ? held.out.length : p.holds_on_loan ?? 0,
    devices: held ? held.devices.length : 0,
  };
  const total = n.kept + n.out + n.devices;
  const left = p.status === 'left';
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/departures' }, t('dep.title')), ' / ', p.name));
  root.appendChild(h('div', { class: 'no-print' }, pageHead(t('dep.title_of', { name: p.name }), t('dep.sub'),
    h('button', { type: 'button', class: 'btn', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('dep.print')))));
  root.appendChild(chooser(list, ctx, String(p.id)));

  const status = left
    ? notice('ok', h('p', { 'data-testid': 'dep-status', 'data-state': 'left' }, t('dep.left', { on: fmtDate(p.left_on), until: p.decl_until ? fmtDate(p.decl_until) : '—' })))
    : total
      ? h('div', { class: 'alert warn', role: 'status', 'data-testid': 'dep-status', 'data-state': 'held', 'data-rule': 'KEEP-2' }, icon('error'),
        h('div', null, h('p', null, h('span', { class: 'rule' }, 'KEEP-2'), t('dep.held', { kept: fmtNum(n.kept), out: fmtNum(n.out), devices: fmtNum(n.devices) }))))
      : notice('ok', h('p', { 'data-testid': 'dep-status', 'data-state': 'clear' }, t('dep.clear')));
  root.appendChild(h('div', { class: 'no-print' }, status));

  // The sheet: who, what was held and cleared, the 脱密期, the signatures.
  const kv = [
    [t('people.f.name'), p.name], [t('people.f.department'), dash(p.department)],
    [t('people.f.class'), dash(p.class_zh && document.documentElement.lang !== 'en' ? p.class_zh : p.class)], [t('people.f.post'), dash(p.post)],
    [t('dep.f.kept'), fmtNum(n.kept)], [t('dep.f.out'), fmtNum(n.out)],
    [t('dep.f.devices'), held ? fmtNum(n.devices) : '—'], [t('people.f.exit_commitment_on'), dash(p.exit_commitment_on)],
    [t('dep.f.left_on'), p.left_on ? fmtDate(p.left_on) : '—'], [t('dep.f.decl_until'), p.decl_until ? fmtDate(p.decl_until) : '—'],
  ];
  const sheet = h('section', { class: 'card sheet dep-sheet', 'data-testid': 'dep-sheet' },
    h('h2', { class: 'sheet-title' }, t('dep.sheet_title')),
    h('p', { class: 'sheet-meta' }, h('span', null, session.me && session.me.unit ? session.me.unit.name : '')),
    h('dl', { class: 'kv', 'data-testid': 'dep-facts' }, kv.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
    h('p', null, t('dep.sheet_text')),
    h('div', { class: 'sheet-foot' },
      h('span', null, t('dep.sign_person')), h('span', null, t('dep.sign_clerk')), h('span', null, t('dep.sign_head'))));
  root.appendChild(sheet);

  if (held) {
    const go = (path, label, action) => h('a', { class: 'btn small', href: path, 'data-action': action }, label);
    root.appendChild(card(t('dep.kept', { n: fmtNum(n.kept) }), h('div', { class: 'no-print' },
      held.kept.length ? [go(`#/desk?tab=handover&from=${p.id}`, t('dep.to_handover'), 'dep-handover'), table([
        { label: t('carrier.id'), render: (c) => h('a', { href: `#/carrier/${c.id}` }, t('carrier.no', { id: c.id })), cls: 'nowrap' },
        { label: t('carrier.title'), render: (c) => c.title, cls: 'title-cell' },
        { label: t('desk.marking'), render: (c) => marking(c) },
        { label: t('carrier.status'), render: (c) => statusBadge(c.status) },
        { label: t('desk.store_place'), render: (c) => c.place || '—' },
      ], held.kept, { caption: t('dep.kept', { n: n.kept }), rowAttrs: (c) => ({ 'data-carrier': c.id }) })] : emptyState(t('dep.none_kept')))));
    root.appendChild(card(t('dep.out', { n: fmtNum(n.out) }), h('div', { class: 'no-print' },
      held.out.length ? [go('#/desk?tab=out', t('dep.to_checkin'), 'dep-checkin'), table([
        { label: t('carrier.id'), render: (l) => h('a', { href: `#/carrier/${l.carrier_id}` }, t('carrier.no', { id: l.carrier_id })), cls: 'nowrap' },
        { label: t('carrier.title'), render: (l) => l.carrier_title, cls: 'title-cell' },
        { label: t('desk.kind'), render: (l) => t('loan.' + l.kind) },
        { label: t('desk.due'), render: (l) => (l.due_at ? fmtDate(l.due_at) : '—'), cls: 'nowrap' },
      ], held.out, { caption: t('dep.out', { n: n.out }), rowAttrs: (l) => ({ 'data-carrier': l.carrier_id }) })] : emptyState(t('dep.none_out')))));
    root.appendChild(card(t('dep.devices', { n: fmtNum(n.devices) }), h('div', { class: 'no-print' },
      held.devices.length ? [go(`#/desk?tab=handover&from=${p.id}`, t('dep.to_handover'), 'dep-handover-devices'), table([
        { label: t('desk.ho_device'), render: (d) => h('a', { href: `#/devices/${d.id}` }, d.number) },
        { label: t('desk.ho_device_kind'), render: (d) => (document.documentElement.lang === 'en' ? term('dev.kind', d.kind) : d.kind_zh || term('dev.kind', d.kind)) },
        { label: t('carrier.level'), render: (d) => term('level', d.level) },
      ], held.devices, { caption: t('dep.devices', { n: n.devices }), rowAttrs: (d) => ({ 'data-device': d.id }) })] : emptyState(t('dep.none_devices')))));
  }

  // PERSON-4: the security administrator records the departure (SYS-1: the personnel records are theirs).
  if (has('secadmin') && !left) {
    const on = input('left_on', { type: 'date', value: today() });
    const err = h('div', { 'data-testid': 'dep-error' });
    const btn = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'dep-record' }, t('dep.record'));
    const form = h('form', { class: 'form no-print', novalidate: true, 'data-testid': 'dep-form' },
      h('p', { class: 'muted wide' }, t('dep.record_intro')),
      field(t('dep.f.left_on'), on, { required: true }),
      h('div', { class: 'wide' }, err),
      h('div', { class: 'form-actions' }, btn));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const r = await busy(btn, err, () => post(`/people/${p.id}/depart`, { left_on: on.value }));
      if (r) { toast(t('dep.recorded', { name: p.name, until: fmtDate(r.decl_until) }), 'ok'); ctx.render(); }
    });
    root.appendChild(card(t('dep.record'), form));
  } else if (!left && !has('secadmin')) {
    root.appendChild(h('p', { class: 'muted no-print' }, t('dep.secadmin_records')));
  }
}

export async function render(root, ctx) {
  if (ctx.params.id) {
    try { return await personView(root, ctx); } catch (err) { root.appendChild(pageHead(t('dep.title'))); root.appendChild(errorBox(err)); return undefined; }
  }
  return listView(root, ctx);
}
