// login.js — 登录 (SYS-4): lockout (423) and password-change messages come
// from the server in the current language; the same words for a wrong
// password and an unknown user, so accounts cannot be guessed.
import { api } from '../api.js';
import { t, lang, setLang } from '../i18n.js';
import { h, field, input, errorBox, notice } from '../ui.js';
import { afterLogin, render as rerender } from '../app.js';

export async function render(root) {
  const err = h('div', { id: 'login-error' });
  const user = input('username', { autocomplete: 'username', autofocus: true });
  const pass = input('password', { type: 'password', autocomplete: 'current-password' });
  const submit = h('button', { type: 'submit', class: 'btn primary' }, t('login.submit'));

  const why = sessionStorage.getItem('baomi.loginNotice');
  if (why) {
    sessionStorage.removeItem('baomi.loginNotice');
    err.appendChild(notice('info', t(why === 'session_expired' ? 'login.expired' : 'login.again')));
  }

  const form = h('form', { class: 'form one', novalidate: true, 'aria-labelledby': 'login-title' },
    err,
    field(t('login.username'), user, { required: true }),
    field(t('login.password'), pass, { required: true }),
    submit);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    if (!user.value.trim() || !pass.value) {
      err.appendChild(notice('error', t('login.missing')));
      (user.value.trim() ? pass : user).focus();
      return;
    }
    submit.disabled = true;
    try {
      await api('POST', '/session', { username: user.value.trim(), password: pass.value }, { quiet401: true });
      pass.value = '';
      await afterLogin();
    } catch (e) {
      pass.value = '';
      const box = errorBox(e);
      if (e.status === 423) box.appendChild(h('p', { class: 'hint' }, t('login.locked_hint')));
      err.appendChild(box);
      pass.focus();
    } finally {
      submit.disabled = false;
    }
  });

  const other = lang() === 'en' ? 'zh-CN' : 'en';
  root.appendChild(h('div', { class: 'login-page' },
    h('div', { class: 'login-card' },
      h('div', { class: 'brand' },
        h('div', { class: 'logo-mark', 'aria-hidden': 'true' }, '密'),
        h('h1', { id: 'login-title' }, t('app.name')),
        h('p', null, t('login.tagline'))),
      form,
      h('div', { class: 'login-foot' },
        h('span', null, t('login.intranet')),
        h('button', { type: 'button', class: 'linkish', 'data-lang': other, lang: other,
          on: { click: () => { setLang(other); rerender(); } } }, other === 'en' ? 'English' : '中文')),
      h('p', { class: 'login-notice' }, t('login.notice')))));
  user.focus();
}
