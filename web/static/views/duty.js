// duty.js — 保密工作领导小组与部门保密责任 (ORG-1; issue 11 point 6): the
// unit's leadership group for secrecy work as it stands (组长, 副组长, 成员,
// the leader in charge of secrecy work) with each place's appointment day and
// 文号 and each member's responsibility statement, every department's
// responsible leader and secrecy clerk, the gaps the server finds (ORG-1), and
// the history in words. The secrecy clerk appoints a member (the person
// picked by name), ends a place and sets a department's line; everyone else
// reads. The print view (#/duty/sheet) is the 保密工作领导小组名单 with the
// departments' 保密责任分工表 and the signature and seal lines. The server
// decides every action: a refusal shows its reason, article and rule ID.
import { get, post } from '../api.js';
import { t, isEn, isoDay, fmtDateTime } from '../i18n.js';
import { h, icon, pageHead, card, field, input, select, toast, errorBox, emptyState, table, dialog, busy } from '../ui.js';
import { has, session } from '../app.js';

const ROLES = ['head', 'deputy', 'member'];
const roleName = (m) => (ROLES.includes(m.role) ? t('duty.role.' + m.role) : (m.role_name && (isEn() ? m.role_name.en : m.role_name.zh)) || '—');
// A place's role in words, the leader in charge of secrecy work said beside it.
const roleText = (m) => (m.in_charge ? t('duty.role_in_charge', { role: roleName(m) }) : roleName(m));
const order = (a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || Number(b.in_charge) - Number(a.in_charge) || a.id - b.id;
const unitName = (v) => v.unit || (session.me && session.me.unit ? session.me.unit.name : '');
const keeper = () => has('clerk');
// A department's name by its id, from the view.
const deptNamer = (v) => (id) => (v.departments.find((d) => d.department_id === id) || {}).department;

// A member's (or a responsible leader's) responsibility statement in words.
function statement(st) {
  if (!st) return '—';
  const text = st.state === 'valid' ? t('duty.statement.valid', { until: st.until })
    : st.state === 'lapsed' ? t('duty.statement.lapsed', { until: st.until }) : t('duty.statement.missing');
  return h('span', { class: st.state === 'valid' ? '' : 'badge overdue', 'data-statement': st.state }, text);
}

// The people of the unit, read once for the forms (the clerk may read them).
let peopleOnce = null;
const people = () => {
  if (!peopleOnce) {
    peopleOnce = get('/people').then((r) => (r.items || []).filter((p) => p.status === 'active'),
      () => { peopleOnce = null; return []; });
  }
  return peopleOnce;
};

// One person picked by searching by name (or account name): the field shows
// the one chosen with their department (`deptName(id)`); `only(p)` narrows
// the offer (a department's own people).
function personPicker(name, label, { hint, only, deptName = () => '' } = {}) {
  let chosen = null;
  const search = input(name + '_search', { type: 'search', placeholder: t('duty.pick_ph'), role: 'combobox', 'aria-expanded': 'false', maxlength: 100 });
  search.id = `${name}-search`;
  const results = h('ul', { class: 'pick-results', role: 'listbox', 'aria-label': t('duty.pick_results') });
  const chip = h('ul', { class: 'chips', 'data-testid': name + '-chosen', 'aria-label': t('duty.pick_chosen') });
  const draw = () => chip.replaceChildren(...(chosen ? [h('li', { 'data-pick': String(chosen.id) }, chosen.name,
    chosen.department ? h('small', { class: 'muted' }, ` ${chosen.department}`) : null,
    h('button', { type: 'button', class: 'linkish', 'aria-label': t('duty.pick_remove', { name: chosen.name }),
      on: { click: () => { chosen = null; draw(); search.focus(); } } }, '×'))] : []));
  const choose = (p) => {
    chosen = { id: p.id, name: p.name, department: deptName(p.department_id) || '' };
    draw();
    search.value = '';
    results.replaceChildren();
    search.setAttribute('aria-expanded', 'false');
  };
  const show = async () => {
    const all = await people();
    const q = search.value.trim();
    if (!q) { results.replaceChildren(); search.setAttribute('aria-expanded', 'false'); return; }
    const hit = (s) => s && s.includes(q);
    const opts = all.filter((p) => (hit(p.name) || hit(p.username)) && (!only || only(p))).slice(0, 8);
    results.replaceChildren(...(opts.length ? opts.map((p) => h('li', { role: 'option' },
      h('button', { type: 'button', class: 'pick-option', 'data-pick': String(p.id), on: { click: () => choose(p) } },
        p.name, ' ', h('small', { class: 'muted' }, deptName(p.department_id) || '')))) : [h('li', { class: 'muted' }, t('duty.pick_none'))]));
    search.setAttribute('aria-expanded', 'true');
  };
  search.addEventListener('input', show);
  search.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    ev.preventDefault();
    const first = results.querySelector('button.pick-option');
    if (first) first.click();
  });
  const el = h('div', { class: 'field picker', 'data-picker': name },
    h('label', { for: search.id }, label, h('span', { class: 'req', 'aria-hidden': 'true' }, '*')),
    search, hint ? h('span', { class: 'hint' }, hint) : null, results, chip);
  return { el, value: () => (chosen ? String(chosen.id) : undefined), reset: () => { chosen = null; draw(); } };
}

