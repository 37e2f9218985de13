// "Who can reach it": Tessera's own analyses (restJson1, SigV4 service `tessera`), called with this session
// like every other console call. Who can do an action on a resource (POST /analysis/who-can), and how a
// principal could make itself administrator (POST /analysis/escalation-paths), with the exact calls.
import { rest } from './api.js';
import { errorBox, h, mount, pageHead, table } from './ui.js';

const yesNo = (b) => h('span', { 'data-testid': 'mfa-required' }, b ? 'yes' : 'no');
const lines = (list, testid) => h('ul', { class: 'plain' }, (list ?? []).map((x) => h('li', { 'data-testid': testid }, h('code', {}, x))));

function assumers(list) {
  if (!list || list.length === 0) return '—';
  return h('ul', { class: 'plain' }, list.map((a) => h('li', { 'data-testid': 'assumer' }, h('code', {}, a.principal), a.mfaRequired ? ' (MFA required)' : '', ' — ', (a.allowedBy ?? []).join('; '))));
}

async function escalation(principal, out) {
  out.replaceChildren(h('p', { class: 'muted' }, `Looking for escalation paths of ${principal}…`));
  const r = await rest('tessera', '/analysis/escalation-paths', { principal });
  if (!r.ok) return out.replaceChildren(errorBox(r.error));
  const { administrator, paths = [] } = r.json ?? {};
  const head = h('h2', { id: 'escalation-head' }, 'Escalation paths of ', h('code', {}, principal));
  if (administrator) return out.replaceChildren(head, h('p', { 'data-testid': 'already-admin' }, 'Already administrator.'));
  out.replaceChildren(
    head,
    table(['Via', 'Becomes', 'MFA required', 'Allowed by', 'Calls'], paths.map((p) => [
      h('code', { 'data-testid': 'path-via' }, p.via),
      h('code', {}, p.becomes),
      yesNo(p.mfaRequired),
      lines(p.allowedBy, 'path-allowed-by'),
      h('div', {}, (p.calls ?? []).map((c) => h('pre', { class: 'call', 'data-testid': 'path-call' }, c))),
    ]), 'No way to become administrator.'),
  );
}

export async function whoCanPage() {
  const action = h('input', { id: 'who-action', 'aria-label': 'Action', placeholder: 's3:GetObject' });
  const resource = h('input', { id: 'who-resource', 'aria-label': 'Resource ARN', placeholder: 'arn:aws:s3:::bucket/key' });
  const principal = h('input', { id: 'esc-principal', 'aria-label': 'Principal ARN', placeholder: 'arn:aws:iam::ACCOUNT:user/NAME' });
  const out = h('div', { 'aria-live': 'polite', id: 'who-results' });
  const paths = h('div', { 'aria-live': 'polite', id: 'escalation-results' });
  const ask = async (e) => {
    e.preventDefault();
    out.replaceChildren(h('p', { class: 'muted' }, 'Asking…'));
    const r = await rest('tessera', '/analysis/who-can', { action: action.value.trim(), resource: resource.value.trim() });
    if (!r.ok) return out.replaceChildren(errorBox(r.error));
    const rows = (r.json?.principals ?? []).map((g) => [
      h('code', { 'data-testid': 'who-principal' }, g.principal),
      g.principalType ?? '',
      yesNo(g.mfaRequired),
      lines(g.allowedBy, 'allowed-by'),
      g.principalType === 'role' || (g.assumableBy ?? []).length > 0 ? assumers(g.assumableBy) : '—',
      h('td', { class: 'actions' }, h('button', { type: 'button', onclick: () => escalation(g.principal, paths) }, 'Escalation paths')),
    ]);
    out.replaceChildren(h('h2', {}, 'Who can do ', h('code', {}, r.json.action), ' on ', h('code', {}, r.json.resource)), table(['Principal', 'Type', 'MFA required', 'Allowed by', 'Assumable by', ''], rows, 'Nobody in this account.'));
  };
  const escalate = (e) => {
    e.preventDefault();
    escalation(principal.value.trim(), paths);
  };
  mount(
    pageHead('Who can reach it', 'Who may do an action on a resource, and how a principal could make itself administrator (Tessera\'s analyses, run with your session).'),
    h('form', { class: 'panel', onsubmit: ask, 'aria-label': 'Who can' },
      h('label', {}, 'Action', action),
      h('label', {}, 'Resource ARN', resource),
      h('button', { class: 'primary', type: 'submit', id: 'who-run' }, 'Who can?')),
    out,
    h('form', { class: 'panel', onsubmit: escalate, 'aria-label': 'Escalation paths' },
      h('label', {}, 'Principal ARN', principal),
      h('button', { type: 'submit', id: 'esc-run' }, 'Escalation paths')),
    paths,
  );
}
