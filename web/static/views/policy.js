// policy.js — 本单位保密工作制度 (SYS-5): the unit's policy as versioned data,
// printable; only the security administrator saves a new version.
//
// The editor (issue 14 point 14) is drawn from the policy's own catalogue,
// GET /policy/schema — the table the server validates a new version with — so
// no list of settings lives here: each setting is a labelled field inside the
// clause of the regulation it fills ("秘密级 [10] 年"), grouped by chapter
// (the topics: 借阅, 清查, 销毁, 涉密人员, 设备 …) and article, with its unit,
// its range, its default and the rule it serves. The browser checks what the
// catalogue says (range, steps, dates, the two settings that must agree) before
// anything is sent; the server checks again and is the authority. A change is
// shown as a review (old → new) before it is saved; saving sends the complete
// `key = value` text (POST /policy, with a comment, audited) and, as SYS-5 has
// it, takes effect at once as the next version. A refusal naming a setting is
// shown next to its field, and nothing is saved.
import { get, post } from '../api.js';
import { t, fmtDateTime, lang, ruleSource, articleNumber } from '../i18n.js';
import { h, pageHead, card, field, errorBox, emptyState, table, toast, icon, notice } from '../ui.js';
import { has } from '../app.js';

const en = () => lang() === 'en';
const word = (o, base) => (en() ? o[base + '_en'] : o[base + '_zh']) || o[base + '_zh'] || '';
const cname = (c) => (en() ? c.en : c.zh) || c.code;
const list = (v) => (v === 'none' || v === '' ? [] : v.split(','));

// What the last save in this tab answered, shown once after the page redraws.
let lastSaved = null;

// The clause around the value: "秘密级%s年" → ["秘密级", "年"].
function clauseParts(k) {
  const c = (en() ? k.en : k.zh) || '%s';
  const i = c.indexOf('%s');
  return i < 0 ? [c, ''] : [c.slice(0, i), c.slice(i + 2)];
}

// A setting named on its own (the review, the error): its clause without the
// value ("机密级…个工作日"), or, for a clause that is the value alone, its article.
function settingName(k) {
  // A yes/no setting has a name of its own (its clause is the value's words alone).
  if (word(k, 'label')) return word(k, 'label');
  const [before, after] = clauseParts(k);
  const own = (before + (after ? '…' + after : '')).replace(/[：:]\s*$/, '').trim();
  return own || word(k, 'lead') || word(k, 'chapter');
}

// A value in words: "5 个工作日", "领导 → 主要负责人", "邮寄、传真", "33 个日期".
function valueWords(k, v) {
  switch (k.type) {
    case 'int': return `${v} ${word(k, 'unit')}`.trim();
    case 'bool': return v === 'true' ? word(k.words, 'true') : word(k.words, 'false');
    case 'choice': { const c = (k.choices || []).find((x) => x.code === v); return c ? cname(c) : v; }
    case 'roles': {
      const r = list(v);
      return r.length ? r.map((code) => { const c = (k.choices || []).find((x) => x.code === code); return c ? cname(c) : code; }).join(' → ') : t('polx.no_approval');
    }
    case 'set': {
      const s = list(v);
      return s.length ? s.map((code) => { const c = (k.choices || []).find((x) => x.code === code); return c ? cname(c) : code; }).join(en() ? ', ' : '、') : t('polx.none');
    }
    case 'dates': { const d = list(v); return d.length ? t('polx.n_dates', { n: d.length }) : t('polx.none'); }
    default: return v;
  }
}

