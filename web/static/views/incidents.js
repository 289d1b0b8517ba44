// incidents.js — 失泄密事件: the register of losses and leaks, reporting one,
// and the incident record (INC-1) with its findings (INC-4) and sanctions
// (INC-2). Anybody handling carriers reports, saying when it was discovered;
// the clerk and the leadership complete the report, record the report to the
// higher authority (due 24 hours from the discovery), the findings and the
// sanctions, and close. A carrier reported missing becomes 下落不明 (INV-4);
// one overdue for three months is handled as a loss (BORROW-6). The server
// decides every action: a refusal shows its rule ID and reason.
import { get, post, qs } from '../api.js';
import { t, term, fmtDateTime } from '../i18n.js';
import {
  h, icon, pageHead, card, field, input, select, busy, toast, notice, errorBox, emptyState, table,
  levelBadge, dialog, LEVELS, xlsxLink,
} from '../ui.js';
import { has } from '../app.js';
import { sanctionDialog, incidentSanctions } from './merits.js';

export const INC_KINDS = ['missing', 'overdue', 'leak', 'other'];
// The INC-1 record's fields, in the order the regulation lists them.
export const INC1_FIELDS = ['what', 'level', 'quantity', 'form', 'harm', 'circumstances', 'responsible', 'remedies'];
const LONG = new Set(['what', 'harm', 'circumstances', 'remedies']);

// The clerk and the leadership run investigations (the server checks it too).
const investigator = () => has('clerk', 'leader', 'principal');

function statusBadge(s) {
  return h('span', { class: `badge inc-${s}`, 'data-status': s }, t('incident.status.' + s));
}

const missingFields = (i) => INC1_FIELDS.filter((k) => !(i.detail && i.detail[k]));

// A stored field value as a person reads it (levels and carrier forms are codes).
function fieldText(k, v) {
  if (k === 'level') return term('level', v);
  if (k === 'form') return term('kind', v);
  return v;
}

function carrierLink(i) {
  return i.carrier_id ? h('a', { href: `#/carrier/${i.carrier_id}` }, t('carrier.no', { id: i.carrier_id })) : '—';
}

function reportState(i) {
  if (i.detail && i.detail.reported_at) {
    return h('span', { class: 'inc-complete', 'data-report': 'complete' }, icon('ok'), ' ', t('incident.report_complete'));
  }
  return h('span', { class: 'inc-incomplete', 'data-report': 'incomplete' },
    t('incident.report_missing_n', { n: missingFields(i).length }));
}

async function listView(root, ctx) {
  const q = ctx.query;
  const status = select('status', ['open', 'closed'].map((s) => [s, t('incident.status.' + s)]), { value: q.status, blank: t('common.all') });
  status.addEventListener('change', () => ctx.go('/incidents', { status: status.value }));
  root.appendChild(pageHead(t('incident.title'), investigator() ? t('incident.sub_all') : t('incident.sub_mine'),
    h('a', { class: 'btn primary', href: '#/incidents/new', 'data-action': 'new-incident' }, t('incident.new')),
    xlsxLink('/incidents', { status: q.status }, 'baomi-incidents')));
  root.appendChild(card(null, h('div', { class: 'filters' }, field(t('incident.status'), status))));
  const box = h('section', { class: 'card' });
  root.appendChild(box);
  let res;
  try {
    res = await get('/incidents' + qs({ status: q.status }));
  } catch (err) { box.appendChild(errorBox(err)); return; }
  // Open incidents first, the newest first within each.
  const items = [...res.items].sort((a, b) => (a.status === b.status ? b.id - a.id : a.status === 'open' ? -1 : 1));
  if (!items.length) { box.appendChild(emptyState(t('incident.none'), h('a', { href: '#/incidents/new' }, t('incident.new')))); return; }
  box.appendChild(table([
    { label: t('incident.id'), render: (i) => h('a', { href: `#/incidents/${i.id}` }, `#${i.id}`), cls: 'nowrap' },
    { label: t('incident.kind'), render: (i) => t('incident.kind.' + i.kind), cls: 'nowrap' },
    { label: t('incident.carrier'), render: carrierLink, cls: 'nowrap' },
    { label: t('incident.f.what'), render: (i) => (i.detail && i.detail.what) || '—', cls: 'title-cell' },
    { label: t('incident.f.level'), render: (i) => (i.detail && i.detail.level ? levelBadge(i.detail.level) : '—') },
    { label: t('incident.opened'), render: (i) => [fmtDateTime(i.opened_at), h('br'), h('span', { class: 'muted' }, i.opened_by_name || '')], cls: 'nowrap' },
    { label: t('incident.report'), render: reportState, cls: 'nowrap' },
    { label: t('incident.findings'), render: (i) => (i.findings ? t('incident.findings_recorded') : h('span', { class: 'muted' }, t('incident.findings_none'))), cls: 'nowrap' },
    { label: t('incident.status'), render: (i) => statusBadge(i.status) },
  ], items, { caption: t('incident.title'), rowAttrs: (i) => ({ 'data-incident': i.id, 'data-status': i.status }) }));
}

