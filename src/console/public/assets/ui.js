import { rest } from './api.js';

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
  // A section may be a list of nodes (tagsSection): flattened, as h() does.
  main.replaceChildren(...nodes.flat().filter((n) => n !== undefined && n !== null && n !== false));
  return main;
}

/** AWS's error, as AWS words it (AccessDenied carries the explanation of the decision). */
export function errorBox(error) {
  const why = error.code === 'InvalidClientTokenId' ? iamUnavailable() : null;
  return h('div', { class: 'alert error', role: 'alert', 'data-testid': 'error' }, h('span', { class: 'code' }, error.code), error.message, why ? h('p', { class: 'explain', 'data-testid': 'explain' }, why) : null);
}

export const okBox = (msg) => h('div', { class: 'alert ok', role: 'status' }, msg);

export function table(headers, rows, empty = 'Nothing here yet.') {
  if (rows.length === 0) return h('div', { class: 'panel muted' }, empty);
  return h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => (c instanceof Node && c.tagName === 'TD' ? c : h('td', {}, c))))))));
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

const DATES = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
/** A date as the reader's locale writes it (one formatter for every row: Intl per call is slow). */
export const when = (iso) => (iso ? DATES.format(new Date(iso)) : '—');

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

// ---- shared by the administration pages ----

/** The signed-in session (app.js sets it once), for the explanations below. */
export const state = { session: null };

/**
 * Why this session's temporary credentials cannot call IAM at all, or null. AWS's rules (IAM User Guide,
 * "Compare AWS STS credentials"): credentials from sts:GetFederationToken may not call any IAM operation,
 * and those from sts:GetSessionToken only with MFA; AWS answers such a call InvalidClientTokenId.
 */
export function iamUnavailable(s = state.session) {
  if (!s) return null;
  if (s.issuedBy === 'GetFederationToken') {
    return 'This session is a federated user\'s: its credentials come from sts:GetFederationToken, and AWS does not let such credentials call any IAM operation (users, groups, roles, policies, identity providers, account settings, the policy simulator) — IAM answers them with InvalidClientTokenId, whatever the policies allow. S3 works with the permissions of the federated session. To administer IAM, sign in as an IAM user, or with a role (sts:AssumeRole).';
  }
  if (s.issuedBy === 'GetSessionToken' && !s.mfa) {
    return 'This session\'s credentials come from sts:GetSessionToken without MFA: AWS lets such credentials call IAM only when the session was authenticated with MFA. Sign in again with your MFA code.';
  }
  return null;
}

/** The explanation panel shown instead of an IAM page the session may not use. */
export function unavailablePanel(what, why) {
  return h('div', { class: 'alert todo', role: 'note', 'data-testid': 'unavailable' }, h('strong', {}, `${what} is not available to this session. `), why);
}

/** A busy flag for a button while its action runs (no double submits). */
export function busy(fn) {
  return async (e) => {
    const b = e?.currentTarget;
    if (b) b.disabled = true;
    try {
      await fn(e);
    } finally {
      if (b) b.disabled = false;
    }
  };
}

/** Tabs: [[label, render()]]; the first one shown; arrow keys move between them (ARIA tabs pattern). */
export function tabs(id, items, initial = 0) {
  const panel = h('div', { role: 'tabpanel', id: `${id}-panel`, class: 'tab-panel', tabindex: '0' });
  const buttons = items.map(([label], i) => h('button', { type: 'button', role: 'tab', class: 'tab', id: `${id}-tab-${i}`, 'aria-controls': `${id}-panel` }, label));
  const show = async (i) => {
    buttons.forEach((b, j) => {
      b.classList.toggle('active', i === j);
      b.setAttribute('aria-selected', String(i === j));
      b.tabIndex = i === j ? 0 : -1;
    });
    panel.setAttribute('aria-labelledby', buttons[i].id);
    panel.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    const content = await items[i][1]();
    panel.replaceChildren(...[content].flat().filter((n) => n !== null && n !== undefined && n !== false));
  };
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => show(i));
    b.addEventListener('keydown', (e) => {
      const k = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!k) return;
      const j = (i + k + buttons.length) % buttons.length;
      buttons[j].focus();
      show(j);
    });
  });
  show(initial);
  return h('div', { class: 'tabs-block' }, h('div', { class: 'tabs', role: 'tablist' }, buttons), panel);
}