// The clerk appoints a member of the group (ORG-1: one head, a leader; one
// leader in charge, holding the leader role; the day and the 文号).
function appointForm(v, ctx) {
  const person = personPicker('duty_person', t('duty.f.person'), { hint: t('duty.person_hint'), deptName: deptNamer(v) });
  const role = select('role', ROLES.map((r) => [r, t('duty.role.' + r)]), { value: 'member' });
  const inCharge = h('input', { type: 'checkbox', name: 'in_charge' });
  const on = input('appointed_on', { type: 'date', value: isoDay() });
  const doc = input('document', { maxlength: 200, placeholder: t('duty.doc_ph') });
  const err = h('div', { 'data-testid': 'appoint-error' });
  const submit = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'appoint' }, t('duty.appoint'));
  const form = h('form', { class: 'form', 'data-testid': 'appoint-form', novalidate: true },
    h('div', { class: 'wide' }, err),
    person.el,
    field(t('duty.f.role'), role, { required: true }),
    h('div', { class: 'field' }, h('span', { class: 'label' }, t('duty.f.in_charge')),
      h('label', { class: 'check' }, inCharge, ' ', t('duty.in_charge_box'))),
    field(t('duty.f.appointed_on'), on, { required: true }),
    field(t('duty.f.document'), doc, { required: true, hint: t('duty.doc_hint') }),
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const r = await busy(submit, err, () => post('/duty/members', {
      person: person.value(), role: role.value, in_charge: inCharge.checked,
      appointed_on: on.value || undefined, document: doc.value.trim() || undefined,
    }));
    if (r) { toast(t('duty.appointed', { name: r.person, role: roleText(r) }), 'ok'); ctx.render(); }
  });
  return card(t('duty.appoint_title'), form);
}

// The clerk ends a place (the day, the 文号 that ends it).
async function endDialog(m, ctx) {
  const on = input('ended_on', { type: 'date', value: isoDay() });
  const doc = input('end_document', { maxlength: 200, placeholder: t('duty.doc_ph') });
  const ok = await dialog(t('duty.end_title', { name: m.person, role: roleText(m) }), h('div', { class: 'form one', 'data-testid': 'end-form' },
    h('p', { class: 'muted' }, t('duty.end_hint', { on: m.appointed_on, doc: m.document })),
    field(t('duty.f.ended_on'), on, { required: true }),
    field(t('duty.f.end_document'), doc)), {
    ok: t('duty.end'),
    onOk: () => post(`/duty/members/${m.id}/end`, { on: on.value || undefined, document: doc.value.trim() || undefined }),
  });
  if (ok) { toast(t('duty.ended', { name: m.person }), 'ok'); ctx.render(); }
}

// The clerk sets a department's responsible leader and secrecy clerk (the
// clerk one of the department's own people); the line before ends that day.
function deptForm(v, ctx) {
  const dept = select('department', v.departments.map((d) => [String(d.department_id), d.department]), { blank: t('duty.pick_dept') });
  const deptName = deptNamer(v);
  const leader = personPicker('duty_leader', t('duty.f.leader'), { deptName });
  const clerk = personPicker('duty_clerk', t('duty.f.clerk'), {
    hint: t('duty.clerk_hint'), deptName,
    only: (p) => !dept.value || String(p.department_id) === dept.value,
  });
  const since = input('since', { type: 'date', value: isoDay() });
  const doc = input('dept_document', { maxlength: 200, placeholder: t('duty.doc_ph') });
  const err = h('div', { 'data-testid': 'dept-error' });
  const submit = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'set-department' }, t('duty.dept_set'));
  const form = h('form', { class: 'form', 'data-testid': 'dept-form', novalidate: true },
    h('div', { class: 'wide' }, err),
    field(t('duty.f.department'), dept, { required: true }),
    field(t('duty.f.since'), since, { required: true }),
    leader.el, clerk.el,
    field(t('duty.f.document'), doc, { hint: t('duty.dept_doc_hint') }),
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const r = await busy(submit, err, () => post('/duty/departments', {
      department: dept.value || undefined, leader: leader.value(), clerk: clerk.value(),
      since: since.value || undefined, document: doc.value.trim() || undefined,
    }));
    if (r) { toast(t('duty.dept_saved', { dept: r.department }), 'ok'); ctx.render(); }
  });
  return { el: card(t('duty.dept_title'), form), pick: (id) => { dept.value = String(id); form.scrollIntoView({ block: 'start' }); dept.focus(); } };
}