// The INC-1 controls; `values` prefill them (the report dialog).
function reportControls(values = {}) {
  const c = {};
  for (const k of INC1_FIELDS) {
    if (k === 'level') c[k] = select('level', LEVELS.map((l) => [l, term('level', l)]), { value: values.level || '', blank: t('incident.choose') });
    else if (LONG.has(k)) c[k] = h('textarea', { name: k, rows: 2, maxlength: 1000 });
    else c[k] = input(k, { maxlength: 1000, inputmode: k === 'quantity' ? 'numeric' : null });
    if (k !== 'level' && values[k]) c[k].value = fieldText(k, values[k]);
  }
  const fields = INC1_FIELDS.map((k) => field(t('incident.f.' + k), c[k], { wide: LONG.has(k), hint: k === 'responsible' ? t('incident.responsible_hint') : null }));
  return { c, fields };
}

async function newView(root, ctx) {
  const q = ctx.query;
  root.appendChild(h('div', { class: 'breadcrumb' }, h('a', { href: '#/incidents' }, t('incident.title')), ' / ', t('incident.new')));
  root.appendChild(pageHead(t('incident.new'), t('incident.new_sub')));
  const kind = select('kind', INC_KINDS.map((k) => [k, t('incident.kind.' + k)]), { value: q.kind || 'leak' });
  const carrier = input('carrier_id', { value: q.carrier || '', inputmode: 'numeric' });
  const discovered = input('discovered_at', { type: 'datetime-local' });
  const { c, fields } = reportControls();
  const err = h('div', { class: 'wide', 'data-testid': 'incident-error' });
  const submit = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'report-incident' }, t('incident.submit'));
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'page-title', 'data-testid': 'incident-form' },
    err,
    field(t('incident.kind'), kind, { required: true, hint: t('incident.kind_hint') }),
    field(t('incident.carrier_id'), carrier, { hint: t('incident.carrier_hint') }),
    field(t('incident.f.discovered_at'), discovered, { hint: t('incident.discovered_hint') }),
    h('p', { class: 'muted wide' }, t('incident.inc1_hint')),
    fields,
    h('div', { class: 'form-actions' }, submit, h('a', { class: 'btn', href: '#/incidents' }, t('common.cancel'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    carrier.removeAttribute('aria-invalid');
    const body = { kind: kind.value };
    const cid = carrier.value.trim();
    if (cid) {
      if (!/^\d+$/.test(cid) || Number(cid) < 1) {
        carrier.setAttribute('aria-invalid', 'true');
        err.appendChild(notice('error', t('incident.carrier_invalid')));
        carrier.focus();
        return;
      }
      body.carrier_id = Number(cid);
    }
    for (const k of INC1_FIELDS) if (c[k].value.trim()) body[k] = c[k].value.trim();
    // INC-1: the local time typed, as the instant the server counts from.
    if (discovered.value) body.discovered_at = instant(discovered.value);
    const r = await busy(submit, err, () => post('/incidents', body));
    if (r) { toast(t('incident.created_ok', { id: r.id }), 'ok'); ctx.go(`/incidents/${r.id}`); }
  });
  root.appendChild(card(null, form));
  kind.focus();
}

// A datetime-local value ("2026-12-01T08:30") as an instant "2026-12-01T00:30:00Z".
const instant = (local) => new Date(local).toISOString().replace(/\.\d{3}Z$/, 'Z');

