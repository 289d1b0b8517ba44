// accounts.js — 账户管理 (SYS-1, SYS-4): the system administrator's only
// business: create accounts (no role: the security administrator grants
// them), disable, enable, file a password reset. A new account's first login
// and a reset take the security administrator's approval; this page shows
// the system administrator's half of the temporary secret, once, with what
// to do with it, and never the security administrator's half. A locked
// account (SYS-4) shows since when, after how many failures and until when,
// with 解锁 (audited; the server refuses anybody but this administrator).
import { get, post } from '../api.js';
import { t, term, fmtDateTime } from '../i18n.js';
import { h, pageHead, card, field, input, select, errorBox, emptyState, table, busy, toast, dialog } from '../ui.js';
import { halfPanel, filingTable } from './filings.js';

export async function render(root, ctx) {
  root.appendChild(pageHead(t('acct.title'), t('acct.sub')));
  const [people, deps, filings, locks] = await Promise.all([
    get('/people').then((r) => r.items, (e) => e),
    get('/departments?retired=false').then((r) => r.items, () => []),
    get('/account-filings').then((r) => r.items, (e) => e),
    get('/accounts/locks').then((r) => r.items, (e) => e),
  ]);
  // The half just shown, above everything else, until the page is left.
  const result = h('div', { 'data-testid': 'filing-result' });
  root.appendChild(result);
  const showHalf = (r, person, what) => {
    result.replaceChildren(halfPanel(r.filing.half_secret, 'sys', person, t(what, { person })));
    result.scrollIntoView({ block: 'nearest' });
  };

  const err = h('div');
  const f = {
    username: input('username', { autocomplete: 'off' }),
    name: input('name'),
    department: select('department', deps.map((d) => [String(d.id), d.name]), { blank: t('common.none') }),
  };
  const submit = h('button', { type: 'submit', class: 'btn primary' }, t('acct.create'));
  const form = h('form', { class: 'form', novalidate: true }, err,
    field(t('acct.username'), f.username, { required: true }), field(t('acct.name'), f.name, { required: true }),
    field(t('carrier.department'), f.department),
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { username: f.username.value.trim(), name: f.name.value.trim() };
    if (f.department.value) body.department = Number(f.department.value);
    const r = await busy(submit, err, () => post('/accounts', body));
    if (r) {
      form.reset();
      toast(t('acct.created', { user: body.username }), 'ok');
      if (r.filing) showHalf(r, body.name, 'acct.create_filed');
    }
  });
  root.appendChild(card(t('acct.new'), form));
  if (people instanceof Error) { root.appendChild(errorBox(people)); return; }
  const act = (p, what) => async () => {
    const ok = await dialog(t('acct.' + what), h('p', null, t('acct.confirm_' + what, { user: p.username })), {
      ok: t('acct.' + what), onOk: () => post(`/accounts/${p.id}/${what}`, {}),
    });
    if (!ok) return;
    toast(t('acct.done_' + what.replace('-', '_'), { user: p.username }), 'ok');
    if (ok.filing) {
      // The list is redrawn; the half stays on screen above it.
      showHalf(ok, p.name, 'acct.reset_filed');
      await redrawLists();
    } else {
      ctx.render();
    }
  };
  const lists = h('div');
  root.appendChild(lists);
  // The status cell: the account's status, and its lock when locked now.
  const statusCell = (p, lockOf) => {
    const l = lockOf.get(p.id);
    if (!l) return term('pstatus', p.status);
    return h('span', { 'data-testid': 'lock', 'data-user': p.username },
      term('pstatus', p.status), ' · ', h('strong', { class: 'badge warn' }, t('acct.locked')), h('br'),
      h('small', null, t('acct.lock_detail', { since: fmtDateTime(l.locked_since), n: l.failures, until: fmtDateTime(l.locked_until) })));
  };
  const drawLists = (accountsOf, filingsOf, locksOf) => {
    const accounts = accountsOf.filter((p) => p.username);
    const lockOf = new Map(locksOf instanceof Error ? [] : locksOf.map((l) => [l.person_id, l]));
    lists.replaceChildren(
      locksOf instanceof Error ? errorBox(locksOf, { prefix: t('acct.locks_error') }) : '',
      card(t('acct.filed_title'), filingsOf instanceof Error ? errorBox(filingsOf)
        : filingsOf.length ? filingTable(filingsOf.slice(0, 20)) : emptyState(t('acct.filings_none'))),
      card(t('acct.list'), accounts.length ? table([
        { label: t('acct.username'), render: (p) => p.username },
        { label: t('acct.name'), render: (p) => p.name },
        { label: t('acct.roles'), render: (p) => (p.roles || []).map((r) => term('role', r.role)).join('、') },
        { label: t('acct.status'), render: (p) => statusCell(p, lockOf) },
        { label: t('common.actions'), cls: 'nowrap', render: (p) => [
          p.status === 'active'
            ? h('button', { type: 'button', class: 'btn small', on: { click: act(p, 'disable') } }, t('acct.disable'))
            : h('button', { type: 'button', class: 'btn small', on: { click: act(p, 'enable') } }, t('acct.enable')), ' ',
          h('button', { type: 'button', class: 'btn small', 'data-action': 'reset', 'data-user': p.username, on: { click: act(p, 'reset-password') } }, t('acct.reset-password')),
          lockOf.has(p.id) ? [' ', h('button', { type: 'button', class: 'btn small primary', 'data-action': 'unlock', 'data-user': p.username, on: { click: act(p, 'unlock') } }, t('acct.unlock'))] : null] },
      ], accounts, { caption: t('acct.list') }) : emptyState(t('acct.none'))));
  };
  // Busy while fetching (settled() in the browser tests waits for it): the
  // half is on screen before the lists show the filing it came with.
  const redrawLists = async () => {
    lists.setAttribute('aria-busy', 'true');
    const [p2, f2, l2] = await Promise.all([
      get('/people').then((r) => r.items, (e) => e),
      get('/account-filings').then((r) => r.items, (e) => e),
      get('/accounts/locks').then((r) => r.items, (e) => e),
    ]);
    lists.removeAttribute('aria-busy');
    if (p2 instanceof Error) { lists.replaceChildren(errorBox(p2)); return; }
    drawLists(p2, f2, l2);
  };
  drawLists(people, filings, locks);
}
