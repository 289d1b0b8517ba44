// duty_screen.test.mjs — 保密工作领导小组与部门保密责任 (ORG-1, ORG-2; issue 11
// point 6) in the browser. The demo clerk sees the demo's group (赵立军 组长,
// 刘志强 副组长 and leader in charge) and every department's responsible
// leader and clerk in words; appoints a member through the form (the person
// found by name) and sees the place in the list and the history; a refused
// appointment (a future day, a head who is no leader) and a refused
// department line show the reason, the article and ORG-1, and the API shows
// nothing changed; a place is ended; the print view prints the 名单 and the
// 分工表 to a PDF with the names, the 文号 and the signature and seal lines.
// A leader reads the screen without forms, so does an administrator (SYS-1);
// the reports' delivery dialog offers the group's current members only, the
// leader in charge first; the page fits a 390 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled, shot, assertLabelled } from './lib.mjs';
import { pdfPages } from './pdftext.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env;
const pages = [];
const tok = {};
const get = async (path, who = 'clerk') => {
  const r = await call(env.url, 'GET', path, { token: tok[who] });
  assert.equal(r.status, 200, r.text);
  return r.json;
};
// Everything the responsibility system holds: a refusal leaves it as it was.
const state = async () => {
  const { members, former, lines, events } = await get('/api/v1/duty/history');
  return JSON.stringify({ members, former, lines, events });
};
// The browser's day (the forms' default) and one `n` days from it.
const day = (n = 0) => {
  const d = new Date(Date.now() + n * 86400000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const DOC = '测职〔2026〕5号';
// An i18n key, a vocabulary code or an API action left on a Chinese screen.
const RAW = /\b(duty|nav|report)\.[a-z_.]+|\b(head|deputy|member|in_charge|valid|lapsed|missing|member\.add|member\.end|department\.set|true|false|null|undefined)\b/;

before(async () => {
  env = await setup();
  for (const u of ['clerk', 'leader']) tok[u] = await apiLogin(env.url, u);
});
// The server and the browser are stopped before anything is asserted.
after(async () => {
  const st = env ? await env.close() : null;
  for (const p of pages) assert.deepEqual(p.errors, [], `no script errors in ${p.who}'s pages`);
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

async function open(who, hash = '/#/duty') {
  const page = await env.page();
  page.who = who;
  pages.push(page);
  await login(page, who);
  await page.goto(hash);
  await settled(page);
  return page;
}

let clerk;
let appointee; // the person appointed through the form

test('ORG-1: the clerk sees the demo\'s group and every department\'s leader and clerk, in words', async () => {
  clerk = await open('clerk');
  assert.equal(await clerk.locator('.sidebar a[href="#/duty"]').count(), 1, 'in the clerk\'s menu');
  assert.equal(await clerk.locator('main h1').innerText(), '保密工作领导小组与部门保密责任');
  const fact = (k) => clerk.locator(`[data-testid=group-facts] dd[data-fact=${k}]`).innerText();
  assert.equal(await fact('head'), '赵立军');
  assert.equal(await fact('deputy'), '刘志强');
  assert.equal(await fact('in_charge'), '刘志强');
  const v = await get('/api/v1/duty');
  const rows = clerk.locator('tr[data-member]');
  assert.equal(await rows.count(), v.members.length);
  const first = await rows.nth(0).innerText();
  assert.match(first, /赵立军[\s\S]*组长[\s\S]*示教体〔\d{4}〕3号[\s\S]*已签订，有效至 \d{4}-\d{2}-\d{2}/);
  assert.match(await rows.nth(1).innerText(), /刘志强[\s\S]*副组长（分管保密工作）/);
  assert.equal(await clerk.locator('[data-testid=duty-gaps]').getAttribute('data-gaps'), '0', 'the demo has no ORG-1 gap');
  const depts = clerk.locator('tr[data-department]');
  assert.equal(await depts.count(), v.departments.length);
  assert.equal(await clerk.locator('tr[data-department][data-assigned="1"]').count(), v.departments.length, 'every department has its line');
  assert.match(await clerk.locator('tr[data-department]', { hasText: '办公室' }).innerText(), /办公室[\s\S]*周伟[\s\S]*陈静/);
  const hist = await clerk.locator('[data-testid=duty-history]').innerText();
  assert.match(hist, /任命“赵立军”为组长，任命日期 \d{4}-\d{2}-\d{2}，文号 示教体〔\d{4}〕3号/);
  assert.match(hist, /办公室：保密工作责任领导“周伟”，保密员“陈静”/);
  assert.equal(await clerk.locator('tr[data-event]').count(), (await get('/api/v1/duty/history')).events.length);
  assert.doesNotMatch(await clerk.locator('main').innerText(), RAW, 'no raw key or code on the zh screen');
  // The clerk has the forms.
  await shot(clerk, 'duty-clerk');
  await assertLabelled(clerk, '#/duty');
  assert.equal(await clerk.locator('[data-testid=appoint-form]').count(), 1);
  assert.equal(await clerk.locator('[data-testid=dept-form]').count(), 1);
});

test('ORG-1: a member appointed through the form (found by name) shows in the list and the history', async () => {
  const people = (await get('/api/v1/people')).items;
  const inGroup = new Set((await get('/api/v1/duty')).members.map((m) => m.person_id));
  appointee = people.find((p) => p.username === 'staff');
  assert.ok(appointee && !inGroup.has(appointee.id), 'staff is not in the demo group');
  await clerk.locator('#duty_person-search').fill(appointee.name.slice(0, 2));
  await clerk.locator(`.pick-results button[data-pick="${appointee.id}"]`).click();
  assert.equal(await clerk.locator('[data-testid=duty_person-chosen] li').getAttribute('data-pick'), String(appointee.id));
  await clerk.locator('[data-testid=appoint-form] select[name=role]').selectOption('member');
  await clerk.locator('[data-testid=appoint-form] input[name=document]').fill(DOC);
  await clerk.locator('[data-action=appoint]').click();
  await clerk.locator(`tr[data-member][data-person="${appointee.id}"]`).waitFor();
  await settled(clerk);
  const row = await clerk.locator(`tr[data-member][data-person="${appointee.id}"]`).innerText();
  assert.match(row, new RegExp(`${appointee.name}[\\s\\S]*成员[\\s\\S]*${day()}[\\s\\S]*${DOC}`));
  const m = (await get('/api/v1/duty')).members.find((x) => x.person_id === appointee.id);
  assert.ok(m, 'the API has the place');
  assert.deepEqual([m.role, m.in_charge, m.appointed_on, m.document], ['member', false, day(), DOC]);
  assert.match(await clerk.locator('[data-testid=duty-history]').innerText(), new RegExp(`任命“${appointee.name}”为成员，任命日期 ${day()}，文号 ${DOC}`));
});

test('ORG-1: a refused appointment shows the reason, the article and ORG-1, and changes nothing', async () => {
  const people = (await get('/api/v1/people')).items;
  const inGroup = new Set((await get('/api/v1/duty')).members.map((m) => m.person_id));
  const other = people.find((p) => p.status === 'active' && !inGroup.has(p.id) && !(p.roles || []).some((r) => ['leader', 'principal'].includes(r.role)) && p.username);
  assert.ok(other, 'someone else outside the group');
  const s = await state();
  const pick = async () => {
    await clerk.locator('#duty_person-search').fill(other.name);
    await clerk.locator(`.pick-results button[data-pick="${other.id}"]`).click();
  };
  // A future day.
  await pick();
  await clerk.locator('[data-testid=appoint-form] input[name=appointed_on]').fill(day(3));
  await clerk.locator('[data-testid=appoint-form] input[name=document]').fill('测职〔2026〕6号');
  await clerk.locator('[data-action=appoint]').click();
  const err = clerk.locator('[data-testid=appoint-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'ORG-1');
  assert.equal(await err.getAttribute('data-code'), 'duty_date_in_future');
  assert.match(await err.innerText(), /^任命日期不能晚于今天[\s\S]*依据本单位保密工作制度[\s\S]*ORG-1/, 'reason first, the article, the rule ID');
  assert.equal(await state(), s, 'nothing changed');
  // A second head who is no leader of the unit.
  await clerk.locator('[data-testid=appoint-form] input[name=appointed_on]').fill(day());
  await clerk.locator('[data-testid=appoint-form] select[name=role]').selectOption('head');
  await clerk.locator('[data-action=appoint]').click();
  await clerk.locator('[data-testid=appoint-error] .alert.error[data-code=duty_head_not_leader]').waitFor();
  assert.equal(await clerk.locator('[data-testid=appoint-error] .alert.error').getAttribute('data-rule'), 'ORG-1');
  assert.match(await clerk.locator('[data-testid=appoint-error]').innerText(), /组长须由单位主要领导或分管领导担任/);
  assert.equal(await state(), s, 'nothing changed');
  assert.equal(await clerk.locator(`tr[data-member][data-person="${other.id}"]`).count(), 0, 'not in the list');
  // A department's line as it is already: refused, nothing changed.
  const office = (await get('/api/v1/duty')).departments.find((d) => d.department === '办公室');
  await clerk.locator('[data-testid=dept-form] select[name=department]').selectOption(String(office.department_id));
  await clerk.locator('#duty_leader-search').fill(office.duty.leader);
  await clerk.locator(`.pick-results button[data-pick="${office.duty.leader_id}"]`).click();
  await clerk.locator('#duty_clerk-search').fill(office.duty.clerk);
  await clerk.locator(`.pick-results button[data-pick="${office.duty.clerk_id}"]`).click();
  await clerk.locator('[data-action=set-department]').click();
  const derr = clerk.locator('[data-testid=dept-error] .alert.error');
  await derr.waitFor();
  assert.equal(await derr.getAttribute('data-code'), 'duty_unchanged');
  assert.equal(await derr.getAttribute('data-rule'), 'ORG-1');
  assert.equal(await state(), s, 'nothing changed');
});

test('ORG-1: a department\'s clerk changed through the form; the line before ends that day', async () => {
  const people = (await get('/api/v1/people')).items;
  const v = await get('/api/v1/duty');
  const office = v.departments.find((d) => d.department === '办公室');
  const next = people.find((p) => p.status === 'active' && p.department_id === office.department_id && p.id !== office.duty.clerk_id && p.id !== office.duty.leader_id);
  assert.ok(next, 'another person of 办公室');
  await clerk.goto('/#/duty');
  await settled(clerk);
  await clerk.locator(`tr[data-department="${office.department_id}"] [data-action=change-department]`).click();
  assert.equal(await clerk.locator('[data-testid=dept-form] select[name=department]').inputValue(), String(office.department_id));
  await clerk.locator('#duty_leader-search').fill(office.duty.leader);
  await clerk.locator(`.pick-results button[data-pick="${office.duty.leader_id}"]`).click();
  await clerk.locator('#duty_clerk-search').fill(next.name);
  await clerk.locator(`.pick-results button[data-pick="${next.id}"]`).click();
  await clerk.locator('[data-testid=dept-form] input[name=dept_document]').fill('测职〔2026〕7号');
  await clerk.locator('[data-action=set-department]').click();
  await clerk.locator(`tr[data-department="${office.department_id}"]`, { hasText: next.name }).waitFor();
  await settled(clerk);
  const after = (await get('/api/v1/duty/history')).lines.find((l) => l.id === office.duty.id);
  assert.equal(after.ended_on, (await get('/api/v1/duty')).departments.find((d) => d.department === '办公室').duty.since, 'the line before ends the day the new one starts');
  assert.match(await clerk.locator('[data-testid=duty-history]').innerText(),
    new RegExp(`办公室：保密工作责任领导“${office.duty.leader}”，保密员“${next.name}”，自 \\d{4}-\\d{2}-\\d{2} 起，文号 测职〔2026〕7号（原分工同日结束）`));
});

test('ORG-1: a place ended through its dialog leaves the list for the former members', async () => {
  const m = (await get('/api/v1/duty')).members.find((x) => x.person_id === appointee.id);
  await clerk.locator(`tr[data-member="${m.id}"] [data-action=end]`).click();
  await clerk.locator('[data-testid=end-form]').waitFor();
  await clerk.locator('dialog input[name=end_document]').fill('测职〔2026〕8号');
  await clerk.locator('dialog .dlg-foot button[type=submit]').click();
  await clerk.locator(`tr[data-former="${m.id}"]`).waitFor();
  await settled(clerk);
  assert.equal(await clerk.locator(`tr[data-member="${m.id}"]`).count(), 0, 'no longer a current member');
  assert.match(await clerk.locator(`tr[data-former="${m.id}"]`).innerText(), new RegExp(`${appointee.name}[\\s\\S]*${DOC}[\\s\\S]*测职〔2026〕8号`));
  const h = await get('/api/v1/duty/history');
  const ended = h.former.find((x) => x.id === m.id);
  assert.ok(ended && ended.ended_on && ended.end_document === '测职〔2026〕8号');
  assert.match(await clerk.locator('[data-testid=duty-history]').innerText(), new RegExp(`“${appointee.name}”的成员职务于 ${ended.ended_on} 结束，文号 测职〔2026〕8号`));
  assert.doesNotMatch(await clerk.locator('main').innerText(), RAW, 'no raw key or code after the changes');
});

test('ORG-1: the print view prints the 名单 and the 分工表 with names, 文号 and the signature and seal lines', async () => {
  await clerk.locator('[data-action=duty-sheet]').click();
  await clerk.waitForFunction(() => location.hash === '#/duty/sheet');
  await settled(clerk);
  await clerk.locator('[data-testid=duty-sheet]').waitFor();
  const v = await get('/api/v1/duty');
  const unit = (await get('/api/v1/me')).unit.name;
  await shot(clerk, 'duty-sheet');
  const pdf = await clerk.pdf({ preferCSSPageSize: true });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const box = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
  assert.ok(box && Math.round(Number(box[1])) === 595 && Math.round(Number(box[2])) === 842, `an A4 portrait sheet (${box && box.slice(1)})`);
  const text = pdfPages(pdf).map((p) => p.replace(/\s+/g, '')).join('\n');
  for (const s of ['保密工作领导小组名单', '部门保密责任分工表', unit.replace(/\s+/g, ''), v.members[0].document, '制表人（签名）', '组长（签名）', '单位（盖章）']) {
    assert.ok(text.includes(s), `the PDF has ${s}`);
  }
  for (const m of v.members) assert.ok(text.includes(m.person), `the PDF names ${m.person}`);
  for (const d of v.departments) assert.ok(text.includes(d.duty.leader) && text.includes(d.duty.clerk), `the PDF has ${d.department}'s line`);
  assert.ok(text.includes('副组长（分管保密工作）'), 'the leader in charge is marked');
  assert.ok(!text.includes('打印名单') && !text.includes('登录提示'), 'no screen furniture on paper');
  assert.equal(await clerk.locator('[data-testid=duty-sheet] tr[data-member]').count(), v.members.length);
});

test('ORG-1: a leader reads the screen without forms', async () => {
  const page = await open('leader');
  assert.equal(await page.locator('.sidebar a[href="#/duty"]').count(), 1, 'in the leader\'s menu');
  assert.equal(await page.locator('[data-testid=group-facts] dd[data-fact=head]').innerText(), '赵立军');
  assert.ok(await page.locator('tr[data-member]').count() > 0);
  assert.equal(await page.locator('[data-testid=appoint-form], [data-testid=dept-form], [data-action=end], [data-action=change-department]').count(), 0, 'no forms');
  assert.equal(await page.locator('[data-testid=read-only]').count(), 1);
  assert.doesNotMatch(await page.locator('main').innerText(), RAW);
});

test('ORG-1: in English the roles and the history are in English words', async () => {
  const page = await env.page({ lang: 'en' });
  page.who = 'principal';
  pages.push(page);
  await login(page, 'principal');
  await page.goto('/#/duty');
  await settled(page);
  assert.equal(await page.locator('main h1').innerText(), 'Secrecy leadership and responsibility');
  assert.match(await page.locator('tr[data-member][data-in-charge="1"]').innerText(), /Deputy head \(in charge of secrecy work\)/);
  assert.match(await page.locator('[data-testid=duty-history]').innerText(), /赵立军 appointed Head on \d{4}-\d{2}-\d{2}, document 示教体〔\d{4}〕3号/);
  assert.doesNotMatch(await page.locator('main').innerText(), /\b(duty|nav)\.[a-z_.]+|任命|组长|副组长|分管|未签订|已签订/, 'no key and no Chinese word of the interface');
});

test('SYS-1: an administrator reads the group but gets no form', async () => {
  const page = await open('secadmin');
  assert.equal(await page.locator('main .alert.error').count(), 0);
  assert.ok(await page.locator('tr[data-member]').count() > 0);
  assert.equal(await page.locator('[data-testid=appoint-form], [data-testid=dept-form], [data-action=end], [data-action=change-department]').count(), 0, 'no forms for an administrator');
  // The server refuses an administrator anyway (SYS-1's reason under ORG-1).
  const r = await page.evaluate(async () => {
    const x = await fetch('/api/v1/duty/members', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'X-Requested-With': 'baomi' }, body: JSON.stringify({ person: 'staff', role: 'member', appointed_on: '2026-01-01', document: 'x' }) });
    return [x.status, (await x.json()).error];
  });
  assert.equal(r[0], 403);
  assert.equal(r[1].code, 'admin_no_business');
});

test('ORG-2: the reports\' delivery dialog offers the group\'s current members, the leader in charge first', async () => {
  const items = (await get('/api/v1/reports/deliveries')).items;
  const d = new Date(`${items.map((x) => x.period).sort()[0]}-15T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  const month = d.toISOString().slice(0, 7);
  await clerk.goto(`/#/reports?month=${month}`);
  await clerk.locator('[data-testid=report-sheet]').waitFor();
  await settled(clerk);
  await clerk.locator('[data-action=deliver]').click();
  const sel = clerk.locator('dialog select[name=to]');
  await sel.waitFor();
  assert.equal(await sel.getAttribute('data-offer'), 'group');
  const offered = await sel.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]).filter(([v]) => v));
  const members = (await get('/api/v1/duty')).members;
  assert.deepEqual(offered.map(([v]) => Number(v)).sort((a, b) => a - b), members.map((m) => m.person_id).sort((a, b) => a - b), 'only the current members');
  const inCharge = members.find((m) => m.in_charge);
  assert.equal(Number(offered[0][0]), inCharge.person_id, 'the leader in charge first');
  assert.equal(offered[0][1], `${inCharge.person}（副组长（分管保密工作））`);
  assert.equal(await sel.inputValue(), String(inCharge.person_id), 'and chosen');
  assert.ok(!offered.some(([v]) => Number(v) === appointee.id), 'a former member is not offered');
  await clerk.locator('dialog .dlg-foot button[type=submit]').click();
  await clerk.locator('[data-testid=delivery][data-delivered=yes]').waitFor();
  const del = (await get('/api/v1/reports/deliveries')).items.find((x) => x.period === month);
  assert.equal(del.to, inCharge.person_id, 'delivered to the leader in charge');
});

test('ORG-1: the screen and the print view fit a 390 px phone without sideways scrolling', async () => {
  await clerk.setViewportSize({ width: 390, height: 844 });
  for (const hash of ['/#/duty', '/#/duty/sheet']) {
    await clerk.goto(hash);
    await settled(clerk);
    const [w, iw] = await clerk.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(w <= iw, `${hash}: the page is ${w}px wide on a ${iw}px screen`);
  }
  await clerk.setViewportSize({ width: 1366, height: 768 });
});

test('ORG-1: without a leader in charge the gap shows on the screen and the dashboard\'s alert opens it', async () => {
  const inCharge = (await get('/api/v1/duty')).members.find((m) => m.in_charge);
  const r = await call(env.url, 'POST', `/api/v1/duty/members/${inCharge.id}/end`, { token: tok.clerk, body: { document: '测职〔2026〕9号' } });
  assert.equal(r.status, 200, r.text);
  // The server tells the gap among the clerk's alerts; the demo holds a hundred
  // others more urgent or as urgent, so the dashboard's few (issue 14 point 13:
  // three, then 另有 N 条) are given it first.
  const all = await get('/api/v1/alerts?urgency=medium&limit=500');
  const alert = all.items.find((a) => a.code === 'duty_in_charge_missing');
  assert.ok(alert, 'ORG-1: no leader in charge is among the clerk\'s alerts');
  assert.equal(alert.rule, 'ORG-1');
  await clerk.route(/\/api\/v1\/alerts\?limit=3$/, async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    body.items = [alert, ...body.items.filter((a) => a.code !== alert.code)].slice(0, 3);
    await route.fulfill({ response: res, json: body });
  });
  await clerk.goto('/#/');
  await settled(clerk);
  const link = clerk.locator('.alert-list a[href="#/duty"]', { hasText: '未明确分管保密工作的领导' });
  await link.first().click();
  await clerk.waitForFunction(() => location.hash === '#/duty');
  await settled(clerk);
  const gap = clerk.locator('[data-testid=duty-gaps] li[data-code=duty_in_charge_missing]');
  assert.equal(await gap.getAttribute('data-rule'), 'ORG-1');
  assert.match(await gap.innerText(), /未明确分管保密工作的领导\s*ORG-1/);
  assert.equal(await clerk.locator('[data-testid=group-facts] dd[data-fact=in_charge]').innerText(), '未登记');
  await clerk.unroute(/\/api\/v1\/alerts\?limit=3$/);
});

