// register.js — 收文登记 (REG-1, LEVEL-2, KEEP-1): the clerk registers an
// incoming carrier. 制作登记 carries out an approved make request (MAKE-1):
// the "made" choice points to the desk's execute tab, where it is done.
// Every check is the server's; a refusal shows its rule ID
// (for example KEEP-1 when the place may not hold the level).
// The form guards against a clerk's slips (issue 14 point 9): no level is
// chosen for them; the date received is shown in words and a date other
// than today, or one half typed, is never taken silently; 保密期限 takes
// years, a date or a condition such as 考试结束后 (LEVEL-8) with its review
// date; 知悉范围 is chosen by searching people and departments by name.
import { get, post } from '../api.js';
import { t, term, isoDay, fmtDate } from '../i18n.js';
import {
  h, pageHead, card, field, input, select, vocabOptions, formValues, busy, toast, notice, dialog,
  LEVELS, KINDS, URGENCIES,
} from '../ui.js';
import { isClerk } from '../app.js';
import { keepingFields } from '../keeping.js';
import { peoplePicker } from './requests.js';

// What the 保密期限 box holds: years ("10", "10年"), a date, or a condition.
export function periodOf(text) {
  const s = (text || '').trim();
  if (!s) return { kind: 'default' };
  if (/^\d{1,3}\s*年?$/.test(s)) return { kind: 'years', years: Number(s.replace(/\D/g, '')) };
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return { kind: 'until', date: s };
  return { kind: 'event', event: s };
}

