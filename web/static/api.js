// api.js — the JSON API from the browser. The session lives in an HttpOnly
// cookie set at login (scripts never see the token); every request carries
// X-Requested-With: baomi, which the server demands of cookie sessions for
// any change (CSRF). Errors arrive as {error: {code, rule, article, message, message_en}}
// and are thrown as ApiError so a view can show the rule and its reason.

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message_en || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || (status === 0 ? 'network' : 'http_' + status);
    this.rule = e.rule || null;
    this.article = e.article || null; // the article of the unit's 保密工作制度 citing the rule
    this.message_zh = e.message || '';
    this.message_en = e.message_en || '';
    this.body = body; // the whole answer (an import's refusal carries its report)
  }
}

const listeners = { unauthenticated: [], passwordRequired: [], activity: [] };

// The app subscribes to "session gone" (401), "must change password" and
// "activity": an answer other than 401 to a call the person made, with the
// time (Date.now()) the call was sent — the server started SYS-4's idle
// clock again no earlier than that (idle.js counts down from it).
export function onApiEvent(name, fn) { listeners[name].push(fn); }

// SYS-4: a read the page makes on its own (`background`: the badge's poll,
// the check of when the session ends) carries X-Baomi-Background: 1, and the
// server does not count it as the person's activity.
// One call. `body` is sent as JSON; the answer's JSON is returned (null when empty).
export async function api(method, path, body, { quiet401 = false, background = false } = {}) {
  const headers = { 'X-Requested-With': 'baomi', Accept: 'application/json' };
  if (background) headers['X-Baomi-Background'] = '1';
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  const sent = Date.now();
  try {
    res = await fetch('/api/v1' + path, init);
  } catch (err) {
    throw new ApiError(0, { error: { code: 'network', message: '无法连接服务器', message_en: 'cannot reach the server' } });
  }
  const text = await res.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (res.status !== 401 && !background) listeners.activity.forEach((fn) => fn(sent));
  if (!res.ok) {
    const err = new ApiError(res.status, json);
    if (res.status === 401 && !quiet401) listeners.unauthenticated.forEach((fn) => fn(err));
    if (err.code === 'password_change_required') listeners.passwordRequired.forEach((fn) => fn(err));
    throw err;
  }
  return json;
}

// Uploads a file's bytes as the request's body (an import, issue 15): the
// answer's JSON, or an ApiError whose `body` may hold more (the report).
export async function upload(path, file) {
  const headers = { 'X-Requested-With': 'baomi', Accept: 'application/json',
    'Content-Type': file.type || 'application/octet-stream' };
  let res;
  const sent = Date.now();
  try {
    res = await fetch('/api/v1' + path, { method: 'POST', headers, credentials: 'same-origin', cache: 'no-store', body: file });
  } catch (err) {
    throw new ApiError(0, { error: { code: 'network', message: '无法连接服务器', message_en: 'cannot reach the server' } });
  }
  let json = null;
  try { json = JSON.parse(await res.text()); } catch { json = null; }
  if (res.status !== 401) listeners.activity.forEach((fn) => fn(sent));
  if (!res.ok) {
    const err = new ApiError(res.status, json);
    if (res.status === 401) listeners.unauthenticated.forEach((fn) => fn(err));
    throw err;
  }
  return json;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);

// "?a=1&b=2" from an object, skipping empty values.
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? '?' + s : '';
}

// Every page of a list endpoint that pages with limit/offset (for CSV export).
export async function getAll(path, params, { pageSize = 500, max = 20000 } = {}) {
  const items = [];
  let offset = 0, total = Infinity;
  while (offset < total && items.length < max) {
    const page = await get(path + qs({ ...params, limit: pageSize, offset }));
    total = page.total ?? page.items.length;
    items.push(...page.items);
    if (page.items.length === 0) break;
    offset += page.items.length;
  }
  return items;
}
