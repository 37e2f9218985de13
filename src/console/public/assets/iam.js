// IAM administration: users, groups, roles, managed policies, identity providers, account settings. Every
// action is an IAM call made with this session's own credentials (the backend signs it and sends it through
// the API pipeline), so what the session may not do comes back as AWS's AccessDenied with its explanation.
import { all, iamAll, iamPage, query, text } from './api.js';
import { busy, errorBox, field, h, jsonEditor, kv, mount, okBox, pagedTable, pageHead, POLICY_CHECKS, prettyJson, sure, table, tabs, when } from './ui.js';

const link = (kind, name, label = name) => h('a', { href: `#/iam/${kind}/${encodeURIComponent(name)}`, class: 'name' }, label);
const crumbs = (kind, label, name) => h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: `#/iam/${kind}` }, label), h('span', { class: 'sep' }, '/'), h('span', { class: 'name' }, name));
const input = (id, label, attrs = {}) => h('input', { id, 'aria-label': label, ...attrs });

/** Runs an IAM action and re-renders with its outcome (AWS's error as AWS words it). */
async function act(Action, params, okMessage, reload) {
  const r = await query('iam', Action, params);
  await reload(r.ok ? okBox(okMessage) : errorBox(r.error));
  return r;
}

const tagParams = (tags) => Object.fromEntries(tags.flatMap(([k, v], i) => [[`Tags.member.${i + 1}.Key`, k], [`Tags.member.${i + 1}.Value`, v]]));

/** Tags of a user, role or policy: list, add one, remove one. */
async function tagsSection(kind, idParam, reload) {
  const [list, tag, untag] = { user: ['ListUserTags', 'TagUser', 'UntagUser'], role: ['ListRoleTags', 'TagRole', 'UntagRole'], policy: ['ListPolicyTags', 'TagPolicy', 'UntagPolicy'] }[kind];
  const r = await iamAll(list, idParam, 'Tags');
  const key = input('tag-key', 'Tag key', { placeholder: 'Key' });
  const value = input('tag-value', 'Tag value', { placeholder: 'Value' });
  const rows = r.ok ? r.items.map((t) => [h('code', {}, text(t, 'Key')), text(t, 'Value'), h('td', { class: 'actions' }, h('button', { class: 'danger', onclick: busy(() => act(untag, { ...idParam, 'TagKeys.member.1': text(t, 'Key') }, `Removed tag ${text(t, 'Key')}.`, reload)) }, 'Remove'))]) : [];
  return [
    h('h2', {}, 'Tags'),
    r.ok ? table(['Key', 'Value', ''], rows, 'No tags.') : errorBox(r.error),
    h('div', { class: 'row' }, key, value, h('button', { onclick: busy(() => act(tag, { ...idParam, ...tagParams([[key.value.trim(), value.value]]) }, `Tagged ${key.value.trim()}.`, reload)) }, 'Add tag')),
  ];
}

