// Home: who you are (from the console session, and from STS GetCallerIdentity through the pipeline).
import { query, text } from './api.js';
import { h, kv, mount, pageHead, errorBox } from './ui.js';

const kindName = { 'assumed-role': 'Role session', user: 'IAM user', root: 'Account root', 'federated-user': 'Federated user' };

export async function homePage(s) {
  const who = await query('sts', 'GetCallerIdentity');
  const principal = s.type === 'assumed-role' ? `${s.roleName} (session ${s.sessionName})` : s.userName ?? s.arn;
  // No MFA on a password (or root key) sign-in means no device: offer the enrolment right away.
  const enrol = (s.issuedBy === 'ConsoleSignIn' && !s.mfa)
    ? h('div', { class: 'alert todo', role: 'note', 'data-testid': 'mfa-prompt' }, 'You signed in without MFA: no MFA device is assigned to you. ', h('a', { href: '#/iam/me' }, 'Assign a virtual MFA device now'), ' — the next sign-in will ask for its code.')
    : null;
  mount(
    enrol,
    pageHead('Console home', `Signed in as ${kindName[s.type] ?? s.type}: ${principal}`),
    h('div', { class: 'grid' },
      h('section', { class: 'panel', 'data-testid': 'identity' },
        h('h2', {}, 'Who you are'),
        kv([
          ['ARN', h('code', { 'data-testid': 'arn' }, s.arn)],
          ['Account', h('code', {}, s.accountId)],
          ['Principal type', kindName[s.type] ?? s.type],
          ['Session expires', `${new Date(s.expiresAt).toLocaleString()}`],
          ['MFA', h('span', { class: `badge ${s.mfa ? 'yes' : 'no'}`, 'data-testid': 'mfa' }, s.mfa ? 'yes' : 'no')],
          ['Credentials from', s.issuedBy ?? '—'],
          ...(s.issuer ? [['Issuer', h('code', {}, s.issuer)]] : []),
        ])),
      h('section', { class: 'panel' },
        h('h2', {}, 'sts:GetCallerIdentity'),
        who.ok ? kv([['UserId', h('code', {}, text(who.doc, 'UserId'))], ['Account', h('code', {}, text(who.doc, 'Account'))], ['Arn', h('code', {}, text(who.doc, 'Arn'))]]) : errorBox(who.error),
        h('p', { class: 'hint' }, 'Every page runs with this session\'s own permissions: the console signs each request with the session\'s temporary credentials.'))),
    h('section', { class: 'panel' },
      h('h2', {}, 'Go to'),
      h('div', { class: 'row' },
        h('a', { class: 'button', href: '#/s3' }, 'S3 buckets'),
        h('a', { class: 'button', href: '#/iam/users' }, 'IAM users'),
        h('a', { class: 'button', href: '#/iam/roles' }, 'IAM roles'),
        h('a', { class: 'button', href: '#/iam/groups' }, 'IAM groups'),
        h('a', { class: 'button', href: '#/iam/policies' }, 'Policies'),
        h('a', { class: 'button', href: '#/iam/account' }, 'Account settings'),
        h('a', { class: 'button', href: '#/iam/me' }, 'My credentials & MFA'),
        h('a', { class: 'button', href: '#/simulator' }, 'Policy simulator'))),
  );
}
