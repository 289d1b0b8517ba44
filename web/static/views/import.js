// import.js — 导入现有台账 (issue 15 point 1): the clerk picks what is imported
// (a 收文登记簿 or a 涉密设备台账; the security administrator a 涉密人员登记表,
// for existing accounts only) and a file in CSV, .xls or .xlsx; a dry run
// (POST /imports/KIND?dry_run=1, the file as the body) shows how each column is
// read and, row by row, what would be imported and what is refused and why (the
// rule ID); only when no row is refused may it be confirmed, and the real run
// imports every row or none. Every check is the server's.
import { upload, qs } from '../api.js';
import { t, lang } from '../i18n.js';
import { h, clear, pageHead, card, field, input, select, busy, toast, notice, errorBox, table } from '../ui.js';
import { isClerk, has } from '../app.js';

// What may be imported, by whom (the server decides: KEEP-5, DEV-1, PERSON-2).
const KINDS = [
  { kind: 'carriers', show: () => isClerk() },
  { kind: 'devices', show: () => isClerk() },
  { kind: 'people', show: () => has('secadmin') },
];

function columnsTable(rep) {
  return table([
    { label: t('imp.heading'), render: (c) => c.heading },
    // The field's column label in the screen's language (the mapping takes it), not its code.
    { label: t('imp.field'), render: (c) => (c.field ? h('span', { 'data-field': c.field }, (lang() === 'en' ? c.field_en : c.field_zh) || c.field_zh) : t('imp.not_imported')) },
  ], rep.columns);
}

function rowsTable(rep) {
  const status = {
    label: t('imp.status'),
    render: (r) => (r.id && rep.kind === 'carriers' ? h('a', { href: `#/carrier/${r.id}` }, `${t('imp.registered')} ${r.id}`)
      : h('span', { class: `badge ${r.ok ? 'ok' : 'warn'}` }, r.id ? t('imp.registered') : r.ok ? t('imp.ok') : t('imp.refused'))),
  };
  const reason = {
    label: t('imp.reason'),
    render: (r) => (r.error ? errorBox({ rule: r.error.rule, code: r.error.code, message_zh: r.error.message, message_en: r.error.message_en },
      { prefix: r.column || undefined }) : ''),
  };
  if (rep.kind !== 'carriers') {
    return table([
      { label: t('imp.row'), num: true, render: (r) => r.row },
      status,
      { label: t('imp.what'), render: (r) => (lang() === 'en' ? r.summary_en : r.summary) || '' },
      reason,
    ], rep.rows, { rowAttrs: (r) => ({ 'data-row': r.row, 'data-ok': String(r.ok) }) });
  }
  return table([
    { label: t('imp.row'), num: true, render: (r) => r.row },
    {
      label: t('imp.status'),
      render: (r) => (r.id ? h('a', { href: `#/carrier/${r.id}` }, `${t('imp.registered')} ${r.id}`)
        : h('span', { class: `badge ${r.ok ? 'ok' : 'warn'}` }, r.ok ? t('imp.ok') : t('imp.refused'))),
    },
    { label: t('carrier.level'), render: (r) => r.level || '' },
    { label: t('carrier.title'), render: (r) => r.title || '' },
    { label: t('carrier.doc_number'), render: (r) => r.doc_number || '' },
    { label: t('imp.received_on'), render: (r) => r.received_on || '' },
    {
      label: t('imp.reason'),
      render: (r) => (r.error ? errorBox({ rule: r.error.rule, code: r.error.code, message_zh: r.error.message, message_en: r.error.message_en },
        { prefix: r.column || undefined }) : ''),
    },
  ], rep.rows, { rowAttrs: (r) => ({ 'data-row': r.row, 'data-ok': String(r.ok) }) });
}

export async function render(root) {
  root.appendChild(pageHead(t('imp.title'), t('imp.sub')));
  const kinds = KINDS.filter((k) => k.show());
  if (!kinds.length) {
    root.appendChild(notice('warn', t('imp.clerk_only')));
    return;
  }
  const kind = select('kind', kinds.map((k) => [k.kind, t(`imp.kind.${k.kind}`)]), { value: kinds[0].kind });
  const hint = h('p', { class: 'hint', 'data-testid': 'import-kind-hint' });
  const showHint = () => { hint.textContent = t(`imp.hint.${kind.value}`); };
  showHint();
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,.xls,.xlsx,text/csv' });
  const map = input('map', { placeholder: t('imp.map_ph') });
  const err = h('div', { class: 'form-error', 'data-testid': 'import-error' });
  const report = h('div', { 'data-testid': 'import-report' });
  const dry = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'dry-run' }, t('imp.dry_run'));
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'page-title' },
    err,
    field(t('imp.kind'), kind, { required: true, wide: true }),
    hint,
    field(t('imp.file'), file, { required: true, wide: true, hint: t('imp.file_hint') }),
    field(t('imp.map'), map, { wide: true, hint: t('imp.map_hint') }),
    h('div', { class: 'form-actions' }, dry));

  kind.addEventListener('change', () => { showHint(); clear(report); });
  const path = (f, dryRun) => `/imports/${kind.value}` + qs({ dry_run: dryRun ? 1 : '', name: f.name, map: map.value.trim() });

  function show(rep, dryRun) {
    clear(report);
    report.appendChild(notice(rep.refused ? 'warn' : 'ok', t('imp.summary',
      { file: rep.file, format: rep.format, ok: rep.ok, refused: rep.refused, sm3: rep.sm3 })));
    if (rep.header_rows) {
      report.appendChild(h('p', { class: 'hint', 'data-testid': 'import-header-rows' },
        t('imp.header_rows', { first: rep.header_rows[0], last: rep.header_rows[1] })));
    }
    report.appendChild(card(t('imp.columns'), columnsTable(rep)));
    report.appendChild(card(t('imp.rows'), rowsTable(rep)));
    if (!dryRun) return;
    report.appendChild(notice('info', t('imp.nothing_written')));
    if (rep.refused || !rep.ok) {
      report.appendChild(notice('warn', t('imp.fix_first')));
      return;
    }
    const chosen = file.files[0];
    const confirm = h('button', { type: 'button', class: 'btn primary', 'data-action': 'confirm-import' },
      t('imp.confirm', { n: rep.ok }));
    confirm.addEventListener('click', async () => {
      let refusedReport = null;
      const done = await busy(confirm, err, () => upload(path(chosen, false), chosen).catch((e) => {
        refusedReport = e.body && e.body.import;
        throw e;
      }));
      if (done) {
        toast(t('imp.done', { n: done.ok }), 'ok');
        show(done, false);
      } else if (refusedReport) {
        show(refusedReport, false);
      }
    });
    report.appendChild(h('div', { class: 'form-actions' }, confirm));
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(err);
    const f = file.files[0];
    if (!f) {
      file.setAttribute('aria-invalid', 'true');
      err.appendChild(notice('error', t('imp.pick_file')));
      file.focus();
      return;
    }
    file.removeAttribute('aria-invalid');
    clear(report);
    let refusedReport = null;
    const rep = await busy(dry, err, () => upload(path(f, true), f).catch((e) => {
      refusedReport = e.body && e.body.import;
      throw e;
    }));
    if (rep) show(rep, true);
    else if (refusedReport) show(refusedReport, false);
  });
  root.appendChild(card(null, form));
  root.appendChild(report);
}