// The gaps the server finds in the responsibility system (ORG-1).
function gaps(v) {
  if (!v.alerts.length) return h('p', { class: 'muted', 'data-testid': 'duty-gaps', 'data-gaps': '0' }, t('duty.no_gaps'));
  return h('ul', { class: 'alert warn duty-gaps', 'data-testid': 'duty-gaps', 'data-gaps': String(v.alerts.length) },
    v.alerts.map((a) => h('li', { 'data-code': a.code, 'data-rule': a.rule }, isEn() ? a.text_en : a.text_zh, ' ',
      h('small', { class: 'rule', title: t('error.rule_title') }, a.rule))));
}

// The group in a few words: head, deputy heads, the leader in charge, how many members.
function groupFacts(members) {
  const names = (f) => members.filter(f).map((m) => m.person).join('、') || t('duty.none_recorded');
  return h('dl', { class: 'facts', 'data-testid': 'group-facts' },
    h('dt', null, t('duty.role.head')), h('dd', { 'data-fact': 'head' }, names((m) => m.role === 'head')),
    h('dt', null, t('duty.role.deputy')), h('dd', { 'data-fact': 'deputy' }, names((m) => m.role === 'deputy')),
    h('dt', null, t('duty.in_charge')), h('dd', { 'data-fact': 'in_charge' }, names((m) => m.in_charge)),
    h('dt', null, t('duty.role.member')), h('dd', { 'data-fact': 'member' }, names((m) => m.role === 'member')));
}

function membersTable(members, ctx) {
  const cols = [
    { label: t('duty.f.person'), render: (m) => h('strong', null, m.person || '—') },
    { label: t('duty.f.role'), render: roleText, cls: 'nowrap' },
    { label: t('duty.f.department_of'), render: (m) => m.department || '—' },
    { label: t('duty.f.appointed_on'), render: (m) => m.appointed_on, cls: 'nowrap' },
    { label: t('duty.f.document'), render: (m) => m.document, cls: 'nowrap' },
    { label: t('duty.f.statement'), render: (m) => statement(m.statement) },
  ];
  if (keeper()) {
    cols.push({
      label: t('duty.f.actions'),
      render: (m) => h('button', { type: 'button', class: 'btn small', 'data-action': 'end', on: { click: () => endDialog(m, ctx) } }, t('duty.end_btn')),
    });
  }
  return table(cols, members, { caption: t('duty.group'), rowAttrs: (m) => ({ 'data-member': m.id, 'data-person': m.person_id, 'data-role': m.role, 'data-in-charge': m.in_charge ? '1' : '0' }) });
}

function deptTable(v, pick) {
  const cols = [
    { label: t('duty.f.department'), render: (d) => h('strong', null, d.department) },
    { label: t('duty.f.leader'), render: (d) => (d.duty ? [d.duty.leader, d.duty.leader_active ? '' : ` ${t('duty.gone')}`] : t('duty.unassigned')) },
    { label: t('duty.f.clerk'), render: (d) => (d.duty ? [d.duty.clerk, d.duty.clerk_active ? '' : ` ${t('duty.gone')}`] : '—') },
    { label: t('duty.f.since'), render: (d) => (d.duty ? d.duty.since : '—'), cls: 'nowrap' },
    { label: t('duty.f.document'), render: (d) => (d.duty && d.duty.document) || '—', cls: 'nowrap' },
    { label: t('duty.f.leader_statement'), render: (d) => (d.duty ? statement(d.duty.leader_statement) : '—') },
  ];
  if (pick) {
    cols.push({
      label: t('duty.f.actions'),
      render: (d) => h('button', { type: 'button', class: 'btn small', 'data-action': 'change-department', on: { click: () => pick(d.department_id) } }, t('duty.change_btn')),
    });
  }
  return table(cols, v.departments, { caption: t('duty.departments'), rowAttrs: (d) => ({ 'data-department': d.department_id, 'data-assigned': d.duty ? '1' : '0' }) });
}

