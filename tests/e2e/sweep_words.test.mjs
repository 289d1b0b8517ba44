// sweep_words.test.mjs — Chinese a 保密员 would write, on every screen
// (issue 14 point 8), kept true as screens are added: each demo role logs in
// and opens every route of the app's router (read from web/static/app.js, so
// a new screen is swept without touching this file): every list its menu
// offers, the routes under them (新建 forms, a roster), and one detail page of
// each kind, reached by the first link to it the lists show. On each page,
// in Chinese, nothing reads like a developer's log: no snake_case key or code,
// no "undefined"/"null"/"NaN"/"[object Object]", no ISO timestamp, no English
// word beyond the short allow-list below, no variant the glossary
// (tests/check_glossary.py) replaces; in English, no raw key and no Chinese
// label where an English string exists. No page may throw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup, login, settled } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const web = join(root, 'web', 'static');

// The router's table: { path, bare, nav } for every route of app.js.
const ROUTES = [...readFileSync(join(web, 'app.js'), 'utf8').matchAll(/\{ path: '([^']+)', view: '([^']+)'([^\n]*)/g)]
  .map(([, path, view, rest]) => ({ path, view, bare: /bare: true/.test(rest), nav: /nav: \{/.test(rest) }));

// The glossary's variants, read from tests/check_glossary.py: (r'丢失', '下落不明 …').
const GLOSSARY = [...readFileSync(join(root, 'tests', 'check_glossary.py'), 'utf8')
  .matchAll(/^\s*\(r'([^']+)', '([^']+)'\),$/gm)].map(([, rx, use]) => ({ rx: new RegExp(rx), use }));

// The UI's own Chinese: the zh dictionary's strings and the Chinese string
// literals of the scripts. An English page showing one of them has left a
// label untranslated (Chinese data — a title, a recipient — is not flagged).
const zhDict = JSON.parse(readFileSync(join(web, 'i18n', 'zh-CN.json'), 'utf8'));
const CJK = /[\u4e00-\u9fff]/;
const zhStrings = new Set(Object.values(zhDict).filter((s) => !/\{/.test(s) && CJK.test(s)));
for (const f of ['app.js', 'ui.js', ...readdirSync(join(web, 'views')).map((v) => join('views', v))]) {
  for (const m of readFileSync(join(web, f), 'utf8').matchAll(/'([^'\\\n]*)'/g)) if (CJK.test(m[1])) zhStrings.add(m[1]);
}

// English a Chinese screen may show, each for its reason. Words are matched
// whole, case-sensitively.
const ZH_ALLOW = new Set([
  'PDF', 'CSV', 'Excel', 'QR', // file kinds and the label's code, as a 保密员 says them
  'xls', 'xlsx', // the file endings an import takes (.xls、.xlsx), as the file picker shows them
  'EN', // the language switch's button for English
  'DVD', // a disc's model as the clerk typed it (the demo's 光盘 is a DVD-R)
]);

// Known exceptions: findings whose fix is larger than this sweep; each named
// with the reason, matched by role, hash prefix and the finding's text.
const KNOWN = [
  // The auditor's filter by action code takes the code itself (the column
  // shows the action in words, its tooltip the code); its placeholder shows
  // the form of one ("carrier.").
  { who: 'auditor', hash: '#/admin/audit', text: '"carrier" in' },
];

// Rule IDs (REG-1, ORG-2, COPY-*) are cited on Chinese screens by design;
// a user's login name is theirs (the accounts list shows it).
const RULE_ID = /\b[A-Z]{2,8}-(\d+[a-z]?|\*)/g;

let env;
const pages = [];
const usernames = new Set();

before(async () => {
  env = await setup();
  const tok = await apiLogin(env.url, 'sysadmin');
  const people = (await call(env.url, 'GET', '/api/v1/people', { token: tok })).json.items;
  for (const p of people) if (p.username) usernames.add(p.username);
  assert.ok(usernames.has('clerk'), 'the demo\'s login names');
  // Screens the demo leaves empty get a record of their own, so that they are
  // swept too: a dispatch (its page, envelopes and receipts) and a count under
  // way (its 存放地点 lists).
  const clerk = await apiLogin(env.url, 'clerk');
  const post = async (path, body) => {
    const r = await call(env.url, 'POST', path, { token: clerk, body });
    assert.equal(r.status, 201, `${path}: ${r.text}`);
    return r.json;
  };
  const c = await post('/api/v1/carriers', {
    title: '词语巡检：中考考务工作手册', level: '秘密', period: 10, doc_number: '巡检发〔2026〕1号', serial_number: 1,
    producer: '市教育局', place: '机要室保密柜（一号）', scope: ['办公室'],
  });
  await post('/api/v1/dispatches', { carrier_ids: [c.id], recipients: ['市一中'], channel: 'courier', courier: '钱卫东', note: '中考考务' });
  const deps = (await call(env.url, 'GET', '/api/v1/departments', { token: clerk })).json.items;
  await post('/api/v1/counts', { scope: 'department', scope_ref: String(deps.find((d) => d.name === '财务科').id), reason: '年终清查' });
});
after(async () => {
  const st = env ? await env.close() : null;
  for (const p of pages) assert.deepEqual(p.errors, [], `no script errors in ${p.who}'s pages`);
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

// The words of the page as its reader sees them: main and the top bar, but not
// code/pre of a raw view (an audit record's JSON is shown as it is stored).
async function pageText(page) {
  return page.evaluate(() => {
    const clone = document.body.cloneNode(true);
    clone.querySelectorAll('code, pre, script, style, [hidden], .print-only, .visually-hidden').forEach((e) => e.remove());
    // innerText of a detached node has no layout: textContent per block.
    const parts = [];
    const walk = (n) => {
      if (n.nodeType === 3) { parts.push(n.data); return; }
      if (n.nodeType !== 1) return;
      if (n.tagName === 'INPUT' && n.type !== 'hidden') parts.push(' ' + (n.placeholder || '') + ' ');
      for (const c of n.childNodes) walk(c);
      if (/^(DIV|P|TR|TD|TH|LI|DT|DD|H\d|OPTION|BUTTON|LABEL|SECTION|TABLE|A|SPAN|SMALL|STRONG)$/.test(n.tagName)) parts.push(' ');
    };
    walk(clone);
    return parts.join('').replace(/\s+/g, ' ');
  });
}

// English page: the whole text of each element whose own text holds Chinese,
// when that text is a string of the zh dictionary (a label left untranslated),
// and any th/label/legend/dt/button/nav entry written in Chinese.
async function enChineseLabels(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('main th, main label, main legend, main dt, main button, nav a, main h2, main h3, main caption, main .hint, main option, main .empty, main .page-head p')) {
      if (el.closest('code, pre, [hidden], .print-only, [lang^=zh]')) continue;
      const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data).join('').trim();
      if (/[\u4e00-\u9fff]/.test(own)) out.push({ tag: el.tagName.toLowerCase(), text: own });
    }
    return out;
  });
}

function findings(text, lang) {
  const f = [];
  const snake = text.match(/\b[a-z]+_[a-z_]+\b/g);
  if (snake) f.push(...new Set(snake.map((s) => `raw key "${s}" (…${text.slice(Math.max(0, text.indexOf(s) - 30), text.indexOf(s) + 30)}…)`)));
  for (const w of ['undefined', 'null', 'NaN']) if (new RegExp(`\\b${w}\\b`).test(text)) f.push(`"${w}" shown`);
  if (text.includes('[object Object]')) f.push('"[object Object]" shown');
  const iso = text.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[^ ]*/g);
  if (iso) f.push(`raw timestamp ${iso[0]}${iso.length > 1 ? ` (and ${iso.length - 1} more)` : ''}`);
  // A key that shows itself: "carrier.title", "nav.x" (t() of a missing key).
  const keys = text.match(/\b[a-z]+\.[a-z_]+(\.[a-z_]+)*\b/g);
  if (keys) f.push(...new Set(keys.filter((k) => /^[a-z_]+\.[a-z_]+/.test(k) && !/^(www|baomi|example|e)\./.test(k) && !/\.(csv|xlsx|pdf|json|txt|png|org|com|cn|gov)$/.test(k)).map((k) => `i18n key "${k}"`)));
  if (lang === 'zh') {
    for (const g of GLOSSARY) { const m = text.match(g.rx); if (m) f.push(`glossary: "${m[0]}" — use ${g.use}`); }
    // A token with a digit is data or a code a reader copies (REG-1, a serial
    // number, a label's "baomi:carrier:36"), not a word.
    const tokens = text.replace(RULE_ID, ' ').match(/[A-Za-z0-9][A-Za-z0-9:._\/-]*/g) || [];
    const words = tokens.filter((w) => !/\d/.test(w)).flatMap((w) => w.match(/[A-Za-z]{2,}/g) || []);
    const bad = [...new Set(words)].filter((w) => !ZH_ALLOW.has(w) && !usernames.has(w));
    // Each word with the words around it, so that the finding says where it is.
    for (const w of bad.slice(0, 8)) {
      const at = text.search(new RegExp(`\\b${w}\\b`));
      f.push(`English on a zh screen: "${w}" in …${text.slice(Math.max(0, at - 24), at + w.length + 24)}…`);
    }
  }
  return f;
}

