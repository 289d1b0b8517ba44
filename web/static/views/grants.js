// grants.js — 涉密人员与授权 (SYS-1, PERSON-1/2): the security administrator
// sets a person's class, roles and the date the commitment was signed.
import { get, post } from '../api.js';
import { t, term, fmtDate } from '../i18n.js';
import { h, pageHead, card, field, input, select, errorBox, emptyState, table, dialog, toast } from '../ui.js';

const CLASSES = ['none', 'general', 'important', 'core'];
const ROLES = ['clerk', 'dept_head', 'leader', 'principal', 'classifier', 'staff', 'inspector'];

async function grant(p, ctx) {
  const cls = select('class', CLASSES.map((c) => [c, term('class', c)]), { value: p.class });
  const roles = h('select', { name: 'roles', multiple: true, size: ROLES.length },
    ROLES.map((r) => h('option', { value: r, selected: (p.roles || []).some((x) => x.role === r) }, term('role', r))));
  const commitment = input('commitment_signed_on', { type: 'date', value: p.commitment_signed_on || '' });
  const ok = await dialog(t('grant.edit', { name: p.name }), h('div', { class: 'form one' },
    field(t('grant.class'), cls, { hint: t('grant.class_hint') }),
    field(t('grant.roles'), roles),
    field(t('grant.commitment'), commitment, { hint: t('grant.commitment_hint') })), {
    ok: t('grant.save'),
    onOk: () => {
      const body = { class: cls.value, roles: [...roles.selectedOptions].map((o) => o.value) };
      if (commitment.value) body.commitment_signed_on = commitment.value;
      return post(`/people/${p.id}/grant`, body);
    },
  });
  if (ok) { toast(t('grant.saved'), 'ok'); ctx.render(); }
}

export async function render(root, ctx) {
  root.appendChild(pageHead(t('grant.title'), t('grant.sub')));
  let people;
  try { people = (await get('/people')).items; } catch (err) { root.appendChild(errorBox(err)); return; }
  root.appendChild(card(null, people.length ? table([
    { label: t('acct.name'), render: (p) => p.name },
    { label: t('acct.username'), render: (p) => p.username || '—' },
    { label: t('grant.class'), render: (p) => term('class', p.class) },
    { label: t('grant.roles'), render: (p) => (p.roles || []).map((r) => term('role', r.role)).join('、') || '—' },
    { label: t('grant.commitment'), render: (p) => (p.commitment_signed_on ? fmtDate(p.commitment_signed_on) : '—') },
    { label: t('common.actions'), render: (p) => h('button', { type: 'button', class: 'btn small', on: { click: () => grant(p, ctx) } }, t('grant.edit_short')) },
  ], people, { caption: t('grant.title') }) : emptyState(t('grant.none'))));
}
