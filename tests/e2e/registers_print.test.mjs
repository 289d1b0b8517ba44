// registers_print.test.mjs — printed registers an inspector accepts (issue 14
// point 11, REG-1, REG-4). The 收文登记簿 is printed to PDF (page.pdf) and the
// text of every page is read back (pdftext.mjs): the unit, the register and
// "第 N 页 / 共 M 页" on each sheet; the 登记序号 runs 1, 2, 3 … without a gap
// beside the ledger's own number; classified and ordinary items are separate
// books, which the page asks for; a date or 文号 is never broken across lines;
// an empty register prints its headers over blank ruled rows, a form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, settled } from './lib.mjs';
import { pdfPages } from './pdftext.mjs';

let env, page, unit;

before(async () => {
  env = await setup();
  page = await env.page();
  await login(page, 'clerk');
  unit = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).unit.name);
  assert.ok(unit, 'the unit has a name');
});
after(async () => {
  const st = env ? await env.close() : null;
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  if (st) assert.equal(st.code, 0, 'server exits 0 on SIGTERM');
});

const flat = (s) => s.replace(/\s+/g, '');

async function open(hash) {
  await page.goto(hash);
  await page.locator('.register-sheet h2.sheet-title').waitFor();
  await settled(page);
}

// The register as the page shows it: the first cell (登记序号) and the
// ledger number of every row, and the 密级 cells.
function rows() {
  return page.evaluate(() => [...document.querySelectorAll('.register-sheet table.data:not(.blank-form table) tbody tr')]
    .map((tr) => ({
      seq: tr.querySelector('td.col-seq').textContent,
      id: (tr.querySelector('td.col-carrier_id') || {}).textContent,
      level: tr.querySelector('td.col-level').textContent,
    })));
}

async function printed() {
  const pdf = await page.pdf({ preferCSSPageSize: true });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const pages = pdfPages(pdf).map(flat);
  assert.equal(pages.length, (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) || []).length, 'every page read');
  return pages;
}

function everyPage(pages, title) {
  pages.forEach((text, i) => {
    assert.ok(text.includes(flat(unit)), `page ${i + 1} names the unit`);
    assert.ok(text.includes(title), `page ${i + 1} names the register ${title}`);
    assert.ok(text.includes(`第${i + 1}页/共${pages.length}页`), `page ${i + 1}: 第 ${i + 1} 页 / 共 ${pages.length} 页 (${text.slice(0, 80)})`);
    assert.ok(text.includes('登记序号') && text.includes('文号') && text.includes('密级') || i === pages.length - 1,
      `page ${i + 1} repeats the header row`);
  });
}

test('REG-1: the classified 收文登记簿 on paper: unit and page N of M on every sheet, 登记序号 1, 2, 3 …', async () => {
  await open('/#/registers/incoming');
  assert.equal(await page.locator('.register-sheet h2.sheet-title').innerText(), '收文登记簿（涉密载体）');
  assert.equal(await page.locator('select[name=book]').inputValue(), 'classified', 'the page asks which book; classified first');
  const r = await rows();
  assert.ok(r.length > 40, `enough rows for several sheets (${r.length})`);
  assert.deepEqual(r.map((x) => Number(x.seq)), r.map((_, i) => i + 1), '登记序号 runs 1, 2, 3 … without a gap');
  assert.ok(r.some((x, i) => Number(x.id) !== i + 1), 'the ledger id jumps: the number is not the id');
  assert.ok(r.every((x) => /秘密|机密|绝密/.test(x.level)), 'REG-4: only classified items in this book');
  const pages = await printed();
  assert.ok(pages.length >= 2, `several sheets (${pages.length})`);
  everyPage(pages, '收文登记簿（涉密载体）');
  assert.ok(!pages[0].includes('登录提示'), 'the login notice stays on screen');
  assert.ok(pages.at(-1).includes('登记人（签名）'), 'the signature lines end the register');
  // Printed again, the same numbers.
  await open('/#/registers/incoming');
  assert.deepEqual(await rows(), r, 'the same row keeps its number when printed again');
});