/** Attached managed policies (attach by ARN, detach) and inline policies (edit, put). */
async function permissionsSection(kind, idParam, reload) {
  const [listAtt, attach, detach, listInline, getInline, putInline] = {
    user: ['ListAttachedUserPolicies', 'AttachUserPolicy', 'DetachUserPolicy', 'ListUserPolicies', 'GetUserPolicy', 'PutUserPolicy'],
    group: ['ListAttachedGroupPolicies', 'AttachGroupPolicy', 'DetachGroupPolicy', 'ListGroupPolicies', 'GetGroupPolicy', 'PutGroupPolicy'],
    role: ['ListAttachedRolePolicies', 'AttachRolePolicy', 'DetachRolePolicy', 'ListRolePolicies', 'GetRolePolicy', 'PutRolePolicy'],
  }[kind];
  const [att, inl] = await Promise.all([iamAll(listAtt, idParam, 'AttachedPolicies'), iamAll(listInline, idParam, 'PolicyNames')]);
  const inlineName = input('inline-name', 'Inline policy name', { placeholder: 'policy-name' });
  const inlineEd = jsonEditor('inline-policy', 'Inline policy document', POLICY_TEMPLATE, POLICY_CHECKS.identity);
  const editInline = async (policyName) => {
    const g = await query('iam', getInline, { ...idParam, PolicyName: policyName });
    if (!g.ok) return reload(errorBox(g.error));
    inlineName.value = policyName;
    inlineEd.area.value = prettyJson(text(g.doc, 'PolicyDocument'));
    inlineEd.area.dispatchEvent(new Event('input'));
    inlineEd.area.focus();
  };
  const saveInline = busy(async () => {
    if (!inlineEd.check()) return;
    const n = inlineName.value.trim();
    await act(putInline, { ...idParam, PolicyName: n, PolicyDocument: inlineEd.area.value }, `Inline policy ${n} saved.`, reload);
  });
  const arn = input('attach-arn', 'Policy ARN to attach', { placeholder: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
  const attRows = att.ok
    ? att.items.map((p) => {
        const a = text(p, 'PolicyArn');
        return [link('policies', a, text(p, 'PolicyName')), h('code', {}, a), h('td', { class: 'actions' }, h('button', { class: 'danger', onclick: busy(() => act(detach, { ...idParam, PolicyArn: a }, `Detached ${a}.`, reload)) }, 'Detach'))];
      })
    : [];
  return [
    h('h2', {}, 'Attached managed policies'),
    att.ok ? table(['Policy', 'ARN', ''], attRows, 'None attached.') : errorBox(att.error),
    h('div', { class: 'row' }, arn, h('button', { onclick: busy(() => act(attach, { ...idParam, PolicyArn: arn.value.trim() }, `Attached ${arn.value.trim()}.`, reload)) }, 'Attach policy')),
    h('h2', {}, 'Inline policies'),
    inl.ok ? table(['Name', ''], inl.items.map((m) => [m.textContent, h('td', { class: 'actions' }, h('button', { onclick: busy(() => editInline(m.textContent)) }, 'Edit'))]), 'None.') : errorBox(inl.error),
    h('div', { class: 'panel' }, field('Inline policy name', inlineName), inlineEd.el, h('button', { class: 'primary', id: 'save-inline', onclick: saveInline }, 'Save inline policy')),
  ];
}

// ---------------------------------------------------------------- users

/** Creates the entity named in `el` (CreateUser, CreateGroup) and shows the list page again with the outcome. */
const creator = (el, Action, param, what, page) => busy(async () => {
  const n = el.value.trim();
  if (!n) return;
  const c = await query('iam', Action, { [param]: n });
  await page(c.ok ? okBox(`Created ${what} ${n}.`) : errorBox(c.error));
});

export async function usersPage(flash) {
  const name = input('new-user', 'New user name', { placeholder: 'new-user-name' });
  const create = creator(name, 'CreateUser', 'UserName', 'user', usersPage);
  const list = await pagedTable(['User name', 'ARN', 'Created', 'Console last used'], async (marker) => {
    const p = await iamPage('ListUsers', {}, 'Users', marker);
    return p.ok ? { ok: true, next: p.next, rows: p.items.map((u) => [link('users', text(u, 'UserName')), h('code', { class: 'arn' }, text(u, 'Arn')), when(text(u, 'CreateDate')), when(text(u, 'PasswordLastUsed'))]) } : p;
  }, 'No users.');
  mount(pageHead('Users', 'IAM users of this account', h('div', { class: 'row' }, name, h('button', { class: 'primary', onclick: create }, 'Create user'))), flash ?? null, list.el);
}

export async function userPage(name, flash) {
  const reload = (box) => userPage(name, box);
  const U = { UserName: name };
  const u = await query('iam', 'GetUser', U);
  const del = busy(async () => {
    if (!sure(`Delete user ${name}? IAM refuses while it still has keys, a password, MFA devices, groups or policies.`)) return;
    const d = await query('iam', 'DeleteUser', U);
    if (d.ok) {
      location.hash = '#/iam/users';
      return;
    }
    await reload(errorBox(d.error));
  });
  mount(
    crumbs('users', 'Users', name),
    pageHead(name, 'IAM user', h('button', { class: 'danger', onclick: del }, 'Delete user')),
    flash ?? null,
    u.ok ? h('section', { class: 'panel' }, kv([['ARN', h('code', {}, text(u.doc, 'Arn'))], ['User ID', h('code', {}, text(u.doc, 'UserId'))], ['Path', text(u.doc, 'Path')], ['Created', when(text(u.doc, 'CreateDate'))], ['Permissions boundary', text(u.doc, 'PermissionsBoundaryArn') || '—']])) : errorBox(u.error),
    tabs('user', [
      ['Permissions', () => permissionsSection('user', U, reload)],
      ['Groups', () => userGroups(name, reload)],
      ['Security credentials', () => userCredentials(name, reload)],
      ['Tags', () => tagsSection('user', U, reload)],
    ]),
  );
}

async function userGroups(name, reload) {
  const g = await iamAll('ListGroupsForUser', { UserName: name }, 'Groups');
  const group = input('add-group', 'Group name', { placeholder: 'group-name' });
  const rows = g.ok ? g.items.map((x) => [link('groups', text(x, 'GroupName')), h('code', {}, text(x, 'Arn')), h('td', { class: 'actions' }, h('button', { class: 'danger', onclick: busy(() => act('RemoveUserFromGroup', { UserName: name, GroupName: text(x, 'GroupName') }, `Removed ${name} from ${text(x, 'GroupName')}.`, reload)) }, 'Remove'))]) : [];
  return [
    h('h2', {}, 'Groups'),
    g.ok ? table(['Group', 'ARN', ''], rows, 'In no group.') : errorBox(g.error),
    h('div', { class: 'row' }, group, h('button', { onclick: busy(() => act('AddUserToGroup', { UserName: name, GroupName: group.value.trim() }, `Added ${name} to ${group.value.trim()}.`, reload)) }, 'Add to group')),
  ];
}

async function userCredentials(name, reload) {
  const U = { UserName: name };
  const [keys, mfa, login] = await Promise.all([iamAll('ListAccessKeys', U, 'AccessKeyMetadata'), iamAll('ListMFADevices', U, 'MFADevices'), query('iam', 'GetLoginProfile', U)]);
  const keyRows = keys.ok
    ? keys.items.map((k) => {
        const id = text(k, 'AccessKeyId');
        const active = text(k, 'Status') === 'Active';
        return [h('code', {}, id), text(k, 'Status'), when(text(k, 'CreateDate')), h('td', { class: 'actions' },
          h('button', { onclick: busy(() => act('UpdateAccessKey', { ...U, AccessKeyId: id, Status: active ? 'Inactive' : 'Active' }, `${id} is now ${active ? 'Inactive' : 'Active'}.`, reload)) }, active ? 'Deactivate' : 'Activate'), ' ',
          h('button', { class: 'danger', onclick: busy(async () => { if (sure(`Delete access key ${id}?`)) await act('DeleteAccessKey', { ...U, AccessKeyId: id }, `Deleted ${id}.`, reload); }) }, 'Delete'))];
      })
    : [];
  const createKey = busy(async () => {
    const c = await query('iam', 'CreateAccessKey', U);
    if (!c.ok) return reload(errorBox(c.error));
    await reload(h('div', { class: 'alert ok', role: 'status' }, 'New access key — copy the secret now, it is not shown again. ', kv([['Access key ID', h('code', { 'data-testid': 'new-key-id' }, text(c.doc, 'AccessKeyId'))], ['Secret access key', h('code', {}, text(c.doc, 'SecretAccessKey'))]])));
  });
  const mfaRows = mfa.ok
    ? mfa.items.map((d) => {
        const serial = text(d, 'SerialNumber');
        return [h('code', { 'data-testid': 'mfa-serial' }, serial), when(text(d, 'EnableDate')), h('td', { class: 'actions' }, h('button', { class: 'danger', onclick: busy(async () => { if (sure(`Deactivate MFA device ${serial}?`)) await act('DeactivateMFADevice', { ...U, SerialNumber: serial }, `Deactivated ${serial}.`, reload); }) }, 'Deactivate'))];
      })
    : [];
  const pw = h('input', { type: 'password', id: 'login-password', 'aria-label': 'Console password', autocomplete: 'new-password', placeholder: 'password' });
  const reset = h('input', { type: 'checkbox', id: 'login-reset', checked: true });
  const hasLogin = login.ok;
  const noLogin = !login.ok && login.error.code === 'NoSuchEntity';
  const resetRequired = hasLogin && text(login.doc, 'PasswordResetRequired') === 'true';
  const saveLogin = busy(() => act(hasLogin ? 'UpdateLoginProfile' : 'CreateLoginProfile', { ...U, Password: pw.value, PasswordResetRequired: reset.checked ? 'true' : 'false' }, hasLogin ? 'Password updated.' : 'Console access enabled.', reload));
  return [
    h('h2', {}, 'Console password'),
    hasLogin || noLogin
      ? h('section', { class: 'panel' },
          h('p', { 'data-testid': 'login-state' }, hasLogin ? `Console access enabled (since ${when(text(login.doc, 'CreateDate'))})${resetRequired ? '; a new password is required at the next sign-in.' : '.'}` : 'No console access.'),
          h('div', { class: 'row' }, pw, h('label', { class: 'check' }, reset, 'Require a new password at the next sign-in'), h('button', { onclick: saveLogin }, hasLogin ? 'Set password' : 'Enable console access'),
            hasLogin ? h('button', { class: 'danger', onclick: busy(() => act('DeleteLoginProfile', U, 'Console access removed.', reload)) }, 'Remove console access') : null))
      : errorBox(login.error),
    h('h2', {}, 'Access keys'),
    keys.ok ? table(['Access key ID', 'Status', 'Created', ''], keyRows, 'No access keys.') : errorBox(keys.error),
    h('div', { class: 'row' }, h('button', { onclick: createKey }, 'Create access key')),
    h('h2', {}, 'MFA devices'),
    mfa.ok ? table(['Serial number', 'Enabled', ''], mfaRows, 'No MFA device assigned.') : errorBox(mfa.error),
  ];
}

// ---------------------------------------------------------------- groups

export async function groupsPage(flash) {
  const name = input('new-group', 'New group name', { placeholder: 'new-group-name' });
  const create = creator(name, 'CreateGroup', 'GroupName', 'group', groupsPage);
  const list = await pagedTable(['Group name', 'ARN', 'Created'], async (marker) => {
    const p = await iamPage('ListGroups', {}, 'Groups', marker);
    return p.ok ? { ok: true, next: p.next, rows: p.items.map((g) => [link('groups', text(g, 'GroupName')), h('code', { class: 'arn' }, text(g, 'Arn')), when(text(g, 'CreateDate'))]) } : p;
  }, 'No groups.');
  mount(pageHead('Groups', 'IAM groups of this account', h('div', { class: 'row' }, name, h('button', { class: 'primary', onclick: create }, 'Create group'))), flash ?? null, list.el);
}

export async function groupPage(name, flash) {
  const reload = (box) => groupPage(name, box);
  const G = { GroupName: name };
  const g = await iamAll('GetGroup', G, 'Users');
  const user = input('group-add-user', 'User name', { placeholder: 'user-name' });
  const del = busy(async () => {
    if (!sure(`Delete group ${name}?`)) return;
    const d = await query('iam', 'DeleteGroup', G);
    if (d.ok) location.hash = '#/iam/groups';
    else await reload(errorBox(d.error));
  });
  const rows = g.ok ? g.items.map((u) => [link('users', text(u, 'UserName')), h('td', { class: 'actions' }, h('button', { class: 'danger', onclick: busy(() => act('RemoveUserFromGroup', { ...G, UserName: text(u, 'UserName') }, `Removed ${text(u, 'UserName')}.`, reload)) }, 'Remove'))]) : [];
  mount(
    crumbs('groups', 'Groups', name),
    pageHead(name, 'IAM group', h('button', { class: 'danger', onclick: del }, 'Delete group')),
    flash ?? null,
    h('h2', {}, 'Members'),
    g.ok ? table(['User', ''], rows, 'No members.') : errorBox(g.error),
    h('div', { class: 'row' }, user, h('button', { onclick: busy(() => act('AddUserToGroup', { ...G, UserName: user.value.trim() }, `Added ${user.value.trim()}.`, reload)) }, 'Add user')),
    ...(await permissionsSection('group', G, reload)),
  );
}

// ---------------------------------------------------------------- roles

const TRUST_TEMPLATE = (acct) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: 'sts:AssumeRole' }] }, null, 2);

