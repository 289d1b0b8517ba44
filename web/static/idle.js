// idle.js — SYS-4's idle timeout as the person sees it (issue 14 point 7):
// a warning some minutes before the session ends for idleness, with a
// countdown and a button to stay; ignored, the session ends and the login
// screen says why.
//
// The server's idle expiry is the authority. GET /me tells the idle limit
// (idle_seconds) and the seconds left (expires_in, by the server's clock, so
// a client clock that is off does not matter); every later call the person
// makes starts the limit again from the moment it was sent (api.js
// "activity"), at most until the session's lifetime ends. Before warning and
// at the end, the page asks the server itself with a background GET /me
// (X-Baomi-Background: it does not count as activity): work in another tab
// may have kept the session, and only a 401 from the server ends it here.
import { api, onApiEvent } from './api.js';
import { t, fmtNum } from './i18n.js';
import { h } from './ui.js';

// The warning comes this long before the end: two minutes, or half the
// limit when the limit is short (a one-minute limit warns at 30 s).
export const warnLead = (idleMs) => Math.min(120000, Math.floor(idleMs / 2));

const clock = {
  active: false,
  idleMs: 0,
  deadline: 0,      // Date.now() when the session ends unless used again
  lifeEnd: Infinity, // Date.now() of the session's lifetime end, once it is nearer than idleMs
  checkedAt: 0,     // the last background check
  checking: false,
};
let dlg = null;
let count = null;
let returnFocus = null;
let timer = null;

// GET /me's answer `me`, asked at `sent` (Date.now() before the call): the clock starts.
export function sessionKnown(me, sent, { fromCheck = false } = {}) {
  if (!me || typeof me.idle_seconds !== 'number' || typeof me.expires_in !== 'number') return;
  clock.idleMs = me.idle_seconds * 1000;
  clock.deadline = sent + me.expires_in * 1000;
  if (!fromCheck) {
    // The person's own GET /me started the idle limit again: an end sooner
    // than that is the lifetime's (auth.session_max_hours). A background
    // check tells only the time left, whichever limit it is.
    clock.lifeEnd = me.expires_in * 1000 < clock.idleMs - 2000 ? clock.deadline : Infinity;
    clock.checkedAt = 0;
  }
  clock.active = true;
  if (!timer) timer = setInterval(tick, 1000);
  tick();
}

// Logged out, or the session is gone: no clock, no warning.
export function sessionGone() {
  clock.active = false;
  hideWarning();
}

// A call the person made: the server's idle clock started again when it was sent.
onApiEvent('activity', (sent) => {
  if (!clock.active) return;
  clock.deadline = Math.max(clock.deadline, Math.min(sent + clock.idleMs, clock.lifeEnd));
  if (clock.deadline - Date.now() > warnLead(clock.idleMs)) hideWarning();
});

// The server's own word on the session (a background read, not activity).
async function check() {
  if (clock.checking) return;
  clock.checking = true;
  clock.checkedAt = Date.now();
  const sent = Date.now();
  try {
    const me = await api('GET', '/me', undefined, { background: true });
    if (clock.active) sessionKnown(me, sent, { fromCheck: true });
  } catch {
    // A 401 went to the app (the session has ended: the login screen says
    // why); a network failure is tried again at the next tick.
  } finally {
    clock.checking = false;
  }
}

function tick() {
  if (!clock.active) return;
  const now = Date.now();
  const left = clock.deadline - now;
  const lead = warnLead(clock.idleMs);
  if (left > lead) {
    hideWarning();
    return;
  }
  // Near the end: ask the server before warning, every 10 s while warning,
  // and every second once the time is up, until it answers 401 or more time.
  const every = left <= 0 ? 1000 : 10000;
  if (now - clock.checkedAt >= every) {
    check();
    if (!dlg) return; // warn only once the server has confirmed
  }
  if (left > 0 || dlg) showWarning(Math.max(0, left));
}

const mmss = (ms) => {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

async function stay(btn) {
  btn.disabled = true;
  try {
    await api('GET', '/me'); // the person's own call: the idle clock starts again
  } catch { /* a 401 ends the session on screen */ }
  finally { btn.disabled = false; }
  clock.checkedAt = 0;
  if (clock.active && clock.deadline - Date.now() > warnLead(clock.idleMs)) hideWarning();
}

function showWarning(left) {
  if (!dlg) {
    count = h('strong', { 'data-testid': 'idle-countdown' }, mmss(left));
    const btn = h('button', { type: 'button', class: 'btn primary', 'data-action': 'stay' }, t('idle.stay'));
    btn.addEventListener('click', () => stay(btn));
    dlg = h('dialog', {
      role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'idle-title', 'aria-describedby': 'idle-text',
      'data-testid': 'idle-warning', class: 'idle-warning',
    },
    h('div', { class: 'dlg-head', id: 'idle-title' }, t('idle.title')),
    h('div', { class: 'dlg-body' },
      h('p', { id: 'idle-text' }, t('idle.text_before'), count, t('idle.text_after', { minutes: fmtNum(Math.round(clock.idleMs / 60000)) })),
      h('p', { class: 'hint' }, t('idle.kept'))),
    h('div', { class: 'dlg-foot' }, btn));
    // Esc is the person answering: they are here, so it stays too.
    dlg.addEventListener('cancel', (ev) => { ev.preventDefault(); stay(btn); });
    returnFocus = document.activeElement;
    document.body.appendChild(dlg);
    dlg.showModal();
    btn.focus();
  }
  count.textContent = mmss(left);
}

function hideWarning() {
  if (!dlg) return;
  const d = dlg;
  dlg = null;
  count = null;
  d.close();
  d.remove();
  if (returnFocus && returnFocus.isConnected) returnFocus.focus({ preventScroll: true });
  returnFocus = null;
}