test('REG-4: the ordinary book is chosen on the page, its own numbers from 1, no classified item', async () => {
  await open('/#/registers/incoming');
  await page.locator('select[name=book]').selectOption('ordinary');
  await page.waitForFunction(() => location.hash.includes('book=ordinary'));
  await page.locator('.register-sheet h2.sheet-title', { hasText: '普通文件' }).waitFor();
  await settled(page);
  const r = await rows();
  assert.ok(r.length > 0, 'the demo has ordinary items');
  assert.ok(r.every((x) => /^(非密|内部)/.test(x.level)), `REG-4: only 非密 and 内部 (${r.map((x) => x.level).join(',')})`);
  assert.deepEqual(r.map((x) => Number(x.seq)), r.map((_, i) => i + 1), 'its own 登记序号 from 1');
  const pages = await printed();
  everyPage(pages, '收文登记簿（普通文件）');
  assert.ok(pages.every((p) => !/秘密★|机密★|绝密★/.test(p)), 'no classified marking on the ordinary register');
  // The exports follow the book.
  const csv = await page.locator('[data-action=csv]').getAttribute('href');
  assert.match(csv, /book=ordinary/);
  const xlsx = await page.locator('a[data-action=xlsx]').first().getAttribute('href');
  assert.match(xlsx, /book=ordinary/);
});

test('REG-1: dates and 文号 are never broken mid-token on the printed sheet', async () => {
  await open('/#/registers/incoming');
  // The printable width of A4 landscape with 12 mm side margins, at 96 px an inch.
  await page.setViewportSize({ width: Math.floor(((297 - 24) / 25.4) * 96), height: 700 });
  await page.emulateMedia({ media: 'print' });
  try {
    const broken = await page.evaluate(() => {
      const out = [];
      for (const td of document.querySelectorAll('.register-sheet td.col-doc_number, .register-sheet td.col-received_on, .register-sheet td.col-registered_at, .register-sheet td.col-seq')) {
        if (!td.textContent) continue;
        const range = document.createRange();
        range.selectNodeContents(td);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (getComputedStyle(td).whiteSpace !== 'nowrap' || tops.size > 1) out.push(td.textContent);
      }
      return out;
    });
    assert.deepEqual(broken, [], 'each date, time and 文号 on one line');
    const fits = await page.evaluate(() => {
      const t = document.querySelector('.register-sheet table.data');
      return t.getBoundingClientRect().right <= document.documentElement.clientWidth + 1;
    });
    assert.ok(fits, 'the register fits the width of the sheet');
  } finally {
    await page.emulateMedia({ media: null }); // page.pdf prints with print media again
    await page.setViewportSize({ width: 1366, height: 768 });
  }
});

test('REG-1: an empty register prints its headers over blank ruled rows, a form', async () => {
  await open('/#/registers/borrow?book=ordinary&from=2000-01-01&to=2000-01-31');
  assert.equal(await page.locator('.register-sheet h2.sheet-title').innerText(), '借阅登记簿（普通文件）');
  await page.locator('.register-sheet .empty, .register-sheet [data-testid=blank-form]').first().waitFor({ state: 'attached' });
  assert.equal(await page.locator('[data-testid=blank-form]').isVisible(), false, 'the blank form is for paper only');
  await page.emulateMedia({ media: 'print' });
  try {
    assert.ok(await page.locator('[data-testid=blank-form]').isVisible(), 'printed, the blank form shows');
    const blank = await page.evaluate(() => [...document.querySelectorAll('[data-testid=blank-form] tbody tr')]
      .map((tr) => ({ text: tr.textContent, h: tr.getBoundingClientRect().height, border: getComputedStyle(tr.querySelector('td')).borderBottomStyle })));
    assert.ok(blank.length >= 10, `ruled rows (${blank.length})`);
    assert.ok(blank.every((r) => r.text === '' && r.h >= 30 && r.border === 'solid'), 'blank, ruled, room for the pen');
  } finally {
    await page.emulateMedia({ media: null }); // page.pdf prints with print media again
  }
  const pages = await printed();
  assert.equal(pages.length, 1, `one sheet: ${JSON.stringify(pages)}`);
  everyPage(pages, '借阅登记簿（普通文件）');
  for (const h of ['登记序号', '借出时间', '文号', '标题', '密级', '借阅人签字', '归还时间']) {
    assert.ok(pages[0].includes(h), `the form has the ${h} column`);
  }
  assert.ok(pages[0].includes('登记人（签名）'), 'and the signature lines');
});