// INC-1: the report to the higher authority: when, to whom, which document.
async function noticeDialog(i, ctx) {
  const at = input('sent_at', { type: 'datetime-local' });
  const to = input('to', { maxlength: 1000 });
  const doc = input('document', { maxlength: 1000 });
  const ok = await dialog(t('incident.record_notice'), h('div', { class: 'form', 'data-testid': 'notice-form' },
    field(t('incident.notice_to'), to, { required: true, hint: t('incident.notice_to_hint') }),
    field(t('incident.notice_doc'), doc, { required: true }),
    field(t('incident.notice_at'), at)), {
    ok: t('incident.save'),
    onOk: () => post(`/incidents/${i.id}/notice`, { to: to.value.trim() || undefined, document: doc.value.trim() || undefined, sent_at: at.value ? instant(at.value) : undefined }),
  });
  if (ok) { toast(t('incident.notice_ok'), 'ok'); ctx.render(); }
}

// An instant as a datetime-local value, in the browser's time zone.
const localValue = (iso) => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

// INC-1: an amendment of the report recorded, with its reason; the one replaced is kept.
async function amendDialog(i, ctx) {
  const n = (i.detail && i.detail.notice) || {};
  const was = localValue(n.sent_at);
  const reason = h('textarea', { name: 'reason', rows: 2, maxlength: 1000 });
  const at = input('sent_at', { type: 'datetime-local', value: was });
  const to = input('to', { maxlength: 1000, value: n.to || '' });
  const doc = input('document', { maxlength: 1000, value: n.document || '' });
  const ok = await dialog(t('incident.amend_notice'), h('div', { class: 'form', 'data-testid': 'amend-form' },
    h('p', { class: 'muted wide' }, t('incident.amend_hint')),
    field(t('incident.amend_reason'), reason, { required: true, wide: true }),
    field(t('incident.notice_to'), to, { required: true }),
    field(t('incident.notice_doc'), doc, { required: true }),
    field(t('incident.notice_at'), at)), {
    ok: t('incident.save'),
    onOk: () => post(`/incidents/${i.id}/notice/amend`, {
      reason: reason.value.trim() || undefined,
      to: to.value.trim() || undefined,
      document: doc.value.trim() || undefined,
      sent_at: at.value && at.value !== was ? instant(at.value) : undefined,
    }),
  });
  if (ok) { toast(t('incident.amend_ok'), 'ok'); ctx.render(); }
}

async function reportDialog(i, ctx) {
  const { c, fields } = reportControls(i.detail || {});
  const before = Object.fromEntries(INC1_FIELDS.map((k) => [k, c[k].value]));
  const ok = await dialog(t('incident.complete_report'), h('div', { class: 'form', 'data-testid': 'report-form' },
    h('p', { class: 'muted wide' }, t('incident.complete_hint')), fields), {
    ok: t('incident.save'),
    onOk: () => {
      // Only what was changed is sent: a prefilled name stays the stored code.
      const body = {};
      for (const k of INC1_FIELDS) if (c[k].value.trim() && c[k].value !== before[k]) body[k] = c[k].value.trim();
      return post(`/incidents/${i.id}/report`, body);
    },
  });
  if (ok) { toast(ok.detail && ok.detail.reported_at ? t('incident.report_done') : t('incident.report_saved'), 'ok'); ctx.render(); }
}

async function findingsDialog(i, ctx) {
  const text = h('textarea', { name: 'findings', rows: 6, maxlength: 4000 });
  text.value = i.findings || '';
  const ok = await dialog(t('incident.record_findings'), h('div', { class: 'form one' },
    field(t('incident.findings'), text, { required: true, hint: t('incident.findings_hint') })), {
    ok: t('incident.save'),
    onOk: () => post(`/incidents/${i.id}/findings`, { findings: text.value.trim() }),
  });
  if (ok) { toast(t('incident.findings_done'), 'ok'); ctx.render(); }
}

async function closeDialog(i, ctx) {
  const note = h('textarea', { name: 'note', rows: 3, maxlength: 1000 });
  const ok = await dialog(t('incident.close'), h('div', { class: 'form one' },
    h('p', null, t('incident.close_confirm', { id: i.id })),
    field(t('incident.close_note'), note)), {
    ok: t('incident.close'),
    onOk: () => post(`/incidents/${i.id}/close`, note.value.trim() ? { note: note.value.trim() } : {}),
  });
  if (ok) { toast(t('incident.closed_ok', { id: i.id }), 'ok'); ctx.render(); }
}

