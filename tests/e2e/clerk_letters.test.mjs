// clerk_letters.test.mjs — 领导亲启 from the screen (REG-3, issue 14 point 4):
// the clerk logs a sealed letter to the deputy director (a date in the
// future refused in the form with REG-2, nothing logged); the clerk has no
// way to open it, the addressee opens it on his screen and declares
// classified contents; the clerk registers them from the letter, and the
// letter, read back through the API, is registered with the carrier linked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled, assertLabelled } from './lib.mjs';
import { call, login as apiLogin, unitDay } from '../api/lib.mjs';

let env, clerk, leader, leaderId, id;
const tok = {};
const get = (path) => call(env.url, 'GET', path, { token: tok.clerk });
const SENDER = '省教育厅考试院（界面测试）';

before(async () => {
  env = await setup();
  tok.clerk = await apiLogin(env.url, 'clerk');
  leaderId = (await get('/api/v1/people')).json.items.find((p) => p.username === 'leader').id;
  clerk = await env.page();
  await login(clerk, 'clerk');
  leader = await env.page();
  await login(leader, 'leader');
});
after(async () => {
  const st = env ? await env.close() : null;
  for (const p of [clerk, leader]) if (p) assert.deepEqual(p.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

test('REG-2/3: the clerk logs a sealed letter; a date in the future is refused in the form, nothing logged', async () => {
  const before = (await get('/api/v1/letters')).json.total;
  await clerk.locator('nav a[href="#/letters"]').click();
  await clerk.locator('[data-testid=letter-form]').waitFor();
  await clerk.locator('input[name=sender]').fill(SENDER);
  await clerk.locator('select[name=addressee]').selectOption(String(leaderId));
  await clerk.locator('input[name=received_on]').fill('2099-01-01');
  await assertLabelled(clerk, 'letters');
  await clerk.locator('[data-action=letter-log]').click();
  const err = clerk.locator('[data-testid=letter-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'REG-2');
  assert.equal((await get('/api/v1/letters')).json.total, before, 'nothing logged');

  // Received today, the unit's day (UTC+8) as REG-2 counts it: from 16:00 to 24:00 UTC the UTC
  // date is the unit's yesterday, a letter registered late.
  await clerk.locator('input[name=received_on]').fill(unitDay());
  await clerk.locator('[data-action=letter-log]').click();
  await clerk.waitForFunction(() => !!document.querySelector('tr[data-letter]'));
  await settled(clerk);
  const l = (await get('/api/v1/letters')).json.items.find((x) => x.sender === SENDER);
  assert.ok(l, 'the letter logged');
  id = l.id;
  assert.equal(l.status, 'sealed');
  assert.equal(l.addressee_id, leaderId);
  assert.equal(await clerk.locator(`tr[data-letter="${id}"] [data-action=letter-open]`).count(), 0, 'the clerk cannot open it (REG-3)');
});

test('REG-3: the addressee opens it on his screen and declares classified contents', async () => {
  await leader.locator('nav a[href="#/letters"]').click();
  await leader.locator(`tr[data-letter="${id}"] [data-action=letter-open]`).click();
  await leader.locator('dialog select[name=classified]').selectOption('true');
  await leader.locator('dialog input[name=open_note]').fill('内有试卷印制安排一份');
  await leader.locator('dialog button[type=submit]').click();
  await leader.locator('dialog').waitFor({ state: 'detached' });
  await leader.locator(`tr[data-letter="${id}"][data-status=to_register]`).waitFor();
  const l = (await get(`/api/v1/letters/${id}`)).json;
  assert.equal(l.status, 'to_register');
  assert.equal(l.classified, true);
  await shot(leader, 'clerk-letters-leader');
});

test('REG-3: the clerk registers the contents from the letter; the letter is registered, the carrier linked', async () => {
  await clerk.reload();
  await clerk.locator(`tr[data-letter="${id}"] [data-action=letter-register]`).click();
  await clerk.locator('[data-testid=reg-letter]').waitFor();
  assert.match(await clerk.locator('[data-testid=reg-letter]').innerText(), new RegExp(`#${id}`));
  assert.equal(await clerk.locator('input[name=sender]').inputValue(), SENDER, 'the sender taken from the letter');
  await clerk.locator('input[name=title]').fill('关于年中考试卷印制的安排（亲启件内容）');
  await clerk.locator('select[name=level]').selectOption('confidential');
  await clerk.locator('select[name=place]').selectOption('机要室保密柜（一号）');
  // 知悉范围 by searching a name or username (issue 14 point 9).
  await clerk.locator('[data-picker=scope] input[type=search]').fill('leader');
  await clerk.locator('[data-picker=scope] button.pick-option[data-pick^="person:"]').first().click();
  await clerk.locator('[data-action=register]').click();
  await clerk.waitForFunction(() => /^#\/carrier\/\d+$/.test(location.hash));
  const cid = Number(clerk.url().match(/#\/carrier\/(\d+)$/)[1]);
  const l = (await get(`/api/v1/letters/${id}`)).json;
  assert.equal(l.status, 'registered');
  assert.deepEqual(l.carrier_ids, [cid]);
});
