// dashboard.js — 工作台 by role (issue 14 point 13). Each person sees first
// what is theirs to do, and only that:
//   - an approver (leader, principal, classification authority, department
//     head): the requests waiting for their decision, as in the inbox (the
//     carrier's title, 文号, level, requester, reason, due date, one-tap 同意);
//     the leader in charge and the principal then the unit's picture (open
//     incidents, overdue rectifications, last month's report);
//   - the clerk: the day's work — alerts grouped by kind, requests to issue,
//     loans out and overdue, letters to register — and the ledger's counts;
//   - anybody else who handles carriers: what they hold now (on loan or kept,
//     overdue first) and their own requests;
//   - the three administrators: their own queues (SYS-1).
// Alerts: a few, most urgent first, then "另有 N 条" to #/alerts. The server
// sends each person only the alerts meant for them (SYS-2, src/policy/alerting.h).
import { get, qs } from '../api.js';
import { t, term, vocab, fmtNum, fmtDate, fmtDateTime, isoDay } from '../i18n.js';
import { h, card, pageHead, emptyState, errorBox, loading, levelBadge, LEVELS, STATUSES, icon } from '../ui.js';
import { session, has, isAdmin, isApprover, isClerk } from '../app.js';
import { alertItem, alertKind, URGENCY } from './alerts.js';
import { requestItem, requestFacts } from './inbox.js';

const FEW = 3; // alerts on a dashboard before "另有 N 条"
const APPROVALS = 3; // requests awaiting a decision shown in full

const safe = async (p) => { try { return await p; } catch (e) { return e; } };
const leadership = () => has('leader', 'principal');

