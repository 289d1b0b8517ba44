// org.js — 部门与存放地点 (issue 14 point 14, SYS-1): the unit's storage
// places (存放地点) and departments with their state (在用 / 已停用 from a
// day), what still refers to each (carriers still held, devices, people not
// left, a current responsibility line) and the former names. The server
// decides who keeps which: places are the security administrator's
// (BM_TASK_GRANTS), departments the system administrator's
// (BM_TASK_ACCOUNTS); each gets the add form and the rename and retire
// buttons for his own list and reads the other. Nothing is deleted; a
// retirement the server refuses (KEEP-1 place_not_empty, ORG-1
// department_has_people …) shows the usual error box in the dialog and
// changes nothing.
import { get, post } from '../api.js';
import { t, term, fmtDate } from '../i18n.js';
import { h, pageHead, card, field, input, select, errorBox, emptyState, table, busy, toast, dialog, notice, LEVELS } from '../ui.js';
import { has } from '../app.js';

const PLACE_KINDS = ['safe', 'room', 'cabinet'];

// The browser's day, the retirement's default (the server refuses a later one).
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

// 在用, or 已停用 with its day.
const stateCell = (x) => (x.retired
  ? h('span', { class: 'badge org-retired', 'data-testid': 'state', 'data-retired': 'true' }, t('org.retired_on', { day: fmtDate(x.retired_on) }))
  : h('span', { class: 'badge ok', 'data-testid': 'state', 'data-retired': 'false' }, t('org.in_use')));

// The current name, the former ones below it with the day each was given up.
const nameCell = (x) => [
  h('strong', { 'data-testid': 'name' }, x.name),
  (x.former_names || []).length
    ? h('small', { class: 'org-former', 'data-testid': 'former' }, h('br'),
      t('org.former', { names: x.former_names.map((f) => t('org.former_one', { name: f.name, until: fmtDate(f.until) })).join('；') }))
    : null,
];

async function rename(kind, x, ctx) {
  const name = input('name', { value: x.name, maxlength: 50 });
  const ok = await dialog(t(`org.${kind}_rename_title`, { name: x.name }), h('div', { class: 'form one' },
    field(t('org.new_name'), name, { required: true, hint: t('org.rename_hint') })), {
    ok: t('org.rename'),
    onOk: () => post(`/${kind === 'place' ? 'places' : 'departments'}/${x.id}/rename`, { name: name.value.trim() }),
  });
  if (ok) { toast(t('org.renamed', { old: x.name, name: ok.name }), 'ok'); ctx.render(); }
}

async function retire(kind, x, ctx) {
  const on = input('on', { type: 'date', value: today(), max: today() });
  const held = kind === 'place'
    ? t('org.place_holds', { carriers: x.carriers ?? 0, devices: x.devices ?? 0 })
    : t('org.dept_holds', { people: x.people ?? 0, carriers: x.carriers ?? 0, duty: x.on_duty ? t('org.duty_yes') : t('org.duty_no') });
  const ok = await dialog(t(`org.${kind}_retire_title`, { name: x.name }), h('div', { class: 'form one' },
    h('p', null, t(`org.${kind}_retire_text`)),
    h('p', { 'data-testid': 'holds' }, held),
    field(t('org.retire_on'), on, { required: true, hint: t('org.retire_on_hint') })), {
    ok: t('org.retire'), okClass: 'danger',
    onOk: () => post(`/${kind === 'place' ? 'places' : 'departments'}/${x.id}/retire`, on.value ? { on: on.value } : {}),
  });
  if (ok) { toast(t('org.retired_done', { name: ok.name }), 'ok'); ctx.render(); }
}

// The action buttons of a row, for the list's own administrator only.
const actions = (kind, x, ctx) => (x.retired ? '—' : [
  h('button', { type: 'button', class: 'btn small', 'data-action': 'rename', on: { click: () => rename(kind, x, ctx) } }, t('org.rename')), ' ',
  h('button', { type: 'button', class: 'btn small', 'data-action': 'retire', on: { click: () => retire(kind, x, ctx) } }, t('org.retire')),
]);

