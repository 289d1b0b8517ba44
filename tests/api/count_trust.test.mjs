// count_trust.test.mjs — a count the clerk can trust (清查, INV-3/4, issue 14
// point 6) through the real server on the demo unit: each 存放地点's progress
// (GET /counts/{id}/places) adds up to the count's tally; the lists by place
// (?place=ID|none) give only that place's carriers, paged, with the place's
// progress; a repeated scan is answered as such (`repeat`, the first tick's
// time), counts nothing twice and never clears "incomplete"; the closed count
// keeps its places; a staff member is refused (INV-3) and bad places are 400.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoUnit, startServer, call, login, refused, closeBody } from './lib.mjs';

let unit, srv, url;
const tok = {};

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  for (const u of ['clerk', 'staff']) tok[u] = await login(url, u);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

const post = (path, body, who = 'clerk') => call(url, 'POST', path, { token: tok[who], body });
const get = (path, who = 'clerk') => call(url, 'GET', path, { token: tok[who] });

const sum = (items, k) => items.reduce((n, p) => n + p[k], 0);

test('INV-3, issue 14 point 6: a unit count by 存放地点, a repeated scan, the close', async () => {
  const s = await post('/api/v1/counts', { scope: 'unit', reason: '年终全面清查（逐柜）' });
  assert.equal(s.status, 201, s.text);
  const id = s.json.id;
  const pre = await get(`/api/v1/counts/${id}?limit=1`);
  assert.equal(pre.status, 200, pre.text);

  // Every place's part adds up to the count.
  const pl = await get(`/api/v1/counts/${id}/places`);
  assert.equal(pl.status, 200, pl.text);
  assert.equal(pl.json.session_id, id);
  const items = pl.json.items;
  assert.ok(items.length >= 2, `the demo unit keeps carriers in several places (${items.length})`);
  assert.equal(sum(items, 'expected'), pre.json.counts.expected);
  assert.equal(sum(items, 'missing'), pre.json.counts.missing);
  assert.equal(sum(items, 'out'), pre.json.counts.out);
  assert.equal(sum(items, 'found'), 0);
  for (const p of items) {
    assert.equal(p.expected, p.found + p.missing + p.out, `place ${p.place}`);
    if (p.place_id) assert.equal(typeof p.place, 'string');
    else assert.equal(p.place, null);
  }
  const places = (await get('/api/v1/places')).json.items;
  const safe = items.filter((p) => p.place_id).sort((a, b) => b.missing - a.missing)[0];
  assert.ok(safe.missing >= 3, `a safe with several carriers (${safe.place}: ${safe.missing})`);
  assert.equal(places.find((p) => p.id === safe.place_id).name, safe.place);

  // Its not-yet-found carriers, a page at a time, only that place's.
  const seen = [];
  let after = 0;
  for (;;) {
    const r = await get(`/api/v1/counts/${id}?list=missing&place=${safe.place_id}&limit=2&after=${after}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.place, { place_id: safe.place_id, place: safe.place, expected: safe.expected, found: 0, missing: safe.missing, out: safe.out, incomplete: 0 });
    assert.equal(r.json.counts.missing, pre.json.counts.missing, 'counts stay the whole count\'s');
    assert.ok(r.json.missing.length <= 2);
    for (const l of r.json.missing) assert.equal(l.place, safe.place);
    assert.deepEqual(r.json.unexpected, [], 'no unexpected lines by place');
    seen.push(...r.json.missing.map((l) => l.carrier_id));
    if (r.json.next.missing === null) break;
    after = r.json.next.missing;
  }
  assert.equal(seen.length, safe.missing, 'the pages give every carrier of the place once');
  assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'by id');

  // The first scan, then the same label again: counted once, the first time kept.
  const [a, b] = seen;
  const t1 = await post(`/api/v1/counts/${id}/ticks`, { carrier_id: `baomi:carrier:${a}` });
  assert.equal(t1.status, 200, t1.text);
  assert.equal(t1.json.repeat, false);
  assert.equal(t1.json.first_ticked_at, null);
  assert.equal(t1.json.place_id, safe.place_id);
  assert.equal(t1.json.place, safe.place);
  assert.ok(t1.json.title && t1.json.marking);
  const t2 = await post(`/api/v1/counts/${id}/ticks`, { carrier_id: `baomi:carrier:${a}` });
  assert.equal(t2.status, 200, t2.text);
  assert.equal(t2.json.repeat, true, 'the second scan is told apart');
  assert.match(t2.json.first_ticked_at, /^\d{4}-\d\d-\d\dT/);
  assert.equal(t2.json.title, t1.json.title);
  const mid = await get(`/api/v1/counts/${id}?list=found&place=${safe.place_id}`);
  assert.deepEqual(mid.json.found.map((l) => l.carrier_id), [a], 'one line for two scans');
  assert.equal(mid.json.counts.found, 1);
  assert.equal(mid.json.place.found, 1);
  assert.equal(mid.json.place.missing, safe.missing - 1);

  // Incomplete is learnt on a second scan and never cleared by a plain one.
  assert.equal((await post(`/api/v1/counts/${id}/ticks`, { carrier_id: b })).json.repeat, false);
  const t3 = await post(`/api/v1/counts/${id}/ticks`, { carrier_id: b, incomplete: true });
  assert.equal(t3.json.repeat, true);
  assert.equal(t3.json.incomplete, true);
  const t4 = await post(`/api/v1/counts/${id}/ticks`, { carrier_id: b });
  assert.equal(t4.json.repeat, true);
  assert.equal(t4.json.incomplete, true, 'a plain rescan keeps "incomplete"');
  const inc = await get(`/api/v1/counts/${id}?list=incomplete`);
  assert.deepEqual(inc.json.incomplete.map((l) => l.carrier_id), [b]);
  // The audit trail records the repeat.
  const ev = await call(url, 'GET', '/api/v1/audit/events?action=count.tick&limit=50', { token: await login(url, 'auditor') });
  assert.equal(ev.status, 200, ev.text);
  const mine = ev.json.items.filter((e) => e.object === `count:${id}` && e.outcome === 'ok');
  const detail = (e) => (typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail || {});
  assert.equal(mine.filter((e) => detail(e).repeat === true).length, 3, `the three repeated scans are audited as such: ${ev.text.slice(0, 400)}`);

  // Unknown ids are still kept as unexpected, with no place.
  const u = await post(`/api/v1/counts/${id}/ticks`, { carrier_id: 999999 });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.place, null);
  assert.equal(u.json.title, null);

  // Refusals: a bad place, a staff member (INV-3); nothing changed.
  refused(await get(`/api/v1/counts/${id}?place=0`), 400, 'invalid_parameter');
  refused(await get(`/api/v1/counts/${id}/places?place=x`), 400, 'invalid_parameter');
  refused(await get(`/api/v1/counts/${id}/places`, 'staff'), 403, undefined, 'INV-3');
  refused(await get(`/api/v1/counts/99999/places`), 404);
  const none = await get(`/api/v1/counts/${id}/places?place=none`);
  assert.equal(none.status, 200, none.text);
  assert.ok(none.json.items.every((p) => p.place_id === 0));
  const one = await get(`/api/v1/counts/${id}/places?place=${safe.place_id}`);
  assert.deepEqual(one.json.items.map((p) => p.place_id), [safe.place_id]);
  assert.equal(one.json.items[0].found, 2);
  assert.equal(one.json.items[0].incomplete, 1);

  // Closed: the places as stored, what was not found is missing (INV-4).
  const closed = await post(`/api/v1/counts/${id}/close`, await closeBody(url, tok.clerk, id));
  assert.equal(closed.status, 200, closed.text);
  const after2 = await get(`/api/v1/counts/${id}/places`);
  assert.equal(after2.status, 200, after2.text);
  assert.equal(sum(after2.json.items, 'missing'), closed.json.counts.missing);
  assert.equal(sum(after2.json.items, 'found'), 2);
  const st = after2.json.items.find((p) => p.place_id === safe.place_id);
  assert.equal(st.missing, safe.missing - 2);
  const byPlace = await get(`/api/v1/counts/${id}?list=missing&place=${safe.place_id}&limit=10000`);
  assert.equal(byPlace.json.missing.length, safe.missing - 2);
  assert.ok(byPlace.json.missing.every((l) => l.incident_id > 0 && l.place === safe.place));
});
