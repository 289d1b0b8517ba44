// uiwords_sort.test.mjs — the ledger sorts by its columns on the server
// (issue 14 point 10): each order of GET /carriers `sort` is "key, id" in one
// direction, served by an index on the key (migration 38), and a keyset page
// (`after`) continues it exactly; an unknown order is refused. The export
// (CSV) carries 保密期限, 知悉范围, 页数 and 制发机关 (issue 14 point 10).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, login, call, refused } from './lib.mjs';

let unit, server, tok;
const get = (path) => call(server.url, 'GET', path, { token: tok });

before(async () => {
  unit = await demoUnit();
  server = await startServer(unit.db, { logName: 'uiwords-sort' });
  tok = await login(server.url, 'clerk');
});
after(async () => {
  if (server) assert.equal((await server.stop()).code, 0);
  if (unit) unit.cleanup();
});

const KEY = {
  level: (c) => ['public', 'internal', 'confidential', 'secret', 'top_secret'].indexOf(c.level.code),
  title: (c) => c.title,
  doc: (c) => c.doc_number || '',
  kind: (c) => c.kind.code,
  status: (c) => c.status.code,
  custodian: (c) => c.custodian_id || 0,
  place: (c) => c.place_id || 0,
  registered: (c) => c.registered_at,
};
// One CSV line (RFC 4180 quoting) into its cells.
function cells(line) {
  const out = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

// SQLite compares text by bytes (UTF-8): so does this.
const cmp = (a, b) => (typeof a === 'number' ? a - b : Buffer.compare(Buffer.from(a), Buffer.from(b)));

for (const [name, key] of Object.entries(KEY)) {
  test(`uiwords: sort=${name} and sort=-${name} order by the key, then the id, and keyset paging follows`, async () => {
    for (const desc of [false, true]) {
      const sort = (desc ? '-' : '') + name;
      const all = (await get(`/api/v1/carriers?sort=${sort}&limit=1000`)).json.items;
      assert.ok(all.length > 100, `${sort}: ${all.length}`);
      for (let i = 1; i < all.length; i++) {
        const d = cmp(key(all[i - 1]), key(all[i])) || (all[i - 1].id - all[i].id);
        assert.ok(desc ? d > 0 : d < 0, `${sort}: row ${i} (${all[i - 1].id}, ${all[i].id}) out of order`);
      }
      // The second page by keyset is the slice after the first page.
      const first = (await get(`/api/v1/carriers?sort=${sort}&limit=30`)).json;
      const second = (await get(`/api/v1/carriers?sort=${sort}&limit=30&after=${first.next}`)).json.items;
      assert.deepEqual(second.map((c) => c.id), all.slice(30, 60).map((c) => c.id), `${sort}: keyset page 2`);
    }
  });
}

test('uiwords: an order the server keeps no index for is refused', async () => {
  refused(await get('/api/v1/carriers?sort=serial'), 400, 'invalid_sort');
  refused(await get('/api/v1/carriers?sort=-custodian_name'), 400, 'invalid_sort');
});

test('uiwords: the ledger export carries 保密期限, 知悉范围, 页数, 制发机关 and 登记时间', async () => {
  const r = await call(server.url, 'GET', '/api/v1/carriers?format=csv&sort=id', { token: tok });
  assert.equal(r.status, 200);
  const lines = r.text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const at = lines.findIndex((l) => l.startsWith('序号,'));
  const head = cells(lines[at]);
  for (const col of ['保密期限', '知悉范围', '页数', '制发机关', '来文机关', '登记时间', '存放地点']) assert.ok(head.includes(col), `${col} in ${head}`);
  const all = (await get('/api/v1/carriers?sort=id&limit=1000')).json.items;
  const withEvent = all.find((c) => c.period && c.period.kind === 'event');
  assert.ok(withEvent, 'the demo holds a carrier with a 解密条件');
  const row = cells(lines.find((l) => cells(l)[1] === String(withEvent.id)));
  assert.equal(row[head.indexOf('保密期限')], withEvent.period.event);
  const scoped = all.find((c) => c.level.code === 'secret');
  const full = (await get(`/api/v1/carriers/${scoped.id}`)).json;
  const srow = cells(lines.find((l) => cells(l)[1] === String(scoped.id)));
  assert.ok(srow[head.indexOf('知悉范围')].length > 0 && full.scope.length > 0, 'the scope by name');
  assert.match(srow[head.indexOf('登记时间')], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
});
