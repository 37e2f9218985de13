// Calls to the console backend. Every IAM/STS/S3/Access Analyzer call is re-issued by the server as a real AWS request
// signed with this session's temporary credentials: the answers here are AWS's own (XML). Each call carries
// the session's anti-CSRF token, which the server put in index.html.
const CSRF = document.querySelector('meta[name="tessera-csrf"]')?.content ?? '';
export const HEADERS = { 'x-tessera-console': '1', 'x-tessera-csrf': CSRF };

function leaveIfSignedOut(r, body) {
  if (r.status === 401 && body && body.redirect) {
    location.href = body.redirect;
    throw new Error('session ended');
  }
}

export async function session() {
  const r = await fetch('/_console/api/session', { headers: HEADERS });
  const body = await r.json();
  leaveIfSignedOut(r, body);
  return body;
}

function parseXml(text) {
  return new DOMParser().parseFromString(text, 'application/xml');
}

function errorOf(doc, status) {
  const code = doc.getElementsByTagName('Code')[0]?.textContent ?? `HTTP ${status}`;
  const message = doc.getElementsByTagName('Message')[0]?.textContent ?? '';
  return { code, message, status };
}

async function finish(r) {
  const text = await r.text();
  if (r.status === 401 && r.headers.get('content-type')?.startsWith('application/json')) leaveIfSignedOut(r, JSON.parse(text));
  const json = (r.headers.get('content-type') ?? '').includes('json');
  const doc = text && !(r.ok && json) ? parseXml(text) : null;
  return r.ok ? { ok: true, status: r.status, doc, headers: r.headers, body: text } : { ok: false, status: r.status, doc, error: doc ? errorOf(doc, r.status) : { code: `HTTP ${r.status}`, message: '' } };
}

/** An IAM or STS action, e.g. query('iam', 'ListUsers', { MaxItems: 100 }). */
export async function query(service, Action, params = {}) {
  const r = await fetch('/_console/api/query', {
    method: 'POST',
    headers: { ...HEADERS, 'content-type': 'application/json' },
    body: JSON.stringify({ service, params: { Action, ...params } }),
  });
  return finish(r);
}

/**
 * A restJson1 call (Access Analyzer, Tessera's own analyses), e.g. rest('tessera', '/analysis/who-can', {...}):
 * { ok, status, json } or { ok: false, error: { code, message } } with the service's x-amzn-ErrorType.
 */
export async function rest(service, path, body) {
  const r = await fetch('/_console/api/rest', {
    method: 'POST',
    headers: { ...HEADERS, 'content-type': 'application/json' },
    body: JSON.stringify({ service, path, body }),
  });
  const raw = await r.text();
  let json = null;
  try {
    json = raw ? JSON.parse(raw) : null;
  } catch {
    json = null;
  }
  if (r.status === 401) leaveIfSignedOut(r, json);
  if (r.ok) return { ok: true, status: r.status, json };
  const code = r.headers.get('x-amzn-errortype')?.split(':')[0] ?? json?.__type ?? json?.error ?? `HTTP ${r.status}`;
  return { ok: false, status: r.status, error: { code, message: json?.message ?? json?.Message ?? '', status: r.status } };
}

/** Percent-encodes each key segment as S3 expects in the path. */
export const s3Path = (bucket, key) => '/' + encodeURIComponent(bucket) + (key === undefined ? '' : '/' + key.split('/').map(encodeURIComponent).join('/'));

export function s3Query(params) {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => (v === '' ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`))
    .join('&');
}

export async function s3(method, path, { query: q = '', body, contentType } = {}) {
  const headers = { ...HEADERS };
  if (contentType) headers['content-type'] = contentType;
  const r = await fetch('/_console/api/s3' + path + (q ? `?${q}` : ''), { method, headers, ...(body !== undefined ? { body } : {}) });
  return finish(r);
}

/** A short-lived presigned GET URL of an object on the S3 endpoint (never the console's origin), or the error. */
export async function downloadUrl(path) {
  const r = await fetch('/_console/api/download' + path, { headers: HEADERS });
  if (r.ok) return { ok: true, status: r.status, url: (await r.json()).url };
  return finish(r);
}

// XML helpers (namespace-agnostic: by local name).
export const all = (node, name) => (node ? [...node.getElementsByTagName(name)] : []);
export const text = (node, name) => (node ? node.getElementsByTagName(name)[0]?.textContent ?? '' : '');
/** Direct children named `name` (lists that nest elements of the same name). */
export const kids = (node, name) => (node ? [...node.children].filter((c) => c.localName === name) : []);

/** An IAM list page: the members under `listName`, and the Marker of the next page when IsTruncated. */
export async function iamPage(Action, params, listName, marker) {
  const r = await query('iam', Action, { ...params, MaxItems: params.MaxItems ?? 100, ...(marker ? { Marker: marker } : {}) });
  if (!r.ok) return { ok: false, error: r.error };
  const list = r.doc.getElementsByTagName(listName)[0];
  const items = list ? kids(list, 'member') : [];
  const truncated = text(r.doc, 'IsTruncated') === 'true';
  return { ok: true, items, next: truncated ? text(r.doc, 'Marker') || undefined : undefined, doc: r.doc };
}

/** Every member of an IAM list (for small lists the pages need whole, e.g. a user's groups). */
export async function iamAll(Action, params, listName) {
  const out = [];
  let marker;
  do {
    const p = await iamPage(Action, params, listName, marker);
    if (!p.ok) return p;
    out.push(...p.items);
    marker = p.next;
  } while (marker);
  return { ok: true, items: out };
}

/** An S3 PUT of a file with upload progress (XMLHttpRequest: fetch reports none). */
export function s3Upload(path, file, onProgress) {
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open('PUT', '/_console/api/s3' + path);
    for (const [k, v] of Object.entries(HEADERS)) x.setRequestHeader(k, v);
    x.setRequestHeader('content-type', file.type || 'application/octet-stream');
    x.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded, e.total);
    x.onload = () => {
      const doc = x.responseText ? parseXml(x.responseText) : null;
      resolve(x.status >= 200 && x.status < 300 ? { ok: true, status: x.status } : { ok: false, status: x.status, error: doc ? errorOf(doc, x.status) : { code: `HTTP ${x.status}`, message: '' } });
    };
    x.onerror = () => resolve({ ok: false, status: 0, error: { code: 'NetworkError', message: 'The upload did not reach the server.' } });
    x.send(file);
  });
}

/** Ends every console session of this principal (this browser's too) and leaves. */
export async function signOutEverywhere() {
  const r = await fetch('/_console/api/signout-everywhere', { method: 'POST', headers: HEADERS });
  const body = await r.json();
  location.href = body.redirect ?? '/_console/signin?loggedout=1';
}
