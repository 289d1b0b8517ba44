// app.js — the single-page shell: who is logged in, the menu for their
// roles, hash routing (#/ledger, #/carrier/12 …), the language switch.
// Menus only hide what a role cannot use; the server decides every action.
import { api, onApiEvent } from './api.js';
import { initI18n, t, lang, setLang, term, fmtDateTime } from './i18n.js';
import { h, clear, icon, errorBox, notice } from './ui.js';
import { sessionKnown, sessionGone } from './idle.js';
import { keepDraft, takeDraft, dropDraft, restoreDraft } from './drafts.js';
import { lookup, carrierLabel, deviceLabel, forgetFoundBut } from './scan.js';

const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'];
const APPROVER_ROLES = ['dept_head', 'leader', 'principal', 'classifier'];

export const session = { me: null, roles: new Set(), badges: {}, tempSecret: null };

export const has = (...roles) => roles.some((r) => session.roles.has(r));
export const isAdmin = () => has(...ADMIN_ROLES);
export const isBusiness = () => session.me && !isAdmin();
export const isApprover = () => has(...APPROVER_ROLES);
export const isClerk = () => has('clerk');

// Routes: pattern, view module, menu entry (group, icon, who sees it).
const routes = [
  { path: '/login', view: 'login', bare: true, public: true },
  { path: '/password', view: 'password', bare: true, anySession: true },
  { path: '/', view: 'dashboard', nav: { group: 'work', key: 'nav.dashboard', icon: 'home', show: () => true } },
  { path: '/alerts', view: 'alerts', nav: { group: 'work', key: 'nav.alerts', icon: 'info', show: isBusiness } },
  { path: '/ledger', view: 'ledger', nav: { group: 'work', key: 'nav.ledger', icon: 'ledger', show: isBusiness } },
  { path: '/carrier/:id', view: 'carrier' },
  { path: '/register', view: 'register', nav: { group: 'clerk', key: 'nav.register', icon: 'register', show: isClerk } },
  { path: '/import', view: 'import', nav: { group: 'clerk', key: 'nav.import', icon: 'register', show: () => isClerk() || has('secadmin') } },
  { path: '/desk', view: 'desk', nav: { group: 'clerk', key: 'nav.desk', icon: 'desk', show: isClerk } },
  { path: '/dispatches', view: 'dispatches', nav: { group: 'clerk', key: 'nav.dispatches', icon: 'request', show: isClerk } },
  { path: '/dispatches/new', view: 'dispatches' },
  { path: '/dispatches/:id', view: 'dispatches' },
  { path: '/dispatches/:id/envelopes', view: 'dispatches' },
  { path: '/dispatches/:id/receipts', view: 'dispatches' },
  { path: '/returns', view: 'custody', nav: { group: 'clerk', key: 'nav.returns', icon: 'logout', show: isClerk } },
  { path: '/waste', view: 'custody', nav: { group: 'clerk', key: 'nav.waste', icon: 'error', show: isClerk } },
  { path: '/volumes', view: 'custody', nav: { group: 'clerk', key: 'nav.volumes', icon: 'registers', show: isClerk } },
  { path: '/letters', view: 'letters', nav: { group: 'work', key: 'nav.letters', icon: 'inbox', show: () => has('clerk', 'principal', 'leader', 'classifier', 'dept_head') } },
  { path: '/counts', view: 'counts', nav: { group: 'clerk', key: 'nav.counts', icon: 'audit', show: isClerk } },
  { path: '/registers', view: 'registers', nav: { group: 'clerk', key: 'nav.registers', icon: 'registers', show: () => has('clerk', 'inspector') } },
  { path: '/registers/:kind', view: 'registers' },
  { path: '/handovers', view: 'handovers', nav: { group: 'clerk', key: 'nav.handovers', icon: 'registers', show: () => has('clerk', 'inspector') } },
  { path: '/handovers/:id', view: 'handovers' },
  { path: '/requests/new', view: 'requests', nav: { group: 'work', key: 'nav.request_new', icon: 'request', show: isBusiness } },
  { path: '/requests', view: 'requests', nav: { group: 'work', key: 'nav.requests', icon: 'mine', show: isBusiness } },
  { path: '/requests/:id', view: 'requests' },
  { path: '/devices', view: 'devices', nav: { group: 'work', key: 'nav.devices', icon: 'ledger', show: isBusiness } },
  { path: '/devices/new', view: 'devices' },
  { path: '/devices/:id', view: 'devices' },
  { path: '/publications', view: 'publications', nav: { group: 'work', key: 'nav.publications', icon: 'request', show: isBusiness } },
  { path: '/publications/new', view: 'publications' },
  { path: '/publications/:id', view: 'publications' },
  { path: '/meetings', view: 'meetings', nav: { group: 'clerk', key: 'nav.meetings', icon: 'registers', show: isClerk } },
  { path: '/meetings/:id', view: 'meetings' },
  { path: '/meetings/:id/sheet', view: 'meetings' },
  { path: '/sites', view: 'sites', nav: { group: 'work', key: 'nav.sites', icon: 'ledger', show: isBusiness } },
  { path: '/sites/:id', view: 'sites' },
  { path: '/sites/:id/visits', view: 'sites' },
  { path: '/people', view: 'people', nav: { group: 'unit', key: 'nav.people', icon: 'accounts', show: () => has('clerk', 'secadmin') } },
  { path: '/people/roster', view: 'people' },
  { path: '/people/:id', view: 'people' },
  { path: '/departures', view: 'departures', nav: { group: 'unit', key: 'nav.departures', icon: 'logout', show: () => has('clerk', 'secadmin') } },
  { path: '/departures/:id', view: 'departures' },
  { path: '/trainings', view: 'people', nav: { group: 'unit', key: 'nav.trainings', icon: 'registers', show: () => has('clerk', 'secadmin') } },
  { path: '/trainings/:id', view: 'people' },
  // PERSON-8 (issue 15 point 2): the register of trips abroad is the people register's readers'.
  { path: '/trips', view: 'trips', nav: { group: 'unit', key: 'nav.trips', icon: 'registers', show: () => has('clerk', 'secadmin') } },
  { path: '/incidents', view: 'incidents', nav: { group: 'work', key: 'nav.incidents', icon: 'error', show: isBusiness } },
  { path: '/incidents/new', view: 'incidents' },
  { path: '/incidents/:id', view: 'incidents' },
  { path: '/merits', view: 'merits', nav: { group: 'unit', key: 'nav.merits', icon: 'registers', show: () => has('clerk', 'leader', 'principal', 'secadmin') } },
  { path: '/self-assessments', view: 'selfcheck', nav: { group: 'unit', key: 'nav.selfcheck', icon: 'registers', show: () => has('clerk', 'leader', 'principal') } },
  { path: '/self-assessments/:id', view: 'selfcheck' },
  // ORG-1: anyone of the unit reads the leadership group and the departments' lines (GET /duty); the clerk records them.
  { path: '/duty', view: 'duty', nav: { group: 'unit', key: 'nav.duty', icon: 'accounts', show: () => Boolean(session.me) } },
  { path: '/duty/sheet', view: 'duty' },
  { path: '/reports', view: 'reports', nav: { group: 'unit', key: 'nav.reports', icon: 'registers', show: () => has('clerk', 'leader', 'principal') } },
  { path: '/inspections', view: 'inspections', nav: { group: 'unit', key: 'nav.inspections', icon: 'registers', show: isBusiness } },
  { path: '/inspections/:id', view: 'inspections' },
  { path: '/rectifications/:rid', view: 'inspections' },
  { path: '/levels', view: 'levels', nav: { group: 'work', key: 'nav.levels', icon: 'policy', show: () => has('classifier') } },
  { path: '/inbox', view: 'inbox', nav: { group: 'work', key: 'nav.inbox', icon: 'inbox', show: () => isApprover(), badge: 'inbox' } },
  { path: '/policy', view: 'policy', nav: { group: 'unit', key: 'nav.policy', icon: 'policy', show: () => true } },
  { path: '/admin/accounts', view: 'accounts', nav: { group: 'admin', key: 'nav.accounts', icon: 'accounts', show: () => has('sysadmin') } },
  { path: '/admin/grants', view: 'grants', nav: { group: 'admin', key: 'nav.grants', icon: 'grants', show: () => has('secadmin') } },
  { path: '/admin/filings', view: 'filings', nav: { group: 'admin', key: 'nav.filings', icon: 'key', show: () => has('secadmin') } },
  // SYS-1: places are the security administrator's, departments the system administrator's (issue 14 point 14).
  { path: '/admin/org', view: 'org', nav: { group: 'admin', key: 'nav.org', icon: 'registers', show: () => has('secadmin', 'sysadmin') } },
  { path: '/admin/audit', view: 'audit', nav: { group: 'admin', key: 'nav.audit', icon: 'audit', show: () => has('auditor') } },
  { path: '/admin/alerts', view: 'adminalerts', nav: { group: 'admin', key: 'nav.admin_alerts', icon: 'info', show: () => has('auditor') } },
];

