// clerk_custody.test.mjs — the clerk's custody registers from the screen
// (issue 14 point 4): 清退 (KEEP-3) refused in the form while a chosen carrier
// is on loan, nothing returned, then the in-store one returned with its
// printable 清退清单; 废件 (MAKE-3) refused for a count over the limit, then two
// proofs registered at the document's level; 组卷 (LEVEL-5) refused below the
// highest part's level, then registered at it with its parts linked. Every
// result is read back through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, settled, assertLabelled } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page;
const tok = {};
const get = (path) => call(env.url, 'GET', path, { token: tok.clerk });
const status = async (id) => (await get(`/api/v1/carriers/${id}`)).json.status.code;

before(async () => {
  env = await setup();
  tok.clerk = await apiLogin(env.url, 'clerk');
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

async function choose(name, c) {
  await page.locator(`input[name=${name}-q]`).fill(c.title);
  await page.locator(`[data-action=${name}-search]`).click();
  await page.locator(`[data-testid=${name}-found] tr[data-carrier="${c.id}"] input[name=${name}]`).check();
}

test('KEEP-3: a return with a carrier on loan is refused in the form; the one in store is returned with its list', async () => {
  const incoming = (await get('/api/v1/carriers?origin=incoming&limit=1000')).json.items;
  const lent = incoming.find((c) => c.status.code === 'lent');
  const inStore = incoming.find((c) => c.status.code === 'in_store' && c.title !== (lent && lent.title));
  assert.ok(lent && inStore, 'an incoming carrier on loan and one in store');
  await page.locator('nav a[href="#/returns"]').click();
  await page.locator('[data-testid=ret-form]').waitFor();
  await choose('ret', lent);
  await choose('ret', inStore);
  await page.locator('input[name=note]').fill('按来文机关通知清退');
  await assertLabelled(page, 'returns');
  await page.locator('[data-action=ret-submit]').click();
  const err = page.locator('[data-testid=ret-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'KEEP-3');
  assert.match(await err.innerText(), /^(?=[\s\S]*KEEP-3)[\s\S]*[\u4e00-\u9fff]/);
  assert.equal(await status(lent.id), 'lent', 'nothing returned');
  assert.equal(await status(inStore.id), 'in_store', 'nothing returned');

  await choose('ret', lent); // shown again by the search: untick it
  await page.locator(`[data-testid=ret-found] tr[data-carrier="${lent.id}"] input[name=ret]`).uncheck();
  await choose('ret', inStore);
  await page.locator('[data-action=ret-submit]').click();
  const sheet = page.locator('[data-testid=return-sheet]');
  await sheet.waitFor();
  assert.equal(await status(inStore.id), 'returned');
  assert.equal(await status(lent.id), 'lent');
  assert.equal(await sheet.locator('tr[data-carrier]').count(), 1);
  assert.match(await sheet.innerText(), /涉密载体清退清单[\s\S]*按来文机关通知清退[\s\S]*清退经手人（签字）[\s\S]*接收单位经手人（签字）/);
  await shot(page, 'clerk-returns');
});

test('MAKE-3: more waste than a making leaves is refused in the form; two proofs are registered at the document\'s level', async () => {
  const before = (await get('/api/v1/carriers?limit=1')).json.total;
  await page.locator('nav a[href="#/waste"]').click();
  const form = page.locator('[data-testid=waste-form]');
  await form.waitFor();
  const docValue = await page.locator('select[name=document] option[value^="doc:"]').first().getAttribute('value');
  await page.locator('select[name=document]').selectOption(docValue);
  await page.locator('input[name=count]').fill('501');
  await assertLabelled(page, 'waste');
  await page.locator('[data-action=waste-submit]').click();
  const err = page.locator('[data-testid=waste-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'MAKE-3');
  assert.match(await err.innerText(), /^(?=[\s\S]*MAKE-3)[\s\S]*废件数量应在 1 到 500 之间/);
  assert.equal((await get('/api/v1/carriers?limit=1')).json.total, before, 'nothing registered');

  await page.locator('input[name=count]').fill('2');
  await page.locator('[data-action=waste-submit]').click();
  const res = page.locator('[data-testid=waste-result]');
  await res.waitFor();
  const ids = await res.locator('tr[data-carrier]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.carrier)));
  assert.equal(ids.length, 2);
  assert.equal((await get('/api/v1/carriers?limit=1')).json.total, before + 2);
  const docNumber = docValue.slice(4);
  const doc = (await get('/api/v1/carriers?origin=made&limit=1000')).json.items.find((c) => c.doc_number === docNumber);
  for (const id of ids) {
    const c = (await get(`/api/v1/carriers/${id}`)).json;
    assert.equal(c.status.code, 'in_store');
    assert.equal(c.level.code, doc.level.code, 'the document\'s level');
  }
});

test('LEVEL-5: a volume below its highest part is refused in the form; without a level it takes the highest', async () => {
  const free = (await get('/api/v1/carriers?status=in_store&limit=1000')).json.items.filter((c) => !c.volume_id && c.origin.code !== 'volume');
  const high = free.find((c) => c.level.code === 'confidential');
  const low = free.find((c) => c.level.code === 'internal' && c.title !== high.title);
  assert.ok(high && low, 'a 秘密 and an 内部 carrier in store, in no volume');
  await page.locator('nav a[href="#/volumes"]').click();
  await page.locator('[data-testid=vol-form]').waitFor();
  await choose('vol', high);
  await choose('vol', low);
  await page.locator('input[name=title]').fill('界面组卷：考务文件汇编');
  await page.locator('[data-testid=vol-form] select[name=level]').selectOption('internal');
  await page.locator('[data-action=vol-submit]').click();
  const err = page.locator('[data-testid=vol-error] .alert.error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-rule'), 'LEVEL-5');
  assert.equal((await get('/api/v1/carriers?origin=volume&q=' + encodeURIComponent('考务文件汇编'))).json.total, 0, 'no volume registered');
  assert.equal((await get(`/api/v1/carriers/${high.id}`)).json.volume_id ?? null, null);

  await page.locator('[data-testid=vol-form] select[name=level]').selectOption('');
  await page.locator('[data-action=vol-submit]').click();
  await page.waitForFunction(() => /^#\/carrier\/\d+$/.test(location.hash));
  await settled(page);
  const id = Number(page.url().match(/#\/carrier\/(\d+)$/)[1]);
  const v = (await get(`/api/v1/carriers/${id}`)).json;
  assert.equal(v.origin.code, 'volume');
  assert.equal(v.level.code, 'confidential', 'the highest part\'s level');
  assert.equal(v.title, '界面组卷：考务文件汇编');
  for (const c of [high, low]) assert.equal((await get(`/api/v1/carriers/${c.id}`)).json.volume_id, id, 'the part is in the volume');
});
