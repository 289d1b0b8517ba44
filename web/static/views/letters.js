// letters.js — 领导亲启 (REG-3): the clerk logs a sealed personal letter
// unopened (sender, date received, addressee chosen from the people with an
// account); the addressee opens it here and says whether it held classified
// contents; the clerk then registers those contents from the registration
// form, which links them to the letter. The list shows the letters waiting
// on each step; a refusal (a date in the future, REG-2; anybody but the
// addressee opening, REG-3) shows its rule in the form.
import { get, post, qs } from '../api.js';
import { t, fmtDate, fmtDateTime, isoDay } from '../i18n.js';
import { h, pageHead, card, field, input, select, toast, errorBox, emptyState, table, busy, dialog, xlsxLink } from '../ui.js';
import { isClerk, session } from '../app.js';

const STATUSES = ['sealed', 'to_register', 'registered', 'closed'];
const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'];
const name = (o, k) => (document.documentElement.lang === 'en' ? o[k + '_en'] : o[k]) || o[k];

// REG-3: only the addressee opens it, and says what it held.
async function openLetter(l, ctx) {
  const classified = select('classified', [['true', t('ltr.classified_yes')], ['false', t('ltr.classified_no')]], { blank: t('ltr.classified_choose') });
  const note = input('open_note', { maxlength: 1000 });
  const ok = await dialog(t('ltr.open'), h('div', { class: 'form one' },
    h('p', null, t('ltr.open_q', { sender: l.sender, on: fmtDate(l.received_on) })),
    field(t('ltr.f.classified'), classified, { required: true, hint: t('ltr.classified_hint') }),
    field(t('ltr.f.open_note'), note)), {
    ok: t('ltr.open'),
    onOk: () => post(`/letters/${l.id}/open`, { classified: classified.value === '' ? undefined : classified.value === 'true', note: note.value.trim() || undefined }),
  });
  if (ok) { toast(t('ltr.opened'), 'ok'); ctx.render(); }
}

function actionFor(l, ctx) {
  const me = session.me && session.me.user.id;
  if (l.status === 'sealed' && l.addressee_id === me) {
    return h('button', { type: 'button', class: 'btn small primary', 'data-action': 'letter-open', on: { click: () => openLetter(l, ctx) } }, t('ltr.open'));
  }
  if (l.status === 'to_register' && isClerk()) {
    return h('a', { class: 'btn small primary', href: `#/register?letter=${l.id}`, 'data-action': 'letter-register' }, t('ltr.register'));
  }
  return '';
}

async function logForm(root, ctx) {
  const people = await get('/people').then((r) => (r.items || []).filter((p) => p.username && p.status === 'active' && !(p.roles || []).some((x) => ADMIN_ROLES.includes(x.role))), () => []);
  // The leaders first: most personal letters are addressed to them.
  const leader = (p) => (p.roles || []).some((r) => ['principal', 'leader', 'classifier'].includes(r.role));
  people.sort((a, b) => Number(leader(b)) - Number(leader(a)));
  const sender = input('sender', { maxlength: 100 });
  const addressee = select('addressee', people.map((p) => [String(p.id), p.post ? `${p.name}（${p.post}）` : p.name]), { blank: t('ltr.choose_addressee') });
  const received = input('received_on', { type: 'date', value: isoDay() });
  const note = input('note', { maxlength: 1000 });
  const err = h('div', { 'data-testid': 'letter-error' });
  const btn = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'letter-log' }, t('ltr.log'));
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'letter-form' },
    h('p', { class: 'muted wide' }, t('ltr.log_intro')),
    field(t('ltr.f.sender'), sender, { required: true }),
    field(t('ltr.f.addressee'), addressee, { required: true }),
    field(t('ltr.f.received_on'), received, { required: true }),
    field(t('ltr.f.note'), note, { hint: t('ltr.note_hint') }),
    h('div', { class: 'wide' }, err),
    h('div', { class: 'form-actions' }, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const r = await busy(btn, err, () => post('/letters', {
      sender: sender.value.trim() || undefined, addressee: addressee.value || undefined,
      received_on: received.value || undefined, note: note.value.trim() || undefined,
    }));
    if (r) { toast(t('ltr.logged', { id: r.id }), 'ok'); ctx.render(); }
  });
  root.appendChild(card(t('ltr.log'), form));
}

export async function render(root, ctx) {
  // Issue 15: the 领导亲启信件登记簿 as the list shows it (the same filter, what the reader may see).
  root.appendChild(pageHead(t('ltr.title'), t('ltr.sub'), xlsxLink('/letters', { status: ctx.query.status }, 'baomi-letters')));
  const status = select('status', STATUSES.map((s) => [s, t('ltr.status.' + s)]), { value: ctx.query.status, blank: t('common.all') });
  status.addEventListener('change', () => ctx.go('/letters', { status: status.value }));
  root.appendChild(card(null, h('div', { class: 'filters' }, field(t('ltr.f.status'), status))));
  const box = h('section', { class: 'card' });
  root.appendChild(box);
  let res;
  try {
    res = await get('/letters' + qs({ status: ctx.query.status }));
  } catch (err) { box.appendChild(errorBox(err)); return; }
  // The newest first.
  const items = [...res.items].reverse();
  if (!items.length) box.appendChild(emptyState(t('ltr.none')));
  else {
    box.appendChild(table([
      { label: t('ltr.f.no'), render: (l) => `#${l.id}`, cls: 'nowrap' },
      { label: t('ltr.f.received_on'), render: (l) => fmtDate(l.received_on), cls: 'nowrap' },
      { label: t('ltr.f.sender'), render: (l) => l.sender },
      { label: t('ltr.f.addressee'), render: (l) => l.addressee_name || '—' },
      { label: t('ltr.f.status'), render: (l) => name(l, 'status_name') || t('ltr.status.' + l.status), cls: 'nowrap' },
      { label: t('ltr.f.opened_at'), render: (l) => (l.opened_at ? fmtDateTime(l.opened_at) : '—'), cls: 'nowrap' },
      { label: t('ltr.f.contents'), render: (l) => (l.carrier_ids && l.carrier_ids.length
        ? l.carrier_ids.map((id, i) => [i ? '、' : '', h('a', { href: `#/carrier/${id}` }, t('carrier.no', { id }))])
        : l.classified === false ? t('ltr.nothing_classified') : '—') },
      { label: t('ltr.f.logged_by'), render: (l) => l.logged_by_name || '—', cls: 'nowrap' },
      { label: t('common.actions'), render: (l) => actionFor(l, ctx) },
    ], items, { caption: t('ltr.title'), rowAttrs: (l) => ({ 'data-letter': l.id, 'data-status': l.status }) }));
  }
  if (isClerk()) await logForm(root, ctx);
}
