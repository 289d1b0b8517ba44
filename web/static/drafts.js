// drafts.js — no lost work (issue 14 point 7): a form being filled when the
// session ends (SYS-4 idle expiry, or any call answered 401) is kept in this
// tab's sessionStorage, by the route and the form, and restored after the
// SAME person logs in again; another person logging in gets nothing and the
// draft is thrown away. Never kept: password fields (type=password, or a
// name that says password/secret), files, hidden values, and anything inside
// [data-no-draft]. Logging out drops the draft; a restored draft is removed
// at once, so what is submitted afterwards is never kept either.

const KEY = 'baomi.draft';
const SECRET = /pass(word)?|passwd|pwd|secret|token|otp|captcha/i;

function skipped(el) {
  if (!el.name || el.disabled) return true;
  const type = (el.type || '').toLowerCase();
  if (['password', 'file', 'hidden', 'submit', 'button', 'reset', 'image'].includes(type)) return true;
  if (SECRET.test(el.name) || SECRET.test(el.id || '')) return true;
  if (/password|one-time-code/.test(el.getAttribute('autocomplete') || '')) return true;
  return Boolean(el.closest('[data-no-draft]'));
}

// The fields of `form` the person has changed from what the page drew, or null.
function fieldsOf(form) {
  const fields = [];
  const seen = {};
  let changed = false;
  for (const el of form.elements) {
    if (!el.name) continue;
    const i = (seen[el.name] = (seen[el.name] ?? -1) + 1);
    if (skipped(el)) continue;
    const type = (el.type || '').toLowerCase();
    if (type === 'checkbox' || type === 'radio') {
      if (el.checked !== el.defaultChecked) changed = true;
      fields.push({ name: el.name, i, checked: el.checked });
    } else if (el.tagName === 'SELECT') {
      const values = [...el.options].filter((o) => o.selected).map((o) => o.value);
      if ([...el.options].some((o) => o.selected !== o.defaultSelected)) changed = true;
      fields.push({ name: el.name, i, values });
    } else {
      if (el.value !== el.defaultValue) changed = true;
      fields.push({ name: el.name, i, value: el.value });
    }
  }
  return changed ? fields : null;
}

const formKey = (form, i) => form.id || form.getAttribute('name') || form.getAttribute('data-testid') || `form-${i}`;

// Keeps the forms of the page in #main being filled, for `user` (the
// username of the session that just ended). True when something was kept.
export function keepDraft(user) {
  const main = document.getElementById('main');
  if (!main || !user) return false;
  const forms = {};
  [...main.querySelectorAll('form')].forEach((form, i) => {
    const fields = fieldsOf(form);
    if (fields) forms[formKey(form, i)] = fields;
  });
  if (!Object.keys(forms).length) return false;
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ user, route: location.hash || '#/', at: new Date().toISOString(), forms }));
  } catch { return false; }
  return true;
}

export const hasDraft = () => sessionStorage.getItem(KEY) !== null;

export function dropDraft() { sessionStorage.removeItem(KEY); }

// After a login as `user`: the draft kept for that person (and removed from
// storage), or null; another person's draft is discarded unseen.
export function takeDraft(user) {
  let d = null;
  try { d = JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch { d = null; }
  dropDraft();
  return d && d.user === user && d.forms ? d : null;
}

// Puts the draft's values back into the forms of `root`; the number of
// fields restored. Each field gets input and change events, so the page
// reacts as if typed (dependent fields shown, words beside a date).
export function restoreDraft(d, root) {
  let n = 0;
  [...root.querySelectorAll('form')].forEach((form, i) => {
    const fields = d.forms[formKey(form, i)];
    if (!fields) return;
    for (const f of fields) {
      const el = [...form.elements].filter((e) => e.name === f.name)[f.i];
      if (!el || skipped(el)) continue;
      // Only what differs is set and announced: a choice that navigates on
      // change (收文/制作) must not fire for the value it already has.
      if ('checked' in f && (el.type === 'checkbox' || el.type === 'radio')) {
        if (el.checked === f.checked) continue;
        el.checked = f.checked;
      } else if (f.values && el.tagName === 'SELECT') {
        const now = [...el.options].filter((o) => o.selected).map((o) => o.value);
        if (now.join('\n') === f.values.join('\n')) continue;
        for (const o of el.options) o.selected = f.values.includes(o.value);
      } else if ('value' in f && el.tagName !== 'SELECT') {
        if (el.value === f.value) continue;
        el.value = f.value;
      } else continue;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      n++;
    }
  });
  return n;
}
