// tests/e2e/lib.mjs — what every browser suite shares: the real `baomi serve`
// on a fresh `baomi demo` unit (the API suite's helpers, tests/api/lib.mjs),
// Debian's chromium driven by npm playwright-core (never a downloaded
// browser), a login helper, and screenshots under tests/out/screenshots/.
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { demoUnit, startServer, PW } from '../api/lib.mjs';

export { PW };
export const CHROMIUM = process.env.BAOMI_CHROMIUM || '/usr/bin/chromium';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHOTS = join(root, 'tests', 'out', 'screenshots');
export const VIEWPORT = { width: 1366, height: 768 };

// One demo unit, one server and one browser for a test file. `env` is passed
// to the server (BAOMI_NOW fixes its clock).
export async function setup({ env = {} } = {}) {
  const unit = await demoUnit();
  const server = await startServer(unit.db, { env, logName: 'e2e' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  mkdirSync(SHOTS, { recursive: true });
  return {
    url: server.url,
    unit,
    browser,
    // A fresh context per person: its own cookie jar, 1366×768, Chinese first; `timezoneId`
    // (e.g. 'Asia/Shanghai', a clerk's browser in the unit) instead of the machine's zone.
    async page({ lang, timezoneId } = {}) {
      const ctx = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', baseURL: server.url,
        ...(timezoneId ? { timezoneId } : {}) });
      // BAOMI_E2E_JITTER=MS (off by default): every API call of the page waits
      // a random 0..MS ms before it is sent, so answers come late and out of
      // order, as on CI's loaded machine; a test that reads what the page has
      // not drawn yet, or an app that shows an older answer over a newer one,
      // then fails in one run rather than once in many. A test's own
      // page.route comes first (its route.continue() skips this one).
      const jitter = Number(process.env.BAOMI_E2E_JITTER || 0);
      if (jitter > 0) {
        await ctx.route('**/api/v1/**', async (route) => {
          await new Promise((r) => setTimeout(r, Math.random() * jitter));
          await route.fallback();
        });
      }
      const page = await ctx.newPage();
      page.setDefaultTimeout(10000);
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error' && !/status of 404|status of 403|status of 401|status of 409|status of 400/.test(m.text())) page.errors.push(m.text()); });
      if (lang) await page.addInitScript((l) => localStorage.setItem('baomi.lang', l), lang);
      return page;
    },
    // Bounded: a browser or a server that does not stop is killed and
    // reported (a non-zero code), never waited for without end.
    async close() {
      await bounded(browser.close(), 15000).catch(() => browser.process()?.kill('SIGKILL'));
      const st = await bounded(server.stop(), 30000).catch(() => {
        try { process.kill(server.pid, 'SIGKILL'); } catch { /* already gone */ }
        return { code: null, signal: 'SIGKILL', stdout: 'the server did not stop on SIGTERM within 30 s' };
      });
      unit.cleanup();
      return st;
    },
  };
}

// `promise`, or a rejection after `ms` milliseconds.
function bounded(promise, ms) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`not done in ${ms} ms`)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// Logs in through the login form and waits for the dashboard.
export async function login(page, username, password = PW) {
  await page.goto('/#/login');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.locator('[data-testid=user-name]').waitFor();
  await page.waitForFunction(() => location.hash === '#/' || location.hash === '');
}

export async function logout(page) {
  await page.locator('[data-action=logout]').click();
  // The login screen itself: the accounts page has a username field of its own.
  await page.waitForFunction(() => location.hash === '#/login');
  await settled(page);
  await page.locator('input[name=username]').waitFor();
  const left = await page.locator('#toasts .toast').allInnerTexts();
  assert.deepEqual(left, [], 'logging out clears the last person\'s messages');
}

// Full-page screenshot tests/out/screenshots/NAME.png. A long page (a register
// of a hundred rows) takes seconds to capture on a loaded machine: its own timeout.
export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: true, timeout: 30000 });
}

// At 1366×768 nothing scrolls sideways.
export async function assertNoHorizontalScroll(page, what) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= 1366, `${what}: document is ${w}px wide at 1366×768 (horizontal scrolling)`);
}

// Every form control on the page has an accessible label.
export async function assertLabelled(page, what) {
  const bad = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => el.type !== 'hidden')
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
    .map((el) => el.name || el.id || el.outerHTML.slice(0, 60)));
  assert.deepEqual(bad, [], `${what}: unlabelled controls`);
}

// Waits until the view of the current hash has rendered (body[data-rendered]
// names it: a click or goto that changed the hash is not "settled" by the page
// it left) and no loading placeholder is left.
export async function settled(page) {
  await page.waitForFunction(() => document.body.dataset.rendered === location.hash
    && !document.querySelector('.loading') && !document.querySelector('[aria-busy=true]'));
}
