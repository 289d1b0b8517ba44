// i18n.js — every string the UI shows comes from i18n/zh-CN.json or
// i18n/en.json; dates and numbers are formatted by Intl for the language.
// Chinese is the default; the choice is kept in localStorage.

const SUPPORTED = ['zh-CN', 'en'];
const dict = {};
let current = 'zh-CN';
// Where each rule of the catalogue comes from (i18n/rules.json, generated
// from REGULATIONS.md by tools/rule_sources.py): {ID: {zh, en}}.
let sources = {};

// Loads both dictionaries (they are small) and picks the saved language.
export async function initI18n() {
  await Promise.all([...SUPPORTED.map(async (l) => {
    const res = await fetch(`/static/i18n/${l}.json`, { credentials: 'same-origin' });
    dict[l] = await res.json();
  }), fetch('/static/i18n/rules.json', { credentials: 'same-origin' })
    .then((r) => r.json()).then((j) => { sources = j; }, () => { sources = {}; })]);
  let saved = null;
  try { saved = localStorage.getItem('baomi.lang'); } catch { /* private mode */ }
  setLang(SUPPORTED.includes(saved) ? saved : 'zh-CN');
}

export function lang() { return current; }
export const isEn = () => current === 'en';

export function setLang(l) {
  current = SUPPORTED.includes(l) ? l : 'zh-CN';
  document.documentElement.lang = current;
  try { localStorage.setItem('baomi.lang', current); } catch { /* private mode */ }
}

// The string for `key`, with {name} placeholders filled from `vars`.
// A missing key shows itself (and the i18n test fails on it).
export function t(key, vars) {
  let s = dict[current]?.[key];
  if (s === undefined) s = dict['zh-CN']?.[key];
  if (s === undefined) return key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined && vars[k] !== null ? String(vars[k]) : m));
  return s;
}

// The name of an API vocabulary value {code, zh, en} in the current language.
export function vocab(v) {
  if (!v) return '';
  if (typeof v === 'string') return v;
  return current === 'en' ? v.en : v.zh;
}

// A vocabulary code ("secret") by kind ("level") in the current language.
export function term(kind, code) {
  if (code === undefined || code === null || code === '') return '';
  const k = `${kind}.${code}`;
  const s = t(k);
  return s === k ? code : s;
}

// The regulations a rule was distilled from, in words ("" if unknown).
export function ruleSource(rule) {
  const s = sources[rule];
  return s ? (current === 'en' ? s.en : s.zh) : '';
}

// An article number as a regulation writes it: 第十二条 in Chinese, 12 in English.
export function articleNumber(n) {
  if (current === 'en') return String(n);
  const d = '零一二三四五六七八九';
  if (n < 10) return d[n];
  if (n < 20) return '十' + (n % 10 ? d[n % 10] : '');
  if (n < 100) return d[Math.floor(n / 10)] + '十' + (n % 10 ? d[n % 10] : '');
  const r = n % 100;
  return d[Math.floor(n / 100)] + '百' + (r === 0 ? '' : r < 10 ? '零' + d[r] : r < 20 ? '一' + articleNumber(r) : articleNumber(r));
}

// The API error's message in the current language.
export function errMessage(err) {
  if (!err) return '';
  const m = current === 'en' ? err.message_en : err.message_zh;
  return m || err.message_zh || err.message_en || err.message || t('error.unknown');
}

function parseDate(v) {
  if (!v) return null;
  if (v instanceof Date) return v;
  // A calendar date ("2026-01-05") is a day, not an instant: keep it local.
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const [y, m, d] = v.split('-').map(Number);
    return new Date(y, m - 1, d);
  }
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function fmtDate(v) {
  const d = parseDate(v);
  if (!d) return v || '';
  return new Intl.DateTimeFormat(current, { year: 'numeric', month: current === 'en' ? 'short' : 'long', day: 'numeric' }).format(d);
}

export function fmtDateTime(v) {
  const d = parseDate(v);
  if (!d) return v || '';
  return new Intl.DateTimeFormat(current, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(d);
}

export function fmtNum(n) {
  if (n === undefined || n === null || n === '') return '';
  return new Intl.NumberFormat(current).format(n);
}

// "2026-01-05" for <input type=date>, in the browser's local time.
export function isoDay(d = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
