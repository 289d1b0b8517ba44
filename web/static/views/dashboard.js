// dashboard.js — 工作台: alerts by urgency, the ledger counted by level and
// status (only what the person may see, SYS-2), and the person's tasks.
// The three administrators get their own short lists instead (SYS-1).
import { get, qs } from '../api.js';
import { t, term, fmtNum, fmtDate, fmtDateTime, isEn } from '../i18n.js';
import { h, card, pageHead, emptyState, errorBox, loading, notice, LEVELS, STATUSES, icon } from '../ui.js';
import { session, has, isAdmin, isApprover, isClerk } from '../app.js';

const URGENCY_ORDER = ['urgent', 'warning', 'notice'];

// Alerts come as {severity|urgency, rule, code, message, message_en, carrier_id, device_id, person_id, due, at}.
function urgencyOf(a) {
  const u = a.urgency || a.severity || 'notice';
  if (u === 'high' || u === 'critical' || u === 'urgent') return 'urgent';
  if (u === 'medium' || u === 'warning' || u === 'warn') return 'warning';
  return 'notice';
}

// GET /alerts answers a page (most urgent first) with the count of every
// urgency (by_urgency): a column's badge is its count, not the page's share.
// Each column asks for its own first eight (urgency=), so that a ledger with
// thousands of urgent alerts still shows the others.
const BY_URGENCY = { urgent: 'high', warning: 'medium', notice: 'low' };
const SHOWN = 8;

async function fetchAlerts() {
  const pages = await Promise.all(URGENCY_ORDER.map((u) => get(`/alerts${qs({ urgency: BY_URGENCY[u], limit: SHOWN })}`)));
  return { items: pages.flatMap((p) => p.items || []), total: pages[0].by_urgency ? pages.reduce((n, p) => n + p.total, 0) : pages[0].total, by_urgency: pages[0].by_urgency };
}

// What an alert is about: the carrier, the device (DEV-3's password due), or
// the person of the register (statement or commitment due, hours short,
// 脱密期 ending, traveller not back: PERSON-2/4/6/8, ORG-1). The auditor's
// account alerts name a person too, but with the filing or admin alert they
// are about (admin_alert_id): those stay unlinked. A gap in the leadership
// group or a department's line (ORG-1, no person) opens the duty screen.
function alertHref(a) {
  if (a.carrier_id) return `#/carrier/${a.carrier_id}`;
  if (a.device_id) return `#/devices/${a.device_id}`;
  if (a.rule === 'ORG-1' && !a.person_id && /^duty_/.test(a.code || '')) return '#/duty';
  if (a.person_id && !a.admin_alert_id && !a.filing_id) return `#/people/${a.person_id}`;
  return null;
}

function alertsCard(answer) {
  if (answer instanceof Error) {
    // A server without the alerts route says so rather than "no alerts".
    if (answer.status === 404 && answer.code === 'not_found') return card(t('dash.alerts'), notice('warn', t('dash.alerts_unavailable')));
    return card(t('dash.alerts'), errorBox(answer));
  }
  const alerts = answer.items || [];
  const counted = answer.by_urgency;
  if (!alerts.length && !answer.total) return card(t('dash.alerts'), emptyState(t('dash.alerts_none')));
  const cols = URGENCY_ORDER.map((u) => {
    const list = alerts.filter((a) => urgencyOf(a) === u);
    const n = counted ? counted[BY_URGENCY[u]] ?? list.length : list.length;
    const shown = Math.min(list.length, SHOWN);
    return h('div', { class: 'alert-col', 'data-urgency': u },
      h('h3', null, h('span', { class: `dot ${u}`, 'aria-hidden': 'true' }), t('alertlevel.' + u), h('span', { class: 'badge' }, fmtNum(n))),
      n === 0 ? h('p', { class: 'muted' }, t('dash.none_here')) :
        h('ul', { class: 'alert-list' }, list.slice(0, SHOWN).map((a) => h('li', { class: u },
          a.rule ? h('span', { class: 'rule-id' }, a.rule) : null, ' ',
          alertHref(a) ? h('a', { href: alertHref(a) }, isEn() ? (a.message_en || a.message) : (a.message || a.message_en))
            : (isEn() ? (a.message_en || a.message) : (a.message || a.message_en)),
          h('div', { class: 'meta' }, a.due ? t('dash.due', { date: fmtDate(a.due) }) : a.at ? fmtDateTime(a.at) : '')))),
      n > shown ? h('p', { class: 'muted' }, t('dash.more', { n: fmtNum(n - shown) })) : null);
  });
  return card(t('dash.alerts'), h('div', { class: 'grid cols-3' }, cols));
}

// The share as a bar; set through the CSSOM, which the CSP allows (no style attribute).
function barFill(share) {
  const el = h('span');
  el.style.width = `${Math.round(share * 100)}%`;
  return el;
}