function matchRoute(path) {
  for (const r of routes) {
    const ps = r.path.split('/'), xs = path.split('/');
    if (ps.length !== xs.length) continue;
    const params = {};
    let ok = true;
    for (let i = 0; i < ps.length; i++) {
      if (ps[i].startsWith(':')) params[ps[i].slice(1)] = decodeURIComponent(xs[i]);
      else if (ps[i] !== xs[i]) { ok = false; break; }
    }
    if (ok) return { route: r, params };
  }
  return null;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return { path: path || '/', query: Object.fromEntries(new URLSearchParams(query)) };
}

// Navigates to "#/path?query" (query from an object, empty values dropped).
export function go(path, query) {
  let q = '';
  if (query) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
    q = p.toString() ? '?' + p.toString() : '';
  }
  const target = '#' + path + q;
  if (location.hash === target) render();
  else location.hash = target;
}

// Replaces the query of the current route without adding a history entry.
export function setQuery(query) {
  const { path } = parseHash();
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const q = p.toString();
  history.replaceState(null, '', '#' + path + (q ? '?' + q : ''));
  // The view redraws itself for its new query: the hash it has drawn is this one.
  if (document.body.dataset.rendered !== undefined) document.body.dataset.rendered = location.hash;
  else drawingHash = location.hash;
}