export async function rolesPage(flash, session) {
  const name = input('new-role', 'New role name', { placeholder: 'new-role-name' });
  const trust = jsonEditor('new-role-trust', 'Trust policy', TRUST_TEMPLATE(session?.accountId ?? '123456789012'), POLICY_CHECKS.trust);
  const create = busy(async () => {
    if (!trust.check()) return;
    const c = await query('iam', 'CreateRole', { RoleName: name.value.trim(), AssumeRolePolicyDocument: trust.area.value });
    await rolesPage(c.ok ? okBox(`Created role ${name.value.trim()}.`) : errorBox(c.error), session);
  });
  const list = await pagedTable(['Role name', 'ARN', 'Description', 'Created'], async (marker) => {
    const p = await iamPage('ListRoles', {}, 'Roles', marker);
    return p.ok ? { ok: true, next: p.next, rows: p.items.map((x) => [link('roles', text(x, 'RoleName')), h('code', { class: 'arn' }, text(x, 'Arn')), text(x, 'Description') || '—', when(text(x, 'CreateDate'))]) } : p;
  }, 'No roles.');
  mount(
    pageHead('Roles', 'IAM roles of this account'),
    flash ?? null,
    h('details', { class: 'panel' }, h('summary', {}, 'Create role'), field('Role name', name), trust.el, h('button', { class: 'primary', onclick: create, id: 'create-role' }, 'Create role')),
    list.el,
  );
}

