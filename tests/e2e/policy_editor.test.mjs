// policy_editor.test.mjs — the unit's policy edited as labelled fields (issue 14
// point 14, SYS-5): the security administrator finds a number by its chapter
// and clause in Chinese, with its unit, range, default and the rule it serves;
// changes it; reviews old → new; saves with a reason; the new version is in
// force at once (SYS-5 asks no second approval) and the API and the printed
// regulation say so. An out-of-range value is refused at the field with its
// rule, in the browser and, when the browser is bypassed, by the server —
// nothing changes either way. Nobody else edits; English; a 390 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled, shot, assertLabelled, assertNoHorizontalScroll } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, sec;
const pages = [];

before(async () => {
  env = await setup();
  sec = await apiLogin(env.url, 'secadmin');
});
after(async () => {
  const st = env ? await env.close() : { code: 0 };
  for (const p of pages) assert.deepEqual(p.errors, [], 'no script errors');
  assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

// The security administrator's own API session; each browser login of hers
// may end the oldest of her sessions (auth.max_sessions), so it logs in again.
async function asSec(method, path, opts = {}) {
  let r = await call(env.url, method, path, { ...opts, token: sec });
  if (r.status === 401) {
    sec = await apiLogin(env.url, 'secadmin');
    r = await call(env.url, method, path, { ...opts, token: sec });
  }
  return r;
}
const schema = async () => {
  const r = await asSec('GET', '/api/v1/policy/schema');
  assert.equal(r.status, 200, r.text);
  return r.json;
};

async function open(username, opts) {
  const page = await env.page(opts);
  pages.push(page);
  await login(page, username);
  await page.goto('/#/policy');
  await settled(page);
  return page;
}

test('SYS-5: the security administrator sees every setting as a labelled field, by chapter, with unit, range, default and rule', async () => {
  const page = await open('secadmin');
  const form = page.locator('[data-testid=policy-editor]');
  await form.waitFor();
  const s = await schema();
  assert.equal(await form.locator('.policy-setting').count(), s.items.length, 'one field per setting of the catalogue');
  const words = await form.innerText();
  for (const k of s.items) assert.ok(!words.includes(k.key), `no raw key ${k.key} on the zh screen`);
  for (const topic of ['定密管理', '借阅与查阅', '销毁', '清查', '涉密人员', '涉密设备与信息系统', '失泄密事件与检查'])
    assert.match(words, new RegExp(`第[一二三四五六七八九十]+章 ${topic}`), `chapter ${topic}`);
  // the chapters are reachable from the top
  assert.ok(await form.locator('.policy-nav .chip', { hasText: '清查' }).count() === 1);
  const term = form.locator('.policy-setting[data-key="borrow.term_days.secret"]');
  const t = await term.innerText();
  assert.match(t, /机密级/);
  assert.match(t, /个工作日/);
  assert.match(t, /可设 0–60 个工作日/);
  assert.match(t, /默认 5 个工作日/);
  assert.match(t, /依据 BORROW-2/);
  // the article it sits in: its number as printed, its wording, its rule and the rule's source
  const art = form.locator('.policy-article:has(.policy-setting[data-key="borrow.term_days.secret"])');
  await page.locator('[data-action=to-editor]').click();
  assert.ok(await form.evaluate((el) => el.getBoundingClientRect().top < 200), '修订制度 goes to the editor');
  const head = await art.innerText();
  assert.match(head, /第二十九条 借阅期限按工作日计算/);
  assert.match(head, /BORROW-2 （出处：《党办保密管理制度》/, 'the regulation the rule comes from');
  assert.match(await page.locator('[data-testid=regulation]').innerText(), /第二十九条　借阅期限按工作日计算/, 'the same article number as printed');
  assert.equal(await term.locator('input').inputValue(), '5', 'the value in force');
  const idle = form.locator('.policy-setting[data-key="auth.session_idle_minutes"]');
  assert.match(await idle.innerText(), /可设 1–120 分钟/);
  assert.equal(await idle.getAttribute('data-rule'), 'SYS-4');
  // a yes/no setting is labelled by its own name, with the rule it serves, like a number
  const yearEnd = form.locator('.policy-setting[data-key="inventory.year_end"]');
  assert.equal(await yearEnd.locator('[data-testid=setting-label]').innerText(), '年终全面清查');
  assert.match(await yearEnd.innerText(), /依据 INV-1/);
  const lapse = form.locator('.policy-setting[data-key="training.lapse_blocks"]');
  assert.equal(await lapse.locator('[data-testid=setting-label]').innerText(), '培训逾期是否限制接触涉密载体');
  assert.match(await lapse.innerText(), /依据 PERSON-7/);
  assert.equal(await lapse.locator('select').getAttribute('aria-label'), '培训逾期是否限制接触涉密载体');
  // an approval chain is a row of steps by role names, not codes
  const chain = form.locator('.policy-setting[data-key="approver.borrow.secret"]');
  assert.equal(await chain.locator('select').count(), 4);
  assert.match(await chain.innerText(), /领导/);
  // the raw text is read-only, folded away
  assert.equal(await page.locator('textarea[name=text]').count(), 0, 'no raw key=value box');
  assert.equal(await page.locator('[data-testid=settings]').evaluate((el) => el.tagName), 'PRE');
  await assertLabelled(page, 'policy editor');
  await assertNoHorizontalScroll(page, 'policy editor');
  await shot(page, 'policy-editor');
});

test('SYS-5: a change is reviewed old → new, saved with a reason, and in force at once as the next version', async () => {
  const page = await open('secadmin');
  const before = await schema();
  const form = page.locator('[data-testid=policy-editor]');
  const term = form.locator('.policy-setting[data-key="borrow.term_days.secret"]');
  await term.locator('input').fill('7');
  await term.locator('input').press('Tab');
  assert.match(await term.getAttribute('class'), /changed/);
  assert.match(await term.locator('.now').innerText(), /现行：5 个工作日/);
  await form.locator('[data-action=review]').click();
  const review = page.locator('[data-testid=policy-review]');
  await review.waitFor();
  const items = review.locator('ol.changes li');
  assert.equal(await items.count(), 1, 'only what differs');
  assert.equal(await items.first().getAttribute('data-key'), 'borrow.term_days.secret');
  assert.equal(await items.first().locator('[data-testid=old]').innerText(), '5 个工作日');
  assert.equal(await items.first().locator('[data-testid=new]').innerText(), '7 个工作日');
  assert.match(await items.first().innerText(), /借阅与查阅/);
  assert.match(await review.innerText(), /不需他人审批/, 'what happens on saving, said before');
  await assertLabelled(page, 'policy review');
  await shot(page, 'policy-review');
  // no reason: not sent
  await review.locator('[data-action=save]').click();
  await review.locator('.alert.error', { hasText: '请填写修订说明' }).waitFor();
  assert.equal((await schema()).version, before.version, 'nothing saved without a reason');
  await review.locator('input[name=comment]').fill('机密级借阅期限延长至 7 个工作日');
  await review.locator('[data-action=save]').click();
  const saved = page.locator('[data-testid=policy-saved]');
  await saved.waitFor({ timeout: 30000 });
  await settled(page);
  assert.equal(await saved.getAttribute('data-state'), 'in_effect');
  assert.equal(await saved.getAttribute('data-version'), String(before.version + 1));
  assert.match(await saved.innerText(), new RegExp(`第 ${before.version + 1} 版已生效（修改 1 项）`));
  const after = await schema();
  assert.equal(after.version, before.version + 1);
  assert.equal(after.items.find((k) => k.key === 'borrow.term_days.secret').value, '7');
  for (const k of before.items) if (k.key !== 'borrow.term_days.secret') assert.equal(after.items.find((x) => x.key === k.key).value, k.value, `${k.key} unchanged`);
  const hist = (await asSec('GET', '/api/v1/policy/history')).json.items;
  assert.equal(hist[hist.length - 1].comment, '机密级借阅期限延长至 7 个工作日');
  // the regulation printed from the new version, and the field shows it
  assert.match(await page.locator('[data-testid=regulation]').innerText(), /机密级7个工作日/);
  assert.equal(await page.locator('.policy-setting[data-key="borrow.term_days.secret"] input').inputValue(), '7');
  // the save is in the audit log
  const aud = await apiLogin(env.url, 'auditor');
  const log = (await call(env.url, 'GET', '/api/v1/audit/events?action=policy.import&order=desc', { token: aud })).json;
  const ev = (log.items || []).find((e) => e.object === `policy:${after.version}`);
  assert.ok(ev, 'policy.import audited');
  assert.equal(ev.outcome, 'ok');
  assert.equal(ev.actor, 'secadmin');
  assert.match(JSON.stringify(ev.detail), /机密级借阅期限延长/);
});

test('SYS-4, SYS-5: an out-of-range value is refused at the field with its rule, by the browser and by the server; nothing changes', async () => {
  const page = await open('secadmin');
  const before = await schema();
  const form = page.locator('[data-testid=policy-editor]');
  const idle = form.locator('.policy-setting[data-key="auth.session_idle_minutes"]');
  await idle.locator('input').fill('121');
  await idle.locator('input').press('Tab');
  const err = idle.locator('[data-testid=field-error]');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'SYS-4');
  assert.equal(await err.getAttribute('data-code'), 'policy_out_of_range');
  assert.match(await err.innerText(), /应为 1 至 120 分钟之间的整数/);
  await form.locator('[data-action=review]').click();
  await form.locator('[data-testid=policy-errors] .alert.error').waitFor();
  assert.equal(await page.locator('[data-testid=policy-review]').count(), 0, 'no review of an invalid value');
  // a make-up working day that is also a holiday (BORROW-2) is caught too
  const work = form.locator('.policy-setting[data-key="calendar.workdays"] textarea');
  const hol = before.items.find((k) => k.key === 'calendar.holidays').value.split(',')[0];
  await work.fill((await work.inputValue()) + '\n' + hol);
  await form.locator('[data-action=review]').click();
  const conflict = form.locator('.policy-setting[data-key="calendar.workdays"] [data-testid=field-error]');
  await conflict.waitFor();
  assert.equal(await conflict.getAttribute('data-rule'), 'BORROW-2');
  assert.equal(await conflict.getAttribute('data-code'), 'policy_conflict');
  // The server is the authority: a valid form whose request says 121 (a
  // client that skipped the check) is refused with the rule, shown at the field.
  await idle.locator('input').fill('20');
  await work.fill(before.items.find((k) => k.key === 'calendar.workdays').value.split(',').join('\n'));
  await form.locator('[data-action=review]').click();
  const review = page.locator('[data-testid=policy-review]');
  await review.waitFor();
  await review.locator('input[name=comment]').fill('闲置时间调整');
  await page.route('**/api/v1/policy', async (route) => {
    const body = route.request().postDataJSON();
    body.text = body.text.replace(/auth\.session_idle_minutes = \d+/, 'auth.session_idle_minutes = 121');
    await route.continue({ postData: JSON.stringify(body) });
  });
  await review.locator('[data-action=save]').click();
  const refusedBox = review.locator('[data-testid=save-refused]');
  await refusedBox.waitFor({ timeout: 30000 });
  await page.unroute('**/api/v1/policy');
  assert.equal(await refusedBox.getAttribute('data-rule'), 'SYS-4');
  assert.equal(await refusedBox.getAttribute('data-code'), 'policy_out_of_range');
  const refusedText = await refusedBox.innerText();
  assert.match(refusedText, /未保存，制度没有任何改变/);
  assert.ok(!refusedText.includes('auth.session_idle_minutes'), 'the setting by its name, not its key');
  assert.equal(await idle.locator('[data-testid=field-error]').getAttribute('data-rule'), 'SYS-4');
  const after = await schema();
  assert.equal(after.version, before.version, 'no new version');
  assert.deepEqual(after.items.map((k) => k.value), before.items.map((k) => k.value), 'no setting changed');
  await shot(page, 'policy-refused');
});

test('SYS-5, SYS-1: nobody but the security administrator edits the policy', async () => {
  const before = await schema();
  for (const who of ['clerk', 'sysadmin', 'auditor', 'leader']) {
    const page = await open(who);
    await page.locator('[data-testid=regulation]').waitFor();
    assert.equal(await page.locator('[data-testid=policy-editor]').count(), 0, `${who}: no editor`);
    assert.equal(await page.locator('input[name="borrow.term_days.secret"], textarea[name=text]').count(), 0, `${who}: no field`);
    await page.locator('[data-testid=policy-readonly]').waitFor();
    const tok = await apiLogin(env.url, who);
    const r = await call(env.url, 'POST', '/api/v1/policy', { token: tok, body: { text: 'borrow.term_days.secret = 9\n', comment: '越权' } });
    assert.equal(r.status, 403, `${who}: ${r.text}`);
    assert.equal(r.json.error.rule, 'SYS-5');
    await page.context().close();
  }
  const after = await schema();
  assert.equal(after.version, before.version, 'nothing changed');
});

test('SYS-5: in English the fields, units, ranges and review read in English', async () => {
  const page = await open('secadmin', { lang: 'en' });
  const form = page.locator('[data-testid=policy-editor]');
  await form.waitFor();
  const words = await form.innerText();
  assert.match(words, /Chapter \d+ Borrowing and consultation/);
  const term = form.locator('.policy-setting[data-key="borrow.term_days.secret"]');
  const t = await term.innerText();
  assert.match(t, /secret/);
  assert.match(t, /working days/);
  assert.match(t, /0–60 working days/);
  assert.match(t, /default \d+ working days/);
  assert.match(t, /serves BORROW-2/);
  assert.ok(!/[\u4e00-\u9fff]/.test(t.replace(/source: .*$/m, '')), `no Chinese in the English field: ${t}`);
  const lapse = form.locator('.policy-setting[data-key="training.lapse_blocks"]');
  assert.equal(await lapse.locator('[data-testid=setting-label]').innerText(), 'Whether lapsed training restricts access');
  assert.match(await lapse.innerText(), /serves PERSON-7/);
  const cur = await term.locator('input').inputValue();
  await term.locator('input').fill(String(Number(cur) + 1));
  await form.locator('[data-action=review]').click();
  const review = page.locator('[data-testid=policy-review]');
  await review.waitFor();
  assert.match(await review.innerText(), /Review the changes/);
  assert.equal(await review.locator('[data-testid=new]').innerText(), `${Number(cur) + 1} working days`);
  assert.match(await review.innerText(), /no second approval/);
  await review.locator('[data-action=back]').click();
  assert.equal(await page.locator('[data-testid=policy-review]').count(), 0);
  await assertLabelled(page, 'policy editor (en)');
});

test('SYS-5: on a 390 px phone the editor and its review fit the width', async () => {
  const page = await open('secadmin');
  await page.setViewportSize({ width: 390, height: 844 });
  const form = page.locator('[data-testid=policy-editor]');
  await form.waitFor();
  const wide = () => page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(await wide() <= 390, `editor: ${await wide()} px wide at 390`);
  const chain = form.locator('.policy-setting[data-key="approver.borrow.top_secret"]');
  const box = await chain.boundingBox();
  assert.ok(box.x + box.width <= 390, 'an approval chain wraps within the screen');
  const term = form.locator('.policy-setting[data-key="meeting.recall_hours"] input');
  await term.fill(String(Number(await term.inputValue()) + 1));
  await form.locator('[data-action=review]').click();
  await page.locator('[data-testid=policy-review]').waitFor();
  assert.ok(await wide() <= 390, `review: ${await wide()} px wide at 390`);
  const save = await page.locator('[data-testid=policy-review] [data-action=save]').boundingBox();
  assert.ok(save.x >= 0 && save.x + save.width <= 390, 'the save button is on screen');
  await shot(page, 'policy-phone');
});
