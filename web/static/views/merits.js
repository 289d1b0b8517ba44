// merits.js — 奖惩登记 (INSP-3, INC-2; issue 11 point 4): the register of
// rewards and sanctions, unit-wide or one person's, filtered by year and kind,
// with CSV export and a print view with signature lines; recording a reward;
// the sanctions of an incident with their form (incidents.js) and a person's
// lines on their record page (people.js) come from here too. The server
// decides every action: a refusal shows its rule ID and reason.
import { get, post, qs } from '../api.js';
import { t, term, isoDay } from '../i18n.js';
import {
  h, icon, pageHead, card, field, input, select, toast, errorBox, emptyState, table, dialog, download, toCsv,
  xlsxLink,
} from '../ui.js';
import { has } from '../app.js';

export const SANCTIONS = ['warning', 'demerit', 'major_demerit', 'demotion', 'dismissal'];
export const REWARDS = ['commendation', 'award'];
// INC-2: the range of each level involved (the server's table decides; this only guides the form).
const RANGE = { confidential: ['warning', 'demerit'], secret: ['demerit', 'demotion'], top_secret: ['major_demerit', 'dismissal'] };

export const mayRecord = () => has('clerk', 'leader', 'principal');
const measureName = (m) => t('merit.measure.' + m.measure);
const kindBadge = (m) => h('span', { class: `badge merit-${m.kind}`, 'data-kind': m.kind }, t('merit.kind.' + m.kind));

function factorText(m) {
  if (!m.factor) return '—';
  return `${t('merit.factor.' + m.factor)}${m.factor_text ? '：' + m.factor_text : ''}`;
}

function csvOf(items) {
  const header = ['decided_on', 'person', 'department', 'kind', 'measure', 'incident', 'level', 'factor', 'reason', 'decided_by', 'document']
    .map((k) => t('merit.f.' + k));
  return toCsv(header, items.map((m) => [m.decided_on, m.person, m.department, t('merit.kind.' + m.kind), measureName(m),
    m.incident_id || '', m.level ? term('level', m.level) : '', m.factor ? factorText(m) : '', m.reason, m.decided_by, m.document]));
}

// The register's table; `person` false leaves the person's columns out (their own page).
export function meritTable(items, { person = true, caption } = {}) {
  return table([
    { label: t('merit.f.decided_on'), render: (m) => m.decided_on, cls: 'nowrap' },
    ...(person ? [{ label: t('merit.f.person'), render: (m) => h('a', { href: `#/people/${m.person_id}` }, m.person), cls: 'nowrap' },
      { label: t('merit.f.department'), render: (m) => m.department || '—', cls: 'nowrap' }] : []),
    { label: t('merit.f.kind'), render: kindBadge },
    { label: t('merit.f.measure'), render: measureName, cls: 'nowrap' },
    { label: t('merit.f.incident'), render: (m) => (m.incident_id ? h('a', { href: `#/incidents/${m.incident_id}` }, `#${m.incident_id}`) : '—'), cls: 'nowrap' },
    { label: t('merit.f.level'), render: (m) => (m.level ? term('level', m.level) : '—'), cls: 'nowrap' },
    { label: t('merit.f.factor'), render: factorText },
    { label: t('merit.f.reason'), render: (m) => m.reason || '—' },
    { label: t('merit.f.decided_by'), render: (m) => [m.decided_by, h('br'), h('span', { class: 'muted' }, m.document)] },
  ], items, { caption, rowAttrs: (m) => ({ 'data-merit': m.id, 'data-kind': m.kind, 'data-measure': m.measure }) });
}

// The decision's controls shared by a sanction and a reward.
function decisionControls(measures, { person = '' } = {}) {
  return {
    person: input('person', { value: person, maxlength: 200 }),
    measure: select('measure', measures.map((m) => [m, t('merit.measure.' + m)])),
    reason: h('textarea', { name: 'reason', rows: 2, maxlength: 2000 }),
    decided_by: input('decided_by', { maxlength: 200 }),
    decided_on: input('decided_on', { type: 'date', value: isoDay() }),
    document: input('document', { maxlength: 200 }),
  };
}

const bodyOf = (c) => Object.fromEntries(Object.entries(c).map(([k, el]) => [k, el.value.trim() || undefined]));