export async function rolePage(name, flash) {
  const reload = (box) => rolePage(name, box);
  const R = { RoleName: name };
  const r = await query('iam', 'GetRole', R);
  const del = busy(async () => {
    if (!sure(`Delete role ${name}?`)) return;
    const d = await query('iam', 'DeleteRole', R);
    if (d.ok) location.hash = '#/iam/roles';
    else await reload(errorBox(d.error));
  });
  mount(
    crumbs('roles', 'Roles', name),
    pageHead(name, 'IAM role', h('button', { class: 'danger', onclick: del }, 'Delete role')),
    flash ?? null,
    r.ok
      ? h('section', { class: 'panel' }, kv([['ARN', h('code', {}, text(r.doc, 'Arn'))], ['Role ID', h('code', {}, text(r.doc, 'RoleId'))], ['Max session', h('span', { 'data-testid': 'max-session' }, `${text(r.doc, 'MaxSessionDuration') || 3600} s`)], ['Permissions boundary', text(r.doc, 'PermissionsBoundaryArn') || '—'], ['Created', when(text(r.doc, 'CreateDate'))]]))
      : errorBox(r.error),
    r.ok
      ? tabs('role', [
          ['Trust relationships', () => roleTrust(name, r.doc, reload)],
          ['Permissions', () => permissionsSection('role', R, reload)],
          ['Settings', () => roleSettings(name, r.doc, reload)],
          ['Revoke sessions', () => roleRevoke(name, reload)],
          ['Tags', () => tagsSection('role', R, reload)],
        ])
      : null,
  );
}

