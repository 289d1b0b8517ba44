// menus.test.mjs — every role's menu opens what it offers (issue 10 point 5):
// each demo account logs in, and every entry of its sidebar is opened in
// turn. No entry may answer 403 from the API (a menu entry the role may not
// use should not be offered) nor show an error box. The security
// administrator's 保密教育培训 and 涉密人员登记 entries are among them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled } from './lib.mjs';

let env;
const pages = [];

before(async () => { env = await setup(); });
after(async () => {
  const st = env ? await env.close() : null;
  for (const p of pages) assert.deepEqual(p.errors, [], `no script errors in ${p.who}'s pages`);
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

const ROLES = ['clerk', 'secadmin', 'sysadmin', 'auditor', 'leader', 'principal', 'classifier', 'staff'];

for (const who of ROLES) {
  test(`${who}: every menu entry opens without a 403`, async () => {
    const page = await env.page();
    page.who = who;
    pages.push(page);
    await login(page, who);
    const hrefs = await page.locator('.sidebar a[href^="#/"]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
    assert.ok(hrefs.length > 0, `${who} has a menu`);
    if (who === 'secadmin') for (const h of ['#/people', '#/trainings']) assert.ok(hrefs.includes(h), `secadmin's menu has ${h}`);
    for (const href of hrefs) {
      const denied = [];
      const onResponse = (r) => { if (r.status() === 403 && r.url().includes('/api/')) denied.push(`${r.request().method()} ${new URL(r.url()).pathname}`); };
      page.on('response', onResponse);
      await page.locator(`.sidebar a[href="${href}"]`).first().click();
      await page.waitForFunction((h) => location.hash.split('?')[0] === h, href);
      await settled(page);
      await page.waitForLoadState('networkidle');
      page.off('response', onResponse);
      assert.deepEqual(denied, [], `${who} ${href}: no 403 from the API`);
      const errors = await page.locator('main .alert.error').evaluateAll((els) => els.map((e) => e.dataset.code || e.innerText));
      assert.deepEqual(errors, [], `${who} ${href}: no error box`);
    }
  });
}