// Whole days from `a` to `b` ("2026-12-01", "2026-12-05" → 4).
const daysBetween = (a, b) => Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86400000);

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
    get('/places?retired=false').then((r) => r.items, () => []),
    get('/departments?retired=false').then((r) => r.items, () => []),
    get('/people').then((r) => r.items || [], () => []),
    // REG-3: the classified contents of an opened personal letter (from #/letters).
    ctx.query.letter ? get(`/letters/${encodeURIComponent(ctx.query.letter)}`).catch(() => null) : null,
  ]);
  const keep = keepingFields(people);
  const scope = peoplePicker('scope', t('carrier.scope'), { hint: t('reg.scope_pick_hint') });
  const today = isoDay();
  const f = {
    title: input('title', { maxlength: 200 }),
    // No level is chosen for the clerk (LEVEL-2): the blank choice is refused.
    level: select('level', vocabOptions('level', LEVELS), { blank: t('reg.level_pick') }),
    doc_number: input('doc_number', { maxlength: 64 }),
    serial_number: input('serial_number', { type: 'number', min: 1, inputmode: 'numeric' }),
    kind: select('kind', vocabOptions('kind', KINDS), { value: 'paper' }),
    urgency: select('urgency', vocabOptions('urgency', URGENCIES), { value: 'normal' }),
    pages: input('pages', { type: 'number', min: 0, inputmode: 'numeric' }),
    producer: input('producer'),
    sender: input('sender', { value: letter ? letter.sender : '' }),
    received_on: input('received_on', { type: 'date', value: today, max: today }),
    period: input('period', { placeholder: t('reg.period_ph'), maxlength: 100 }),
    review_date: input('review_date', { type: 'date', min: today }),
    place: select('place', places.map((p) => [p.name, `${p.name}（${term('level', p.max_level)}）`]), { blank: t('reg.place_pick') }),
    note: h('textarea', { name: 'note', rows: 2, maxlength: 1000 }),
  };
  // The date received in words, next to the box: a changed date shows at once.
  const receivedWords = h('p', { class: 'date-words', 'data-testid': 'received-words', 'aria-live': 'polite' });
  const sayReceived = () => {
    const v = f.received_on.value;
    receivedWords.classList.remove('warn');
    if (f.received_on.validity.badInput || (!v && f.received_on.matches(':invalid'))) {
      receivedWords.textContent = t('reg.received_incomplete');
      receivedWords.classList.add('warn');
    } else if (!v) receivedWords.textContent = t('reg.received_missing');
    else if (v === today) receivedWords.textContent = t('reg.received_today', { date: fmtDate(v) });
    else if (v > today) { receivedWords.textContent = t('reg.received_future', { date: fmtDate(v) }); receivedWords.classList.add('warn'); } else {
      receivedWords.textContent = t('reg.received_before', { date: fmtDate(v), n: daysBetween(v, today) });
      receivedWords.classList.add('warn');
    }
  };
  f.received_on.addEventListener('input', sayReceived);
  f.received_on.addEventListener('change', sayReceived);
  // A wheel turned over the focused date box must not change it unseen.
  f.received_on.addEventListener('wheel', (ev) => { if (document.activeElement === f.received_on) ev.preventDefault(); }, { passive: false });
  sayReceived();
  // 保密期限: a condition (解密条件) needs its review date (LEVEL-3, LEVEL-8).
  const periodWords = h('p', { class: 'date-words', 'data-testid': 'period-words', 'aria-live': 'polite' });
  const reviewField = field(t('reg.review_date'), f.review_date, { hint: t('reg.review_hint') });
  const sayPeriod = () => {
    const p = periodOf(f.period.value);
    reviewField.hidden = p.kind !== 'event';
    periodWords.textContent = p.kind === 'years' ? t('reg.period_is_years', { n: p.years })
      : p.kind === 'until' ? t('reg.period_is_until', { date: fmtDate(p.date) })
        : p.kind === 'event' ? t('reg.period_is_event', { event: p.event }) : t('reg.period_is_default');
  };
  f.period.addEventListener('input', sayPeriod);
  sayPeriod();
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
    h('div', { class: 'field-group' }, field(t('carrier.received_on'), f.received_on, { required: true, hint: t('reg.received_hint') }), receivedWords),
    h('div', { class: 'field-group' }, field(t('carrier.period'), f.period, { hint: t('reg.period_hint') }), periodWords),
    reviewField,
    field(t('carrier.place'), f.place, { required: true, hint: t('reg.place_hint') }),
    scope.el,
    keep.el,
    field(t('carrier.note'), f.note, { wide: true }),
    h('div', { class: 'form-actions' }, submit, h('a', { class: 'btn', href: '#/ledger' }, t('common.cancel'))));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    const v = formValues(form);
    const missing = [];
    if (!v.title) missing.push(f.title);
    if (!v.level) missing.push(f.level);
    // A half-typed date is empty to the script: never let it become today.
    if (!f.received_on.value || f.received_on.validity.badInput) missing.push(f.received_on);
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
    const period = periodOf(v.period);
    if (period.kind === 'years') body.period = period.years;
    else if (period.kind === 'until') body.period = period.date;
    else if (period.kind === 'event') {
      body.period_event = period.event;
      if (f.review_date.value) body.review_date = f.review_date.value;
    }
    const sc = scope.value().split(',').filter(Boolean);
    if (sc.length) body.scope = sc;
    if (v.serial_number) body.serial_number = Number(v.serial_number);
    body.received_on = f.received_on.value;
    Object.assign(body, keep.values());
    if (letter) body.letter = letter.id;
    // A date received other than today is said back and confirmed (REG-2).
    if (body.received_on !== today) {
      const ok = await dialog(t('reg.received_confirm_title'), h('p', { 'data-testid': 'received-confirm' },
        body.received_on > today ? t('reg.received_future', { date: fmtDate(body.received_on) })
          : t('reg.received_confirm', { date: fmtDate(body.received_on), n: daysBetween(body.received_on, today) })),
      { ok: t('reg.received_confirm_ok') });
      if (!ok) { f.received_on.focus(); return; }
    }
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const r = await busy(submit, err, () => post('/carriers', body));
    if (!r) return;
    toast(t('reg.done', { id: r.id }), 'ok');
    ctx.go(`/carrier/${r.id}`);
  });
  root.appendChild(card(null, form));
  f.title.focus();
}