// One line of the history in words: who was appointed or left, which line was set.
function eventText(e, v) {
  const d = e.detail || {};
  const places = [...v.members, ...(v.former || [])];
  const place = places.find((m) => m.id === e.member_id);
  const personOf = (id) => {
    const p = places.find((m) => m.person_id === id);
    if (p) return p.person;
    for (const l of v.lines || []) {
      if (l.leader_id === id) return l.leader;
      if (l.clerk_id === id) return l.clerk;
    }
    return t('duty.someone');
  };
  const deptOf = (id) => (v.departments.find((x) => x.department_id === id) || {}).department || t('duty.someone');
  if (e.action === 'member.add') {
    const role = place ? roleText(place) : roleText({ role: d.role, in_charge: d.in_charge });
    return t('duty.ev.member_add', { name: place ? place.person : personOf(d.person_id), role, on: d.appointed_on || '—', doc: d.document || '—' });
  }
  if (e.action === 'member.end') {
    const role = place ? roleText(place) : roleText({ role: d.role, in_charge: d.in_charge });
    return t(d.end_document ? 'duty.ev.member_end' : 'duty.ev.member_end_nodoc',
      { name: place ? place.person : personOf(d.person_id), role, on: d.ended_on || '—', doc: d.end_document || '' });
  }
  if (e.action === 'department.set') {
    return t(d.document ? 'duty.ev.dept_set' : 'duty.ev.dept_set_nodoc', {
      dept: deptOf(e.department_id || d.department_id), leader: personOf(d.leader_id), clerk: personOf(d.clerk_id),
      since: d.since || '—', doc: d.document || '',
    }) + (d.replaces ? t('duty.ev.replaces') : '');
  }
  return t('duty.ev.other');
}

function history(v) {
  const parts = [];
  const former = (v.former || []).slice().sort((a, b) => (b.ended_on || '').localeCompare(a.ended_on || ''));
  parts.push(h('h3', null, t('duty.former')));
  parts.push(former.length ? table([
    { label: t('duty.f.person'), render: (m) => m.person || '—' },
    { label: t('duty.f.role'), render: roleText, cls: 'nowrap' },
    { label: t('duty.f.appointed_on'), render: (m) => m.appointed_on, cls: 'nowrap' },
    { label: t('duty.f.document'), render: (m) => m.document, cls: 'nowrap' },
    { label: t('duty.f.ended_on'), render: (m) => m.ended_on, cls: 'nowrap' },
    { label: t('duty.f.end_document'), render: (m) => m.end_document || '—', cls: 'nowrap' },
  ], former, { caption: t('duty.former'), rowAttrs: (m) => ({ 'data-former': m.id }) }) : emptyState(t('duty.no_former')));
  const events = (v.events || []).slice().reverse();
  parts.push(h('h3', null, t('duty.events')));
  parts.push(events.length ? table([
    { label: t('duty.f.at'), render: (e) => fmtDateTime(e.at), cls: 'nowrap' },
    { label: t('duty.f.actor'), render: (e) => e.actor || '—', cls: 'nowrap' },
    { label: t('duty.f.what'), render: (e) => t('duty.action.' + e.action.replace('.', '_')), cls: 'nowrap' },
    { label: t('duty.f.detail'), render: (e) => eventText(e, v) },
  ], events, { caption: t('duty.events'), rowAttrs: (e) => ({ 'data-event': e.action }) }) : emptyState(t('duty.no_events')));
  return parts;
}

