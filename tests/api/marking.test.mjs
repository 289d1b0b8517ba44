// tests/api/marking.test.mjs — issue 13 point 4, LEVEL-7/LEVEL-8: a carrier
// whose level was decided says so wherever it is shown, as its level history
// does. Through the approved route (a level-change request filed by the
// handler, approved and executed by the classification authority) a
// 机密★10年 carrier is declassified and another lowered to 秘密★5年. Then the
// carrier's JSON reads 解密 / 秘密★5年 with the registered marking as
// `original_marking` (struck out where shown) and the decision's date; the
// printed label draws the original marking struck out under the current one;
// the incoming register (JSON and CSV, where nothing can be struck) says the
// original is struck. A carrier never decided shows nothing of the kind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login } from './lib.mjs';

let unit, srv, url;
const tok = {};
let declassified, lowered, untouched;

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'hulin', 'classifier']) tok[u] = await login(url, u);
  declassified = await register('标志测试：解密件');
  lowered = await register('标志测试：降密件');
  untouched = await register('标志测试：未变更件');
  await decide(declassified.id, { to_level: '非密', basis: '本局保密事项一览表第9项' });
  await decide(lowered.id, { to_level: '秘密', period: '5', basis: '本局保密事项一览表第2项' });
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });

// An incoming 机密★10年 carrier in the 机要室 safe, registered by the clerk.
async function register(title) {
  const r = await post('/api/v1/carriers', {
    title, level: '机密', period: 10, producer: '省教育厅', sender: '市教育局', pages: 2,
    place: '机要室保密柜（一号）', scope: ['办公室', 'clerk', 'hulin'],
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.marking, '机密★10年');
  return r.json;
}

// LEVEL-4: hulin files the level change, the classification authority approves and executes it.
async function decide(id, params) {
  const r = await post('/api/v1/requests', { op: 'level_change', carrier_ids: [id], reason: '定期审核', params }, 'hulin');
  assert.equal(r.status, 201, r.text);
  const a = await post(`/api/v1/requests/${r.json.id}/approve`, { comment: '同意' }, 'classifier');
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.status.code, 'approved', a.text);
  const x = await post(`/api/v1/requests/${r.json.id}/execute`, {}, 'classifier');
  assert.equal(x.status, 200, x.text);
  return x.json;
}