function roleTrust(name, doc, reload) {
  const ed = jsonEditor('trust-policy', 'Trust policy (who may assume this role)', prettyJson(text(doc, 'AssumeRolePolicyDocument')), POLICY_CHECKS.trust);
  const save = busy(async () => {
    if (!ed.check()) return;
    await act('UpdateAssumeRolePolicy', { RoleName: name, PolicyDocument: ed.area.value }, 'Trust policy updated.', reload);
  });
  return [ed.el, h('button', { class: 'primary', onclick: save, id: 'save-trust' }, 'Update trust policy')];
}

function roleSettings(name, doc, reload) {
  const max = h('input', { type: 'number', min: '3600', max: '43200', step: '60', id: 'max-session', value: text(doc, 'MaxSessionDuration') || '3600' });
  const desc = h('input', { id: 'role-description', value: text(doc, 'Description') });
  const boundary = h('input', { id: 'role-boundary', placeholder: 'arn:aws:iam::aws:policy/...', value: text(doc, 'PermissionsBoundaryArn') });
  return h('section', { class: 'panel' },
    field('Maximum session duration (seconds, 3600 to 43200)', max),
    field('Description', desc),
    h('button', { class: 'primary', id: 'save-role', onclick: busy(() => act('UpdateRole', { RoleName: name, MaxSessionDuration: max.value, Description: desc.value }, 'Role updated.', reload)) }, 'Save'),
    h('h2', {}, 'Permissions boundary'),
    field('Managed policy ARN used as the boundary', boundary),
    h('div', { class: 'row' },
      h('button', { onclick: busy(() => act('PutRolePermissionsBoundary', { RoleName: name, PermissionsBoundary: boundary.value.trim() }, 'Boundary set.', reload)) }, 'Set boundary'),
      h('button', { class: 'danger', onclick: busy(() => act('DeleteRolePermissionsBoundary', { RoleName: name }, 'Boundary removed.', reload)) }, 'Remove boundary')));
}

