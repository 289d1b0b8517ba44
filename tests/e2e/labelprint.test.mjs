// labelprint.test.mjs — 打印标签 prints the label (issue 14 point 2): on the
// carrier page the button prints the label alone on its 80×50 mm page. In
// print media the label image (the QR code the clerk scans, INV-3) is shown
// at the label's size and nothing else of the page is; the PDF is one page
// whose text holds the marking (LEVEL-8) and the QR code's drawing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { setup, login, settled } from './lib.mjs';
import { call, login as apiLogin } from '../api/lib.mjs';

let env, page, c;

before(async () => {
  env = await setup();
  const tok = await apiLogin(env.url, 'clerk');
  const r = await call(env.url, 'POST', '/api/v1/carriers', { token: tok, body: {
    title: '标签打印测试文件', level: '机密', period: 10, doc_number: '教标〔2026〕7号', serial_number: 2,
    producer: '省教育厅', sender: '市教育局', pages: 2, place: '机要室保密柜（一号）', scope: ['办公室', 'clerk'],
  } });
  assert.equal(r.status, 201, r.text);
  c = r.json;
  page = await env.page();
  await login(page, 'clerk');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

// The characters a PDF's text shows: the Unicode of every glyph of its
// (subset) fonts, from their ToUnicode maps.
function pdfChars(pdf) {
  const bin = pdf.toString('latin1');
  const chars = new Set();
  const re = /stream\r?\n/g;
  let m;
  while ((m = re.exec(bin))) {
    const start = m.index + m[0].length;
    const end = bin.indexOf('endstream', start);
    if (end < 0) break;
    let text;
    try { text = inflateSync(pdf.subarray(start, end)).toString('latin1'); } catch { continue; }
    const utf16 = (hex) => Buffer.from(hex.length % 4 ? hex.padStart(hex.length + 4 - (hex.length % 4), '0') : hex, 'hex').swap16().toString('utf16le');
    for (const b of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const p of b[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) chars.add(utf16(p[2]));
    }
    for (const b of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const p of b[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const n = parseInt(p[2], 16) - parseInt(p[1], 16);
        const base = parseInt(p[3], 16);
        for (let i = 0; i <= n && i < 256; i++) chars.add(String.fromCodePoint(base + i));
      }
    }
    re.lastIndex = end;
  }
  return chars;
}

test('打印标签: the label alone, visible in print, its PDF one page with the marking', async () => {
  // window.print() opens no dialog in a test: the page is printed by page.pdf().
  await page.goto(`/#/carrier/${c.id}`);
  await page.evaluate(() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; });
  await page.locator('.carrier-head h1#page-title').waitFor();
  await settled(page);
  const img = page.locator('.label-sheet img');
  await img.evaluate((el) => el.complete || new Promise((r) => { el.onload = r; el.onerror = r; }));
  assert.ok(await img.evaluate((el) => el.naturalWidth > 0), 'the label SVG loads');
  const svg = await call(env.url, 'GET', `/api/v1/carriers/${c.id}/label.svg`, { token: await apiLogin(env.url, 'clerk') });
  assert.ok(svg.text.includes(c.marking), 'the label carries the marking');
  assert.match(svg.text, /<path|<rect/, 'and the QR code\'s drawing');

  await page.locator('[data-action=print-label]').click();
  assert.equal(await page.evaluate(() => window.__printed), 1, 'the button prints');
  await page.emulateMedia({ media: 'print' });
  assert.ok(await img.isVisible(), 'the label is visible in print');
  const box = await img.boundingBox();
  // 80 × 50 mm at 96 px per inch
  assert.ok(Math.abs(box.width - 302) < 4 && Math.abs(box.height - 189) < 4, `label size ${box.width}×${box.height}`);
  for (const sel of ['.sidebar', '.topbar', '.carrier-head', '[data-testid=history]', '.label-sheet h2', '.breadcrumb']) {
    assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} is not printed`);
  }
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) || [];
  assert.equal(pages.length, 1, 'one page');
  const chars = pdfChars(pdf);
  for (const ch of [...c.marking, ...'教标〔2026〕7号']) {
    assert.ok(chars.has(ch), `the PDF's text has "${ch}" of the marking and number (has ${[...chars].join('')})`);
  }
  const mediabox = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  assert.ok(mediabox, 'a media box');
  assert.ok(Math.abs(Number(mediabox[1]) - 226.8) < 3 && Math.abs(Number(mediabox[2]) - 141.7) < 3, `an 80×50 mm page: ${mediabox[0]}`);
  await page.emulateMedia({ media: 'screen' });
});