// "2026-12-05" → "2026年12月5日"
const zhDate = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${y}年${m}月${d}日`; };

const svgTexts = (svg) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

test('LEVEL-8: a declassified carrier reads 解密, with its registered marking as the struck original', async () => {
  const r = await get(`/api/v1/carriers/${declassified.id}`);
  assert.equal(r.status, 200, r.text);
  const c = r.json;
  assert.equal(c.level.code, 'public');
  assert.equal(c.original_level.code, 'secret');
  assert.equal(c.marking, '解密', 'not 非密');
  assert.equal(c.marking_en, 'declassified');
  assert.equal(c.original_marking, '机密★10年');
  assert.equal(c.original_marking_en, 'secret★10 years');
  assert.equal(c.declassified, true);
  assert.match(c.declassified_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(c.marking_changed_on, c.declassified_on);
  assert.equal(c.marking_note, `${zhDate(c.declassified_on)}解密`);
  assert.equal(c.marking_note_en, `declassified ${c.declassified_on}`);
  assert.equal(c.marking_text, `解密（原标志机密★10年已划去，${zhDate(c.declassified_on)}解密）`);
  assert.equal(c.marking_text_en,
    `declassified (original marking secret★10 years struck out; declassified ${c.declassified_on})`);
  // As the history does: the struck old marking and 解密.
  const hist = await get(`/api/v1/carriers/${declassified.id}/levels`);
  assert.equal(hist.status, 200, hist.text);
  assert.equal(hist.json.items.length, 1);
  assert.equal(hist.json.items[0].old_marking, c.original_marking);
  assert.equal(hist.json.items[0].new_marking, c.marking);
});

test('LEVEL-7: a lowered carrier shows its new marking and the original struck, not declassified', async () => {
  const c = (await get(`/api/v1/carriers/${lowered.id}`)).json;
  assert.equal(c.level.code, 'confidential');
  assert.equal(c.marking, '秘密★5年');
  assert.equal(c.marking_en, 'confidential★5 years');
  assert.equal(c.original_marking, '机密★10年');
  assert.equal(c.declassified, false);
  assert.equal(c.declassified_on, null);
  // LEVEL-3: the new period runs from the decision's day.
  assert.equal(c.marking_changed_on, c.period.start);
  assert.equal(c.marking_note, `${zhDate(c.marking_changed_on)}变更密级`);
  assert.equal(c.marking_text, `秘密★5年（原标志机密★10年已划去，${zhDate(c.marking_changed_on)}变更密级）`);
  // The ledger's list answers the same fields.
  const list = await get(`/api/v1/carriers?q=${encodeURIComponent('标志测试')}&limit=10`);
  assert.equal(list.status, 200, list.text);
  const byId = Object.fromEntries(list.json.items.map((i) => [i.id, i]));
  assert.equal(byId[lowered.id].original_marking, '机密★10年');
  assert.equal(byId[declassified.id].marking, '解密');
});

test('LEVEL-8: a carrier never decided has no original marking', async () => {
  const c = (await get(`/api/v1/carriers/${untouched.id}`)).json;
  assert.equal(c.marking, '机密★10年');
  assert.equal(c.original_marking, null);
  assert.equal(c.original_marking_en, null);
  assert.equal(c.declassified, false);
  assert.equal(c.marking_changed_on, null);
  assert.equal(c.marking_note, null);
  assert.equal(c.marking_text, '机密★10年');
  const svg = (await get(`/api/v1/carriers/${untouched.id}/label.svg`)).text;
  assert.equal(svgTexts(svg)[0], '机密★10年');
  assert.ok(!svg.includes('marking-old'), 'nothing struck on its label');
});

test('LEVEL-7/8: the label prints 解密 first, the original marking struck out and the day', async () => {
  const c = (await get(`/api/v1/carriers/${declassified.id}`)).json;
  const r = await get(`/api/v1/carriers/${declassified.id}/label.svg`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^image\/svg\+xml/);
  const texts = svgTexts(r.text);
  assert.equal(texts[0], '解密', 'the current marking is the first text');
  assert.ok(!texts.includes('非密'), texts.join('|'));
  const old = r.text.match(/<text class="marking-old"[^>]*>([^<]*)<\/text>/);
  assert.ok(old, 'the original marking is on the label');
  assert.equal(old[1], '机密★10年');
  assert.match(old[0], /text-decoration="line-through"/);
  // A drawn stroke too, for a viewer that ignores text-decoration.
  assert.match(r.text, /<line class="marking-old-stroke" [^>]*stroke="#555"/);
  assert.ok(texts.includes(c.marking_note), texts.join('|'));

  const low = await get(`/api/v1/carriers/${lowered.id}/label.svg`);
  const lt = svgTexts(low.text);
  assert.equal(lt[0], '秘密★5年');
  assert.equal(low.text.match(/<text class="marking-old"[^>]*>([^<]*)<\/text>/)[1], '机密★10年');
});

test('LEVEL-7/8: the incoming register says the original marking is struck (JSON and CSV)', async () => {
  const r = await get('/api/v1/registers/incoming');
  assert.equal(r.status, 200, r.text);
  const row = r.json.rows.find((x) => String(x.carrier_id) === String(declassified.id));
  assert.ok(row, `carrier ${declassified.id} in the incoming register`);
  const c = (await get(`/api/v1/carriers/${declassified.id}`)).json;
  assert.equal(row.level, c.marking_text);
  assert.ok(row.level.startsWith('解密（原标志机密★10年已划去'), row.level);
  const csv = await get('/api/v1/registers/incoming?format=csv');
  assert.equal(csv.status, 200);
  assert.ok(csv.text.includes(c.marking_text), 'the CSV has the one-line marking');
  // What the printed register strikes out (the web print view draws it in <s>).
  assert.deepEqual(row.level_struck, { marking: '解密', original: '机密★10年', note: c.marking_note });
  const low = r.json.rows.find((x) => String(x.carrier_id) === String(lowered.id));
  assert.equal(low.level_struck.marking, '秘密★5年');
  assert.equal(low.level_struck.original, '机密★10年');
  const never = r.json.rows.find((x) => String(x.carrier_id) === String(untouched.id));
  assert.equal(never.level, '机密★10年');
  assert.equal(never.level_struck, undefined);
});