async function loadMe() {
  try {
    const sent = Date.now();
    const me = await api('GET', '/me', undefined, { quiet401: true });
    session.me = me;
    session.roles = new Set((me.user.roles || []).map((r) => r.role));
    sessionKnown(me, sent); // SYS-4: when the session will end if left idle (idle.js)
  } catch (err) {
    session.me = null;
    session.roles = new Set();
    sessionGone();
  }
}

// A form kept when the last session ended (drafts.js), waiting for its
// route to be drawn again after the same person's login.
let pendingDraft = null;

// SYS-1/SYS-4 (issue 9): what the login answer told the owner (who filed and
// approved the last reset, the last logins) stays on screen until the owner
// acknowledges it, for this tab only; logging out drops it.
const NOTICE_KEY = 'baomi.accountNotice';

export function loginNotice() {
  try { return JSON.parse(sessionStorage.getItem(NOTICE_KEY) || 'null'); } catch { return null; }
}

export function ackLoginNotice() {
  sessionStorage.removeItem(NOTICE_KEY);
  document.querySelectorAll('[data-testid=login-notice]').forEach((el) => el.remove());
}

// The panel of the login notice, or null once acknowledged.
export function loginNoticePanel() {
  const n = loginNotice();
  if (!n) return null;
  const when = (v) => (v ? fmtDateTime(v) : t('lnotice.unknown'));
  const who = (v) => v || t('lnotice.unknown');
  const failedSince = n.last_failed_login_at && (!n.last_login_at || n.last_failed_login_at >= n.last_login_at);
  const lines = [];
  // A reset (or first login) approved since the last login is told as news;
  // an older one as the last of its kind.
  if (n.reset) {
    const key = n.reset.since_last_login ? (n.reset.kind === 'create' ? 'lnotice.create' : 'lnotice.reset') : 'lnotice.last_reset';
    const line = t(key, { at: when(n.reset.at), filed: who(n.reset.filed_by), approved: who(n.reset.approved_by) });
    lines.push(h('p', { 'data-testid': 'notice-reset', 'data-since': String(Boolean(n.reset.since_last_login)) },
      n.reset.since_last_login ? h('strong', null, line) : line));
  }
  lines.push(h('p', null, n.last_login_at ? t('lnotice.last_ok', { at: when(n.last_login_at) }) : t('lnotice.first_time')));
  lines.push(h('p', null, n.last_failed_login_at ? t('lnotice.last_failed', { at: when(n.last_failed_login_at) }) : t('lnotice.no_failed')));
  if (failedSince) lines.push(h('p', null, h('strong', null, t('lnotice.failed_since'))));
  lines.push(h('p', { class: 'hint' }, t('lnotice.check')));
  return h('section', { class: 'card login-notice-panel', 'data-testid': 'login-notice', 'aria-labelledby': 'login-notice-title' },
    h('h2', { id: 'login-notice-title' }, icon('info'), ' ', t('lnotice.title')),
    lines,
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn', 'data-action': 'ack-notice', on: { click: ackLoginNotice } }, t('lnotice.ack'))));
}

// After POST /session: `answer` is the login answer (its `notice`);
// `tempSecret`, the two-part temporary password just used, is kept in memory
// only, for the forced change that follows.
export async function afterLogin(answer, tempSecret) {
  if (answer && answer.notice) sessionStorage.setItem(NOTICE_KEY, JSON.stringify(answer.notice));
  session.tempSecret = tempSecret || null;
  await loadMe();
  if (session.me && session.me.user.must_change_password) return go('/password', { first: '1' });
  refreshBadges();
  // No lost work (issue 14 point 7): the same person goes back to the form
  // the end of the session interrupted; anybody else gets nothing of it.
  pendingDraft = session.me ? takeDraft(session.me.user.username) : null;
  if (pendingDraft) {
    if (location.hash === pendingDraft.route) render();
    else location.hash = pendingDraft.route;
    return;
  }
  go('/');
}

export async function logout() {
  try { await api('DELETE', '/session'); } catch { /* already ended */ }
  // Nothing of the last person's work stays on the screen for the next one.
  const toasts = document.getElementById('toasts');
  if (toasts) toasts.replaceChildren();
  sessionStorage.removeItem(NOTICE_KEY);
  dropDraft();
  sessionStorage.removeItem('baomi.draftKept');
  pendingDraft = null;
  sessionGone();
  session.tempSecret = null;
  session.me = null;
  session.roles = new Set();
  go('/login');
}

// Counts next to menu entries (the approval inbox), refreshed after decisions.
// Refreshes overlap (after login, a decision, the tab's focus, the poll), and
// their answers may come back out of order: only the newest one asked is shown,
// so a count read before a decision never overwrites the one read after it.
let badgeSeq = 0;
export async function refreshBadges() {
  if (!isApprover()) return;
  const mine = ++badgeSeq;
  let n;
  try {
    // A background read: a badge that polls does not keep an idle session (SYS-4).
    const r = await api('GET', '/requests?inbox=true&limit=1', undefined, { background: true });
    n = r.total ?? r.items.length;
  } catch { n = 0; }
  if (mine !== badgeSeq) return;
  session.badges.inbox = n;
  // The menu entry and, on a phone, the menu button carry the count.
  document.querySelectorAll('[data-badge="inbox"]').forEach((el) => {
    el.textContent = session.badges.inbox || '';
    el.hidden = !session.badges.inbox;
  });
}

// A request that arrives shows in the badge without a reload: polled every
// 30 s, and at once when the tab or window comes back into view.
const BADGE_POLL_MS = 30000;
function watchBadges() {
  const poll = () => { if (session.me && document.visibilityState !== 'hidden') refreshBadges(); };
  setInterval(poll, BADGE_POLL_MS);
  window.addEventListener('focus', poll);
  document.addEventListener('visibilitychange', poll);
}

function langSwitch() {
  const mk = (code, label) => h('button', {
    type: 'button', 'aria-pressed': String(lang() === code), lang: code, 'data-lang': code,
    on: { click: () => { setLang(code); render(); } },
  }, label);
  return h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('app.language') }, mk('zh-CN', '中文'), mk('en', 'EN'));
}