function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.map(([k, v, attrs]) => [h('dt', null, k), h('dd', attrs || null, v === null || v === undefined || v === '' ? '—' : v)]));
}

// The incident's history: its own dates, and what the carrier's history says of it.
async function historyOf(i) {
  const ev = [{ at: i.opened_at, what: t('incident.h.opened'), who: i.opened_by_name, action: 'open' }];
  if (i.detail && i.detail.reported_at) ev.push({ at: i.detail.reported_at, what: t('incident.h.reported'), action: 'reported' });
  const n = i.detail && i.detail.notice;
  for (const w of (i.detail && i.detail.notice_history) || []) {
    ev.push({ at: w.sent_at, what: t('incident.h.notice'), note: `${w.to} · ${w.document}`, action: 'notice' });
    ev.push({ at: w.replaced_at, what: t('incident.h.notice_amended'), note: w.replaced_because, action: 'notice_amend' });
  }
  if (n && !n.amended) ev.push({ at: n.sent_at, what: t('incident.h.notice'), note: `${n.to} · ${n.document}`, action: 'notice' });
  if (n && n.amended) ev.push({ at: n.sent_at, what: t('incident.h.notice_as_amended'), note: `${n.to} · ${n.document}`, action: 'notice' });
  if (i.carrier_id) {
    try {
      const c = await get(`/carriers/${i.carrier_id}`);
      for (const e of c.history || []) {
        if (!e.detail || e.detail.incident_id !== i.id || e.action === 'incident.close' || e.action === 'incident.notice') continue;
        const label = t('event.' + e.action);
        ev.push({ at: e.at, what: label === 'event.' + e.action ? e.action : label, action: e.action });
      }
    } catch { /* the carrier may be out of this person's sight: its history is then left out */ }
  }
  if (i.closed_at) ev.push({ at: i.closed_at, what: t('incident.h.closed'), note: i.detail && i.detail.closing_note, action: 'closed' });
  ev.sort((a, b) => String(a.at).localeCompare(String(b.at)));
  return h('ol', { class: 'timeline', 'data-testid': 'incident-history' }, ev.map((e) => h('li', { 'data-event': e.action },
    h('div', { class: 'when' }, fmtDateTime(e.at), e.who ? [' · ', e.who] : null),
    h('div', { class: 'what' }, e.what),
    e.note ? h('div', { class: 'detail' }, e.note) : null)));
}