/**
 * "Revoke active sessions" as AWS's console does it: the inline policy AWSRevokeOlderSessions denies every
 * action to sessions whose aws:TokenIssueTime is before now.
 */
function roleRevoke(name, reload) {
  const revoke = busy(async () => {
    if (!sure(`Revoke every session of ${name} issued before now?`)) return;
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': new Date().toISOString() } } }] };
    await act('PutRolePolicy', { RoleName: name, PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: JSON.stringify(doc) }, 'Sessions issued before now are revoked (inline policy AWSRevokeOlderSessions).', reload);
  });
  return h('section', { class: 'panel' }, h('p', {}, 'Denies every action to the sessions of this role issued before now, by the inline policy AWSRevokeOlderSessions. New sessions are not affected.'), h('button', { class: 'danger', onclick: revoke, id: 'revoke-sessions' }, 'Revoke active sessions'));
}

// ---------------------------------------------------------------- policies

const POLICY_TEMPLATE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example-bucket' }] }, null, 2);

export async function policiesPage(scope = 'Local', flash) {
  const pick = h('select', { 'aria-label': 'Scope', id: 'policy-scope', onchange: (e) => policiesPage(e.target.value) },
    ['Local', 'AWS', 'All'].map((s) => h('option', { value: s, selected: s === scope }, s === 'Local' ? 'Customer managed' : s === 'AWS' ? 'AWS managed' : 'All')));
  const name = input('new-policy', 'New policy name', { placeholder: 'policy-name' });
  const ed = jsonEditor('new-policy-doc', 'Policy document', POLICY_TEMPLATE, POLICY_CHECKS.identity);
  const create = busy(async () => {
    if (!ed.check()) return;
    const c = await query('iam', 'CreatePolicy', { PolicyName: name.value.trim(), PolicyDocument: ed.area.value });
    await policiesPage(scope, c.ok ? okBox(`Created policy ${text(c.doc, 'Arn')}.`) : errorBox(c.error));
  });
  const list = await pagedTable(['Policy', 'Attachments', 'Default version', 'Updated'], async (marker) => {
    // Pages of 1,000 (IAM's largest): the AWS managed list alone is over a thousand long.
    const p = await iamPage('ListPolicies', { Scope: scope, MaxItems: 1000 }, 'Policies', marker);
    return p.ok ? { ok: true, next: p.next, rows: p.items.map((x) => [link('policies', text(x, 'Arn'), text(x, 'PolicyName')), text(x, 'AttachmentCount'), text(x, 'DefaultVersionId'), when(text(x, 'UpdateDate'))]) } : p;
  }, 'No policies in this scope.');
  mount(
    pageHead('Policies', 'Managed policies', pick),
    flash ?? null,
    h('details', { class: 'panel' }, h('summary', {}, 'Create policy'), field('Policy name', name), ed.el, h('button', { class: 'primary', onclick: create, id: 'create-policy' }, 'Create policy')),
    list.el,
  );
}