async function mainView(root, ctx) {
  let v;
  const printLink = h('a', { class: 'btn', href: '#/duty/sheet', 'data-action': 'duty-sheet' }, icon('print'), t('duty.sheet'));
  try { v = await get('/duty/history'); } catch (err) {
    root.appendChild(pageHead(t('duty.title'), t('duty.sub')));
    root.appendChild(errorBox(err));
    return;
  }
  const members = v.members.slice().sort(order);
  root.appendChild(pageHead(t('duty.title'), t('duty.sub'), printLink));
  root.appendChild(gaps(v));
  root.appendChild(card(t('duty.group'), groupFacts(members),
    members.length ? membersTable(members, ctx) : emptyState(t('duty.no_group')),
    h('p', { class: 'muted small' }, t('duty.statement_note', { months: v.statement_months }))));
  const dept = keeper() ? deptForm(v, ctx) : null;
  root.appendChild(card(t('duty.departments'), deptTable(v, dept ? dept.pick : null)));
  if (keeper()) {
    root.appendChild(appointForm(v, ctx));
    root.appendChild(dept.el);
  } else {
    root.appendChild(h('p', { class: 'muted', 'data-testid': 'read-only' }, t('duty.read_only')));
  }
  root.appendChild(card(t('duty.history'), h('div', { 'data-testid': 'duty-history' }, history(v))));
}

// 保密工作领导小组名单 and 部门保密责任分工表, for paper: the unit, the day, the
// appointing 文号, the members with role and department, the departments'
// lines, and the lines for the signatures and the seal.
async function sheetView(root) {
  root.appendChild(h('div', { class: 'breadcrumb no-print' }, h('a', { href: '#/duty' }, t('duty.title')), ' / ', t('duty.sheet')));
  let v;
  try { v = await get('/duty'); } catch (err) { root.appendChild(errorBox(err)); return; }
  root.appendChild(h('div', { class: 'no-print' }, pageHead(t('duty.sheet'), t('duty.sheet_sub'),
    h('button', { type: 'button', class: 'btn primary', 'data-action': 'print', on: { click: () => window.print() } }, icon('print'), t('duty.print')))));
  const members = v.members.slice().sort(order);
  const docs = [...new Set(members.map((m) => m.document))];
  const box = h('section', { class: 'card sheet duty-sheet', 'data-testid': 'duty-sheet' });
  box.appendChild(h('h2', { class: 'sheet-title' }, t('duty.sheet_title')));
  box.appendChild(h('p', { class: 'sheet-meta' },
    h('span', { 'data-testid': 'sheet-unit' }, t('duty.sheet_unit', { unit: unitName(v) })),
    h('span', { 'data-testid': 'sheet-docs' }, t('duty.sheet_docs', { docs: docs.join('、') || '—' })),
    h('span', { 'data-testid': 'sheet-date' }, t('duty.sheet_date', { day: v.today || isoDay() }))));
  box.appendChild(members.length ? table([
    { label: t('duty.f.no'), render: (m) => String(members.indexOf(m) + 1), cls: 'nowrap' },
    { label: t('duty.f.person'), render: (m) => m.person || '—', cls: 'nowrap' },
    { label: t('duty.f.role'), render: roleText, cls: 'nowrap' },
    { label: t('duty.f.department_of'), render: (m) => m.department || '—' },
    { label: t('duty.f.appointed_on'), render: (m) => m.appointed_on, cls: 'nowrap' },
    { label: t('duty.f.document'), render: (m) => m.document, cls: 'nowrap' },
  ], members, { caption: t('duty.sheet_title'), rowAttrs: (m) => ({ 'data-member': m.id }) }) : emptyState(t('duty.no_group')));
  box.appendChild(h('h2', { class: 'sheet-title sheet-second' }, t('duty.sheet_depts')));
  box.appendChild(table([
    { label: t('duty.f.no'), render: (d) => String(v.departments.indexOf(d) + 1), cls: 'nowrap' },
    { label: t('duty.f.department'), render: (d) => d.department },
    { label: t('duty.f.leader'), render: (d) => (d.duty ? d.duty.leader : t('duty.unassigned')), cls: 'nowrap' },
    { label: t('duty.f.clerk'), render: (d) => (d.duty ? d.duty.clerk : '—'), cls: 'nowrap' },
    { label: t('duty.f.since'), render: (d) => (d.duty ? d.duty.since : '—'), cls: 'nowrap' },
    { label: t('duty.f.document'), render: (d) => (d.duty && d.duty.document) || '—', cls: 'nowrap' },
  ], v.departments, { caption: t('duty.sheet_depts'), rowAttrs: (d) => ({ 'data-department': d.department_id }) }));
  box.appendChild(h('div', { class: 'sheet-foot', 'data-testid': 'signatures' },
    h('span', null, t('duty.sign_clerk')), h('span', null, t('duty.sign_head')), h('span', null, t('duty.sign_seal'))));
  root.appendChild(box);
}

export async function render(root, ctx) {
  if (ctx.path === '/duty/sheet') return sheetView(root, ctx);
  return mainView(root, ctx);
}
