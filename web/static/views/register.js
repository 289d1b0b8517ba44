// register.js — 收文登记 (REG-1, LEVEL-2, KEEP-1): the clerk registers an
// incoming carrier. 制作登记 carries out an approved make request (MAKE-1):
// the "made" choice points to the desk's execute tab, where it is done.
// Every check is the server's; a refusal shows its rule ID
// (for example KEEP-1 when the place may not hold the level).
import { get, post } from '../api.js';
import { t, term, isoDay } from '../i18n.js';
import {
  h, pageHead, card, field, input, select, vocabOptions, formValues, busy, toast, notice,
  LEVELS, KINDS, URGENCIES,
} from '../ui.js';
import { isClerk } from '../app.js';
import { keepingFields } from '../keeping.js';

export async function render(root, ctx) {
  root.appendChild(pageHead(t('reg.title'), t('reg.sub')));
  if (!isClerk()) {
    root.appendChild(notice('warn', t('reg.clerk_only')));
    return;
  }
  const made = ctx.query.origin === 'made';
  const originSel = select('origin', [['incoming', t('reg.incoming')], ['made', t('reg.made')]], { value: made ? 'made' : 'incoming' });
  originSel.addEventListener('change', () => ctx.go('/register', { origin: originSel.value }));
  if (made) {
    // MAKE-1: what is made is an approved make request, carried out at the desk.
    root.appendChild(card(null, h('div', { class: 'form' }, field(t('reg.origin'), originSel),
      notice('info', t('reg.made_via_request')),
      h('div', { class: 'form-actions' }, h('a', { class: 'btn primary', href: '#/desk?tab=execute', 'data-action': 'to-desk' }, t('reg.to_desk'))))));
    return;
  }
  const [places, deps, people, letter] = await Promise.all([
    get('/places').then((r) => r.items, () => []),
    get('/departments').then((r) => r.items, () => []),
    get('/people').then((r) => r.items || [], () => []),
    // REG-3: the classified contents of an opened personal letter (from #/letters).
    ctx.query.letter ? get(`/letters/${encodeURIComponent(ctx.query.letter)}`).catch(() => null) : null,
  ]);
  const keep = keepingFields(people);
  const scope = h('select', { name: 'scope_dept', multiple: true, size: Math.min(6, Math.max(2, deps.length)) },
    deps.map((d) => h('option', { value: d.name }, d.name)));
  const f = {
    title: input('title', { maxlength: 200 }),
    level: select('level', vocabOptions('level', LEVELS), { value: 'confidential' }),
    doc_number: input('doc_number', { maxlength: 64 }),
    serial_number: input('serial_number', { type: 'number', min: 1, inputmode: 'numeric' }),
    kind: select('kind', vocabOptions('kind', KINDS), { value: 'paper' }),
    urgency: select('urgency', vocabOptions('urgency', URGENCIES), { value: 'normal' }),
    pages: input('pages', { type: 'number', min: 0, inputmode: 'numeric' }),
    producer: input('producer'),
    sender: input('sender', { value: letter ? letter.sender : '' }),
    received_on: input('received_on', { type: 'date', value: isoDay(), max: isoDay() }),
    period: input('period', { placeholder: t('reg.period_ph') }),
    place: select('place', places.map((p) => [p.name, `${p.name}（${term('level', p.max_level)}）`]), { blank: t('reg.place_pick') }),
    scope_people: input('scope_people', { placeholder: t('reg.scope_people_ph') }),
    note: h('textarea', { name: 'note', rows: 2, maxlength: 1000 }),
  };
  const err = h('div', { class: 'form-error', 'data-testid': 'register-error' });
  const submit = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'register' }, t('reg.submit'));
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'page-title' },
    err,
    letter ? h('div', { class: 'wide', 'data-testid': 'reg-letter' }, notice('info', t('reg.letter_note', { id: letter.id, sender: letter.sender, to: letter.addressee_name || '' }))) : null,
    field(t('reg.origin'), originSel),
    field(t('carrier.title'), f.title, { required: true, wide: true }),
    field(t('carrier.level'), f.level, { required: true, hint: t('reg.level_hint') }),
    field(t('carrier.doc_number'), f.doc_number),
    field(t('carrier.serial'), f.serial_number),
    field(t('carrier.kind'), f.kind),
    field(t('carrier.urgency'), f.urgency),
    field(t('carrier.pages'), f.pages),
    field(t('carrier.producer'), f.producer),
    field(t('carrier.sender'), f.sender),
    field(t('carrier.received_on'), f.received_on, { hint: t('reg.received_hint') }),
    field(t('carrier.period'), f.period, { hint: t('reg.period_hint') }),
    field(t('carrier.place'), f.place, { required: true, hint: t('reg.place_hint') }),
    field(t('reg.scope_depts'), scope, { hint: t('reg.scope_hint') }),
    field(t('reg.scope_people'), f.scope_people),
    keep.el,
    field(t('carrier.note'), f.note, { wide: true }),
    h('div', { class: 'form-actions' }, submit, h('a', { class: 'btn', href: '#/ledger' }, t('common.cancel'))));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    const v = formValues(form);
    const missing = [];
    if (!v.title) missing.push(f.title);
    if (!v.place) missing.push(f.place);
    for (const el of Object.values(f)) el.removeAttribute('aria-invalid');
    if (missing.length) {
      missing.forEach((el) => el.setAttribute('aria-invalid', 'true'));
      err.appendChild(notice('error', t('common.required_missing')));
      missing[0].focus();
      return;
    }
    const body = {
      title: v.title, level: v.level, kind: v.kind, urgency: v.urgency, place: v.place,
      doc_number: v.doc_number, producer: v.producer, sender: v.sender, note: v.note,
    };
    if (v.pages) body.pages = Number(v.pages);
    if (v.period) body.period = /^\d+$/.test(v.period) ? Number(v.period) : v.period;
    const sc = [...scope.selectedOptions].map((o) => o.value);
    if (v.scope_people) sc.push(...v.scope_people.split(/[,，、\s]+/).filter(Boolean));
    if (sc.length) body.scope = sc;
    if (v.serial_number) body.serial_number = Number(v.serial_number);
    if (v.received_on) body.received_on = v.received_on;
    Object.assign(body, keep.values());
    if (letter) body.letter = letter.id;
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const r = await busy(submit, err, () => post('/carriers', body));
    if (!r) return;
    toast(t('reg.done', { id: r.id }), 'ok');
    ctx.go(`/carrier/${r.id}`);
  });
  root.appendChild(card(null, form));
  f.title.focus();
}