async function detailView(root, ctx) {
  let i;
  try {
    i = await get(`/incidents/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) {
    root.appendChild(pageHead(t('incident.detail')));
    root.appendChild(errorBox(err));
    return;
  }
  const d = i.detail || {};
  const open = i.status === 'open';
  const actions = [h('button', { type: 'button', class: 'btn', 'data-action': 'print-incident', on: { click: () => window.print() } }, icon('print'), t('incident.print'))];
  if (open && investigator()) {
    actions.push(
      h('button', { type: 'button', class: 'btn', 'data-action': 'complete-report', on: { click: () => reportDialog(i, ctx) } }, t('incident.complete_report')),
      d.notice
        ? h('button', { type: 'button', class: 'btn', 'data-action': 'amend-notice', on: { click: () => amendDialog(i, ctx) } }, t('incident.amend_notice'))
        : h('button', { type: 'button', class: 'btn', 'data-action': 'record-notice', on: { click: () => noticeDialog(i, ctx) } }, t('incident.record_notice')),
      h('button', { type: 'button', class: 'btn', 'data-action': 'record-findings', on: { click: () => findingsDialog(i, ctx) } }, t('incident.record_findings')),
      h('button', { type: 'button', class: 'btn primary', 'data-action': 'close-incident', on: { click: () => closeDialog(i, ctx) } }, t('incident.close')));
  }
  root.appendChild(h('div', { class: 'breadcrumb' }, h('a', { href: '#/incidents' }, t('incident.title')), ' / ', `#${i.id}`));
  root.appendChild(pageHead(t('incident.detail_title', { id: i.id, kind: t('incident.kind.' + i.kind) }), null, ...actions));
  const missing = missingFields(i);
  const notified = d.notice;
  const discovered = d.discovered_at || i.opened_at;
  const due = new Date(Date.parse(discovered) + 24 * 3600 * 1000).toISOString();
  let sanctions = null;
  if (investigator()) {
    try {
      sanctions = card(t('merit.sanctions'), h('div', { 'data-testid': 'incident-sanctions' },
        i.findings ? h('div', { class: 'no-print' }, h('button', {
          type: 'button', class: 'btn', 'data-action': 'record-sanction',
          on: { click: async () => { if (await sanctionDialog(i)) ctx.render(); } },
        }, t('merit.record_sanction'))) : null,
        await incidentSanctions(i.id)));
    } catch (err) { sanctions = card(t('merit.sanctions'), errorBox(err)); }
  }
  const sheet = h('div', { class: 'incident-sheet', 'data-testid': 'incident-sheet' },
    h('p', { class: 'print-only sheet-title' }, t('incident.sheet_title')),
    open && !notified ? notice('warn', h('p', { 'data-testid': 'notice-due' }, h('span', { class: 'rule-id' }, 'INC-1'), ' ', t('incident.notice_due', { due: fmtDateTime(due) }))) : null,
    !open ? null : missing.length
      ? notice('warn', h('p', null, h('span', { class: 'rule-id' }, 'INC-1'), ' ', t('incident.missing_notice', { n: missing.length })))
      : !i.findings ? notice('warn', h('p', null, h('span', { class: 'rule-id' }, 'INC-4'), ' ', t('incident.findings_notice'))) : null,
    h('div', { class: 'grid side' },
      h('div', null,
        card(t('incident.record'), kv(INC1_FIELDS.map((k) => [t('incident.f.' + k),
          d[k] ? (k === 'level' ? levelBadge(d[k]) : fieldText(k, d[k]))
            : h('span', { class: 'inc-unfilled', 'data-missing': k }, t('incident.unfilled')),
          { 'data-field': k }]))),
        card(t('incident.findings'), i.findings
          ? h('p', { class: 'inc-findings', 'data-testid': 'findings' }, i.findings)
          : h('p', { class: 'muted', 'data-testid': 'findings' }, t('incident.findings_none'))),
        sanctions),
      h('div', null,
        card(t('incident.details'), kv([
          [t('incident.status'), statusBadge(i.status)],
          [t('incident.kind'), t('incident.kind.' + i.kind)],
          [t('incident.carrier'), carrierLink(i)],
          [t('incident.rule'), d.rule ? h('span', { class: 'rule-id' }, d.rule) : null],
          [t('incident.f.discovered_at'), fmtDateTime(discovered), { 'data-testid': 'discovered-at' }],
          [t('incident.opened'), fmtDateTime(i.opened_at)],
          [t('incident.opened_by'), i.opened_by_name],
          [t('incident.reported_at'), d.reported_at ? fmtDateTime(d.reported_at) : h('span', { class: 'inc-unfilled' }, t('incident.report_missing_n', { n: missing.length })), { 'data-testid': 'reported-at' }],
          [t('incident.notice'), notified
            ? `${fmtDateTime(notified.sent_at)} · ${notified.to} · ${notified.document}`
            : h('span', { class: 'inc-unfilled' }, t('incident.notice_none')), { 'data-testid': 'notice' }],
          ...(notified && notified.amended ? [[t('incident.amend_reason'), notified.reason, { 'data-testid': 'notice-reason' }]] : []),
          ...((d.notice_history || []).length ? [[t('incident.notice_earlier'), h('ol', { class: 'plain', 'data-testid': 'notice-history' },
            d.notice_history.map((w) => h('li', { 'data-notice-was': w.document || '' },
              `${fmtDateTime(w.sent_at)} · ${w.to} · ${w.document}`, h('br'),
              h('span', { class: 'muted' }, t('incident.notice_replaced', { at: fmtDateTime(w.replaced_at), why: w.replaced_because || '—' })))))]] : []),
          [t('incident.closed_at'), i.closed_at ? fmtDateTime(i.closed_at) : null],
          [t('incident.close_note'), d.closing_note || null],
        ])),
        card(t('incident.history'), await historyOf(i)))),
    h('div', { class: 'print-only sheet-foot' }, h('span', null, t('incident.sign_reporter')), h('span', null, t('incident.sign_leader'))));
  root.appendChild(sheet);
}

export async function render(root, ctx) {
  if (ctx.path === '/incidents/new') return newView(root, ctx);
  if (ctx.params.id) return detailView(root, ctx);
  return listView(root, ctx);
}