// One control per setting; `read()` gives the value in the text form.
function control(k, id, label) {
  switch (k.type) {
    case 'int': {
      const el = h('input', { type: 'text', id, name: k.key, value: k.value, class: 'num', inputmode: 'numeric', autocomplete: 'off', 'aria-label': label });
      return { el, read: () => el.value.trim() };
    }
    case 'bool': {
      const el = h('select', { id, name: k.key, 'aria-label': label },
        h('option', { value: 'true' }, word(k.words, 'true')),
        h('option', { value: 'false' }, word(k.words, 'false')));
      el.value = k.value;
      return { el, read: () => el.value };
    }
    case 'choice': {
      const el = h('select', { id, name: k.key, 'aria-label': label }, (k.choices || []).map((c) => h('option', { value: c.code }, cname(c))));
      el.value = k.value;
      return { el, read: () => el.value };
    }
    case 'roles': {
      // An ordered chain: step 1 approves first; an empty step ends the chain.
      const cur = list(k.value);
      const steps = [];
      for (let i = 0; i < k.max; i++) {
        const s = h('select', { name: `${k.key}#${i + 1}`, 'aria-label': `${label}：${t('polx.step', { n: i + 1 })}`, id: i === 0 ? id : undefined },
          h('option', { value: '' }, i === 0 && k.min === 0 ? t('polx.no_approval') : '—'),
          (k.choices || []).map((c) => h('option', { value: c.code }, cname(c))));
        s.value = cur[i] || '';
        steps.push(s);
      }
      const el = h('span', { class: 'chain' }, steps.map((s, i) => [i ? h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→') : null, s]));
      return { el, read: () => { const v = steps.map((s) => s.value).filter(Boolean); return v.length ? v.join(',') : 'none'; } };
    }
    case 'set': {
      const cur = new Set(list(k.value));
      const boxes = (k.choices || []).map((c) => {
        const b = h('input', { type: 'checkbox', name: k.key, value: c.code, checked: cur.has(c.code) || c.required, disabled: c.required });
        return { c, b };
      });
      const el = h('span', { class: 'checks', id, role: 'group', 'aria-label': label }, boxes.map(({ c, b }) =>
        h('label', { class: 'check', title: c.required ? t('polx.required_member') : null }, b, cname(c), c.required ? h('small', null, t('polx.fixed')) : null)));
      // The catalogue's order, as the server writes it back.
      return { el, read: () => { const v = boxes.filter(({ b }) => b.checked).map(({ c }) => c.code); return v.length ? v.join(',') : 'none'; } };
    }
    case 'dates': {
      const el = h('textarea', { id, name: k.key, rows: 3, class: 'mono', 'aria-label': label, value: list(k.value).join('\n') });
      return { el, read: () => { const v = [...new Set(el.value.split(/[\s,，、]+/).filter(Boolean))].sort(); return v.length ? v.join(',') : 'none'; } };
    }
    default: {
      const el = h('input', { type: 'text', id, name: k.key, value: k.value, 'aria-label': label });
      return { el, read: () => el.value.trim() };
    }
  }
}

// The range of a setting in words: "可设 1–120 分钟", "最多 4 步" …
function rangeText(k) {
  if (k.type === 'int') return t('polx.range', { min: k.min, max: k.max, unit: word(k, 'unit') });
  if (k.type === 'roles') return k.min === 0 ? t('polx.steps_optional', { max: k.max }) : t('polx.steps', { max: k.max });
  if (k.type === 'dates') return t('polx.dates', { max: k.max });
  return '';
}

function isDate(s) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const x = new Date(Date.UTC(y, m - 1, d));
  return x.getUTCFullYear() === y && x.getUTCMonth() === m - 1 && x.getUTCDate() === d;
}

// What the server's parser checks of one value (src/policy/policy.c), in the
// form's words: null when fine, else {code, text}. The server checks again.
function check(k, v) {
  const bad = (code, text) => ({ code, text });
  switch (k.type) {
    case 'int': {
      if (!/^-?\d+$/.test(v)) return bad('policy_bad_value', t('polx.err_range', { min: k.min, max: k.max, unit: word(k, 'unit') }));
      const n = Number(v);
      if (n < k.min || n > k.max) return bad('policy_out_of_range', t('polx.err_range', { min: k.min, max: k.max, unit: word(k, 'unit') }));
      return null;
    }
    case 'roles': {
      const r = list(v);
      if (r.length < k.min) return bad('policy_bad_value', t('polx.err_steps_min', { n: k.min }));
      if (new Set(r).size !== r.length) return bad('policy_bad_value', t('polx.err_steps_repeat'));
      return null;
    }
    case 'set': {
      const s = new Set(list(v));
      const gone = (k.choices || []).find((c) => c.required && !s.has(c.code));
      return gone ? bad('policy_below_floor', t('polx.err_floor')) : null;
    }
    case 'dates': {
      const d = list(v);
      const wrong = d.find((x) => !isDate(x));
      if (wrong) return bad('policy_bad_value', t('polx.err_date', { v: wrong }));
      if (d.length > k.max) return bad('policy_too_many_dates', t('polx.err_too_many', { n: d.length, max: k.max }));
      return null;
    }
    default: return null;
  }
}

// The settings that must agree with each other (the server's
// check_consistency): {setting, code, text} for the first that does not.
function crossCheck(rows) {
  const val = (key) => rows.get(key) && rows.get(key).read();
  const hol = new Set(list(val('calendar.holidays') || ''));
  const both = list(val('calendar.workdays') || '').find((d) => hol.has(d));
  if (both) return { setting: 'calendar.workdays', code: 'policy_conflict', text: t('polx.err_both_days', { v: both }) };
  const idx = (key) => { const r = rows.get(key); return r ? r.k.min + (r.k.choices || []).findIndex((c) => c.code === r.read()) : 0; };
  if (rows.get('circulation.immediate_level') && idx('circulation.immediate_level') < idx('circulation.same_day_level')) {
    const other = rows.get('circulation.same_day_level').k;
    return { setting: 'circulation.immediate_level', code: 'policy_conflict', text: t('polx.err_below', { other: settingName(other) }) };
  }
  return null;
}

// The refusal at the field, in the form's words, with the rule it serves.
function fieldError(k, code, text) {
  const src = ruleSource(k.rule);
  return h('div', { class: 'alert error', role: 'alert', 'data-testid': 'field-error', 'data-code': code, 'data-rule': k.rule },
    icon('error'), h('div', null, h('p', null, text), h('p', { class: 'cite' }, t('polx.err_rule'), ' ',
      h('small', { class: 'rule', title: src ? t('error.rule_source', { source: src }) : null }, k.rule))));
}

// The text of a server refusal's setting: the `'key'` its message names.
const refusedKey = (err, rows) => [...rows.keys()].find((key) => (err.message_en || '').includes(`'${key}'`));

// The form: chapters (fieldsets) of articles of settings; then the review.
function editor(schema, ctx) {
  const rows = new Map(); // key → { k, read, err, row }
  const chapters = [];
  const nav = [];
  let chapter = null, article = null;
  for (const k of schema.items) {
    if (!chapter || chapter.no !== k.chapter) {
      const title = t('polx.chapter', { n: articleNumber(k.chapter), title: word(k, 'chapter') });
      chapter = { no: k.chapter, el: h('fieldset', { class: 'policy-chapter', 'data-chapter': k.chapter, id: `pol-ch-${k.chapter}` }, h('legend', null, title)) };
      chapters.push(chapter.el);
      const target = chapter.el;
      // Buttons, not links: the hash is the route.
      nav.push(h('button', { type: 'button', class: 'chip', 'data-chapter': k.chapter, on: { click: () => target.scrollIntoView({ block: 'start' }) } }, word(k, 'chapter')));
      article = null;
    }
    if (!article || article.no !== k.article) {
      const lead = word(k, 'lead');
      article = { no: k.article, rules: new Set(), el: null, head: null, sources: null };
      article.head = h('span', { class: 'rules' });
      article.sources = h('p', { class: 'sources', hidden: true });
      article.el = h('div', { class: 'policy-article', 'data-article': k.article },
        h('h3', null, t('polx.article', { n: articleNumber(k.article) }), lead ? h('span', { class: 'lead' }, ' ', lead) : null, ' ', article.head),
        article.sources);
      chapter.el.appendChild(article.el);
    }
    if (!article.rules.has(k.rule)) {
      const src = ruleSource(k.rule);
      article.rules.add(k.rule);
      article.head.appendChild(h('small', { class: 'rule', 'data-rule': k.rule, title: src ? t('error.rule_source', { source: src }) : null }, k.rule));
      // Where the rule comes from, once per article.
      if (src) {
        article.sources.hidden = false;
        article.sources.appendChild(h('span', { 'data-rule': k.rule }, `${k.rule} ${t('polx.source', { source: src })}`));
      }
    }
    const id = 'pol-' + k.key.replace(/[^a-z0-9]+/gi, '-');
    const label = settingName(k);
    const c = control(k, id, label);
    const [before, after] = clauseParts(k);
    const err = h('div', { class: 'field-error', 'aria-live': 'polite' });
    const src = ruleSource(k.rule);
    const meta = h('div', { class: 'hint' },
      [rangeText(k), t('polx.default', { v: valueWords(k, k.default) })].filter(Boolean).join(' · '),
      ' · ', t('polx.serves'), ' ', h('span', { class: 'rule', title: src ? t('error.rule_source', { source: src }) : null }, k.rule));
    const now = h('div', { class: 'now', hidden: true });
    const row = h('div', { class: 'policy-setting', 'data-key': k.key, 'data-rule': k.rule, 'data-type': k.type },
      before.trim() ? h('label', { for: id, class: 'clause' }, before.trim())
        : word(k, 'label') ? h('label', { for: id, class: 'clause', 'data-testid': 'setting-label' }, word(k, 'label')) : null,
      c.el,
      after.trim() ? h('span', { class: 'clause after' }, after.trim()) : null,
      k.type === 'int' && word(k, 'unit') && !after.includes(word(k, 'unit')) ? h('span', { class: 'unit' }, word(k, 'unit')) : null,
      meta, now, err);
    const r = { k, read: c.read, err, row };
    rows.set(k.key, r);
    // A changed setting is marked as it is changed, its saved value beside it.
    const mark = () => {
      const v = r.read();
      const changed = v !== k.value;
      row.classList.toggle('changed', changed);
      now.hidden = !changed;
      now.textContent = changed ? t('polx.was', { v: valueWords(k, k.value) }) : '';
      const bad = changed ? check(k, v) : null;
      row.classList.toggle('invalid', !!bad);
      err.replaceChildren(bad ? fieldError(k, bad.code, bad.text) : '');
    };
    row.addEventListener('change', mark);
    row.addEventListener('input', () => { if (row.classList.contains('invalid')) mark(); });
    article.el.appendChild(row);
  }

  const topErr = h('div', { 'data-testid': 'policy-errors' });
  const reviewSlot = h('div');
  const next = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'review' }, t('polx.review_btn'));
  const form = h('form', { class: 'policy-editor', novalidate: true, 'data-testid': 'policy-editor' },
    h('p', { class: 'hint' }, t('polx.intro')),
    h('nav', { class: 'policy-nav', 'aria-label': t('polx.nav') }, nav),
    chapters,
    topErr,
    h('div', { class: 'form-actions' }, next),
    reviewSlot);

  const fields = [...rows.values()];
  const setError = (r, code, text) => {
    r.row.classList.add('invalid');
    r.err.replaceChildren(fieldError(r.k, code, text));
  };
  const focus = (r) => {
    r.row.scrollIntoView({ block: 'center' });
    const f = r.row.querySelector('input:not([disabled]), select, textarea');
    if (f) f.focus({ preventScroll: true });
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    reviewSlot.replaceChildren();
    topErr.replaceChildren();
    fields.forEach((r) => { r.err.replaceChildren(); r.row.classList.remove('invalid'); });
    const changed = fields.filter((r) => r.read() !== r.k.value);
    if (!changed.length) { topErr.replaceChildren(notice('warn', h('p', null, t('polx.nothing')))); return; }
    // The browser's check first: every field, then the pairs that must agree.
    const bad = [];
    for (const r of fields) { const e = check(r.k, r.read()); if (e) { setError(r, e.code, e.text); bad.push(r); } }
    const x = crossCheck(rows);
    if (x) { setError(rows.get(x.setting), x.code, x.text); bad.push(rows.get(x.setting)); }
    if (bad.length) {
      topErr.replaceChildren(notice('error', h('p', null, t('polx.fix_first', { n: bad.length }))));
      focus(bad[0]);
      return;
    }
    reviewSlot.replaceChildren(review(changed, rows, ctx, () => { reviewSlot.replaceChildren(); next.focus(); }));
    reviewSlot.scrollIntoView({ block: 'start' });
  });
  // What is saved is what was reviewed: a field changed after the review closes it.
  const stale = (ev) => { if (reviewSlot.firstChild && !reviewSlot.contains(ev.target)) reviewSlot.replaceChildren(); };
  form.addEventListener('input', stale);
  form.addEventListener('change', stale);
  return form;
}