// The search box in the top bar (issue 14 point 10), for whoever may see the
// ledger: a ledger number or a scanned label opens that carrier (or a device's
// label its device) when the reader may see it; any other text searches the
// ledger (#/ledger?q=…, the server's n-gram index, its SYS-2 filter). A
// number that names nothing the reader may see is told in the box's own
// words, the same for a missing carrier and a hidden one (the server's 404).
function searchBox() {
  const box = h('input', {
    type: 'search', id: 'gsearch', name: 'gsearch', maxlength: '100', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('search.global_ph'), 'aria-keyshortcuts': '/', 'aria-describedby': 'gsearch-msg',
    title: t('search.global_hint'),
  });
  // The live region is there from the start (so that what it comes to say is
  // read out); the box under the field is drawn only when there is something.
  const msg = h('div', { id: 'gsearch-msg', role: 'status', 'data-testid': 'gsearch-msg' });
  const say = (...children) => msg.replaceChildren(...(children.length ? [h('div', { class: 'gsearch-msg' }, children)] : []));
  const form = h('form', { class: 'gsearch', role: 'search', 'data-testid': 'gsearch', 'aria-label': t('search.global') },
    h('label', { for: 'gsearch', class: 'visually-hidden' }, t('search.global')),
    icon('search'), box, msg);
  let seq = 0;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = box.value.trim();
    const mine = ++seq;
    say();
    if (!text) { box.focus(); return; }
    form.dataset.busy = '1';
    let hit;
    try {
      hit = await lookup(text);
    } catch (err) {
      if (mine === seq) { delete form.dataset.busy; say(errorBox(err)); }
      return;
    }
    if (mine !== seq) return;
    delete form.dataset.busy;
    if (!hit) return go('/ledger', { q: text });
    if (hit.route) return go(hit.route);
    // Nothing the reader may see has this number: say so, and offer a typed
    // number as text (a year or a 文号 may be what was meant).
    box.select();
    say(h('p', { 'data-testid': 'gsearch-missing' }, hit.missing === 'device' ? t('search.no_device') : t('search.no_carrier', { id: hit.id })),
      hit.label ? null : h('p', null, h('a', { href: '#/ledger?' + new URLSearchParams({ q: text }), 'data-action': 'gsearch-text' }, t('search.as_text', { q: text }))));
  });
  box.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    ev.preventDefault();
    seq += 1;
    delete form.dataset.busy;
    box.value = '';
    say();
  });
  box.addEventListener('input', () => { if (msg.firstChild) say(); });
  return form;
}

