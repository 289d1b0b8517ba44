// alerts.js — 全部提醒 (issue 14 point 13): every alert meant for the reader
// (the server decides whom each reaches: src/policy/alerting.h), most urgent
// first, filtered by kind or urgency; each in words with its rule ID and a
// link to what it is about. The dashboards show a few and link here with
// "另有 N 条". Also the shared wording of an alert (alertItem, alertKind).
import { get, qs } from '../api.js';
import { t, fmtNum, fmtDate, fmtDateTime, isEn } from '../i18n.js';
import { h, pageHead, card, errorBox, emptyState, select, field, pager } from '../ui.js';

export const URGENCY = { high: 'urgent', medium: 'warning', low: 'notice' };

// What an alert is about: the request awaiting a decision, the carrier, the
// device (DEV-3), the incident, the rectification, the letter, or the person
// of the register (PERSON-2/4/6/8, ORG-1). The auditor's account alerts name
// a person too, but with the filing or admin alert they are about: unlinked.
// A gap in the leadership group or a department's line (ORG-1, no person)
// opens the duty screen.
export function alertHref(a) {
  if (a.request_id && a.code === 'approval_pending') return `#/requests/${a.request_id}`;
  if (a.carrier_id) return `#/carrier/${a.carrier_id}`;
  if (a.incident_id) return `#/incidents/${a.incident_id}`;
  if (a.device_id) return `#/devices/${a.device_id}`;
  if (a.rectification_id) return `#/rectifications/${a.rectification_id}`;
  if (a.request_id) return `#/requests/${a.request_id}`;
  if (a.letter_id) return '#/letters';
  if (a.rule === 'ORG-1' && !a.person_id && /^duty_/.test(a.code || '')) return '#/duty';
  if (a.person_id && !a.admin_alert_id && !a.filing_id) return `#/people/${a.person_id}`;
  return null;
}

// The kind of an alert in words ("保密期限已满，待解密审核"), never its code.
export function alertKind(code, rule) {
  const k = `alertkind.${code}`;
  const s = t(k);
  return s === k ? t('alertkind.other', { rule }) : s;
}

const words = (a) => (isEn() ? a.message_en || a.message : a.message || a.message_en);

// One alert as a list item: urgency, rule ID, the words linked to the object, due date.
export function alertItem(a) {
  const u = URGENCY[a.urgency] || 'notice';
  const href = alertHref(a);
  const due = a.due ? (a.days_overdue > 0 ? t('alerts.due_late', { date: fmtDate(a.due), n: fmtNum(a.days_overdue) }) : t('dash.due', { date: fmtDate(a.due) }))
    : a.at ? fmtDateTime(a.at) : '';
  return h('li', { class: u, 'data-alert': a.code, 'data-rule': a.rule },
    h('span', { class: `dot ${u}`, 'aria-hidden': 'true' }), ' ',
    h('span', { class: 'rule-id' }, a.rule), ' ',
    href ? h('a', { href }, words(a)) : words(a),
    h('div', { class: 'meta' }, alertKind(a.code, a.rule), due ? ` · ${due}` : ''));
}

export async function render(root, ctx) {
  const q = ctx.query;
  // A page the pager offers (20, 50, 100), fifty unless chosen.
  const limit = Number(q.limit) || 50, offset = Number(q.offset) || 0;
  root.appendChild(pageHead(t('alerts.title'), t('alerts.sub')));
  let page;
  try {
    page = await get('/alerts' + qs({ kind: q.kind, urgency: q.urgency, limit, offset }));
  } catch (err) { root.appendChild(errorBox(err)); return; }
  const kinds = page.kinds || [];
  const kind = select('kind', kinds.map((k) => [k.code, `${alertKind(k.code, k.rule)}（${k.rule}）· ${fmtNum(k.count)}`]), { value: q.kind || '', blank: t('alerts.all_kinds') });
  const urgency = select('urgency', ['high', 'medium', 'low'].map((u) => [u, t('alertlevel.' + URGENCY[u])]), { value: q.urgency || '', blank: t('alerts.all_urgencies') });
  const apply = () => ctx.go('/alerts', { kind: kind.value, urgency: urgency.value });
  kind.addEventListener('change', apply);
  urgency.addEventListener('change', apply);
  const total = page.total ?? page.items.length;
  root.appendChild(h('div', { class: 'toolbar filters' }, field(t('alerts.kind'), kind), field(t('alerts.urgency'), urgency)));
  if (!page.items.length) { root.appendChild(card(null, emptyState(t('dash.alerts_none')))); return; }
  // Paged like the ledger: the pager above the list and below it.
  const paging = () => (total > limit || offset ? pager(total, offset, limit, (o, l) => ctx.go('/alerts', { kind: q.kind, urgency: q.urgency, offset: o, limit: l })) : null);
  root.appendChild(card(null,
    h('p', { class: 'muted', 'data-testid': 'alerts-total', 'data-total': String(total) }, t('alerts.count', { n: fmtNum(total) })),
    paging(),
    h('ul', { class: 'alert-list all-alerts', 'data-offset': String(offset) }, page.items.map(alertItem)),
    paging()));
}