// The review of what differs, a reason, and the save.
function review(changed, rows, ctx, back) {
  // One version is one complete policy: the whole text, as the CLI imports it,
  // taken now, as reviewed.
  const text = [...rows.values()].map((r) => `${r.k.key} = ${r.read()}`).join('\n') + '\n';
  const after = new Map(changed.map((r) => [r.k.key, r.read()]));
  const comment = h('input', { type: 'text', name: 'comment', maxlength: 500, autocomplete: 'off' });
  const err = h('div');
  const save = h('button', { type: 'button', class: 'btn primary', 'data-action': 'save' }, t('polx.save'));
  const cancel = h('button', { type: 'button', class: 'btn', 'data-action': 'back', on: { click: back } }, t('polx.back'));
  const items = changed.map((r) => h('li', { 'data-key': r.k.key, 'data-rule': r.k.rule },
    h('div', { class: 'what' }, h('span', { class: 'where' }, word(r.k, 'chapter'), ' · ', t('polx.article', { n: articleNumber(r.k.article) })), ' ', settingName(r.k), ' ', h('small', { class: 'rule' }, r.k.rule)),
    h('div', { class: 'diff' }, h('del', { 'data-testid': 'old' }, valueWords(r.k, r.k.value)), h('span', { 'aria-hidden': 'true' }, ' → '),
      h('ins', { 'data-testid': 'new' }, valueWords(r.k, after.get(r.k.key))))));
  const box = h('section', { class: 'policy-review', 'data-testid': 'policy-review', 'aria-label': t('polx.review_title') },
    h('h3', null, t('polx.review_title')),
    h('p', null, t('polx.review_n', { n: changed.length })),
    h('ol', { class: 'changes' }, items),
    notice('info', h('p', null, t('polx.effect'))),
    field(t('policy.comment'), comment, { required: true, hint: t('polx.comment_hint') }),
    err,
    h('div', { class: 'form-actions' }, save, cancel));
  save.addEventListener('click', async () => {
    err.replaceChildren();
    if (!comment.value.trim()) { err.replaceChildren(notice('error', h('p', null, t('polx.comment_needed')))); comment.focus(); return; }
    let res, e = null;
    save.disabled = cancel.disabled = true;
    try { res = await post('/policy', { text, comment: comment.value.trim() }); } catch (x) { e = x; } finally { save.disabled = cancel.disabled = false; }
    if (!e) {
      lastSaved = { version: res.version, n: changed.length, comment: comment.value.trim() };
      toast(t('polx.saved', { v: res.version, n: changed.length }), 'ok');
      ctx.render();
      return;
    }
    // A refusal names its setting: shown at the field; nothing was saved.
    // The server's message names the key; the form names the setting.
    const key = refusedKey(e, rows);
    if (key) {
      const r = rows.get(key);
      const c = check(r.k, r.read());
      const text = c ? c.text : t('polx.err_server');
      r.row.classList.add('invalid');
      r.err.replaceChildren(fieldError(r.k, e.code || 'policy_bad_value', text));
      const box = fieldError(r.k, e.code || 'policy_bad_value', `${settingName(r.k)}：${text}`);
      box.dataset.testid = 'save-refused';
      box.querySelector('p').prepend(h('strong', null, t('polx.not_saved')), ' ');
      err.replaceChildren(box);
    } else {
      const box = errorBox(e, { prefix: t('polx.not_saved') });
      box.dataset.testid = 'save-refused';
      err.replaceChildren(box);
    }
  });
  setTimeout(() => comment.focus({ preventScroll: true }), 0);
  return box;
}