// The route a hash opens, as the router decides it (the first that matches:
// #/dispatches/new is not a dispatch).
function routeOf(hash) {
  const xs = hash.replace(/^#/, '').split('?')[0].split('/');
  return ROUTES.find((r) => {
    const ps = r.path.split('/');
    return ps.length === xs.length && ps.every((p, i) => p.startsWith(':') || p === xs[i]);
  });
}

// Opens every route the role can reach; returns {hash: [findings]}.
async function sweep(page, who, lang) {
  const found = {};
  const visit = async (hash) => {
    await page.goto('/' + hash);
    await settled(page);
    const text = await pageText(page);
    const f = findings(text, lang);
    if (lang === 'en') for (const l of await enChineseLabels(page)) if (zhStrings.has(l.text)) f.push(`Chinese label <${l.tag}> "${l.text}"`);
    const hrefs = await page.locator('a[href^="#/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const kept = f.filter((x) => !KNOWN.some((k) => (!k.who || k.who === who) && hash.startsWith(k.hash) && (k.rx ? k.rx.test(x) : x.includes(k.text))));
    if (kept.length) found[hash] = kept;
    return hrefs;
  };
  const seen = new Set();
  const links = [];
  const menu = await page.locator('.sidebar a[href^="#/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const plain = ROUTES.filter((r) => !r.bare && !r.path.includes(':'))
    .filter((r) => menu.includes('#' + r.path) || menu.some((m) => m !== '#/' && ('#' + r.path).startsWith(m + '/')));
  for (const r of plain) { seen.add(r.path); links.push(...await visit('#' + r.path)); }
  // One detail page of each kind, by the first link the pages showed, and one
  // page of each query a link adds to a list (#/counts?id=3: a count's
  // sheet; #/desk?tab=out); the detail pages' own links lead on (a
  // dispatch's receipts).
  const variant = (href) => {
    const r = routeOf(href);
    if (!r || r.bare) return null;
    const q = [...new URLSearchParams(href.split('?')[1] || '').keys()].sort().join('&');
    if (!r.path.includes(':') && !q) return null;
    return r.path + (q ? '?' + q : '');
  };
  const noChoice = new Set();
  for (let round = 0; round < 4; round++) {
    const next = new Map();
    for (const l of links) {
      const v = variant(l);
      if (v && !seen.has(v) && !next.has(v)) next.set(v, l);
    }
    // A route opened from a list by a choice (a register's kind, a departing
    // person): the choices of the list's select named after the parameter.
    for (const r of ROUTES.filter((x) => x.path.includes(':') && !seen.has(x.path) && ![...next.keys()].includes(x.path))) {
      const parent = r.path.replace(/\/:[a-z]+$/, '');
      const param = r.path.match(/:([a-z]+)$/);
      if (!param || !seen.has(parent) || parent === r.path || noChoice.has(r.path)) continue;
      await page.goto('/#' + parent);
      await settled(page);
      // The list has rendered (settled): a select is there now or not at all. (Waiting
      // for one that is not there cost the locator's whole 10 s timeout, on every round.)
      const select = page.locator(`main select[name=${param[1]}], main .filters select`).first();
      const values = (await select.count())
        ? await select.evaluate((s) => [...s.options].map((o) => o.value).filter(Boolean)) : [];
      // A list without choices offers none in a later round either (the sweep only reads).
      if (!values.length) noChoice.add(r.path);
      values.slice(0, 6).forEach((v, i) => next.set(r.path + '#' + i, '#' + r.path.replace(/:[a-z]+$/, encodeURIComponent(v))));
    }
    if (!next.size) break;
    for (const [v, href] of next) { seen.add(v.replace(/#\d+$/, '')); links.push(...await visit(href)); }
  }
  return { found, seen: [...seen] };
}

const ROLES = (process.env.SWEEP_ROLES || 'clerk,leader,principal,classifier,staff,zhouwei,inspector,sysadmin,secadmin,auditor').split(',');
// English is swept for the roles whose screens together are all the screens
// (the clerk's, the approvers' inbox, the classifier's 定密 list, the three
// administrators'); the other roles see subsets of them, swept in Chinese.
const EN_ROLES = new Set(['clerk', 'leader', 'classifier', 'sysadmin', 'secadmin', 'auditor']);
const langsOf = (who) => (process.env.SWEEP_LANGS ? process.env.SWEEP_LANGS.split(',') : EN_ROLES.has(who) ? ['zh', 'en'] : ['zh']);

for (const who of ROLES) {
  test(`sweep: ${who}'s screens read as words`, async () => {
    const all = {};
    for (const lang of langsOf(who)) {
      const page = await env.page(lang === 'en' ? { lang: 'en' } : {});
      page.who = `${who} (${lang})`;
      pages.push(page);
      await login(page, who);
      const t0 = Date.now();
      const { found, seen } = await sweep(page, who, lang);
      if (process.env.SWEEP_VERBOSE) console.log(`${who} ${lang}: ${seen.length} routes in ${Date.now() - t0} ms: ${seen.join(' ')}`);
      for (const [k, v] of Object.entries(found)) all[`${lang} ${k}`] = v;
      await page.context().close();
    }
    if (process.env.SWEEP_VERBOSE) console.log(JSON.stringify(all, null, 1));
    assert.deepEqual(all, {}, `${who}: findings`);
  });
}