// INC-2: the sanction form of incident `i`; resolves true when recorded.
export async function sanctionDialog(i) {
  const c = decisionControls(SANCTIONS);
  const range = RANGE[i.detail && i.detail.level];
  if (range) c.measure.value = range[0];
  const factor = select('factor', ['aggravating', 'mitigating'].map((f) => [f, t('merit.factor.' + f)]), { blank: t('merit.factor.none') });
  const factorText = h('textarea', { name: 'factor_text', rows: 2, maxlength: 2000 });
  const hint = range
    ? t('merit.range_hint', { level: term('level', i.detail.level), from: t('merit.measure.' + range[0]), to: t('merit.measure.' + range[1]) })
    : t('merit.no_range_hint');
  const ok = await dialog(t('merit.record_sanction'), h('div', { class: 'form', 'data-testid': 'sanction-form' },
    field(t('merit.f.person'), c.person, { required: true, hint: t('merit.person_hint') }),
    field(t('merit.f.measure'), c.measure, { required: true, hint }),
    field(t('merit.f.factor'), factor, { hint: t('merit.factor_hint') }),
    field(t('merit.f.factor_text'), factorText, { wide: true }),
    field(t('merit.f.reason'), c.reason, { wide: true }),
    field(t('merit.f.decided_by'), c.decided_by, { required: true }),
    field(t('merit.f.decided_on'), c.decided_on, { required: true }),
    field(t('merit.f.document'), c.document, { required: true })), {
    ok: t('merit.save'),
    onOk: () => post(`/incidents/${i.id}/sanctions`, { ...bodyOf(c), factor: factor.value || undefined, factor_text: factorText.value.trim() || undefined }),
  });
  if (ok) toast(t('merit.sanction_ok'), 'ok');
  return !!ok;
}

async function rewardDialog(ctx) {
  const c = decisionControls(REWARDS);
  const ok = await dialog(t('merit.record_reward'), h('div', { class: 'form', 'data-testid': 'reward-form' },
    field(t('merit.f.person'), c.person, { required: true, hint: t('merit.person_hint') }),
    field(t('merit.f.measure'), c.measure, { required: true }),
    field(t('merit.f.reason'), c.reason, { required: true, wide: true }),
    field(t('merit.f.decided_by'), c.decided_by, { required: true }),
    field(t('merit.f.decided_on'), c.decided_on, { required: true }),
    field(t('merit.f.document'), c.document, { required: true })), {
    ok: t('merit.save'),
    onOk: () => post('/rewards', bodyOf(c)),
  });
  if (ok) { toast(t('merit.reward_ok'), 'ok'); ctx.render(); }
}

// A person's lines for their record page (people.js); nothing when the reader may not see the register.
export async function personMerits(personId) {
  let res;
  try {
    res = await get('/merits' + qs({ person: personId }));
  } catch { return null; }
  return card(t('merit.person_title'), res.items.length
    ? meritTable(res.items, { person: false, caption: t('merit.person_title') })
    : emptyState(t('merit.none')));
}

// The sanctions of incident `id` for its page (incidents.js).
export async function incidentSanctions(id) {
  const res = await get('/merits' + qs({ incident: id }));
  return res.items.length ? meritTable(res.items, { caption: t('merit.sanctions') }) : emptyState(t('merit.no_sanctions'));
}

export async function render(root, ctx) {
  const q = ctx.query;
  const year = input('year', { value: q.year || '', inputmode: 'numeric', maxlength: 4, placeholder: String(new Date().getFullYear()) });
  const kind = select('kind', ['reward', 'sanction'].map((k) => [k, t('merit.kind.' + k)]), { value: q.kind, blank: t('common.all') });
  const person = input('person', { value: q.person || '', maxlength: 200 });
  const apply = () => ctx.go('/merits', { year: year.value.trim(), kind: kind.value, person: person.value.trim() });
  kind.addEventListener('change', apply);
  const form = h('form', { class: 'filters no-print', 'aria-label': t('merit.filters') },
    field(t('merit.year'), year), field(t('merit.f.kind'), kind), field(t('merit.f.person'), person),
    h('button', { type: 'submit', class: 'btn' }, t('merit.filter')));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); apply(); });
  const exportBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'export' }, icon('download'), t('merit.export'));
  const printBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('merit.print'));
  const actions = [exportBtn, xlsxLink('/merits', { year: q.year, kind: q.kind, person: q.person }, 'baomi-merits'), printBtn];
  if (mayRecord()) actions.unshift(h('button', { type: 'button', class: 'btn primary', 'data-action': 'new-reward', on: { click: () => rewardDialog(ctx) } }, t('merit.record_reward')));
  root.appendChild(pageHead(t('merit.title'), t('merit.sub'), ...actions));
  root.appendChild(card(null, form));
  const box = h('section', { class: 'card sheet', 'data-testid': 'merit-register' });
  root.appendChild(box);
  let res;
  try {
    res = await get('/merits' + qs({ year: q.year, kind: q.kind, person: q.person }));
  } catch (err) { box.appendChild(errorBox(err)); return; }
  exportBtn.addEventListener('click', () => download(`baomi-merits-${q.year || isoDay()}.csv`, csvOf(res.items)));
  box.appendChild(h('h2', { class: 'print-only' }, q.year ? t('merit.title_year', { year: q.year }) : t('merit.title')));
  if (!res.items.length) { box.appendChild(emptyState(t('merit.none'))); return; }
  box.appendChild(meritTable(res.items, { caption: t('merit.title') }));
  box.appendChild(h('div', { class: 'sheet-foot print-only', 'data-testid': 'signatures' },
    h('span', null, t('merit.sign_clerk')), h('span', null, t('merit.sign_leader'))));
}
