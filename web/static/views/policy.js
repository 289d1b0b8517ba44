// policy.js — 本单位保密工作制度 (SYS-5): the unit's policy as versioned data,
// printable; only the security administrator imports a new version.
import { get, post } from '../api.js';
import { t, fmtDateTime, lang } from '../i18n.js';
import { h, pageHead, card, field, errorBox, emptyState, table, busy, toast, icon } from '../ui.js';
import { has } from '../app.js';

export async function render(root, ctx) {
  const printBtn = h('button', { type: 'button', class: 'btn', on: { click: () => window.print() } }, icon('print'), t('regs.print'));
  root.appendChild(pageHead(t('policy.title'), t('policy.sub'), printBtn));
  let pol;
  try { pol = await get('/policy?lang=' + (lang() === 'en' ? 'en' : 'zh')); } catch (err) { root.appendChild(errorBox(err)); return; }
  // The rules in words first (what a reader of the regulations expects), the
  // settings behind them folded away for those who maintain them.
  root.appendChild(card(t('policy.version', { v: pol.version }),
    h('pre', { class: 'policy-text regulation', tabindex: '0', 'aria-label': t('policy.regulation'), 'data-testid': 'regulation' }, pol.regulation || ''),
    h('details', { class: 'settings no-print' },
      h('summary', null, t('policy.settings')),
      h('pre', { class: 'policy-text', tabindex: '0', 'aria-label': t('policy.settings'), 'data-testid': 'settings' }, pol.text))));
  if (has('secadmin')) {
    const text = h('textarea', { name: 'text', rows: 10, value: pol.text, class: 'mono' });
    const comment = h('input', { type: 'text', name: 'comment' });
    const err = h('div');
    const submit = h('button', { type: 'submit', class: 'btn primary' }, t('policy.import'));
    const form = h('form', { class: 'form one', novalidate: true }, err,
      field(t('policy.settings'), text, { required: true, hint: t('policy.settings_hint') }), field(t('policy.comment'), comment, { required: true }), submit);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const r = await busy(submit, err, () => post('/policy', { text: text.value, comment: comment.value.trim() }));
      if (r) { toast(t('policy.imported'), 'ok'); ctx.render(); }
    });
    const edit = card(t('policy.change'), form);
    edit.classList.add('no-print');
    root.appendChild(edit);
    try {
      const hist = await get('/policy/history');
      const items = hist.items || [];
      const history = root.appendChild(card(t('policy.history'), items.length ? table([
        { label: t('policy.v'), render: (v) => String(v.version) },
        { label: t('policy.at'), render: (v) => fmtDateTime(v.created_at || v.at) },
        { label: t('policy.by'), render: (v) => v.created_by_name || v.created_by || v.author || '' },
        { label: t('policy.comment'), render: (v) => v.comment || '' },
      ], items) : emptyState(t('policy.no_history'))));
      history.classList.add('no-print');
    } catch (err) { root.appendChild(errorBox(err)); }
  }
}