// Whether keys go into a field being typed in (a text input, a list, an editable area).
function typingIn(el) {
  if (!el || el === document.body) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color', 'image'].includes(el.type);
}

// "/" puts the cursor in the search box, unless one is typing elsewhere. A
// scanner types a label's text and presses Enter: outside any field, keys
// that spell a label ("baomi:carrier:12", "baomi:device:3") and then Enter
// are handed to the search box as if typed there. Only a label's text is
// gathered (any other key starts over), and not across a pause of a second,
// so the keys a person uses on the page are left alone; no timing tighter
// than that, so a slow machine's scan is still read.
const LABEL_PREFIXES = ['baomi:carrier:', 'baomi:device:'];
const PAUSE_MS = 1000;
const labelSoFar = (s) => LABEL_PREFIXES.some((p) => p.startsWith(s) || (s.startsWith(p) && /^\d*$/.test(s.slice(p.length))));
function watchKeys() {
  let typed = '', last = 0;
  document.addEventListener('keydown', (ev) => {
    const box = document.getElementById('gsearch');
    if (!box || ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing
      || typingIn(ev.target) || document.querySelector('dialog[open]')) { typed = ''; return; }
    const now = Date.now();
    if (now - last > PAUSE_MS) typed = '';
    last = now;
    if (ev.key === '/' && !typed) {
      ev.preventDefault();
      box.focus();
      box.select();
    } else if (ev.key.length === 1) {
      const next = typed + ev.key.toLowerCase();
      typed = labelSoFar(next) ? next : (labelSoFar(ev.key.toLowerCase()) ? ev.key.toLowerCase() : '');
    } else if (ev.key === 'Enter' && (carrierLabel(typed) || deviceLabel(typed))) {
      ev.preventDefault();
      box.value = typed;
      typed = '';
      box.focus();
      box.form.requestSubmit();
    } else if (ev.key !== 'Shift') {
      typed = '';
    }
  });
}

