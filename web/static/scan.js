// scan.js — what a typed ledger number or a scanned label names, and opening
// it (issue 14 point 10). A label's QR code reads "baomi:carrier:<id>" or
// "baomi:device:<id>" (src/http/h_label.c); a USB scanner types that and
// presses Enter. The printed ledger, the registers and the label all show the
// carrier's number as its id ("编号 12"), so "12", "#12", "第12号", "编号12"
// and "No. 12" name it too. The label carries no digest to check: the server
// decides what the reader may see (SYS-2), and a carrier hidden from them is a
// 404 exactly like a missing one — so is it here. The ledger's search, the
// count's tick form and the search box in the top bar share these.
import { get } from './api.js';

// Full-width ASCII (a Chinese input method's "１２" or "baomi：carrier：12") as ASCII.
function plain(text) {
  return String(text || '').trim().replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xFEE0));
}

// A scanned carrier label's id, or null.
export function carrierLabel(text) {
  const m = /^baomi:carrier:(\d{1,15})$/i.exec(plain(text));
  return m && Number(m[1]) > 0 ? Number(m[1]) : null;
}

// A scanned device label's id, or null.
export function deviceLabel(text) {
  const m = /^baomi:device:(\d{1,15})$/i.exec(plain(text));
  return m && Number(m[1]) > 0 ? Number(m[1]) : null;
}

// A ledger number as typed ("12", "#12", "第12号", "编号 12", "No. 12") or a
// scanned carrier label; null when the text is neither.
export function carrierNumber(text) {
  const s = plain(text);
  const label = carrierLabel(s);
  if (label) return label;
  const m = /^(?:#|第|(?:载体)?编号|no\.?)?\s*(\d{1,9})\s*号?$/i.exec(s);
  return m && Number(m[1]) > 0 ? Number(m[1]) : null;
}

// The answer of a look-up made just before opening its page, kept for that
// page's first read (one read, one audit record, not two): path → answer.
// It is for the next page drawn and no later one (app.js calls
// forgetFoundBut before each): no clock, so a slow machine that takes
// seconds between the look-up and the page still reads the carrier once.
const found = new Map();

// The answer the search fetched for `path` for the page being drawn (once), or null.
export function takeFound(path) {
  const hit = found.get(path);
  found.delete(path);
  return hit ? hit.answer : null;
}

// A page for `route` is about to be drawn: answers kept for any other page are stale.
export function forgetFoundBut(route) {
  for (const [path, hit] of found) if (hit.route !== route) found.delete(path);
}

async function fetchKept(path, route) {
  const answer = await get(path);
  found.clear();
  found.set(path, { answer, route });
  return answer;
}

// What `text` names, looked up as the reader may see it:
//   { route: '/carrier/12' }               a carrier (or device) the reader may see;
//   { missing: 'carrier' | 'device', id, label }   none the reader may see (missing and
//                                          hidden answer alike: the server's 404);
//   null                                   neither a number nor a label: search the text.
// Errors other than 404 (the network, a lapsed session) are thrown.
export async function lookup(text) {
  const dev = deviceLabel(text);
  const id = dev ? null : carrierNumber(text);
  if (!dev && !id) return null;
  const path = dev ? `/devices/${dev}` : `/carriers/${id}`;
  try {
    const route = dev ? `/devices/${dev}` : `/carrier/${id}`;
    await fetchKept(path, route);
    return { route };
  } catch (err) {
    if (err.status === 404) return { missing: dev ? 'device' : 'carrier', id: dev || id, label: Boolean(dev || carrierLabel(text)) };
    throw err;
  }
}
