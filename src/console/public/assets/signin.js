// The sign-in page: IAM user (account + name + password [+ MFA]) or root (access key [+ MFA]).
const $ = (id) => document.getElementById(id);
let kind = 'user';

function setKind(k) {
  kind = k;
  $('tab-user').classList.toggle('active', k === 'user');
  $('tab-root').classList.toggle('active', k === 'root');
  $('tab-user').setAttribute('aria-selected', String(k === 'user'));
  $('tab-root').setAttribute('aria-selected', String(k === 'root'));
  $('signin-form').setAttribute('aria-labelledby', `tab-${k}`);
  $('reset-fields').classList.add('hidden');
  $('user-fields').classList.toggle('hidden', k !== 'user');
  $('root-fields').classList.toggle('hidden', k !== 'root');
  for (const id of ['account', 'userName', 'password']) $(id).required = k === 'user';
  for (const id of ['accessKeyId', 'secretAccessKey']) $(id).required = k === 'root';
  $('mfa-fields').classList.add('hidden');
  $('error').classList.add('hidden');
}

const params = new URLSearchParams(location.search);
const notice = params.has('expired') ? 'Your session has ended. Sign in again.' : params.has('loggedout') ? 'You have signed out.' : '';
if (notice) {
  $('notice').textContent = notice;
  $('notice').classList.remove('hidden');
}
$('tab-user').addEventListener('click', () => setKind('user'));
$('tab-root').addEventListener('click', () => setKind('root'));

$('signin-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = { kind };
  for (const el of e.target.querySelectorAll('input')) if (el.value && el.name !== 'confirmPassword') data[el.name] = el.value;
  if (!$('reset-fields').classList.contains('hidden') && $('newPassword').value !== $('confirmPassword').value) {
    $('error').textContent = 'The new passwords do not match.';
    $('error').classList.remove('hidden');
    return;
  }
  $('submit').disabled = true;
  try {
    const r = await fetch('/_console/api/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tessera-console': '1' },
      body: JSON.stringify(data),
    });
    const body = await r.json();
    if (r.ok) {
      location.href = body.redirect;
      return;
    }
    if (body.passwordResetRequired) {
      const first = $('reset-fields').classList.contains('hidden');
      $('reset-fields').classList.remove('hidden');
      $('newPassword').required = true;
      $('confirmPassword').required = true;
      if (first) $('newPassword').focus();
    }
    if (body.mfaRequired) {
      $('mfa-fields').classList.remove('hidden');
      $('mfaCode').required = true;
      if (!body.passwordResetRequired) $('mfaCode').focus();
    }
    $('error').textContent = (body.code ? `${body.code}: ` : '') + (body.message || 'Sign-in failed.');
    $('error').classList.remove('hidden');
  } catch {
    $('error').textContent = 'The server could not be reached.';
    $('error').classList.remove('hidden');
  } finally {
    $('submit').disabled = false;
  }
});