function roleNames() {
  return [...session.roles].map((r) => term('role', r)).join('、');
}

function frame(currentPath) {
  const me = session.me;
  const groups = ['work', 'clerk', 'unit', 'admin'];
  const nav = h('nav', { class: 'sidebar', id: 'sidebar', 'aria-label': t('nav.label') },
    groups.map((g) => {
      const items = routes.filter((r) => r.nav && r.nav.group === g && r.nav.show());
      if (!items.length) return null;
      return [h('div', { class: 'group' }, t('nav.group.' + g)),
        items.map((r) => h('a', {
          href: '#' + r.path,
          'aria-current': r.path === currentPath ? 'page' : null,
          'data-nav': r.view + (r.path === '/requests/new' ? '-new' : ''),
        }, icon(r.nav.icon), h('span', null, t(r.nav.key)),
        r.nav.badge ? h('span', { class: 'count', 'data-badge': r.nav.badge, hidden: !session.badges[r.nav.badge] }, session.badges[r.nav.badge] || '') : null))];
    }));
  // Below 800 px the menu folds away behind this button (issue 14 point 3).
  const toggle = h('button', {
    type: 'button', class: 'menu-toggle', 'data-action': 'menu', 'aria-expanded': 'false', 'aria-controls': 'sidebar',
    'aria-label': t('nav.menu'),
    on: { click: () => {
      const open = document.body.classList.toggle('nav-open');
      toggle.setAttribute('aria-expanded', String(open));
      if (open) { const first = nav.querySelector('a'); if (first) first.focus(); }
    } },
  }, icon('menu'), isApprover() ? h('span', { class: 'count', 'data-badge': 'inbox', hidden: !session.badges.inbox }, session.badges.inbox || '') : null);
  // Choosing an entry folds the menu, also when it is the page already shown.
  nav.addEventListener('click', (ev) => {
    if (ev.target.closest('a')) { document.body.classList.remove('nav-open'); toggle.setAttribute('aria-expanded', 'false'); }
  });
  const top = h('header', { class: 'topbar' },
    toggle,
    h('a', { class: 'brand', href: '#/' }, h('span', { class: 'logo-mark', 'aria-hidden': 'true' }, '密'), h('strong', null, t('app.name'))),
    h('span', { class: 'unit' }, me.unit ? me.unit.name : ''),
    h('span', { class: 'spacer' }),
    isBusiness() ? searchBox() : null,
    h('div', { class: 'user' },
      h('div', { class: 'who' }, h('span', { 'data-testid': 'user-name' }, me.user.name), h('small', null, roleNames())),
      langSwitch(),
      h('a', { class: 'btn small', href: '#/password', title: t('nav.password') }, icon('key'), h('span', null, t('nav.password'))),
      h('button', { type: 'button', class: 'btn small', 'data-action': 'logout', on: { click: logout } }, icon('logout'), h('span', null, t('nav.logout')))));
  const main = h('main', { id: 'main', tabindex: '-1' });
  return { el: [top, h('div', { class: 'shell' }, nav, main)], main };
}

