// tests/api/tls.test.mjs — issue 9 point 7: `baomi serve --tls-cert F
// --tls-key F` answers over HTTPS (libmicrohttpd with GnuTLS) with a
// certificate made at test time by the openssl CLI; its session cookie is
// `Secure`; plain HTTP to the same port gets no HTTP answer; a missing or
// unusable key stops the server at start with a clear error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { demoUnit, startServer, PW, BAOMI } from './lib.mjs';

const run = promisify(execFile);
let unit, srv, ca, cert, key;

// One HTTPS request trusting only the test certificate.
function request(url, method, path, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const h = { ...headers };
    if (payload) h['Content-Type'] = 'application/json';
    const req = https.request(url + path, { method, headers: h, ca, servername: 'localhost' }, (res) => {
      let text = '';
      const encrypted = Boolean(res.socket.encrypted);
      const peer = encrypted ? res.socket.getPeerCertificate() : null;
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, text, json, encrypted, peer });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

before(async () => {
  unit = await demoUnit();
  cert = join(unit.dir, 'cert.pem');
  key = join(unit.dir, 'key.pem');
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
  ca = readFileSync(cert);
  srv = await startServer(unit.db, { args: ['--tls-cert', cert, '--tls-key', key], logName: 'tls' });
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  if (unit) unit.cleanup();
});

test('TLS: the server prints an https URL and answers over TLS with the given certificate', async () => {
  assert.match(srv.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const r = await request(srv.url, 'GET', '/api/v1/health');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'ok');
  assert.ok(r.encrypted, 'a TLS socket');
  assert.equal(r.peer.subject.CN, 'localhost');
});

test('TLS: the session cookie is Secure over HTTPS (and logout clears it the same way)', async () => {
  const r = await request(srv.url, 'POST', '/api/v1/session', { body: { username: 'clerk', password: PW } });
  assert.equal(r.status, 201, r.text);
  const cookie = r.headers['set-cookie'].join('\n');
  assert.match(cookie, /baomi_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure/);
  const me = await request(srv.url, 'GET', '/api/v1/me', { headers: { Authorization: `Bearer ${r.json.token}` } });
  assert.equal(me.status, 200, me.text);
  const out = await request(srv.url, 'DELETE', '/api/v1/session', { headers: { Authorization: `Bearer ${r.json.token}` } });
  assert.equal(out.status, 200, out.text);
  assert.match(out.headers['set-cookie'].join('\n'), /Max-Age=0; Secure/);
});

test('TLS: plain HTTP to the HTTPS port gets no HTTP answer', async () => {
  const plain = srv.url.replace(/^https:/, 'http:');
  const outcome = await new Promise((resolve) => {
    const req = http.get(plain + '/api/v1/health', (res) => resolve({ status: res.statusCode }));
    req.setTimeout(5000, () => { req.destroy(new Error('timeout')); });
    req.on('error', (e) => resolve({ error: e.message }));
  });
  assert.ok(outcome.error, `plain HTTP must fail, got ${JSON.stringify(outcome)}`);
  // …and the server still answers HTTPS afterwards.
  assert.equal((await request(srv.url, 'GET', '/api/v1/health')).status, 200);
});

test('TLS: an untrusted client is refused by its own check (the certificate is the test one)', async () => {
  await assert.rejects(new Promise((resolve, reject) => {
    const req = https.get(srv.url + '/api/v1/health', { servername: 'localhost' }, resolve);
    req.on('error', reject);
  }), /self[- ]signed|unable to verify|certificate/i);
});

test('TLS: a missing key, a mismatched pair or a garbage key stop the server at start', async () => {
  const serve = (args) => run(BAOMI, ['serve', '--db', unit.db, '--listen', '127.0.0.1:0', ...args],
    { env: { ...process.env, BAOMI_NOW: '' } }).then(() => ({ code: 0 }), (e) => ({ code: e.code, stderr: e.stderr }));
  let r = await serve(['--tls-cert', cert]);
  assert.equal(r.code, 2, 'usage: --tls-cert without --tls-key');
  assert.match(r.stderr, /--tls-cert and --tls-key/);
  const garbage = join(unit.dir, 'garbage.pem');
  writeFileSync(garbage, 'not a key\n');
  r = await serve(['--tls-cert', cert, '--tls-key', garbage]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /certificate or key is unusable/);
  r = await serve(['--tls-cert', cert, '--tls-key', join(unit.dir, 'missing.pem')]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /cannot read the TLS file/);
});