/**
 * A list read page by page: `fetchPage(marker)` → {ok, rows, next, error}; rows appended under the table,
 * a "More" button while the service says the list is truncated (IAM's Marker, S3's continuation token).
 */
const FIRST_ROWS = 60;
const LATER_ROWS = 250;

export async function pagedTable(headers, fetchPage, empty, testid = 'more', widths) {
  const body = h('tbody', {});
  // Given column widths (percentages, as console.css's .wNN classes: the CSP allows no style attribute), the table is laid out from its first row (table-layout: fixed): a page of 1,000
  // rows is not measured cell by cell.
  const cols = widths ? h('colgroup', {}, widths.map((w) => h('col', { class: `w${w}` }))) : null;
  const tableEl = h('table', { class: widths ? 'fixed' : null }, cols, h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))), body);
  const wrap = h('div', { class: 'table-wrap' }, tableEl);
  const status = h('div', { class: 'row list-foot' });
  const box = h('div', {}, wrap, status);
  let count = 0;
  const load = async (marker) => {
    const p = await fetchPage(marker);
    if (!p.ok) {
      status.replaceChildren(errorBox(p.error));
      return p;
    }
    // The first screenful goes in at once; the rest of a long page follows frame by frame (a row may be a
    // function that builds its cells), so the page paints before 1,000 rows are built.
    const row = (r) => h('tr', {}, (typeof r === 'function' ? r() : r).map((c) => (c instanceof Node && c.tagName === 'TD' ? c : h('td', {}, c))));
    const append = (from, to) => {
      const frag = document.createDocumentFragment();
      for (let i = from; i < Math.min(to, p.rows.length); i++) frag.append(row(p.rows[i]));
      body.append(frag);
    };
    append(0, FIRST_ROWS);
    // Marks for the benchmark (scripts/bench-console.mjs): the first rows in the DOM, the frame that paints
    // them, the whole page in the DOM.
    performance.mark('tessera:list-first-rows');
    requestAnimationFrame(() => performance.mark('tessera:list-first-frame'));
    wrap.classList.toggle('hidden', count + p.rows.length === 0);
    const rest = (async () => {
      for (let i = FIRST_ROWS; i < p.rows.length; i += LATER_ROWS) {
        await new Promise((r) => requestAnimationFrame(() => r()));
        append(i, i + LATER_ROWS);
      }
      count += p.rows.length;
      const more = p.next ? h('button', { 'data-testid': testid, onclick: busy(async () => (await load(p.next)).rest) }, 'Load more') : null;
      status.replaceChildren(h('span', { class: 'muted', 'data-testid': `${testid}-count` }, count === 0 ? empty : `${count} shown${p.next ? ', more available' : ''}`), more);
      wrap.classList.toggle('hidden', count === 0);
      performance.mark('tessera:list-shown');
    })();
    return { ...p, rest };
  };
  // The caller mounts `el` as soon as this returns: the first rows are there, the others follow.
  const first = await load(undefined);
  return { el: box, first };
}

/**
 * A JSON editor: a textarea with the client-side JSON check; the service's own validation is the save. With
 * `validate` ({ policyType, resourceType? }), a policy editor: the document is also checked by Access
 * Analyzer's ValidatePolicy (signed with this session, like every other call) on load and after each pause in
 * typing, and its findings are listed under it — or, for a session not allowed ValidatePolicy, the AccessDenied.
 */
