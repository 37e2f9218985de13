// Calls to the console backend. Every IAM/STS/S3 call is re-issued by the server as a real AWS request
// signed with this session's temporary credentials: the answers here are AWS's own (XML). Each call carries
// the session's anti-CSRF token, which the server put in index.html.
const CSRF = document.querySelector('meta[name="tessera-csrf"]')?.content ?? '';
const HEADERS = { 'x-tessera-console': '1', 'x-tessera-csrf': CSRF };

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
  const doc = text ? parseXml(text) : null;
  return r.ok ? { ok: true, status: r.status, doc, headers: r.headers } : { ok: false, status: r.status, doc, error: doc ? errorOf(doc, r.status) : { code: `HTTP ${r.status}`, message: '' } };
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
