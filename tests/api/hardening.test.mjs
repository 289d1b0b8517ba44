// tests/api/hardening.test.mjs — what the server refuses before any service
// runs, and what every answer carries: body size and JSON depth caps, strict
// content types, malformed JSON, wrong types, unknown fields and parameters,
// 404/405 as JSON, security headers, no internal detail, concurrency.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { demoUnit, startServer, call, login, refused } from './lib.mjs';

let unit, srv, url, clerk;

before(async () => {
  unit = await demoUnit();
  srv = await startServer(unit.db);
  url = srv.url;
  clerk = await login(url, 'clerk');
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

function securityHeaders(r) {
  assert.equal(r.headers.get('content-security-policy'), "default-src 'self'; frame-ancestors 'none'");
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(r.headers.get('cache-control'), 'no-store');
}

test('security headers on a success, an error and a 404', async () => {
  const ok = await call(url, 'GET', '/api/v1/carriers?limit=1', { token: clerk });
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('content-type'), /^application\/json/);
  securityHeaders(ok);
  securityHeaders(await call(url, 'GET', '/api/v1/carriers'));
  securityHeaders(await call(url, 'GET', '/api/v1/nothing-here'));
});

test('413: a body over 1 MiB is refused (declared length and chunked)', async () => {
  const big = JSON.stringify({ username: 'a'.repeat(1100000), password: 'x' });
  refused(await call(url, 'POST', '/api/v1/session', { raw: big, type: 'application/json' }), 413, 'body_too_large');
  // A huge declared length is refused at once (the connection may close before the body is sent).
  const huge = await call(url, 'POST', '/api/v1/session', { raw: 'x'.repeat(9 * 1024 * 1024), type: 'application/json' })
    .catch((e) => ({ status: 'closed', error: e }));
  assert.ok(huge.status === 413 || huge.status === 'closed', String(huge.status));
  // Without Content-Length (a stream) the cap holds too.
  const stream = new ReadableStream({
    start(c) { for (let i = 0; i < 12; i++) c.enqueue(new TextEncoder().encode('x'.repeat(100000))); c.close(); },
  });
  const res = await fetch(url + '/api/v1/session', {
    method: 'POST', body: stream, duplex: 'half', headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.code, 'body_too_large');
});

test('400: malformed JSON, a non-object, duplicate keys, too deep', async () => {
  const post = (raw) => call(url, 'POST', '/api/v1/session', { raw, type: 'application/json' });
  refused(await post('{"username": "clerk", '), 400, 'malformed_json');
  refused(await post('[1, 2]'), 400, 'body_not_object');
  refused(await post('{"username":"a","username":"b","password":"x"}'), 400, 'malformed_json');
  refused(await post('{"a":' .repeat(17) + '1' + '}'.repeat(17)), 400, 'too_deep');
  refused(await post('['.repeat(5000) + ']'.repeat(5000)), 400, 'too_deep');
  // 16 levels is within the cap (then the field is simply unknown).
  refused(await post('{"a":'.repeat(16) + '1' + '}'.repeat(16)), 400, 'unknown_field');
  refused(await post('{"username":"\\u0000x","password":"y"}'), 400, 'malformed_json');
});

test('400: unknown fields, wrong types, missing fields', async () => {
  refused(await call(url, 'POST', '/api/v1/session', { body: { username: 'clerk', password: 'x', admin: true } }), 400, 'unknown_field');
  refused(await call(url, 'POST', '/api/v1/session', { body: { username: 42, password: 'x' } }), 400, 'wrong_type');
  refused(await call(url, 'POST', '/api/v1/session', { body: { username: 'clerk' } }), 400, 'required');
  const reg = (body) => call(url, 'POST', '/api/v1/carriers', { token: clerk, body });
  refused(await reg({ title: 'x', level: '内部', pages: '12' }), 400, 'wrong_type');
  refused(await reg({ title: 'x', level: '内部', scope: '办公室' }), 400, 'wrong_type');
  refused(await reg({ title: 'x', level: '内部', scope: [1] }), 400, 'wrong_type');
  refused(await reg({ title: 'x', level: '内部', serial: 3 }), 400, 'unknown_field');
  refused(await call(url, 'GET', '/api/v1/carriers?colour=red', { token: clerk }), 400, 'unknown_parameter');
  refused(await call(url, 'GET', '/api/v1/carriers?limit=5000', { token: clerk }), 400, 'invalid_filter');
  refused(await call(url, 'GET', '/api/v1/carriers?from=2026-02-30', { token: clerk }), 400, 'invalid_filter');
});

test('415: a body that is not application/json', async () => {
  refused(await call(url, 'POST', '/api/v1/session', { raw: 'username=clerk&password=x', type: 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
  refused(await call(url, 'POST', '/api/v1/session', { raw: '{"username":"clerk","password":"x"}', type: 'text/plain' }), 415, 'unsupported_media_type');
  // A charset parameter is fine.
  const r = await call(url, 'POST', '/api/v1/session', { raw: '{"username":"clerk","password":"x"}', type: 'application/json; charset=utf-8' });
  assert.equal(r.status, 403);
});

test('405 with Allow, 404 as JSON', async () => {
  const r = await call(url, 'PUT', '/api/v1/health');
  refused(r, 405, 'method_not_allowed');
  assert.equal(r.headers.get('allow'), 'GET');
  const d = await call(url, 'DELETE', '/api/v1/carriers/1', { token: clerk });
  refused(d, 405, 'method_not_allowed');
  refused(await call(url, 'GET', '/api/v1/nothing-here'), 404, 'not_found');
  refused(await call(url, 'GET', '/api/v2/carriers'), 404, 'not_found');
  const made = await call(url, 'GET', '/api/v1/carriers/made', { token: clerk });
  assert.equal(made.status, 405, 'a literal route wins over /carriers/{id}');
});

test('SQL text in input is data, never SQL', async () => {
  const r = await call(url, 'GET', "/api/v1/carriers?q=" + encodeURIComponent("' OR 1=1 --"), { token: clerk });
  assert.equal(r.status, 200);
  assert.equal(r.json.total, 0);
  const s = await call(url, 'GET', '/api/v1/carriers?q=' + encodeURIComponent('%'), { token: clerk });
  assert.equal(s.json.total, 0, 'LIKE wildcards are escaped');
});

test('a malformed request line gets a 4xx or a closed connection, not a crash', async () => {
  const answer = await new Promise((resolve) => {
    const { port } = new URL(url);
    const sock = net.connect(Number(port), '127.0.0.1', () => sock.write('GARBAGE\r\n\r\n'));
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('close', () => resolve(data));
    sock.on('error', () => resolve(data));
  });
  assert.ok(answer === '' || /^HTTP\/1\.[01] 4\d\d/.test(answer), answer);
  assert.equal((await call(url, 'GET', '/api/v1/health')).status, 200, 'still serving');
});

test('concurrent requests on the worker pool all succeed', async () => {
  const tokens = await Promise.all(['clerk', 'staff', 'hulin', 'zhouwei'].map((u) => login(url, u)));
  const reqs = [];
  for (let i = 0; i < 40; i++)
    reqs.push(call(url, 'GET', `/api/v1/carriers?limit=5&offset=${i}`, { token: tokens[i % tokens.length] }));
  const res = await Promise.all(reqs);
  assert.ok(res.every((r) => r.status === 200), res.map((r) => r.status).join(','));
});

test('errors never leak internals: every error body has exactly the four fields', async () => {
  const r = await call(url, 'GET', '/api/v1/carriers/0', { token: clerk });
  refused(r, 404);
  assert.doesNotMatch(r.text, /sqlite|SELECT|\.c:|0x[0-9a-f]{6}/i);
});
