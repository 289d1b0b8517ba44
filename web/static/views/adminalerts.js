// adminalerts.js — 三员操作提醒 (SYS-1, issue 9): the audit administrator's
// alert feed. Every filing, approval and refusal of a password reset or a
// new account, every expired filing and every change of an administrator is
// raised here, to nobody else, until the auditor acknowledges it; the
// acknowledgement is itself audited.
import { get, post, qs } from '../api.js';
import { t, fmtNum, isEn } from '../i18n.js';
import { h, pageHead, card, errorBox, emptyState, table, toast, busy } from '../ui.js';

const URGENCY = { high: 'urgent', medium: 'warning', low: 'notice' };

// The route that acknowledges `a`: an administrator alert by its id, an
// expired filing (which has none) by the filing's.
function ackPath(a) {
  if (a.admin_alert_id) return `/alerts/admin/${a.admin_alert_id}/ack`;
  if (a.filing_id) return `/alerts/expired-filings/${a.filing_id}/ack`;
  return null;
}

export async function render(root, ctx) {
  root.appendChild(pageHead(t('aalerts.title'), t('aalerts.sub')));
  let page;
  try {
    page = await get('/alerts' + qs({ limit: 200 }));
  } catch (err) { root.appendChild(errorBox(err)); return; }
  const items = (page.items || []).filter((a) => a.rule === 'SYS-1' && ackPath(a));
  if (!items.length) { root.appendChild(card(null, emptyState(t('aalerts.none')))); return; }
  const err = h('div');
  const ack = (a) => async (ev) => {
    const ok = await busy(ev.currentTarget, err, () => post(ackPath(a), {}));
    if (ok) {
      toast(t('aalerts.acked'), 'ok');
      ctx.render();
    }
  };
  root.appendChild(card(t('aalerts.count', { n: fmtNum(page.total ?? items.length) }), err, table([
    { label: t('aalerts.what'), cls: 'nowrap', render: (a) => [
      h('span', { class: `dot ${URGENCY[a.urgency] || 'notice'}`, 'aria-hidden': 'true' }), ' ',
      t('aalert.' + a.code) === 'aalert.' + a.code ? t('alertlevel.' + (URGENCY[a.urgency] || 'notice')) : t('aalert.' + a.code)] },
    { label: t('aalerts.detail'), render: (a) => (isEn() ? a.message_en || a.message : a.message || a.message_en) },
    { label: t('common.actions'), cls: 'nowrap', render: (a) => h('button', {
      type: 'button', class: 'btn small', 'data-action': 'ack', on: { click: ack(a) },
    }, t('aalerts.ack')) },
  ], items, { caption: t('aalerts.title'), rowAttrs: (a) => ({ 'data-alert': a.code, 'data-admin-alert': a.admin_alert_id || '', 'data-filing': a.filing_id || '' }) })));
}
