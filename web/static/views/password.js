// password.js — 修改密码 (SYS-4). The first login of an initial or reset
// account lands here and can do nothing else until the password is changed.
// The rules (length by clearance, character classes, history) are the
// server's: a refusal names SYS-4 and says what is missing. After a login
// with the two parts of a temporary password (SYS-1) the parts, kept in
// memory only, are the current password: they are not asked again. The
// login notice (who reset the account) stays above the form until
// acknowledged.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, field, input, notice, busy, toast } from '../ui.js';
import { session, go, logout, loginNoticePanel } from '../app.js';

export async function render(root, ctx) {
  const first = ctx.query.first === '1' || (session.me && session.me.user.must_change_password);
  const err = h('div');
  const kept = first ? session.tempSecret : null;
  const oldPw = input('old_password', { type: 'password', autocomplete: 'current-password' });
  const newPw = input('new_password', { type: 'password', autocomplete: 'new-password' });
  const again = input('again', { type: 'password', autocomplete: 'new-password' });
  const submit = h('button', { type: 'submit', class: 'btn primary' }, t('password.submit'));
  const form = h('form', { class: 'form one', novalidate: true },
    err,
    kept ? notice('info', t('password.with_halves')) : field(t('password.old'), oldPw, { required: true }),
    field(t('password.new'), newPw, { required: true, hint: t('password.hint') }),
    field(t('password.again'), again, { required: true }),
    h('div', { class: 'form-actions' }, submit,
      first ? h('button', { type: 'button', class: 'btn', on: { click: logout } }, t('nav.logout'))
        : h('a', { class: 'btn', href: '#/' }, t('common.cancel'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    if (newPw.value !== again.value) {
      again.setAttribute('aria-invalid', 'true');
      err.appendChild(notice('error', t('password.mismatch')));
      again.focus();
      return;
    }
    again.removeAttribute('aria-invalid');
    const ok = await busy(submit, err, () => api('POST', '/session/password', { old_password: kept || oldPw.value, new_password: newPw.value }));
    if (ok) {
      session.tempSecret = null;
      if (session.me) session.me.user.must_change_password = false;
      toast(t('password.done'), 'ok');
      go('/');
    }
  });
  root.appendChild(h('div', { class: 'login-page' },
    h('div', { class: 'login-card' },
      h('div', { class: 'brand' },
        h('div', { class: 'logo-mark', 'aria-hidden': 'true' }, '密'),
        h('h1', null, t('password.title')),
        h('p', null, session.me ? session.me.user.name : '')),
      first ? notice('warn', t('password.first')) : null,
      loginNoticePanel(),
      form)));
  (kept ? newPw : oldPw).focus();
}