export async function policyPage(arn, flash) {
  const reload = (box) => policyPage(arn, box);
  const p = await query('iam', 'GetPolicy', { PolicyArn: arn });
  const version = p.ok ? text(p.doc, 'DefaultVersionId') : '';
  const [v, versions] = p.ok ? await Promise.all([query('iam', 'GetPolicyVersion', { PolicyArn: arn, VersionId: version }), iamAll('ListPolicyVersions', { PolicyArn: arn }, 'Versions')]) : [null, null];
  const local = !arn.startsWith('arn:aws:iam::aws:');
  const ed = jsonEditor('policy-doc', 'Policy document (saving creates a new version)', v?.ok ? prettyJson(text(v.doc, 'Document')) : '', POLICY_CHECKS.identity);
  const makeDefault = h('input', { type: 'checkbox', id: 'set-default', checked: true });
  const save = busy(async () => {
    if (!ed.check()) return;
    await act('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: ed.area.value, SetAsDefault: makeDefault.checked ? 'true' : 'false' }, 'New version saved.', reload);
  });
  const del = busy(async () => {
    if (!sure(`Delete policy ${arn}?`)) return;
    const d = await query('iam', 'DeletePolicy', { PolicyArn: arn });
    if (d.ok) location.hash = '#/iam/policies';
    else await reload(errorBox(d.error));
  });
  const vRows = versions?.ok
    ? versions.items.map((x) => {
        const id = text(x, 'VersionId');
        const isDefault = text(x, 'IsDefaultVersion') === 'true';
        return [h('code', {}, id), isDefault ? h('span', { class: 'badge yes' }, 'default') : '', when(text(x, 'CreateDate')), h('td', { class: 'actions' },
          local && !isDefault ? h('button', { onclick: busy(() => act('SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: id }, `${id} is now the default version.`, reload)), 'data-testid': `default-${id}` }, 'Set as default') : null, ' ',
          local && !isDefault ? h('button', { class: 'danger', onclick: busy(() => act('DeletePolicyVersion', { PolicyArn: arn, VersionId: id }, `Deleted ${id}.`, reload)) }, 'Delete') : null)];
      })
    : [];
  const title = text(p.doc, 'PolicyName') || arn;
  mount(
    crumbs('policies', 'Policies', title),
    pageHead(title, local ? 'Customer managed policy' : 'AWS managed policy', local ? h('button', { class: 'danger', onclick: del }, 'Delete policy') : null),
    flash ?? null,
    p.ok ? h('section', { class: 'panel' }, kv([['ARN', h('code', {}, arn)], ['Default version', h('span', { 'data-testid': 'default-version' }, version)], ['Attachments', text(p.doc, 'AttachmentCount')], ['Description', text(p.doc, 'Description') || '—']])) : errorBox(p.error),
    v ? (v.ok ? (local ? h('section', { class: 'panel' }, ed.el, h('div', { class: 'row' }, h('label', { class: 'check' }, makeDefault, 'Set as default'), h('button', { class: 'primary', onclick: save, id: 'save-policy' }, 'Save new version'))) : h('pre', { class: 'doc' }, ed.area.value)) : errorBox(v.error)) : null,
    versions ? h('h2', {}, 'Versions') : null,
    versions ? (versions.ok ? table(['Version', '', 'Created', ''], vRows, 'No versions.') : errorBox(versions.error)) : null,
    local ? await tagsSection('policy', { PolicyArn: arn }, reload) : null,
  );
}

// ---------------------------------------------------------------- identity providers

export async function providersPage(flash) {
  const reload = (box) => providersPage(box);
  const [saml, oidc] = await Promise.all([query('iam', 'ListSAMLProviders'), query('iam', 'ListOpenIDConnectProviders')]);
  const url = input('oidc-url', 'Provider URL', { placeholder: 'https://issuer.example.com' });
  const aud = input('oidc-audience', 'Audience (client ID)', { placeholder: 'sts.amazonaws.com' });
  const samlName = input('saml-name', 'SAML provider name', { placeholder: 'MyIdP' });
  const samlMeta = h('textarea', { id: 'saml-metadata', 'aria-label': 'SAML metadata document', placeholder: '<EntityDescriptor …>' });
  const row = (kind, arn) => [h('code', { class: 'arn' }, arn), kind, h('td', { class: 'actions' }, h('button', { class: 'danger', onclick: busy(async () => {
    if (sure(`Delete ${arn}?`)) await act(kind === 'SAML' ? 'DeleteSAMLProvider' : 'DeleteOpenIDConnectProvider', kind === 'SAML' ? { SAMLProviderArn: arn } : { OpenIDConnectProviderArn: arn }, `Deleted ${arn}.`, reload);
  }) }, 'Delete'))];
  const rows = [...(saml.ok ? all(saml.doc, 'Arn').map((a) => row('SAML', a.textContent)) : []), ...(oidc.ok ? all(oidc.doc, 'Arn').map((a) => row('OpenID Connect', a.textContent)) : [])];
  mount(
    pageHead('Identity providers', 'SAML 2.0 and OpenID Connect providers trusted by this account'),
    flash ?? null,
    saml.ok ? null : errorBox(saml.error),
    oidc.ok ? null : errorBox(oidc.error),
    table(['ARN', 'Type', ''], rows, 'No identity providers.'),
    h('details', { class: 'panel' }, h('summary', {}, 'Add an OpenID Connect provider'), field('Provider URL', url), field('Audience', aud),
      h('button', { class: 'primary', onclick: busy(() => act('CreateOpenIDConnectProvider', { Url: url.value.trim(), 'ClientIDList.member.1': aud.value.trim() }, 'Provider added.', reload)) }, 'Add provider')),
    h('details', { class: 'panel' }, h('summary', {}, 'Add a SAML provider'), field('Name', samlName), field('Metadata document', samlMeta),
      h('button', { class: 'primary', onclick: busy(() => act('CreateSAMLProvider', { Name: samlName.value.trim(), SAMLMetadataDocument: samlMeta.value }, 'Provider added.', reload)) }, 'Add provider')),
  );
}

// ---------------------------------------------------------------- account settings

const POLICY_FIELDS = [
  ['MinimumPasswordLength', 'Minimum length', 'number'],
  ['RequireUppercaseCharacters', 'Require an upper-case letter', 'bool'],
  ['RequireLowercaseCharacters', 'Require a lower-case letter', 'bool'],
  ['RequireNumbers', 'Require a number', 'bool'],
  ['RequireSymbols', 'Require a symbol', 'bool'],
  ['AllowUsersToChangePassword', 'Allow users to change their own password', 'bool'],
  ['MaxPasswordAge', 'Expire passwords after (days, empty: never)', 'number'],
  ['PasswordReusePrevention', 'Prevent reuse of the last N passwords', 'number'],
  ['HardExpiry', 'Expired passwords need an administrator reset', 'bool'],
];

export async function accountPage(flash) {
  const reload = (box) => accountPage(box);
  const [aliases, pol] = await Promise.all([query('iam', 'ListAccountAliases'), query('iam', 'GetAccountPasswordPolicy')]);
  const current = aliases.ok ? all(aliases.doc, 'member').map((m) => m.textContent) : [];
  const alias = input('account-alias', 'Account alias', { placeholder: 'my-company', value: current[0] ?? '' });
  const noPolicy = !pol.ok && pol.error.code === 'NoSuchEntity';
  const controls = POLICY_FIELDS.map(([k, label, type]) => {
    const v = pol.ok ? text(pol.doc, k) : '';
    const el = type === 'bool' ? h('input', { type: 'checkbox', id: `pp-${k}`, checked: v === 'true' }) : h('input', { type: 'number', min: '0', id: `pp-${k}`, value: v });
    return [k, type, el, type === 'bool' ? h('label', { class: 'check' }, el, label) : field(label, el)];
  });
  const savePolicy = busy(() => {
    const params = {};
    for (const [k, type, el] of controls) {
      if (type === 'bool') params[k] = el.checked ? 'true' : 'false';
      else if (el.value !== '') params[k] = el.value;
    }
    return act('UpdateAccountPasswordPolicy', params, 'Password policy saved.', reload);
  });
  mount(
    pageHead('Account settings', 'Account alias and the password policy of IAM users'),
    flash ?? null,
    h('h2', {}, 'Account alias'),
    aliases.ok
      ? h('section', { class: 'panel' }, h('p', { 'data-testid': 'alias' }, current.length ? `Alias: ${current[0]} (sign in with it instead of the account id)` : 'No alias.'),
          h('div', { class: 'row' }, alias, h('button', { onclick: busy(() => act('CreateAccountAlias', { AccountAlias: alias.value.trim() }, 'Alias set.', reload)) }, 'Set alias'),
            current.length ? h('button', { class: 'danger', onclick: busy(() => act('DeleteAccountAlias', { AccountAlias: current[0] }, 'Alias removed.', reload)) }, 'Remove alias') : null))
      : errorBox(aliases.error),
    h('h2', {}, 'Password policy'),
    pol.ok || noPolicy
      ? h('section', { class: 'panel' }, h('p', { 'data-testid': 'password-policy-state' }, noPolicy ? 'No password policy: IAM\'s defaults apply.' : 'A custom password policy applies.'), controls.map((c) => c[3]),
          h('div', { class: 'row' }, h('button', { class: 'primary', onclick: savePolicy, id: 'save-password-policy' }, 'Save password policy'),
            pol.ok ? h('button', { class: 'danger', onclick: busy(() => act('DeleteAccountPasswordPolicy', {}, 'Password policy removed.', reload)) }, 'Remove policy') : null))
      : errorBox(pol.error),
  );
}