// The reader's alerts: the few most urgent, the count of all and of each kind.
// `groups`: the clerk's card lists every kind with its count (a link to them).
function alertsCard(answer, { groups = false, more = '#/alerts' } = {}) {
  const box = (...c) => h('section', { class: 'card', 'data-section': 'alerts' }, h('h2', null, t('dash.alerts')), ...c);
  if (answer instanceof Error) return box(errorBox(answer));
  const items = (answer.items || []).slice(0, FEW);
  const total = answer.total ?? items.length;
  if (!total) return box(emptyState(t('dash.alerts_none')));
  const kinds = answer.kinds || [];
  return box(
    groups && kinds.length ? h('ul', { class: 'alert-list alert-groups', 'data-testid': 'alert-groups' }, kinds.map((k) => {
      const u = URGENCY[k.urgency] || 'notice';
      return h('li', { class: u, 'data-kind': k.code },
        h('span', { class: `dot ${u}`, 'aria-hidden': 'true' }), ' ',
        h('span', { class: 'rule-id' }, k.rule), ' ',
        h('a', { href: `#/alerts${qs({ kind: k.code })}` }, alertKind(k.code, k.rule)),
        h('span', { class: 'badge' }, fmtNum(k.count)));
    })) : null,
    h('ul', { class: 'alert-list', 'data-testid': 'alert-few' }, items.map(alertItem)),
    total > items.length
      ? h('p', null, h('a', { href: more, class: 'more', 'data-testid': 'alerts-more', 'data-more': String(total - items.length) }, t('dash.more', { n: fmtNum(total - items.length) })))
      : h('p', null, h('a', { href: more, class: 'more', 'data-testid': 'alerts-all' }, t('dash.alerts_all'))));
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

// One audited read gives every number (GET /carriers/stats: the list's
// visibility, SYS-2), so the counts always add up to the total (KEEP-6).
async function ledgerCards() {
  const stats = await safe(get('/carriers/stats'));
  if (stats instanceof Error) return [card(t('dash.by_level'), errorBox(stats))];
  const total = stats.total;
  return [
    h('p', { class: 'muted', 'data-testid': 'ledger-total' }, icon('ledger'), ' ', t('dash.total', { n: fmtNum(total) })),
    statsCard(t('dash.by_level'), 'level', LEVELS, LEVELS.map((l) => stats.by_level?.[l] ?? 0), total, 'level'),
    statsCard(t('dash.by_status'), 'status', STATUSES, STATUSES.map((s) => stats.by_status?.[s] ?? 0), total, 'status'),
  ];
}

function taskRow(href, label, n, testid, { warn } = {}) {
  return h('li', { 'data-task': testid, class: warn && n ? 'warn' : null }, h('a', { href }, label), h('span', { class: 'n' }, fmtNum(n)));
}
const count = (r) => r.total ?? r.count ?? (r.items || []).length;

// The approvals waiting for the reader, first on an approver's dashboard:
// each row as the inbox shows it, decided here; the rest behind a link.
async function approvalsCard(ctx) {
  const section = h('section', { class: 'card', 'data-section': 'approvals' }, h('h2', null, t('dash.approvals')));
  const page = await safe(get('/requests' + qs({ inbox: 'true', limit: APPROVALS })));
  if (page instanceof Error) { section.appendChild(errorBox(page)); return section; }
  const total = page.total ?? page.items.length;
  if (!page.items.length) { section.appendChild(emptyState(t('dash.approvals_none'))); return section; }
  const list = h('ul', { class: 'inbox-list' });
  const facts = await requestFacts(page.items);
  const onDone = (item) => { item.remove(); ctx.refreshBadges(); ctx.render(); };
  list.append(...page.items.map((r) => requestItem(r, ctx, { ...facts, onDone })));
  // (Element.append writes a null as the text "null": only the parts there are.)
  section.append(...[
    h('p', { class: 'muted', 'data-testid': 'approvals-count' }, t('inbox.count', { n: fmtNum(total) })),
    list,
    total > page.items.length
      ? h('p', null, h('a', { href: '#/inbox', class: 'more', 'data-testid': 'approvals-more' }, t('dash.more_approvals', { n: fmtNum(total - page.items.length) })))
      : null].filter(Boolean));
  return section;
}

// The leadership's picture of the unit: what it must know and can act on.
async function unitCard() {
  const today = new Date();
  const prev = new Date(today.getFullYear(), today.getMonth() - 1, 1);
  const month = `${prev.getFullYear()}-${String(prev.getMonth() + 1).padStart(2, '0')}`;
  const [inc, rect, deliv] = await Promise.all([
    safe(get('/incidents' + qs({ status: 'open' }))),
    safe(get('/rectifications' + qs({ overdue: '1' }))),
    safe(get('/reports/deliveries')),
  ]);
  const rows = [];
  if (!(inc instanceof Error)) rows.push(taskRow('#/incidents', t('dash.unit_incidents'), count(inc), 'incidents', { warn: true }));
  if (!(rect instanceof Error)) rows.push(taskRow('#/inspections', t('dash.unit_rect_overdue'), count(rect), 'rect-overdue', { warn: true }));
  if (!(deliv instanceof Error)) {
    const d = (deliv.items || []).find((x) => x.period === month);
    rows.push(h('li', { 'data-task': 'report', 'data-state': d ? 'delivered' : 'missing', class: d ? null : 'warn' },
      h('a', { href: '#/reports' }, t('dash.unit_report', { month })),
      h('span', { class: 'n' }, d ? t('dash.report_delivered', { date: fmtDate(d.delivered_on), name: d.to_name || '—' }) : t('dash.report_missing'))));
  }
  return h('section', { class: 'card', 'data-section': 'unit' }, h('h2', null, t('dash.unit')),
    rows.length ? h('ul', { class: 'task-list' }, rows) : emptyState(t('dash.tasks_none')));
}

// What the reader holds now: loans (borrowed, taken out, circulated, a
// meeting's documents) with their due time, overdue first and marked; then
// the carriers they keep (KEEP-6: personal keeping until a date).
async function heldCard() {
  const me = session.me.user;
  const [out, kept] = await Promise.all([
    safe(get('/desk/out')),
    safe(get('/carriers' + qs({ custodian: String(me.id), limit: 20 }))),
  ]);
  const section = h('section', { class: 'card', 'data-section': 'held' }, h('h2', null, t('dash.held')));
  const rows = [];
  if (out instanceof Error) section.appendChild(errorBox(out));
  else {
    const loans = (out.items || []).filter((l) => l.holder_id === me.id)
      .sort((a, b) => (b.overdue - a.overdue) || String(a.due_at || '9').localeCompare(String(b.due_at || '9')));
    for (const l of loans) rows.push(h('li', { 'data-loan': l.id, 'data-overdue': l.overdue ? 'true' : 'false', class: l.overdue ? 'urgent' : null },
      h('a', { href: `#/carrier/${l.carrier_id}`, class: 'c-title' }, l.carrier_title || t('carrier.no', { id: l.carrier_id })),
      h('div', { class: 'meta' },
        term('loan', l.kind), ' · ',
        l.due_at ? h('span', { 'data-testid': 'held-due' }, t('dash.due', { date: fmtDateTime(l.due_at) })) : t('dash.no_due'),
        l.overdue ? [' ', h('span', { class: 'badge overdue', 'data-testid': 'held-overdue' }, t('dash.overdue'))] : null)));
  }
  if (kept instanceof Error) section.appendChild(errorBox(kept));
  else {
    // The browser's own day, as every form's default (isoDay): a keeping until yesterday is
    // overdue from midnight, not from 08:00 in Beijing when the UTC date turns (KEEP-6).
    const today = isoDay();
    const items = (kept.items || []).map((c) => ({ c, until: c.keeping?.until || c.keep_until || null }))
      .sort((a, b) => String(a.until || '9').localeCompare(String(b.until || '9')));
    for (const { c, until } of items) {
      const late = until && until < today;
      rows.push(h('li', { 'data-kept': c.id, 'data-overdue': late ? 'true' : 'false', class: late ? 'urgent' : null },
        h('a', { href: `#/carrier/${c.id}`, class: 'c-title' }, c.title), ' ',
        c.doc_number ? h('span', { class: 'doc-no' }, c.doc_number) : null, ' ', levelBadge(c.level),
        h('div', { class: 'meta' }, t('dash.kept'), ' · ',
          until ? h('span', { 'data-testid': 'held-due' }, t('dash.keep_until', { date: fmtDate(until) })) : t('dash.no_due'),
          late ? [' ', h('span', { class: 'badge overdue', 'data-testid': 'held-overdue' }, t('dash.overdue'))] : null)));
    }
    if ((kept.total ?? 0) > items.length) rows.push(h('li', null, h('a', { href: `#/ledger${qs({ custodian: String(me.id) })}` }, t('dash.more', { n: fmtNum(kept.total - items.length) }))));
  }
  section.appendChild(rows.length ? h('ul', { class: 'held-list', 'data-testid': 'held' }, rows) : emptyState(t('dash.held_none')));
  return section;
}

// The reader's own requests and where each stands.
async function myRequestsCard() {
  const page = await safe(get('/requests' + qs({ mine: 'true', limit: 5 })));
  const section = h('section', { class: 'card', 'data-section': 'mine' }, h('h2', null, t('dash.my_requests')));
  if (page instanceof Error) { section.appendChild(errorBox(page)); return section; }
  if (!page.items.length) { section.appendChild(emptyState(t('dash.my_requests_none'), h('a', { class: 'btn', href: '#/requests/new' }, t('nav.request_new')))); return section; }
  section.append(...[
    h('ul', { class: 'task-list', 'data-testid': 'my-requests' }, page.items.map((r) => h('li', { 'data-request': r.id, 'data-status': r.status?.code || r.status },
      h('a', { href: `#/requests/${r.id}` }, vocab(r.op), ' · ', t('inbox.req_no', { id: r.id }),
        (r.carriers || [])[0] ? ['《', r.carriers[0].title, '》'] : null),
      h('span', { class: `badge req-${r.status?.code || r.status}` }, vocab(r.status))))),
    (page.total ?? 0) > page.items.length ? h('p', null, h('a', { href: '#/requests', class: 'more' }, t('dash.more', { n: fmtNum(page.total - page.items.length) }))) : null].filter(Boolean));
  return section;
}

// The clerk's day: what to issue, what is out and overdue, what to register.
async function clerkTasksCard() {
  const [ap, out, letters] = await Promise.all([
    safe(get('/requests' + qs({ status: 'approved', limit: 1 }))),
    safe(get('/desk/out')),
    safe(get('/letters' + qs({ status: 'to_register' }))),
  ]);
  const rows = [];
  if (!(ap instanceof Error)) rows.push(taskRow('#/desk', t('dash.task_to_issue'), count(ap), 'to-issue'));
  if (!(out instanceof Error)) {
    const items = out.items || [];
    rows.push(taskRow('#/desk?tab=out', t('dash.task_out'), items.length, 'out'));
    rows.push(taskRow('#/desk?tab=out', t('dash.task_overdue'), items.filter((l) => l.overdue).length, 'overdue', { warn: true }));
  }
  if (!(letters instanceof Error)) rows.push(taskRow('#/letters', t('dash.task_letters'), count(letters), 'letters'));
  return h('section', { class: 'card', 'data-section': 'clerk-tasks' }, h('h2', null, t('dash.day')), h('ul', { class: 'task-list' }, rows));
}

// The three administrators' own queues (SYS-1): locked accounts, filings
// awaiting the second administrator, the audit chain and the alerts about them.
async function adminParts() {
  const parts = [];
  const rows = [];
  if (has('sysadmin')) {
    const locks = await safe(get('/accounts/locks'));
    rows.push(locks instanceof Error ? h('li', null, h('a', { href: '#/admin/accounts' }, t('dash.task_accounts')))
      : taskRow('#/admin/accounts', t('dash.task_locked'), (locks.items || []).length, 'locked', { warn: true }));
  }
  if (has('sysadmin', 'secadmin')) {
    const filings = await safe(get('/account-filings'));
    if (!(filings instanceof Error)) rows.push(taskRow(has('secadmin') ? '#/admin/filings' : '#/admin/accounts', t('dash.task_filings'), (filings.items || []).filter((f) => (f.status?.code || f.status) === 'pending').length, 'filings', { warn: true }));
  }
  if (has('secadmin')) {
    rows.push(h('li', null, h('a', { href: '#/admin/grants' }, t('dash.task_grants'))));
    rows.push(h('li', null, h('a', { href: '#/policy' }, t('dash.task_policy', { v: session.me.policy_version }))));
  }
  if (has('auditor')) {
    const verdict = h('span', { class: 'n', 'data-testid': 'chain-state' }, '—');
    const btn = h('button', { type: 'button', class: 'btn small', 'data-action': 'verify' }, t('dash.chain_verify'));
    btn.addEventListener('click', async () => {
      btn.disabled = true;
      try {
        const v = await get('/audit/verify');
        verdict.textContent = v.intact ? t('dash.chain_intact', { n: fmtNum(v.count) }) : t('dash.chain_broken', { seq: v.first_bad_seq });
        verdict.dataset.intact = String(!!v.intact);
      } catch (e) { verdict.replaceChildren(errorBox(e)); }
      btn.disabled = false;
    });
    rows.push(h('li', { 'data-task': 'chain' }, h('a', { href: '#/admin/audit' }, t('dash.task_audit')), btn, verdict));
  }
  parts.push(h('section', { class: 'card', 'data-section': 'admin-tasks' }, h('h2', null, t('dash.tasks')),
    rows.length ? h('ul', { class: 'task-list' }, rows) : emptyState(t('dash.tasks_none'))));
  if (has('auditor')) parts.push(alertsCard(await safe(get('/alerts' + qs({ limit: FEW }))), { more: '#/admin/alerts' }));
  parts.push(card(t('dash.admin_title'), h('p', null, t('dash.admin_text')), h('p', { class: 'muted' }, t('dash.admin_rule'))));
  return parts;
}

export async function render(root, ctx) {
  const me = session.me;
  root.appendChild(pageHead(t('dash.hello', { name: me.user.name }), t('dash.today', { date: fmtDate(new Date()) })));
  const body = h('div', { class: 'dash', 'data-dash': isAdmin() ? 'admin' : isClerk() ? 'clerk' : isApprover() ? 'approver' : 'staff' }, loading());
  root.appendChild(body);
  if (isAdmin()) {
    body.replaceChildren(h('div', { class: 'grid cols-2' }, ...(await adminParts())));
    return;
  }
  const alerts = safe(get('/alerts' + qs({ limit: FEW })));
  const parts = [];
  if (isApprover()) parts.push(await approvalsCard(ctx));
  if (isClerk()) {
    parts.push(alertsCard(await alerts, { groups: true }));
    parts.push(h('div', { class: 'grid side' }, h('div', null, ...(await ledgerCards())), await clerkTasksCard()));
    if (has('leader', 'principal')) parts.push(await unitCard());
  } else {
    if (leadership()) parts.push(await unitCard());
    parts.push(h('div', { class: 'grid cols-2' }, await heldCard(), await myRequestsCard()));
    parts.push(alertsCard(await alerts));
    if (has('classifier')) parts.push(h('p', null, h('a', { href: '#/levels' }, t('dash.levels'))));
  }
  body.replaceChildren(...parts);
}
