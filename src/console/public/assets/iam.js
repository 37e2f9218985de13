// IAM pages: users, roles, customer and AWS managed policies. Read with the session's own permissions.
import { all, kids, query, text } from './api.js';
import { errorBox, h, kv, mount, okBox, pageHead, prettyJson, table, when } from './ui.js';

const link = (kind, name) => h('a', { href: `#/iam/${kind}/${encodeURIComponent(name)}` }, name);

export async function usersPage(flash) {
  const r = await query('iam', 'ListUsers', { MaxItems: 1000 });
  const name = h('input', { placeholder: 'new-user-name', 'aria-label': 'New user name' });
  const create = async () => {
    if (!name.value.trim()) return;
    const c = await query('iam', 'CreateUser', { UserName: name.value.trim() });
    await usersPage(c.ok ? okBox(`Created user ${name.value.trim()}.`) : errorBox(c.error));
  };
  const rows = r.ok ? all(r.doc, 'member').map((u) => [link('users', text(u, 'UserName')), h('code', {}, text(u, 'Arn')), when(text(u, 'CreateDate')), when(text(u, 'PasswordLastUsed'))]) : [];
  mount(
    pageHead('Users', r.ok ? `${rows.length} user${rows.length === 1 ? '' : 's'}` : '', h('div', { class: 'row' }, name, h('button', { class: 'primary', onclick: create }, 'Create user'))),
    flash ?? null,
    r.ok ? table(['User name', 'ARN', 'Created', 'Console last used'], rows, 'No users.') : errorBox(r.error),
  );
}

function policyLists(attached, inline) {
  return [
    h('h2', {}, 'Attached managed policies'),
    attached.ok ? table(['Policy', 'ARN'], all(attached.doc, 'member').map((p) => [link('policies', text(p, 'PolicyArn')), h('code', {}, text(p, 'PolicyArn'))]), 'None attached.') : errorBox(attached.error),
    h('h2', {}, 'Inline policies'),
    inline.ok ? table(['Name'], all(inline.doc, 'member').map((m) => [m.textContent]), 'None.') : errorBox(inline.error),
  ];
}

export async function userPage(name) {
  const [u, att, inl, keys] = await Promise.all([
    query('iam', 'GetUser', { UserName: name }),
    query('iam', 'ListAttachedUserPolicies', { UserName: name }),
    query('iam', 'ListUserPolicies', { UserName: name }),
    query('iam', 'ListAccessKeys', { UserName: name }),
  ]);
  mount(
    h('div', { class: 'crumbs' }, h('a', { href: '#/iam/users' }, 'Users'), h('span', { class: 'sep' }, '/'), name),
    pageHead(name, 'IAM user'),
    u.ok ? h('section', { class: 'panel' }, kv([['ARN', h('code', {}, text(u.doc, 'Arn'))], ['User ID', h('code', {}, text(u.doc, 'UserId'))], ['Path', text(u.doc, 'Path')], ['Created', when(text(u.doc, 'CreateDate'))]])) : errorBox(u.error),
    ...policyLists(att, inl),
    h('h2', {}, 'Access keys'),
    keys.ok ? table(['Access key ID', 'Status', 'Created'], all(keys.doc, 'member').map((k) => [h('code', {}, text(k, 'AccessKeyId')), text(k, 'Status'), when(text(k, 'CreateDate'))]), 'No access keys.') : errorBox(keys.error),
  );
}

export async function rolesPage() {
  const r = await query('iam', 'ListRoles', { MaxItems: 1000 });
  const rows = r.ok ? all(r.doc, 'member').map((x) => [link('roles', text(x, 'RoleName')), h('code', {}, text(x, 'Arn')), text(x, 'Description') || '—', when(text(x, 'CreateDate'))]) : [];
  mount(pageHead('Roles', r.ok ? `${rows.length} role${rows.length === 1 ? '' : 's'}` : ''), r.ok ? table(['Role name', 'ARN', 'Description', 'Created'], rows, 'No roles.') : errorBox(r.error));
}

export async function rolePage(name) {
  const [r, att, inl] = await Promise.all([
    query('iam', 'GetRole', { RoleName: name }),
    query('iam', 'ListAttachedRolePolicies', { RoleName: name }),
    query('iam', 'ListRolePolicies', { RoleName: name }),
  ]);
  mount(
    h('div', { class: 'crumbs' }, h('a', { href: '#/iam/roles' }, 'Roles'), h('span', { class: 'sep' }, '/'), name),
    pageHead(name, 'IAM role'),
    r.ok
      ? h('section', { class: 'panel' },
          kv([['ARN', h('code', {}, text(r.doc, 'Arn'))], ['Role ID', h('code', {}, text(r.doc, 'RoleId'))], ['Max session', `${text(r.doc, 'MaxSessionDuration') || 3600} s`], ['Created', when(text(r.doc, 'CreateDate'))]]),
          h('h2', {}, 'Trust policy'),
          h('pre', { class: 'doc' }, prettyJson(text(r.doc, 'AssumeRolePolicyDocument'))))
      : errorBox(r.error),
    ...policyLists(att, inl),
  );
}

export async function policiesPage(scope = 'Local') {
  const r = await query('iam', 'ListPolicies', { Scope: scope, MaxItems: 1000 });
  const pick = h('select', { 'aria-label': 'Scope', onchange: (e) => policiesPage(e.target.value) },
    ['Local', 'AWS', 'All'].map((s) => h('option', { value: s, selected: s === scope }, s === 'Local' ? 'Customer managed' : s === 'AWS' ? 'AWS managed' : 'All')));
  const rows = r.ok ? kids(r.doc.getElementsByTagName('Policies')[0], 'member').map((p) => [link('policies', text(p, 'Arn')), text(p, 'AttachmentCount'), text(p, 'DefaultVersionId'), when(text(p, 'UpdateDate'))]) : [];
  mount(pageHead('Policies', r.ok ? `${rows.length} polic${rows.length === 1 ? 'y' : 'ies'}` : '', pick), r.ok ? table(['Policy ARN', 'Attachments', 'Default version', 'Updated'], rows, 'No policies in this scope.') : errorBox(r.error));
}

export async function policyPage(arn) {
  const p = await query('iam', 'GetPolicy', { PolicyArn: arn });
  const version = p.ok ? text(p.doc, 'DefaultVersionId') : '';
  const v = p.ok ? await query('iam', 'GetPolicyVersion', { PolicyArn: arn, VersionId: version }) : null;
  mount(
    h('div', { class: 'crumbs' }, h('a', { href: '#/iam/policies' }, 'Policies'), h('span', { class: 'sep' }, '/'), text(p.doc, 'PolicyName') || arn),
    pageHead(text(p.doc, 'PolicyName') || arn, 'Managed policy'),
    p.ok ? h('section', { class: 'panel' }, kv([['ARN', h('code', {}, arn)], ['Default version', version], ['Attachments', text(p.doc, 'AttachmentCount')], ['Description', text(p.doc, 'Description') || '—']])) : errorBox(p.error),
    v ? (v.ok ? h('pre', { class: 'doc' }, prettyJson(text(v.doc, 'Document'))) : errorBox(v.error)) : null,
  );
}
