// pdftext.mjs — the text of each page of a PDF chromium printed (page.pdf),
// for tests that must see what is on every sheet without poppler: the pages
// in the order of their page tree, each page's content streams inflated, and
// every string shown (Tj, TJ) mapped to Unicode through its font's ToUnicode
// map. Enough for Skia's output (Type0 fonts, hex glyph strings); not a
// general PDF reader.
import { inflateSync } from 'node:zlib';

function objects(pdf) {
  const bin = pdf.toString('latin1');
  const objs = new Map();
  const re = /(\d+)\s+0\s+obj\b/g;
  let m;
  while ((m = re.exec(bin))) {
    const start = m.index + m[0].length;
    const end = bin.indexOf('endobj', start);
    if (end < 0) break;
    const body = bin.slice(start, end);
    const s = body.search(/stream\r?\n/);
    let stream = null;
    if (s >= 0) {
      const from = start + s + body.slice(s).match(/stream\r?\n/)[0].length;
      const to = bin.lastIndexOf('endstream', end);
      const raw = pdf.subarray(from, to);
      try { stream = /\/FlateDecode/.test(body.slice(0, s)) ? inflateSync(raw) : raw; } catch { stream = raw; }
    }
    objs.set(Number(m[1]), { dict: s >= 0 ? body.slice(0, s) : body, stream });
    re.lastIndex = end;
  }
  return objs;
}

const ref = (text, key) => {
  const m = text.match(new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`));
  return m ? Number(m[1]) : null;
};

// A dictionary value `/Key << ... >>` (balanced) or `/Key n 0 R` resolved.
function dictOf(objs, text, key) {
  const i = text.indexOf(`/${key}`);
  if (i < 0) return '';
  const rest = text.slice(i + key.length + 1).trimStart();
  if (rest.startsWith('<<')) {
    let depth = 0;
    for (let k = 0; k < rest.length - 1; k++) {
      if (rest.startsWith('<<', k)) { depth++; k++; } else if (rest.startsWith('>>', k)) { depth--; k++; if (!depth) return rest.slice(0, k + 1); }
    }
    return rest;
  }
  const r = rest.match(/^(\d+)\s+0\s+R/);
  return r && objs.get(Number(r[1])) ? objs.get(Number(r[1])).dict : '';
}

function cmapOf(objs, fontId) {
  const font = objs.get(fontId);
  const map = new Map();
  let width = 2;
  const tu = font && ref(font.dict, 'ToUnicode');
  const s = tu && objs.get(tu) && objs.get(tu).stream;
  if (!s) return { map, width };
  const text = s.toString('latin1');
  const utf16 = (hex) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const b of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const p of b[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      width = p[1].length / 2;
      map.set(parseInt(p[1], 16), utf16(p[2]));
    }
  }
  for (const b of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const p of b[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      width = p[1].length / 2;
      const lo = parseInt(p[1], 16);
      const hi = parseInt(p[2], 16);
      const base = parseInt(p[3], 16);
      for (let c = lo; c <= hi && c - lo < 65536; c++) map.set(c, String.fromCodePoint(base + c - lo));
    }
  }
  return { map, width };
}

function pageIds(objs, id, out) {
  const o = objs.get(id);
  if (!o) return out;
  if (/\/Type\s*\/Pages\b/.test(o.dict)) {
    const kids = o.dict.match(/\/Kids\s*\[([^\]]*)\]/);
    for (const k of (kids ? kids[1] : '').matchAll(/(\d+)\s+0\s+R/g)) pageIds(objs, Number(k[1]), out);
  } else if (/\/Type\s*\/Page\b/.test(o.dict)) out.push(id);
  return out;
}

// [text of page 1, text of page 2, …]: each shown string's characters, a
// space between strings.
export function pdfPages(pdf) {
  const objs = objects(pdf);
  const catalog = [...objs.values()].find((o) => /\/Type\s*\/Catalog\b/.test(o.dict));
  const root = catalog && ref(catalog.dict, 'Pages');
  const cmaps = new Map();
  return pageIds(objs, root, []).map((pid) => {
    const page = objs.get(pid).dict;
    const fonts = dictOf(objs, dictOf(objs, page, 'Resources'), 'Font');
    const fontRefs = new Map([...fonts.matchAll(/\/([\w.+-]+)\s+(\d+)\s+0\s+R/g)].map((m) => [m[1], Number(m[2])]));
    const contents = page.match(/\/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)/);
    const streams = contents ? [...contents[1].matchAll(/(\d+)\s+0\s+R/g)].map((m) => objs.get(Number(m[1]))) : [];
    const out = [];
    for (const st of streams) {
      if (!st || !st.stream) continue;
      const ops = st.stream.toString('latin1');
      let cm = { map: new Map(), width: 2 };
      const re = /\/([\w.+-]+)\s+[\d.]+\s+Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:[^)\\]|\\.)*)\)\s*Tj/g;
      let m;
      const decodeHex = (hex) => {
        hex = hex.replace(/\s+/g, '');
        let s = '';
        for (let i = 0; i + cm.width * 2 <= hex.length; i += cm.width * 2) s += cm.map.get(parseInt(hex.slice(i, i + cm.width * 2), 16)) ?? '';
        return s;
      };
      while ((m = re.exec(ops))) {
        if (m[1]) {
          const id = fontRefs.get(m[1]);
          if (!cmaps.has(id)) cmaps.set(id, cmapOf(objs, id));
          cm = cmaps.get(id);
        } else if (m[2] !== undefined) {
          out.push([...m[2].matchAll(/<([0-9A-Fa-f\s]*)>/g)].map((x) => decodeHex(x[1])).join(''));
        } else if (m[3] !== undefined) {
          out.push(decodeHex(m[3]));
        } else if (m[4] !== undefined) {
          out.push(m[4]);
        }
      }
    }
    return out.join(' ');
  });
}
