// keeping.js — 个人保管 (KEEP-6, issue 14 point 4) in the registration and
// move forms: the custodian chosen from the unit's people, and, when that is
// not a secrecy clerk, why they keep it, who approved it and until when.
// The server decides (KEEP-6, CIRC-1, PERSON-1); the fields only ask.
import { t } from './i18n.js';
import { h, field, input, select } from './ui.js';

const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'];
const isClerkPerson = (p) => (p.roles || []).some((r) => r.role === 'clerk');

// `people` from GET /people; `current` the carrier's custodian id (move form).
export function keepingFields(people, { current } = {}) {
  const usable = people.filter((p) => p.status === 'active' && !(p.roles || []).some((r) => ADMIN_ROLES.includes(r.role)));
  const label = (p) => (isClerkPerson(p) ? t('keep.clerk_label', { name: p.name }) : p.name);
  const custodian = select('custodian', usable.map((p) => [String(p.id), label(p)]),
    { blank: current ? t('keep.unchanged') : t('keep.clerk_default'), value: '' });
  const reason = input('keep_reason', { maxlength: 500 });
  const approver = select('keep_approver', usable.map((p) => [String(p.id), p.name]), { blank: t('keep.choose_approver') });
  const until = input('keep_until', { type: 'date' });
  const terms = h('fieldset', { class: 'keep-terms wide', 'data-testid': 'keep-terms' },
    h('legend', null, t('keep.terms')),
    h('p', { class: 'hint' }, t('keep.terms_hint')),
    field(t('keep.reason'), reason, { required: true }),
    field(t('keep.approver'), approver, { required: true, hint: t('keep.approver_hint') }),
    field(t('keep.until'), until, { required: true }));
  const sync = () => {
    const p = usable.find((x) => String(x.id) === custodian.value);
    terms.hidden = !p || isClerkPerson(p);
  };
  custodian.addEventListener('change', sync);
  sync();
  return {
    el: [field(t('keep.custodian'), custodian, { hint: t('keep.custodian_hint') }), terms],
    values() {
      const out = {};
      if (custodian.value) out.custodian = custodian.value;
      if (!terms.hidden) {
        if (reason.value.trim()) out.keep_reason = reason.value.trim();
        if (approver.value) out.keep_approver = approver.value;
        if (until.value) out.keep_until = until.value;
      }
      return out;
    },
  };
}