function statsCard(title, kind, codes, counts, total, param) {
  return card(title, h('div', { class: `stats ${codes.length > 5 ? 'seven' : ''}` },
    codes.map((c, i) => h('a', { class: 'stat', href: `#/ledger${qs({ [param]: c })}`, 'data-stat': `${kind}-${c}` },
      h('span', { class: 'n' }, fmtNum(counts[i])),
      h('span', { class: 'l' }, term(kind, c)),
      h('span', { class: 'bar', 'aria-hidden': 'true' }, barFill(counts[i] / Math.max(1, total)))))));
}

function taskRow(href, label, n, testid) {
  return h('li', { 'data-task': testid }, h('a', { href }, label), h('span', { class: 'n' }, fmtNum(n)));
}

async function tasksCard() {
  const rows = [];
  const safe = async (p) => { try { return await p; } catch (e) { return e; } };
  if (isApprover()) {
    const r = await safe(get('/requests?inbox=true&limit=1'));
    if (!(r instanceof Error)) rows.push(taskRow('#/inbox', t('dash.task_inbox'), r.total ?? r.items.length, 'inbox'));
  }
  if (!isAdmin()) {
    const [p, a] = await Promise.all([safe(get('/requests?mine=true&status=pending&limit=1')), safe(get('/requests?mine=true&status=approved&limit=1'))]);
    if (!(p instanceof Error)) rows.push(taskRow('#/requests?status=pending', t('dash.task_mine_pending'), p.total ?? p.items.length, 'mine-pending'));
    if (!(a instanceof Error)) rows.push(taskRow('#/requests?status=approved', t('dash.task_mine_approved'), a.total ?? a.items.length, 'mine-approved'));
  }
  if (isClerk()) {
    const [ap, out] = await Promise.all([safe(get('/requests?status=approved&limit=1')), safe(get('/desk/out'))]);
    if (!(ap instanceof Error)) rows.push(taskRow('#/desk', t('dash.task_to_issue'), ap.total ?? ap.items.length, 'to-issue'));
    if (!(out instanceof Error)) {
      const items = out.items || [];
      rows.push(taskRow('#/desk?tab=out', t('dash.task_out'), items.length, 'out'));
      const overdue = items.filter((l) => l.overdue).length;
      if (overdue) rows.push(taskRow('#/desk?tab=out', t('dash.task_overdue'), overdue, 'overdue'));
    }
  }
  if (has('sysadmin')) rows.push(h('li', null, h('a', { href: '#/admin/accounts' }, t('dash.task_accounts'))));
  if (has('secadmin')) {
    rows.push(h('li', null, h('a', { href: '#/admin/grants' }, t('dash.task_grants'))));
    rows.push(h('li', null, h('a', { href: '#/policy' }, t('dash.task_policy', { v: session.me.policy_version }))));
  }
  if (has('auditor')) rows.push(h('li', null, h('a', { href: '#/admin/audit' }, t('dash.task_audit'))));
  return card(t('dash.tasks'), rows.length ? h('ul', { class: 'task-list' }, rows) : emptyState(t('dash.tasks_none')));
}

export async function render(root) {
  const me = session.me;
  const today = new Date();
  root.appendChild(pageHead(t('dash.hello', { name: me.user.name }), t('dash.today', { date: fmtDate(today) })));
  const body = h('div', null, loading());
  root.appendChild(body);

  const parts = [];
  if (!isAdmin()) {
    // One audited read gives every number (GET /carriers/stats: the list's
    // visibility, SYS-2), so the counts always add up to the total (KEEP-6).
    const [alerts, stats] = await Promise.all([
      fetchAlerts().catch((e) => e),
      get('/carriers/stats'),
    ]);
    const total = stats.total;
    const levels = LEVELS.map((l) => stats.by_level?.[l] ?? 0);
    const statuses = STATUSES.map((s) => stats.by_status?.[s] ?? 0);
    parts.push(alertsCard(alerts));
    parts.push(h('div', { class: 'grid side' },
      h('div', null,
        h('p', { class: 'muted', 'data-testid': 'ledger-total' }, icon('ledger'), ' ', t('dash.total', { n: fmtNum(total) })),
        statsCard(t('dash.by_level'), 'level', LEVELS, levels, total, 'level'),
        statsCard(t('dash.by_status'), 'status', STATUSES, statuses, total, 'status')),
      await tasksCard()));
  } else {
    parts.push(h('div', { class: 'grid cols-2' },
      await tasksCard(),
      card(t('dash.admin_title'), h('p', null, t('dash.admin_text')), h('p', { class: 'muted' }, t('dash.admin_rule')))));
  }
  body.replaceChildren(...parts);
}