test('ORG-2: with no group recorded the delivery dialog offers the unit\'s leaders by role', async () => {
  for (const m of (await get('/api/v1/duty')).members) {
    const r = await call(env.url, 'POST', `/api/v1/duty/members/${m.id}/end`, { token: tok.clerk, body: { document: '测职〔2026〕10号' } });
    assert.equal(r.status, 200, r.text);
  }
  assert.deepEqual((await get('/api/v1/duty')).members, [], 'no current place left');
  const items = (await get('/api/v1/reports/deliveries')).items;
  const d = new Date(`${items.map((x) => x.period).sort()[0]}-15T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  await clerk.goto(`/#/reports?month=${d.toISOString().slice(0, 7)}`);
  await clerk.locator('[data-testid=report-sheet]').waitFor();
  await settled(clerk);
  await clerk.locator('[data-action=deliver]').click();
  const sel = clerk.locator('dialog select[name=to]');
  await sel.waitFor();
  assert.equal(await sel.getAttribute('data-offer'), 'role');
  assert.equal(await clerk.locator('[data-testid=deliver-group]').count(), 0);
  const offered = await sel.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  const leaders = (await get('/api/v1/people')).items
    .filter((p) => (p.roles || []).some((r) => r.role === 'leader' || r.role === 'principal')).map((p) => p.username || String(p.id));
  assert.deepEqual(offered.sort(), leaders.sort(), 'the leaders and the principal');
  assert.equal(await sel.inputValue(), '', 'nobody chosen for the clerk');
  await clerk.locator('dialog .dlg-foot button[type=button]').click();
});
