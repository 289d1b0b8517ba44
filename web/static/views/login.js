// login.js — 登录 (SYS-4): lockout (423) and password-change messages come
// from the server in the current language; the same words for a wrong
// password and an unknown user, so accounts cannot be guessed. A person
// whose password was reset (or whose account was opened) holds two parts of
// a temporary password from two administrators (SYS-1): the form takes them
// apart, in order, and sends them as the one password the API expects.
import { api } from '../api.js';
import { t, lang, setLang } from '../i18n.js';
import { h, field, input, errorBox, notice } from '../ui.js';
import { afterLogin, render as rerender } from '../app.js';

export async function render(root) {
  const err = h('div', { id: 'login-error' });
  const user = input('username', { autocomplete: 'username', autofocus: true });
  const pass = input('password', { type: 'password', autocomplete: 'current-password' });
  const halfA = input('half_a', { type: 'password', autocomplete: 'off' });
  const halfB = input('half_b', { type: 'password', autocomplete: 'off' });
  const toggle = h('input', { type: 'checkbox', name: 'halves', id: 'login-halves' });
  const onePart = field(t('login.password'), pass, { required: true });
  const twoParts = h('div', { 'data-testid': 'halves', hidden: true },
    h('p', { class: 'hint' }, t('login.halves_hint')),
    field(t('login.half_a'), halfA, { required: true }),
    field(t('login.half_b'), halfB, { required: true }));
  toggle.addEventListener('change', () => {
    onePart.hidden = toggle.checked;
    twoParts.hidden = !toggle.checked;
    (toggle.checked ? halfA : pass).focus();
  });
  const submit = h('button', { type: 'submit', class: 'btn primary' }, t('login.submit'));

  const why = sessionStorage.getItem('baomi.loginNotice');
  if (why) {
    sessionStorage.removeItem('baomi.loginNotice');
    err.appendChild(notice('info', t(why === 'session_expired' ? 'login.expired' : 'login.again')));
  }
  // The form the end of the session interrupted is kept for its person (drafts.js).
  if (sessionStorage.getItem('baomi.draftKept')) {
    sessionStorage.removeItem('baomi.draftKept');
    err.appendChild(h('div', { 'data-testid': 'draft-kept' }, notice('info', t('login.draft_kept'))));
  }

  const form = h('form', { class: 'form one', novalidate: true, 'aria-labelledby': 'login-title' },
    err,
    field(t('login.username'), user, { required: true }),
    onePart,
    h('div', { class: 'field check' }, h('label', null, toggle, t('login.halves_toggle'))),
    twoParts,
    submit);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    const halves = toggle.checked;
    if (halves ? !user.value.trim() || !halfA.value || !halfB.value : !user.value.trim() || !pass.value) {
      err.appendChild(notice('error', t(halves ? 'login.halves_missing' : 'login.missing')));
      (!user.value.trim() ? user : halves ? (halfA.value ? halfB : halfA) : pass).focus();
      return;
    }
    // The API takes the two parts as one password, the first part first.
    const password = halves ? halfA.value.trim() + halfB.value.trim() : pass.value;
    submit.disabled = true;
    try {
      const answer = await api('POST', '/session', { username: user.value.trim(), password }, { quiet401: true });
      pass.value = halfA.value = halfB.value = '';
      await afterLogin(answer, halves ? password : null);
    } catch (e) {
      pass.value = halfA.value = halfB.value = '';
      const box = errorBox(e);
      if (e.status === 423) box.appendChild(h('p', { class: 'hint' }, t('login.locked_hint')));
      err.appendChild(box);
      (halves ? halfA : pass).focus();
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
