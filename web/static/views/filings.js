// filings.js — 账户申请审批 (SYS-1, issue 9): the security administrator
// approves or refuses the password resets and new accounts the system
// administrator filed. On approval the page shows the security
// administrator's half of the temporary secret, once, and never the system
// administrator's half (which the server does not keep). Also the shared
// pieces of the two administrators' pages: the panel of a half and the
// table of filings.
import { get, post } from '../api.js';
import { t, term, fmtDateTime } from '../i18n.js';
import { h, pageHead, card, field, input, errorBox, emptyState, table, toast, dialog, icon } from '../ui.js';

// The panel of one administrator's half (`who`: 'sys' or 'sec'), shown once:
// what it is, the half, and that it is handed to `person` in person.
export function halfPanel(half, who, person, lead) {
  const panel = h('section', { class: 'alert ok half-secret', role: 'status', 'data-testid': 'half-panel', 'data-who': who },
    icon('key'),
    h('div', null,
      lead ? h('p', null, lead) : null,
      h('p', null, h('strong', null, t(who === 'sys' ? 'half.mine_sys' : 'half.mine_sec'))),
      h('p', { class: 'half' }, h('code', { 'data-testid': 'half-secret', translate: 'no' }, half)),
      h('p', { class: 'hint' }, t(who === 'sys' ? 'half.hint_sys' : 'half.hint_sec', { person })),
      h('button', { type: 'button', class: 'btn small', 'data-action': 'half-done', on: { click: () => panel.remove() } }, t('half.done'))));
  return panel;
}

const kindOf = (f) => t('filing.kind.' + (f.kind === 'create' ? 'create' : 'reset'));
const personOf = (f) => (f.username ? `${f.person}（${f.username}）` : f.person);

// The filings as a table; `actions(f)` adds a last column.
export function filingTable(items, actions) {
  const cols = [
    { label: t('filing.person'), render: personOf },
    { label: t('filing.kind'), render: kindOf },
    { label: t('filing.filed_by'), render: (f) => f.filed_by || '—' },
    { label: t('filing.filed_at'), cls: 'nowrap', render: (f) => fmtDateTime(f.filed_at) },
    { label: t('filing.status'), render: (f) => h('span', { class: `badge filing-${f.status}` }, term('filing.status', f.status)) },
    items.some((x) => x.status === 'pending')
      ? { label: t('filing.expires_at'), cls: 'nowrap', render: (f) => (f.status === 'pending' ? fmtDateTime(f.expires_at) : '') }
      : null,
    items.some((x) => x.decided_by)
      ? { label: t('filing.decided'), render: (f) => (f.decided_by ? [t('filings.by', { who: f.decided_by, at: fmtDateTime(f.decided_at) }), f.reason ? `：${f.reason}` : ''] : '') }
      : null,
    actions ? { label: t('common.actions'), cls: 'nowrap', render: actions } : null,
  ].filter(Boolean);
  return table(cols, items, { caption: t('filings.title'), rowAttrs: (f) => ({ 'data-filing': f.id, 'data-user': f.username || '' }) });
}

export async function render(root) {
  root.appendChild(pageHead(t('filings.title'), t('filings.sub')));
  const result = h('div', { 'data-testid': 'filing-result' });
  root.appendChild(result);
  const lists = h('div');
  root.appendChild(lists);

  const approve = (f) => async () => {
    const ok = await dialog(t('filings.approve'),
      h('p', null, t('filings.confirm_approve', { person: f.person, user: f.username || '—', kind: kindOf(f) })), {
        ok: t('filings.approve'), onOk: () => post(`/account-filings/${f.id}/approve`, {}),
      });
    if (!ok) return;
    toast(t('filings.approved', { person: f.person, kind: kindOf(f) }), 'ok');
    result.replaceChildren(halfPanel(ok.filing.half_secret, 'sec', f.person,
      t('filings.approved', { person: f.person, kind: kindOf(f) })));
    await draw();
  };
  const refuse = (f) => async () => {
    const reason = input('reason', { autocomplete: 'off' });
    const ok = await dialog(t('filings.refuse'), h('div', { class: 'form one' },
      h('p', null, t('filings.confirm_refuse', { person: f.person, user: f.username || '—', kind: kindOf(f) })),
      field(t('common.reason'), reason)), {
      ok: t('filings.refuse'), okClass: 'danger',
      onOk: () => post(`/account-filings/${f.id}/refuse`, reason.value.trim() ? { reason: reason.value.trim() } : {}),
    });
    if (!ok) return;
    toast(t('filings.refused', { person: f.person, kind: kindOf(f) }), 'ok');
    await draw();
  };

  // Busy while fetching (settled() in the browser tests waits for it): after
  // an approval the half is on screen before the lists are drawn again.
  async function draw() {
    let items;
    lists.setAttribute('aria-busy', 'true');
    try { items = (await get('/account-filings')).items; } catch (err) { lists.replaceChildren(errorBox(err)); return; } finally { lists.removeAttribute('aria-busy'); }
    const pending = items.filter((f) => f.status === 'pending');
    const decided = items.filter((f) => f.status !== 'pending').slice(0, 30);
    lists.replaceChildren(
      card(t('filings.pending'), pending.length ? filingTable(pending, (f) => [
        h('button', { type: 'button', class: 'btn small primary', 'data-action': 'approve', on: { click: approve(f) } }, t('filings.approve')), ' ',
        h('button', { type: 'button', class: 'btn small', 'data-action': 'refuse', on: { click: refuse(f) } }, t('filings.refuse')),
      ]) : emptyState(t('filings.none'))),
      card(t('filings.decided'), decided.length ? filingTable(decided) : emptyState(t('filings.decided_none'))));
  }
  await draw();
}
