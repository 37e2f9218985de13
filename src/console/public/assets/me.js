// My security credentials: your own access keys and enrolling your own virtual MFA device (QR code, two
// consecutive codes), all as IAM calls made with this session.
import { all, query, text } from './api.js';
import { errorBox, h, kv, mount, okBox, pageHead, table, when } from './ui.js';

export async function myCredentialsPage(s, flash) {
  const reload = (box) => myCredentialsPage(s, box);
  if (s.type !== 'user' && s.type !== 'root') {
    mount(pageHead('My security credentials'), h('div', { class: 'panel' }, `You are signed in as a ${s.type} session (${s.arn}). Role and federated sessions have no access keys or MFA devices of their own; their credentials come from STS.`));
    return;
  }
  const userParam = s.type === 'user' ? { UserName: s.userName } : {};
  const [keys, mfa] = await Promise.all([query('iam', 'ListAccessKeys', userParam), query('iam', 'ListMFADevices', userParam)]);
  const createKey = async () => {
    const c = await query('iam', 'CreateAccessKey', userParam);
    if (!c.ok) return reload(errorBox(c.error));
    await reload(h('div', { class: 'alert ok' }, 'New access key — copy the secret now, it is not shown again. ', kv([['Access key ID', h('code', {}, text(c.doc, 'AccessKeyId'))], ['Secret access key', h('code', {}, text(c.doc, 'SecretAccessKey'))]])));
  };
  const keyRows = keys.ok
    ? all(keys.doc, 'member').map((k) => {
        const id = text(k, 'AccessKeyId');
        return [h('code', {}, id), text(k, 'Status'), when(text(k, 'CreateDate')), h('td', { class: 'actions' }, h('button', { class: 'danger', onclick: async () => {
          if (!confirm(`Delete access key ${id}?`)) return;
          const d = await query('iam', 'DeleteAccessKey', { ...userParam, AccessKeyId: id });
          await reload(d.ok ? okBox(`Deleted ${id}.`) : errorBox(d.error));
        } }, 'Delete'))];
      })
    : [];
  const devices = mfa.ok ? all(mfa.doc, 'member') : [];
  mount(
    pageHead('My security credentials', s.arn),
    flash ?? null,
    h('h2', {}, 'Access keys'),
    keys.ok ? table(['Access key ID', 'Status', 'Created', ''], keyRows, 'No access keys.') : errorBox(keys.error),
    h('div', { class: 'row' }, h('button', { onclick: createKey }, 'Create access key')),
    h('h2', {}, 'Multi-factor authentication'),
    mfa.ok ? table(['Serial number', 'Enabled'], devices.map((d) => [h('code', {}, text(d, 'SerialNumber')), when(text(d, 'EnableDate'))]), 'No MFA device assigned.') : errorBox(mfa.error),
    devices.length === 0 ? enrollPanel(s, userParam, reload) : null,
  );
}

function enrollPanel(s, userParam, reload) {
  const name = h('input', { value: s.type === 'user' ? s.userName : 'root-mfa', 'aria-label': 'Device name', id: 'mfa-name' });
  const area = h('div', {});
  const start = async () => {
    const c = await query('iam', 'CreateVirtualMFADevice', { VirtualMFADeviceName: name.value.trim() });
    if (!c.ok) return area.replaceChildren(errorBox(c.error));
    const serial = text(c.doc, 'SerialNumber');
    const code1 = h('input', { inputmode: 'numeric', maxlength: '6', placeholder: 'First code', id: 'mfa-code1' });
    const code2 = h('input', { inputmode: 'numeric', maxlength: '6', placeholder: 'Next code', id: 'mfa-code2' });
    const result = h('div', {});
    const enable = async () => {
      const e = await query('iam', 'EnableMFADevice', { ...userParam, SerialNumber: serial, AuthenticationCode1: code1.value.trim(), AuthenticationCode2: code2.value.trim() });
      if (e.ok) await reload(okBox(`MFA device ${serial} is now enabled. Sign in again to get an MFA session.`));
      else result.replaceChildren(errorBox(e.error));
    };
    area.replaceChildren(
      h('div', { class: 'grid' },
        h('div', {}, h('img', { class: 'qr', alt: 'QR code for your authenticator app', src: `data:image/png;base64,${text(c.doc, 'QRCodePNG')}`, 'data-testid': 'mfa-qr' })),
        h('div', {},
          kv([['Serial number', h('code', {}, serial)], ['Secret (if you cannot scan)', h('code', {}, atob(text(c.doc, 'Base32StringSeed')))]]),
          h('p', { class: 'hint' }, 'Scan the code with an authenticator app, then enter two consecutive codes.'),
          h('div', { class: 'row' }, code1, code2, h('button', { class: 'primary', onclick: enable }, 'Enable MFA')),
          result)),
    );
  };
  return h('section', { class: 'panel' }, h('h2', {}, 'Assign a virtual MFA device'), h('div', { class: 'row' }, name, h('button', { class: 'primary', onclick: start }, 'Create device')), area);
}
