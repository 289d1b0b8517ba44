// tests/api/openapi.test.mjs — docs/openapi.yaml and the router's table
// (`baomi serve --print-routes`) list the same routes, and the document has
// the shared error schema and security schemes. No YAML library: the
// document keeps paths at two spaces and methods at four.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { BAOMI } from './lib.mjs';

const doc = readFileSync(fileURLToPath(new URL('../../docs/openapi.yaml', import.meta.url)), 'utf8');

function documented() {
  const routes = new Set();
  let inPaths = false, path = null;
  for (const line of doc.split('\n')) {
    if (/^\S/.test(line)) { inPaths = line.startsWith('paths:'); path = null; continue; }
    if (!inPaths) continue;
    let m = line.match(/^  (\/\S*):\s*$/);
    if (m) { path = m[1]; continue; }
    m = line.match(/^    (get|post|put|patch|delete):/);
    if (m && path) routes.add(`${m[1].toUpperCase()} ${path}`);
  }
  return routes;
}

async function routed() {
  const { stdout } = await promisify(execFile)(BAOMI, ['serve', '--print-routes']);
  return new Set(stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).slice(0, 2).join(' ')));
}

test('every route in the router is documented in docs/openapi.yaml', async () => {
  const docs = documented();
  const missing = [...(await routed())].filter((r) => !docs.has(r));
  assert.deepEqual(missing, [], 'routes without documentation');
});

test('every documented route exists in the router', async () => {
  const table = await routed();
  const extra = [...documented()].filter((r) => !table.has(r));
  assert.deepEqual(extra, [], 'documented routes the server does not have');
});

test('the router has the routes of issue 4 (sanity check of the comparison)', async () => {
  const table = await routed();
  for (const r of ['GET /api/v1/health', 'POST /api/v1/session', 'DELETE /api/v1/session',
    'GET /api/v1/carriers/{id}', 'GET /api/v1/audit/export'])
    assert.ok(table.has(r), r);
  assert.ok(table.size >= 25);
});

test('the document declares the error schema and both security schemes', () => {
  assert.match(doc, /^openapi: 3\.0\.\d/m);
  assert.match(doc, /ErrorDetail:[\s\S]*required: \[code, rule, message, message_en\]/);
  assert.match(doc, /securitySchemes:[\s\S]*bearer:[\s\S]*scheme: bearer[\s\S]*cookie:[\s\S]*name: baomi_session/);
  for (const status of ['401', '403', '404', '413', '415', '423'])
    assert.match(doc, new RegExp(status), `status ${status} described`);
});