// The menu entry a page belongs to: its own, else the longest one its path
// extends (#/dispatches/12/receipts is under 发文登记).
function navPath(p) {
  if (routes.some((r) => r.nav && r.path === p)) return p;
  const hit = routes.filter((r) => r.nav && r.path !== '/' && p.startsWith(r.path + '/'))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return hit ? hit.path : p;
}

const viewCache = {};
async function loadView(name) {
  if (!viewCache[name]) viewCache[name] = await import(`./views/${name}.js`);
  return viewCache[name];
}

let renderSeq = 0;
let drawingHash = '';
export async function render() {
  const seq = ++renderSeq;
  // body[data-rendered] names the hash whose view has finished drawing; it is
  // absent while a render is under way (tests wait on it).
  drawingHash = location.hash;
  delete document.body.dataset.rendered;
  const app = document.getElementById('app');
  const { path, query } = parseHash();
  const m = matchRoute(path);
  forgetFoundBut(path);
  document.getElementById('skip-link').textContent = t('app.skip');
  if (!m) return go('/');
  const { route, params } = m;
  if (!route.public && !session.me) {
    await loadMe();
    if (seq !== renderSeq) return;
    if (!session.me) return go('/login');
    refreshBadges();
  }
  if (route.public && session.me && route.view === 'login') return go('/');
  if (!route.public && !route.anySession && session.me.user.must_change_password) return go('/password', { first: '1' });

  const view = await loadView(route.view);
  if (seq !== renderSeq) return;
  clear(app);
  document.body.classList.remove('nav-open');
  let target;
  if (route.bare) {
    target = app;
  } else {
    const f = frame(navPath(route.path));
    f.el.forEach((e) => app.appendChild(e));
    target = f.main;
  }
  const ctx = { params, query, path, session, go, setQuery, render, refreshBadges };
  try {
    if (!route.bare) {
      const panel = loginNoticePanel();
      if (panel) target.appendChild(panel);
    }
    await view.render(target, ctx);
    if (pendingDraft && seq === renderSeq && location.hash === pendingDraft.route && !route.bare) {
      const d = pendingDraft;
      pendingDraft = null;
      const n = restoreDraft(d, target);
      if (n) {
        const box = h('div', { 'data-testid': 'draft-restored' },
          notice('info', t('draft.restored', { at: fmtDateTime(d.at), n })));
        const head = target.querySelector('.page-head');
        if (head) head.after(box); else target.prepend(box);
      }
    }
  } catch (err) {
    if (seq !== renderSeq) return;
    clear(target);
    target.appendChild(errorBox(err, { prefix: t('error.page') }));
  }
  if (seq !== renderSeq) return;
  const title = target.querySelector('h1');
  document.title = (title ? title.textContent + ' — ' : '') + t('app.name');
  if (!route.bare) {
    const main = document.getElementById('main');
    if (main && document.activeElement === document.body) main.focus({ preventScroll: true });
  }
  document.body.dataset.rendered = drawingHash;
}

async function boot() {
  await initI18n();
  onApiEvent('unauthenticated', (err) => {
    // The form being filled is kept for its person (drafts.js) before the
    // screen goes; the login screen says so.
    const kept = session.me ? keepDraft(session.me.user.username) : false;
    if (kept) sessionStorage.setItem('baomi.draftKept', '1');
    sessionGone();
    session.me = null;
    session.roles = new Set();
    sessionStorage.setItem('baomi.loginNotice', err.code || 'session_expired');
    if (parseHash().path !== '/login') go('/login');
  });
  onApiEvent('passwordRequired', () => go('/password', { first: '1' }));
  window.addEventListener('hashchange', render);
  // The skip link's "#main" would be taken for a route: move the focus instead.
  document.getElementById('skip-link').addEventListener('click', (ev) => {
    ev.preventDefault();
    const main = document.getElementById('main');
    if (main) main.focus();
  });
  watchBadges();
  watchKeys();
  await loadMe();
  if (session.me) refreshBadges();
  await render();
}

boot();