export async function render(root, ctx) {
  const printBtn = h('button', { type: 'button', class: 'btn', on: { click: () => window.print() } }, icon('print'), t('regs.print'));
  // The regulation in words is long: the security administrator goes to the editor in one tap.
  const toEditor = has('secadmin') ? h('button', { type: 'button', class: 'btn primary', 'data-action': 'to-editor',
    on: { click: () => { const e = root.querySelector('[data-testid=policy-editor]'); if (e) e.scrollIntoView({ block: 'start' }); } } }, icon('policy'), t('policy.change')) : null;
  root.appendChild(pageHead(t('policy.title'), t('policy.sub'), toEditor, printBtn));
  let pol;
  try { pol = await get('/policy?lang=' + (lang() === 'en' ? 'en' : 'zh')); } catch (err) { root.appendChild(errorBox(err)); return; }
  if (lastSaved && has('secadmin')) {
    // SYS-5: the security administrator's version is the unit's policy at
    // once; no second person approves it. Said as it is.
    const s = root.appendChild(notice('ok', h('p', null, h('strong', null, t('polx.in_effect', { v: lastSaved.version, n: lastSaved.n }))), h('p', null, t('polx.in_effect_note'))));
    s.dataset.testid = 'policy-saved';
    s.dataset.state = 'in_effect';
    s.dataset.version = String(lastSaved.version);
  }
  lastSaved = null;
  // The rules in words first (what a reader of the regulations expects), the
  // settings behind them folded away, read-only, for those who maintain them.
  root.appendChild(card(t('policy.version', { v: pol.version }),
    h('pre', { class: 'policy-text regulation', tabindex: '0', 'aria-label': t('policy.regulation'), 'data-testid': 'regulation' }, pol.regulation || ''),
    h('details', { class: 'settings no-print' },
      h('summary', null, t('policy.settings')),
      h('p', { class: 'hint' }, t('polx.raw_note'), h('code', {}, 'baomi policy import')),
      h('pre', { class: 'policy-text', tabindex: '0', 'aria-label': t('policy.settings'), 'data-testid': 'settings' }, pol.text))));
  if (has('secadmin')) {
    let schema;
    try { schema = await get('/policy/schema'); } catch (err) { root.appendChild(errorBox(err)); return; }
    const edit = card(t('policy.change'), editor(schema, ctx));
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
  } else {
    root.appendChild(notice('info', h('p', { 'data-testid': 'policy-readonly' }, t('polx.readonly'))));
  }
}
