// Tiny DOM helpers. Text always goes in as text (never HTML), so names and messages cannot inject markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export function mount(...nodes) {
  const main = document.getElementById('main');
  // Like h(): null/undefined/false are "nothing here" (replaceChildren would show them as text).
  main.replaceChildren(...nodes.filter((n) => n !== undefined && n !== null && n !== false));
  return main;
}

/** AWS's error, as AWS words it (AccessDenied carries the explanation of the decision). */
export function errorBox(error) {
  return h('div', { class: 'alert error', role: 'alert', 'data-testid': 'error' }, h('span', { class: 'code' }, error.code), error.message);
}

export const okBox = (msg) => h('div', { class: 'alert ok', role: 'status' }, msg);

export function table(headers, rows, empty = 'Nothing here yet.') {
  if (rows.length === 0) return h('div', { class: 'panel muted' }, empty);
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => (c instanceof Node && c.tagName === 'TD' ? c : h('td', {}, c)))))));
}

export function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function formatBytes(n) {
  const v = Number(n);
  if (v < 1024) return `${v} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let x = v / 1024;
  let i = 0;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${x.toFixed(x < 10 ? 1 : 0)} ${units[i]}`;
}

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

export function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(decodeURIComponent(text)), null, 2);
  } catch {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  }
}

export function pageHead(title, subtitle, ...actions) {
  return h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, title), subtitle ? h('div', { class: 'muted' }, subtitle) : null), h('div', { class: 'row' }, actions));
}