function placeForm(deps, ctx) {
  const err = h('div');
  const f = {
    name: input('name', { maxlength: 50 }),
    kind: select('kind', PLACE_KINDS.map((k) => [k, term('pkind', k)]), { value: 'safe' }),
    max_level: select('max_level', LEVELS.filter((l) => l !== 'public').map((l) => [l, term('level', l)]), { blank: t('org.level_pick') }),
    department: select('department', deps.filter((d) => !d.retired).map((d) => [String(d.id), d.name]), { blank: t('org.unit_wide') }),
  };
  const submit = h('button', { type: 'submit', class: 'btn primary' }, t('org.add'));
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'place-form' }, err,
    field(t('org.place_name'), f.name, { required: true }),
    field(t('org.place_kind'), f.kind),
    field(t('org.max_level'), f.max_level, { required: true, hint: t('org.max_level_hint') }),
    field(t('org.place_department'), f.department),
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { name: f.name.value.trim(), kind: f.kind.value, max_level: f.max_level.value };
    if (f.department.value) body.department = Number(f.department.value);
    const r = await busy(submit, err, () => post('/places', body));
    if (r) { toast(t('org.added', { name: r.name }), 'ok'); ctx.render(); }
  });
  return card(t('org.place_new'), form);
}

function deptForm(ctx) {
  const err = h('div');
  const f = { name: input('name', { maxlength: 50 }), code: input('code', { maxlength: 20 }) };
  const submit = h('button', { type: 'submit', class: 'btn primary' }, t('org.add'));
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'dept-form' }, err,
    field(t('org.dept_name'), f.name, { required: true }),
    field(t('org.dept_code'), f.code),
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { name: f.name.value.trim() };
    if (f.code.value.trim()) body.code = f.code.value.trim();
    const r = await busy(submit, err, () => post('/departments', body));
    if (r) { toast(t('org.added', { name: r.name }), 'ok'); ctx.render(); }
  });
  return card(t('org.dept_new'), form);
}

export async function render(root, ctx) {
  root.appendChild(pageHead(t('org.title'), t('org.sub')));
  const [places, deps] = await Promise.all([
    get('/places').then((r) => r.items, (e) => e),
    get('/departments').then((r) => r.items, (e) => e),
  ]);
  const keepsPlaces = has('secadmin');
  const keepsDeps = has('sysadmin');
  if (!keepsPlaces && !keepsDeps) root.appendChild(notice('info', h('p', null, t('org.readonly'))));
  const depName = new Map(deps instanceof Error ? [] : deps.map((d) => [d.id, d.name]));

  if (keepsPlaces && !(deps instanceof Error)) root.appendChild(placeForm(deps, ctx));
  root.appendChild(card(t('org.places'), places instanceof Error ? errorBox(places)
    : places.length ? table([
      { label: t('org.place_name'), render: nameCell },
      { label: t('org.place_kind'), render: (p) => term('pkind', p.kind) },
      { label: t('org.max_level'), render: (p) => term('level', p.max_level) },
      { label: t('org.place_department'), render: (p) => (p.department_id ? depName.get(p.department_id) || '—' : t('org.unit_wide')) },
      { label: t('org.carriers_held'), num: true, render: (p) => h('span', { 'data-count': 'carriers' }, String(p.carriers ?? 0)) },
      { label: t('org.devices'), num: true, render: (p) => h('span', { 'data-count': 'devices' }, String(p.devices ?? 0)) },
      { label: t('org.state'), render: stateCell },
      keepsPlaces ? { label: t('common.actions'), cls: 'nowrap', render: (p) => actions('place', p, ctx) } : null,
    ].filter(Boolean), places, { caption: t('org.places'), rowAttrs: (p) => ({ 'data-place': String(p.id) }) })
      : emptyState(t('org.places_none'))));

  if (keepsDeps) root.appendChild(deptForm(ctx));
  root.appendChild(card(t('org.departments'), deps instanceof Error ? errorBox(deps)
    : deps.length ? table([
      { label: t('org.dept_name'), render: nameCell },
      { label: t('org.dept_code'), render: (d) => (d.code ? h('code', {}, d.code) : '—') },
      { label: t('org.people'), num: true, render: (d) => h('span', { 'data-count': 'people' }, String(d.people ?? 0)) },
      { label: t('org.carriers_owned'), num: true, render: (d) => h('span', { 'data-count': 'carriers' }, String(d.carriers ?? 0)) },
      { label: t('org.on_duty'), render: (d) => (d.on_duty ? t('org.duty_yes') : t('org.duty_no')) },
      { label: t('org.state'), render: stateCell },
      keepsDeps ? { label: t('common.actions'), cls: 'nowrap', render: (d) => actions('dept', d, ctx) } : null,
    ].filter(Boolean), deps, { caption: t('org.departments'), rowAttrs: (d) => ({ 'data-department': String(d.id) }) })
      : emptyState(t('org.departments_none'))));
}