export function jsonEditor(id, label, value, validate) {
  const area = h('textarea', { id, spellcheck: 'false', rows: '14', class: 'code-editor' });
  area.value = value;
  const note = h('div', { class: 'hint', 'aria-live': 'polite', id: `${id}-note` });
  const check = () => {
    try {
      JSON.parse(area.value);
      note.textContent = 'Valid JSON.';
      note.className = 'hint';
      return true;
    } catch (e) {
      note.textContent = `Not valid JSON: ${e.message}`;
      note.className = 'hint error';
      return false;
    }
  };
  area.addEventListener('input', check);
  const labelled = h('label', {}, label, area, note);
  if (!validate) return { el: labelled, area, check };
  const findings = policyFindings(id, area, validate);
  return { el: h('div', {}, labelled, findings), area, check };
}

/** What ValidatePolicy is told of each kind of policy editor (AWS's console sends the same). */
export const POLICY_CHECKS = {
  identity: { policyType: 'IDENTITY_POLICY' },
  trust: { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument' },
  bucket: { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' },
};

const FINDING_CLASS = { ERROR: 'error', SECURITY_WARNING: 'error', WARNING: 'warn', SUGGESTION: 'muted' };

/** Where a finding is: "line L, column C" of each location's span start (as ValidatePolicy gives them), and its path. */
function findingWhere(f) {
  return (f.locations ?? []).map((l) => {
    const at = l.span?.start ? `line ${l.span.start.line}, column ${l.span.start.column}` : '';
    const path = (l.path ?? []).map((p) => (p.value !== undefined ? p.value : p.index !== undefined ? `[${p.index}]` : p.key !== undefined ? `{${p.key}}` : p.substring ? `"${p.substring.start}+${p.substring.length}"` : '?')).join('.');
    return h('div', { 'data-testid': 'finding-location' }, at, path ? h('span', { class: 'muted' }, ` (${path})`) : null);
  });
}

/** The Access Analyzer findings panel of a policy editor (see jsonEditor). */
function policyFindings(id, area, { policyType, resourceType }) {
  const out = h('div', { id: `${id}-findings`, 'data-testid': 'findings', 'aria-live': 'polite' });
  const box = h('section', { class: 'findings', 'aria-label': 'Access Analyzer findings' }, h('h3', {}, 'Access Analyzer findings'), out);
  let seq = 0;
  let timer;
  const run = async () => {
    const mine = ++seq;
    const items = [];
    let nextToken;
    let pages = 0;
    do {
      const body = { policyDocument: area.value, policyType, ...(resourceType ? { validatePolicyResourceType: resourceType } : {}), ...(nextToken ? { nextToken } : {}) };
      const r = await rest('access-analyzer', '/policy/validation', body);
      if (mine !== seq) return;
      if (!r.ok) return out.replaceChildren(errorBox(r.error));
      items.push(...(r.json?.findings ?? []));
      nextToken = r.json?.nextToken;
    } while (nextToken && ++pages < 20);
    out.replaceChildren(
      items.length === 0
        ? h('p', { class: 'muted', 'data-testid': 'no-findings' }, 'No findings.')
        : table(['Type', 'Issue code', 'Details', 'Location'], items.map((f) => [
            h('span', { class: `finding-${FINDING_CLASS[f.findingType] ?? 'muted'}`, 'data-testid': 'finding-type' }, f.findingType),
            f.learnMoreLink ? h('a', { href: f.learnMoreLink, rel: 'noreferrer', target: '_blank', 'data-testid': 'finding-code' }, f.issueCode) : h('code', { 'data-testid': 'finding-code' }, f.issueCode),
            h('span', { 'data-testid': 'finding-details' }, f.findingDetails),
            h('div', {}, findingWhere(f)),
          ])),
    );
  };
  area.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 400);
  });
  out.append(h('p', { class: 'muted' }, 'Checking…'));
  run();
  return box;
}

/** A confirm step that reads the same with the keyboard and in tests (window.confirm). */
export const sure = (message) => window.confirm(message);

/** A form row: label + control(s). */
export const field = (label, control) => h('label', {}, label, control);
