// tests/api/label.test.mjs — MAKE-4: the system prints a carrier's markings
// and a label. GET /api/v1/carriers/{id}/label.svg is an SVG holding the
// marking (LEVEL-8: level★period, as the carrier's JSON shows it), the
// document and serial numbers, and a QR code reading `baomi:carrier:<id>`
// (the payload is also the SVG's <title>). Visibility is the ledger's: a
// hidden carrier is 404 like a missing one (SYS-2); administrators are
// refused (SYS-1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, approvedMake } from './lib.mjs';

let unit, srv, url, clerk, staff, sysadmin, carrier;

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  clerk = await login(url, 'clerk');
  staff = await login(url, 'staff');
  sysadmin = await login(url, 'sysadmin');
  const r = await call(url, 'POST', '/api/v1/carriers', {
    token: clerk,
    body: {
      title: '关于标签打印的测试通知<&>', level: '机密', doc_number: '标发〔2026〕7号',
      serial_number: 5, pages: 3, producer: '省教育厅', sender: '市教育局',
      place: '机要室保密柜（一号）', scope: ['办公室', 'clerk'], period: 10,
    },
  });
  assert.equal(r.status, 201, r.text);
  carrier = r.json;
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const label = (id, token = clerk) => call(url, 'GET', `/api/v1/carriers/${id}/label.svg`, { token });

test('MAKE-4: the label carries the marking, document number, serial and the QR payload', async () => {
  assert.equal(carrier.marking, '机密★10年');
  const r = await label(carrier.id);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(r.text, /^<\?xml [^>]*\?>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  // LEVEL-8 marking as the ledger shows it, first text on the label, in red.
  const texts = [...r.text.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.equal(texts[0], carrier.marking);
  assert.ok(texts.includes(`文号 ${carrier.doc_number}`), texts.join('|'));
  assert.ok(texts.includes(`份号 ${carrier.serial_number}`), texts.join('|'));
  assert.ok(texts.includes(`编号 ${carrier.id}`), texts.join('|'));
  // The title is escaped, never raw markup.
  assert.ok(!r.text.includes('通知<') && !r.text.includes('&>'));
  assert.ok(r.text.includes('通知&lt;'), 'the title is on the label, escaped');
  // The QR payload a count accepts as the carrier's id, and the code drawn.
  assert.match(r.text, new RegExp(`<title>baomi:carrier:${carrier.id}</title>`));
  const path = r.text.match(/<path fill="#000"[^>]* d="([^"]+)"/);
  assert.ok(path, 'the QR code is drawn');
  assert.ok(path[1].split('z').length > 50, 'the QR code has modules');
});

test('MAKE-4: labels of different carriers carry different payloads and markings', async () => {
  const request = await approvedMake(url, clerk, await login(url, 'leader'),
    { title: '标签份号测试', level: '秘密', doc_number: '标发〔2026〕8号', copies: 2, scope: '基础教育科', period: 5 });
  const made = await call(url, 'POST', '/api/v1/carriers/made', {
    token: clerk,
    body: { request_id: request, place: '考试保密室', period: 5 },
  });
  assert.equal(made.status, 201, made.text);
  const [a, b] = made.json.items;
  const la = await label(a.id), lb = await label(b.id);
  assert.equal(la.status, 200);
  assert.ok(la.text.includes('秘密★5年'));
  assert.ok(la.text.includes('份号 1') && lb.text.includes('份号 2'));
  assert.ok(la.text.includes(`baomi:carrier:${a.id}<`) && lb.text.includes(`baomi:carrier:${b.id}<`));
  assert.notEqual(la.text.match(/ d="([^"]+)"/)[1], lb.text.match(/ d="([^"]+)"/)[1]);
});

test('MAKE-4 / SYS-2: a hidden carrier\'s label is 404 exactly like a missing one', async () => {
  const hidden = await label(carrier.id, staff);
  const missing = await label(999999, staff);
  refused(hidden, 404, 'unknown_carrier', 'SYS-2');
  refused(missing, 404, 'unknown_carrier', 'SYS-2');
  assert.equal(hidden.text, missing.text.replaceAll('999999', String(carrier.id)));
});

test('MAKE-4 / SYS-1: administrators get no label', async () => {
  refused(await label(carrier.id, sysadmin), 403, 'admin_no_business', 'SYS-1');
});
